//! Integration tests of the ingest readers on files written to a temporary
//! directory: a mixed directory with bad inputs, WARC archives (built here,
//! gzip per record as in CC-NEWS), and the HTML extraction quality on the
//! hand-written news pages under `fixtures/ingest/html`.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::date;
use storyline::document::{Document, Format};
use storyline::ingest::{self, Item, Limits, Reject};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest")
}

fn read(path: &Path) -> (Vec<Document>, Vec<Reject>, ingest::Summary) {
    let (mut docs, mut rejects) = (Vec::new(), Vec::new());
    let summary = ingest::read_path_summary(path, &Limits::default(), &mut |item| match item {
        Item::Document(d) => docs.push(d),
        Item::Reject(r) => rejects.push(r),
    });
    (docs, rejects, summary)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// One WARC record with the headers the format requires.
fn warc_record(kind: &str, n: u32, uri: &str, when: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012}>\r\n\
         WARC-Date: {when}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(content_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", payload.len()).into_bytes();
    r.extend_from_slice(payload);
    r
}

const PAGE_NO_META: &str = "<html><head><title>Quarry blast</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/n\">News</a></nav>\
<article><h1>Quarry blast shakes Ostby</h1><p>A controlled blast at the Ostby quarry shook houses up to three kilometres away on Friday, residents said.</p>\
<p>The quarry operator said the charge had been larger than planned and that it would review its procedures with the municipality.</p></article></body></html>";

/// The records of a small crawl: warcinfo, request, two HTML responses
/// (one in Latin-1 with full metadata, one without), an image, metadata.
fn crawl_records() -> Vec<Vec<u8>> {
    let latin1_page = {
        let html = fs::read_to_string(fixtures().join("html/en_bridge.html")).unwrap();
        let html = html.replace("<meta charset=\"utf-8\">", "").replace("Kessport", "Késsport");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&html);
        bytes.into_owned()
    };
    vec![
        warc_record("warcinfo", 1, "", "2031-03-12T10:00:00Z", b"software: test\r\n"),
        warc_record("request", 2, "https://a.example/q", "2031-03-12T10:00:01Z", b"GET /q HTTP/1.1\r\nHost: a.example\r\n\r\n"),
        warc_record("response", 3, "https://a.example/q", "2031-03-12T10:00:02Z", &http("text/html; charset=utf-8", PAGE_NO_META.as_bytes())),
        warc_record("response", 4, "https://b.example/img.jpg", "2031-03-12T10:00:03Z", &http("image/jpeg", b"\xFF\xD8\xFF\xE0 jpeg")),
        warc_record("metadata", 5, "https://a.example/q", "2031-03-12T10:00:04Z", b"fetchTimeMs: 120\r\n"),
        warc_record("response", 6, "https://c.example/ferry?utm=1", "2031-03-12T10:00:05Z", &http("text/html; charset=windows-1252", &latin1_page)),
    ]
}

fn check_crawl(docs: &[Document], summary: &ingest::Summary) {
    assert_eq!(docs.len(), 2, "{docs:#?}");
    let q = &docs[0];
    assert_eq!(q.format, Format::Warc);
    assert_eq!(q.url.as_deref(), Some("https://a.example/q"), "target URI when no canonical");
    assert_eq!(q.published, Some(date(2031, 3, 12)), "WARC date when the page has none");
    assert!(q.text.starts_with("A controlled blast"), "{}", q.text);
    assert!(!q.text.contains("Home"));
    let f = &docs[1];
    assert_eq!(f.url.as_deref(), Some("https://coastal-ledger.example/news/2031/03/ferry-strike-varneholm"));
    assert_eq!(f.published, Some(date(2031, 3, 11)), "page date beats WARC date");
    assert_eq!(f.source, "The Coastal Ledger");
    assert!(f.text.contains("between Késsport and Varneholm"), "decoded from Windows-1252: {}", f.text);
    assert_eq!(summary.skipped_records, 1, "the JPEG response");
}

