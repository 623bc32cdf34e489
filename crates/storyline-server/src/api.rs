//! The JSON API under `/api/`: documents, stories, story views, entities,
//! quotes, search, and ingest by POST. Errors are JSON bodies
//! `{"error": {"status": N, "message": "…"}}`; no handler panics on input.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use storyline::document::DocId;
use storyline::extract::quotes::Quote;
use storyline::ingest::Item;
use storyline::pipeline::{self, IngestOptions, IngestSummary, Input};
use storyline::resolve::{Entity, ResolvedMention};
use storyline::store::search::{HitKind, SearchQuery, SearchResults};
use storyline::store::{DocumentSummary, Store, StoreError, StoredDocument};
use storyline::story::{self, StoryError, StoryView};

use crate::AppState;

type Shared = State<Arc<AppState>>;

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Ambiguous(_) => ApiError::bad_request(e.to_string()),
            _ => ApiError::internal(e.to_string()),
        }
    }
}

impl From<StoryError> for ApiError {
    fn from(e: StoryError) -> ApiError {
        match e {
            StoryError::NotFound(_) => ApiError::not_found(e.to_string()),
            StoryError::Ambiguous { .. } => ApiError::bad_request(e.to_string()),
            StoryError::Store(s) => s.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": { "status": self.status.as_u16(), "message": self.message } });
        let mut r = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        r
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Query parameters, with a JSON 400 instead of axum's plain-text rejection.
fn params<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t).map_err(|e| ApiError::bad_request(e.body_text()))
}

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/documents", get(list_documents).post(post_documents))
        .route("/api/documents/{id}", get(get_document))
        .route("/api/stories", get(list_stories))
        .route("/api/stories/{id}", get(get_story))
        .route("/api/stories/{id}/view", get(get_story_view))
        .route("/api/entities", get(list_entities))
        .route("/api/entities/{id}", get(get_entity))
        .route("/api/quotes", get(list_quotes))
        .route("/api/search", get(search))
        .route("/api/openapi.json", get(|| async { Json(crate::openapi::document()) }))
        .route("/api/{*rest}", axum::routing::any(|| async { ApiError::not_found("no such API endpoint") }))
}

/// Paging parameters.
#[derive(Debug, Deserialize)]
pub(crate) struct Page {
    limit: Option<usize>,
    offset: Option<usize>,
}

impl Page {
    fn apply<T>(&self, items: Vec<T>, default: usize) -> Vec<T> {
        let limit = self.limit.unwrap_or(default).clamp(1, 1000);
        items.into_iter().skip(self.offset.unwrap_or(0)).take(limit).collect()
    }
}

/// A page of a list, with the total before paging.
#[derive(Debug, Serialize)]
pub(crate) struct Listing<T> {
    pub total: usize,
    pub items: Vec<T>,
}

async fn list_documents(State(state): Shared, q: Result<Query<Page>, QueryRejection>) -> ApiResult<Listing<DocumentSummary>> {
    let page = params(q)?;
    state
        .read(move |store, _| {
            let all = store.documents()?;
            Ok(Json(Listing { total: all.len(), items: page.apply(all, 100) }))
        })
        .await
}

/// Loads one document or answers 404.
pub(crate) fn load_document(store: &dyn Store, id: &str) -> Result<StoredDocument, ApiError> {
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad_request(format!("'{id}' is not a document id (hex digits)")));
    }
    store.document(id)?.ok_or_else(|| ApiError::not_found(format!("no document '{id}'")))
}

async fn get_document(State(state): Shared, Path(id): Path<String>) -> ApiResult<StoredDocument> {
    state.read(move |store, _| load_document(store, &id).map(Json)).await
}

async fn list_stories(State(state): Shared, q: Result<Query<Page>, QueryRejection>) -> Result<Response, ApiError> {
    let page = params(q)?;
    state
        .read(move |store, _| {
            let all = storyline::cluster::summary::stories(&store.documents()?, &store.assignments()?);
            let total = all.len();
            Ok(Json(Listing { total, items: page.apply(all, 100) }).into_response())
        })
        .await
}

async fn get_story(State(state): Shared, Path(id): Path<String>) -> Result<Response, ApiError> {
    state.read(move |store, _| Ok(Json(story::find(store, &id)?).into_response())).await
}

async fn get_story_view(State(state): Shared, Path(id): Path<String>) -> ApiResult<StoryView> {
    state.read(move |store, _| Ok(Json(story::build(store, &id)?))).await
}

