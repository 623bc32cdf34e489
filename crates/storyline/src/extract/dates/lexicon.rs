//! The per-language vocabulary of the date tagger (`resources/lang/*/dates.toml`)
//! and the patterns built from it.
//!
//! The pattern templates are generic: each names slots (`{MONTH}`, `{UNIT}`,
//! …) that are filled with the words of one language. No template knows a
//! language; a language that writes dates in another order only needs its
//! words (and, if need be, a new generic template that serves any language).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, PatternID, meta};
use serde::Deserialize;

use super::cues::Cues;
use crate::lang::{self, Lang};

/// The contents of one `dates.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Vocabulary {
    pub months: Vec<Vec<String>>,
    pub weekdays: Vec<Vec<String>>,
    /// Weekday phrases that alone mean the last one before the anchor
    /// (Swedish "i onsdags"), Monday first.
    pub weekdays_past: Vec<Vec<String>>,
    /// Weekday forms that take no direction word (Swedish "fredagen"), Monday first.
    pub weekdays_definite: Vec<Vec<String>>,
    pub capitalised_only: Vec<String>,
    pub seasons: BTreeMap<String, String>,
    /// Season phrases that alone mean the last one (Swedish "i somras").
    pub seasons_past: BTreeMap<String, String>,
    pub syntax: Syntax,
    pub modifiers: BTreeMap<String, String>,
    pub before: BTreeMap<String, i32>,
    pub after: BTreeMap<String, i32>,
    pub reference_before: BTreeMap<String, i32>,
    pub ago: BTreeMap<String, i32>,
    pub ago_before: BTreeMap<String, i32>,
    pub relative_after: BTreeMap<String, i32>,
    pub reference_shift: BTreeMap<String, (String, i32)>,
    pub relative_periods: BTreeMap<String, (String, i32)>,
    /// After a weekday, the week it falls in, in weeks from the anchor's
    /// ("Monday last week", Swedish "i måndags förra veckan").
    pub week_relative: BTreeMap<String, i32>,
    pub reference_same: BTreeMap<String, i32>,
    pub duration_before: BTreeMap<String, String>,
    pub units: BTreeMap<String, String>,
    pub vague_units: BTreeMap<String, String>,
    pub numbers: BTreeMap<String, u32>,
    pub vague_numbers: BTreeMap<String, String>,
    pub ordinals: BTreeMap<String, u32>,
    pub relative_days: BTreeMap<String, i32>,
    pub reference_days: BTreeMap<String, i32>,
    pub relative_parts: BTreeMap<String, (i32, String)>,
    pub parts_of_day: BTreeMap<String, String>,
    /// Definite parts of day (Swedish "kvällen"): after a weekday they
    /// name the day being told, as a definite weekday does, so a direction
    /// word before it does not apply ("på torsdagskvällen").
    pub parts_of_day_definite: Vec<String>,
    pub named_times: BTreeMap<String, String>,
    pub references: BTreeMap<String, String>,
    pub set_words: BTreeMap<String, String>,
    /// Holidays and the rule of their day (see `resolve::holiday`).
    pub holidays: BTreeMap<String, String>,
}

