//! Summary (digest of the story): 5 to 8 sentences quoted from the story's reports, each cited.
//!
//! Extractive and greedy (maximal marginal relevance): each sentence is
//! scored for centrality (its names, numbers and stems weighted by how many
//! independent reports share them: the story's centroid), for covering main
//! entities and multi-source happenings not yet covered, for standing early in
//! its report (news puts the essentials first) and for recency; a sentence
//! too close to one already chosen (shared names, numbers, stems, so also
//! across languages) is passed over. Two facets a reader expects are sought
//! out (see [`facets`]): how other actors reacted (a reaction word with an
//! organisation or place other than the story's own), and who leads (the
//! person most reports describe with a leading word; a sentence naming them
//! only by a pronoun is quoted with the sentence before it). Asked for one language, it quotes only
//! sentences in that language and says what no source in it reports. It never
//! translates and never rewrites a sentence.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::context::{Features, Report, independent, key, short};
use super::cues;
use super::timeline::Entry;
use super::SummarySentence;
use crate::extract::EntityType;
use crate::extract::quotes::QuoteKind;
use crate::lang::Lang;

/// Sentences in a summary.
const MIN_SENTENCES: usize = 5;
const MAX_SENTENCES: usize = 8;
/// Entities counted as the story's main ones.
const MAIN_ENTITIES: usize = 8;
/// A candidate this close to a chosen sentence says the same thing again.
const REDUNDANT: f32 = 0.5;

/// What a sentence adds to a summary beyond its centrality.
const FACET_BONUS: f32 = 0.6;

/// Sentence-level candidate: one sentence, or a sentence with the one
/// before it (`first`) when it names its person only by a pronoun.
struct Candidate {
    report: usize,
    first: usize,
    sentence: usize,
    score: f32,
    /// The features of both sentences of a pair.
    pair: Option<Features>,
    reaction: bool,
    leader: bool,
}

impl Candidate {
    fn features<'a>(&'a self, reports: &'a [Report]) -> &'a Features {
        self.pair.as_ref().unwrap_or(&reports[self.report].sentences[self.sentence].features)
    }
}

/// Sentences covering the facets: reactions, and who leads.
#[derive(Debug, Default)]
pub(crate) struct Facets {
    /// Sentences telling a reaction, as (report, sentence).
    pub reaction: HashSet<(usize, usize)>,
    /// Sentences telling that the leader leads: (report, sentence) -> the
    /// first sentence of the passage (the one before, for a pronoun).
    pub leader: HashMap<(usize, usize), usize>,
    /// The entity id of the person most reports describe as leading.
    pub leader_entity: Option<String>,
}

/// The lower-cased words of a sentence.
fn words(r: &Report, start: usize, end: usize) -> impl Iterator<Item = &str> {
    let toks = &r.analysis.tokens;
    let i = toks.partition_point(|t| t.start < start);
    toks[i..].iter().take_while(move |t| t.end <= end).map(|t| &r.text[t.start..t.end])
}

/// The words of a sentence with where each starts.
fn words_at(r: &Report, start: usize, end: usize) -> impl Iterator<Item = (usize, &str)> {
    let toks = &r.analysis.tokens;
    let i = toks.partition_point(|t| t.start < start);
    toks[i..].iter().take_while(move |t| t.end <= end).map(|t| (t.start, &r.text[t.start..t.end]))
}

