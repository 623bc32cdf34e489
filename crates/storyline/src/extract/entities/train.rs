//! Training the tagger: an averaged structured perceptron over the features
//! of [`super::features`] and BILOU tags, decoding with a small beam and
//! updating early when the gold tags fall out of it, with a seeded shuffle so that the same data and seed
//! give the same model, byte for byte.
//!
//! Reading corpora lives in `eval::ner`; this module sees only words and tags.

use std::collections::HashMap;

use super::beam::Lattice;
use super::clusters::{self, ClusterConfig};
use super::features::{self, DocContext, MODEL_TAGS, Scratch};
use super::model::{self, HashMap32, HashSet32, Lexicon, Model};

/// A sentence with gold tags (indices as in [`features::tag_index`]).
#[derive(Debug, Clone)]
pub struct Tagged {
    pub words: Vec<String>,
    pub tags: Vec<usize>,
    /// The document the sentence belongs to; consecutive sentences with the
    /// same id form one document.
    pub doc: u32,
    /// From another domain than the model is for (Wikipedia for a news
    /// model): see [`train`].
    pub aux: bool,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Rows whose largest averaged weight is below this are dropped.
    pub prune: f32,
    /// A lower-cased word is common when seen this often in lower case.
    pub common_min: usize,
    /// Folds for jackknifing the training data's own names into the
    /// gazetteer; 0 or 1 leaves them out.
    pub folds: usize,
    /// Features updated fewer times than this are dropped (mostly noise;
    /// dropping them halves the model and its load time).
    pub min_updates: u32,
    /// How the word clusters are learnt.
    pub clusters: ClusterConfig,
    /// Hypotheses kept by the beam search, in training and in the model's
    /// decoding (1: greedy). Training is a structured perceptron with early
    /// update.
    pub beam: usize,
    /// The share of the trained feature rows kept, those with the largest
    /// weights ([`Model::pruned`]; 1: all). A smaller table misses the
    /// cache less: keeping half tagged `ner_speed` ~10% faster and lost
    /// 0.14-0.26 dev F1 (en, es, sv; de none), but 2 of the 61 names of
    /// the French news sentences; keeping 3/4 lost at most 0.22 and gained
    /// no measurable speed (`examples/ner_prune.rs`).
    pub keep: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            seed: 42,
            prune: 0.05,
            common_min: 2,
            min_updates: 2,
            folds: 5,
            clusters: ClusterConfig::default(),
            beam: 3,
            keep: 1.0,
        }
    }
}

/// A weight row with the bookkeeping for averaging (Collins 2002, lazily).
struct Row {
    w: [f32; MODEL_TAGS],
    total: [f64; MODEL_TAGS],
    stamp: [u32; MODEL_TAGS],
    updates: u32,
}

