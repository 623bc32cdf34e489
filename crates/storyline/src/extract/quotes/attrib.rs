//! Attribution: finding the speech verb (cue) next to a quotation and the
//! phrase naming its speaker (a name, a title and name, a pronoun, a role
//! description, an organisation or an unnamed member of a group).
//!
//! Works on tokens only, with per-language rules; it does not decide who a
//! pronoun or description refers to (see `resolve`).

use super::rules::{Gender, Pronoun, Rules};
use super::scan::Tok;
use crate::extract::{EntityMention, EntityType};

/// What a speaker phrase is.
#[derive(Debug, Clone, PartialEq)]
pub enum NpKind {
    /// A personal pronoun ("she", "sade hon", "a-t-il").
    Pronoun(Pronoun),
    /// A person's name, with the gender its title marks.
    Name { title: Option<(usize, usize)>, gender: Option<Gender> },
    /// An organisation ("the ministry", an ORG entity).
    Org,
    /// A definite role description ("the minister"): `head` is the role word.
    Definite { head: String, gender: Option<Gender> },
    /// Someone not named and not to be named ("one of the participants", "a witness").
    Unnamed,
}

/// A speaker phrase: token range `[first, last)` and the byte span of its
/// core (the name without its title, the pronoun, the whole description).
#[derive(Debug, Clone, PartialEq)]
pub struct Np {
    pub first: usize,
    pub last: usize,
    pub start: usize,
    pub end: usize,
    pub kind: NpKind,
}

/// A cue and the speaker phrase found with it.
#[derive(Debug, Clone)]
pub struct Attribution {
    /// Token range of the cue.
    pub cue: (usize, usize),
    pub np: Option<Np>,
    pub rules: &'static Rules,
}

/// Length in tokens of a cue phrase starting at token `i`, if any. The part of
/// a hyphenated word before its first hyphen counts ("déclare-t-il").
pub fn cue_at(toks: &[Tok], i: usize, hi: usize, r: &Rules) -> Option<usize> {
    let word = |k: usize| toks.get(i + k).filter(|t| t.is_word() && i + k < hi).map(|t| t.key.as_str());
    if let Some(n) = r.cues.match_at(word) {
        return Some(n);
    }
    let t = toks.get(i).filter(|t| t.is_word() && i < hi)?;
    let head = t.key.split('-').next()?;
    (head.len() < t.key.len()).then(|| r.cues.match_at(|k| if k == 0 { Some(head) } else { None }))?
}

/// Length of a source marker ("according to") at token `i`, if any.
pub fn source_at(toks: &[Tok], i: usize, hi: usize, r: &Rules) -> Option<usize> {
    r.sources.match_at(|k| toks.get(i + k).filter(|t| t.is_word() && i + k < hi).map(|t| t.key.as_str()))
}

/// A pronoun in the token, whole or as its last hyphenated part ("a-t-elle"):
/// its rule and byte span.
pub fn pronoun_in(t: &Tok, text: &str, r: &Rules) -> Option<(Pronoun, usize, usize)> {
    if !t.is_word() {
        return None;
    }
    if let Some(p) = r.pronouns.get(&t.key) {
        return Some((*p, t.start, t.end));
    }
    let raw = &text[t.start..t.end];
    let dash = raw.rfind('-')?;
    let tail = &t.key[t.key.rfind('-')? + 1..];
    r.pronouns.get(tail).map(|p| (*p, t.start + dash + 1, t.end))
}

fn entity_at(ents: &[EntityMention], byte: usize) -> Option<&EntityMention> {
    ents.iter()
        .find(|e| e.start == byte && matches!(e.kind, EntityType::Person | EntityType::Organisation))
}

