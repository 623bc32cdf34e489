//! Checks the date tagger against a reference reading in JSON: a list of
//! `date_expressions` (`doc`, `text`, `value`, optional `given_published`)
//! and per-document facts (`language`, `published`, `inferred_published`).
//!
//! Each expected expression counts as found when the tagger, run on its
//! document with the document's anchor, returns an expression overlapping
//! an occurrence of the expected text with exactly the expected value
//! (the expected text may include a preposition: "on Thursday"). Reads the
//! files at run time; knows nothing of their contents.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::eval::timex::EvalError;
use crate::extract::dates;
use crate::lang::Lang;
use crate::text::Sentence;

#[derive(Debug, Deserialize)]
struct Expected {
    #[serde(default)]
    documents: BTreeMap<String, DocFacts>,
    #[serde(default)]
    date_expressions: Vec<ExpectedDate>,
}

#[derive(Debug, Default, Deserialize)]
struct DocFacts {
    language: Option<String>,
    published: Option<String>,
    inferred_published: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ExpectedDate {
    doc: String,
    text: String,
    value: String,
    given_published: Option<String>,
}

/// The outcome for one expected expression.
#[derive(Debug, Clone)]
pub struct DateCheck {
    pub doc: String,
    pub text: String,
    pub expected: String,
    /// What the tagger gave there (text and value), if anything.
    pub found: Option<(String, String)>,
    pub anchor: Option<Date>,
}

impl DateCheck {
    /// Found with exactly the expected value.
    pub fn exact(&self) -> bool {
        self.found.as_ref().is_some_and(|(_, v)| *v == self.expected)
    }
}

/// All checks, printable as a table.
#[derive(Debug, Clone, Default)]
pub struct DateChecks(pub Vec<DateCheck>);

/// The anchor a document gives itself: an ISO date on its first line (a date line).
fn date_line(text: &str) -> Option<Date> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    let bytes = first.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|i| first.get(i..i + 10)?.parse().ok())
}

/// Runs the checks: `expected` is the JSON file, `corpus` the folder of documents.
pub fn check(expected: &Path, corpus: &Path) -> Result<DateChecks, EvalError> {
    let json = std::fs::read_to_string(expected).map_err(|e| EvalError::Io(expected.into(), e))?;
    let exp: Expected = serde_json::from_str(&json).map_err(|e| EvalError::Xml(expected.into(), e.to_string()))?;
    let mut out = Vec::new();
    for e in &exp.date_expressions {
        let path = corpus.join(&e.doc);
        let text = std::fs::read_to_string(&path).map_err(|err| EvalError::Io(path.clone(), err))?;
        let facts = exp.documents.get(&e.doc);
        let default = DocFacts::default();
        let facts = facts.unwrap_or(&default);
        let parse = |s: &Option<String>| s.as_deref().and_then(|d| d.get(..10)?.parse::<Date>().ok());
        let anchor = parse(&e.given_published)
            .or_else(|| parse(&facts.published))
            .or_else(|| date_line(&text))
            .or_else(|| parse(&facts.inferred_published));
        let language = facts.language.as_deref().and_then(Lang::from_code).unwrap_or(Lang::EN);
        let sentences = crate::text::sentences(&text, language);
        let sentences = if sentences.is_empty() {
            vec![Sentence { start: 0, end: text.len(), language }]
        } else {
            sentences
        };
        let tagged = dates::tag(&text, &sentences, anchor);
        // Every occurrence of the expected text; the first exact hit wins, else the first overlap.
        let mut found: Option<(String, String)> = None;
        for (at, _) in text.match_indices(e.text.as_str()) {
            let end = at + e.text.len();
            for t in tagged.iter().filter(|t| t.start < end && at < t.end) {
                let hit = (t.text.clone(), t.value.clone());
                if t.value == e.value {
                    found = Some(hit);
                    break;
                }
                found.get_or_insert(hit);
            }
            if found.as_ref().is_some_and(|(_, v)| *v == e.value) {
                break;
            }
        }
        out.push(DateCheck { doc: e.doc.clone(), text: e.text.clone(), expected: e.value.clone(), found, anchor });
    }
    Ok(DateChecks(out))
}

impl fmt::Display for DateChecks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.0 {
            let mark = if c.exact() { "ok  " } else { "MISS" };
            let anchor = c.anchor.map_or("-".to_string(), |a| a.to_string());
            let got = c.found.as_ref().map_or("nothing".to_string(), |(t, v)| format!("{t:?} = {v}"));
            writeln!(f, "{mark} {:<28} {:<22} want {:<12} anchor {anchor:<10} got {got}", c.doc, format!("{:?}", c.text), c.expected)?;
        }
        let exact = self.0.iter().filter(|c| c.exact()).count();
        writeln!(f, "{exact} of {} found with exact values", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_expected_expressions_in_invented_documents() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "date 2031-03-14\nThe ferry sank on Thursday near Orvik.").unwrap();
        std::fs::write(dir.path().join("b.txt"), "Bron stängdes i onsdags.").unwrap();
        let json = r#"{"documents": {"a.txt": {"language": "en", "published": null},
                        "b.txt": {"language": "sv", "inferred_published": "2031-03-14"}},
            "date_expressions": [
              {"doc": "a.txt", "text": "on Thursday", "value": "2031-03-13"},
              {"doc": "b.txt", "text": "i onsdags", "value": "2031-03-12"},
              {"doc": "b.txt", "text": "Bron", "value": "2031"}]}"#;
        let expected = dir.path().join("expected.json");
        std::fs::write(&expected, json).unwrap();
        let checks = check(&expected, dir.path()).unwrap();
        let exact: Vec<bool> = checks.0.iter().map(DateCheck::exact).collect();
        assert_eq!(exact, [true, true, false], "{checks}");
        assert_eq!(checks.0[0].anchor, Some("2031-03-14".parse().unwrap()));
    }
}
