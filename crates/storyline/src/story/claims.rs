//! Claims: facts that can be checked across sources, and how the sources
//! stand on each.
//!
//! - numbers with the noun they count ("2,400 soldiers"): one slot per
//!   counted noun (its stem key) within related sentences; the same value
//!   in another language joins when the sentences share a name. Two values
//!   of one sentence are two quantities ("62 percent in favour and 38
//!   against") unless the sentence sets sources against each other ("the
//!   airline said 140 flights, while the union said 190 departures"), and
//!   values more than fivefold apart, or said with no word in common
//!   around them ("31 people still missing", "15 people had died"), are
//!   never one slot;
//! - dated happenings (the timeline's entries);
//! - who holds which role (roles the entity resolution attached to names);
//! - statements (a speaker's words, as quoted by one or more reports).
//!
//! A slot with one value is corroborated by two or more independent sources,
//! else single-source; with several values it is evolving when each value
//! belongs to its own days in order, conflicting otherwise. It does not
//! judge which value is right, nor compare happenings dated differently.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;

use super::context::{Report, format_value, fold, independent, word_key};
use super::timeline::Entry;
use super::{Citation, Claim, ClaimKind, ClaimStatus, ClaimValue, Granularity, Speaker, TimelineEntry};
use crate::resolve::Entity;

/// Values below this are too common ("two", "three") to tie sentences across languages.
const CROSS_LANGUAGE_MIN_VALUE: f64 = 10.0;

/// One reading of a slot: its value, the report and the cited span.
struct Reading {
    value: String,
    report: usize,
    date: Option<Date>,
    citation: Citation,
}

/// Assembles a claim from readings, judging its status.
fn claim(kind: ClaimKind, slot: String, reports: &[Report], readings: Vec<Reading>) -> Claim {
    let mut by_value: Vec<(String, Vec<Reading>)> = Vec::new();
    for r in readings {
        match by_value.iter_mut().find(|(v, _)| *v == r.value) {
            Some((_, list)) => list.push(r),
            None => by_value.push((r.value.clone(), vec![r])),
        }
    }
    let all_reports: Vec<usize> = by_value.iter().flat_map(|(_, l)| l.iter().map(|r| r.report)).collect();
    let status = if by_value.len() == 1 {
        if independent(reports, all_reports.iter().copied()) >= 2 { ClaimStatus::Corroborated } else { ClaimStatus::SingleSource }
    } else if evolving(&by_value) {
        ClaimStatus::Evolving
    } else {
        ClaimStatus::Conflicting
    };
    let mut values: Vec<ClaimValue> = by_value
        .into_iter()
        .map(|(value, list)| {
            let mut seen = BTreeSet::new();
            ClaimValue {
                value,
                date: list.iter().filter_map(|r| r.date).min(),
                citations: list
                    .into_iter()
                    .filter(|r| seen.insert((r.citation.doc.clone(), r.citation.start)))
                    .map(|r| r.citation)
                    .collect(),
            }
        })
        .collect();
    values.sort_by(|a, b| a.date.cmp(&b.date).then(b.citations.len().cmp(&a.citations.len())));
    Claim { kind, slot, values, status, independent_sources: independent(reports, all_reports) }
}

/// Whether each value holds on its own days, one after another.
fn evolving(by_value: &[(String, Vec<Reading>)]) -> bool {
    let mut spans: Vec<(Date, Date)> = Vec::new();
    for (_, list) in by_value {
        let dates: Vec<Date> = list.iter().filter_map(|r| r.date).collect();
        if dates.len() != list.len() || dates.is_empty() {
            return false;
        }
        spans.push((*dates.iter().min().expect("dates"), *dates.iter().max().expect("dates")));
    }
    spans.sort();
    spans.windows(2).all(|w| w[0].1 < w[1].0)
}

/// Values further apart than this factor are two quantities ("35 million a
/// day", "400 million over two years"), not two readings of one.
const MAX_VALUE_RATIO: f64 = 5.0;

/// Words on each side of a number and its noun that tell what is counted.
const AROUND_WORDS: usize = 3;

/// A number with what it counts, where it stands.
struct Counted {
    report: usize,
    sentence: usize,
    key: (u64, bool),
    value: f64,
    ordinal: bool,
    slot: String,
    /// Whether its sentence sets one source's account against another's.
    contrast: bool,
    /// Whether its sentence gives one figure per source (see [`contrasts`]).
    disputed: bool,
    /// The words around it (see [`Report::keys_around`]).
    around: Vec<u64>,
}