/// Trains a model for language `lang` on `data`. `extra_text` is untagged
/// text of the language used only to learn which words are common;
/// `cluster_text` is untagged text that, with the words of `data`, the word
/// clusters are learnt from (never dev or test text); `names`
/// are known names with their type index (a gazetteer; it must not come
/// from `data` itself, or the tagger learns to trust it blindly).
///
/// Where `data` holds sentences of another domain (`aux`), each word
/// feature also gets a weight per domain beside the shared one, and the
/// model keeps the shared weight plus the target domain's (Daumé 2007,
/// "frustratingly easy domain adaptation"): the other domain's habits (what
/// WikiANN leaves untagged) stay in its own weights instead of being
/// learnt as the target's.
pub fn train(
    lang: &str,
    data: &[Tagged],
    extra_text: &[Vec<String>],
    cluster_text: &[Vec<String>],
    names: &[(Vec<String>, usize)],
    config: &TrainConfig,
    mut log: impl FnMut(&str),
) -> Model {
    let common = common_words(data.iter().map(|s| &s.words).chain(extra_text.iter()), config.common_min);
    // The gazetteer holds the external names and the names of the training
    // data itself. While training, a sentence sees only the names of the
    // other folds (jackknifing), or the tagger would learn that every
    // training name is in the gazetteer and trust it blindly.
    // The model learns BILOU tags (see `features::MODEL_TAGS`) from the BIO data.
    let gold_tags: Vec<Vec<usize>> = data.iter().map(|s| features::bio_to_bilou(&s.tags)).collect();
    let seen = gold_tags.iter().flatten().fold(1u32, |m, t| m | (1 << t));
    let flags = decoding_flags(data.iter().filter(|s| !s.aux));
    log(&format!("decoding flags {flags:#04x}"));
    let include_own = config.folds > 1;
    let folds = config.folds.max(1);
    let mut fold_names: Vec<Vec<(Vec<String>, usize)>> = vec![Vec::new(); folds];
    if include_own {
        for s in data {
            fold_names[s.doc as usize % folds].extend(names_in(s));
        }
    }
    let sentences = data.iter().map(|s| s.words.as_slice()).chain(cluster_text.iter().map(Vec::as_slice));
    let clusters = if config.clusters.level_bits.is_empty() { Default::default() } else { clusters::learn(sentences, &config.clusters) };
    log(&format!("{} words clustered", clusters.len()));
    let build = |skip: Option<usize>| {
        let mut gazetteer: HashMap32<u8> = HashMap32::default();
        let own = fold_names.iter().enumerate().filter(|(k, _)| Some(*k) != skip).flat_map(|(_, n)| n.iter());
        for (words, ty) in names.iter().chain(own) {
            if words.len() <= features::MAX_NAME_TOKENS {
                let w: Vec<&str> = words.iter().map(String::as_str).collect();
                *gazetteer.entry(features::name_hash(&w)).or_insert(0u8) |= 1 << ty;
                for k in 1..w.len() {
                    *gazetteer.entry(features::name_hash(&w[..k])).or_insert(0u8) |= features::PREFIX_BIT;
                }
            }
        }
        Lexicon::new(lang, common.clone(), gazetteer, clusters.clone())
    };
    let lexicon = build(None);
    let fold_lexicons: Vec<Lexicon> = if include_own { (0..folds).map(|k| build(Some(k))).collect() } else { vec![lexicon.clone()] };
    log(&format!("{} common words, {} names", lexicon.common.len(), lexicon.gazetteer.len()));
    // Documents: runs of sentences with the same id, tagged in order so the
    // document features see the tags given so far, as at run time.
    let mut docs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, s) in data.iter().enumerate() {
        match docs.last_mut() {
            Some(r) if data[r.start].doc == s.doc => r.end = i + 1,
            _ => docs.push(i..i + 1),
        }
    }
    let words: Vec<Vec<&str>> = data.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
    let contexts: Vec<DocContext> = docs
        .iter()
        .map(|r| DocContext::new(&words[r.clone()].iter().map(Vec::as_slice).collect::<Vec<_>>()))
        .collect();
    let mut rows: HashMap32<Row> = HashMap32::default();
    // Per-domain word-feature weights (target, other), when there is another domain.
    let adapt = data.iter().any(|s| s.aux);
    let mut domain_rows: [HashMap32<Row>; 2] = Default::default();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = SplitMix(config.seed);
    let mut clock: u32 = 0;
    let mut scratch = Scratch::new();
    let mut dynamic = Vec::with_capacity(4);
    let mut lattice = Lattice::new();
    for epoch in 0..config.epochs {
        shuffle(&mut order, &mut rng);
        let (mut correct, mut total) = (0usize, 0usize);
        for &di in &order {
          let mut ctx = contexts[di].clone();
          for si in docs[di].clone() {
            let lex = &fold_lexicons[data[si].doc as usize % fold_lexicons.len()];
            features::featurise(&words[si], lex, &ctx, &mut scratch, features::Part::All);
            let gold = &gold_tags[si];
            let own = &mut domain_rows[usize::from(data[si].aux)];
            let n = gold.len();
            clock += n as u32;
            lattice.clear();
            for i in 0..n {
                let mut stat = [0f32; MODEL_TAGS];
                add_row_scores(&rows, scratch.features(i), &mut stat);
                if adapt {
                    add_row_scores(own, scratch.features(i), &mut stat);
                }
                lattice.step(config.beam, seen, |prev, prev2| {
                    let mut scores = stat;
                    dynamic.clear();
                    scratch.tag_features(i, prev, prev2, &mut dynamic);
                    add_row_scores(&rows, &dynamic, &mut scores);
                    scores
                });
                if lattice.find(&gold[..=i]).is_none() {
                    // Early update (Collins & Roark 2004) when the gold
                    // prefix falls out of the beam, then go on from it
                    // (Daumé & Marcu 2005) so the whole sentence is used.
                    let best = lattice.path(0);
                    update_sequence(&mut rows, &scratch, &gold[..=i], &best, clock, &mut dynamic);
                    if adapt {
                        update_words(own, &scratch, &gold[..=i], &best, clock);
                    }
                    lattice.reset_to(&gold[..=i]);
                }
            }
            let best = lattice.path(0);
            if best != *gold {
                update_sequence(&mut rows, &scratch, gold, &best, clock, &mut dynamic);
                if adapt {
                    update_words(own, &scratch, gold, &best, clock);
                }
            }
            correct += best.iter().zip(gold).filter(|(a, b)| a == b).count();
            total += n;
            // Later sentences see the tags given (here partly gold after
            // early updates) through the document context, as at run time.
            let mut guesses = features::bilou_to_bio(&best);
            if flags & model::TRIM_LOWER_ENDS != 0 {
                model::trim_lower_ends(&words[si], &mut guesses);
            }
            ctx.record(&words[si], &guesses);
          }
        }
        log(&format!("epoch {}: token accuracy {:.4} ({} features)", epoch + 1, correct as f64 / total.max(1) as f64, rows.len()));
    }
    // Average and prune, in sorted key order so the output is reproducible.
    // The target domain's own weights join the shared ones.
    let target = &domain_rows[0];
    let mut keys: Vec<u32> = rows.keys().chain(target.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    let trained = keys.len();
    let mut kept = Vec::new();
    for k in keys {
        let mut avg = [0f32; MODEL_TAGS];
        let mut updates = 0;
        for r in [rows.get(&k), target.get(&k)].into_iter().flatten() {
            for (t, a) in avg.iter_mut().enumerate() {
                let total = r.total[t] + f64::from(clock - r.stamp[t]) * f64::from(r.w[t]);
                *a += (total / f64::from(clock)) as f32;
            }
            updates += r.updates;
        }
        if updates >= config.min_updates && avg.iter().any(|w| w.abs() >= config.prune) {
            kept.push((k, avg));
        }
    }
    log(&format!("kept {} of {trained} features", kept.len()));
    let model = Model::new(lang, lexicon, seen, kept).with_flags(flags).with_beam(config.beam);
    if config.keep < 1.0 {
        let pruned = model.pruned(config.keep);
        log(&format!("kept the {} features of largest weights", pruned.features()));
        return pruned;
    }
    model
}

