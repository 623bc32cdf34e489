//! Full-text search over the stored corpus, with tantivy.
//!
//! One index holds four kinds of entries: documents (title and body),
//! quotations (their words, with the speaker as title), entities (the
//! canonical name, with aliases and roles as body) and stories (their title,
//! with the titles of their articles as body, each in its own language). Text is analysed per
//! language: each language with full support gets its own `title_<code>` and
//! `body_<code>` fields, with the stemmer its `search.toml` names; anything
//! else goes to the unstemmed `und` fields (entity names always do, as names
//! are not stemmed). A query is run against every language's fields.
//!
//! The index lives beside the SQLite file (`<db>.index/`), is updated after
//! each ingested batch ([`crate::store::Store::index_batch`]) and is rebuilt
//! from the store when missing or of an older layout. Story and entity
//! filters are resolved through the store at query time (assignments can
//! move), so they are never stale. It does not rank by date or merge hits of
//! one story.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery, TermSetQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::{Store, StoreError};
use crate::analysis::Analysis;
use crate::cluster::Assignment;
use crate::cluster::summary::StorySummary;
use crate::document::{DocId, Document};
use crate::lang::{self, Lang};
use crate::resolve::Entity;

/// Bump when the schema or analysers change: an older index is rebuilt.
const LAYOUT: &str = "2";
const LAYOUT_FILE: &str = "storyline-layout";
/// The code of the fields for text of no fully supported language.
const OTHER: &str = "und";

/// Per-language search settings (`resources/lang/<code>/search.toml`).
#[derive(Debug, Deserialize)]
struct Resources {
    /// The Snowball stemmer for the language (tantivy's name, e.g. "English").
    stemmer: Option<Language>,
}

static RESOURCES: LazyLock<Vec<(Lang, Resources)>> =
    LazyLock::new(|| lang::load_resources(&crate::per_language!("search.toml"), "search.toml"));

/// What kind of entry a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Document,
    Quote,
    Entity,
    Story,
}

impl HitKind {
    /// Its name, as [`parse`](Self::parse) reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Document => "document",
            HitKind::Quote => "quote",
            HitKind::Entity => "entity",
            HitKind::Story => "story",
        }
    }

    /// The kind named `s` (`document`, `quote`, `entity`, `story`).
    pub fn parse(s: &str) -> Option<HitKind> {
        [HitKind::Document, HitKind::Quote, HitKind::Entity, HitKind::Story].into_iter().find(|k| k.as_str() == s)
    }
}

/// A search request. Empty filters match everything.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchQuery {
    /// Query text (words, "phrases", +must, -not, field-less).
    pub q: String,
    /// Only entries in this language (ISO 639-1 code).
    pub lang: Option<String>,
    /// Only entries dated on or after / on or before these days.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Only entries of this outlet (URL host or input name, as in story sources).
    pub source: Option<String>,
    /// Only entries from the documents of this story (id or prefix).
    pub story: Option<String>,
    /// Only entries from documents that mention this entity (id).
    pub entity: Option<String>,
    /// Only this kind of entry.
    pub kind: Option<HitKind>,
    /// At most this many hits (default 20, at most 200), after `offset`.
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub kind: HitKind,
    /// Document id, quote id (`<doc>:<start>-<end>`), entity id or story id.
    pub id: String,
    /// The document of a document or quote hit.
    pub doc: Option<DocId>,
    /// Title, speaker or entity name.
    pub title: Option<String>,
    /// Part of the text around the matched words.
    pub snippet: String,
    /// Byte ranges of the matched words within `snippet`.
    pub highlights: Vec<(usize, usize)>,
    pub language: String,
    pub date: Option<Date>,
    pub source: Option<String>,
    /// The story the document was in when indexed (may since have moved).
    pub story: Option<String>,
    /// For a quote: its byte span in the document.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub score: f32,
}

/// The hits of one search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// How many entries match in all.
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

/// What one ingested batch adds to the index.
#[derive(Debug, Clone, Copy)]
pub struct IndexBatch<'a> {
    /// Documents stored new or changed, with their analyses.
    pub docs: &'a [(&'a Document, &'a Analysis)],
    /// Their story assignments.
    pub assignments: &'a [Assignment],
    /// Entities created or changed by the batch.
    pub entities: &'a [&'a Entity],
    /// The stories the batch's documents are now in, as they now stand.
    pub stories: &'a [StorySummary],
}

