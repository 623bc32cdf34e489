//! Keeping the entity index in a [`Store`]: load it once, then resolve each
//! stored batch and save what changed. Does no matching itself.

use std::collections::BTreeSet;

use super::{Changes, EntityIndex};
use crate::analysis::Analysis;
use crate::document::Document;
use crate::store::{Store, StoreError};

/// The index as the store holds it.
pub fn load(store: &dyn Store) -> Result<EntityIndex, StoreError> {
    Ok(EntityIndex::from_entities(store.entities()?, store.resolved_documents()?))
}

/// Resolves documents in the given order and saves the changed entities and
/// the new mentions in one transaction. A document resolved before (a new
/// version of it) first has its old mentions taken back.
pub fn add_batch(
    index: &mut EntityIndex,
    store: &mut dyn Store,
    docs: &[(&Document, &Analysis)],
) -> Result<Vec<Changes>, StoreError> {
    let mut all = Vec::with_capacity(docs.len());
    let mut retracted: Vec<String> = Vec::new();
    let mut replaced = Vec::new();
    for (doc, analysis) in docs {
        if index.has_document(&doc.id) {
            let old = store.document_mentions(&doc.id)?;
            retracted.extend(index.retract(&doc.id, &old));
            replaced.push(doc.id.clone());
        }
        all.push(index.add(doc, analysis));
    }
    let touched: BTreeSet<&str> = all
        .iter()
        .flat_map(|c| c.created.iter().chain(&c.updated))
        .chain(&retracted)
        .map(String::as_str)
        .collect();
    // Complete entities (with co-occurrence), as `load` takes them back.
    let entities: Vec<_> = touched.iter().filter_map(|id| index.stored(id)).collect();
    let mentions: Vec<_> = all.iter().flat_map(|c| c.mentions.iter().cloned()).collect();
    store.put_entities(&entities.iter().collect::<Vec<_>>(), &replaced, &mentions)?;
    Ok(all)
}
