//! Clustering on invented fixture articles (tests/fixtures/cluster) with
//! labelled stories and events: two earthquakes in one week, a story in
//! three languages, a month-long story with a quiet gap, a rewrite.

use std::collections::BTreeMap;

use super::*;
use crate::analysis::{AnalyzeOptions, analyze};
use crate::document::Format;
use crate::lang::Lang;

struct Fixture {
    name: String,
    doc: Document,
    analysis: Analysis,
}

fn fixtures() -> Vec<Fixture> {
    fixtures_in("cluster")
}

/// The fixture articles of `tests/fixtures/<set>`, in arrival order.
fn fixtures_in(set: &str) -> Vec<Fixture> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(set);
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    for name in names {
        let raw = std::fs::read_to_string(dir.join(&name)).unwrap();
        let (head, body) = raw.split_once("\n\n").unwrap();
        let field = |k: &str| {
            head.lines().find_map(|l| l.strip_prefix(k)).map(|v| v.trim().to_string()).unwrap()
        };
        let mut doc = Document::new(Some(&name), name.clone(), Format::Text, body.to_string());
        doc.title = Some(field("title:"));
        doc.published = field("date:").parse().ok();
        let lang = Lang::from_code(&field("lang:"));
        let analysis = analyze(&doc.text, &AnalyzeOptions { language: lang, published: doc.published });
        out.push(Fixture { name, doc, analysis });
    }
    // Arrival order: by date, undated last, then by name.
    out.sort_by_key(|f| (f.doc.published.is_none(), f.doc.published, f.name.clone()));
    out
}

fn labels(level: usize) -> BTreeMap<String, String> {
    labels_in("cluster", level)
}

/// Labels of `tests/fixtures/<set>/labels.tsv`: story (`level` 0) or event (1).
fn labels_in(set: &str, level: usize) -> BTreeMap<String, String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(set).join("labels.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols[0].to_string(), cols[1 + level].to_string())
        })
        .collect()
}

/// Clusters the fixtures as the pipeline does: entities resolved first.
fn run(fx: &[Fixture]) -> BTreeMap<String, Assignment> {
    run_with(fx, Config::default(), true)
}

fn run_with(fx: &[Fixture], config: Config, resolve: bool) -> BTreeMap<String, Assignment> {
    let mut c = Clusterer::new(config);
    let mut entities = crate::resolve::EntityIndex::new();
    let mut out = BTreeMap::new();
    for f in fx {
        let a = if resolve {
            let changes = entities.add(&f.doc, &f.analysis);
            c.add_resolved(&f.doc, &f.analysis, &changes.mentions)
        } else {
            c.add(&f.doc, &f.analysis)
        };
        out.insert(f.name.clone(), a);
    }
    for a in c.take_changed_estimates() {
        let name = fx.iter().find(|f| f.doc.id == a.doc).unwrap().name.clone();
        out.insert(name, a);
    }
    out
}

fn predicted(run: &BTreeMap<String, Assignment>, level: usize) -> BTreeMap<String, String> {
    run.iter()
        .map(|(n, a)| (n.clone(), if level == 0 { a.story.clone() } else { a.event.clone() }))
        .collect()
}

#[test]
fn fixture_stories_and_events_match_the_labels() {
    let fx = fixtures();
    assert!(fx.iter().all(|f| !f.analysis.tokens.is_empty()), "text analysis must produce tokens");
    let got = run(&fx);
    for (n, a) in &got {
        eprintln!("{n:32} {} {} {:?}", a.story, a.event, a.duplicate_of);
    }
    let stories = eval::score(&labels(0), &predicted(&got, 0));
    let events = eval::score(&labels(1), &predicted(&got, 1));
    eprintln!("stories {stories:?}\nevents {events:?}");
    assert!(stories.bcubed.f1 >= 0.9, "{stories:?}");
    assert!(events.bcubed.f1 >= 0.8, "{events:?}");
    // Two earthquakes in one week are neither one story nor one event.
    assert_ne!(got["q1_belmir_quake.txt"].story, got["q3_vesna_quake.txt"].story);
    assert_ne!(got["q1_belmir_quake.txt"].event, got["q3_vesna_quake.txt"].event);
    // One story in three languages.
    let ferry = &got["f1_aldona_ferry_en.txt"].story;
    assert_eq!(&got["f2_aldona_farja_sv.txt"].story, ferry);
    assert_eq!(&got["f3_aldona_ferry_fr.txt"].story, ferry);
    // German capitalises nouns: names must still carry it to the story.
    assert_eq!(&got["f5_aldona_faehre_de.txt"].story, ferry);
    // A month with a quiet gap: one story, the walkout and the deal apart.
    let korvel = &got["s1_korvel_strike.txt"];
    assert_eq!(got["s4_korvel_deal.txt"].story, korvel.story);
    assert_ne!(got["s4_korvel_deal.txt"].event, korvel.event);
}

