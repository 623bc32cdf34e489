//! Features of one token for the tagger: the word, its shape, affixes, a
//! window of neighbouring words and shapes, capitalisation in and out of
//! sentence start, and the previous tags.
//!
//! Every feature is a template number and its parts hashed to 32 bits
//! (feature hashing) without building strings: the model stores weights by
//! id, never the features themselves. No language knowledge
//! lives here; what a language's words look like is learnt from its data.

use xxhash_rust::xxh3::xxh3_64;

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use super::model::{Lexicon, PassThrough};

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

/// Number of tags inside the model: `O`, then `B-`, `I-`, `L-` (last word)
/// and `U-` (a one-word name) per type. BILOU tells the tagger where a name
/// ends, which a greedy tagger over BIO only learns from the next word
/// (Ratinov & Roth 2009). The model converts to BIO before callers see tags.
pub const MODEL_TAGS: usize = 1 + 4 * TYPES.len();

/// BILOU model tag index `t`: its type index and its kind (0 B, 1 I, 2 L, 3 U).
#[inline]
pub fn bilou_parts(t: usize) -> (usize, usize) {
    ((t - 1) / 4, (t - 1) % 4)
}

/// BIO tags (indices as in [`tag_index`]) as BILOU model tags. An `I-X`
/// that does not continue an X (ill-formed BIO) begins a name.
pub fn bio_to_bilou(tags: &[usize]) -> Vec<usize> {
    let ty = |t: usize| (t - 1) / 2;
    (0..tags.len())
        .map(|i| {
            let t = tags[i];
            if t == 0 {
                return 0;
            }
            let begins = t % 2 == 1 || i == 0 || tags[i - 1] == 0 || ty(tags[i - 1]) != ty(t);
            let next = tags.get(i + 1).copied().unwrap_or(0);
            let goes_on = next != 0 && next % 2 == 0 && ty(next) == ty(t);
            let kind = match (begins, goes_on) {
                (true, true) => 0,
                (false, true) => 1,
                (false, false) => 2,
                (true, false) => 3,
            };
            1 + 4 * ty(t) + kind
        })
        .collect()
}

/// BILOU model tags as BIO tags. `I-`/`L-` continue a name only after a
/// `B-`/`I-` of the same type; otherwise they begin one, so every sequence
/// the tagger may give reads as names.
pub fn bilou_to_bio(tags: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(tags.len());
    let mut open = None;
    for &t in tags {
        if t == 0 {
            out.push(0);
            open = None;
            continue;
        }
        let (ty, kind) = bilou_parts(t);
        let continues = (kind == 1 || kind == 2) && open == Some(ty);
        out.push(if continues { 2 + 2 * ty } else { 1 + 2 * ty });
        open = if kind == 0 || kind == 1 { Some(ty) } else { None };
    }
    out
}

/// Whether BILOU model tag `t` may follow `prev` (`MODEL_TAGS` or more:
/// the sentence start): a name that is open (`B-X`, `I-X`) goes on with
/// `I-X` or ends with `L-X`; otherwise `O`, `B-` or `U-` follow.
pub fn bilou_allowed(prev: usize, t: usize) -> bool {
    let open = prev != 0 && prev < MODEL_TAGS && bilou_parts(prev).1 < 2;
    if t == 0 {
        return !open;
    }
    let (ty, kind) = bilou_parts(t);
    if open {
        (kind == 1 || kind == 2) && bilou_parts(prev).0 == ty
    } else {
        kind == 0 || kind == 3
    }
}

/// The model tags [`bilou_allowed`] after `prev` (`MODEL_TAGS` or more: the
/// sentence start), a bit per tag.
pub fn allowed_after(prev: usize) -> u32 {
    static ALLOWED: std::sync::LazyLock<[u32; MODEL_TAGS + 1]> = std::sync::LazyLock::new(|| {
        std::array::from_fn(|prev| (0..MODEL_TAGS).filter(|&t| bilou_allowed(prev, t)).fold(0, |m, t| m | 1 << t))
    });
    ALLOWED[prev.min(MODEL_TAGS)]
}