#[test]
fn warc_gz_responses_become_documents() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("crawl.warc.gz");
    let bytes: Vec<u8> = crawl_records().iter().flat_map(|r| gzip(r)).collect();
    fs::write(&p, bytes).unwrap();
    let (docs, rejects, summary) = read(&p);
    assert!(rejects.is_empty(), "{rejects:?}");
    check_crawl(&docs, &summary);
}

/// What ingest reports of a run counts the files it opened and the WARC
/// records it skipped, so that nothing read is left unaccounted for.
#[test]
fn ingest_reports_files_and_skipped_records() {
    use storyline::pipeline::{self, IngestOptions, Input};
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).unwrap();
    let bytes: Vec<u8> = crawl_records().iter().flat_map(|r| gzip(r)).collect();
    fs::write(inputs.join("crawl.warc.gz"), bytes).unwrap();
    fs::write(inputs.join("note.txt"), "date 2031-03-12\nThe ferry to Varneholm sailed again on Tuesday.").unwrap();
    let mut store = storyline::store::SqliteStore::open(&dir.path().join("t.db")).unwrap();
    let summary =
        pipeline::ingest(vec![Input::Path(inputs.clone())], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
    assert_eq!((summary.files, summary.read, summary.skipped_records), (2, 3, 1), "{summary:?}");
    assert!(summary.rejects.is_empty(), "{:?}", summary.rejects);
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let summary = pipeline::ingest(vec![Input::Path(empty)], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
    assert_eq!((summary.files, summary.read), (0, 0));
}

#[test]
fn plain_warc_is_read_and_sniffed_without_extension() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("crawl.bin");
    fs::write(&p, crawl_records().concat()).unwrap();
    let (docs, rejects, summary) = read(&p);
    assert!(rejects.is_empty(), "{rejects:?}");
    check_crawl(&docs, &summary);
}

#[test]
fn truncated_warc_gz_keeps_records_before_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cut.warc.gz");
    let members: Vec<Vec<u8>> = crawl_records().iter().map(|r| gzip(r)).collect();
    let mut bytes: Vec<u8> = members[..5].concat();
    let last = &members[5];
    bytes.extend_from_slice(&last[..last.len() / 2]);
    fs::write(&p, bytes).unwrap();
    let (docs, rejects, _) = read(&p);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].url.as_deref(), Some("https://a.example/q"));
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0].location.as_deref(), Some("record 6"));
    assert!(rejects[0].reason.contains("truncated"), "{}", rejects[0].reason);
}

#[test]
fn truncated_plain_warc_names_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cut.warc");
    let mut bytes = crawl_records()[..3].concat();
    let fourth = &crawl_records()[5];
    bytes.extend_from_slice(&fourth[..fourth.len() - 300]);
    fs::write(&p, bytes).unwrap();
    let (docs, rejects, _) = read(&p);
    assert_eq!(docs.len(), 1);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0].location.as_deref(), Some("record 4"));
    assert!(rejects[0].reason.contains("truncated"), "{}", rejects[0].reason);
}

#[test]
fn oversized_warc_record_is_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.warc");
    fs::write(&p, crawl_records().concat()).unwrap();
    let (mut docs, mut rejects) = (Vec::new(), Vec::new());
    ingest::read_path(&p, &Limits { max_file_bytes: 2000 }, &mut |i| match i {
        Item::Document(d) => docs.push(d),
        Item::Reject(r) => rejects.push(r),
    });
    assert_eq!(docs.len(), 1, "the small page is still read");
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].location.as_deref(), Some("record 6"));
    assert!(rejects[0].reason.contains("limit of 2000 bytes"), "{}", rejects[0].reason);
}

