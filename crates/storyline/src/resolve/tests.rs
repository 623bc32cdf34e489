//! Invented articles: cross-language aliases, given-name variants, and two
//! different people who share a surname.

use super::*;
use crate::analysis::{AnalyzeOptions, analyze};
use crate::document::Format;
use crate::extract::{EntityMention, EntityType};
use crate::lang::Lang;

use EntityType::{Location as LOC, Organisation as ORG, Person as PER};

/// A document whose mentions are every occurrence of the given names
/// (longest first, no overlaps), as a recogniser would find them.
fn doc(origin: &str, lang: Lang, text: &str, names: &[(&str, EntityType, Option<&str>)]) -> (Document, Analysis) {
    let d = Document::new(Some(origin), origin.into(), Format::Text, text.into());
    let mut a = analyze(text, &AnalyzeOptions { language: Some(lang), published: None });
    let mut sorted = names.to_vec();
    sorted.sort_by_key(|(n, _, _)| std::cmp::Reverse(n.len()));
    let mut found: Vec<EntityMention> = Vec::new();
    for (name, kind, role) in sorted {
        for (start, _) in text.match_indices(name) {
            let end = start + name.len();
            let word_end = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if word_end && !found.iter().any(|m| m.start < end && start < m.end) {
                found.push(EntityMention { start, end, text: name.to_string(), kind, role: role.map(str::to_string) });
            }
        }
    }
    found.sort_by_key(|m| m.start);
    a.entities = found;
    a.acronyms.clear();
    (d, a)
}

fn entity_of<'a>(index: &'a EntityIndex, changes: &[Changes], text: &str) -> &'a Entity {
    let id = changes
        .iter()
        .flat_map(|c| &c.mentions)
        .find(|m| m.text == text)
        .unwrap_or_else(|| panic!("no mention {text}"))
        .entity
        .clone();
    index.get(&id).unwrap()
}

fn run(docs: &[(Document, Analysis)]) -> (EntityIndex, Vec<Changes>) {
    let mut index = EntityIndex::new();
    let changes = docs.iter().map(|(d, a)| index.add(d, a)).collect();
    (index, changes)
}

fn corpus() -> Vec<(Document, Analysis)> {
    vec![
        doc(
            "a1",
            Lang::EN,
            "President Kofi Mensah of Veloria said on Monday that the Coastal Alliance for Renewal (CAR) had seized the port of Dunmere. \
             Mensah called on France and the NORDA bloc to help. The CAR denied it. @kofimensah wrote that Veloria would stand firm. \
             General Idris Kambou, who leads the Coastal Alliance for Renewal, spoke on state television.",
            &[
                ("Kofi Mensah", PER, Some("President")),
                ("Mensah", PER, None),
                ("@kofimensah", PER, None),
                ("Veloria", LOC, None),
                ("Coastal Alliance for Renewal", ORG, None),
                ("CAR", ORG, None),
                ("Dunmere", LOC, None),
                ("France", LOC, None),
                ("NORDA", ORG, None),
                ("Idris Kambou", PER, Some("General")),
            ],
        ),
        doc(
            "a2",
            Lang::SV,
            "Armégeneralen Moussa Kambou trädde fram i Velorias statliga tv på fredagen. \
             Kambou sade att CAR nu styr Dunmere. Frankrikes utrikesminister Elsa Varga kräver att president Kofi Mensah friges. \
             Norda-blocket och Frankrike har hotat med sanktioner, liksom Norda.",
            &[
                ("Moussa Kambou", PER, Some("Armégeneralen")),
                ("Kambou", PER, None),
                ("Velorias", LOC, None),
                ("CAR", ORG, None),
                ("Dunmere", LOC, None),
                ("Frankrikes", LOC, None),
                ("Frankrike", LOC, None),
                ("Elsa Varga", PER, Some("utrikesminister")),
                ("Kofi Mensah", PER, Some("president")),
                ("Norda", ORG, None),
            ],
        ),
        doc(
            "a3",
            Lang::DE,
            "Frankreich und die Regierung Velorias verhandeln. Der Söldnerführer Dmitrij Volozjin lobte den Putsch in Dunmere.",
            &[
                ("Frankreich", LOC, None),
                ("Velorias", LOC, None),
                ("Dmitrij Volozjin", PER, Some("Söldnerführer")),
                ("Dunmere", LOC, None),
            ],
        ),
        doc(
            "a4",
            Lang::EN,
            "Mercenary leader Dmitry Volozhin praised the takeover in Dunmere, Veloria. Volozhin's fighters are nearby.",
            &[
                ("Dmitry Volozhin", PER, Some("Mercenary leader")),
                ("Volozhin's", PER, None),
                ("Dunmere", LOC, None),
                ("Veloria", LOC, None),
            ],
        ),
        // Two different people called Berg: a minister and a footballer.
        doc(
            "b1",
            Lang::EN,
            "Health Minister Anna Berg opened a new hospital in Lundholm on Tuesday. Berg said the wards would open in May.",
            &[("Anna Berg", PER, Some("Health Minister")), ("Berg", PER, None), ("Lundholm", LOC, None)],
        ),
        doc(
            "b2",
            Lang::EN,
            "Striker Lars Berg scored twice as Harbour United beat Fenwick Rovers 3-1. Berg now has ten goals this season.",
            &[
                ("Lars Berg", PER, Some("Striker")),
                ("Berg", PER, None),
                ("Harbour United", ORG, None),
                ("Fenwick Rovers", ORG, None),
            ],
        ),
        doc(
            "b3",
            Lang::EN,
            "Harbour United confirmed that Berg will miss the cup final against Fenwick Rovers.",
            &[("Harbour United", ORG, None), ("Berg", PER, None), ("Fenwick Rovers", ORG, None)],
        ),
    ]
}

