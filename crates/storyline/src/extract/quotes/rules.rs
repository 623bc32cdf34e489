//! Per-language quotation rules, read from `resources/lang/<code>/quotes.toml`.
//!
//! This module only loads and indexes the data; it knows no language itself.

// foldhash: word lookups run for every token; SipHash was a third of the time.
use foldhash::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use super::scan::{lower_key, word_keys};
use crate::lang::Lang;

/// Grammatical gender a pronoun, title or role noun marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Gender {
    #[serde(rename = "m")]
    Male,
    #[serde(rename = "f")]
    Female,
}

/// A pronoun that can stand for a speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Pronoun {
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub plural: bool,
}

#[derive(Deserialize)]
struct RawPronoun {
    form: String,
    #[serde(default)]
    gender: Option<Gender>,
    #[serde(default)]
    number: Option<String>,
}

#[derive(Deserialize)]
struct Gendered {
    form: String,
    #[serde(default)]
    gender: Option<Gender>,
}

#[derive(Deserialize)]
struct Raw {
    marks: Vec<[String; 2]>,
    #[serde(default)]
    dialogue_dashes: Vec<String>,
    cues: Vec<String>,
    #[serde(default)]
    source_markers: Vec<String>,
    complementisers: Vec<String>,
    #[serde(default)]
    reported_markers: Vec<String>,
    #[serde(default)]
    no_content_cues: Vec<String>,
    pronouns: Vec<RawPronoun>,
    titles: Vec<Gendered>,
    role_nouns: Vec<Gendered>,
    org_nouns: Vec<String>,
    definite: Vec<String>,
    indefinite: Vec<String>,
    partitives: Vec<String>,
    name_particles: Vec<String>,
    skip_words: Vec<String>,
    of_words: Vec<String>,
    boundary_words: Vec<String>,
    not_names: Vec<String>,
    #[serde(default)]
    compounds: bool,
    #[serde(default)]
    capitalised_nouns: bool,
    #[serde(default)]
    possessives: Vec<String>,
    #[serde(default)]
    not_after: Vec<String>,
}

/// Word phrases (one or more words) indexed by their first word.
#[derive(Debug, Default)]
pub struct Phrases(HashMap<String, Vec<Vec<String>>>);

impl Phrases {
    fn new(list: &[String]) -> Phrases {
        let mut map: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        for phrase in list {
            let words = word_keys(phrase);
            if let Some(first) = words.first() {
                map.entry(first.clone()).or_default().push(words);
            }
        }
        // Longest phrase first, so "went on to say" wins over a shorter one.
        for v in map.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        Phrases(map)
    }

    /// The length in words of the longest phrase matching `words` from its start.
    pub fn match_at<'a>(&self, words: impl Fn(usize) -> Option<&'a str>) -> Option<usize> {
        let first = words(0)?;
        let candidates = self.0.get(first)?;
        candidates
            .iter()
            .find(|p| p.iter().enumerate().all(|(i, w)| words(i) == Some(w.as_str())))
            .map(|p| p.len())
    }
}

/// The quotation rules of one language, indexed for lookup.
#[derive(Debug)]
pub struct Rules {
    pub lang: Lang,
    pub marks: Vec<(char, char)>,
    pub dashes: Vec<char>,
    pub cues: Phrases,
    pub sources: Phrases,
    pub complementisers: Vec<String>,
    pub reported_markers: HashSet<String>,
    pub no_content: HashSet<String>,
    pub pronouns: HashMap<String, Pronoun>,
    pub titles: HashMap<String, Option<Gender>>,
    pub roles: HashMap<String, Option<Gender>>,
    pub orgs: HashSet<String>,
    pub definite: HashSet<String>,
    pub indefinite: HashSet<String>,
    pub partitives: Phrases,
    pub particles: HashSet<String>,
    pub skip: HashSet<String>,
    pub of_words: HashSet<String>,
    pub boundary: HashSet<String>,
    pub not_names: HashSet<String>,
    pub compounds: bool,
    /// Last three bytes of every role, title and organisation word: a word
    /// ending otherwise is no compound of them (saves suffix lookups).
    tails: Vec<[u8; 3]>,
    /// Whether common nouns are capitalised (capitals alone do not make a name).
    pub capitalised_nouns: bool,
    /// Possessive endings written with an apostrophe ("'s").
    pub possessives: Vec<String>,
    /// Words before a complementiser that make it no reported speech ("so that").
    pub not_after: HashSet<String>,
}

fn set(list: &[String]) -> HashSet<String> {
    list.iter().map(|s| lower_key(s)).collect()
}

fn first_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

