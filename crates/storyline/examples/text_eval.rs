//! Language identification and throughput on real text: token-per-line
//! corpora (CoNLL-style NER sets), rebuilt into documents of 15 sentences.
//! Nothing is stored. Usage:
//! `cargo run --release -p storyline --example text_eval -- LANG:COLUMN:PATH...`
//! (COLUMN: which tab- or space-separated column holds the token, from 0).
//! Reports document and sentence language accuracy per language, the same
//! for documents of that language with one English sentence spliced in, and
//! single-thread throughput of `storyline::analyze`.

use std::time::Instant;

use storyline::Lang;
use storyline::analysis::{AnalyzeOptions, analyze};

const SENTENCES_PER_DOC: usize = 15;
const MAX_DOCS: usize = 400;

/// Sentences of a token-per-line file, detokenised with plain spacing rules.
fn read_sentences(lang: &str, column: usize, path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let prefix = format!("{lang}:");
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if line.starts_with('#') || line.starts_with("-DOCSTART-") {
            continue;
        }
        let cols: Vec<&str> = line.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
        let Some(tok) = cols.get(column) else {
            if cur.split(' ').count() >= 5 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
            continue;
        };
        let tok = tok.strip_prefix(&prefix).unwrap_or(tok);
        let glue = matches!(tok, "," | "." | ";" | ":" | "!" | "?" | ")" | "'s")
            || cur.ends_with('(')
            || cur.is_empty();
        if !glue {
            cur.push(' ');
        }
        cur.push_str(tok);
    }
    out
}

/// CPU seconds this thread has used (Linux; `None` elsewhere).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let english_filler = "The talks are expected to resume next week, officials said on Monday.";
    let mut all_docs: Vec<String> = Vec::new();
    for arg in std::env::args().skip(1) {
        let mut parts = arg.splitn(3, ':');
        let (lang, column, path) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let expected = Lang::from_code(lang).unwrap();
        let sentences = read_sentences(lang, column.parse().unwrap(), path);
        let docs: Vec<String> = sentences
            .chunks(SENTENCES_PER_DOC)
            .filter(|c| c.len() == SENTENCES_PER_DOC)
            .take(MAX_DOCS)
            .map(|c| c.join(" "))
            .collect();
        let (mut doc_ok, mut sent_ok, mut sent_n) = (0, 0, 0);
        let (mut mixed_ok, mut mixed_n, mut mixed_false) = (0, 0, 0);
        let before = storyline::text::lingua_calls();
        for doc in &docs {
            let a = analyze(doc, &AnalyzeOptions::default());
            doc_ok += (a.language == expected) as usize;
            if std::env::var_os("SHOW_MISSES").is_some() {
                if a.language != expected {
                    println!("  doc read as {}: {:.100}", a.language, doc);
                }
                for s in a.sentences.iter().filter(|s| s.language != a.language) {
                    println!(
                        "  sentence {} in {} doc: {:.120}",
                        s.language,
                        a.language,
                        &doc[s.start..s.end]
                    );
                }
            }
            sent_n += a.sentences.len();
            sent_ok += a
                .sentences
                .iter()
                .filter(|s| s.language == expected)
                .count();
            if expected != Lang::EN {
                // The same document with one English sentence in the middle.
                let mut mid = doc.len() / 2;
                while !doc.is_char_boundary(mid) {
                    mid += 1;
                }
                let cut = doc[mid..]
                    .find(". ")
                    .map(|i| mid + i + 2)
                    .unwrap_or(doc.len());
                let mixed = format!("{}{english_filler} {}", &doc[..cut], &doc[cut..]);
                let a = analyze(&mixed, &AnalyzeOptions::default());
                for s in &a.sentences {
                    let is_filler = &mixed[s.start..s.end] == english_filler;
                    if is_filler {
                        mixed_n += 1;
                        mixed_ok += (s.language == Lang::EN) as usize;
                    } else if s.language != expected {
                        mixed_false += 1;
                    }
                }
            }
        }
        println!(
            "{lang}: {} docs; document language {doc_ok}/{}; sentences in document language {sent_ok}/{sent_n} ({:.1}%); lingua calls {}",
            docs.len(),
            docs.len(),
            100.0 * sent_ok as f64 / sent_n.max(1) as f64,
            storyline::text::lingua_calls() - before
        );
        if mixed_n > 0 {
            println!(
                "    spliced English sentence found {mixed_ok}/{mixed_n}; other sentences switched {mixed_false}"
            );
        }
        all_docs.extend(docs);
    }
    let bytes: usize = all_docs.iter().map(String::len).sum();
    let before_calls = storyline::text::lingua_calls();
    let lingua_before = storyline::text::lingua_time();
    let cpu = thread_cpu_seconds();
    for doc in &all_docs {
        storyline::text::analyze_text(doc, None);
    }
    if let (Some(before), Some(after)) = (cpu, thread_cpu_seconds()) {
        let calls = storyline::text::lingua_calls() - before_calls;
        println!(
            "  of which lingua: {:.2} s",
            (storyline::text::lingua_time() - lingua_before).as_secs_f64()
        );
        println!(
            "text::analyze_text: {:.1} MB/s per core ({:.2} s of CPU, lingua calls {calls})",
            bytes as f64 / 1e6 / (after - before),
            after - before
        );
    }
    let cpu = thread_cpu_seconds();
    let t = Instant::now();
    for doc in &all_docs {
        analyze(doc, &AnalyzeOptions::default());
    }
    let secs = t.elapsed().as_secs_f64();
    if let (Some(before), Some(after)) = (cpu, thread_cpu_seconds()) {
        println!(
            "storyline::analyze: {:.1} MB/s per core ({:.2} s of CPU)",
            bytes as f64 / 1e6 / (after - before),
            after - before
        );
    }
    println!(
        "throughput (second pass, warm caches): {:.1} MB in {secs:.2} s = {:.1} MB/s wall, lingua calls {}",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        storyline::text::lingua_calls() - before_calls
    );
}
