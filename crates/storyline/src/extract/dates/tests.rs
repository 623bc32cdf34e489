//! Tests of the date tagger, one module of sentences per language.

use super::*;
use crate::lang::Lang;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// Tags one text in one language and returns (text, type, value) triples.
fn run(lang: Lang, text: &str, anchor: &str) -> Vec<(String, &'static str, String)> {
    let sentences = [Sentence { start: 0, end: text.len(), language: lang }];
    tag(text, &sentences, Some(d(anchor)))
        .into_iter()
        .map(|t| (t.text, t.kind.as_str(), t.value))
        .collect()
}

fn has(found: &[(String, &'static str, String)], text: &str, value: &str) {
    assert!(
        found.iter().any(|(t, _, v)| t == text && v == value),
        "expected {text:?} = {value:?} in {found:?}"
    );
}

#[test]
fn english_weekdays_lean_to_the_past() {
    // 2023-07-28 is a Friday.
    let f = run(Lang::EN, "The council met on Thursday and will vote on Monday.", "2023-07-28");
    has(&f, "Thursday", "2023-07-27");
    has(&f, "Monday", "2023-07-31");
}