/// Number readings grouped into slots: a union-find that refuses a merge
/// putting together two different values of one sentence (50.4 and 49.6
/// percent are two candidates' shares, "180 of its 310 flights" two counts)
/// unless that sentence contrasts sources, or values too far apart.
struct Slots {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Slots {
    fn new(n: usize) -> Slots {
        Slots { parent: (0..n).collect(), members: (0..n).map(|i| vec![i]).collect() }
    }

    fn root(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        self.parent[i] = r;
        r
    }

    fn join(&mut self, items: &[Counted], a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb || !compatible(items, &self.members[ra], &self.members[rb]) {
            return;
        }
        let moved = std::mem::take(&mut self.members[ra]);
        self.members[rb].extend(moved);
        self.parent[ra] = rb;
    }
}

/// Whether two slots' readings may be one slot (see [`Slots`]).
fn compatible(items: &[Counted], xs: &[usize], ys: &[usize]) -> bool {
    let values = || xs.iter().chain(ys).map(|&i| items[i].value);
    let (lo, hi) = values().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo > 0.0 && hi / lo > MAX_VALUE_RATIO {
        return false;
    }
    xs.iter().all(|&x| {
        ys.iter().all(|&y| {
            let (a, b) = (&items[x], &items[y]);
            a.value == b.value || (a.report, a.sentence) != (b.report, b.sentence) || a.contrast
        })
    })
}

/// How a sentence sets sources against each other: `(contrast, disputed)`.
/// Contrast: a contrast word ("while", "medan") or two attributions
/// ("according to the police …; the party says …"); two values of one noun
/// there may be one quantity told two ways. Disputed: two attributions, or
/// one and a contrast word; its figures are one quantity even under other
/// nouns ("140 flights …, while the union said 190 departures").
fn contrasts(report: &Report, sentence: usize) -> (bool, bool) {
    let s = &report.sentences[sentence];
    let cues = super::cues::of(s.lang);
    let tokens = &report.analysis.tokens;
    let first = tokens.partition_point(|t| t.start < s.start);
    let word = tokens[first..].iter().take_while(|t| t.end <= s.end).any(|t| cues.contrast(&report.text[t.start..t.end]));
    let sources = crate::extract::quotes::attribution_count(&report.text[s.start..s.end], s.lang);
    (word || sources >= 2, sources >= 2 || (word && sources >= 1))
}

fn number_claims(reports: &[Report]) -> Vec<Claim> {
    let mut items: Vec<Counted> = Vec::new();
    let mut sentence_facts: HashMap<(usize, usize), (bool, bool)> = HashMap::new();
    for (ri, r) in reports.iter().enumerate() {
        for n in &r.analysis.numbers {
            let Some(c) = &n.counted else { continue };
            // "The first time", "the first peaceful transfer": rarely a count to check.
            if n.ordinal && n.value == 1.0 {
                continue;
            }
            let Some(si) = r.sentences.iter().position(|s| s.start <= n.start && n.end <= s.end) else { continue };
            let noun = r.stem_at(c.noun_start).map(str::to_string).unwrap_or_else(|| c.noun.clone());
            let (contrast, disputed) = *sentence_facts.entry((ri, si)).or_insert_with(|| contrasts(r, si));
            items.push(Counted {
                report: ri,
                sentence: si,
                key: (word_key(&noun), n.ordinal),
                value: n.value,
                ordinal: n.ordinal,
                slot: crate::document::normalise(&c.text),
                contrast,
                disputed,
                around: r.keys_around(n.start, c.end.max(n.end), (r.sentences[si].start, r.sentences[si].end), AROUND_WORDS),
            });
        }
    }
    let mut slots = Slots::new(items.len());
    let features = |i: &Counted| &reports[i.report].sentences[i.sentence].features;
    let mut by_key: HashMap<(u64, bool), Vec<usize>> = HashMap::new();
    let mut by_value: HashMap<(u64, bool), Vec<usize>> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        by_key.entry(it.key).or_default().push(i);
        by_value.entry((it.value.to_bits(), it.ordinal)).or_default().push(i);
    }
    // Same values first, so that a slot's readings gather before different
    // values are weighed against them; keys in order, for determinism.
    let mut key_groups: Vec<&Vec<usize>> = by_key.values().collect();
    key_groups.sort_by_key(|g| g[0]);
    for group in &key_groups {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                if items[a].value == items[b].value {
                    slots.join(&items, a, b);
                }
            }
        }
    }
    let mut value_groups: Vec<&Vec<usize>> = by_value.values().collect();
    value_groups.sort_by_key(|g| g[0]);
    for group in value_groups {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                let (ia, ib) = (&items[a], &items[b]);
                let (la, lb) = (reports[ia.report].sentences[ia.sentence].lang, reports[ib.report].sentences[ib.sentence].lang);
                if la == lb || (ia.value < CROSS_LANGUAGE_MIN_VALUE && !ia.ordinal) || ia.key.0 == ib.key.0 {
                    continue;
                }
                let shared_name = features(ia).overlap(features(ib)).shared - features(ia).overlap(features(ib)).words as f32;
                if shared_name >= 2.0 {
                    slots.join(&items, a, b);
                }
            }
        }
    }
    // A disputed sentence with just two figures under two nouns gives one
    // quantity per source ("140 flights …, while the union said 190
    // departures"); with more, which figure answers which is not clear.
    for (a, ia) in items.iter().enumerate().filter(|(_, it)| it.disputed) {
        let b = a + 1;
        let alone = |i: usize| items.get(i).is_none_or(|it| (it.report, it.sentence) != (ia.report, ia.sentence));
        if let Some(ib) = items.get(b) {
            let pair = (ib.report, ib.sentence) == (ia.report, ia.sentence) && (a == 0 || alone(a - 1)) && alone(b + 1);
            if pair && !ia.ordinal && !ib.ordinal && ia.key != ib.key && ia.value != ib.value {
                slots.join(&items, a, b);
            }
        }
    }
    // A different value only when the sentences speak of the same thing.
    for group in &key_groups {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                let (ia, ib) = (&items[a], &items[b]);
                let o = features(ia).overlap(features(ib));
                // "31 people still missing" and "15 people had died" count two things.
                let said_alike = ia.around.is_empty() || ib.around.is_empty() || ia.around.iter().any(|w| ib.around.contains(w));
                if ia.value != ib.value && said_alike && o.shared >= 3.0 && o.ratio >= 0.25 {
                    slots.join(&items, a, b);
                }
            }
        }
    }
    let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..items.len() {
        let r = slots.root(i);
        components.entry(r).or_default().push(i);
    }
    components
        .into_values()
        .map(|members| {
            let slot = items[members[0]].slot.clone();
            let readings = members
                .iter()
                .map(|&i| {
                    let it = &items[i];
                    let s = &reports[it.report].sentences[it.sentence];
                    Reading {
                        value: format_value(it.value, it.ordinal),
                        report: it.report,
                        date: reports[it.report].date(),
                        citation: reports[it.report].citation(s.start, s.end, s.lang),
                    }
                })
                .collect();
            claim(ClaimKind::Number, slot, reports, readings)
        })
        .collect()
}

