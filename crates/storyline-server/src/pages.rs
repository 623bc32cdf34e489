//! The web UI: server-rendered pages for the story list, a story, an
//! entity, a document and search, plus the embedded CSS and JavaScript.
//! Each page renders whatever the engine has and says "None yet" for a
//! section that is empty.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use storyline::cluster::summary::{self, StorySummary};
use storyline::document::DocId;
use storyline::store::Store;
use storyline::store::search::{HitKind, SearchResults};
use storyline::story::{self, Citation, ClaimStatus, StoryView};

use crate::AppState;
use crate::api::{ApiError, SearchParams, load_document, load_entity};
use crate::html::{self, Mark, Point, esc, url};

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/app.js");

type Shared = State<Arc<AppState>>;

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(story_list))
        .route("/stories/{id}", get(story_page))
        .route("/entities/{id}", get(entity_page))
        .route("/documents/{id}", get(document_page))
        .route("/search", get(search_page))
        .route("/assets/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }))
        .route("/assets/app.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT) }))
        .fallback(|| async { error_page(ApiError::not_found("no such page")) })
}

/// An error as an HTML page with the same status.
fn error_page(e: ApiError) -> Response {
    let body = format!(r#"<h1>{}</h1><p role="alert">{}</p><p><a href="/">All stories</a></p>"#, e.status, esc(&e.message));
    (e.status, Html(html::page("Error", &body))).into_response()
}

/// Runs a page renderer on a read connection; errors become HTML pages.
async fn render<F>(state: Arc<AppState>, f: F) -> Response
where
    F: FnOnce(&dyn Store, &storyline::store::SearchIndex) -> Result<String, ApiError> + Send + 'static,
{
    match state.read(move |store, index| f(store, index)).await {
        Ok(page) => Html(page).into_response(),
        Err(e) => error_page(e),
    }
}

/// The rows of the story list (also rebuilt by app.js from `/api/stories`).
fn story_rows(stories: &[StorySummary]) -> String {
    let mut out = String::new();
    for s in stories {
        let _ = write!(
            out,
            r#"<tr data-id="{id}" data-articles="{n}"><td><a href="/stories/{uid}">{title}</a></td><td>{first} – {last}</td><td>{langs}</td><td class="num">{n}</td><td class="num">{sources}</td><td class="num">{rw}</td></tr>"#,
            id = esc(&s.id),
            uid = url(&s.id),
            title = esc(&s.title),
            first = html::date(s.first),
            last = html::date(s.last),
            langs = esc(&s.languages.join(", ")),
            n = s.articles,
            sources = s.sources,
            rw = s.rewrites,
        );
    }
    out
}

async fn story_list(State(state): Shared) -> Response {
    render(state, |store, _| {
        let stories = summary::stories(&store.documents()?, &store.assignments()?);
        let table = if stories.is_empty() {
            r#"<p class="empty">No stories yet: ingest some reports (<code>storyline ingest</code> or <code>POST /api/documents</code>).</p>"#.to_string()
        } else {
            String::new()
        };
        let body = format!(
            r#"<h1>Stories</h1>
<p id="live" class="live" aria-live="polite" data-poll="/api/stories?limit=1000"></p>
{table}<div class="scroll"><table class="stories" aria-label="Stories, largest first">
<thead><tr><th scope="col">Story</th><th scope="col">Dates</th><th scope="col">Languages</th><th scope="col" class="num">Reports</th><th scope="col" class="num">Sources</th><th scope="col" class="num">Rewrites</th></tr></thead>
<tbody id="story-rows">{rows}</tbody></table></div>"#,
            rows = story_rows(&stories)
        );
        Ok(html::page("Stories", &body))
    })
    .await
}

/// Citation links numbered by the story's sources ("[2]" is source 2).
struct Citer<'a> {
    numbers: HashMap<&'a DocId, (usize, &'a str)>,
}

