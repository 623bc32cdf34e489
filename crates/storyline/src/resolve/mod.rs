//! Entity resolution: turns the entity mentions of each article into
//! entities that hold across articles and languages.
//!
//! [`local`] groups the mentions of one document; [`EntityIndex`] then links
//! each group to a known entity or makes a new one, one document at a time
//! (incremental: nothing is recomputed, and every lookup goes through a key
//! index whose lists are capped, surname lists also to the people mentioned
//! in the last [`RECENT_ARTICLES`] and their few [`VETERANS`], so the cost
//! of an article does not grow with the corpus).
//! Evidence: equal folded names (case, diacritics, script), inflected and
//! compound forms, acronyms, handles, CLDR country names in many languages
//! ([`places`]), and for people a shared surname with compatible given names,
//! or with agreeing roles and shared co-occurring entities when the given
//! names differ. Two people sharing a surname stay apart when that evidence
//! is missing. Known entities are never merged afterwards: a link is made
//! once, when a document is added.

pub mod local;
pub mod names;
pub mod persist;
pub mod places;
pub mod said;
pub mod symbols;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::analysis::Analysis;
use crate::document::{DocId, Document};
use crate::extract::EntityType;

use local::LocalEntity;
use symbols::{Memo, Names, Probe};

/// Most co-occurring entities remembered per entity, so state stays bounded.
/// Past it, the most frequent three quarters stay (ties: the smaller id).
const MAX_COOCCURRING: usize = 256;

/// Most surnames, given names and role words an entity gathers for
/// matching: the first seen. One person has few; past this many the entity
/// has gathered namesakes, and every further name would only widen what it
/// matches and lengthen each comparison with it (the cost of an article
/// grew with the corpus through these lists).
pub const MAX_NAMES: usize = 16;

/// Most entities a name, variant, handle, region or long-form key lists.
/// These keys are whole names, which few entities share; past this many,
/// the least mentioned entity leaves the key's list, so a lookup costs the
/// same at any corpus size.
pub const MAX_PER_KEY: usize = 48;

/// Most entities a surname key lists (a phonetic surname key:
/// [`MAX_PER_PHONETIC`]). Surnames are the keys every namesake joins, so
/// their lists are also kept to a window of recent articles
/// ([`RECENT_ARTICLES`]); the cap only bounds a burst of namesakes within
/// the window. Past it the least recently mentioned leaves.
pub const MAX_PER_SURNAME: usize = 16;

/// Most entities a phonetic surname key lists: its bucket gathers many
/// different surnames, of which only close spellings of the one looked up
/// can match, so the few most recently mentioned are all a lookup needs.
pub const MAX_PER_PHONETIC: usize = 8;

/// How many articles a person stays a candidate for a surname match after
/// their last mention. A surname alone (or a variant spelling of it) links
/// to a namesake in the news lately, or to one of the surname's
/// [`VETERANS`]; anyone else not mentioned for this long is still found by
/// full name or handle, whose lists keep everyone. Without
/// the window every namesake ever seen stays listed, so a surname's list
/// (and the cost of every new person) keeps filling as the corpus grows;
/// with it, a list holds the namesakes of the last this-many articles,
/// whatever the corpus size. Counted in articles, not days, so it bounds
/// the work whatever the feed's rate and whether or not articles are dated
/// (at 500 articles a day, 40 days).
pub const RECENT_ARTICLES: u32 = 20_000;

/// Most people a surname or phonetic key keeps as candidates beyond the
/// window: the most written about of all ever listed under it (by
/// [`Evidence::articles`]; ties: the earlier entity). A leader known by one
/// name stays found by it alone (no given name) after a long silence, and
/// a lookup walks at most these few more, whatever the corpus size.
pub const VETERANS: usize = 2;

/// Articles a person must have been mentioned in to be one of a key's
/// [`VETERANS`]: someone named a few times and then not for a whole window
/// is no better known by their surname alone than a namesake.
pub const VETERAN_ARTICLES: u32 = 10;

/// How many entities key `k` may list ([`EntityIndex::set_key_cap`] overrides all).
fn key_cap(k: &str, set: usize) -> usize {
    if set != 0 {
        return set;
    }
    match k.split_once(':').map(|(p, _)| p) {
        Some("s") => MAX_PER_SURNAME,
        Some("x") => MAX_PER_PHONETIC,
        _ => MAX_PER_KEY,
    }
}

