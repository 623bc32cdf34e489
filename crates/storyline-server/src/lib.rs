//! `storyline-server`: the JSON API and the web UI over one Storyline store.
//!
//! The engine is synchronous; every handler runs it on tokio's blocking
//! pool ([`AppState::read`], [`AppState::write`]). Reads share a small pool
//! of SQLite connections (a rusqlite connection is not `Sync`), writes go
//! through one connection behind a mutex, and all share one search index.
//! Writes need a bearer token; without one configured the server is
//! read-only. It does no TLS, sessions or rate limiting: put it behind a
//! proxy for that.

mod api;
mod html;

/// HTML escaping, shared with the CLI's standalone story page.
pub use html::esc;
mod openapi;
mod pages;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use storyline::store::{SearchIndex, SqliteStore, StoreError};

pub use api::ApiError;

/// Largest request body accepted (a batch of documents), in bytes.
pub const DEFAULT_BODY_LIMIT: usize = 16 * 1024 * 1024;
/// Read connections kept open between requests.
const POOL_SIZE: usize = 8;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite database file (created if missing).
    pub db: PathBuf,
    /// The bearer token writes need; `None` makes the server read-only.
    pub token: Option<String>,
    /// Largest request body, in bytes.
    pub body_limit: usize,
}

impl Config {
    /// A configuration with the default body limit.
    pub fn new(db: impl Into<PathBuf>, token: Option<String>) -> Config {
        Config { db: db.into(), token, body_limit: DEFAULT_BODY_LIMIT }
    }
}

/// What every request shares.
pub struct AppState {
    db: PathBuf,
    token: Option<String>,
    body_limit: usize,
    search: Arc<SearchIndex>,
    pool: Mutex<Vec<SqliteStore>>,
    writer: Mutex<SqliteStore>,
}

impl AppState {
    /// Opens the store (creating it if missing) and its search index
    /// (rebuilding it if missing).
    pub fn open(config: &Config) -> Result<Arc<AppState>, StoreError> {
        let mut writer = SqliteStore::open(&config.db)?;
        let search = writer.search_index()?;
        Ok(Arc::new(AppState {
            db: config.db.clone(),
            token: config.token.clone().filter(|t| !t.trim().is_empty()),
            body_limit: config.body_limit,
            search,
            pool: Mutex::new(Vec::new()),
            writer: Mutex::new(writer),
        }))
    }

    /// Whether writes are accepted at all.
    pub fn writable(&self) -> bool {
        self.token.is_some()
    }

    /// The database file.
    pub fn db(&self) -> &Path {
        &self.db
    }

    fn connection(&self) -> Result<SqliteStore, StoreError> {
        if let Some(store) = self.pool.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            return Ok(store);
        }
        let mut store = SqliteStore::open(&self.db)?;
        store.set_search_index(self.search.clone());
        Ok(store)
    }

    /// Runs `f` with a read connection on the blocking pool.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore, &SearchIndex) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let store = state.connection().map_err(ApiError::from)?;
            let out = f(&store, &state.search);
            let mut pool = state.pool.lock().unwrap_or_else(|p| p.into_inner());
            if pool.len() < POOL_SIZE {
                pool.push(store);
            }
            out
        })
        .await
        .map_err(|e| ApiError::internal(format!("task failed: {e}")))?
    }

    /// Runs `f` with the one write connection on the blocking pool.
    pub async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.writer.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("task failed: {e}")))?
    }
}

/// The HTML of a story's page (the benchmark measures this).
pub fn render_story(store: &dyn storyline::store::Store, id: &str) -> Result<String, ApiError> {
    Ok(pages::story_html(&storyline::story::build(store, id)?))
}

/// The whole application: API, pages and assets.
pub fn router(state: Arc<AppState>) -> Router {
    let limit = state.body_limit;
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// Serves on `addr` until Ctrl-C or SIGTERM, then finishes the requests in
/// flight. Prints where it listens and whether it is read-only.
pub async fn serve(addr: SocketAddr, config: Config) -> std::io::Result<()> {
    let state = tokio::task::spawn_blocking(move || AppState::open(&config))
        .await
        .map_err(std::io::Error::other)?
        .map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("storyline: serving {} on http://{}", state.db().display(), listener.local_addr()?);
    if !state.writable() {
        eprintln!("storyline: no token (STORYLINE_TOKEN or --token-file): read-only, writes are refused");
    }
    serve_on(listener, state, shutdown_signal()).await
}

/// Serves on a bound listener until `shutdown` completes (tests use this).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("storyline: shutting down");
}
