//! Temporal expressions: finds dates, times, durations and sets in a text and
//! normalises each to an ISO-TimeML TIMEX3 type and value.
//!
//! Relative expressions are resolved against an anchor (the publication date,
//! or a date the caller gives); "two months earlier" and "the day after"
//! count from the date last mentioned before them. Undated weekdays and
//! months lean to the past, as news does, unless their clause speaks of the
//! future (a future word or verb ending: "will", "annoncera", "se reunirá");
//! a past verb right before one ("announced Wednesday") makes it the last.
//! One with no cue of its own takes the direction of the weekday or month
//! before it in its clause ("would … on Wednesday and … for Thursday").
//! A time followed by its day ("5 a.m. on Thursday") takes that day. Without
//! an anchor relative values stay unresolved (`XXXX-XX-XX`).
//!
//! The patterns are generic templates filled with each language's words
//! (`resources/lang/<code>/dates.toml`, see [`lexicon`]). This does not
//! attempt event-anchored values ("days before he was sworn in" stays a vague
//! duration) nor TimeML's `mod`, `freq` and `quant` attributes.

mod cues;
mod lexicon;
mod resolve;
#[cfg(test)]
mod tests;

use std::cell::OnceCell;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::Sentence;
use lexicon::{Groups, Lexicon, Rule, lexicon};

use resolve::{Gran, Point, latest_year, nearest, unresolved, weekday_near, year_for};

/// The TIMEX3 type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    /// The TimeML name (`DATE`, `TIME`, `DURATION`, `SET`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// One temporal expression found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    /// Byte range in the text as given.
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// The TimeML value: `2023-07-27`, `2023-W30`, `P20Y`, `PAST_REF`, …
    pub value: String,
    /// What a relative value was resolved against (a TimeML value), if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// A pattern match not yet resolved.
struct Candidate<'t> {
    start: usize,
    end: usize,
    /// Where the match begins, cue words left out of the extent included.
    from: usize,
    priority: usize,
    rule: Rule,
    lex: &'static Lexicon,
    caps: Groups<'t>,
    /// The byte range of the clause the match sits in (for tense cues).
    clause: (usize, usize),
}

/// Whether `word` names a month or a weekday in `lang` ("June", "Friday",
/// "juni"), from the language's date vocabulary.
pub(crate) fn calendar_word(lang: crate::lang::Lang, word: &str) -> bool {
    let lex = lexicon(lang);
    let lower = word.to_lowercase();
    lex.month_of.contains_key(&lower) || lex.weekday_of.contains_key(&lower)
}

/// Finds and normalises the temporal expressions of a text.
///
/// `sentences` give each part of the text its language (text not covered by
/// any sentence is not searched); `anchor` is the date relative expressions
/// count from.
pub fn tag(text: &str, sentences: &[Sentence], anchor: Option<Date>) -> Vec<Timex> {
    let mut candidates = Vec::new();
    for sentence in sentences {
        let (s, e) = (sentence.start.min(text.len()), sentence.end.min(text.len()));
        if s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        let lex = lexicon(sentence.language);
        find(text, s, e, lex, &mut candidates);
    }
    // Longest match wins; among equals the earlier template.
    // A time's cue counts here ("a las 15 horas" is a time, not "las 15 horas" a duration).
    candidates.sort_by_key(|c| (c.from, std::cmp::Reverse(c.end), c.priority));
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in candidates {
        if let Some(last) = chosen.last() {
            if c.from < last.end {
                continue;
            }
        }
        chosen.push(c);
    }
    let mut out = Vec::with_capacity(chosen.len());
    let mut reference: Option<Point> = None;
    // The direction of the last weekday or month whose own words gave one:
    // its clause, where it ended, and whether it looks ahead.
    let mut leaning: Option<((usize, usize), usize, bool)> = None;
    for (i, c) in chosen.iter().enumerate() {
        let inherit = leaning.filter(|(clause, _, _)| leans(c.rule) && *clause == c.clause).map(|(_, end, f)| (end, f));
        let mut ctx = Context {
            text,
            anchor,
            reference,
            clause: c.clause,
            start: c.start,
            end: c.end,
            inherit,
            day: None,
            future: OnceCell::new(),
            window_tense: OnceCell::new(),
        };
        if is_time(c.rule) {
            ctx.day = chosen.get(i + 1).and_then(|next| linked_day(text, c, next, &ctx, leaning));
        }
        let Some(r) = resolve(c, &ctx) else { continue };
        if leans(c.rule) {
            if let Some(f) = own_direction(c, &ctx) {
                leaning = Some((c.clause, c.end, f));
            }
        }
        if let Some(p) = r.point.filter(|_| !restates(c.rule)) {
            reference = Some(p);
        }
        out.push(Timex {
            start: c.start,
            end: c.end,
            text: text[c.start..c.end].to_string(),
            kind: r.kind,
            value: r.value,
            anchor: r.anchor,
        });
    }
    out
}

/// Rules whose value leans to the past or the future by the words around them.
fn leans(rule: Rule) -> bool {
    matches!(rule, Rule::Weekday | Rule::WeekdayPast | Rule::Month)
}

fn is_time(rule: Rule) -> bool {
    matches!(rule, Rule::Time | Rule::Time24 | Rule::NamedTime)
}

/// Whether an expression's direction is settled, and which (`true` ahead):
/// by its own direction word ("next", "last"), a past form ("i onsdags"), or
/// a future cue, its own or taken from the expression it follows.
fn own_direction(c: &Candidate, ctx: &Context) -> Option<bool> {
    let v = &c.lex.vocab;
    if c.rule == Rule::WeekdayPast {
        return Some(false);
    }
    let word = |name: &str| c.caps.name(name).map(|m| lexicon::normalise(m.as_str().trim_end_matches('.')));
    let dir = word("before")
        .and_then(|w| v.before.get(&w).copied())
        .or_else(|| word("after").and_then(|w| v.after.get(&w).copied()));
    match dir {
        Some(d) if d != 0 => Some(d > 0),
        Some(_) => None,
        None if ctx.future(c.lex) => Some(true),
        None => ctx.inherit.map(|(_, f)| f),
    }
}

