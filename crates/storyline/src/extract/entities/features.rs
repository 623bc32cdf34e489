//! Features of one token for the tagger: the word, its shape, affixes, a
//! window of neighbouring words and shapes, capitalisation in and out of
//! sentence start, and the previous tags.
//!
//! Every feature is a string template hashed to 32 bits (feature hashing): the
//! model stores weights by hash, never the strings. No language knowledge
//! lives here; what a language's words look like is learnt from its data.

use xxhash_rust::xxh3::xxh3_64;

use std::collections::{HashMap, HashSet};

use super::model::Lexicon;

/// The tags, BIO over four types: `O`, then `B-`/`I-` for each of [`TYPES`].
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
/// Number of tags (`O` plus B and I per type).
pub const NUM_TAGS: usize = 1 + 2 * TYPES.len();

/// The tag name of tag index `t` (`O`, `B-PER`, `I-PER`, …).
pub fn tag_name(t: usize) -> String {
    if t == 0 {
        "O".into()
    } else {
        format!("{}-{}", if t % 2 == 1 { "B" } else { "I" }, TYPES[(t - 1) / 2])
    }
}

/// The tag index of a name such as `B-LOC`; `None` for unknown types.
pub fn tag_index(name: &str) -> Option<usize> {
    if name == "O" {
        return Some(0);
    }
    let (bio, ty) = name.split_once('-')?;
    let k = TYPES.iter().position(|t| *t == ty)?;
    match bio {
        "B" => Some(1 + 2 * k),
        "I" => Some(2 + 2 * k),
        _ => None,
    }
}

/// Whether tag `t` may follow tag `prev` (an `I-X` only continues an X).
pub fn allowed(prev: usize, t: usize) -> bool {
    t == 0 || t % 2 == 1 || (prev != 0 && (prev - 1) / 2 == (t - 1) / 2)
}

/// Hashes feature strings; one reusable buffer per sentence.
pub struct Hasher {
    buf: Vec<u8>,
}

impl Default for Hasher {
    fn default() -> Self {
        Self::new()
    }
}

impl Hasher {
    /// A hasher with an empty buffer.
    pub fn new() -> Self {
        Hasher { buf: Vec::with_capacity(64) }
    }

    /// The 32-bit hash of a template id and its parts.
    pub fn hash(&mut self, template: u8, parts: &[&str]) -> u32 {
        self.buf.clear();
        self.buf.push(template);
        for p in parts {
            self.buf.extend_from_slice(p.as_bytes());
            self.buf.push(0x1f);
        }
        fold(xxh3_64(&self.buf))
    }
}

/// 64 to 32 bits; never `u32::MAX`, which the model's table keeps for empty slots.
fn fold(h: u64) -> u32 {
    ((h ^ (h >> 32)) as u32).min(u32::MAX - 1)
}

/// The hash of a lower-cased word, as the common-word vocabulary stores it.
pub fn word_hash(lower: &str) -> u32 {
    fold(xxh3_64(lower.as_bytes()))
}

/// Word shape: `Xx` for "Paris" runs are kept up to four ("Xxxxx"), so
/// length shows for short words; `short` collapses every run ("Xx").
#[cfg(test)]
fn shapes(word: &str) -> (String, String) {
    let (mut long, mut short) = (String::new(), String::new());
    shapes_into(word, &mut long, &mut short);
    (long, short)
}

/// [`shapes`] appended to two buffers (no allocation once they have grown).
fn shapes_into(word: &str, long: &mut String, short: &mut String) {
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
            short.push(s);
        }
        if run <= 4 {
            long.push(s);
        }
    }
}

