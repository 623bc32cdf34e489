//! Word tokens: Unicode word boundaries (UAX #29, `unicode-segmentation`),
//! elisions split off at the apostrophe (`l'armée` -> `l'` + `armée`, from
//! the language's `elisions`), lower-casing, Snowball stems (`rust-stemmers`)
//! and stop words (`stop-words`, NLTK lists where it has one, else ISO).
//! It does not decide a token's language: the caller passes its sentence's.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

use super::vocab::Vocab;
use super::{Token, language};
use crate::lang::Lang;

/// A fast string set (the default SipHash is a large share of the hot path).
pub(crate) type WordSet = HashSet<&'static str, foldhash::fast::RandomState>;

/// Which codes the two crates use for a language, and which Snowball
/// algorithm it has. This binds ISO codes to the crates' names; it holds no
/// knowledge of the languages themselves. A language missing here gets
/// lower-cased words without stems.
const CRATE_CODES: &[(&str, &str, Option<Algorithm>)] = &[
    // (our code, stop-words code, stemmer)
    ("ar", "ar", Some(Algorithm::Arabic)),
    ("da", "da", Some(Algorithm::Danish)),
    ("de", "de", Some(Algorithm::German)),
    ("el", "el", Some(Algorithm::Greek)),
    ("en", "en", Some(Algorithm::English)),
    ("es", "es", Some(Algorithm::Spanish)),
    ("fi", "fi", Some(Algorithm::Finnish)),
    ("fr", "fr", Some(Algorithm::French)),
    ("hu", "hu", Some(Algorithm::Hungarian)),
    ("it", "it", Some(Algorithm::Italian)),
    ("nb", "no", Some(Algorithm::Norwegian)),
    ("nl", "nl", Some(Algorithm::Dutch)),
    ("nn", "no", Some(Algorithm::Norwegian)),
    ("no", "no", Some(Algorithm::Norwegian)),
    ("pt", "pt", Some(Algorithm::Portuguese)),
    ("ro", "ro", Some(Algorithm::Romanian)),
    ("ru", "ru", Some(Algorithm::Russian)),
    ("sv", "sv", Some(Algorithm::Swedish)),
    ("ta", "ta", Some(Algorithm::Tamil)),
    ("tr", "tr", Some(Algorithm::Turkish)),
];

/// The stop-word list of a language (empty when the crate has none).
pub(crate) fn stop_list(lang: Lang) -> &'static [&'static str] {
    let code = CRATE_CODES
        .iter()
        .find(|(c, _, _)| *c == lang.code())
        .map(|(_, s, _)| *s)
        .unwrap_or(lang.code());
    stop_words::lookup(code).unwrap_or(&[])
}

/// Stemmer and stop words of one language.
pub(crate) struct Tools {
    stemmer: Option<Stemmer>,
    stop: WordSet,
    /// Tells this language's stems apart in the [`Vocab`].
    id: u16,
}

impl Tools {
    fn new(lang: Lang) -> Tools {
        let algorithm = CRATE_CODES
            .iter()
            .find(|(c, _, _)| *c == lang.code())
            .and_then(|(_, _, a)| *a);
        static NEXT_ID: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);
        Tools {
            stemmer: algorithm.map(Stemmer::create),
            stop: stop_list(lang).iter().copied().collect(),
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The tools of a language (shared; built once).
    pub(crate) fn get(lang: Lang) -> &'static Tools {
        static ALL: OnceLock<HashMap<Lang, Tools>> = OnceLock::new();
        static NONE: OnceLock<Tools> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            language::candidates()
                .iter()
                .chain(crate::lang::FULL.iter())
                .map(|l| (*l, Tools::new(*l)))
                .collect()
        });
        all.get(&lang)
            .unwrap_or_else(|| NONE.get_or_init(|| Tools::new(Lang::UNKNOWN)))
    }

    /// Whether a lower-cased word is a stop word.
    pub(crate) fn is_stop(&self, lower: &str) -> bool {
        self.stop.contains(lower)
    }

    /// A token from its span, its text and its lower-cased form.
    pub(crate) fn token(&self, start: usize, word: &str, lower: &str) -> Token {
        let stop = self.is_stop(lower);
        self.token_with_stop(start, start + word.len(), lower, stop)
    }

    /// As [`Tools::token`], with the stop-word flag already known.
    pub(crate) fn token_with_stop(
        &self,
        start: usize,
        end: usize,
        lower: &str,
        stop: bool,
    ) -> Token {
        // Numbers and symbols are kept as they are; words get stemmed.
        let stem = match &self.stemmer {
            Some(st) if lower.chars().next().is_some_and(char::is_alphabetic) => {
                st.stem(lower).into_owned()
            }
            _ => lower.to_owned(),
        };
        Token {
            start,
            end,
            stem,
            stop,
        }
    }

    /// A token for word `i` of the vocabulary (its stem cached there).
    /// `alphabetic`: whether the word starts with a letter (else it is not stemmed).
    pub(crate) fn vocab_token(
        &self,
        vocab: &mut Vocab,
        i: u32,
        (start, end): (usize, usize),
        alphabetic: bool,
        stop: bool,
    ) -> Token {
        let stem = match &self.stemmer {
            Some(st) if alphabetic => vocab.stem(i, self.id, st).to_owned(),
            _ => vocab.lower(i).to_owned(),
        };
        Token {
            start,
            end,
            stem,
            stop,
        }
    }
}