#[test]
fn short_forms_handles_and_acronyms_join_within_a_document() {
    let (index, changes) = run(&corpus()[..1]);
    let mensah = entity_of(&index, &changes, "Kofi Mensah");
    assert_eq!(entity_of(&index, &changes, "Mensah").id, mensah.id);
    assert_eq!(entity_of(&index, &changes, "@kofimensah").id, mensah.id);
    assert_eq!(mensah.canonical, "Kofi Mensah");
    assert_eq!(mensah.mentions, 3);
    assert!(mensah.roles.contains_key("President"));
    let car = entity_of(&index, &changes, "CAR");
    assert_eq!(entity_of(&index, &changes, "Coastal Alliance for Renewal").id, car.id);
    assert_ne!(car.id, mensah.id);
}

#[test]
fn names_meet_across_languages_and_inflections() {
    let (index, changes) = run(&corpus());
    for e in index.entities() {
        eprintln!("{} {:?} {} {:?}", e.id, e.kind, e.canonical, e.aliases);
    }
    let france = entity_of(&index, &changes, "France");
    assert_eq!(entity_of(&index, &changes, "Frankrike").id, france.id);
    assert_eq!(entity_of(&index, &changes, "Frankrikes").id, france.id);
    assert_eq!(entity_of(&index, &changes, "Frankreich").id, france.id);
    assert_eq!(france.canonical, "France");
    assert!(france.aliases["sv"].contains_key("Frankrikes"));
    let veloria = entity_of(&index, &changes, "Veloria");
    assert_eq!(entity_of(&index, &changes, "Velorias").id, veloria.id);
    assert_eq!(entity_of(&index, &changes, "Norda").id, entity_of(&index, &changes, "NORDA").id);
    // The acronym defined in one article is the same organisation in another.
    assert_eq!(entity_of(&index, &changes, "CAR").id, entity_of(&index, &changes, "Coastal Alliance for Renewal").id);
    // A transliteration variant, with agreeing context.
    assert_eq!(entity_of(&index, &changes, "Dmitrij Volozjin").id, entity_of(&index, &changes, "Dmitry Volozhin").id);
    assert_eq!(entity_of(&index, &changes, "Volozhin's").id, entity_of(&index, &changes, "Dmitry Volozhin").id);
    // Mensah across documents: one entity, two documents.
    assert_eq!(entity_of(&index, &changes, "Kofi Mensah").documents, 2);
}

#[test]
fn one_man_under_two_given_names_is_one_entity() {
    let (index, changes) = run(&corpus());
    let idris = entity_of(&index, &changes, "Idris Kambou");
    assert_eq!(entity_of(&index, &changes, "Moussa Kambou").id, idris.id);
    assert_eq!(entity_of(&index, &changes, "Kambou").id, idris.id);
    assert!(idris.evidence.given.contains("idris") && idris.evidence.given.contains("moussa"));
}

