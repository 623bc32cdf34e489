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

pub use language::{DocumentVotes, LanguageScores, lingua_calls};

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
    let mut scan = Scan::new(text);
    language::document_language(text, &mut scan.votes)
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
        let elisions = resources::for_lang(s.language).map_or(&[][..], |r| &r.elisions[..]);
        let tools = tokens::Tools::get(s.language);
        for (offset, word) in tokens::words(&text[s.start..s.end], elisions) {
            tokens::lowercase_into(word, &mut lower);
            out.push(tools.token(s.start + offset, word, &lower));
        }
    }
    out
}

/// A word found by the first pass: its span, its lower-cased form (a range
/// of [`Scan::lower`]) and its masks in the language profile.
struct Word {
    start: usize,
    end: usize,
    lower: std::ops::Range<usize>,
    alphabetic: bool,
    masks: language::Masks,
}

/// The first pass over a text: every word segmented, lower-cased and looked
/// up once, and the document's language votes.
struct Scan {
    words: Vec<Word>,
    lower: String,
    votes: DocumentVotes,
}

impl Scan {
    fn new(text: &str) -> Scan {
        let mut scan = Scan {
            words: Vec::with_capacity(text.len() / 6),
            lower: String::with_capacity(text.len()),
            votes: DocumentVotes::default(),
        };
        let mut buf = String::new();
        tokens::for_each_segment(text, |i, segment| {
            if tokens::is_word(segment) {
                tokens::lowercase_into(segment, &mut buf);
                let masks = language::masks(&buf);
                let alphabetic = buf.chars().next().is_some_and(char::is_alphabetic);
                scan.votes.add(alphabetic, masks.profile);
                let from = scan.lower.len();
                scan.lower.push_str(&buf);
                scan.words.push(Word {
                    start: i,
                    end: i + segment.len(),
                    lower: from..scan.lower.len(),
                    alphabetic,
                    masks,
                });
            } else if segment.contains(['.', '!', '?', '…', '"', '«', '»', '“', '”']) {
                scan.votes.end_chunk();
            }
        });
        scan
    }
}

/// Language, sentences and tokens with one segmentation of the text. With
/// `language` given, document detection is skipped (sentences are still
/// identified one by one).
pub fn analyze_text(text: &str, language: Option<Lang>) -> TextAnalysis {
    let mut scan = Scan::new(text);
    let doc_lang = language.unwrap_or_else(|| language::document_language(text, &mut scan.votes));
    let spans = sentences::split(text, doc_lang, resources::for_lang(doc_lang));

    let mut sentences = Vec::with_capacity(spans.len());
    let mut tokens = Vec::with_capacity(scan.words.len() + 8);
    let mut next_word = 0;
    for (start, end) in spans {
        // Sentences end at white space, so every word lies in one of them.
        let first = next_word;
        while next_word < scan.words.len() && scan.words[next_word].start < end {
            next_word += 1;
        }
        let words = &scan.words[first..next_word];
        let mut scores = LanguageScores::default();
        for w in words {
            scores.add(w.alphabetic, w.masks.profile);
        }
        let lang = language::sentence_language(&text[start..end], &scores, doc_lang);
        let tools = tokens::Tools::get(lang);
        let stop_bit = language::candidate_index(lang).map_or(0, |i| 1u32 << i);
        let elisions = resources::for_lang(lang).map_or(&[][..], |r| &r.elisions[..]);
        for w in words {
            let lower = &scan.lower[w.lower.clone()];
            let original = &text[w.start..w.end];
            match tokens::split_elision(original, elisions) {
                (head, Some(_)) => {
                    // "l'armée": the elided form and the word, each looked up alone.
                    let cut = w.start + head.len();
                    let p = lower.find('\'').unwrap_or(0);
                    tokens.push(tools.token(w.start, head, &lower[..p]));
                    tokens.push(tools.token(cut, &text[cut..w.end], &lower[(p + 1).min(lower.len())..]));
                }
                _ => tokens.push(tools.token_with_stop(w.start, w.end, lower, w.masks.stop & stop_bit != 0)),
            }
        }
        sentences.push(Sentence { start, end, language: lang });
    }
    TextAnalysis { language: doc_lang, sentences, tokens }
}

#[cfg(test)]
mod tests;