/// An entity: one person, organisation or place across all documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id: derived from the first mention (document and offset), so
    /// the same input in the same order gives the same ids.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub canonical: String,
    /// Surface forms per language code, with how often each was seen.
    pub aliases: BTreeMap<String, BTreeMap<String, u32>>,
    /// Roles and titles attached to its mentions, with counts.
    pub roles: BTreeMap<String, u32>,
    pub mentions: u32,
    /// Documents it appears in (the list itself is in the store).
    pub documents: u32,
    /// Earliest and latest publication date of those documents, when known.
    pub first_seen: Option<Date>,
    pub last_seen: Option<Date>,
    /// What later documents are matched against.
    pub evidence: Evidence,
}

/// The matching state of an entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub person: bool,
    /// Folded names, variants and handles.
    pub keys: BTreeSet<String>,
    pub variants: BTreeSet<String>,
    pub handles: BTreeSet<String>,
    pub surnames: BTreeSet<String>,
    pub given: BTreeSet<String>,
    /// Folded role words.
    pub role_words: BTreeSet<String>,
    pub region: Option<String>,
    /// Mentions per type (PER, ORG, LOC, MISC).
    pub type_counts: [u32; 4],
    /// Keys of long names that differ in one word ([`names::long_form_keys`]).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub long_forms: BTreeSet<String>,
    /// How many documents the index had resolved when this entity was last
    /// mentioned: the clock of the surname window ([`RECENT_ARTICLES`]).
    #[serde(default)]
    pub last_article: u32,
    /// Articles it was mentioned in, never taken back by
    /// [`EntityIndex::retract`] (a new version of an article counts again):
    /// the rank of [`VETERANS`], which must not fall, so an index rebuilt
    /// from stored entities picks the same ones.
    #[serde(default)]
    pub articles: u32,
    /// Ids of entities seen in the same documents, with counts. Filled in
    /// the entities [`EntityIndex::stored`] and [`EntityIndex::snapshot`]
    /// give (what the store keeps); while indexed, the counts live in the
    /// index's numbered side table, and [`EntityIndex::get`] and
    /// [`EntityIndex::entities`] leave this empty.
    pub cooccurring: BTreeMap<String, u32>,
}

/// One mention linked to its entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedMention {
    pub doc: DocId,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub entity: String,
}

/// What adding one document changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub mentions: Vec<ResolvedMention>,
}

/// What matching reads of entity `i` most often, by number rather than by
/// string: entities by their index, names by their [`Names`] number. Lookups
/// in string maps of ids made the cost of an article grow with the corpus
/// (longer keys to compare, more memory to walk).
#[derive(Debug, Default, Clone)]
struct Side {
    /// Co-occurring entities and counts, sorted by entity index.
    cooccurring: Vec<(u32, u32)>,
    surnames: Vec<u32>,
    given: Vec<u32>,
    /// The surname and phonetic keys of `surnames`, made once: a person is
    /// listed under them again at every mention.
    surname_keys: Vec<String>,
}

/// The surname key and the phonetic key of a folded surname.
fn surname_keys(s: &str) -> [String; 2] {
    [format!("s:{s}"), format!("x:{}", names::phonetic_key(s))]
}

/// The people listed under one surname or phonetic key.
#[derive(Debug, Default)]
struct SurnameList {
    /// Entities (index, [`Evidence::last_article`]) mentioned in the window.
    recent: Vec<(u32, u32)>,
    /// The [`VETERANS`], most written about first.
    veterans: Vec<u32>,
}

/// All entities, with the key index that finds candidates for a new mention.
#[derive(Debug, Default)]
pub struct EntityIndex {
    entities: Vec<Entity>,
    /// Beside `entities`, one per entity.
    side: Vec<Side>,
    names: Names,
    memo: Memo,
    by_id: HashMap<String, usize>,
    by_key: HashMap<String, Vec<usize>>,
    /// Surname and phonetic keys: who is listed under each.
    by_surname: HashMap<String, SurnameList>,
    docs: HashSet<DocId>,
    /// Entities listed per key; 0 means each kind of key's own cap ([`key_cap`]).
    key_cap: usize,
    /// Articles in the surname window; 0 means [`RECENT_ARTICLES`].
    window: u32,
    /// Candidate entities looked at so far (a measure of work, for benchmarks).
    examined: std::cell::Cell<u64>,
    /// The most any one key's lookup returned so far.
    most_per_key: std::cell::Cell<usize>,
}

fn type_slot(kind: EntityType) -> usize {
    match kind {
        EntityType::Person => 0,
        EntityType::Organisation => 1,
        EntityType::Location => 2,
        EntityType::Misc => 3,
    }
}

const SLOT_TYPES: [EntityType; 4] =
    [EntityType::Person, EntityType::Organisation, EntityType::Location, EntityType::Misc];

