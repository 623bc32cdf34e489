//! Tests of the whole pipeline with the committed models, on sentences
//! written for these tests about invented events.

use super::*;

fn sentence(text: &str, lang: Lang) -> Vec<Sentence> {
    vec![Sentence { start: 0, end: text.len(), language: lang }]
}

fn find<'a>(ms: &'a [EntityMention], text: &str) -> Option<&'a EntityMention> {
    ms.iter().find(|m| m.text == text)
}

fn person(text: &str, start: usize) -> EntityMention {
    EntityMention { start, end: start + text.len(), text: text.to_string(), kind: EntityType::Person, role: None }
}

#[test]
fn roles_come_from_the_title_words() {
    let text = "Yesterday Foreign Minister Ana Lind met General Tomas Berg.";
    let spans = tokenize::tokenize(text, 0, text.len());
    let mut ms = vec![person("Ana Lind", 27), person("General Tomas Berg", 40)];
    roles::attach(text, Lang::EN, &spans, &tokenize::lower_words(text, &spans), &mut ms);
    assert_eq!(ms[0].role.as_deref(), Some("Foreign Minister"));
    assert_eq!(ms[1].text, "Tomas Berg");
    assert_eq!(ms[1].role.as_deref(), Some("General"));
    assert_eq!(&text[ms[1].start..ms[1].end], "Tomas Berg");

    let sv = "Enligt armégeneralen Per Holm är läget lugnt.";
    let spans = tokenize::tokenize(sv, 0, sv.len());
    let start = sv.find("Per").unwrap();
    let mut ms = vec![person("Per Holm", start)];
    roles::attach(sv, Lang::SV, &spans, &tokenize::lower_words(sv, &spans), &mut ms);
    assert_eq!(ms[0].role.as_deref(), Some("armégeneralen"));
}

#[test]
fn a_place_before_the_title_joins_the_role() {
    let text = "US Secretary of State Mia Orr landed.";
    let spans = tokenize::tokenize(text, 0, text.len());
    let mut ms = vec![
        EntityMention { start: 0, end: 2, text: "US".into(), kind: EntityType::Location, role: None },
        person("Mia Orr", 22),
    ];
    roles::attach(text, Lang::EN, &spans, &tokenize::lower_words(text, &spans), &mut ms);
    assert_eq!(ms[1].role.as_deref(), Some("US Secretary of State"));
}

#[test]
fn handles_are_mentions_even_without_a_model() {
    let rec = Recogniser::with_models(vec![]);
    let text = "The ministry posted on @gov_press this morning.";
    let e = rec.extract(text, &sentence(text, Lang::EN));
    let h = find(&e.mentions, "@gov_press").expect("handle found");
    assert_eq!(&text[h.start..h.end], "@gov_press");
}

#[test]
fn acronyms_link_to_their_long_form_and_later_uses() {
    let rec = Recogniser::with_models(vec![]);
    let text = "Members of the National Council for Renewal (NCR) met. The NCR said nothing.";
    let e = rec.extract(text, &sentence(text, Lang::EN));
    assert_eq!(e.acronyms.len(), 1);
    let a = &e.acronyms[0];
    assert_eq!(a.expansion, "National Council for Renewal");
    assert_eq!(&text[a.expansion_start..a.expansion_end], a.expansion);
    assert_eq!(&text[a.start..a.end], "NCR");
    let uses: Vec<_> = e.mentions.iter().filter(|m| m.text == "NCR").collect();
    assert_eq!(uses.len(), 2);
    assert!(uses.iter().all(|m| m.kind == EntityType::Organisation));
    assert!(find(&e.mentions, "National Council for Renewal").is_some());
}

