//! Renders a story view (`storyline::story::StoryView`) as plain text, as a
//! Markdown brief with citations as footnotes, or as a standalone HTML page.
//! Rendering only: every fact and citation comes from the engine's view.

use std::collections::HashMap;
use std::fmt::Write;

use storyline::story::{Citation, ClaimKind, ClaimStatus, Granularity, StoryView, TimelineEntry};
use storyline_server::esc;

/// Numbered references: each distinct cited span gets one number.
struct Notes<'v> {
    view: &'v StoryView,
    order: Vec<Citation>,
    index: HashMap<(String, usize, usize), usize>,
}

impl<'v> Notes<'v> {
    fn new(view: &'v StoryView) -> Self {
        Notes { view, order: Vec::new(), index: HashMap::new() }
    }

    /// The number of a citation (1-based), giving it one if new.
    fn cite(&mut self, c: &Citation) -> usize {
        let key = (c.doc.0.clone(), c.start, c.end);
        if let Some(n) = self.index.get(&key) {
            return *n;
        }
        self.order.push(c.clone());
        let n = self.order.len();
        self.index.insert(key, n);
        n
    }

    /// Where a citation points, in words: outlet, title, date, document and bytes.
    fn describe(&self, c: &Citation) -> String {
        let source = self.view.sources.iter().find(|s| s.doc == c.doc);
        let mut out = String::new();
        if let Some(s) = source {
            out.push_str(&s.outlet);
            if let Some(t) = &s.title {
                let _ = write!(out, ", “{t}”");
            }
            match (s.date, s.date_estimated) {
                (Some(d), false) => {
                    let _ = write!(out, ", {d}");
                }
                (Some(d), true) => {
                    let _ = write!(out, ", ~{d} (estimated)");
                }
                _ => {}
            }
            if let Some(u) = &s.url {
                let _ = write!(out, ", {u}");
            }
            if let Some(of) = &s.rewrite_of {
                let _ = write!(out, ", rewrite of {of}");
            }
        }
        let _ = write!(out, " — doc {} bytes {}–{} ({})", c.doc, c.start, c.end, c.language);
        out
    }
}

fn date_of(e: &TimelineEntry) -> String {
    match e.date.granularity {
        Granularity::Day => e.date.start.to_string(),
        Granularity::Month => e.date.start.strftime("%Y-%m").to_string(),
        Granularity::Year => e.date.start.year().to_string(),
    }
}

fn status(s: ClaimStatus) -> &'static str {
    match s {
        ClaimStatus::Corroborated => "corroborated",
        ClaimStatus::SingleSource => "single source",
        ClaimStatus::Conflicting => "conflicting",
        ClaimStatus::Evolving => "evolving",
    }
}

fn kind(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::Number => "number",
        ClaimKind::Happening => "happening",
        ClaimKind::Role => "role",
        ClaimKind::Statement => "statement",
    }
}

fn range(view: &StoryView) -> String {
    match (view.story.first, view.story.last) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "undated".into(),
    }
}

/// Claims shown in a brief: the contested ones and those several sources give.
fn shown_claims(view: &StoryView, max: usize) -> impl Iterator<Item = &storyline::story::Claim> {
    view.claims.iter().take(max)
}

