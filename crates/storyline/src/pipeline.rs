//! The ingest pipeline: read inputs, analyse new or changed documents in
//! parallel, store them in batches.
//!
//! Reading runs on its own thread and feeds a bounded channel, so memory
//! stays flat however large the input. Each batch is one transaction: a run
//! killed at any moment and run again ends with every document stored once.

use std::path::PathBuf;
use std::sync::mpsc;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::{self, AnalyzeOptions, StepTimes};
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
            // The receiver only goes away on a store error; stop reading then.
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

    // Stories and events are assigned after each stored batch, in input order.
    let mut clusterer = crate::cluster::persist::load(store, crate::cluster::Config::default())?;
    let mut entities = resolve::persist::load(store)?;
    let mut summary = IngestSummary::default();
    let mut batch = Vec::with_capacity(options.batch_size);
    let mut rejects = Vec::new();
    let mut result = Ok(());
    for item in rx.iter() {
        match item {
            Item::Document(doc) => batch.push(doc),
            Item::Reject(reject) => rejects.push(reject),
        }
        if batch.len() >= options.batch_size {
            result = flush(&mut batch, &mut rejects, store, &mut clusterer, &mut entities, &mut summary);
            if result.is_err() {
                break;
            }
            progress(&summary);
        }
    }
    if result.is_ok() {
        result = flush(&mut batch, &mut rejects, store, &mut clusterer, &mut entities, &mut summary);
    }
    drop(rx);
    if let Ok(read) = reader.join() {
        summary.files = read.files;
        summary.skipped_records = read.skipped_records;
    }
    result?;
    progress(&summary);
    Ok(summary)
}

fn flush(
    batch: &mut Vec<Document>,
    rejects: &mut Vec<Reject>,
    store: &mut dyn Store,
    clusterer: &mut crate::cluster::Clusterer,
    entities: &mut EntityIndex,
    summary: &mut IngestSummary,
) -> Result<(), StoreError> {
    if !rejects.is_empty() {
        store.put_rejects(rejects)?;
        summary.rejects.append(rejects);
    }
    if batch.is_empty() {
        return Ok(());
    }
    let docs = std::mem::take(batch);
    summary.read += docs.len();
    summary.bytes += docs.iter().map(|d| d.text.len()).sum::<usize>();

    // Skip the analysis of documents already stored exactly so.
    let ids: Vec<_> = docs.iter().map(|d| &d.id).collect();
    let stored: std::collections::HashMap<_, _> = store.content_hashes(&ids)?.into_iter().collect();
    let (same, fresh): (Vec<_>, Vec<_>) = docs
        .into_iter()
        .partition(|d| stored.get(&d.id).is_some_and(|h| *h == d.content_hash()));
    summary.unchanged += same.len();

    let options: Vec<AnalyzeOptions> = fresh.iter().map(options_for).collect();
    let analyses: Vec<_> = fresh
        .par_chunks(analysis::BATCH)
        .zip(options.par_chunks(analysis::BATCH))
        .flat_map_iter(|(docs, options)| {
            let inputs: Vec<_> = docs.iter().map(|d| d.text.as_str()).zip(options).collect();
            analysis::analyze_batch(&inputs, &mut StepTimes::default())
        })
        .collect();
    let analysed: Vec<_> = fresh.into_iter().zip(analyses).collect();
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