#[test]
fn model_files_round_trip_byte_for_byte() {
    let data = vec![
        train::Tagged { words: vec!["Ana".into(), "Lind".into(), "visited".into(), "Oslo".into(), ".".into()], tags: vec![1, 2, 0, 5, 0], doc: 0, aux: false },
        train::Tagged { words: vec!["The".into(), "Acme".into(), "Corp".into(), "fell".into()], tags: vec![0, 3, 4, 0], doc: 1, aux: false },
    ];
    let clusters = super::clusters::ClusterConfig { min_count: 1, level_bits: vec![1, 1], ..Default::default() };
    let config = train::TrainConfig { epochs: 5, min_updates: 1, clusters, ..Default::default() };
    let a = train::train("en", &data, &[], &[], &[], &config, |_| {});
    let b = train::train("en", &data, &[], &[], &[], &config, |_| {});
    let bytes = a.to_bytes();
    assert_eq!(bytes, b.to_bytes(), "same data and seed give the same model");
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    assert_eq!(back.tag(&["Ana", "Lind", "visited", "Oslo", "."]), vec![1, 2, 0, 5, 0]);
    assert!(matches!(Model::from_bytes(b"nonsense"), Err(ModelError::Magic)));
    // Clusters learnt from the training words ship inside the file.
    assert!(!a.lexicon.clusters.is_empty());
    assert_eq!(back.lexicon.clusters, a.lexicon.clusters);
    // A file of the previous format fails loudly.
    let mut old = bytes.clone();
    old[6..8].copy_from_slice(&2u16.to_le_bytes());
    assert!(matches!(Model::from_bytes(&old), Err(ModelError::Version(2))));
}

/// Clusters learnt from untagged text reach the model: a word never seen
/// in the tagged data, used in the untagged text where known names are,
/// shares their cluster.
#[test]
fn clusters_carry_untagged_words_to_the_tagger() {
    let mut data = Vec::new();
    let mut untagged = Vec::new();
    let towns = ["Marlow", "Vaulnes", "Kellbach", "Sundby"];
    for (i, t) in towns.iter().enumerate() {
        for verb in ["flooded", "burned", "froze"] {
            let words: Vec<String> = format!("Rain fell on {t} and {verb} it").split(' ').map(String::from).collect();
            let tags = vec![0, 0, 0, 5, 0, 0, 0];
            data.push(train::Tagged { words, tags, doc: i as u32, aux: false });
        }
    }
    for t in towns.iter().chain(&["Orlenz"]) {
        for _ in 0..4 {
            untagged.push(format!("Rain fell on {t} and flooded it").split(' ').map(String::from).collect::<Vec<String>>());
            untagged.push(format!("they drove to {t} at night").split(' ').map(String::from).collect());
        }
    }
    let config = train::TrainConfig {
        epochs: 5,
        min_updates: 1,
        clusters: super::clusters::ClusterConfig { level_bits: vec![2, 2], min_count: 2, contexts: 50, dims: 32, ..Default::default() },
        ..Default::default()
    };
    let m = train::train("en", &data, &[], &untagged, &[], &config, |_| {});
    let c = &m.lexicon.clusters;
    let path = |w: &str| c.path(super::features::word_hash(w));
    let top = |w: &str| c.prefix(path(w).unwrap(), 0);
    assert_eq!(top("Orlenz"), top("Marlow"));
    assert_eq!(top("Orlenz"), top("Sundby"));
    assert_ne!(top("Orlenz"), top("flooded"));
}

fn has(ms: &[EntityMention], text: &str, kind: EntityType) -> bool {
    ms.iter().any(|m| m.text == text && m.kind == kind)
}

fn spans_are_exact(text: &str, ms: &[EntityMention]) {
    for m in ms {
        assert_eq!(&text[m.start..m.end], m.text, "span of {m:?}");
    }
}

#[test]
fn english_news_with_roles() {
    let text = "Foreign Minister Ana Lindqvist met Mark Delaney of the World Health Organization in Geneva on Tuesday.";
    let ms = recognise(text, &sentence(text, Lang::EN));
    spans_are_exact(text, &ms);
    let ana = find(&ms, "Ana Lindqvist").expect("person found");
    assert_eq!(ana.kind, EntityType::Person);
    assert_eq!(ana.role.as_deref(), Some("Foreign Minister"));
    assert!(has(&ms, "Mark Delaney", EntityType::Person), "{ms:?}");
    assert!(has(&ms, "World Health Organization", EntityType::Organisation), "{ms:?}");
    assert!(has(&ms, "Geneva", EntityType::Location), "{ms:?}");
}

