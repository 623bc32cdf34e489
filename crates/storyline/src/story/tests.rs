//! Story view tests: invented reports (English and Swedish) of an invented
//! ferry grounding, run through the whole ingest pipeline into a temporary
//! store, then viewed.

use jiff::civil::date;

use super::*;
use crate::pipeline::{self, IngestOptions, Input};
use crate::store::SqliteStore;

const A: &str = "The ferry Sea Lark ran aground off Brenholm island on Wednesday, leaving 212 passengers stranded for six hours. \
The coast guard said that rescue boats had brought every passenger ashore by Wednesday evening.\n\n\
\"Nobody was hurt and the ship is stable,\" harbour master Karin Lindqvist said.\n\n\
The ferry company Nordlink suspended its Brenholm route on Thursday while divers inspect the hull. \
The same ferry had engine trouble in June 2029, when it drifted for an hour outside the harbour.";

const B: &str = "On Wednesday the ferry Sea Lark ran aground near Brenholm island with 212 passengers on board, and the passengers were stranded for hours. \
\"Nobody was hurt and the ship is stable,\" harbour master Karin Lindqvist told reporters at the quay.\n\n\
Nordlink suspended the Brenholm route on Thursday, the company said in a statement. \
Investigators from the maritime authority said the vessel had left its usual lane in fog.";

const C: &str = "Färjan Sea Lark gick på grund utanför Brenholm i onsdags med 212 passagerare ombord. \
Passagerarna satt fast i flera timmar innan räddningsbåtar förde dem i land.\n\n\
– Ingen skadades och fartyget är stabilt, sade hamnkaptenen Karin Lindqvist.\n\n\
Rederiet Nordlink ställde in trafiken till Brenholm i torsdags medan dykare undersöker skrovet.";

/// A near copy of A by an aggregator: a rewrite, not an independent source.
const D: &str = "The ferry Sea Lark ran aground off Brenholm island on Wednesday, leaving 212 passengers stranded for six hours. \
The coast guard said that rescue boats had brought every passenger ashore by Wednesday evening.\n\n\
\"Nobody was hurt and the ship is stable,\" harbour master Karin Lindqvist said.\n\n\
The ferry company Nordlink suspended its Brenholm route on Thursday while divers inspect the hull. \
The same ferry had engine trouble in June 2029, when it drifted for an hour outside the Brenholm harbour.";

const E: &str = "Nordlink said on Monday that 230 passengers had been on board the Sea Lark when it ran aground off Brenholm island, more than first reported. \
Harbour master Karin Lindqvist said the ferry would be towed to the shipyard in Ostvik. \
The Brenholm route will reopen next week with a smaller ferry, the company said.";

fn line(id: &str, url: &str, published: &str, language: &str, title: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "url": url, "published": published, "language": language, "title": title, "text": text })
        .to_string()
}

/// A fresh store holding the JSON Lines records `lines`.
fn stored(lines: &[String]) -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
    let bytes = lines.join("\n").into_bytes();
    let input = Input::Bytes { name: "t.jsonl".into(), origin: Some("test:t.jsonl".into()), bytes };
    pipeline::ingest(vec![input], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
    (dir, store)
}

/// The store after ingesting the five reports, and the view of their story.
fn ingested() -> (tempfile::TempDir, SqliteStore) {
    stored(&[
        line("a", "https://harbour-news.example/a", "2031-03-14", "en", "Ferry runs aground off Brenholm", A),
        line("b", "https://coast-daily.example/b", "2031-03-14", "en", "Sea Lark aground with 212 on board", B),
        line("c", "https://skargardsposten.example/c", "2031-03-15", "sv", "Färjan Sea Lark gick på grund", C),
        line("d", "https://aggregator.example/d", "2031-03-14", "en", "Ferry runs aground off Brenholm", D),
        line("e", "https://harbour-news.example/e", "2031-03-17", "en", "More passengers than reported on Sea Lark", E),
    ])
}

fn doc_of(store: &SqliteStore, url_end: &str) -> DocId {
    store.documents().unwrap().into_iter().find(|d| d.url.as_deref().is_some_and(|u| u.ends_with(url_end))).unwrap().id
}

/// The text a citation points to.
fn cited(store: &SqliteStore, c: &Citation) -> String {
    let d = store.document(&c.doc.0).unwrap().unwrap();
    d.document.text[c.start..c.end].to_string()
}