/// Adds the current weights of features `feats` to `scores`.
fn add_row_scores(rows: &HashMap32<Row>, feats: &[u32], scores: &mut [f32; MODEL_TAGS]) {
    for f in feats {
        if let Some(r) = rows.get(f) {
            for (s, x) in scores.iter_mut().zip(&r.w) {
                *s += x;
            }
        }
    }
}

/// Adds `delta` to the weight of feature `f` for tag `t`, keeping the running
/// total for averaging.
fn bump(rows: &mut HashMap32<Row>, f: u32, t: usize, delta: f32, clock: u32) {
    let r = rows.entry(f).or_insert_with(|| Row {
        w: [0.0; MODEL_TAGS],
        total: [0.0f64; MODEL_TAGS],
        stamp: [0; MODEL_TAGS],
        updates: 0,
    });
    r.updates += 1;
    r.total[t] += f64::from(clock - r.stamp[t]) * f64::from(r.w[t]);
    r.stamp[t] = clock;
    r.w[t] += delta;
}

/// The structured perceptron update: the features of the `gold` tag
/// sequence up, those of the predicted one (as long) down, at the tokens
/// where tag or history differ (elsewhere they cancel).
fn update_sequence(rows: &mut HashMap32<Row>, scratch: &Scratch, gold: &[usize], pred: &[usize], clock: u32, buf: &mut Vec<u32>) {
    update_words(rows, scratch, gold, pred, clock);
    let hist = |tags: &[usize], j: usize| {
        let at = |k: usize| if j >= k { tags[j - k] } else { MODEL_TAGS };
        (at(1), at(2))
    };
    for j in 0..gold.len().min(pred.len()) {
        let (g, p) = (gold[j], pred[j]);
        let (gh, ph) = (hist(gold, j), hist(pred, j));
        if g == p && gh == ph {
            continue;
        }
        buf.clear();
        scratch.tag_features(j, gh.0, gh.1, buf);
        for &f in buf.iter() {
            bump(rows, f, g, 1.0, clock);
        }
        buf.clear();
        scratch.tag_features(j, ph.0, ph.1, buf);
        for &f in buf.iter() {
            bump(rows, f, p, -1.0, clock);
        }
    }
}