/// The day a time falls on when the next expression names it right after
/// ("5 a.m. on Thursday", "um 15 Uhr am Donnerstag"): only spaces, a comma
/// or one linking word between. TimeML leaves the linking word out of both
/// extents, so the two stay separate expressions and only the value joins.
fn linked_day(
    text: &str,
    time: &Candidate,
    next: &Candidate,
    ctx: &Context,
    leaning: Option<((usize, usize), usize, bool)>,
) -> Option<Date> {
    if next.start < time.end || next.clause != time.clause || is_time(next.rule) {
        return None;
    }
    let gap = text[time.end..next.start].trim_matches(|c: char| c.is_whitespace() || c == ',');
    let links = &time.lex.vocab.syntax.time_day_link;
    if !gap.is_empty() && !links.iter().any(|w| w.eq_ignore_ascii_case(gap)) {
        return None;
    }
    let inherit = leaning.filter(|(clause, _, _)| leans(next.rule) && *clause == next.clause).map(|(_, end, f)| (end, f));
    let next_ctx = Context {
        start: next.start,
        end: next.end,
        inherit,
        day: None,
        future: OnceCell::new(),
        window_tense: OnceCell::new(),
        ..*ctx
    };
    let p = resolve(next, &next_ctx)?.point?;
    (p.gran == Gran::Day).then_some(p.date)
}

/// All acceptable matches of every template in `text[s..e]`.
fn find<'t>(text: &'t str, s: usize, e: usize, lex: &'static Lexicon, out: &mut Vec<Candidate<'t>>) {
    let hay = &text[..e];
    let rules = lex.rules_in(&text[s..e]);
    if rules == 0 {
        return;
    }
    for (priority, pattern) in lex.patterns.iter().enumerate() {
        let rule = &pattern.rule;
        if rules & lexicon::bit(*rule) == 0 {
            continue;
        }
        let mut pos = s;
        while pos < e {
            // The DFA alone finds the span; groups are read only for a match that stands as words.
            let Some((ms, me)) = pattern.find(hay, pos) else { break };
            let next = ms + hay[ms..].chars().next().map_or(1, char::len_utf8);
            if ms == me || !bounded(text, ms, me) || hopeless(*rule, &text[ms..me], lex) {
                pos = next;
                continue;
            }
            let Some(caps) = pattern.groups(hay, ms, me) else { break };
            let m = caps.get(0).expect("group 0");
            if !accept(*rule, &caps, lex, text) {
                pos = next;
                continue;
            }
            pos = m.end();
            // A time's extent starts at the hour: "at" and "kl." are cues, not part of it.
            let start = match rule {
                Rule::Time | Rule::Time24 => caps.name("hour").map_or(m.start(), |h| h.start()),
                // A hyphenated "the third-quarter loss", "the 30-day limit" is an
                // adjective: the article belongs to the noun, not to the expression.
                Rule::Quarter | Rule::Duration if adjectival(*rule, &caps, lex) => ["qyear", "ordword", "orddig", "num"]
                    .iter()
                    .filter_map(|g| caps.name(g))
                    .map(|g| g.start())
                    .min()
                    .unwrap_or(m.start()),
                // "in the years that followed": the article is no part of a vague stretch.
                Rule::ReferenceSame if plural_unit(&caps, lex) => caps.name("unit").map_or(m.start(), |g| g.start()),
                // "the year-ago results": without its noun the shift is an adjective too.
                Rule::ReferenceShift if ["unit", "period", "ordword", "orddig"].iter().all(|g| caps.name(g).is_none()) => {
                    caps.name("refshift").map_or(m.start(), |g| g.start())
                }
                _ => m.start(),
            };
            let clause = clause_of(text, s, e, m.start(), m.end());
            out.push(Candidate { start, end: m.end(), from: m.start().min(start), priority, rule: *rule, lex, caps, clause });
        }
    }
}

/// Whether a match fails [`accept`] by its text alone, before its groups are
/// read (which costs more than the search): a unit word alone is neither a
/// duration nor a relative date, and "12.5" is no date.
fn hopeless(rule: Rule, span: &str, lex: &Lexicon) -> bool {
    match rule {
        Rule::UnitRelative | Rule::Duration => Lexicon::lookup(&lex.vocab.units, span).is_some(),
        Rule::Numeric => !span.contains('/') && span.matches(['.', '/']).count() < 2,
        _ => false,
    }
}

/// Whether the words after `end` say when a period closed ("ended", "ending").
fn ends_a_period(text: &str, end: usize, lex: &Lexicon) -> bool {
    let next = text[end..].split_whitespace().next().unwrap_or("");
    lex.vocab.syntax.period_end.iter().any(|w| w.eq_ignore_ascii_case(next))
}

/// Whether the unit of a match is a plural ("the years").
fn plural_unit(caps: &Groups, lex: &Lexicon) -> bool {
    caps.name("unit").is_some_and(|u| Lexicon::lookup(&lex.vocab.vague_units, u.as_str()).is_some())
}

/// Whether a quarter or duration is a hyphenated adjective after an article.
fn adjectival(rule: Rule, caps: &Groups, lex: &Lexicon) -> bool {
    let hyphen = caps.name("joint").is_some_and(|j| j.as_str().contains('-'));
    let article = match rule {
        Rule::Quarter => caps.name("article").is_some(),
        _ => caps
            .name("durbefore")
            .and_then(|w| Lexicon::lookup(&lex.vocab.duration_before, w.as_str()))
            .is_some_and(|kind| kind == "N"),
    };
    hyphen && article
}

/// Whether a match stands as whole words: no letter or digit glued to
/// either end. (Checked here rather than with `\b`, which misreads patterns
/// that end in a full stop and is slow on non-ASCII text.)
fn bounded(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let ok_start = !(first.is_some_and(word) && before.is_some_and(word));
    let ok_end = !(last.is_some_and(word) && after.is_some_and(word));
    ok_start && ok_end
}

