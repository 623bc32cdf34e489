//! Tests: short invented articles in every language and quoting style.

use super::*;

/// One sentence per line, each in the given language (or all in `lang`).
fn lines(text: &str, lang: Lang) -> Vec<Sentence> {
    langs(text, &[lang])
}

/// One sentence per line; line n gets `langs[n]` (the last one repeats).
fn langs(text: &str, langs: &[Lang]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (n, line) in text.split('\n').enumerate() {
        let end = start + line.len();
        if !line.trim().is_empty() {
            out.push(Sentence { start, end, language: langs[n.min(langs.len() - 1)] });
        }
        start = end + 1;
    }
    out
}

fn run(text: &str, lang: Lang) -> Vec<Quote> {
    extract(text, &lines(text, lang), &[])
}

fn find<'a>(qs: &'a [Quote], starts: &str) -> &'a Quote {
    qs.iter()
        .find(|q| q.text.starts_with(starts))
        .unwrap_or_else(|| panic!("no quote starting {starts:?} in {qs:#?}"))
}

fn speaker(q: &Quote) -> &str {
    q.speaker.as_ref().map_or("", |s| s.text.as_str())
}

fn cue(q: &Quote) -> &str {
    q.cue.as_ref().map_or("", |c| c.text.as_str())
}

fn spans_ok(text: &str, qs: &[Quote]) {
    for q in qs {
        assert_eq!(&text[q.start..q.end], q.text);
        if let Some(s) = &q.speaker {
            assert_eq!(&text[s.start..s.end], s.text);
        }
        if let Some(c) = &q.cue {
            assert_eq!(&text[c.start..c.end], c.text);
        }
    }
}

// ---------- English ----------

const EN: &str = "Harbour Minister Elena Varga opened the new port in Velmar on Tuesday.
Mr Otto Brandt, the harbour master, watched from the quay.
“This port belongs to everyone,” she said.
“We will rebuild the old bridge by spring,” said Mayor Tom Okafor.
Okafor told reporters on Tuesday that the bridge would open in May.
“The ferry will run again on Monday,” the transport ministry said.
“We were never told,” one of the residents said.
The minister later said that the dredging had ended.
A doctor described the injured diver as stable and 'in good spirits' after surgery.
The so-called \"peace plan\" for the port was rejected.
“The first crane arrived in March.
“The second one came a week later,” said Brandt.
“The ship sank in minutes,” according to Captain Ana Ruiz.";

#[test]
fn english_direct_quote_with_title_and_name_after_cue() {
    let qs = run(EN, Lang::EN);
    spans_ok(EN, &qs);
    let q = find(&qs, "We will rebuild");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker(q), "Tom Okafor");
    assert_eq!(q.speaker.as_ref().unwrap().title.as_deref(), Some("Mayor"));
    assert_eq!(cue(q), "said");
    assert_eq!(q.text, "We will rebuild the old bridge by spring,");
}

#[test]
fn english_pronoun_resolves_to_person_of_matching_gender() {
    let qs = run(EN, Lang::EN);
    let q = find(&qs, "This port");
    let s = q.speaker.as_ref().unwrap();
    assert_eq!(s.text, "Elena Varga", "Mr Otto Brandt is nearer but male");
    assert_eq!(s.via.as_ref().unwrap().text, "she");
}

#[test]
fn english_description_resolves_through_title() {
    let qs = run(EN, Lang::EN);
    let q = find(&qs, "the dredging");
    assert_eq!(q.kind, QuoteKind::Reported);
    assert_eq!(speaker(q), "Elena Varga");
    assert_eq!(q.speaker.as_ref().unwrap().via.as_ref().unwrap().text, "The minister");
}

#[test]
fn english_organisation_and_unnamed_speakers() {
    let qs = run(EN, Lang::EN);
    let q = find(&qs, "The ferry");
    assert_eq!(speaker(q), "the transport ministry");
    assert_eq!(q.speaker.as_ref().unwrap().kind, SpeakerKind::Organisation);
    let q = find(&qs, "We were never told");
    assert_eq!(speaker(q), "one of the residents");
    assert_eq!(q.speaker.as_ref().unwrap().kind, SpeakerKind::Description);
}

