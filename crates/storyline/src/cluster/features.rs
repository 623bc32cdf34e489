//! Features of one article for clustering: proper names, numbers and
//! dates mentioned, stems, title words and a MinHash signature of its word shingles.
//!
//! Names are the cross-lingual signal. Where the resolver linked a mention,
//! its entity id counts as a name too ([`extract_resolved`]), which joins
//! translated forms and given-name variants. A spelled name is written (nearly) the same
//! way in every language, so its key is the lower-cased, ASCII-folded word
//! cut to [`NAME_PREFIX`] characters, which also joins inflected forms
//! ("Velorias", "Teravien") to their base. Stems are per language (keyed with
//! the language code), so they only compare within one language. This
//! module extracts raw counts; weighting (TF-IDF) is done by the clusterer,
//! which knows the corpus statistics.

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use crate::analysis::Analysis;
use crate::document::Document;
use crate::resolve::ResolvedMention;

use super::minhash;

/// Characters of a folded name kept in its key: long enough to tell names
/// apart, short enough to join inflections across languages.
pub const NAME_PREFIX: usize = 5;

/// Raw features of one article: `(key, count)` pairs sorted by key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Features {
    /// Language code of the article; stems compare only within it.
    pub lang: String,
    pub names: Vec<(u64, u32)>,
    /// Resolved entities the article mentions (keyed by entity id): unlike
    /// spelled names they join translated and inflected forms ("Frankrike",
    /// "France") and given-name variants, so they carry across languages.
    /// They share the names channel, beside the spelled names of the same words.
    #[serde(default)]
    pub entities: Vec<(u64, u32)>,
    pub terms: Vec<(u64, u32)>,
    pub numbers: Vec<(u64, u32)>,
    pub title: Vec<(u64, u32)>,
    /// Full calendar dates the article mentions (from the date tagger),
    /// sorted; their keys also join the numbers channel.
    #[serde(default)]
    pub mentioned: Vec<jiff::civil::Date>,
    /// Month and day of dates mentioned without a year (`XXXX-03-18`, as
    /// the tagger leaves them without a publication date), sorted.
    #[serde(default)]
    pub month_days: Vec<(i8, i8)>,
    /// MinHash signature of the article's word shingles.
    pub minhash: Vec<u32>,
    /// Days the lead of the article reports, with weights: what its main
    /// event date is drawn from (see [`lead_days`]).
    #[serde(default)]
    pub lead_days: Vec<(Day, f32)>,
}

/// A day an article mentions, as far as the date tagger could resolve it.
/// Without a publication date, relative days stay a weekday or a month and
/// day; the clusterer places them near the story's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Day {
    Date(jiff::civil::Date),
    /// Month and day without a year.
    MonthDay(i8, i8),
    /// ISO weekday (1 Monday .. 7 Sunday) without a week.
    Weekday(i8),
}

/// Sentences of an article whose dates count toward its main event date.
/// News puts what happened, and when, first: later sentences give
/// background (the rain since Friday, the last strike in 2019).
pub const LEAD_SENTENCES: usize = 4;

/// Weight of a day mentioned `s` sentences after the lead's first dated one: 1, 1/4, 1/9, 1/16,
/// so the first sentence decides unless it names no day.
fn lead_weight(s: usize) -> f32 {
    1.0 / ((1 + s) * (1 + s)) as f32
}