/// Event-level BCubed F1 of the fixtures over a range of thresholds
/// (`cargo test -p storyline threshold_sweep -- --ignored --nocapture`).
#[test]
#[ignore]
fn threshold_sweep() {
    let fx = fixtures();
    for resolve in [false, true] {
        for t in [0.2f32, 0.22, 0.25, 0.28, 0.3, 0.33, 0.36] {
            let got = run_with(&fx, Config { event_threshold: t, ..Config::default() }, resolve);
            let s = eval::score(&labels(0), &predicted(&got, 0));
            let e = eval::score(&labels(1), &predicted(&got, 1));
            eprintln!("resolve {resolve} event_threshold {t}: stories F1 {:.3} events P {:.3} R {:.3} F1 {:.3}", s.bcubed.f1, e.bcubed.precision, e.bcubed.recall, e.bcubed.f1);
        }
    }
}

#[test]
fn rewrite_points_at_its_original_and_takes_its_date() {
    let fx = fixtures();
    let got = run(&fx);
    let rewrite = &got["f4_aldona_ferry_rewrite.txt"];
    let original = fx.iter().find(|f| f.name == "f1_aldona_ferry_en.txt").unwrap();
    let (of, sim) = rewrite.duplicate_of.clone().expect("rewrite detected");
    assert_eq!(of, original.doc.id);
    assert!((0.3..1.0).contains(&sim), "{sim}");
    assert_eq!(rewrite.event, got["f1_aldona_ferry_en.txt"].event);
    assert_eq!(rewrite.estimated_date, original.doc.published);
    // Articles on the same event in other words are not rewrites.
    assert!(got["f3_aldona_ferry_fr.txt"].duplicate_of.is_none());
    assert!(got["q2_belmir_toll.txt"].duplicate_of.is_none());
}

#[test]
fn same_order_same_result_and_restore_keeps_it() {
    let fx = fixtures();
    let mut a = Clusterer::new(Config::default());
    let mut b = Clusterer::new(Config::default());
    let mut records = Vec::new();
    for f in &fx {
        let x = a.add(&f.doc, &f.analysis);
        assert_eq!(x, b.add(&f.doc, &f.analysis));
        records.push((x, f.doc.published, a.features(&f.doc.id).unwrap().clone()));
    }
    let _ = a.take_changed_estimates();
    let records: Vec<_> = a
        .assignments()
        .into_iter()
        .zip(records)
        .map(|(x, (_, p, feat))| (x, p, feat))
        .collect();
    let restored = Clusterer::restore(Config::default(), records);
    assert_eq!(restored.assignments(), a.assignments());
}

#[test]
fn recluster_keeps_ids_and_reports_changes() {
    let fx = fixtures();
    let mut c = Clusterer::new(Config::default());
    // Worst arrival order: reversed.
    for f in fx.iter().rev() {
        c.add(&f.doc, &f.analysis);
    }
    let before = c.assignments();
    let (report, changed) = c.recluster();
    let after = c.assignments();
    if report.moved_story.len() + report.moved_event.len() > 0 {
        assert!(!changed.is_empty());
    }
    eprintln!("{report:?}");
    let names: BTreeMap<DocId, String> = fx.iter().map(|f| (f.doc.id.clone(), f.name.clone())).collect();
    let pred: BTreeMap<String, String> = after.iter().map(|a| (names[&a.doc].clone(), a.story.clone())).collect();
    let s = eval::score(&labels(0), &pred);
    assert!(s.bcubed.f1 >= 0.9, "{s:?} {report:?}");
    // An unchanged story keeps its id.
    let ids_before: std::collections::BTreeSet<_> = before.iter().map(|a| &a.story).collect();
    assert!(after.iter().filter(|a| ids_before.contains(&a.story)).count() >= after.len() / 2);
}

