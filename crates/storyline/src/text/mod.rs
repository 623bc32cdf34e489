//! Text: language identification, sentences, tokens, stems and stop words.
//!
//! STUB: the real implementation replaces these functions; their signatures
//! are the contract the rest of the engine uses.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// A sentence: a byte range of the text and its own language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub language: Lang,
}

/// A word token: a byte range, its Snowball stem (lower-cased word where the
/// language has no stemmer) and whether it is a stop word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub stem: String,
    pub stop: bool,
}

/// The language of a whole text.
pub fn detect_language(_text: &str) -> Lang {
    Lang::UNKNOWN
}

/// Splits a text into sentences, each with its language.
pub fn sentences(text: &str, language: Lang) -> Vec<Sentence> {
    vec![Sentence { start: 0, end: text.len(), language }]
}

/// Word tokens of the text, stemmed in the language of their sentence.
pub fn tokens(_text: &str, _sentences: &[Sentence]) -> Vec<Token> {
    Vec::new()
}
