//! The per-language vocabulary of the date tagger (`resources/lang/*/dates.toml`)
//! and the patterns built from it.
//!
//! The pattern templates are generic: each names slots (`{MONTH}`, `{UNIT}`,
//! …) that are filled with the words of one language. No template knows a
//! language; a language that writes dates in another order only needs its
//! words (and, if need be, a new generic template that serves any language).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

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
    pub named_times: BTreeMap<String, String>,
    pub references: BTreeMap<String, String>,
    pub set_words: BTreeMap<String, String>,
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
    pub time_prefix: Vec<String>,
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
    Set,
    SetWord,
}

/// Generic templates, in priority order for equally long matches.
/// Slots in braces are filled from the vocabulary; `{X}` slots capture under
/// the lower-cased name, `{X?}` slots don't capture (so may repeat).
const TEMPLATES: &[(Rule, &str)] = &[
    (Rule::Iso, r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?:T(?P<hour>\d{2}):(?P<minute>\d{2}))?"),
    (Rule::Numeric, r"(?P<n1>\d{1,2})(?P<sep>[./])(?P<n2>\d{1,2})(?:[./](?P<n3>\d{4}|\d{2}))?"),
    (Rule::DayMonth, r"(?:{WEEKDAY},?\s+)?(?:{DAYPREFIX?}\s+)?(?P<day>[0-3]?\d)(?:\.|{DAYSUFFIX?})?\s*(?:{DAYMONTH?}\s+)?{MONTH}(?:,?\s+(?:{MONTHYEAR?}\s+)?(?P<year>\d{4}))?"),
    (Rule::MonthDay, r"(?:{WEEKDAY},?\s+)?{MONTH}\s+(?P<day>[0-3]?\d)(?:{DAYSUFFIX?})?(?:,?\s+(?P<year>\d{4}))?"),
    (Rule::Month, r"(?:{MOD}[\s-]+)?(?:{BEFORE}\s+)?{MONTH}(?:,?\s+(?:{MONTHYEAR?}\s+)?(?P<year>\d{4}))?(?:\s+{AFTER})?"),
    (Rule::Year, r"(?:{MOD}[\s-]+)?(?:{YEARPREFIX?}\s+)?(?P<year>(?:1[0-9]|20)\d\d)"),
    (Rule::Weekday, r"(?:{MOD}[\s-]+(?:{MODJOINER?}\s+)?)?(?:{BEFORE}\s+)?{WEEKDAY}(?:\s+{POD})?(?:\s+{AFTER})?"),
    (Rule::WeekdayPast, r"(?:{MOD}[\s-]+)?{WEEKDAYPAST}(?:\s+{POD})?"),
    (Rule::RelativeDay, r"{RELDAY}(?:\s+{POD})?"),
    (Rule::RelativePart, r"{RELPART}"),
    (Rule::ReferenceDay, r"{REFDAY}"),
    (Rule::RelativePeriod, r"(?:{MOD}[\s-]+)?{RELPERIOD}"),
    (Rule::UnitRelative, r"(?:{MOD}[\s-]+(?:{MODJOINER?}\s+)?)?(?:{ARTICLE?}\s+)?(?:(?:{BEFORE}|{REFBEFORE})\s*)?(?:{ARTICLE?}\s*)?{UNIT}(?:\s+{AFTER})?"),
    (Rule::Season, r"(?:{MOD}[\s-]+)?(?:{BEFORE}\s+)?{SEASON}(?:,?\s+(?:{MONTHYEAR?}\s+)?(?P<year>\d{4}))?(?:\s+{AFTER})?"),
    (Rule::SeasonPast, r"{SEASONPAST}"),
    (Rule::Quarter, r"(?:{ARTICLE?}\s+)?(?:(?P<qyear>\d{4})\s+)?{ORDINAL}[\s-]+{QUARTER?}(?:,?\s+(?:{MONTHYEAR?}\s+)?(?P<year>\d{4}))?"),
    (Rule::Reference, r"{REFERENCE}"),
    (Rule::Duration, r"(?:{AGOBEFORE}\s+)?(?:{DURBEFORE}\s+)?(?:{NUMBER}[\s-]+)?(?:{DURINFIX?}\s+)?{UNIT}(?:[\s-]+{DURSUFFIX?})?(?:\s+{AGO}|\s+{RELAFTER}|[\s-]+{AGE})?"),
    (Rule::VagueDuration, r"(?:{AGOBEFORE}\s+)?{VAGUEUNIT}(?:\s+{AGO})?"),
    (Rule::Decade, r"(?:{MOD}[\s-]+)?(?:{DECADEPREFIX}\s+)?(?P<decade>\d{3}0|'\d0|\d0)(?:{DECADESUFFIX})?"),
    (Rule::Century, r"(?:{ARTICLE?}\s+)?{ORDINAL}\s+{CENTURY?}"),
    (Rule::Time, r"(?:{TIMEPREFIX?}\s+)?(?P<hour>[0-2]?\d)(?:{TIMESEP?}(?P<minute>[0-5]\d))?\s*(?:{AMPM}|{TIMESUFFIX?})(?:\s+{TZ?})?(?:,?\s+(?:{RELDAY}|{WEEKDAY}))?"),
    (Rule::Time24, r"(?:{TIMEPREFIX}\s+)?(?P<hour>[0-2]?\d){TIMESEP?}(?P<minute>[0-5]\d)(?:\s+{TZ?})?"),
    (Rule::NamedTime, r"{NAMEDTIME}(?:,?\s+(?:{RELDAY}|{WEEKDAY}))?"),
    (Rule::ReferenceShift, r"{REFSHIFT}(?:\s+{UNIT})?"),
    (Rule::ReferenceSame, r"{REFSAME}\s+{UNIT}"),
    (Rule::Set, r"{EVERY?}\s+(?:{NUMBER}\s+)?(?:{UNIT}|{WEEKDAY}|{MONTH})"),
    (Rule::SetWord, r"{SETWORD}"),
];