/// `word.to_lowercase()` appended to `out`; ASCII words without allocating.
fn push_lower(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// Per-token facts computed once per sentence.
pub struct TokenInfo {
    pub lower: String,
    pub short_shape: String,
}

/// The longest name a gazetteer match may span, in tokens.
pub const MAX_NAME_TOKENS: usize = 6;

/// The hash of a name as a token sequence (exact case), as gazetteers store it.
pub fn name_hash(words: &[&str]) -> u32 {
    let mut buf = Vec::with_capacity(32);
    for w in words {
        buf.extend_from_slice(w.as_bytes());
        buf.push(0x1f);
    }
    fold(xxh3_64(&buf))
}

/// Gazetteer matches per token into `out` (one list per word, reused):
/// (type index, position 0 = single, 1 = first, 2 = inside, 3 = last).
/// `buf` grows one word at a time, so each longer candidate name costs one
/// hash and no allocation; hashes equal [`name_hash`].
fn gazetteer_matches(words: &[&str], lex: &Lexicon, buf: &mut Vec<u8>, out: &mut Vec<Vec<(u8, u8)>>) {
    for o in out.iter_mut() {
        o.clear();
    }
    if out.len() < words.len() {
        out.resize_with(words.len(), Vec::new);
    }
    if lex.gazetteer.is_empty() {
        return;
    }
    for i in 0..words.len() {
        if !words[i].chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
            continue;
        }
        buf.clear();
        for len in 1..=MAX_NAME_TOKENS.min(words.len() - i) {
            buf.extend_from_slice(words[i + len - 1].as_bytes());
            buf.push(0x1f);
            let Some(&bits) = lex.gazetteer.get(&fold(xxh3_64(buf))) else { continue };
            for k in 0..len {
                let pos = if len == 1 { 0 } else if k == 0 { 1 } else if k == len - 1 { 3 } else { 2 };
                for t in 0..TYPES.len() {
                    if bits & (1 << t) != 0 && !out[i + k].contains(&(t as u8, pos)) {
                        out[i + k].push((t as u8, pos));
                    }
                }
            }
        }
    }
}

/// What the rest of the document says about its words (non-local features):
/// which words are written capitalised away from a sentence start, which
/// appear in lower case, and which types the tagger gave each word in
/// earlier sentences (Ratinov & Roth's extended prediction history). This
/// tells a sentence-initial or headline name from an ordinary word, and keeps
/// a name's type consistent through an article.
#[derive(Debug, Default, Clone)]
pub struct DocContext {
    cap_mid: HashSet<String>,
    lower: HashSet<String>,
    history: HashMap<String, [u16; TYPES.len()]>,
}

impl DocContext {
    /// The context of a document made of these sentences (as words).
    pub fn new<S: AsRef<str>>(sentences: &[&[S]]) -> DocContext {
        let mut d = DocContext::default();
        for words in sentences {
            for (i, w) in words.iter().enumerate() {
                let w = w.as_ref();
                let first = w.chars().next();
                if i > 0 && first.is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase) {
                    d.cap_mid.insert(w.to_string());
                } else if first.is_some_and(char::is_lowercase) {
                    d.lower.insert(w.to_string());
                }
            }
        }
        d
    }

    /// Remembers the types the tagger gave the words of one sentence.
    pub fn record(&mut self, words: &[&str], tags: &[usize]) {
        for (w, &t) in words.iter().zip(tags) {
            if t != 0 && w.chars().next().is_some_and(char::is_uppercase) {
                self.history.entry(w.to_string()).or_default()[(t - 1) / 2] += 1;
            }
        }
    }
}

/// Reusable buffers for featurising sentences, so that tagging allocates
/// nothing per token: lower-cased words and short shapes of a sentence live
/// in one string, the features of all its tokens in one vector.
#[derive(Default)]
pub struct Scratch {
    h: Hasher,
    /// Lower-cased words and short shapes, back to back.
    text: String,
    /// Per token: end of its lower-cased form and end of its short shape in `text`.
    ends: Vec<(usize, usize)>,
    long: String,
    gaz: Vec<Vec<(u8, u8)>>,
    name_buf: Vec<u8>,
    feats: Vec<u32>,
    /// Per token: end of its features in `feats`.
    feat_ends: Vec<usize>,
}

impl Scratch {
    /// Empty buffers.
    pub fn new() -> Scratch {
        Scratch::default()
    }

    /// Number of tokens of the last featurised sentence.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the last sentence had no tokens.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The lower-cased form of token `i`.
    pub fn lower(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1].1 };
        &self.text[start..self.ends[i].0]
    }

    /// The short shape of token `i`.
    pub fn short_shape(&self, i: usize) -> &str {
        &self.text[self.ends[i].0..self.ends[i].1]
    }

    /// The static features of token `i`.
    pub fn features(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.feat_ends[i - 1] };
        &self.feats[start..self.feat_ends[i]]
    }

    /// The features of token `i` that depend on the two previous tags
    /// (as [`tag_features`]).
    pub fn tag_features(&mut self, i: usize, prev: usize, prev2: usize, out: &mut Vec<u32>) {
        let start = if i == 0 { 0 } else { self.ends[i - 1].1 };
        let (l, s) = (self.ends[i].0, self.ends[i].1);
        let (lower, short) = (&self.text[start..l], &self.text[l..s]);
        tag_features_of(&mut self.h, lower, short, prev, prev2, out);
    }
}

