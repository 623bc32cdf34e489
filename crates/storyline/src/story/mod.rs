//! Story view: one sourced account of a story — dated timeline, cited
//! summary, who said what, and where sources agree or differ.
//!
//! [`build`] reads a story's documents, analyses, assignments and resolved
//! entities from a [`Store`] and assembles a [`StoryView`]. Every line of the
//! view carries [`Citation`]s (document id and byte span), so the CLI, the
//! API and the web UI all show where each statement comes from. Rendering to
//! text, Markdown or HTML lives with the callers; this module only computes.
//!
//! The types are the JSON contract of `storyline story --format json` and of
//! `/api/stories/{id}/view`: fields are added, never renamed.
//!
//! The parts are built by their own modules: [`context`] loads the reports
//! and their comparable features, then `timeline`, `digest` (the summary), `speakers`,
//! `claims` and `entities` each fill one part of the view.

mod claims;
mod context;
mod cues;
mod entities;
mod speakers;
mod digest;
mod roles;
mod timeline;
#[cfg(test)]
mod tests;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::cluster::summary::{self, StorySummary};
use crate::document::DocId;
use crate::extract::EntityType;
use crate::lang::Lang;
use crate::store::{Store, StoreError, StoredDocument};

/// Where a line of the view comes from: a byte span of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub doc: DocId,
    pub start: usize,
    pub end: usize,
    /// The language of the cited text.
    pub language: Lang,
}

/// One report of the story, as listed among its sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub doc: DocId,
    /// The outlet (URL host, else the input it was read from).
    pub outlet: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub language: Lang,
    /// Publication date, or the estimated one when `date_estimated`.
    pub date: Option<Date>,
    pub date_estimated: bool,
    /// The earlier report this one copies or rewrites: not an independent source.
    pub rewrite_of: Option<DocId>,
}

/// How precisely a timeline date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Year,
    Month,
    Day,
}

/// A date at the granularity the sources support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TimelineDate {
    /// The first day of the period (1 January for a year, the 1st for a month).
    pub start: Date,
    pub granularity: Granularity,
}

/// One happening on the timeline, merged across the reports that tell it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: TimelineDate,
    /// A short description, taken from the best source sentence.
    pub text: String,
    /// Every source sentence that tells this happening; the first is `text`'s.
    pub citations: Vec<Citation>,
    /// How many of the citing reports are independent (rewrites not counted).
    pub independent_sources: usize,
}

/// One extractive summary sentence, quoted from a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub text: String,
    pub citation: Citation,
}

/// One statement, as quoted by one or more reports (perhaps in translation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The words of the best-attested variant.
    pub text: String,
    pub date: Option<Date>,
    /// Every quotation of the statement, the first being `text`'s.
    pub variants: Vec<QuoteVariant>,
    /// How many of the quoting reports are independent (rewrites not counted).
    #[serde(default)]
    pub independent_sources: usize,
}

/// One report's quotation of a statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVariant {
    pub text: String,
    pub citation: Citation,
}

/// Everything one speaker is reported to have said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The resolved entity id, when the speaker was linked to one.
    pub entity: Option<String>,
    /// The speaker's name as best known ("unattributed" speakers have none).
    pub name: Option<String>,
    pub statements: Vec<Statement>,
}

/// What kind of checkable claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// A number with its unit and subject ("1,500 soldiers").
    Number,
    /// A dated happening.
    Happening,
    /// Who holds which role.
    Role,
    /// A speaker's statement, as quoted by one or more reports.
    Statement,
}

/// How the sources stand on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// Two or more independent sources give the same value.
    Corroborated,
    /// One independent source only.
    SingleSource,
    /// Sources give different values for the same slot at the same time.
    Conflicting,
    /// The value changes over the story's days.
    Evolving,
}

/// One value given for a claim's slot, with the reports that give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimValue {
    pub value: String,
    pub date: Option<Date>,
    pub citations: Vec<Citation>,
}

/// A checkable claim: a slot ("soldiers deployed", "leader") and the values
/// sources give for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub kind: ClaimKind,
    /// What the claim is about, in words of the sources.
    pub slot: String,
    pub values: Vec<ClaimValue>,
    pub status: ClaimStatus,
    /// How many independent reports give any value for the slot.
    #[serde(default)]
    pub independent_sources: usize,
}

/// An entity of the story, with how often its reports mention it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryEntity {
    pub id: String,
    pub name: String,
    pub kind: EntityType,
    /// Mentions within this story's reports.
    pub mentions: usize,
    /// Reports of this story that mention it.
    pub documents: usize,
}