/// Feature ids are built without strings: every token's word, lower-cased
/// form, shapes and affixes are hashed once (xxh3 or a rolling hash), and a
/// feature's id mixes its template number with those 64-bit part hashes by
/// integer arithmetic (FxHash's step, then murmur3's finaliser so the low
/// bits the model's table indexes by depend on every input bit).
const K: u64 = 0x517c_c1b7_2722_0a95;
/// Part hashes of the positions before the first and after the last word.
const BOS: u64 = 0x1;
const EOS: u64 = 0x2;

#[inline]
fn step(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The id of the feature made of template `t` and its parts.
#[inline]
fn feat(t: u64, parts: &[u64]) -> u32 {
    let mut h = step(K, t);
    for &p in parts {
        h = step(h, p);
    }
    fold(fmix(h))
}

/// 64 to 32 bits; never `u32::MAX`, which the model's table keeps for empty slots.
fn fold(h: u64) -> u32 {
    ((h ^ (h >> 32)) as u32).min(u32::MAX - 1)
}

/// The 64-bit hash of a word as written.
fn hash_str(s: &str) -> u64 {
    xxh3_64(s.as_bytes())
}

/// The hash of a lower-cased word, as the common-word vocabulary stores it.
pub fn word_hash(lower: &str) -> u32 {
    fold(hash_str(lower))
}

/// Word shape: `Xx` for "Paris" runs are kept up to four ("Xxxxx"), so
/// length shows for short words; `short` collapses every run ("Xx").
#[cfg(test)]
fn shapes(word: &str) -> (String, String) {
    let (mut long, mut short) = (String::new(), String::new());
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = shape_char(c);
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

#[inline]
fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// Per-token facts computed once per sentence: part hashes and flags.
#[derive(Debug, Clone, Copy, Default)]
struct Tok {
    word: u64,
    lower: u64,
    long: u64,
    short: u64,
    first_upper: bool,
    /// More than one char, some letter, no lower-case letter.
    caps: bool,
    /// Cluster path prefix + 1 at each level (0: word not clustered).
    clus: [u64; MAX_LEVELS],
}

/// Cluster levels used as features (deeper levels of a model are ignored).
const MAX_LEVELS: usize = 4;

/// The facts of one word; `buf` is scratch space for lower-casing.
fn token(w: &str, buf: &mut String) -> Tok {
    let (mut long, mut short) = (K, K);
    let (mut last, mut run) = ('\0', 0);
    let (mut has_lower, mut has_alpha, mut has_upper, mut nchars) = (false, false, false, 0);
    for c in w.chars() {
        nchars += 1;
        let s = shape_char(c);
        has_lower |= s == 'x';
        has_upper |= s == 'X';
        has_alpha |= c.is_alphabetic();
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
            short = step(short, u64::from(s));
        }
        if run <= 4 {
            long = step(long, u64::from(s));
        }
    }
    let word = hash_str(w);
    let lower = if !has_upper {
        word
    } else {
        buf.clear();
        if w.is_ascii() {
            buf.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            buf.push_str(&w.to_lowercase());
        }
        hash_str(buf)
    };
    Tok {
        word,
        lower,
        long,
        short,
        first_upper: w.chars().next().is_some_and(char::is_uppercase),
        caps: nchars > 1 && !has_lower && has_alpha,
        clus: [0; MAX_LEVELS],
    }
}

/// The longest name a gazetteer match may span, in tokens.
pub const MAX_NAME_TOKENS: usize = 6;

/// Gazetteer value bits of the types (1 << type index).
pub const TYPE_BITS: u8 = (1 << TYPES.len()) - 1;
/// Gazetteer value bit of a token sequence that begins a longer name: a
/// lookup extends a candidate only while it is a name or such a prefix.
pub const PREFIX_BIT: u8 = 0x80;

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
            let Some(&bits) = lex.gazetteer.get(&fold(xxh3_64(buf))) else { break };
            for k in (0..len).filter(|_| bits & TYPE_BITS != 0) {
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

/// Sets and maps keyed by 64-bit word hashes (already uniform).
type HashSet64 = HashSet<u64, BuildHasherDefault<PassThrough>>;
type HashMap64<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// What the rest of the document says about its words (non-local features):
/// which words are written capitalised away from a sentence start, which
/// appear in lower case, and which types the tagger gave each word in
/// earlier sentences (Ratinov & Roth's extended prediction history). This
/// tells a sentence-initial or headline name from an ordinary word, and keeps
/// a name's type consistent through an article. Words are kept as hashes.
#[derive(Debug, Default, Clone)]
pub struct DocContext {
    cap_mid: HashSet64,
    lower: HashSet64,
    history: HashMap64<[u16; TYPES.len()]>,
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
                    d.cap_mid.insert(hash_str(w));
                } else if first.is_some_and(char::is_lowercase) {
                    d.lower.insert(hash_str(w));
                }
            }
        }
        d
    }

    /// Remembers the types the tagger gave the words of one sentence.
    pub fn record(&mut self, words: &[&str], tags: &[usize]) {
        for (w, &t) in words.iter().zip(tags) {
            if t != 0 && w.chars().next().is_some_and(char::is_uppercase) {
                self.history.entry(hash_str(w)).or_default()[(t - 1) / 2] += 1;
            }
        }
    }
}