/// The tag-independent features of every token of a sentence. The lexicon
/// says which lower-cased words are common (seen in lower case in the
/// training text, which tells a capitalised sentence-initial "The" from a
/// name) and which token sequences are known names (gazetteer).
pub fn static_features(words: &[&str], lex: &Lexicon, doc: &DocContext) -> (Vec<TokenInfo>, Vec<Vec<u32>>) {
    let mut s = Scratch::new();
    featurise(words, lex, doc, &mut s);
    let infos = (0..words.len())
        .map(|i| TokenInfo { lower: s.lower(i).to_string(), short_shape: s.short_shape(i).to_string() })
        .collect();
    let feats = (0..words.len()).map(|i| s.features(i).to_vec()).collect();
    (infos, feats)
}

/// [`static_features`] into reusable buffers (same hashes, same order).
pub fn featurise(words: &[&str], lex: &Lexicon, doc: &DocContext, s: &mut Scratch) {
    let n = words.len();
    gazetteer_matches(words, lex, &mut s.name_buf, &mut s.gaz);
    s.text.clear();
    s.ends.clear();
    let mut unused = String::new();
    for w in words {
        push_lower(w, &mut s.text);
        let l = s.text.len();
        // The long shape is not kept: it goes to a throw-away buffer here.
        unused.clear();
        shapes_into(w, &mut unused, &mut s.text);
        s.ends.push((l, s.text.len()));
    }
    s.feats.clear();
    s.feat_ends.clear();
    let Scratch { h, text, ends, long, gaz, feats: f, feat_ends, .. } = s;
    let text: &str = text;
    let ends: &[(usize, usize)] = ends;
    let lower = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            let i = i as usize;
            &text[if i == 0 { 0 } else { ends[i - 1].1 }..ends[i].0]
        }
    };
    let short = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            &text[ends[i as usize].0..ends[i as usize].1]
        }
    };
    let initial_skip = n > 0 && !words[0].chars().any(char::is_alphanumeric);
    for (i, w) in words.iter().enumerate() {
        let ii = i as isize;
        let lw = lower(ii);
        let short_shape = short(ii);
        long.clear();
        unused.clear();
        shapes_into(w, long, &mut unused);
        f.push(h.hash(0, &[]));
        f.push(h.hash(1, &[lw]));
        f.push(h.hash(2, &[w]));
        f.push(h.hash(3, &[long.as_str()]));
        f.push(h.hash(4, &[short_shape]));
        // Byte offsets of the first five chars, and of the last four.
        let mut starts = [w.len(); 5];
        let mut nchars = 0;
        for (k, (p, _)) in w.char_indices().take(5).enumerate() {
            starts[k] = p;
            nchars = k + 1;
        }
        let mut tails = [0usize; 4];
        for (k, (p, _)) in w.char_indices().rev().take(4).enumerate() {
            tails[k] = p;
        }
        for k in 1..=4.min(nchars) {
            f.push(h.hash(5 + k as u8, &[&w[..starts[k]]]));
            f.push(h.hash(10 + k as u8, &[&w[tails[k - 1]..]]));
        }
        f.push(h.hash(20, &[lower(ii - 1)]));
        f.push(h.hash(21, &[lower(ii + 1)]));
        f.push(h.hash(22, &[lower(ii - 2)]));
        f.push(h.hash(23, &[lower(ii + 2)]));
        f.push(h.hash(24, &[lower(ii - 1), lw]));
        f.push(h.hash(25, &[lw, lower(ii + 1)]));
        f.push(h.hash(26, &[short(ii - 1)]));
        f.push(h.hash(27, &[short(ii + 1)]));
        f.push(h.hash(28, &[short(ii - 1), short_shape, short(ii + 1)]));
        f.push(h.hash(29, &[lower(ii - 1), short_shape]));
        f.push(h.hash(30, &[short_shape, lower(ii + 1)]));
        f.push(h.hash(31, &[short(ii - 2), short(ii - 1)]));
        f.push(h.hash(32, &[short(ii + 1), short(ii + 2)]));
        let first_upper = w.chars().next().is_some_and(char::is_uppercase);
        let initial = i == 0 || (i == 1 && initial_skip);
        if first_upper {
            let is_common = lex.common.contains(&word_hash(lw));
            let flags = match (initial, is_common) {
                (true, true) => "init-common",
                (true, false) => "init-rare",
                (false, true) => "mid-common",
                (false, false) => "mid-rare",
            };
            f.push(h.hash(40, &[flags]));
            f.push(h.hash(41, &[flags, short_shape]));
            if initial {
                f.push(h.hash(42, &[lw]));
            }
        }
        // Capitalisation of the neighbours, in and out of sentence start.
        let cap = |j: isize| -> &str {
            if j < 0 || j as usize >= n {
                "-"
            } else if words[j as usize].chars().next().is_some_and(char::is_uppercase) {
                "C"
            } else {
                "c"
            }
        };
        f.push(h.hash(43, &[cap(ii - 1), cap(ii), cap(ii + 1)]));
        if nchars > 1 && w.chars().all(|c| !c.is_lowercase()) && w.chars().any(char::is_alphabetic) {
            f.push(h.hash(44, &["allcaps", if initial { "init" } else { "mid" }]));
        }
        for &(t, pos) in &gaz[i] {
            const POS: [&str; 4] = ["U", "B", "I", "L"];
            f.push(h.hash(50, &[TYPES[t as usize], POS[pos as usize]]));
            f.push(h.hash(51, &[TYPES[t as usize], POS[pos as usize], short_shape]));
        }
        if gaz[i].is_empty() && first_upper {
            f.push(h.hash(52, &["no-gaz"]));
        }
        if first_upper {
            let pos = if initial { "init" } else { "mid" };
            let cap_elsewhere = if doc.cap_mid.contains(*w) { "cap-mid" } else { "-" };
            let lower_elsewhere = if doc.lower.contains(lw) { "lower" } else { "-" };
            f.push(h.hash(70, &[pos, cap_elsewhere, lower_elsewhere]));
            if let Some(counts) = doc.history.get(*w) {
                let (t, _) = counts.iter().enumerate().max_by_key(|(k, c)| (**c, std::cmp::Reverse(*k))).unwrap();
                f.push(h.hash(71, &[TYPES[t]]));
                f.push(h.hash(72, &[TYPES[t], pos]));
            }
        }
        feat_ends.push(f.len());
    }
}

