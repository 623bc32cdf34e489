//! The tagger's model: hashed feature weights, beam decoding left to right
//! over BILOU tags (given to callers as BIO), and its versioned binary file format.
//!
//! File format (little-endian): the magic `SLNER\0`, a `u16` version, then a
//! deflate stream holding the language code, the common-word hashes and the
//! word clusters (bits per level, sorted word hashes, their `u16` paths),
//! then a flags byte (see [`TRIM_LOWER_ENDS`], [`TRAINED_ON_DEV`]), the beam width, the sorted
//! feature hashes with their weights (one per BILOU tag) quantised to `i16`
//! under one scale. The same model always writes the same bytes.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::io::{Read, Write};

use super::beam::Lattice;
use super::clusters::Clusters;
use super::context;
use super::features::{self, DocContext, MODEL_TAGS, Scratch};

const MAGIC: &[u8; 6] = b"SLNER\0";
/// Version 5: BILOU weight rows (17 tags, not 9 BIO tags), a `u32` of
/// seen tags and a beam-width byte after the flags. Version 4: a flags byte before the feature ids. Version 3:
/// word clusters after the gazetteer. Version 2: feature ids mix part hashes
/// (version 1 hashed feature strings). Only the current version is read:
/// older weights are over other tags, so such a model must be retrained.
const VERSION: u16 = 5;

/// Model flag: names of the training data (almost) never end in a
/// lower-case word, so the tagger drops such words from the end of a name
/// ("Telefónica es", "Cuba mantiene"). Set by training when under
/// [`TRIM_MAX_SHARE`] of the gold names end so; not in languages whose names
/// end in common nouns (Swedish "Stockholms län").
pub const TRIM_LOWER_ENDS: u8 = 1;
/// Model flag: the model was trained on its language's dev set as well
/// (`storyline train ner --with-dev`, as the committed models are), so its
/// scores on that set are not held-out figures. Read only by evaluation.
pub const TRAINED_ON_DEV: u8 = 2;
/// The largest share of gold names ending in a lower-case word for which
/// training sets [`TRIM_LOWER_ENDS`] (Spanish 0.6%, English 0.2%, Swedish 6%).
pub const TRIM_MAX_SHARE: f64 = 0.02;

/// Keys are already hashes: a hasher that passes them through.
#[derive(Default)]
pub struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        // Spread the bits so hashbrown's top-7-bit control bytes vary.
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u64(&mut self, n: u64) {
        // 64-bit keys are full xxh3 hashes: uniform in every bit.
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub type HashMap32<V> = HashMap<u32, V, BuildHasherDefault<PassThrough>>;
/// A set of word hashes.
pub type HashSet32 = HashSet<u32, BuildHasherDefault<PassThrough>>;

/// What the tagger knows about words beyond their weights.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Hashes of lower-cased words seen in lower case in the training text.
    pub common: HashSet32,
    /// Known names ([`features::name_hash`]) to type bits (1 << index in `TYPES`).
    pub gazetteer: HashMap32<u8>,
    /// Word clusters learnt from untagged text.
    pub clusters: Clusters,
    /// Endings a name takes as one word in the genitive ("Frankrikes"),
    /// from the language's resources, not the model file.
    pub genitives: &'static [String],
}

impl Lexicon {
    /// The lexicon of language `lang` (a code), with that language's
    /// genitive endings: training and loading a model both make it here,
    /// so a model reads words as it was trained to.
    pub fn new(lang: &str, common: HashSet32, gazetteer: HashMap32<u8>, clusters: Clusters) -> Lexicon {
        Lexicon { common, gazetteer, clusters, genitives: context::genitive_suffixes(lang) }
    }
}

/// A trained tagger for one language.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The language code the model was trained for.
    pub lang: String,
    pub lexicon: Lexicon,
    /// Feature id to its quantised weights.
    table: Table,
    /// Number of weighted features.
    len: usize,
    /// What one unit of a quantised weight is worth.
    scale: f32,
    /// The model tags the training data holds, a bit per BILOU tag index.
    seen: u32,
    /// Decoding flags ([`TRIM_LOWER_ENDS`]).
    flags: u8,
    /// Hypotheses kept while decoding (1: greedy); as in training.
    beam: u8,
    /// Tells this model's weights apart in [`WordSums`] (0: the empty default).
    id: u64,
}

