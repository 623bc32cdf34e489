//! Scoring a clustering against a gold one: pairwise precision, recall and
//! F1 (over pairs of articles put together, as in Miranda et al. 2018) and
//! BCubed precision, recall and F1 (per article, averaged).
//!
//! Only articles present in both the gold file and the prediction count.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1 }
    }
}

/// Scores of one comparison.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Articles scored (in both gold and prediction).
    pub articles: usize,
    pub gold_clusters: usize,
    pub predicted_clusters: usize,
    pub pairwise: Prf,
    pub bcubed: Prf,
}

/// Compares `predicted` with `gold`, both article -> cluster label.
pub fn score(gold: &BTreeMap<String, String>, predicted: &BTreeMap<String, String>) -> Scores {
    let docs: Vec<&String> = gold.keys().filter(|d| predicted.contains_key(*d)).collect();
    let n = docs.len();
    let g: Vec<&String> = docs.iter().map(|d| &gold[*d]).collect();
    let p: Vec<&String> = docs.iter().map(|d| &predicted[*d]).collect();

    let (mut both, mut in_p, mut in_g) = (0u64, 0u64, 0u64);
    let (mut bp, mut br) = (0.0, 0.0);
    for i in 0..n {
        let (mut same_p, mut same_g, mut same_both) = (0u64, 0u64, 0u64);
        for j in 0..n {
            let sp = p[i] == p[j];
            let sg = g[i] == g[j];
            same_p += sp as u64;
            same_g += sg as u64;
            same_both += (sp && sg) as u64;
            if j > i {
                in_p += sp as u64;
                in_g += sg as u64;
                both += (sp && sg) as u64;
            }
        }
        bp += same_both as f64 / same_p as f64;
        br += same_both as f64 / same_g as f64;
    }
    // With no pair on one side, that side makes no error.
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let distinct = |v: &[&String]| v.iter().collect::<BTreeSet<_>>().len();
    Scores {
        articles: n,
        gold_clusters: distinct(&g),
        predicted_clusters: distinct(&p),
        pairwise: if n == 0 { Prf::default() } else { Prf::new(ratio(both, in_p), ratio(both, in_g)) },
        bcubed: if n == 0 { Prf::default() } else { Prf::new(bp / n as f64, br / n as f64) },
    }
}

/// Reads a gold clustering: TSV lines `doc<TAB>cluster` (`#` comments and
/// blank lines skipped), or JSON: an object `{doc: cluster}` or an array of
/// clusters, each an array of docs.
pub fn parse_gold(text: &str) -> Result<BTreeMap<String, String>, String> {
    parse_gold_at(text, false)
}

/// [`parse_gold`], also reading a reference reading: a JSON object whose
/// `stories` each list `articles` and `events` (each with `articles`);
/// `story_level` picks which of the two clusterings is returned.
pub fn parse_gold_at(text: &str, story_level: bool) -> Result<BTreeMap<String, String>, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut out = BTreeMap::new();
        if let Some(stories) = value.get("stories").and_then(|s| s.as_array()) {
            for (i, story) in stories.iter().enumerate() {
                let events = story.get("events").and_then(|e| e.as_array()).cloned().unwrap_or_default();
                let groups: Vec<(String, &serde_json::Value)> = if story_level || events.is_empty() {
                    vec![(format!("s{i}"), story)]
                } else {
                    events.iter().enumerate().map(|(j, e)| (format!("s{i}e{j}"), e)).collect()
                };
                for (label, g) in groups {
                    let docs = g.get("articles").and_then(|a| a.as_array()).ok_or("each story and event needs `articles`")?;
                    for d in docs {
                        out.insert(d.as_str().ok_or("articles must be strings")?.to_string(), label.clone());
                    }
                }
            }
            return Ok(out);
        }
        match value {
            serde_json::Value::Object(map) => {
                for (doc, c) in map {
                    let c = match c {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    out.insert(doc, c);
                }
            }
            serde_json::Value::Array(clusters) => {
                for (i, c) in clusters.iter().enumerate() {
                    let docs = c.as_array().ok_or("each cluster must be an array of docs")?;
                    for d in docs {
                        let d = d.as_str().ok_or("docs must be strings")?;
                        out.insert(d.to_string(), format!("c{i}"));
                    }
                }
            }
            _ => return Err("expected an object or an array".into()),
        }
        return Ok(out);
    }
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (doc, cluster) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: expected doc<TAB>cluster", n + 1))?;
        out.insert(doc.trim().to_string(), cluster.trim().to_string());
    }
    Ok(out)
}

/// Whether a gold key names a stored article: its id (or a prefix of at
/// least 6 digits), its source, or the file name of its source (with or
/// without a `#record` part).
pub fn key_matches(key: &str, id: &str, source: &str) -> bool {
    if key == id || (key.len() >= 6 && id.starts_with(key)) || key == source {
        return true;
    }
    let file = source.rsplit(['/', '\\']).next().unwrap_or(source);
    let bare = file.split('#').next().unwrap_or(file);
    key == file || key == bare
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn perfect_and_lumped_clusterings() {
        let gold = map(&[("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")]);
        let s = score(&gold, &gold);
        assert_eq!(s.pairwise.f1, 1.0);
        assert_eq!(s.bcubed.f1, 1.0);
        let lumped = map(&[("a", "x"), ("b", "x"), ("c", "x"), ("d", "x")]);
        let s = score(&gold, &lumped);
        // 2 true pairs of 6 predicted; every gold pair found.
        assert!((s.pairwise.precision - 2.0 / 6.0).abs() < 1e-9);
        assert_eq!(s.pairwise.recall, 1.0);
        assert!((s.bcubed.precision - 0.5).abs() < 1e-9);
        assert_eq!(s.bcubed.recall, 1.0);
    }

    #[test]
    fn gold_reads_a_reference_reading_at_either_level() {
        let text = r#"{"about": "x", "stories": [
            {"articles": ["a", "b", "c"], "events": [{"articles": ["a", "b"]}, {"articles": ["c"]}]},
            {"articles": ["d"]}]}"#;
        let events = parse_gold_at(text, false).unwrap();
        assert_eq!(events.len(), 4);
        assert_eq!(events["a"], events["b"]);
        assert_ne!(events["a"], events["c"]);
        let stories = parse_gold_at(text, true).unwrap();
        assert_eq!(stories["a"], stories["c"]);
        assert_ne!(stories["a"], stories["d"]);
    }

    #[test]
    fn gold_reads_tsv_and_json_and_matches_file_names() {
        let t = parse_gold("# gold\n001_a.txt\tA\n002_b.txt\tB\n").unwrap();
        assert_eq!(t["002_b.txt"], "B");
        let j = parse_gold(r#"[["x","y"],["z"]]"#).unwrap();
        assert_eq!(j["x"], j["y"]);
        assert_ne!(j["x"], j["z"]);
        assert!(key_matches("001_a.txt", "abcdef0123456789", "/corpus/001_a.txt"));
        assert!(key_matches("abcdef", "abcdef0123456789", "x"));
        assert!(!key_matches("abc", "abcdef0123456789", "x"));
    }
}