/// Word lists that only join or frame other parts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Syntax {
    pub numeric_order: String,
    /// Order of numeric dates written with full stops ("12.07.2023").
    pub dotted_order: String,
    pub day_month: Vec<String>,
    pub month_year: Vec<String>,
    pub day_prefix: Vec<String>,
    pub day_suffix: Vec<String>,
    pub articles: Vec<String>,
    pub modifier_joiner: Vec<String>,
    pub future_markers: Vec<String>,
    /// Words right before a date that set a limit ("until", "by", "bis"):
    /// the date looks ahead unless a past verb form stands before it in
    /// its clause ("tickets until Sunday can be rebooked", but "the talks
    /// lasted until Sunday").
    pub deadlines: Vec<String>,
    /// Set where a weekday and its part of day may be written as one word:
    /// the letters that join them (German "" in "Donnerstagabend", Swedish
    /// "s" in "torsdagsmorgonen").
    pub weekday_pod_link: Option<String>,
    /// Endings of future and conditional verb forms ("annoncera", "se
    /// reunirá"): a lower-case word ending so, with at least one letter
    /// before the ending, is a future cue too. Chosen so that nouns rarely
    /// end so ("-era" but not "-rait", which ends "portrait" and "retrait").
    pub future_endings: Vec<String>,
    /// Past verb forms ("said", "bought"): one right before an undated
    /// weekday, month or day ("announced Wednesday") makes it the last one.
    pub past_markers: Vec<String>,
    /// Endings of past verb forms ("-ed"), on a lower-case word.
    pub past_endings: Vec<String>,
    /// Words before a past participle that make it no past ("will be closed").
    pub passive_auxiliaries: Vec<String>,
    /// Right after a date, a possessive ("Wednesday's ruling"): the date
    /// names a known event, so future cues do not apply to it.
    pub possessive: Vec<String>,
    /// Between a time and the day it falls on ("5 a.m. on Thursday").
    pub time_day_link: Vec<String>,
    pub time_prefix: Vec<String>,
    /// Time prefixes that make a bare hour a time ("kl. 15"), unlike "at 15".
    pub hour_prefix: Vec<String>,
    pub time_suffix: Vec<String>,
    pub am: Vec<String>,
    pub pm: Vec<String>,
    pub timezones: Vec<String>,
    pub decade_prefix: Vec<String>,
    pub decade_suffix: Vec<String>,
    pub century: Vec<String>,
    pub quarter: Vec<String>,
    pub year_prefix: Vec<String>,
    pub every: Vec<String>,
    pub ordinal_suffix: Vec<String>,
    pub time_separators: Vec<String>,
    pub duration_suffix: Vec<String>,
    pub duration_infix: Vec<String>,
    pub age_suffix: Vec<String>,
    /// After "the year": it is a fiscal year, said by when it ends ("ended March 31").
    pub period_end: Vec<String>,
    /// Shares written with a unit word ("three-quarters"): never a duration.
    pub fractions: Vec<String>,
    /// Before a duration and part of it: "nearly", "more than".
    pub approximate: Vec<String>,
    /// Nouns that name the period last mentioned, whatever its length ("period").
    pub period: Vec<String>,
    /// Adjectives between an article and a reference shift ("comparable").
    pub comparable: Vec<String>,
}

/// Which generic pattern a candidate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    Iso,
    Numeric,
    DayMonth,
    MonthDay,
    Month,
    Year,
    Weekday,
    WeekdayPast,
    RelativeDay,
    RelativePart,
    RelativePeriod,
    ReferenceDay,
    UnitRelative,
    Season,
    SeasonPast,
    Quarter,
    Duration,
    VagueDuration,
    Decade,
    Century,
    Time,
    Time24,
    NamedTime,
    Reference,
    ReferenceShift,
    ReferenceSame,
    YearPeriod,
    Set,
    SetWord,
    Holiday,
}