/// Finds the sentences that cover the facets (see the module doc).
pub(crate) fn facets(reports: &[Report]) -> Facets {
    use crate::extract::EntityType::{Location, Organisation, Person};
    // The story's own place: the most mentioned location. Its own bodies'
    // words are not a reaction from outside.
    let mut places: HashMap<&str, usize> = HashMap::new();
    for r in reports {
        for m in r.mentions.iter().filter(|m| m.kind == Location) {
            *places.entry(m.entity.as_str()).or_default() += 1;
        }
    }
    let home = places.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(e, _)| e);
    let mut out = Facets::default();
    let mut leading: HashMap<&str, (HashSet<&str>, usize)> = HashMap::new();
    let mut units: Vec<((usize, usize), usize, Vec<&str>)> = Vec::new();
    for (ri, r) in reports.iter().enumerate() {
        let in_sentence = |si: usize, kind| {
            let s = &r.sentences[si];
            r.mentions.iter().filter(move |m| m.start >= s.start && m.end <= s.end && m.kind == kind).map(|m| m.entity.as_str())
        };
        for (si, s) in r.sentences.iter().enumerate() {
            let c = cues::of(s.lang);
            let ws: Vec<&str> = words(r, s.start, s.end).collect();
            if ws.iter().any(|w| c.reaction(w)) {
                let outside = in_sentence(si, Organisation).chain(in_sentence(si, Location)).any(|e| Some(e) != home);
                if outside {
                    out.reaction.insert((ri, si));
                }
            }
            // The person a leading word tells of: the one named nearest to it
            // in the sentence, else (for a pronoun) the first named in the one before.
            let cue_at = words_at(r, s.start, s.end).find(|(_, w)| c.leader(w)).map(|(at, _)| at);
            if let Some(at) = cue_at {
                let named = r.mentions.iter().filter(|m| m.start >= s.start && m.end <= s.end && m.kind == Person);
                let nearest = named.min_by_key(|m| if m.start > at { m.start - at } else { at - m.end.min(at) });
                let mut people: Vec<&str> = nearest.map(|m| m.entity.as_str()).into_iter().collect();
                let mut first = si;
                if people.is_empty() && si > 0 && ws.iter().any(|w| c.pronoun(w)) {
                    people = in_sentence(si - 1, Person).take(1).collect();
                    first = si - 1;
                }
                for p in &people {
                    let e = leading.entry(p).or_default();
                    e.0.insert(r.root.as_str());
                    e.1 += 1;
                }
                if !people.is_empty() {
                    units.push(((ri, si), first, people));
                }
            }
        }
    }
    let leader = leading.into_iter().max_by(|a, b| (a.1.0.len(), a.1.1).cmp(&(b.1.0.len(), b.1.1)).then(b.0.cmp(a.0))).map(|(e, _)| e);
    if let Some(l) = leader {
        // Who leads can change over a story's days: the latest reports tell it.
        let theirs: Vec<_> = units.into_iter().filter(|(_, _, people)| people.contains(&l)).collect();
        let latest = theirs.iter().filter_map(|((ri, _), _, _)| reports[*ri].date()).max();
        for ((ri, si), first, _) in theirs {
            if reports[ri].date() == latest {
                out.leader.insert((ri, si), first);
            }
        }
    }
    out.leader_entity = leader.map(str::to_string);
    out
}