#[test]
fn synthetic_stream_clusters_well() {
    let mut c = Clusterer::new(Config::default());
    let mut gold = BTreeMap::new();
    let mut pred = BTreeMap::new();
    for (doc, analysis, truth) in synthetic::stream(3000, 7) {
        let a = c.add(&doc, &analysis);
        gold.insert(doc.id.0.clone(), truth.to_string());
        pred.insert(doc.id.0.clone(), a.story);
    }
    let s = eval::score(&gold, &pred);
    eprintln!("synthetic {s:?}");
    assert!(s.bcubed.f1 >= 0.8, "{s:?}");
}

/// Features from small key sets (names n, terms t), English.
fn feats(names: std::ops::Range<u64>, terms: std::ops::Range<u64>) -> Features {
    Features {
        lang: "en".into(),
        names: names.map(|k| (k, 1)).collect(),
        terms: terms.map(|k| (1000 + k, 1)).collect(),
        ..Features::default()
    }
}

#[test]
fn events_that_fit_as_a_whole_merge_and_the_move_is_reported() {
    let day = Date::constant(2024, 5, 2);
    // Thresholds wide apart, so the fixture needs no fine tuning.
    let mut c = Clusterer::new(Config { story_threshold: 0.1, event_threshold: 0.45, ..Config::default() });
    // An undated early report and a dated one that overlap a little: one
    // story, two events.
    let a = c.add_features(DocId("a".into()), None, feats(0..4, 0..10));
    let b = c.add_features(DocId("b".into()), Some(day), feats(3..7, 8..18));
    assert_eq!(a.story, b.story);
    assert_ne!(a.event, b.event);
    let _ = c.take_changed_estimates();
    // A fuller report covers both: its event and the other are then one.
    let full = c.add_features(DocId("c".into()), Some(day), feats(0..7, 0..18));
    let now = c.assignments();
    assert!(now.iter().all(|x| x.event == full.event), "{now:?}");
    // The event founded first keeps its id; whoever moved is reported.
    assert_eq!(full.event, a.event);
    let moved = c.take_changed_estimates();
    assert!(moved.iter().any(|x| x.doc.0 == "b" && x.event == a.event), "{moved:?}");
}

#[test]
fn resolved_entities_join_spelled_names_and_cross_languages() {
    let mention = |doc: &Document, name: &str, entity: &str| {
        let start = doc.text.find(name).unwrap();
        crate::resolve::ResolvedMention {
            doc: doc.id.clone(),
            start,
            end: start + name.len(),
            text: name.into(),
            kind: crate::extract::EntityType::Location,
            role: None,
            entity: entity.into(),
        }
    };
    let en = Document::new(Some("en"), "en".into(), Format::Text, "Floods hit the town of Varnesse in Ostland on Monday.".into());
    let sv = Document::new(Some("sv"), "sv".into(), Format::Text, "Översvämningar drabbade staden Varnesse i Östlandet i måndags.".into());
    let analyse = |d: &Document, l| analyze(&d.text, &AnalyzeOptions { language: Some(l), published: None });
    let (ea, sa) = (analyse(&en, Lang::EN), analyse(&sv, Lang::SV));
    let fe = features::extract_resolved(&en, &ea, &[mention(&en, "Ostland", "ost"), mention(&en, "Varnesse", "var")]);
    let fs = features::extract_resolved(&sv, &sa, &[mention(&sv, "Östlandet", "ost"), mention(&sv, "Varnesse", "var")]);
    // The country's two spellings share nothing as names, but one entity key.
    assert_eq!(fe.entities, fs.entities);
    assert_eq!(fe.entities.len(), 2);
    // Spans covered by a mention keep their spelled names beside the entity keys.
    let plain = features::extract(&en, &ea);
    assert_eq!(plain.names, fe.names);
    assert!(fe.keys().count() > fe.terms.len());
}