/// Generic templates, in priority order for equally long matches.
/// Slots in braces are filled from the vocabulary; `{X}` slots capture under
/// the lower-cased name, `{X?}` slots don't capture (so may repeat).
const TEMPLATES: &[(Rule, &str)] = &[
    (Rule::Iso, r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?:T(?P<hour>\d{2}):(?P<minute>\d{2}))?"),
    (Rule::Numeric, r"(?P<n1>\d{1,2})(?P<sep>[./])(?P<n2>\d{1,2})(?:[./](?P<n3>\d{4}|\d{2}))?"),
    (Rule::DayMonth, r"(?:{WEEKDAY},?\s+)?(?:{DAYPREFIX?}\s+)?(?P<day>[0-3]?\d)(?:\.|{DAYSUFFIX?})?\s*(?:{DAYMONTH?}\s+)?{MONTH}(?:,?\s+(?:{MONTHYEAR?}\s+)?(?P<year>\d{4}|{SPOKENYEAR})|\s+(?:{MONTHYEAR?}\s+)?{YEARREL})?"),
    (Rule::MonthDay, r"(?:{WEEKDAY},?\s+)?{MONTH}\s+(?P<day>[0-3]?\d)(?:{DAYSUFFIX?})?(?:,?\s+(?P<year>\d{4}|{SPOKENYEAR})|\s+(?:{MONTHYEAR?}\s+)?{YEARREL})?"),
    (Rule::Month, r"(?:{MOD}[\s-]+)?(?:{BEFORE}\s+)?{MONTH}(?:,?\s+(?:{MONTHYEAR?}\s+)?(?P<year>\d{4}|{SPOKENYEAR})|\s+(?:{MONTHYEAR?}\s+)?{YEARREL})?(?:\s+{AFTER})?"),
    (Rule::Year, r"(?:{MOD}[\s-]+)?(?:{YEARPREFIX?}\s+)?(?P<year>(?:1[0-9]|20)\d\d|{SPOKENYEAR})"),
    (Rule::Weekday, r"(?:{MOD}[\s-]+(?:{MODJOINER?}\s+)?)?(?:{BEFORE}\s+)?{WEEKDAY}(?:{PODJOIN}{POD})?(?:\s+{AFTER}|,?\s+{WEEKREL})?"),
    (Rule::WeekdayPast, r"(?:{MOD}[\s-]+)?{WEEKDAYPAST}(?:\s+{POD})?(?:\s+{WEEKREL})?"),
    (Rule::RelativeDay, r"(?:{MOD}[\s-]+)?{RELDAY}(?:\s+{POD})?"),
    (Rule::RelativePart, r"{RELPART}"),
    (Rule::ReferenceDay, r"{REFDAY}"),
    (Rule::RelativePeriod, r"(?:{MOD}[\s-]+)?{RELPERIOD}"),
    (Rule::UnitRelative, r"(?:{MOD}[\s-]+(?:{MODJOINER?}\s+)?)?(?:{ARTICLE?}\s+)?(?:(?:{BEFORE}|{REFBEFORE})\s*)?(?:{ARTICLE?}\s*)?{UNIT}(?:\s+{AFTER})?"),
    (Rule::Season, r"(?:{MOD}[\s-]+)?(?:{BEFORE}\s+)?{SEASON}(?:,?\s+(?:{MONTHYEAR?}\s+)?(?P<year>\d{4}|{SPOKENYEAR}))?(?:\s+{AFTER})?"),
    (Rule::SeasonPast, r"{SEASONPAST}"),
    (Rule::Quarter, r"(?:(?P<article>{ARTICLE?})\s+)?(?:(?P<qyear>\d{4})\s+)?{ORDINAL}(?P<joint>[\s-]+){QUARTER?}(?:,?\s+(?:{MONTHYEAR?}\s+)?(?P<year>\d{4}|{SPOKENYEAR}))?"),
    (Rule::Reference, r"{REFERENCE}"),
    (Rule::Duration, r"(?:(?P<approx>{APPROX?})\s+)?(?:{AGOBEFORE}\s+)?(?:{DURBEFORE}\s+)?(?:{NUMBER}(?P<joint>[\s-]+))?(?:{DURINFIX?}\s+)?{UNIT}(?:[\s-]+{DURSUFFIX?})?(?:\s+{AGO}|\s+{RELAFTER}|[\s-]+{AGE})?"),
    (Rule::VagueDuration, r"(?:{AGOBEFORE}\s+)?{VAGUEUNIT}(?:\s+{AGO}|[\s-]+{AGE})?"),
    (Rule::Decade, r"(?:{MOD}[\s-]+)?(?:{DECADEPREFIX}\s+)?(?P<decade>\d{3}0|'\d0|\d0)(?:{DECADESUFFIX})?"),
    (Rule::Century, r"(?:{ARTICLE?}\s+)?{ORDINAL}\s+{CENTURY?}"),
    // "el siglo XIX": the century word first.
    (Rule::Century, r"(?:{ARTICLE?}\s+)?{CENTURY?}\s+{ORDINAL}"),
    (Rule::Time, r"(?:{TIMEPREFIX?}\s+)?(?P<hour>[0-2]?\d)(?:{TIMESEP?}(?P<minute>[0-5]\d))?\s*(?:{AMPM}|{TIMESUFFIX?})(?:\s+{TZ?})?(?:,?\s+(?:{RELDAY}|{WEEKDAY}|{MONTH}\s+(?P<day>[0-3]?\d)))?"),
    (Rule::Time24, r"(?:{TIMEPREFIX}\s+)?(?P<hour>[0-2]?\d)(?:{TIMESEP?}(?P<minute>[0-5]\d))?(?:\s+{TZ?})?"),
    (Rule::NamedTime, r"{NAMEDTIME}(?:,?\s+(?:{RELDAY}|{WEEKDAY}))?"),
    (Rule::ReferenceShift, r"(?:{ARTICLE?}\s+(?:{COMPARABLE?}\s+)?)?{REFSHIFT}(?:\s+(?:{ORDINAL}[\s-]+{QUARTER?}|{UNIT}|(?P<period>{PERIOD?})))?"),
    (Rule::ReferenceSame, r"(?:{MOD}[\s-]+(?:{MODJOINER?}\s+)?)?{REFSAME}\s+{UNIT}"),
    (Rule::YearPeriod, r"{ARTICLE?}\s+(?P<year>\d{4}|{SPOKENYEAR})\s+(?:{QUARTER?}|{PERIOD?})"),
    (Rule::Set, r"{EVERY?}\s+(?:{NUMBER}\s+)?(?:{UNIT}|{WEEKDAY}|{MONTH})"),
    (Rule::SetWord, r"{SETWORD}"),
    // No direction word: Swedish "på" looks ahead before a weekday but not before a holiday.
    (Rule::Holiday, r"{HOLIDAY}(?:,?\s+(?P<year>\d{4}|{SPOKENYEAR}))?"),
];

