//! The document: one article as read from any input format, before analysis.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

/// Stable identifier of a document: 16 hex digits of a hash of its identity key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    /// Derives an id from an identity key (see [`Document::identity_key`]).
    pub fn from_key(key: &str) -> DocId {
        DocId(format!("{:016x}", (xxh3_128(key.as_bytes()) >> 64) as u64))
    }
}

impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a fact was read: a byte range of one document's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub doc: DocId,
    pub start: usize,
    pub end: usize,
}

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Jsonl,
    Html,
    Feed,
    Warc,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
        }
    }
}

/// One article, as a reader produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    /// Where it came from: a file path (with `#record` for multi-record files),
    /// `-` for standard input, or a site name.
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The publication date as the input gives it; `None` when unknown.
    /// Never the time of ingest.
    pub published: Option<Date>,
    /// A language the input declares (JSON `language`, HTML `lang`), if any.
    pub declared_language: Option<String>,
    pub format: Format,
    /// The article body. Every byte span of the analysis points into this.
    pub text: String,
}

impl Document {
    /// Builds a document, deriving its id.
    ///
    /// The identity key is the URL when there is one, else the caller's
    /// `origin` (a file path plus record, or an explicit id); with neither
    /// (standard input) it is the normalised content. A document read again
    /// from the same place keeps its id, so a changed article is updated
    /// rather than duplicated, while the content hash tells whether it changed.
    pub fn new(
        origin: Option<&str>,
        source: String,
        format: Format,
        text: String,
    ) -> Document {
        let mut doc = Document {
            id: DocId(String::new()),
            source,
            url: None,
            title: None,
            published: None,
            declared_language: None,
            format,
            text,
        };
        doc.id = DocId::from_key(&doc.identity_key(origin));
        doc
    }

    /// Recomputes the id after the url was set.
    pub fn with_url(mut self, url: Option<String>, origin: Option<&str>) -> Document {
        self.url = url.filter(|u| !u.trim().is_empty());
        self.id = DocId::from_key(&self.identity_key(origin));
        self
    }

    fn identity_key(&self, origin: Option<&str>) -> String {
        if let Some(url) = &self.url {
            return format!("url:{}", url.trim());
        }
        match origin {
            Some(o) => format!("origin:{o}"),
            None => format!("content:{}", normalise(&self.text)),
        }
    }

    /// Hash of everything that makes a stored copy out of date.
    pub fn content_hash(&self) -> String {
        let mut s = normalise(&self.text);
        for part in [&self.title, &self.url, &self.declared_language] {
            s.push('\u{1f}');
            s.push_str(part.as_deref().unwrap_or(""));
        }
        s.push('\u{1f}');
        if let Some(d) = self.published {
            s.push_str(&d.to_string());
        }
        format!("{:032x}", xxh3_128(s.as_bytes()))
    }
}

/// Whitespace-collapsed, trimmed text: what makes two copies "the same".
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_follows_origin_not_content() {
        let a = Document::new(Some("/x/a.txt"), "a.txt".into(), Format::Text, "one".into());
        let b = Document::new(Some("/x/a.txt"), "a.txt".into(), Format::Text, "two".into());
        assert_eq!(a.id, b.id);
        assert_ne!(a.content_hash(), b.content_hash());
    }

    #[test]
    fn stdin_id_follows_normalised_content() {
        let a = Document::new(None, "-".into(), Format::Text, "Hello  world\n".into());
        let b = Document::new(None, "-".into(), Format::Text, "Hello world".into());
        let c = Document::new(None, "-".into(), Format::Text, "Hello there".into());
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert_eq!(a.id.0.len(), 16);
    }
}
