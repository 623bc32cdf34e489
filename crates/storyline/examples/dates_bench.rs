//! Throughput of the date tagger on generated news text, one thread: 20
//! invented sentences repeated, about half with temporal expressions.
//! Run with `cargo run --release -p storyline --example dates_bench [MB]`.
//! With `--tml DIR...` it scores TimeML files instead and lists every
//! difference (as `storyline eval dates --errors`, without building the CLI);
//! with `--expected JSON CORPUS` it checks a reference reading's dates;
//! with `--corpus DIR` it times the tagger on the `.txt` articles there
//! (such as those `storyline bench --dir D` leaves in `D/corpus`), each
//! anchored to its own ` date` line.

use std::time::Instant;

use storyline::extract::dates;
use storyline::lang::Lang;
use storyline::text::Sentence;

/// Invented sentences: some with dates, most without, as in news.
const SENTENCES: &[&str] = &[
    "The harbour authority of Keldmouth said on Tuesday that the ferry service would resume next week.",
    "Officials met for three hours behind closed doors before issuing a short statement to reporters.",
    "Water levels rose by 40 centimetres overnight, according to figures published by the agency.",
    "The mayor, who took office in March 2021, told residents to stay calm and follow instructions.",
    "Two months earlier, engineers had warned that the embankment was weakening after heavy rain.",
    "Prices at the market were 12.5% higher than a year ago, traders said, blaming fuel costs.",
    "A spokesman declined to comment on the report, which has not been made public.",
    "The council will vote on the plan on 14 September, and work could start early next year.",
    "Thousands of people gathered in the main square, chanting slogans and waving flags.",
    "The company reported third-quarter revenue of $1.2 billion, up from $980 million.",
    "Rescue teams searched the valley through the night but found no further survivors.",
    "Schools remained closed for the second day running, and trains ran a reduced service.",
    "Most of the damage was concentrated along the river, where several warehouses collapsed.",
    "The opposition leader called for an independent inquiry and demanded the minister resign.",
    "Farmers in the northern districts said they had lost most of their livestock in the flood.",
    "Police closed the bridge to traffic and diverted lorries through the industrial estate.",
    "Aid agencies warned that clean water was running short in the camps outside the city.",
    "The minister said the government was doing everything it could to help those affected.",
    "Insurers estimate the total cost of the disaster at between 2 and 3 billion euros.",
    "Residents who returned to their homes found mud up to the windows and no electricity.",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--tml") {
        let paths: Vec<std::path::PathBuf> = args[1..].iter().map(Into::into).collect();
        let report = storyline::eval::timex::evaluate_paths(&paths).expect("TimeML files");
        for m in &report.mismatches {
            println!("{}\t{}\t{}\t{}\t{}", m.what, m.file, m.gold, m.system, m.context);
        }
        print!("{report}");
        return;
    }
    if args.first().is_some_and(|a| a == "--expected") && args.len() == 3 {
        let checks = storyline::eval::expected_dates::check(args[1].as_ref(), args[2].as_ref()).expect("reference reading");
        print!("{checks}");
        return;
    }
    if args.first().is_some_and(|a| a == "--corpus") && args.len() == 2 {
        return time_corpus(args[1].as_ref());
    }
    let mb: f64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20.0);
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut i = 0;
    while (text.len() as f64) < mb * 1e6 {
        let s = SENTENCES[i % SENTENCES.len()];
        let start = text.len();
        text.push_str(s);
        sentences.push(Sentence { start, end: text.len(), language: Lang::EN });
        text.push(if i % 5 == 4 { '\n' } else { ' ' });
        i += 1;
    }
    let anchor = Some("2031-05-16".parse().expect("date"));
    // Startup: each language's patterns are compiled on first use; time that apart.
    let t = Instant::now();
    for lang in [Lang::EN, Lang::SV, Lang::FR, Lang::DE, Lang::ES] {
        let t = Instant::now();
        dates::tag(SENTENCES[0], &[Sentence { start: 0, end: SENTENCES[0].len(), language: lang }], anchor);
        print!("{lang} {:.0} ms  ", t.elapsed().as_secs_f64() * 1e3);
    }
    println!("startup (five languages): {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let cpu = cpu_seconds();
    let found = dates::tag(&text, &sentences, anchor);
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
    println!(
        "{:.1} MB, {} sentences, {} expressions in {:.2} s: {:.1} MB/s",
        text.len() as f64 / 1e6,
        sentences.len(),
        found.len(),
        secs,
        text.len() as f64 / 1e6 / secs
    );
    // On a busy machine the wall clock undercounts a core: CPU time says what one core does.
    if let Some(cpu) = cpu.filter(|c| *c > 0.0) {
        println!("{cpu:.2} s of CPU: {:.1} MB/s per core", text.len() as f64 / 1e6 / cpu);
    }
}

/// Times [`dates::tag`] alone on each article of a directory, after the
/// text step has split it, as the analysis pipeline calls it.
fn time_corpus(dir: &std::path::Path) {
    let mut docs: Vec<(String, Option<jiff::civil::Date>)> = Vec::new();
    storyline::ingest::read_path(dir, &Default::default(), &mut |item| {
        if let storyline::ingest::Item::Document(d) = item {
            docs.push((d.text, d.published));
        }
    });
    let split: Vec<_> = docs.iter().map(|(t, _)| storyline::text::analyze_text(t, None).sentences).collect();
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    for ((text, anchor), s) in docs.iter().zip(&split).take(50) {
        dates::tag(text, s, *anchor); // compiles the patterns
    }
    let t = Instant::now();
    let cpu = cpu_seconds();
    let mut found = 0;
    // A checksum of what was found, to tell a faster tagger's output from the old one's.
    let mut sum: u64 = 0xcbf29ce484222325;
    for ((text, anchor), s) in docs.iter().zip(&split) {
        for t in dates::tag(text, s, *anchor) {
            found += 1;
            for b in t.start.to_le_bytes().iter().chain(&t.end.to_le_bytes()).chain(t.value.as_bytes()) {
                sum = (sum ^ u64::from(*b)).wrapping_mul(0x100000001b3);
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
    println!("{} docs, {:.1} MB, {found} expressions (checksum {sum:016x}) in {secs:.2} s: {:.1} MB/s", docs.len(), bytes as f64 / 1e6, bytes as f64 / 1e6 / secs);
    if let Some(cpu) = cpu.filter(|c| *c > 0.0) {
        println!("{cpu:.2} s of CPU: {:.1} MB/s per core", bytes as f64 / 1e6 / cpu);
    }
}

/// This thread's CPU time (user and system) from /proc, where there is one.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