/// A report in a new language, undated, that names many people no earlier
/// report named, and writes the shared ones differently ("Lona"/"Ilona
/// Brask", "Norvanie"/"Norvania"), still joins its story: its lookup keys
/// are names some story holds, and resolved mentions keep their spelled names.
#[test]
fn undated_report_in_a_new_language_with_many_new_names_joins_its_story() {
    let doc = |id: &str, date: Option<&str>, text: &str| {
        let mut d = Document::new(Some(id), id.into(), Format::Text, text.into());
        d.published = date.map(|s| s.parse().unwrap());
        d
    };
    let en = "The river port of Kessavik in Norvania closed on Monday after the River Ambra flooded its quays. \
        Port director Ilona Brask said the National Waterways Board (NWB) had stopped all traffic at Kessavik. \
        Interior Minister Petter Lund visited the flooded town of Oskaby, near Kessavik, in the afternoon. \
        At least six people died in Oskaby and Kessavik, the Norvanian Red Cross said. \
        Brask said the Ambra had risen by two metres overnight.";
    let en2 = "Rescue teams searched Oskaby on Tuesday as the River Ambra began to fall. \
        Ilona Brask, the director of the Kessavik port, said barges could not leave before the NWB inspected the locks. \
        Minister Petter Lund promised help for Norvania's flooded towns. \
        The toll rose to seven, according to the Norvanian Red Cross.";
    let other = "Voters in Calvera chose a new mayor on Sunday. Mayor-elect Tomas Verhoek thanked his supporters \
        in Calvera, and his rival Anika Strand conceded in the evening. Turnout in Calvera was 61 per cent.";
    let fr = "Le port fluvial de Kessavik, en Norvanie, a rouvert lundi 11 mai, une semaine après la crue de l'Ambra. \
        « Nous repartons doucement », a déclaré la directrice du port de Kessavik, Lona Brask. \
        Le ministre Petter Lund était accompagné de Jens Olafson et de Miro Tadesse. \
        Selon Hugo Brenner et Sabine Toller, les bassins seront réparés avant l'été, après l'inspection des écluses par le NWB. \
        À Oskaby, Ottavio Nardi a aidé les habitants à vider leurs maisons.";
    let docs = [
        (doc("en1", Some("2026-05-04"), en), Lang::EN),
        (doc("other", Some("2026-05-04"), other), Lang::EN),
        (doc("en2", Some("2026-05-05"), en2), Lang::EN),
        (doc("fr", None, fr), Lang::FR),
    ];
    let got = cluster_resolved(&docs).1;
    assert_eq!(got["en1"].story, got["en2"].story, "{got:?}");
    assert_ne!(got["en1"].story, got["other"].story, "{got:?}");
    assert_eq!(got["fr"].story, got["en1"].story, "{got:?}");
}

/// Analyses `docs` in their given languages, resolves their entities and
/// clusters them in order; returns the clusterer and each source's assignment.
fn cluster_resolved(docs: &[(Document, Lang)]) -> (Clusterer, BTreeMap<String, Assignment>) {
    let mut c = Clusterer::new(Config::default());
    let mut entities = crate::resolve::EntityIndex::new();
    let mut got = BTreeMap::new();
    for (d, l) in docs {
        let analysis = analyze(&d.text, &AnalyzeOptions { language: Some(*l), published: d.published });
        let changes = entities.add(d, &analysis);
        got.insert(d.source.clone(), c.add_resolved(d, &analysis, &changes.mentions));
    }
    (c, got)
}

/// A demo article: its id, source and publication date.
type DemoDoc = (String, String, Option<Date>);