/// Whether the token can be part of a fallback name (a capitalised word that
/// is not a function word, cue, role or organisation word).
fn name_word(t: &Tok, toks: &[Tok], i: usize, r: &Rules) -> bool {
    t.is_word()
        && t.cap
        && !t.key.chars().all(|c| c.is_numeric())
        && !r.is_function_word(&t.key)
        && cue_at(toks, i, i + 1, r).is_none()
        // Exact match only: a compound suffix would eat surnames ("Hoffmann").
        && !r.roles.contains_key(&t.key)
        && !r.titles.contains_key(&t.key)
}

/// Parses a speaker phrase starting at token `i`, never reaching token `hi`.
pub fn parse_np(toks: &[Tok], i: usize, hi: usize, text: &str, r: &Rules, ents: &[EntityMention]) -> Option<Np> {
    let t = toks.get(i).filter(|_| i < hi)?;
    if !t.is_word() {
        return None;
    }
    // An entity mention from the NER wins.
    if let Some(e) = entity_at(ents, t.start) {
        let mut j = i;
        while j < hi && toks[j].end <= e.end {
            j += 1;
        }
        if j > i {
            let kind = match e.kind {
                EntityType::Organisation => NpKind::Org,
                _ => NpKind::Name { title: None, gender: None },
            };
            return Some(Np { first: i, last: j, start: e.start, end: e.end, kind });
        }
    }
    // Partitive: "one of the participants".
    let word = |k: usize| toks.get(i + k).filter(|t| t.is_word() && i + k < hi).map(|t| t.key.as_str());
    if let Some(n) = r.partitives.match_at(word) {
        let mut j = i + n;
        while j < hi && j < i + n + 3 && toks[j].is_word() && !r.boundary.contains(&toks[j].key)
            && !r.of_words.contains(&toks[j].key) && cue_at(toks, j, hi, r).is_none()
        {
            j += 1;
        }
        if j > i + n {
            return Some(span(toks, i, j, NpKind::Unnamed));
        }
    }
    // Determiner + modifiers + role or organisation noun.
    let definite = r.definite.contains(&t.key);
    if definite || r.indefinite.contains(&t.key) {
        if let Some(np) = described(toks, i, i + 1, hi, definite, r) {
            return Some(np);
        }
        if let Some(np) = plain_description(toks, i, hi, definite, r) {
            return Some(np);
        }
    }
    if let Some(p) = pronoun_in(t, text, r) {
        return Some(Np { first: i, last: i + 1, start: p.1, end: p.2, kind: NpKind::Pronoun(p.0) });
    }
    // Titles, then a name: "Foreign Minister Jane Doe", "M. Dupont".
    let mut j = i;
    let mut gender = None;
    while j < hi && toks[j].is_word() && r.role(&toks[j].key).is_some() && j < i + 4 {
        gender = gender.or(r.role(&toks[j].key).flatten());
        j += 1;
        if j < hi && toks[j].key == "." {
            j += 1;
        }
    }
    let titled = j > i;
    if j < hi {
        if let Some(e) = entity_at(ents, toks[j].start).filter(|e| e.kind == EntityType::Person) {
            let mut k = j;
            while k < hi && toks[k].end <= e.end {
                k += 1;
            }
            let title = titled.then(|| (toks[i].start, toks[j - 1].end));
            return Some(Np { first: i, last: k, start: e.start, end: e.end, kind: NpKind::Name { title, gender } });
        }
        let name_end = name_run(toks, j, hi, r);
        if name_end > j {
            let title = titled.then(|| (toks[i].start, toks[j - 1].end));
            let org = (j..name_end).any(|k| r.org(&toks[k].key));
            let kind = if org { NpKind::Org } else { NpKind::Name { title, gender } };
            let end = without_possessive(&toks[name_end - 1], text, r);
            return Some(Np { first: i, last: name_end, start: toks[j].start, end, kind });
        }
    }
    // A bare role or organisation noun: "ministern", "police".
    if let Some(np) = described(toks, i, i, hi, true, r) {
        return Some(np);
    }
    None
}

