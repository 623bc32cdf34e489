//! Scale benchmark of entity resolution on a generated stream (no text
//! analysis): CPU time per article around checkpoints (mean of the last
//! 5000), candidate entities looked at per article (the work, free of the
//! machine's load), entities made, the longest list a blocking key holds, the most
//! given names an entity gathered, and the peak memory of the process.
//!
//!     cargo run --release -p storyline --example resolve_bench -- 100000 [KEY_CAP]
//!
//! KEY_CAP: entities listed per blocking key (default the engine's; 0 for no cap).

use storyline::cluster::synthetic;
use storyline::resolve::EntityIndex;

/// Nanoseconds this thread has run on a CPU (Linux schedstat): the machine
/// is shared, so wall time would measure the neighbours too.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Peak resident memory of this process in MB (Linux), generated articles included.
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let mut index = EntityIndex::new();
    if let Some(cap) = std::env::args().nth(2).and_then(|a| a.parse::<usize>().ok()) {
        index.set_key_cap(if cap == 0 { usize::MAX } else { cap });
    }
    const WINDOW: usize = 5000;
    let mut stream = synthetic::stream(n, 42);
    let mut total = 0u64;
    let mut k = 0;
    while k < n {
        // Generate a window first, so only resolution is timed.
        let batch: Vec<_> = stream.by_ref().take(WINDOW).collect();
        if batch.is_empty() {
            break;
        }
        let examined = index.candidates_examined();
        let t = cpu_ns();
        for (doc, analysis, _) in &batch {
            index.add(doc, analysis);
        }
        let window = cpu_ns() - t;
        let examined = (index.candidates_examined() - examined) as f64 / batch.len() as f64;
        total += window;
        k += batch.len();
        if [WINDOW, 10_000, 30_000, 100_000, 300_000, 1_000_000].contains(&k) || k == n {
            println!(
                "{k:>8} articles: {:>6.1} µs/article over the last {}, {:>5.1} candidates/article, {:>6.1} µs/article overall, {} entities, longest key list {:?}, most given names {}, peak {:.0} MB",
                window as f64 / batch.len() as f64 / 1e3,
                batch.len(),
                examined,
                total as f64 / k as f64 / 1e3,
                index.entities().len(),
                index.largest_key_group(),
                index.entities().iter().map(|e| e.evidence.given.len()).max().unwrap_or(0),
                peak_mb()
            );
        }
    }
}
