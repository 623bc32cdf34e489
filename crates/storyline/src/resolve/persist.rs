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
/// the new mentions in one transaction.
pub fn add_batch(
    index: &mut EntityIndex,
    store: &mut dyn Store,
    docs: &[(&Document, &Analysis)],
) -> Result<Vec<Changes>, StoreError> {
    let mut all = Vec::with_capacity(docs.len());
    for (doc, analysis) in docs {
        all.push(index.add(doc, analysis));
    }
    let touched: BTreeSet<&str> =
        all.iter().flat_map(|c| c.created.iter().chain(&c.updated)).map(String::as_str).collect();
    let entities: Vec<_> = touched.iter().filter_map(|id| index.get(id)).collect();
    let mentions: Vec<_> = all.iter().flat_map(|c| c.mentions.iter().cloned()).collect();
    store.put_entities(&entities, &mentions)?;
    Ok(all)
}
