//! Calendar arithmetic for the date tagger: periods of a given granularity,
//! shifting them, writing them as TimeML values, and choosing which of
//! several candidate years or weeks an under-specified date means.
//!
//! Knows nothing about words or languages; all arithmetic is jiff's.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// How precise a calendar value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gran {
    Day,
    Week,
    Month,
    Quarter,
    /// A season, by its TimeML code.
    Season(&'static str),
    Year,
    Decade,
    Century,
}

/// A calendar period: its first day and its granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Point {
    pub date: Date,
    pub gran: Gran,
}

/// The TimeML season code as a static string, and the month it starts in.
pub(crate) fn season(code: &str) -> Option<(&'static str, i8)> {
    match code {
        "SP" => Some(("SP", 3)),
        "SU" => Some(("SU", 6)),
        "FA" => Some(("FA", 9)),
        "WI" => Some(("WI", 12)),
        _ => None,
    }
}

impl Point {
    pub fn new(date: Date, gran: Gran) -> Point {
        Point { date, gran }
    }

    /// The TimeML value (`2023-07-27`, `2023-W30`, `2023-Q3`, `199`, …).
    pub fn value(&self) -> String {
        let d = self.date;
        match self.gran {
            Gran::Day => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Gran::Week => {
                let w = d.iso_week_date();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Gran::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Gran::Quarter => format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
            Gran::Season(code) => format!("{:04}-{code}", d.year()),
            Gran::Year => format!("{:04}", d.year()),
            Gran::Decade => format!("{:03}", d.year() / 10),
            Gran::Century => format!("{:02}", d.year() / 100),
        }
    }

    /// The period `n` units (TimeML unit codes) later, at the same granularity.
    pub fn shift(&self, unit: &str, n: i64) -> Option<Point> {
        let span = match unit {
            "D" => n.days(),
            "W" | "WE" => n.weeks(),
            "M" => n.months(),
            "Q" => (3 * n).months(),
            "Y" => n.years(),
            "DE" => (10 * n).years(),
            "CE" => (100 * n).years(),
            _ => return None,
        };
        self.date.checked_add(span).ok().map(|date| Point { date, ..*self })
    }

    /// The period of granularity `gran` that contains this point's first day.
    pub fn at(&self, gran: Gran) -> Point {
        Point::of(self.date, gran)
    }

    /// The period of granularity `gran` that contains `date`.
    pub fn of(date: Date, gran: Gran) -> Point {
        let y = date.year();
        let start = match gran {
            Gran::Day => date,
            Gran::Week => date
                .checked_sub((date.weekday().to_monday_zero_offset() as i64).days())
                .unwrap_or(date),
            Gran::Month => date.first_of_month(),
            Gran::Quarter => Date::new(y, (date.month() - 1) / 3 * 3 + 1, 1).unwrap_or(date),
            Gran::Season(code) => Date::new(y, season(code).map_or(1, |s| s.1), 1).unwrap_or(date),
            Gran::Year => Date::new(y, 1, 1).unwrap_or(date),
            Gran::Decade => Date::new(y - y % 10, 1, 1).unwrap_or(date),
            Gran::Century => Date::new(y - y % 100, 1, 1).unwrap_or(date),
        };
        Point { date: start, gran }
    }

    /// The granularity for a TimeML unit ("two months ago" is a month).
    pub fn gran_of_unit(unit: &str) -> Option<Gran> {
        Some(match unit {
            "D" => Gran::Day,
            "W" | "WE" => Gran::Week,
            "M" => Gran::Month,
            "Q" => Gran::Quarter,
            "Y" => Gran::Year,
            "DE" => Gran::Decade,
            "CE" => Gran::Century,
            _ => return None,
        })
    }
}

/// The TimeML value of a period whose anchor is unknown.
pub(crate) fn unresolved(gran: Gran) -> String {
    match gran {
        Gran::Day => "XXXX-XX-XX".into(),
        Gran::Week => "XXXX-WXX".into(),
        Gran::Month => "XXXX-XX".into(),
        Gran::Quarter => "XXXX-QX".into(),
        Gran::Season(code) => format!("XXXX-{code}"),
        Gran::Year => "XXXX".into(),
        Gran::Decade => "XXX".into(),
        Gran::Century => "XX".into(),
    }
}

/// A weekday (1 = Monday) as jiff's.
pub(crate) fn weekday(n: u8) -> Weekday {
    Weekday::from_monday_one_offset(n as i8).unwrap_or(Weekday::Monday)
}

/// The date of weekday `wd` near `anchor`.
/// `dir` -1: the last one before the anchor; 1: the next after it; 0: in the
/// anchor's week. Without a direction news is read as past (the most recent
/// such day, the anchor itself included) unless the clause speaks of the future.
pub(crate) fn weekday_near(anchor: Date, wd: u8, dir: Option<i32>, future: bool) -> Date {
    let wd = weekday(wd);
    match dir {
        Some(d) if d < 0 => anchor.nth_weekday(-1, wd).unwrap_or(anchor),
        Some(d) if d > 0 => anchor.nth_weekday(1, wd).unwrap_or(anchor),
        Some(_) => {
            let monday = Point::of(anchor, Gran::Week).date;
            monday
                .checked_add((wd.to_monday_zero_offset() as i64).days())
                .unwrap_or(anchor)
        }
        None if anchor.weekday() == wd => anchor,
        None if future => anchor.nth_weekday(1, wd).unwrap_or(anchor),
        None => anchor.nth_weekday(-1, wd).unwrap_or(anchor),
    }
}

/// A weekday named on its own ("on Wednesday"): as [`weekday_near`], but
/// without a direction the nearer of the last and the next such day, the
/// next counted three times as far. "On Wednesday" in Tuesday's paper is
/// tomorrow, not six days ago (the press writes "last Wednesday" then).
pub(crate) fn weekday_named(anchor: Date, wd: u8, dir: Option<i32>, future: bool) -> Date {
    let back = weekday_near(anchor, wd, dir, future);
    if dir.is_some() || future || back == anchor {
        return back;
    }
    let ahead = anchor.nth_weekday(1, weekday(wd)).unwrap_or(anchor);
    nearest_weighted(anchor, &[back, ahead], false, WEEKDAY_AWAY_WEIGHT).unwrap_or(back)
}

/// Of the candidate dates, the one meant relative to `anchor`: the nearest,
/// with dates on the unlikely side of the anchor counted twice as far
/// (news speaks mostly of the past; a future marker flips the bias).
pub(crate) fn nearest(anchor: Date, candidates: &[Date], future: bool) -> Option<Date> {
    nearest_weighted(anchor, candidates, future, 2)
}

/// How much farther a weekday on the unlikely side of the anchor counts.
/// Three leaves five days back in the past and brings six days back ahead;
/// on TempEval-3 train two and three score alike (value F1 79.0, 79.1).
const WEEKDAY_AWAY_WEIGHT: i64 = 3;

/// The nearest candidate, dates on the unlikely side counted `w` times as far.
fn nearest_weighted(anchor: Date, candidates: &[Date], future: bool, w: i64) -> Option<Date> {
    candidates.iter().copied().min_by_key(|c| {
        let days = (c.since(anchor).map(|s| s.get_days()).unwrap_or(i32::MAX / 4)) as i64;
        let ahead = days > 0;
        let weight = if ahead != future && days != 0 { w } else { 1 };
        days.abs() * weight
    })
}

/// The year for a month (and optionally day) written without one.
/// `dir` -1 is the last such month before the anchor's, 1 the next after it,
/// 0 the anchor's year; otherwise the nearest (see [`nearest`]).
pub(crate) fn year_for(anchor: Date, month: i8, day: Option<i8>, dir: Option<i32>, future: bool) -> i16 {
    let y = anchor.year();
    let cmp = (month, day.unwrap_or(15)).cmp(&(anchor.month(), anchor.day()));
    match dir {
        Some(d) if d < 0 => {
            if month < anchor.month() { y } else { y - 1 }
        }
        Some(d) if d > 0 => {
            if month > anchor.month() { y } else { y + 1 }
        }
        Some(_) => y,
        None => {
            // The middle of the month stands for a month without a day.
            let dd = day.unwrap_or(15);
            let cands: Vec<Date> = [y - 1, y, y + 1]
                .iter()
                .filter_map(|&yy| Date::new(yy, month, dd.min(28)).ok())
                .collect();
            if day.is_none() && month == anchor.month() {
                return y;
            }
            let _ = cmp;
            nearest(anchor, &cands, future).map_or(y, |d| d.year())
        }
    }
}

/// The year of the last month (and day) of that name not after the anchor:
/// a month counts once begun ("bought in October", said in October).
pub(crate) fn latest_year(anchor: Date, month: i8, day: Option<i8>) -> i16 {
    let begun = (month, day.unwrap_or(1)) <= (anchor.month(), anchor.day());
    if begun { anchor.year() } else { anchor.year() - 1 }
}

/// The day of a holiday in a year, by its rule in the resources:
/// `MM-DD` a fixed day; `MM-W-N` the Nth weekday W (1 Monday) of the month;
/// `MM-DD>W` the first weekday W on or after that day; `E+N` N days from
/// Western Easter.
pub(crate) fn holiday(rule: &str, year: i16) -> Option<Date> {
    if let Some(off) = rule.strip_prefix('E') {
        let off: i64 = off.trim_start_matches('+').parse().ok()?;
        return easter(year).checked_add(off.days()).ok();
    }
    let parts: Vec<&str> = rule.split('-').collect();
    let month: i8 = parts.first()?.parse().ok()?;
    match parts.as_slice() {
        [_, day] if let Some((d, wd)) = day.split_once('>') => {
            let start = Date::new(year, month, d.parse().ok()?).ok()?;
            let wd = weekday(wd.parse().ok()?);
            if start.weekday() == wd { Some(start) } else { start.nth_weekday(1, wd).ok() }
        }
        [_, day] => Date::new(year, month, day.parse().ok()?).ok(),
        [_, wd, n] => Date::new(year, month, 1).ok()?.nth_weekday_of_month(n.parse().ok()?, weekday(wd.parse().ok()?)).ok(),
        _ => None,
    }
}

/// Western Easter Sunday (the anonymous Gregorian computus). Hand-written:
/// jiff has no calendar of movable feasts, and this is a dozen lines.
fn easter(year: i16) -> Date {
    let y = year as i32;
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8).expect("Easter falls in March or April")
}
