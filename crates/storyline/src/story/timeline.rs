//! Timeline: dated happenings, merged across the reports that tell them.
//!
//! A sentence is a candidate when it carries a resolved date (a TIMEX3 DATE
//! or TIME of day, month or year) that is not after its report's date: news
//! tells what happened, and a date after publication is a plan, not a
//! happening. A sentence without a date of its own takes the day named in
//! the sentence just before it ("…on Wednesday. In a late-night broadcast,
//! soldiers announced…"), once. A sentence naming several dates is told once,
//! under its main date: the first one outside a subordinate clause ("…,
//! after winning a runoff two months earlier") on the story's own days, else
//! the first outside a subordinate clause, else the first. Each other date
//! keeps only its clause ("since its independence in 1960"), cited by that
//! clause's span, as context. Candidates on the same date that share enough
//! names, numbers and stems merge into one entry; undated sentences of other
//! reports that clearly tell an entry's happening join it too. It does not
//! order happenings within a day, nor decide whether a sentence's verb is a
//! happening rather than a state.

use jiff::ToSpan;
use jiff::civil::Date;

use std::borrow::Cow;

use super::context::{Common, Features, Report, independent, short};
use super::cues;
use super::{Granularity, TimelineDate, TimelineEntry};
use crate::extract::dates::TimexType;

/// Longest description shown for an entry, in characters.
const TEXT_CHARS: usize = 220;

/// Happenings more than this many days before the story's first report are
/// background: news recalls earlier elections, coups and treaties to explain
/// the present, and those belong apart from the story's own days. Sixty days
/// keeps a story's run-up (a campaign, an ultimatum) with it.
const BACKGROUND_DAYS: i64 = 60;

/// A sentence taken into an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Member {
    pub report: usize,
    pub sentence: usize,
    /// How it got its date.
    pub how: How,
    /// For [`How::Context`], the clause (byte span) naming the date.
    pub clause: Option<(usize, usize)>,
}

impl Member {
    fn new(report: usize, sentence: usize, how: How) -> Member {
        Member { report, sentence, how, clause: None }
    }

    /// The cited span: the clause for a context date, else the sentence.
    pub fn span(&self, reports: &[Report]) -> (usize, usize) {
        self.clause.unwrap_or_else(|| {
            let s = &reports[self.report].sentences[self.sentence];
            (s.start, s.end)
        })
    }

    /// The features compared: the clause's, else the sentence's.
    fn features<'a>(&self, reports: &'a [Report]) -> Cow<'a, Features> {
        match self.clause {
            Some((start, end)) => Cow::Owned(reports[self.report].features(start, end)),
            None => Cow::Borrowed(&reports[self.report].sentences[self.sentence].features),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum How {
    /// A date written in the sentence.
    Written,
    /// The day of the sentence before.
    Inherited,
    /// Undated; joined for telling the same happening.
    Joined,
    /// A date the sentence names besides its main one: only its clause.
    Context,
}

/// An entry with the sentences it was built from.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub date: TimelineDate,
    pub members: Vec<Member>,
    pub background: bool,
    /// Every feature of every member: a candidate sharing too little with
    /// it cannot match any one member, so most comparisons stop here.
    union: Features,
}

impl Entry {
    fn new(date: TimelineDate, m: Member, reports: &[Report]) -> Entry {
        let mut e = Entry { date, members: Vec::new(), background: false, union: Features::default() };
        e.add(m, reports);
        e
    }

    fn add(&mut self, m: Member, reports: &[Report]) {
        let f = m.features(reports);
        let f = f.as_ref();
        for (into, from) in [(&mut self.union.words, &f.words), (&mut self.union.entities, &f.entities), (&mut self.union.numbers, &f.numbers)] {
            into.extend_from_slice(from);
            into.sort_unstable();
            into.dedup();
        }
        self.members.push(m);
    }
}

/// Parses a TIMEX3 value into a date at its granularity (`2023`, `2023-07`,
/// `2023-07-26`, `2023-07-26TMO`, `2023-07-26T14:00`); others are `None`.
pub(crate) fn parse_value(value: &str) -> Option<TimelineDate> {
    let (date_part, rest) = match value.find('T') {
        Some(i) => (&value[..i], Some(&value[i..])),
        None => (value, None),
    };
    let parts: Vec<&str> = date_part.split('-').collect();
    let num = |s: &str, len: usize| (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i16>().ok()).flatten();
    let year = num(parts.first()?, 4)?;
    let (month, day, granularity) = match parts.len() {
        1 => (1, 1, Granularity::Year),
        2 => (num(parts[1], 2)? as i8, 1, Granularity::Month),
        3 => (num(parts[1], 2)? as i8, num(parts[2], 2)? as i8, Granularity::Day),
        _ => return None,
    };
    if rest.is_some() && granularity != Granularity::Day {
        return None;
    }
    let start = Date::new(year, month, day).ok()?;
    Some(TimelineDate { start, granularity })
}