/// The acceptance case: bad files next to good ones.
#[test]
fn mixed_directory_reads_good_files_and_names_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a_dated.txt"), " date 2031-05-02 The Orrin river burst its banks at Halden Mill on Thursday night.\r\nTwo bridges were closed.\r\n").unwrap();
    fs::write(d.join("b_undated.txt"), "Rescue teams reached the last stranded farms at Halden Mill by boat.").unwrap();
    fs::write(d.join("c_binary.txt"), b"\x00\x01\x02\x03\xFF\xFEnot text\x00\x00").unwrap();
    fs::write(d.join("d_empty.txt"), b"").unwrap();
    // "Överste Lindqvist sade att dammen vid Hälleså håller." in Latin-1.
    fs::write(d.join("e_latin1.txt"), b"date: 2031-05-03 \xD6verste Lindqvist sade att dammen vid H\xE4llesj\xF6 h\xE5ller.").unwrap();
    let members: Vec<Vec<u8>> = crawl_records().iter().map(|r| gzip(r)).collect();
    let mut cut = members[..3].concat();
    cut.extend_from_slice(&members[3][..members[3].len() / 2]);
    fs::write(d.join("f_cut.warc.gz"), cut).unwrap();
    fs::create_dir(d.join("g_sub")).unwrap();
    fs::write(
        d.join("g_sub/news.jsonl"),
        "{\"id\":\"h1\",\"text\":\"Le pont de Halden a rouvert.\",\"language\":\"fr\",\"published\":\"2031-05-04\"}\n{broken\n",
    )
    .unwrap();
    fs::copy(fixtures().join("html/sv_flood.html"), d.join("g_sub/page.html")).unwrap();
    fs::write(d.join(".hidden.txt"), "never read").unwrap();
    fs::create_dir(d.join(".git")).unwrap();
    fs::write(d.join(".git/HEAD"), "never read").unwrap();

    let (docs, rejects, summary) = read(d);
    let by_file: HashMap<&str, &Document> = docs
        .iter()
        .map(|doc| (Path::new(doc.source.split('#').next().unwrap()).file_name().map_or("", |f| f.to_str().unwrap()), doc))
        .collect();

    let a = by_file["a_dated.txt"];
    assert_eq!(a.published, Some(date(2031, 5, 2)));
    assert_eq!(a.text, "The Orrin river burst its banks at Halden Mill on Thursday night.\nTwo bridges were closed.");
    assert_eq!(by_file["b_undated.txt"].published, None);
    let e = by_file["e_latin1.txt"];
    assert_eq!(e.text, "Överste Lindqvist sade att dammen vid Hällesjö håller.");
    assert_eq!(e.published, Some(date(2031, 5, 3)));
    assert_eq!(by_file["news.jsonl"].declared_language.as_deref(), Some("fr"));
    let page = docs.iter().find(|d| d.format == Format::Html).expect("html page read");
    assert_eq!(page.source, "Norrlandsbladet");
    assert!(page.text.contains("Tallviks sporthall"));
    // The WARC's first response survives the damage after it.
    assert!(docs.iter().any(|d| d.url.as_deref() == Some("https://a.example/q")));
    assert_eq!(docs.len(), 6, "{:#?}", docs.iter().map(|d| &d.source).collect::<Vec<_>>());
    assert!(docs.iter().all(|d| !d.text.contains("never read")));

    let named: Vec<(String, Option<&str>, &str)> = rejects
        .iter()
        .map(|r| (Path::new(&r.input).file_name().unwrap().to_string_lossy().into_owned(), r.location.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(rejects.len(), 4, "{named:#?}");
    assert_eq!(named[0].0, "c_binary.txt");
    assert!(named[0].2.starts_with("binary file"));
    assert_eq!((named[1].0.as_str(), named[1].2), ("d_empty.txt", "empty file"));
    assert_eq!((named[2].0.as_str(), named[2].1), ("f_cut.warc.gz", Some("record 4")));
    assert!(named[2].2.contains("truncated"));
    assert_eq!((named[3].0.as_str(), named[3].1), ("news.jsonl", Some("line 2")));
    assert!(named[3].2.starts_with("malformed JSON"));
    assert_eq!(summary.files, 8, "hidden files are not opened");

    // Reading again gives the same ids: origins are canonical paths.
    let (again, _, _) = read(d);
    let ids = |v: &[Document]| v.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&docs), ids(&again));
}

