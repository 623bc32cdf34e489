//! Scores entity resolution against a reference reading: the alias groups of
//! an expected file (`entities[].aliases`, `stretch_aliases`) as pairwise
//! merge precision and recall over mentions. Not used at run time.
//!
//! Every occurrence of an alias in the corpus text is a reference mention
//! (longest alias first, whole words). It is matched to the recognised
//! mention inside it, or around it when that covers at least half of it;
//! an occurrence no mention matches counts as resolved to nothing. A pair
//! of reference mentions is a true merge when both belong to one reference
//! entity and were resolved to one entity.
//!
//! It also counts the aliases of people, organisations and places (not
//! stretch) found at least once as a mention of the right type: the exact
//! span, or the name after a role ("President X").

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::analysis::analyze;
use crate::document::{Document, Format};
use crate::pipeline::options_for;
use crate::resolve::{ResolvedMention, persist};
use crate::store::{SqliteStore, Store, StoreError};

#[derive(Debug, Deserialize)]
struct Expected {
    entities: Vec<ExpectedEntity>,
}

#[derive(Debug, Deserialize)]
struct ExpectedEntity {
    canonical: String,
    /// "PER", "ORG", "LOC" or another type.
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    stretch_aliases: Vec<String>,
}

/// Pairwise merge counts and the measures they give.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PairScore {
    /// Pairs of one reference entity.
    pub gold_pairs: usize,
    /// Pairs resolved to one entity.
    pub merged_pairs: usize,
    pub correct_pairs: usize,
    pub precision: f64,
    pub recall: f64,
}

impl PairScore {
    fn finish(&mut self) {
        self.precision = if self.merged_pairs == 0 { 1.0 } else { self.correct_pairs as f64 / self.merged_pairs as f64 };
        self.recall = if self.gold_pairs == 0 { 1.0 } else { self.correct_pairs as f64 / self.gold_pairs as f64 };
    }
}

/// The result of `storyline eval entities`.
#[derive(Debug, Clone, Serialize)]
pub struct EntityScore {
    pub documents: usize,
    /// Reference mentions (alias occurrences), and how many a recognised mention matched.
    pub reference_mentions: usize,
    pub matched_mentions: usize,
    /// Pairs of non-stretch mentions.
    pub main: PairScore,
    /// The same, over matched mentions only (resolution apart from recognition).
    pub main_matched_only: PairScore,
    /// Pairs with at least one stretch mention.
    pub stretch: PairScore,
    pub entities_made: usize,
    /// PER/ORG/LOC aliases (not stretch), and those found at least once as
    /// a mention of the right type.
    pub aliases: usize,
    pub aliases_found: usize,
    /// The aliases not found, with their reference type.
    pub aliases_missed: Vec<(String, String)>,
    /// Wrong merges: two reference entities resolved to one (with a count of pairs).
    pub wrong_merges: Vec<(String, String, usize)>,
    /// Reference entities split over several resolved entities.
    pub splits: Vec<(String, Vec<String>)>,
}

struct Occurrence {
    gold: usize,
    stretch: bool,
    entity: Option<String>,
    text: String,
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Where `alias` occurs in `text` as whole words: (start, end).
fn whole_word_matches<'a>(text: &'a str, alias: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    text.match_indices(alias).map(move |(start, _)| (start, start + alias.len())).filter(move |&(start, end)| {
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        !(is_word_char(before) || is_word_char(after) || alias.starts_with('@') && before == Some('@'))
    })
}

/// Reference mentions in one text: (start, end, gold entity, stretch), longest alias first, no overlaps.
fn occurrences(text: &str, aliases: &[(String, usize, bool)]) -> Vec<(usize, usize, usize, bool)> {
    let mut out: Vec<(usize, usize, usize, bool)> = Vec::new();
    for (alias, gold, stretch) in aliases {
        for (start, end) in whole_word_matches(text, alias) {
            if !out.iter().any(|o| o.0 < end && start < o.1) {
                out.push((start, end, *gold, *stretch));
            }
        }
    }
    out.sort();
    out
}