#[derive(Clone)]
struct Fields {
    kind: Field,
    id: Field,
    doc: Field,
    lang: Field,
    source: Field,
    story: Field,
    day: Field,
    start: Field,
    end: Field,
    /// (language code, title field, body field), the `und` fields last.
    text: Vec<(&'static str, Field, Field)>,
}

impl Fields {
    fn text_for(&self, code: &str) -> (Field, Field) {
        let (_, t, b) = self.text.iter().find(|(c, _, _)| *c == code).unwrap_or_else(|| self.text.last().expect("und fields"));
        (*t, *b)
    }
}

fn analyser_name(code: &str) -> String {
    format!("storyline_{code}")
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let num = NumericOptions::default().set_indexed().set_fast().set_stored();
    let kind = b.add_text_field("kind", STRING | STORED);
    let id = b.add_text_field("id", STRING | STORED);
    let doc = b.add_text_field("doc", STRING | STORED);
    let lang = b.add_text_field("lang", STRING | STORED);
    let source = b.add_text_field("source", STRING | STORED);
    let story = b.add_text_field("story", STRING | STORED);
    let day = b.add_i64_field("day", num.clone());
    let start = b.add_u64_field("start", STORED);
    let end = b.add_u64_field("end", STORED);
    let codes = RESOURCES.iter().map(|(l, _)| l.code()).chain([OTHER]);
    let text = codes
        .map(|code| {
            let opts = TextOptions::default().set_stored().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&analyser_name(code))
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            );
            let t = b.add_text_field(&format!("title_{code}"), opts.clone());
            let body = b.add_text_field(&format!("body_{code}"), opts);
            (code, t, body)
        })
        .collect();
    (b.build(), Fields { kind, id, doc, lang, source, story, day, start, end, text })
}

fn register_analysers(index: &Index) {
    let base = || {
        TextAnalyzer::builder(SimpleTokenizer::default()).filter(RemoveLongFilter::limit(40)).filter(LowerCaser)
    };
    for (lang, res) in RESOURCES.iter() {
        // Stem before folding: the Snowball stemmers expect the letters of their language.
        let analyser = match res.stemmer {
            Some(s) => base().filter(Stemmer::new(s)).filter(AsciiFoldingFilter).build(),
            None => base().filter(AsciiFoldingFilter).build(),
        };
        index.tokenizers().register(&analyser_name(lang.code()), analyser);
    }
    index.tokenizers().register(&analyser_name(OTHER), base().filter(AsciiFoldingFilter).build());
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(format!("search index: {e}"))
}

/// Days as a sortable number (yyyymmdd).
fn day_number(d: Date) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

fn from_day_number(n: i64) -> Option<Date> {
    Date::new((n / 10_000) as i16, ((n / 100) % 100) as i8, (n % 100) as i8).ok()
}

/// The outlet of a document: its URL's host, else its source without `#record`
/// (the same key as [`crate::cluster::summary::source_key`]).
fn outlet(doc: &Document) -> String {
    if let Some(url) = &doc.url {
        let rest = url.split("://").nth(1).unwrap_or(url);
        return rest.split('/').next().unwrap_or(rest).to_ascii_lowercase();
    }
    doc.source.split('#').next().unwrap_or(&doc.source).to_string()
}