/// The clause around a match: between the nearest sentence-ending marks.
fn clause_of(text: &str, s: usize, e: usize, start: usize, end: usize) -> (usize, usize) {
    let stops = |c: char| matches!(c, '.' | '!' | '?' | '\n' | ';');
    let left = text[s..start].rfind(|c: char| stops(c) && c != '.').map_or(s, |i| s + i + 1);
    let right = text[end..e].find(|c: char| stops(c) && c != '.').map_or(e, |i| end + i);
    // Full stops also end clauses, but only when followed by a space and a capital.
    let left = text[left..start]
        .match_indices(". ")
        .filter(|(i, _)| text[left + i + 2..].chars().next().is_some_and(char::is_uppercase))
        .last()
        .map_or(left, |(i, _)| left + i + 2);
    let right = text[end..right]
        .match_indices(". ")
        .find(|(i, _)| text[end + i + 2..].chars().next().is_some_and(char::is_uppercase))
        .map_or(right, |(i, _)| end + i);
    (left, right)
}

/// Cheap checks that reject matches which are not temporal in this reading.
fn accept(rule: Rule, caps: &Groups, lex: &Lexicon, text: &str) -> bool {
    let v = &lex.vocab;
    // Words that are also common words count only with a capital.
    for name in ["month", "weekday", "season"] {
        if let Some(m) = caps.name(name) {
            let w = m.as_str().trim_end_matches('.').to_lowercase();
            let cued = caps.name("before").is_some() || caps.name("after").is_some() || caps.name("year").is_some();
            if !cued && v.capitalised_only.contains(&w) && m.as_str().starts_with(char::is_lowercase) {
                return false;
            }
        }
    }
    let m = caps.get(0).expect("group 0");
    // "the year-earlier quarter", "the day-to-day running": a unit glued to
    // the next word by a hyphen is part of a compound modifier.
    let compound = {
        let mut after = text[m.end()..].chars();
        after.next() == Some('-') && after.next().is_some_and(char::is_alphabetic)
    };
    if compound && matches!(rule, Rule::ReferenceSame | Rule::UnitRelative) {
        return false;
    }
    match rule {
        // "37 years old" is an age.
        Rule::VagueDuration => caps.name("age").is_none(),
        Rule::Year if caps.name("year").is_some_and(|y| !y.as_str().starts_with(|c: char| c.is_ascii_digit())) => {
            caps.name("year").and_then(|y| year_number(lex, y.as_str())).is_some()
        }
        Rule::Year => {
            // Not part of a larger number, an amount or a count.
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].trim_start_matches(' ');
            let after_c = after.chars().next();
            !(before.is_some_and(|c| matches!(c, '$' | '€' | '£' | '#' | '-' | '/' | '.' | ','))
                || after_c.is_some_and(|c| matches!(c, '%' | '-' | '/'))
                || (after_c == Some(',') && after[1..].starts_with(|c: char| c.is_ascii_digit()))
                || (after_c == Some('.') && after[1..].starts_with(|c: char| c.is_ascii_digit())))
        }
        Rule::Decade => caps.name("decadeprefix").is_some() || caps.name("decadesuffix").is_some(),
        Rule::UnitRelative => {
            let unit = caps.name("unit").map(|u| Lexicon::lookup(&v.units, u.as_str()));
            let timed = matches!(unit, Some(Some(u)) if matches!(u.as_str(), "H" | "MIN" | "S"));
            !timed
                && (caps.name("before").is_some() || caps.name("after").is_some() || caps.name("refbefore").is_some())
        }
        Rule::Duration => {
            // A four-digit count is a year ("the 1988 quarter"); "-old" makes an age.
            let year_like = caps
                .name("num")
                .is_some_and(|n| n.as_str().len() == 4 && n.as_str().bytes().all(|b| b.is_ascii_digit()));
            // Some framing words ("the") make a duration only with a count.
            let framed = caps
                .name("durbefore")
                .and_then(|w| Lexicon::lookup(&v.duration_before, w.as_str()))
                .is_some_and(|kind| kind != "N");
            // "three-quarters of its food" is a share, not a time.
            let span = m.as_str().to_lowercase();
            let fraction = v.syntax.fractions.iter().any(|f| !f.is_empty() && span.ends_with(f.as_str()));
            caps.name("age").is_none()
                && !fraction
                && !year_like
                && (caps.name("num").is_some() || framed || caps.name("agobefore").is_some())
        }
        Rule::Month => {
            // An abbreviation alone is more often a name ("Jan") than a month.
            let full = caps
                .name("month")
                .is_some_and(|w| lex.month_full.contains(&w.as_str().to_lowercase()));
            full || caps.name("year").is_some()
        }
        Rule::Numeric => {
            // "3.5" is a number and "3/8" a fraction: a date without its year
            // needs a day that cannot be a month ("27/7").
            let big = |n: &str| caps.name(n).and_then(|m| m.as_str().parse::<u32>().ok()).is_some_and(|n| n > 12);
            caps.name("n3").is_some() || (caps.name("sep").is_some_and(|s| s.as_str() == "/") && (big("n1") || big("n2")))
        }
        Rule::Time24 => {
            let hour = caps.name("hour").expect("hour");
            let prefix = text[m.start()..hour.start()].trim();
            match caps.name("minute") {
                Some(_) => !prefix.is_empty() || m.as_str().contains(':'),
                None => v.syntax.hour_prefix.iter().any(|p| p.eq_ignore_ascii_case(prefix)),
            }
        }
        Rule::Set => {
            // "per" and "every" with a number read as a set only before a unit.
            true
        }
        _ => true,
    }
}

/// What resolution needs besides the match.
#[derive(Clone)]
struct Context<'a> {
    text: &'a str,
    anchor: Option<Date>,
    reference: Option<Point>,
    clause: (usize, usize),
    /// Where the expression starts: only cues before it in its clause count.
    start: usize,
    /// Where the expression ends.
    end: usize,
    /// Where the expression it follows in its clause ended, and that one's
    /// direction (`true` ahead), for an expression with no cue of its own
    /// ("on Wednesday and … for Thursday and Friday").
    inherit: Option<(usize, bool)>,
    /// For a time: the day named right after it ("5 a.m. on Thursday").
    day: Option<Date>,
    /// [`Context::future`] once worked out: resolving one expression asks it
    /// several times, and each answer runs the tense-cue patterns.
    future: OnceCell<bool>,
    /// [`Context::tense`] over the whole window, once worked out.
    window_tense: OnceCell<Option<bool>>,
}