/// The demo corpus (`crates/storyline-cli/demo`) read, analysed, resolved
/// and clustered as `storyline demo` does (same ids), with its gold events
/// (`events.tsv`). Returns (doc id, source) in input order and the assignments.
fn demo_run(config: Config) -> (Vec<DemoDoc>, BTreeMap<String, Assignment>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../storyline-cli/demo");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.ends_with(".md") && !n.ends_with(".tsv") && !n.starts_with('.'))
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for n in &names {
        let bytes = std::fs::read(dir.join(n)).unwrap();
        crate::ingest::read_bytes(&format!("demo/{n}"), Some(&format!("storyline-demo:{n}")), &bytes, &mut |item| {
            if let crate::ingest::Item::Document(d) = item {
                docs.push(d);
            }
        });
    }
    let analysed: Vec<_> = docs
        .into_iter()
        .map(|d| {
            let a = analyze(&d.text, &crate::pipeline::options_for(&d));
            (d, a)
        })
        .collect();
    let mut entities = crate::resolve::EntityIndex::new();
    let mentions: Vec<_> = analysed.iter().map(|(d, a)| entities.add(d, a).mentions).collect();
    let mut c = Clusterer::new(config);
    let mut out = BTreeMap::new();
    for ((d, a), m) in analysed.iter().zip(&mentions) {
        out.insert(d.id.0.clone(), c.add_resolved(d, a, m));
    }
    for a in c.take_changed_estimates() {
        out.insert(a.doc.0.clone(), a);
    }
    (analysed.iter().map(|(d, _)| (d.id.0.clone(), d.source.clone(), c.main_day_of(&d.id))).collect(), out)
}

