//! End to end in a real browser: Debian's Chromium, headless, renders the
//! story page of the demo corpus (JavaScript on) and the test reads its DOM.
//! Skipped, with a message, where `/usr/bin/chromium` is missing. With
//! `STORYLINE_SCREENSHOTS=<dir>` it also saves the story page at desktop and
//! phone widths.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Server;
use storyline::pipeline::{self, IngestOptions, Input};
use storyline::store::SqliteStore;

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium(args: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(CHROMIUM)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../storyline-cli/demo")
}

/// The part of `dom` inside `<section id="{id}" …>…</section>`.
fn section<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom.find(&format!(r#"<section id="{id}""#)).unwrap_or_else(|| panic!("no #{id} section"));
    let end = dom[start..].find("</section>").map_or(dom.len(), |e| start + e);
    &dom[start..end]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_page_in_chromium() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("SKIPPED story_page_in_chromium: {CHROMIUM} is missing (apt-get install chromium)");
        return;
    }
    let server = Server::start(None, |db| {
        let mut store = SqliteStore::open(db).unwrap();
        // As `storyline demo` reads them: stable origins, short names.
        let mut inputs = Vec::new();
        for entry in std::fs::read_dir(demo_dir()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".md") || name.starts_with('.') {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            inputs.push(Input::Bytes { name: format!("demo/{name}"), origin: Some(format!("storyline-demo:{name}")), bytes });
        }
        inputs.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        let summary = pipeline::ingest(inputs, &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
        assert!(summary.added >= 5, "{summary:?}");
    })
    .await;

    // The biggest story, and what its view holds.
    let (_, stories) = server.get("/api/stories").await;
    let story = stories["items"][0]["id"].as_str().unwrap().to_string();
    let (_, view) = server.get(&format!("/api/stories/{story}/view")).await;
    let count = |key: &str| view[key].as_array().map_or(0, Vec::len);
    let statements: usize = view["speakers"].as_array().unwrap().iter().map(|s| s["statements"].as_array().unwrap().len()).sum();
    let cited_lines = count("summary") + count("timeline") + statements;

    let url = server.url(&format!("/stories/{story}"));
    let dom = tokio::task::spawn_blocking({
        let url = url.clone();
        move || chromium(&["--dump-dom".into(), url])
    })
    .await
    .unwrap();

    assert!(dom.contains("id=\"story-title\""), "no story page: {dom}");
    // Timeline: the picture is drawn (the reports at least have dates).
    let timeline = section(&dom, "timeline");
    assert!(timeline.contains("<svg class=\"timeline\""), "{timeline}");
    assert!(timeline.matches("class=\"report\"").count() >= 2, "{timeline}");
    assert_eq!(timeline.matches("<circle").count(), count("timeline"));
    // Quotes: one blockquote per statement of the view, or "None yet".
    let quotes = section(&dom, "quotes");
    assert_eq!(quotes.matches("<blockquote").count(), statements, "{quotes}");
    if statements == 0 {
        assert!(quotes.contains("None yet"));
    }
    // Citations: every cited line links to its source passage.
    assert!(dom.matches("class=\"cite\"").count() >= cited_lines, "citations missing");
    for key in ["summary", "agreement", "entities"] {
        section(&dom, key);
    }
    // Sources: every report, with language and date, rewrites marked.
    let sources = section(&dom, "sources");
    assert_eq!(sources.matches("<tr id=\"source-").count(), count("sources"));
    let rewrites = view["sources"].as_array().unwrap().iter().filter(|s| !s["rewrite_of"].is_null()).count();
    assert_eq!(sources.matches("rewrite of").count(), rewrites);

    // A document page highlights the quotes of a report that has them.
    let (_, quotes_json) = server.get("/api/quotes?limit=1").await;
    if let Some(doc) = quotes_json["items"][0]["doc"].as_str() {
        let dom = tokio::task::spawn_blocking({
            let url = server.url(&format!("/documents/{doc}"));
            move || chromium(&["--dump-dom".into(), url])
        })
        .await
        .unwrap();
        assert!(dom.contains("class=\"quote\""), "no quote highlighted");
        assert!(dom.contains("class=\"ent\""), "no entity highlighted");
    }

    // The story list renders and its script runs without breaking the table.
    let dom = tokio::task::spawn_blocking({
        let url = server.url("/");
        move || chromium(&["--dump-dom".into(), url])
    })
    .await
    .unwrap();
    assert!(dom.contains(&format!("data-id=\"{story}\"")));

    if let Ok(dir) = std::env::var("STORYLINE_SCREENSHOTS") {
        for (name, size) in [("story-desktop.png", "1280,1800"), ("story-phone.png", "390,2400")] {
            let path = Path::new(&dir).join(name);
            let url = url.clone();
            tokio::task::spawn_blocking(move || {
                chromium(&[format!("--screenshot={}", path.display()), format!("--window-size={size}"), url])
            })
            .await
            .unwrap();
        }
    }
    server.stop().await;
}
