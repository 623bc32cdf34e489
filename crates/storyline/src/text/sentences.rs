//! Sentence splitting.
//!
//! Hand-written rather than `unicode-segmentation`'s UAX #29 splitter: that
//! one breaks after every abbreviation and title ("Dr. Smith"), after
//! initials and German ordinals ("am 27. Juli"), and knows nothing of
//! headlines; undoing its breaks needs the same rules as making them, and a
//! direct byte scan is several times faster. The rules are generic; the
//! words they need (titles, abbreviations, ordinal followers) are the
//! document language's `text.toml`. This module does not identify languages.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or
//! brackets) followed by white space and a word that does not start in lower
//! case; at a blank line; and at a single line break after a line without
//! final punctuation (a headline) unless the next line continues it.

use super::resources::TextResources;
use super::tokens::{Tools, lowercase_into};
use crate::lang::Lang;

/// Characters that close a sentence-final quote or bracket (`."`, `.»`, `?)`).
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '«' | '›' | ')' | ']' | '}'
    )
}

/// Characters a line ends with when the sentence goes on on the next line.
fn is_continuation(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | '-' | '–' | '—' | '&' | '/')
}

/// Characters before a word that are not part of it (`("Gen.`).
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '»' | '‹' | '(' | '[' | '{' | '¿' | '¡'
    )
}

/// Byte ranges of the sentences of `text`, trimmed of white space.
/// `lang` is the document's language: its abbreviation lists apply.
pub(crate) fn split(text: &str, lang: Lang, res: Option<&TextResources>) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 100 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_of_run = match b {
            b'.' | b'!' | b'?' => Some(terminator_run(text, i)),
            0xE2 if text[i..].starts_with('…') => Some(terminator_run(text, i)),
            b'\n' => {
                if let Some(next) = line_break(text, start, i) {
                    push(text, start, i, &mut out);
                    start = next;
                    i = next;
                    continue;
                }
                None
            }
            _ => None,
        };
        let Some(run_end) = end_of_run else {
            i += 1;
            continue;
        };
        // Closing quotes and brackets belong to the ending sentence.
        let mut end = run_end;
        for c in text[run_end..].chars() {
            if !is_closer(c) {
                break;
            }
            end += c.len_utf8();
        }
        let next = skip_space(text, end);
        if next == end && next < text.len() {
            // No white space after: "3.5", "U.S.A", "example.com".
            i = run_end;
            continue;
        }
        if next >= text.len()
            || paragraph_between(text, end, next)
            || ends_here(text, i, run_end, end, next, lang, res)
        {
            push(text, start, end, &mut out);
            start = next;
            i = next;
        } else {
            i = run_end;
        }
    }
    push(text, start, text.len(), &mut out);
    out
}

/// End of a run of terminators starting at `i` ("?!", "...", "…").
fn terminator_run(text: &str, i: usize) -> usize {
    let mut j = i;
    for c in text[i..].chars() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            break;
        }
        j += c.len_utf8();
    }
    j
}

/// First non-white-space byte at or after `i`.
fn skip_space(text: &str, i: usize) -> usize {
    let mut j = i;
    for c in text[i..].chars() {
        if !c.is_whitespace() {
            break;
        }
        j += c.len_utf8();
    }
    j
}

fn paragraph_between(text: &str, from: usize, to: usize) -> bool {
    text[from..to].matches('\n').count() >= 2
}

/// At a line break at `nl`: where the next sentence starts if the break
/// ends the current one (a blank line, or a headline's end), else `None`.
fn line_break(text: &str, start: usize, nl: usize) -> Option<usize> {
    let next = skip_space(text, nl);
    if next >= text.len() {
        return None;
    }
    if paragraph_between(text, nl, next) {
        return Some(next);
    }
    let line = text[start..nl].trim_end();
    // A line ending in final punctuation was judged by the terminator rules.
    let bare = line.trim_end_matches(is_closer);
    if bare.ends_with(['.', '!', '?', '…']) {
        return None;
    }
    let last = line.chars().next_back()?;
    let first = text[next..].chars().next()?;
    if is_continuation(last) || first.is_lowercase() || is_continuation(first) {
        return None;
    }
    Some(next)
}

/// Whether the terminators at `dot..run_end` (closers up to `end`, the next
/// word at `next`) end a sentence. Only a lone period can be an abbreviation.
fn ends_here(
    text: &str,
    dot: usize,
    run_end: usize,
    end: usize,
    next: usize,
    lang: Lang,
    res: Option<&TextResources>,
) -> bool {
    let following = text[next..].chars().next().unwrap_or(' ');
    if following.is_lowercase() {
        return false;
    }
    if run_end - dot != 1 || text.as_bytes()[dot] != b'.' || end != run_end {
        return true;
    }
    let word = word_before(text, dot);
    if word.is_empty() {
        return true;
    }
    let next_word = next_word(text, next);
    // An initial ("J. R. Smith", "M. Dupont") before a capitalised word.
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    if first.is_uppercase() && chars.next().is_none() && following.is_uppercase() {
        return false;
    }
    if let Some(res) = res {
        let lowered_first = lower_first(word);
        let listed = |set: &std::collections::HashSet<String>| {
            set.contains(word) || lowered_first.as_deref().is_some_and(|w| set.contains(w))
        };
        if listed(&res.titles) {
            return false;
        }
        if word.bytes().all(|b| b.is_ascii_digit()) && word.len() <= 3 {
            let mut lower = String::new();
            lowercase_into(next_word, &mut lower);
            if res.ordinal_followers.contains(&lower) {
                return false;
            }
        }
        if listed(&res.enders) {
            return true;
        }
        if listed(&res.abbreviations) {
            return opens_sentence(next_word, lang);
        }
    }
    // Dotted acronyms not listed ("A.B.C"): end only before a sentence opener.
    if is_dotted_acronym(word) {
        return opens_sentence(next_word, lang);
    }
    true
}

/// Whether a word usually opens a sentence: a capitalised stop word ("The", "Il").
fn opens_sentence(word: &str, lang: Lang) -> bool {
    let mut lower = String::new();
    lowercase_into(word, &mut lower);
    Tools::get(lang).is_stop(&lower)
}

/// The word ending at the period at `dot`, back to white space or an opener.
fn word_before(text: &str, dot: usize) -> &str {
    let head = &text[..dot];
    let from = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || is_opener(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[from..]
}

/// The word starting at `i` (letters, digits and inner marks), skipping openers.
fn next_word(text: &str, i: usize) -> &str {
    let rest = &text[i..];
    let rest = rest.trim_start_matches(is_opener);
    let len = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..len]
}

/// `word` with its first letter lower-cased, if that changes it.
fn lower_first(word: &str) -> Option<String> {
    let first = word.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let mut s: String = first.to_lowercase().collect();
    s.push_str(&word[first.len_utf8()..]);
    Some(s)
}

/// Single letters joined by periods: "U.S", "a.m", "J.R".
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.') && word.split('.').all(|part| part.chars().count() == 1)
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let trimmed = piece.trim_start();
    let s = start + (piece.len() - trimmed.len());
    let e = s + trimmed.trim_end().len();
    if e > s {
        out.push((s, e));
    }
}