/// One template compiled for one language.
///
/// `regex_automata` rather than `regex`: its anchored search over a known
/// span reads a match's groups without searching again, and most matches
/// found are dropped before their groups are needed.
pub(crate) struct Pattern {
    pub rule: Rule,
    pub re: meta::Regex,
    /// Group names by group index.
    names: Vec<Option<String>>,
}

impl Pattern {
    /// The leftmost match starting at or after `pos`.
    pub fn find(&self, hay: &str, pos: usize) -> Option<(usize, usize)> {
        self.re.find(Input::new(hay).range(pos..)).map(|m| (m.start(), m.end()))
    }

    /// The groups of the match found at `start..end`.
    pub fn groups<'t>(&'static self, hay: &'t str, start: usize, end: usize) -> Option<Groups<'t>> {
        let mut caps = self.re.create_captures();
        self.re.search_captures(&Input::new(hay).range(start..end).anchored(Anchored::Yes), &mut caps);
        caps.is_match().then_some(Groups { hay, caps, names: &self.names })
    }
}

/// The groups of one match, read by name.
pub(crate) struct Groups<'t> {
    hay: &'t str,
    caps: Captures,
    names: &'static [Option<String>],
}

/// One group of a match: a span of the text searched.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group<'t> {
    hay: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Group<'t> {
    pub fn as_str(&self) -> &'t str {
        &self.hay[self.start..self.end]
    }
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
}

impl<'t> Groups<'t> {
    /// Group `i` (0: the whole match), if it took part.
    pub fn get(&self, i: usize) -> Option<Group<'t>> {
        self.caps.get_group(i).map(|s| Group { hay: self.hay, start: s.start, end: s.end })
    }

    /// The group of that name, if it took part. (A scan of a few names is
    /// cheaper than the hashed lookup, and this runs often.)
    pub fn name(&self, name: &str) -> Option<Group<'t>> {
        let i = self.names.iter().position(|n| n.as_deref() == Some(name))?;
        self.get(i)
    }
}

/// One language's vocabulary with its compiled patterns and lookup tables.
pub(crate) struct Lexicon {
    pub vocab: Vocabulary,
    pub patterns: Vec<Pattern>,
    /// Finds the words without which a template cannot match (see [`Lexicon::rules_in`]).
    triggers: AhoCorasick,
    /// For each trigger pattern, the templates (bits by `Rule`) it may start.
    trigger_rules: Vec<u64>,
    pub future: Option<Cues>,
    /// Past verb forms (see `Syntax::past_markers`).
    pub past: Option<Cues>,
    /// Limit words (see `Syntax::deadlines`).
    pub deadline: Option<Cues>,
    /// Lower-cased word -> index (month 1-12, weekday 1-7).
    pub month_of: BTreeMap<String, u8>,
    pub weekday_of: BTreeMap<String, u8>,
    pub weekday_past_of: BTreeMap<String, u8>,
    /// Lower-cased weekday forms that take no direction word.
    pub weekday_definite: Vec<String>,
    /// Lower-cased parts of day that make their weekday definite.
    pub pod_definite: Vec<String>,
    /// Phrases naming a year relative to the anchor ("last year") -> offset.
    pub year_rel: BTreeMap<String, i32>,
    /// Full month names (the first form of each), lower-cased.
    pub month_full: Vec<String>,
}

/// Compiles one filled template, case-insensitive.
///
/// Unicode mode off (`(?i-u)`): with it, case folding and `\s`/`\d` turned
/// every template into a large Unicode automaton, and compiling the five
/// languages' templates took about a second. Without it they compile ten
/// times faster; the few non-ASCII letters of the words are given both cases
/// by [`literal`], digits must be ASCII anyway (they are parsed), and
/// [`SPACE`] adds the no-break spaces to ASCII whitespace.
///
/// No literal prefilter: a template only runs on a sentence where its
/// trigger words were found ([`Lexicon::rules_in`]), so a prefilter's search
/// for them saves nothing, and working one out for each template took 44%
/// of the compile (985M → 555M instructions for the five languages; the
/// searches take as many instructions as before, and find the same).
fn compile(pattern: &str) -> Result<meta::Regex, Box<regex_automata::meta::BuildError>> {
    let pattern = pattern.replace(r"[\s-]", &format!("(?:{SPACE}|-)")).replace(r"\s", SPACE);
    meta::Builder::new()
        .configure(meta::Config::new().auto_prefilter(false))
        .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true).unicode(false))
        .build(&pattern)
        .map_err(Box::new)
}

/// Whitespace in a template: ASCII space and the no-break spaces news text
/// uses ("27\u{a0}juillet").
const SPACE: &str = "(?:[\t\n\x0B\x0C\r ]|\u{a0}|\u{202f}|\u{2009})";