#[test]
fn the_story_view_merges_cites_and_counts_sources() {
    let (_dir, store) = ingested();
    let a = doc_of(&store, "/a");
    let view = build(&store, &a.0).unwrap();
    assert_eq!(view.sources.len(), 5, "all five reports in one story: {:?}", view.story.events);
    let d = doc_of(&store, "/d");
    let rewrite = view.sources.iter().find(|s| s.doc == d).unwrap();
    assert_eq!(rewrite.rewrite_of.as_ref(), Some(&a), "the aggregator's copy is a rewrite of A");

    // Timeline: the grounding on Wednesday 12 March, told by A, B, C (in
    // Swedish) and the copy D, is one entry with three independent sources.
    let grounding = view
        .timeline
        .iter()
        .filter(|e| e.date.start == date(2031, 3, 12) && e.date.granularity == Granularity::Day)
        .find(|e| e.text.contains("aground") || e.text.contains("grund"))
        .unwrap_or_else(|| panic!("the grounding on Wednesday: {:#?}", view.timeline));
    let docs: std::collections::BTreeSet<&DocId> = grounding.citations.iter().map(|c| &c.doc).collect();
    let texts: Vec<String> = grounding.citations.iter().map(|c| cited(&store, c)).collect();
    assert!(docs.len() >= 3, "grounding merged from several reports: {texts:#?} {:#?}", view.timeline);
    assert!(docs.contains(&d) && docs.contains(&a), "{grounding:?}");
    assert!(grounding.citations.iter().any(|c| c.language == Lang::SV), "the Swedish report joins across languages: {texts:#?}");
    assert!(grounding.independent_sources < docs.len(), "the rewrite is not independent: {grounding:?}");
    assert!(grounding.independent_sources >= 2);
    assert!(texts.iter().filter(|t| t.contains("Sea Lark")).count() >= 3, "{texts:#?}");
    // The route suspension on Thursday 13 March, from several reports.
    let suspension = view
        .timeline
        .iter()
        .find(|e| e.date.start == date(2031, 3, 13) && e.citations.len() >= 2)
        .expect("a merged entry on Thursday");
    assert!(suspension.independent_sources >= 2, "{suspension:?}");
    let e = doc_of(&store, "/e");
    assert!(!suspension.citations.iter().any(|c| c.doc == e), "the reopening next week is another happening: {suspension:?}");
    // June 2029 is background, kept apart.
    assert!(view.background.iter().any(|e| e.date.start == date(2029, 6, 1) && e.date.granularity == Granularity::Month));
    assert!(view.timeline.iter().all(|e| e.date.start >= date(2031, 1, 1)));
    assert!(view.timeline.windows(2).all(|w| w[0].date.start <= w[1].date.start), "in date order");

    // Summary: 5 to 8 sentences, each quoted exactly from its citation.
    assert!((5..=8).contains(&view.summary.len()), "{:?}", view.summary);
    for s in &view.summary {
        assert_eq!(crate::document::normalise(&cited(&store, &s.citation)), s.text);
    }

    // Who said what: the harbour master's words, quoted by several reports
    // (and in Swedish), are one statement with variants.
    let lindqvist = view
        .speakers
        .iter()
        .find(|s| s.name.as_deref().is_some_and(|n| n.contains("Lindqvist")))
        .expect("the harbour master speaks");
    let stable = lindqvist.statements.iter().find(|st| st.text.contains("Nobody was hurt")).expect("her statement");
    assert!(stable.variants.len() >= 3, "{stable:?}");
    assert!(stable.independent_sources >= 2, "{stable:?}");
    for v in &stable.variants {
        assert_eq!(crate::document::normalise(&cited(&store, &v.citation)), v.text);
    }

    // Claims: the passenger count evolves (212, then 230 on Monday), and is
    // corroborated as a statement.
    let passengers = view
        .claims
        .iter()
        .find(|c| c.kind == ClaimKind::Number && c.values.iter().any(|v| v.value == "212"))
        .expect("a passenger count");
    assert!(passengers.values.iter().any(|v| v.value == "230"), "{passengers:?}");
    assert_eq!(passengers.status, ClaimStatus::Evolving, "{passengers:?}");
    let first = passengers.values.iter().find(|v| v.value == "212").unwrap();
    assert!(first.citations.len() >= 3, "{first:?}");
    let statement = view.claims.iter().find(|c| c.kind == ClaimKind::Statement && c.slot.contains("Lindqvist")).unwrap();
    assert_eq!(statement.status, ClaimStatus::Corroborated);

    // Entities: counted within the story, as the store links them.
    let brenholm = view.entities.iter().find(|e| e.name.contains("Brenholm")).expect("Brenholm");
    let linked = store.entity_mentions(&brenholm.id).unwrap();
    let docs: std::collections::BTreeSet<&DocId> = linked.iter().map(|m| &m.doc).collect();
    assert_eq!((brenholm.mentions, brenholm.documents), (linked.len(), docs.len()));
    assert!(brenholm.documents >= 4, "{brenholm:?}");
    assert_eq!(view.entities[0].documents, 5, "the most reported entity is in every report: {:?}", view.entities[0]);
}

