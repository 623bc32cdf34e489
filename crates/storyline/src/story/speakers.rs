//! Who said what: the story's quotations grouped by speaker, and within a
//! speaker by statement.
//!
//! A speaker is the resolved entity its name links to (the same person
//! across reports and languages), else the words that describe them. Two
//! quotations of one speaker are one statement when they share enough names,
//! numbers and stems (cognates count, so a French post and its English
//! rendering can meet) and were said on the same day or an unknown one. It
//! does not translate, and a paraphrase sharing few words stays apart.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::context::{Features, Report, fold, independent};
use super::timeline::parse_value;
use super::{QuoteVariant, Speaker, Statement};
use crate::extract::EntityType;
use crate::extract::quotes::{Quote, QuoteKind, SpeakerKind};
use crate::resolve::Entity;

/// A partial quotation shorter than this many words is a fragment ("hard-won"), not a statement.
const MIN_PARTIAL_WORDS: usize = 4;

/// One quotation found in a report.
pub(crate) struct Said<'r> {
    pub report: usize,
    pub quote: &'r Quote,
    pub date: Option<Date>,
    pub features: Features,
}

/// A statement with the quotations it groups (indices into the `Said` list).
pub(crate) struct Grouped {
    pub key: String,
    pub entity: Option<String>,
    pub name: Option<String>,
    pub statements: Vec<Vec<usize>>,
}

/// The day a quotation was said: the date written with it, else its report's.
fn said_on(report: &Report, q: &Quote) -> Option<Date> {
    let written = q.date.as_ref().and_then(|d| {
        report
            .analysis
            .dates
            .iter()
            .find(|t| t.start < d.end && d.start < t.end)
            .and_then(|t| parse_value(&t.value))
            .filter(|t| t.granularity == super::Granularity::Day)
            .map(|t| t.start)
    });
    written.or(report.date())
}

/// Every quotation worth listing, in report order.
pub(crate) fn collect(reports: &[Report]) -> Vec<Said<'_>> {
    let mut out = Vec::new();
    for (ri, r) in reports.iter().enumerate() {
        let quotes = &r.analysis.quotes;
        for (qi, q) in quotes.iter().enumerate() {
            // A quotation inside another is shown with it.
            let inside = quotes
                .iter()
                .enumerate()
                .any(|(k, o)| k != qi && o.start <= q.start && q.end <= o.end && (o.end - o.start) > (q.end - q.start));
            if inside || (q.kind == QuoteKind::Partial && q.text.split_whitespace().count() < MIN_PARTIAL_WORDS) {
                continue;
            }
            out.push(Said { report: ri, quote: q, date: said_on(r, q), features: r.features(q.start, q.end) });
        }
    }
    out
}

/// Whether two quotations of one speaker are the same statement.
fn same_statement(a: &Said, b: &Said) -> bool {
    if a.report == b.report && a.quote.language == b.quote.language {
        return false;
    }
    if let (Some(x), Some(y)) = (a.date, b.date) {
        if x != y {
            return false;
        }
    }
    let o = a.features.overlap(&b.features);
    // Enough in common, or most of a short quotation; across languages
    // fewer words can match (cognates only), so less is asked.
    (o.shared >= 3.0 && o.ratio >= 0.3)
        || (o.shared >= 2.0 && o.ratio >= 0.5)
        || (o.shared >= 2.0 && o.ratio >= 0.25 && a.quote.language != b.quote.language)
}