impl Context<'_> {
    /// Tense cues count only close before the expression, within its clause.
    fn window_start(&self) -> usize {
        let mut s = self.start.saturating_sub(FUTURE_WINDOW).max(self.clause.0);
        while !self.text.is_char_boundary(s) {
            s += 1;
        }
        s
    }

    /// Whether the clause speaks of the future.
    fn future(&self, lex: &Lexicon) -> bool {
        *self.future.get_or_init(|| self.find_future(lex))
    }

    /// [`Context::future`], worked out.
    fn find_future(&self, lex: &Lexicon) -> bool {
        // "would look for ways around Wednesday's ruling": a possessive date
        // names a known event, not when the verb's action takes place.
        let after = &self.text[self.end..];
        if lex.vocab.syntax.possessive.iter().any(|p| !p.is_empty() && after.starts_with(p.as_str())) {
            return false;
        }
        // "valid until Sunday": a limit looks ahead, unless its clause is
        // told in the past ("Until Thursday, they had not called him").
        if let Some(re) = &lex.deadline {
            let before = &self.text[self.window_start()..self.start];
            let clause = &self.text[self.window_start()..self.clause.1.max(self.end)];
            if re.ends_with_marker(before) && !lex.past.as_ref().is_some_and(|p| p.is_match(clause)) {
                return true;
            }
        }
        match self.inherit {
            // Only a cue after the earlier expression is this one's own.
            Some((since, ahead)) if since <= self.start => self.tense(lex, since.max(self.window_start())).unwrap_or(ahead),
            _ => self.whole_window_tense(lex) == Some(true),
        }
    }

    /// [`Context::tense`] from the start of the window.
    fn whole_window_tense(&self, lex: &Lexicon) -> Option<bool> {
        *self.window_tense.get_or_init(|| self.tense(lex, self.window_start()))
    }

    /// Whether a past verb form stands right before the expression, nearer
    /// than any future cue ("announced Wednesday", "the year ended Jan. 31"):
    /// an undated day or month is then the last one, not the nearest. Only
    /// right before: on TempEval-3 train a past verb further back is mostly
    /// the reporting verb ("decided the boy should go home by Jan. 14").
    fn past(&self, lex: &Lexicon) -> bool {
        !self.future(lex) && self.whole_window_tense(lex) == Some(false)
    }

    /// The tense of the cue nearest before the expression, from `from` on:
    /// `true` future, `false` a past form right before it. A future cue wins
    /// a tie ("scheduled").
    fn tense(&self, lex: &Lexicon, from: usize) -> Option<bool> {
        let hay = &self.text[from..self.start];
        let future = lex.future.as_ref().and_then(|c| c.find_iter(hay).last()).map(|m| m.1);
        let aux = &lex.vocab.syntax.passive_auxiliaries;
        // Only the last word can be a past cue right before the expression.
        let last = hay.trim_end().rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let past = lex.past.as_ref().and_then(|c| c.find_iter(&hay[last..]).last()).filter(|&(start, end)| {
            // "will be closed Monday": a participle after "be" is no past.
            let before = hay[..last + start].split_whitespace().next_back().unwrap_or("");
            hay[last + end..].trim().is_empty() && !aux.iter().any(|a| a.eq_ignore_ascii_case(before))
        });
        match (future, past) {
            (Some(f), Some((_, p))) => Some(f >= last + p),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        }
    }
}

/// How many bytes before an expression a future cue may stand ("will vote on
/// Monday", "will almost double its flights between the two cities by
/// August"). Measured on TempEval-3 train: 80 finds more governed dates than
/// 40 and few more false ones; wider takes in other verbs' dates.
const FUTURE_WINDOW: usize = 80;

/// A resolved value.
struct Resolved {
    kind: TimexType,
    value: String,
    anchor: Option<String>,
    /// The calendar period named, for later "two days later".
    point: Option<Point>,
}

/// Rules whose value only restates the period last mentioned ("the
/// year-earlier quarter", "that year"): they do not become the reference.
fn restates(rule: Rule) -> bool {
    matches!(rule, Rule::ReferenceShift | Rule::ReferenceSame)
}

fn date_of(kind: TimexType, p: Point, anchor: Option<String>) -> Resolved {
    Resolved { kind, value: p.value(), anchor, point: Some(p) }
}

fn fixed(kind: TimexType, value: String) -> Resolved {
    Resolved { kind, value, anchor: None, point: None }
}

fn day_value(date: Date) -> String {
    Point::new(date, Gran::Day).value()
}

/// Parses a number written in digits or words ("20", "twenty-five", "a").
/// `None` for vague quantities ("several").
fn number(lex: &Lexicon, s: &str) -> Option<f64> {
    let s = lexicon::normalise(s);
    if let Ok(n) = s.replace(',', ".").parse::<f64>() {
        return Some(n);
    }
    // "2 1/2", "2½"
    if let Some(whole) = s.strip_suffix("1/2").or_else(|| s.strip_suffix('½')) {
        return whole.trim().parse::<f64>().ok().map(|n| n + 0.5);
    }
    if let Some(n) = lex.vocab.numbers.get(&s) {
        return Some(*n as f64);
    }
    let mut total = 0u32;
    for part in s.split(['-', ' ']) {
        total += *lex.vocab.numbers.get(part)?;
    }
    Some(total as f64)
}

