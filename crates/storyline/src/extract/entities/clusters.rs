//! Word clusters learnt from untagged text, for the tagger's features: each
//! frequent word gets a path in a cluster tree (a few bits per level), and
//! its prefixes serve as features at several granularities, as Brown-cluster
//! prefixes do (Ratinov & Roth 2009; Turian et al. 2010). A rare name in
//! new text then shares weights with the words that occur where it occurs.
//!
//! Method: hierarchical spherical k-means over each word's left/right
//! context counts (±1 and ±2 neighbours among the most frequent words),
//! reduced by a seeded random projection. Brown clustering merges
//! agglomeratively at O(V·C²) with C ≈ 1,000 classes, too slow for a
//! training run of a few minutes on 2 cores; this takes seconds and gives
//! the same kind of tree paths. Hand-written: no maintained crate does either (the k-means
//! crates need ndarray/linfa, a heavy dependency for a hundred lines).
//!
//! Deterministic: the same sentences, config and seed give the same paths
//! (every float sum runs in a sorted order; nothing depends on hash-map order).
//! Does not cluster words seen fewer than `min_count` times.

use std::collections::HashMap;

use super::features::word_hash;
use super::model::HashMap32;

/// How to learn the clusters.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Bits of the path at each level of the tree (branching 2^bits).
    pub level_bits: Vec<u8>,
    /// Words seen fewer times are not clustered.
    pub min_count: usize,
    /// At most this many words (the most frequent) are clustered.
    pub max_words: usize,
    /// Number of context words (the most frequent, lower-cased).
    pub contexts: usize,
    /// Dimensions after random projection.
    pub dims: usize,
    /// k-means iterations per node.
    pub iterations: usize,
    pub seed: u64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        // 64 dimensions gave 56.4 German CV F1 and 90.0 English dev F1, 128
        // gave 57.4 and 90.4; 256 no better than 128 (57.6).
        ClusterConfig { level_bits: vec![4, 3, 3, 2], min_count: 3, max_words: 80_000, contexts: 1000, dims: 128, iterations: 8, seed: 7 }
    }
}

/// Word (hash of the word as written) to its path in the cluster tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    /// Bits per level, first level in the high bits of a path.
    pub level_bits: Vec<u8>,
    /// [`word_hash`] of the word as written to its path.
    pub paths: HashMap32<u16>,
}

impl Clusters {
    /// The path of a word's hash (`features::word_hash` of the word as written).
    #[inline]
    pub fn path(&self, hash: u32) -> Option<u16> {
        self.paths.get(&hash).copied()
    }

    /// The prefix of `path` down to level `level` (0 = the first).
    #[inline]
    pub fn prefix(&self, path: u16, level: usize) -> u16 {
        let total: u32 = self.level_bits.iter().map(|&b| u32::from(b)).sum();
        let keep: u32 = self.level_bits[..=level].iter().map(|&b| u32::from(b)).sum();
        path >> (total - keep)
    }

    /// Number of levels.
    pub fn levels(&self) -> usize {
        self.level_bits.len()
    }