/// A run of name words from `j`, with particles inside ("Charles de Gaulle");
/// a possessive ends it ("Smith's office").
fn name_run(toks: &[Tok], j: usize, hi: usize, r: &Rules) -> usize {
    let end = name_run_inner(toks, j, hi, r);
    match (j..end).find(|&k| r.possessives.iter().any(|p| toks[k].key.ends_with(p.as_str()))) {
        Some(k) => k + 1,
        None => end,
    }
}

/// The end of a name token less a possessive ending ("Smith's" → "Smith").
fn without_possessive(t: &Tok, text: &str, r: &Rules) -> usize {
    if r.possessives.iter().any(|p| t.key.ends_with(p.as_str())) {
        if let Some(k) = text[t.start..t.end].rfind(['\'', '’']) {
            if k > 0 {
                return t.start + k;
            }
        }
    }
    t.end
}

fn name_run_inner(toks: &[Tok], j: usize, hi: usize, r: &Rules) -> usize {
    let mut k = j;
    while k < hi && k < j + 5 {
        let t = &toks[k];
        if name_word(t, toks, k, r) || (r.org(&t.key) && t.cap && k > j) {
            k += 1;
        } else if k > j && t.is_word() && r.particles.contains(&t.key)
            && toks.get(k + 1).is_some_and(|n| k + 1 < hi && name_word(n, toks, k + 1, r))
        {
            k += 2;
        } else {
            break;
        }
    }
    k
}

/// A description from `i` (its determiner, if any, ends at `from`): up to three
/// modifiers, then a role or organisation noun, then an "of" complement.
fn described(toks: &[Tok], i: usize, from: usize, hi: usize, definite: bool, r: &Rules) -> Option<Np> {
    let mut j = from;
    while j < hi && j < from + 4 && toks[j].is_word() {
        let key = &toks[j].key;
        if r.boundary.contains(key) || r.of_words.contains(key) || cue_at(toks, j, hi, r).is_some() {
            return None;
        }
        // Without a determiner only capitalised modifiers ("Foreign Ministry").
        let bare_modifier = from == i && j > i;
        if bare_modifier && (!toks[j - 1].cap || r.is_function_word(&toks[j - 1].key)) {
            return None;
        }
        let role = r.role(key);
        let org = r.org(key);
        if role.is_some() {
            // "the foreign minister Jane Doe": the role is the name's title.
            let name_end = name_run(toks, j + 1, hi, r);
            if name_end > j + 1 {
                return Some(Np {
                    first: i,
                    last: name_end,
                    start: toks[j + 1].start,
                    end: toks[name_end - 1].end,
                    kind: NpKind::Name { title: Some((toks[i].start, toks[j].end)), gender: role.flatten() },
                });
            }
        }
        // "Minister of Foreign Affairs Jane Doe": a run of three or more
        // capitals after "of" ends with a two-word name.
        if role.is_some() && toks.get(j + 1).is_some_and(|t| j + 1 < hi && t.is_word() && r.of_words.contains(&t.key)) {
            let mut k = j + 2;
            if k < hi && toks[k].is_word() && r.definite.contains(&toks[k].key) {
                k += 1;
            }
            let run_end = (k..hi.min(k + 6)).find(|&m| !(toks[m].is_word() && toks[m].cap)).unwrap_or(hi.min(k + 6));
            if run_end >= k + 3 && name_word(&toks[run_end - 2], toks, run_end - 2, r) && name_word(&toks[run_end - 1], toks, run_end - 1, r) {
                return Some(Np {
                    first: i,
                    last: run_end,
                    start: toks[run_end - 2].start,
                    end: toks[run_end - 1].end,
                    kind: NpKind::Name { title: Some((toks[i].start, toks[run_end - 3].end)), gender: role.flatten() },
                });
            }
        }
        if role.is_some() || org {
            let mut end = j + 1;
            // The head may be followed by more words of a capitalised name
            // ("Foreign Ministry") or an "of" complement ("of Defence").
            while end < hi && end < j + 6 {
                let t = &toks[end];
                if t.is_word() && r.of_words.contains(&t.key) {
                    if toks.get(end + 1).is_some_and(|n| end + 1 < hi && n.is_word() && !r.boundary.contains(&n.key)) {
                        end += 2;
                        continue;
                    }
                    break;
                }
                if t.is_word() && (t.cap || r.definite.contains(&t.key)) && end > j + 1
                    && r.of_words.contains(&toks[end - 1].key)
                {
                    end += 1;
                    continue;
                }
                if t.is_word() && t.cap && r.org(&t.key) {
                    end += 1;
                    continue;
                }
                break;
            }
            let kind = if org && role.is_none() {
                NpKind::Org
            } else if !definite {
                NpKind::Unnamed
            } else {
                NpKind::Definite { head: key.clone(), gender: role.flatten() }
            };
            return Some(span(toks, i, end, kind));
        }
        // A capitalised word after a determiner may start a name ("the Red Cross").
        j += 1;
    }
    None
}