/// A new [`Model::id`].
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Slots of [`WordSums`]: 16,384 of 88 bytes (1.4 MB a thread). Share of
/// tokens found, 4k / 8k / 16k / 32k slots: 70 / 73 / 75 / 76% on the
/// first 40,000 tokens of the English dev set, 72 / 75 / 77 / 79% on
/// Spanish's, 92 / 93.5 / 95% (4k to 16k) on the generated benchmark.
const WORD_SUM_SLOTS: usize = 1 << 14;

/// The summed weights of the word-alone features ([`features::Part::Word`],
/// about half of a token's features) of words tagged lately, per thread:
/// decoding looks up one sum for a frequent word instead of a dozen and a
/// half feature rows, many of them cache misses. Direct-mapped, so a new
/// word replaces whatever held its slot; sums are exact integers, so the
/// tags are the same hit or miss.
struct WordSums {
    /// (model id × 2 + opens the sentence, word hash, summed weights).
    slots: Vec<(u64, u64, [i32; MODEL_TAGS])>,
}

impl WordSums {
    /// The sum for `word` under key `model`, made by `make` on a miss.
    fn get(&mut self, model: u64, word: u64, make: impl FnOnce() -> [i32; MODEL_TAGS]) -> [i32; MODEL_TAGS] {
        if self.slots.is_empty() {
            self.slots = vec![(u64::MAX, 0, [0; MODEL_TAGS]); WORD_SUM_SLOTS];
        }
        // The word hash is uniform already; the model only moves the slot.
        let i = (word ^ model.wrapping_mul(0x9e37_79b9_7f4a_7c15)) as usize & (WORD_SUM_SLOTS - 1);
        let slot = &mut self.slots[i];
        if slot.0 != model || slot.1 != word {
            *slot = (model, word, make());
        }
        slot.2
    }
}

thread_local! {
    static WORD_SUMS: std::cell::RefCell<WordSums> = const { std::cell::RefCell::new(WordSums { slots: Vec::new() }) };
}

/// Feature id to weights: open addressing with linear probing over slots
/// of (key, row index), at most half full, so a miss ends within a probe or
/// two in one cache line; the weight rows are stored densely apart, read
/// only on a hit. Hand-written because this lookup is most of the tagger's
/// time and the keys are already uniform hashes; rows only for real keys
/// keep the table small (a row per slot left half of it empty padding).
/// Buckets of 15 keys per cache line with the line's first row index took
/// a fifth less memory still, but comparing a line cost 12% more
/// instructions for no fewer simulated cache misses.
#[derive(Debug, Clone)]
struct Table {
    slots: Vec<Slot>,
    /// The weight rows, in the order given to [`Table::build`].
    weights: Vec<[i16; MODEL_TAGS]>,
    mask: usize,
    /// The summed weights of the two features that depend on the previous
    /// two tags alone ([`features::history_features`]), by
    /// `prev * (MODEL_TAGS + 1) + prev2`: decoding would otherwise look them
    /// up for every hypothesis of every word.
    history: Vec<[i32; MODEL_TAGS]>,
}

/// A key and the index of its row in `Table::weights`.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u32,
    row: u32,
}

impl Default for Table {
    fn default() -> Table {
        Table::build(&[])
    }
}

/// No feature id takes this value (see `features::fold`).
const EMPTY: u32 = u32::MAX;

impl Table {
    /// A table of the rows (distinct keys).
    fn build(rows: &[(u32, [i16; MODEL_TAGS])]) -> Table {
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![Slot { key: EMPTY, row: 0 }; cap];
        for (r, &(k, _)) in rows.iter().enumerate() {
            let mut i = k as usize & mask;
            while slots[i].key != EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = Slot { key: k, row: r as u32 };
        }
        let weights = rows.iter().map(|r| r.1).collect();
        let mut table = Table { slots, weights, mask, history: Vec::new() };
        table.history = (0..=MODEL_TAGS)
            .flat_map(|prev| (0..=MODEL_TAGS).map(move |prev2| (prev, prev2)))
            .map(|(prev, prev2)| {
                let mut sum = [0i32; MODEL_TAGS];
                for f in features::history_features(prev, prev2) {
                    table.add(f, &mut sum);
                }
                sum
            })
            .collect();
        table
    }