#[test]
fn stdin_jsonl_and_feed_are_sniffed() {
    let mut items = Vec::new();
    ingest::read_bytes("-", None, b"{\"text\":\"A ferry ran aground off Skarv.\"}\n", &mut |i| items.push(i));
    let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Skarv Radio</title>\
<item><title>Ferry aground</title><link>https://skarv.example/1</link><description>The ferry &lt;i&gt;Tern&lt;/i&gt; ran aground.</description></item></channel></rss>";
    ingest::read_bytes("-", None, rss.as_bytes(), &mut |i| items.push(i));
    let docs: Vec<&Document> = items.iter().map(|i| match i { Item::Document(d) => d, Item::Reject(r) => panic!("{r}") }).collect();
    assert_eq!(docs[0].format, Format::Jsonl);
    assert_eq!(docs[0].text, "A ferry ran aground off Skarv.");
    assert_eq!(docs[1].format, Format::Feed);
    assert_eq!(docs[1].text, "The ferry Tern ran aground.");
    assert_eq!(docs[1].url.as_deref(), Some("https://skarv.example/1"));
}

fn words(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        *bag.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// Body precision and recall on the hand-written pages (see
/// `examples/html_extract_compare.rs` for the comparison with dom_smoothie).
#[test]
fn html_pages_yield_the_article_body_and_metadata() {
    let expect = [
        ("de_factory", "Brand in Chemiewerk bei Oberfeld: Anwohner sollen Fenster schließen", date(2029, 8, 22), "Rheintaler Rundschau", "de"),
        ("en_bridge", "Ferry strike halts crossings to Varneholm island", date(2031, 3, 11), "The Coastal Ledger", "en-GB"),
        ("en_wordpress_heldout", "Library reopens after roof repair", date(2033, 1, 9), "Millbrook Weekly", "en-US"),
        ("es_metro", "La nueva línea 9 del metro de Valdoria abrirá en septiembre", date(2030, 5, 19), "Diario de Valdoria", "es"),
        ("fr_election", "Municipales à Saint-Orlan : la liste écologiste l'emporte de justesse", date(2032, 6, 14), "Le Journal du Val", "fr"),
        ("sv_flood", "Översvämning i Tallvik – hundra hushåll evakuerade", date(2030, 10, 4), "Norrlandsbladet", "sv"),
    ];
    for (name, title, published, site, lang) in expect {
        let dir = fixtures().join("html");
        let want = fs::read_to_string(dir.join(format!("{name}.expected.txt"))).unwrap();
        let (docs, rejects, _) = read(&dir.join(format!("{name}.html")));
        assert!(rejects.is_empty(), "{rejects:?}");
        let d = &docs[0];
        let (got, exp) = (words(&d.text), words(&want));
        let common: usize = got.iter().map(|(k, n)| (*n).min(*exp.get(k).unwrap_or(&0))).sum();
        let precision = common as f64 / got.values().sum::<usize>() as f64;
        let recall = common as f64 / exp.values().sum::<usize>() as f64;
        assert!(precision >= 0.95 && recall >= 0.95, "{name}: P {precision:.3} R {recall:.3}\n{}", d.text);
        let paragraphs = d.text.split("\n\n").count();
        assert_eq!(paragraphs, want.trim().split("\n\n").count(), "{name}: paragraph breaks\n{}", d.text);
        assert_eq!(d.title.as_deref(), Some(title), "{name}");
        assert_eq!(d.published, Some(published), "{name}");
        assert_eq!(d.source, site, "{name}");
        assert_eq!(d.declared_language.as_deref(), Some(lang), "{name}");
        assert!(d.url.as_deref().is_some_and(|u| u.starts_with("https://")), "{name}: canonical {:?}", d.url);
    }
}