fn happening_claims(reports: &[Report], entries: &[Entry], views: &[TimelineEntry]) -> Vec<Claim> {
    entries
        .iter()
        .zip(views)
        .map(|(e, v)| {
            let value = match e.date.granularity {
                Granularity::Day => e.date.start.to_string(),
                Granularity::Month => e.date.start.strftime("%Y-%m").to_string(),
                Granularity::Year => e.date.start.year().to_string(),
            };
            let readings = e
                .members
                .iter()
                .map(|m| {
                    let (start, end) = m.span(reports);
                    let citation = reports[m.report].citation(start, end, reports[m.report].sentences[m.sentence].lang);
                    Reading { value: value.clone(), report: m.report, date: Some(e.date.start), citation }
                })
                .collect();
            claim(ClaimKind::Happening, v.text.clone(), reports, readings)
        })
        .collect()
}

fn role_claims(reports: &[Report], known: &BTreeMap<String, Entity>) -> Vec<Claim> {
    // role key -> (role as written, readings with the entity as value)
    let mut slots: BTreeMap<String, (String, Vec<Reading>)> = BTreeMap::new();
    for (ri, r) in reports.iter().enumerate() {
        for m in &r.mentions {
            let Some(role) = m.role.as_deref() else { continue };
            let key = fold(&crate::document::normalise(role));
            let name = known.get(&m.entity).map_or_else(|| m.text.clone(), |e| e.canonical.clone());
            let Some(s) = r.sentences.iter().find(|s| s.start <= m.start && m.end <= s.end) else { continue };
            // A bare title ("President") is held by many people in one story:
            // each holder is its own claim. A qualified one ("foreign
            // minister", "junta leader") names one office: its holders compete.
            let slot_key = if key.split_whitespace().count() >= 2 { key.clone() } else { format!("{key}\u{1f}{}", m.entity) };
            let entry = slots.entry(slot_key).or_insert_with(|| (role.to_string(), Vec::new()));
            entry.1.push(Reading { value: name, report: ri, date: r.date(), citation: r.citation(s.start, s.end, s.lang) });
        }
    }
    let mut out: Vec<Claim> = slots.into_values().map(|(role, readings)| claim(ClaimKind::Role, role, reports, readings)).collect();
    out.extend(said_role_claims(reports, known));
    out
}

