//! JSON Lines: one article object per line. `text` or `body` is required;
//! `id`, `title`, `url`, `source`, `published` (RFC 3339 or YYYY-MM-DD) and
//! `language` are optional. A bad line becomes a reject naming the line; the
//! other lines are still read.

use serde_json::{Map, Value};

use super::{Item, Reject, decode::tidy, parse_date_prefix};
use crate::document::{Document, Format};

/// Reads every line of a decoded JSON Lines input.
pub(crate) fn read(name: &str, origin: Option<&str>, text: &str, out: &mut dyn FnMut(Item)) {
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let item = match serde_json::from_str::<Value>(line) {
            Err(e) => Item::Reject(Reject::at(name, format!("line {n}"), format!("malformed JSON: {e}"))),
            Ok(Value::Object(obj)) => record(name, origin, n, &obj),
            Ok(_) => Item::Reject(Reject::at(name, format!("line {n}"), "not a JSON object")),
        };
        out(item);
    }
}

fn string(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn record(name: &str, origin: Option<&str>, n: usize, obj: &Map<String, Value>) -> Item {
    let text = ["text", "body"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
        .map(tidy)
        .filter(|t| !t.is_empty());
    let Some(text) = text else {
        return Item::Reject(Reject::at(name, format!("line {n}"), "no `text` or `body` string"));
    };
    let id = string(obj, "id");
    let record_origin = match (&id, origin) {
        (Some(id), Some(o)) => Some(format!("{o}#id={id}")),
        (Some(id), None) => Some(format!("id={id}")),
        (None, Some(o)) => Some(format!("{o}#line={n}")),
        (None, None) => None,
    };
    let source = string(obj, "source").unwrap_or_else(|| format!("{name}#line={n}"));
    let mut doc = Document::new(record_origin.as_deref(), source, Format::Jsonl, text)
        .with_url(string(obj, "url"), record_origin.as_deref());
    doc.title = string(obj, "title");
    doc.published = string(obj, "published").as_deref().and_then(parse_date_prefix);
    doc.declared_language = string(obj, "language");
    Item::Document(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn read_all(text: &str) -> Vec<Item> {
        let mut items = Vec::new();
        read("f.jsonl", Some("/d/f.jsonl"), text, &mut |i| items.push(i));
        items
    }

    #[test]
    fn fields_are_read() {
        let items = read_all(concat!(
            r#"{"id":"a1","title":"Dam opens","text":"The dam opened.\r\nIt is big.","published":"2030-02-03T23:30:00-05:00","language":"en","source":"Valley Post"}"#,
            "\n\n",
            r#"{"body":"Le barrage a ouvert.","url":"https://x.example/b","published":"2030-02-04"}"#,
        ));
        assert_eq!(items.len(), 2);
        let Item::Document(a) = &items[0] else { panic!() };
        assert_eq!(a.text, "The dam opened.\nIt is big.");
        assert_eq!(a.title.as_deref(), Some("Dam opens"));
        // The civil date as written, not shifted to UTC.
        assert_eq!(a.published, Some(date(2030, 2, 3)));
        assert_eq!(a.declared_language.as_deref(), Some("en"));
        assert_eq!(a.source, "Valley Post");
        assert_eq!(a.id, crate::DocId::from_key("origin:/d/f.jsonl#id=a1"));
        let Item::Document(b) = &items[1] else { panic!() };
        assert_eq!(b.url.as_deref(), Some("https://x.example/b"));
        assert_eq!(b.source, "f.jsonl#line=3");
        assert_eq!(b.id, crate::DocId::from_key("url:https://x.example/b"));
        assert_eq!(b.published, Some(date(2030, 2, 4)));
    }

    #[test]
    fn bad_lines_are_rejected_and_the_rest_read() {
        let items = read_all(concat!(
            "{\"text\":\"first\"}\n",
            "{\"text\": \"unterminated\n",
            "[1,2]\n",
            "{\"title\":\"no body\"}\n",
            "{\"text\":\"   \"}\n",
            "{\"text\":\"last\"}\n",
        ));
        let rejects: Vec<_> = items
            .iter()
            .filter_map(|i| if let Item::Reject(r) = i { Some(r) } else { None })
            .collect();
        let docs: Vec<_> = items
            .iter()
            .filter_map(|i| if let Item::Document(d) = i { Some(d.text.as_str()) } else { None })
            .collect();
        assert_eq!(docs, ["first", "last"]);
        let locs: Vec<_> = rejects.iter().map(|r| r.location.clone().unwrap()).collect();
        assert_eq!(locs, ["line 2", "line 3", "line 4", "line 5"]);
        assert!(rejects[0].reason.starts_with("malformed JSON"));
        assert!(rejects[2].reason.contains("`text` or `body`"));
        assert!(rejects.iter().all(|r| r.input == "f.jsonl"));
    }

    #[test]
    fn line_origin_is_stable() {
        let a = read_all("{\"text\":\"x\"}\n{\"text\":\"y\"}");
        let Item::Document(d) = &a[1] else { panic!() };
        assert_eq!(d.id, crate::DocId::from_key("origin:/d/f.jsonl#line=2"));
    }
}
