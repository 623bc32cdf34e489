//! The reports of one story, loaded once for every part of the view: text,
//! analysis, resolved mentions, and per-sentence features (content stems,
//! entities, numbers) that the timeline, summary, speakers and claims compare.
//!
//! Comparison is language-neutral: entities are resolved ids (the same across
//! languages), numbers are values, and words are stems cut to their first
//! five folded letters, which also matches many cognates across languages
//! ("president"/"presid", "démocratie"/"democracy"). No translation is done.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use super::{Citation, Source, StoryError};
use crate::analysis::Analysis;
use crate::document::DocId;
use crate::extract::dates::{self, TimexType};
use crate::extract::numbers;
use crate::lang::Lang;
use crate::resolve::ResolvedMention;
use crate::store::{Store, StoredDocument};
use crate::text;

/// Letters of a stem kept as its comparison key.
const KEY_LETTERS: usize = 5;

/// Comparable features of a span of text. Each list is sorted and deduplicated.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    pub words: Vec<u64>,
    pub entities: Vec<u64>,
    pub numbers: Vec<u64>,
    /// The weight with the story's common features halved, once known (see [`apply_common`]).
    pub common_weight: Option<f32>,
}

/// Weights of shared features: a shared name or number says more than a shared word.
const ENTITY_WEIGHT: f32 = 2.0;
const NUMBER_WEIGHT: f32 = 2.0;

/// Features found in most of a story's reports ("the coup", its main
/// actor): they tell little about which happening a sentence tells, so
/// comparisons count them at half weight.
pub(crate) type Common = HashSet<u64>;

/// Weight of a feature of kind `unit`, halved when marked common (and `common` given).
/// A feature's common mark: its lowest bit, set by [`apply_common`] (every
/// key is made with that bit clear), so a comparison needs no set lookup.
const COMMON_BIT: u64 = 1;

/// The key of a feature, its common bit clear.
pub(crate) fn key(bytes: &[u8]) -> u64 {
    xxh3_64(bytes) & !COMMON_BIT
}

fn weight_of(f: u64, unit: f32, common: Option<&Common>) -> f32 {
    if common.is_some() && f & COMMON_BIT != 0 { unit * 0.5 } else { unit }
}

/// Shared items of two sorted lists: how many, and their weight.
fn shared(a: &[u64], b: &[u64], unit: f32, common: Option<&Common>) -> (usize, f32) {
    let (mut i, mut j, mut n, mut w) = (0, 0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                w += weight_of(a[i], unit, common);
                i += 1;
                j += 1;
            }
        }
    }
    (n, w)
}

/// How much two spans share.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Overlap {
    /// Weighted shared features.
    pub shared: f32,
    /// Shared words only.
    pub words: usize,
    /// `shared` over the smaller side's total weight.
    pub ratio: f32,
}

impl Features {
    /// Total weight, common features halved.
    pub fn weight_in(&self, common: Option<&Common>) -> f32 {
        let sum = |v: &[u64], unit: f32| v.iter().map(|&f| weight_of(f, unit, common)).sum::<f32>();
        sum(&self.words, 1.0) + sum(&self.entities, ENTITY_WEIGHT) + sum(&self.numbers, NUMBER_WEIGHT)
    }

    pub fn weight(&self) -> f32 {
        self.weight_in(None)
    }

    /// What two spans share, every feature at full weight.
    pub fn overlap(&self, other: &Features) -> Overlap {
        self.overlap_in(other, None)
    }

    /// What two spans share, the story's common features at half weight.
    pub fn overlap_in(&self, other: &Features, common: Option<&Common>) -> Overlap {
        let (words, w) = shared(&self.words, &other.words, 1.0, common);
        let (_, e) = shared(&self.entities, &other.entities, ENTITY_WEIGHT, common);
        let (_, n) = shared(&self.numbers, &other.numbers, NUMBER_WEIGHT, common);
        let value = w + e + n;
        let weight = |f: &Features| match (common, f.common_weight) {
            (Some(_), Some(w)) => w,
            _ => f.weight_in(common),
        };
        let least = weight(self).min(weight(other));
        Overlap { shared: value, words, ratio: if least > 0.0 { value / least } else { 0.0 } }
    }

    fn finish(mut self) -> Features {
        for v in [&mut self.words, &mut self.entities, &mut self.numbers] {
            v.sort_unstable();
            v.dedup();
        }
        self
    }
}

