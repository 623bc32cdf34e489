//! Store: embedded storage of documents, their analyses and rejected inputs.
//!
//! The rest of the engine sees only the [`Store`] trait: SQL dialect and file
//! paths stay inside the backends. SQLite ([`SqliteStore`]) is the embedded
//! default; a shared PostgreSQL backend can implement the same trait.

pub mod search;
mod sqlite;

pub use search::{IndexBatch, SearchIndex};
pub use sqlite::SqliteStore;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::cluster::Assignment;
use crate::document::{DocId, Document};
use crate::ingest::Reject;
use crate::lang::Lang;
use crate::resolve::{Entity, ResolvedMention};

/// What storing one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PutOutcome {
    /// A document not seen before.
    Added,
    /// Same identity as a stored document, different content: replaced.
    Updated,
    /// Already stored exactly so.
    Unchanged,
}

/// One line of the document list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: DocId,
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The publication date the input gave, if any.
    pub published: Option<Date>,
    pub language: Lang,
    pub sentences: usize,
    pub bytes: usize,
    /// The first few hundred characters of the body, to name untitled articles.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub opening: String,
}

/// A stored document with its analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    pub document: Document,
    pub analysis: Analysis,
}

/// A reject as kept by the store, with when it was last seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredReject {
    #[serde(flatten)]
    pub reject: Reject,
    /// RFC 3339 time of the last run that met this problem.
    pub seen: String,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("the database was written by a newer Storyline (schema {found}, this one knows {known})")]
    TooNew { found: i64, known: i64 },
    #[error("'{0}' matches more than one document; give more of the id")]
    Ambiguous(String),
}

/// Storage of documents and their analyses.
pub trait Store {
    /// Content hashes of the stored documents among `ids` (missing ones are
    /// left out), so unchanged inputs can skip analysis.
    fn content_hashes(&self, ids: &[&DocId]) -> Result<Vec<(DocId, String)>, StoreError>;

    /// Stores a batch atomically: after a crash, either all of it is stored or none.
    fn put_documents(
        &mut self,
        batch: &[(Document, Analysis)],
    ) -> Result<Vec<PutOutcome>, StoreError>;

    /// Records problems met while reading inputs (a problem seen again is kept once).
    fn put_rejects(&mut self, rejects: &[Reject]) -> Result<(), StoreError>;

    /// Every document, in the order first stored.
    fn documents(&self) -> Result<Vec<DocumentSummary>, StoreError>;

    /// One document by id or unambiguous id prefix.
    fn document(&self, id_or_prefix: &str) -> Result<Option<StoredDocument>, StoreError>;

    /// Every recorded reject, most recent first.
    fn rejects(&self) -> Result<Vec<StoredReject>, StoreError>;

    /// Stores story and event assignments (insert or replace, per article).
    /// `features` is the JSON of the features the article was clustered on;
    /// `None` keeps the stored ones (an assignment that only moved).
    fn put_assignments(&mut self, rows: &[(Assignment, Option<String>)]) -> Result<(), StoreError>;

    /// Every assignment, in the order the articles were first clustered.
    fn assignments(&self) -> Result<Vec<Assignment>, StoreError>;

    /// The assignments of every story `key` may name: a story id or its
    /// prefix (with or without `s-`), or the id of one of its articles.
    fn story_assignments(&self, key: &str) -> Result<Vec<Assignment>, StoreError>;

    /// The list lines of the given documents (unknown ids are left out).
    fn document_summaries(&self, ids: &[&DocId]) -> Result<Vec<DocumentSummary>, StoreError>;

    /// Every article's clustering features (JSON), in the same order.
    fn cluster_features(&self) -> Result<Vec<(DocId, String)>, StoreError>;

    /// Saves entities (new or changed) and the mentions of the documents just
    /// resolved; a document's earlier mentions are replaced, and those of
    /// the `replaced` documents (new versions) are deleted even when the new
    /// version has none.
    fn put_entities(
        &mut self,
        entities: &[&Entity],
        replaced: &[DocId],
        mentions: &[ResolvedMention],
    ) -> Result<(), StoreError>;

    /// Every entity, in the order created.
    fn entities(&self) -> Result<Vec<Entity>, StoreError>;

    /// The mentions linked to one entity, in document order.
    fn entity_mentions(&self, entity: &str) -> Result<Vec<ResolvedMention>, StoreError>;

    /// The resolved mentions of one document, in text order.
    fn document_mentions(&self, doc: &DocId) -> Result<Vec<ResolvedMention>, StoreError>;

    /// One entity by id.
    fn entity(&self, id: &str) -> Result<Option<Entity>, StoreError>;

    /// Documents whose mentions have been resolved.
    fn resolved_documents(&self) -> Result<Vec<DocId>, StoreError>;

    /// Brings the full-text index up to date with a batch just stored,
    /// clustered and resolved. Stores without an index do nothing.
    fn index_batch(&mut self, _batch: &IndexBatch) -> Result<(), StoreError> {
        Ok(())
    }
}