impl Rules {
    fn from_raw(lang: Lang, raw: Raw) -> Rules {
        let marks = raw
            .marks
            .iter()
            .filter_map(|[o, c]| Some((first_char(o)?, first_char(c)?)))
            .collect();
        let gendered = |list: &[Gendered]| {
            list.iter()
                .map(|g| (lower_key(&g.form), g.gender))
                .collect::<HashMap<_, _>>()
        };
        Rules {
            lang,
            marks,
            dashes: raw.dialogue_dashes.iter().filter_map(|d| first_char(d)).collect(),
            cues: Phrases::new(&raw.cues),
            sources: Phrases::new(&raw.source_markers),
            complementisers: raw.complementisers.iter().map(|s| lower_key(s)).collect(),
            reported_markers: set(&raw.reported_markers),
            no_content: set(&raw.no_content_cues),
            pronouns: raw
                .pronouns
                .iter()
                .map(|p| {
                    let plural = p.number.as_deref() == Some("pl");
                    (lower_key(&p.form), Pronoun { gender: p.gender, plural })
                })
                .collect(),
            titles: gendered(&raw.titles),
            roles: gendered(&raw.role_nouns),
            orgs: set(&raw.org_nouns),
            definite: set(&raw.definite),
            indefinite: set(&raw.indefinite),
            partitives: Phrases::new(&raw.partitives),
            particles: set(&raw.name_particles),
            skip: set(&raw.skip_words),
            of_words: set(&raw.of_words),
            boundary: set(&raw.boundary_words),
            not_names: set(&raw.not_names),
            compounds: raw.compounds,
            capitalised_nouns: raw.capitalised_nouns,
            possessives: raw.possessives.iter().map(|p| lower_key(p)).collect(),
            not_after: set(&raw.not_after),
            tails: {
                let mut t: Vec<[u8; 3]> = raw
                    .role_nouns
                    .iter()
                    .chain(raw.titles.iter())
                    .map(|g| lower_key(&g.form))
                    .chain(raw.org_nouns.iter().map(|o| lower_key(o)))
                    .filter_map(|w| tail(&w))
                    .collect();
                t.sort_unstable();
                t.dedup();
                t
            },
        }
    }

    /// The gender a role noun marks, `Some(None)` for an unmarked role, `None`
    /// when the word names no role. Compounding languages match the word's end.
    pub fn role(&self, word: &str) -> Option<Option<Gender>> {
        let compounds = self.may_compound(word);
        lookup_compound(&self.roles, word, compounds).or_else(|| lookup_compound(&self.titles, word, compounds))
    }

    /// Whether the word names an organisation.
    pub fn org(&self, word: &str) -> bool {
        if self.orgs.contains(word) {
            return true;
        }
        self.may_compound(word) && suffixes(word).any(|s| self.orgs.contains(s))
    }

    fn may_compound(&self, word: &str) -> bool {
        self.compounds && tail(word).is_some_and(|t| self.tails.binary_search(&t).is_ok())
    }

    /// Whether the word is a function word of some list (never part of a name).
    pub fn is_function_word(&self, w: &str) -> bool {
        self.definite.contains(w)
            || self.indefinite.contains(w)
            || self.boundary.contains(w)
            || self.of_words.contains(w)
            || self.skip.contains(w)
            || self.not_names.contains(w)
            || self.pronouns.contains_key(w)
    }
}

/// Suffixes of a compound word long enough to be a word of their own (the
/// part before them at least three letters long).
fn suffixes(word: &str) -> impl Iterator<Item = &str> {
    let short = word.len() < 8;
    word.char_indices()
        .skip(3)
        .take_while(move |_| !short)
        .map(move |(i, _)| &word[i..])
        .filter(|s| s.len() >= 4)
}

fn tail(word: &str) -> Option<[u8; 3]> {
    let b = word.as_bytes();
    (b.len() >= 3).then(|| [b[b.len() - 3], b[b.len() - 2], b[b.len() - 1]])
}

fn lookup_compound<V: Copy>(map: &HashMap<String, V>, word: &str, compounds: bool) -> Option<V> {
    if let Some(v) = map.get(word) {
        return Some(*v);
    }
    if compounds {
        return suffixes(word).find_map(|s| map.get(s).copied());
    }
    None
}

static ALL: LazyLock<Vec<Rules>> = LazyLock::new(|| {
    crate::lang::load_resources::<Raw>(&crate::per_language!("quotes.toml"), "quotes.toml")
        .into_iter()
        .map(|(lang, raw)| Rules::from_raw(lang, raw))
        .collect()
});

/// Rules of every language with quotation resources.
pub fn all() -> &'static [Rules] {
    &ALL
}

/// Rules of one language, if it has them.
pub fn for_lang(lang: Lang) -> Option<&'static Rules> {
    ALL.iter().find(|r| r.lang == lang)
}

/// The languages to try for a frame: its own first, then the document's,
/// then (only when neither is known) every other language.
pub fn candidates(own: Lang, doc: Lang) -> &'static [&'static Rules] {
    type Cache = Vec<((Lang, Lang), &'static [&'static Rules])>;
    thread_local! {
        static CACHE: std::cell::RefCell<Cache> = const { std::cell::RefCell::new(Vec::new()) };
    }
    CACHE.with(|c| {
        if let Some((_, v)) = c.borrow().iter().find(|(k, _)| *k == (own, doc)) {
            return *v;
        }
        // Leaked once per language pair and thread: a few dozen bytes at most.
        let v: &'static [&'static Rules] = Box::leak(compute_candidates(own, doc).into_boxed_slice());
        c.borrow_mut().push(((own, doc), v));
        v
    })
}

fn compute_candidates(own: Lang, doc: Lang) -> Vec<&'static Rules> {
    let mut out: Vec<&'static Rules> = Vec::new();
    for l in [own, doc] {
        if let Some(r) = for_lang(l) {
            if !out.iter().any(|o| o.lang == r.lang) {
                out.push(r);
            }
        }
    }
    if out.is_empty() {
        out.extend(ALL.iter());
    }
    out
}
