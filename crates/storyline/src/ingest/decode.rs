//! Byte-level checks shared by every reader: empty and binary input, and
//! decoding to UTF-8 (with legacy encodings detected, not mangled).
//!
//! It does not recognise formats (see `sniff`) and never rejects legacy
//! encodings: a Latin-1 or Windows-1252 file is decoded and read.

use encoding_rs::Encoding;

/// Why bytes cannot be read as text, as the reject reason says it.
pub(crate) fn not_text(bytes: &[u8]) -> Option<String> {
    let body = strip_utf8_bom(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Some("empty file".into());
    }
    if body.starts_with(&[0xFF, 0xFE]) || body.starts_with(&[0xFE, 0xFF]) {
        return None; // UTF-16 with a BOM: NUL bytes are expected.
    }
    // Magic numbers of the binaries most often found next to articles.
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x7FELF", "executable"),
    ];
    for (magic, what) in MAGIC {
        if body.starts_with(magic) {
            return Some(format!("binary file ({what}), not text"));
        }
    }
    let head = &body[..body.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if head.contains(&0) || controls * 20 > head.len() {
        return Some("binary file (NUL or control bytes), not text".into());
    }
    None
}

/// Drops a leading UTF-8 byte order mark.
pub(crate) fn strip_utf8_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Decodes text: UTF-8 (or a BOM's encoding) when valid, else the
/// `declared` charset label if it is known, else chardetng's guess.
/// Returns the text and the encoding used.
pub(crate) fn decode(bytes: &[u8], declared: impl FnOnce() -> Option<String>) -> (String, &'static Encoding) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), encoding_rs::UTF_8);
    }
    // UTF-8 with a few stray bytes (a pasted Latin-1 quote) is still UTF-8:
    // reading all of it as Windows-1252 would garble every other accent.
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.matches('\u{FFFD}').count();
    let good = lossy.chars().filter(|&c| !c.is_ascii() && c != '\u{FFFD}').count();
    if good >= 4 * bad {
        return (lossy.into_owned(), encoding_rs::UTF_8);
    }
    // Looked for only now: most inputs are UTF-8, and the search lower-cases kilobytes.
    let declared = declared()
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8);
    let enc = declared.unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(None, chardetng::Utf8Detection::Deny)
    });
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), enc)
}

/// A `charset=` declared in the first kilobytes of an HTML or XML document
/// (`<meta charset>`, `http-equiv`, or the XML declaration's `encoding`).
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    for key in ["charset=", "encoding="] {
        if let Some(i) = head.find(key) {
            let rest = head[i + key.len()..].trim_start_matches(['"', '\'', ' ']);
            let label: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !label.is_empty() {
                return Some(label);
            }
        }
    }
    None
}

/// Body text as stored: LF line ends, no surrounding whitespace.
pub(crate) fn tidy(text: &str) -> String {
    let text = text.trim_start_matches('\u{FEFF}');
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_whitespace_are_empty() {
        assert_eq!(not_text(b"").as_deref(), Some("empty file"));
        assert_eq!(not_text(b" \n\t\r\n").as_deref(), Some("empty file"));
        assert_eq!(not_text(b"\xEF\xBB\xBF\n").as_deref(), Some("empty file"));
    }

    #[test]
    fn binary_is_named() {
        assert!(not_text(b"%PDF-1.7 ...").unwrap().contains("PDF"));
        assert!(not_text(b"abc\0def").unwrap().starts_with("binary file"));
        let noise: Vec<u8> = (0u8..=255).cycle().take(4000).collect();
        assert!(not_text(&noise).unwrap().starts_with("binary file"));
        assert_eq!(not_text("Plain words, ünïcode.\n".as_bytes()), None);
    }

    #[test]
    fn latin1_is_decoded_not_mangled() {
        // "Malmö får ny färja" in ISO-8859-1 / Windows-1252.
        let bytes = b"Malm\xF6 f\xE5r en ny f\xE4rja till \xF6n i sommar, s\xE4ger kommunen.";
        let (text, enc) = decode(bytes, || None);
        assert_eq!(text, "Malmö får en ny färja till ön i sommar, säger kommunen.");
        assert_eq!(enc, encoding_rs::WINDOWS_1252);
    }

    #[test]
    fn mostly_utf8_stays_utf8() {
        let mut bytes = "Göteborg, Malmö, Västerås, Umeå: färjan går. ".as_bytes().to_vec();
        bytes.extend_from_slice(b"Stray \xE9 byte.");
        let (text, enc) = decode(&bytes, || None);
        assert_eq!(enc, encoding_rs::UTF_8);
        assert!(text.starts_with("Göteborg, Malmö, Västerås"), "{text}");
    }

    #[test]
    fn declared_charset_wins_for_invalid_utf8() {
        assert_eq!(declared_charset(b"<meta charset=\"ISO-8859-1\">").as_deref(), Some("iso-8859-1"));
        let (text, _) = decode(b"caf\xE9", || Some("iso-8859-1".into()));
        assert_eq!(text, "café");
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let bytes = b"\xFF\xFEh\0i\0";
        assert_eq!(not_text(bytes), None);
        assert_eq!(decode(bytes, || None).0, "hi");
    }

    #[test]
    fn tidy_normalises_line_ends() {
        assert_eq!(tidy("\u{FEFF}  a\r\nb\rc \n"), "a\nb\nc");
    }
}