fn demo_gold() -> BTreeMap<String, String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../storyline-cli/demo/events.tsv");
    eval::parse_gold(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Demo events against their gold, printed
/// (`cargo test -p storyline demo_events -- --nocapture`).
#[test]
fn demo_events() {
    let (order, got) = demo_run(Config::default());
    let gold = demo_gold();
    for (id, source, day) in &order {
        let a = &got[id];
        eprintln!("{:42.42} {:20} {:20} {:20} {:?} {:?}", source, a.story, a.event, gold.get(id).map_or("?", |s| s), day, a.estimated_date);
    }
    let events: BTreeMap<String, String> = got.iter().map(|(d, a)| (d.clone(), a.event.clone())).collect();
    let stories: BTreeMap<String, String> = got.iter().map(|(d, a)| (d.clone(), a.story.clone())).collect();
    let gold_stories: BTreeMap<String, String> = gold.iter().map(|(d, e)| (d.clone(), e[..1].to_string())).collect();
    let e = eval::score(&gold, &events);
    let s = eval::score(&gold_stories, &stories);
    eprintln!("demo events {e:?}\ndemo stories {s:?}");
    assert_eq!(gold.len(), 22);
    assert_eq!(s.pairwise.f1, 1.0, "{s:?}");
}

/// An invented wildfire story told over ten days in four languages: the
/// outbreak (two reports that day, and a German one two days later that
/// leads with it), the evacuation three days later (English and an undated
/// Swedish report), the containment a week after that (English and French).
/// One story; the three events apart, and the reports of each together.
#[test]
fn a_story_splits_into_events_by_what_happened_when() {
    let doc = |id: &str, date: Option<&str>, title: &str, text: &str| {
        let mut d = Document::new(Some(id), id.into(), Format::Text, text.into());
        d.published = date.map(|s| s.parse().unwrap());
        d.title = Some(title.into());
        d
    };
    let docs = [
        (doc("outbreak", Some("2026-08-03"), "Wildfire breaks out in the hills above Tarvola",
            "A wildfire broke out on Monday in the pine forest above Tarvola, in the province of Ostbrenna. \
             Fire chief Ana Kovel said 300 firefighters and four water bombers were fighting the blaze. \
             The fire had burned 1,400 hectares by the evening, driven by a dry wind from the south. \
             Police closed the road between Tarvola and Mirelle. Nobody has been hurt, Kovel said."), Lang::EN),
        (doc("outbreak2", Some("2026-08-03"), "Forest fire rages near Tarvola",
            "Firefighters battled a forest fire near Tarvola on Monday as strong winds pushed the flames through dry pine. \
             About 1,400 hectares have burned, according to the Ostbrenna fire service. \
             Ana Kovel, the fire chief, said water bombers would fly until dark. \
             The road from Tarvola to Mirelle is closed."), Lang::EN),
        (doc("ausbruch", Some("2026-08-05"), "Waldbrand bei Tarvola",
            "Am Montag brach oberhalb von Tarvola in der Provinz Ostbrenna ein Waldbrand aus. \
             Nach Angaben der Feuerwehrchefin Ana Kovel kämpften 300 Feuerwehrleute und vier Löschflugzeuge gegen die Flammen. \
             Bis zum Abend waren 1.400 Hektar verbrannt. Die Straße zwischen Tarvola und Mirelle wurde gesperrt."), Lang::DE),
        (doc("evacuation", Some("2026-08-06"), "Mirelle evacuated as Tarvola fire turns north",
            "Authorities ordered the evacuation of Mirelle and two nearby villages on Thursday after the Tarvola fire turned north. \
             About 2,600 residents were taken by bus to a sports hall in Ostbrenna. \
             Governor Piet Lindahl said the order would stand until the wind dropped. \
             The fire has now burned 5,200 hectares, fire chief Ana Kovel said."), Lang::EN),
        (doc("evakuering", None, "Mirelle utrymt när branden vänder norrut",
            "Myndigheterna beordrade i torsdags att Mirelle och två byar i närheten skulle utrymmas när branden vid Tarvola vände norrut. \
             Omkring 2 600 invånare fördes med buss till en idrottshall i Ostbrenna. \
             Guvernören Piet Lindahl sade att ordern gäller tills vinden mojnar. \
             Branden har bränt 5 200 hektar, enligt brandchefen Ana Kovel."), Lang::SV),
        (doc("contained", Some("2026-08-13"), "Tarvola fire contained after ten days",
            "Firefighters contained the Tarvola fire on Thursday, ten days after it broke out. \
             Fire chief Ana Kovel said crews would watch for hot spots for another week. \
             Residents of Mirelle began to return home in the afternoon. \
             Governor Piet Lindahl thanked the volunteers and promised aid to farmers who lost their harvest."), Lang::EN),
        (doc("maitrise", Some("2026-08-13"), "L'incendie de Tarvola maîtrisé",
            "Les pompiers ont maîtrisé jeudi l'incendie de Tarvola, dix jours après son départ. \
             La cheffe des pompiers, Ana Kovel, a indiqué que des équipes surveilleraient les foyers pendant encore une semaine. \
             Les habitants de Mirelle ont commencé à rentrer chez eux dans l'après-midi. \
             Le gouverneur Piet Lindahl a promis une aide aux agriculteurs."), Lang::FR),
        (doc("other", Some("2026-08-06"), "Harbour strike in Calvera ends",
            "Dock workers in Calvera ended their strike on Thursday after the port authority agreed to hire 120 new crane operators. \
             Union leader Marta Ibsen called the deal a fair one."), Lang::EN),
    ];
    let (mut c, mut got) = cluster_resolved(&docs);
    for a in c.take_changed_estimates() {
        got.insert(docs.iter().find(|(d, _)| d.id == a.doc).unwrap().0.source.clone(), a);
    }
    let fire = ["outbreak", "outbreak2", "ausbruch", "evacuation", "evakuering", "contained", "maitrise"];
    for n in fire {
        assert_eq!(got[n].story, got["outbreak"].story, "{n}: {got:#?}");
    }
    assert_ne!(got["other"].story, got["outbreak"].story);
    // Reports of one event join, across languages and without a date.
    assert_eq!(got["outbreak2"].event, got["outbreak"].event, "{got:#?}");
    assert_eq!(got["evakuering"].event, got["evacuation"].event, "{got:#?}");
    assert_eq!(got["maitrise"].event, got["contained"].event, "{got:#?}");
    // A report published two days later that leads with the outbreak is
    // about the outbreak: its main day is the Monday its lead names.
    assert_eq!(c.main_day_of(&docs[2].0.id), Some(Date::constant(2026, 8, 3)));
    assert_eq!(got["ausbruch"].event, got["outbreak"].event, "{got:#?}");
    // Days apart, what happened differs: three events.
    assert_ne!(got["evacuation"].event, got["outbreak"].event, "{got:#?}");
    assert_ne!(got["contained"].event, got["evacuation"].event, "{got:#?}");
    assert_ne!(got["contained"].event, got["outbreak"].event, "{got:#?}");
    // The undated report's main day is the Thursday it tells of, and it is
    // estimated to be published that day, with its event.
    assert_eq!(c.main_day_of(&docs[4].0.id), Some(Date::constant(2026, 8, 6)));
    assert_eq!(got["evakuering"].estimated_date, Some(Date::constant(2026, 8, 6)));
}

/// Demo and fixture event scores over a few settings of the event grain
/// (`cargo test -p storyline event_grain_sweep -- --ignored --nocapture`).
#[test]
#[ignore]
fn event_grain_sweep() {
    let gold = demo_gold();
    let fx = fixtures();
    for merge in [true, false] {
        for days in [1.0f32, 1.5, 2.0, 3.0] {
            for tw in [0.75f32, 1.0] {
                let config = Config { merge_events: merge, event_days: days, event_time_weight: tw, ..Config::default() };
                let (_, got) = demo_run(config.clone());
                let events: BTreeMap<String, String> = got.iter().map(|(d, a)| (d.clone(), a.event.clone())).collect();
                let e = eval::score(&gold, &events);
                let f = run_with(&fx, config, true);
                let fe = eval::score(&labels(1), &predicted(&f, 1));
                eprintln!(
                    "merge {merge} event_days {days} time_weight {tw}: demo events pairwise F1 {:.3} BCubed F1 {:.3}; fixtures BCubed F1 {:.3}",
                    e.pairwise.f1, e.bcubed.f1, fe.bcubed.f1
                );
            }
        }
    }
}

/// The event fixtures (`tests/fixtures/cluster_events`): three stories of
/// three or four events each in five languages, with two different
/// happenings on one day in two stories, reports whose long background
/// paragraph retells earlier events, and a rewrite. Printed with
/// `cargo test -p storyline event_fixtures -- --nocapture`.
#[test]
fn event_fixtures_split_by_happening() {
    let fx = fixtures_in("cluster_events");
    let got = run(&fx);
    let gold = labels_in("cluster_events", 1);
    for (n, a) in &got {
        eprintln!("{n:36} {:22} {:22} {:10} {:?}", a.story, a.event, gold[n], a.duplicate_of.as_ref().map(|d| d.1));
    }
    let stories = eval::score(&labels_in("cluster_events", 0), &predicted(&got, 0));
    let events = eval::score(&gold, &predicted(&got, 1));
    eprintln!("event fixtures stories {stories:?}\nevent fixtures events {events:?}");
    let (_, demo) = demo_run(Config::default());
    let demo_events: BTreeMap<String, String> = demo.iter().map(|(d, a)| (d.clone(), a.event.clone())).collect();
    let d = eval::score(&demo_gold(), &demo_events);
    eprintln!("demo events pairwise F1 {:.3} BCubed F1 {:.3}", d.pairwise.f1, d.bcubed.f1);
    eprintln!("fixture events pairwise F1 {:.3} BCubed F1 {:.3}", events.pairwise.f1, events.bcubed.f1);
    assert!(stories.bcubed.f1 >= 0.9, "{stories:?}");
    assert!(events.bcubed.f1 >= 0.95, "{events:?}");
    // Two happenings of one day in one story are two events.
    assert_ne!(got["t3_calloway_witness_en.txt"].event, got["t5_calloway_protest_en.txt"].event);
    assert_ne!(got["d1_kessa_dam_crack_en.txt"].event, got["d3_tolvar_bus_crash_en.txt"].event);
    // A long background paragraph does not pull a report to the events it retells.
    for (n, earlier) in [("d7_brisa_return_en.txt", "d1_kessa_dam_crack_en.txt"), ("o5_meridia_refloated_en.txt", "o1_meridia_aground_en.txt")] {
        assert_ne!(got[n].event, got[earlier].event, "{n}");
    }
    // The rewrite points at its original.
    assert!(got["t7_calloway_verdict_rewrite_en.txt"].duplicate_of.is_some());
}

/// Event scores of the demo and the event fixtures over event settings
/// (`cargo test -p storyline event_setting_sweep -- --ignored --nocapture`).
#[test]
#[ignore]
fn event_setting_sweep() {
    let gold = demo_gold();
    let fx = fixtures_in("cluster_events");
    let fx_gold = labels_in("cluster_events", 1);
    for discount in [0.0f32, 0.5, 0.75] {
        for t in [0.25f32, 0.3, 0.35] {
            for x in [0.8f32, 1.0] {
                let config = Config { story_wide_discount: discount, event_threshold: t, cross_lingual_factor: x, ..Config::default() };
                let (_, got) = demo_run(config.clone());
                let events: BTreeMap<String, String> = got.iter().map(|(d, a)| (d.clone(), a.event.clone())).collect();
                let e = eval::score(&gold, &events);
                let f = eval::score(&fx_gold, &predicted(&run_with(&fx, config, true), 1));
                eprintln!(
                    "story-wide discount {discount} threshold {t} cross {x}: demo pairwise {:.3} BCubed {:.3}; fixtures pairwise {:.3} BCubed {:.3}",
                    e.pairwise.f1, e.bcubed.f1, f.pairwise.f1, f.bcubed.f1
                );
            }
        }
    }
}

#[test]
fn stories_listed_longer_than_the_window_ago_are_not_counted_nor_kept() {
    let config = Config { story_window_days: 5, ..Config::default() };
    let mut c = Clusterer::new(config);
    let day = |d: i8| Some(Date::constant(2024, 3, d));
    let listed = |c: &Clusterer| c.work().stories_listed.get();
    c.add_features(DocId("old".into()), day(1), feats(0..6, 0..10));
    // Within the window: the story is counted and joined.
    let before = listed(&c);
    let a = c.add_features(DocId("near".into()), day(4), feats(0..6, 0..10));
    assert_eq!(listed(&c) - before, 1);
    assert_eq!(a.story, "s-old");
    // Past the window after its latest article (day 4): not counted.
    let before = listed(&c);
    let a = c.add_features(DocId("late".into()), day(12), feats(0..6, 0..10));
    assert_eq!(listed(&c) - before, 0);
    assert_eq!(a.story, "s-late");
    // Listing the new story under the same keys dropped the old one.
    for list in c.postings.values() {
        assert!(list.iter().all(|p| p.story != c.story_ids["s-old"]), "{list:?}");
    }
    // An undated article is not held to any window: it counts every listed story.
    let before = listed(&c);
    c.add_features(DocId("undated".into()), None, feats(0..6, 0..10));
    assert_eq!(listed(&c) - before, 1);
}

#[test]
fn work_per_article_stays_within_the_window_on_a_long_stream() {
    // 500 articles a day: a 2-day window holds about 1,000 articles.
    let mut c = Clusterer::new(Config { story_window_days: 2, ..Config::default() });
    for (i, (doc, analysis, _)) in synthetic::stream(5000, 11).enumerate() {
        let before = c.work().stories_listed.get();
        c.add(&doc, &analysis);
        if i < 1000 {
            continue;
        }
        // Stories counted for the article: only those with a dated article
        // within the window before it (or none yet dated).
        let since = epoch_day(doc.published.unwrap()) - 2;
        let live = c.stories.iter().filter(|s| s.cluster.range().is_none_or(|r| epoch_day(r.1) >= since)).count();
        let counted = (c.work().stories_listed.get() - before) as usize;
        assert!(counted <= live, "article {i}: {counted} stories counted, {live} live");
    }
    let w = c.work();
    assert_eq!(w.articles.get(), 5000);
    assert!(w.postings_walked.get() <= w.keys_queried.get() * c.config.posting_cap as u64);
    assert!(w.stories_scored.get() <= 5000 * c.config.max_candidates as u64);
}

#[test]
fn a_lead_dated_in_its_second_sentence_outweighs_the_publication_date() {
    let published = Date::new(2031, 5, 10).ok();
    let text = "The harbour of Quillon will stay shut. The port authority decided so on Thursday, \
                after the storm broke two cranes.";
    let analysis = analyze(text, &AnalyzeOptions { language: Some(Lang::EN), published });
    let days = features::lead_days(&analysis);
    assert_eq!(days, vec![(features::Day::Date(Date::new(2031, 5, 8).unwrap()), 1.0)]);
    let c = Clusterer::new(Config::default());
    let f = Features { lead_days: days, ..Features::default() };
    assert_eq!(c.main_day(&f, published, None), Date::new(2031, 5, 8).ok());
}