/// Calls `f` with every UAX #29 word-boundary segment of `text`, its byte
/// offset and whether it is a word (see [`is_word`]), as
/// `split_word_bound_indices` would cut them, but faster: white space always
/// separates segments, so the text is cut at ASCII white space first, and a
/// plain ASCII word with ASCII punctuation around it (most of them) is cut
/// by hand; everything else goes through `unicode-segmentation`.
/// White space itself is not reported.
pub(crate) fn for_each_segment<'a>(text: &'a str, mut f: impl FnMut(usize, &'a str, bool)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        chunk(text, start, i, &mut f);
    }
}

/// One run of text between ASCII white space.
fn chunk<'a>(text: &'a str, start: usize, end: usize, f: &mut impl FnMut(usize, &'a str, bool)) {
    let bytes = text.as_bytes();
    // ASCII punctuation at either end is its own segment, except `_`, which
    // joins words (UAX #29 ExtendNumLet).
    let is_edge = |b: u8| b.is_ascii_punctuation() && b != b'_';
    let mut s = start;
    while s < end && is_edge(bytes[s]) {
        f(s, &text[s..s + 1], false);
        s += 1;
    }
    let mut e = end;
    while e > s && is_edge(bytes[e - 1]) {
        e -= 1;
    }
    if s < e {
        if bytes[s..e].iter().all(u8::is_ascii_alphanumeric) {
            f(s, &text[s..e], true);
        } else {
            for (i, seg) in text[s..e].split_word_bound_indices() {
                f(s + i, seg, is_word(seg));
            }
        }
    }
    for k in e..end {
        f(k, &text[k..k + 1], false);
    }
}

/// The words of a text with their byte offsets: word segments that hold a
/// letter or digit, with listed elisions (`l'`, `qu'`) split off.
pub(crate) fn words<'a>(text: &'a str, elisions: &[String]) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    for_each_segment(text, |i, w, word| {
        if word {
            let (first, rest) = split_elision(w, elisions);
            out.push((i, first));
            if let Some(r) = rest {
                out.push((i + first.len(), r));
            }
        }
    });
    out
}

/// Whether a segment is a word (holds a letter or digit).
pub(crate) fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// Splits `l'armée` into `l'` and `armée` when `l` is a listed elision.
pub(crate) fn split_elision<'a>(word: &'a str, elisions: &[String]) -> (&'a str, Option<&'a str>) {
    if elisions.is_empty() {
        return (word, None);
    }
    if let Some((pos, apostrophe)) = word.char_indices().find(|(_, c)| matches!(c, '\'' | '’')) {
        let prefix = &word[..pos];
        if elisions
            .iter()
            .any(|e| e.eq_ignore_ascii_case(prefix) || e == &prefix.to_lowercase())
        {
            let cut = pos + apostrophe.len_utf8();
            if cut < word.len() {
                return (&word[..cut], Some(&word[cut..]));
            }
        }
    }
    (word, None)
}

/// Lower-cases `word` into `out`: typographic apostrophes become `'`, and a
/// trailing apostrophe (of a split elision) is dropped, so `L’` reads `l`.
pub(crate) fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if c == '’' {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    if out.len() > 1 && out.ends_with('\'') {
        out.pop();
    }
}
