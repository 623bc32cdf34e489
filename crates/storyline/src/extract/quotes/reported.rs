//! Reported (indirect) speech: a speech verb followed, within a few words, by
//! a complementiser ("said that", "told reporters that", "sade att",
//! "a déclaré que", "sagte, dass", "dijo que"), or in languages that mark it,
//! by a comma and a subjunctive clause ("sagte, er sei krank"). The content
//! runs from after the complementiser to the end of the sentence.
//!
//! It does not find reported speech without a speech verb ("X wants Y").

use super::attrib::cue_at;
use super::rules::Rules;
use super::scan::{Tok, is_terminal};

/// A reported-speech candidate: the cue's token range and the content's bytes.
#[derive(Debug, Clone)]
pub struct Reported {
    pub cue: (usize, usize),
    pub start: usize,
    pub end: usize,
    pub rules: &'static Rules,
}

/// Finds the content clause after a cue at token `k` (phrase length `n`).
pub fn content_after(text: &str, toks: &[Tok], k: usize, n: usize, hi: usize, r: &'static Rules) -> Option<Reported> {
    let cue_key = toks[k..k + n].iter().map(|t| t.key.as_str()).collect::<Vec<_>>().join(" ");
    if r.no_content.contains(&cue_key) {
        return None;
    }
    let limit = hi.min(k + n + 9);
    let mut j = k + n;
    let mut start = None;
    while j < limit {
        let t = &toks[j];
        if t.is_word() {
            if r.complementisers.contains(&t.key) {
                if j > 0 && r.not_after.contains(&toks[j - 1].key) {
                    return None;
                }
                start = Some(t.end);
                break;
            }
            if cue_at(toks, j, hi, r).is_some() {
                return None;
            }
        } else if t.key == "," {
            // "sagte (ihm), er sei": a subjunctive within four words after a
            // comma close to the cue.
            if j <= k + n + 3 && !r.reported_markers.is_empty() {
                let window = (j + 1..hi.min(j + 5)).take_while(|&m| toks[m].is_word());
                if window.clone().any(|m| r.reported_markers.contains(&toks[m].key)) {
                    start = Some(t.end);
                    break;
                }
            }
        } else {
            return None;
        }
        j += 1;
    }
    let start = start?;
    let end = clause_end(text, start);
    let words = toks[j + 1..].iter().take_while(|t| t.start < end).filter(|t| t.is_word()).count();
    (words >= 2).then(|| {
        let (s, e) = super::scan::trim(text, start, end);
        Reported { cue: (k, k + n), start: s, end: e, rules: r }
    })
}

/// The end of the sentence holding `from`: a terminal mark followed by a
/// space and a capital, or the end of the paragraph. Closing quote marks
/// right after the terminal belong to the clause.
fn clause_end(text: &str, from: usize) -> usize {
    for (k, c) in text[from..].char_indices() {
        let at = from + k;
        if c == '\n' {
            return at;
        }
        if is_terminal(c) {
            let rest = &text[at + c.len_utf8()..];
            let mut after = rest.chars();
            let mut n = after.next();
            // Skip closing marks and further terminal marks.
            let mut extra = 0;
            while let Some(x) = n {
                if x.is_alphanumeric() || x.is_whitespace() {
                    break;
                }
                extra += x.len_utf8();
                n = after.next();
            }
            match n {
                None => return at,
                Some(x) if x.is_whitespace() => {
                    let next_word = rest[extra..].trim_start().chars().next();
                    if next_word.is_none_or(|w| w.is_uppercase() || !w.is_alphanumeric()) {
                        return at;
                    }
                }
                _ => {}
            }
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_ends_at_sentence_end_not_at_abbreviation_inside() {
        let t = "the talks failed, e.g. on water. Then rain.";
        assert_eq!(&t[..clause_end(t, 0)], "the talks failed, e.g. on water");
    }
}
