//! The OpenAPI 3.1 document of the API, written by hand: a code generator
//! (utoipa) would add a proc-macro dependency tree for a dozen paths.

use serde_json::{Value, json};

fn param(name: &str, place: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": place, "required": place == "path", "description": description, "schema": schema })
}

fn ok(description: &str) -> Value {
    json!({
        "200": { "description": description, "content": { "application/json": { "schema": { "type": "object" } } } },
        "400": { "$ref": "#/components/responses/Error" },
        "404": { "$ref": "#/components/responses/Error" }
    })
}

fn paging() -> Vec<Value> {
    vec![
        param("limit", "query", "At most this many items (default 100, at most 1000)", json!({"type": "integer"})),
        param("offset", "query", "Skip this many items", json!({"type": "integer"})),
    ]
}

/// The OpenAPI document served at `/api/openapi.json`.
pub fn document() -> Value {
    let id = |what: &str| param("id", "path", what, json!({"type": "string"}));
    let mut search_params = vec![
        param("q", "query", "Query text: words, \"phrases\", +must, -not", json!({"type": "string"})),
        param("lang", "query", "Only this language (ISO 639-1)", json!({"type": "string"})),
        param("from", "query", "Only entries dated on or after (YYYY-MM-DD)", json!({"type": "string", "format": "date"})),
        param("to", "query", "Only entries dated on or before (YYYY-MM-DD)", json!({"type": "string", "format": "date"})),
        param("source", "query", "Only this outlet (URL host or input name)", json!({"type": "string"})),
        param("story", "query", "Only the documents of this story", json!({"type": "string"})),
        param("entity", "query", "Only documents mentioning this entity id", json!({"type": "string"})),
        param("kind", "query", "document, quote, entity or story", json!({"type": "string", "enum": ["document", "quote", "entity", "story"]})),
    ];
    search_params.extend(paging());
    let mut quote_params = vec![
        param("speaker", "query", "Speaker contains (case-insensitive)", json!({"type": "string"})),
        param("doc", "query", "Only this document", json!({"type": "string"})),
    ];
    quote_params.extend(paging());
    let mut entity_params = vec![param("q", "query", "Name or alias contains", json!({"type": "string"}))];
    entity_params.extend(paging());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Storyline API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "News reports in many languages turned into one sourced account. Reads are open; writes need a bearer token."
        },
        "paths": {
            "/api/documents": {
                "get": { "summary": "List stored documents", "parameters": paging(), "responses": ok("{total, items: [DocumentSummary]}") },
                "post": {
                    "summary": "Ingest documents through the pipeline",
                    "security": [{ "bearer": [] }],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "oneOf": [{ "$ref": "#/components/schemas/NewDocument" }, { "type": "array", "items": { "$ref": "#/components/schemas/NewDocument" } }]
                    } } } },
                    "responses": {
                        "201": { "description": "IngestSummary and the ids read", "content": { "application/json": { "schema": { "type": "object" } } } },
                        "400": { "$ref": "#/components/responses/Error" },
                        "401": { "$ref": "#/components/responses/Error" },
                        "403": { "$ref": "#/components/responses/Error" },
                        "413": { "$ref": "#/components/responses/Error" },
                        "422": { "$ref": "#/components/responses/Error" }
                    }
                }
            },
            "/api/documents/{id}": { "get": { "summary": "One document and its analysis", "parameters": [id("Document id or unambiguous prefix")], "responses": ok("{document, analysis}") } },
            "/api/stories": { "get": { "summary": "Stories, largest first", "parameters": paging(), "responses": ok("{total, items: [StorySummary]}") } },
            "/api/stories/{id}": { "get": { "summary": "One story: events and articles", "parameters": [id("Story id, prefix, or an article id")], "responses": ok("StorySummary") } },
            "/api/stories/{id}/view": { "get": { "summary": "The sourced account of a story", "parameters": [id("Story id, prefix, or an article id")], "responses": ok("StoryView: story, sources, timeline, background, summary, speakers, claims, entities") } },
            "/api/entities": { "get": { "summary": "Entities, most mentioned first", "parameters": entity_params, "responses": ok("{total, items: [Entity]}") } },
            "/api/entities/{id}": { "get": { "summary": "One entity and its mentions", "parameters": [id("Entity id")], "responses": ok("Entity with mentions") } },
            "/api/quotes": { "get": { "summary": "Quotations: who said what", "parameters": quote_params, "responses": ok("{total, items: [Quote with doc]}") } },
            "/api/search": { "get": { "summary": "Full-text search over documents, quotes and entities", "parameters": search_params, "responses": ok("{total, hits: [SearchHit]}") } },
            "/api/openapi.json": { "get": { "summary": "This document", "responses": { "200": { "description": "OpenAPI 3.1" } } } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": {
                "Error": { "description": "An error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            },
            "schemas": {
                "Error": { "type": "object", "properties": { "error": { "type": "object", "properties": {
                    "status": { "type": "integer" }, "message": { "type": "string" } } } } },
                "NewDocument": { "type": "object", "properties": {
                    "text": { "type": "string", "description": "The article body (or `body`)" },
                    "body": { "type": "string" },
                    "id": { "type": "string" }, "title": { "type": "string" }, "url": { "type": "string" },
                    "source": { "type": "string" }, "published": { "type": "string", "description": "RFC 3339 or YYYY-MM-DD" },
                    "language": { "type": "string", "description": "ISO 639-1" }
                } }
            }
        }
    })
}
