//! Plain-text articles: the whole file is one document. A leading
//! `date YYYY-MM-DD` (or `date: …`, any case, with or without leading space)
//! is the publication date and is cut from the body; without it the date is
//! unknown. The title is left unknown.

use jiff::civil::Date;

use super::{Item, Reject, decode::tidy};
use crate::document::{Document, Format};

/// Reads one decoded text file as one document.
pub(crate) fn read(name: &str, origin: Option<&str>, text: &str, out: &mut dyn FnMut(Item)) {
    let (published, body) = split_date_line(text);
    let body = tidy(body);
    if body.is_empty() {
        out(Item::Reject(Reject::whole(name, "no article text after the date line")));
        return;
    }
    let mut doc = Document::new(origin, name.to_owned(), Format::Text, body);
    doc.published = published;
    out(Item::Document(doc));
}

/// Splits a leading date line off `text`: `(date, rest)`. The body may follow
/// the date on the same line.
pub fn split_date_line(text: &str) -> (Option<Date>, &str) {
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    let Some(prefix) = t.get(..4) else { return (None, text) };
    if !prefix.eq_ignore_ascii_case("date") {
        return (None, text);
    }
    let rest = &t[4..];
    let after_sep = rest.trim_start_matches([' ', '\t']);
    let after_sep = match after_sep.strip_prefix(':') {
        Some(r) => r.trim_start_matches([' ', '\t']),
        None if after_sep.len() < rest.len() => after_sep,
        None => return (None, text), // "dated", "dates": not a date line
    };
    let Some(ymd) = after_sep.get(..10) else { return (None, text) };
    let Ok(date) = ymd.parse::<Date>() else { return (None, text) };
    let body = &after_sep[10..];
    if body.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return (None, text); // e.g. a timestamp glued on: not the simple form
    }
    (Some(date), body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn read_one(text: &str) -> Item {
        let mut items = Vec::new();
        read("a.txt", Some("/x/a.txt"), text, &mut |i| items.push(i));
        assert_eq!(items.len(), 1);
        items.pop().unwrap()
    }

    #[test]
    fn date_line_forms() {
        for t in [
            " date 2031-04-02 The council met.",
            "date 2031-04-02 The council met.",
            "Date: 2031-04-02\nThe council met.",
            "DATE:2031-04-02 The council met.",
            "\u{FEFF}date 2031-04-02\r\n\r\nThe council met.",
        ] {
            let (d, rest) = split_date_line(t);
            assert_eq!(d, Some(date(2031, 4, 2)), "{t:?}");
            assert_eq!(tidy(rest), "The council met.", "{t:?}");
        }
    }

    #[test]
    fn no_date_line_means_unknown_date() {
        for t in [
            "The council met on 2031-04-02.",
            "Dated documents were shown.",
            "date 2031-13-40 bad",
            "dates 2031-04-02 x",
        ] {
            assert_eq!(split_date_line(t).0, None, "{t:?}");
        }
        let Item::Document(doc) = read_one("The council met.\r\nIt voted.") else { panic!() };
        assert_eq!(doc.published, None);
        assert_eq!(doc.text, "The council met.\nIt voted.");
        assert_eq!(doc.title, None);
    }

    #[test]
    fn date_is_cut_from_body() {
        let Item::Document(doc) = read_one(" date 2031-04-02 Rain closed the pass.") else { panic!() };
        assert_eq!(doc.published, Some(date(2031, 4, 2)));
        assert_eq!(doc.text, "Rain closed the pass.");
        assert_eq!(doc.source, "a.txt");
    }

    #[test]
    fn date_without_body_is_rejected() {
        let Item::Reject(r) = read_one("date 2031-04-02   \n") else { panic!() };
        assert!(r.reason.contains("no article text"));
    }
}
