//! Single-thread throughput of `storyline::analyze` on a generated corpus of
//! invented articles in English, Swedish, French, German and Spanish (some
//! English ones quoting French). Run with
//! `cargo run --release -p storyline --example analyze_throughput [DOCS]`.

use std::time::Instant;

use storyline::analysis::{AnalyzeOptions, analyze};

const PLACES: &[&str] = &[
    "Marlow",
    "Vaulnes",
    "Kellbach",
    "Valdora",
    "Lorvenne",
    "Sundby",
    "Port Ellery",
];
const NAMES: &[&str] = &[
    "Harlan Voss",
    "Edith Marsh",
    "Amina Selk",
    "Élodie Brisac",
    "Hanna Roth",
    "Jonas Lind",
    "Inés Ortega",
];

const EN: &[&str] = &[
    "Heavy rain flooded the lower town of {P} on Sunday night, and {N} said the river had never risen so fast.",
    "Firefighters evacuated about {D} residents from their homes near the bridge.",
    "Gen. {N} told reporters in {P} that the army would not intervene.",
    "The U.S. embassy said it was following the situation closely.",
    "Schools will stay closed until Wednesday, officials said.",
    "Insurers expect claims worth {D} million pounds after the storm.",
    "Mr. {N}, who runs a bakery near the square, lost all his stock.",
    "Police estimated the crowd at {D} people, organisers at twice that.",
];
const FR_QUOTES: &[&str] = &[
    "\"Nous ne lâcherons rien, nous serons encore là la semaine prochaine\", a déclaré {N}.",
    "« C'est une question de dignité pour tous les travailleurs de {P} », a-t-elle ajouté.",
];
const SV: &[&str] = &[
    "Ett kraftigt oväder drog in över {P} under natten till tisdag.",
    "Flera tusen hushåll blev utan ström när träd föll över ledningarna, bl.a. i {P}.",
    "Enligt {N} kan det bli mer regn under helgen.",
    "Tågtrafiken ställdes in i flera timmar och omkring {D} resenärer drabbades.",
    "I onsdags öppnades vägen igen, meddelade kommunen.",
];
const FR: &[&str] = &[
    "Un incendie a ravagé plus de {D} hectares de forêt près de {P}.",
    "Les pompiers luttent contre les flammes depuis jeudi soir.",
    "Selon la préfecture, aucun blessé n'a été signalé à {P}.",
    "M. {N}, maire de la commune, a salué le courage des habitants.",
    "L'origine du sinistre reste inconnue, a indiqué la gendarmerie.",
];
const DE: &[&str] = &[
    "Am 14. März ist in {P} eine Brücke über den Fluss eingestürzt.",
    "Zwei Autos fielen ins Wasser, die Insassen konnten sich retten.",
    "Dr. {N} sprach von {D} Betroffenen, z.B. in der Altstadt.",
    "Nach Angaben der Stadt war die Brücke erst im vergangenen Jahr geprüft worden.",
    "Die Reparatur könnte mehrere Monate dauern.",
];
const ES: &[&str] = &[
    "Un terremoto de magnitud 5,8 sacudió el martes la provincia de {P}.",
    "Las autoridades informaron de daños en {D} viviendas antiguas.",
    "La Sra. {N}, vecina del centro, pasó la noche en la calle con sus hijos.",
    "Los colegios permanecerán cerrados hasta que se revisen los edificios.",
    "Los expertos no descartan nuevas réplicas en los próximos días.",
];

/// CPU seconds this thread has used (Linux; `None` elsewhere). Other jobs on
/// the machine slow the wall clock, not this.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mir", "tes", "va", "ran", "bre", "dun", "sel", "or", "ith", "ma", "gö", "ré",
    "hal", "ven",
];

