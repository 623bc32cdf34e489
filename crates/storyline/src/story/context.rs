//! The reports of one story, loaded once for every part of the view: text,
//! analysis, resolved mentions, and per-sentence features (content stems,
//! entities, numbers) that the timeline, summary, speakers and claims compare.
//!
//! Comparison is language-neutral: entities are resolved ids (the same across
//! languages), numbers are values, and words are stems cut to their first
//! five folded letters, which also matches many cognates across languages
//! ("president"/"presid", "démocratie"/"democracy"). No translation is done.

use std::collections::HashMap;

use jiff::civil::Date;
use xxhash_rust::xxh3::xxh3_64;

use super::{Citation, Source, StoryError};
use crate::analysis::Analysis;
use crate::document::DocId;
use crate::extract::dates::{self, TimexType};
use crate::extract::numbers;
use crate::lang::Lang;
use crate::resolve::ResolvedMention;
use crate::store::Store;
use crate::text;

/// Letters of a stem kept as its comparison key.
const KEY_LETTERS: usize = 5;

/// Comparable features of a span of text. Each list is sorted and deduplicated.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    pub words: Vec<u64>,
    pub entities: Vec<u64>,
    pub numbers: Vec<u64>,
}

/// Weights of shared features: a shared name or number says more than a shared word.
const ENTITY_WEIGHT: f32 = 2.0;
const NUMBER_WEIGHT: f32 = 2.0;

fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
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
    pub fn weight(&self) -> f32 {
        self.words.len() as f32 + ENTITY_WEIGHT * self.entities.len() as f32 + NUMBER_WEIGHT * self.numbers.len() as f32
    }

    pub fn overlap(&self, other: &Features) -> Overlap {
        let words = shared(&self.words, &other.words);
        let value = words as f32
            + ENTITY_WEIGHT * shared(&self.entities, &other.entities) as f32
            + NUMBER_WEIGHT * shared(&self.numbers, &other.numbers) as f32;
        let least = self.weight().min(other.weight());
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
}

impl Report {
    pub fn citation(&self, start: usize, end: usize, lang: Lang) -> Citation {
        Citation { doc: self.source.doc.clone(), start, end, language: lang }
    }

    pub fn date(&self) -> Option<Date> {
        self.source.date
    }

    /// The entity id of the resolved mention covering `start..end`, if any.
    pub fn entity_at(&self, start: usize, end: usize) -> Option<&ResolvedMention> {
        self.mentions.iter().find(|m| m.start < end && start < m.end)
    }

    /// Features of any span of this report.
    pub fn features(&self, start: usize, end: usize) -> Features {
        let mut f = Features::default();
        let inside = |s: usize, e: usize| s >= start && e <= end;
        let names: Vec<(usize, usize)> = if self.mentions.is_empty() {
            self.analysis.entities.iter().map(|m| (m.start, m.end)).collect()
        } else {
            self.mentions.iter().map(|m| (m.start, m.end)).collect()
        };
        let skip: Vec<(usize, usize)> = names
            .iter()
            .copied()
            .chain(self.analysis.dates.iter().filter(|d| d.kind != TimexType::Set).map(|d| (d.start, d.end)))
            .collect();
        let first = self.analysis.tokens.partition_point(|t| t.start < start);
        for t in self.analysis.tokens[first..].iter().take_while(|t| t.end <= end) {
            if t.stop || t.end - t.start < 3 || t.stem.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if skip.iter().any(|&(s, e)| t.start < e && s < t.end) {
                continue;
            }
            f.words.push(word_key(&t.stem));
        }
        if self.mentions.is_empty() {
            for m in self.analysis.entities.iter().filter(|m| inside(m.start, m.end)) {
                f.entities.push(xxh3_64(format!("t:{}", fold(&m.text)).as_bytes()));
            }
        } else {
            for m in self.mentions.iter().filter(|m| inside(m.start, m.end)) {
                f.entities.push(xxh3_64(m.entity.as_bytes()));
            }
        }
        for n in self.analysis.numbers.iter().filter(|n| inside(n.start, n.end)) {
            f.numbers.push(xxh3_64(format_value(n.value, n.ordinal).as_bytes()));
        }
        f.finish()
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
    xxh3_64(cut.as_bytes())
}

/// A number as shown in claims: whole numbers without decimals, ordinals with "#".
pub(crate) fn format_value(value: f64, ordinal: bool) -> String {
    let v = if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") };
    if ordinal { format!("#{v}") } else { v }
}

/// Loads every report of the story behind `sources`.
pub(crate) fn load(store: &dyn Store, sources: Vec<Source>) -> Result<Vec<Report>, StoryError> {
    let outlets: HashMap<DocId, String> = sources.iter().map(|s| (s.doc.clone(), s.outlet.clone())).collect();
    let mut out = Vec::with_capacity(sources.len());
    for source in sources {
        let stored = store.document(&source.doc.0)?.ok_or_else(|| StoryError::NotFound(source.doc.0.clone()))?;
        let text = stored.document.text;
        let mut analysis = stored.analysis;
        // Tokens are not stored; numbers may predate the extractor.
        if analysis.tokens.is_empty() {
            analysis.tokens = text::tokens(&text, &analysis.sentences);
        }
        // Without a publication date relative dates stayed unresolved: the
        // clusterer's estimate is the best anchor there is.
        if stored.document.published.is_none() && source.date.is_some() {
            analysis.dates = dates::tag(&text, &analysis.sentences, source.date);
        }
        if analysis.numbers.is_empty() {
            analysis.numbers = numbers::extract(&text, &analysis.sentences, &analysis.tokens, &analysis.dates);
        }
        let mentions = store.document_mentions(&source.doc)?;
        let root = source
            .rewrite_of
            .as_ref()
            .and_then(|r| outlets.get(r).cloned())
            .unwrap_or_else(|| source.outlet.clone());
        let mut report = Report { source, text, analysis, mentions, sentences: Vec::new(), root };
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
        out.push(report);
    }
    Ok(out)
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
