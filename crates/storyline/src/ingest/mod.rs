//! Ingest: readers that turn input files into [`Document`]s.
//!
//! The format is recognised from the content (the extension is only a hint):
//! plain text, JSON Lines, HTML, RSS/Atom feeds and WARC archives, each
//! optionally gzip-compressed (recognised by its magic bytes). Legacy
//! encodings (Windows-1252, Latin-1, …) are detected and decoded. A reader
//! never stops a run: every problem becomes a [`Reject`] naming the input,
//! the line or record, and the reason. Nothing here analyses text or stores
//! anything.

mod decode;
mod feed;
pub mod html;
mod jsonl;
mod text;

pub use text::split_date_line;
mod warc;

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::document::Document;

/// Limits that protect a run from pathological input.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Files larger than this are refused whole (the reason names the limit).
    /// WARC archives are streamed, so for them the limit applies to each
    /// record; for gzip files it applies to the decompressed size.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 256 * 1024 * 1024 }
    }
}

/// An input, or part of one, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// The file path, or `-` for standard input.
    pub input: String,
    /// Where in the input, e.g. `line 3` or `record 12`; `None` for the whole input.
    pub location: Option<String>,
    pub reason: String,
}

impl Reject {
    /// A problem with a whole input.
    pub fn whole(input: &str, reason: impl Into<String>) -> Reject {
        Reject { input: input.to_owned(), location: None, reason: reason.into() }
    }

    /// A problem at one place (line, item, record) of an input.
    pub fn at(input: &str, location: String, reason: impl Into<String>) -> Reject {
        Reject { input: input.to_owned(), location: Some(location), reason: reason.into() }
    }
}

impl std::fmt::Display for Reject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(at) => write!(f, "{}, {}: {}", self.input, at, self.reason),
            None => write!(f, "{}: {}", self.input, self.reason),
        }
    }
}

/// What a reader yields, in input order.
#[derive(Debug, Clone)]
pub enum Item {
    Document(Document),
    Reject(Reject),
}

/// Counts besides documents and rejects, for a run's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files opened (directories not counted, hidden files skipped).
    pub files: u64,
    /// WARC responses skipped because they hold no HTML (images, PDFs,
    /// redirects): not articles, so not rejects.
    pub skipped_records: u64,
}

/// Reads a file or a directory (recursively, in sorted order), passing every
/// document and every problem to `out` as soon as it is read.
pub fn read_path(path: &Path, limits: &Limits, out: &mut dyn FnMut(Item)) {
    read_path_summary(path, limits, out);
}

/// [`read_path`], also returning the counts of what was read or skipped.
pub fn read_path_summary(path: &Path, limits: &Limits, out: &mut dyn FnMut(Item)) -> Summary {
    let mut summary = Summary::default();
    match fs::metadata(path) {
        Err(e) => out(Item::Reject(Reject::whole(&path.display().to_string(), format!("cannot read: {e}")))),
        Ok(m) if m.is_dir() => walk(path, limits, out, &mut summary),
        Ok(_) => read_file(path, limits, out, &mut summary),
    }
    summary
}

/// Reads one input already in memory. `name` is what rejects and `source`
/// show (a path or `-`); `origin` is the identity key of the input (a
/// canonical path), `None` for standard input, where ids follow content.
pub fn read_bytes(name: &str, origin: Option<&str>, bytes: &[u8], out: &mut dyn FnMut(Item)) {
    let hint = extension(Path::new(name));
    read_memory(name, origin, bytes, hint.as_deref(), u64::MAX, out, &mut Summary::default());
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn walk(dir: &Path, limits: &Limits, out: &mut dyn FnMut(Item), summary: &mut Summary) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out(Item::Reject(Reject::whole(&dir.display().to_string(), format!("cannot read directory: {e}"))));
            return;
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| !is_hidden(&e.file_name()))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for p in paths {
        // Symlinked directories are not followed: they can loop.
        let link = fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        match fs::metadata(&p) {
            Ok(m) if m.is_dir() && !link => walk(&p, limits, out, summary),
            Ok(m) if m.is_file() => read_file(&p, limits, out, summary),
            Ok(_) => {}
            Err(e) => out(Item::Reject(Reject::whole(&p.display().to_string(), format!("cannot read: {e}")))),
        }
    }
}

/// The lowercase extension, ignoring a final `.gz`.
fn extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.').map(|(_, e)| e.to_owned())
}

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];