/// Roles read from the words around names ("X, the head of …", "… led by X"):
/// one slot per office, its holders compared across reports.
fn said_role_claims(reports: &[Report], known: &BTreeMap<String, Entity>) -> Vec<Claim> {
    let mut slots: BTreeMap<String, (String, Vec<Reading>)> = BTreeMap::new();
    for said in super::roles::collect(reports) {
        let r = &reports[said.report];
        let s = &r.sentences[said.sentence];
        let name = known.get(&said.entity).map_or_else(|| said.entity.clone(), |e| e.canonical.clone());
        let entry = slots.entry(said.slot).or_insert_with(|| (said.phrase.clone(), Vec::new()));
        // One reading per report and holder: a report repeating itself is one source.
        if entry.1.iter().any(|x| x.report == said.report && x.value == name) {
            continue;
        }
        entry.1.push(Reading { value: name, report: said.report, date: r.date(), citation: r.citation(s.start, s.end, s.lang) });
    }
    slots.into_values().map(|(role, readings)| claim(ClaimKind::Role, role, reports, readings)).collect()
}

fn statement_claims(reports: &[Report], speakers: &[Speaker]) -> Vec<Claim> {
    let by_doc: HashMap<&crate::document::DocId, usize> = reports.iter().enumerate().map(|(i, r)| (&r.source.doc, i)).collect();
    let mut out = Vec::new();
    for sp in speakers {
        let Some(name) = sp.name.as_deref() else { continue };
        for st in &sp.statements {
            let readings = st
                .variants
                .iter()
                .filter_map(|v| {
                    let report = *by_doc.get(&v.citation.doc)?;
                    Some(Reading { value: st.text.clone(), report, date: st.date, citation: v.citation.clone() })
                })
                .collect();
            out.push(claim(ClaimKind::Statement, format!("{name}: statement"), reports, readings));
        }
    }
    out
}

/// Every claim, the contested first, then by how many sources give it.
pub(crate) fn build(
    reports: &[Report],
    entries: &[Entry],
    views: &[TimelineEntry],
    speakers: &[Speaker],
    known: &BTreeMap<String, Entity>,
) -> Vec<Claim> {
    let mut out = number_claims(reports);
    out.extend(happening_claims(reports, entries, views));
    out.extend(role_claims(reports, known));
    out.extend(statement_claims(reports, speakers));
    let rank = |s: ClaimStatus| match s {
        ClaimStatus::Conflicting => 0,
        ClaimStatus::Evolving => 1,
        ClaimStatus::Corroborated => 2,
        ClaimStatus::SingleSource => 3,
    };
    out.sort_by(|a, b| rank(a.status).cmp(&rank(b.status)).then(b.independent_sources.cmp(&a.independent_sources)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocId;
    use crate::lang::Lang;

    fn reading(value: &str, report: usize, day: i8) -> Reading {
        Reading {
            value: value.into(),
            report,
            date: Some(Date::new(2031, 5, day).unwrap()),
            citation: Citation { doc: DocId(format!("d{report}")), start: 0, end: 1, language: Lang::EN },
        }
    }

    #[test]
    fn values_on_their_own_days_evolve_and_on_the_same_day_conflict() {
        let evolving_values = vec![
            ("12".to_string(), vec![reading("12", 0, 1), reading("12", 1, 1)]),
            ("19".to_string(), vec![reading("19", 2, 3)]),
            ("25".to_string(), vec![reading("25", 3, 4)]),
        ];
        assert!(evolving(&evolving_values));
        let conflicting_values = vec![
            ("12".to_string(), vec![reading("12", 0, 1), reading("12", 1, 3)]),
            ("19".to_string(), vec![reading("19", 2, 3)]),
        ];
        assert!(!evolving(&conflicting_values));
        let undated = vec![("12".to_string(), vec![Reading { date: None, ..reading("12", 0, 1) }]), ("19".to_string(), vec![reading("19", 2, 3)])];
        assert!(!evolving(&undated), "without dates a change cannot be told from a conflict");
    }
}
