//! RSS 2.0, RSS 1.0 and Atom feeds (parsed by feed-rs): every item is one
//! document with its title, link, date and content (or description, or
//! summary) with the markup removed. Dates come out in UTC (feed-rs
//! normalises them), so an item published just after midnight in a zone
//! east of UTC may carry the previous day.

use super::{Item, Reject, html::fragment_to_text, parse_date_prefix};
use crate::document::{Document, Format};

/// Reads every item of a feed.
pub(crate) fn read(name: &str, origin: Option<&str>, bytes: &[u8], out: &mut dyn FnMut(Item)) {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            out(Item::Reject(Reject::whole(name, format!("malformed feed: {e}"))));
            return;
        }
    };
    let site = feed.title.as_ref().map(|t| fragment_to_text(&t.content)).filter(|t| !t.is_empty());
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let n = i + 1;
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .map(|b| fragment_to_text(&b))
            .unwrap_or_default();
        if body.is_empty() {
            out(Item::Reject(Reject::at(name, format!("item {n}"), "feed item has no content or description")));
            continue;
        }
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.clone());
        // The guid (feed-rs derives one when missing) outlives the item's position.
        let item_origin = origin.map(|o| format!("{o}#item={}", entry.id));
        let source = site.clone().unwrap_or_else(|| format!("{name}#item={n}"));
        let mut doc = Document::new(item_origin.as_deref(), source, Format::Feed, body)
            .with_url(link, item_origin.as_deref());
        doc.title = entry.title.map(|t| fragment_to_text(&t.content)).filter(|t| !t.is_empty());
        // chrono prints "YYYY-MM-DD hh:mm:ss UTC".
        doc.published = entry.published.or(entry.updated).and_then(|d| parse_date_prefix(&d.to_string()));
        doc.declared_language = entry.language.or_else(|| feed.language.clone());
        out(Item::Document(doc));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn read_all(xml: &str) -> Vec<Item> {
        let mut items = Vec::new();
        read("news.xml", Some("/f/news.xml"), xml.as_bytes(), &mut |i| items.push(i));
        items
    }

    #[test]
    fn rss_items_become_documents() {
        let items = read_all(r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Herald</title><link>https://harbour.example/</link><language>en</language>
<item><title>Crane collapses at Pier 4</title><link>https://harbour.example/crane</link>
<guid>crane-1</guid><pubDate>Tue, 04 Mar 2031 10:00:00 GMT</pubDate>
<description>&lt;p&gt;A crane &lt;b&gt;collapsed&lt;/b&gt; at Pier 4 on Tuesday.&lt;/p&gt;&lt;p&gt;No one was hurt.&lt;/p&gt;</description></item>
<item><title>Empty</title><guid>e</guid><description></description></item>
</channel></rss>"#);
        assert_eq!(items.len(), 2);
        let Item::Document(d) = &items[0] else { panic!("{:?}", items[0]) };
        assert_eq!(d.title.as_deref(), Some("Crane collapses at Pier 4"));
        assert_eq!(d.url.as_deref(), Some("https://harbour.example/crane"));
        assert_eq!(d.published, Some(date(2031, 3, 4)));
        assert_eq!(d.text, "A crane collapsed at Pier 4 on Tuesday.\n\nNo one was hurt.");
        assert_eq!(d.source, "Harbour Herald");
        assert_eq!(d.declared_language.as_deref(), Some("en"));
        assert_eq!(d.format, Format::Feed);
        let Item::Reject(r) = &items[1] else { panic!() };
        assert_eq!(r.location.as_deref(), Some("item 2"));
    }

    #[test]
    fn atom_entries_become_documents() {
        let items = read_all(r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Alpbladet</title><id>urn:x</id><updated>2030-07-02T08:00:00Z</updated>
<entry><title>Lawine sperrt Passstrasse</title><id>urn:x:1</id><link rel="alternate" href="https://alp.example/lawine"/>
<published>2030-07-01T06:30:00Z</published><updated>2030-07-02T08:00:00Z</updated>
<content type="html">&lt;p&gt;Eine Lawine hat die Passstrasse verschüttet.&lt;/p&gt;</content></entry>
<entry><title>Kurz</title><id>urn:x:2</id><updated>2030-07-03T08:00:00Z</updated><summary>Nur eine Zusammenfassung.</summary></entry>
</feed>"#);
        assert_eq!(items.len(), 2);
        let Item::Document(a) = &items[0] else { panic!() };
        assert_eq!(a.text, "Eine Lawine hat die Passstrasse verschüttet.");
        assert_eq!(a.published, Some(date(2030, 7, 1)));
        assert_eq!(a.url.as_deref(), Some("https://alp.example/lawine"));
        let Item::Document(b) = &items[1] else { panic!() };
        assert_eq!(b.text, "Nur eine Zusammenfassung.");
        assert_eq!(b.published, Some(date(2030, 7, 3)));
        assert_eq!(b.url, None);
        assert_eq!(b.id, crate::DocId::from_key("origin:/f/news.xml#item=urn:x:2"));
    }

    #[test]
    fn malformed_feed_is_rejected() {
        let items = read_all("<rss version=\"2.0\"><channel><item><title>x</title>");
        let Item::Reject(r) = &items[0] else { panic!() };
        assert!(r.reason.starts_with("malformed feed"), "{}", r.reason);
    }
}
