//! Summaries of stories and events for listing: titles, date ranges,
//! languages and counts, from stored documents and assignments.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use super::Assignment;
use crate::document::DocId;
use crate::store::DocumentSummary;

/// One article as listed under its story.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleLine {
    pub id: DocId,
    pub title: Option<String>,
    pub source: String,
    pub language: String,
    /// Publication date, or the estimated one when `date_estimated`.
    pub date: Option<Date>,
    pub date_estimated: bool,
    /// The earlier article this one copies or rewrites, with similarity.
    pub duplicate_of: Option<(DocId, f32)>,
}

/// An event and its articles.
#[derive(Debug, Clone, Serialize)]
pub struct EventSummary {
    pub id: String,
    pub first: Option<Date>,
    pub last: Option<Date>,
    pub articles: Vec<ArticleLine>,
}

/// A story: what `storyline stories` lists.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub first: Option<Date>,
    pub last: Option<Date>,
    pub languages: Vec<String>,
    pub articles: usize,
    /// Distinct outlets (URL host, else the input it was read from),
    /// rewrites of another article not counted.
    pub sources: usize,
    pub rewrites: usize,
    pub events: Vec<EventSummary>,
}

/// The outlet of an article: its URL's host, else its source without any
/// `#record` part.
pub fn source_key(doc: &DocumentSummary) -> String {
    if let Some(url) = &doc.url {
        let rest = url.split("://").nth(1).unwrap_or(url);
        return rest.split('/').next().unwrap_or(rest).to_ascii_lowercase();
    }
    doc.source.split('#').next().unwrap_or(&doc.source).to_string()
}

/// A name for an untitled article: its first sentence, cut at a word
/// boundary near 90 characters.
fn headline(opening: &str) -> Option<String> {
    const MAX: usize = 90;
    let text = opening.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = text.find(". ").map_or(text.as_str(), |i| &text[..i]);
    if first.is_empty() {
        return None;
    }
    if first.chars().count() <= MAX {
        return Some(first.trim_end_matches('.').to_string());
    }
    let cut = first.char_indices().nth(MAX).map_or(first.len(), |(i, _)| i);
    let cut = first[..cut].rfind(' ').unwrap_or(cut);
    Some(format!("{}…", first[..cut].trim_end_matches([',', ';', ':'])))
}

fn range(lines: &[ArticleLine]) -> (Option<Date>, Option<Date>) {
    let dates = lines.iter().filter_map(|l| l.date);
    (dates.clone().min(), dates.max())
}

/// Every story, largest first (then by id).
pub fn stories(docs: &[DocumentSummary], assignments: &[Assignment]) -> Vec<StorySummary> {
    let by_id: BTreeMap<&DocId, &DocumentSummary> = docs.iter().map(|d| (&d.id, d)).collect();
    // story -> event -> lines, events in order of first article.
    let mut grouped: BTreeMap<&String, Vec<(&String, Vec<ArticleLine>)>> = BTreeMap::new();
    let mut sources: BTreeMap<&String, BTreeSet<String>> = BTreeMap::new();
    for a in assignments {
        let Some(d) = by_id.get(&a.doc) else { continue };
        let line = ArticleLine {
            id: d.id.clone(),
            title: d.title.clone(),
            source: d.source.clone(),
            language: d.language.code().to_string(),
            date: d.published.or(a.estimated_date),
            date_estimated: d.published.is_none() && a.estimated_date.is_some(),
            duplicate_of: a.duplicate_of.clone(),
        };
        if a.duplicate_of.is_none() {
            sources.entry(&a.story).or_default().insert(source_key(d));
        }
        let events = grouped.entry(&a.story).or_default();
        match events.iter_mut().find(|(e, _)| *e == &a.event) {
            Some((_, lines)) => lines.push(line),
            None => events.push((&a.event, vec![line])),
        }
    }
    let mut out: Vec<StorySummary> = grouped
        .into_iter()
        .map(|(id, events)| {
            let all: Vec<&ArticleLine> = events.iter().flat_map(|(_, l)| l).collect();
            let dates: Vec<Date> = all.iter().filter_map(|l| l.date).collect();
            let languages: BTreeSet<String> = all.iter().map(|l| l.language.clone()).collect();
            // The title of the earliest article that has one, else the
            // opening words of the earliest article.
            let mut titled: Vec<&&ArticleLine> = all.iter().filter(|l| l.title.is_some()).collect();
            titled.sort_by_key(|l| (l.date.is_none(), l.date));
            let mut by_date = all.clone();
            by_date.sort_by_key(|l| (l.date.is_none(), l.date));
            let title = titled.first().and_then(|l| l.title.clone()).unwrap_or_else(|| {
                let first = by_date[0];
                let opening = by_id.get(&first.id).map_or("", |d| d.opening.as_str());
                headline(opening).unwrap_or_else(|| first.source.rsplit('/').next().unwrap_or("").to_string())
            });
            StorySummary {
                id: id.clone(),
                title,
                first: dates.iter().min().copied(),
                last: dates.iter().max().copied(),
                languages: languages.into_iter().collect(),
                articles: all.len(),
                sources: sources.get(id).map_or(0, BTreeSet::len),
                rewrites: all.iter().filter(|l| l.duplicate_of.is_some()).count(),
                events: events
                    .into_iter()
                    .map(|(e, articles)| {
                        let (first, last) = range(&articles);
                        EventSummary { id: e.clone(), first, last, articles }
                    })
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.id.cmp(&b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::headline;

    #[test]
    fn untitled_articles_are_named_by_their_first_sentence() {
        assert_eq!(headline("Floods closed the  ferry port.\nMore rain is due.").as_deref(), Some("Floods closed the ferry port"));
        let long = "In a surprise move late on Tuesday evening the harbour authority of the northern town announced that every ferry would stay in port. Later…";
        let h = headline(long).unwrap();
        assert!(h.ends_with('…') && h.chars().count() <= 91, "{h}");
        assert!(long.starts_with(h.trim_end_matches('…')), "cut at a word boundary: {h}");
        assert_eq!(headline("  "), None);
    }
}
