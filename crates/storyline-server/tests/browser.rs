//! End to end in a real browser: Debian's Chromium, headless, driven over
//! WebDriver (chromedriver, with fantoccini as the client). The test opens
//! the story list of the demo corpus, clicks the largest story, checks that
//! the timeline, quotes and citations are on the page, opens a document,
//! and watches the list announce a report ingested while it is open.
//! Skipped, with a message, where `/usr/bin/chromium` or
//! `/usr/bin/chromedriver` is missing. With `STORYLINE_SCREENSHOTS=<dir>` it
//! also saves the story page at desktop and phone widths.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::Server;
use fantoccini::{Client, ClientBuilder, Locator};
use storyline::pipeline::{self, IngestOptions, Input};
use storyline::store::SqliteStore;

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";
const TOKEN: &str = "browser-test-token";

/// chromedriver on a free loopback port, killed on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        Driver { child, url: format!("http://127.0.0.1:{port}") }
    }

    /// A headless browser session; retried while the driver starts up.
    async fn session(&self) -> Client {
        let mut caps = serde_json::Map::new();
        let args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800"];
        caps.insert("goog:chromeOptions".into(), serde_json::json!({ "args": args }));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut last = None;
        for _ in 0..100 {
            match ClientBuilder::new(connector.clone()).capabilities(caps.clone()).connect(&self.url).await {
                Ok(client) => return client,
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("no WebDriver session: {last:?}");
    }
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
async fn story_pages_in_chromium() {
    for tool in [CHROMIUM, DRIVER] {
        if !Path::new(tool).exists() {
            eprintln!("SKIPPED story_pages_in_chromium: {tool} is missing (apt-get install chromium chromium-driver)");
            return;
        }
    }
    let server = Server::start(Some(TOKEN), |db| {
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

    let driver = Driver::start();
    let browser = driver.session().await;

    // From the story list, click through to the story.
    browser.goto(&server.url("/")).await.unwrap();
    let link = browser.find(Locator::Css(&format!(r#"#story-rows tr[data-id="{story}"] a"#))).await.unwrap();
    link.click().await.unwrap();
    browser.wait().for_element(Locator::Id("story-title")).await.unwrap();
    assert!(browser.current_url().await.unwrap().path().ends_with(&format!("/stories/{story}")));
    let dom = browser.source().await.unwrap();

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

    if let Ok(dir) = std::env::var("STORYLINE_SCREENSHOTS") {
        for (name, (w, h)) in [("story-desktop.png", (1280, 1800)), ("story-phone.png", (390, 2400))] {
            browser.set_window_size(w, h).await.unwrap();
            std::fs::write(Path::new(&dir).join(name), browser.screenshot().await.unwrap()).unwrap();
        }
    }

    // A citation leads to its document, with the passage and the entities marked.
    let cite = browser.find(Locator::Css("#summary a.cite")).await.unwrap();
    cite.click().await.unwrap();
    browser.wait().for_element(Locator::Id("doc-title")).await.unwrap();
    let dom = browser.source().await.unwrap();
    assert!(dom.contains(r#"id="cited""#), "the cited passage is not marked");
    assert!(dom.contains(r#"class="ent""#), "no entity highlighted");

    // The story list announces a report ingested while it is open.
    browser.goto(&server.url("/")).await.unwrap();
    let article = serde_json::json!({
        "title": "Night ferry service resumes at Halvena",
        "published": "2031-05-02",
        "language": "en",
        "text": "The night ferry between Halvena and Orsk resumed on Friday after a week of repairs, the operator said."
    });
    let auth = [("authorization", "Bearer browser-test-token"), ("content-type", "application/json")];
    let (status, _, text) = server.request("POST", "/api/documents", &auth, &article.to_string()).await;
    assert_eq!(status, 201, "{text}");
    // The page polls every 10 s.
    let live = browser.find(Locator::Id("live")).await.unwrap();
    let mut announced = String::new();
    for _ in 0..60 {
        announced = live.text().await.unwrap();
        if !announced.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(announced.contains("1 new report"), "live update: {announced:?}");

    browser.close().await.unwrap();
    drop(driver);
    server.stop().await;
}
