//! The ingest pipeline: read inputs, analyse new or changed documents in
//! parallel, store them in batches.
//!
//! Reading runs on its own thread and feeds a bounded channel, so memory
//! stays flat however large the input. A batch is analysed while the one
//! before it is stored. Each batch is one transaction: a run killed at any
//! moment and run again ends with every document stored once.

use std::path::PathBuf;
use std::sync::mpsc;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::{self, Analysis, AnalyzeOptions, StepTimes};
use crate::document::Document;
use crate::ingest::{self, Item, Limits, Reject};
use crate::lang::Lang;
use crate::resolve::{self, EntityIndex};
use crate::store::{PutOutcome, Store, StoreError};

/// One input to ingest.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file or a directory (read recursively).
    Path(PathBuf),
    /// Bytes already in memory: standard input (`origin` None) or an embedded
    /// file (`origin` a stable key such as `demo:001.txt`).
    Bytes { name: String, origin: Option<String>, bytes: Vec<u8> },
}

/// What a run did, so far or in all.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    /// Files opened (standard input counts as one).
    pub files: u64,
    /// WARC responses skipped because they hold no HTML (images, PDFs,
    /// redirects): not articles, so not rejects, but counted.
    pub skipped_records: u64,
    /// Documents read from the inputs.
    pub read: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Bytes of article text read.
    pub bytes: usize,
    pub rejects: Vec<Reject>,
}

/// How the pipeline runs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub limits: Limits,
    /// Documents analysed and stored per transaction.
    pub batch_size: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { limits: Limits::default(), batch_size: 256 }
    }
}

/// Ingests `inputs` into `store`, calling `progress` after every batch.
pub fn ingest(
    inputs: Vec<Input>,
    store: &mut dyn Store,
    options: &IngestOptions,
    progress: &mut dyn FnMut(&IngestSummary),
) -> Result<IngestSummary, StoreError> {
    let (tx, rx) = mpsc::sync_channel::<Item>(options.batch_size * 2);
    let limits = options.limits.clone();
    let reader = std::thread::spawn(move || {
        let mut send = |item: Item| {
            // The receiver only goes away on a store error, and then nothing
            // waits for what is still read.
            let _ = tx.send(item);
        };
        let mut read = ingest::Summary::default();
        for input in inputs {
            match input {
                Input::Path(path) => {
                    let s = ingest::read_path_summary(&path, &limits, &mut send);
                    read.files += s.files;
                    read.skipped_records += s.skipped_records;
                }
                Input::Bytes { name, origin, bytes } => {
                    read.files += 1;
                    ingest::read_bytes(&name, origin.as_deref(), &bytes, &mut send)
                }
            }
        }
        read
    });

    let mut summary = IngestSummary::default();
    // On a store error the reader is not joined: the error is reported at
    // once rather than after the rest of a large input has been read.
    store_all(rx, store, options.batch_size, &mut summary, progress)?;
    if let Ok(read) = reader.join() {
        summary.files = read.files;
        summary.skipped_records = read.skipped_records;
    }
    progress(&summary);
    Ok(summary)
}