/// The full-text index of one store.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// One writer at a time within this process (tantivy also locks across processes).
    write: Mutex<()>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Where the index of the database at `db` lives.
    pub fn dir_for(db: &Path) -> PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(".index");
        PathBuf::from(name)
    }

    /// An index in memory (tests, in-memory stores).
    pub fn in_ram() -> Result<SearchIndex, StoreError> {
        let (schema, fields) = schema();
        Self::finish(Index::create_in_ram(schema), fields)
    }

    /// Opens the index of the database at `db`, creating an empty one when it
    /// is missing or of an older layout. The flag says whether it is new (and
    /// so should be [`rebuild`](Self::rebuild)t).
    pub fn open(db: &Path) -> Result<(SearchIndex, bool), StoreError> {
        let dir = Self::dir_for(db);
        let layout = std::fs::read_to_string(dir.join(LAYOUT_FILE)).ok();
        let (schema, fields) = schema();
        if layout.as_deref() == Some(LAYOUT) {
            if let Ok(index) = Index::open_in_dir(&dir) {
                return Ok((Self::finish(index, fields)?, false));
            }
        }
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(err)?;
        }
        std::fs::create_dir_all(&dir).map_err(err)?;
        let index = Index::create_in_dir(&dir, schema).map_err(err)?;
        std::fs::write(dir.join(LAYOUT_FILE), LAYOUT).map_err(err)?;
        Ok((Self::finish(index, fields)?, true))
    }

    /// Opens the index of the database at `db`, rebuilding it from `store` if needed.
    pub fn open_or_rebuild(db: &Path, store: &dyn Store) -> Result<SearchIndex, StoreError> {
        let (index, fresh) = Self::open(db)?;
        if fresh {
            index.rebuild(store)?;
        }
        Ok(index)
    }

    fn finish(index: Index, fields: Fields) -> Result<SearchIndex, StoreError> {
        register_analysers(&index);
        // Reloads on commits by other processes too (the CLI ingesting while a server runs).
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into().map_err(err)?;
        Ok(SearchIndex { index, reader, fields, write: Mutex::new(()) })
    }

    fn writer(&self) -> Result<IndexWriter, StoreError> {
        // Another process may hold the lock for a moment (one batch): wait a little.
        let mut tries = 0;
        loop {
            match self.index.writer_with_num_threads(1, 30_000_000) {
                Ok(w) => return Ok(w),
                Err(tantivy::TantivyError::LockFailure(..)) if tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(e) => return Err(err(e)),
            }
        }
    }

    /// Adds (or replaces) the documents, quotes and entities of one batch.
    pub fn add(&self, batch: &IndexBatch) -> Result<(), StoreError> {
        let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
        let mut w = self.writer()?;
        let stories: HashMap<&DocId, &Assignment> = batch.assignments.iter().map(|a| (&a.doc, a)).collect();
        for (doc, analysis) in batch.docs {
            self.add_document(&mut w, doc, analysis, stories.get(&doc.id).copied())?;
        }
        for entity in batch.entities {
            self.add_entity(&mut w, entity)?;
        }
        for story in batch.stories {
            self.add_story(&mut w, story)?;
        }
        w.commit().map_err(err)?;
        self.reader.reload().map_err(err)?;
        Ok(())
    }

    /// Empties the index and indexes everything in `store` again. Returns the entries indexed.
    pub fn rebuild(&self, store: &dyn Store) -> Result<usize, StoreError> {
        let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
        let mut w = self.writer()?;
        w.delete_all_documents().map_err(err)?;
        let assignments: HashMap<DocId, Assignment> =
            store.assignments()?.into_iter().map(|a| (a.doc.clone(), a)).collect();
        let mut n = 0;
        for summary in store.documents()? {
            let Some(stored) = store.document(&summary.id.0)? else { continue };
            n += self.add_document(&mut w, &stored.document, &stored.analysis, assignments.get(&summary.id))?;
        }
        for entity in store.entities()? {
            n += self.add_entity(&mut w, &entity)?;
        }
        let stories = crate::cluster::summary::stories(&store.documents()?, &assignments.into_values().collect::<Vec<_>>());
        for story in &stories {
            n += self.add_story(&mut w, story)?;
        }
        w.commit().map_err(err)?;
        self.reader.reload().map_err(err)?;
        Ok(n)
    }

    fn add_document(
        &self,
        w: &mut IndexWriter,
        doc: &Document,
        analysis: &Analysis,
        assignment: Option<&Assignment>,
    ) -> Result<usize, StoreError> {
        let f = &self.fields;
        // A changed document replaces its entry and its quotes.
        w.delete_term(Term::from_field_text(f.doc, &doc.id.0));
        let date = doc.published.or(assignment.and_then(|a| a.estimated_date));
        let source = outlet(doc);
        let story = assignment.map(|a| a.story.as_str());
        let lang = analysis.language.code();
        let common = |kind: HitKind, id: &str, lang: &str| {
            let mut d = TantivyDocument::default();
            d.add_text(f.kind, kind.as_str());
            d.add_text(f.id, id);
            d.add_text(f.doc, &doc.id.0);
            d.add_text(f.lang, lang);
            d.add_text(f.source, &source);
            if let Some(s) = story {
                d.add_text(f.story, s);
            }
            if let Some(date) = date {
                d.add_i64(f.day, day_number(date));
            }
            d
        };
        let (title_f, body_f) = f.text_for(lang);
        let mut d = common(HitKind::Document, &doc.id.0, lang);
        if let Some(t) = &doc.title {
            d.add_text(title_f, t);
        }
        d.add_text(body_f, &doc.text);
        w.add_document(d).map_err(err)?;
        for q in &analysis.quotes {
            let qlang = if q.language == Lang::UNKNOWN { lang } else { q.language.code() };
            let (title_f, body_f) = f.text_for(qlang);
            let mut d = common(HitKind::Quote, &format!("{}:{}-{}", doc.id, q.start, q.end), qlang);
            if let Some(s) = &q.speaker {
                d.add_text(title_f, &s.text);
            }
            d.add_text(body_f, &q.text);
            d.add_u64(f.start, q.start as u64);
            d.add_u64(f.end, q.end as u64);
            w.add_document(d).map_err(err)?;
        }
        Ok(1 + analysis.quotes.len())
    }

    fn add_entity(&self, w: &mut IndexWriter, e: &Entity) -> Result<usize, StoreError> {
        let f = &self.fields;
        w.delete_term(Term::from_field_text(f.id, &e.id));
        let (title_f, body_f) = f.text_for(OTHER);
        let mut d = TantivyDocument::default();
        d.add_text(f.kind, HitKind::Entity.as_str());
        d.add_text(f.id, &e.id);
        d.add_text(f.lang, OTHER);
        d.add_text(title_f, &e.canonical);
        let aliases: Vec<&str> = e.aliases.values().flat_map(|m| m.keys()).map(String::as_str).collect();
        let roles: Vec<&str> = e.roles.keys().map(String::as_str).collect();
        d.add_text(body_f, format!("{}\n{}", aliases.join("; "), roles.join("; ")));
        if let Some(first) = e.first_seen {
            d.add_i64(f.day, day_number(first));
        }
        w.add_document(d).map_err(err)?;
        Ok(1)
    }

    fn add_story(&self, w: &mut IndexWriter, s: &StorySummary) -> Result<usize, StoreError> {
        let f = &self.fields;
        w.delete_term(Term::from_field_text(f.id, &s.id));
        let articles = s.events.iter().flat_map(|e| &e.articles);
        // The title is searched in the language of the article it comes from.
        let lang = articles
            .clone()
            .find(|a| a.title.as_deref() == Some(s.title.as_str()))
            .map_or_else(|| s.languages.first().map_or(OTHER, String::as_str), |a| a.language.as_str());
        let mut d = TantivyDocument::default();
        d.add_text(f.kind, HitKind::Story.as_str());
        d.add_text(f.id, &s.id);
        d.add_text(f.story, &s.id);
        d.add_text(f.lang, lang);
        d.add_text(f.text_for(lang).0, &s.title);
        for a in articles {
            if let Some(t) = &a.title {
                d.add_text(f.text_for(&a.language).1, t);
            }
        }
        // Both ends, so a date range overlapping either finds the story.
        for day in [s.first, s.last].into_iter().flatten() {
            d.add_i64(f.day, day_number(day));
        }
        w.add_document(d).map_err(err)?;
        Ok(1)
    }

    /// Entries in the index (deleted ones not counted).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs `query`; story and entity filters are looked up in `store`.
    pub fn search(&self, store: &dyn Store, query: &SearchQuery) -> Result<SearchResults, StoreError> {
        let docs = doc_filter(store, query)?;
        self.search_within(query, docs.as_deref())
    }

    /// Runs `query` with its story and entity filters already turned into
    /// document ids (`None`: no such filter).
    pub fn search_within(&self, query: &SearchQuery, docs: Option<&[DocId]>) -> Result<SearchResults, StoreError> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let text_fields: Vec<Field> = f.text.iter().flat_map(|(_, t, b)| [*t, *b]).collect();
        let mut parser = QueryParser::for_index(&self.index, text_fields);
        parser.set_conjunction_by_default();
        for (_, t, _) in &f.text {
            parser.set_field_boost(*t, 2.0);
        }
        // Lenient: a stray quote or bracket in user input is not an error.
        let (text_query, _) = parser.parse_query_lenient(query.q.trim());
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        if let Some(l) = query.lang.as_deref().filter(|l| !l.is_empty()) {
            let code = Lang::from_code(l).map_or_else(|| l.to_string(), |l| l.code().to_string());
            must.push((Occur::Must, term(f.lang, &code)));
        }
        if let Some(s) = query.source.as_deref().filter(|s| !s.is_empty()) {
            must.push((Occur::Must, term(f.source, s)));
        }
        if let Some(k) = query.kind {
            must.push((Occur::Must, term(f.kind, k.as_str())));
        }
        if query.from.is_some() || query.to.is_some() {
            let bound = |d: Option<Date>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(f.day, day_number(d))),
                None => Bound::Unbounded,
            };
            must.push((Occur::Must, Box::new(RangeQuery::new(bound(query.from), bound(query.to)))));
        }
        if let Some(ids) = docs {
            let terms = ids.iter().map(|d| Term::from_field_text(f.doc, &d.0));
            must.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        let full = BooleanQuery::new(must);
        let limit = query.limit.unwrap_or(20).clamp(1, 200);
        let offset = query.offset.unwrap_or(0);
        let (top, total) = searcher
            .search(&full, &(TopDocs::with_limit(limit).and_offset(offset).order_by_score(), Count))
            .map_err(err)?;

        // Snippets per body field, made on demand (one per language met).
        let mut generators: BTreeMap<Field, SnippetGenerator> = BTreeMap::new();
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr).map_err(err)?;
            let text = |field: Field| d.get_first(field).and_then(|v| v.as_str().map(str::to_string));
            let lang = text(f.lang).unwrap_or_default();
            let (title_f, body_f) = f.text_for(&lang);
            let body = text(body_f).unwrap_or_default();
            let generator = match generators.entry(body_f) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(v) => {
                    let mut g = SnippetGenerator::create(&searcher, &full, body_f).map_err(err)?;
                    g.set_max_num_chars(200);
                    v.insert(g)
                }
            };
            let snippet = generator.snippet(&body);
            let (fragment, highlights) = if snippet.is_empty() {
                // No query word in the body (a title match): its opening instead.
                let end = body.char_indices().nth(200).map_or(body.len(), |(i, _)| i);
                (body[..end].to_string(), Vec::new())
            } else {
                let h = snippet.highlighted().iter().map(|r| (r.start, r.end)).collect();
                (snippet.fragment().to_string(), h)
            };
            let kind = text(f.kind).as_deref().and_then(HitKind::parse).unwrap_or(HitKind::Document);
            let num = |field: Field| d.get_first(field).and_then(|v| v.as_u64()).map(|n| n as usize);
            hits.push(SearchHit {
                kind,
                id: text(f.id).unwrap_or_default(),
                doc: text(f.doc).map(DocId),
                title: text(title_f),
                snippet: fragment,
                highlights,
                language: lang,
                date: d.get_first(f.day).and_then(|v| v.as_i64()).and_then(from_day_number),
                source: text(f.source),
                story: text(f.story),
                start: num(f.start),
                end: num(f.end),
                score,
            });
        }
        Ok(SearchResults { total, hits })
    }
}

