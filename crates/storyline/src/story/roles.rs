//! Role statements: who is said to hold which role, read from the words
//! around a person's name, so that reports can be compared on them.
//!
//! Three shapes are read, with the cue words of `story.toml`:
//! - apposition: "Idris Varo, the commander of the coastal brigade";
//! - a link: "Varo is the head of …", "han beskrevs som ledare för …" (a
//!   pronoun stands for the first person named in the sentence before);
//! - a passive: "the brigade is led by Colonel Idris Varo".
//!
//! A role is keyed by its language-neutral role word ("leader") and the
//! stems of what it is the role of ("brigade", "coastal"), so two reports
//! naming the same office meet. It does not resolve what "the group" refers
//! to, nor read roles across sentences other than through a pronoun.

use super::context::{Report, word_key};
use super::cues;
use crate::extract::EntityType;

/// Words taken after a role word as what it is the role of.
const COMPLEMENT_WORDS: usize = 5;
/// Words taken before a role word written before a name ("Foreign Minister, X").
const MODIFIERS_BEFORE: usize = 2;

/// One report's saying that a person holds a role.
#[derive(Debug, Clone)]
pub(crate) struct RoleSaid {
    pub report: usize,
    pub sentence: usize,
    /// The resolved entity id of the person.
    pub entity: String,
    /// The role as written ("commander of the coastal brigade").
    pub phrase: String,
    /// The role word's key and the stems of what it is the role of.
    pub slot: String,
}

/// A token of a sentence: byte span, text, stem, stop word.
struct Word<'r> {
    start: usize,
    end: usize,
    text: &'r str,
    stem: &'r str,
    stop: bool,
}

fn sentence_words(r: &Report, start: usize, end: usize) -> Vec<Word<'_>> {
    let toks = &r.analysis.tokens;
    let i = toks.partition_point(|t| t.start < start);
    toks[i..]
        .iter()
        .take_while(|t| t.end <= end)
        .map(|t| Word { start: t.start, end: t.end, text: &r.text[t.start..t.end], stem: &t.stem, stop: t.stop })
        .collect()
}

/// Whether a clause mark stands between two byte offsets.
fn broken(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to).is_some_and(|g| g.contains([',', ';', ':', '.', '(', ')', '–', '—']))
}

/// The role word at or shortly after `from` (within the clause): where its
/// phrase starts (at a modifier before it, "the *foreign* minister") and its index.
fn role_after(r: &Report, words: &[Word], from: usize, c: &cues::Cues) -> Option<(usize, usize)> {
    let mut modifier = None;
    for (k, w) in words.iter().enumerate().skip(from) {
        if k > from && broken(&r.text, words[k - 1].end, w.start) {
            return None;
        }
        if c.role(w.text).is_some() {
            return Some((modifier.unwrap_or(k), k));
        }
        if !w.stop {
            if modifier.is_some() {
                return None;
            }
            modifier = Some(k);
        }
    }
    None
}

/// The phrase and slot key of the role word at `k` with its modifiers from
/// `from`: those and the words of what it is the role of, to the end of the clause.
fn phrase(r: &Report, words: &[Word], from: usize, k: usize, key: &str) -> (String, String) {
    let mut end = k;
    while end + 1 < words.len() && end + 1 - k <= COMPLEMENT_WORDS && !broken(&r.text, words[end].end, words[end + 1].start) {
        end += 1;
    }
    // Trailing function words are not part of the phrase.
    while end > k && words[end].stop {
        end -= 1;
    }
    let around = words[from..k].iter().chain(&words[k + 1..=end]);
    let mut stems: Vec<u64> = around.filter(|w| !w.stop && w.text.len() > 2).map(|w| word_key(w.stem)).collect();
    stems.sort_unstable();
    stems.dedup();
    let slot = format!("{key}:{}", stems.iter().map(|s| format!("{s:x}")).collect::<Vec<_>>().join(","));
    (crate::document::normalise(&r.text[words[from].start..words[end].end]), slot)
}