/// Caches every sentence's weight under the story's common features.
/// Marks the common features of every sentence and caches its weight.
pub(crate) fn apply_common(reports: &mut [Report], common: &Common) {
    for r in reports {
        for s in &mut r.sentences {
            let f = &mut s.features;
            for v in [&mut f.words, &mut f.entities, &mut f.numbers] {
                for x in v.iter_mut() {
                    if common.contains(x) {
                        *x |= COMMON_BIT;
                    }
                }
                v.sort_unstable();
            }
            f.common_weight = Some(f.weight_in(Some(common)));
        }
    }
}

/// The features found in at least 60% of the story's independent reports
/// (none when there are fewer than four outlets).
pub(crate) fn common(reports: &[Report]) -> Common {
    let mut seen: HashMap<u64, HashSet<&str>> = HashMap::new();
    for r in reports {
        for s in &r.sentences {
            let f = &s.features;
            for &x in f.words.iter().chain(&f.entities).chain(&f.numbers) {
                seen.entry(x).or_default().insert(&r.root);
            }
        }
    }
    // Between two or three outlets everything shared would be "common".
    let roots = independent(reports, 0..reports.len());
    if roots < 4 {
        return Common::new();
    }
    seen.into_iter().filter(|(_, r)| r.len() * 5 >= roots * 3).map(|(f, _)| f).collect()
}

/// One sentence of a report, with its features.
#[derive(Debug, Clone)]
pub(crate) struct SentenceInfo {
    pub start: usize,
    pub end: usize,
    pub lang: Lang,
    /// Whether a line break separates it from the sentence before.
    pub new_paragraph: bool,
    pub features: Features,
}

/// One report of the story, ready for comparison.
pub(crate) struct Report {
    pub source: Source,
    pub text: String,
    pub analysis: Analysis,
    pub mentions: Vec<ResolvedMention>,
    pub sentences: Vec<SentenceInfo>,
    /// What independence is judged on: the outlet of the report this one
    /// rewrites, else its own outlet.
    pub root: String,
    /// Each token's comparison key (see `compute_word_keys`).
    word_keys: Vec<Option<u64>>,
    /// The day relative dates were resolved against: the publication date,
    /// else the estimate refined by [`refine_anchor`].
    pub anchor: Option<Date>,
}

impl Report {
    pub fn citation(&self, start: usize, end: usize, lang: Lang) -> Citation {
        Citation { doc: self.source.doc.clone(), start, end, language: lang }
    }

    /// The report's day: published, else estimated.
    pub fn date(&self) -> Option<Date> {
        self.anchor
    }

    /// The entity id of the resolved mention covering `start..end`, if any.
    pub fn entity_at(&self, start: usize, end: usize) -> Option<&ResolvedMention> {
        self.mentions.iter().find(|m| m.start < end && start < m.end)
    }

    /// Features of any span of this report.
    pub fn features(&self, start: usize, end: usize) -> Features {
        let mut f = Features::default();
        let first = self.analysis.tokens.partition_point(|t| t.start < start);
        let last = first + self.analysis.tokens[first..].partition_point(|t| t.end <= end);
        f.words.extend(self.word_keys[first..last].iter().flatten());
        if self.mentions.is_empty() {
            let ents = &self.analysis.entities;
            let i = ents.partition_point(|m| m.start < start);
            for m in ents[i..].iter().take_while(|m| m.start < end).filter(|m| m.end <= end) {
                f.entities.push(key(format!("t:{}", fold(&m.text)).as_bytes()));
            }
        } else {
            let i = self.mentions.partition_point(|m| m.start < start);
            for m in self.mentions[i..].iter().take_while(|m| m.start < end).filter(|m| m.end <= end) {
                f.entities.push(key(m.entity.as_bytes()));
            }
        }
        let nums = &self.analysis.numbers;
        let i = nums.partition_point(|n| n.start < start);
        for n in nums[i..].iter().take_while(|n| n.start < end).filter(|n| n.end <= end) {
            f.numbers.push(key(format_value(n.value, n.ordinal).as_bytes()));
        }
        f.finish()
    }