/// The features that depend on the two previous tags.
pub fn tag_features(h: &mut Hasher, info: &TokenInfo, prev: usize, prev2: usize, out: &mut Vec<u32>) {
    tag_features_of(h, &info.lower, &info.short_shape, prev, prev2, out);
}

/// [`tag_features`] of a token given its lower-cased form and short shape.
fn tag_features_of(h: &mut Hasher, lower: &str, short_shape: &str, prev: usize, prev2: usize, out: &mut Vec<u32>) {
    const TAGS: [&str; NUM_TAGS] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"];
    let (p1, p2) = (TAGS.get(prev).copied().unwrap_or("<s>"), TAGS.get(prev2).copied().unwrap_or("<s>"));
    out.push(h.hash(60, &[p1]));
    out.push(h.hash(61, &[p2, p1]));
    out.push(h.hash(62, &[p1, lower]));
    out.push(h.hash(63, &[p1, short_shape]));
}

/// The featuriser as first written (fresh strings per token), kept as the
/// reference the fast path must match hash for hash.
#[cfg(test)]
mod reference {
    use super::*;
/// Word shape: `Xx` for "Paris" runs are kept up to four ("Xxxxx"), so
/// length shows for short words; `short` collapses every run ("Xx").
pub fn shapes(word: &str) -> (String, String) {
    let mut long = String::new();
    let mut short = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
            short.push(s);
        }
        if run <= 4 {
            long.push(s);
        }
    }
    (long, short)
}

/// Gazetteer matches per token: (type bits, position 0 = single, 1 = first, 2 = inside, 3 = last).
fn gazetteer_matches(words: &[&str], lex: &Lexicon) -> Vec<Vec<(u8, u8)>> {
    let mut out = vec![Vec::new(); words.len()];
    if lex.gazetteer.is_empty() {
        return out;
    }
    for i in 0..words.len() {
        if !words[i].chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
            continue;
        }
        for len in 1..=MAX_NAME_TOKENS.min(words.len() - i) {
            let Some(&bits) = lex.gazetteer.get(&name_hash(&words[i..i + len])) else { continue };
            for k in 0..len {
                let pos = if len == 1 { 0 } else if k == 0 { 1 } else if k == len - 1 { 3 } else { 2 };
                for t in 0..TYPES.len() {
                    if bits & (1 << t) != 0 && !out[i + k].contains(&(t as u8, pos)) {
                        out[i + k].push((t as u8, pos));
                    }
                }
            }
        }
    }
    out
}

