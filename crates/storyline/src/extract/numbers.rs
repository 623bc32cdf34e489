//! Numbers: counts and ordinals with the noun they count ("2,400 Danish
//! soldiers", "six engineers", "the fourth strike"), so that sources can be
//! compared on them.
//!
//! Reads the word tokens of each sentence; digits follow the language's
//! thousands separators and decimal mark, number words and scales come from
//! `resources/lang/<code>/numbers.toml`. Numbers inside dates and durations
//! (already tagged as [`Timex`]) are left to the date extractor. It does not
//! parse compound number words ("twenty-five"), fractions, ranges or
//! percentages as such; a number whose noun is not right after it is kept
//! without a noun.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::extract::dates::{Timex, TimexType};
use crate::lang::{self, Lang};
use crate::text::{Sentence, Token};

/// The words a number counts: a byte span and its head noun.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counted {
    pub start: usize,
    pub end: usize,
    /// The words as written ("Danish soldiers").
    pub text: String,
    /// The head noun, lower-cased ("soldiers").
    pub noun: String,
    /// Byte span of the head noun.
    pub noun_start: usize,
    pub noun_end: usize,
}

/// One number found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Number {
    /// Byte range of the number itself ("2,400", "nine", "seventh").
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: f64,
    /// An ordinal ("seventh", "7th") rather than a count.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ordinal: bool,
    /// What it counts, when a noun follows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted: Option<Counted>,
}

#[derive(Debug, Deserialize)]
struct Raw {
    group_separators: Vec<String>,
    decimal_mark: String,
    ordinal_suffixes: Vec<String>,
    cardinals: HashMap<String, f64>,
    ordinals: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    noun: RawNoun,
    #[serde(default)]
    elided: RawElided,
}

/// An ordinal standing for a noun said just before it ("this strike is the
/// seventh"): the words that may link the noun to the ordinal.
#[derive(Debug, Default, Deserialize)]
struct RawElided {
    links: Vec<String>,
    articles: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawNoun {
    head: String,
    skip: Vec<String>,
    stop: Vec<String>,
    modifier_endings: Vec<String>,
    capitalised_modifiers: bool,
}

/// One language's number knowledge.
struct Rules {
    groups: Vec<char>,
    decimal: char,
    ordinal_suffixes: Vec<String>,
    cardinals: HashMap<String, f64>,
    ordinals: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    head_first: bool,
    skip: Vec<String>,
    stop: Vec<String>,
    modifier_endings: Vec<String>,
    capitalised_modifiers: bool,
    links: Vec<String>,
    articles: Vec<String>,
}

impl Rules {
    /// Whether a word reads as a modifier of the counted noun.
    fn modifier(&self, written: &str, lower: &str) -> bool {
        (self.capitalised_modifiers && written.starts_with(char::is_uppercase))
            || self.modifier_endings.iter().any(|e| lower.len() > e.len() + 2 && lower.ends_with(e.as_str()))
    }
}

fn rules(lang: Lang) -> Option<&'static Rules> {
    static ALL: OnceLock<Vec<(Lang, Rules)>> = OnceLock::new();
    ALL.get_or_init(|| {
        lang::load_resources::<Raw>(&crate::per_language!("numbers.toml"), "numbers.toml")
            .into_iter()
            .map(|(l, r)| {
                let first = |s: &str| s.chars().next().unwrap_or(',');
                (
                    l,
                    Rules {
                        groups: r.group_separators.iter().map(|s| first(s)).collect(),
                        decimal: first(&r.decimal_mark),
                        ordinal_suffixes: r.ordinal_suffixes,
                        cardinals: r.cardinals,
                        ordinals: r.ordinals,
                        scales: r.scales,
                        head_first: r.noun.head == "first",
                        skip: r.noun.skip,
                        stop: r.noun.stop,
                        modifier_endings: r.noun.modifier_endings,
                        capitalised_modifiers: r.noun.capitalised_modifiers,
                        links: r.elided.links,
                        articles: r.elided.articles,
                    },
                )
            })
            .collect()
    })
    .iter()
    .find(|(l, _)| *l == lang)
    .map(|(_, r)| r)
}

/// Parses digits written with the language's separators ("2,400", "2,5").
fn parse_digits(word: &str, rules: &Rules) -> Option<f64> {
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut clean = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii_digit() {
            clean.push(c);
        } else if c == rules.decimal {
            clean.push('.');
        } else if rules.groups.contains(&c) {
            continue;
        } else {
            return None;
        }
    }
    clean.parse().ok()
}

/// A digit ordinal such as "7th" or "7:e".
fn parse_ordinal_digits(word: &str, rules: &Rules) -> Option<f64> {
    rules.ordinal_suffixes.iter().find_map(|suf| {
        let digits = word.strip_suffix(suf.as_str())?;
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
    })
}