#[test]
fn english_reported_speech_keeps_content_span() {
    let qs = run(EN, Lang::EN);
    let q = find(&qs, "the bridge would open");
    assert_eq!(q.text, "the bridge would open in May");
    assert_eq!(q.kind, QuoteKind::Reported);
    assert_eq!(speaker(q), "Okafor");
    assert_eq!(cue(q), "told");
}

#[test]
fn english_partial_quote_and_no_scare_quotes() {
    let qs = run(EN, Lang::EN);
    let q = find(&qs, "in good spirits");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert_eq!(cue(q), "described");
    assert_eq!(speaker(q), "A doctor");
    assert!(!qs.iter().any(|q| q.text.contains("peace plan")), "a scare quote is not a quotation");
}

#[test]
fn english_multi_paragraph_quote_and_according_to() {
    let qs = run(EN, Lang::EN);
    let q = find(&qs, "The first crane");
    assert!(q.text.ends_with("a week later,"));
    assert_eq!(speaker(q), "Brandt");
    let q = find(&qs, "The ship sank");
    assert_eq!(speaker(q), "Ana Ruiz");
    assert_eq!(cue(q), "according to");
}

#[test]
fn english_embedded_post_names_the_account_holder() {
    let t = "The mayor posted this on Wednesday:\n\nWe will rebuild.\n\nThank you all for your help. — Tom Okafor (@tomokafor) March 3, 2031 ×\n\nThe post was shared widely.";
    let qs = run(t, Lang::EN);
    spans_ok(t, &qs);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].text, "We will rebuild.\n\nThank you all for your help.");
    assert_eq!(speaker(&qs[0]), "Tom Okafor");
    assert_eq!(qs[0].date.as_ref().unwrap().text, "March 3, 2031");
}

#[test]
fn quote_language_follows_its_own_sentences() {
    let t = "Minister Elena Varga wrote on the network that the port is open.\n\nLe port est ouvert à tous. — Elena Varga (@evarga) June 2, 2031";
    let qs = extract(t, &langs(t, &[Lang::EN, Lang::EN, Lang::FR]), &[]);
    let q = find(&qs, "Le port");
    assert_eq!(q.language, Lang::FR);
    assert_eq!(speaker(q), "Elena Varga");
    let r = find(&qs, "the port is open");
    assert_eq!(r.language, Lang::EN);
    assert_eq!(r.kind, QuoteKind::Reported);
}

#[test]
fn entities_are_used_when_given() {
    let t = "“Prices will fall,” Acme Shipping said.";
    let ents = vec![EntityMention {
        start: t.find("Acme").unwrap(),
        end: t.find(" said").unwrap(),
        text: "Acme Shipping".into(),
        kind: crate::extract::EntityType::Organisation,
        role: None,
    }];
    let qs = extract(t, &lines(t, Lang::EN), &ents);
    assert_eq!(speaker(&qs[0]), "Acme Shipping");
    assert_eq!(qs[0].speaker.as_ref().unwrap().kind, SpeakerKind::Organisation);
}

// ---------- Swedish ----------

const SV: &str = "Hamnminister Eva Lind besökte Karlsvik på måndagen.
– Om ni hör mig tala om en kris är det för att vi inte är klara. Vi fortsätter i morgon, sade hon.
”Vi bygger om bron”, säger borgmästaren Per Ek.
»Det är över», sade han.
Ek sade att bygget börjar i maj.
Polisen uppger att ingen skadades.
Utrikesminister Karin Berg har under fredagen sagt till medierna att kaptenen är ”vid god hälsa och vaken”.
– Ner med tullarna. Vi vill ha fri handel, sade en av deltagarna till tidningen.";

#[test]
fn swedish_dialogue_dash_with_pronoun_after_cue() {
    let qs = run(SV, Lang::SV);
    spans_ok(SV, &qs);
    let q = find(&qs, "Om ni hör mig");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.text, "Om ni hör mig tala om en kris är det för att vi inte är klara. Vi fortsätter i morgon");
    assert_eq!(cue(q), "sade");
    assert_eq!(speaker(q), "Eva Lind");
    assert_eq!(q.language, Lang::SV);
}