/// The entity a speaker is: the resolved mention at the speaker's words, when
/// its type agrees; else, for a person, the one person of the story whose
/// name ends in the same word (a name the recogniser mis-cut, "Foreign
/// Affairs Anna Berg" read as an organisation).
fn link(known: &BTreeMap<String, Entity>, r: &Report, sp: &crate::extract::quotes::Speaker) -> Option<String> {
    let wanted = match sp.kind {
        SpeakerKind::Person => EntityType::Person,
        SpeakerKind::Organisation => EntityType::Organisation,
        _ => return None,
    };
    if let Some(m) = r.mentions.iter().find(|m| m.start < sp.end && sp.start < m.end && m.kind == wanted) {
        return Some(m.entity.clone());
    }
    if wanted != EntityType::Person {
        return r.entity_at(sp.start, sp.end).map(|m| m.entity.clone());
    }
    let last = |s: &str| s.split_whitespace().last().map(fold);
    let surname = last(&sp.text)?;
    let mut people = known.values().filter(|e| e.kind == EntityType::Person && last(&e.canonical).as_ref() == Some(&surname));
    match (people.next(), people.next()) {
        (Some(one), None) => Some(one.id.clone()),
        _ => None,
    }
}

/// Groups the quotations by speaker and statement.
pub(crate) fn group(known: &BTreeMap<String, Entity>, reports: &[Report], said: &[Said]) -> Vec<Grouped> {
    let mut speakers: Vec<Grouped> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (k, s) in said.iter().enumerate() {
        let r = &reports[s.report];
        let (key, entity, name) = match &s.quote.speaker {
            None => ("-".to_string(), None, None),
            Some(sp) => {
                match link(known, r, sp) {
                    Some(id) => {
                        let name = known.get(&id).map_or_else(|| sp.text.clone(), |e| e.canonical.clone());
                        (format!("e:{id}"), Some(id), Some(name))
                    }
                    None => (format!("t:{}", fold(&sp.text)), None, Some(sp.text.clone())),
                }
            }
        };
        let at = *index.entry(key.clone()).or_insert_with(|| {
            speakers.push(Grouped { key, entity, name, statements: Vec::new() });
            speakers.len() - 1
        });
        let statements = &mut speakers[at].statements;
        match statements.iter_mut().find(|st| st.iter().any(|&j| same_statement(&said[j], s))) {
            Some(st) => st.push(k),
            None => statements.push(vec![k]),
        }
    }
    speakers
}

/// The view of the grouped speakers: most reported first, unattributed last.
pub(crate) fn view(reports: &[Report], said: &[Said], grouped: &[Grouped]) -> Vec<Speaker> {
    let mut out: Vec<(usize, bool, Speaker)> = grouped
        .iter()
        .map(|g| {
            let mut statements: Vec<Statement> = g.statements.iter().map(|st| statement(reports, said, st)).collect();
            statements.sort_by(|a, b| b.independent_sources.cmp(&a.independent_sources).then(a.date.cmp(&b.date)));
            let weight = g.statements.iter().map(Vec::len).sum();
            (weight, g.key == "-", Speaker { entity: g.entity.clone(), name: g.name.clone(), statements })
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    out.into_iter().map(|(_, _, s)| s).collect()
}

/// One statement: its best-attested variant first (the one sharing most with the others).
pub(crate) fn statement(reports: &[Report], said: &[Said], members: &[usize]) -> Statement {
    let score = |i: usize| -> f32 {
        members.iter().filter(|&&j| j != i).map(|&j| said[i].features.overlap(&said[j].features).shared).sum()
    };
    let mut order = members.to_vec();
    order.sort_by(|&a, &b| {
        score(b)
            .partial_cmp(&score(a))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then((said[a].quote.kind != QuoteKind::Direct).cmp(&(said[b].quote.kind != QuoteKind::Direct)))
            .then(said[b].quote.text.len().cmp(&said[a].quote.text.len()))
    });
    let variants: Vec<QuoteVariant> = order
        .iter()
        .map(|&i| {
            let s = &said[i];
            QuoteVariant {
                text: crate::document::normalise(&s.quote.text),
                citation: reports[s.report].citation(s.quote.start, s.quote.end, s.quote.language),
            }
        })
        .collect();
    Statement {
        text: variants[0].text.clone(),
        date: members.iter().filter_map(|&i| said[i].date).min(),
        variants,
        independent_sources: independent(reports, members.iter().map(|&i| said[i].report)),
    }
}
