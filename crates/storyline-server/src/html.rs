//! HTML building blocks: escaping, the page frame, text with highlighted
//! spans, and the timeline picture (SVG). Plain `format!` with one escaping
//! helper: the pages are few and small, so no template engine is needed.

use std::fmt::Write;

use jiff::civil::Date;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a value for a URL path segment or query value.
pub fn url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A whole page: header with navigation and search, then `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Storyline</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header class="top" role="banner">
<a class="brand" href="/">Storyline</a>
<nav aria-label="Main"><a href="/">Stories</a> <a href="/search">Search</a> <a href="/api/openapi.json">API</a></nav>
<form class="quick" role="search" action="/search" method="get" aria-label="Search the corpus">
<input type="search" name="q" placeholder="Search reports, quotes, names" aria-label="Search text">
</form>
</header>
<main id="main">
{body}
</main>
</body>
</html>"#,
        title = esc(title),
    )
}

/// A date, or a dash.
pub fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "–".to_string(), |d| d.to_string())
}

/// A section that says so when it has nothing yet.
pub fn section(id: &str, heading: &str, content: Option<String>) -> String {
    let content = content.unwrap_or_else(|| r#"<p class="empty">None yet.</p>"#.to_string());
    format!(r#"<section id="{id}" aria-labelledby="{id}-h"><h2 id="{id}-h">{}</h2>{content}</section>"#, esc(heading))
}

/// One highlighted span: byte range, CSS class and a tooltip.
#[derive(Debug, Clone)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub class: &'static str,
    pub title: String,
    /// Where it links, if anywhere.
    pub href: Option<String>,
}

/// `text` as HTML with every mark wrapped in a `<span>` (nested spans where
/// marks nest; a mark that crosses another is cut at the crossing). Marks off
/// char boundaries or outside the text are left out.
pub fn marked_text(text: &str, marks: &[Mark]) -> String {
    let mut marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && m.end <= text.len() && text.is_char_boundary(m.start) && text.is_char_boundary(m.end))
        .collect();
    // Outer spans first at the same start.
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = String::with_capacity(text.len() * 2);
    let mut open: Vec<&Mark> = Vec::new();
    let mut pos = 0;
    let mut next = 0;
    loop {
        while let Some(m) = marks.get(next).copied().filter(|m| m.start <= pos) {
            next += 1;
            // A mark crossing an open one is left out (open marks stay nested).
            let limit = open.last().map_or(text.len(), |o| o.end);
            if m.end > limit || m.start < pos {
                continue;
            }
            match &m.href {
                Some(h) => {
                    let _ = write!(out, r#"<a class="{}" href="{}" title="{}">"#, m.class, esc(h), esc(&m.title));
                }
                None => {
                    let _ = write!(out, r#"<span class="{}" title="{}" id="{}-{}-{}">"#, m.class, esc(&m.title), m.class, m.start, m.end);
                }
            }
            open.push(m);
        }
        if pos >= text.len() {
            break;
        }
        // Nested, so the innermost open mark ends first; both are past `pos`.
        let next_start = marks.get(next).map_or(text.len(), |m| m.start);
        let next_end = open.last().map_or(text.len(), |m| m.end);
        let stop = next_start.min(next_end);
        out.push_str(&esc(&text[pos..stop]));
        pos = stop;
        close_to(&mut out, &mut open, pos);
    }
    close_to(&mut out, &mut open, usize::MAX);
    out.replace("\n\n", "</p><p>").replace('\n', "<br>")
}

/// Closes the open marks that end at or before `at`.
fn close_to(out: &mut String, open: &mut Vec<&Mark>, at: usize) {
    while open.last().is_some_and(|m| m.end <= at) {
        let m = open.pop().expect("open mark");
        out.push_str(if m.href.is_some() { "</a>" } else { "</span>" });
    }
}

/// One dot on the timeline picture.
#[derive(Debug, Clone)]
pub struct Point {
    pub date: Date,
    pub label: String,
    /// Dot radius grows with this (sources telling it).
    pub weight: usize,
    pub href: Option<String>,
}

fn days(d: Date) -> i64 {
    // A span between dates is in days unless asked otherwise.
    d.since(Date::constant(1970, 1, 1)).map_or(0, |s| i64::from(s.get_days()))
}

/// The timeline as an SVG picture: happenings as dots above a dated axis,
/// reports as ticks below it. Scales to the width of its box.
pub fn timeline_svg(events: &[Point], reports: &[Point]) -> Option<String> {
    let all: Vec<Date> = events.iter().chain(reports).map(|p| p.date).collect();
    let (first, last) = (all.iter().min()?, all.iter().max()?);
    let (d0, d1) = (days(*first), days(*last).max(days(*first) + 1));
    let (w, left, right) = (800.0_f64, 40.0_f64, 40.0_f64);
    let x = |d: Date| left + (days(d) - d0) as f64 / (d1 - d0) as f64 * (w - left - right);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="timeline" viewBox="0 0 {w} 130" role="img" aria-labelledby="tl-title tl-desc" preserveAspectRatio="xMidYMid meet"><title id="tl-title">Timeline from {first} to {last}</title><desc id="tl-desc">{} happenings above the axis, {} reports below it</desc>"#,
        events.len(),
        reports.len()
    );
    let _ = write!(svg, r#"<line class="axis" x1="{left}" y1="70" x2="{}" y2="70"/>"#, w - right);
    let _ = write!(svg, r#"<text class="tick" x="{left}" y="122" text-anchor="start">{first}</text>"#);
    if last != first {
        let _ = write!(svg, r#"<text class="tick" x="{}" y="122" text-anchor="end">{last}</text>"#, w - right);
    }
    for p in events {
        let r = 5.0 + (p.weight.min(6) as f64) * 1.5;
        let dot = format!(r#"<circle class="event" cx="{:.1}" cy="45" r="{r}"><title>{} — {}</title></circle>"#, x(p.date), p.date, esc(&p.label));
        match &p.href {
            Some(h) => {
                let _ = write!(svg, r#"<a href="{}">{dot}</a>"#, esc(h));
            }
            None => svg.push_str(&dot),
        }
    }
    for p in reports {
        let tick = format!(
            r#"<line class="report" x1="{0:.1}" y1="76" x2="{0:.1}" y2="98"><title>{1} — {2}</title></line>"#,
            x(p.date),
            p.date,
            esc(&p.label)
        );
        match &p.href {
            Some(h) => {
                let _ = write!(svg, r#"<a href="{}">{tick}</a>"#, esc(h));
            }
            None => svg.push_str(&tick),
        }
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, class: &'static str) -> Mark {
        Mark { start, end, class, title: String::new(), href: None }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(esc(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(url("a b/é"), "a%20b%2F%C3%A9");
    }

    #[test]
    fn marks_nest_and_escape() {
        let text = "Ana said \"we <stay>\" today.";
        let q = text.find('"').unwrap();
        let html = marked_text(text, &[mark(0, 3, "ent"), mark(q, text.len() - 7, "quote"), mark(q + 1, q + 3, "ent")]);
        assert_eq!(
            html,
            "<span class=\"ent\" title=\"\" id=\"ent-0-3\">Ana</span> said <span class=\"quote\" title=\"\" id=\"quote-9-20\">&quot;<span class=\"ent\" title=\"\" id=\"ent-10-12\">we</span> &lt;stay&gt;&quot;</span> today."
        );
        // Bad spans are dropped, not a panic.
        assert_eq!(marked_text("é", &[mark(1, 2, "x"), mark(0, 9, "y")]), "é");
    }

    #[test]
    fn timeline_places_points_on_an_axis() {
        let p = |d: &str| Point { date: d.parse().unwrap(), label: "x<".into(), weight: 1, href: None };
        let svg = timeline_svg(&[p("2031-01-01")], &[p("2031-01-03")]).unwrap();
        assert!(svg.contains("<circle") && svg.contains("class=\"report\"") && svg.contains("x&lt;"));
        assert!(timeline_svg(&[], &[]).is_none());
    }
}