fn is_warc(head: &[u8]) -> bool {
    head.starts_with(b"WARC/")
}

fn oversized(name: &str, size: u64, limit: u64, what: &str) -> Item {
    Item::Reject(Reject::whole(
        name,
        format!("{what} is {size} bytes, over the size limit of {limit} bytes (max_file_bytes)"),
    ))
}

fn read_file(path: &Path, limits: &Limits, out: &mut dyn FnMut(Item), summary: &mut Summary) {
    summary.files += 1;
    let name = path.display().to_string();
    let origin = fs::canonicalize(path).ok().map(|p| p.display().to_string());
    let origin = origin.as_deref();
    let hint = extension(path);
    let limit = limits.max_file_bytes;
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return out(Item::Reject(Reject::whole(&name, format!("cannot open: {e}")))),
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let head = match reader.fill_buf() {
        Ok(h) => h,
        Err(e) => return out(Item::Reject(Reject::whole(&name, format!("cannot read: {e}")))),
    };
    if head.starts_with(GZIP_MAGIC) {
        let gz = BufReader::new(MultiGzDecoder::new(reader));
        read_gzip(&name, origin, gz, hint.as_deref(), limit, out, summary);
    } else if is_warc(head) {
        warc::read(&name, origin, reader, limit, out, summary);
    } else if size > limit {
        out(oversized(&name, size, limit, "file"));
    } else {
        let mut bytes = Vec::with_capacity(size as usize);
        match reader.read_to_end(&mut bytes) {
            Ok(_) => read_memory(&name, origin, &bytes, hint.as_deref(), limit, out, summary),
            Err(e) => out(Item::Reject(Reject::whole(&name, format!("cannot read: {e}")))),
        }
    }
}

/// A gzip stream: a WARC inside is streamed; anything else is decompressed
/// (up to the limit) and read as if it were the plain file.
fn read_gzip<R: BufRead>(
    name: &str,
    origin: Option<&str>,
    mut gz: R,
    hint: Option<&str>,
    limit: u64,
    out: &mut dyn FnMut(Item),
    summary: &mut Summary,
) {
    match gz.fill_buf() {
        Err(e) => return out(Item::Reject(Reject::whole(name, format!("corrupt gzip: {e}")))),
        Ok(head) if is_warc(head) => return warc::read(name, origin, gz, limit, out, summary),
        Ok(_) => {}
    }
    let mut bytes = Vec::new();
    if let Err(e) = gz.by_ref().take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        return truncated_gzip(name, origin, &bytes, hint, &e, out);
    }
    if bytes.len() as u64 > limit {
        return out(oversized(name, bytes.len() as u64, limit, "decompressed content"));
    }
    read_memory(name, origin, &bytes, hint, limit, out, summary);
}

/// A gzip stream that broke after `bytes`: JSON Lines keep their complete
/// lines and the first lost line is named; any other format is one document,
/// and half a document is not kept.
fn truncated_gzip(name: &str, origin: Option<&str>, bytes: &[u8], hint: Option<&str>, e: &std::io::Error, out: &mut dyn FnMut(Item)) {
    let complete = &bytes[..bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)];
    if !complete.is_empty() && decode::not_text(complete).is_none() {
        let (text, _) = decode::decode(decode::strip_utf8_bom(complete), || None);
        if sniff(&text, hint) == Kind::Jsonl {
            jsonl::read(name, origin, &text, out);
            let lost = text.matches('\n').count() + 1;
            let reason = format!("truncated or corrupt gzip ({e}): this line and all after it are lost");
            return out(Item::Reject(Reject::at(name, format!("line {lost}"), reason)));
        }
    }
    out(Item::Reject(Reject::whole(name, format!("truncated or corrupt gzip: {e}"))));
}