#[test]
fn two_people_sharing_a_surname_stay_apart() {
    let (index, changes) = run(&corpus());
    let anna = entity_of(&index, &changes, "Anna Berg");
    let lars = entity_of(&index, &changes, "Lars Berg");
    assert_ne!(anna.id, lars.id);
    // "Berg" alone in a football report is the footballer.
    let b3 = changes[6].mentions.iter().find(|m| m.text == "Berg").unwrap();
    assert_eq!(b3.entity, lars.id);
    // Nor is the minister Elsa Varga anyone else.
    assert_eq!(index.entities().iter().filter(|e| e.evidence.surnames.contains("berg")).count(), 2);
}

#[test]
fn different_given_names_without_agreeing_roles_stay_apart() {
    let docs = vec![
        doc("c1", Lang::EN, "Anna Holm visited Lundholm and Dunmere.", &[("Anna Holm", PER, None), ("Lundholm", LOC, None), ("Dunmere", LOC, None)]),
        doc("c2", Lang::EN, "Erik Holm visited Lundholm and Dunmere.", &[("Erik Holm", PER, None), ("Lundholm", LOC, None), ("Dunmere", LOC, None)]),
    ];
    let (index, changes) = run(&docs);
    assert_ne!(entity_of(&index, &changes, "Anna Holm").id, entity_of(&index, &changes, "Erik Holm").id);
}

#[test]
fn ids_are_stable_across_runs_and_documents_are_added_once() {
    let (a, ca) = run(&corpus());
    let (b, _) = run(&corpus());
    let ids = |i: &EntityIndex| i.entities().iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
    assert!(!ca[0].created.is_empty());
    let mut again = EntityIndex::from_entities(a.snapshot(), corpus().iter().map(|(d, _)| d.id.clone()));
    let (d, an) = &corpus()[0];
    assert!(again.add(d, an).mentions.is_empty());
    assert_eq!(again.entities().len(), a.entities().len());
    // What the store keeps comes back whole, co-occurrence included.
    assert_eq!(again.snapshot(), a.snapshot());
    assert!(a.snapshot().iter().any(|e| !e.evidence.cooccurring.is_empty()));
}

#[test]
fn a_new_version_of_a_document_takes_back_the_old_counts() {
    let mut index = EntityIndex::new();
    let v1 = doc(
        "upd",
        Lang::EN,
        "Mayor Lina Ostrova opened the bridge in Tarnholm. Ostrova thanked the builders.",
        &[("Lina Ostrova", PER, Some("Mayor")), ("Ostrova", PER, None), ("Tarnholm", LOC, None)],
    );
    let first = index.add(&v1.0, &v1.1);
    let mayor = entity_of(&index, std::slice::from_ref(&first), "Lina Ostrova").id.clone();
    assert_eq!(index.get(&mayor).unwrap().mentions, 2);
    // The corrected version names the mayor once and no longer the town.
    let mut v2 = doc("upd", Lang::EN, "Mayor Lina Ostrova opened the new bridge.", &[("Lina Ostrova", PER, Some("Mayor"))]);
    v2.0.id = v1.0.id.clone();
    // Unchanged documents are left alone; a new version must be retracted first.
    assert!(index.add(&v2.0, &v2.1).mentions.is_empty());
    let touched = index.retract(&v1.0.id, &first.mentions);
    assert!(touched.contains(&mayor));
    let second = index.add(&v2.0, &v2.1);
    assert_eq!(second.mentions.len(), 1);
    assert_eq!(second.mentions[0].entity, mayor, "the same entity again");
    let e = index.get(&mayor).unwrap();
    assert_eq!((e.mentions, e.documents), (1, 1));
    assert_eq!(e.aliases["en"].get("Ostrova"), None, "the dropped alias is gone");
    assert_eq!(e.roles.get("Mayor"), Some(&1));
    let town = first.mentions.iter().find(|m| m.text == "Tarnholm").unwrap();
    let t = index.get(&town.entity).unwrap();
    assert_eq!((t.mentions, t.documents), (0, 0));
}

/// A made-up capitalised given name per number, unlike any other.
fn given_name(i: usize) -> String {
    let w = synthetic_word(1000 + i);
    w[..1].to_uppercase() + &w[1..]
}