/// A word as a pattern matching it in any case: ASCII letters fold through
/// the pattern's case-insensitive flag, other letters get both forms here;
/// spaces match any run of whitespace.
fn literal(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 8);
    for c in word.chars() {
        if c == ' ' {
            out.push_str(r"\s+");
        } else if c.is_ascii() {
            out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
        } else {
            let (lower, upper): (String, String) = (c.to_lowercase().collect(), c.to_uppercase().collect());
            if lower == upper {
                out.push(c);
            } else {
                out.push_str(&format!("(?:{lower}|{upper})"));
            }
        }
    }
    out
}

/// An alternation of words, longest first, spaces matching any whitespace.
fn alternation<'a>(words: impl IntoIterator<Item = &'a String>) -> String {
    let mut words: Vec<&String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        // Matches nothing: a slot this language does not fill.
        return "(?:[a&&b])".to_string();
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let parts: Vec<String> = words
        .iter()
        .map(|w| literal(&w.to_lowercase()))
        .collect();
    format!("(?:{})", parts.join("|"))
}

impl Lexicon {
    fn build(vocab: Vocabulary) -> Lexicon {
        let v = &vocab;
        let s = &v.syntax;
        let flat = |lists: &Vec<Vec<String>>| -> Vec<String> { lists.iter().flatten().cloned().collect() };
        let keys = |m: &BTreeMap<String, i32>| -> Vec<String> { m.keys().cloned().collect() };
        let number_words: Vec<String> =
            v.numbers.keys().chain(v.vague_numbers.keys()).cloned().collect();
        let number_alt = alternation(&number_words);
        let ordinal = format!(
            r"(?:(?P<ordword>{})|(?P<orddig>\d{{1,2}})(?:{}|\.))",
            alternation(v.ordinals.keys()),
            alternation(&s.ordinal_suffix),
        );
        let year_rel = year_relatives(v);
        // A year said in words ("nineteen ninety-six"): a number from ten to
        // twenty, then one from ten to ninety-nine (checked when resolved).
        let small: Vec<&String> = v.numbers.iter().filter(|(_, n)| (1..=99).contains(*n)).map(|(w, _)| w).collect();
        let hundreds: Vec<&String> = v.numbers.iter().filter(|(_, n)| (10..=20).contains(*n)).map(|(w, _)| w).collect();
        let small_alt = alternation(small.iter().copied());
        let spoken_year = format!(r"(?:{}\s+{small_alt}(?:-{small_alt})?)", alternation(hundreds.iter().copied()));
        let weekday_forms = all_weekdays(v);
        let slots: Vec<(&str, String)> = vec![
            ("MONTH", format!(r"(?P<month>{})", abbreviations(&v.months))),
            ("WEEKDAY", format!(r"(?P<weekday>{})", abbreviations(&weekday_forms))),
            ("WEEKDAYPAST", format!("(?P<weekdaypast>{})", alternation(&flat(&v.weekdays_past)))),
            ("DAYPREFIX", alternation(&s.day_prefix)),
            ("DAYSUFFIX", alternation(&s.day_suffix)),
            ("DAYMONTH", alternation(&s.day_month)),
            ("MONTHYEAR", alternation(&s.month_year)),
            ("MOD", format!("(?P<mod>{})", alternation(v.modifiers.keys()))),
            ("MODJOINER", alternation(&s.modifier_joiner)),
            ("BEFORE", format!("(?P<before>{})", alternation(&keys(&v.before)))),
            ("AFTER", format!("(?P<after>{})", alternation(&keys(&v.after)))),
            ("REFBEFORE", format!("(?P<refbefore>{})", alternation(&keys(&v.reference_before)))),
            ("YEARPREFIX", alternation(&s.year_prefix)),
            ("POD", format!("(?P<pod>{})", alternation(v.parts_of_day.keys()))),
            ("PODJOIN", match &s.weekday_pod_link {
                Some(link) => format!(r"(?:\s+|{})", regex::escape(link)),
                None => r"\s+".to_string(),
            }),
            ("RELDAY", format!("(?P<relday>{})", alternation(&keys(&v.relative_days)))),
            ("RELPART", format!("(?P<relpart>{})", alternation(v.relative_parts.keys()))),
            ("REFDAY", format!("(?P<refday>{})", alternation(&keys(&v.reference_days)))),
            ("ARTICLE", alternation(&s.articles)),
            ("UNIT", format!("(?P<unit>{})", alternation(v.units.keys()))),
            ("SEASON", format!("(?P<season>{})", alternation(v.seasons.keys()))),
            ("SEASONPAST", format!("(?P<seasonpast>{})", alternation(v.seasons_past.keys()))),
            ("ORDINAL", ordinal),
            ("QUARTER", alternation(&s.quarter)),
            ("AGOBEFORE", format!("(?P<agobefore>{})", alternation(&keys(&v.ago_before)))),
            ("DURBEFORE", format!("(?P<durbefore>{})", alternation(v.duration_before.keys()))),
            ("NUMBER", format!(r"(?P<num>\d+(?:[.,]\d+)?(?:\s+1/2|½)?|{number_alt}(?:-{number_alt})?)")),
            ("DURINFIX", alternation(&s.duration_infix)),
            ("DURSUFFIX", alternation(&s.duration_suffix)),
            ("AGO", format!("(?P<ago>{})", alternation(&keys(&v.ago)))),
            ("WEEKREL", format!("(?P<weekrel>{})", alternation(&keys(&v.week_relative)))),
            ("RELPERIOD", format!("(?P<relperiod>{})", alternation(v.relative_periods.keys()))),
            ("AGE", format!("(?P<age>{})", alternation(&s.age_suffix))),
            ("REFSHIFT", format!("(?P<refshift>{})", alternation(v.reference_shift.keys()))),
            ("REFSAME", format!("(?P<refsame>{})", alternation(&keys(&v.reference_same)))),
            ("RELAFTER", format!("(?P<relafter>{})", alternation(&keys(&v.relative_after)))),
            ("VAGUEUNIT", format!("(?P<vagueunit>{})", alternation(v.vague_units.keys()))),
            ("DECADEPREFIX", format!("(?P<decadeprefix>{})", alternation(&s.decade_prefix))),
            ("DECADESUFFIX", format!("(?P<decadesuffix>{})", alternation(&s.decade_suffix))),
            ("CENTURY", alternation(&s.century)),
            ("TIMEPREFIX", alternation(&s.time_prefix)),
            ("TIMESEP", alternation(&s.time_separators)),
            (
                "AMPM",
                format!("(?:(?P<am>{})|(?P<pm>{}))", alternation(&s.am), alternation(&s.pm)),
            ),
            ("TIMESUFFIX", alternation(&s.time_suffix)),
            ("TZ", alternation(&s.timezones)),
            ("NAMEDTIME", format!("(?P<namedtime>{})", alternation(v.named_times.keys()))),
            ("REFERENCE", format!("(?P<reference>{})", alternation(v.references.keys()))),
            ("EVERY", alternation(&s.every)),
            ("APPROX", alternation(&s.approximate)),
            ("PERIOD", alternation(&s.period)),
            ("COMPARABLE", alternation(&s.comparable)),
            ("SPOKENYEAR", spoken_year),
            ("YEARREL", format!("(?P<yearrel>{})", alternation(year_rel.keys()))),
            ("HOLIDAY", format!("(?P<holiday>{})", alternation(v.holidays.keys()))),
            ("SETWORD", format!("(?P<setword>{})", alternation(v.set_words.keys()))),
        ];
        let patterns = TEMPLATES
            .iter()
            .map(|(rule, template)| {
                let mut pattern = template.to_string();
                for (name, fill) in &slots {
                    pattern = pattern.replace(&format!("{{{name}?}}"), &strip_names(fill));
                    pattern = pattern.replace(&format!("{{{name}}}"), fill);
                }
                let re = compile(&pattern).unwrap_or_else(|e| panic!("date pattern {rule:?}: {e}"));
                let names = re.group_info().pattern_names(PatternID::ZERO).map(|n| n.map(str::to_string)).collect();
                Pattern { rule: *rule, re, names }
            })
            .collect();
        let (triggers, trigger_rules) = triggers(v);
        let future = Cues::new(&s.future_markers, &s.future_endings);
        let past = Cues::new(&s.past_markers, &s.past_endings);
        let deadline = Cues::new(&s.deadlines, &[]);
        let index = |lists: &Vec<Vec<String>>| -> BTreeMap<String, u8> {
            let mut map = BTreeMap::new();
            for (i, words) in lists.iter().enumerate() {
                for w in words {
                    map.insert(w.to_lowercase(), (i + 1) as u8);
                }
            }
            map
        };
        Lexicon {
            year_rel,
            month_of: index(&v.months),
            weekday_of: index(&all_weekdays(v)),
            weekday_definite: flat(&v.weekdays_definite).iter().map(|w| w.to_lowercase()).collect(),
            pod_definite: v.parts_of_day_definite.iter().map(|w| normalise(w)).collect(),
            weekday_past_of: index(&v.weekdays_past),
            month_full: v.months.iter().filter_map(|l| l.first()).map(|w| w.to_lowercase()).collect(),
            patterns,
            triggers,
            trigger_rules,
            future,
            past,
            deadline,
            vocab,
        }
    }

