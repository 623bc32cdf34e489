//! Keeping the clustering in a [`Store`]: rebuild the clusterer from stored
//! assignments and features, cluster a stored batch, re-cluster everything.

use std::collections::BTreeMap;

use super::{Assignment, Clusterer, Config, Features, ReclusterReport};
use crate::analysis::Analysis;
use crate::document::Document;
use crate::resolve::ResolvedMention;
use crate::store::{Store, StoreError};

/// Rebuilds the clusterer from the store (no text is re-analysed).
pub fn load(store: &dyn Store, config: Config) -> Result<Clusterer, StoreError> {
    let published: BTreeMap<_, _> =
        store.documents()?.into_iter().map(|d| (d.id, d.published)).collect();
    let features: BTreeMap<_, _> = store.cluster_features()?.into_iter().collect();
    let mut records = Vec::new();
    for a in store.assignments()? {
        let Some(&date) = published.get(&a.doc) else { continue };
        let f: Features = match features.get(&a.doc) {
            Some(json) if !json.is_empty() => serde_json::from_str(json)
                .map_err(|e| StoreError::Corrupt(format!("features of {}: {e}", a.doc)))?,
            _ => Features::default(),
        };
        records.push((a, date, f));
    }
    Ok(Clusterer::restore(config, records))
}

/// Clusters articles just stored, in order, and stores their assignments
/// (and those of earlier articles that changed). `mentions[i]` are the
/// resolved entity mentions of `batch[i]` (missing or empty: none).
pub fn cluster_batch(
    clusterer: &mut Clusterer,
    store: &mut dyn Store,
    batch: &[(&Document, &Analysis)],
    mentions: &[&[ResolvedMention]],
) -> Result<Vec<Assignment>, StoreError> {
    let mut rows = Vec::with_capacity(batch.len());
    for (i, (doc, analysis)) in batch.iter().enumerate() {
        let a = clusterer.add_resolved(doc, analysis, mentions.get(i).copied().unwrap_or(&[]));
        let json = clusterer
            .features(&doc.id)
            .map(|f| serde_json::to_string(f).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()?;
        rows.push((a, json));
    }
    let assigned: Vec<Assignment> = rows.iter().map(|r| r.0.clone()).collect();
    rows.extend(clusterer.take_changed_estimates().into_iter().map(|a| (a, None)));
    store.put_assignments(&rows)?;
    Ok(assigned)
}

/// Re-clusters every stored article and stores what changed.
pub fn recluster(store: &mut dyn Store, config: Config) -> Result<ReclusterReport, StoreError> {
    let mut clusterer = load(store, config)?;
    let (report, changed) = clusterer.recluster();
    let rows: Vec<_> = changed.into_iter().map(|a| (a, None)).collect();
    store.put_assignments(&rows)?;
    Ok(report)
}