#[test]
fn a_surname_lookup_walks_no_more_than_the_cap_and_the_window() {
    // Three namesakes in the news often enough to be veterans (two are
    // kept), then every article brings a new namesake, and every third
    // names "Perrow" alone (which veterans answer too): unbounded, each new
    // person would be compared with every namesake before it.
    for (window, bound) in [(None, MAX_PER_SURNAME), (Some(6), 6)] {
        let mut index = EntityIndex::new();
        if let Some(w) = window {
            index.set_window(w);
        }
        let mut most = 0;
        let famous = (0..3).flat_map(|i| std::iter::repeat_n(200 + i, VETERAN_ARTICLES as usize));
        for (k, i) in famous.chain(0..120).enumerate() {
            let name = if i % 3 == 2 { "Perrow".to_string() } else { format!("{} Perrow", given_name(i)) };
            let (d, a) = doc(&format!("k{k}"), Lang::EN, &format!("{name} spoke in the town hall."), &[(name.as_str(), PER, None)]);
            let before = index.candidates_examined();
            index.add(&d, &a);
            most = most.max(index.candidates_examined() - before);
        }
        assert_eq!(index.by_surname["s:perrow"].veterans.len(), VETERANS);
        assert!(most > bound as u64, "the veterans were walked too");
        let bound = bound + VETERANS;
        assert!(most <= bound as u64, "{most} candidates in one article, bound {bound}");
        assert!(index.most_candidates_per_key() <= bound);
        assert!(index.largest_key_group().unwrap().1 <= MAX_PER_KEY);
    }
}

/// Articles naming `names` (person, surname alone or full) in Tarnholm,
/// then `quiet` articles of other news.
fn tarnholm(prefix: &str, names: &[&str], quiet: usize) -> Vec<(Document, Analysis)> {
    let mut docs: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| doc(&format!("{prefix}{i}"), Lang::EN, &format!("{name} spoke in Tarnholm."), &[(*name, PER, None), ("Tarnholm", LOC, None)]))
        .collect();
    for i in 0..quiet {
        let place = format!("Lund{}", synthetic_word(i));
        docs.push(doc(&format!("{prefix}q{i}"), Lang::EN, &format!("Rain fell on {place}."), &[(place.as_str(), LOC, None)]));
    }
    docs
}

#[test]
fn a_person_often_in_the_news_is_found_by_surname_after_the_window() {
    // Ada Perrow is in the news often, Bo Quill once; then both are silent
    // for longer than the window, and each is named by surname alone.
    let often = vec!["Ada Perrow"; VETERAN_ARTICLES as usize];
    let mut docs = tarnholm("v", &[often, vec!["Bo Quill"]].concat(), 12);
    docs.extend(tarnholm("s", &["Perrow", "Quill"], 0));
    let mut index = EntityIndex::new();
    index.set_window(10);
    let changes: Vec<Changes> = docs.iter().map(|(d, a)| index.add(d, a)).collect();
    let ada = entity_of(&index, &changes, "Ada Perrow").id.clone();
    let bo = entity_of(&index, &changes, "Bo Quill").id.clone();
    assert_eq!(entity_of(&index, &changes, "Perrow").id, ada, "the veteran is still a candidate");
    assert_ne!(entity_of(&index, &changes, "Quill").id, bo, "the window still bounds the others");
}

#[test]
fn a_reloaded_index_keeps_the_veterans() {
    // Three namesakes, written about 12, 11 and 10 times, last mentioned
    // in the reverse order (the reload lists them by last mention).
    let names: Vec<&str> = [("Ada Perrow", 12), ("Cai Perrow", 11), ("Eli Perrow", 10)]
        .iter()
        .flat_map(|&(name, n)| std::iter::repeat_n(name, n))
        .collect();
    let docs = tarnholm("r", &names, 12);
    let mut a = EntityIndex::new();
    a.set_window(10);
    let changes: Vec<Changes> = docs.iter().map(|(d, an)| a.add(d, an)).collect();
    let [ada, cai] = ["Ada Perrow", "Cai Perrow"].map(|name| entity_of(&a, &changes, name).id.clone());
    let veterans = |index: &EntityIndex| -> Vec<String> {
        index.by_surname["s:perrow"].veterans.iter().map(|&v| index.entities[v as usize].id.clone()).collect()
    };
    assert_eq!(veterans(&a), [ada, cai]);
    // Taking back three of Ada's articles (as before a new version of
    // each) takes back their counts, not her rank: ranked by what is left,
    // the reload would pick Cai and Eli.
    for k in 0..3 {
        a.retract(&docs[k].0.id, &changes[k].mentions);
    }
    let mut b = EntityIndex::from_entities(a.snapshot(), docs[3..].iter().map(|(d, _)| d.id.clone()));
    b.set_window(10);
    assert_eq!(veterans(&b), veterans(&a));
    for key in a.by_surname.keys() {
        assert_eq!(a.by_surname[key].veterans, b.by_surname[key].veterans, "{key}");
    }
    let (d, an) = &tarnholm("t", &["Perrow"], 0)[0];
    let changes = a.add(d, an);
    assert_eq!(changes, b.add(d, an));
    assert!(changes.created.is_empty() && veterans(&a).contains(&changes.mentions[0].entity));
    assert_eq!(a.snapshot(), b.snapshot());
}

