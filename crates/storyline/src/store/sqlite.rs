//! The embedded SQLite store (one file, WAL mode, versioned schema).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, params};

use super::search::{IndexBatch, SearchIndex};
use super::{DocumentSummary, PutOutcome, Store, StoreError, StoredDocument, StoredReject};
use crate::analysis::Analysis;
use crate::cluster::Assignment;
use crate::document::{DocId, Document, Format};
use crate::ingest::Reject;
use crate::lang::Lang;
use crate::extract::EntityType;
use crate::resolve::{Entity, ResolvedMention};

/// Schema migrations, applied in order; `PRAGMA user_version` records how
/// many have run. Never edit a released step: append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: documents with their analysis, and rejected inputs.
    "CREATE TABLE documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        url TEXT,
        title TEXT,
        published TEXT,
        declared_language TEXT,
        language TEXT NOT NULL,
        format TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        body TEXT NOT NULL,
        analysis TEXT NOT NULL,
        sentences INTEGER NOT NULL,
        stored_at TEXT NOT NULL,
        updated_at TEXT
    );
    CREATE TABLE rejects (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        input TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        seen TEXT NOT NULL,
        UNIQUE (input, location, reason)
    );",
    // 2: story and event assignments, with the features they were computed
    // from (so the clusterer is rebuilt without re-analysing any text).
    "CREATE TABLE assignments (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
        story TEXT NOT NULL,
        event TEXT NOT NULL,
        duplicate_of TEXT,
        duplicate_similarity REAL,
        estimated_date TEXT,
        features TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX assignments_story ON assignments (story);",
    // 3: entities and their mentions.
    ENTITIES_MIGRATION,
];

/// Step 3: entities and the mentions linked to them.
const ENTITIES_MIGRATION: &str = "CREATE TABLE entities (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        canonical TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX entities_canonical ON entities (canonical COLLATE NOCASE);
    CREATE TABLE entity_mentions (
        doc TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        entity TEXT NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        role TEXT,
        PRIMARY KEY (doc, start, end)
    );
    CREATE INDEX entity_mentions_entity ON entity_mentions (entity, doc);";

/// A store in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    /// The database file (None in memory): the search index lives beside it.
    path: Option<PathBuf>,
    /// The full-text index, opened on first use.
    search: Option<Arc<SearchIndex>>,
}

fn db_err(e: rusqlite::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

fn now() -> String {
    jiff::Timestamp::now().round(jiff::Unit::Second).map(|t| t.to_string()).unwrap_or_default()
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path).map_err(db_err)?;
        let mut store = Self::init(conn)?;
        store.path = Some(path.to_path_buf());
        Ok(store)
    }

    /// The full-text index: opened on first use (beside the database file, or
    /// in memory for an in-memory store) and rebuilt from the store if missing.
    pub fn search_index(&mut self) -> Result<Arc<SearchIndex>, StoreError> {
        if let Some(index) = &self.search {
            return Ok(index.clone());
        }
        let index = match self.path.clone() {
            Some(path) => SearchIndex::open_or_rebuild(&path, &*self)?,
            None => {
                let index = SearchIndex::in_ram()?;
                index.rebuild(&*self)?;
                index
            }
        };
        let index = Arc::new(index);
        self.search = Some(index.clone());
        Ok(index)
    }

    /// Uses an index already open (a server shares one across connections).
    pub fn set_search_index(&mut self, index: Arc<SearchIndex>) {
        self.search = Some(index);
    }

    /// A private in-memory store, for tests and one-off runs.
    pub fn in_memory() -> Result<SqliteStore, StoreError> {
        Self::init(Connection::open_in_memory().map_err(db_err)?)
    }

    fn init(conn: Connection) -> Result<SqliteStore, StoreError> {
        // WAL lets readers (the server) work while an ingest writes. With
        // NORMAL sync a committed batch survives the process being killed;
        // a power loss may roll back the last ones, which ingesting again
        // restores (a document stored exactly so is skipped).
        conn.pragma_update(None, "journal_mode", "WAL").map_err(db_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(db_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(db_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db_err)?;
        let mut store = SqliteStore { conn, path: None, search: None };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(db_err)?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew { found: version, known });
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction().map_err(db_err)?;
            tx.execute_batch(step).map_err(db_err)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64).map_err(db_err)?;
            tx.commit().map_err(db_err)?;
        }
        Ok(())
    }

    /// The schema version of this database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(db_err)
    }
}