#[test]
fn swedish_german_spanish_sentences() {
    let sv = "Statsminister Eva Brandt besökte Göteborg i tisdags tillsammans med Volvo-chefen.";
    let ms = recognise(sv, &sentence(sv, Lang::SV));
    spans_are_exact(sv, &ms);
    assert!(has(&ms, "Göteborg", EntityType::Location), "{ms:?}");
    let eva = find(&ms, "Eva Brandt").expect("Swedish person");
    assert_eq!(eva.role.as_deref(), Some("Statsminister"));

    let de = "Bundeskanzlerin Petra Hollmann traf am Montag in München Vertreter der Deutschen Bahn.";
    let ms = recognise(de, &sentence(de, Lang::DE));
    spans_are_exact(de, &ms);
    // The German model (trained on 1,760 GermEval sentences) finds the place
    // but may run on into the capitalised noun after it ("München Vertreter").
    assert!(ms.iter().any(|m| m.kind == EntityType::Location && m.text.starts_with("München")), "{ms:?}");
    assert!(ms.iter().any(|m| m.kind == EntityType::Person && m.text.contains("Hollmann")), "{ms:?}");

    let es = "El presidente Julián Ortega viajó a Buenos Aires para reunirse con el Banco Mundial.";
    let ms = recognise(es, &sentence(es, Lang::ES));
    spans_are_exact(es, &ms);
    assert!(has(&ms, "Buenos Aires", EntityType::Location), "{ms:?}");
    let p = find(&ms, "Julián Ortega").expect("Spanish person");
    assert_eq!(p.role.as_deref(), Some("presidente"));
}

#[test]
fn each_sentence_uses_its_own_language() {
    let text = "Le ministre Paul Ngoma est arrivé à Lyon. The envoy Sarah Quinn left London.";
    let split = text.find("The").unwrap();
    let sentences = vec![
        Sentence { start: 0, end: split - 1, language: Lang::FR },
        Sentence { start: split, end: text.len(), language: Lang::EN },
    ];
    let ms = recognise(text, &sentences);
    spans_are_exact(text, &ms);
    assert!(has(&ms, "Lyon", EntityType::Location), "{ms:?}");
    assert!(has(&ms, "London", EntityType::Location), "{ms:?}");
    assert!(has(&ms, "Sarah Quinn", EntityType::Person), "{ms:?}");
}

#[test]
fn french_news_sentences_score_well() {
    let data = crate::eval::ner::parse_bracketed(crate::eval::ner::FRENCH_NEWS);
    assert!(data.len() >= 30);
    let score = crate::eval::ner::score_bracketed(Recogniser::embedded(), Lang::FR, &data);
    let (_, _, f1) = score.micro();
    assert!(f1 >= 0.6, "French news F1 {f1:.3}\n{}", score.table());
}

#[test]
fn analysis_json_carries_entities() {
    let text = "Mayor Lena Fors opened the new bridge in Uppsala.";
    let options = crate::analysis::AnalyzeOptions { language: Some(Lang::EN), published: None };
    let a = crate::analyze(text, &options);
    let json = serde_json::to_value(&a).unwrap();
    let ents = json["entities"].as_array().expect("entities in JSON");
    assert!(ents.iter().any(|e| e["text"] == "Uppsala" && e["type"] == "LOC"), "{json}");
    assert!(ents.iter().any(|e| e["text"] == "Lena Fors" && e["role"] == "Mayor"), "{json}");
}

use super::mention_at_first as mention;

fn corrected(text: &str, lang: Lang, mut ms: Vec<EntityMention>) -> Vec<EntityMention> {
    let spans = tokenize::tokenize(text, 0, text.len());
    let decided = context::correct(text, lang, &spans, &tokenize::lower_words(text, &spans), &mut ms, 0);
    context::spread(&mut ms, &decided);
    ms
}