#[test]
fn a_surname_alone_links_only_to_a_namesake_in_the_window() {
    let docs = |quiet: usize| {
        let mut docs = vec![doc("w0", Lang::EN, "Ada Perrow visited Tarnholm.", &[("Ada Perrow", PER, None), ("Tarnholm", LOC, None)])];
        // Other news, then "Perrow" alone where Ada Perrow was.
        for i in 0..quiet {
            let place = format!("Lund{}", synthetic_word(i));
            docs.push(doc(&format!("q{i}"), Lang::EN, &format!("Rain fell on {place}."), &[(place.as_str(), LOC, None)]));
        }
        docs.push(doc("w1", Lang::EN, "Perrow returned to Tarnholm.", &[("Perrow", PER, None), ("Tarnholm", LOC, None)]));
        docs.push(doc("w2", Lang::EN, "Ada Perrow left Tarnholm.", &[("Ada Perrow", PER, None), ("Tarnholm", LOC, None)]));
        docs
    };
    for (quiet, linked) in [(4, true), (12, false)] {
        let mut index = EntityIndex::new();
        index.set_window(10);
        let changes: Vec<Changes> = docs(quiet).iter().map(|(d, a)| index.add(d, a)).collect();
        let ada = entity_of(&index, &changes, "Ada Perrow").id.clone();
        let alone = &changes[quiet + 1].mentions.iter().find(|m| m.text == "Perrow").unwrap().entity;
        assert_eq!(alone == &ada, linked, "after {quiet} other articles");
        // By full name she is found whenever she was last seen.
        assert!(changes[quiet + 2].mentions.iter().all(|m| m.text != "Ada Perrow" || m.entity == ada));
    }
}

#[test]
fn a_reloaded_index_keeps_the_surname_window() {
    let article = |i: usize| {
        // Namesakes by full name, and every third article "Perrow" alone,
        // which only the surname lists can link.
        if i % 3 == 2 {
            return doc(&format!("r{i}"), Lang::EN, "Perrow spoke in Tarnholm.", &[("Perrow", PER, None), ("Tarnholm", LOC, None)]);
        }
        let name = format!("{} Perrow", given_name(i % 7));
        doc(&format!("r{i}"), Lang::EN, &format!("{name} arrived in Tarnholm."), &[(name.as_str(), PER, None), ("Tarnholm", LOC, None)])
    };
    let mut a = EntityIndex::new();
    a.set_window(4);
    let seen: Vec<DocId> = (0..20)
        .map(|i| {
            let (d, an) = article(i);
            a.add(&d, &an);
            d.id
        })
        .collect();
    let mut b = EntityIndex::from_entities(a.snapshot(), seen);
    b.set_window(4);
    let mut linked = 0;
    for i in 20..30 {
        let (d, an) = article(i);
        let changes = a.add(&d, &an);
        assert_eq!(changes, b.add(&d, &an), "article {i}");
        linked += usize::from(i % 3 == 2 && changes.created.is_empty());
    }
    assert!(linked >= 2, "a surname alone found a namesake {linked} times");
    assert_eq!(a.snapshot(), b.snapshot());
}

#[test]
fn quotes_by_matches_speaker_spans_to_mentions() {
    use crate::extract::quotes::{Quote, QuoteKind, Speaker, SpeakerKind};
    let mention = |start, end, entity: &str| ResolvedMention {
        doc: DocId("d".into()),
        start,
        end,
        text: String::new(),
        kind: PER,
        role: None,
        entity: entity.into(),
    };
    let quote = |start, speaker: Option<(usize, usize)>| Quote {
        start,
        end: start + 5,
        text: "words".into(),
        kind: QuoteKind::Direct,
        speaker: speaker.map(|(s, e)| Speaker { text: String::new(), start: s, end: e, kind: SpeakerKind::Person, title: None, via: None }),
        cue: None,
        language: Lang::EN,
        date: None,
    };
    let mentions = [mention(0, 10, "a"), mention(50, 55, "b"), mention(80, 90, "a")];
    let quotes = [quote(20, Some((0, 10))), quote(60, Some((50, 55))), quote(100, Some((84, 90))), quote(120, None)];
    let said: Vec<usize> = said::quotes_by("a", &mentions, &quotes).iter().map(|q| q.start).collect();
    assert_eq!(said, vec![20, 100]);
}

