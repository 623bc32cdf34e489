//! Single-thread throughput of the NER tagger (`extract::entities::extract`)
//! on generated articles about invented events in five languages; prints a
//! checksum of the mentions so that two builds can be compared for equal
//! output. Run with
//! `cargo run --release -p storyline --example ner_speed [DOCS [MODELS_DIR]] [--corpus DIR]`
//! (MODELS_DIR: read `ner-<lang>.bin` from there instead of the compiled-in models;
//! DIR: time the first DOCS articles there instead, such as the corpus
//! `storyline bench --dir D` leaves in `D/corpus`).

use std::time::Instant;

use storyline::extract::entities;

/// The `storyline` binary's allocator, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PLACES: &[&str] = &["Marlow", "Vaulnes", "Kellbach", "Valdora", "Lorvenne", "Sundby", "Port Ellery"];
const ORGS: &[&str] = &["Northern Rail Union", "Valdora Water Board", "the Kellbach Red Cross", "UNHCR", "Banco Sur"];
const SENTENCES: &[&str] = &[
    "Heavy rain flooded the lower town of {P} on Sunday night, and {N} said the river had never risen so fast.",
    "Firefighters evacuated about {D} residents from their homes near the bridge, the {O} said.",
    "Gen. {N} told reporters in {P} that the army would not intervene.",
    "SCHOOLS CLOSED: the {O} asked parents in {P} to keep children at home.",
    "Ett kraftigt oväder drog in över {P} under natten till tisdag, enligt {N}.",
    "Un incendie a ravagé plus de {D} hectares de forêt près de {P}, selon {N}.",
    "Dr. {N} sprach von {D} Betroffenen in {P}, die {O} half.",
    "La Sra. {N}, vecina de {P}, pasó la noche en la calle con sus hijos.",
];
const SYLLABLES: &[&str] = &["ka", "lo", "mir", "tes", "va", "ran", "bre", "dun", "sel", "or", "ith", "gö", "ré"];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// An invented two-part name, so the vocabulary keeps growing.
fn name(rng: &mut Lcg) -> String {
    let mut parts = Vec::new();
    for _ in 0..2 {
        let mut s = String::new();
        for _ in 0..2 + rng.next(2) {
            s.push_str(SYLLABLES[rng.next(SYLLABLES.len())]);
        }
        let mut c = s.chars();
        parts.push(c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default());
    }
    parts.join(" ")
}

fn article(rng: &mut Lcg) -> String {
    let mut text = String::new();
    for _ in 0..12 + rng.next(12) {
        let s = SENTENCES[rng.next(SENTENCES.len())]
            .replace("{P}", PLACES[rng.next(PLACES.len())])
            .replace("{O}", ORGS[rng.next(ORGS.len())])
            .replace("{N}", &name(rng))
            .replace("{D}", &(10 + rng.next(5000)).to_string());
        text.push_str(&s);
        text.push_str(if rng.next(4) == 0 { "\n\n" } else { " " });
    }
    text
}

/// CPU seconds this thread has used (Linux); other jobs slow the wall clock, not this.
fn thread_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let corpus_dir = args.iter().position(|a| a == "--corpus").map(|i| {
        let dir = args.get(i + 1).cloned().expect("--corpus takes a directory");
        args.drain(i..i + 2);
        dir
    });
    let docs: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let from_dir = args.get(1).map(|d| entities::Recogniser::from_dir(std::path::Path::new(d)));
    let rec = from_dir.as_ref().unwrap_or_else(|| entities::Recogniser::embedded());
    let corpus: Vec<String> = match corpus_dir {
        Some(dir) => {
            // Through the project's reader, as ingest reads them (sorted, date lines cut).
            let mut texts = Vec::new();
            storyline::ingest::read_path(std::path::Path::new(&dir), &Default::default(), &mut |item| {
                if let storyline::ingest::Item::Document(d) = item {
                    texts.push(d.text);
                }
            });
            texts.truncate(docs);
            texts
        }
        None => {
            let mut rng = Lcg(7);
            (0..docs).map(|_| article(&mut rng)).collect()
        }
    };
    let docs = corpus.len();
    let bytes: usize = corpus.iter().map(String::len).sum();
    let sentences: Vec<_> = corpus.iter().map(|t| storyline::text::analyze_text(t, None).sentences).collect();
    let load = Instant::now();
    for (text, s) in corpus.iter().zip(&sentences).take(50) {
        rec.extract(text, s); // loads the models
    }
    println!("model loading and warm-up: {:.0} ms", load.elapsed().as_secs_f64() * 1e3);
    for lang in storyline::lang::FULL {
        if let Some(m) = rec.model(lang) {
            println!("  {lang}: {} features, weights {:.1} MB in memory", m.features(), m.weight_bytes() as f64 / 1e6);
        }
    }
    let t = Instant::now();
    let cpu = thread_cpu_seconds();
    let mut sum: u64 = 0xcbf29ce484222325;
    let mut mentions = 0;
    for (text, s) in corpus.iter().zip(&sentences) {
        for m in rec.extract(text, s).mentions {
            mentions += 1;
            for x in [m.start as u64, m.end as u64, m.kind as u64] {
                sum = (sum ^ x).wrapping_mul(0x100000001b3);
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds() - cpu;
    println!(
        "NER: {docs} docs, {:.1} MB; wall {secs:.2} s, CPU {cpu:.2} s: {:.2} MB/s per core; {mentions} mentions, checksum {sum:016x}",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / cpu
    );
}