/// The summary, and notes on what the asked language's sources do not say.
pub(crate) fn build(reports: &[Report], entries: &[Entry], lang: Option<Lang>) -> (Vec<SummarySentence>, Vec<String>) {
    // The centroid: in how many independent reports each feature occurs.
    let mut root_ids: HashMap<&str, u32> = HashMap::new();
    let mut centroid: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut entity_reports: HashMap<u64, Vec<u32>> = HashMap::new();
    for r in reports {
        let next = root_ids.len() as u32;
        let root = *root_ids.entry(r.root.as_str()).or_insert(next);
        for s in &r.sentences {
            let f = &s.features;
            for &x in f.words.iter().chain(&f.numbers).chain(&f.entities) {
                let roots = centroid.entry(x).or_default();
                if !roots.contains(&root) {
                    roots.push(root);
                }
            }
            for &e in &f.entities {
                let roots = entity_reports.entry(e).or_default();
                if !roots.contains(&root) {
                    roots.push(root);
                }
            }
        }
    }
    let roots = independent(reports, 0..reports.len()).max(1) as f32;
    let mut main: Vec<(u64, usize)> = entity_reports.iter().map(|(e, r)| (*e, r.len())).collect();
    main.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    main.truncate(MAIN_ENTITIES);
    let main: Vec<u64> = main.into_iter().filter(|(_, n)| *n >= 2 || roots < 2.0).map(|(e, _)| e).collect();
    // People and organisations reported by two or more sources: the story's actors.
    let mut actors: HashSet<u64> = HashSet::new();
    for r in reports {
        for m in r.mentions.iter().filter(|m| matches!(m.kind, EntityType::Person | EntityType::Organisation)) {
            let h = key(m.entity.as_bytes());
            if entity_reports.get(&h).or_else(|| entity_reports.get(&(h | 1))).is_some_and(|s| s.len() >= 2) {
                actors.insert(h);
            }
        }
    }

    // Which entry (with two or more reports) each sentence tells.
    let mut entry_of: HashMap<(usize, usize), usize> = HashMap::new();
    // The day each dated sentence of the story's own days tells.
    let mut day_of: HashMap<(usize, usize), jiff::civil::Date> = HashMap::new();
    for (k, e) in entries.iter().enumerate() {
        if e.background {
            continue;
        }
        let several = independent(reports, e.members.iter().map(|m| m.report)) >= 2;
        // A date named in passing is not what the sentence tells.
        for m in e.members.iter().filter(|m| m.how != super::timeline::How::Context) {
            if several {
                entry_of.insert((m.report, m.sentence), k);
            }
            day_of.insert((m.report, m.sentence), e.date.start);
        }
    }
    let mut dates: Vec<_> = reports.iter().filter_map(|r| r.date()).collect();
    dates.sort();
    dates.dedup();

    let facets = facets(reports);
    let mut candidates = Vec::new();
    for (ri, r) in reports.iter().enumerate() {
        let recency = match (r.date(), dates.len()) {
            (Some(d), n) if n > 1 => dates.iter().position(|x| *x == d).unwrap_or(0) as f32 / (n - 1) as f32,
            _ => 0.5,
        };
        for (si, s) in r.sentences.iter().enumerate() {
            if lang.is_some_and(|l| l != s.lang) || !summable(r, si) {
                continue;
            }
            let first = facets.leader.get(&(ri, si)).copied().unwrap_or(si);
            if first != si && (lang.is_some_and(|l| l != r.sentences[first].lang) || !summable(r, first)) {
                continue;
            }
            let pair = (first != si).then(|| r.features(r.sentences[first].start, s.end));
            let f = pair.as_ref().unwrap_or(&s.features);
            let mass: f32 = f
                .words
                .iter()
                .chain(&f.numbers)
                .map(|w| centroid.get(w).map_or(0, Vec::len) as f32 / roots)
                .chain(f.entities.iter().map(|e| 2.0 * centroid.get(e).map_or(0, Vec::len) as f32 / roots))
                .sum();
            let centrality = mass / f.weight().max(1.0).sqrt();
            let lead = 1.0 / (1.0 + first as f32 * 0.25);
            candidates.push(Candidate {
                report: ri,
                first,
                sentence: si,
                score: centrality + 0.5 * lead + 0.2 * recency,
                reaction: facets.reaction.contains(&(ri, si)),
                leader: facets.leader.contains_key(&(ri, si)),
                pair,
            });
        }
    }
    // No report dominates a multi-report summary.
    let mut quoting: Vec<usize> = candidates.iter().map(|c| c.report).collect();
    quoting.dedup();
    let per_report = MAX_SENTENCES.div_ceil(quoting.len().max(1)) + 1;
    let top = candidates.iter().map(|c| c.score).fold(0.0f32, f32::max).max(1e-6);
    let mut chosen: Vec<usize> = Vec::new();
    let mut covered_entities: HashSet<u64> = HashSet::new();
    let mut covered_entries: HashSet<usize> = HashSet::new();
    let mut covered_days: HashSet<jiff::civil::Date> = HashSet::new();
    // Each candidate's closest chosen sentence, updated as sentences are chosen.
    let mut similar = vec![0.0f32; candidates.len()];
    let mut taken = vec![0usize; reports.len()];
    let (mut has_reaction, mut has_leader) = (false, false);
    let lines = |chosen: &[usize]| chosen.iter().map(|&k| candidates[k].sentence - candidates[k].first + 1).sum::<usize>();
    while lines(&chosen) < MAX_SENTENCES {
        let mut best: Option<(usize, f32)> = None;
        for (k, c) in candidates.iter().enumerate() {
            let too_long = lines(&chosen) + c.sentence - c.first >= MAX_SENTENCES;
            if chosen.contains(&k) || taken[c.report] >= per_report || similar[k] >= REDUNDANT || too_long {
                continue;
            }
            let f = c.features(reports);
            let new_entities = f.entities.iter().filter(|e| main.contains(e) && !covered_entities.contains(e)).count();
            let new_actors = f.entities.iter().filter(|e| actors.contains(&(*e & !1)) && !covered_entities.contains(e)).count();
            let new_entry = entry_of.get(&(c.report, c.sentence)).is_some_and(|e| !covered_entries.contains(e));
            let new_day = day_of.get(&(c.report, c.sentence)).is_some_and(|d| !covered_days.contains(d));
            let value = c.score / top + 0.15 * new_entities as f32 + 0.15 * new_actors as f32
                + if new_entry { 0.3 } else { 0.0 }
                + if new_day { 0.2 } else { 0.0 }
                + if c.reaction && !has_reaction { FACET_BONUS } else { 0.0 }
                + if c.leader && !has_leader { FACET_BONUS } else { 0.0 }
                - 0.5 * similar[k];
            if best.is_none_or(|(_, b)| value > b) {
                best = Some((k, value));
            }
        }
        let Some((k, value)) = best else { break };
        if lines(&chosen) >= MIN_SENTENCES && value < 0.5 {
            break;
        }
        let c = &candidates[k];
        has_reaction |= c.reaction;
        has_leader |= c.leader;
        covered_entities.extend(c.features(reports).entities.iter().copied());
        if let Some(e) = entry_of.get(&(c.report, c.sentence)) {
            covered_entries.insert(*e);
        }
        if let Some(d) = day_of.get(&(c.report, c.sentence)) {
            covered_days.insert(*d);
        }
        chosen.push(k);
        taken[c.report] += 1;
        let f = c.features(reports);
        for (j, o) in candidates.iter().enumerate() {
            let ratio = f.overlap(o.features(reports)).ratio;
            similar[j] = similar[j].max(ratio);
        }
    }
    // Read in the order things were reported.
    chosen.sort_by_key(|&k| {
        let c = &candidates[k];
        (reports[c.report].date(), c.report, c.first)
    });
    // A pair is quoted as its two sentences, each cited.
    let summary: Vec<SummarySentence> = chosen
        .iter()
        .flat_map(|&k| {
            let c = &candidates[k];
            let r = &reports[c.report];
            r.sentences[c.first..=c.sentence].iter().map(move |s| SummarySentence {
                text: crate::document::normalise(&r.text[s.start..s.end]),
                citation: r.citation(s.start, s.end, s.lang),
            })
        })
        .collect();

    let mut notes = Vec::new();
    if let Some(l) = lang {
        if summary.is_empty() {
            notes.push(format!("No source in '{l}' reports on this story; nothing is translated."));
        } else {
            // Multi-source happenings no report in the language tells.
            let mut missing: Vec<&Entry> = entries
                .iter()
                .filter(|e| !e.background && e.members.len() >= 2)
                .filter(|e| !e.members.iter().any(|m| reports[m.report].sentences[m.sentence].lang == l))
                .collect();
            missing.sort_by_key(|e| std::cmp::Reverse(independent(reports, e.members.iter().map(|m| m.report))));
            for e in missing.into_iter().take(3) {
                let m = e.members[0];
                let s = &reports[m.report].sentences[m.sentence];
                let langs: BTreeSet<&str> = e.members.iter().map(|m| reports[m.report].sentences[m.sentence].lang.code()).collect();
                notes.push(format!(
                    "No '{l}' sentence was found telling this ({}, reported in {}): {}",
                    e.date.start,
                    langs.into_iter().collect::<Vec<_>>().join(", "),
                    short(&reports[m.report].text[s.start..s.end], 120)
                ));
            }
        }
    }
    (summary, notes)
}

