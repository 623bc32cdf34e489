//! The story's entities: each resolved entity its reports mention, with how
//! many mentions and reports within this story (not the whole corpus).
//! Reports whose mentions were never resolved contribute nothing here.

use std::collections::{BTreeMap, BTreeSet};

use super::StoryEntity;
use super::context::Report;
use crate::resolve::Entity;
use crate::store::{Store, StoreError};

/// The story's entities, most widely reported first, and the entities themselves by id.
pub(crate) fn build(store: &dyn Store, reports: &[Report]) -> Result<(Vec<StoryEntity>, BTreeMap<String, Entity>), StoreError> {
    let mut counts: BTreeMap<&str, (usize, BTreeSet<usize>)> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        for m in &r.mentions {
            let c = counts.entry(&m.entity).or_default();
            c.0 += 1;
            c.1.insert(i);
        }
    }
    let mut known = BTreeMap::new();
    let mut out = Vec::with_capacity(counts.len());
    for (id, (mentions, docs)) in counts {
        let Some(entity) = store.entity(id)? else { continue };
        out.push(StoryEntity {
            id: id.to_string(),
            name: entity.canonical.clone(),
            kind: entity.kind,
            mentions,
            documents: docs.len(),
        });
        known.insert(id.to_string(), entity);
    }
    out.sort_by(|a, b| b.documents.cmp(&a.documents).then(b.mentions.cmp(&a.mentions)).then(a.name.cmp(&b.name)));
    Ok((out, known))
}