#[test]
fn a_summary_in_one_language_quotes_only_that_language() {
    let (_dir, store) = ingested();
    let a = doc_of(&store, "/a");
    let sv = build_with(&store, &a.0, &ViewOptions { language: Some(Lang::SV) }).unwrap();
    assert!(!sv.summary.is_empty());
    assert!(sv.summary.iter().all(|s| s.citation.language == Lang::SV), "{:?}", sv.summary);
    let de = build_with(&store, &a.0, &ViewOptions { language: Some(Lang::DE) }).unwrap();
    assert!(de.summary.is_empty());
    assert_eq!(de.summary_notes.len(), 1, "says there is nothing in German: {:?}", de.summary_notes);
}

#[test]
fn a_missing_story_is_reported() {
    let (_dir, store) = ingested();
    assert!(matches!(build(&store, "s-ffffffffffffffff"), Err(StoryError::NotFound(_))));
}

// An invented mutiny, told in English, Swedish and French, for the summary's
// facets, the timeline's main dates and the role claims.
const M1: &str = "Soldiers seized the state broadcaster in Kessaly on Tuesday and announced that President Lena Orvik had been removed from power. \
Orvik, who won the election in March 2029, was held at her residence on Tuesday, her aides said.\n\n\
The coastal brigade is led by Colonel Idris Varo, whose troops surrounded the parliament in Kessaly. \
The Baltic League and the Union of Coastal States condemned the takeover and demanded the release of Orvik.\n\n\
The mutiny is the third in Tarvenia since 2024, and markets in Kessaly stayed closed.";

const M2: &str = "On Tuesday soldiers took over the state broadcaster in Kessaly and said President Lena Orvik was no longer in power. \
Orvik was detained at her residence in Kessaly, a government spokesman said.\n\n\
Colonel Idris Varo, the head of the coastal brigade, appeared on state television on Wednesday. \
Shops in Kessaly reopened on Wednesday while soldiers guarded the parliament.";

const M3: &str = "I tisdags tog soldater över statstelevisionen i Kessaly och meddelade att president Lena Orvik hade avsatts. \
Orvik hålls i sin bostad i Kessaly.\n\n\
På onsdagen framträdde översten Idris Varo i statlig tv. \
Där beskrevs han som ledare för den nya militärjuntan i Tarvenia.\n\n\
Soldater vaktade parlamentet i Kessaly på onsdagen.";

const M4: &str = "Mardi, des soldats ont pris le contrôle de la télévision d'État à Kessaly et annoncé la destitution de la présidente Lena Orvik. \
Orvik, qui avait remporté l'élection en mars 2029, a été arrêtée mardi dans sa résidence à Kessaly.\n\n\
Le colonel Idris Varo est apparu mercredi à la télévision d'État. \
Les soldats gardaient le parlement à Kessaly mercredi.";

const M5: &str = "Major Tomas Brek, the head of the coastal brigade, said on Wednesday that the soldiers in Kessaly had acted without orders. \
President Lena Orvik remained at her residence in Kessaly on Wednesday, Brek said.";