fn read_memory(
    name: &str,
    origin: Option<&str>,
    bytes: &[u8],
    hint: Option<&str>,
    limit: u64,
    out: &mut dyn FnMut(Item),
    summary: &mut Summary,
) {
    if bytes.starts_with(GZIP_MAGIC) {
        let gz = BufReader::new(MultiGzDecoder::new(bytes));
        return read_gzip(name, origin, gz, hint, limit, out, summary);
    }
    if is_warc(bytes) {
        return warc::read(name, origin, bytes, limit, out, summary);
    }
    if let Some(reason) = decode::not_text(bytes) {
        return out(Item::Reject(Reject::whole(name, reason)));
    }
    let bytes = decode::strip_utf8_bom(bytes);
    let (text, _) = decode::decode(bytes, || decode::declared_charset(bytes));
    match sniff(&text, hint) {
        Kind::Text => text::read(name, origin, &text, out),
        Kind::Jsonl => jsonl::read(name, origin, &text, out),
        Kind::Html => html::read(name, origin, &text, out),
        // The XML parser honours the declared encoding itself.
        Kind::Feed => feed::read(name, origin, bytes, out),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Jsonl,
    Html,
    Feed,
}

/// Recognises a decoded input's format from its first characters; the
/// extension decides only what the content leaves open.
fn sniff(text: &str, hint: Option<&str>) -> Kind {
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    // The first 4 KB, cut at a char boundary (`floor_char_boundary` is newer than our MSRV).
    let mut end = t.len().min(4096);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    let head = &t[..end];
    if head.starts_with('<') {
        // Lower-cased only here: most inputs are text, and this ran on every file.
        let head = head.to_lowercase();
        let first = |keys: &[&str]| keys.iter().filter_map(|k| head.find(k)).min();
        let feed = first(&["<rss", "<feed", "<rdf:rdf"]);
        let page = first(&["<html", "<!doctype html", "<head", "<body"]);
        return match (feed, page) {
            (Some(f), Some(p)) if f < p => Kind::Feed,
            (Some(_), None) => Kind::Feed,
            (None, None) if matches!(hint, Some("rss" | "atom" | "xml")) => Kind::Feed,
            _ => Kind::Html,
        };
    }
    if head.starts_with('{') {
        return Kind::Jsonl;
    }
    match hint {
        Some("html" | "htm" | "xhtml") if head.contains('<') => Kind::Html,
        Some("jsonl" | "ndjson") => Kind::Jsonl,
        _ => Kind::Text,
    }
}

/// A civil date from the start of a date or timestamp string
/// (`2031-04-02`, `2031-04-02T23:10:00-03:00`, `2031-04-02 10:00:00 UTC`):
/// the day as the source wrote it, not moved to UTC.
pub(crate) fn parse_date_prefix(s: &str) -> Option<Date> {
    let s = s.trim();
    let date = s.get(..10)?.parse::<Date>().ok()?;
    match s[10..].chars().next() {
        None | Some('T' | 't' | ' ') => Some(date),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn read(name: &str, bytes: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        read_bytes(name, Some("/abs/in"), bytes, &mut |i| items.push(i));
        items
    }

    fn only_reject(items: &[Item]) -> Reject {
        assert_eq!(items.len(), 1, "{items:?}");
        match &items[0] {
            Item::Reject(r) => r.clone(),
            other => panic!("expected a reject, got {other:?}"),
        }
    }

    fn only_doc(items: &[Item]) -> Document {
        assert_eq!(items.len(), 1, "{items:?}");
        match &items[0] {
            Item::Document(d) => d.clone(),
            other => panic!("expected a document, got {other:?}"),
        }
    }

    #[test]
    fn sniffing_follows_content_over_extension() {
        assert_eq!(sniff("{\"text\":\"x\"}", Some("txt")), Kind::Jsonl);
        assert_eq!(sniff("<!DOCTYPE html><html><p>x</p></html>", Some("txt")), Kind::Html);
        assert_eq!(sniff("<?xml version=\"1.0\"?><rss version=\"2.0\">", Some("html")), Kind::Feed);
        assert_eq!(sniff("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", None), Kind::Feed);
        assert_eq!(sniff("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">", None), Kind::Html);
        assert_eq!(sniff("Plain report. <b> is shown", Some("html")), Kind::Html);
        assert_eq!(sniff("Plain report.", Some("html")), Kind::Text);
        assert_eq!(sniff(" date 2030-01-01 Text", Some("json")), Kind::Text);
        // The 4 KB head ends inside a two-byte letter: cut before it, no panic.
        assert_eq!(sniff(&format!("<p>{}</p><rss>", "é".repeat(3000)), None), Kind::Html);
        assert_eq!(sniff(&format!("<rss><p>{}</p>", "é".repeat(3000)), None), Kind::Feed);
    }

    #[test]
    fn date_prefix() {
        assert_eq!(parse_date_prefix("2031-04-02"), Some(date(2031, 4, 2)));
        assert_eq!(parse_date_prefix("2031-04-02T23:10:00-03:00"), Some(date(2031, 4, 2)));
        assert_eq!(parse_date_prefix("2031-04-02 10:00:00 UTC"), Some(date(2031, 4, 2)));
        assert_eq!(parse_date_prefix("2031-04-0212"), None);
        assert_eq!(parse_date_prefix("April 2"), None);
    }

    #[test]
    fn empty_and_binary_inputs_are_rejected() {
        assert_eq!(only_reject(&read("e.txt", b"")).reason, "empty file");
        assert_eq!(only_reject(&read("e.txt", b"\n  \n")).reason, "empty file");
        let r = only_reject(&read("x.txt", b"\x00\x01\x02binary\x00"));
        assert!(r.reason.starts_with("binary file"), "{}", r.reason);
        assert_eq!(r.input, "x.txt");
        assert_eq!(r.location, None);
    }

    #[test]
    fn windows_1252_text_is_decoded() {
        let d = only_doc(&read("w.txt", b"date 2030-09-01 Le pr\xE9fet a d\xE9clar\xE9 \x93l'\xE9tat d'urgence\x94 \xE0 Br\xE9val."));
        assert_eq!(d.text, "Le préfet a déclaré “l'état d'urgence” à Bréval.");
        assert_eq!(d.published, Some(date(2030, 9, 1)));
    }

    #[test]
    fn bom_is_stripped() {
        let d = only_doc(&read("b.txt", "\u{FEFF}date 2030-09-01 Body.".as_bytes()));
        assert_eq!(d.text, "Body.");
        assert_eq!(d.published, Some(date(2030, 9, 1)));
    }

    #[test]
    fn stdin_ids_follow_content() {
        let mut items = Vec::new();
        read_bytes("-", None, b"Same  words.\n", &mut |i| items.push(i));
        read_bytes("-", None, b"Same words.", &mut |i| items.push(i));
        let ids: Vec<_> = items.iter().map(|i| match i { Item::Document(d) => d.id.clone(), _ => panic!() }).collect();
        assert_eq!(ids[0], ids[1]);
        let Item::Document(d) = &items[0] else { panic!() };
        assert_eq!(d.source, "-");
    }

    #[test]
    fn gzip_text_is_read_and_truncated_gzip_rejected() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all("date 2030-05-05 The lock gates failed at dawn, flooding the lower basin.".repeat(20).as_bytes()).unwrap();
        let bytes = gz.finish().unwrap();
        let d = only_doc(&read("a.txt.gz", &bytes));
        assert_eq!(d.published, Some(date(2030, 5, 5)));
        let r = only_reject(&read("a.txt.gz", &bytes[..bytes.len() / 2]));
        assert!(r.reason.contains("gzip"), "{}", r.reason);
    }

    #[test]
    fn truncated_jsonl_gzip_keeps_complete_lines() {
        use std::io::Write;
        let lines: String = (1..=400)
            .map(|i| format!("{{\"id\":\"r{i}\",\"text\":\"Report {i}: water level {} cm at gauge {}.\"}}\n", i * 7 % 113, i * 31 % 97))
            .collect();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(lines.as_bytes()).unwrap();
        let bytes = gz.finish().unwrap();
        let items = read("levels.jsonl.gz", &bytes[..bytes.len() * 2 / 3]);
        let docs = items.iter().filter(|i| matches!(i, Item::Document(_))).count();
        assert!(docs > 0 && docs < 400, "{docs}");
        let Some(Item::Reject(r)) = items.last() else { panic!("{items:?}") };
        assert_eq!(r.location.as_deref(), Some(format!("line {}", docs + 1).as_str()));
        assert!(r.reason.contains("truncated"), "{}", r.reason);
    }

    #[test]
    fn oversized_file_names_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        fs::write(&p, "word ".repeat(100)).unwrap();
        let mut items = Vec::new();
        read_path(&p, &Limits { max_file_bytes: 100 }, &mut |i| items.push(i));
        let r = only_reject(&items);
        assert!(r.reason.contains("500 bytes") && r.reason.contains("limit of 100 bytes"), "{}", r.reason);
    }

    #[test]
    fn missing_path_is_rejected() {
        let mut items = Vec::new();
        read_path(Path::new("/nonexistent/storyline/x"), &Limits::default(), &mut |i| items.push(i));
        assert!(only_reject(&items).reason.starts_with("cannot read"));
    }
}
