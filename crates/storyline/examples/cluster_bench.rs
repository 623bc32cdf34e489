//! Scale benchmark of the clusterer on a generated stream (no text analysis):
//! CPU time per article around checkpoints (the machine is shared, so wall
//! time would measure the neighbours too), throughput, memory per article
//! and story quality against the generator's truth. Beside CPU time it
//! prints the clusterer's work counters per article over the last
//! `REPORT` articles before each checkpoint: they are the cost curve free
//! of the machine's load (CPU time also moves with cache misses).
//!
//!     cargo run --release -p storyline --example cluster_bench -- 100000 [nomerge]

use std::collections::BTreeMap;

use storyline::cluster::{Clusterer, Config, eval, synthetic};

/// The `storyline` binary's allocator, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Nanoseconds this thread has run on a CPU (Linux schedstat).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let merge = std::env::args().nth(2).as_deref() != Some("nomerge");
    let base = rss_kb();
    let mut c = Clusterer::new(Config { merge_events: merge, ..Config::default() });
    let mut gold = BTreeMap::new();
    let mut pred = BTreeMap::new();
    const WINDOW: usize = 1000;
    // Articles the work counters are averaged over before each checkpoint.
    const REPORT: usize = 5000;
    // (articles so far, CPU ns so far, counters) after each batch of the last REPORT articles.
    type Checkpoint = (usize, u64, Vec<(&'static str, u64)>);
    let mut history: std::collections::VecDeque<Checkpoint> = Default::default();
    history.push_back((0, 0, c.work().fields()));
    let mut total = 0u64;
    let mut k = 0;
    let mut stream = synthetic::stream(n, 42);
    let started = std::time::Instant::now();
    while k < n {
        // Generate a window first, so only feature extraction and clustering are timed.
        let batch: Vec<_> = stream.by_ref().take(WINDOW).collect();
        if batch.is_empty() {
            break;
        }
        let t = cpu_ns();
        let mut assigned = Vec::with_capacity(batch.len());
        for (doc, analysis, _) in &batch {
            let f = storyline::cluster::features::extract(doc, analysis);
            assigned.push(c.add_features(doc.id.clone(), doc.published, f));
        }
        // As the pipeline does after each batch (keeps its bookkeeping bounded).
        c.take_changed_estimates();
        let window = cpu_ns() - t;
        total += window;
        for ((doc, _, truth), a) in batch.iter().zip(assigned) {
            // Score a sample: exact BCubed over all would be quadratic.
            if (k % 10) == 0 {
                gold.insert(doc.id.0.clone(), truth.to_string());
                pred.insert(doc.id.0.clone(), a.story);
            }
            k += 1;
        }
        history.push_back((k, total, c.work().fields()));
        while history.front().is_some_and(|h| h.0 + REPORT < k) {
            history.pop_front();
        }
        if [1000, 10_000, 30_000, 100_000, 300_000, 1_000_000].contains(&k) || k == n {
            let rss = rss_kb();
            println!(
                "{k:>8} articles: {:>7.1} µs/article over the last {WINDOW}, {:>7.1} µs/article overall, {:>6.0} articles/s (CPU, clustering only), RSS {:>6} MB, {:>5.2} kB/article",
                window as f64 / WINDOW as f64 / 1e3,
                total as f64 / k as f64 / 1e3,
                k as f64 / (total as f64 / 1e9),
                rss / 1024,
                (rss.saturating_sub(base)) as f64 / k as f64
            );
            let (k0, t0, before) = history.front().expect("one reading at least");
            let m = (k - k0) as f64;
            let now = c.work().fields();
            let per: Vec<String> = now
                .iter()
                .zip(before)
                .filter(|((name, _), _)| *name != "articles")
                .map(|((name, x), (_, y))| format!("{name} {:.2}", (x - y) as f64 / m))
                .collect();
            println!(
                "          last {} articles: {:.1} µs/article (CPU); per article: {}",
                k - k0,
                (total - t0) as f64 / m / 1e3,
                per.join(", ")
            );
        }
    }
    let s = eval::score(&gold, &pred);
    println!(
        "merge events {merge}; wall {:.1} s (with generation); 1-in-10 sample of {} articles: story BCubed P {:.3} R {:.3} F1 {:.3}, pairwise F1 {:.3}; {} predicted vs {} true stories in sample",
        started.elapsed().as_secs_f64(),
        s.articles,
        s.bcubed.precision,
        s.bcubed.recall,
        s.bcubed.f1,
        s.pairwise.f1,
        s.predicted_clusters,
        s.gold_clusters
    );
}
