//! WARC archives (plain, or gzip with one member per record as in
//! CC-NEWS), read record by record so a multi-gigabyte file is never held in
//! memory. Every `response` record whose HTTP payload is HTML goes through
//! the HTML reader; the target URI stands in for a missing canonical URL and
//! the WARC date for a missing publication date. Chunked and gzip HTTP
//! payloads (as wget keeps them) are decoded. Request, metadata and
//! warcinfo records are skipped silently; non-HTML responses are skipped and
//! counted. Damage stops the file: the records before it are kept, and a
//! reject names the record where it happened.

use std::io::BufRead;

use warc::{RecordType, WarcHeader, WarcReader};

use super::{Item, Reject, Summary, decode, html, parse_date_prefix};
use crate::document::Format;

/// Reads every record of a WARC stream. `max_record` bounds one record's size.
pub(crate) fn read<R: BufRead>(
    name: &str,
    origin: Option<&str>,
    reader: R,
    max_record: u64,
    out: &mut dyn FnMut(Item),
    summary: &mut Summary,
) {
    let mut reader = WarcReader::new(reader);
    let mut stream = reader.stream_records();
    let mut n = 0u64;
    while let Some(next) = stream.next_item() {
        n += 1;
        let at = |reason: String| Item::Reject(Reject::at(name, format!("record {n}"), reason));
        let record = match next {
            Ok(r) => r,
            Err(e @ (warc::Error::MissingHeader(_) | warc::Error::MalformedHeader(..))) => {
                out(at(format!("invalid WARC record: {e}")));
                continue;
            }
            Err(e) => {
                out(at(damage(&e)));
                return;
            }
        };
        if *record.warc_type() != RecordType::Response {
            continue;
        }
        let len = record.content_length();
        if len > max_record {
            out(at(format!("record of {len} bytes is over the size limit of {max_record} bytes (max_file_bytes)")));
            continue;
        }
        let uri = record.header(WarcHeader::TargetURI).map(|u| u.trim().to_owned());
        let warc_date = parse_date_prefix(&record.date().to_string());
        let id = record.warc_id().trim_matches(['<', '>']).to_owned();
        let record = match record.into_buffered() {
            Ok(r) => r,
            Err(e) => {
                out(at(format!("truncated or damaged WARC: {e}; the rest of the file is not read")));
                return;
            }
        };
        let body = record.body();
        if (body.len() as u64) < len {
            out(at(format!(
                "truncated WARC: record body has {} of {len} bytes; the rest of the file is not read",
                body.len()
            )));
            return;
        }
        let (content_type, payload) = http_payload(body);
        if !is_html(content_type.as_deref(), &payload) {
            summary.skipped_records += 1;
            continue;
        }
        let charset = || {
            content_type
                .as_deref()
                .and_then(|ct| decode::declared_charset(ct.as_bytes()))
                .or_else(|| decode::declared_charset(payload.as_ref()))
        };
        let (text, _) = decode::decode(payload.as_ref(), charset);
        let page = html::extract(&text);
        let record_origin = origin.map(|o| format!("{o}#record={id}"));
        match html::into_document(page, &format!("{name}#record={n}"), record_origin.as_deref(), Format::Warc, uri.clone(), warc_date) {
            Some(doc) => out(Item::Document(doc)),
            None => out(at(format!("no article text found in the HTML page {}", uri.unwrap_or_default()))),
        }
    }
}

fn damage(e: &warc::Error) -> String {
    let what = match e {
        warc::Error::ReadData(io) => format!("read error ({io})"),
        other => other.to_string(),
    };
    format!("truncated or damaged WARC: {what}; the rest of the file is not read")
}

/// Splits an HTTP response into its Content-Type and payload. A body without
/// an HTTP status line is all payload.
fn http_payload(body: &[u8]) -> (Option<String>, std::borrow::Cow<'_, [u8]>) {
    if !body.starts_with(b"HTTP/") {
        return (None, body.into());
    }
    let (head_end, sep) = match find(body, b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => match find(body, b"\n\n") {
            Some(i) => (i, 2),
            None => return (None, (&[][..]).into()),
        },
    };
    let head = String::from_utf8_lossy(&body[..head_end]);
    let mut lines = head.lines();
    let status_ok = lines
        .next()
        .and_then(|s| s.split_whitespace().nth(1))
        .is_some_and(|code| code.starts_with('2'));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if !status_ok {
        // Redirects and errors carry no article: treat as not HTML.
        return (Some("status".into()), (&[][..]).into());
    }
    let mut payload: std::borrow::Cow<'_, [u8]> = body[head_end + sep..].into();
    // Crawlers other than Common Crawl (wget, warcprox) keep the transfer
    // and content encodings as sent.
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        payload = dechunk(&payload).into();
    }
    if header("content-encoding").is_some_and(|v| v.contains("gzip")) && payload.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        let gz = flate2::bufread::MultiGzDecoder::new(payload.as_ref());
        // A damaged payload keeps what was decoded; the HTML reader copes.
        let _ = std::io::Read::read_to_end(&mut std::io::Read::take(gz, 64 << 20), &mut out);
        payload = out.into();
    }
    (header("content-type"), payload)
}

/// Joins the chunks of a chunked HTTP body (stopping at the first malformed size line).
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    while let Some(eol) = find(body, b"\r\n") {
        let size_line = String::from_utf8_lossy(&body[..eol]);
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else { break };
        let start = eol + 2;
        if size == 0 || start + size > body.len() {
            out.extend_from_slice(&body[start.min(body.len())..(start + size).min(body.len())]);
            break;
        }
        out.extend_from_slice(&body[start..start + size]);
        body = &body[(start + size + 2).min(body.len())..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn is_html(content_type: Option<&str>, payload: &[u8]) -> bool {
    match content_type {
        Some(ct) => ct.contains("html"),
        None => {
            let head = String::from_utf8_lossy(&payload[..payload.len().min(1024)]).to_ascii_lowercase();
            head.contains("<html") || head.contains("<!doctype html")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_headers_are_stripped() {
        let (ct, p) = http_payload(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<html>x</html>");
        assert_eq!(ct.as_deref(), Some("text/html; charset=iso-8859-1"));
        assert_eq!(p.as_ref(), b"<html>x</html>");
        assert_eq!(decode::declared_charset(ct.unwrap().as_bytes()).as_deref(), Some("iso-8859-1"));
        let (ct, _) = http_payload(b"HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\n\r\n<html></html>");
        assert!(!is_html(ct.as_deref(), b""));
        assert!(is_html(None, b"<!DOCTYPE html><html>"));
        assert!(!is_html(Some("image/jpeg"), b"<html>"));
    }

    #[test]
    fn chunked_and_gzip_payloads_are_decoded() {
        let (_, p) = http_payload(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n6\r\n<html>\r\n7;x=y\r\n</html>\r\n0\r\n\r\n");
        assert_eq!(p.as_ref(), b"<html></html>");
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"<html><p>zipped</p></html>").unwrap();
        let mut body = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n".to_vec();
        body.extend(gz.finish().unwrap());
        let (ct, p) = http_payload(&body);
        assert_eq!(ct.as_deref(), Some("text/html"));
        assert_eq!(p.as_ref(), b"<html><p>zipped</p></html>");
    }
}