    /// The templates (bits by `Rule`) that can match in `text`: each needs at
    /// least one of its core words (or a digit) standing as a whole word.
    /// One automaton pass instead of running every template on every sentence.
    pub fn rules_in(&self, text: &str) -> u64 {
        let mut mask = self.number_rules(text);
        // A word glued to a number still counts ("10am", "1990s").
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !c.is_ascii_digit());
        for m in self.triggers.find_overlapping_iter(text) {
            let rules = self.trigger_rules[m.pattern().as_usize()];
            if rules & !mask == 0 {
                continue;
            }
            if !word(text[..m.start()].chars().next_back()) && !word(text[m.end()..].chars().next()) {
                mask |= rules;
            }
        }
        mask
    }

    /// The templates that start from a number, by the shape of each run of
    /// digits in `text`: most numbers in news are amounts that no template
    /// takes, and running seven patterns over every sentence with a digit
    /// was most of the tagger's time.
    fn number_rules(&self, text: &str) -> u64 {
        let b = text.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let mut mask = 0u64;
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while digit(i) {
                i += 1;
            }
            let len = i - start;
            let next = b.get(i).copied();
            if len == 4 {
                mask |= bit(Rule::YearPeriod);
                if b[start] == b'1' || b[start..].starts_with(b"20") {
                    mask |= bit(Rule::Year);
                }
                if next == Some(b'-') {
                    mask |= bit(Rule::Iso);
                }
            }
            if (len == 2 || len == 4) && b[i - 1] == b'0' {
                mask |= bit(Rule::Decade);
            }
            if len <= 2 {
                if matches!(next, Some(b'.' | b'/')) && digit(i + 1) {
                    mask |= bit(Rule::Numeric);
                }
                let rest = &b[i..];
                let sep = self.vocab.syntax.time_separators.iter().find(|s| {
                    rest.len() > s.len() && rest[..s.len()].eq_ignore_ascii_case(s.as_bytes())
                });
                if sep.is_some_and(|s| digit(i + s.len())) {
                    mask |= bit(Rule::Time24);
                }
            }
        }
        mask
    }

    /// Looks a matched phrase up in a table keyed by lower-cased words,
    /// treating any run of whitespace as one space.
    pub fn lookup<'a, T>(map: &'a BTreeMap<String, T>, phrase: &str) -> Option<&'a T> {
        map.get(&normalise(phrase))
    }
}