/// Reusable buffers for featurising sentences, so that tagging allocates
/// nothing per token once they have grown.
#[derive(Default)]
pub struct Scratch {
    toks: Vec<Tok>,
    lower: String,
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
        self.toks.len()
    }

    /// Whether the last sentence had no tokens.
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The static features of every token, one after the other.
    pub fn all_features(&self) -> &[u32] {
        &self.feats
    }

    /// The static features of token `i`.
    pub fn features(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.feat_ends[i - 1] };
        &self.feats[start..self.feat_ends[i]]
    }

    /// The features of token `i` that depend on the two previous model
    /// tags (BILOU; `MODEL_TAGS` or more: before the sentence), appended to `out`.
    pub fn tag_features(&self, i: usize, prev: usize, prev2: usize, out: &mut Vec<u32>) {
        out.extend(history_features(prev, prev2));
        out.extend(self.word_tag_features(i, prev));
    }

    /// What token `i`'s [`Part::Word`] features depend on: the word's hash
    /// and whether it opens the sentence (after [`featurise`]).
    pub fn word_key(&self, words: &[&str], i: usize) -> (u64, bool) {
        (self.toks[i].word, opens_sentence(words, i))
    }

    /// Token `i`'s [`Part::Word`] features (after [`featurise`] with the
    /// same words and lexicon), appended to `out`.
    pub fn word_features(&self, words: &[&str], lex: &Lexicon, i: usize, out: &mut Vec<u32>) {
        self.sent(words, &DocContext::default(), lex).token_features(i, Part::Word, out);
    }

    fn sent<'a>(&'a self, words: &'a [&'a str], doc: &'a DocContext, lex: &'a Lexicon) -> Sent<'a> {
        let levels = lex.clusters.levels().min(MAX_LEVELS);
        Sent { words, toks: &self.toks, gaz: &self.gaz, lex, doc, levels }
    }

    /// The tag features of word `i` that pair the previous tag with the
    /// word (the rest of [`Scratch::tag_features`] depends on tags alone).
    pub fn word_tag_features(&self, i: usize, prev: usize) -> [u32; 2] {
        let t = &self.toks[i];
        let p1 = prev.min(MODEL_TAGS) as u64;
        [feat(62, &[p1, t.lower]), feat(63, &[p1, t.short])]
    }
}

/// The tag features that depend on the two previous tags alone (part of
/// [`Scratch::tag_features`]): the same for every word, so decoding sums
/// their weights once per model.
pub fn history_features(prev: usize, prev2: usize) -> [u32; 2] {
    let (p1, p2) = (prev.min(MODEL_TAGS) as u64, prev2.min(MODEL_TAGS) as u64);
    [feat(60, &[p1]), feat(61, &[p2, p1])]
}

/// Flag values of the capitalisation templates.
const INIT: u64 = 1;
const MID: u64 = 2;

