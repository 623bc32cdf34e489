//! Beam search over the tagger's BILOU model tags, shared by decoding
//! ([`super::model`]) and training ([`super::train`]): each step extends the
//! kept hypotheses by one word's tag and keeps the best few.
//!
//! It does not score: the caller gives the scores of every tag after a
//! history. Hypotheses are kept as a lattice of back pointers, so a step
//! copies no tag sequences.

use super::features::{self, MODEL_TAGS};

/// One hypothesis after a step: its last tag, the tag before it
/// (`MODEL_TAGS`: before the sentence), its total score, and the index of
/// the hypothesis of the previous step it extends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    pub score: f64,
    pub tag: usize,
    pub prev: usize,
    pub parent: usize,
}

/// The hypotheses of every step of one sentence so far, step after step in
/// one buffer (a step allocates nothing once the buffers have grown).
#[derive(Debug, Clone, Default)]
pub struct Lattice {
    nodes: Vec<Node>,
    /// Where each step's hypotheses begin in `nodes`.
    starts: Vec<usize>,
    /// The step being made: its best hypotheses so far (a buffer kept
    /// between steps).
    kept: Vec<Node>,
}

/// The state before the first word.
const START: Node = Node { score: 0.0, tag: MODEL_TAGS, prev: MODEL_TAGS, parent: 0 };

impl Lattice {
    /// An empty lattice (reusable: see [`Lattice::clear`]).
    pub fn new() -> Lattice {
        Lattice::default()
    }

    /// Forgets the steps, keeping the buffers.
    pub fn clear(&mut self) {
        self.nodes.clear();
        self.starts.clear();
    }

    /// The hypotheses of step `i`, best first.
    fn step_nodes(&self, i: usize) -> &[Node] {
        let end = self.starts.get(i + 1).copied().unwrap_or(self.nodes.len());
        &self.nodes[self.starts[i]..end]
    }

    /// The hypotheses of the last step, best first.
    pub fn last(&self) -> &[Node] {
        match self.starts.last() {
            Some(&s) => &self.nodes[s..],
            None => std::slice::from_ref(&START),
        }
    }

    /// Extends every hypothesis of the last step by each tag allowed after
    /// it ([`features::bilou_allowed`]) and in `seen` (a bit per tag), scored
    /// by `score(prev, prev2)` (the scores of every tag after that history),
    /// and keeps the best `width`. Hypotheses ending in the same two tags
    /// have the same future (the tag features look two tags back), so only
    /// the best of them is kept: a wide enough beam is exact (Viterbi). Ties
    /// go to the earlier hypothesis, then the lower tag.
    pub fn step(&mut self, width: usize, seen: u32, mut score: impl FnMut(usize, usize) -> [f32; MODEL_TAGS]) {
        let width = width.max(1);
        // The best `width` so far, best first, kept while the candidates
        // stream by in (hypothesis, tag) order: a candidate is placed after
        // every kept one scoring as much, so the earlier wins ties.
        let mut kept = std::mem::take(&mut self.kept);
        kept.clear();
        for h in 0..self.last().len() {
            let node = self.last()[h];
            let scores = score(node.tag, node.prev);
            let mut tags = seen & features::allowed_after(node.tag);
            while tags != 0 {
                let t = tags.trailing_zeros() as usize;
                tags &= tags - 1;
                let s = node.score + f64::from(scores[t]);
                if s == f64::NEG_INFINITY || (kept.len() == width && kept[width - 1].score >= s) {
                    continue;
                }
                if let Some(d) = kept.iter().position(|k| k.tag == t && k.prev == node.tag) {
                    if kept[d].score >= s {
                        continue;
                    }
                    kept.remove(d);
                }
                let at = kept.iter().position(|k| k.score < s).unwrap_or(kept.len());
                kept.insert(at, Node { score: s, tag: t, prev: node.tag, parent: h });
                kept.truncate(width);
            }
        }
        self.starts.push(self.nodes.len());
        self.nodes.extend_from_slice(&kept);
        self.kept = kept;
    }

    /// The tags of hypothesis `k` of the last step, from the first word.
    pub fn path(&self, k: usize) -> Vec<usize> {
        let mut out = vec![0; self.starts.len()];
        let mut k = k;
        for i in (0..self.starts.len()).rev() {
            let node = self.step_nodes(i)[k];
            out[i] = node.tag;
            k = node.parent;
        }
        out
    }

    /// The index among the last step's hypotheses of the one whose path is
    /// `tags` (as long as the lattice), if the beam kept it.
    pub fn find(&self, tags: &[usize]) -> Option<usize> {
        // Follow the path forwards: at each step the one node with this tag
        // and the parent found so far (states are unique per step).
        let mut parent = 0;
        for (i, &t) in tags.iter().enumerate().take(self.starts.len()) {
            parent = self.step_nodes(i).iter().position(|n| n.tag == t && n.parent == parent)?;
        }
        Some(parent)
    }

    /// Replaces every step by the single hypothesis `tags` (as long as the
    /// lattice): training goes on from the gold prefix after an update.
    pub fn reset_to(&mut self, tags: &[usize]) {
        let n = self.starts.len();
        self.clear();
        for (i, &tag) in tags.iter().enumerate().take(n) {
            let prev = if i == 0 { MODEL_TAGS } else { tags[i - 1] };
            self.starts.push(self.nodes.len());
            self.nodes.push(Node { score: 0.0, tag, prev, parent: 0 });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores that make a greedy choice wrong: `U-PER` (4) looks best for
    /// the first word alone, but `B-PER I… L-PER` pays off on the next.
    fn scores(i: usize, prev: usize) -> [f32; MODEL_TAGS] {
        let mut s = [0f32; MODEL_TAGS];
        match i {
            0 => {
                s[4] = 2.0;
                s[1] = 1.5;
            }
            _ => {
                if prev == 1 {
                    s[3] = 5.0;
                }
                s[0] = 1.0;
            }
        }
        s
    }

    #[test]
    fn a_wider_beam_finds_what_greedy_misses() {
        let run = |width: usize| {
            let mut lat = Lattice::new();
            for i in 0..2 {
                lat.step(width, u32::MAX, |prev, _| scores(i, prev));
            }
            lat.path(0)
        };
        assert_eq!(run(1), vec![4, 0]);
        assert_eq!(run(3), vec![1, 3]);
    }

    #[test]
    fn paths_are_found_and_reset() {
        let mut lat = Lattice::new();
        for i in 0..2 {
            lat.step(3, u32::MAX, |prev, _| scores(i, prev));
        }
        assert_eq!(lat.find(&[1, 3]), Some(0));
        assert_eq!(lat.find(&[4, 0]).map(|k| lat.path(k)), Some(vec![4, 0]));
        assert_eq!(lat.find(&[0, 0]), None);
        lat.reset_to(&[0, 0]);
        assert_eq!(lat.path(0), vec![0, 0]);
        assert_eq!(lat.last()[0].prev, 0);
        // Unseen tags are never chosen; a closed beam keeps the best states.
        let mut lat = Lattice::new();
        lat.step(2, 1 | 1 << 4, |_, _| [1.0; MODEL_TAGS]);
        assert_eq!(lat.last().iter().map(|n| n.tag).collect::<Vec<_>>(), vec![0, 4]);
    }
}