/// An entity as the API shows it (its matching evidence left out).
#[derive(Debug, Serialize)]
pub(crate) struct EntityOut {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: storyline::extract::EntityType,
    pub canonical: String,
    pub aliases: BTreeMap<String, BTreeMap<String, u32>>,
    pub roles: BTreeMap<String, u32>,
    pub mentions: u32,
    pub documents: u32,
    pub first_seen: Option<Date>,
    pub last_seen: Option<Date>,
}

impl From<Entity> for EntityOut {
    fn from(e: Entity) -> EntityOut {
        EntityOut {
            id: e.id,
            kind: e.kind,
            canonical: e.canonical,
            aliases: e.aliases,
            roles: e.roles,
            mentions: e.mentions,
            documents: e.documents,
            first_seen: e.first_seen,
            last_seen: e.last_seen,
        }
    }
}

#[derive(Debug, Deserialize)]
struct EntityFilter {
    /// Only entities whose name or alias contains this (case-insensitive).
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn list_entities(State(state): Shared, q: Result<Query<EntityFilter>, QueryRejection>) -> ApiResult<Listing<EntityOut>> {
    let f = params(q)?;
    state
        .read(move |store, _| {
            let want = f.q.as_deref().map(str::to_lowercase).filter(|w| !w.is_empty());
            let mut all: Vec<Entity> = store
                .entities()?
                .into_iter()
                .filter(|e| {
                    want.as_deref().is_none_or(|w| {
                        e.canonical.to_lowercase().contains(w)
                            || e.aliases.values().flat_map(|m| m.keys()).any(|a| a.to_lowercase().contains(w))
                    })
                })
                .collect();
            all.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
            let page = Page { limit: f.limit, offset: f.offset };
            Ok(Json(Listing { total: all.len(), items: page.apply(all, 100).into_iter().map(EntityOut::from).collect() }))
        })
        .await
}

/// One entity and where it is mentioned.
#[derive(Debug, Serialize)]
pub(crate) struct EntityDetail {
    #[serde(flatten)]
    pub entity: EntityOut,
    /// Every mention, in document order.
    pub spans: Vec<ResolvedMention>,
}

/// Loads one entity with its mentions, or answers 404.
pub(crate) fn load_entity(store: &dyn Store, id: &str) -> Result<EntityDetail, ApiError> {
    let entity = store
        .entities()?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| ApiError::not_found(format!("no entity '{id}'")))?;
    let mentions = store.entity_mentions(id)?;
    Ok(EntityDetail { entity: entity.into(), spans: mentions })
}

async fn get_entity(State(state): Shared, Path(id): Path<String>) -> ApiResult<EntityDetail> {
    state.read(move |store, _| load_entity(store, &id).map(Json)).await
}

#[derive(Debug, Deserialize)]
struct QuoteFilter {
    /// Only quotes whose speaker contains this (case-insensitive).
    speaker: Option<String>,
    /// Only quotes of this document.
    doc: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// A quote with the document its spans point into.
#[derive(Debug, Serialize)]
pub(crate) struct QuoteOut {
    pub doc: DocId,
    pub published: Option<Date>,
    #[serde(flatten)]
    pub quote: Quote,
}

async fn list_quotes(State(state): Shared, q: Result<Query<QuoteFilter>, QueryRejection>) -> ApiResult<Listing<QuoteOut>> {
    let f = params(q)?;
    state
        .read(move |store, _| {
            let want = f.speaker.as_deref().map(str::to_lowercase).filter(|w| !w.is_empty());
            let docs: Vec<(DocId, Option<Date>)> = match f.doc.as_deref().filter(|d| !d.is_empty()) {
                Some(id) => {
                    let d = load_document(store, id)?;
                    vec![(d.document.id.clone(), d.document.published)]
                }
                None => store.documents()?.into_iter().map(|d| (d.id, d.published)).collect(),
            };
            let mut out = Vec::new();
            for (id, published) in docs {
                let Some(stored) = store.document(&id.0)? else { continue };
                for quote in stored.analysis.quotes {
                    let speaker = quote.speaker.as_ref().map(|s| s.text.to_lowercase());
                    if want.as_deref().is_some_and(|w| !speaker.as_deref().is_some_and(|s| s.contains(w))) {
                        continue;
                    }
                    out.push(QuoteOut { doc: id.clone(), published, quote });
                }
            }
            let page = Page { limit: f.limit, offset: f.offset };
            Ok(Json(Listing { total: out.len(), items: page.apply(out, 100) }))
        })
        .await
}

/// Search parameters as the query string gives them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchParams {
    pub q: Option<String>,
    pub lang: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub source: Option<String>,
    pub story: Option<String>,
    pub entity: Option<String>,
    pub kind: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl SearchParams {
    /// Checks the parameters and turns them into an engine query.
    pub(crate) fn to_query(&self) -> Result<SearchQuery, ApiError> {
        let q = self.q.clone().unwrap_or_default();
        if q.trim().is_empty() {
            return Err(ApiError::bad_request("missing query text: give ?q=…"));
        }
        if q.len() > 1000 {
            return Err(ApiError::bad_request("query text longer than 1000 bytes"));
        }
        let date = |s: &Option<String>, name: &str| -> Result<Option<Date>, ApiError> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s
                    .parse::<Date>()
                    .map(Some)
                    .map_err(|_| ApiError::bad_request(format!("'{name}' must be a date like 2031-04-02, not '{s}'"))),
            }
        };
        let kind = match self.kind.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("all") => None,
            Some(k) => match HitKind::parse(k) {
                Some(kind) => Some(kind),
                None => return Err(ApiError::bad_request(format!("'kind' is document, quote, entity or story, not '{k}'"))),
            },
        };
        let blank = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        Ok(SearchQuery {
            q,
            lang: blank(&self.lang),
            from: date(&self.from, "from")?,
            to: date(&self.to, "to")?,
            source: blank(&self.source),
            story: blank(&self.story),
            entity: blank(&self.entity),
            kind,
            limit: self.limit,
            offset: self.offset,
        })
    }
}