/// Finds the numbers of a text. `tokens` are the analysis's word tokens,
/// `dates` its temporal expressions (numbers inside them are skipped).
pub fn extract(text: &str, sentences: &[Sentence], tokens: &[Token], dates: &[Timex]) -> Vec<Number> {
    let mut out = Vec::new();
    let in_date = |s: usize, e: usize| {
        dates.iter().any(|d| d.kind != TimexType::Set && d.start < e && s < d.end)
    };
    let mut first = 0;
    for sentence in sentences {
        let Some(rules) = rules(sentence.language) else { continue };
        // Tokens are in text order: the sentence's run starts where the last ended.
        while first < tokens.len() && tokens[first].start < sentence.start {
            first += 1;
        }
        let mut last = first;
        while last < tokens.len() && tokens[last].end <= sentence.end {
            last += 1;
        }
        let toks = &tokens[first..last];
        let mut i = 0;
        while i < toks.len() {
            match number_at(text, toks, i, rules) {
                Some((next, value, ordinal)) => {
                    let (start, end) = (toks[i].start, toks[next - 1].end);
                    if !in_date(start, end) && !glued(text, start, end) {
                        let mut counted = counted_after(text, toks, next, rules);
                        if ordinal && counted.is_none() {
                            counted = counted_before(text, toks, i, rules);
                        }
                        out.push(Number { start, end, text: text[start..end].to_string(), value, ordinal, counted });
                    }
                    i = next;
                }
                None => i += 1,
            }
        }
        first = last;
    }
    out
}

/// Whether a number is part of a hyphenated or otherwise glued word ("G7", "twenty-nine").
fn glued(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_some_and(|c| c == '-' || c.is_alphanumeric()) || after.is_some_and(|c| c == '-' || c.is_alphanumeric())
}

/// A number starting at token `i`: the index after it, its value, and whether it is an ordinal.
fn number_at(text: &str, toks: &[Token], i: usize, rules: &Rules) -> Option<(usize, f64, bool)> {
    let word = text[toks[i].start..toks[i].end].to_lowercase();
    if let Some(v) = parse_ordinal_digits(&word, rules) {
        return Some((i + 1, v, true));
    }
    if let Some(&v) = rules.ordinals.get(&word) {
        return Some((i + 1, v, true));
    }
    let mut value = match parse_digits(&word, rules) {
        Some(v) => v,
        None => *rules.cardinals.get(&word)?,
    };
    let mut next = i + 1;
    // Digit groups written apart ("2 400"): a separator and exactly three digits.
    if word.bytes().all(|b| b.is_ascii_digit()) {
        while next < toks.len() {
            let gap = &text[toks[next - 1].end..toks[next].start];
            let part = &text[toks[next].start..toks[next].end];
            let sep = gap.chars().count() == 1 && gap.chars().all(|c| rules.groups.contains(&c));
            if sep && part.len() == 3 && part.bytes().all(|b| b.is_ascii_digit()) {
                value = value * 1000.0 + part.parse::<f64>().unwrap_or(0.0);
                next += 1;
            } else {
                break;
            }
        }
    }
    // A scale word right after ("1.5 million").
    if next < toks.len() && only_space(&text[toks[next - 1].end..toks[next].start]) {
        let w = text[toks[next].start..toks[next].end].to_lowercase();
        if let Some(&scale) = rules.scales.get(&w) {
            if scale > value || value.fract() != 0.0 || scale >= 1000.0 {
                value *= scale;
                next += 1;
            }
        }
    }
    Some((next, value, false))
}

fn only_space(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(char::is_whitespace)
}

/// The noun phrase right after a number: one content word, or two when
/// one of them reads as a modifier; the head is the last word (or the
/// first, as the language says).
fn counted_after(text: &str, toks: &[Token], mut j: usize, rules: &Rules) -> Option<Counted> {
    let mut words: Vec<&Token> = Vec::new();
    let mut skipped = 0;
    while j < toks.len() && words.len() < 2 {
        if !only_space(&text[toks[j - 1].end..toks[j].start]) {
            break;
        }
        let written = &text[toks[j].start..toks[j].end];
        let w = written.to_lowercase();
        if words.is_empty() && skipped < 1 && rules.skip.contains(&w) {
            skipped += 1;
            j += 1;
            continue;
        }
        let numeric = w.chars().any(|c| c.is_ascii_digit());
        if toks[j].stop || numeric || rules.stop.contains(&w) || rules.cardinals.contains_key(&w) {
            break;
        }
        // The second word joins only through a modifier: before the noun
        // ("Danish soldiers") or after it ("soldats danois").
        if let Some(prev) = words.first() {
            let prev_written = &text[prev.start..prev.end];
            let joins = if rules.head_first {
                rules.modifier(written, &w)
            } else {
                rules.modifier(prev_written, &prev_written.to_lowercase())
            };
            if !joins {
                break;
            }
        }
        words.push(&toks[j]);
        j += 1;
    }
    let (first, last) = (words.first()?, words.last()?);
    let head = if rules.head_first { first } else { last };
    Some(Counted {
        start: first.start,
        end: last.end,
        text: text[first.start..last.end].to_string(),
        noun: text[head.start..head.end].to_lowercase(),
        noun_start: head.start,
        noun_end: head.end,
    })
}

