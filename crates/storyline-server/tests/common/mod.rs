//! Shared by the server tests: a server on a random loopback port over a
//! fresh database, and a minimal HTTP client.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use storyline_server::{AppState, Config};

/// A running server; dropping it stops the server.
pub struct Server {
    pub addr: SocketAddr,
    pub db: PathBuf,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// Starts a server; `prepare` may fill the database first.
    pub async fn start(token: Option<&str>, prepare: impl FnOnce(&std::path::Path)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("test.db");
        prepare(&db);
        let config = Config::new(&db, token.map(str::to_string));
        let state: Arc<AppState> = AppState::open(&config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(storyline_server::serve_on(listener, state, async {
            let _ = rx.await;
        }));
        Server { addr, db, _dir: dir, stop: Some(tx), task: Some(task) }
    }

    /// Asks the server to stop and waits for it.
    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.task.take().unwrap().await.unwrap().unwrap();
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// One request; returns status, content type and body.
    pub async fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String, String) {
        let stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let (mut send, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
        tokio::spawn(conn);
        let mut req = hyper::Request::builder().method(method).uri(path).header("host", "localhost");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = send.send_request(req.body(Full::new(Bytes::from(body.to_string()))).unwrap()).await.unwrap();
        let status = resp.status().as_u16();
        let ctype = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        (status, ctype, String::from_utf8_lossy(&bytes).into_owned())
    }

    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, _, body) = self.request("GET", path, &[], "").await;
        (status, serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)))
    }
}