/// A determiner and up to three words with no role noun ("der Fahrgast",
/// "the organisers' lawyer"): a description that names no one.
fn plain_description(toks: &[Tok], i: usize, hi: usize, definite: bool, r: &Rules) -> Option<Np> {
    let mut j = i + 1;
    while j < hi && j < i + 4 {
        let t = &toks[j];
        if !t.is_word() || r.boundary.contains(&t.key) || r.of_words.contains(&t.key) || r.skip.contains(&t.key)
            || r.pronouns.contains_key(&t.key) || cue_at(toks, j, hi, r).is_some()
        {
            break;
        }
        j += 1;
    }
    if j == i + 1 {
        return None;
    }
    // "the defiant Smith": a name after the modifiers is the speaker's name.
    if let Some(n) = (i + 1..j).find(|&n| name_word(&toks[n], toks, n, r) && !r.capitalised_nouns) {
        let end = name_run(toks, n, hi, r);
        if end >= j {
            return Some(Np { first: i, last: end, start: toks[n].start, end: toks[end - 1].end, kind: NpKind::Name { title: None, gender: None } });
        }
    }
    let head = toks[j - 1].key.clone();
    let kind = if definite { NpKind::Definite { head, gender: None } } else { NpKind::Unnamed };
    Some(span(toks, i, j, kind))
}

fn span(toks: &[Tok], first: usize, last: usize, kind: NpKind) -> Np {
    Np { first, last, start: toks[first].start, end: toks[last - 1].end, kind }
}

/// The speaker phrase ending at token `end` (exclusive), looked for among the
/// tokens `[lo, end)`: skip words before the cue are passed over, and up to
/// four plain words may separate phrase and cue ("X has on Friday said").
pub fn np_before(toks: &[Tok], lo: usize, end: usize, text: &str, r: &Rules, ents: &[EntityMention]) -> Option<Np> {
    let mut e = end;
    while e > lo && toks[e - 1].is_word() && r.skip.contains(&toks[e - 1].key) {
        e -= 1;
    }
    // A parenthesis between subject and cue is an aside: "the union (HWU) said".
    if e > lo && toks[e - 1].key == ")" {
        if let Some(open) = (lo.max(e.saturating_sub(10))..e - 1).rev().find(|&j| toks[j].key == "(") {
            e = open;
        }
    }
    // "… an der Schulter und sagte": a conjunction right before the cue starts
    // a new clause whose subject is elsewhere.
    if e > lo && toks[e - 1].is_word() && r.boundary.contains(&toks[e - 1].key) {
        return None;
    }
    let stop = e.saturating_sub(4).max(lo);
    let mut gap_end = e;
    while gap_end > stop {
        if let Some(np) = np_ending_at(toks, lo, gap_end, text, r, ents) {
            return Some(np);
        }
        if !toks[gap_end - 1].is_word() {
            // An appositive: "Smith, the minister, said" names Smith.
            if toks[gap_end - 1].key == "," && gap_end == e {
                if let Some(inner) = np_ending_at(toks, lo, gap_end - 1, text, r, ents) {
                    if inner.first > lo && toks[inner.first - 1].key == "," {
                        if let Some(outer) = np_ending_at(toks, lo, inner.first - 1, text, r, ents) {
                            if matches!(outer.kind, NpKind::Name { .. }) {
                                return Some(outer);
                            }
                        }
                    }
                }
            }
            return None;
        }
        gap_end -= 1;
    }
    None
}