#[test]
fn swedish_quote_marks_and_role_before_name() {
    let qs = run(SV, Lang::SV);
    let q = find(&qs, "Vi bygger");
    assert_eq!(speaker(q), "Per Ek");
    assert_eq!(cue(q), "säger");
    let q = find(&qs, "Det är över");
    assert_eq!(cue(q), "sade");
    assert_eq!(speaker(q), "Per Ek");
}

#[test]
fn swedish_reported_speech_and_organisation() {
    let qs = run(SV, Lang::SV);
    let q = find(&qs, "bygget börjar");
    assert_eq!(q.kind, QuoteKind::Reported);
    assert_eq!(speaker(q), "Ek");
    let q = find(&qs, "ingen skadades");
    assert_eq!(speaker(q), "Polisen");
    assert_eq!(q.speaker.as_ref().unwrap().kind, SpeakerKind::Organisation);
}

#[test]
fn swedish_partial_inside_reported_speech() {
    let qs = run(SV, Lang::SV);
    let q = find(&qs, "vid god hälsa");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert_eq!(speaker(q), "Karin Berg");
    let r = find(&qs, "kaptenen är");
    assert_eq!(r.kind, QuoteKind::Reported);
    assert_eq!(speaker(r), "Karin Berg");
}

#[test]
fn swedish_unnamed_participant_keeps_description() {
    let qs = run(SV, Lang::SV);
    let q = find(&qs, "Ner med tullarna");
    assert_eq!(q.text, "Ner med tullarna. Vi vill ha fri handel");
    let s = q.speaker.as_ref().unwrap();
    assert_eq!(s.text, "en av deltagarna");
    assert_eq!(s.kind, SpeakerKind::Description);
    assert!(s.via.is_none());
}

// ---------- French ----------

const FR: &str = "La ministre de la Mer, Mme Claire Dubois, est arrivée à Port-Neuf lundi.
M. Marc Leroy, le préfet, l'accompagnait.
« Nous ne céderons pas », a déclaré Claire Dubois.
« Le port rouvrira lundi », a-t-elle ajouté.
Le ministère a affirmé que les travaux reprendraient en juin.
Elle a précisé qu’aucun navire ne partirait avant l'été.
— Nous resterons ici, dit l'un des pêcheurs. Personne ne nous chassera.";

#[test]
fn french_guillemets_with_spacing_and_inverted_pronoun() {
    let qs = run(FR, Lang::FR);
    spans_ok(FR, &qs);
    let q = find(&qs, "Nous ne céderons");
    assert_eq!(q.text, "Nous ne céderons pas");
    assert_eq!(speaker(q), "Claire Dubois");
    assert_eq!(cue(q), "déclaré");
    let q = find(&qs, "Le port rouvrira");
    assert_eq!(cue(q), "ajouté");
    let s = q.speaker.as_ref().unwrap();
    assert_eq!(s.via.as_ref().unwrap().text, "elle");
    assert!(s.text.contains("Dubois"), "elle skips M. Marc Leroy: {s:?}");
}

#[test]
fn french_reported_speech_with_elision() {
    let qs = run(FR, Lang::FR);
    let q = find(&qs, "les travaux");
    assert_eq!(q.kind, QuoteKind::Reported);
    assert_eq!(speaker(q), "Le ministère");
    let q = find(&qs, "aucun navire");
    assert_eq!(q.text, "aucun navire ne partirait avant l'été");
    assert!(speaker(q).contains("Dubois"));
}

#[test]
fn french_dialogue_dash_unnamed_speaker_and_continuation() {
    let qs = run(FR, Lang::FR);
    let q = find(&qs, "Nous resterons ici");
    assert_eq!(q.text, "Nous resterons ici");
    assert_eq!(speaker(q), "l'un des pêcheurs");
    let q = find(&qs, "Personne ne nous");
    assert_eq!(speaker(q), "l'un des pêcheurs");
}

// ---------- German ----------