#[test]
fn co_occurrence_keeps_the_most_frequent_within_its_cap() {
    let mut index = EntityIndex::new();
    // One person seen with a steady partner and, each time, a new place.
    for i in 0..(MAX_COOCCURRING + 40) {
        let place = format!("Tarn{}", synthetic_word(i));
        let text = format!("Ilse Marrow met Otto Fenwick in {place}.");
        let (d, a) = doc(&format!("co{i}"), Lang::EN, &text, &[("Ilse Marrow", PER, None), ("Otto Fenwick", PER, None), (place.as_str(), LOC, None)]);
        index.add(&d, &a);
    }
    let all = index.snapshot();
    let ilse = all.iter().find(|e| e.canonical == "Ilse Marrow").unwrap();
    let otto = all.iter().find(|e| e.canonical == "Otto Fenwick").unwrap();
    assert!(ilse.evidence.cooccurring.len() <= MAX_COOCCURRING);
    assert_eq!(ilse.evidence.cooccurring.get(&otto.id), Some(&((MAX_COOCCURRING + 40) as u32)));
    // The index rebuilt from the snapshot holds the same counts.
    let again = EntityIndex::from_entities(all.clone(), std::iter::empty());
    assert_eq!(again.snapshot(), all);
}

/// A made-up word per number, so every place name is distinct.
fn synthetic_word(i: usize) -> String {
    crate::cluster::synthetic::word(i as u64)
}

#[test]
fn long_names_differing_in_one_word_meet_only_in_shared_context() {
    let valley = "Front for the Rebuilding of the Northern Valley";
    let coast = "Front for the Rebuild of the Northern Coast";
    let harbour = "Front for the Rebuilding of the Northern Harbour";
    let docs = vec![
        doc(
            "l1",
            Lang::EN,
            &format!("The {valley} seized Dunmere on Monday. Veloria condemned the {valley}."),
            &[(valley, ORG, None), ("Dunmere", LOC, None), ("Veloria", LOC, None)],
        ),
        // The same group, named in other words, defines an acronym.
        doc(
            "l2",
            Lang::EN,
            &format!("Backers of the {coast} (FRNC) rallied in Dunmere, Veloria. FRNC leaders spoke."),
            &[(coast, ORG, None), ("FRNC", ORG, None), ("Dunmere", LOC, None), ("Veloria", LOC, None)],
        ),
        doc("l3", Lang::EN, "FRNC fighters left Dunmere.", &[("FRNC", ORG, None), ("Dunmere", LOC, None)]),
        // A different group, one word apart, in another story.
        doc("l4", Lang::EN, &format!("The {harbour} opened an office in Lundholm."), &[(harbour, ORG, None), ("Lundholm", LOC, None)]),
    ];
    let (index, changes) = run(&docs);
    let group = entity_of(&index, &changes, valley).id.clone();
    assert_eq!(entity_of(&index, &changes, coast).id, group);
    let uses: Vec<&ResolvedMention> = changes.iter().flat_map(|c| &c.mentions).filter(|m| m.text == "FRNC").collect();
    assert_eq!(uses.len(), 3);
    assert!(uses.iter().all(|m| m.entity == group));
    assert_ne!(entity_of(&index, &changes, harbour).id, group);
}

#[test]
fn a_thing_named_as_often_in_two_forms_is_called_by_its_base_form() {
    let docs = vec![
        doc("w1", Lang::EN, "Fighters of Ardel crossed the river near Dunmere.", &[("Ardel", ORG, None), ("Dunmere", LOC, None)]),
        doc("w2", Lang::SV, "Ardels soldater gick över floden vid Dunmere.", &[("Ardels", ORG, None), ("Dunmere", LOC, None)]),
    ];
    let (index, changes) = run(&docs);
    let ardel = entity_of(&index, &changes, "Ardel");
    assert_eq!(entity_of(&index, &changes, "Ardels").id, ardel.id);
    assert_eq!(ardel.canonical, "Ardel", "not the inflected form: {:?}", ardel.aliases);
}