/// A year in digits or in words ("nineteen ninety-six": ten to twenty
/// hundreds, then ten to ninety-nine).
fn year_number(lex: &Lexicon, s: &str) -> Option<i16> {
    if let Ok(y) = s.parse() {
        return Some(y);
    }
    let s = lexicon::normalise(s);
    let (hundreds, rest) = s.split_once(' ')?;
    let hundreds = *lex.vocab.numbers.get(hundreds).filter(|n| (10..=20).contains(*n))?;
    let rest = number(lex, rest).filter(|n| n.fract() == 0.0 && (10.0..=99.0).contains(n))?;
    Some((hundreds * 100) as i16 + rest as i16)
}

/// Writes a TimeML duration: `P20Y`, `PT3H`, `P1.5Y`, `PXD`.
fn duration_value(n: Option<f64>, unit: &str) -> String {
    let (n, unit) = match (n, unit) {
        (Some(n), "DE") => (Some(n * 10.0), "Y"),
        (Some(n), "CE") => (Some(n * 100.0), "Y"),
        (n, u) => (n, u),
    };
    // A fraction of a unit in the next smaller one: "2 1/2 years" is P2Y6M.
    if let Some(n) = n.filter(|n| n.fract() != 0.0) {
        let (whole, part) = (n.trunc() as i64, n.fract());
        let split = match unit {
            "Y" => Some(("", "Y", 12.0, "M")),
            "D" => Some(("", "D", 24.0, "TH")),
            "H" => Some(("T", "H", 60.0, "M")),
            _ => None,
        };
        if let Some((t, big, per, small)) = split {
            let smaller = part * per;
            if smaller.fract() == 0.0 {
                let (small_t, small_u) = small.split_at(small.len() - 1);
                return format!("P{t}{whole}{big}{small_t}{}{small_u}", smaller as i64);
            }
        }
    }
    let count = match n {
        Some(n) if n.fract() == 0.0 => format!("{}", n as i64),
        Some(n) => format!("{n}"),
        None => "X".into(),
    };
    match unit {
        "H" => format!("PT{count}H"),
        "MIN" => format!("PT{count}M"),
        "S" => format!("PT{count}S"),
        u => format!("P{count}{u}"),
    }
}

