//! Language identification of documents and sentences.
//!
//! Lingua is accurate but runs at ~2 MB/s, ten times below the analysis
//! budget, so the first judge is a stop-word profile: every word that is a
//! stop word in some candidate language votes for those languages (split
//! evenly, so words shared by many languages count little). Lingua is asked
//! only when the profile is not clear: a document without a clear winner, or
//! a sentence whose profile leans away from the document's language without
//! clear evidence. A sentence keeps the document's language unless it has
//! several words and its function words clearly belong to another language:
//! short fragments are unreliable ("i onsdags" is Danish as well as Swedish).
//! This module does not split text; callers feed it lower-cased words.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use lingua::{LanguageDetector, LanguageDetectorBuilder};
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use super::resources;
use super::tokens::stop_list;
use crate::lang::{FULL, Lang};

/// At most this many candidate languages (one bit each in a word's mask).
const MAX_CANDIDATES: usize = 32;

/// A document is judged by the profile alone when its best language has the
/// votes of at least this share of its words ...
const DOC_MIN_VOTE_SHARE: f32 = 0.4;
/// Lingua is asked only when the votes are thin (few stop words, or ties
/// between close languages such as Danish and Norwegian). With a clear share,
/// the plurality wins: lingua reads a mixed text (a report with long quotes)
/// less reliably than the per-stretch votes do.
/// Lingua reads at most this many bytes of a document.
const LINGUA_SAMPLE: usize = 1200;

/// A sentence may leave the document's language only with this many words ...
const SENTENCE_MIN_WORDS: u32 = 4;
/// ... this many stop words of the other language ...
const SENTENCE_MIN_HITS: u16 = 2;
/// ... and a score at least `RATIO * prior + MARGIN`; below that but still
/// ahead by `MARGIN`, lingua decides.
const SENTENCE_RATIO: f32 = 2.0;
const SENTENCE_MARGIN: f32 = 1.0;

/// The languages the profile and lingua can tell apart: those lingua is
/// built with (its features), plus the fully supported ones.
pub(crate) fn candidates() -> &'static [Lang] {
    static CANDIDATES: OnceLock<Vec<Lang>> = OnceLock::new();
    CANDIDATES.get_or_init(|| {
        let mut langs: Vec<Lang> = FULL.to_vec();
        let mut others: Vec<Lang> = lingua::Language::all()
            .iter()
            .filter_map(|l| Lang::from_code(&l.iso_code_639_1().to_string()))
            .filter(|l| !langs.contains(l))
            .collect();
        others.sort();
        langs.extend(others);
        langs.truncate(MAX_CANDIDATES);
        langs
    })
}

/// Per word, two bit masks over the candidates: which list it as a stop word
/// or function word (the profile), and which as a stop word alone.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Masks {
    pub profile: u32,
    pub stop: u32,
}

type Profile = HashMap<&'static str, Masks, Xxh3DefaultBuilder>;

fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let mut map = Profile::default();
        for (i, lang) in candidates().iter().enumerate() {
            for word in stop_list(*lang) {
                let m = map.entry(*word).or_default();
                m.profile |= 1 << i;
                m.stop |= 1 << i;
            }
            let function_words = resources::for_lang(*lang).map_or(&[][..], |r| &r.function_words[..]);
            for word in function_words {
                map.entry(word.as_str()).or_default().profile |= 1 << i;
            }
        }
        map
    })
}

/// The masks of a lower-cased word.
pub(crate) fn masks(lower: &str) -> Masks {
    profile().get(lower).copied().unwrap_or_default()
}

/// The position of a language among the candidates (its bit in [`Masks`]).
pub(crate) fn candidate_index(lang: Lang) -> Option<usize> {
    candidates().iter().position(|l| *l == lang)
}

fn detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| LanguageDetectorBuilder::from_all_languages().build())
}

static LINGUA_CALLS: AtomicUsize = AtomicUsize::new(0);

/// How many times lingua was asked since the program started (for benchmarks).
pub fn lingua_calls() -> usize {
    LINGUA_CALLS.load(Ordering::Relaxed)
}

/// Lingua's verdict on a text, if it has one.
fn lingua_language(text: &str) -> Option<Lang> {
    LINGUA_CALLS.fetch_add(1, Ordering::Relaxed);
    let lang = detector().detect_language_of(text)?;
    Lang::from_code(&lang.iso_code_639_1().to_string())
}

/// Stop-word evidence for each candidate language, summed over words.
#[derive(Debug, Clone)]
pub struct LanguageScores {
    score: [f32; MAX_CANDIDATES],
    hits: [u16; MAX_CANDIDATES],
    words: u32,
}

impl Default for LanguageScores {
    fn default() -> Self {
        LanguageScores { score: [0.0; MAX_CANDIDATES], hits: [0; MAX_CANDIDATES], words: 0 }
    }
}