/// The noun an ordinal without one of its own stands for: the word before a
/// link ("this strike *is* the seventh", "ce scrutin *est* le troisième"),
/// the link itself right before the ordinal or its article.
fn counted_before(text: &str, toks: &[Token], i: usize, rules: &Rules) -> Option<Counted> {
    let lower = |k: usize| text[toks[k].start..toks[k].end].to_lowercase();
    let mut k = i.checked_sub(1)?;
    if rules.articles.contains(&lower(k)) {
        k = k.checked_sub(1)?;
    }
    if !rules.links.contains(&lower(k)) {
        return None;
    }
    let n = k.checked_sub(1)?;
    let w = lower(n);
    let glued = !only_space(&text[toks[n].end..toks[k].start]);
    if glued || toks[n].stop || w.chars().any(|c| !c.is_alphabetic()) || rules.cardinals.contains_key(&w) || rules.stop.contains(&w) {
        return None;
    }
    let t = &toks[n];
    Some(Counted { start: t.start, end: t.end, text: text[t.start..t.end].to_string(), noun: w, noun_start: t.start, noun_end: t.end })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyzeOptions, analyze};

    fn numbers(text: &str, lang: Lang) -> Vec<Number> {
        let a = analyze(text, &AnalyzeOptions { language: Some(lang), published: None });
        a.numbers
    }

    #[test]
    fn english_counts_and_ordinals_with_their_nouns() {
        let n = numbers(
            "About 2,400 Danish soldiers are based there. The spokesman sat with nine other engineers. It is the seventh strike this year, after 2.5 million people marched.",
            Lang::EN,
        );
        let got: Vec<(f64, bool, Option<&str>)> =
            n.iter().map(|n| (n.value, n.ordinal, n.counted.as_ref().map(|c| c.noun.as_str()))).collect();
        assert_eq!(
            got,
            vec![(2400.0, false, Some("soldiers")), (9.0, false, Some("engineers")), (7.0, true, Some("strike")), (2_500_000.0, false, Some("people"))]
        );
        let c = n[0].counted.as_ref().unwrap();
        assert_eq!(c.text, "Danish soldiers");
        assert_eq!(&"About 2,400 Danish soldiers"[n[0].start..n[0].end], "2,400");
    }

    #[test]
    fn swedish_spaced_thousands_and_words() {
        let text = "Omkring 2 400 danska soldater finns i landet. Nio ingenjörer greps på måndagen.";
        let n = numbers(text, Lang::SV);
        assert_eq!(n.len(), 2, "{n:?}");
        assert_eq!(n[0].value, 2400.0);
        assert_eq!(&text[n[0].start..n[0].end], "2 400");
        assert_eq!(n[0].counted.as_ref().unwrap().noun, "soldater");
        assert_eq!(n[1].value, 9.0);
        assert_eq!(n[1].counted.as_ref().unwrap().noun, "ingenjörer");
    }

    #[test]
    fn numbers_inside_dates_are_left_out() {
        let n = numbers("On 12 March 2024, twelve ministers resigned after 20 years in office.", Lang::EN);
        let values: Vec<f64> = n.iter().map(|n| n.value).collect();
        assert_eq!(values, vec![12.0], "{n:?}");
        assert_eq!(n[0].counted.as_ref().unwrap().noun, "ministers");
    }

    #[test]
    fn an_ordinal_without_a_noun_counts_the_noun_before_its_link() {
        let cases = [
            ("The dockers' strike marks the seventh in the port this decade.", Lang::EN, "strike"),
            ("Cette grève est la septième dans le port cette année.", Lang::FR, "grève"),
            ("Strejken är den sjunde i hamnen på tio år.", Lang::SV, "strejken"),
            ("Der Streik ist der siebte im Hafen seit Jahren.", Lang::DE, "streik"),
            ("La huelga es la séptima en el puerto este año.", Lang::ES, "huelga"),
        ];
        for (text, lang, noun) in cases {
            let n = numbers(text, lang);
            let seventh = n.iter().find(|n| n.ordinal).unwrap_or_else(|| panic!("{text}: {n:?}"));
            assert_eq!(seventh.value, 7.0, "{text}");
            assert_eq!(seventh.counted.as_ref().map(|c| c.noun.as_str()), Some(noun), "{text}");
        }
        // No link, no noun: "seventh in line" counts nothing said before.
        let n = numbers("Their team finished seventh in the league.", Lang::EN);
        assert!(n.iter().all(|n| n.counted.is_none()), "{n:?}");
    }

    #[test]
    fn ordinal_words_of_every_language_are_read() {
        for (text, lang, value) in [
            ("It was the fifteenth ballot of the assembly.", Lang::EN, 15.0),
            ("C'est le onzième scrutin de l'assemblée.", Lang::FR, 11.0),
            ("Es war der zwölfte Wahlgang der Versammlung.", Lang::DE, 12.0),
            ("Fue la undécima votación de la asamblea.", Lang::ES, 11.0),
            ("Det var den fjortonde omröstningen i församlingen.", Lang::SV, 14.0),
        ] {
            let n = numbers(text, lang);
            assert!(n.iter().any(|n| n.ordinal && n.value == value && n.counted.is_some()), "{text}: {n:?}");
        }
    }
}
