//! Near-duplicate detection: MinHash signatures of word shingles and a
//! banded LSH index over them.
//!
//! Hand-written (about 60 lines) rather than gaoya or probminhash: the index
//! must be deterministic, bounded per bucket (so cost per article stays flat)
//! and rebuildable from stored signatures, which is simplest with our own.

use xxhash_rust::xxh3::xxh3_64;

/// Words per shingle.
pub const SHINGLE: usize = 3;
/// Hash functions per signature.
pub const HASHES: usize = 72;
/// Signature values per LSH band: 24 bands of 3 make a pair with Jaccard
/// 0.5 a candidate with probability 0.96, one with 0.2 with 0.18.
pub const ROWS: usize = 3;
/// Documents kept per LSH bucket (the most recent), bounding lookup cost.
const BUCKET_CAP: usize = 16;

/// Odd multipliers and offsets of the hash family h_i(x) = a_i * x + b_i
/// (wrapping), derived from fixed seeds so signatures never change.
fn family() -> &'static [(u64, u64); HASHES] {
    static F: std::sync::OnceLock<[(u64, u64); HASHES]> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let mut f = [(0u64, 0u64); HASHES];
        for (i, slot) in f.iter_mut().enumerate() {
            let a = xxh3_64(&(2 * i as u64).to_le_bytes()) | 1;
            let b = xxh3_64(&(2 * i as u64 + 1).to_le_bytes());
            *slot = (a, b);
        }
        f
    })
}

/// The MinHash signature of a word sequence (empty when too short to shingle).
pub fn signature(words: &[String]) -> Vec<u32> {
    if words.len() < SHINGLE {
        return Vec::new();
    }
    let f = family();
    let mut sig = [u64::MAX; HASHES];
    let mut buf = String::new();
    for w in words.windows(SHINGLE) {
        buf.clear();
        for word in w {
            buf.push_str(word);
            buf.push(' ');
        }
        let x = xxh3_64(buf.as_bytes());
        for (slot, (a, b)) in sig.iter_mut().zip(f.iter()) {
            let h = a.wrapping_mul(x).wrapping_add(*b);
            if h < *slot {
                *slot = h;
            }
        }
    }
    sig.iter().map(|h| (h >> 32) as u32).collect()
}

/// Estimated Jaccard similarity of two signatures' shingle sets.
pub fn similarity(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / a.len() as f32
}

/// Banded LSH index from signatures to document numbers, in two
/// generations: a rewrite is published within days of its original, so
/// buckets older than the previous generation are dropped. Without that
/// the index held 24 buckets per article ever added, and its growth (memory,
/// cache misses) was what made the cost per article climb with the corpus.
#[derive(Debug, Default, Clone)]
pub struct Index {
    current: super::centroid::KeyMap<Vec<u32>>,
    previous: super::centroid::KeyMap<Vec<u32>>,
    /// Generation number of `current` (see [`Index::advance`]).
    generation: i64,
}

fn band_keys(sig: &[u32]) -> impl Iterator<Item = u64> + '_ {
    sig.chunks_exact(ROWS).enumerate().map(|(band, rows)| {
        let mut bytes = [0u8; 4 * ROWS + 1];
        bytes[0] = band as u8;
        for (i, r) in rows.iter().enumerate() {
            bytes[1 + 4 * i..5 + 4 * i].copy_from_slice(&r.to_le_bytes());
        }
        xxh3_64(&bytes)
    })
}

impl Index {
    /// Documents sharing at least one band with `sig`, in ascending order.
    pub fn candidates(&self, sig: &[u32]) -> Vec<u32> {
        let mut out: Vec<u32> = band_keys(sig)
            .flat_map(|k| [self.current.get(&k), self.previous.get(&k)])
            .flatten()
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Moves to generation `g` when it is newer: the current buckets become
    /// the previous ones (or are dropped too when `g` skips one), so only
    /// documents added in generations `g - 1` and `g` stay findable. An older
    /// `g` changes nothing.
    pub fn advance(&mut self, g: i64) {
        if g <= self.generation {
            return;
        }
        self.previous = if g == self.generation + 1 { std::mem::take(&mut self.current) } else { Default::default() };
        self.current = Default::default();
        self.generation = g;
    }

    /// Adds document `doc` with signature `sig` to the current generation.
    pub fn insert(&mut self, doc: u32, sig: &[u32]) {
        for k in band_keys(sig) {
            let bucket = self.current.entry(k).or_default();
            if bucket.len() >= BUCKET_CAP {
                bucket.remove(0);
            }
            bucket.push(doc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn identical_texts_match_and_unrelated_do_not() {
        let a = signature(&words("the river rose three metres overnight and the port of the town was closed"));
        let b = signature(&words("the river rose three metres overnight and the port of the town was closed"));
        let c = signature(&words("voters queued for hours at polling stations across the capital on sunday"));
        assert_eq!(similarity(&a, &b), 1.0);
        assert!(similarity(&a, &c) < 0.1);
        let mut idx = Index::default();
        idx.insert(7, &a);
        assert_eq!(idx.candidates(&b), vec![7]);
        assert!(idx.candidates(&c).is_empty());
        // Still found one generation later, gone two later.
        idx.advance(1);
        assert_eq!(idx.candidates(&b), vec![7]);
        idx.advance(2);
        assert!(idx.candidates(&b).is_empty());
    }
}
