//! `storyline bench`: ingest and analysis throughput and peak memory on a
//! generated corpus. Figures, not assertions: the README quotes them.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;
use storyline::analysis::{AnalyzeOptions, BATCH, StepTimes, analyze_batch, analyze_timed};
use storyline::pipeline::{IngestOptions, Input};

#[derive(clap::Args)]
pub struct Args {
    /// Number of articles to generate
    #[arg(long, default_value_t = 10_000)]
    pub docs: usize,
    /// Where to write the generated corpus and database (a temporary directory if absent)
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Print the figures as JSON
    #[arg(long)]
    pub json: bool,
    /// Mix sentences of every language in each article (a stress case for
    /// per-sentence language detection; the benchmark's only mode before
    /// articles were kept to one language)
    #[arg(long)]
    pub mixed: bool,
}

#[derive(Serialize)]
struct Figures {
    documents: usize,
    /// Whether each article mixed the five languages (`--mixed`).
    mixed_languages: bool,
    corpus_mb: f64,
    analysis_mb_per_s_one_thread: f64,
    analysis_docs_per_s_one_thread: f64,
    /// Each step of the analysis alone, on the same sample and thread.
    steps: Steps,
    ingest_seconds: f64,
    ingest_docs_per_s: f64,
    ingest_mb_per_s: f64,
    threads: usize,
    peak_rss_mb: Option<f64>,
}

/// Throughput of each analysis step: the sample's bytes over the step's time.
#[derive(Serialize)]
struct Steps {
    text_mb_per_s: f64,
    dates_mb_per_s: f64,
    entities_mb_per_s: f64,
    quotes_mb_per_s: f64,
    numbers_mb_per_s: f64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tmp = tempfile::tempdir()?;
    let dir = args.dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let corpus_dir = dir.join("corpus");
    std::fs::create_dir_all(&corpus_dir)?;
    // Only the sample for the analysis timing stays in memory: the peak
    // figure is the ingest's, not this generator's copy of the corpus.
    let mut sample = Vec::new();
    let mut bytes = 0usize;
    for (i, a) in generate(args.docs, args.mixed).enumerate() {
        bytes += a.len();
        std::fs::write(corpus_dir.join(format!("{i:06}.txt")), &a)?;
        if i < 2000 {
            sample.push(a);
        }
    }
    eprintln!("generated {} articles ({:.1} MB) in {}", args.docs, bytes as f64 / 1e6, corpus_dir.display());

