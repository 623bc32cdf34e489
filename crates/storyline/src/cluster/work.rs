//! Work counters of the clusterer: how much it looked at per article
//! (postings walked, stories and events compared, centroid entries), so the
//! cost curve can be read free of the machine's load. Plain cells bumped
//! where the work is done; they never change a result. Not a profiler:
//! time is measured by the caller (see `examples/cluster_bench`).

use std::cell::Cell;

/// Running totals since the clusterer was made. Read with
/// [`crate::cluster::Clusterer::work`], subtract two readings for a window.
#[derive(Debug, Clone, Default)]
pub struct Work {
    /// Articles assigned (by `add_features`).
    pub articles: Cell<u64>,
    /// Index keys an article looked stories up by.
    pub keys_queried: Cell<u64>,
    /// Posting entries read for those keys (story numbers, with repeats).
    pub postings_walked: Cell<u64>,
    /// Distinct stories among them.
    pub stories_listed: Cell<u64>,
    /// Of those, stories whose time window was checked (in rank order,
    /// until enough passed).
    pub stories_window_checked: Cell<u64>,
    /// Stories scored against the article.
    pub stories_scored: Cell<u64>,
    /// Centroid entries (all channels) of the stories scored.
    pub story_centroid_entries: Cell<u64>,
    /// Events of the chosen story looked at by `best_event`.
    pub events_looked: Cell<u64>,
    /// Of those, events whose content was compared.
    pub events_scored: Cell<u64>,
    /// Centroid entries of the events compared.
    pub event_centroid_entries: Cell<u64>,
    /// Rounds of `merge_events` (one more than the merges it made).
    pub merge_rounds: Cell<u64>,
    /// Events looked at by `merge_events`.
    pub merge_events_looked: Cell<u64>,
    /// Of those, event pairs whose content was compared.
    pub merge_events_compared: Cell<u64>,
    /// Events merged away.
    pub merges: Cell<u64>,
    /// Articles moved from a merged-away event (each re-added to a centroid).
    pub merge_members_moved: Cell<u64>,
    /// Events of a story walked by `join` for undated events to refresh.
    pub join_events_walked: Cell<u64>,
    /// Members walked by `take_changed_estimates`.
    pub estimate_members_walked: Cell<u64>,
    /// Near-duplicate candidates compared.
    pub duplicate_candidates: Cell<u64>,
}

/// Adds `n` to a counter.
pub(super) fn bump(c: &Cell<u64>, n: usize) {
    c.set(c.get() + n as u64);
}

impl Work {
    /// Counter names and values, in a fixed order (for printing).
    pub fn fields(&self) -> Vec<(&'static str, u64)> {
        vec![
            ("articles", self.articles.get()),
            ("keys_queried", self.keys_queried.get()),
            ("postings_walked", self.postings_walked.get()),
            ("stories_listed", self.stories_listed.get()),
            ("stories_window_checked", self.stories_window_checked.get()),
            ("stories_scored", self.stories_scored.get()),
            ("story_centroid_entries", self.story_centroid_entries.get()),
            ("events_looked", self.events_looked.get()),
            ("events_scored", self.events_scored.get()),
            ("event_centroid_entries", self.event_centroid_entries.get()),
            ("merge_rounds", self.merge_rounds.get()),
            ("merge_events_looked", self.merge_events_looked.get()),
            ("merge_events_compared", self.merge_events_compared.get()),
            ("merges", self.merges.get()),
            ("merge_members_moved", self.merge_members_moved.get()),
            ("join_events_walked", self.join_events_walked.get()),
            ("estimate_members_walked", self.estimate_members_walked.get()),
            ("duplicate_candidates", self.duplicate_candidates.get()),
        ]
    }
}