impl Citer<'_> {
    fn link(&self, c: &Citation) -> String {
        let (n, outlet) = self.numbers.get(&c.doc).copied().unwrap_or((0, "another report"));
        let label = if n > 0 { n.to_string() } else { "·".to_string() };
        format!(
            r#"<a class="cite" href="/documents/{}?hl={}-{}#cited" aria-label="Source {label}: {}, {}">[{label}]</a>"#,
            url(&c.doc.0),
            c.start,
            c.end,
            esc(outlet),
            c.language
        )
    }

    fn links(&self, cs: &[Citation]) -> String {
        cs.iter().map(|c| self.link(c)).collect::<Vec<_>>().join("")
    }
}

/// Renders the story page from its view.
pub(crate) fn story_html(view: &StoryView) -> String {
    let s = &view.story;
    let citer = Citer {
        numbers: view.sources.iter().enumerate().map(|(i, src)| (&src.doc, (i + 1, src.outlet.as_str()))).collect(),
    };
    let mut body = format!(
        r#"<article class="story" aria-labelledby="story-title"><h1 id="story-title">{}</h1><p class="meta">{} – {} · {} reports from {} sources · {} rewrites · languages: {}</p>"#,
        esc(&s.title),
        html::date(s.first),
        html::date(s.last),
        s.articles,
        s.sources,
        s.rewrites,
        esc(&s.languages.join(", "))
    );

    let summary = (!view.summary.is_empty()).then(|| {
        let items: String = view
            .summary
            .iter()
            .map(|l| format!("<li>{} {}</li>", esc(&l.text), citer.link(&l.citation)))
            .collect();
        format!(r#"<ul class="summary">{items}</ul>"#)
    });
    let mut summary = summary;
    if let Some(s) = summary.as_mut() {
        for note in &view.summary_notes {
            let _ = write!(s, r#"<p class="meta">{}</p>"#, esc(note));
        }
    }
    body.push_str(&html::section("summary", "Summary", summary));

    // Timeline: happenings as dots, and the reports' own dates as ticks.
    let events: Vec<Point> = view
        .timeline
        .iter()
        .map(|e| Point {
            date: e.date.start,
            label: e.text.clone(),
            weight: e.independent_sources,
            href: e.citations.first().map(|c| format!("/documents/{}?hl={}-{}#cited", url(&c.doc.0), c.start, c.end)),
        })
        .collect();
    let reports: Vec<Point> = view
        .sources
        .iter()
        .filter_map(|src| {
            Some(Point {
                date: src.date?,
                label: format!("{}: {}", src.outlet, src.title.as_deref().unwrap_or("")),
                weight: 1,
                href: Some(format!("/documents/{}", url(&src.doc.0))),
            })
        })
        .collect();
    let mut timeline = html::timeline_svg(&events, &reports).unwrap_or_default();
    let entry = |e: &storyline::story::TimelineEntry| {
        let granularity = format!("{:?}", e.date.granularity).to_lowercase();
        format!(
            r#"<li><time datetime="{d}" title="known to the {granularity}">{d}</time> {} <span class="n" title="independent sources">×{}</span> {}</li>"#,
            esc(&e.text),
            e.independent_sources,
            citer.links(&e.citations),
            d = e.date.start,
        )
    };
    if view.timeline.is_empty() {
        timeline.push_str(r#"<p class="empty">No dated happenings yet; the ticks below the axis are the reports' own dates.</p>"#);
    } else {
        let items: String = view.timeline.iter().map(entry).collect();
        let _ = write!(timeline, r#"<ol class="timeline-list">{items}</ol>"#);
    }
    if !view.background.is_empty() {
        let items: String = view.background.iter().map(entry).collect();
        let _ = write!(timeline, r#"<details><summary>Background ({})</summary><ol class="timeline-list">{items}</ol></details>"#, view.background.len());
    }
    body.push_str(&html::section("timeline", "Timeline", Some(timeline)));

    let speakers = (!view.speakers.is_empty()).then(|| {
        let mut out = String::from(r#"<ul class="speakers">"#);
        for sp in &view.speakers {
            let name = sp.name.as_deref().unwrap_or("Unattributed");
            let who = match &sp.entity {
                Some(id) => format!(r#"<a href="/entities/{}">{}</a>"#, url(id), esc(name)),
                None => esc(name),
            };
            let _ = write!(out, r#"<li class="speaker"><h3>{who}</h3><ul>"#);
            for st in &sp.statements {
                let cites: Vec<Citation> = st.variants.iter().map(|v| v.citation.clone()).collect();
                let variants = if st.variants.len() > 1 {
                    let vs: String = st.variants.iter().skip(1).map(|v| format!("<li lang=\"{}\">{} {}</li>", v.citation.language, esc(&v.text), citer.link(&v.citation))).collect();
                    format!(r#"<details><summary>{} other wordings</summary><ul>{vs}</ul></details>"#, st.variants.len() - 1)
                } else {
                    String::new()
                };
                let _ = write!(
                    out,
                    r#"<li class="statement"><blockquote class="quote">{}</blockquote> <span class="meta">{}</span> {}{variants}</li>"#,
                    esc(&st.text),
                    st.date.map(|d| d.to_string()).unwrap_or_default(),
                    citer.links(&cites)
                );
            }
            out.push_str("</ul></li>");
        }
        out.push_str("</ul>");
        out
    });
    body.push_str(&html::section("quotes", "Who said what", speakers));

    let claims = (!view.claims.is_empty()).then(|| {
        let mut out = String::from(r#"<ul class="claims">"#);
        for c in &view.claims {
            let (class, label) = match c.status {
                ClaimStatus::Corroborated => ("ok", "corroborated"),
                ClaimStatus::SingleSource => ("single", "single source"),
                ClaimStatus::Conflicting => ("conflict", "sources differ"),
                ClaimStatus::Evolving => ("evolving", "changing over time"),
            };
            let values: String = c
                .values
                .iter()
                .map(|v| format!("<li><strong>{}</strong> {} {}</li>", esc(&v.value), v.date.map(|d| d.to_string()).unwrap_or_default(), citer.links(&v.citations)))
                .collect();
            let _ = write!(out, r#"<li class="claim"><span class="badge {class}">{label}</span> {}<ul>{values}</ul></li>"#, esc(&c.slot));
        }
        out.push_str("</ul>");
        out
    });
    body.push_str(&html::section("agreement", "Agreement", claims));

    let entities = (!view.entities.is_empty()).then(|| {
        let items: String = view
            .entities
            .iter()
            .map(|e| {
                format!(
                    r#"<li><a href="/entities/{}">{}</a> <span class="meta">{:?} · {} mentions in {} reports</span></li>"#,
                    url(&e.id),
                    esc(&e.name),
                    e.kind,
                    e.mentions,
                    e.documents
                )
            })
            .collect();
        format!(r#"<ul class="entities">{items}</ul>"#)
    });
    body.push_str(&html::section("entities", "Entities", entities));

    let sources = (!view.sources.is_empty()).then(|| {
        let mut out = String::from(
            r#"<div class="scroll"><table class="sources" aria-label="Sources"><thead><tr><th scope="col">#</th><th scope="col">Report</th><th scope="col">Outlet</th><th scope="col">Language</th><th scope="col">Date</th></tr></thead><tbody>"#,
        );
        for (i, src) in view.sources.iter().enumerate() {
            let rewrite = match &src.rewrite_of {
                Some(orig) => {
                    let n = citer.numbers.get(orig).map_or_else(|| orig.0.clone(), |(n, _)| format!("[{n}]"));
                    format!(r#" <span class="badge rewrite" title="copies or rewrites an earlier report: not independent">rewrite of {}</span>"#, esc(&n))
                }
                None => String::new(),
            };
            let date = match (src.date, src.date_estimated) {
                (Some(d), true) => format!(r#"<span title="estimated from the story">~{d}</span>"#),
                (d, _) => html::date(d),
            };
            let _ = write!(
                out,
                r#"<tr id="source-{n}" class="{cls}"><td>{n}</td><td><a href="/documents/{id}">{title}</a>{rewrite}</td><td>{outlet}</td><td lang="{lang}">{lang}</td><td>{date}</td></tr>"#,
                n = i + 1,
                cls = if src.rewrite_of.is_some() { "rewrite" } else { "" },
                id = url(&src.doc.0),
                // Untitled reports (plain text) go by their file name.
                title = esc(src.title.as_deref().unwrap_or_else(|| src.outlet.rsplit('/').next().unwrap_or(&src.doc.0))),
                outlet = esc(&src.outlet),
                lang = src.language,
            );
        }
        out.push_str("</tbody></table></div>");
        out
    });
    body.push_str(&html::section("sources", "Sources", sources));
    let _ = write!(body, r#"<p class="meta"><a href="/api/stories/{}/view">This story as JSON</a></p></article>"#, url(&s.id));
    html::page(&s.title, &body)
}

async fn story_page(State(state): Shared, Path(id): Path<String>) -> Response {
    render(state, move |store, _| Ok(story_html(&story::build(store, &id)?))).await
}

async fn entity_page(State(state): Shared, Path(id): Path<String>) -> Response {
    render(state, move |store, _| {
        let detail = load_entity(store, &id)?;
        let e = &detail.entity;
        let mut body = format!(
            r#"<h1>{}</h1><p class="meta">{:?} · {} mentions in {} documents · seen {} – {}</p>"#,
            esc(&e.canonical),
            e.kind,
            e.mentions,
            e.documents,
            html::date(e.first_seen),
            html::date(e.last_seen)
        );
        let aliases = (!e.aliases.is_empty()).then(|| {
            let items: String = e
                .aliases
                .iter()
                .map(|(lang, forms)| {
                    let forms: Vec<String> = forms.iter().map(|(f, n)| format!("{} ({n})", esc(f))).collect();
                    format!(r#"<li><span class="badge">{}</span> {}</li>"#, esc(lang), forms.join(", "))
                })
                .collect();
            format!("<ul>{items}</ul>")
        });
        body.push_str(&html::section("aliases", "Names by language", aliases));
        let roles = (!e.roles.is_empty()).then(|| {
            let items: String = e.roles.iter().map(|(r, n)| format!("<li>{} ({n})</li>", esc(r))).collect();
            format!("<ul>{items}</ul>")
        });
        body.push_str(&html::section("roles", "Roles", roles));
        let mut by_doc: BTreeMap<&DocId, Vec<&storyline::resolve::ResolvedMention>> = BTreeMap::new();
        for m in &detail.spans {
            by_doc.entry(&m.doc).or_default().push(m);
        }
        let docs = (!by_doc.is_empty()).then(|| {
            let mut out = String::from("<ul>");
            for (doc, ms) in by_doc.iter().take(200) {
                let title = store.document(&doc.0).ok().flatten().and_then(|d| d.document.title).unwrap_or_else(|| doc.0.clone());
                let links: Vec<String> = ms
                    .iter()
                    .map(|m| format!(r#"<a href="/documents/{}?hl={}-{}#cited">{}</a>"#, url(&doc.0), m.start, m.end, esc(&m.text)))
                    .collect();
                let _ = write!(out, r#"<li><a href="/documents/{}">{}</a>: {}</li>"#, url(&doc.0), esc(&title), links.join(", "));
            }
            out.push_str("</ul>");
            out
        });
        body.push_str(&html::section("documents", "Documents", docs));
        Ok(html::page(&e.canonical, &body))
    })
    .await
}

#[derive(Debug, Deserialize)]
struct Highlight {
    /// A cited span, `start-end`.
    hl: Option<String>,
}

async fn document_page(State(state): Shared, Path(id): Path<String>, q: Result<Query<Highlight>, QueryRejection>) -> Response {
    let hl = q.ok().and_then(|Query(h)| h.hl).and_then(|h| {
        let (a, b) = h.split_once('-')?;
        Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?))
    });
    render(state, move |store, _| {
        let stored = load_document(store, &id)?;
        let (doc, a) = (&stored.document, &stored.analysis);
        let mut marks = Vec::new();
        if let Some((start, end)) = hl {
            marks.push(Mark { start, end, class: "cited", title: "the cited passage".into(), href: None });
        }
        for q in &a.quotes {
            let who = q.speaker.as_ref().map_or("unattributed".to_string(), |s| s.text.clone());
            marks.push(Mark { start: q.start, end: q.end, class: "quote", title: format!("quote: {who}"), href: None });
        }
        // Mentions resolved across documents link to their entity's page.
        let resolved: BTreeMap<(usize, usize), String> =
            store.document_mentions(&doc.id)?.into_iter().map(|m| ((m.start, m.end), m.entity)).collect();
        let entity_href = |start: usize, end: usize| resolved.get(&(start, end)).map(|id| format!("/entities/{}", url(id)));
        for e in &a.entities {
            let href = entity_href(e.start, e.end);
            marks.push(Mark { start: e.start, end: e.end, class: "ent", title: format!("{:?}", e.kind), href });
        }
        for d in &a.dates {
            marks.push(Mark { start: d.start, end: d.end, class: "date", title: format!("date: {}", d.value), href: None });
        }
        if let Some((start, end)) = hl {
            // The cited passage wins over marks that cross its edges.
            marks.retain(|m| m.class == "cited" || m.end <= start || m.start >= end || (m.start >= start && m.end <= end) || (m.start <= start && m.end >= end));
        }
        let mut text = html::marked_text(&doc.text, &marks);
        if let Some((start, end)) = hl {
            // The anchor citations jump to.
            text = text.replacen(&format!(r#"id="cited-{start}-{end}""#), r#"id="cited""#, 1);
        }
        let title = doc.title.clone().unwrap_or_else(|| doc.id.0.clone());
        let link = doc.url.as_deref().map(|u| format!(r#" · <a href="{}" rel="noreferrer">original</a>"#, esc(u))).unwrap_or_default();
        let mut body = format!(
            r#"<article aria-labelledby="doc-title"><h1 id="doc-title">{}</h1><p class="meta">{} · {} · {}{link}</p>
<p class="legend" aria-label="Legend"><span class="ent">entity</span> <span class="date">date</span> <span class="quote">quote</span> <span class="cited">cited</span></p>
<div class="text" lang="{}"><p>{text}</p></div>"#,
            esc(&title),
            esc(&doc.source),
            a.language,
            html::date(doc.published),
            a.language,
        );
        let ents = (!a.entities.is_empty()).then(|| {
            // One line per name and type; it links to the resolved entity, or
            // to an entity search when the name was not resolved.
            let mut seen: BTreeMap<(String, String), (usize, Option<String>)> = BTreeMap::new();
            for e in &a.entities {
                let line = seen.entry((format!("{:?}", e.kind), e.text.clone())).or_default();
                line.0 += 1;
                line.1 = line.1.take().or_else(|| entity_href(e.start, e.end));
            }
            let items: String = seen
                .iter()
                .map(|((k, t), (n, href))| {
                    let href = href.clone().unwrap_or_else(|| format!("/search?kind=entity&q={}", url(t)));
                    format!(r#"<li><a href="{}">{}</a> <span class="meta">{k} ×{n}</span></li>"#, esc(&href), esc(t))
                })
                .collect();
            format!(r#"<ul class="entities">{items}</ul>"#)
        });
        body.push_str(&html::section("entities", "Entities", ents));
        let dates = (!a.dates.is_empty()).then(|| {
            let items: String = a.dates.iter().map(|d| format!(r##"<li><a href="#date-{}-{}">{}</a> → {}</li>"##, d.start, d.end, esc(&d.text), esc(&d.value))).collect();
            format!("<ul>{items}</ul>")
        });
        body.push_str(&html::section("dates", "Dates", dates));
        let quotes = (!a.quotes.is_empty()).then(|| {
            let items: String = a
                .quotes
                .iter()
                .map(|q| {
                    let who = q.speaker.as_ref().map_or("Unattributed".to_string(), |s| s.text.clone());
                    format!(r##"<li><strong>{}</strong>: <a href="#quote-{}-{}">{}</a></li>"##, esc(&who), q.start, q.end, esc(&q.text))
                })
                .collect();
            format!(r#"<ul class="quotes">{items}</ul>"#)
        });
        body.push_str(&html::section("quotes", "Quotes", quotes));
        body.push_str("</article>");
        Ok(html::page(&title, &body))
    })
    .await
}

/// A search hit's snippet with its highlights marked.
fn snippet_html(snippet: &str, highlights: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for &(s, e) in highlights {
        if s < pos || e > snippet.len() || !snippet.is_char_boundary(s) || !snippet.is_char_boundary(e) {
            continue;
        }
        out.push_str(&esc(&snippet[pos..s]));
        let _ = write!(out, "<mark>{}</mark>", esc(&snippet[s..e]));
        pos = e;
    }
    out.push_str(&esc(&snippet[pos..]));
    out
}

fn results_html(r: &SearchResults) -> String {
    if r.hits.is_empty() {
        return r#"<p class="empty">Nothing found.</p>"#.to_string();
    }
    let mut out = format!(r#"<p class="meta">{} matches</p><ol class="hits">"#, r.total);
    for h in &r.hits {
        let href = match (h.kind, &h.doc) {
            (HitKind::Entity, _) => format!("/entities/{}", url(&h.id)),
            (HitKind::Story, _) => format!("/stories/{}", url(&h.id)),
            (HitKind::Quote, Some(d)) => format!("/documents/{}?hl={}-{}#cited", url(&d.0), h.start.unwrap_or(0), h.end.unwrap_or(0)),
            (_, Some(d)) => format!("/documents/{}", url(&d.0)),
            (_, None) => "#".to_string(),
        };
        let kind = format!("{:?}", h.kind).to_lowercase();
        let title = h.title.clone().unwrap_or_else(|| if h.kind == HitKind::Quote { "Unattributed".into() } else { h.id.clone() });
        let story = h.story.as_ref().filter(|_| h.kind != HitKind::Story).map(|s| format!(r#" · <a href="/stories/{}">story</a>"#, url(s))).unwrap_or_default();
        let _ = write!(
            out,
            r#"<li class="hit"><span class="badge">{kind}</span> <a href="{}">{}</a><p>{}</p><p class="meta">{} · {} · {}{story}</p></li>"#,
            esc(&href),
            esc(&title),
            snippet_html(&h.snippet, &h.highlights),
            esc(&h.language),
            html::date(h.date),
            esc(h.source.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</ol>");
    out
}

async fn search_page(State(state): Shared, q: Result<Query<SearchParams>, QueryRejection>) -> Response {
    let p = match q {
        Ok(Query(p)) => p,
        Err(e) => return error_page(ApiError::bad_request(e.body_text())),
    };
    let v = |s: &Option<String>| esc(s.as_deref().unwrap_or(""));
    let kind = p.kind.clone().unwrap_or_default();
    let option = |value: &str, label: &str| {
        format!(r#"<option value="{value}"{}>{label}</option>"#, if kind == value { " selected" } else { "" })
    };
    let form = format!(
        r#"<h1>Search</h1><form class="search" role="search" action="/search" method="get" aria-label="Search with filters">
<label>Words <input type="search" name="q" value="{}" required></label>
<label>Language <input name="lang" value="{}" size="4" placeholder="en"></label>
<label>From <input type="date" name="from" value="{}"></label>
<label>To <input type="date" name="to" value="{}"></label>
<label>Kind <select name="kind">{}{}{}{}{}</select></label>
<input type="hidden" name="story" value="{}"><input type="hidden" name="entity" value="{}">
<button type="submit">Search</button></form>"#,
        v(&p.q),
        v(&p.lang),
        v(&p.from),
        v(&p.to),
        option("", "everything"),
        option("document", "reports"),
        option("quote", "quotes"),
        option("entity", "names"),
        option("story", "stories"),
        v(&p.story),
        v(&p.entity),
    );
    if p.q.as_deref().is_none_or(|q| q.trim().is_empty()) {
        return Html(html::page("Search", &form)).into_response();
    }
    let query = match p.to_query() {
        Ok(q) => q,
        Err(e) => return (StatusCode::BAD_REQUEST, Html(html::page("Search", &format!(r#"{form}<p role="alert">{}</p>"#, esc(&e.message))))).into_response(),
    };
    render(state, move |store, index| {
        let r = index.search(store, &query)?;
        Ok(html::page("Search", &format!(r#"{form}<section aria-label="Results">{}</section>"#, results_html(&r))))
    })
    .await
}
