//! Weighted sparse vectors of an article and centroids of a cluster.
//!
//! An article's vector has four channels (names, per-language terms,
//! numbers, title words), each TF-IDF weighted and L2-normalised. A cluster
//! keeps the sum of its members' vectors, pruned to the strongest entries so
//! its size stays bounded however many articles it holds.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A hash map with a fixed hasher, so iteration order (and float sums over
/// it) depend only on the input order: clustering must be deterministic.
pub type Map<K, V> = HashMap<K, V, BuildHasherDefault<std::collections::hash_map::DefaultHasher>>;

/// A map keyed by feature hashes: the keys are already xxh3 hashes, so they
/// are used as they are (hashing them again cost a tenth of the run time).
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// The identity hasher behind [`KeyMap`].
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        // Small integer keys (document numbers) get spread by a multiply.
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Compact key of a language code, so per-language lookups compare integers.
pub fn lang_key(code: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(code.as_bytes())
}

/// Entries kept per channel of an article (the highest weighted). In a
/// young corpus most terms tie on weight, so a short cut keeps an arbitrary
/// few of a long report's words (40 kept same-event reports apart).
pub const DOC_KEEP: usize = 100;
/// A centroid channel is pruned back to this many entries when it grows past twice as many.
pub const CENTROID_KEEP: usize = 160;

/// One article's weighted vectors.
#[derive(Debug, Clone, Default)]
pub struct DocVector {
    /// [`lang_key`] of the article's language.
    pub lang: u64,
    pub names: Vec<(u64, f32)>,
    pub terms: Vec<(u64, f32)>,
    pub numbers: Vec<(u64, f32)>,
    pub title: Vec<(u64, f32)>,
}

/// Corpus statistics for inverse document frequency.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    pub docs: u32,
    pub df: KeyMap<u32>,
    /// When set, `add` no longer changes the statistics (batch re-clustering
    /// weighs every article with the final ones).
    pub frozen: bool,
}

impl Idf {
    /// Counts the keys of one article.
    pub fn add(&mut self, keys: impl Iterator<Item = u64>) {
        if self.frozen {
            return;
        }
        self.docs += 1;
        for k in keys {
            *self.df.entry(k).or_default() += 1;
        }
    }

    fn weight(&self, key: u64) -> f32 {
        let df = self.df.get(&key).copied().unwrap_or(0) as f32;
        ((1.0 + self.docs as f32) / (1.0 + df)).ln() + 1.0
    }

    /// TF-IDF weights of raw counts, the [`DOC_KEEP`] strongest, L2-normalised.
    pub fn vector(&self, counts: &[(u64, u32)]) -> Vec<(u64, f32)> {
        let mut v: Vec<(u64, f32)> = counts
            .iter()
            .map(|&(k, tf)| (k, (1.0 + (tf as f32).ln()) * self.weight(k)))
            .collect();
        // Strongest first; ties by key so the cut is deterministic.
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(DOC_KEEP);
        // Kept per article for the whole run: drop the capacity of the cut keys.
        v.shrink_to_fit();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        v
    }
}

/// The sum of member vectors of one channel.
#[derive(Debug, Clone, Default)]
pub struct Channel {
    w: KeyMap<f32>,
    norm: f32,
}

impl Channel {
    pub fn is_empty(&self) -> bool {
        self.norm <= 0.0
    }

    /// Whether some member has key `k` (among the kept entries).
    pub fn contains(&self, k: u64) -> bool {
        self.w.contains_key(&k)
    }

    /// Adds (`sign` 1) or removes (`sign` -1) a vector.
    pub fn add(&mut self, v: &[(u64, f32)], sign: f32) {
        if v.is_empty() {
            return;
        }
        for &(k, x) in v {
            let e = self.w.entry(k).or_default();
            *e += sign * x;
            if *e <= 1e-6 {
                self.w.remove(&k);
            }
        }
        if self.w.len() > 2 * CENTROID_KEEP {
            let mut all: Vec<(u64, f32)> = self.w.iter().map(|(k, w)| (*k, *w)).collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(CENTROID_KEEP);
            self.w = all.into_iter().collect();
        }
        let mut sq: Vec<f32> = self.w.values().map(|w| w * w).collect();
        // Sum in a fixed order: map order depends on history, float sums on order.
        sq.sort_by(f32::total_cmp);
        self.norm = sq.iter().sum::<f32>().sqrt();
    }