/// The tag-independent features of every token of a sentence. The lexicon
/// says which lower-cased words are common (seen in lower case in the
/// training text, which tells a capitalised sentence-initial "The" from a
/// name) and which token sequences are known names (gazetteer).
pub fn static_features(words: &[&str], lex: &Lexicon, doc: &DocContext) -> (Vec<TokenInfo>, Vec<Vec<u32>>) {
    let gaz = gazetteer_matches(words, lex);
    let mut h = Hasher::new();
    let infos: Vec<TokenInfo> = words
        .iter()
        .map(|w| TokenInfo { lower: w.to_lowercase(), short_shape: shapes(w).1 })
        .collect();
    let n = words.len();
    let lower = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            &infos[i as usize].lower
        }
    };
    let short = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            &infos[i as usize].short_shape
        }
    };
    let mut all = Vec::with_capacity(n);
    for (i, w) in words.iter().enumerate() {
        let ii = i as isize;
        let mut f = Vec::with_capacity(40);
        let lw = lower(ii);
        let (long_shape, short_shape) = shapes(w);
        f.push(h.hash(0, &[]));
        f.push(h.hash(1, &[lw]));
        f.push(h.hash(2, &[w]));
        f.push(h.hash(3, &[&long_shape]));
        f.push(h.hash(4, &[&short_shape]));
        let chars: Vec<(usize, char)> = w.char_indices().collect();
        for k in 1..=4.min(chars.len()) {
            let p = chars.get(k).map_or(w.len(), |c| c.0);
            f.push(h.hash(5 + k as u8, &[&w[..p]]));
            let s = chars[chars.len() - k].0;
            f.push(h.hash(10 + k as u8, &[&w[s..]]));
        }
        f.push(h.hash(20, &[lower(ii - 1)]));
        f.push(h.hash(21, &[lower(ii + 1)]));
        f.push(h.hash(22, &[lower(ii - 2)]));
        f.push(h.hash(23, &[lower(ii + 2)]));
        f.push(h.hash(24, &[lower(ii - 1), lw]));
        f.push(h.hash(25, &[lw, lower(ii + 1)]));
        f.push(h.hash(26, &[short(ii - 1)]));
        f.push(h.hash(27, &[short(ii + 1)]));
        f.push(h.hash(28, &[short(ii - 1), &short_shape, short(ii + 1)]));
        f.push(h.hash(29, &[lower(ii - 1), &short_shape]));
        f.push(h.hash(30, &[&short_shape, lower(ii + 1)]));
        f.push(h.hash(31, &[short(ii - 2), short(ii - 1)]));
        f.push(h.hash(32, &[short(ii + 1), short(ii + 2)]));
        let first_upper = w.chars().next().is_some_and(char::is_uppercase);
        let initial = i == 0 || (i == 1 && !words[0].chars().any(char::is_alphanumeric));
        if first_upper {
            let is_common = lex.common.contains(&word_hash(lw));
            let flags = match (initial, is_common) {
                (true, true) => "init-common",
                (true, false) => "init-rare",
                (false, true) => "mid-common",
                (false, false) => "mid-rare",
            };
            f.push(h.hash(40, &[flags]));
            f.push(h.hash(41, &[flags, &short_shape]));
            if initial {
                f.push(h.hash(42, &[lw]));
            }
        }
        // Capitalisation of the neighbours, in and out of sentence start.
        let cap = |j: isize| -> &str {
            if j < 0 || j as usize >= n {
                "-"
            } else if words[j as usize].chars().next().is_some_and(char::is_uppercase) {
                "C"
            } else {
                "c"
            }
        };
        f.push(h.hash(43, &[cap(ii - 1), cap(ii), cap(ii + 1)]));
        if w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase()) && w.chars().any(char::is_alphabetic) {
            f.push(h.hash(44, &["allcaps", if initial { "init" } else { "mid" }]));
        }
        for &(t, pos) in &gaz[i] {
            const POS: [&str; 4] = ["U", "B", "I", "L"];
            f.push(h.hash(50, &[TYPES[t as usize], POS[pos as usize]]));
            f.push(h.hash(51, &[TYPES[t as usize], POS[pos as usize], &short_shape]));
        }
        if gaz[i].is_empty() && first_upper {
            f.push(h.hash(52, &["no-gaz"]));
        }
        if first_upper {
            let pos = if initial { "init" } else { "mid" };
            let cap_elsewhere = if doc.cap_mid.contains(*w) { "cap-mid" } else { "-" };
            let lower_elsewhere = if doc.lower.contains(lw) { "lower" } else { "-" };
            f.push(h.hash(70, &[pos, cap_elsewhere, lower_elsewhere]));
            if let Some(counts) = doc.history.get(*w) {
                let (t, _) = counts.iter().enumerate().max_by_key(|(k, c)| (**c, std::cmp::Reverse(*k))).unwrap();
                f.push(h.hash(71, &[TYPES[t]]));
                f.push(h.hash(72, &[TYPES[t], pos]));
            }
        }
        all.push(f);
    }
    (infos, all)
}

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for t in 0..NUM_TAGS {
            assert_eq!(tag_index(&tag_name(t)), Some(t));
        }
        assert!(!allowed(0, tag_index("I-PER").unwrap()));
        assert!(allowed(tag_index("B-PER").unwrap(), tag_index("I-PER").unwrap()));
        assert!(!allowed(tag_index("B-ORG").unwrap(), tag_index("I-PER").unwrap()));
    }

    /// The fast featuriser gives exactly the hashes, in the order, of the
    /// reference one (so committed models need no retraining).
    #[test]
    fn fast_features_match_reference() {
        let mut lex = Lexicon::default();
        for w in ["the", "minister", "said", "de", "la", "år"] {
            lex.common.insert(word_hash(w));
        }
        lex.gazetteer.insert(name_hash(&["Port", "Ellery"]), 1 << 2);
        lex.gazetteer.insert(name_hash(&["Port"]), 1 << 2 | 1 << 1);
        lex.gazetteer.insert(name_hash(&["Valdora", "Water", "Board"]), 1 << 1);
        lex.gazetteer.insert(name_hash(&["2024"]), 1 << 3);
        let sentences: Vec<Vec<&str>> = vec![
            "The minister Harlan Voss said on Sunday that Port Ellery would reopen .".split(' ').collect(),
            "« Nous ne lâcherons rien » , a déclaré Élodie Brisac à Lorvenne .".split(' ').collect(),
            "ΟΔΟΣ Σ ΣΑΣ Straße İstanbul G7 UNHCR-led 2024 Valdora Water Board".split(' ').collect(),
            "- Port Ellery Port : x".split(' ').collect(),
            vec!["Jönköpingsvägen", "a", "", "I", "ÅÄÖ"],
            vec![],
            vec!["Port"],
        ];
        let refs: Vec<&[&str]> = sentences.iter().map(Vec::as_slice).collect();
        let mut doc = DocContext::new(&refs);
        let mut scratch = Scratch::new();
        let mut h = Hasher::new();
        for words in &sentences {
            let (infos, old) = reference::static_features(words, &lex, &doc);
            featurise(words, &lex, &doc, &mut scratch);
            assert_eq!(scratch.len(), words.len());
            for i in 0..words.len() {
                assert_eq!(scratch.features(i), old[i].as_slice(), "token {i} of {words:?}");
                assert_eq!(scratch.lower(i), infos[i].lower);
                assert_eq!(scratch.short_shape(i), infos[i].short_shape);
                for (p1, p2) in [(NUM_TAGS, NUM_TAGS), (0, NUM_TAGS), (3, 4)] {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    tag_features(&mut h, &infos[i], p1, p2, &mut a);
                    scratch.tag_features(i, p1, p2, &mut b);
                    assert_eq!(a, b);
                }
            }
            let (_, wrapped) = static_features(words, &lex, &doc);
            assert_eq!(wrapped, old);
            // Later sentences see the history of earlier ones.
            let tags: Vec<usize> = words.iter().map(|w| if w.starts_with(char::is_uppercase) { 5 } else { 0 }).collect();
            doc.record(words, &tags);
        }
    }

    #[test]
    fn shapes_keep_short_lengths() {
        assert_eq!(shapes("Paris"), ("Xxxxx".into(), "Xx".into()));
        assert_eq!(shapes("G7"), ("Xd".into(), "Xd".into()));
        assert_eq!(shapes("Stockholmsbörsen").0, "Xxxxx");
    }
}
