//! Batch re-clustering: replay every article with the final corpus
//! statistics, in date order, and report what changed.
//!
//! Online assignment weighs early articles with the statistics of a small
//! corpus and sees articles in arrival order; a replay fixes both. Ids stay
//! stable: each new cluster takes the id of the old cluster it shares most
//! articles with, when that id is still free.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Assignment, Clusterer, story_id, event_id};
use crate::document::DocId;

/// What a re-clustering changed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReclusterReport {
    pub stories_before: usize,
    pub stories_after: usize,
    pub events_before: usize,
    pub events_after: usize,
    /// Articles now in another story: (doc, old story, new story).
    pub moved_story: Vec<(DocId, String, String)>,
    /// Articles now in another event: (doc, old event, new event).
    pub moved_event: Vec<(DocId, String, String)>,
    /// New stories holding articles of several old ones: (new, olds).
    pub merged: Vec<(String, Vec<String>)>,
    /// Old stories whose articles are now in several: (old, news).
    pub split: Vec<(String, Vec<String>)>,
}

/// Renames clusters (`level` 0 stories, 1 events) so each takes the id of the
/// old cluster it overlaps most, where free; the rest take the id derived
/// from their first article not yet used.
fn stable_names(
    old: &[Assignment],
    new: &[Assignment],
    level: usize,
) -> BTreeMap<String, String> {
    let pick = |a: &Assignment| if level == 0 { a.story.clone() } else { a.event.clone() };
    let old_of: BTreeMap<&DocId, String> = old.iter().map(|a| (&a.doc, pick(a))).collect();
    let mut overlap: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut members: BTreeMap<String, Vec<&DocId>> = BTreeMap::new();
    for a in new {
        members.entry(pick(a)).or_default().push(&a.doc);
        if let Some(o) = old_of.get(&a.doc) {
            *overlap.entry((pick(a), o.clone())).or_default() += 1;
        }
    }
    let mut pairs: Vec<((String, String), usize)> = overlap.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut used: std::collections::BTreeSet<String> = Default::default();
    for ((n, o), _) in pairs {
        if !names.contains_key(&n) && !used.contains(&o) {
            used.insert(o.clone());
            names.insert(n, o);
        }
    }
    for (n, docs) in members {
        if names.contains_key(&n) {
            continue;
        }
        let id = docs
            .iter()
            .map(|d| if level == 0 { story_id(d) } else { event_id(d) })
            .find(|id| !used.contains(id))
            .unwrap_or_else(|| format!("{n}-{}", used.len()));
        used.insert(id.clone());
        names.insert(n, id);
    }
    names
}

impl Clusterer {
    /// Re-clusters every article and replaces the state with the result.
    /// Returns the report and the assignments that changed.
    pub fn recluster(&mut self) -> (ReclusterReport, Vec<Assignment>) {
        let old = self.assignments();
        let mut order: Vec<u32> = (0..self.docs.len() as u32).collect();
        // Date order (estimated dates for undated articles; those with
        // neither last), arrival order within a day.
        order.sort_by_key(|&i| {
            let d = &self.docs[i as usize];
            (d.published.or(d.estimated).is_none(), d.published.or(d.estimated), i)
        });
        let mut fresh = Clusterer::new(self.config.clone());
        fresh.idf = self.idf.clone();
        fresh.idf.frozen = true;
        for &i in &order {
            let d = &self.docs[i as usize];
            fresh.add_features(d.id.clone(), d.published, d.features.clone());
        }
        let _ = fresh.take_changed_estimates();
        let mut new = fresh.assignments();
        let stories = stable_names(&old, &new, 0);
        let events = stable_names(&old, &new, 1);
        for a in &mut new {
            a.story = stories[&a.story].clone();
            a.event = events[&a.event].clone();
        }

        let mut report = ReclusterReport::default();
        let count = |list: &[Assignment], level: usize| {
            let mut ids: Vec<&String> =
                list.iter().map(|a| if level == 0 { &a.story } else { &a.event }).collect();
            ids.sort();
            ids.dedup();
            ids.len()
        };
        report.stories_before = count(&old, 0);
        report.events_before = count(&old, 1);
        report.stories_after = count(&new, 0);
        report.events_after = count(&new, 1);
        let old_by: BTreeMap<&DocId, &Assignment> = old.iter().map(|a| (&a.doc, a)).collect();
        let mut olds_of_new: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
        let mut news_of_old: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
        let mut changed = Vec::new();
        for a in &new {
            let o = old_by[&a.doc];
            olds_of_new.entry(&a.story).or_default().push(&o.story);
            news_of_old.entry(&o.story).or_default().push(&a.story);
            if o.story != a.story {
                report.moved_story.push((a.doc.clone(), o.story.clone(), a.story.clone()));
            }
            if o.event != a.event {
                report.moved_event.push((a.doc.clone(), o.event.clone(), a.event.clone()));
            }
            if *o != *a {
                changed.push(a.clone());
            }
        }
        for (target, list) in [(&mut report.merged, olds_of_new), (&mut report.split, news_of_old)] {
            for (k, mut v) in list {
                v.sort();
                v.dedup();
                if v.len() > 1 {
                    target.push((k.clone(), v.into_iter().cloned().collect()));
                }
            }
        }

        // Adopt the result under the stable names, in the original order.
        let by_doc: BTreeMap<DocId, Assignment> = new.into_iter().map(|a| (a.doc.clone(), a)).collect();
        let records: Vec<_> = self
            .docs
            .iter()
            .map(|d| (by_doc[&d.id].clone(), d.published, d.features.clone()))
            .collect();
        let idf = self.idf.clone();
        *self = Clusterer::restore(self.config.clone(), records);
        self.idf = idf;
        (report, changed)
    }
}
