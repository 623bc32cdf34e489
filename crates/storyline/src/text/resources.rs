//! The per-language text resources (`resources/lang/<code>/text.toml`):
//! titles, abbreviations, enders, ordinal followers, elisions and
//! function words. Loading only; the
//! rules that use them live in `sentences` and `tokens`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::lang::{self, Lang};

/// One language's `text.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextToml {
    titles: Vec<String>,
    abbreviations: Vec<String>,
    enders: Vec<String>,
    ordinal_followers: Vec<String>,
    elisions: Vec<String>,
    function_words: Vec<String>,
}

/// A language's text resources, ready for lookups.
#[derive(Debug)]
pub(crate) struct TextResources {
    /// Words (without the final period) after which a period never ends a sentence.
    pub titles: HashSet<String>,
    /// Words after which a period ends a sentence only before a sentence opener.
    pub abbreviations: HashSet<String>,
    /// Abbreviations that often end a sentence ("etc"): before a capitalised word they do.
    pub enders: HashSet<String>,
    /// Lower-cased words that make a preceding `<number>.` an ordinal.
    pub ordinal_followers: HashSet<String>,
    /// Lower-cased elided forms split off at an apostrophe (`l'`, `d'`).
    pub elisions: Vec<String>,
    /// Lower-cased words that mark the language, for language identification.
    pub function_words: Vec<String>,
}

impl TextResources {
    fn new(t: TextToml) -> TextResources {
        TextResources {
            titles: t.titles.into_iter().collect(),
            abbreviations: t.abbreviations.into_iter().collect(),
            enders: t.enders.into_iter().collect(),
            ordinal_followers: t
                .ordinal_followers
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            elisions: t.elisions.iter().map(|w| w.to_lowercase()).collect(),
            function_words: t.function_words.iter().map(|w| w.to_lowercase()).collect(),
        }
    }
}

fn all() -> &'static [(Lang, TextResources)] {
    static ALL: OnceLock<Vec<(Lang, TextResources)>> = OnceLock::new();
    ALL.get_or_init(|| {
        lang::load_resources::<TextToml>(&crate::per_language!("text.toml"), "text.toml")
            .into_iter()
            .map(|(l, t)| (l, TextResources::new(t)))
            .collect()
    })
}

/// The resources of a language, `None` for languages without full support.
pub(crate) fn for_lang(lang: Lang) -> Option<&'static TextResources> {
    all().iter().find(|(l, _)| *l == lang).map(|(_, r)| r)
}
