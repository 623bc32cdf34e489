//! Benchmark of the story view: builds the view (timeline, summary,
//! speakers, claims, entities) of one story of generated reports and times
//! it, with the JSON rendering. The reports are invented: one flood in an
//! invented town, told by many outlets in English and Swedish, with
//! varying numbers, days and quotations.
//!
//!     cargo run -p storyline --example story_bench -- 200

use std::time::Instant;

use storyline::pipeline::{self, IngestOptions, Input};
use storyline::store::{SqliteStore, Store};
use storyline::story::{self, ViewOptions};

const EN: &[&str] = &[
    "Floodwater swept through the town of Harnby on {day}, forcing {n} residents from their homes.",
    "The river Vessa burst its banks after {rain} millimetres of rain fell in two days.",
    "\"We have never seen the water rise this fast,\" mayor Elin Sandgren said on {day}.",
    "Rescue teams evacuated {n} people from the lower districts, the fire service said.",
    "The regional council opened {shelters} emergency shelters in schools and sports halls.",
    "Rail traffic between Harnby and Lovik was suspended on {day} after a bridge was damaged.",
    "Meteorologist Jonas Brink said more rain was expected over the weekend.",
    "\"The dikes held in the north but not in the south,\" Jonas Brink told reporters.",
    "Insurers estimated the damage at {cost} million kronor.",
    "The last comparable flood in Harnby was in 1977, when the old mill was destroyed.",
    "Volunteers filled sandbags outside the town hall through the night.",
    "Power was cut to {homes} homes in the eastern part of the town.",
    "The army sent {soldiers} soldiers to help reinforce the embankments.",
    "Mayor Elin Sandgren said the town would need months to recover.",
];

const SV: &[&str] = &[
    "Översvämningen drabbade Harnby i {dayv} och {n} invånare tvingades lämna sina hem.",
    "Ån Vessa svämmade över efter att {rain} millimeter regn fallit på två dagar.",
    "– Vi har aldrig sett vattnet stiga så snabbt, sade kommunalrådet Elin Sandgren.",
    "Räddningstjänsten evakuerade {n} personer från de lägre delarna av staden.",
    "Tågtrafiken mellan Harnby och Lovik stoppades i {dayv} sedan en bro skadats.",
    "Meteorologen Jonas Brink sade att mer regn väntas under helgen.",
    "Försäkringsbolagen uppskattar skadorna till {cost} miljoner kronor.",
    "Armén skickade {soldiers} soldater för att förstärka vallarna.",
];

/// A small deterministic generator (no dependency for a benchmark).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn fill(template: &str, rng: &mut Rng, days: (&str, &str)) -> String {
    template
        .replace("{day}", days.0)
        .replace("{dayv}", days.1)
        .replace("{n}", ["1,200", "1,200", "1,200", "1,400"][rng.pick(4)])
        .replace("{rain}", "90")
        .replace("{shelters}", "six")
        .replace("{cost}", ["400", "400", "550"][rng.pick(3)])
        .replace("{homes}", "3,000")
        .replace("{soldiers}", "250")
}

fn corpus(n: usize) -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut lines = Vec::with_capacity(n);
    for i in 0..n {
        let swedish = i % 4 == 3;
        let (pool, lang) = if swedish { (SV, "sv") } else { (EN, "en") };
        let day = 10 + (i % 3);
        let days = [("Tuesday", "tisdags"), ("Wednesday", "onsdags"), ("Thursday", "torsdags")][i % 3];
        let count = 6 + rng.pick(pool.len() - 6);
        let mut chosen: Vec<usize> = (0..pool.len()).collect();
        for k in (1..chosen.len()).rev() {
            chosen.swap(k, rng.pick(k + 1));
        }
        chosen.truncate(count);
        chosen.sort();
        let text: Vec<String> = chosen.iter().map(|&k| fill(pool[k], &mut rng, days)).collect();
        lines.push(
            serde_json::json!({
                "id": format!("b{i}"),
                "url": format!("https://outlet{}.example/{i}", i % 40),
                "published": format!("2032-09-{:02}", day + 1),
                "language": lang,
                "title": if swedish { "Översvämning i Harnby" } else { "Flood in Harnby" },
                "text": text.join("\n\n"),
            })
            .to_string(),
        );
    }
    lines.join("\n")
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut store = SqliteStore::open(&dir.path().join("bench.db")).expect("store");
    let input = Input::Bytes { name: "flood.jsonl".into(), origin: Some("bench:flood.jsonl".into()), bytes: corpus(n).into_bytes() };
    let t = Instant::now();
    pipeline::ingest(vec![input], &mut store, &IngestOptions::default(), &mut |_| {}).expect("ingest");
    eprintln!("ingested {n} reports in {:.2} s", t.elapsed().as_secs_f64());
    let stories = storyline::cluster::summary::stories(&store.documents().unwrap(), &store.assignments().unwrap());
    let biggest = stories.first().expect("a story");
    println!("stories: {}, biggest: {} ({} articles)", stories.len(), biggest.id, biggest.articles);

    let runs = 5;
    let mut times = Vec::new();
    let mut json_times = Vec::new();
    let mut view = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = story::build_with(&store, &biggest.id, &ViewOptions::default()).expect("view");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        std::hint::black_box(serde_json::to_string(&v).unwrap());
        json_times.push(t.elapsed().as_secs_f64() * 1000.0);
        view = Some(v);
    }
    times.sort_by(f64::total_cmp);
    json_times.sort_by(f64::total_cmp);
    let v = view.expect("one run");
    println!(
        "view of {} articles: median {:.1} ms (min {:.1}, max {:.1}) + JSON {:.1} ms; {} timeline entries, {} background, {} summary sentences, {} speakers, {} claims, {} entities",
        v.sources.len(),
        times[runs / 2],
        times[0],
        times[runs - 1],
        json_times[runs / 2],
        v.timeline.len(),
        v.background.len(),
        v.summary.len(),
        v.speakers.len(),
        v.claims.len(),
        v.entities.len()
    );
}