    // Analysis alone, one thread, on a sample (capped for a quick run).
    let sample_bytes: usize = sample.iter().map(|a| a.len()).sum();
    // Warm-up first: the models and patterns load on first use, once per
    // process, and are not what the per-step figures measure.
    for a in sample.iter().take(50) {
        std::hint::black_box(analyze_timed(a, &AnalyzeOptions::default(), &mut StepTimes::default()));
    }
    let started = Instant::now();
    let mut times = StepTimes::default();
    let opts = AnalyzeOptions::default();
    // In batches, as ingest analyses.
    for chunk in sample.chunks(BATCH) {
        let inputs: Vec<(&str, &AnalyzeOptions)> = chunk.iter().map(|a| (a.as_str(), &opts)).collect();
        std::hint::black_box(analyze_batch(&inputs, &mut times));
    }
    let analysis_secs = started.elapsed().as_secs_f64();
    let mb_per_s = |d: std::time::Duration| sample_bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9);
    let steps = Steps {
        text_mb_per_s: mb_per_s(times.text),
        dates_mb_per_s: mb_per_s(times.dates),
        entities_mb_per_s: mb_per_s(times.entities),
        quotes_mb_per_s: mb_per_s(times.quotes),
        numbers_mb_per_s: mb_per_s(times.numbers),
    };
    let sample_docs = sample.len();
    drop(sample);

    // The whole ingest: read files, analyse in parallel, store in SQLite.
    let db = dir.join("bench.db");
    let _ = std::fs::remove_file(&db);
    let mut store = storyline::store::SqliteStore::open(&db)?;
    let started = Instant::now();
    let summary = storyline::pipeline::ingest(
        vec![Input::Path(corpus_dir.clone())],
        &mut store,
        &IngestOptions::default(),
        &mut |_| {},
    )
    .context("ingest")?;
    let ingest_secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(summary.added == args.docs, "stored {} of {}", summary.added, args.docs);

    let figures = Figures {
        documents: args.docs,
        mixed_languages: args.mixed,
        corpus_mb: bytes as f64 / 1e6,
        analysis_mb_per_s_one_thread: sample_bytes as f64 / 1e6 / analysis_secs,
        analysis_docs_per_s_one_thread: sample_docs as f64 / analysis_secs,
        steps,
        ingest_seconds: ingest_secs,
        ingest_docs_per_s: args.docs as f64 / ingest_secs,
        ingest_mb_per_s: bytes as f64 / 1e6 / ingest_secs,
        threads: rayon::current_num_threads(),
        peak_rss_mb: peak_rss_mb(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        let kind = if figures.mixed_languages { "five languages mixed in each" } else { "one language each" };
        println!("documents                      {} ({kind})", figures.documents);
        println!("corpus                         {:.1} MB", figures.corpus_mb);
        println!("analysis, one thread           {:.1} MB/s ({:.0} docs/s)", figures.analysis_mb_per_s_one_thread, figures.analysis_docs_per_s_one_thread);
        let st = &figures.steps;
        println!("  language, sentences, tokens  {:.1} MB/s", st.text_mb_per_s);
        println!("  dates                        {:.1} MB/s", st.dates_mb_per_s);
        println!("  entities                     {:.1} MB/s", st.entities_mb_per_s);
        println!("  quotes                       {:.1} MB/s", st.quotes_mb_per_s);
        println!("  numbers                      {:.1} MB/s", st.numbers_mb_per_s);
        println!("ingest into SQLite, {} threads  {:.2} s ({:.0} docs/s, {:.1} MB/s)", figures.threads, figures.ingest_seconds, figures.ingest_docs_per_s, figures.ingest_mb_per_s);
        if let Some(mb) = figures.peak_rss_mb {
            println!("peak memory                    {mb:.0} MB");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Articles made of sentences from the demo corpus in a seeded random order,
/// each with a unique line so no two are the same document. An article takes
/// its sentences from the reports of one language, as news does (`mixed`:
/// from all of them); a language comes up as often as the demo has reports
/// in it. Lazy, so the corpus need not be held in memory.
fn generate(n: usize, mixed: bool) -> impl Iterator<Item = String> {
    // Sentence pools by language, and each report's pool.
    let mut pools: Vec<(storyline::lang::Lang, Vec<String>)> = Vec::new();
    let mut reports = Vec::new();
    for (name, bytes) in crate::demo::DEMO_FILES {
        if !name.ends_with(".txt") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let lang = if mixed { storyline::lang::Lang::UNKNOWN } else { storyline::text::detect_language(&text) };
        let pool = match pools.iter().position(|(l, _)| *l == lang) {
            Some(p) => p,
            None => {
                pools.push((lang, Vec::new()));
                pools.len() - 1
            }
        };
        reports.push(pool);
        for s in text.split_inclusive(['.', '!', '?']) {
            let s = s.trim();
            if s.len() > 20 && !s.starts_with("date") {
                pools[pool].1.push(s.to_string());
            }
        }
    }
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        // xorshift64: a fixed, dependency-free sequence is all a benchmark needs.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(move |i| {
            let mut a = String::new();
            if i % 2 == 0 {
                a.push_str(&format!(" date 2025-03-{:02} ", 1 + i % 28));
            }
            let sentences = &pools[reports[(next() % reports.len() as u64) as usize]].1;
            let len = 10 + (next() % 12) as usize;
            for _ in 0..len {
                a.push_str(&sentences[(next() % sentences.len() as u64) as usize]);
                a.push(if next() % 4 == 0 { '\n' } else { ' ' });
            }
            a.push_str(&format!("\nReport {i} was filed by the desk."));
            a
        })
}

/// Peak resident memory of this process (Linux), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