/// The last day of a period.
pub(crate) fn end_of(d: TimelineDate) -> Date {
    let next = match d.granularity {
        Granularity::Day => return d.start,
        Granularity::Month => d.start.checked_add(1.month()),
        Granularity::Year => d.start.checked_add(1.year()),
    };
    next.ok().and_then(|n| n.yesterday().ok()).unwrap_or(d.start)
}

/// The resolved dates written in a sentence that are not after its report's
/// date, in text order with their byte spans; a date written twice is kept
/// once, and a period holding a more precise date of the sentence ("2024"
/// beside "12 March 2024") is the same date, left out.
fn written_dates(report: &Report, start: usize, end: usize) -> Vec<(TimelineDate, usize, usize)> {
    let found: Vec<(TimelineDate, usize, usize)> = report
        .analysis
        .dates
        .iter()
        .filter(|t| t.start >= start && t.end <= end && matches!(t.kind, TimexType::Date | TimexType::Time))
        .filter_map(|t| parse_value(&t.value).map(|d| (d, t.start, t.end)))
        .filter(|(d, _, _)| report.date().is_none_or(|limit| d.start <= limit))
        .collect();
    let mut kept: Vec<(TimelineDate, usize, usize)> = Vec::new();
    for &(d, s, e) in &found {
        let within = found.iter().any(|(o, _, _)| o.granularity > d.granularity && d.start <= o.start && o.start <= end_of(d));
        if !within && !kept.iter().any(|(k, _, _)| *k == d) {
            kept.push((d, s, e));
        }
    }
    kept.sort_by_key(|&(_, s, _)| s);
    kept
}

/// Characters that close a clause.
const CLAUSE_MARKS: &[char] = &[',', ';', ':', '(', ')', '–', '—'];

/// The clause around a date at `at..to` of a sentence `start..end`: from the
/// subordinating word opening it ("since", "after"), else the mark before
/// it, to the mark after it. Also whether a subordinating word opens it.
fn clause(report: &Report, start: usize, end: usize, at: usize, to: usize) -> ((usize, usize), bool) {
    let text = &report.text;
    let from = text[start..at].rfind(CLAUSE_MARKS).map_or(start, |i| start + i + text[start + i..].chars().next().map_or(1, char::len_utf8));
    let until = text[to..end].find(CLAUSE_MARKS).map_or(end, |i| to + i);
    let lang = report.sentences.iter().find(|s| s.start == start).map(|s| s.lang).unwrap_or(report.analysis.language);
    let c = cues::of(lang);
    let toks = &report.analysis.tokens;
    let i = toks.partition_point(|t| t.start < from);
    let opener = toks[i..].iter().take_while(|t| t.end <= at).find(|t| c.subordinator(&text[t.start..t.end]));
    let from = opener.map_or(from, |t| t.start);
    let from = from + (text[from..until].len() - text[from..until].trim_start().len());
    let until = from.max(until - (text[from..until].len() - text[from..until].trim_end().len()));
    ((from, until), opener.is_some())
}

/// A sentence's main date (index into `dates`): the first outside a
/// subordinate clause on the story's own days, else the first outside a
/// subordinate clause, else the first on the story's days, else the first.
fn main_date(report: &Report, start: usize, end: usize, dates: &[(TimelineDate, usize, usize)], cutoff: Option<Date>) -> usize {
    let own = |d: &TimelineDate| cutoff.is_none_or(|c| end_of(*d) >= c);
    let sub: Vec<bool> = dates.iter().map(|&(_, s, e)| clause(report, start, end, s, e).1).collect();
    let pick = |f: &dyn Fn(usize) -> bool| (0..dates.len()).find(|&i| f(i));
    pick(&|i| !sub[i] && own(&dates[i].0))
        .or_else(|| pick(&|i| !sub[i]))
        .or_else(|| pick(&|i| own(&dates[i].0)))
        .unwrap_or(0)
}

/// Whether a sentence can tell a happening: long enough, not a heading or question.
fn tells(report: &Report, i: usize) -> bool {
    let s = &report.sentences[i];
    let text = report.text[s.start..s.end].trim_end();
    s.features.words.len() + s.features.entities.len() + s.features.numbers.len() >= 3 && !text.ends_with('?')
}