#[test]
fn a_long_organisation_name_is_one_mention() {
    let text = "The Council for the Defence of the Coast (CDC) met the Harbour Board.";
    let ms = corrected(
        text,
        Lang::EN,
        vec![mention(text, "Council", EntityType::Organisation), mention(text, "Coast", EntityType::Location), mention(text, "CDC", EntityType::Organisation)],
    );
    assert_eq!(ms[0].text, "Council for the Defence of the Coast");
    assert_eq!(&text[ms[0].start..ms[0].end], ms[0].text);
    assert_eq!(ms.len(), 2, "the place inside the name is part of it: {ms:?}");
    // Lower-case words do not continue a name.
    let text = "The Harbour Board of the town met.";
    let ms = corrected(text, Lang::EN, vec![mention(text, "Harbour Board", EntityType::Organisation)]);
    assert_eq!(ms[0].text, "Harbour Board");
}

#[test]
fn a_noun_after_a_name_gives_its_type() {
    let text = "Fighters of the Ardel mercenary group crossed the Ostend district to the Kessa stadium. Ardel denied it.";
    let ms = corrected(
        text,
        Lang::EN,
        vec![
            mention(text, "Ardel", EntityType::Person),
            mention(text, "Ostend", EntityType::Person),
            mention(text, "Kessa", EntityType::Person),
            EntityMention { start: text.rfind("Ardel").unwrap(), end: text.rfind("Ardel").unwrap() + 5, text: "Ardel".into(), kind: EntityType::Person, role: None },
        ],
    );
    let kinds: Vec<(&str, EntityType)> = ms.iter().map(|m| (m.text.as_str(), m.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("Ardel", EntityType::Organisation),
            ("Ostend", EntityType::Location),
            ("Kessa stadium", EntityType::Location),
            ("Ardel", EntityType::Organisation), // spread from the first mention
        ]
    );
}

#[test]
fn a_noun_after_a_place_or_an_adjective_is_what_they_describe() {
    let text = "A Tarsia firm bought the Varnian town of Ostend and the Kessa Ba stadium.";
    let ms = corrected(
        text,
        Lang::EN,
        vec![
            mention(text, "Tarsia", EntityType::Location),
            mention(text, "Varnian", EntityType::Misc),
            mention(text, "Ostend", EntityType::Location),
            mention(text, "Kessa Ba", EntityType::Misc),
        ],
    );
    let kinds: Vec<(&str, EntityType)> = ms.iter().map(|m| (m.text.as_str(), m.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("Tarsia", EntityType::Location),
            ("Varnian", EntityType::Misc),
            ("Ostend", EntityType::Location),
            // A facility takes the name before it, whatever the tagger
            // made of that name.
            ("Kessa Ba stadium", EntityType::Location),
        ]
    );
}

#[test]
fn two_names_run_together_do_not_make_a_place_a_person() {
    // A headline the tagger read as one person "Varga Ostmark".
    let text = "Varga Ostmark peace plan backed. Varga is now in Ostmark, and Ostmark waits.";
    let second = text.rfind("Ostmark").unwrap();
    let ms = corrected(
        text,
        Lang::EN,
        vec![
            mention(text, "Varga Ostmark", EntityType::Person),
            EntityMention { start: 33, end: 38, text: "Varga".into(), kind: EntityType::Person, role: None },
            EntityMention { start: second - 13, end: second - 6, text: "Ostmark".into(), kind: EntityType::Location, role: None },
            EntityMention { start: second, end: second + 7, text: "Ostmark".into(), kind: EntityType::Location, role: None },
        ],
    );
    assert_eq!(&text[33..38], "Varga");
    assert_eq!(&text[second - 13..second - 6], "Ostmark");
    assert!(ms.iter().filter(|m| m.text == "Ostmark").all(|m| m.kind == EntityType::Location), "{ms:?}");
}