/// Each weekday's forms with its definite forms after them.
fn all_weekdays(v: &Vocabulary) -> Vec<Vec<String>> {
    let mut lists = v.weekdays.clone();
    for (list, extra) in lists.iter_mut().zip(&v.weekdays_definite) {
        list.extend(extra.iter().cloned());
    }
    lists
}

/// Phrases that name a year relative to the anchor, from the relative
/// periods and the direction words around year units ("last year", "l'an dernier").
fn year_relatives(v: &Vocabulary) -> BTreeMap<String, i32> {
    let mut out = BTreeMap::new();
    for (phrase, (unit, n)) in &v.relative_periods {
        if unit == "Y" {
            out.insert(normalise(phrase), *n);
        }
    }
    for (word, unit) in &v.units {
        if unit != "Y" {
            continue;
        }
        for (b, n) in &v.before {
            out.insert(normalise(&format!("{b} {word}")), *n);
        }
        for (a, n) in &v.after {
            out.insert(normalise(&format!("{word} {a}")), *n);
        }
    }
    out
}

/// The bit of a template in a rule mask.
pub(crate) fn bit(rule: Rule) -> u64 {
    1u64 << (rule as u32)
}

/// The trigger automaton: for every template, the words one of which any
/// match must contain (the longest word of each phrase stands for it).
fn triggers(v: &Vocabulary) -> (AhoCorasick, Vec<u64>) {
    let s = &v.syntax;
    let keys = |m: &BTreeMap<String, i32>| -> Vec<String> { m.keys().cloned().collect() };
    let flat = |lists: &Vec<Vec<String>>| -> Vec<String> { lists.iter().flatten().cloned().collect() };
    let units: Vec<String> = v.units.keys().cloned().collect();
    // Templates that need a number are found by `Lexicon::number_rules`;
    // a time with "a.m." or "Uhr" needs its hour word too.
    let hour_words: Vec<String> = s.am.iter().chain(&s.pm).chain(&s.time_suffix).cloned().collect();
    let by_rule: Vec<(Rule, Vec<String>)> = vec![
        (Rule::Time, hour_words),
        (Rule::Time24, s.hour_prefix.clone()),
        (Rule::Year, v.numbers.iter().filter(|(_, n)| (10..=20).contains(*n)).map(|(w, _)| w.clone()).collect()),
        (Rule::DayMonth, flat(&v.months)),
        (Rule::MonthDay, flat(&v.months)),
        (Rule::Month, flat(&v.months)),
        (Rule::Weekday, flat(&all_weekdays(v))),
        (Rule::WeekdayPast, flat(&v.weekdays_past)),
        (Rule::RelativeDay, keys(&v.relative_days)),
        (Rule::RelativePart, v.relative_parts.keys().cloned().collect()),
        (Rule::ReferenceDay, keys(&v.reference_days)),
        (Rule::RelativePeriod, v.relative_periods.keys().cloned().collect()),
        (Rule::UnitRelative, units.clone()),
        (Rule::Season, v.seasons.keys().cloned().collect()),
        (Rule::SeasonPast, v.seasons_past.keys().cloned().collect()),
        (Rule::Quarter, s.quarter.clone()),
        (Rule::Reference, v.references.keys().cloned().collect()),
        (Rule::Duration, units.clone()),
        (Rule::VagueDuration, v.vague_units.keys().cloned().collect()),
        (Rule::Century, s.century.clone()),
        (Rule::NamedTime, v.named_times.keys().cloned().collect()),
        (Rule::ReferenceShift, v.reference_shift.keys().cloned().collect()),
        (Rule::ReferenceSame, units),
        (Rule::Set, s.every.clone()),
        (Rule::SetWord, v.set_words.keys().cloned().collect()),
        (Rule::Holiday, v.holidays.keys().cloned().collect()),
    ];
    let mut by_rule = by_rule;
    if let Some(link) = &s.weekday_pod_link {
        // "Donnerstagabend": the weekday is no whole word, the compound is.
        let compounds = flat(&v.weekdays).iter().flat_map(|w| v.parts_of_day.keys().map(move |p| format!("{w}{link}{p}"))).collect();
        by_rule.push((Rule::Weekday, compounds));
    }
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    for (rule, phrases) in &by_rule {
        for phrase in phrases {
            let Some(w) = phrase.split_whitespace().max_by_key(|w| w.len()) else { continue };
            let w = w.trim_end_matches('.').to_lowercase();
            // The automaton folds ASCII case only: add the usual spellings of other words.
            let mut cap = w.chars();
            let capitalised: String = cap.next().map(|c| c.to_uppercase().chain(cap).collect()).unwrap_or_default();
            for form in [w.clone(), capitalised, w.to_uppercase()] {
                *words.entry(form).or_default() |= bit(*rule);
            }
        }
    }
    let (patterns, rules): (Vec<String>, Vec<u64>) = words.into_iter().filter(|(w, _)| !w.is_empty()).unzip();
    // A full DFA: the overlapping search over every sentence is hot.
    let ac = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(&patterns)
        .expect("date trigger words");
    (ac, rules)
}