fn mutiny() -> (tempfile::TempDir, SqliteStore) {
    stored(&[
        line("m1", "https://north-wire.example/m1", "2031-05-07", "en", "Soldiers seize broadcaster in Kessaly", M1),
        line("m2", "https://harbour-times.example/m2", "2031-05-07", "en", "Orvik detained as soldiers take over", M2),
        line("m3", "https://kustbladet.example/m3", "2031-05-08", "sv", "Soldater tog över i Kessaly", M3),
        line("m4", "https://le-littoral.example/m4", "2031-05-08", "fr", "Des soldats prennent Kessaly", M4),
        line("m5", "https://gulf-post.example/m5", "2031-05-07", "en", "Brigade head says soldiers acted without orders", M5),
    ])
}

#[test]
fn the_summary_covers_the_reaction_and_who_leads() {
    let (_dir, store) = mutiny();
    let m1 = doc_of(&store, "/m1");
    let view = build(&store, &m1.0).unwrap();
    let texts: Vec<&str> = view.summary.iter().map(|s| s.text.as_str()).collect();
    assert!((5..=8).contains(&texts.len()), "{texts:#?}");
    for s in &view.summary {
        assert_eq!(crate::document::normalise(&cited(&store, &s.citation)), s.text);
    }
    assert!(texts.iter().any(|t| t.contains("condemned")), "the outside reaction: {texts:#?}");
    assert!(texts.iter().any(|t| t.contains("Varo")), "who leads: {texts:#?}");
    assert!(texts.iter().any(|t| t.contains("Orvik")), "the ousted president: {texts:#?}");
}

#[test]
fn a_sentence_with_several_dates_is_told_once_under_its_main_date() {
    let (_dir, store) = mutiny();
    let m1 = doc_of(&store, "/m1");
    let view = build(&store, &m1.0).unwrap();
    let all: Vec<&TimelineEntry> = view.timeline.iter().chain(&view.background).collect();
    for opening in ["Orvik, who won", "Orvik, qui avait"] {
        let whole = |c: &Citation| cited(&store, c).starts_with(opening);
        let under: Vec<&TimelineEntry> = all.iter().copied().filter(|e| e.citations.iter().any(whole)).collect();
        assert_eq!(under.len(), 1, "once: {under:#?}");
        assert_eq!(under[0].date.start, date(2031, 5, 6), "under Tuesday, its main verb's day: {under:#?}");
    }
    // March 2029 stays as context: its clause alone, cited by the clause's span.
    // (Each report's clause may stand as its own entry: the clauses share little.)
    let march: Vec<&TimelineEntry> =
        view.background.iter().filter(|e| e.date.start == date(2029, 3, 1) && e.date.granularity == Granularity::Month).collect();
    assert!(!march.is_empty(), "March 2029 kept as context: {:#?}", view.background);
    let clauses: Vec<String> = march.iter().flat_map(|e| &e.citations).map(|c| cited(&store, c)).collect();
    assert!(clauses.iter().any(|c| c.starts_with("who won the election") && !c.contains("Tuesday")), "{clauses:?}");
    assert!(clauses.iter().any(|c| c.starts_with("qui avait remporté")), "the French clause: {clauses:?}");
    assert!(clauses.iter().all(|c| !c.contains("Tuesday") && !c.contains("mardi")), "{clauses:?}");
    // Shown as what it is: an excerpt of a longer sentence.
    for e in &march {
        assert!(e.text.starts_with('…') && e.text.ends_with('…'), "marked as an excerpt: {:?}", e.text);
    }
    let whole: Vec<&&TimelineEntry> = all.iter().filter(|e| e.date.start == date(2031, 5, 6)).collect();
    assert!(whole.iter().all(|e| !e.text.starts_with('…')), "sentences are shown whole: {whole:#?}");
}

#[test]
fn dates_in_one_clause_tell_the_sentence_once() {
    let text = "Ferries across the Orla strait were cancelled on Thursday and Friday as the storm hit the coast. \
The operator said crews would inspect the piers before any sailing resumed.";
    let (_dir, store) = stored(&[line("f1", "https://strait-news.example/f1", "2031-09-13", "en", "Storm halts strait ferries", text)]);
    let f1 = doc_of(&store, "/f1");
    let view = build(&store, &f1.0).unwrap();
    let all: Vec<&TimelineEntry> = view.timeline.iter().chain(&view.background).collect();
    let under: Vec<&TimelineEntry> =
        all.iter().copied().filter(|e| e.citations.iter().any(|c| cited(&store, c).starts_with("Ferries across"))).collect();
    assert_eq!(under.len(), 1, "once, under its first date: {under:#?}");
    assert_eq!(under[0].date.start, date(2031, 9, 11));
}