/// Whether a candidate belongs in an entry: enough shared names, numbers and stems.
fn matches(reports: &[Report], common: &Common, entry: &Entry, m: Member, undated: bool) -> Option<(f32, f32)> {
    let f = m.features(reports);
    let f = f.as_ref();
    let u = f.overlap_in(&entry.union, Some(common));
    if u.shared < if undated { 2.5 } else { 3.0 } || (undated && u.words < 3) {
        return None;
    }
    let mut best: Option<(f32, f32)> = None;
    for other in sample(&entry.members) {
        if other.report == m.report && undated {
            continue;
        }
        let o = f.overlap_in(other.features(reports).as_ref(), Some(common));
        // A dated pair need less: the shared date is evidence too.
        let ok = if undated {
            o.shared >= 2.5 && o.words >= 3 && o.ratio >= 0.35
        } else {
            o.shared >= 3.0 && o.ratio >= 0.2
        };
        if ok && best.is_none_or(|b| (o.shared, o.ratio) > b) {
            best = Some((o.shared, o.ratio));
        }
    }
    best
}

/// Members a candidate is compared with: the first and the latest few. A
/// happening told by hundreds of reports is recognised by a dozen of them,
/// and the cost of a comparison then stays flat as reports pile up.
fn sample(members: &[Member]) -> impl Iterator<Item = &Member> {
    const HEAD: usize = 8;
    const TAIL: usize = 4;
    let tail_from = members.len().saturating_sub(TAIL).max(HEAD.min(members.len()));
    members[..HEAD.min(members.len())].iter().chain(&members[tail_from..])
}

/// Builds the entries of a story whose first report is dated `first`.
pub(crate) fn entries(reports: &[Report], common: &Common, first: Option<Date>) -> Vec<Entry> {
    let cutoff = first.and_then(|f| f.checked_sub(BACKGROUND_DAYS.days()).ok());
    let mut candidates: Vec<(TimelineDate, Member)> = Vec::new();
    let mut used = vec![Vec::new(); reports.len()];
    for (r, report) in reports.iter().enumerate() {
        used[r] = vec![false; report.sentences.len()];
        let mut previous: Option<(TimelineDate, bool)> = None;
        for (i, s) in report.sentences.iter().enumerate() {
            let dates = written_dates(report, s.start, s.end);
            let main = main_date(report, s.start, s.end, &dates, cutoff);
            let written = dates.get(main).map(|d| d.0);
            if tells(report, i) {
                if !dates.is_empty() {
                    // Told once, under its main date; the other dates keep their
                    // clause, unless it is the main date's own ("on Thursday and Friday").
                    let (_, main_at, main_to) = dates[main];
                    let main_clause = clause(report, s.start, s.end, main_at, main_to).0;
                    for (k, &(d, at, to)) in dates.iter().enumerate() {
                        let mut m = Member::new(r, i, How::Written);
                        if k != main {
                            let own = clause(report, s.start, s.end, at, to).0;
                            if own == main_clause {
                                continue;
                            }
                            m.how = How::Context;
                            m.clause = Some(own);
                        }
                        candidates.push((d, m));
                    }
                } else if let Some((d, _)) = previous.filter(|(d, inheritable)| *inheritable && d.granularity == Granularity::Day) {
                    candidates.push((d, Member::new(r, i, How::Inherited)));
                }
            }
            // A day passes to the next sentence in its paragraph, or across a
            // paragraph break when it stood in a paragraph of its own.
            previous = written.map(|d| {
                let next_new = report.sentences.get(i + 1).is_some_and(|n| n.new_paragraph);
                let own_paragraph = s.new_paragraph && next_new;
                (d, !next_new || own_paragraph)
            });
        }
    }
    // Written dates first, so inherited ones join rather than lead.
    candidates.sort_by_key(|(d, m)| (*d, m.how, reports[m.report].date(), m.report, m.sentence));
    let mut entries: Vec<Entry> = Vec::new();
    let mut day_start = 0;
    for (d, m) in candidates {
        if entries.get(day_start).is_some_and(|e| e.date != d) {
            day_start = entries.len();
        }
        let best = entries[day_start..]
            .iter()
            .enumerate()
            .filter_map(|(k, e)| matches(reports, common, e, m, false).map(|s| (k, s)))
            .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
        match best {
            Some((k, _)) => entries[day_start + k].add(m, reports),
            None => entries.push(Entry::new(d, m, reports)),
        }
        if m.how != How::Context {
            used[m.report][m.sentence] = true;
        }
    }
    // Undated sentences that tell an entry's happening join it.
    for (r, report) in reports.iter().enumerate() {
        for (i, s) in report.sentences.iter().enumerate() {
            // A sentence with a date of its own (a plan, a later day) tells that day's news.
            let dated = report
                .analysis
                .dates
                .iter()
                .any(|t| t.start >= s.start && t.end <= s.end && matches!(t.kind, TimexType::Date | TimexType::Time));
            if used[r][i] || dated || !tells(report, i) {
                continue;
            }
            let m = Member::new(r, i, How::Joined);
            let best = entries
                .iter()
                .enumerate()
                .filter(|(_, e)| report.date().is_none_or(|d| e.date.start <= d))
                .filter(|(_, e)| !e.members.iter().any(|o| o.report == r))
                .filter_map(|(k, e)| matches(reports, common, e, m, true).map(|s| (k, s)))
                .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
            if let Some((k, _)) = best {
                entries[k].add(m, reports);
                used[r][i] = true;
            }
        }
    }
    // A month or year that holds the story's own days cannot be placed
    // among them ("in 2024", a post's "2024" signature): left out.
    let days: Vec<Date> = entries.iter().filter(|e| e.date.granularity == Granularity::Day).map(|e| e.date.start).collect();
    entries.retain(|e| e.date.granularity == Granularity::Day || !days.iter().any(|d| e.date.start <= *d && *d <= end_of(e.date)));
    for e in &mut entries {
        e.background = cutoff.is_some_and(|c| end_of(e.date) < c);
    }
    entries.sort_by_cached_key(|e| {
        (e.date.start, e.date.granularity, std::cmp::Reverse(independent(reports, e.members.iter().map(|m| m.report))))
    });
    entries
}