/// Which of a token's features to list. The word part depends on the word
/// alone and on whether it opens the sentence, so decoding can sum its
/// weights once per word and reuse the sum ([`Scratch::word_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    All,
    Word,
    Context,
}

impl Part {
    fn word(self) -> bool {
        self != Part::Context
    }

    fn context(self) -> bool {
        self != Part::Word
    }
}

/// The tag-independent features of every token of a sentence (or the
/// `part` of them), into `s`. The lexicon says which lower-cased words are
/// common (seen in lower case in the training text, which tells a
/// capitalised sentence-initial "The" from a name) and which token
/// sequences are known names (gazetteer).
pub fn featurise(words: &[&str], lex: &Lexicon, doc: &DocContext, s: &mut Scratch, part: Part) {
    gazetteer_matches(words, lex, &mut s.name_buf, &mut s.gaz);
    s.toks.clear();
    let cl = &lex.clusters;
    let levels = cl.levels().min(MAX_LEVELS);
    for w in words {
        let mut t = token(w, &mut s.lower);
        if let Some(path) = cl.path(fold(t.word)) {
            for l in 0..levels {
                t.clus[l] = u64::from(cl.prefix(path, l)) + 1;
            }
        }
        s.toks.push(t);
    }
    s.feats.clear();
    s.feat_ends.clear();
    let sent = Sent { words, toks: &s.toks, gaz: &s.gaz, lex, doc, levels };
    for i in 0..words.len() {
        sent.token_features(i, part, &mut s.feats);
        s.feat_ends.push(s.feats.len());
    }
}

/// A featurised sentence: its words, their facts and gazetteer matches.
struct Sent<'a> {
    words: &'a [&'a str],
    toks: &'a [Tok],
    gaz: &'a [Vec<(u8, u8)>],
    lex: &'a Lexicon,
    doc: &'a DocContext,
    /// Cluster levels the lexicon has (at most [`MAX_LEVELS`]).
    levels: usize,
}

/// Whether word `i` opens the sentence (after a leading punctuation token).
fn opens_sentence(words: &[&str], i: usize) -> bool {
    i == 0 || (i == 1 && !words[0].chars().any(char::is_alphanumeric))
}