/// Lower-cases a phrase and collapses whitespace, as the tables are keyed.
pub(crate) fn normalise(phrase: &str) -> String {
    phrase.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// An alternation of names where every form but the first (full) one is an
/// abbreviation that may carry a full stop. Longest forms first, so that
/// "fredagen" is not cut to "fredag".
fn abbreviations(lists: &[Vec<String>]) -> String {
    let mut forms: Vec<(usize, String)> = Vec::new();
    for list in lists {
        for (i, w) in list.iter().enumerate().filter(|(_, w)| !w.is_empty()) {
            let escaped = literal(&w.to_lowercase());
            forms.push((w.chars().count(), if i == 0 { escaped } else { format!(r"{escaped}\.?") }));
        }
    }
    forms.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    let parts: Vec<String> = forms.into_iter().map(|(_, f)| f).collect();
    format!("(?:{})", parts.join("|"))
}

/// Turns capturing groups into non-capturing ones, so a slot can repeat.
fn strip_names(fill: &str) -> String {
    let mut out = String::with_capacity(fill.len());
    let mut rest = fill;
    while let Some(i) = rest.find("(?P<") {
        out.push_str(&rest[..i]);
        out.push_str("(?:");
        let after = &rest[i + 4..];
        let close = after.find('>').expect("group name");
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The lexicon for a language; English for languages without resources.
/// Each language's patterns are compiled on first use only.
pub(crate) fn lexicon(lang: Lang) -> &'static Lexicon {
    static FILES: [(Lang, &str); 5] = crate::per_language!("dates.toml");
    static BUILT: [OnceLock<Lexicon>; 5] = [const { OnceLock::new() }; 5];
    let i = FILES
        .iter()
        .position(|(l, _)| *l == lang)
        .or_else(|| FILES.iter().position(|(l, _)| *l == Lang::EN))
        .expect("English date resources");
    BUILT[i].get_or_init(|| {
        let (_, vocab) = lang::load_resources::<Vocabulary>(&FILES[i..=i], "dates.toml")
            .pop()
            .expect("one resource");
        Lexicon::build(vocab)
    })
}