/// The index keys of an entity's evidence, but for its surnames (listed by
/// recency: [`EntityIndex::list_surnames`]).
fn index_keys(e: &Evidence) -> Vec<String> {
    let mut out = Vec::new();
    // A person's one-word names (their surname alone) are not listed under
    // name keys: only non-persons match a one-word name ([`EntityIndex::link`]),
    // people match it through the surname keys, and every namesake listed
    // there was walked and dropped by each lookup of that word.
    let listed = |k: &&String| !e.person || k.contains(' ');
    for k in e.keys.iter().filter(listed) {
        out.push(format!("n:{k}"));
    }
    for k in e.variants.iter().filter(listed) {
        out.push(format!("v:{k}"));
    }
    for h in &e.handles {
        out.push(format!("h:{h}"));
    }
    if e.person {
        // A handle written elsewhere may spell this name.
        for k in &e.keys {
            if k.contains(' ') {
                out.push(format!("h:{}", k.replace(' ', "")));
            }
        }
    }
    if let Some(r) = &e.region {
        out.push(format!("r:{r}"));
    }
    for k in &e.long_forms {
        out.push(format!("l:{k}"));
    }
    out
}

impl EntityIndex {
    /// An empty index.
    pub fn new() -> EntityIndex {
        EntityIndex::default()
    }

    /// Rebuilds the index from stored entities and the ids of the documents already resolved.
    pub fn from_entities(entities: Vec<Entity>, docs: impl IntoIterator<Item = DocId>) -> EntityIndex {
        let mut index = EntityIndex { docs: docs.into_iter().collect(), ..EntityIndex::default() };
        let mut cooccurring = Vec::with_capacity(entities.len());
        for mut e in entities {
            let i = index.entities.len();
            // Stored before the count existed: its articles are at least its documents.
            e.evidence.articles = e.evidence.articles.max(e.documents);
            index.by_id.insert(e.id.clone(), i);
            let keys = index_keys(&e.evidence);
            cooccurring.push(std::mem::take(&mut e.evidence.cooccurring));
            let side = Side {
                cooccurring: Vec::new(),
                surnames: e.evidence.surnames.iter().map(|n| index.names.intern(n)).collect(),
                given: e.evidence.given.iter().map(|n| index.names.intern(n)).collect(),
                surname_keys: e.evidence.surnames.iter().flat_map(|s| surname_keys(s)).collect(),
            };
            index.entities.push(e);
            index.side.push(side);
            for k in keys {
                index.index_key(k, i);
            }
        }
        // The surname window as it was: listed again in the order last
        // mentioned. Veterans come back the same: the most written about of
        // all listed, whatever the order they are offered in.
        let mut order: Vec<usize> = (0..index.entities.len()).collect();
        order.sort_by_key(|&i| (index.entities[i].evidence.last_article, i));
        for i in order {
            index.list_surnames(i);
        }
        // Co-occurring ids may name entities listed later: numbered once all are in.
        for (i, co) in cooccurring.into_iter().enumerate() {
            let mut list: Vec<(u32, u32)> =
                co.iter().filter_map(|(id, &n)| Some((*index.by_id.get(id)? as u32, n))).collect();
            list.sort_unstable();
            index.side[i].cooccurring = list;
        }
        index
    }

    /// Entity `i` as the store keeps it, its co-occurring entities by id.
    fn export(&self, i: usize) -> Entity {
        let mut e = self.entities[i].clone();
        e.evidence.cooccurring =
            self.side[i].cooccurring.iter().map(|&(j, n)| (self.entities[j as usize].id.clone(), n)).collect();
        e
    }

    /// One entity by id, complete as the store keeps it (with
    /// [`Evidence::cooccurring`]); what [`EntityIndex::from_entities`] takes back.
    pub fn stored(&self, id: &str) -> Option<Entity> {
        self.by_id.get(id).map(|&i| self.export(i))
    }

    /// Every entity in the order created, complete as [`EntityIndex::stored`] gives them.
    pub fn snapshot(&self) -> Vec<Entity> {
        (0..self.entities.len()).map(|i| self.export(i)).collect()
    }

    /// Sets how many entities every blocking key lists (default
    /// [`MAX_PER_KEY`], [`MAX_PER_SURNAME`] and [`MAX_PER_PHONETIC`] by kind
    /// of key; `usize::MAX` for no cap, as benchmarks compare).
    pub fn set_key_cap(&mut self, cap: usize) {
        self.key_cap = cap;
    }

    /// Sets how many articles a person stays a surname candidate after their
    /// last mention (default [`RECENT_ARTICLES`]; `u32::MAX` for no window).
    /// Set it before adding documents.
    pub fn set_window(&mut self, articles: u32) {
        self.window = articles;
    }

    fn window(&self) -> u32 {
        if self.window == 0 { RECENT_ARTICLES } else { self.window }
    }