async fn search(State(state): Shared, q: Result<Query<SearchParams>, QueryRejection>) -> ApiResult<SearchResults> {
    let query = params(q)?.to_query()?;
    state.read(move |store, index| Ok(Json(index.search(store, &query)?))).await
}

/// What an ingest by POST did.
#[derive(Debug, Serialize)]
struct Ingested {
    #[serde(flatten)]
    summary: IngestSummary,
    /// The ids of the documents read, in input order.
    documents: Vec<DocId>,
}

fn check_token(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "this server is read-only: start it with STORYLINE_TOKEN or --token-file to accept writes"));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => Err(ApiError::new(StatusCode::UNAUTHORIZED, "writes need 'Authorization: Bearer <token>'")),
        Some(g) if constant_time_eq(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong token")),
    }
}

/// Compares without an early exit, so timing does not leak the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Accepts one document object or an array of them, each as a JSON Lines
/// record (`text` or `body`, optional `id`, `title`, `url`, `source`,
/// `published`, `language`), and runs them through the ingest pipeline.
async fn post_documents(
    State(state): Shared,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    check_token(&state, &headers)?;
    let body = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    let value: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("body is not JSON: {e}")))?;
    let records = match value {
        serde_json::Value::Array(items) => items,
        obj @ serde_json::Value::Object(_) => vec![obj],
        _ => return Err(ApiError::bad_request("body must be a document object or an array of them")),
    };
    if records.is_empty() {
        return Err(ApiError::bad_request("no documents given"));
    }
    let mut jsonl = Vec::with_capacity(body.len() + records.len());
    for (i, r) in records.iter().enumerate() {
        if !r.is_object() {
            return Err(ApiError::bad_request(format!("item {i} is not a JSON object")));
        }
        serde_json::to_writer(&mut jsonl, r).map_err(|e| ApiError::internal(e.to_string()))?;
        jsonl.push(b'\n');
    }
    let summary = state
        .write(move |store| {
            // Read once for the ids and any rejects; the pipeline reads the same bytes again.
            let mut ids = Vec::new();
            let mut rejects = Vec::new();
            storyline::ingest::read_bytes("api.jsonl", None, &jsonl, &mut |item| match item {
                Item::Document(d) => ids.push(d.id),
                Item::Reject(r) => rejects.push(r),
            });
            if ids.is_empty() {
                let why: Vec<String> = rejects.iter().map(|r| format!("{}: {}", r.location.as_deref().unwrap_or(""), r.reason)).collect();
                return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("no usable document: {}", why.join("; "))));
            }
            let input = Input::Bytes { name: "api.jsonl".into(), origin: None, bytes: jsonl };
            let summary = pipeline::ingest(vec![input], store, &IngestOptions::default(), &mut |_| {})?;
            Ok(Ingested { summary, documents: ids })
        })
        .await?;
    Ok((StatusCode::CREATED, Json(summary)).into_response())
}