#[test]
fn a_long_name_does_not_run_into_another_name_or_a_date() {
    let text = "Ardel Holdings of Tarsia said the Harbour Board on Friday met the Council for the Defence of the Coast.";
    let ms = corrected(
        text,
        Lang::EN,
        vec![
            mention(text, "Ardel Holdings", EntityType::Organisation),
            mention(text, "Tarsia", EntityType::Location),
            mention(text, "Harbour Board", EntityType::Organisation),
            mention(text, "Council", EntityType::Organisation),
        ],
    );
    let names: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(names, ["Ardel Holdings", "Tarsia", "Harbour Board", "Council for the Defence of the Coast"]);
}

#[test]
fn a_title_after_a_name_makes_it_the_employer() {
    let text = "Unicorp chairman Ana Lind resigned.";
    let ms = corrected(text, Lang::EN, vec![mention(text, "Unicorp", EntityType::Person), mention(text, "Ana Lind", EntityType::Person)]);
    assert_eq!(ms[0].kind, EntityType::Organisation);
    assert_eq!(ms[1].kind, EntityType::Person);
}

#[test]
fn a_noun_before_a_name_gives_its_type() {
    let text = "Les combattants du groupe Ardel ont quitté le quartier de Belmont.";
    let ms = corrected(text, Lang::FR, vec![mention(text, "Ardel", EntityType::Person), mention(text, "Belmont", EntityType::Person)]);
    assert_eq!((ms[0].kind, ms[1].kind), (EntityType::Organisation, EntityType::Location));
    let text = "Los milicianos del grupo Ardel entraron en el barrio de Belmont.";
    let ms = corrected(text, Lang::ES, vec![mention(text, "Ardel", EntityType::Person), mention(text, "Belmont", EntityType::Person)]);
    assert_eq!((ms[0].kind, ms[1].kind), (EntityType::Organisation, EntityType::Location));
}

#[test]
fn a_lower_case_word_before_a_name_is_cut_off_but_not_a_particle() {
    let text = "Les électeurs ont voté pour M. Varonne et ont félicité Claire de Montval.";
    let ms = corrected(
        text,
        Lang::FR,
        vec![mention(text, "pour M. Varonne", EntityType::Person), mention(text, "félicité Claire de Montval", EntityType::Person)],
    );
    assert_eq!(ms[0].text, "M. Varonne");
    assert_eq!(ms[1].text, "Claire de Montval");
    for m in &ms {
        assert_eq!(&text[m.start..m.end], m.text);
    }
    let text = "The prize went to van Rijsel, not to the eBay team.";
    let ms = corrected(text, Lang::EN, vec![mention(text, "van Rijsel", EntityType::Person), mention(text, "eBay", EntityType::Organisation)]);
    assert_eq!((ms[0].text.as_str(), ms[1].text.as_str()), ("van Rijsel", "eBay"));
}

#[test]
fn a_surname_after_the_full_name_is_the_person() {
    let text = "Mayor Tomas Kerrin opened the dam on Friday. Kerrin said the river was calm. The Kerrin valley flooded in 2010.";
    let later = text.find("Kerrin said").unwrap();
    let ms = corrected(
        text,
        Lang::EN,
        vec![
            mention(text, "Tomas Kerrin", EntityType::Person),
            EntityMention { start: later, end: later + 6, text: "Kerrin".into(), kind: EntityType::Organisation, role: None },
            mention(text, "Kerrin valley", EntityType::Location),
        ],
    );
    assert_eq!(ms[1].kind, EntityType::Person, "{ms:?}");
    assert_eq!(ms[2].kind, EntityType::Location, "a longer name is not a short form: {ms:?}");
    // The full name mistaken at the start of a sentence, the surname right.
    let text = "Ilse Marwen a déposé un recours. Selon Mme Marwen, le vote a été truqué à Port Ilse.";
    let surname = text.rfind("Marwen").unwrap();
    let ms = corrected(
        text,
        Lang::FR,
        vec![
            mention(text, "Ilse Marwen", EntityType::Organisation),
            EntityMention { start: surname, end: surname + 6, text: "Marwen".into(), kind: EntityType::Person, role: None },
            mention(text, "Port Ilse", EntityType::Location),
        ],
    );
    assert_eq!(ms[0].kind, EntityType::Person, "{ms:?}");
    assert_eq!(ms[2].kind, EntityType::Location, "{ms:?}");
}