    /// The index's clock: documents resolved so far (a new version of a
    /// document does not move it, so a reloaded index reads the same).
    fn clock(&self) -> u32 {
        u32::try_from(self.docs.len()).unwrap_or(u32::MAX)
    }

    /// Whether a mention at `seen` is still in the surname window.
    fn in_window(&self, seen: u32) -> bool {
        seen.saturating_add(self.window()) >= self.clock()
    }

    /// The longest list of entities under one blocking key (what a lookup
    /// may have to walk), and its key.
    pub fn largest_key_group(&self) -> Option<(&str, usize)> {
        let surnames = self.by_surname.iter().map(|(k, v)| (k.as_str(), v.recent.len() + v.veterans.len()));
        self.by_key
            .iter()
            .map(|(k, v)| (k.as_str(), v.len()))
            .chain(surnames)
            .max_by_key(|&(k, n)| (n, std::cmp::Reverse(k)))
    }

    /// Every entity, in the order created (co-occurrence counts left empty:
    /// see [`EntityIndex::snapshot`]).
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// One entity by id (co-occurrence counts left empty: see [`EntityIndex::stored`]).
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// Whether a document was already resolved.
    pub fn has_document(&self, doc: &DocId) -> bool {
        self.docs.contains(doc)
    }

    /// Takes back what an earlier version of a document added, before the
    /// new version is resolved: `old` are its stored mentions. Counts go
    /// down (mentions, documents, aliases, roles, types) and the document
    /// can be added again. What the old version taught about matching
    /// (name keys, co-occurring entities) stays: it still holds as
    /// evidence that those names name that entity. First and last seen
    /// are kept too (recomputing them would need every document's date).
    /// Returns the ids of the entities changed.
    pub fn retract(&mut self, doc: &DocId, old: &[ResolvedMention]) -> Vec<String> {
        self.docs.remove(doc);
        let mut touched: Vec<usize> = Vec::new();
        for m in old {
            let Some(&i) = self.by_id.get(&m.entity) else { continue };
            let e = &mut self.entities[i];
            e.mentions = e.mentions.saturating_sub(1);
            let slot = &mut e.evidence.type_counts[type_slot(m.kind)];
            *slot = slot.saturating_sub(1);
            let form = m.text.trim();
            // The alias was counted under the language of its sentence,
            // which the stored mention does not carry: take the first that has it.
            if let Some(lang) = e.aliases.iter().find(|(_, f)| f.contains_key(form)).map(|(l, _)| l.clone()) {
                let forms = e.aliases.get_mut(&lang).expect("found above");
                let n = forms.get_mut(form).expect("found above");
                *n -= 1;
                if *n == 0 {
                    forms.remove(form);
                    if forms.is_empty() {
                        e.aliases.remove(&lang);
                    }
                }
            }
            if let Some(role) = &m.role
                && let Some(n) = e.roles.get_mut(role)
            {
                *n -= 1;
                if *n == 0 {
                    e.roles.remove(role);
                }
            }
            if !touched.contains(&i) {
                touched.push(i);
                e.documents = e.documents.saturating_sub(1);
            }
        }
        for &i in &touched {
            let e = &mut self.entities[i];
            let ev = &e.evidence;
            if ev.type_counts.iter().any(|&n| n > 0) {
                let slot = (0..4).max_by_key(|&s| (ev.type_counts[s], std::cmp::Reverse(s))).unwrap_or(0);
                e.kind = SLOT_TYPES[slot];
            }
            if !e.aliases.is_empty() {
                e.canonical = canonical(e);
            }
        }
        touched.iter().map(|&i| self.entities[i].id.clone()).collect()
    }