    /// Adds the weights of feature `f` (if weighted) to `scores`.
    #[inline]
    fn add(&self, f: u32, scores: &mut [i32; MODEL_TAGS]) {
        if let Some(row) = self.find(f) {
            add_row(scores, &self.weights[row]);
        }
    }

    /// The summed weights of the tag-only features after tags `prev`, `prev2`.
    #[inline]
    fn history(&self, prev: usize, prev2: usize) -> &[i32; MODEL_TAGS] {
        &self.history[prev.min(MODEL_TAGS) * (MODEL_TAGS + 1) + prev2.min(MODEL_TAGS)]
    }

    /// The row of key `k`, if present.
    #[inline]
    fn find(&self, k: u32) -> Option<usize> {
        let mut i = k as usize & self.mask;
        loop {
            let slot = *self.slots.get(i)?;
            if slot.key == k {
                return Some(slot.row as usize);
            }
            if slot.key == EMPTY {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Asks the CPU to start loading the slot of key `k` (the lookups of a
    /// sentence are known before its tags, so their cache misses overlap).
    #[inline]
    fn prefetch(&self, k: u32) {
        if let Some(p) = self.slots.get(k as usize & self.mask) {
            prefetch(p);
        }
    }

    /// Asks the CPU to start loading the weights in `row` (a row may
    /// straddle two cache lines).
    #[inline]
    fn prefetch_weights(&self, row: usize) {
        if let Some(w) = self.weights.get(row) {
            prefetch(w);
            prefetch(&w[MODEL_TAGS - 1]);
        }
    }

    /// The rows sorted by key.
    fn rows(&self) -> Vec<(u32, [i16; MODEL_TAGS])> {
        let mut rows: Vec<_> =
            self.slots.iter().filter(|s| s.key != EMPTY).map(|s| (s.key, self.weights[s.row as usize])).collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }

    /// Bytes the keys and weights take in memory.
    fn bytes(&self) -> usize {
        std::mem::size_of_val(self.slots.as_slice()) + std::mem::size_of_val(self.weights.as_slice())
    }
}

/// Adds a row of weights to `acc`. The tags that fill whole vectors of 8
/// are added apart from the rest, so the compiler sees whole vectors (as
/// one loop of 17 it added tag by tag through memory).
#[inline]
fn add_row(acc: &mut [i32; MODEL_TAGS], row: &[i16; MODEL_TAGS]) {
    const WHOLE: usize = MODEL_TAGS / 8 * 8;
    let (head, tail) = acc.split_at_mut(WHOLE);
    for (s, x) in head.iter_mut().zip(&row[..WHOLE]) {
        *s += i32::from(*x);
    }
    for (s, x) in tail.iter_mut().zip(&row[WHOLE..]) {
        *s += i32::from(*x);
    }
}

/// A hint to the CPU to start loading the cache line of `p`.
#[inline]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint, and the pointer comes from a reference.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>((p as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a Storyline NER model (bad magic)")]
    Magic,
    #[error("unsupported NER model version {0} (this build reads only version {VERSION}; retrain with `storyline train ner`)")]
    Version(u16),
    #[error("corrupt NER model: {0}")]
    Corrupt(String),
}

impl Model {
    /// A model from averaged weights over the BILOU model tags, one row per
    /// feature hash (any order): weights are quantised to `i16` under one
    /// scale, as they are stored. `seen` has a bit per model tag in the training data.
    pub fn new(lang: &str, lexicon: Lexicon, seen: u32, mut rows: Vec<(u32, [f32; MODEL_TAGS])>) -> Model {
        rows.sort_unstable_by_key(|r| r.0);
        let max = rows.iter().flat_map(|r| r.1).fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let quantised: Vec<(u32, [i16; MODEL_TAGS])> =
            rows.iter().map(|(k, w)| (*k, w.map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16))).collect();
        let table = Table::build(&quantised);
        Model { lang: lang.to_string(), lexicon, table, len: quantised.len(), scale, seen: seen | 1, flags: 0, beam: 1, id: next_id() }
    }

    /// The model with decoding flags set (see [`TRIM_LOWER_ENDS`]).
    pub fn with_flags(mut self, flags: u8) -> Model {
        self.flags = flags;
        self
    }

    /// The model decoding with a beam of `width` hypotheses (1 to 255; 1 is greedy).
    pub fn with_beam(mut self, width: usize) -> Model {
        self.beam = width.clamp(1, 255) as u8;
        self
    }

    /// The beam width decoding uses.
    pub fn beam(&self) -> usize {
        usize::from(self.beam)
    }

    /// The decoding flags.
    pub fn flags(&self) -> u8 {
        self.flags
    }

    /// Number of weighted features.
    pub fn features(&self) -> usize {
        self.len
    }

    /// The model keeping only the share `keep` (0 to 1) of its feature
    /// rows with the largest weights (by the largest |weight| in the row;
    /// ties by feature id, so the result is reproducible). Rows of small
    /// weights change few decisions but cost a cache miss each.
    pub fn pruned(&self, keep: f64) -> Model {
        let mut rows = self.table.rows();
        let n = ((rows.len() as f64 * keep.clamp(0.0, 1.0)).ceil() as usize).min(rows.len());
        let size = |w: &[i16; MODEL_TAGS]| w.iter().map(|x| x.unsigned_abs()).max().unwrap_or(0);
        rows.sort_by_key(|(k, w)| (std::cmp::Reverse(size(w)), *k));
        rows.truncate(n);
        rows.sort_unstable_by_key(|r| r.0);
        let table = Table::build(&rows);
        Model { lang: self.lang.clone(), lexicon: self.lexicon.clone(), table, len: rows.len(), id: next_id(), ..*self }
    }

    /// Bytes the feature weights take in memory (slots and rows).
    pub fn weight_bytes(&self) -> usize {
        self.table.bytes()
    }


    /// The (BIO) tag index of every word of one sentence taken alone.
    pub fn tag(&self, words: &[&str]) -> Vec<usize> {
        self.tag_in(words, &DocContext::new(&[words]))
    }

    /// Tags the sentences of one document in order, each with the context
    /// of the whole document and the tags given so far.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
        let refs: Vec<&[&str]> = sentences.iter().map(Vec::as_slice).collect();
        let mut doc = DocContext::new(&refs);
        sentences
            .iter()
            .map(|words| {
                let tags = self.tag_in(words, &doc);
                doc.record(words, &tags);
                tags
            })
            .collect()
    }

    /// The tag index of every word of one sentence, in a document context
    /// (the caller records the result in it).
    pub fn tag_in(&self, words: &[&str], doc: &DocContext) -> Vec<usize> {
        self.tag_with(words, doc, &mut Scratch::new())
    }

    /// [`Model::tag_in`] with reusable buffers (one per document or thread).
    /// The model decodes BILOU tags; callers get BIO.
    pub fn tag_with(&self, words: &[&str], doc: &DocContext, scratch: &mut Scratch) -> Vec<usize> {
        // Memory, not arithmetic, bounds this loop: most of the work is
        // finding feature rows in a table far larger than the cache. So a
        // word's word-alone features are summed once and kept ([`WordSums`]),
        // and the other lookups are made in an order that lets their misses
        // overlap: every key of the sentence is prefetched, then every weight
        // row found, and a word's (previous tag × word) rows while its other
        // rows are summed. The sums are the same as looking each feature up
        // in turn.
        features::featurise(words, &self.lexicon, doc, scratch, features::Part::Context);
        let table = &self.table;
        for &f in scratch.all_features() {
            table.prefetch(f);
        }
        let mut own = Vec::with_capacity(words.len());
        WORD_SUMS.with_borrow_mut(|sums| {
            let mut ids = Vec::new();
            for i in 0..words.len() {
                let (word, initial) = scratch.word_key(words, i);
                own.push(sums.get(self.id * 2 + u64::from(initial), word, || {
                    ids.clear();
                    scratch.word_features(words, &self.lexicon, i, &mut ids);
                    let mut sum = [0i32; MODEL_TAGS];
                    ids.iter().for_each(|&f| table.add(f, &mut sum));
                    sum
                }));
            }
        });
        let mut rows = Vec::with_capacity(scratch.all_features().len());
        let mut row_ends = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            for &f in scratch.features(i) {
                if let Some(row) = table.find(f) {
                    table.prefetch_weights(row);
                    rows.push(row);
                }
            }
            row_ends.push(rows.len());
        }
        let mut lattice = Lattice::new();
        // The (previous tag × word) features of the beam's previous tags:
        // (previous tag, feature ids, their summed weights once needed).
        let mut by_prev: Vec<(usize, [u32; 2], Option<[i32; MODEL_TAGS]>)> = Vec::with_capacity(8);
        for i in 0..words.len() {
            by_prev.clear();
            for node in lattice.last() {
                if !by_prev.iter().any(|p| p.0 == node.tag) {
                    let ids = scratch.word_tag_features(i, node.tag);
                    ids.iter().for_each(|&f| table.prefetch(f));
                    by_prev.push((node.tag, ids, None));
                }
            }
            let mut stat = own[i];
            for &row in &rows[if i == 0 { 0 } else { row_ends[i - 1] }..row_ends[i]] {
                add_row(&mut stat, &table.weights[row]);
            }
            lattice.step(usize::from(self.beam), self.seen, |prev, prev2| {
                let entry = by_prev.iter_mut().find(|p| p.0 == prev).expect("every previous tag was listed");
                let word = *entry.2.get_or_insert_with(|| {
                    let mut sum = [0i32; MODEL_TAGS];
                    entry.1.iter().for_each(|&f| table.add(f, &mut sum));
                    sum
                });
                let history = table.history(prev, prev2);
                std::array::from_fn(|t| (stat[t] + word[t] + history[t]) as f32)
            });
        }
        let tags = lattice.path(0);
        let mut tags = features::bilou_to_bio(&tags);
        if self.flags & TRIM_LOWER_ENDS != 0 {
            trim_lower_ends(words, &mut tags);
        }
        tags
    }