/// Every role statement of the story's reports.
pub(crate) fn collect(reports: &[Report]) -> Vec<RoleSaid> {
    let mut out = Vec::new();
    for (ri, r) in reports.iter().enumerate() {
        let people = |start: usize, end: usize| {
            r.mentions.iter().filter(move |m| m.kind == EntityType::Person && m.start >= start && m.end <= end)
        };
        for (si, s) in r.sentences.iter().enumerate() {
            let c = cues::of(s.lang);
            let words = sentence_words(r, s.start, s.end);
            let after = |pos: usize| words.iter().position(|w| w.start >= pos).unwrap_or(words.len());
            // (person, where the role phrase starts, the role word)
            let mut found: Vec<(String, usize, usize)> = Vec::new();
            for m in people(s.start, s.end) {
                let next = after(m.end);
                let Some(w) = words.get(next) else { continue };
                let apposition = r.text[m.end..w.start].trim() == ",";
                let linked = r.text[m.end..w.start].trim().is_empty() && c.role_link(w.text);
                // "X is the head of …", "X, the new leader …"
                if apposition || linked {
                    let from = if linked { next + 1 } else { next };
                    if let Some((f, k)) = role_after(r, &words, from, c) {
                        found.push((m.entity.clone(), f, k));
                    }
                }
                // "The foreign minister, X": a role word right before the comma.
                let before = after(m.start);
                if before >= 1 && r.text[words[before - 1].end..m.start].trim() == "," && c.role(words[before - 1].text).is_some() {
                    let k = before - 1;
                    let mut f = k;
                    while f > 0 && k - f < MODIFIERS_BEFORE && !words[f - 1].stop && !broken(&r.text, words[f - 1].end, words[f].start) {
                        f -= 1;
                    }
                    found.push((m.entity.clone(), f, k));
                }
                // "… is led by X": the leading word right before the agent word.
                // A title may stand between ("led by General X").
                let before = after(m.start);
                let agent = (before.saturating_sub(3)..before).rev().find(|&j| c.agent(words[j].text));
                if let Some(j) = agent.filter(|&j| j >= 1 && !broken(&r.text, words[j].end, words[before.min(words.len() - 1)].start)) {
                    if c.role(words[j - 1].text).is_some() {
                        found.push((m.entity.clone(), j - 1, j - 1));
                    }
                }
            }
            // "described as leader": a pronoun standing for the person named just before.
            if people(s.start, s.end).next().is_none() && si > 0 {
                let prev = &r.sentences[si - 1];
                if let Some(p) = people(prev.start, prev.end).next() {
                    for (k, w) in words.iter().enumerate() {
                        if !c.pronoun(w.text) {
                            continue;
                        }
                        let link = (k + 1..words.len().min(k + 3)).find(|&j| c.role_link(words[j].text));
                        if let Some((f, rk)) = link.and_then(|j| role_after(r, &words, j + 1, c)) {
                            found.push((p.entity.clone(), f, rk));
                            break;
                        }
                    }
                }
            }
            for (entity, f, k) in found {
                let key = c.role(words[k].text).unwrap_or_default();
                // A passive's office is what stands before its verb ("the brigade is led by").
                let (text, slot) = if c.agent(words.get(k + 1).map_or("", |w| w.text)) {
                    passive_phrase(r, &words, k, key)
                } else {
                    phrase(r, &words, f, k, key)
                };
                out.push(RoleSaid { report: ri, sentence: si, entity, phrase: text, slot });
            }
        }
    }
    out
}

/// The office of a passive ("the coastal brigade is led by"): the content
/// words of the clause before the leading word, as "led: coastal brigade".
fn passive_phrase(r: &Report, words: &[Word], k: usize, key: &str) -> (String, String) {
    let mut from = k;
    while from > 0 && !broken(&r.text, words[from - 1].end, words[from].start) && k - from < COMPLEMENT_WORDS {
        from -= 1;
    }
    let content: Vec<&Word> = words[from..k].iter().filter(|w| !w.stop && w.text.len() > 2).collect();
    let content = &content[content.len().saturating_sub(2)..];
    let mut stems: Vec<u64> = content.iter().map(|w| word_key(w.stem)).collect();
    stems.sort_unstable();
    stems.dedup();
    let slot = format!("{key}:{}", stems.iter().map(|s| format!("{s:x}")).collect::<Vec<_>>().join(","));
    let start = content.first().map_or(words[k].start, |w| w.start);
    let end = words.get(k + 1).map_or(words[k].end, |w| w.end);
    (crate::document::normalise(&r.text[start..end]), slot)
}