    /// Cosine of two centroids.
    pub fn cos_channel(&self, other: &Channel) -> f32 {
        if self.norm <= 0.0 || other.norm <= 0.0 {
            return 0.0;
        }
        let (small, large) = if self.w.len() <= other.w.len() { (self, other) } else { (other, self) };
        let mut products: Vec<f32> =
            small.w.iter().filter_map(|(k, x)| large.w.get(k).map(|y| x * y)).collect();
        // Sum in a fixed order (map order depends on history).
        products.sort_by(f32::total_cmp);
        products.iter().sum::<f32>() / (self.norm * other.norm)
    }

    /// [`Channel::cos_channel`] with each key of `self` weighed by `scale`.
    pub fn cos_channel_scaled(&self, other: &Channel, scale: &dyn Fn(u64) -> f32) -> f32 {
        if self.norm <= 0.0 || other.norm <= 0.0 {
            return 0.0;
        }
        let mut squares = Vec::with_capacity(self.w.len());
        let mut products = Vec::new();
        for (k, x) in &self.w {
            let x = x * scale(*k);
            squares.push(x * x);
            if let Some(y) = other.w.get(k) {
                products.push(x * y);
            }
        }
        // Sum in a fixed order (map order depends on history).
        squares.sort_by(f32::total_cmp);
        products.sort_by(f32::total_cmp);
        let norm = squares.iter().sum::<f32>().sqrt();
        if norm <= 0.0 {
            return 0.0;
        }
        products.iter().sum::<f32>() / (norm * other.norm)
    }

    /// Cosine of a unit vector with this centroid.
    pub fn cos(&self, v: &[(u64, f32)]) -> f32 {
        if self.norm <= 0.0 {
            return 0.0;
        }
        let dot: f32 = v.iter().filter_map(|(k, x)| self.w.get(k).map(|w| w * x)).sum();
        dot / self.norm
    }
}

/// Centroid of a cluster: one channel per signal, terms per language.
#[derive(Debug, Clone, Default)]
pub struct Centroid {
    pub names: Channel,
    pub terms: Vec<(u64, Channel)>,
    pub numbers: Channel,
    /// Title words, with the language of the titles they came from.
    pub title: Vec<(u64, Channel)>,
}

fn per_lang(list: &mut Vec<(u64, Channel)>, lang: u64) -> &mut Channel {
    match list.iter().position(|(l, _)| *l == lang) {
        Some(i) => &mut list[i].1,
        None => {
            list.push((lang, Channel::default()));
            &mut list.last_mut().expect("just pushed").1
        }
    }
}

/// The channel of language `lang` in a per-language list, if it has members.
pub fn find(list: &[(u64, Channel)], lang: u64) -> Option<&Channel> {
    list.iter().find(|(l, c)| *l == lang && !c.is_empty()).map(|(_, c)| c)
}

/// One channel of a centroid: terms and title words per language (a [`lang_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Names,
    Terms(u64),
    Numbers,
    Title(u64),
}

/// How much each signal counts in the content similarity. Names carry
/// across languages and identify who and where, so they weigh most; stems
/// say what happened but only within one language; numbers (tolls, counts,
/// years) and title words are sparse but telling when shared.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub names: f32,
    pub terms: f32,
    pub numbers: f32,
    pub title: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { names: 0.45, terms: 0.35, numbers: 0.1, title: 0.1 }
    }
}

impl Centroid {
    /// Entries kept over all channels (what a comparison may walk).
    pub fn entries(&self) -> usize {
        let per_lang = |l: &[(u64, Channel)]| l.iter().map(|(_, c)| c.w.len()).sum::<usize>();
        self.names.w.len() + per_lang(&self.terms) + self.numbers.w.len() + per_lang(&self.title)
    }