/// The member whose sentence best stands for the entry: a written date,
/// then the most shared with the others, then the earliest report.
fn lead(reports: &[Report], e: &Entry) -> Member {
    let score = |m: &Member| -> f32 {
        let f = m.features(reports);
        sample(&e.members).filter(|o| *o != m).map(|o| f.overlap(o.features(reports).as_ref()).shared).sum()
    };
    // Scored once each: a comparison per pair would grow with the square of the reports.
    let scores: Vec<f32> = e.members.iter().map(score).collect();
    let best = (0..e.members.len())
        .min_by(|&i, &j| {
            let (a, b) = (&e.members[i], &e.members[j]);
            a.how
                .cmp(&b.how)
                .then(scores[j].partial_cmp(&scores[i]).unwrap_or(std::cmp::Ordering::Equal))
                .then(reports[a.report].date().cmp(&reports[b.report].date()))
        })
        .expect("an entry has members");
    e.members[best]
}

/// The view of an entry.
pub(crate) fn view(reports: &[Report], e: &Entry) -> TimelineEntry {
    let lead = lead(reports, e);
    let mut members = e.members.clone();
    members.sort_by_key(|m| (*m != lead, m.how, reports[m.report].date(), m.report, m.sentence));
    let citations = members
        .iter()
        .map(|m| {
            let (start, end) = m.span(reports);
            reports[m.report].citation(start, end, reports[m.report].sentences[m.sentence].lang)
        })
        .collect();
    let (start, end) = lead.span(reports);
    TimelineEntry {
        date: e.date,
        text: excerpt(&reports[lead.report], lead, start, end),
        citations,
        independent_sources: independent(reports, e.members.iter().map(|m| m.report)),
    }
}

/// An entry's text: its span, marked "…" where it is a clause cut out of a
/// longer sentence, so that a reader sees an excerpt, not a sentence.
fn excerpt(report: &Report, m: Member, start: usize, end: usize) -> String {
    let s = &report.sentences[m.sentence];
    let text = short(&report.text[start..end], TEXT_CHARS);
    let cut_before = start > s.start;
    // Only the closing stop left after it: the clause ends the sentence.
    let cut_after = report.text[end..s.end.max(end)].trim().chars().any(char::is_alphanumeric);
    let head = if cut_before { "…" } else { "" };
    let tail = if cut_after && !text.ends_with('…') { "…" } else { "" };
    format!("{head}{}{tail}", if cut_after { text.trim_end_matches([',', ';', ':']) } else { &text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_at_their_granularity() {
        let d = parse_value("2023-07-26TMO").unwrap();
        assert_eq!((d.start, d.granularity), (Date::new(2023, 7, 26).unwrap(), Granularity::Day));
        assert_eq!(parse_value("2021-04").unwrap().granularity, Granularity::Month);
        assert_eq!(parse_value("1960").unwrap().granularity, Granularity::Year);
        assert!(parse_value("XXXX-WXX-3").is_none());
        assert!(parse_value("PAST_REF").is_none());
        assert!(parse_value("2023-W30").is_none());
        assert_eq!(end_of(parse_value("2024-02").unwrap()), Date::new(2024, 2, 29).unwrap());
    }
}