/// The documents a query's story and entity filters allow (`None`: no such filter).
pub fn doc_filter(store: &dyn Store, query: &SearchQuery) -> Result<Option<Vec<DocId>>, StoreError> {
    let mut allowed: Option<Vec<DocId>> = None;
    if let Some(key) = query.story.as_deref().filter(|s| !s.is_empty()) {
        let ids = match crate::story::find(store, key) {
            Ok(s) => s.events.iter().flat_map(|e| &e.articles).map(|a| a.id.clone()).collect(),
            Err(crate::story::StoryError::Store(e)) => return Err(e),
            Err(_) => Vec::new(),
        };
        allowed = Some(ids);
    }
    if let Some(entity) = query.entity.as_deref().filter(|s| !s.is_empty()) {
        let mut ids: Vec<DocId> = store.entity_mentions(entity)?.into_iter().map(|m| m.doc).collect();
        ids.dedup();
        allowed = Some(match allowed {
            Some(prev) => prev.into_iter().filter(|d| ids.contains(d)).collect(),
            None => ids,
        });
    }
    Ok(allowed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{self, IngestOptions, Input};
    use crate::store::SqliteStore;

    const ARTICLES: &str = concat!(
        r#"{"id":"a","title":"Ferry workers strike in Calderport","published":"2031-04-02","language":"en","url":"https://harbour.example/a","text":"Ferry workers in Calderport went on strike on Tuesday. \"We are not moving until the contract is signed,\" said Ilsa Marrow, head of the ferry union. Striking crews blocked the pier."}"#,
        "\n",
        r#"{"id":"b","title":"Färjestrejken i Calderport fortsätter","published":"2031-04-05","language":"sv","url":"https://hamnen.example/b","text":"Strejken bland färjearbetarna i Calderport fortsatte på fredagen. Facket kräver nya avtal för alla besättningar."}"#,
        "\n",
        r#"{"id":"c","title":"New bridge opens","published":"2031-06-01","language":"en","url":"https://harbour.example/c","text":"A new bridge opened over the Caldera river, the city council said on Monday."}"#,
        "\n",
    );

    fn store() -> (SqliteStore, Arc<SearchIndex>) {
        let mut store = SqliteStore::in_memory().unwrap();
        let input = Input::Bytes { name: "t.jsonl".into(), origin: Some("t.jsonl".into()), bytes: ARTICLES.as_bytes().to_vec() };
        pipeline::ingest(vec![input], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
        let index = store.search_index().unwrap();
        (store, index)
    }

    use std::sync::Arc;

    fn ids(r: &SearchResults, kind: HitKind) -> Vec<String> {
        r.hits.iter().filter(|h| h.kind == kind).filter_map(|h| h.doc.as_ref().map(|d| d.0.clone())).collect()
    }

    fn q(text: &str) -> SearchQuery {
        SearchQuery { q: text.into(), ..Default::default() }
    }

    #[test]
    fn stems_per_language_and_filters() {
        let (store, index) = store();
        let docs = store.documents().unwrap();
        let id = |lang: &str, word: &str| {
            docs.iter().find(|d| d.language.code() == lang && d.title.as_deref().unwrap_or("").contains(word)).unwrap().id.0.clone()
        };
        let (en_strike, sv_strike, bridge) = (id("en", "strike"), id("sv", "Calderport"), id("en", "bridge"));

        // English stemming: "strikes" finds "strike"/"striking".
        let r = index.search(&store, &q("strikes")).unwrap();
        assert_eq!(ids(&r, HitKind::Document), vec![en_strike.clone()]);
        assert!(!r.hits[0].highlights.is_empty(), "{:?}", r.hits[0]);
        // Swedish stemming: "strejk" finds "Strejken"; folding: "farjearbetarna" finds "färjearbetarna".
        let r = index.search(&store, &q("strejk")).unwrap();
        assert_eq!(ids(&r, HitKind::Document), vec![sv_strike.clone()]);
        let r = index.search(&store, &q("farjearbetarna")).unwrap();
        assert_eq!(ids(&r, HitKind::Document), vec![sv_strike.clone()]);

        // Filters: language, date range, source.
        let all = index.search(&store, &q("Calderport")).unwrap();
        assert!(ids(&all, HitKind::Document).len() == 2, "{all:?}");
        let sv = index.search(&store, &SearchQuery { lang: Some("sv".into()), ..q("Calderport") }).unwrap();
        assert_eq!(ids(&sv, HitKind::Document), vec![sv_strike.clone()]);
        let early = SearchQuery { to: Some(jiff::civil::date(2031, 4, 3)), kind: Some(HitKind::Document), ..q("Calderport") };
        assert_eq!(ids(&index.search(&store, &early).unwrap(), HitKind::Document), vec![en_strike.clone()]);
        let late = SearchQuery { from: Some(jiff::civil::date(2031, 5, 1)), ..q("opened") };
        assert_eq!(ids(&index.search(&store, &late).unwrap(), HitKind::Document), vec![bridge.clone()]);
        let src = SearchQuery { source: Some("hamnen.example".into()), ..q("Calderport") };
        assert_eq!(ids(&index.search(&store, &src).unwrap(), HitKind::Document), vec![sv_strike]);

        // Quotes are their own entries, with their span in the document.
        let r = index.search(&store, &SearchQuery { kind: Some(HitKind::Quote), ..q("contract") }).unwrap();
        assert_eq!(r.hits.len(), 1, "{r:?}");
        let hit = &r.hits[0];
        let stored = store.document(&en_strike).unwrap().unwrap();
        assert!(stored.document.text[hit.start.unwrap()..hit.end.unwrap()].contains("contract"));

        // Entities too, and the entity filter keeps the documents that mention it.
        let r = index.search(&store, &SearchQuery { kind: Some(HitKind::Entity), ..q("Marrow") }).unwrap();
        assert_eq!(r.hits.len(), 1, "{r:?}");
        let entity = r.hits[0].id.clone();
        let r = index.search(&store, &SearchQuery { entity: Some(entity), kind: Some(HitKind::Document), ..q("ferry") }).unwrap();
        assert_eq!(ids(&r, HitKind::Document), vec![en_strike]);

        // Nonsense syntax is not an error.
        assert!(index.search(&store, &q("\"unclosed (")).is_ok());
    }

    #[test]
    fn file_index_is_rebuilt_when_missing_and_updated_on_ingest() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        let mut store = SqliteStore::open(&db).unwrap();
        let input = Input::Bytes { name: "t.jsonl".into(), origin: Some("t.jsonl".into()), bytes: ARTICLES.as_bytes().to_vec() };
        pipeline::ingest(vec![input], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
        assert!(SearchIndex::dir_for(&db).join(LAYOUT_FILE).exists());
        let bridge = SearchQuery { kind: Some(HitKind::Document), ..q("bridge") };
        let n = store.search_index().unwrap().search(&store, &bridge).unwrap().total;
        assert_eq!(n, 1);
        drop(store);
        std::fs::remove_dir_all(SearchIndex::dir_for(&db)).unwrap();
        let mut store = SqliteStore::open(&db).unwrap();
        let index = store.search_index().unwrap();
        assert_eq!(index.search(&store, &bridge).unwrap().total, 1);
    }

    /// Story entries: written on ingest and on rebuild, found by the titles of
    /// their articles in each article's language.
    #[test]
    fn stories_are_entries_of_their_own() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        let mut store = SqliteStore::open(&db).unwrap();
        let input = Input::Bytes { name: "t.jsonl".into(), origin: Some("t.jsonl".into()), bytes: ARTICLES.as_bytes().to_vec() };
        pipeline::ingest(vec![input], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
        let assignments = store.assignments().unwrap();
        let story_of = |title_word: &str| {
            let doc = store.documents().unwrap().into_iter().find(|d| d.title.as_deref().unwrap_or("").contains(title_word)).unwrap();
            assignments.iter().find(|a| a.doc == doc.id).unwrap().story.clone()
        };
        let (strike, sv_strike, bridge) = (story_of("strike"), story_of("Färjestrejken"), story_of("bridge"));
        assert_ne!(strike, bridge);
        let incremental = store.search_index().unwrap();
        let rebuilt = SearchIndex::in_ram().unwrap();
        rebuilt.rebuild(&store).unwrap();
        let stories = |index: &SearchIndex, text: &str| -> Vec<String> {
            let r = index.search(&store, &SearchQuery { kind: Some(HitKind::Story), ..q(text) }).unwrap();
            r.hits.iter().map(|h| h.id.clone()).collect()
        };
        for index in [&*incremental, &rebuilt] {
            // Swedish stemming ("fortsatte" ~ "fortsätter") on the Swedish title inside the story.
            assert_eq!(stories(index, "fortsatte"), vec![sv_strike.clone()]);
            assert_eq!(stories(index, "striking OR strike"), vec![strike.clone()]);
            assert_eq!(stories(index, "bridge"), vec![bridge.clone()]);
            assert!(stories(index, "nothingsuch").is_empty());
            let dated = SearchQuery { kind: Some(HitKind::Story), from: Some(jiff::civil::date(2031, 5, 1)), ..q("bridge OR ferry") };
            let r = index.search(&store, &dated).unwrap();
            assert_eq!(r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>(), vec![bridge.clone()]);
        }
    }
}