fn matched(start: usize, end: usize, mentions: &[ResolvedMention]) -> Option<&ResolvedMention> {
    mentions
        .iter()
        .filter(|m| {
            let overlap = end.min(m.end).saturating_sub(start.max(m.start));
            let inside = m.start >= start && m.end <= end;
            overlap > 0 && (inside || overlap * 2 >= m.end - m.start)
        })
        .max_by_key(|m| end.min(m.end).saturating_sub(start.max(m.start)))
}

/// Ingests the `.txt` files of `corpus` (in name order) into a temporary
/// store, resolves their entities, and scores them against `expected`.
pub fn score(expected: &Path, corpus: &Path) -> Result<EntityScore, Box<dyn std::error::Error>> {
    let exp: Expected = serde_json::from_str(&std::fs::read_to_string(expected)?)?;
    let mut aliases: Vec<(String, usize, bool)> = Vec::new();
    for (g, e) in exp.entities.iter().enumerate() {
        aliases.extend(e.aliases.iter().map(|a| (a.clone(), g, false)));
        aliases.extend(e.stretch_aliases.iter().map(|a| (a.clone(), g, true)));
    }
    aliases.sort_by_key(|(a, _, _)| std::cmp::Reverse(a.len()));

    let mut paths: Vec<_> = std::fs::read_dir(corpus)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut store = SqliteStore::in_memory()?;
    let mut index = persist::load(&store)?;
    let mut occ: Vec<Occurrence> = Vec::new();
    let mut found: std::collections::BTreeSet<(usize, String)> = Default::default();
    for path in &paths {
        let text = std::fs::read_to_string(path)?;
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let doc = Document::new(Some(&path.to_string_lossy()), name, Format::Text, text);
        let analysis = analyze(&doc.text, &options_for(&doc));
        store.put_documents(&[(doc.clone(), analysis.clone())])?;
        let changes = persist::add_batch(&mut index, &mut store, &[(&doc, &analysis)])
            .map_err(|e: StoreError| Box::new(e) as Box<dyn std::error::Error>)?;
        let mentions = &changes[0].mentions;
        // A mention of the alias's type over the alias (after a role, if it has one).
        let typed = |start: usize, end: usize, gold: usize| {
            mentions.iter().find(|m| {
                m.end == end && (m.start == start || (m.role.is_some() && m.start > start)) && m.kind.code() == exp.entities[gold].kind
            })
        };
        // Every occurrence of an alias counts for "found", also inside a
        // longer alias ("Wagner" in "Wagner mercenary group").
        for (alias, gold, _) in aliases.iter().filter(|a| !a.2) {
            for (start, end) in whole_word_matches(&doc.text, alias) {
                if let Some(m) = typed(start, end, *gold) {
                    // "General X Y" found also finds the alias "X Y".
                    found.insert((*gold, alias.clone()));
                    found.insert((*gold, m.text.clone()));
                }
            }
        }
        for (start, end, gold, stretch) in occurrences(&doc.text, &aliases) {
            let entity = matched(start, end, mentions).map(|m| m.entity.clone());
            occ.push(Occurrence { gold, stretch, entity, text: doc.text[start..end].to_string() });
        }
    }

    let mut main = PairScore::default();
    let mut main_matched = PairScore::default();
    let mut stretch = PairScore::default();
    let mut wrong: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for i in 0..occ.len() {
        for j in i + 1..occ.len() {
            let (a, b) = (&occ[i], &occ[j]);
            let gold_same = a.gold == b.gold;
            let merged = a.entity.is_some() && a.entity == b.entity;
            let s = if a.stretch || b.stretch { &mut stretch } else { &mut main };
            s.gold_pairs += gold_same as usize;
            s.merged_pairs += merged as usize;
            s.correct_pairs += (gold_same && merged) as usize;
            if !a.stretch && !b.stretch && a.entity.is_some() && b.entity.is_some() {
                main_matched.gold_pairs += gold_same as usize;
                main_matched.merged_pairs += merged as usize;
                main_matched.correct_pairs += (gold_same && merged) as usize;
            }
            if merged && !gold_same {
                *wrong.entry((a.gold.min(b.gold), a.gold.max(b.gold))).or_insert(0) += 1;
            }
        }
    }
    main.finish();
    main_matched.finish();
    stretch.finish();
    let mut splits = Vec::new();
    for (g, e) in exp.entities.iter().enumerate() {
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for o in occ.iter().filter(|o| o.gold == g) {
            let key = o.entity.clone().unwrap_or_else(|| "(not recognised)".into());
            let texts = groups.entry(key).or_default();
            if !texts.contains(&o.text) {
                texts.push(o.text.clone());
            }
        }
        if groups.len() > 1 {
            splits.push((e.canonical.clone(), groups.into_values().map(|t| t.join(" | ")).collect()));
        }
    }
    let typed: Vec<(usize, &String)> = exp
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| ["PER", "ORG", "LOC"].contains(&e.kind.as_str()))
        .flat_map(|(g, e)| e.aliases.iter().map(move |a| (g, a)))
        .collect();
    let aliases_missed: Vec<(String, String)> = typed
        .iter()
        .filter(|(g, a)| !found.contains(&(*g, (*a).clone())))
        .map(|(g, a)| ((*a).clone(), exp.entities[*g].kind.clone()))
        .collect();
    Ok(EntityScore {
        documents: paths.len(),
        aliases: typed.len(),
        aliases_found: typed.len() - aliases_missed.len(),
        aliases_missed,
        reference_mentions: occ.len(),
        matched_mentions: occ.iter().filter(|o| o.entity.is_some()).count(),
        main,
        main_matched_only: main_matched,
        stretch,
        entities_made: store.entities()?.len(),
        wrong_merges: wrong
            .into_iter()
            .map(|((a, b), n)| (exp.entities[a].canonical.clone(), exp.entities[b].canonical.clone(), n))
            .collect(),
        splits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_take_the_longest_alias_and_whole_words() {
        let aliases = vec![
            ("President Kofi Mensah".to_string(), 0, false),
            ("Mensah".to_string(), 0, false),
            ("UN".to_string(), 1, false),
        ];
        let got = occurrences("President Kofi Mensah met the UN. Mensah left UNESCO.", &aliases);
        assert_eq!(got, vec![(0, 21, 0, false), (30, 32, 1, false), (34, 40, 0, false)]);
    }

    #[test]
    fn aliases_count_as_found_only_with_their_type() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "Mayor Tomas Kerrin opened the new bridge over the river in Valdora on Monday. Kerrin said the work took two years. \
             The Orvane Bridge Company builders finished it in May.",
        )
        .unwrap();
        let expected = dir.path().join("expected.json");
        std::fs::write(
            &expected,
            r#"{"entities": [
                {"type": "PER", "canonical": "Tomas Kerrin", "aliases": ["Mayor Tomas Kerrin", "Tomas Kerrin", "Kerrin"]},
                {"type": "ORG", "canonical": "Valdora", "aliases": ["Valdora"]},
                {"type": "PER", "canonical": "Nobody", "aliases": ["Anna Nobody"]},
                {"type": "ORG", "canonical": "Orvane", "aliases": ["Orvane Bridge Company builders", "Orvane Bridge Company"]}
            ]}"#,
        )
        .unwrap();
        let score = score(&expected, dir.path()).unwrap();
        assert_eq!(score.aliases, 7);
        let missed: Vec<&str> = score.aliases_missed.iter().map(|(a, _)| a.as_str()).collect();
        // "Tomas Kerrin" is found inside "Mayor Tomas Kerrin"; Valdora is a
        // place, not an organisation; the company's name is found inside
        // the longer alias that no mention spans.
        assert_eq!(missed, ["Valdora", "Anna Nobody", "Orvane Bridge Company builders"], "{score:?}");
        assert_eq!(score.aliases_found, 4);
    }
}