#[test]
fn a_name_stops_before_a_bracket_and_sheds_bare_punctuation() {
    let text = "the Harbour Council (HC) met. ";
    let spans = tokenize::tokenize(text, 0, text.len());
    let words: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
    assert_eq!(words, ["the", "Harbour", "Council", "(", "HC", ")", "met", "."]);
    let t = |name: &str| features::tag_index(name).unwrap();
    let (o, b, i) = (t("O"), t("B-ORG"), t("I-ORG"));
    let ms = spans_to_mentions(text, &spans, &[o, b, i, i, i, i, o, o]);
    assert_eq!(ms.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["Harbour Council"]);
    let ms = spans_to_mentions(text, &spans, &[o, o, o, o, o, o, b, i]);
    assert_eq!(ms.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["met"]);
    let ms = spans_to_mentions(text, &spans, &[o, o, o, b, o, o, o, o]);
    assert!(ms.is_empty(), "a bracket alone is no name: {ms:?}");
}

#[test]
fn a_name_led_or_ended_by_an_organisation_word_is_an_organisation() {
    let text = "Troops of the Varnian Union camped near Union.";
    let lone = text.rfind("Union").unwrap();
    let ms = corrected(
        text,
        Lang::EN,
        vec![
            mention(text, "Varnian Union", EntityType::Location),
            EntityMention { start: lone, end: lone + 5, text: "Union".into(), kind: EntityType::Location, role: None },
        ],
    );
    assert_eq!((ms[0].kind, ms[1].kind), (EntityType::Organisation, EntityType::Location), "{ms:?}");
    let text = "Karel Court left Varnian Airlines.";
    let ms = corrected(text, Lang::EN, vec![mention(text, "Karel Court", EntityType::Person), mention(text, "Varnian Airlines", EntityType::Person)]);
    assert_eq!((ms[0].kind, ms[1].kind), (EntityType::Person, EntityType::Organisation), "{ms:?}");
    let text = "Le Conseil suprême de Varnie a siégé.";
    let ms = corrected(text, Lang::FR, vec![mention(text, "Conseil suprême de Varnie", EntityType::Misc)]);
    assert_eq!(ms[0].kind, EntityType::Organisation);
}

#[test]
fn type_codes_round_trip_and_match_the_json_names() {
    for kind in [EntityType::Person, EntityType::Organisation, EntityType::Location, EntityType::Misc] {
        assert_eq!(EntityType::from_code(kind.code()), kind);
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.code());
    }
    assert_eq!(EntityType::from_code("EVENT"), EntityType::Misc);
}

#[test]
fn a_lone_word_leading_an_organisation_name_is_that_organisation() {
    let text = "Ordal Airways cancelled 40 flights. Ordal said the strike cost it dearly. Ana Brant told Brant Logistics staff to wait. Brant agreed.";
    let at = |from: &str, name: &str| {
        let start = text.find(from).unwrap();
        EntityMention { start, end: start + name.len(), text: name.into(), kind: EntityType::Person, role: None }
    };
    let mut ms = vec![
        mention(text, "Ordal Airways", EntityType::Organisation),
        at("Ordal said", "Ordal"),
        mention(text, "Ana Brant", EntityType::Person),
        mention(text, "Brant Logistics", EntityType::Organisation),
        at("Brant agreed", "Brant"),
    ];
    context::spread(&mut ms, &[]);
    assert_eq!(ms[1].kind, EntityType::Organisation, "{ms:?}");
    // The surname of a person in the text stays that person.
    assert_eq!(ms[4].kind, EntityType::Person, "{ms:?}");
}