/// The days an article's lead mentions (TimeML values of the date tagger:
/// `2025-03-14`, `2025-03-14TEV`, `XXXX-03-14`, `XXXX-WXX-5`), each with the
/// weight of its sentence, summed per day and sorted by day. Weeks, months,
/// years and durations are too coarse to date an event and are left out.
pub fn lead_days(analysis: &Analysis) -> Vec<(Day, f32)> {
    let mut out: Vec<(Day, f32)> = Vec::new();
    // Lead sentences are weighted from the first one that names a day: a
    // lead may open without one ("The vote will be partly recounted.") and
    // date it in the next sentence.
    let mut first = None;
    for t in &analysis.dates {
        if t.kind != crate::extract::dates::TimexType::Date {
            continue;
        }
        let Some(s) = analysis.sentences.iter().position(|s| t.start < s.end) else { continue };
        let Some(day) = parse_day(&t.value) else { continue };
        if s >= LEAD_SENTENCES {
            continue;
        }
        let w = lead_weight(s - *first.get_or_insert(s));
        match out.iter_mut().find(|(d, _)| *d == day) {
            Some((_, x)) => *x += w,
            None => out.push((day, w)),
        }
    }
    out.sort_by_key(|a| a.0);
    out
}

fn parse_day(value: &str) -> Option<Day> {
    let head = value.get(..10).unwrap_or(value);
    if let Ok(d) = head.parse() {
        return Some(Day::Date(d));
    }
    if let Some(rest) = value.strip_prefix("XXXX-WXX-") {
        let n: i8 = rest.get(..1)?.parse().ok()?;
        return (1..=7).contains(&n).then_some(Day::Weekday(n));
    }
    let rest = value.strip_prefix("XXXX-")?;
    let (m, d) = (rest.get(..2)?.parse().ok()?, rest.get(3..5)?.parse().ok()?);
    (rest.as_bytes().get(2) == Some(&b'-')).then_some(Day::MonthDay(m, d))
}

impl Features {
    /// Every key of the article, for document frequencies.
    pub fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        let all = [&self.names, &self.entities, &self.terms, &self.numbers, &self.title];
        all.into_iter().flatten().map(|p| p.0)
    }
}

#[derive(serde::Deserialize)]
struct Resources {
    capitalised_nouns: bool,
}

/// Whether a language capitalises common nouns (`resources/lang/<code>/cluster.toml`).
/// Its capitalised words count as names only once seen as names in another
/// language (see the clusterer).
pub fn capitalises_nouns(code: &str) -> bool {
    static R: std::sync::OnceLock<Vec<(crate::Lang, Resources)>> = std::sync::OnceLock::new();
    R.get_or_init(|| crate::lang::load_resources(&crate::per_language!("cluster.toml"), "cluster.toml"))
        .iter()
        .any(|(l, r)| l.code() == code && r.capitalised_nouns)
}

/// Key of a name: ASCII-folded, lower-cased, cut to [`NAME_PREFIX`] chars.
pub fn name_key(word: &str) -> String {
    let folded = if word.is_ascii() { std::borrow::Cow::Borrowed(word) } else { deunicode::deunicode(word).into() };
    folded.chars().filter(|c| c.is_alphanumeric()).take(NAME_PREFIX).flat_map(char::to_lowercase).collect()
}

/// Hash of a feature in one namespace (`prefix`: p names, n numbers, d
/// dates, t title words, a language code for stems).
fn hash(prefix: &str, s: &str) -> u64 {
    xxh3_64_with_seed(s.as_bytes(), xxh3_64(prefix.as_bytes()))
}

/// Each distinct key of `keys` with how often it occurs, in key order.
pub(super) fn counted<T: Ord + Copy>(mut keys: Vec<T>) -> Vec<(T, u32)> {
    keys.sort_unstable();
    let mut out: Vec<(T, u32)> = Vec::new();
    for k in keys {
        match out.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}

/// [`counted`] for the counts an article keeps for the whole run: without
/// spare capacity.
fn kept(keys: Vec<u64>) -> Vec<(u64, u32)> {
    let mut out = counted(keys);
    out.shrink_to_fit();
    out
}

fn is_number(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        && word.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '\u{a0}' | ' '))
}

/// Extracts the features of one analysed article.
pub fn extract(doc: &Document, analysis: &Analysis) -> Features {
    extract_resolved(doc, analysis, &[])
}