/// The longest phrase that ends exactly at token `end`.
fn np_ending_at(toks: &[Tok], lo: usize, end: usize, text: &str, r: &Rules, ents: &[EntityMention]) -> Option<Np> {
    let from = end.saturating_sub(8).max(lo);
    // An organisation the NER found is taken whole: its leading words are not
    // a title ("The Harbour Workers | Union").
    let last_end = toks[end - 1].end;
    if let Some(org) = ents.iter().find(|e| e.end == last_end && e.kind == EntityType::Organisation) {
        if let Some(s) = (from..end).find(|&s| toks[s].start == org.start) {
            if let Some(np) = parse_np(toks, s, end, text, r, ents).filter(|np| np.last == end) {
                let s = if s > lo && r.definite.contains(&toks[s - 1].key) { s - 1 } else { s };
                if acceptable_start(toks, s, r, &np) {
                    return Some(np);
                }
            }
        }
    }
    for s in from..end {
        if let Some(np) = parse_np(toks, s, end, text, r, ents) {
            if np.last == end && acceptable_start(toks, s, r, &np) {
                return Some(np);
            }
        }
    }
    None
}

/// A name right after a determiner or preposition is an object, not a subject.
fn acceptable_start(toks: &[Tok], s: usize, r: &Rules, np: &Np) -> bool {
    if matches!(np.kind, NpKind::Pronoun(_)) || s == 0 {
        return true;
    }
    let prev = &toks[s - 1];
    if prev.is_word() && (r.boundary.contains(&prev.key) || r.of_words.contains(&prev.key)) {
        return false;
    }
    if !matches!(np.kind, NpKind::Name { title: None, .. }) {
        return true;
    }
    let prev = &toks[s - 1];
    !(prev.is_word()
        && (r.definite.contains(&prev.key) || r.indefinite.contains(&prev.key)
            || r.boundary.contains(&prev.key) || r.of_words.contains(&prev.key)))
}

