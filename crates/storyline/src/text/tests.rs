//! Tests of language identification, sentences and tokens on short texts
//! about invented events.

use super::*;

/// The sentences of `text` as strings, split with `lang`'s resources.
/// The language code of each sentence of `text` as analysed.
fn sentence_languages(text: &str) -> Vec<&'static str> {
    analyze_text(text, None).sentences.iter().map(|s| s.language.code()).collect()
}

fn split(text: &str, lang: Lang) -> Vec<&str> {
    sentences(text, lang)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

#[test]
fn english_titles_initials_and_acronyms_do_not_end_sentences() {
    let text = "Gen. Harlan Voss met Col. Edith Marsh in Port Ellery on Monday. \
                Mr. J. R. Tolland, a U.S. envoy, joined them at 3.5 km from the border. \
                Dr. Amina Selk said talks would resume. The U.N. team left at 6 p.m. on Tuesday.";
    assert_eq!(
        split(text, Lang::EN),
        vec![
            "Gen. Harlan Voss met Col. Edith Marsh in Port Ellery on Monday.",
            "Mr. J. R. Tolland, a U.S. envoy, joined them at 3.5 km from the border.",
            "Dr. Amina Selk said talks would resume.",
            "The U.N. team left at 6 p.m. on Tuesday.",
        ]
    );
}

#[test]
fn abbreviation_at_sentence_end_breaks_before_an_opener() {
    let text = "The delegation flew back to the U.S. The talks had failed. \
                They bought grain, rice, oil etc. They paid in cash.";
    assert_eq!(
        split(text, Lang::EN),
        vec![
            "The delegation flew back to the U.S.",
            "The talks had failed.",
            "They bought grain, rice, oil etc.",
            "They paid in cash.",
        ]
    );
}

#[test]
fn quotes_ellipses_and_question_marks() {
    let text = "\"We will not leave,\" said the mayor. \"The bridge stays open.\" \
                Was it enough? Nobody knew... The river kept rising! Then it stopped.";
    assert_eq!(
        split(text, Lang::EN),
        vec![
            "\"We will not leave,\" said the mayor.",
            "\"The bridge stays open.\"",
            "Was it enough?",
            "Nobody knew...",
            "The river kept rising!",
            "Then it stopped.",
        ]
    );
}

#[test]
fn headlines_and_paragraphs_end_sentences() {
    let text = "Floods cut off Marlow Valley\nRescue teams reached 1 500 people by boat \
                on Friday\n\nThe dam held\nbut the road was lost.";
    assert_eq!(
        split(text, Lang::EN),
        vec![
            "Floods cut off Marlow Valley",
            "Rescue teams reached 1 500 people by boat on Friday",
            "The dam held\nbut the road was lost.",
        ]
    );
}

#[test]
fn hard_wrapped_line_after_abbreviation_stays_joined() {
    let text = "The report was signed by Dr.\nOlsen and Gen.\nRask on Monday.";
    assert_eq!(split(text, Lang::EN), vec![text]);
}

#[test]
fn swedish_abbreviations() {
    let text = "Bl.a. deltog gen. Lind i mötet i onsdags. Man diskuterade t.ex. vattnet, \
                skolorna m.m. Polisen grep 1 500 personer. Kl. 14 började demonstrationen.";
    assert_eq!(
        split(text, Lang::SV),
        vec![
            "Bl.a. deltog gen. Lind i mötet i onsdags.",
            "Man diskuterade t.ex. vattnet, skolorna m.m.",
            "Polisen grep 1 500 personer.",
            "Kl. 14 började demonstrationen.",
        ]
    );
}

#[test]
fn french_titles_and_initials() {
    let text = "M. Dupreau et Mme Castel ont rencontré le Gal. Brisac à Vaulnes. \
                « Nous resterons », a déclaré M. Dupreau. L'armée a quitté la ville le 3 mai.";
    assert_eq!(
        split(text, Lang::FR),
        vec![
            "M. Dupreau et Mme Castel ont rencontré le Gal. Brisac à Vaulnes.",
            "« Nous resterons », a déclaré M. Dupreau.",
            "L'armée a quitté la ville le 3 mai.",
        ]
    );
}

#[test]
fn german_ordinal_dates_and_abbreviations() {
    let text = "Am 27. Juli besetzten Soldaten z.B. den Sender in Kellbach. \
                Dr. Hanna Roth sprach von 1.500 Festnahmen. Die Lage blieb ruhig. \
                Das Treffen endete 2019. Danach kam nichts.";
    assert_eq!(
        split(text, Lang::DE),
        vec![
            "Am 27. Juli besetzten Soldaten z.B. den Sender in Kellbach.",
            "Dr. Hanna Roth sprach von 1.500 Festnahmen.",
            "Die Lage blieb ruhig.",
            "Das Treffen endete 2019.",
            "Danach kam nichts.",
        ]
    );
}

#[test]
fn spanish_titles_and_inverted_marks() {
    let text = "El Sr. Ortega y la Dra. Villalba llegaron a EE.UU. el lunes. \
                ¿Habrá acuerdo? El Gral. Pardo no respondió.";
    assert_eq!(
        split(text, Lang::ES),
        vec![
            "El Sr. Ortega y la Dra. Villalba llegaron a EE.UU. el lunes.",
            "¿Habrá acuerdo?",
            "El Gral. Pardo no respondió.",
        ]
    );
}

#[test]
fn offsets_are_bytes_into_the_text_as_given() {
    let text =
        "  Élodie Brisac — « déçue » — a quitté Vaulnes.\n\nÄnnu en gång: skörden förstördes.";
    let analysis = analyze_text(text, Some(Lang::FR));
    for s in &analysis.sentences {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
    assert_eq!(
        &text[analysis.sentences[0].start..analysis.sentences[0].end],
        "Élodie Brisac — « déçue » — a quitté Vaulnes."
    );
    let words: Vec<&str> = analysis
        .tokens
        .iter()
        .map(|t| &text[t.start..t.end])
        .collect();
    assert_eq!(
        &words[..6],
        &["Élodie", "Brisac", "déçue", "a", "quitté", "Vaulnes"]
    );
    assert!(words.contains(&"Ännu") && words.contains(&"skörden"));
    for t in &analysis.tokens {
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
    }
}

#[test]
fn tokens_have_stems_and_stop_words_in_their_sentence_language() {
    let text = "The farmers were protesting against the new taxes. \
                They blocked the roads into the capital for most of the day. \
                Les agriculteurs manifestaient contre les nouvelles taxes du gouvernement.";
    let analysis = analyze_text(text, None);
    assert_eq!(analysis.language, Lang::EN);
    assert_eq!(analysis.sentences[2].language, Lang::FR);
    let tok = |w: &str| {
        analysis
            .tokens
            .iter()
            .find(|t| &text[t.start..t.end] == w)
            .unwrap_or_else(|| panic!("{w}"))
    };
    assert_eq!(tok("farmers").stem, "farmer");
    assert_eq!(tok("protesting").stem, "protest");
    assert!(tok("The").stop && tok("the").stop && !tok("taxes").stop);
    assert_eq!(tok("agriculteurs").stem, "agriculteur");
    assert!(tok("Les").stop && tok("du").stop && !tok("gouvernement").stop);
}

#[test]
fn french_elisions_are_split_off() {
    let text = "L'armée a pris d'assaut l’aéroport jusqu'à midi.";
    let analysis = analyze_text(text, Some(Lang::FR));
    let words: Vec<&str> = analysis
        .tokens
        .iter()
        .map(|t| &text[t.start..t.end])
        .collect();
    assert_eq!(
        words,
        vec![
            "L'",
            "armée",
            "a",
            "pris",
            "d'",
            "assaut",
            "l’",
            "aéroport",
            "jusqu'",
            "à",
            "midi"
        ]
    );
    assert!(analysis.tokens[0].stop, "l' is a stop word");
    assert_eq!(analysis.tokens[0].stem, "l");
}

#[test]
fn generic_languages_get_identification_and_lowercase_tokens() {
    let text = "De boeren in de provincie protesteerden woensdag tegen de nieuwe regels \
                van de regering. Zij blokkeerden met hun trekkers de wegen naar de stad.";
    let analysis = analyze_text(text, None);
    assert_eq!(analysis.language.code(), "nl");
    assert!(analysis.sentences.iter().all(|s| s.language.code() == "nl"));
    let t = analysis
        .tokens
        .iter()
        .find(|t| &text[t.start..t.end] == "De")
        .unwrap();
    assert!(t.stop);
    assert_eq!(t.stem, "de");
}

#[test]
fn undetermined_text_is_unknown() {
    assert_eq!(detect_language("12 345 — 67,8 %"), Lang::UNKNOWN);
    assert_eq!(detect_language(""), Lang::UNKNOWN);
    // A league table: many words, no function word of any language.
    let table = "Harbury 4 3 0 1 9 Lindell 4 2 1 1 7 Oxmoor 3 2 1 0 7 Pellham 3 1 1 1 4 \
                 Quarrytown 2 0 1 1 1 Redvale 2 0 0 2 0 Stonebridge 1 0 0 1 0 Tamworth 1 1 0 0 3 \
                 Upfield 2 1 0 1 3 Varney 2 0 2 0 2 Westmore 3 0 1 2 1 Yalding 1 0 1 0 1";
    assert_eq!(detect_language(table), Lang::UNKNOWN);
}

#[test]
fn short_swedish_fragment_keeps_document_language() {
    let text = "Regeringen i Stockholm meddelade att bron öppnas igen. I onsdags. \
                Trafiken har legat nere sedan olyckan.";
    let analysis = analyze_text(text, None);
    assert_eq!(analysis.language, Lang::SV);
    assert!(
        analysis.sentences.iter().all(|s| s.language == Lang::SV),
        "{:?}",
        analysis.sentences
    );
}

#[test]
fn english_report_quoting_french_marks_french_sentences() {
    let text = "Protesters gathered outside the parliament in Vaulnes on Tuesday. \
                \"Nous ne partirons pas tant que le gouvernement ne nous aura pas entendus.\" \
                The interior minister said the police would not intervene. \
                \"C'est une honte pour notre pays et pour la démocratie\", a déclaré une manifestante. \
                Dr. Amina Selk, who leads the group, said the talks would resume on Friday.";
    assert_eq!(analyze_text(text, None).language, Lang::EN);
    assert_eq!(sentence_languages(text), vec!["en", "fr", "en", "fr", "en"]);
}

#[test]
fn fast_segmentation_matches_unicode_segmentation() {
    use unicode_segmentation::UnicodeSegmentation;
    let text = "(Élodie) l'armée, don't 3.5 km; U.S.-made «déçue» — _snake_case_ 1,500.\n\
                \"Quoted,\" he said... z.B. am 27. Juli 1 500 e-mail test_ x.y ¿Qué? «Non» ‘ok’";
    let mut ours = Vec::new();
    tokens::for_each_segment(text, |i, s, word| {
        assert_eq!(word, tokens::is_word(s));
        ours.push((i, s));
    });
    let theirs: Vec<(usize, &str)> = text
        .split_word_bound_indices()
        .filter(|(_, s)| !s.chars().all(|c| c.is_ascii_whitespace()))
        .collect();
    assert_eq!(ours, theirs);
}

#[test]
fn analyze_text_tokens_match_tokens_of_its_sentences() {
    let text =
        "L'armée a pris l'aéroport. The U.S. envoy, Mr. J. R. Tolland, left.\n\nBl.a. i onsdags.";
    let a = analyze_text(text, None);
    assert_eq!(a.tokens, tokens(text, &a.sentences));
}

#[test]
fn a_quote_over_several_sentences_keeps_its_language() {
    let text = "The opposition leader posted a statement late on Monday.\n\n\
                Nous ne reculerons devant rien pour défendre nos droits. Vive la République, \
                vive le peuple.\n\n\
                Police did not comment. The statement was shared thousands of times.";
    assert_eq!(analyze_text(text, None).language, Lang::EN);
    assert_eq!(sentence_languages(text), vec!["en", "fr", "fr", "en", "en"]);
}

#[test]
fn a_short_english_sentence_after_a_french_quote_returns_to_english() {
    let text = "\"Nous ne céderons jamais devant les menaces de ce gouvernement.\" He then left the room. \
                The meeting ended an hour later without an agreement on the budget.";
    assert_eq!(sentence_languages(text), vec!["fr", "en", "en"]);
}

#[test]
fn acronyms_are_not_function_words() {
    // "CAN" and "US" are not the English "can" and "us".
    let text = "La delegación de CAN y US llegó el lunes a Valdora. \
                Marta Ruiz (CAN) a Pedro Gil (US), 6-1, 6-3.";
    let analysis = analyze_text(text, Some(Lang::ES));
    assert!(
        analysis.sentences.iter().all(|s| s.language == Lang::ES),
        "{:?}",
        analysis.sentences
    );
}

#[test]
fn resources_parse_for_every_language() {
    for lang in crate::lang::FULL {
        let r = resources::for_lang(lang).expect("resources");
        assert!(
            !r.titles.is_empty() && !r.abbreviations.is_empty(),
            "{lang}"
        );
    }
}

/// Accuracy of sentence language identification on sentences written for
/// this test, within documents of each full language and with quotes.
#[test]
fn sentence_language_accuracy() {
    let (right, total, misses) = accuracy::measure();
    eprintln!("sentence language accuracy: {right}/{total}");
    for m in &misses {
        eprintln!("  miss: {m}");
    }
    assert!(right * 100 >= total * 95, "{right}/{total}: {misses:#?}");
}

mod accuracy;