/// One language's vocabulary with its compiled patterns and lookup tables.
pub(crate) struct Lexicon {
    pub vocab: Vocabulary,
    pub patterns: Vec<(Rule, Regex)>,
    pub future: Option<Regex>,
    /// Lower-cased word -> index (month 1-12, weekday 1-7).
    pub month_of: BTreeMap<String, u8>,
    pub weekday_of: BTreeMap<String, u8>,
    pub weekday_past_of: BTreeMap<String, u8>,
    /// Full month names (the first form of each), lower-cased.
    pub month_full: Vec<String>,
}

/// An alternation of words, longest first, spaces matching any whitespace.
fn alternation<'a>(words: impl IntoIterator<Item = &'a String>) -> String {
    let mut words: Vec<&String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        // Matches nothing: a slot this language does not fill.
        return "(?:[^\\s\\S])".to_string();
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let parts: Vec<String> = words
        .iter()
        .map(|w| {
            let escaped = regex::escape(&w.to_lowercase());
            // Abbreviations may carry a full stop; words are separated by any space.
            escaped.replace(' ', r"\s+")
        })
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
        let slots: Vec<(&str, String)> = vec![
            ("MONTH", format!(r"(?P<month>{})", abbreviations(&v.months))),
            ("WEEKDAY", format!(r"(?P<weekday>{})", abbreviations(&v.weekdays))),
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
            ("NUMBER", format!(r"(?P<num>\d+(?:[.,]\d+)?|{number_alt}(?:-{number_alt})?)")),
            ("DURINFIX", alternation(&s.duration_infix)),
            ("DURSUFFIX", alternation(&s.duration_suffix)),
            ("AGO", format!("(?P<ago>{})", alternation(&keys(&v.ago)))),
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
                let re = Regex::new(&format!("(?i){pattern}"))
                    .unwrap_or_else(|e| panic!("date pattern {rule:?}: {e}"));
                (*rule, re)
            })
            .collect();
        let future = (!s.future_markers.is_empty()).then(|| {
            Regex::new(&format!(r"(?i)\b{}\b", alternation(&s.future_markers))).expect("future markers")
        });
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
            month_of: index(&v.months),
            weekday_of: index(&v.weekdays),
            weekday_past_of: index(&v.weekdays_past),
            month_full: v.months.iter().filter_map(|l| l.first()).map(|w| w.to_lowercase()).collect(),
            patterns,
            future,
            vocab,
        }
    }

    /// Looks a matched phrase up in a table keyed by lower-cased words,
    /// treating any run of whitespace as one space.
    pub fn lookup<'a, T>(map: &'a BTreeMap<String, T>, phrase: &str) -> Option<&'a T> {
        map.get(&normalise(phrase))
    }
}

/// Lower-cases a phrase and collapses whitespace, as the tables are keyed.
pub(crate) fn normalise(phrase: &str) -> String {
    phrase.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// An alternation of names where every form but the first (full) one is an
/// abbreviation that may carry a full stop.
fn abbreviations(lists: &[Vec<String>]) -> String {
    let full: Vec<String> = lists.iter().filter_map(|l| l.first().cloned()).collect();
    let short: Vec<String> = lists.iter().flat_map(|l| l.iter().skip(1).cloned()).collect();
    format!("(?:{}|{}\\.?)", alternation(&full), alternation(&short))
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
