//! Named entities: people, organisations, places and other names (PER, ORG,
//! LOC, MISC) with byte spans, found by a statistical tagger the project
//! trains itself (`storyline train ner`), one model per language.
//!
//! On top of the tagger: roles and titles before a person's name are
//! attached to the mention (from `resources/lang/<code>/entities.toml`),
//! acronyms defined in the text ("the National Council (NC)") are linked to
//! their long form, and social-media handles (`@name`) are mentions. The
//! words around a name correct the tagger's extents and types (`context`).
//! Does not resolve aliases or link mentions across documents.

mod beam;
pub mod clusters;
pub mod features;
pub mod model;
pub mod tokenize;
pub mod train;

mod acronyms;
mod context;
mod roles;

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use model::{Model, ModelError};

use super::{EntityMention, EntityType};
use crate::lang::Lang;
use crate::text::Sentence;

/// An acronym defined in the text and its long form, both with byte spans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Acronym {
    /// The acronym where it is defined (inside the parentheses).
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The long form it stands for.
    pub expansion_start: usize,
    pub expansion_end: usize,
    pub expansion: String,
}

/// Everything this module finds in one text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entities {
    pub mentions: Vec<EntityMention>,
    pub acronyms: Vec<Acronym>,
}

/// The models compiled into the binary, one per fully supported language.
/// An empty file means no model has been trained for the language yet.
macro_rules! embedded_models {
    ($($lang:expr => $file:literal),* $(,)?) => {
        [$(($lang, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/", $file)) as &[u8])),*]
    };
}

static EMBEDDED: [(Lang, &[u8]); 5] = embedded_models![
    Lang::EN => "ner-en.bin",
    Lang::SV => "ner-sv.bin",
    Lang::FR => "ner-fr.bin",
    Lang::DE => "ner-de.bin",
    Lang::ES => "ner-es.bin",
];

/// One language's model, parsed on first use.
#[derive(Debug)]
struct Slot {
    lang: Lang,
    bytes: Cow<'static, [u8]>,
    model: OnceLock<Model>,
}

/// A set of models, one per language; embedded ones are parsed the first
/// time their language is needed.
#[derive(Debug, Default)]
pub struct Recogniser {
    slots: Vec<Slot>,
}

impl Recogniser {
    /// The models compiled into the binary.
    pub fn embedded() -> &'static Recogniser {
        static EMBEDDED_RECOGNISER: OnceLock<Recogniser> = OnceLock::new();
        EMBEDDED_RECOGNISER.get_or_init(|| Recogniser {
            slots: EMBEDDED
                .iter()
                .filter(|(_, bytes)| !bytes.is_empty())
                .map(|(lang, bytes)| Slot { lang: *lang, bytes: Cow::Borrowed(*bytes), model: OnceLock::new() })
                .collect(),
        })
    }

    /// Reads `ner-<code>.bin` for every fully supported language found in
    /// `dir`; each is parsed on first use (and panics there if corrupt).
    pub fn from_dir(dir: &Path) -> Recogniser {
        let mut slots = Vec::new();
        for lang in crate::lang::FULL {
            if let Ok(bytes) = std::fs::read(dir.join(format!("ner-{lang}.bin"))) {
                if !bytes.is_empty() {
                    slots.push(Slot { lang, bytes: Cow::Owned(bytes), model: OnceLock::new() });
                }
            }
        }
        Recogniser { slots }
    }

    /// A recogniser with the given models.
    pub fn with_models(models: Vec<(Lang, Model)>) -> Recogniser {
        let slots = models
            .into_iter()
            .map(|(lang, m)| Slot { lang, bytes: Cow::Borrowed(&[]), model: OnceLock::from(m) })
            .collect();
        Recogniser { slots }
    }

    /// The model for a language, if there is one (parsed on first use).
    pub fn model(&self, lang: Lang) -> Option<&Model> {
        let slot = self.slots.iter().find(|s| s.lang == lang)?;
        Some(slot.model.get_or_init(|| {
            Model::from_bytes(&slot.bytes).unwrap_or_else(|e| panic!("NER model ner-{lang}.bin: {e}"))
        }))
    }

    /// The model for a sentence: its own language, else the most common
    /// language of the text that has a model, else the first model.
    fn model_for(&self, lang: Lang, sentences: &[Sentence]) -> Option<(Lang, &Model)> {
        if let Some(m) = self.model(lang) {
            return Some((lang, m));
        }
        let mut best: Option<(Lang, usize)> = None;
        for slot in &self.slots {
            let n = sentences.iter().filter(|s| s.language == slot.lang).count();
            if n > 0 && best.is_none_or(|(_, b)| n > b) {
                best = Some((slot.lang, n));
            }
        }
        let lang = best.map(|(l, _)| l).or_else(|| self.slots.first().map(|s| s.lang))?;
        self.model(lang).map(|m| (lang, m))
    }

    /// Tags the words of one pre-tokenised sentence (tag names `B-PER`, …).
    pub fn tag_words(&self, lang: Lang, words: &[&str]) -> Vec<String> {
        match self.model(lang) {
            Some(m) => m.tag(words).into_iter().map(features::tag_name).collect(),
            None => vec!["O".to_string(); words.len()],
        }
    }

    /// Finds the entities of a text split into sentences.
    pub fn extract(&self, text: &str, sentences: &[Sentence]) -> Entities {
        let tokens: Vec<Vec<(usize, usize)>> = sentences.iter().map(|s| tokenize::tokenize(text, s.start, s.end)).collect();
        let words: Vec<Vec<&str>> = tokens.iter().map(|sp| sp.iter().map(|&(a, b)| &text[a..b]).collect()).collect();
        let mut doc = features::DocContext::new(&words.iter().map(Vec::as_slice).collect::<Vec<_>>());
        let mut mentions = Vec::new();
        let mut scratch = features::Scratch::new();
        let mut decided = Vec::new();
        let mut lower_pool = Vec::new();
        for ((s, spans), words) in sentences.iter().zip(&tokens).zip(&words) {
            let tags = match self.model_for(s.language, sentences) {
                Some((_, m)) => m.tag_with(words, &doc, &mut scratch),
                None => vec![0; words.len()],
            };
            doc.record(words, &tags);
            let first = mentions.len();
            mentions.extend(spans_to_mentions(text, spans, &tags));
            add_handles(text, spans, &mut mentions, first);
            // The corrections read words only around the tagger's mentions.
            if mentions.len() > first {
                let lower = tokenize::lower_words_into(text, spans, &mut lower_pool);
                decided.extend(context::correct(text, s.language, spans, lower, &mut mentions, first));
                roles::attach(text, s.language, spans, lower, &mut mentions[first..]);
            }
        }
        context::unparticle(text, sentences, &mut mentions);
        context::spread(&mut mentions, &decided);
        context::cut_possessive_tails(text, sentences, &mut mentions);
        context::join_numbers(text, sentences, &mut mentions);
        context::repeat_names(text, sentences, &mut mentions);
        let acronyms = acronyms::find(text, &tokens, &mut mentions);
        mentions.sort_by_key(|m| (m.start, m.end));
        Entities { mentions, acronyms }
    }
}

/// Entity mentions of a text, each in the language of its sentence.
pub fn recognise(text: &str, sentences: &[Sentence]) -> Vec<EntityMention> {
    Recogniser::embedded().extract(text, sentences).mentions
}

/// Mentions and defined acronyms of a text, with the embedded models.
pub fn extract(text: &str, sentences: &[Sentence]) -> Entities {
    Recogniser::embedded().extract(text, sentences)
}

/// The entity type of a tag index (none for `O`).
fn tag_type(t: usize) -> Option<EntityType> {
    if t == 0 {
        return None;
    }
    Some(match (t - 1) / 2 {
        0 => EntityType::Person,
        1 => EntityType::Organisation,
        2 => EntityType::Location,
        _ => EntityType::Misc,
    })
}

/// Joins BIO-tagged tokens into mentions.
fn spans_to_mentions(text: &str, spans: &[(usize, usize)], tags: &[usize]) -> Vec<EntityMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let Some(kind) = tag_type(tags[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < tags.len() && tags[j] != 0 && tags[j] % 2 == 0 && tag_type(tags[j]) == Some(kind) {
            j += 1;
        }
        // A name holds no bracket and neither starts nor ends with bare
        // punctuation; the tagger sometimes runs on into "(CNSP" or a
        // sentence's final stop.
        let word = |k: usize| &text[spans[k].0..spans[k].1];
        let bare = |k: usize| !word(k).chars().any(char::is_alphanumeric);
        let (mut a, mut b) = (i, (i + 1..j).find(|&k| word(k).starts_with(['(', '[', '{'])).unwrap_or(j));
        while a < b && bare(a) {
            a += 1;
        }
        while b > a && bare(b - 1) {
            b -= 1;
        }
        if a < b {
            let (start, end) = (spans[a].0, spans[b - 1].1);
            out.push(EntityMention { start, end, text: text[start..end].to_string(), kind, role: None });
        }
        i = j;
    }
    out
}

/// Social-media handles the tagger left out become mentions: `@name` names
/// an account, most often a person's.
fn add_handles(text: &str, spans: &[(usize, usize)], mentions: &mut Vec<EntityMention>, first: usize) {
    for &(a, b) in spans {
        let word = &text[a..b];
        let is_handle = word.len() > 1 && word.starts_with('@') && word[1..].chars().all(|c| c.is_alphanumeric() || c == '_');
        if is_handle && !mentions[first..].iter().any(|m| m.start < b && a < m.end) {
            mentions.push(EntityMention { start: a, end: b, text: word.to_string(), kind: EntityType::Person, role: None });
        }
    }
}

#[cfg(test)]
mod tests;

/// A test mention of `name` where `text` first writes it.
#[cfg(test)]
pub(crate) fn mention_at_first(text: &str, name: &str, kind: EntityType) -> EntityMention {
    let start = text.find(name).expect("the name is in the text");
    EntityMention { start, end: start + name.len(), text: name.to_string(), kind, role: None }
}
