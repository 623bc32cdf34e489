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
mod vocab;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use vocab::Vocab;

use language::{DocumentVotes, LanguageScores};
pub use language::{lingua_calls, lingua_time};

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
    Vocab::with(|vocab| {
        let mut scan = Scan::new(text, vocab);
        language::document_language(text, &mut scan.votes)
    })
}

/// Splits a text into sentences, each with its language. `language` is the
/// document's language: it chooses the abbreviation lists and is the strong
/// prior for each sentence's language.
pub fn sentences(text: &str, language: Lang) -> Vec<Sentence> {
    Vocab::with(|vocab| analyze_with(text, Some(language), vocab, false)).sentences
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

/// A word found by the first pass: its span and its entry in the [`Vocab`].
struct Word {
    start: usize,
    end: usize,
    vocab: u32,
    alphabetic: bool,
    /// Whether the word counts as language evidence: not an acronym in
    /// capitals ("US", "CAN", "IT" are not the stop words "us", "can", "it").
    evidence: bool,
    masks: language::Masks,
}

/// The first pass over a text: every word segmented, lower-cased and looked
/// up once, and the document's language votes.
struct Scan {
    words: Vec<Word>,
    votes: DocumentVotes,
}

impl Scan {
    fn new(text: &str, vocab: &mut Vocab) -> Scan {
        let mut scan = Scan {
            words: Vec::with_capacity(text.len() / 6),
            votes: DocumentVotes::default(),
        };
        let mut buf = String::new();
        tokens::for_each_segment(text, |i, segment, is_word| {
            if is_word {
                tokens::lowercase_into(segment, &mut buf);
                let (id, masks) = vocab.intern(&buf);
                let alphabetic = buf.chars().next().is_some_and(char::is_alphabetic);
                let evidence = !is_acronym(segment);
                scan.votes
                    .add(alphabetic, if evidence { masks.profile } else { 0 });
                scan.words.push(Word {
                    start: i,
                    end: i + segment.len(),
                    vocab: id,
                    alphabetic,
                    evidence,
                    masks,
                });
            } else if ends_stretch(segment) {
                scan.votes.end_chunk();
            }
        });
        scan
    }
}

/// Two or more letters, all capitals.
fn is_acronym(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_lowercase() {
            return false;
        }
        letters += c.is_alphabetic() as usize;
    }
    letters >= 2
}

/// Whether a segment ends a stretch of text for the language votes: a
/// sentence mark or a quotation mark.
fn ends_stretch(segment: &str) -> bool {
    match segment.as_bytes() {
        [b] => matches!(b, b'.' | b'!' | b'?' | b'"'),
        _ => segment.contains(['.', '!', '?', '…', '"', '«', '»', '“', '”']),
    }
}

/// Language, sentences and tokens with one segmentation of the text. With
/// `language` given, document detection is skipped (sentences are still
/// identified one by one).
pub fn analyze_text(text: &str, language: Option<Lang>) -> TextAnalysis {
    Vocab::with(|vocab| analyze_with(text, language, vocab, true))
}

/// The analysis; tokens only if `with_tokens`.
fn analyze_with(
    text: &str,
    language: Option<Lang>,
    vocab: &mut Vocab,
    with_tokens: bool,
) -> TextAnalysis {
    let mut scan = Scan::new(text, vocab);
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
            scores.add(w.alphabetic, if w.evidence { w.masks.profile } else { 0 });
        }
        let same_paragraph = sentences
            .last()
            .is_some_and(|p: &Sentence| text[p.end..start].matches('\n').count() < 2);
        let previous = sentences
            .last()
            .filter(|_| same_paragraph)
            .map(|p| p.language);
        let lang = language::sentence_in_context(&text[start..end], &scores, doc_lang, previous);
        sentences.push(Sentence {
            start,
            end,
            language: lang,
        });
        if !with_tokens {
            continue;
        }
        let tools = tokens::Tools::get(lang);
        let stop_bit = language::candidate_index(lang).map_or(0, |i| 1u32 << i);
        let elisions = resources::for_lang(lang).map_or(&[][..], |r| &r.elisions[..]);
        for w in words {
            let original = &text[w.start..w.end];
            match tokens::split_elision(original, elisions) {
                (head, Some(_)) => {
                    // "l'armée": the elided form and the word, each looked up alone.
                    let lower = vocab.lower(w.vocab);
                    let cut = w.start + head.len();
                    let p = lower.find('\'').unwrap_or(0);
                    tokens.push(tools.token(w.start, head, &lower[..p]));
                    tokens.push(tools.token(
                        cut,
                        &text[cut..w.end],
                        &lower[(p + 1).min(lower.len())..],
                    ));
                }
                _ => {
                    let stop = w.masks.stop & stop_bit != 0
                        || (stop_bit == 0 && tools.is_stop(vocab.lower(w.vocab)));
                    tokens.push(tools.vocab_token(
                        vocab,
                        w.vocab,
                        (w.start, w.end),
                        w.alphabetic,
                        stop,
                    ));
                }
            }
        }
    }
    TextAnalysis {
        language: doc_lang,
        sentences,
        tokens,
    }
}

#[cfg(test)]
mod tests;