const DE: &str = "Bürgermeisterin Anna Keller eröffnete am Montag die neue Brücke in Ostwald.
Herr Jonas Brandt, der Bauleiter, stand daneben.
„Wir haben die Brücke in einem Jahr gebaut“, sagte Keller.
Keller sagte, dass die Arbeiten im Mai begonnen hätten.
Der Sprecher der Stadt sagte, die Brücke sei sicher.
»Das ist nicht wahr«, rief er.
Sie erklärte: „Wir bleiben dabei.“";

#[test]
fn german_low_high_quotes_and_name_before_cue() {
    let qs = run(DE, Lang::DE);
    spans_ok(DE, &qs);
    let q = find(&qs, "Wir haben die Brücke");
    assert_eq!(speaker(q), "Keller");
    assert_eq!(cue(q), "sagte");
}

#[test]
fn german_reported_with_dass_and_with_subjunctive() {
    let qs = run(DE, Lang::DE);
    let q = find(&qs, "die Arbeiten");
    assert_eq!(q.kind, QuoteKind::Reported);
    assert_eq!(speaker(q), "Keller");
    let q = find(&qs, "die Brücke sei");
    assert_eq!(q.kind, QuoteKind::Reported);
    assert_eq!(speaker(q), "Der Sprecher der Stadt");
}

#[test]
fn german_pronouns_respect_gender() {
    let qs = run(DE, Lang::DE);
    let q = find(&qs, "Das ist nicht wahr");
    assert_eq!(cue(q), "rief");
    assert_eq!(speaker(q), "Jonas Brandt", "er skips Bürgermeisterin Keller");
    let q = find(&qs, "Wir bleiben dabei");
    assert_eq!(cue(q), "erklärte");
    assert!(speaker(q).contains("Keller"), "{:?}", q.speaker);
}

// ---------- Spanish ----------

const ES: &str = "La ministra Marta Gil visitó el puerto de Almadra el lunes.
«Vamos a reconstruir el muelle», dijo el alcalde Luis Ortega.
—No vamos a rendirnos —dijo la ministra—. Seguiremos trabajando.
Ortega dijo que las obras empezarán en mayo.
“Es un día triste”, afirmó uno de los pescadores.";

#[test]
fn spanish_guillemets_and_title_with_article() {
    let qs = run(ES, Lang::ES);
    spans_ok(ES, &qs);
    let q = find(&qs, "Vamos a reconstruir");
    assert_eq!(speaker(q), "Luis Ortega");
    assert_eq!(cue(q), "dijo");
}

#[test]
fn spanish_raya_dialogue_resolves_description() {
    let qs = run(ES, Lang::ES);
    let q = find(&qs, "No vamos a rendirnos");
    assert_eq!(q.text, "No vamos a rendirnos");
    assert_eq!(speaker(q), "Marta Gil");
    let q = find(&qs, "Seguiremos trabajando");
    assert_eq!(speaker(q), "Marta Gil");
}

#[test]
fn spanish_reported_and_unnamed() {
    let qs = run(ES, Lang::ES);
    let q = find(&qs, "las obras");
    assert_eq!(q.kind, QuoteKind::Reported);
    assert_eq!(speaker(q), "Ortega");
    let q = find(&qs, "Es un día triste");
    assert_eq!(speaker(q), "uno de los pescadores");
}

#[test]
fn resources_load_for_every_language() {
    for lang in crate::lang::FULL {
        let r = rules::for_lang(lang).expect("quotes.toml");
        assert!(!r.marks.is_empty() && !r.complementisers.is_empty(), "{lang}");
    }
}

#[test]
fn parenthesis_between_speaker_and_cue_is_an_aside() {
    let t = "The Harbour Workers Union (HWU) said that the strike would continue until Friday. \
             Mayor Lena Strand (Green Party) said that talks had failed.";
    // With the entity mentions, as the pipeline runs it.
    let qs = crate::analysis::analyze(t, &Default::default()).quotes;
    assert_eq!(speaker(find(&qs, "the strike would")), "Harbour Workers Union");
    assert_eq!(speaker(find(&qs, "talks had failed")), "Lena Strand");
}