/// Cuts what is read into batches and stores them in input order. Each
/// batch is analysed while the one before it is stored: storing,
/// resolution, clustering and indexing run on one thread, and without the
/// overlap one of two cores idled through them (ingest of 4,000 benchmark
/// articles: 8.9 s → 6.6 s).
fn store_all(
    rx: mpsc::Receiver<Item>,
    store: &mut dyn Store,
    batch_size: usize,
    summary: &mut IngestSummary,
    progress: &mut dyn FnMut(&IngestSummary),
) -> Result<(), StoreError> {
    // Stories and events are assigned after each stored batch, in input order.
    let mut clusterer = crate::cluster::persist::load(store, crate::cluster::Config::default())?;
    let mut entities = resolve::persist::load(store)?;
    let mut input = rx.into_iter();
    // Analysed, not yet stored.
    let mut pending: Option<Vec<(Document, Analysis)>> = None;
    let mut ended = false;
    while !ended {
        let mut batch = Vec::with_capacity(batch_size);
        let mut rejects = Vec::new();
        while batch.len() < batch_size && !ended {
            match input.next() {
                Some(Item::Document(doc)) => batch.push(doc),
                Some(Item::Reject(reject)) => rejects.push(reject),
                None => ended = true,
            }
        }
        if !rejects.is_empty() {
            store.put_rejects(&rejects)?;
            summary.rejects.append(&mut rejects);
        }
        let fresh = unseen(batch, &*store, summary)?;
        let analysed = std::thread::scope(|scope| {
            let analysing = scope.spawn(|| analyse(fresh));
            if let Some(before) = pending.take() {
                store_batch(before, store, &mut clusterer, &mut entities, summary)?;
            }
            Ok::<_, StoreError>(analysing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        })?;
        pending = Some(analysed);
        progress(summary);
    }
    match pending {
        Some(last) => store_batch(last, store, &mut clusterer, &mut entities, summary),
        None => Ok(()),
    }
}

/// The documents of `batch` to analyse: those not already stored exactly
/// so (the same text and metadata). Counts the batch as read and the others
/// as unchanged. A repeat of a document still waiting to be stored is
/// analysed again, and storing counts it unchanged.
fn unseen(batch: Vec<Document>, store: &dyn Store, summary: &mut IngestSummary) -> Result<Vec<Document>, StoreError> {
    summary.read += batch.len();
    summary.bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
    let ids: Vec<_> = batch.iter().map(|d| &d.id).collect();
    let stored: std::collections::HashMap<_, _> = store.content_hashes(&ids)?.into_iter().collect();
    let (same, fresh): (Vec<_>, Vec<_>) =
        batch.into_iter().partition(|d| stored.get(&d.id).is_some_and(|h| *h == d.content_hash()));
    summary.unchanged += same.len();
    Ok(fresh)
}

/// Analyses documents in parallel, each with the options its metadata implies.
fn analyse(docs: Vec<Document>) -> Vec<(Document, Analysis)> {
    let options: Vec<AnalyzeOptions> = docs.iter().map(options_for).collect();
    let analyses: Vec<_> = docs
        .par_chunks(analysis::BATCH)
        .zip(options.par_chunks(analysis::BATCH))
        .flat_map_iter(|(docs, options)| {
            let inputs: Vec<_> = docs.iter().map(|d| d.text.as_str()).zip(options).collect();
            analysis::analyze_batch(&inputs, &mut StepTimes::default())
        })
        .collect();
    docs.into_iter().zip(analyses).collect()
}

/// Stores an analysed batch in one transaction, then resolves its entities,
/// assigns its stories and events, and indexes it for search.
fn store_batch(
    analysed: Vec<(Document, Analysis)>,
    store: &mut dyn Store,
    clusterer: &mut crate::cluster::Clusterer,
    entities: &mut EntityIndex,
    summary: &mut IngestSummary,
) -> Result<(), StoreError> {
    if analysed.is_empty() {
        return Ok(());
    }
    let mut changed = Vec::new();
    for (outcome, (doc, analysis)) in store.put_documents(&analysed)?.into_iter().zip(&analysed) {
        match outcome {
            PutOutcome::Added => summary.added += 1,
            PutOutcome::Updated => summary.updated += 1,
            PutOutcome::Unchanged => summary.unchanged += 1,
        }
        if outcome != PutOutcome::Unchanged {
            changed.push((doc, analysis));
        }
    }
    // Entities after the batch is stored, in input order; then stories and
    // events, which use the resolved entities as cross-lingual features.
    let resolved = resolve::persist::add_batch(entities, store, &changed)?;
    let mentions: Vec<_> = resolved.iter().map(|c| c.mentions.as_slice()).collect();
    let assigned = crate::cluster::persist::cluster_batch(clusterer, store, &changed, &mentions)?;
    let touched: std::collections::BTreeSet<&str> =
        resolved.iter().flat_map(|c| c.created.iter().chain(&c.updated)).map(String::as_str).collect();
    let touched: Vec<_> = touched.into_iter().filter_map(|id| entities.get(id)).collect();
    let stories = stories_of(store, &assigned)?;
    store.index_batch(&crate::store::IndexBatch {
        docs: &changed,
        assignments: &assigned,
        entities: &touched,
        stories: &stories,
    })?;
    drop(stories);
    drop(analysed);
    release_freed_memory();
    Ok(())
}

/// Hands memory freed by a batch back to the system. glibc keeps what a
/// batch's analyses, search entries and SQLite rows freed in its per-thread
/// arenas, between blocks of the clusterer's long-lived state, so the
/// resident size crept up batch after batch: `bench --docs 10000` peaked at
/// 404 MB without this trim and 317 MB with it, at the same speed (one call per
/// batch of 256 documents). The `storyline` binary allocates through
/// mimalloc, which returns freed pages itself; SQLite still uses malloc.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The stories `assigned` puts documents in, as they now stand in `store`
/// (what the search index keeps of each story).
pub fn stories_of(
    store: &dyn Store,
    assigned: &[crate::cluster::Assignment],
) -> Result<Vec<crate::cluster::summary::StorySummary>, StoreError> {
    let ids: std::collections::BTreeSet<&str> = assigned.iter().map(|a| a.story.as_str()).collect();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let rows = store.story_assignments(id)?;
        let docs: Vec<_> = rows.iter().map(|a| &a.doc).collect();
        let summaries = store.document_summaries(&docs)?;
        out.extend(crate::cluster::summary::stories(&summaries, &rows));
    }
    Ok(out)
}