    /// Writes the model in the versioned binary format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = Vec::new();
        put_str(&mut body, &self.lang);
        body.extend_from_slice(&self.seen.to_le_bytes());
        let mut common: Vec<u32> = self.lexicon.common.iter().copied().collect();
        common.sort_unstable();
        put_sorted(&mut body, &common);
        let mut names: Vec<(u32, u8)> = self.lexicon.gazetteer.iter().map(|(k, v)| (*k, *v)).collect();
        names.sort_unstable();
        put_sorted(&mut body, &names.iter().map(|n| n.0).collect::<Vec<_>>());
        body.extend(names.iter().map(|n| n.1));
        let cl = &self.lexicon.clusters;
        body.push(cl.level_bits.len() as u8);
        body.extend_from_slice(&cl.level_bits);
        let mut paths: Vec<(u32, u16)> = cl.paths.iter().map(|(k, v)| (*k, *v)).collect();
        paths.sort_unstable();
        put_sorted(&mut body, &paths.iter().map(|p| p.0).collect::<Vec<_>>());
        for p in &paths {
            body.extend_from_slice(&p.1.to_le_bytes());
        }
        body.push(self.flags);
        body.push(self.beam);
        let rows = self.table.rows();
        put_sorted(&mut body, &rows.iter().map(|r| r.0).collect::<Vec<_>>());
        body.extend_from_slice(&self.scale.to_le_bytes());
        for w in rows.iter().flat_map(|r| r.1) {
            body.extend_from_slice(&w.to_le_bytes());
        }
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        let mut enc = flate2::write::DeflateEncoder::new(out, flate2::Compression::best());
        enc.write_all(&body).expect("writing to memory");
        enc.finish().expect("writing to memory")
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        if bytes.len() < 8 || &bytes[..6] != MAGIC {
            return Err(ModelError::Magic);
        }
        let version = u16::from_le_bytes([bytes[6], bytes[7]]);
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let mut body = Vec::new();
        flate2::read::DeflateDecoder::new(&bytes[8..])
            .read_to_end(&mut body)
            .map_err(|e| ModelError::Corrupt(e.to_string()))?;
        let mut r = Reader { b: &body, p: 0 };
        let lang = r.string()?;
        let seen = u32::from_le_bytes(r.take(4)?.try_into().unwrap());
        let common: HashSet32 = r.sorted()?.into_iter().collect();
        let names = r.sorted()?;
        let bits = r.take(names.len())?;
        let gazetteer: HashMap32<u8> = names.into_iter().zip(bits.iter().copied()).collect();
        let levels = r.take(1)?[0] as usize;
        let level_bits = r.take(levels)?.to_vec();
        if level_bits.iter().map(|&b| u32::from(b)).sum::<u32>() > 16 {
            return Err(ModelError::Corrupt("cluster paths longer than 16 bits".into()));
        }
        let words = r.sorted()?;
        let raw = r.take(words.len() * 2)?;
        let paths = words.into_iter().zip(raw.chunks_exact(2)).map(|(w, p)| (w, u16::from_le_bytes([p[0], p[1]]))).collect();
        let clusters = Clusters { level_bits, paths };
        let flags = r.take(1)?[0];
        let beam = r.take(1)?[0].max(1);
        let keys = r.sorted()?;
        let scale = f32::from_le_bytes(r.take(4)?.try_into().unwrap());
        let raw = r.take(keys.len() * MODEL_TAGS * 2)?;
        let rows: Vec<(u32, [i16; MODEL_TAGS])> = keys
            .iter()
            .zip(raw.chunks_exact(2 * MODEL_TAGS))
            .map(|(k, r)| (*k, std::array::from_fn(|t| i16::from_le_bytes([r[2 * t], r[2 * t + 1]]))))
            .collect();
        if rows.windows(2).any(|w| w[0].0 >= w[1].0) || rows.last().is_some_and(|r| r.0 == EMPTY) {
            return Err(ModelError::Corrupt("feature ids not strictly increasing".into()));
        }
        let table = Table::build(&rows);
        Ok(Model {
            lexicon: Lexicon::new(&lang, common, gazetteer, clusters),
            lang,
            table,
            len: rows.len(),
            scale,
            seen,
            flags,
            beam,
            id: next_id(),
        })
    }
}

