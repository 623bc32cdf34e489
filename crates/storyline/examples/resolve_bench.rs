//! Scale benchmark of entity resolution on a generated stream (no text
//! analysis): a curve at 10k, 30k, 100k and 300k articles (and at the
//! end) of CPU time per article and candidate entities looked at per article
//! (the work, free of the machine's load), both over the last 5000
//! articles; the index's memory per article (resident memory grown since
//! the start, generated articles dropped), overall and since the previous
//! line; entities made; the most
//! candidates one key returned; the peak memory of the process; and the
//! pairwise merge precision and recall of all mentions so far against the
//! generated truth (a person is a story's full name, an organisation a
//! story's name: people with one full name in two stories count as two,
//! though no name tells them apart, so precision is below 1 by design; the
//! figures are for comparing settings).
//!
//!     cargo run --release -p storyline --example resolve_bench -- [N] [KEY_CAP] [WINDOW]
//!
//! The same under callgrind counts instructions per window: see [`window_done`].
//!
//! N: articles (default 300000). KEY_CAP: entities listed per blocking key
//! (default the engine's by kind of key; 0 for no cap). WINDOW: articles a
//! person stays a surname candidate (default the engine's; 0 for no window).

use std::collections::HashMap;

use storyline::cluster::synthetic;
use storyline::extract::EntityType;
use storyline::resolve::EntityIndex;

/// Mentions per (entity, truth) cell, per entity and per truth: pairwise
/// precision and recall without listing pairs.
#[derive(Default)]
struct Pairs {
    cells: HashMap<(String, (usize, String)), u64>,
    entities: HashMap<String, u64>,
    truths: HashMap<(usize, String), u64>,
}

impl Pairs {
    fn add(&mut self, entity: &str, truth: (usize, String)) {
        *self.cells.entry((entity.to_string(), truth.clone())).or_default() += 1;
        *self.entities.entry(entity.to_string()).or_default() += 1;
        *self.truths.entry(truth).or_default() += 1;
    }

    fn precision_recall(&self) -> (f64, f64) {
        let pairs = |counts: &mut dyn Iterator<Item = u64>| counts.map(|n| n * n.saturating_sub(1) / 2).sum::<u64>() as f64;
        let right = pairs(&mut self.cells.values().copied());
        (right / pairs(&mut self.entities.values().copied()), right / pairs(&mut self.truths.values().copied()))
    }
}

/// Nanoseconds this thread has run on a CPU (Linux schedstat): the machine
/// is shared, so wall time would measure the neighbours too.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// A memory figure of this process from /proc/self/status (Linux), in kB.
fn status_kb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field))?.split_whitespace().nth(1)?.parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// Called after each window of articles: a mark for `valgrind --tool=callgrind
/// --toggle-collect='*EntityIndex*add*' --dump-before='*window_done*'`, which
/// then writes one profile per window, the instructions resolution ran in it
/// (a count the machine's load does not change).
#[inline(never)]
fn window_done(k: usize) {
    std::hint::black_box(k);
}

fn arg(k: usize) -> Option<u64> {
    std::env::args().nth(k).and_then(|a| a.parse().ok())
}

fn main() {
    let n = arg(1).unwrap_or(300_000) as usize;
    let mut index = EntityIndex::new();
    if let Some(cap) = arg(2) {
        index.set_key_cap(if cap == 0 { usize::MAX } else { cap as usize });
    }
    if let Some(window) = arg(3) {
        index.set_window(if window == 0 { u32::MAX } else { window as u32 });
    }
    // Resident memory is read after each window: the allocator is told to
    // hand back what the dropped articles held, so it counts the index.
    const WINDOW: usize = 5000;
    let mut stream = synthetic::stream(n, 42);
    let start_kb = status_kb("VmRSS:");
    let mut total = 0u64;
    let mut pairs = Pairs::default();
    let mut last = (0usize, start_kb);
    let mut k = 0;
    println!("articles  µs/article (last {WINDOW})  candidates/article (last {WINDOW})  kB/article (since last line)  µs/article overall  entities  most per key  peak MB  merge P / R");
    while k < n {
        // Generate a window first, so only resolution is timed.
        let batch: Vec<_> = stream.by_ref().take(WINDOW).collect();
        if batch.is_empty() {
            break;
        }
        let examined = index.candidates_examined();
        let t = cpu_ns();
        let changes: Vec<_> = batch.iter().map(|(doc, analysis, _)| index.add(doc, analysis)).collect();
        let window = cpu_ns() - t;
        for ((_, analysis, story), changes) in batch.iter().zip(&changes) {
            // Mentions come as full name, surname, full name, surname, organisation.
            let mut full = String::new();
            for (m, r) in analysis.entities.iter().zip(&changes.mentions) {
                assert_eq!((m.start, analysis.entities.len()), (r.start, changes.mentions.len()));
                if m.kind == EntityType::Person && m.text.contains(' ') {
                    full = m.text.clone();
                }
                let truth = if m.kind == EntityType::Person { full.clone() } else { m.text.clone() };
                pairs.add(&r.entity, (*story, truth));
            }
        }
        let examined = (index.candidates_examined() - examined) as f64 / batch.len() as f64;
        total += window;
        k += batch.len();
        window_done(k);
        let per_article = window as f64 / batch.len() as f64 / 1e3;
        drop(batch);
        drop(changes);
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: malloc_trim only returns free pages; it touches no live allocation.
        unsafe {
            libc::malloc_trim(0);
        }
        if [10_000, 30_000, 100_000, 300_000, 1_000_000].contains(&k) || k == n {
            let rss = status_kb("VmRSS:");
            println!(
                "{k:>8}  {per_article:>6.1}  {examined:>5.2}  {:>5.2} ({:.2})  {:>6.1}  {:>7}  {:>3}  {:>5.0}  {:.4} / {:.4}",
                (rss - start_kb) / k as f64,
                (rss - last.1) / (k - last.0) as f64,
                total as f64 / k as f64 / 1e3,
                index.entities().len(),
                index.most_candidates_per_key(),
                status_kb("VmHWM:") / 1024.0,
                pairs.precision_recall().0,
                pairs.precision_recall().1
            );
            last = (k, rss);
        }
    }
}
