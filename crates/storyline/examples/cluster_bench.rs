//! Scale benchmark of the clusterer on a generated stream (no text analysis):
//! time per article around checkpoints, throughput, memory per article and
//! story quality against the generator's truth.
//!
//!     cargo run --release -p storyline --example cluster_bench -- 100000

use std::collections::BTreeMap;
use std::time::Instant;

use storyline::cluster::{Clusterer, Config, eval, synthetic};

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

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let base = rss_kb();
    let mut c = Clusterer::new(Config::default());
    let mut gold = BTreeMap::new();
    let mut pred = BTreeMap::new();
    let mut total = 0.0f64;
    let mut window = 0.0f64;
    let mut extract = 0.0f64;
    let started = Instant::now();
    for (i, (doc, analysis, truth)) in synthetic::stream(n, 42).enumerate() {
        let t = Instant::now();
        let f = storyline::cluster::features::extract(&doc, &analysis);
        extract += t.elapsed().as_secs_f64();
        let a = c.add_features(doc.id.clone(), doc.published, f);
        let dt = t.elapsed().as_secs_f64();
        total += dt;
        window += dt;
        if i % 10 == 0 {
            // Score a sample: exact BCubed over all would be quadratic.
            gold.insert(doc.id.0.clone(), truth.to_string());
            pred.insert(doc.id.0.clone(), a.story);
        }
        let k = i + 1;
        if k % 1000 == 0 && (k == 1000 || k == 10_000 || k == 100_000 || k == 1_000_000 || k == n) {
            let rss = rss_kb();
            println!(
                "{k:>8} articles: {:>7.1} µs/article over the last 1000, {:>7.1} µs/article overall, {:>6.0} articles/s (clustering only), RSS {:>6} MB, {:>5.2} kB/article",
                window / 1000.0 * 1e6,
                total / k as f64 * 1e6,
                k as f64 / total,
                rss / 1024,
                (rss.saturating_sub(base)) as f64 / k as f64
            );
        }
        if k % 1000 == 0 {
            window = 0.0;
        }
    }
    println!("feature extraction: {:.1} µs/article of the total", extract / n as f64 * 1e6);
    let s = eval::score(&gold, &pred);
    println!(
        "wall {:.1} s (with generation); 1-in-10 sample of {} articles: story BCubed P {:.3} R {:.3} F1 {:.3}, pairwise F1 {:.3}; {} predicted vs {} true stories in sample",
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
