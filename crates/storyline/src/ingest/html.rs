//! HTML pages: the article's main text, title, publication date, canonical
//! URL, site name and declared language.
//!
//! Main-text extraction is rs-trafilatura's (measured against dom_smoothie in
//! `examples/html_extract_compare.rs`). Before it runs, elements whose class
//! or id names page furniture (cookie banners, comments, related links, ads,
//! bylines: words listed per language in `html_boilerplate.toml`) are
//! removed, with `nav`, `aside`, `footer` and `form` elements and the
//! headline, which is kept as the title. Metadata is read
//! here from the page itself because the crate shortens titles at `:` or `–`
//! and turns dates into UTC, which can move the day. It does not fetch
//! anything or run scripts.

use std::sync::LazyLock;

use dom_query::{Document as Dom, NodeRef};
use jiff::civil::Date;
use serde::Deserialize;
use serde_json::Value;

use super::{Item, Reject, decode::tidy, parse_date_prefix};
use crate::document::{Document, Format};

/// What one page yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub title: Option<String>,
    /// Main text, paragraphs separated by blank lines.
    pub text: String,
    pub published: Option<Date>,
    /// `<link rel=canonical>`, else `og:url`.
    pub canonical: Option<String>,
    /// `og:site_name`, else the JSON-LD publisher.
    pub site_name: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
}

#[derive(Deserialize)]
struct Boilerplate {
    words: Vec<String>,
}

/// Every language's furniture words, each as a sequence of lowercase words.
/// All languages apply to every page: a site's class names are in the
/// site's language, which the page may not declare.
static FURNITURE: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    let files = crate::per_language!("html_boilerplate.toml");
    let mut all: Vec<Vec<String>> = crate::lang::load_resources::<Boilerplate>(&files, "html_boilerplate.toml")
        .into_iter()
        .flat_map(|(_, b)| b.words)
        .map(|w| name_words(&w))
        .filter(|w| !w.is_empty())
        .collect();
    all.sort();
    all.dedup();
    all
});

fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_furniture(node: &NodeRef) -> bool {
    let mut name = node.class().map(|c| c.to_string()).unwrap_or_default();
    if let Some(id) = node.id_attr() {
        name.push(' ');
        name.push_str(&id);
    }
    let words = name_words(&name);
    FURNITURE.iter().any(|phrase| words.windows(phrase.len()).any(|w| w == phrase.as_slice()))
}

/// Reads one standalone HTML page as one document.
pub(crate) fn read(name: &str, origin: Option<&str>, html: &str, out: &mut dyn FnMut(Item)) {
    let page = extract(html);
    out(match into_document(page, name, origin, Format::Html, None, None) {
        Some(doc) => Item::Document(doc),
        None => Item::Reject(Reject::whole(name, "no article text found in the HTML page")),
    });
}

/// Turns a page into a document: the canonical URL (else `fallback_url`) is
/// its identity, the site name its source (else `name`), and
/// `fallback_date` its date when the page has none. `None` if it has no text.
pub(crate) fn into_document(
    page: Page,
    name: &str,
    origin: Option<&str>,
    format: Format,
    fallback_url: Option<String>,
    fallback_date: Option<Date>,
) -> Option<Document> {
    if page.text.is_empty() {
        return None;
    }
    let source = page.site_name.unwrap_or_else(|| name.to_owned());
    let url = page.canonical.or(fallback_url);
    let mut doc = Document::new(origin, source, format, page.text).with_url(url, origin);
    doc.title = page.title;
    doc.published = page.published.or(fallback_date);
    doc.declared_language = page.lang;
    Some(doc)
}

fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

fn meta(dom: &Dom, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        let sel = format!("meta[property=\"{k}\"], meta[name=\"{k}\"], meta[itemprop=\"{k}\"]");
        dom.select(&sel).nodes().iter().find_map(|n| n.attr("content").and_then(|c| clean(&c)))
    })
}