/// The part of [`update_sequence`] on the word features (those that do not
/// depend on the tags before): up for the gold tag, down for the predicted
/// one, where the two differ.
fn update_words(rows: &mut HashMap32<Row>, scratch: &Scratch, gold: &[usize], pred: &[usize], clock: u32) {
    for (j, (&g, &p)) in gold.iter().zip(pred).enumerate() {
        if g != p {
            for &f in scratch.features(j) {
                bump(rows, f, g, 1.0, clock);
                bump(rows, f, p, -1.0, clock);
            }
        }
    }
}

/// The decoding flags the training data supports: [`model::TRIM_LOWER_ENDS`]
/// when few of its names end in a lower-case word.
pub fn decoding_flags<'a>(data: impl IntoIterator<Item = &'a Tagged>) -> u8 {
    let (mut names, mut lower_ends) = (0usize, 0usize);
    for s in data {
        for (words, _) in names_in(s) {
            names += 1;
            lower_ends += usize::from(words.last().is_some_and(|w| model::is_lower_word(w)));
        }
    }
    if names > 0 && (lower_ends as f64) < model::TRIM_MAX_SHARE * names as f64 { model::TRIM_LOWER_ENDS } else { 0 }
}

/// The names (words, type index) of one tagged sentence.
fn names_in(s: &Tagged) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.tags.len() {
        let t = s.tags[i];
        if t == 0 {
            i += 1;
            continue;
        }
        let ty = (t - 1) / 2;
        let mut j = i + 1;
        while j < s.tags.len() && s.tags[j] != 0 && s.tags[j] % 2 == 0 && (s.tags[j] - 1) / 2 == ty {
            j += 1;
        }
        out.push((s.words[i..j].to_vec(), ty));
        i = j;
    }
    out
}

/// Lower-case words seen at least `min` times written in lower case.
fn common_words<'a>(sentences: impl Iterator<Item = &'a Vec<String>>, min: usize) -> HashSet32 {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for s in sentences {
        for w in s {
            if w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_uppercase) {
                *counts.entry(w.clone()).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, c)| *c >= min)
        .map(|(w, _)| features::word_hash(&w))
        .collect()
}

/// SplitMix64: a tiny seeded generator, enough for a reproducible shuffle
/// (no need for a `rand` dependency).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn shuffle(xs: &mut [usize], rng: &mut SplitMix) {
    for i in (1..xs.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        xs.swap(i, j);
    }
}