/// [`extract`], with the article's mentions resolved to entities: those
/// count as entity keys instead of spelled names.
pub fn extract_resolved(doc: &Document, analysis: &Analysis, resolved: &[ResolvedMention]) -> Features {
    let text = &doc.text;
    let lang = analysis.language.code().to_string();

    // Which tokens open a sentence: their capital says nothing about names.
    let mut first_of_sentence = vec![false; analysis.tokens.len()];
    let mut s = 0;
    let mut seen_in_sentence = false;
    for (i, t) in analysis.tokens.iter().enumerate() {
        while s < analysis.sentences.len() && analysis.sentences[s].end <= t.start {
            s += 1;
            seen_in_sentence = false;
        }
        if !seen_in_sentence {
            first_of_sentence[i] = true;
            seen_in_sentence = true;
        }
    }

    let mut names = Vec::new();
    let mut initial_caps = Vec::new();
    let mut terms = Vec::new();
    let mut numbers = Vec::new();
    let mut shingle_words = Vec::new();
    for (i, t) in analysis.tokens.iter().enumerate() {
        let word = &text[t.start..t.end];
        if is_number(word) {
            let digits: String = word.chars().filter(|c| c.is_ascii_digit()).collect();
            if digits.len() >= 2 {
                numbers.push(hash("n", &digits));
            }
            shingle_words.push(digits);
            continue;
        }
        shingle_words.push(t.stem.clone());
        if t.stop {
            continue;
        }
        // Words of resolved mentions count as spelled names too: where the
        // resolver made two entities of one name written two ways ("Lena"
        // and "Helena Ostrava", "Teravia" and "Téravie"), the folded
        // spelling still joins them. Without it a report in a new language
        // naming the same people lost most of what it shared with its story.
        if word.chars().next().is_some_and(char::is_uppercase) {
            let key = name_key(word);
            if key.chars().count() >= 2 {
                if first_of_sentence[i] {
                    initial_caps.push(key);
                } else {
                    names.push(key);
                }
            }
        }
        if t.stem.chars().count() >= 3 {
            terms.push(hash(&lang, &t.stem));
        }
    }
    // A sentence-initial capital counts as a name when the same name also
    // appears inside a sentence.
    let inner: std::collections::HashSet<&String> = names.iter().collect();
    let extra: Vec<String> = initial_caps.into_iter().filter(|k| inner.contains(k)).collect();
    let names = kept(names.iter().chain(extra.iter()).map(|k| hash("p", k)).collect());

    let title = doc
        .title
        .as_deref()
        .map(|t| {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 4)
                .map(|w| hash("t", &name_key(w)))
                .collect()
        })
        .unwrap_or_default();

    let mut mentioned: Vec<jiff::civil::Date> = analysis
        .dates
        .iter()
        .filter(|t| t.kind == crate::extract::dates::TimexType::Date && t.value.len() == 10)
        .filter_map(|t| t.value.parse().ok())
        .collect();
    mentioned.sort();
    mentioned.dedup();
    numbers.extend(mentioned.iter().map(|d| hash("d", &d.to_string())));
    let mut month_days: Vec<(i8, i8)> = analysis
        .dates
        .iter()
        .filter(|t| t.kind == crate::extract::dates::TimexType::Date)
        .filter_map(|t| {
            let rest = t.value.strip_prefix("XXXX-")?;
            let (m, d) = rest.split_once('-')?;
            Some((m.parse().ok()?, d.parse().ok()?))
        })
        .collect();
    month_days.sort();
    month_days.dedup();

    let entities = kept(resolved.iter().map(|m| hash("e", &m.entity)).collect());
    Features {
        lang,
        names,
        entities,
        terms: kept(terms),
        numbers: kept(numbers),
        mentioned,
        month_days,
        title: kept(title),
        minhash: minhash::signature(&shingle_words),
        lead_days: lead_days(analysis),
    }
}