/// A Markdown brief (`sections`: which parts; the timeline command shows only its own).
pub fn markdown(view: &StoryView, timeline_only: bool) -> String {
    let mut notes = Notes::new(view);
    let mut out = String::new();
    let refs = |notes: &mut Notes, cs: &[Citation]| -> String { cs.iter().map(|c| format!("[^{}]", notes.cite(c))).collect() };
    let _ = writeln!(out, "# {}\n", md(&view.story.title));
    let _ = writeln!(
        out,
        "*Story {} · {} · {} reports ({} rewrites) from {} sources · {}*\n",
        view.story.id,
        range(view),
        view.story.articles,
        view.story.rewrites,
        view.story.sources,
        view.story.languages.join(", ")
    );
    if !timeline_only {
        let _ = writeln!(out, "## Summary\n");
        for n in &view.summary_notes {
            let _ = writeln!(out, "> {}\n", md(n));
        }
        for s in &view.summary {
            let r = refs(&mut notes, std::slice::from_ref(&s.citation));
            let _ = writeln!(out, "- {}{r}", md(&s.text));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Timeline\n");
    for e in &view.timeline {
        let r = refs(&mut notes, &e.citations);
        let _ = writeln!(out, "- **{}** {}{r} ({} independent source{})", date_of(e), md(&e.text), e.independent_sources, plural(e.independent_sources));
    }
    if !view.background.is_empty() {
        let _ = writeln!(out, "\n### Background\n");
        for e in &view.background {
            let r = refs(&mut notes, &e.citations);
            let _ = writeln!(out, "- **{}** {}{r}", date_of(e), md(&e.text));
        }
    }
    if !timeline_only {
        let _ = writeln!(out, "\n## Who said what\n");
        for sp in &view.speakers {
            let _ = writeln!(out, "### {}\n", md(sp.name.as_deref().unwrap_or("Unattributed")));
            for st in &sp.statements {
                let cs: Vec<Citation> = st.variants.iter().map(|v| v.citation.clone()).collect();
                let r = refs(&mut notes, &cs);
                let date = st.date.map(|d| format!(" ({d})")).unwrap_or_default();
                let more = if st.variants.len() > 1 { format!(" — {} variants, {} independent source{}", st.variants.len(), st.independent_sources, plural(st.independent_sources)) } else { String::new() };
                let _ = writeln!(out, "- “{}”{date}{r}{more}", md(&st.text));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## Where sources agree and differ\n");
        let _ = writeln!(out, "| claim | kind | status | values |\n|---|---|---|---|");
        for c in shown_claims(view, 40) {
            let values: Vec<String> = c
                .values
                .iter()
                .map(|v| {
                    let r = refs(&mut notes, &v.citations);
                    let date = v.date.map(|d| format!(" ({d})")).unwrap_or_default();
                    format!("{}{date}{r}", cell(&v.value))
                })
                .collect();
            let _ = writeln!(out, "| {} | {} | {} | {} |", cell(&c.slot), kind(c.kind), status(c.status), values.join("; "));
        }
        if view.claims.len() > 40 {
            let _ = writeln!(out, "\n*{} more claims in the JSON view.*", view.claims.len() - 40);
        }
        let _ = writeln!(out, "\n## Entities\n");
        for e in view.entities.iter().take(20) {
            let _ = writeln!(out, "- {} ({:?}): {} mentions in {} reports", md(&e.name), e.kind, e.mentions, e.documents);
        }
    }
    out.push('\n');
    for (i, c) in notes.order.iter().enumerate() {
        let _ = writeln!(out, "[^{}]: {}", i + 1, md(&notes.describe(c)));
    }
    out
}

/// Plain text, references numbered at the end.
pub fn text(view: &StoryView, timeline_only: bool) -> String {
    let mut notes = Notes::new(view);
    let refs = |notes: &mut Notes, cs: &[Citation]| -> String { cs.iter().map(|c| format!("[{}]", notes.cite(c))).collect() };
    let mut out = String::new();
    let _ = writeln!(out, "story:     {}", view.story.id);
    let _ = writeln!(out, "title:     {}", view.story.title);
    let _ = writeln!(out, "dates:     {}", range(view));
    let _ = writeln!(out, "languages: {}", view.story.languages.join(", "));
    let _ = writeln!(out, "articles:  {} ({} rewrites), {} sources, {} events", view.story.articles, view.story.rewrites, view.story.sources, view.story.events.len());
    if !timeline_only {
        let _ = writeln!(out, "\nSUMMARY{}", view.summary_language.map(|l| format!(" ({l})")).unwrap_or_default());
        for n in &view.summary_notes {
            let _ = writeln!(out, "  note: {n}");
        }
        for s in &view.summary {
            let r = refs(&mut notes, std::slice::from_ref(&s.citation));
            let _ = writeln!(out, "  {}{r}", s.text);
        }
    }
    let _ = writeln!(out, "\nTIMELINE");
    for e in &view.timeline {
        let r = refs(&mut notes, &e.citations);
        let _ = writeln!(out, "  {:<10}  {}{r}  ({} indep.)", date_of(e), e.text, e.independent_sources);
    }
    if !view.background.is_empty() {
        let _ = writeln!(out, "\nBACKGROUND");
        for e in &view.background {
            let r = refs(&mut notes, &e.citations);
            let _ = writeln!(out, "  {:<10}  {}{r}", date_of(e), e.text);
        }
    }
    if !timeline_only {
        let _ = writeln!(out, "\nWHO SAID WHAT");
        for sp in &view.speakers {
            let _ = writeln!(out, "  {}", sp.name.as_deref().unwrap_or("(unattributed)"));
            for st in &sp.statements {
                let cs: Vec<Citation> = st.variants.iter().map(|v| v.citation.clone()).collect();
                let r = refs(&mut notes, &cs);
                let date = st.date.map(|d| format!("{d}  ")).unwrap_or_default();
                let _ = writeln!(out, "    {date}“{}”{r}  ({} variant{}, {} indep.)", st.text, st.variants.len(), plural(st.variants.len()), st.independent_sources);
            }
        }
        let _ = writeln!(out, "\nCLAIMS");
        for c in shown_claims(view, 40) {
            let values: Vec<String> = c.values.iter().map(|v| format!("{}{}", v.value, refs(&mut notes, &v.citations))).collect();
            let _ = writeln!(out, "  [{}] {} ({}): {}", status(c.status), c.slot, kind(c.kind), values.join(" | "));
        }
        let _ = writeln!(out, "\nENTITIES");
        for e in view.entities.iter().take(20) {
            let _ = writeln!(out, "  {:<30} {:?}  {} mentions, {} reports", e.name, e.kind, e.mentions, e.documents);
        }
    }
    let _ = writeln!(out, "\nREFERENCES");
    for (i, c) in notes.order.iter().enumerate() {
        let _ = writeln!(out, "  [{}] {}", i + 1, notes.describe(c));
    }
    out
}

/// A standalone HTML page, everything escaped.
pub fn html(view: &StoryView) -> String {
    let mut notes = Notes::new(view);
    let refs = |notes: &mut Notes, cs: &[Citation]| -> String {
        cs.iter().map(|c| {
            let n = notes.cite(c);
            format!("<sup><a href=\"#ref{n}\">{n}</a></sup>")
        }).collect()
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font:16px/1.5 sans-serif;max-width:50em;margin:2em auto;padding:0 1em}}\
         .meta{{color:#555}} table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:.2em .4em;vertical-align:top}}\
         .conflicting{{color:#a00}} .evolving{{color:#a60}} .corroborated{{color:#070}}</style></head><body>\n",
        esc(&view.story.title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&view.story.title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">Story {} · {} · {} reports from {} sources · {}</p>",
        esc(&view.story.id),
        esc(&range(view)),
        view.story.articles,
        view.story.sources,
        esc(&view.story.languages.join(", "))
    );
    out.push_str("<h2>Summary</h2>\n");
    for n in &view.summary_notes {
        let _ = writeln!(out, "<p><em>{}</em></p>", esc(n));
    }
    out.push_str("<ul>\n");
    for s in &view.summary {
        let r = refs(&mut notes, std::slice::from_ref(&s.citation));
        let _ = writeln!(out, "<li>{}{r}</li>", esc(&s.text));
    }
    out.push_str("</ul>\n<h2>Timeline</h2>\n<ul>\n");
    for e in &view.timeline {
        let r = refs(&mut notes, &e.citations);
        let _ = writeln!(out, "<li><b>{}</b> {}{r} <span class=\"meta\">({} independent)</span></li>", date_of(e), esc(&e.text), e.independent_sources);
    }
    out.push_str("</ul>\n");
    if !view.background.is_empty() {
        out.push_str("<h3>Background</h3>\n<ul>\n");
        for e in &view.background {
            let r = refs(&mut notes, &e.citations);
            let _ = writeln!(out, "<li><b>{}</b> {}{r}</li>", date_of(e), esc(&e.text));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Who said what</h2>\n");
    for sp in &view.speakers {
        let _ = writeln!(out, "<h3>{}</h3>\n<ul>", esc(sp.name.as_deref().unwrap_or("Unattributed")));
        for st in &sp.statements {
            let cs: Vec<Citation> = st.variants.iter().map(|v| v.citation.clone()).collect();
            let r = refs(&mut notes, &cs);
            let date = st.date.map(|d| format!(" ({d})")).unwrap_or_default();
            let _ = write!(out, "<li>“{}”{date}{r}", esc(&st.text));
            if st.variants.len() > 1 {
                out.push_str("<ul>");
                for v in &st.variants[1..] {
                    let _ = write!(out, "<li class=\"meta\">{} ({})</li>", esc(&v.text), v.citation.language);
                }
                out.push_str("</ul>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Where sources agree and differ</h2>\n<table><tr><th>claim</th><th>kind</th><th>status</th><th>values</th></tr>\n");
    for c in shown_claims(view, 60) {
        let values: Vec<String> = c.values.iter().map(|v| format!("{}{}", esc(&v.value), refs(&mut notes, &v.citations))).collect();
        let st = status(c.status);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
            esc(&c.slot),
            kind(c.kind),
            st.replace(' ', "_"),
            st,
            values.join("<br>")
        );
    }
    out.push_str("</table>\n<h2>Sources</h2>\n<ol>\n");
    for (i, c) in notes.order.iter().enumerate() {
        let _ = writeln!(out, "<li id=\"ref{}\">{}</li>", i + 1, esc(&notes.describe(c)));
    }
    out.push_str("</ol>\n</body></html>\n");
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Escapes Markdown's inline markup characters in quoted text.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text for a Markdown table cell.
fn cell(s: &str) -> String {
    md(s).replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_is_escaped() {
        assert_eq!(esc("<b>\"Tom & 'Jerry'\"</b>"), "&lt;b&gt;&quot;Tom &amp; &#39;Jerry&#39;&quot;&lt;/b&gt;");
        assert_eq!(md("a *b* [c]"), "a \\*b\\* \\[c\\]");
        assert_eq!(cell("x | y\nz"), "x \\| y z");
    }
}