#[test]
fn a_place_noun_before_a_name_gives_its_type() {
    // Joined by "of", or a one-word name set off by commas.
    let text = "Crowds filled the capital, Vaulnes, and the port of Marlow. The streets of Vaulnes were calm.";
    let second = text.rfind("Vaulnes").unwrap();
    let ms = corrected(
        text,
        Lang::EN,
        vec![
            mention(text, "Vaulnes", EntityType::Person),
            mention(text, "Marlow", EntityType::Person),
            EntityMention { start: second, end: second + 7, text: "Vaulnes".into(), kind: EntityType::Person, role: None },
        ],
    );
    assert!(ms.iter().all(|m| m.kind == EntityType::Location), "{ms:?}");
    // An apposition that goes on is a person's: "the city, Ana Lind said".
    let text = "In the city, Ana Lind said the water was rising.";
    let ms = corrected(text, Lang::EN, vec![mention(text, "Ana Lind", EntityType::Person)]);
    assert_eq!(ms[0].kind, EntityType::Person);
    let text = "In the town, Lind said the water was rising.";
    let ms = corrected(text, Lang::EN, vec![mention(text, "Lind", EntityType::Person)]);
    assert_eq!(ms[0].kind, EntityType::Person);
    // Other languages: "la capitale, Vaulnes," and "huvudstaden Vaulnes".
    let text = "Des milliers de personnes ont manifesté dans la capitale, Vaulnes, dimanche.";
    let ms = corrected(text, Lang::FR, vec![mention(text, "Vaulnes", EntityType::Person)]);
    assert_eq!(ms[0].kind, EntityType::Location);
    let text = "Tusentals personer demonstrerade i huvudstaden Vaulnes i söndags.";
    let ms = corrected(text, Lang::SV, vec![mention(text, "Vaulnes", EntityType::Person)]);
    assert_eq!(ms[0].kind, EntityType::Location);
}

#[test]
fn an_organisation_noun_before_a_name_gives_its_type() {
    let text = "The regional bloc, Norda, set a deadline, and the militant group Ardel rejected it.";
    let ms = corrected(
        text,
        Lang::EN,
        vec![mention(text, "Norda", EntityType::Misc), mention(text, "Ardel", EntityType::Person)],
    );
    assert!(ms.iter().all(|m| m.kind == EntityType::Organisation), "{ms:?}");
    // Swedish, a genitive name after the noun: "organisationen Ardels".
    let text = "Regeringen samarbetar med den väpnade organisationen Ardels krigare i norr.";
    let ms = corrected(text, Lang::SV, vec![mention(text, "Ardels", EntityType::Person)]);
    assert_eq!(ms[0].kind, EntityType::Organisation);
    // A title between the noun and a person leaves the person alone.
    let text = "The party chairman Ana Lind resigned.";
    let ms = corrected(text, Lang::EN, vec![mention(text, "Ana Lind", EntityType::Person)]);
    assert_eq!(ms[0].kind, EntityType::Person);
}

/// Sentences of another domain that label a word otherwise (as WikiANN
/// leaves untagged what a news corpus tags) do not outvote the target
/// domain when marked `aux`; as plain training data they do.
#[test]
fn another_domain_keeps_its_labelling_habits_to_itself() {
    let sentence = |verb: &str, tag: usize, doc: u32, aux: bool| train::Tagged {
        words: vec!["Crews".into(), verb.into(), "Velmora".into(), ".".into()],
        tags: vec![0, 0, tag, 0],
        doc,
        aux,
    };
    let verbs = ["reached", "left", "entered", "crossed", "flooded", "rebuilt"];
    let mut data: Vec<train::Tagged> = verbs.iter().zip(0..).map(|(v, d)| sentence(v, 5, d, false)).collect();
    for d in 0..30 {
        data.push(sentence(verbs[d as usize % verbs.len()], 0, 100 + d, true));
    }
    let config = train::TrainConfig { epochs: 8, min_updates: 1, folds: 0, ..Default::default() };
    let words = ["Crews", "visited", "Velmora", "."];
    let adapted = train::train("en", &data, &[], &[], &[], &config, |_| {});
    assert_eq!(adapted.tag(&words), vec![0, 0, 5, 0]);
    let plain: Vec<train::Tagged> = data.into_iter().map(|s| train::Tagged { aux: false, ..s }).collect();
    let mixed = train::train("en", &plain, &[], &[], &[], &config, |_| {});
    assert_eq!(mixed.tag(&words), vec![0, 0, 0, 0]);
}