    fn candidates(&self, keys: impl IntoIterator<Item = String>) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for k in keys {
            let list = self.by_key.get(&k).map_or(&[][..], Vec::as_slice);
            self.most_per_key.set(self.most_per_key.get().max(list.len()));
            out.extend_from_slice(list);
        }
        self.counted(out)
    }

    /// The people listed under these surname keys and mentioned in the
    /// window, and if `veterans`, the keys' veterans.
    fn surname_candidates(&self, keys: impl IntoIterator<Item = String>, veterans: bool) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for k in keys {
            let Some(list) = self.by_surname.get(&k) else { continue };
            let before = out.len();
            out.extend(list.recent.iter().filter(|&&(_, seen)| self.in_window(seen)).map(|&(i, _)| i as usize));
            for &v in list.veterans.iter().filter(|_| veterans) {
                if !out[before..].contains(&(v as usize)) {
                    out.push(v as usize);
                }
            }
            self.most_per_key.set(self.most_per_key.get().max(out.len() - before));
        }
        self.counted(out)
    }

    fn counted(&self, mut out: Vec<usize>) -> Vec<usize> {
        out.sort_unstable();
        out.dedup();
        self.examined.set(self.examined.get() + out.len() as u64);
        out
    }

    /// How many candidate entities lookups have returned so far: the work
    /// of matching, which a bounded index keeps bounded per article.
    pub fn candidates_examined(&self) -> u64 {
        self.examined.get()
    }

    /// The most candidates one key's lookup has returned so far: never more
    /// than that kind of key's cap ([`MAX_PER_KEY`], [`MAX_PER_SURNAME`],
    /// [`MAX_PER_PHONETIC`]; for the last two, [`VETERANS`] more),
    /// whatever the corpus size.
    pub fn most_candidates_per_key(&self) -> usize {
        self.most_per_key.get()
    }

    /// Lists entity `i` under each of its surnames and their phonetic keys
    /// as mentioned at its [`Evidence::last_article`], dropping from those
    /// lists whoever left the window and, past the cap, the least recently
    /// mentioned (ties: the later entity); and offers it as a veteran.
    fn list_surnames(&mut self, i: usize) {
        let ev = &self.entities[i].evidence;
        if !ev.person {
            return;
        }
        let seen = ev.last_article;
        let veteran = ev.articles >= VETERAN_ARTICLES;
        let (window, clock) = (self.window(), self.clock());
        let keys = std::mem::take(&mut self.side[i].surname_keys);
        for k in &keys {
            let cap = key_cap(k, self.key_cap);
            if !self.by_surname.contains_key(k) {
                self.by_surname.insert(k.clone(), SurnameList::default());
            }
            let SurnameList { recent, veterans } = self.by_surname.get_mut(k).expect("inserted above");
            recent.retain(|&(j, s)| j as usize != i && s.saturating_add(window) >= clock);
            recent.push((i as u32, seen));
            if recent.len() > cap {
                let weakest = (0..recent.len()).min_by_key(|&j| (recent[j].1, std::cmp::Reverse(recent[j].0))).expect("not empty");
                recent.swap_remove(weakest);
            }
            if veteran {
                // Articles only grow, so whoever is not a veteran stays
                // behind both until mentioned again, and is offered then.
                if !veterans.contains(&(i as u32)) {
                    veterans.push(i as u32);
                }
                let entities = &self.entities;
                veterans.sort_by_key(|&v| (std::cmp::Reverse(entities[v as usize].evidence.articles), v));
                veterans.truncate(VETERANS);
            }
        }
        self.side[i].surname_keys = keys;
    }

    /// Resolves the entity mentions of one document (`analysis.entities`).
    /// A document already resolved is left alone.
    pub fn add(&mut self, doc: &Document, analysis: &Analysis) -> Changes {
        let mut changes = Changes::default();
        if !self.docs.insert(doc.id.clone()) {
            return changes;
        }
        let mut mentions = analysis.entities.clone();
        mentions.sort_by_key(|m| (m.start, m.end));
        let (forms, locals) = local::group(&doc.text, &mentions, analysis);

        // Places and organisations first: they are the context people are
        // judged by; long names last among them, as context decides those too.
        let mut order: Vec<usize> = (0..locals.len()).collect();
        order.sort_by_key(|&k| {
            let l = &locals[k];
            let given = l.names.iter().map(|n| n.given.len()).max().unwrap_or(0);
            (l.person, !l.long_forms.is_empty(), std::cmp::Reverse(given), l.mentions[0])
        });
        let mut linked: Vec<Option<usize>> = vec![None; locals.len()];
        let mut memo = std::mem::take(&mut self.memo);
        let mut in_doc: Vec<usize> = Vec::new();
        for k in order {
            let l = &locals[k];
            let found = self.link(l, &in_doc, &mut memo).filter(|i| !in_doc.contains(i));
            let i = match found {
                Some(i) => {
                    changes.updated.push(self.entities[i].id.clone());
                    i
                }
                None => {
                    let first = &mentions[l.mentions[0]];
                    let id = format!("{:016x}", xxh3_64(format!("{}:{}", doc.id, first.start).as_bytes()));
                    changes.created.push(id.clone());
                    self.create(id, l)
                }
            };
            linked[k] = Some(i);
            in_doc.push(i);
            self.absorb(i, l, &mentions, &forms, doc);
        }
        self.memo = memo;
        // Co-occurrence: every entity of the document with every other, by
        // index in a sorted list (no id strings compared or cloned).
        let entities = &self.entities;
        for &i in &in_doc {
            let co = &mut self.side[i].cooccurring;
            for &j in in_doc.iter().filter(|&&j| j != i) {
                match co.binary_search_by_key(&(j as u32), |p| p.0) {
                    Ok(k) => co[k].1 += 1,
                    Err(k) => co.insert(k, (j as u32, 1)),
                }
            }
            if co.len() > MAX_COOCCURRING {
                // Keep the most frequent; ties keep the smaller id, so the result is deterministic.
                co.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| entities[a.0 as usize].id.cmp(&entities[b.0 as usize].id)));
                // Down to three quarters, so the sort runs once per many documents.
                co.truncate(MAX_COOCCURRING * 3 / 4);
                co.sort_unstable();
            }
        }
        for (k, l) in locals.iter().enumerate() {
            let id = &self.entities[linked[k].expect("every local entity is linked")].id;
            for &m in &l.mentions {
                let mention = &mentions[m];
                changes.mentions.push(ResolvedMention {
                    doc: doc.id.clone(),
                    start: mention.start,
                    end: mention.end,
                    text: mention.text.clone(),
                    kind: mention.kind,
                    role: mention.role.clone(),
                    entity: id.clone(),
                });
            }
        }
        changes.mentions.sort_by_key(|m| (m.start, m.end));
        changes.updated.retain(|id| !changes.created.contains(id));
        changes.updated.sort();
        changes.updated.dedup();
        changes
    }

    /// The entity a local entity is: the same full name or handle (whatever
    /// type the recogniser gave), else for people a surname with agreeing
    /// evidence, else for other names the same single name, variant or CLDR region.
    fn link(&self, l: &LocalEntity, in_doc: &[usize], memo: &mut Memo) -> Option<usize> {
        let ctx = |i: usize| {
            // Walk the document's few entities, not the candidate's long list.
            let co = &self.side[i].cooccurring;
            in_doc.iter().filter(|&&j| co.binary_search_by_key(&(j as u32), |p| p.0).is_ok()).count()
        };
        let full = l
            .keys
            .iter()
            .chain(&l.variants)
            .filter(|k| k.contains(' '))
            .flat_map(|k| [format!("n:{k}"), format!("v:{k}")])
            .chain(l.handles.iter().map(|h| format!("h:{h}")));
        let exact = self.candidates(full).into_iter().max_by_key(|&i| {
            let e = &self.entities[i];
            (e.evidence.person == l.person, ctx(i), e.mentions, std::cmp::Reverse(i))
        });
        if exact.is_some() {
            return exact;
        }
        if l.person {
            if let Some(i) = self.link_person(l, in_doc, memo) {
                return Some(i);
            }
        }
        let single = l
            .keys
            .iter()
            .flat_map(|k| [format!("n:{k}"), format!("v:{k}")])
            .chain(l.variants.iter().map(|v| format!("n:{v}")))
            .chain(l.region.map(|r| format!("r:{r}")));
        let other = self
            .candidates(single)
            .into_iter()
            .filter(|&i| !self.entities[i].evidence.person)
            .max_by_key(|&i| (self.entities[i].mentions, std::cmp::Reverse(i)));
        if other.is_some() || l.person {
            return other;
        }
        // A long name that differs from a known one in one word, in
        // documents that share other entities (wordings of one name, or a
        // translation of it, vary in a word: "Safeguard of the Homeland",
        // "Safeguarding of the Country").
        let long = self
            .candidates(l.long_forms.iter().map(|k| format!("l:{k}")))
            .into_iter()
            .filter(|&i| !self.entities[i].evidence.person)
            .map(|i| (i, ctx(i)))
            .filter(|&(_, shared)| shared >= 1)
            .max_by_key(|&(i, shared)| (shared, self.entities[i].mentions, std::cmp::Reverse(i)));
        if let Some((i, _)) = long {
            return Some(i);
        }
        if l.keys.iter().any(|k| k.contains(' ')) || l.region.is_some() {
            return None;
        }
        // A single name typed as something else may be a known person's surname.
        let as_person = LocalEntity { person: true, surnames: l.keys.clone(), ..l.clone() };
        self.link_person(&as_person, in_doc, memo)
    }

    /// A person: the same full name or handle; else a surname (or a variant
    /// spelling of it) with compatible given names and some agreeing context,
    /// or different given names with agreeing roles and shared context.
    fn link_person(&self, l: &LocalEntity, in_doc: &[usize], memo: &mut Memo) -> Option<usize> {
        let ctx = |i: usize| {
            // Walk the document's few entities, not the candidate's long list.
            let co = &self.side[i].cooccurring;
            in_doc.iter().filter(|&&j| co.binary_search_by_key(&(j as u32), |p| p.0).is_ok()).count()
        };
        let given: Vec<Probe> = l.names.iter().flat_map(|n| &n.given).map(|g| self.names.probe(g)).collect();
        let surnames: Vec<Probe> = l.surnames.iter().map(|s| self.names.probe(s)).collect();
        let roles: Vec<String> = l.roles.iter().flat_map(|r| names::role_words(r)).collect();
        let keys = l.surnames.iter().flat_map(|s| surname_keys(s));
        let mut best: Option<(usize, (usize, bool, u32))> = None;
        // Veterans only for a surname alone: a full name finds its own
        // bearer through the name keys, and would otherwise join any
        // long-silent veteran with a compatible given name (on the
        // generated stream, merge precision at 100k fell from 0.75 to 0.69).
        for i in self.surname_candidates(keys, given.is_empty()) {
            let e = &self.entities[i].evidence;
            if !e.person {
                continue;
            }
            let side = &self.side[i];
            // Numbers first; the fuzzy comparisons use skeletons made once per name.
            let exact_surname = surnames.iter().any(|s| s.id.is_some_and(|id| side.surnames.contains(&id)));
            let close_surname =
                exact_surname || surnames.iter().any(|s| side.surnames.iter().any(|&t| self.names.close(memo, s, t)));
            if !close_surname {
                continue;
            }
            let role_agree = names::roles_agree(&roles, &e.role_words);
            let shared = ctx(i);
            let mut given_compat = || {
                given.is_empty()
                    || side.given.is_empty()
                    || given.iter().any(|g| g.id.is_some_and(|id| side.given.contains(&id)))
                    || given.iter().any(|g| side.given.iter().any(|&h| self.names.given_compatible(memo, g, h)))
            };
            // Compatible given names: a surname alone, or a variant spelling,
            // needs some agreeing context. Different given names: one person
            // known by two names only when the roles agree and the contexts
            // overlap. Role words are compared as written, so roles in two
            // languages rarely agree: a role mismatch alone never separates
            // compatible names. The second rule implies the first's context,
            // so the given names are compared only when it decides.
            let two_names = exact_surname && role_agree && shared >= 2;
            let some_context = (exact_surname && !given.is_empty() && !side.given.is_empty()) || shared >= 1 || role_agree;
            let ok = two_names || (some_context && given_compat());
            if !ok {
                continue;
            }
            let score = (shared, role_agree, self.entities[i].mentions);
            if best.as_ref().is_none_or(|(_, b)| score > *b) {
                best = Some((i, score));
            }
        }
        best.map(|(i, _)| i)
    }

    fn create(&mut self, id: String, l: &LocalEntity) -> usize {
        let i = self.entities.len();
        self.entities.push(Entity {
            id: id.clone(),
            kind: l.kind,
            canonical: String::new(),
            aliases: BTreeMap::new(),
            roles: BTreeMap::new(),
            mentions: 0,
            documents: 0,
            first_seen: None,
            last_seen: None,
            evidence: Evidence { person: l.person, ..Evidence::default() },
        });
        self.side.push(Side::default());
        self.by_id.insert(id, i);
        i
    }

    /// Adds a local entity's mentions and evidence to entity `i`.
    fn absorb(
        &mut self,
        i: usize,
        l: &LocalEntity,
        mentions: &[crate::extract::EntityMention],
        forms: &[local::Form],
        doc: &Document,
    ) {
        // Only what this local entity adds is indexed: recomputing every key
        // of the entity (and its canonical name from every alias) made the
        // cost grow with how much the entity had gathered.
        let new_keys = {
            let ev = &self.entities[i].evidence;
            let fresh = |have: &BTreeSet<String>, add: &BTreeSet<String>| -> BTreeSet<String> {
                add.iter().filter(|k| !have.contains(*k)).cloned().collect()
            };
            index_keys(&Evidence {
                person: ev.person,
                keys: fresh(&ev.keys, &l.keys),
                variants: fresh(&ev.variants, &l.variants),
                handles: fresh(&ev.handles, &l.handles),
                long_forms: fresh(&ev.long_forms, &l.long_forms),
                region: if ev.region.is_none() { l.region.map(str::to_string) } else { None },
                ..Evidence::default()
            })
        };
        let clock = self.clock();
        let e = &mut self.entities[i];
        e.evidence.last_article = clock;
        for &m in &l.mentions {
            let mention = &mentions[m];
            let lang = forms[m].lang.code();
            if !e.aliases.contains_key(lang) {
                e.aliases.insert(lang.to_string(), BTreeMap::new());
            }
            bump(e.aliases.get_mut(lang).expect("inserted above"), mention.text.trim());
            if let Some(role) = &mention.role {
                bump(&mut e.roles, role);
            }
            e.evidence.type_counts[type_slot(mention.kind)] += 1;
            e.mentions += 1;
        }
        e.documents += 1;
        e.evidence.articles += 1;
        if let Some(d) = doc.published {
            e.first_seen = Some(e.first_seen.map_or(d, |f| f.min(d)));
            e.last_seen = Some(e.last_seen.map_or(d, |f| f.max(d)));
        }
        let ev = &mut e.evidence;
        let side = &mut self.side[i];
        for s in &l.surnames {
            if ev.surnames.len() < MAX_NAMES && insert_new(&mut ev.surnames, s) {
                side.surnames.push(self.names.intern(s));
                side.surname_keys.extend(surname_keys(s));
            }
        }
        for g in l.names.iter().flat_map(|n| &n.given) {
            if ev.given.len() < MAX_NAMES && insert_new(&mut ev.given, g) {
                side.given.push(self.names.intern(g));
            }
        }
        for k in &l.keys {
            insert_new(&mut ev.keys, k);
        }
        for k in &l.variants {
            insert_new(&mut ev.variants, k);
        }
        for k in &l.handles {
            insert_new(&mut ev.handles, k);
        }
        for k in &l.long_forms {
            if ev.long_forms.len() < MAX_NAMES * 4 {
                insert_new(&mut ev.long_forms, k);
            }
        }
        for w in l.roles.iter().flat_map(|r| names::role_words(r)) {
            if ev.role_words.len() < MAX_NAMES {
                ev.role_words.insert(w);
            }
        }
        if ev.region.is_none() {
            ev.region = l.region.map(str::to_string);
        }
        // The type most mentions carry.
        let slot = (0..4).max_by_key(|&s| (ev.type_counts[s], std::cmp::Reverse(s))).unwrap_or(0);
        e.kind = SLOT_TYPES[slot];
        e.canonical = if e.canonical.is_empty() || ev.region.is_some() {
            canonical(e)
        } else {
            // Counts only grow here, so the best form is the old one or one just seen.
            let old = std::mem::take(&mut e.canonical);
            let mut seen: Vec<&str> = l.mentions.iter().map(|&m| mentions[m].text.trim()).collect();
            seen.push(&old);
            seen.sort_unstable();
            seen.dedup();
            seen.into_iter().map(|f| (form_rank(e, f), f)).max().map(|(_, f)| f.to_string()).unwrap_or_default()
        };
        for k in new_keys {
            self.index_key(k, i);
        }
        // Mentioned now: listed under its surnames as the most recent.
        self.list_surnames(i);
    }

    /// Lists entity `i` under key `k`, keeping the list to its cap
    /// ([`key_cap`]: the most mentioned; ties keep the earlier entity).
    fn index_key(&mut self, k: String, i: usize) {
        let cap = key_cap(&k, self.key_cap);
        let list = self.by_key.entry(k).or_default();
        if list.contains(&i) {
            return;
        }
        list.push(i);
        if list.len() > cap {
            let entities = &self.entities;
            let weakest = (0..list.len())
                .min_by_key(|&j| (entities[list[j]].mentions, std::cmp::Reverse(list[j])))
                .expect("list is not empty");
            list.remove(weakest);
        }
    }
}