impl LanguageScores {
    /// Adds one lower-cased word.
    pub fn add_word(&mut self, lower: &str) {
        let alphabetic = lower.chars().next().is_some_and(char::is_alphabetic);
        self.add(alphabetic, masks(lower).profile);
    }

    /// Adds a word by its profile mask; only words starting with a letter count.
    pub(crate) fn add(&mut self, alphabetic: bool, mask: u32) {
        if !alphabetic {
            return;
        }
        self.words += 1;
        if mask == 0 {
            return;
        }
        let weight = 1.0 / mask.count_ones() as f32;
        let mut bits = mask;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            self.score[i] += weight;
            self.hits[i] += 1;
            bits &= bits - 1;
        }
    }

    /// Number of words (tokens starting with a letter) added.
    pub fn words(&self) -> u32 {
        self.words
    }

    /// The best and second-best candidate indices.
    fn top_two(&self) -> (usize, usize) {
        let n = candidates().len();
        let (mut best, mut second) = (0, 1);
        if self.score[1] > self.score[0] {
            (best, second) = (1, 0);
        }
        for i in 2..n {
            if self.score[i] > self.score[best] {
                second = best;
                best = i;
            } else if self.score[i] > self.score[second] {
                second = i;
            }
        }
        (best, second)
    }

    fn score_of(&self, lang: Lang) -> f32 {
        candidate_index(lang).map_or(0.0, |i| self.score[i])
    }
}

/// Evidence for a document's language: each stretch of text between
/// sentence marks votes, with its number of words, for its best language, so
/// that long quotes in another language do not outvote the report around them.
#[derive(Debug, Clone, Default)]
pub struct DocumentVotes {
    chunk: LanguageScores,
    votes: Vec<f32>,
    words: u32,
}

impl DocumentVotes {
    /// Adds one lower-cased word to the current stretch.
    pub fn add_word(&mut self, lower: &str) {
        self.chunk.add_word(lower);
    }

    /// Adds a word by its profile mask.
    pub(crate) fn add(&mut self, alphabetic: bool, mask: u32) {
        self.chunk.add(alphabetic, mask);
    }

    /// Closes the current stretch (at a sentence mark or the end).
    pub fn end_chunk(&mut self) {
        if self.chunk.words == 0 {
            return;
        }
        if self.votes.is_empty() {
            self.votes = vec![0.0; candidates().len()];
        }
        let (best, second) = self.chunk.top_two();
        if self.chunk.score[best] > self.chunk.score[second] {
            self.votes[best] += self.chunk.words as f32;
        }
        self.words += self.chunk.words;
        self.chunk = LanguageScores::default();
    }
}

/// The language of a document from its votes; lingua reads a sample of
/// `text` when they have no clear winner.
pub(crate) fn document_language(text: &str, votes: &mut DocumentVotes) -> Lang {
    votes.end_chunk();
    if votes.words == 0 {
        return Lang::UNKNOWN;
    }
    let mut order: Vec<usize> = (0..votes.votes.len()).collect();
    order.sort_by(|a, b| votes.votes[*b].total_cmp(&votes.votes[*a]));
    let (best, second) = (order[0], order[1]);
    if votes.votes[best] >= DOC_MIN_VOTE_SHARE * votes.words as f32
        && votes.votes[best] > votes.votes[second]
    {
        return candidates()[best];
    }
    let mut cut = text.len().min(LINGUA_SAMPLE);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    lingua_language(&text[..cut]).unwrap_or(Lang::UNKNOWN)
}

/// The language of one sentence, with the document's language as prior.
pub(crate) fn sentence_language(text: &str, scores: &LanguageScores, prior: Lang) -> Lang {
    if scores.words == 0 {
        return prior;
    }
    let (best, _) = scores.top_two();
    let best_lang = candidates()[best];
    let best_score = scores.score[best];
    if best_lang == prior || best_score == 0.0 {
        return prior;
    }
    if prior == Lang::UNKNOWN {
        return if scores.hits[best] >= SENTENCE_MIN_HITS { best_lang } else { prior };
    }
    let prior_score = scores.score_of(prior);
    if scores.words < SENTENCE_MIN_WORDS
        || scores.hits[best] < SENTENCE_MIN_HITS
        || best_score < prior_score + SENTENCE_MARGIN
    {
        return prior;
    }
    let (_, runner_up) = scores.top_two();
    let clear_of_prior = best_score >= SENTENCE_RATIO * prior_score + SENTENCE_MARGIN;
    let clear_of_others = best_score >= scores.score[runner_up] + SENTENCE_MARGIN / 2.0;
    if clear_of_prior && clear_of_others {
        return best_lang;
    }
    // Leaning away but not clearly: lingua picks, among the languages the
    // profile also sees well ahead of the prior.
    match lingua_language(text) {
        Some(l) if l != prior && scores.score_of(l) >= prior_score + SENTENCE_MARGIN => l,
        _ => prior,
    }
}