    /// Number of clustered words.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether no word is clustered.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}

/// SplitMix64, for the projection signs and the k-means seeding.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Learns clusters from sentences of words (as tokenised for the tagger).
pub fn learn<'a>(sentences: impl Iterator<Item = &'a [String]> + Clone, config: &ClusterConfig) -> Clusters {
    // Vocabulary: words as written, by count then text (a total order).
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut lower_counts: HashMap<String, usize> = HashMap::new();
    for s in sentences.clone() {
        for w in s {
            *counts.entry(w.as_str()).or_default() += 1;
            *lower_counts.entry(w.to_lowercase()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, usize)> = counts.into_iter().filter(|(_, c)| *c >= config.min_count).collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(config.max_words);
    let index: HashMap<&str, u32> = vocab.iter().enumerate().map(|(i, (w, _))| (*w, i as u32)).collect();
    let mut ctx_words: Vec<(String, usize)> = lower_counts.into_iter().collect();
    ctx_words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ctx_words.truncate(config.contexts);
    let ctx_index: HashMap<String, u32> = ctx_words.into_iter().enumerate().map(|(i, (w, _))| (w, i as u32)).collect();
    // Context ids: per offset (-2, -1, +1, +2) a block of the context words,
    // "other" and the sentence edge.
    let block = config.contexts as u32 + 2;
    let mut pairs: HashMap<u64, u32> = HashMap::new();
    let mut lower = String::new();
    for s in sentences {
        let ids: Vec<u32> = s
            .iter()
            .map(|w| {
                lower.clear();
                lower.push_str(&w.to_lowercase());
                ctx_index.get(lower.as_str()).copied().unwrap_or(config.contexts as u32)
            })
            .collect();
        for (i, w) in s.iter().enumerate() {
            let Some(&wi) = index.get(w.as_str()) else { continue };
            for (k, off) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                let j = i as isize + off;
                let c = if j < 0 || j as usize >= s.len() { config.contexts as u32 + 1 } else { ids[j as usize] };
                let feat = k as u32 * block + c;
                *pairs.entry((u64::from(wi) << 32) | u64::from(feat)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<(u64, u32)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    // Each word: Hellinger-style sqrt of its context distribution (the ±2
    // blocks at half weight), projected onto `dims` seeded ±1 directions.
    let d = config.dims;
    let mut vecs = vec![0f32; vocab.len() * d];
    for &(key, c) in &pairs {
        let (wi, feat) = ((key >> 32) as usize, key as u32);
        let near = matches!(feat / block, 1 | 2);
        let v = (c as f32 / vocab[wi].1 as f32).sqrt() * if near { 1.0 } else { 0.5 };
        let row = &mut vecs[wi * d..(wi + 1) * d];
        let mut bits = 0u64;
        for (k, x) in row.iter_mut().enumerate() {
            if k % 64 == 0 {
                bits = mix(config.seed ^ (u64::from(feat) << 8) ^ (k as u64 / 64));
            }
            *x += if bits >> (k % 64) & 1 == 1 { v } else { -v };
        }
    }
    for row in vecs.chunks_mut(d) {
        let n = row.iter().map(|x| x * x).sum::<f32>().sqrt();
        if n > 0.0 {
            row.iter_mut().for_each(|x| *x /= n);
        }
    }
    // Top-down: split every node's words with k-means, level by level.
    let weights: Vec<f32> = vocab.iter().map(|(_, c)| (*c as f32).ln() + 1.0).collect();
    let mut paths = vec![0u16; vocab.len()];
    let mut nodes: Vec<Vec<u32>> = vec![(0..vocab.len() as u32).collect()];
    for (level, &bits) in config.level_bits.iter().enumerate() {
        let k = 1usize << bits;
        let mut next = Vec::with_capacity(nodes.len() * k);
        for (n, members) in nodes.iter().enumerate() {
            let assign = kmeans(&vecs, d, &weights, members, k, config.iterations, mix(config.seed ^ ((level as u64) << 40) ^ n as u64));
            let mut children = vec![Vec::new(); k];
            for (m, a) in members.iter().zip(assign) {
                paths[*m as usize] = (paths[*m as usize] << bits) | a as u16;
                children[a].push(*m);
            }
            next.extend(children);
        }
        nodes = next;
    }
    let mut out: HashMap32<u16> = HashMap32::default();
    for ((w, _), p) in vocab.iter().zip(paths) {
        // On a hash collision the more frequent word (first) keeps its path.
        out.entry(word_hash(w)).or_insert(p);
    }
    Clusters { level_bits: config.level_bits.clone(), paths: out }
}

/// Spherical k-means of the rows `members` of `vecs` into `k` groups
/// (weighted means; seeds spread out greedily from a seeded first row).
fn kmeans(vecs: &[f32], d: usize, weights: &[f32], members: &[u32], k: usize, iterations: usize, seed: u64) -> Vec<usize> {
    if members.len() <= k {
        return (0..members.len()).collect();
    }
    let row = |m: u32| &vecs[m as usize * d..(m as usize + 1) * d];
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    // Farthest-first seeding among the frequent half of the node, so a
    // centre is never a stray rare word.
    let pool = &members[..members.len().div_ceil(2).max(k)];
    let mut centres: Vec<Vec<f32>> = vec![row(pool[(seed % pool.len() as u64) as usize]).to_vec()];
    let mut best = vec![f32::NEG_INFINITY; pool.len()];
    while centres.len() < k {
        let c = centres.last().unwrap().clone();
        let mut far = 0;
        for (i, &m) in pool.iter().enumerate() {
            best[i] = best[i].max(dot(row(m), &c));
            if best[i] < best[far] {
                far = i;
            }
        }
        centres.push(row(pool[far]).to_vec());
    }
    let mut assign = vec![0usize; members.len()];
    for it in 0..iterations {
        let mut changed = false;
        for (a, &m) in assign.iter_mut().zip(members) {
            let r = row(m);
            let mut top = (0, f32::NEG_INFINITY);
            for (c, centre) in centres.iter().enumerate() {
                let s = dot(r, centre);
                if s > top.1 {
                    top = (c, s);
                }
            }
            changed |= *a != top.0;
            *a = top.0;
        }
        if it > 0 && !changed {
            break;
        }
        let mut sums = vec![vec![0f32; d]; k];
        for (a, &m) in assign.iter().zip(members) {
            let w = weights[m as usize];
            for (s, x) in sums[*a].iter_mut().zip(row(m)) {
                *s += w * x;
            }
        }
        for (c, s) in centres.iter_mut().zip(sums) {
            let n = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if n > 0.0 {
                *c = s.into_iter().map(|x| x / n).collect();
            }
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let places = ["Marlow", "Vaulnes", "Kellbach", "Sundby"];
        let people = ["Ana", "Tomas", "Lena", "Piet"];
        let verbs = ["said", "wrote", "added", "warned"];
        for i in 0..200usize {
            let p = places[i % 4];
            let n = people[(i / 4) % 4];
            let v = verbs[(i / 16) % 4];
            out.push(format!("{n} {v} that the river near {p} rose .").split(' ').map(String::from).collect());
            out.push(format!("In {p} , {n} {v} nothing .").split(' ').map(String::from).collect());
        }
        out
    }

    fn small() -> ClusterConfig {
        ClusterConfig { level_bits: vec![2, 2], min_count: 2, contexts: 50, dims: 32, ..Default::default() }
    }

    /// Words used in the same places share a cluster; words used in
    /// different places do not.
    #[test]
    fn words_with_shared_contexts_cluster_together() {
        let t = text();
        let c = learn(t.iter().map(Vec::as_slice), &small());
        let top = |w: &str| c.prefix(c.path(word_hash(w)).unwrap(), 0);
        let leaf = |w: &str| c.path(word_hash(w)).unwrap();
        assert_eq!(top("Marlow"), top("Sundby"));
        assert_eq!(top("Ana"), top("Piet"));
        assert_eq!(leaf("said"), leaf("warned"));
        assert_ne!(leaf("Marlow"), leaf("Ana"));
        assert_ne!(leaf("said"), leaf("Ana"));
        assert_ne!(leaf("Marlow"), leaf("said"));
        assert!(c.path(word_hash("Oslo")).is_none());
    }

    #[test]
    fn same_text_and_seed_give_the_same_clusters() {
        let t = text();
        let a = learn(t.iter().map(Vec::as_slice), &small());
        let b = learn(t.iter().map(Vec::as_slice), &small());
        assert_eq!(a, b);
        assert!(a.len() >= 12);
    }
}
