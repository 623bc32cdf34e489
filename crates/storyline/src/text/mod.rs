//! Text: language identification, sentences, tokens, stems and stop words.
//!
//! [`analyze_text`] does all of it in one pass over the words (what
//! [`crate::analyze`] runs); [`detect_language`], [`sentences`] and [`tokens`]
//! are the same steps one at a time. Language knowledge (abbreviations,
//! titles, elisions) comes from `resources/lang/<code>/text.toml`; stop words
//! from the `stop-words` crate, stems from `rust-stemmers`. This module does
//! not extract anything (dates, names, quotes): later extractors read its
//! sentences and tokens.

mod language;
mod resources;
mod sentences;
mod tokens;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

pub use language::{DocumentVotes, LanguageScores};
use unicode_segmentation::UnicodeSegmentation;

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

/// The text analysis of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct TextAnalysis {
    pub language: Lang,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
}

/// The language of a whole text ([`Lang::UNKNOWN`] when undetermined).
pub fn detect_language(text: &str) -> Lang {
    let mut votes = DocumentVotes::default();
    let mut lower = String::new();
    for (_, segment) in text.split_word_bound_indices() {
        if segment.chars().any(char::is_alphanumeric) {
            tokens::lowercase_into(segment, &mut lower);
            votes.add_word(&lower);
        } else if segment.contains(['.', '!', '?', '…', '\n', '"', '«', '»', '“', '”']) {
            votes.end_chunk();
        }
    }
    language::document_language(text, &mut votes)
}

/// Splits a text into sentences, each with its language. `language` is the
/// document's language: it chooses the abbreviation lists and is the strong
/// prior for each sentence's language.
pub fn sentences(text: &str, language: Lang) -> Vec<Sentence> {
    analyze_text(text, Some(language)).sentences
}

/// Word tokens of the text, stemmed in the language of their sentence.
pub fn tokens(text: &str, sentences: &[Sentence]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut lower = String::new();
    for s in sentences {
        let elisions = resources::for_lang(s.language).map(|r| &r.elisions[..]).unwrap_or(&[]);
        let tools = tokens::Tools::get(s.language);
        for (offset, word) in tokens::words(&text[s.start..s.end], elisions) {
            tokens::lowercase_into(word, &mut lower);
            out.push(tools.token(s.start + offset, word, &lower));
        }
    }
    out
}

/// Language, sentences and tokens in one pass over the words. With
/// `language` given, document detection is skipped (sentences are still
/// identified one by one).
pub fn analyze_text(text: &str, language: Option<Lang>) -> TextAnalysis {
    // Sentence splitting needs the document language for its abbreviation
    // lists; when not given, detect it first (a cheap pass over the words).
    let doc_lang = language.unwrap_or_else(|| detect_language(text));
    let res = resources::for_lang(doc_lang);
    let spans = sentences::split(text, doc_lang, res);
    let elisions = res.map(|r| &r.elisions[..]).unwrap_or(&[]);

    let mut sentences = Vec::with_capacity(spans.len());
    let mut tokens = Vec::with_capacity(text.len() / 6);
    let mut lower = String::new();
    // Lower-cased words of the current sentence, kept until its language is known.
    let mut words: Vec<(usize, usize, String)> = Vec::new();
    for (start, end) in spans {
        let mut scores = LanguageScores::default();
        words.clear();
        for (offset, word) in tokens::words(&text[start..end], elisions) {
            tokens::lowercase_into(word, &mut lower);
            scores.add_word(&lower);
            words.push((start + offset, start + offset + word.len(), lower.clone()));
        }
        let lang = language::sentence_language(&text[start..end], &scores, doc_lang);
        let tools = tokens::Tools::get(lang);
        for (s, e, w) in words.drain(..) {
            tokens.push(tools.token_owned(s, e, &text[s..e], w));
        }
        sentences.push(Sentence { start, end, language: lang });
    }
    TextAnalysis { language: doc_lang, sentences, tokens }
}

#[cfg(test)]
mod tests;