/// Whether a word is written in lower case (some lower-case letter, no
/// capital or digit); caseless scripts never are.
pub fn is_lower_word(w: &str) -> bool {
    w.chars().any(char::is_lowercase) && !w.chars().any(|c| c.is_uppercase() || c.is_numeric())
}

/// Drops lower-case words from the end of every name in `tags` (IOB2
/// indices): a greedy tagger cannot take back an `I-` tag it gave a word
/// before seeing that the name stops there.
pub fn trim_lower_ends(words: &[&str], tags: &mut [usize]) {
    for i in (0..tags.len()).rev() {
        let ends_here = tags[i] != 0 && (i + 1 == tags.len() || tags[i + 1] == 0 || tags[i + 1] % 2 == 1);
        if ends_here {
            let mut j = i;
            loop {
                if !is_lower_word(words[j]) {
                    break;
                }
                let begins = tags[j] % 2 == 1;
                tags[j] = 0;
                if begins || j == 0 {
                    break;
                }
                j -= 1;
            }
        }
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.push(s.len() as u8);
    out.extend_from_slice(s.as_bytes());
}

/// Sorted u32s as a count then LEB128 deltas (small numbers, deflate-friendly).
fn put_sorted(out: &mut Vec<u8>, xs: &[u32]) {
    out.extend_from_slice(&(xs.len() as u32).to_le_bytes());
    let mut last = 0u32;
    for &x in xs {
        let mut d = x - last;
        last = x;
        loop {
            let byte = (d & 0x7f) as u8;
            d >>= 7;
            if d == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self.b.get(self.p..self.p + n).ok_or_else(|| ModelError::Corrupt("truncated".into()))?;
        self.p += n;
        Ok(s)
    }
    fn string(&mut self) -> Result<String, ModelError> {
        let n = self.take(1)?[0] as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|e| ModelError::Corrupt(e.to_string()))
    }
    fn sorted(&mut self) -> Result<Vec<u32>, ModelError> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().unwrap()) as usize;
        let mut out = Vec::with_capacity(n);
        let mut last = 0u32;
        for _ in 0..n {
            let (mut d, mut shift) = (0u32, 0);
            loop {
                let byte = self.take(1)?[0];
                d |= u32::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            last = last.wrapping_add(d);
            out.push(last);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::entities::train::{self, Tagged, TrainConfig};

    fn tags(names: &[&str]) -> Vec<usize> {
        names.iter().map(|n| features::tag_index(n).unwrap()).collect()
    }

    #[test]
    fn lower_case_words_leave_the_end_of_names() {
        let words = ["Vela", "Corp", "es", "de", "Ana", "Lind", "y", "Port", "Ellery", "."];
        let mut t = tags(&["B-ORG", "I-ORG", "I-ORG", "O", "B-PER", "I-PER", "I-PER", "B-LOC", "I-LOC", "O"]);
        trim_lower_ends(&words, &mut t);
        assert_eq!(t, tags(&["B-ORG", "I-ORG", "O", "O", "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"]));
        // Lower-case words inside a name stay, a name of lower-case words goes,
        // and words of caseless scripts or with digits are kept.
        let words = ["Banco", "de", "Vela", "y", "otros", "ministerio", "G7", "東京"];
        let mut t = tags(&["B-ORG", "I-ORG", "I-ORG", "O", "B-MISC", "I-MISC", "B-ORG", "B-LOC"]);
        trim_lower_ends(&words, &mut t);
        assert_eq!(t, tags(&["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-ORG", "B-LOC"]));
    }

    #[test]
    fn the_trim_flag_follows_the_training_names_and_survives_the_file() {
        let s = |w: &[&str], t: &[&str]| Tagged { words: w.iter().map(|x| x.to_string()).collect(), tags: tags(t), doc: 0, aux: false };
        let capital = vec![s(&["Ana", "Lind", "visited", "Port", "Ellery"], &["B-PER", "I-PER", "O", "B-LOC", "I-LOC"])];
        assert_eq!(train::decoding_flags(&capital), TRIM_LOWER_ENDS);
        let common_noun = vec![s(&["Vela", "län", "said"], &["B-LOC", "I-LOC", "O"])];
        assert_eq!(train::decoding_flags(&common_noun), 0);
        let config = TrainConfig { epochs: 3, min_updates: 1, folds: 0, ..Default::default() };
        let mut config = config;
        config.clusters.level_bits.clear();
        let m = train::train("es", &capital, &[], &[], &[], &config, |_| {});
        assert_eq!(m.flags(), TRIM_LOWER_ENDS);
        assert_eq!(Model::from_bytes(&m.to_bytes()).unwrap().flags(), TRIM_LOWER_ENDS);
        let m = train::train("sv", &common_noun, &[], &[], &[], &config, |_| {});
        assert_eq!(Model::from_bytes(&m.to_bytes()).unwrap().flags(), 0);
        // The dev mark is kept beside the decoding flags and changes no tag.
        let marked = m.clone().with_flags(TRAINED_ON_DEV);
        assert_eq!(Model::from_bytes(&marked.to_bytes()).unwrap().flags(), TRAINED_ON_DEV);
        let words = ["Vela", "län", "said"];
        assert_eq!(marked.tag(&words), m.tag(&words));
    }

    /// Decoding keeps each word's summed weights per thread: two models
    /// that disagree about a word each keep their own answer however their
    /// calls interleave, and a model read back from its bytes agrees with
    /// the one written.
    #[test]
    fn word_sums_are_kept_apart_per_model() {
        let (lex, words) = (Lexicon::default(), ["we", "saw", "Vela", "today"]);
        let mut s = Scratch::new();
        features::featurise(&words, &lex, &DocContext::default(), &mut s, features::Part::Context);
        let word_ids = |i: usize| {
            let mut ids = Vec::new();
            s.word_features(&words, &lex, i, &mut ids);
            ids
        };
        // Weights only on the word features "Vela" has and no other word here.
        let others: Vec<u32> = [0, 1, 3].into_iter().flat_map(word_ids).collect();
        let own: Vec<u32> = word_ids(2).into_iter().filter(|f| !others.contains(f)).collect();
        assert!(own.len() > 5);
        let model = |tag: &str| {
            let t = features::bio_to_bilou(&tags(&[tag]))[0];
            let rows = own.iter().map(|&f| (f, std::array::from_fn(|k| if k == t { 1.0 } else { 0.0 }))).collect();
            Model::new("xx", lex.clone(), u32::MAX, rows).with_beam(3)
        };
        let (per, loc) = (model("B-PER"), model("B-LOC"));
        for _ in 0..2 {
            assert_eq!(per.tag(&words), tags(&["O", "O", "B-PER", "O"]));
            assert_eq!(loc.tag(&words), tags(&["O", "O", "B-LOC", "O"]));
        }
        let back = Model::from_bytes(&loc.to_bytes()).unwrap();
        assert_eq!(back.tag(&words), loc.tag(&words));
        assert_eq!(per.tag(&words), tags(&["O", "O", "B-PER", "O"]));
    }

    /// Every key of a table finds its own row, absent keys find none, and
    /// the rows come back as given: with keys spread at random, and with
    /// keys crowding the end of the table and its start (probing past
    /// their home slots and wrapping round from the last to the first).
    #[test]
    fn table_lookups_find_exactly_the_rows_given() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u32
        };
        let row = |k: u32| -> [i16; MODEL_TAGS] { std::array::from_fn(|t| (k as i16).wrapping_add(t as i16)) };
        let spread: Vec<u32> = (0..5000).map(|_| next().min(EMPTY - 1)).collect();
        let crowded: Vec<u32> = (0..100).map(|i| u32::MAX - 1 - i).chain(0..100).collect();
        for keys in [spread, crowded, Vec::new()] {
            let mut keys = keys;
            keys.sort_unstable();
            keys.dedup();
            let rows: Vec<_> = keys.iter().map(|&k| (k, row(k))).collect();
            let table = Table::build(&rows);
            let want: HashMap<u32, [i16; MODEL_TAGS]> = rows.iter().copied().collect();
            for &k in &keys {
                assert_eq!(table.find(k).map(|r| table.weights[r]), Some(row(k)), "key {k}");
            }
            for _ in 0..20_000 {
                let k = next().min(EMPTY - 1);
                assert_eq!(table.find(k).map(|r| table.weights[r]), want.get(&k).copied());
            }
            assert_eq!(table.rows(), rows);
            assert!(table.slots.len() >= 2 * keys.len());
        }
    }

    /// Pruning keeps the rows of largest weights, by their largest |weight|.
    #[test]
    fn pruning_keeps_the_largest_rows() {
        let row = |k: u32, big: f32| {
            let mut w = [0.01f32; MODEL_TAGS];
            w[k as usize % MODEL_TAGS] = if k % 2 == 0 { big } else { -big };
            (k, w)
        };
        let rows: Vec<_> = (1..=10).map(|k| row(k, k as f32)).collect();
        let m = Model::new("en", Lexicon::default(), 1, rows);
        assert_eq!(m.pruned(1.0).to_bytes(), m.to_bytes());
        let half = m.pruned(0.5);
        assert_eq!(half.features(), 5);
        let keys: Vec<u32> = half.table.rows().iter().map(|r| r.0).collect();
        assert_eq!(keys, vec![6, 7, 8, 9, 10]);
        // The kept rows keep their weights and the scale, so the file holds them as they were.
        let kept: Vec<_> = m.table.rows().into_iter().filter(|r| r.0 > 5).collect();
        assert_eq!(half.table.rows(), kept);
        assert_eq!(Model::from_bytes(&half.to_bytes()).unwrap().table.rows(), kept);
        assert_eq!(m.pruned(0.0).features(), 0);
    }

    #[test]
    fn the_beam_width_survives_the_file_and_old_versions_are_refused() {
        let m = Model::new("en", Lexicon::default(), 1, vec![(7, [0.5; MODEL_TAGS])]).with_beam(4);
        let bytes = m.to_bytes();
        assert_eq!(Model::from_bytes(&bytes).unwrap().beam(), 4);
        // A version 4 file (BIO weights) is refused, saying to retrain.
        let mut old = bytes.clone();
        old[6..8].copy_from_slice(&4u16.to_le_bytes());
        let err = Model::from_bytes(&old).unwrap_err();
        assert!(matches!(err, ModelError::Version(4)));
        assert!(err.to_string().contains("retrain"));
    }

    /// Genitive endings come from the language's resources when a model
    /// is read, as they did when it was trained.
    #[test]
    fn a_loaded_model_knows_its_languages_genitive_endings() {
        let load = |lang: &str| {
            let bytes = Model::new(lang, Lexicon::default(), 1, vec![(7, [0.5; MODEL_TAGS])]).to_bytes();
            Model::from_bytes(&bytes).unwrap().lexicon.genitives
        };
        assert_eq!(load("sv"), ["s"]);
        assert!(load("en").is_empty(), "English writes 's apart");
    }
}