fn resolve(c: &Candidate, ctx: &Context) -> Option<Resolved> {
    let lex = c.lex;
    let v = &lex.vocab;
    let caps = &c.caps;
    let get = |name: &str| caps.name(name).map(|m| m.as_str());
    let word = |name: &str| get(name).map(|s| lexicon::normalise(s.trim_end_matches('.')));
    let anchor = ctx.anchor;
    let anchor_s = anchor.map(day_value);
    let dir = word("before")
        .and_then(|w| v.before.get(&w).copied())
        .or_else(|| word("after").and_then(|w| v.after.get(&w).copied()));
    let pod = word("pod").and_then(|w| v.parts_of_day.get(&w).cloned());
    let month = word("month").and_then(|w| lex.month_of.get(&w).copied());
    // A year written out, or named relative to the anchor ("June last year").
    let year: Option<i16> = match word("yearrel").and_then(|w| lex.year_rel.get(&w).copied()) {
        Some(n) => Some(anchor?.year() + n as i16),
        None => get("year").and_then(|y| year_number(lex, y)),
    };
    let unit = word("unit").and_then(|w| v.units.get(&w).cloned());
    let plural = || word("unit").is_some_and(|w| v.vague_units.contains_key(&w));
    let with_pod = |mut r: Resolved| {
        if let Some(p) = &pod {
            r.value.push('T');
            r.value.push_str(p);
        }
        r
    };
    // The reference point for "the day after": the last date named, else the anchor.
    let reference = ctx.reference.or_else(|| anchor.map(|a| Point::new(a, Gran::Day)));
    use TimexType::*;
    Some(match c.rule {
        Rule::Iso => {
            let d = jiff::civil::Date::new(get("iy")?.parse().ok()?, get("im")?.parse().ok()?, get("id")?.parse().ok()?).ok()?;
            match (get("hour"), get("minute")) {
                (Some(h), Some(m)) => Resolved {
                    kind: Time,
                    value: format!("{}T{h}:{m}", day_value(d)),
                    anchor: None,
                    point: Some(Point::new(d, Gran::Day)),
                },
                _ => date_of(Date, Point::new(d, Gran::Day), None),
            }
        }
        Rule::Numeric => {
            let n1: i16 = get("n1")?.parse().ok()?;
            let n2: i16 = get("n2")?.parse().ok()?;
            let dotted = get("sep") == Some(".");
            let order = if dotted && !v.syntax.dotted_order.is_empty() { &v.syntax.dotted_order } else { &v.syntax.numeric_order };
            let (mut m, mut d) = if order.starts_with('m') { (n1, n2) } else { (n2, n1) };
            if m > 12 && d <= 12 {
                // Written the other way round ("14/7/2023" in an English text).
                std::mem::swap(&mut m, &mut d);
            }
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return None;
            }
            let y = match get("n3") {
                Some(y) if y.len() == 2 => {
                    let y: i16 = y.parse().ok()?;
                    Some(if y > 40 { 1900 + y } else { 2000 + y })
                }
                Some(y) => Some(y.parse().ok()?),
                None => None,
            };
            calendar_day(y, m as i8, d as i8, None, anchor, lean(ctx, lex))?
        }
        Rule::DayMonth | Rule::MonthDay => {
            let d: i8 = get("day")?.parse().ok()?;
            calendar_day(year, month? as i8, d, None, anchor, lean(ctx, lex))?
        }
        Rule::Month => {
            let m = month? as i8;
            let y = match (year, anchor) {
                (Some(y), _) => y,
                (None, Some(a)) if dir.is_none() && ctx.past(lex) => latest_year(a, m, None),
                (None, Some(a)) => year_for(a, m, None, dir, ctx.future(lex)),
                (None, None) => return Some(fixed(Date, format!("XXXX-{m:02}"))),
            };
            let p = Point::new(jiff::civil::Date::new(y, m, 1).ok()?, Gran::Month);
            date_of(Date, p, if year.is_none() { anchor_s } else { None })
        }
        Rule::Year => date_of(Date, Point::new(jiff::civil::Date::new(year?, 1, 1).ok()?, Gran::Year), None),
        Rule::Weekday | Rule::WeekdayPast => {
            let (wd, dir) = if c.rule == Rule::Weekday {
                let w = word("weekday")?;
                let definite = lex.weekday_definite.contains(&w)
                    || word("pod").is_some_and(|p| lex.pod_definite.contains(&p));
                let dir = if definite { None } else { dir };
                (*lex.weekday_of.get(&w)?, dir)
            } else {
                (*lex.weekday_past_of.get(&word("weekdaypast")?)?, Some(-1))
            };
            // "Monday last week": that weekday of the week named.
            let week = word("weekrel").and_then(|w| v.week_relative.get(&w).copied());
            let day = |a: jiff::civil::Date| match week {
                Some(n) => weekday_near(a.checked_add(jiff::Span::new().days(7 * i64::from(n))).unwrap_or(a), wd, Some(0), false),
                None => weekday_near(a, wd, dir, ctx.future(lex)),
            };
            match anchor {
                Some(a) => with_pod(date_of(Date, Point::new(day(a), Gran::Day), anchor_s)),
                None => with_pod(fixed(Date, format!("XXXX-WXX-{wd}"))),
            }
        }
        Rule::RelativeDay => {
            let off = *v.relative_days.get(&word("relday")?)?;
            days_from(anchor, off, pod.as_deref())
        }
        Rule::RelativePart => {
            let (off, p) = v.relative_parts.get(&word("relpart")?)?;
            days_from(anchor, *off, Some(p))
        }
        Rule::RelativePeriod => {
            let (unit, n) = v.relative_periods.get(&word("relperiod")?)?;
            let gran = Point::gran_of_unit(unit)?;
            let Some(a) = anchor else { return Some(fixed(Date, unresolved(gran))) };
            let mut r = date_of(Date, Point::of(a, gran).shift(unit, *n as i64)?, anchor_s);
            if unit == "WE" {
                r.value.push_str("-WE");
            }
            r
        }
        Rule::ReferenceDay => {
            let off = *v.reference_days.get(&word("refday")?)?;
            match reference {
                // "In March ... the next day": a day after a month names no day.
                Some(r) if r.gran == Gran::Day => {
                    let p = r.shift("D", off as i64)?;
                    date_of(Date, p, Some(r.value()))
                }
                _ => fixed(Date, unresolved(Gran::Day)),
            }
        }
        // "the years that followed", "the coming weeks", "recent months": a
        // plural names no one period but a vague stretch of them.
        Rule::UnitRelative | Rule::ReferenceSame if plural() => fixed(Duration, duration_value(None, &unit?)),
        // "the year ended March 31": a fiscal year, a year long but no calendar year.
        Rule::ReferenceSame if unit.as_deref() == Some("Y") && ends_a_period(ctx.text, c.end, lex) => {
            fixed(Duration, "P1Y".into())
        }
        Rule::UnitRelative => {
            let unit = unit?;
            let gran = Point::gran_of_unit(&unit)?;
            let refdir = word("refbefore").and_then(|w| v.reference_before.get(&w).copied());
            let (base, n) = match refdir {
                Some(n) => (reference, n),
                None => (anchor.map(|a| Point::new(a, Gran::Day)), dir.unwrap_or(0)),
            };
            if unit == "WE" && refdir.is_none() && dir.is_none() {
                return Some(weekend(anchor, ctx.future(lex)));
            }
            let Some(base) = base else { return Some(fixed(Date, unresolved(gran))) };
            let p = base.at(gran).shift(&unit, n as i64)?;
            let mut r = date_of(Date, p, Some(base.value()));
            if unit == "WE" {
                r.value.push_str("-WE");
            }
            r
        }
        Rule::Season | Rule::SeasonPast => {
            let (code, dir) = if c.rule == Rule::Season {
                (v.seasons.get(&word("season")?)?.clone(), dir)
            } else {
                (v.seasons_past.get(&word("seasonpast")?)?.clone(), Some(-1))
            };
            let (code, start_month) = resolve::season(&code)?;
            let y = match (year, anchor) {
                (Some(y), _) => y,
                // "last summer" in July is the one under way; otherwise take the season's middle.
                (None, Some(a)) if dir == Some(-1) => year_for(a, start_month, None, dir, false),
                (None, Some(a)) => year_for(a, start_month + 1, None, dir, ctx.future(lex)),
                (None, None) => return Some(fixed(Date, format!("XXXX-{code}"))),
            };
            let p = Point::new(jiff::civil::Date::new(y, start_month, 1).ok()?, Gran::Season(code));
            date_of(Date, p, if year.is_none() { anchor_s } else { None })
        }
        Rule::Quarter => {
            let q = ordinal(lex, caps)?;
            if !(1..=4).contains(&q) {
                return None;
            }
            let m = ((q - 1) * 3 + 1) as i8;
            let year = year.or_else(|| get("qyear").and_then(|y| y.parse().ok()));
            let y = match (year, anchor) {
                (Some(y), _) => y,
                (None, Some(a)) if ctx.future(lex) => year_for(a, m + 1, None, None, true),
                // Quarters are reported once under way or done: the latest one begun.
                (None, Some(a)) if m <= a.month() => a.year(),
                (None, Some(a)) => a.year() - 1,
                (None, None) => return Some(fixed(Date, format!("XXXX-Q{q}"))),
            };
            date_of(Date, Point::new(jiff::civil::Date::new(y, m, 1).ok()?, Gran::Quarter), None)
        }
        Rule::Duration => {
            // "the past years", "under de senaste åren": a plural without a count is vague.
            let n = match get("num") {
                Some(s) => number(lex, s),
                None if plural() => None,
                None => Some(1.0),
            };
            let unit = unit?;
            let ago = word("ago")
                .and_then(|w| v.ago.get(&w).copied())
                .or_else(|| word("agobefore").and_then(|w| v.ago_before.get(&w).copied()));
            let rel = word("relafter").and_then(|w| v.relative_after.get(&w).copied());
            let gran = Point::gran_of_unit(&unit);
            // An approximate amount back ("nearly four years ago") is still a date, at the unit's precision.
            match (ago, rel, n, gran) {
                (Some(_), _, None, _) => fixed(Date, "PAST_REF".into()),
                (Some(sign), _, Some(n), Some(gran)) if n.fract() == 0.0 => match anchor {
                    // "up from $5 million a year ago" after "third-quarter profit":
                    // the period just reported, a year back.
                    Some(a) if let Some(r) = ctx.reference.filter(|r| recent_period(*r, a, gran)) => {
                        let p = r.shift(&unit, sign as i64 * n as i64)?;
                        // A comparison, not a new subject: the reported period stays the reference.
                        Resolved { point: None, ..date_of(Date, p, Some(r.value())) }
                    }
                    Some(a) => {
                        let p = Point::of(a, gran).shift(&unit, sign as i64 * n as i64)?;
                        date_of(Date, p, anchor_s)
                    }
                    None => fixed(Date, unresolved(gran)),
                },
                (None, Some(sign), Some(n), Some(gran)) if n.fract() == 0.0 => match reference {
                    Some(r) => {
                        // Keep the reference's precision when finer ("a year earlier" than a quarter).
                        let base = if coarser(r.gran, gran) { r.at(gran) } else { r };
                        let p = base.shift(&unit, sign as i64 * n as i64)?;
                        date_of(Date, p, Some(r.value()))
                    }
                    None => fixed(Date, unresolved(gran)),
                },
                _ => fixed(Duration, duration_value(n, &unit)),
            }
        }
        Rule::VagueDuration => {
            let unit = v.vague_units.get(&word("vagueunit")?)?;
            if get("ago").is_some() || get("agobefore").is_some() {
                fixed(Date, "PAST_REF".into())
            } else {
                fixed(Duration, duration_value(None, unit))
            }
        }
        Rule::Decade => {
            let digits = get("decade")?.trim_start_matches('\'');
            let n: i32 = digits.parse().ok()?;
            let value = match digits.len() {
                4 if n % 100 == 0 => format!("{:02}", n / 100),
                4 => format!("{:03}", n / 10),
                _ => format!("19{}", n / 10),
            };
            fixed(Date, value)
        }
        Rule::Century => {
            let n = ordinal(lex, caps)?;
            if !(1..=30).contains(&n) {
                return None;
            }
            fixed(Date, format!("{:02}", n - 1))
        }
        Rule::Time | Rule::Time24 | Rule::NamedTime => {
            let (h, m) = if c.rule == Rule::NamedTime {
                let t = v.named_times.get(&word("namedtime")?)?;
                let (h, m) = t.split_once(':')?;
                (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)
            } else {
                let mut h: u32 = get("hour")?.parse().ok()?;
                let m: u32 = get("minute").map_or(Some(0), |m| m.parse().ok())?;
                if get("pm").is_some() && h < 12 {
                    h += 12;
                }
                if get("am").is_some() && h == 12 {
                    h = 0;
                }
                (h, m)
            };
            if h > 24 || m > 59 {
                return None;
            }
            let future = ctx.future(lex);
            let day = if let Some(w) = word("relday") {
                let off = *v.relative_days.get(&w)?;
                anchor.and_then(|a| a.checked_add(jiff::Span::new().days(off as i64)).ok())
            } else if let Some(w) = word("weekday") {
                let wd = *lex.weekday_of.get(&w)?;
                anchor.map(|a| weekday_near(a, wd, None, future))
            } else if let (Some(m), Some(dd)) = (month, get("day").and_then(|d| d.parse::<i8>().ok())) {
                // "5 p.m. EST Nov. 9"
                calendar_day(year, m as i8, dd, None, anchor, if future { Lean::Future } else { Lean::Nearest })?.point.map(|p| p.date)
            } else {
                // A bare hour belongs to the day last named ("on Oct. 23 ... at 10 p.m."),
                // else to the anchor's.
                ctx.day.or_else(|| ctx.reference.filter(|r| r.gran == Gran::Day).map(|r| r.date)).or(anchor)
            };
            // What the day was taken from: the anchor, or the day last named.
            let base = if ["relday", "weekday", "month"].iter().any(|g| get(g).is_some()) {
                anchor_s
            } else {
                day.map(day_value)
            };
            let date = day.map_or_else(|| unresolved(Gran::Day), day_value);
            Resolved {
                kind: Time,
                value: format!("{date}T{h:02}:{m:02}"),
                anchor: base,
                point: day.map(|d| Point::new(d, Gran::Day)),
            }
        }
        Rule::ReferenceShift => {
            let (shift_unit, n) = v.reference_shift.get(&word("refshift")?)?;
            let Some(r) = reference else {
                return Some(fixed(Date, unresolved(Gran::Year)));
            };
            let quarter = ordinal(lex, caps).filter(|q| (1..=4).contains(q));
            let base = match unit.as_deref().and_then(Point::gran_of_unit) {
                _ if let Some(q) = quarter => {
                    Point::new(jiff::civil::Date::new(r.date.year(), (q as i8 - 1) * 3 + 1, 1).ok()?, Gran::Quarter)
                }
                _ if get("period").is_some() => r,
                Some(g) => r.at(g),
                None if coarser(Point::gran_of_unit(shift_unit)?, r.gran) => r,
                None => r.at(Point::gran_of_unit(shift_unit)?),
            };
            date_of(Date, base.shift(shift_unit, *n as i64)?, Some(r.value()))
        }
        Rule::ReferenceSame if unit.as_deref() == Some("WE") => weekend(anchor, ctx.future(lex)),
        Rule::ReferenceSame => {
            let gran = Point::gran_of_unit(&unit?)?;
            match reference {
                Some(r) if !coarser(r.gran, gran) => date_of(Date, r.at(gran), Some(r.value())),
                _ => return None,
            }
        }
        Rule::YearPeriod => {
            // "the 1988 quarter": the quarter last named, in that year.
            let y = year?;
            match ctx.reference {
                Some(r) if r.gran == Gran::Quarter => {
                    let d = jiff::civil::Date::new(y, r.date.month(), 1).ok()?;
                    date_of(Date, Point::new(d, Gran::Quarter), Some(r.value()))
                }
                _ => date_of(Date, Point::new(jiff::civil::Date::new(y, 1, 1).ok()?, Gran::Year), None),
            }
        }
        Rule::Reference => fixed(Date, v.references.get(&word("reference")?)?.clone()),
        Rule::Set => {
            if let Some(unit) = unit {
                let n = match get("num") {
                    Some(s) => number(lex, s),
                    None => Some(1.0),
                };
                fixed(Set, duration_value(n, &unit))
            } else if let Some(wd) = word("weekday").and_then(|w| lex.weekday_of.get(&w).copied()) {
                fixed(Set, format!("XXXX-WXX-{wd}"))
            } else {
                fixed(Set, format!("XXXX-{:02}", month?))
            }
        }
        Rule::SetWord => fixed(Set, v.set_words.get(&word("setword")?)?.clone()),
        Rule::Holiday => {
            let rule = v.holidays.get(&word("holiday")?)?;
            let day = match (year, anchor) {
                (Some(y), _) => resolve::holiday(rule, y)?,
                (None, Some(a)) => {
                    let cands: Vec<jiff::civil::Date> =
                        [a.year() - 1, a.year(), a.year() + 1].iter().filter_map(|&y| resolve::holiday(rule, y)).collect();
                    nearest(a, &cands, ctx.future(lex))?
                }
                (None, None) => return Some(fixed(Date, unresolved(Gran::Day))),
            };
            date_of(Date, Point::new(day, Gran::Day), if year.is_none() { anchor_s } else { None })
        }
    })
}