fn parse_format(s: &str) -> Format {
    match s {
        "jsonl" => Format::Jsonl,
        "html" => Format::Html,
        "feed" => Format::Feed,
        "warc" => Format::Warc,
        _ => Format::Text,
    }
}

fn parse_date(s: Option<String>) -> Option<jiff::civil::Date> {
    s.and_then(|s| s.parse().ok())
}

impl Store for SqliteStore {
    fn content_hashes(&self, ids: &[&DocId]) -> Result<Vec<(DocId, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT content_hash FROM documents WHERE id = ?1")
            .map_err(db_err)?;
        let mut out = Vec::new();
        for id in ids {
            let hash: Option<String> =
                stmt.query_row([&id.0], |r| r.get(0)).optional().map_err(db_err)?;
            if let Some(hash) = hash {
                out.push(((*id).clone(), hash));
            }
        }
        Ok(out)
    }

    fn put_documents(
        &mut self,
        batch: &[(Document, Analysis)],
    ) -> Result<Vec<PutOutcome>, StoreError> {
        let tx = self.conn.transaction().map_err(db_err)?;
        let stamp = now();
        let mut outcomes = Vec::with_capacity(batch.len());
        {
            let mut find = tx
                .prepare_cached("SELECT content_hash FROM documents WHERE id = ?1")
                .map_err(db_err)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO documents (id, source, url, title, published, declared_language,
                        language, format, content_hash, body, analysis, sentences, stored_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                .map_err(db_err)?;
            let mut update = tx
                .prepare_cached(
                    "UPDATE documents SET source = ?2, url = ?3, title = ?4, published = ?5,
                        declared_language = ?6, language = ?7, format = ?8, content_hash = ?9,
                        body = ?10, analysis = ?11, sentences = ?12, updated_at = ?13
                     WHERE id = ?1",
                )
                .map_err(db_err)?;
            for (doc, analysis) in batch {
                let hash = doc.content_hash();
                let stored: Option<String> =
                    find.query_row([&doc.id.0], |r| r.get(0)).optional().map_err(db_err)?;
                let outcome = match stored {
                    Some(h) if h == hash => {
                        outcomes.push(PutOutcome::Unchanged);
                        continue;
                    }
                    Some(_) => PutOutcome::Updated,
                    None => PutOutcome::Added,
                };
                // Tokens are cheap to recompute and would triple the file size.
                let mut kept = analysis.clone();
                kept.tokens.clear();
                let json = serde_json::to_string(&kept)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let values = params![
                    doc.id.0,
                    doc.source,
                    doc.url,
                    doc.title,
                    doc.published.map(|d| d.to_string()),
                    doc.declared_language,
                    analysis.language.code(),
                    doc.format.as_str(),
                    hash,
                    doc.text,
                    json,
                    analysis.sentences.len() as i64,
                    stamp,
                ];
                match outcome {
                    PutOutcome::Added => insert.execute(values).map_err(db_err)?,
                    _ => update.execute(values).map_err(db_err)?,
                };
                outcomes.push(outcome);
            }
        }
        tx.commit().map_err(db_err)?;
        Ok(outcomes)
    }

    fn put_rejects(&mut self, rejects: &[Reject]) -> Result<(), StoreError> {
        let tx = self.conn.transaction().map_err(db_err)?;
        let stamp = now();
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO rejects (input, location, reason, seen) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (input, location, reason) DO UPDATE SET seen = excluded.seen",
                )
                .map_err(db_err)?;
            for r in rejects {
                stmt.execute(params![r.input, r.location.as_deref().unwrap_or(""), r.reason, stamp])
                    .map_err(db_err)?;
            }
        }
        tx.commit().map_err(db_err)
    }

    fn documents(&self) -> Result<Vec<DocumentSummary>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("{SUMMARY_SELECT} ORDER BY seq")).map_err(db_err)?;
        let rows = stmt.query_map([], summary_row).map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    fn document_summaries(&self, ids: &[&DocId]) -> Result<Vec<DocumentSummary>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        // Chunks keep each statement under SQLite's bound-parameter limit.
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let mut stmt =
                self.conn.prepare(&format!("{SUMMARY_SELECT} WHERE id IN ({marks}) ORDER BY seq")).map_err(db_err)?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(chunk.iter().map(|id| id.0.as_str())), summary_row)
                .map_err(db_err)?;
            for row in rows {
                out.push(row.map_err(db_err)?);
            }
        }
        Ok(out)
    }

    fn document(&self, id_or_prefix: &str) -> Result<Option<StoredDocument>, StoreError> {
        let prefix = id_or_prefix.trim().to_ascii_lowercase();
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, source, url, title, published, declared_language, format, body, analysis
                 FROM documents WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT 2",
            )
            .map_err(db_err)?;
        let mut rows = stmt
            .query_map([&prefix], |r| {
                Ok((
                    Document {
                        id: DocId(r.get(0)?),
                        source: r.get(1)?,
                        url: r.get(2)?,
                        title: r.get(3)?,
                        published: parse_date(r.get(4)?),
                        declared_language: r.get(5)?,
                        format: parse_format(&r.get::<_, String>(6)?),
                        text: r.get(7)?,
                    },
                    r.get::<_, String>(8)?,
                ))
            })
            .map_err(db_err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(db_err)?;
        if rows.len() > 1 {
            return Err(StoreError::Ambiguous(id_or_prefix.to_string()));
        }
        let Some((document, json)) = rows.pop() else { return Ok(None) };
        let analysis =
            serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("{}: {e}", document.id)))?;
        Ok(Some(StoredDocument { document, analysis }))
    }

    fn rejects(&self) -> Result<Vec<StoredReject>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT input, location, reason, seen FROM rejects ORDER BY seen DESC, seq")
            .map_err(db_err)?;
        let rows = stmt
            .query_map([], |r| {
                let location: String = r.get(1)?;
                Ok(StoredReject {
                    reject: Reject {
                        input: r.get(0)?,
                        location: (!location.is_empty()).then_some(location),
                        reason: r.get(2)?,
                    },
                    seen: r.get(3)?,
                })
            })
            .map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    fn put_assignments(&mut self, rows: &[(Assignment, Option<String>)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction().map_err(db_err)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO assignments (doc_id, story, event, duplicate_of, duplicate_similarity,
                        estimated_date, features)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, ''))
                     ON CONFLICT (doc_id) DO UPDATE SET story = excluded.story, event = excluded.event,
                        duplicate_of = excluded.duplicate_of,
                        duplicate_similarity = excluded.duplicate_similarity,
                        estimated_date = excluded.estimated_date,
                        features = coalesce(?7, features)",
                )
                .map_err(db_err)?;
            for (a, features) in rows {
                stmt.execute(params![
                    a.doc.0,
                    a.story,
                    a.event,
                    a.duplicate_of.as_ref().map(|d| d.0.0.clone()),
                    a.duplicate_of.as_ref().map(|d| d.1 as f64),
                    a.estimated_date.map(|d| d.to_string()),
                    features,
                ])
                .map_err(db_err)?;
            }
        }
        tx.commit().map_err(db_err)
    }

    fn assignments(&self) -> Result<Vec<Assignment>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("{ASSIGNMENT_SELECT} ORDER BY seq")).map_err(db_err)?;
        let rows = stmt.query_map([], assignment_row).map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    fn story_assignments(&self, key: &str) -> Result<Vec<Assignment>, StoreError> {
        let key = key.trim();
        // Ids are lower-case hex with dashes; anything else names no story
        // (and could not be a GLOB metacharacter).
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare(&format!(
                "{ASSIGNMENT_SELECT} WHERE story IN (
                    SELECT story FROM assignments WHERE story GLOB ?1 || '*' OR story GLOB 's-' || ?1 || '*'
                    UNION SELECT story FROM assignments WHERE doc_id = ?1)
                 ORDER BY seq"
            ))
            .map_err(db_err)?;
        let rows = stmt.query_map([key], assignment_row).map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    fn cluster_features(&self) -> Result<Vec<(DocId, String)>, StoreError> {
        let mut stmt =
            self.conn.prepare("SELECT doc_id, features FROM assignments ORDER BY seq").map_err(db_err)?;
        let rows = stmt.query_map([], |r| Ok((DocId(r.get(0)?), r.get(1)?))).map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    fn put_entities(
        &mut self,
        entities: &[&Entity],
        replaced: &[DocId],
        mentions: &[ResolvedMention],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction().map_err(db_err)?;
        {
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO entities (id, type, canonical, mentions, data) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (id) DO UPDATE SET type = excluded.type, canonical = excluded.canonical,
                        mentions = excluded.mentions, data = excluded.data",
                )
                .map_err(db_err)?;
            for e in entities {
                let data = serde_json::to_string(e).map_err(|err| StoreError::Corrupt(err.to_string()))?;
                upsert.execute(params![e.id, e.kind.code(), e.canonical, e.mentions, data]).map_err(db_err)?;
            }
            let mut clear = tx.prepare_cached("DELETE FROM entity_mentions WHERE doc = ?1").map_err(db_err)?;
            for doc in replaced {
                clear.execute([&doc.0]).map_err(db_err)?;
            }
            let mut last: Option<&DocId> = None;
            for m in mentions {
                if last != Some(&m.doc) {
                    clear.execute([&m.doc.0]).map_err(db_err)?;
                    last = Some(&m.doc);
                }
            }
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO entity_mentions (doc, start, end, entity, text, type, role)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(db_err)?;
            for m in mentions {
                insert
                    .execute(params![m.doc.0, m.start as i64, m.end as i64, m.entity, m.text, m.kind.code(), m.role])
                    .map_err(db_err)?;
            }
        }
        tx.commit().map_err(db_err)
    }

    fn entities(&self) -> Result<Vec<Entity>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT data FROM entities ORDER BY seq").map_err(db_err)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(db_err)?;
        let mut out = Vec::new();
        for json in rows {
            let json = json.map_err(db_err)?;
            out.push(serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("entity: {e}")))?);
        }
        Ok(out)
    }

    fn entity_mentions(&self, entity: &str) -> Result<Vec<ResolvedMention>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.doc, m.start, m.end, m.text, m.type, m.role FROM entity_mentions m
                 JOIN documents d ON d.id = m.doc WHERE m.entity = ?1 ORDER BY d.seq, m.start",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([entity], |r| {
                Ok(ResolvedMention {
                    doc: DocId(r.get(0)?),
                    start: r.get::<_, i64>(1)? as usize,
                    end: r.get::<_, i64>(2)? as usize,
                    text: r.get(3)?,
                    kind: EntityType::from_code(&r.get::<_, String>(4)?),
                    role: r.get(5)?,
                    entity: entity.to_string(),
                })
            })
            .map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    fn document_mentions(&self, doc: &DocId) -> Result<Vec<ResolvedMention>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT start, end, entity, text, type, role FROM entity_mentions WHERE doc = ?1 ORDER BY start",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([&doc.0], |r| {
                Ok(ResolvedMention {
                    doc: doc.clone(),
                    start: r.get::<_, i64>(0)? as usize,
                    end: r.get::<_, i64>(1)? as usize,
                    entity: r.get(2)?,
                    text: r.get(3)?,
                    kind: EntityType::from_code(&r.get::<_, String>(4)?),
                    role: r.get(5)?,
                })
            })
            .map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    fn entity(&self, id: &str) -> Result<Option<Entity>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT data FROM entities WHERE id = ?1").map_err(db_err)?;
        let mut rows = stmt.query_map([id], |r| r.get::<_, String>(0)).map_err(db_err)?;
        match rows.next() {
            Some(json) => {
                let json = json.map_err(db_err)?;
                Ok(Some(serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("entity {id}: {e}")))?))
            }
            None => Ok(None),
        }
    }

    fn resolved_documents(&self) -> Result<Vec<DocId>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT DISTINCT doc FROM entity_mentions").map_err(db_err)?;
        let rows = stmt.query_map([], |r| Ok(DocId(r.get(0)?))).map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    /// File stores keep their index beside them; an in-memory store indexes
    /// only once its index has been asked for.
    fn index_batch(&mut self, batch: &IndexBatch) -> Result<(), StoreError> {
        if self.path.is_none() && self.search.is_none() {
            return Ok(());
        }
        let index = self.search_index()?;
        index.add(batch)
    }
}