/// Looks for a cue in the frame after a quotation, tokens `[a, b)`: within its
/// first `reach` tokens, with the speaker before the cue ("Smith said") or after
/// it ("said Smith"), or a source marker ("according to Smith").
pub fn after_quote(
    toks: &[Tok],
    a: usize,
    b: usize,
    text: &str,
    rules: &[&'static Rules],
    ents: &[EntityMention],
    reach: usize,
) -> Option<Attribution> {
    let mut a0 = a;
    while a0 < b && !toks[a0].is_word() && matches!(toks[a0].key.as_str(), "," | "–" | "—" | "-") {
        a0 += 1;
    }
    for &r in rules {
        for k in a0..b.min(a0 + reach) {
            if !toks[k].is_word() {
                if k > a0 && (toks[k].key == "." || toks[k].key == "!" || toks[k].key == "?") {
                    break;
                }
                continue;
            }
            let before = || (k > a0).then(|| np_before(toks, a0, k, text, r, ents)).flatten();
            if let Some(found) = attribution_at(toks, k, b, text, r, ents, before, || None) {
                return Some(found);
            }
        }
    }
    None
}

/// The attribution given by a source phrase or speech verb starting at token
/// `k`, if one does. The speaker is sought in this order: a pronoun inside or
/// right after the cue, `before_cue` (the frame's subject), the phrase after
/// the cue, then `last_resort`.
#[allow(clippy::too_many_arguments)]
fn attribution_at(
    toks: &[Tok],
    k: usize,
    b: usize,
    text: &str,
    r: &'static Rules,
    ents: &[EntityMention],
    before_cue: impl FnOnce() -> Option<Np>,
    last_resort: impl FnOnce() -> Option<Np>,
) -> Option<Attribution> {
    if let Some(n) = source_at(toks, k, b, r) {
        let np = parse_np(toks, k + n, b, text, r, ents);
        return Some(Attribution { cue: (k, k + n), np, rules: r });
    }
    let n = cue_at(toks, k, b, r)?;
    let np = inverted_pronoun(toks, k, text, r)
        .or_else(|| pronoun_after(toks, k + n, b, text, r))
        .or_else(before_cue)
        .or_else(|| parse_np(toks, k + n, b, text, r, ents))
        .or_else(last_resort);
    Some(Attribution { cue: (k, k + n), np, rules: r })
}

/// A pronoun right after the cue ("sade hon", "sagte er"): inversion makes it
/// the subject whatever stands before the cue.
fn pronoun_after(toks: &[Tok], i: usize, hi: usize, text: &str, r: &Rules) -> Option<Np> {
    let t = toks.get(i).filter(|_| i < hi)?;
    let (p, s, e) = pronoun_in(t, text, r)?;
    Some(Np { first: i, last: i + 1, start: s, end: e, kind: NpKind::Pronoun(p) })
}

/// The pronoun inside a hyphenated cue ("déclare-t-il").
fn inverted_pronoun(toks: &[Tok], k: usize, text: &str, r: &Rules) -> Option<Np> {
    let t = &toks[k];
    if !t.key.contains('-') {
        return None;
    }
    let (p, s, e) = pronoun_in(t, text, r)?;
    Some(Np { first: k, last: k + 1, start: s, end: e, kind: NpKind::Pronoun(p) })
}

/// Looks for a cue in the frame before a quotation, tokens `[a, b)`: the cue
/// nearest the quotation, at most twelve tokens before it.
pub fn before_quote(
    toks: &[Tok],
    a: usize,
    b: usize,
    text: &str,
    rules: &[&'static Rules],
    ents: &[EntityMention],
    same_clause: bool,
) -> Option<Attribution> {
    for &r in rules {
        let lo = b.saturating_sub(12).max(a);
        for k in (lo..b).rev() {
            if !toks[k].is_word() {
                if k + 1 < b && matches!(toks[k].key.as_str(), "." | "!" | "?") {
                    break;
                }
                // A fragment's cue stands in its own clause ("described him as 'calm'").
                if same_clause && matches!(toks[k].key.as_str(), "," | ";" | ":" | "(" | ")") {
                    break;
                }
                continue;
            }
            let before = || np_before(toks, a, k, text, r, ents);
            let earlier = || earlier_subject(toks, a, k, text, r, ents);
            if let Some(found) = attribution_at(toks, k, b, text, r, ents, before, earlier) {
                return Some(found);
            }
        }
    }
    None
}

/// For a cue opening a participial clause ("X affirmed it, stating: …"),
/// the subject of an earlier cue in the same sentence.
fn earlier_subject(toks: &[Tok], a: usize, k: usize, text: &str, r: &Rules, ents: &[EntityMention]) -> Option<Np> {
    if k == 0 || toks[k - 1].key != "," {
        return None;
    }
    let lo = k.saturating_sub(15).max(a);
    for j in (lo..k - 1).rev() {
        if matches!(toks[j].key.as_str(), "." | "!" | "?" | ";") {
            return None;
        }
        if toks[j].is_word() && cue_at(toks, j, k, r).is_some() {
            return np_before(toks, a, j, text, r, ents);
        }
    }
    None
}