/// "The weekend" without a direction: the last one, or the next where the
/// clause speaks of the future.
fn weekend(anchor: Option<Date>, future: bool) -> Resolved {
    let Some(a) = anchor else { return fixed(TimexType::Date, "XXXX-WXX-WE".into()) };
    let saturday = weekday_near(a, 6, None, future);
    let mut r = date_of(TimexType::Date, Point::new(saturday, Gran::Week), Some(day_value(a)));
    r.point = Some(Point::of(saturday, Gran::Week));
    r.value = format!("{}-WE", Point::of(saturday, Gran::Week).value());
    r
}

/// Whether `r` is a period between a day and `unit` long, begun within one
/// such unit before the anchor: the period a report has just been speaking of.
fn recent_period(r: Point, anchor: Date, unit: Gran) -> bool {
    let Some(span) = (match unit {
        Gran::Year => Some(jiff::Span::new().years(1)),
        Gran::Quarter => Some(jiff::Span::new().months(3)),
        _ => None,
    }) else {
        return false;
    };
    let finer = r.gran == Gran::Quarter && coarser(unit, r.gran);
    let since = anchor.checked_sub(span).unwrap_or(anchor);
    finer && r.date > since && r.date <= anchor
}

/// Whether granularity `a` is coarser than `b`.
fn coarser(a: Gran, b: Gran) -> bool {
    fn rank(g: Gran) -> u8 {
        match g {
            Gran::Day => 0,
            Gran::Week => 1,
            Gran::Month => 2,
            Gran::Quarter | Gran::Season(_) => 3,
            Gran::Year => 4,
            Gran::Decade => 5,
            Gran::Century => 6,
        }
    }
    rank(a) > rank(b)
}