/// Every JSON-LD object on the page, `@graph` and arrays flattened.
fn json_ld(dom: &Dom) -> Vec<Value> {
    fn flatten(v: Value, out: &mut Vec<Value>) {
        match v {
            Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out)),
            Value::Object(mut o) => {
                if let Some(g) = o.remove("@graph") {
                    flatten(g, out);
                }
                out.push(Value::Object(o));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for n in dom.select("script[type=\"application/ld+json\"]").nodes() {
        if let Ok(v) = serde_json::from_str::<Value>(n.text().trim()) {
            flatten(v, &mut out);
        }
    }
    out
}

fn ld_str(objs: &[Value], path: &[&str]) -> Option<String> {
    objs.iter().find_map(|o| {
        let mut v = o;
        for key in path {
            v = v.get(key)?;
        }
        v.as_str().and_then(clean)
    })
}

/// Extracts text and metadata from one HTML page.
pub fn extract(html: &str) -> Page {
    let dom = Dom::from(html);
    let ld = json_ld(&dom);
    let first_text = |sel: &str| dom.select(sel).nodes().iter().find_map(|n| clean(&n.text()));
    let title = ld_str(&ld, &["headline"])
        .or_else(|| meta(&dom, &["og:title", "twitter:title"]))
        .or_else(|| first_text("h1"))
        .or_else(|| first_text("title"));
    let published = meta(&dom, &["article:published_time", "datePublished", "pubdate", "date", "DC.date.issued", "dc.date"])
        .into_iter()
        .chain(ld_str(&ld, &["datePublished"]))
        .chain(dom.select("time[datetime]").nodes().iter().filter_map(|n| n.attr("datetime").map(|d| d.to_string())))
        .find_map(|d| parse_date_prefix(&d));
    let canonical = dom
        .select("link[rel=\"canonical\"]")
        .nodes()
        .iter()
        .find_map(|n| n.attr("href").and_then(|h| clean(&h)))
        .filter(|u| u.starts_with("http"))
        .or_else(|| meta(&dom, &["og:url"]));
    let site_name = meta(&dom, &["og:site_name"]).or_else(|| ld_str(&ld, &["publisher", "name"]));
    let lang = dom.select("html[lang]").nodes().first().and_then(|n| n.attr("lang")).and_then(|l| clean(&l));

    // Drop furniture, then the headline (it is the title, not body text).
    let body_len = dom.select("body").text().len().max(1);
    let named = dom.select("body [class], body [id]");
    // HTML5 says what these hold: navigation, side notes, "about this
    // article" footers (share links, tags), forms.
    let semantic = dom.select("body nav, body aside, body footer, body form");
    let furniture: Vec<NodeRef> = named
        .nodes()
        .iter()
        .filter(|n| !matches!(n.node_name().as_deref(), Some("html" | "body" | "main" | "article")))
        .filter(|n| is_furniture(n))
        .chain(semantic.nodes())
        // A guard against a class like "has-comments" on the article wrapper.
        .filter(|n| n.text().len() * 2 < body_len)
        .cloned()
        .collect();
    for n in furniture {
        n.remove_from_parent();
    }
    dom.select("h1").remove();

    let options = rs_trafilatura::Options { include_comments: false, ..Default::default() };
    let text = rs_trafilatura::extract_with_options(&dom.html(), &options)
        .map(|r| {
            let fallback = r.metadata.date.map(|d| d.date_naive().to_string());
            (r.content_text, fallback)
        })
        .ok();
    let (text, crate_date) = text.unwrap_or_default();
    Page {
        title,
        text: collapse_repeats(&tidy(&text)),
        published: published.or_else(|| crate_date.as_deref().and_then(parse_date_prefix)),
        canonical,
        site_name,
        lang,
    }
}

/// Undoes a repetition rs-trafilatura 0.2 produces on pages whose whole
/// body is one bare `<div>` (the text comes out two or three times over):
/// whole-text repeats and consecutive duplicate paragraphs are dropped.
fn collapse_repeats(text: &str) -> String {
    let mut text = text;
    for k in 2..=4 {
        if text.len() % k == 0 && text.is_char_boundary(text.len() / k) {
            let part = &text[..text.len() / k];
            if part.repeat(k) == text {
                text = part;
                break;
            }
        }
    }
    let mut out: Vec<&str> = Vec::new();
    for para in text.split("\n\n") {
        if para.len() < 40 || out.last() != Some(&para) {
            out.push(para);
        }
    }
    out.join("\n\n")
}

/// Plain text of an HTML fragment (a feed item's content): markup removed,
/// block elements as paragraph breaks.
pub(crate) fn fragment_to_text(html: &str) -> String {
    if !html.contains('<') {
        return tidy(html);
    }
    let dom = Dom::fragment(html);
    dom.select("script, style").remove();
    tidy(&dom.formatted_text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn furniture_names_match_whole_words() {
        let dom = Dom::from(
            r#"<div class="cookie-banner">a</div><div class="ad-slot">b</div><div class="read-more">c</div>
               <div class="header">d</div><div class="publication">e</div><div id="lire-aussi">f</div>"#,
        );
        let hits: Vec<bool> = dom.select("div").nodes().iter().map(is_furniture).collect();
        assert_eq!(hits, [true, true, true, false, false, true]);
    }

    #[test]
    fn page_metadata_and_text() {
        let html = r#"<html lang="nb"><head><title>Bru stengt | Fjordposten</title>
            <meta property="og:site_name" content="Fjordposten">
            <link rel="canonical" href="https://fjordposten.example/a/1">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2031-01-05T23:10:00-03:00"}</script>
            </head><body><nav class="menu"><a href="/">Forside</a> <a href="/sport">Sport</a></nav>
            <article><h1>Bru stengt etter ras</h1>
            <p>Brua over Sandelva ble stengt natt til fredag etter at et jordras tok med seg deler av fyllingen ved det nordre landkaret.</p>
            <p>Vegvesenet regner med at brua kan åpne igjen for lette kjøretøy om to uker, men tungtransporten må kjøre omvei.</p>
            <div class="comments"><p>Leser1: Endelig blir det gjort noe med denne brua, sier jeg bare.</p></div>
            </article></body></html>"#;
        let p = extract(html);
        assert_eq!(p.title.as_deref(), Some("Bru stengt etter ras"));
        assert_eq!(p.published, Some(date(2031, 1, 5)));
        assert_eq!(p.canonical.as_deref(), Some("https://fjordposten.example/a/1"));
        assert_eq!(p.site_name.as_deref(), Some("Fjordposten"));
        assert_eq!(p.lang.as_deref(), Some("nb"));
        assert!(p.text.starts_with("Brua over Sandelva"), "{}", p.text);
        assert!(p.text.contains("kjøretøy om to uker"));
        assert!(p.text.contains('\n'), "paragraph break kept: {}", p.text);
        assert!(!p.text.contains("Leser1"), "comment dropped: {}", p.text);
        assert!(!p.text.contains("Forside"));
    }

    #[test]
    fn time_element_gives_date() {
        let p = extract("<html><body><article><p>Text of the report goes here and is long enough to count as an article body.</p><time datetime=\"2029-12-31\">yesterday</time></article></body></html>");
        assert_eq!(p.published, Some(date(2029, 12, 31)));
    }

    #[test]
    fn repeated_text_is_collapsed() {
        let p = extract("<html><body><div>Just a div with some text about the Oster bridge reopening on Monday.</div></body></html>");
        assert_eq!(p.text, "Just a div with some text about the Oster bridge reopening on Monday.");
        let para = "A paragraph long enough to be an article paragraph.";
        assert_eq!(collapse_repeats(&format!("{para}\n\n{para}\n\nEnd")), format!("{para}\n\nEnd"));
        assert_eq!(collapse_repeats("***\n\n***"), "***\n\n***");
    }

    #[test]
    fn fragment_markup_is_removed() {
        assert_eq!(fragment_to_text("<p>One &amp; two.</p><p>Three.</p>"), "One & two.\n\nThree.");
        assert_eq!(fragment_to_text("  plain  "), "plain");
    }
}
