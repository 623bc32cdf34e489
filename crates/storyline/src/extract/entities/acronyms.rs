//! Acronyms defined in the text: "the National Council for Renewal (NCR)"
//! links "NCR" to its long form, found with the Schwartz–Hearst (2003)
//! letter-matching algorithm (language-independent: it works backwards from
//! the acronym's letters through the preceding words).
//!
//! The long form and every later use of the acronym become mentions of one
//! type: the tagger's type for the long form or the acronym, else ORG
//! (defined acronyms in news overwhelmingly name organisations).

use super::Acronym;
use crate::extract::{EntityMention, EntityType};

/// Whether a word looks like an acronym: 2–10 letters or digits, at least
/// two capitals, starting with one.
fn looks_like_acronym(w: &str) -> bool {
    let n = w.chars().count();
    (2..=10).contains(&n)
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().filter(|c| c.is_uppercase()).count() >= 2
        && w.chars().all(char::is_alphanumeric)
}

/// Schwartz–Hearst: the start (a char index into `long`) of the shortest
/// suffix of `long` whose letters spell `short` in order, the first letter
/// at a word start.
fn long_form_start(short: &[char], long: &[char]) -> Option<usize> {
    let mut l = long.len() as isize - 1;
    let mut s = short.len() as isize - 1;
    while s >= 0 {
        let c = short[s as usize].to_lowercase().next()?;
        if !c.is_alphanumeric() {
            s -= 1;
            continue;
        }
        while l >= 0
            && (long[l as usize].to_lowercase().next() != Some(c)
                || (s == 0 && l > 0 && long[l as usize - 1].is_alphanumeric()))
        {
            l -= 1;
        }
        if l < 0 {
            return None;
        }
        l -= 1;
        s -= 1;
    }
    let l = (l + 1) as usize;
    // Back to the start of the word holding the first matched letter.
    let mut start = l;
    while start > 0 && long[start - 1].is_alphanumeric() {
        start -= 1;
    }
    Some(start)
}

/// Finds acronym definitions in the tokens of each sentence, fixes the
/// mentions of their long forms and uses, and returns the definitions.
pub fn find(text: &str, sentences: &[Vec<(usize, usize)>], mentions: &mut Vec<EntityMention>) -> Vec<Acronym> {
    let mut found = Vec::new();
    for spans in sentences {
        for k in 1..spans.len().saturating_sub(1) {
            let (a, b) = spans[k];
            let short = &text[a..b];
            if &text[spans[k - 1].0..spans[k - 1].1] != "(" || &text[spans[k + 1].0..spans[k + 1].1] != ")" || !looks_like_acronym(short) {
                continue;
            }
            let letters = short.chars().count();
            let max_words = (letters + 5).min(letters * 2);
            let first_tok = (k - 1).saturating_sub(max_words);
            let window_start = spans[first_tok].0;
            let window_end = spans[k - 1].0;
            let window = &text[window_start..window_end];
            let chars: Vec<(usize, char)> = window.char_indices().collect();
            let plain: Vec<char> = chars.iter().map(|c| c.1).collect();
            let short_chars: Vec<char> = short.chars().collect();
            let long_end = window_start + window.trim_end().len();
            // An acronym of another language ("the National Council for the
            // Safeguard of the Homeland (CNSP)", translated from French) spells
            // no letters of its long form: a name of two or more words right
            // before the parentheses, not a person's, is the long form then.
            let named_before = || {
                mentions
                    .iter()
                    .filter(|m| m.end == long_end && m.kind != EntityType::Person && m.text.split_whitespace().count() >= 2)
                    .map(|m| m.start)
                    .min()
            };
            let long_start = match long_form_start(&short_chars, &plain) {
                Some(ci) => window_start + chars[ci].0,
                None => match named_before() {
                    Some(start) => start,
                    None => continue,
                },
            };
            let long = &text[long_start..long_end];
            // The long form must hold more words than a single one and start a token.
            if long.split_whitespace().count() < 2 || !spans.iter().any(|s| s.0 == long_start) {
                continue;
            }
            found.push(Acronym {
                start: a,
                end: b,
                text: short.to_string(),
                expansion_start: long_start,
                expansion_end: long_end,
                expansion: long.to_string(),
            });
        }
    }
    for acr in &found {
        let kind = mentions
            .iter()
            .filter(|m| (m.start < acr.expansion_end && acr.expansion_start < m.end) || (m.start == acr.start && m.end == acr.end))
            .max_by_key(|m| m.end - m.start)
            .map_or(EntityType::Organisation, |m| m.kind);
        // The long form becomes one mention, replacing the pieces the tagger found.
        mentions.retain(|m| !(m.start < acr.expansion_end && acr.expansion_start < m.end && m.kind != EntityType::Person));
        if !mentions.iter().any(|m| m.start < acr.expansion_end && acr.expansion_start < m.end) {
            mentions.push(EntityMention {
                start: acr.expansion_start,
                end: acr.expansion_end,
                text: acr.expansion.clone(),
                kind,
                role: None,
            });
        }
        // Every use of the acronym, the definition included.
        for s in sentences {
            for &(a, b) in s {
                if text[a..b] == acr.text && !mentions.iter().any(|m| m.start < b && a < m.end) {
                    mentions.push(EntityMention { start: a, end: b, text: acr.text.clone(), kind, role: None });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schwartz_hearst_finds_the_long_form() {
        let long: Vec<char> = "on Monday the National Council for Renewal".chars().collect();
        let start = long_form_start(&['N', 'C', 'R'], &long).unwrap();
        assert_eq!(long[start..].iter().collect::<String>(), "National Council for Renewal");
        let fr: Vec<char> = "selon le Conseil national pour la défense des rivières".chars().collect();
        let start = long_form_start(&"CNDR".chars().collect::<Vec<_>>(), &fr).unwrap();
        assert_eq!(fr[start..].iter().collect::<String>(), "Conseil national pour la défense des rivières");
        assert!(long_form_start(&['X', 'Q'], &long).is_none());
    }

    #[test]
    fn a_translated_acronym_is_defined_by_the_name_before_it() {
        let text = "Backers of the Council for the Defence of the Valley (CDVR) marched. CDVR leaders spoke.";
        let tokens = vec![super::super::tokenize::tokenize(text, 0, text.len())];
        let long = "Council for the Defence of the Valley";
        let start = text.find(long).unwrap();
        let mut mentions =
            vec![EntityMention { start, end: start + long.len(), text: long.into(), kind: EntityType::Organisation, role: None }];
        let found = find(text, &tokens, &mut mentions);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].expansion, long);
        assert_eq!(mentions.iter().filter(|m| m.text == "CDVR" && m.kind == EntityType::Organisation).count(), 2);
        // Without a name before it, nothing is defined.
        let text = "Prices rose (CDVR) again.";
        let tokens = vec![super::super::tokenize::tokenize(text, 0, text.len())];
        assert!(find(text, &tokens, &mut Vec::new()).is_empty());
    }
}
