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
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock};

use lingua::{LanguageDetector, LanguageDetectorBuilder};

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
/// Without clear votes, a document is judged by the profile when its best
/// language has this many stop words and this many times the score of the
/// runner-up.
const DOC_MIN_HITS: u16 = 5;
const DOC_MIN_RATIO: f32 = 2.0;
/// A document of this many words without two function words of any
/// candidate has no language Storyline can tell.
const DOC_NO_EVIDENCE_WORDS: u32 = 12;
/// Lingua reads at most this many bytes of a document.
const LINGUA_SAMPLE: usize = 500;

/// A sentence may leave the document's language only with this many words ...
const SENTENCE_MIN_WORDS: u32 = 4;
/// ... this many stop words of the other language ...
const SENTENCE_MIN_HITS: u16 = 2;
/// ... and a score at least `RATIO * prior + MARGIN` (and `MARGIN / 2` ahead
/// of any third language); below that but still ahead of the prior by
/// `LEAN`, lingua decides among the languages so far ahead.
const SENTENCE_RATIO: f32 = 2.0;
const SENTENCE_MARGIN: f32 = 1.0;
const SENTENCE_LEAN: f32 = 0.5;

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

type Profile = HashMap<&'static str, Masks, foldhash::fast::RandomState>;

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
            let function_words =
                resources::for_lang(*lang).map_or(&[][..], |r| &r.function_words[..]);
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

/// The detector over every candidate, for documents: low-accuracy mode
/// (trigrams only) is several times faster and as good on a few hundred
/// characters, which is what it is given.
fn detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        LanguageDetectorBuilder::from_all_languages()
            .with_low_accuracy_mode()
            .build()
    })
}

/// A lingua detector limited to the candidates in `mask`: lingua's cost
/// grows with the number of languages, and a sentence's profile already
/// names the two or three that matter. Built once per set (models are shared).
fn detector_for(mask: u32, low_accuracy: bool) -> &'static LanguageDetector {
    type Detectors = HashMap<(u32, bool), &'static LanguageDetector>;
    static DETECTORS: OnceLock<RwLock<Detectors>> = OnceLock::new();
    let map = DETECTORS.get_or_init(Default::default);
    if let Some(d) = map
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&(mask, low_accuracy))
    {
        return d;
    }
    let languages: Vec<lingua::Language> = lingua::Language::all()
        .into_iter()
        .filter(|l| {
            let code = l.iso_code_639_1().to_string();
            candidate_index(Lang::from_code(&code).unwrap_or(Lang::UNKNOWN))
                .is_some_and(|i| mask & (1 << i) != 0)
        })
        .collect();
    if languages.len() < 2 {
        return detector();
    }
    let mut builder = LanguageDetectorBuilder::from_languages(&languages);
    if low_accuracy {
        builder.with_low_accuracy_mode();
    }
    // Leaked on purpose: one small detector per language set, for the
    // program's life (the sets are few: those that appear in real text).
    let built: &'static LanguageDetector = Box::leak(Box::new(builder.build()));
    let mut detectors = map.write().unwrap_or_else(|e| e.into_inner());
    let detector: &'static LanguageDetector =
        detectors.entry((mask, low_accuracy)).or_insert(built);
    detector
}

static LINGUA_CALLS: AtomicUsize = AtomicUsize::new(0);
static LINGUA_NANOS: AtomicU64 = AtomicU64::new(0);

/// How many times lingua was asked since the program started (for benchmarks).
pub fn lingua_calls() -> usize {
    LINGUA_CALLS.load(Ordering::Relaxed)
}

/// Wall time spent in lingua since the program started (for benchmarks).
pub fn lingua_time() -> std::time::Duration {
    std::time::Duration::from_nanos(LINGUA_NANOS.load(Ordering::Relaxed))
}