    /// Adds (`sign` 1) or removes (`sign` -1) an article's vector.
    pub fn add(&mut self, v: &DocVector, sign: f32) {
        self.names.add(&v.names, sign);
        if !v.terms.is_empty() {
            per_lang(&mut self.terms, v.lang).add(&v.terms, sign);
        }
        self.numbers.add(&v.numbers, sign);
        if !v.title.is_empty() {
            per_lang(&mut self.title, v.lang).add(&v.title, sign);
        }
    }

    /// Content similarity of two centroids, as [`Centroid::similarity`]
    /// weighs channels; terms and title words compare in the languages both
    /// have (the best-matching one), else they are left out.
    ///
    /// `scale`, when given, weighs each key of `self` (see `Part`).
    pub fn similarity_to(&self, other: &Centroid, w: &Weights, scale: Option<&dyn Fn(Part, u64) -> f32>) -> f32 {
        let cos = |a: &Channel, b: &Channel, part: Part| match scale {
            Some(f) => a.cos_channel_scaled(b, &|k| f(part, k)),
            None => a.cos_channel(b),
        };
        let mut num = 0.0;
        let mut den = 0.0;
        if !self.names.is_empty() || !other.names.is_empty() {
            num += w.names * cos(&self.names, &other.names, Part::Names);
            den += w.names;
        }
        let shared = |a: &[(u64, Channel)], b: &[(u64, Channel)], part: fn(u64) -> Part| {
            a.iter()
                .filter(|(_, c)| !c.is_empty())
                .filter_map(|(l, c)| find(b, *l).map(|d| cos(c, d, part(*l))))
                .fold(None, |m: Option<f32>, x| Some(m.map_or(x, |m| m.max(x))))
        };
        if let Some(c) = shared(&self.terms, &other.terms, Part::Terms) {
            num += w.terms * c;
            den += w.terms;
        }
        if !self.numbers.is_empty() && !other.numbers.is_empty() {
            num += w.numbers * cos(&self.numbers, &other.numbers, Part::Numbers);
            den += w.numbers;
        }
        if let Some(c) = shared(&self.title, &other.title, Part::Title) {
            num += w.title * c;
            den += w.title;
        }
        if den > 0.0 { num / den } else { 0.0 }
    }

    /// The channel `part`, if it has members.
    pub fn part(&self, part: Part) -> Option<&Channel> {
        match part {
            Part::Names => Some(&self.names),
            Part::Terms(l) => find(&self.terms, l),
            Part::Numbers => Some(&self.numbers),
            Part::Title(l) => find(&self.title, l),
        }
    }

    /// Whether the two centroids have members in some common language.
    pub fn shares_language(&self, other: &Centroid) -> bool {
        self.terms.iter().any(|(l, c)| !c.is_empty() && find(&other.terms, *l).is_some())
    }

    /// Whether some member was in language `lang` (a [`lang_key`]).
    pub fn has_language(&self, lang: u64) -> bool {
        find(&self.terms, lang).is_some()
    }

    /// Content similarity in [0, 1]: the weighted mean of the channels' cosines
    /// over the channels both sides have. Terms and title words count only
    /// when the cluster has some in the article's language, so an article in
    /// a new language is judged on names and numbers alone rather than
    /// penalised for words it cannot share.
    pub fn similarity(&self, v: &DocVector, w: &Weights) -> f32 {
        let mut num = 0.0;
        let mut den = 0.0;
        if !v.names.is_empty() || !self.names.is_empty() {
            num += w.names * self.names.cos(&v.names);
            den += w.names;
        }
        if let Some(c) = find(&self.terms, v.lang).filter(|_| !v.terms.is_empty()) {
            num += w.terms * c.cos(&v.terms);
            den += w.terms;
        }
        if !v.numbers.is_empty() && !self.numbers.is_empty() {
            num += w.numbers * self.numbers.cos(&v.numbers);
            den += w.numbers;
        }
        if let Some(c) = find(&self.title, v.lang).filter(|_| !v.title.is_empty()) {
            num += w.title * c.cos(&v.title);
            den += w.title;
        }
        if den > 0.0 { num / den } else { 0.0 }
    }
}