#[test]
fn roles_are_compared_across_reports() {
    let (_dir, store) = mutiny();
    let m1 = doc_of(&store, "/m1");
    let view = build(&store, &m1.0).unwrap();
    let roles: Vec<&Claim> = view.claims.iter().filter(|c| c.kind == ClaimKind::Role).collect();
    // "The coastal brigade is led by Colonel Idris Varo" and "Major Tomas Brek,
    // the head of the coastal brigade" on the same day: one office, two holders.
    let brigade = roles
        .iter()
        .find(|c| c.values.iter().any(|v| v.value.contains("Varo")) && c.values.iter().any(|v| v.value.contains("Brek")))
        .unwrap_or_else(|| panic!("the brigade's head: {roles:#?}"));
    assert_eq!(brigade.status, ClaimStatus::Conflicting, "{brigade:#?}");
    let varo = brigade.values.iter().find(|v| v.value.contains("Varo")).unwrap();
    assert!(varo.citations.len() >= 2, "two reports name Varo: {varo:#?}");
    // The Swedish "described as leader" reaches Varo through the pronoun.
    assert!(
        roles.iter().any(|c| c.slot.contains("ledare") && c.values.iter().any(|v| v.value.contains("Varo"))),
        "{roles:#?}"
    );
    // "The mutiny is the third": an ordinal with its noun said before.
    assert!(view.claims.iter().any(|c| c.kind == ClaimKind::Number && c.values.iter().any(|v| v.value == "#3")), "{:#?}", view.claims);
}

// An invented harbour strike in two reports, for the number slots: shares of
// two sides in one sentence, a figure per source, and counts far apart.
const H1: &str = "Dockworkers in Marrow Bay ended their strike on Monday after union members approved the deal, with 62 percent voting in favour and 38 percent against. \
The port authority said 140 ships had been held up on Monday, while the union said 190 vessels had waited outside the harbour. \
The strike cost the port 3 million euros a day, the authority said.";

const H2: &str = "The dock strike in Marrow Bay ended on Monday when union members accepted the deal by 62 percent to 38 percent. \
The port authority said 140 ships had been delayed in Marrow Bay on Monday. \
Over the whole strike the port lost 40 million euros, the port authority said.";

#[test]
fn number_slots_keep_apart_what_one_sentence_keeps_apart() {
    let (_dir, store) = stored(&[
        line("h1", "https://bay-courier.example/h1", "2031-06-10", "en", "Marrow Bay dock strike ends", H1),
        line("h2", "https://port-report.example/h2", "2031-06-10", "en", "Dock strike over in Marrow Bay", H2),
    ]);
    let h1 = doc_of(&store, "/h1");
    let view = build(&store, &h1.0).unwrap();
    let numbers: Vec<&Claim> = view.claims.iter().filter(|c| c.kind == ClaimKind::Number).collect();
    let holding = |v: &str| numbers.iter().filter(|c| c.values.iter().any(|x| x.value == v)).copied().collect::<Vec<_>>();
    // 62 and 38 percent are two sides' shares, told alike by both reports.
    for share in ["62", "38"] {
        let slot = holding(share);
        assert_eq!(slot.len(), 1, "{share}: {numbers:#?}");
        assert_eq!(slot[0].values.len(), 1, "{share} stands alone: {:#?}", slot[0]);
        assert_eq!(slot[0].status, ClaimStatus::Corroborated, "{:#?}", slot[0]);
    }
    // The authority's 140 ships against the union's 190 vessels: one
    // quantity, two sources, in conflict.
    let ships = holding("140");
    assert_eq!(ships.len(), 1, "{numbers:#?}");
    assert!(ships[0].values.iter().any(|v| v.value == "190"), "{:#?}", ships[0]);
    assert_eq!(ships[0].status, ClaimStatus::Conflicting, "{:#?}", ships[0]);
    // Three million a day and forty million in all are two quantities.
    let daily = holding("3000000");
    assert!(daily.iter().all(|c| c.values.iter().all(|v| v.value != "40000000")), "{daily:#?}");
}