/// An invented name, so that the vocabulary keeps growing as in real news.
fn name(rng: &mut Lcg) -> String {
    let mut s = String::new();
    for _ in 0..2 {
        for _ in 0..2 + rng.next(2) {
            s.push_str(SYLLABLES[rng.next(SYLLABLES.len())]);
        }
        s.push(' ');
    }
    let mut c = s.trim().chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn article(rng: &mut Lcg, i: usize) -> String {
    let (lang, quotes): (&[&str], &[&str]) = match i % 6 {
        0 | 1 => (EN, FR_QUOTES),
        2 => (SV, &[]),
        3 => (FR, &[]),
        4 => (DE, &[]),
        _ => (ES, &[]),
    };
    let mut text = String::new();
    let paragraphs = 4 + rng.next(4);
    for _ in 0..paragraphs {
        for _ in 0..3 {
            let pool = if !quotes.is_empty() && rng.next(8) == 0 {
                quotes
            } else {
                lang
            };
            let s = pool[rng.next(pool.len())]
                .replace("{P}", PLACES[rng.next(PLACES.len())])
                .replace(
                    "{N}",
                    &if rng.next(2) == 0 {
                        NAMES[rng.next(NAMES.len())].to_string()
                    } else {
                        name(rng)
                    },
                )
                .replace("{D}", &(10 + rng.next(5000)).to_string());
            text.push_str(&s);
            text.push(' ');
        }
        text.push_str("\n\n");
    }
    text
}

fn main() {
    let docs: usize = std::env::args()
        .nth(1)
        .filter(|a| a != "--parts")
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let mut rng = Lcg(42);
    let corpus: Vec<String> = (0..docs).map(|i| article(&mut rng, i)).collect();
    let bytes: usize = corpus.iter().map(String::len).sum();
    // The text layer alone (language, sentences, tokens), then the whole analysis.
    storyline::text::analyze_text(&corpus[0], None);
    let cpu = thread_cpu_seconds();
    for text in &corpus {
        storyline::text::analyze_text(text, None);
    }
    if let (Some(before), Some(after)) = (cpu, thread_cpu_seconds()) {
        println!(
            "text::analyze_text: {:.2} s of CPU, {:.1} MB/s per core",
            after - before,
            bytes as f64 / 1e6 / (after - before)
        );
    }
    if std::env::args().any(|a| a == "--parts") {
        parts(&corpus, bytes);
    }
    // Warm up: lingua and the resources load on first use.
    analyze(&corpus[0], &AnalyzeOptions::default());

    let cpu = thread_cpu_seconds();
    let t = Instant::now();
    let mut sentences = 0;
    let mut tokens = 0;
    for text in &corpus {
        let a = analyze(text, &AnalyzeOptions::default());
        sentences += a.sentences.len();
        tokens += a.tokens.len();
    }
    let secs = t.elapsed().as_secs_f64();
    if let (Some(before), Some(after)) = (cpu, thread_cpu_seconds()) {
        let cpu = after - before;
        println!(
            "storyline::analyze: {cpu:.2} s of CPU, {:.1} MB/s per core",
            bytes as f64 / 1e6 / cpu
        );
    }
    println!(
        "{docs} docs, {:.1} MB ({} B/doc avg), {sentences} sentences, {tokens} tokens",
        bytes as f64 / 1e6,
        bytes / docs
    );
    println!("lingua calls: {}", storyline::text::lingua_calls());
    println!(
        "analyze: {:.2} s, {:.1} MB/s, {:.0} docs/s (one thread)",
        secs,
        bytes as f64 / 1e6 / secs,
        docs as f64 / secs
    );
}

/// Times the parts of the analysis separately (run with `--parts`).
#[allow(dead_code)]
pub fn parts(corpus: &[String], bytes: usize) {
    use unicode_segmentation::UnicodeSegmentation;
    let mb = bytes as f64 / 1e6;
    let t = Instant::now();
    let mut n = 0;
    for text in corpus {
        n += text.split_word_bound_indices().count();
    }
    println!(
        "word bounds only: {:.1} MB/s ({n})",
        mb / t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    for text in corpus {
        n += storyline::text::detect_language(text).code().len();
    }
    println!(
        "detect_language: {:.1} MB/s",
        mb / t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    for text in corpus {
        n += storyline::text::sentences(text, storyline::Lang::EN).len();
    }
    println!(
        "sentences (with tokens): {:.1} MB/s {n}",
        mb / t.elapsed().as_secs_f64()
    );
}
