//! Within one document: groups the mentions that name the same thing.
//! A short form joins the full name it abbreviates ("Mensah" → "Kofi Mensah"),
//! a handle the name it spells, an acronym the long form defined next to it
//! or whose initials it is, an inflected form its base form. Does not look
//! beyond the document; that is [`super::EntityIndex`]'s job.

use std::collections::{BTreeSet, HashMap};

use crate::analysis::Analysis;
use crate::extract::{EntityMention, EntityType};
use crate::lang::Lang;

use super::names::{self, PersonName};

/// What one mention says about its name.
#[derive(Debug, Clone)]
pub struct Form {
    pub lang: Lang,
    pub person: bool,
    /// Folded full name (handles: their letters).
    pub key: String,
    pub variants: Vec<String>,
    pub handle: Option<String>,
    pub acronym: bool,
    pub name: Option<PersonName>,
}

/// A group of mentions in one document naming one thing.
#[derive(Debug, Clone)]
pub struct LocalEntity {
    /// Indices into the document's mentions, in text order.
    pub mentions: Vec<usize>,
    pub person: bool,
    pub kind: EntityType,
    /// Folded names and their variants.
    pub keys: BTreeSet<String>,
    pub variants: BTreeSet<String>,
    pub handles: BTreeSet<String>,
    /// Person names with a given name, and the surnames of all.
    pub names: Vec<PersonName>,
    pub surnames: BTreeSet<String>,
    pub roles: Vec<String>,
    pub region: Option<&'static str>,
    /// Keys of its long names, for names that differ in one word
    /// ([`names::long_form_keys`]); none for people.
    pub long_forms: BTreeSet<String>,
}

fn lang_at(analysis: &Analysis, pos: usize) -> Lang {
    analysis
        .sentences
        .iter()
        .find(|s| s.start <= pos && pos < s.end)
        .map_or(analysis.language, |s| s.language)
}

/// The name facts of each mention.
pub fn forms(mentions: &[EntityMention], analysis: &Analysis) -> Vec<Form> {
    mentions
        .iter()
        .map(|m| {
            let lang = lang_at(analysis, m.start);
            let person = m.kind == EntityType::Person;
            let handle = names::handle_letters(&m.text);
            let key = handle.clone().unwrap_or_else(|| names::fold(&m.text));
            let variants = if handle.is_some() { Vec::new() } else { names::variants(&m.text, lang) };
            // "Lindqvist's" folds to "lindqvist s": the name is the form without the ending.
            let split_ending = variants.iter().find(|v| key.starts_with(v.as_str()) && key[v.len()..].starts_with(' ') && !key[v.len() + 1..].contains(' '));
            let name_form = split_ending.unwrap_or(&key);
            // Recognisers often mistype a surname as a place; every name gets its parts.
            let name = if handle.is_none() { names::person_name(name_form) } else { None };
            Form { lang, person, key, variants, handle, acronym: names::is_acronym(&m.text), name }
        })
        .collect()
}

struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            r = self.0[r];
        }
        self.0[i] = r;
        r
    }
    /// Joins two groups; the earlier mention's root stays the root.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// Groups a document's mentions (sorted by start) into local entities.