    /// The comparison key of every token: `None` for stop words, short
    /// words, numbers, and words inside names or dates (those are compared
    /// as entities and dates, not as words).
    fn compute_word_keys(&mut self) {
        let tokens = &self.analysis.tokens;
        let mut keep: Vec<bool> = tokens
            .iter()
            .map(|t| !(t.stop || t.end - t.start < 3 || t.stem.chars().any(|c| c.is_ascii_digit())))
            .collect();
        let names: Vec<(usize, usize)> = if self.mentions.is_empty() {
            self.analysis.entities.iter().map(|m| (m.start, m.end)).collect()
        } else {
            self.mentions.iter().map(|m| (m.start, m.end)).collect()
        };
        let dates = self.analysis.dates.iter().filter(|d| d.kind != TimexType::Set).map(|d| (d.start, d.end));
        for (s, e) in names.into_iter().chain(dates) {
            let i = tokens.partition_point(|t| t.end <= s);
            for k in i..tokens.len() {
                if tokens[k].start >= e {
                    break;
                }
                keep[k] = false;
            }
        }
        self.word_keys = tokens.iter().zip(keep).map(|(t, k)| k.then(|| word_key(&t.stem))).collect();
    }

    /// The comparison keys of up to `k` words on each side of `start..end`,
    /// within `within` (a sentence): what a number is said about.
    pub fn keys_around(&self, start: usize, end: usize, within: (usize, usize), k: usize) -> Vec<u64> {
        let tokens = &self.analysis.tokens;
        let first = tokens.partition_point(|t| t.start < within.0);
        let at = tokens.partition_point(|t| t.start < start);
        let after = tokens.partition_point(|t| t.start < end);
        let last = tokens.partition_point(|t| t.end <= within.1);
        let before = self.word_keys[first..at.max(first)].iter().rev().flatten().take(k);
        let after = self.word_keys[after.min(last)..last].iter().flatten().take(k);
        let mut out: Vec<u64> = before.chain(after).copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The stem of the token at `start`, if any.
    pub fn stem_at(&self, start: usize) -> Option<&str> {
        let i = self.analysis.tokens.partition_point(|t| t.start < start);
        self.analysis.tokens.get(i).filter(|t| t.start == start).map(|t| t.stem.as_str())
    }
}

/// Lower-cased, diacritics removed.
pub(crate) fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

/// The comparison key of a stem: its first letters, folded.
pub(crate) fn word_key(stem: &str) -> u64 {
    let folded = fold(stem);
    let cut: String = folded.chars().take(KEY_LETTERS).collect();
    key(cut.as_bytes())
}

/// A number as shown in claims: whole numbers without decimals, ordinals with "#".
pub(crate) fn format_value(value: f64, ordinal: bool) -> String {
    let v = if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") };
    if ordinal { format!("#{v}") } else { v }
}

/// Prepares every report of a story from its source line and stored document.
pub(crate) fn load(store: &dyn Store, stored: Vec<(Source, StoredDocument)>) -> Result<Vec<Report>, StoryError> {
    let outlets: HashMap<DocId, String> = stored.iter().map(|(s, _)| (s.doc.clone(), s.outlet.clone())).collect();
    // The store is read in turn; each report is then prepared on its own, in parallel.
    let read = stored
        .into_iter()
        .map(|(source, doc)| Ok((store.document_mentions(&source.doc)?, source, doc)))
        .collect::<Result<Vec<_>, StoryError>>()?;
    Ok(read.into_par_iter().map(|(mentions, source, stored)| prepare(source, stored, mentions, &outlets)).collect())
}

/// One report, ready for comparison: tokens, anchored dates, numbers, features.
fn prepare(source: Source, stored: StoredDocument, mentions: Vec<ResolvedMention>, outlets: &HashMap<DocId, String>) -> Report {
    let text = stored.document.text;
    let mut analysis = stored.analysis;
    // Tokens are not stored; numbers may predate the extractor.
    if analysis.tokens.is_empty() {
        analysis.tokens = text::tokens(&text, &analysis.sentences);
    }
    // Without a publication date relative dates stayed unresolved: the
    // clusterer's estimate, refined, is the best anchor there is.
    let mut anchor = source.date;
    if stored.document.published.is_none() {
        if let Some(estimate) = source.date {
            let (day, tagged) = refine_anchor(&text, &analysis, estimate);
            anchor = Some(day);
            analysis.dates = tagged;
        }
    }
    if analysis.numbers.is_empty() {
        analysis.numbers = numbers::extract(&text, &analysis.sentences, &analysis.tokens, &analysis.dates);
    }
    // Spans are looked up by binary search.
    analysis.entities.sort_by_key(|m| m.start);
    analysis.numbers.sort_by_key(|n| n.start);
    let root = source.rewrite_of.as_ref().and_then(|r| outlets.get(r).cloned()).unwrap_or_else(|| source.outlet.clone());
    let mut report = Report { source, text, analysis, mentions, sentences: Vec::new(), root, word_keys: Vec::new(), anchor };
    report.compute_word_keys();
    let mut previous_end = 0;
    let sentences: Vec<SentenceInfo> = report
        .analysis
        .sentences
        .iter()
        .map(|s| {
            let gap = report.text.get(previous_end..s.start).unwrap_or("");
            let new_paragraph = previous_end == 0 || gap.contains('\n');
            previous_end = s.end;
            SentenceInfo { start: s.start, end: s.end, lang: s.language, new_paragraph, features: report.features(s.start, s.end) }
        })
        .collect();
    report.sentences = sentences;
    report
}

/// Days after an estimated publication date that may be the real one.
const ANCHOR_SLACK_DAYS: i64 = 3;

/// Refines an estimated publication date: of the estimate and the few days
/// after it (an estimate comes from the earliest reports it resembles, so it
/// errs early), the day that reads the report's relative dates ("on
/// Friday", "last Wednesday") as the most recent: the fewest days from the
/// earliest day it reports back to the anchor, each day moved from the
/// estimate counting one more, the earliest on a tie. Returns that day and
/// the dates tagged against it.
///
/// Why so: the spread of all the days a report names (the old measure)
/// shrank by a few days for each day the anchor moved toward a day named
/// well ahead (a swearing-in "on 1 April"), as the relative days slid
/// along, so the latest day allowed won (an undated report anchored three
/// days late). Days after the anchor are announcements, not what the
/// report tells, and are left out; moving costs, so only a real
/// correction wins: a weekday read in the wrong week, a week back at once.
pub(crate) fn refine_anchor(text: &str, analysis: &Analysis, estimate: Date) -> (Date, Vec<dates::Timex>) {
    let mut best: Option<(i64, Date, Vec<dates::Timex>)> = None;
    for offset in 0..=ANCHOR_SLACK_DAYS {
        let Ok(anchor) = estimate.checked_add(jiff::Span::new().days(offset)) else { break };
        let tagged = dates::tag(text, &analysis.sentences, Some(anchor));
        let earliest = tagged
            .iter()
            .filter(|t| t.anchor.is_some())
            .filter_map(|t| super::timeline::parse_value(&t.value))
            .filter(|d| d.granularity == super::Granularity::Day && d.start <= anchor)
            .map(|d| d.start)
            .min()
            .unwrap_or(anchor);
        let cost = (anchor - earliest).get_days() as i64 + offset;
        if best.as_ref().is_none_or(|(c, _, _)| cost < *c) {
            best = Some((cost, anchor, tagged));
        }
    }
    let (_, day, tagged) = best.expect("at least the estimate");
    (day, tagged)
}

/// How many independent outlets among the reports `docs` (indices into `reports`).
pub(crate) fn independent(reports: &[Report], docs: impl IntoIterator<Item = usize>) -> usize {
    let mut roots: Vec<&str> = docs.into_iter().map(|i| reports[i].root.as_str()).collect();
    roots.sort_unstable();
    roots.dedup();
    roots.len()
}

/// Whitespace collapsed, cut at a word boundary to about `max` characters.
pub(crate) fn short(text: &str, max: usize) -> String {
    let flat = crate::document::normalise(text);
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyzeOptions, analyze};