/// Lingua's verdict on a text among the candidates in `mask` (all if 0).
/// A `whole_document` sample is long enough for the faster low-accuracy mode.
fn lingua_language(text: &str, mask: u32, whole_document: bool) -> Option<Lang> {
    LINGUA_CALLS.fetch_add(1, Ordering::Relaxed);
    let d = if mask == 0 {
        detector()
    } else {
        detector_for(mask, whole_document)
    };
    let started = std::time::Instant::now();
    let lang = d.detect_language_of(text);
    LINGUA_NANOS.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    Lang::from_code(&lang?.iso_code_639_1().to_string())
}

/// Stop-word evidence for each candidate language, summed over words.
#[derive(Debug, Clone)]
pub(crate) struct LanguageScores {
    score: [f32; MAX_CANDIDATES],
    hits: [u16; MAX_CANDIDATES],
    words: u32,
}

impl Default for LanguageScores {
    fn default() -> Self {
        LanguageScores {
            score: [0.0; MAX_CANDIDATES],
            hits: [0; MAX_CANDIDATES],
            words: 0,
        }
    }
}

impl LanguageScores {
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
pub(crate) struct DocumentVotes {
    chunk: LanguageScores,
    /// Word scores over the whole document.
    total: LanguageScores,
    votes: Vec<f32>,
    words: u32,
}

impl DocumentVotes {
    /// Adds a word by its profile mask.
    pub(crate) fn add(&mut self, alphabetic: bool, mask: u32) {
        self.chunk.add(alphabetic, mask);
        self.total.add(alphabetic, mask);
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
    // Few voting stretches (tables, lists, captions): the word scores of the
    // whole text may still be clear.
    let total = &votes.total;
    let (best, second) = total.top_two();
    if total.hits[best] >= DOC_MIN_HITS && total.score[best] >= DOC_MIN_RATIO * total.score[second]
    {
        return candidates()[best];
    }
    // Many words and no function word of any candidate: a table or a list
    // of names, or a language lingua cannot name either.
    if total.hits[best] < 2 && total.words >= DOC_NO_EVIDENCE_WORDS {
        return Lang::UNKNOWN;
    }
    // Lingua decides among the languages the profile sees as serious (all of
    // them when it sees none; none when it sees one): fewer languages make
    // it several times faster.
    let mut mask = 0u32;
    for i in 0..candidates().len() {
        if total.score[best] > 0.0 && total.score[i] >= total.score[best] / 2.0 {
            mask |= 1 << i;
        }
    }
    if mask.count_ones() == 1 {
        return candidates()[best];
    }
    let mut cut = text.len().min(LINGUA_SAMPLE);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    lingua_language(&text[..cut], mask, true).unwrap_or(Lang::UNKNOWN)
}

/// The language of one sentence in a document in `doc` language. `previous`
/// is the language of the sentence before it in the same paragraph: a quote
/// in another language often runs over several sentences, so a sentence
/// after one keeps its language when it has some evidence for it and leans
/// less to the document's language.
pub(crate) fn sentence_in_context(
    text: &str,
    scores: &LanguageScores,
    doc: Lang,
    previous: Option<Lang>,
) -> Lang {
    match previous {
        Some(prev)
            if prev != doc
                && scores.score_of(prev) > 0.0
                && scores.score_of(doc) < scores.score_of(prev) =>
        {
            sentence_language(text, scores, prev)
        }
        _ => sentence_language(text, scores, doc),
    }
}

/// The language of one sentence, with `prior` (the document's language) as
/// a strong prior.
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
        return if scores.hits[best] >= SENTENCE_MIN_HITS {
            best_lang
        } else {
            prior
        };
    }
    let prior_score = scores.score_of(prior);
    if scores.words < SENTENCE_MIN_WORDS
        || scores.hits[best] < SENTENCE_MIN_HITS
        || best_score < prior_score + SENTENCE_LEAN
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
    let mut mask = 0u32;
    for (i, lang) in candidates().iter().enumerate() {
        if *lang == prior || scores.score[i] >= prior_score + SENTENCE_LEAN {
            mask |= 1 << i;
        }
    }
    match lingua_language(text, mask, false) {
        Some(l) if l != prior && scores.score_of(l) >= prior_score + SENTENCE_LEAN => l,
        _ => prior,
    }
}