impl Sent<'_> {
    /// The `part` of token `i`'s features, appended to `f` (with `All`, in
    /// the order training has always listed them: float sums follow it).
    fn token_features(&self, i: usize, part: Part, f: &mut Vec<u32>) {
        let (toks, gaz, levels) = (self.toks, self.gaz, self.levels);
        let at = |i: isize| -> Option<&Tok> { if i < 0 { None } else { toks.get(i as usize) } };
        let edge = |i: isize| if i < 0 { BOS } else { EOS };
        let lower = |i: isize| at(i).map_or(edge(i), |t| t.lower);
        let short = |i: isize| at(i).map_or(edge(i), |t| t.short);
        let clus = |i: isize, l: usize| at(i).map_or(edge(i), |t| t.clus[l.min(levels.saturating_sub(1))]);
        let cap = |i: isize| at(i).map_or(0, |t| if t.first_upper { 1 } else { 2 });
        let (w, ii, t) = (self.words[i], i as isize, toks[i]);
        let (lw, sh) = (t.lower, t.short);
        if part.word() {
            // Fixed groups of features go in with one `extend` each, which
            // checks the buffer's capacity once instead of per feature (speed).
            f.extend_from_slice(&[feat(0, &[]), feat(1, &[lw]), feat(2, &[t.word]), feat(3, &[t.long]), feat(4, &[sh])]);
            affix_features(w, t.word, f);
        }
        if part.context() {
            let (l1, l2, r1, r2) = (lower(ii - 1), lower(ii - 2), lower(ii + 1), lower(ii + 2));
            let (sl1, sl2, sr1, sr2) = (short(ii - 1), short(ii - 2), short(ii + 1), short(ii + 2));
            f.extend_from_slice(&[
                feat(20, &[l1]),
                feat(21, &[r1]),
                feat(22, &[l2]),
                feat(23, &[r2]),
                feat(24, &[l1, lw]),
                feat(25, &[lw, r1]),
                feat(26, &[sl1]),
                feat(27, &[sr1]),
                feat(28, &[sl1, sh, sr1]),
                feat(29, &[l1, sh]),
                feat(30, &[sh, r1]),
                feat(31, &[sl2, sl1]),
                feat(32, &[sr1, sr2]),
            ]);
        }
        let initial = opens_sentence(self.words, i);
        let pos = if initial { INIT } else { MID };
        if t.first_upper && part.word() {
            let is_common = self.lex.common.contains(&fold(lw));
            let flags = pos * 2 + u64::from(is_common);
            f.push(feat(40, &[flags]));
            f.push(feat(41, &[flags, sh]));
            if initial {
                f.push(feat(42, &[lw]));
            }
        }
        if part.context() {
            // Capitalisation of the neighbours, in and out of sentence start.
            f.push(feat(43, &[cap(ii - 1), cap(ii), cap(ii + 1)]));
        }
        if t.caps && part.word() {
            f.push(feat(44, &[pos]));
        }
        if t.first_upper && part.word() {
            // A known name in the genitive ("Frankrikes"): Swedish CV 77.1 → 77.8.
            for stem in self.lex.genitives.iter().filter_map(|g| w.strip_suffix(g.as_str())).filter(|s| s.len() >= 3) {
                if let Some(&bits) = self.lex.gazetteer.get(&name_hash(&[stem])) {
                    if bits & TYPE_BITS != 0 {
                        f.push(feat(45, &[u64::from(bits & TYPE_BITS)]));
                    }
                }
            }
        }
        if part.context() {
            for &(ty, gp) in &gaz[i] {
                f.push(feat(50, &[u64::from(ty), u64::from(gp)]));
                f.push(feat(51, &[u64::from(ty), u64::from(gp), sh]));
            }
            if gaz[i].is_empty() && t.first_upper {
                f.push(feat(52, &[]));
            }
            if t.first_upper {
                let doc = self.doc;
                let cap_elsewhere = u64::from(doc.cap_mid.contains(&t.word));
                let lower_elsewhere = u64::from(doc.lower.contains(&lw));
                f.push(feat(70, &[pos, cap_elsewhere, lower_elsewhere]));
                if let Some(counts) = doc.history.get(&t.word) {
                    let (ty, _) = counts.iter().enumerate().max_by_key(|(k, c)| (**c, std::cmp::Reverse(*k))).unwrap();
                    f.push(feat(71, &[ty as u64]));
                    f.push(feat(72, &[ty as u64, pos]));
                }
            }
        }
        // Word clusters: every level of the word's path, two levels of the
        // next and previous words', one level two words away. (Adding
        // cluster pairs of neighbours and cluster × shape: German CV 55.8
        // against 56.4.)
        if levels > 0 {
            if part.word() {
                if t.clus[0] == 0 {
                    f.push(feat(80, &[0]));
                } else {
                    for l in 0..levels {
                        f.push(feat(80 + l as u64, &[t.clus[l]]));
                    }
                }
            }
            if part.context() {
                f.extend_from_slice(&[
                    feat(86, &[clus(ii - 1, 1)]),
                    feat(91, &[clus(ii + 1, 1)]),
                    feat(88, &[clus(ii - 1, 3)]),
                    feat(93, &[clus(ii + 1, 3)]),
                    feat(95, &[clus(ii - 2, 2)]),
                    feat(96, &[clus(ii + 2, 2)]),
                ]);
            }
        }
    }
}

