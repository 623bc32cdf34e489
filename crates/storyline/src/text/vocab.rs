//! A per-thread vocabulary: each distinct lower-cased word the thread has
//! seen, with its language-profile masks and its stems, so that a word is
//! hashed once per occurrence and stemmed once per language. Snowball
//! stemming and hash lookups were most of the analysis time; news words
//! repeat (Zipf), so most occurrences are cache hits. No language knowledge.

use std::cell::RefCell;

use hashbrown::HashTable;
use rust_stemmers::Stemmer;

use super::language::{self, Masks};

/// Entries kept per thread before the vocabulary is emptied (between
/// documents, so indices handed out stay valid while one is analysed).
const MAX_ENTRIES: usize = 200_000;

struct Entry {
    lower: Box<str>,
    /// The first stem made, by stemmer id: usually the only one (kept inline
    /// to save a memory access per token).
    stem: Option<(u16, Box<str>)>,
    /// Stems by other stemmers (a word seen in several languages).
    more_stems: Vec<(u16, Box<str>)>,
}

/// A table slot: the first bytes of the word and its masks inline, so that
/// most lookups touch one cache line instead of three (slot, entry, string).
#[derive(Clone, Copy)]
struct Slot {
    prefix: [u8; INLINE],
    len: u32,
    index: u32,
    masks: Masks,
}

/// Bytes of a word kept in its slot; longer words are compared in full.
const INLINE: usize = 16;

impl Slot {
    fn matches(&self, lower: &str, entries: &[Entry]) -> bool {
        let n = lower.len().min(INLINE);
        self.len as usize == lower.len()
            && self.prefix[..n] == lower.as_bytes()[..n]
            && (lower.len() <= INLINE || &*entries[self.index as usize].lower == lower)
    }
}

/// The vocabulary of one thread.
pub(crate) struct Vocab {
    table: HashTable<Slot>,
    entries: Vec<Entry>,
    hasher: foldhash::fast::FixedState,
}

impl Vocab {
    fn new() -> Vocab {
        Vocab {
            table: HashTable::new(),
            entries: Vec::new(),
            hasher: foldhash::fast::FixedState::default(),
        }
    }

    /// Runs `f` with this thread's vocabulary, emptied first if it grew too large.
    pub(crate) fn with<R>(f: impl FnOnce(&mut Vocab) -> R) -> R {
        thread_local! {
            static VOCAB: RefCell<Vocab> = RefCell::new(Vocab::new());
        }
        VOCAB.with_borrow_mut(|v| {
            if v.entries.len() > MAX_ENTRIES {
                *v = Vocab::new();
            }
            f(v)
        })
    }

    /// The index and masks of a lower-cased word, adding it if new.
    pub(crate) fn intern(&mut self, lower: &str) -> (u32, Masks) {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(lower);
        let entries = &self.entries;
        if let Some(slot) = self.table.find(hash, |slot| slot.matches(lower, entries)) {
            return (slot.index, slot.masks);
        }
        let index = self.entries.len() as u32;
        let masks = language::masks(lower);
        self.entries.push(Entry {
            lower: lower.into(),
            stem: None,
            more_stems: Vec::new(),
        });
        let mut prefix = [0u8; INLINE];
        let n = lower.len().min(INLINE);
        prefix[..n].copy_from_slice(&lower.as_bytes()[..n]);
        let slot = Slot {
            prefix,
            len: lower.len() as u32,
            index,
            masks,
        };
        let (entries, hasher) = (&self.entries, &self.hasher);
        self.table.insert_unique(hash, slot, |s| {
            hasher.hash_one(&*entries[s.index as usize].lower)
        });
        (index, masks)
    }

    pub(crate) fn lower(&self, i: u32) -> &str {
        &self.entries[i as usize].lower
    }

    /// The stem of word `i` by stemmer `id`, made on first use.
    pub(crate) fn stem(&mut self, i: u32, id: u16, stemmer: &Stemmer) -> &str {
        let entry = &mut self.entries[i as usize];
        let make = |lower: &str| stemmer.stem(lower).into_owned().into_boxed_str();
        match entry.stem {
            Some((sid, _)) if sid == id => {}
            None => entry.stem = Some((id, make(&entry.lower))),
            Some(_) => {
                let pos = match entry.more_stems.iter().position(|(s, _)| *s == id) {
                    Some(pos) => pos,
                    None => {
                        entry.more_stems.push((id, make(&entry.lower)));
                        entry.more_stems.len() - 1
                    }
                };
                return &entry.more_stems[pos].1;
            }
        }
        entry.stem.as_ref().map_or("", |(_, s)| s)
    }
}
