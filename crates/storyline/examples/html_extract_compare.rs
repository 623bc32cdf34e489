//! Measures the two candidate HTML main-text extractors on the hand-written
//! news pages in `tests/fixtures/ingest/html` (each `X.html` has the article
//! body it should yield in `X.expected.txt`).
//!
//! Run: `cargo run -p storyline --features compare-html --example html_extract_compare`
//!
//! Scores are bag-of-words precision and recall of the extracted body against
//! the expected body, plus whether paragraph breaks survived. The library uses
//! rs-trafilatura; dom_smoothie is only built for this example. The third row,
//! `storyline`, is what ingest ships: rs-trafilatura after the furniture
//! clean-up of `ingest::html`, with metadata read from the page.

use std::collections::HashMap;
use std::path::Path;

fn words(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        *bag.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// (precision, recall) of `got` against `want`, counting repeated words.
fn score(got: &str, want: &str) -> (f64, f64) {
    let (g, w) = (words(got), words(want));
    let common: usize = g.iter().map(|(k, n)| (*n).min(*w.get(k).unwrap_or(&0))).sum();
    let total = |b: &HashMap<String, usize>| b.values().sum::<usize>().max(1) as f64;
    (common as f64 / total(&g), common as f64 / total(&w))
}

fn paragraphs(text: &str) -> usize {
    text.split('\n').filter(|l| !l.trim().is_empty()).count()
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/html");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    let mut totals: HashMap<&str, (f64, f64, usize)> = HashMap::new();
    println!("{:<18} {:<15} {:>6} {:>6} {:>6} {:>5}/{:<5} title | date | site | lang", "page", "crate", "P", "R", "F1", "paras", "want");
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let want = std::fs::read_to_string(page.with_extension("expected.txt")).unwrap();
        let name = page.file_stem().unwrap().to_string_lossy().to_string();

        let t = rs_trafilatura::extract(&html).expect("rs-trafilatura");
        let t_meta = format!(
            "{:?} | {:?} | {:?} | {:?}",
            t.metadata.title,
            t.metadata.date.map(|d| d.date_naive().to_string()),
            t.metadata.sitename,
            t.metadata.language
        );
        let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
        let d = dom_smoothie::Readability::new(html.as_str(), None, Some(cfg))
            .and_then(|mut r| r.parse())
            .expect("dom_smoothie");
        let d_meta = format!("{:?} | {:?} | {:?} | {:?}", d.title, d.published_time, d.site_name, d.lang);

        let s = storyline::ingest::html::extract(&html);
        let s_meta = format!("{:?} | {:?} | {:?} | {:?}", s.title, s.published.map(|d| d.to_string()), s.site_name, s.lang);

        for (krate, body, meta) in [
            ("rs-trafilatura", t.content_text.clone(), t_meta),
            ("dom_smoothie", d.text_content.to_string(), d_meta),
            ("storyline", s.text.clone(), s_meta),
        ] {
            let (p, r) = score(&body, &want);
            let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
            println!(
                "{:<18} {:<15} {:>6.3} {:>6.3} {:>6.3} {:>5}/{:<5} {}",
                name, krate, p, r, f, paragraphs(&body), paragraphs(&want), meta
            );
            if std::env::var_os("SHOW").is_some() {
                println!("----\n{body}\n----");
            }
            let e = totals.entry(krate).or_insert((0.0, 0.0, 0));
            e.0 += p;
            e.1 += r;
            e.2 += 1;
        }
    }
    for krate in ["rs-trafilatura", "dom_smoothie", "storyline"] {
        let (p, r, n) = totals[krate];
        let (p, r) = (p / n as f64, r / n as f64);
        println!("mean {krate:<15} P {p:.3} R {r:.3} F1 {:.3} over {n} pages", 2.0 * p * r / (p + r));
    }
}