/// Counts one more `key`, allocating only when it is new.
fn bump(map: &mut BTreeMap<String, u32>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}

/// Inserts `item` unless present (no clone when it is); whether it was new.
fn insert_new(set: &mut BTreeSet<String>, item: &str) -> bool {
    !set.contains(item) && set.insert(item.to_string())
}

/// The name an entity is shown under: for a country, its English CLDR name;
/// a person's fullest name; otherwise the most used form; handles last.
fn canonical(e: &Entity) -> String {
    if let Some(name) = e.evidence.region.as_deref().and_then(places::english_name) {
        return name;
    }
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for forms in e.aliases.values() {
        for (form, n) in forms {
            *counts.entry(form.as_str()).or_insert(0) += n;
        }
    }
    counts.iter().max_by_key(|(form, n)| rank(e, form, **n)).map(|(f, _)| f.to_string()).unwrap_or_default()
}

/// How strongly `form`, seen `n` times, names `e` (see [`canonical`]).
fn rank<'a>(e: &Entity, form: &'a str, n: u32) -> (bool, (u32, u32), isize, std::cmp::Reverse<&'a str>) {
    let handle = form.starts_with('@');
    let words = form.split_whitespace().count().min(4) as u32;
    // People by their fullest name, other things by their usual one; on a
    // tie a person's longer form (a fuller given name), a thing's shorter
    // (its base, not an inflected or compound form: "Wagner", not "Wagners").
    let (r, len) = if e.evidence.person { ((words, n), form.len() as isize) } else { ((n, words), -(form.len() as isize)) };
    (!handle, r, len, std::cmp::Reverse(form))
}

/// [`rank`] of one form, counting it over all languages.
fn form_rank<'a>(e: &Entity, form: &'a str) -> (bool, (u32, u32), isize, std::cmp::Reverse<&'a str>) {
    let n = e.aliases.values().filter_map(|forms| forms.get(form)).sum();
    rank(e, form, n)
}
