//! The JSON API, against a server on a random loopback port.

mod common;

use common::Server;
use serde_json::{Value, json};

const TOKEN: &str = "test-token-123";

fn article() -> Value {
    json!({
        "id": "t1",
        "title": "Glassworks strike halts Velmora production",
        "published": "2032-09-14",
        "language": "en",
        "url": "https://glass.example/strike",
        "text": "Workers at the Velmora glassworks walked out on Tuesday, halting production. \"We will stay out until the furnaces are safe,\" said Tomas Reyle, the union's spokesman. The company said talks would resume on Friday."
    })
}

fn error_message(v: &Value) -> &str {
    v["error"]["message"].as_str().unwrap_or_else(|| panic!("not a JSON error: {v}"))
}

#[tokio::test]
async fn writes_need_the_token_and_ingested_documents_are_served() {
    let server = Server::start(Some(TOKEN), |_| {}).await;
    let body = article().to_string();
    let json = [("content-type", "application/json")];

    // No token, wrong token: 401 with a JSON error.
    let (status, ctype, text) = server.request("POST", "/api/documents", &json, &body).await;
    assert_eq!(status, 401, "{text}");
    assert!(ctype.starts_with("application/json"));
    assert!(error_message(&serde_json::from_str(&text).unwrap()).contains("Bearer"));
    let wrong = [("authorization", "Bearer nope")];
    assert_eq!(server.request("POST", "/api/documents", &wrong, &body).await.0, 401);

    // Bad input: 4xx JSON, never a crash.
    let auth = [("authorization", "Bearer test-token-123")];
    for (bad, want) in [("{not json", 400), ("42", 400), ("[]", 400), (r#"{"title":"no text"}"#, 422), ("[1]", 400)] {
        let (status, _, text) = server.request("POST", "/api/documents", &auth, bad).await;
        assert_eq!(status, want, "{bad}: {text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["error"]["status"], want);
    }

    // Ingest, then read it back every way.
    let (status, _, text) = server.request("POST", "/api/documents", &auth, &body).await;
    assert_eq!(status, 201, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["added"], 1);
    let id = v["documents"][0].as_str().unwrap().to_string();

    let (status, doc) = server.get(&format!("/api/documents/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(doc["document"]["title"], "Glassworks strike halts Velmora production");
    assert_eq!(doc["analysis"]["language"], "en");

    let (_, list) = server.get("/api/documents").await;
    assert_eq!(list["total"], 1);
    let (_, stories) = server.get("/api/stories").await;
    assert_eq!(stories["total"], 1);
    let story = stories["items"][0]["id"].as_str().unwrap().to_string();
    let (status, view) = server.get(&format!("/api/stories/{story}/view")).await;
    assert_eq!(status, 200);
    assert_eq!(view["sources"][0]["doc"], id.as_str());
    for key in ["timeline", "summary", "speakers", "claims", "entities"] {
        assert!(view[key].is_array(), "{key} missing: {view}");
    }
    let (status, _) = server.get(&format!("/api/stories/{story}")).await;
    assert_eq!(status, 200);

    // Search finds it at once, by a stemmed word, and respects filters.
    let (status, hits) = server.get("/api/search?q=halted&kind=document").await;
    assert_eq!(status, 200);
    assert_eq!(hits["hits"][0]["doc"], id.as_str(), "{hits}");
    let (_, none) = server.get("/api/search?q=halted&lang=sv").await;
    assert_eq!(none["total"], 0);
    let (_, quotes) = server.get("/api/search?q=furnaces&kind=quote").await;
    assert_eq!(quotes["total"], 1, "{quotes}");
    let (_, found) = server.get("/api/search?q=glassworks&kind=story").await;
    assert_eq!(found["hits"][0]["id"], story.as_str(), "{found}");
    assert_eq!(found["hits"][0]["kind"], "story");

    // Quotes and entities.
    let (_, q) = server.get("/api/quotes").await;
    assert!(q["items"].as_array().unwrap().iter().any(|q| q["text"].as_str().unwrap().contains("furnaces")), "{q}");
    let (_, ents) = server.get("/api/entities?q=reyle").await;
    let ent = ents["items"][0]["id"].as_str().unwrap_or_else(|| panic!("{ents}")).to_string();
    let (status, e) = server.get(&format!("/api/entities/{ent}")).await;
    assert_eq!(status, 200);
    assert_eq!(e["spans"][0]["doc"], id.as_str());

    // Same document again: unchanged.
    let (_, _, text) = server.request("POST", "/api/documents", &auth, &body).await;
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["unchanged"], 1);
    server.stop().await;
}

#[tokio::test]
async fn bad_reads_get_json_errors() {
    let server = Server::start(None, |_| {}).await;
    for (path, want) in [
        ("/api/documents/zz-not-hex", 400),
        ("/api/documents/0123456789abcdef", 404),
        ("/api/stories/s-nothing", 404),
        ("/api/stories/s-nothing/view", 404),
        ("/api/entities/e-none", 404),
        ("/api/search", 400),
        ("/api/search?q=x&from=yesterday", 400),
        ("/api/search?q=x&kind=cat", 400),
        ("/api/documents?limit=-1", 400),
        ("/api/no/such/thing", 404),
    ] {
        let (status, v) = server.get(path).await;
        assert_eq!(status, want, "{path}: {v}");
        assert_eq!(v["error"]["status"], want, "{path}: {v}");
    }
    // Read-only server: writes are refused, and say why.
    let (status, _, text) = server.request("POST", "/api/documents", &[("authorization", "Bearer x")], &article().to_string()).await;
    assert_eq!(status, 403);
    assert!(text.contains("read-only"));
    // The OpenAPI document lists the endpoints.
    let (status, doc) = server.get("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["paths"]["/api/stories/{id}/view"].is_object());
    server.stop().await;
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let dir_server = Server::start(Some(TOKEN), |_| {}).await;
    let big = json!({ "text": "x".repeat(17 * 1024 * 1024) }).to_string();
    let (status, _, text) = dir_server.request("POST", "/api/documents", &[("authorization", "Bearer test-token-123")], &big).await;
    assert_eq!(status, 413, "{}", &text[..text.len().min(200)]);
    assert!(serde_json::from_str::<Value>(&text).unwrap()["error"]["message"].is_string());
    dir_server.stop().await;
}

#[tokio::test]
async fn pages_render_and_escape() {
    let server = Server::start(Some(TOKEN), |_| {}).await;
    let mut a = article();
    a["title"] = json!("<script>alert(1)</script> strike");
    let auth = [("authorization", "Bearer test-token-123")];
    let (status, _, text) = server.request("POST", "/api/documents", &auth, &a.to_string()).await;
    assert_eq!(status, 201, "{text}");
    let id = serde_json::from_str::<Value>(&text).unwrap()["documents"][0].as_str().unwrap().to_string();
    let (status, ctype, home) = server.request("GET", "/", &[], "").await;
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/html"));
    assert!(home.contains("&lt;script&gt;") && !home.contains("<script>alert"));
    let (status, _, doc) = server.request("GET", &format!("/documents/{id}?hl=0-7"), &[], "").await;
    assert_eq!(status, 200);
    assert!(doc.contains(r#"id="cited""#) && doc.contains(r#"class="quote""#), "{doc}");
    // The speaker's resolved entity is linked from the text and the list.
    let (_, ents) = server.get("/api/entities?q=reyle").await;
    let ent = ents["items"][0]["id"].as_str().unwrap_or_else(|| panic!("{ents}")).to_string();
    assert!(doc.matches(&format!(r#"href="/entities/{ent}""#)).count() >= 2, "{doc}");
    let (status, _, page) = server.request("GET", "/search?q=furnace", &[], "").await;
    assert_eq!(status, 200);
    assert!(page.contains("<mark>"), "{page}");
    let (status, _, _) = server.request("GET", "/stories/nothing", &[], "").await;
    assert_eq!(status, 404);
    let (status, ctype, _) = server.request("GET", "/assets/style.css", &[], "").await;
    assert_eq!((status, ctype.starts_with("text/css")), (200, true));
    server.stop().await;
}