    fn anchor(text: &str, lang: crate::Lang, estimate: Date) -> Date {
        let analysis = analyze(text, &AnalyzeOptions { language: Some(lang), published: None });
        refine_anchor(text, &analysis, estimate).0
    }

    #[test]
    fn a_day_named_well_ahead_does_not_pull_the_anchor_late() {
        // Invented: results out on Tuesday 18 March, a recount ordered the
        // Friday before, office taken on 1 April. Estimated Wednesday 19.
        let text = "Los resultados definitivos se publicaron el martes 18 de marzo en Velmora. \
                    El recuento fue ordenado el viernes por el tribunal. \
                    La nueva alcaldesa asumirá el cargo el 1 de abril.";
        assert_eq!(anchor(text, crate::Lang::ES, Date::constant(2025, 3, 19)), Date::constant(2025, 3, 19));
    }

    #[test]
    fn a_weekday_read_in_the_wrong_week_moves_the_anchor() {
        // Invented: written on Saturday 15 March about "Friday" and a
        // hearing on 2 April, estimated two days early (Thursday 13), when
        // "on Friday" would read as 7 March.
        let text = "Police in Velmora arrested three men on Friday after the theft of a painting. \
                    The trial will open on 2 April.";
        let got = anchor(text, crate::Lang::EN, Date::constant(2025, 3, 13));
        assert!(got >= Date::constant(2025, 3, 14), "{got}");
    }
}
