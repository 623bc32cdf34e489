//! Storyline engine: turns a pile of news reports into one sourced account.
//!
//! Data flows one way: [`ingest`] readers produce [`Document`]s, [`analyze`]
//! turns one document into an [`Analysis`] (a pure function, run in
//! parallel), and the [`store`] keeps both. The engine knows nothing of HTTP
//! or async; the `storyline` binary and the server are thin layers on top.

pub mod analysis;
pub mod cluster;
pub mod document;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod lang;
pub mod pipeline;
pub mod resolve;
pub mod store;
pub mod story;
pub mod text;

pub use analysis::{Analysis, analyze};
pub use document::{DocId, Document, Span};
pub use lang::Lang;