/// Whether a sentence can stand in a summary: a full sentence in the
/// writer's own words (not a heading, a question, a quotation or a fragment).
fn summable(r: &Report, i: usize) -> bool {
    let s = &r.sentences[i];
    let text = r.text[s.start..s.end].trim();
    let words = s.features.words.len() + s.features.entities.len();
    let ends = text.ends_with(['.', '!', '"', '”', '»', '’']);
    let quoted: usize = r
        .analysis
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .map(|q| q.end.min(s.end).saturating_sub(q.start.max(s.start)))
        .sum();
    ends && (5..=45).contains(&words)
        && !text.ends_with('?')
        && quoted * 2 < s.end - s.start
        && text.len() <= 600
        && balanced_quotes(text)
}

/// Whether every quotation mark a sentence opens it also closes: a sentence
/// cut out of a longer quotation (`done waiting," she said.`) does not read
/// on its own. Swedish and Finnish write ” at both ends.
fn balanced_quotes(text: &str) -> bool {
    let n = |c: char| text.chars().filter(|&x| x == c).count();
    let curly = if n('“') > 0 { n('“') == n('”') } else { n('”') % 2 == 0 };
    n('"') % 2 == 0 && curly && n('«') == n('»')
}

#[cfg(test)]
mod tests {
    use super::balanced_quotes;

    #[test]
    fn quotation_fragments_are_not_balanced() {
        assert!(balanced_quotes(r#""We stay," she said on Monday."#));
        assert!(balanced_quotes("– Vi stannar, sade hon. ”Det är klart”, tillade hon."));
        assert!(balanced_quotes("« Nous restons », a-t-elle dit."));
        assert!(balanced_quotes("The union said talks had failed."));
        assert!(!balanced_quotes(r#"They are done waiting," the chair said."#));
        assert!(!balanced_quotes("“We will not move until the contract is signed."));
        assert!(!balanced_quotes("Det är klart”, sade hon."));
        assert!(!balanced_quotes("« Nous restons, a-t-elle dit."));
    }
}
