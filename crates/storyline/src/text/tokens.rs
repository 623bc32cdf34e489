//! Word tokens: Unicode word boundaries (UAX #29, `unicode-segmentation`),
//! elisions split off at the apostrophe (`l'armée` -> `l'` + `armée`, from
//! the language's `elisions`), lower-casing, Snowball stems (`rust-stemmers`)
//! and stop words (`stop-words`, NLTK lists where it has one, else ISO).
//! It does not decide a token's language: the caller passes its sentence's.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use super::{Token, language};
use crate::lang::Lang;

/// A fast string set (the default SipHash is a large share of the hot path).
pub(crate) type WordSet = HashSet<&'static str, Xxh3DefaultBuilder>;

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
}

impl Tools {
    fn new(lang: Lang) -> Tools {
        let algorithm = CRATE_CODES
            .iter()
            .find(|(c, _, _)| *c == lang.code())
            .and_then(|(_, _, a)| *a);
        Tools {
            stemmer: algorithm.map(Stemmer::create),
            stop: stop_list(lang).iter().copied().collect(),
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
        self.token_owned(start, start + word.len(), word, lower.to_owned())
    }

    /// As [`Tools::token`], taking ownership of the lower-cased form.
    pub(crate) fn token_owned(&self, start: usize, end: usize, word: &str, lower: String) -> Token {
        let stop = self.stop.contains(lower.as_str());
        // Numbers and symbols are kept as they are; words get stemmed.
        let stem = match &self.stemmer {
            Some(st) if word.chars().next().is_some_and(char::is_alphabetic) => {
                match st.stem(&lower) {
                    std::borrow::Cow::Borrowed(b) if b.len() == lower.len() => lower,
                    other => other.into_owned(),
                }
            }
            _ => lower,
        };
        Token { start, end, stem, stop }
    }
}

/// The words of a text with their byte offsets: UAX #29 word segments that
/// hold a letter or digit, with listed elisions (`l'`, `qu'`) split off.
pub(crate) fn words<'a>(
    text: &'a str,
    elisions: &'a [String],
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .flat_map(move |(i, w)| {
            let (first, rest) = split_elision(w, elisions);
            let rest = rest.map(|r| (i + first.len(), r));
            std::iter::once((i, first)).chain(rest)
        })
}

/// Splits `l'armée` into `l'` and `armée` when `l` is a listed elision.
fn split_elision<'a>(word: &'a str, elisions: &[String]) -> (&'a str, Option<&'a str>) {
    if elisions.is_empty() {
        return (word, None);
    }
    if let Some((pos, apostrophe)) = word.char_indices().find(|(_, c)| matches!(c, '\'' | '’')) {
        let prefix = &word[..pos];
        if elisions.iter().any(|e| e.eq_ignore_ascii_case(prefix) || e == &prefix.to_lowercase()) {
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
            if c == '’' {
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