/// The analysis options a document's own metadata implies.
pub fn options_for(doc: &Document) -> AnalyzeOptions {
    AnalyzeOptions {
        language: doc.declared_language.as_deref().and_then(Lang::from_code),
        published: doc.published,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;

    const REPORTS: [(&str, &str, &str); 5] = [
        ("a", "2031-05-02", "Floods closed the Tarrow bridge in Eskholm on Tuesday, mayor Lena Brask said."),
        ("b", "2031-05-02", "Mayor Lena Brask said the Tarrow bridge in Eskholm would stay shut until Friday."),
        ("c", "2031-05-03", "Översvämningarna stängde Tarrowbron i Eskholm i tisdags, enligt Lena Brask."),
        ("d", "2031-06-20", "The Velden Orchestra opened its summer season in Marrack with a new symphony."),
        ("e", "2031-06-21", "Critics praised the Velden Orchestra's new symphony in Marrack on Friday."),
    ];

    fn jsonl(ids: &[&str]) -> Input {
        let lines: Vec<String> = ids
            .iter()
            .map(|id| {
                let (_, date, text) = REPORTS.iter().find(|r| r.0 == *id).unwrap();
                serde_json::json!({ "id": id, "published": date, "text": text }).to_string()
            })
            .collect();
        Input::Bytes { name: "t.jsonl".into(), origin: Some("test:t.jsonl".into()), bytes: lines.join("\n").into_bytes() }
    }

    fn run(ids: &[&str], batch_size: usize) -> (SqliteStore, IngestSummary) {
        let mut store = SqliteStore::in_memory().unwrap();
        let options = IngestOptions { batch_size, ..IngestOptions::default() };
        let summary = ingest(vec![jsonl(ids)], &mut store, &options, &mut |_| {}).unwrap();
        (store, summary)
    }

    #[test]
    fn a_document_repeated_in_the_next_batch_is_stored_once() {
        // With batches of two, the second "a" arrives while the first is
        // analysed but not yet stored.
        let (store, summary) = run(&["a", "b", "a", "c"], 2);
        assert_eq!((summary.read, summary.added, summary.unchanged), (4, 3, 1));
        assert_eq!(store.documents().unwrap().len(), 3);
    }

    #[test]
    fn batch_size_does_not_change_what_is_stored() {
        // Batches are analysed while the one before is stored; the stories,
        // events and entities must come out as from one batch.
        let ids = ["a", "b", "c", "d", "e"];
        let entities = |store: &SqliteStore| {
            let mut all = store.entities().unwrap();
            all.sort_by(|a, b| a.id.cmp(&b.id));
            all
        };
        let (one, _) = run(&ids, 100);
        for size in [1, 2, 3] {
            let (store, summary) = run(&ids, size);
            assert_eq!(summary.added, 5);
            assert_eq!(store.assignments().unwrap(), one.assignments().unwrap(), "batches of {size}");
            assert_eq!(entities(&store), entities(&one), "batches of {size}");
        }
    }
}