/// The number of an ordinal slot ("third", "3rd", "3.").
fn ordinal(lex: &Lexicon, caps: &Groups) -> Option<u32> {
    if let Some(w) = caps.name("ordword") {
        return lex.vocab.ordinals.get(&lexicon::normalise(w.as_str())).copied();
    }
    caps.name("orddig")?.as_str().parse().ok()
}

/// A day `off` days from the anchor, with an optional part of day.
fn days_from(anchor: Option<Date>, off: i32, pod: Option<&str>) -> Resolved {
    let mut r = match anchor {
        Some(a) => match a.checked_add(jiff::Span::new().days(off as i64)) {
            Ok(d) => date_of(TimexType::Date, Point::new(d, Gran::Day), Some(day_value(a))),
            Err(_) => fixed(TimexType::Date, unresolved(Gran::Day)),
        },
        None => fixed(TimexType::Date, unresolved(Gran::Day)),
    };
    if let Some(p) = pod {
        r.value.push('T');
        r.value.push_str(p);
    }
    r
}

/// Which way an undated day or month leans from the anchor: by a past or
/// future verb before it, else to the nearest (past-biased).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lean {
    Past,
    Nearest,
    Future,
}

/// The lean of the expression in `ctx`, by its tense cues.
fn lean(ctx: &Context, lex: &Lexicon) -> Lean {
    if ctx.future(lex) {
        Lean::Future
    } else if ctx.past(lex) {
        Lean::Past
    } else {
        Lean::Nearest
    }
}

/// A day and month, with the year written or chosen near the anchor.
fn calendar_day(
    year: Option<i16>,
    month: i8,
    day: i8,
    dir: Option<i32>,
    anchor: Option<Date>,
    lean: Lean,
) -> Option<Resolved> {
    match (year, anchor) {
        (Some(y), _) => Some(date_of(TimexType::Date, Point::new(Date::new(y, month, day).ok()?, Gran::Day), None)),
        (None, Some(a)) => {
            let cands: Vec<Date> = [a.year() - 1, a.year(), a.year() + 1]
                .iter()
                .filter_map(|&y| Date::new(y, month, day).ok())
                .collect();
            let d = match lean {
                _ if dir.is_some() => Date::new(year_for(a, month, Some(day), dir, lean == Lean::Future), month, day).ok()?,
                Lean::Past => Date::new(latest_year(a, month, Some(day)), month, day).ok()?,
                _ => nearest(a, &cands, lean == Lean::Future)?,
            };
            Some(date_of(TimexType::Date, Point::new(d, Gran::Day), Some(day_value(a))))
        }
        (None, None) => {
            Date::new(2000, month, day).ok()?;
            Some(fixed(TimexType::Date, format!("XXXX-{month:02}-{day:02}")))
        }
    }
}