/// Prefixes and suffixes of one to four chars of `w` (whose hash is `word`).
fn affix_features(w: &str, word: u64, f: &mut Vec<u32>) {
    // `ends[k]`: where the (k+1)-char prefix ends; `starts[k]`: where
    // the (k+1)-char suffix starts (none: the word is shorter).
    let mut ends = [w.len(); 4];
    let mut starts = [usize::MAX; 4];
    if w.is_ascii() {
        // One byte a char: the same offsets without decoding (speed).
        let n = w.len();
        for k in 0..4 {
            if k + 1 < n {
                ends[k] = k + 1;
            }
            if k < n {
                starts[k] = n - 1 - k;
            }
        }
    } else {
        for (k, (p, _)) in w.char_indices().skip(1).take(4).enumerate() {
            ends[k] = p;
        }
        for (k, (p, _)) in w.char_indices().rev().take(4).enumerate() {
            starts[k] = p;
        }
    }
    // An affix that is the whole word has the word's hash already.
    let affix = |a: &str| if a.len() == w.len() { word } else { hash_str(a) };
    for k in 0..4 {
        if starts[k] == usize::MAX {
            break;
        }
        f.push(feat(6 + k as u64, &[affix(&w[..ends[k]])]));
        f.push(feat(11 + k as u64, &[affix(&w[starts[k]..])]));
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
    }

    #[test]
    fn bilou_round_trips_and_reads_any_sequence() {
        let t = |names: &[&str]| names.iter().map(|n| tag_index(n).unwrap()).collect::<Vec<_>>();
        let bio = t(&["B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "O", "B-ORG"]);
        let bilou = bio_to_bilou(&bio);
        // B I L O U B L O U (PER = type 0, LOC = 2, ORG = 1).
        assert_eq!(bilou, vec![1, 2, 3, 0, 12, 9, 11, 0, 8]);
        assert_eq!(bilou_to_bio(&bilou), bio);
        // Ill-formed BIO: a stray I- begins a name.
        assert_eq!(bio_to_bilou(&t(&["O", "I-PER", "I-ORG"])), vec![0, 4, 8]);
        // Ill-formed BILOU still reads as names: B then O is a one-word
        // name, an L- of another type begins a new one, I- after U- too.
        assert_eq!(bilou_to_bio(&[1, 0, 1, 7, 4, 2]), t(&["B-PER", "O", "B-PER", "B-ORG", "B-PER", "B-PER"]));
        // Decoding keeps names well formed.
        assert!(bilou_allowed(MODEL_TAGS, 1) && bilou_allowed(MODEL_TAGS, 4) && !bilou_allowed(MODEL_TAGS, 2));
        assert!(bilou_allowed(1, 2) && bilou_allowed(1, 3) && !bilou_allowed(1, 0) && !bilou_allowed(1, 7));
        assert!(bilou_allowed(3, 0) && bilou_allowed(4, 5) && !bilou_allowed(4, 3));
    }

    /// Features depend on what they should: the same word in the same
    /// context gives the same ids; case, neighbours and the gazetteer change them.
    #[test]
    fn features_follow_words_and_context() {
        let mut lex = Lexicon::default();
        for w in ["the", "minister", "said"] {
            lex.common.insert(word_hash(w));
        }
        lex.gazetteer.insert(name_hash(&["Port", "Ellery"]), 1 << 2);
        lex.gazetteer.insert(name_hash(&["Port"]), PREFIX_BIT);
        let doc = DocContext::default();
        let mut s = Scratch::new();
        let get = |words: &[&str], i: usize, s: &mut Scratch| {
            featurise(words, &lex, &doc, s, Part::All);
            assert_eq!(s.len(), words.len());
            s.features(i).to_vec()
        };
        let a = get(&["The", "minister", "said", "Ünal", "Voss", "left"], 3, &mut s);
        let b = get(&["The", "minister", "said", "Ünal", "Voss", "left"], 3, &mut s);
        assert_eq!(a, b);
        assert!(a.iter().all(|&x| x != u32::MAX));
        let c = get(&["The", "minister", "said", "ünal", "Voss", "left"], 3, &mut s);
        assert_ne!(a, c);
        let d = get(&["The", "minister", "saw", "Ünal", "Voss", "left"], 3, &mut s);
        assert_ne!(a, d);
        // A gazetteer name adds features to both its words.
        let plain = get(&["to", "Port", "Ellery", "now"], 1, &mut s);
        let lex2 = Lexicon { common: lex.common.clone(), ..Lexicon::default() };
        featurise(&["to", "Port", "Ellery", "now"], &lex2, &doc, &mut s, Part::All);
        assert!(plain.len() > s.features(1).len());
        // Ids are distinct within a token.
        let mut sorted = a.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), a.len());
        // The tag features tell the previous tags apart.
        let (mut x, mut y) = (Vec::new(), Vec::new());
        s.tag_features(1, 0, MODEL_TAGS, &mut x);
        s.tag_features(1, 1, MODEL_TAGS, &mut y);
        assert_ne!(x, y);
    }

    /// The word part and the context part of a token's features are the
    /// whole list, and the word part follows the word and its place only.
    #[test]
    fn word_and_context_parts_split_the_features() {
        let mut lex = Lexicon::default();
        lex.common.insert(word_hash("the"));
        lex.gazetteer.insert(name_hash(&["Vela"]), 1);
        lex.clusters.level_bits = vec![2, 2];
        lex.clusters.paths.insert(word_hash("Vela"), 0b1001);
        let mut doc = DocContext::new(&[&["Ana", "met", "Vela", "NOW"][..]]);
        doc.record(&["Vela"], &[1]);
        let words = ["\"", "The", "minister", "met", "Vela", "NOW", "in", "Öreby", "."];
        let (mut all, mut ctx, mut word) = (Scratch::new(), Scratch::new(), Vec::new());
        featurise(&words, &lex, &doc, &mut all, Part::All);
        featurise(&words, &lex, &doc, &mut ctx, Part::Context);
        for i in 0..words.len() {
            word.clear();
            ctx.word_features(&words, &lex, i, &mut word);
            let mut parts: Vec<u32> = word.iter().chain(ctx.features(i)).copied().collect();
            let mut whole = all.features(i).to_vec();
            parts.sort_unstable();
            whole.sort_unstable();
            assert_eq!(parts, whole, "token {i}");
        }
        // "The" opens the sentence after the quote mark, and the same word
        // elsewhere in another sentence has the same word part.
        assert!(ctx.word_key(&words, 1).1);
        let mut again = Vec::new();
        featurise(&["Only", "Vela", "left"], &lex, &DocContext::default(), &mut ctx, Part::Context);
        assert_eq!(ctx.word_key(&["Only", "Vela", "left"], 1), (all.toks[4].word, false));
        ctx.word_features(&["Only", "Vela", "left"], &lex, 1, &mut again);
        word.clear();
        all.word_features(&words, &lex, 4, &mut word);
        assert_eq!(again, word);
    }

    /// A known name with one of the language's genitive endings is
    /// featured as that name's type; without the ending listed, it is not.
    #[test]
    fn a_known_name_in_the_genitive_carries_its_type() {
        static ENDINGS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| vec!["s".to_string()]);
        let mut lex = Lexicon::default();
        lex.gazetteer.insert(name_hash(&["Valdora"]), 1 << 2);
        let doc = DocContext::default();
        let words = ["i", "Valdoras", "hamn"];
        let mut plain = Scratch::new();
        featurise(&words, &lex, &doc, &mut plain, Part::All);
        lex.genitives = ENDINGS.as_slice();
        let mut genitive = Scratch::new();
        featurise(&words, &lex, &doc, &mut genitive, Part::All);
        let added: Vec<u32> = genitive.features(1).iter().filter(|f| !plain.features(1).contains(f)).copied().collect();
        assert_eq!(added, [feat(45, &[1 << 2])]);
        // Another type, another feature; an unknown stem, none.
        lex.gazetteer.insert(name_hash(&["Valdora"]), 1 << 1);
        featurise(&words, &lex, &doc, &mut genitive, Part::All);
        assert!(genitive.features(1).contains(&feat(45, &[1 << 1])));
        featurise(&["i", "Korsbys", "hamn"], &lex, &doc, &mut genitive, Part::All);
        assert!(!genitive.features(1).iter().any(|f| [feat(45, &[1 << 1]), feat(45, &[1 << 2])].contains(f)));
    }

    #[test]
    fn shapes_keep_short_lengths() {
        assert_eq!(shapes("Paris"), ("Xxxxx".into(), "Xx".into()));
        assert_eq!(shapes("G7"), ("Xd".into(), "Xd".into()));
        assert_eq!(shapes("Stockholmsbörsen").0, "Xxxxx");
    }
}