const SUMMARY_SELECT: &str = "SELECT id, source, url, title, published, language, sentences,
        length(CAST(body AS BLOB)), substr(body, 1, 300) FROM documents";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: DocId(r.get(0)?),
        source: r.get(1)?,
        url: r.get(2)?,
        title: r.get(3)?,
        published: parse_date(r.get(4)?),
        language: Lang::from_code(&r.get::<_, String>(5)?).unwrap_or(Lang::UNKNOWN),
        sentences: r.get::<_, i64>(6)? as usize,
        bytes: r.get::<_, i64>(7)? as usize,
        opening: r.get(8)?,
    })
}

const ASSIGNMENT_SELECT: &str =
    "SELECT doc_id, story, event, duplicate_of, duplicate_similarity, estimated_date FROM assignments";

fn assignment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Assignment> {
    let dup: Option<String> = r.get(3)?;
    let sim: Option<f64> = r.get(4)?;
    Ok(Assignment {
        doc: DocId(r.get(0)?),
        story: r.get(1)?,
        event: r.get(2)?,
        duplicate_of: dup.map(|d| (DocId(d), sim.unwrap_or(0.0) as f32)),
        estimated_date: parse_date(r.get(5)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyzeOptions, analyze};

    fn doc(origin: &str, text: &str) -> (Document, Analysis) {
        let d = Document::new(Some(origin), origin.into(), Format::Text, text.into());
        let a = analyze(&d.text, &AnalyzeOptions::default());
        (d, a)
    }

    #[test]
    fn second_put_is_unchanged_and_changed_content_updates() {
        let mut s = SqliteStore::in_memory().unwrap();
        let a = doc("a", "The river rose overnight.");
        let b = doc("b", "The bridge stayed closed.");
        assert_eq!(
            s.put_documents(&[a.clone(), b.clone()]).unwrap(),
            vec![PutOutcome::Added, PutOutcome::Added]
        );
        assert_eq!(s.put_documents(std::slice::from_ref(&a)).unwrap(), vec![PutOutcome::Unchanged]);
        let a2 = doc("a", "The river rose again overnight.");
        assert_eq!(a2.0.id, a.0.id);
        assert_eq!(s.put_documents(&[a2]).unwrap(), vec![PutOutcome::Updated]);
        let docs = s.documents().unwrap();
        assert_eq!(docs.len(), 2);
        let got = s.document(&a.0.id.0[..6]).unwrap().unwrap();
        assert_eq!(got.document.text, "The river rose again overnight.");
        assert_eq!(got.document.source, "a");
    }

    #[test]
    fn rejects_are_kept_once() {
        let mut s = SqliteStore::in_memory().unwrap();
        let r = Reject { input: "x.bin".into(), location: None, reason: "binary file".into() };
        s.put_rejects(std::slice::from_ref(&r)).unwrap();
        s.put_rejects(std::slice::from_ref(&r)).unwrap();
        let got = s.rejects().unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].reject, r);
    }

    #[test]
    fn reopening_keeps_schema_and_documents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        {
            let mut s = SqliteStore::open(&path).unwrap();
            s.put_documents(&[doc("a", "Text.")]).unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(s.documents().unwrap().len(), 1);
        assert!(s.document("zz").unwrap().is_none());
    }

    #[test]
    fn assignments_round_trip_and_keep_features_when_moved() {
        let mut s = SqliteStore::in_memory().unwrap();
        let (d, a) = doc("a", "The river rose overnight.");
        s.put_documents(&[(d.clone(), a)]).unwrap();
        let mut x = Assignment {
            doc: d.id.clone(),
            story: "s-1".into(),
            event: "e-1".into(),
            duplicate_of: None,
            estimated_date: Some(jiff::civil::date(2025, 3, 12)),
        };
        s.put_assignments(&[(x.clone(), Some("{}".into()))]).unwrap();
        x.event = "e-2".into();
        s.put_assignments(&[(x.clone(), None)]).unwrap();
        assert_eq!(s.assignments().unwrap(), vec![x]);
        assert_eq!(s.cluster_features().unwrap(), vec![(d.id, "{}".to_string())]);
    }

    #[test]
    fn one_story_is_read_by_id_prefix_or_article() {
        let mut s = SqliteStore::in_memory().unwrap();
        let docs: Vec<_> = ["The river rose.", "The river fell.", "A new mayor took office."]
            .iter()
            .enumerate()
            .map(|(i, t)| doc(&format!("d{i}"), t))
            .collect();
        s.put_documents(&docs).unwrap();
        let assign = |i: usize, story: &str| Assignment {
            doc: docs[i].0.id.clone(),
            story: story.into(),
            event: format!("e-{story}"),
            duplicate_of: None,
            estimated_date: None,
        };
        let rows = [assign(0, "s-ab12"), assign(1, "s-ab12"), assign(2, "s-cd34")];
        s.put_assignments(&rows.iter().map(|a| (a.clone(), Some(String::new()))).collect::<Vec<_>>()).unwrap();
        let story_of = |key: &str| -> Vec<String> { s.story_assignments(key).unwrap().into_iter().map(|a| a.doc.0).collect() };
        let river = vec![docs[0].0.id.0.clone(), docs[1].0.id.0.clone()];
        assert_eq!(story_of("s-ab12"), river);
        assert_eq!(story_of("ab"), river);
        assert_eq!(story_of(&docs[1].0.id.0), river);
        assert_eq!(story_of("s-").len(), 3, "a prefix of both names both");
        assert!(story_of("zz").is_empty() && story_of("a*").is_empty());
        let ids: Vec<&DocId> = vec![&docs[2].0.id];
        let lines = s.document_summaries(&ids).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].opening, "A new mayor took office.");
    }
}