pub fn group(text: &str, mentions: &[EntityMention], analysis: &Analysis) -> (Vec<Form>, Vec<LocalEntity>) {
    let forms = forms(mentions, analysis);
    let n = mentions.len();
    let mut sets = Sets((0..n).collect());

    // Same name, or inflected forms of one name, whatever type the
    // recogniser gave each (within one text the same name is one thing).
    let mut primary: HashMap<&str, usize> = HashMap::new();
    let mut secondary: HashMap<&str, usize> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        if f.key.is_empty() {
            continue;
        }
        for v in &f.variants {
            if let Some(&j) = primary.get(v.as_str()).or_else(|| secondary.get(v.as_str())) {
                sets.union(i, j);
            }
        }
        if let Some(&j) = primary.get(f.key.as_str()).or_else(|| secondary.get(f.key.as_str())) {
            sets.union(i, j);
        }
        primary.entry(f.key.as_str()).or_insert(i);
        for v in &f.variants {
            secondary.entry(v.as_str()).or_insert(i);
        }
    }

    // Person short forms and handles join the nearest full name they fit.
    let full: Vec<usize> =
        (0..n).filter(|&i| forms[i].person && forms[i].name.as_ref().is_some_and(|p| !p.given.is_empty())).collect();
    for i in 0..n {
        let f = &forms[i];
        // A single word of another type may be a mistyped surname, unless it names a country.
        let single = f.name.as_ref().is_some_and(|p| p.given.is_empty());
        if !(f.person || single && super::places::region_of(&f.key).is_none()) {
            continue;
        }
        let fits = |j: usize| -> bool {
            let Some(long) = &forms[j].name else { return false };
            if let Some(h) = &f.handle {
                return names::handle_matches(h, long);
            }
            let Some(short) = &f.name else { return false };
            if short.given.len() >= long.given.len() {
                return false;
            }
            let surname_fits = short.surname == long.surname || f.variants.contains(&long.surname);
            surname_fits && short.given.iter().all(|g| long.given.iter().any(|lg| names::given_compatible(g, lg)))
        };
        let before = full.iter().rev().find(|&&j| j < i && fits(j));
        let after = full.iter().find(|&&j| j > i && fits(j));
        if let Some(&j) = before.or(after) {
            sets.union(i, j);
        }
    }

    // Acronyms: defined by the extractor, written in parentheses right after
    // a name, or the initials of a name in the same document.
    for a in &analysis.acronyms {
        let at = |s: usize, e: usize| mentions.iter().position(|m| m.start < e && s < m.end);
        if let (Some(i), Some(j)) = (at(a.start, a.end), at(a.expansion_start, a.expansion_end)) {
            sets.union(i, j);
        }
    }
    for i in 1..n {
        let (prev, cur) = (&mentions[i - 1], &mentions[i]);
        let between = text.get(prev.end..cur.start).unwrap_or("");
        let closes = text.get(cur.end..).is_some_and(|r| r.starts_with(')'));
        if forms[i].acronym && between.trim() == "(" && closes {
            sets.union(i, i - 1);
        }
    }
    for i in 0..n {
        if !forms[i].acronym || forms[i].person {
            continue;
        }
        let inits = forms[i].key.replace(' ', "");
        if let Some(j) = (0..n).find(|&j| j != i && !forms[j].person && names::initials(&mentions[j].text).contains(&inits)) {
            sets.union(i, j);
        }
    }

    // Collect the groups in the order of their first mention.
    let mut by_root: HashMap<usize, usize> = HashMap::new();
    let mut out: Vec<LocalEntity> = Vec::new();
    for i in 0..n {
        if forms[i].key.is_empty() {
            continue;
        }
        let r = sets.find(i);
        let k = *by_root.entry(r).or_insert_with(|| {
            out.push(LocalEntity {
                mentions: Vec::new(),
                person: false,
                kind: mentions[i].kind,
                keys: BTreeSet::new(),
                variants: BTreeSet::new(),
                handles: BTreeSet::new(),
                names: Vec::new(),
                surnames: BTreeSet::new(),
                roles: Vec::new(),
                region: None,
                long_forms: BTreeSet::new(),
            });
            out.len() - 1
        });
        let e = &mut out[k];
        let f = &forms[i];
        e.mentions.push(i);
        match &f.handle {
            Some(h) => {
                e.handles.insert(h.clone());
            }
            None => {
                e.keys.insert(f.key.clone());
                e.variants.extend(f.variants.iter().cloned());
            }
        }
        if let Some(p) = f.name.as_ref().filter(|_| f.person) {
            e.surnames.insert(p.surname.clone());
            if !p.given.is_empty() && !e.names.contains(p) {
                e.names.push(p.clone());
            }
        }
        if let Some(role) = &mentions[i].role {
            if !e.roles.contains(role) {
                e.roles.push(role.clone());
            }
        }
    }
    for e in &mut out {
        // The most common type among the mentions; a tie goes to the first.
        let mut counts: Vec<(EntityType, usize)> = Vec::new();
        for &i in &e.mentions {
            match counts.iter_mut().find(|(k, _)| *k == mentions[i].kind) {
                Some(c) => c.1 += 1,
                None => counts.push((mentions[i].kind, 1)),
            }
        }
        e.kind = counts.iter().fold(counts[0], |best, c| if c.1 > best.1 { *c } else { best }).0;
        // A person when it has a full personal name, or people are most of its mentions.
        let per = e.mentions.iter().filter(|&&i| mentions[i].kind == EntityType::Person).count();
        e.person = !e.names.is_empty() || per * 2 > e.mentions.len();
        if e.person {
            e.kind = EntityType::Person;
        } else {
            e.surnames.clear();
            for &i in &e.mentions {
                if forms[i].handle.is_none() {
                    e.long_forms.extend(names::long_form_keys(&mentions[i].text, forms[i].lang));
                }
            }
            let named = e.keys.iter().chain(e.variants.iter()).find_map(|k| super::places::region_of(k));
            // Initials ("US") name a region only when nothing else names the entity.
            let only_short = e.keys.iter().all(|k| !k.contains(' '));
            e.region = named.or_else(|| if only_short { e.keys.iter().find_map(|k| super::places::region_of_initials(k)) } else { None });
        }
    }
    (forms, out)
}