/// The whole account of one story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub story: StorySummary,
    pub sources: Vec<Source>,
    /// The story's own days, in date order.
    pub timeline: Vec<TimelineEntry>,
    /// Happenings long before the story's days, kept apart.
    pub background: Vec<TimelineEntry>,
    pub summary: Vec<SummarySentence>,
    /// The language the summary was asked in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_language: Option<Lang>,
    /// What the summary could not say: no source in the asked language, or
    /// happenings that no source in it reports (never translated).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub summary_notes: Vec<String>,
    pub speakers: Vec<Speaker>,
    pub claims: Vec<Claim>,
    pub entities: Vec<StoryEntity>,
}

/// Why a story view could not be built.
#[derive(Debug, thiserror::Error)]
pub enum StoryError {
    #[error("no story '{0}'")]
    NotFound(String),
    #[error("'{key}' matches {count} stories; give more of the id")]
    Ambiguous { key: String, count: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Finds a story by id (`s-…`), unambiguous prefix, or the id of one of its articles.
pub fn find(store: &dyn Store, key: &str) -> Result<StorySummary, StoryError> {
    let key = key.trim();
    // Only the stories the key can name are read, not the whole corpus.
    let assignments = store.story_assignments(key)?;
    let ids: Vec<&crate::document::DocId> = assignments.iter().map(|a| &a.doc).collect();
    let mut found: Vec<StorySummary> = summary::stories(&store.document_summaries(&ids)?, &assignments)
        .into_iter()
        .filter(|s| {
            s.id == key
                || s.id.starts_with(key)
                || s.id.strip_prefix("s-").is_some_and(|i| i.starts_with(key))
                || s.events.iter().any(|e| e.articles.iter().any(|a| a.id.0 == key))
        })
        .collect();
    match found.len() {
        1 => Ok(found.pop().expect("one story")),
        0 => Err(StoryError::NotFound(key.to_string())),
        count => Err(StoryError::Ambiguous { key: key.to_string(), count }),
    }
}

/// The outlet of a document, as the story's source count reads it: the URL's
/// host, else the input without any `#record` part.
fn outlet(doc: &crate::document::Document) -> String {
    if let Some(url) = &doc.url {
        let rest = url.split("://").nth(1).unwrap_or(url);
        return rest.split('/').next().unwrap_or(rest).to_ascii_lowercase();
    }
    doc.source.split('#').next().unwrap_or(&doc.source).to_string()
}

/// What the caller asks of a view.
#[derive(Debug, Clone, Default)]
pub struct ViewOptions {
    /// Quote the summary only from sentences in this language.
    pub language: Option<Lang>,
}

/// Builds the view of the story `key` (see [`find`]).
pub fn build(store: &dyn Store, key: &str) -> Result<StoryView, StoryError> {
    build_with(store, key, &ViewOptions::default())
}

/// Builds the view of the story `key` (see [`find`]) as `options` ask.
pub fn build_with(store: &dyn Store, key: &str, options: &ViewOptions) -> Result<StoryView, StoryError> {
    let story = find(store, key)?;
    view_of(store, story, options)
}

/// Builds the view of a story already found.
pub fn view_of(store: &dyn Store, story: StorySummary, options: &ViewOptions) -> Result<StoryView, StoryError> {
    // Each stored document is read once: for its source line and its report.
    let stored = story
        .events
        .iter()
        .flat_map(|e| &e.articles)
        .map(|a| -> Result<(Source, StoredDocument), StoryError> {
            let stored = store.document(&a.id.0)?.ok_or_else(|| StoryError::NotFound(a.id.0.clone()))?;
            let doc = &stored.document;
            let source = Source {
                doc: a.id.clone(),
                outlet: outlet(doc),
                title: a.title.clone(),
                url: doc.url.clone(),
                language: stored.analysis.language,
                date: a.date,
                date_estimated: a.date_estimated,
                rewrite_of: a.duplicate_of.as_ref().map(|(id, _)| id.clone()),
            };
            Ok((source, stored))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sources: Vec<Source> = stored.iter().map(|(s, _)| s.clone()).collect();
    let mut reports = context::load(store, stored)?;
    let (entities, known) = entities::build(store, &reports)?;
    let common = context::common(&reports);
    context::apply_common(&mut reports, &common);
    let entries = timeline::entries(&reports, &common, story.first);
    let all_views: Vec<TimelineEntry> = entries.iter().map(|e| timeline::view(&reports, e)).collect();
    let (mut timeline, mut background) = (Vec::new(), Vec::new());
    for (e, v) in entries.iter().zip(&all_views) {
        if e.background { background.push(v.clone()) } else { timeline.push(v.clone()) }
    }
    let (summary, summary_notes) = digest::build(&reports, &entries, options.language);
    let said = speakers::collect(&reports);
    let grouped = speakers::group(&known, &reports, &said);
    let speakers = speakers::view(&reports, &said, &grouped);
    let claims = claims::build(&reports, &entries, &all_views, &speakers, &known);
    Ok(StoryView {
        story,
        sources,
        timeline,
        background,
        summary,
        summary_language: options.language,
        summary_notes,
        speakers,
        claims,
        entities,
    })
}
