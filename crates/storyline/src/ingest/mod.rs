//! Ingest: readers that turn input files into [`Document`]s.
//!
//! The format is recognised from the content (not only the extension). A
//! reader never stops a run: every problem becomes a [`Reject`] naming the
//! input, the line or record, and the reason.
//!
//! STUB: the real readers replace this file; the types and function
//! signatures are the contract the CLI and the server use.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::Document;

/// Limits that protect a run from pathological input.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Files larger than this are refused whole (the reason names the limit).
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 256 * 1024 * 1024 }
    }
}

/// An input, or part of one, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// The file path, or `-` for standard input.
    pub input: String,
    /// Where in the input, e.g. `line 3` or `record 12`; `None` for the whole input.
    pub location: Option<String>,
    pub reason: String,
}

/// What a reader yields, in input order.
#[derive(Debug, Clone)]
pub enum Item {
    Document(Document),
    Reject(Reject),
}

/// Reads a file or a directory (recursively, in sorted order), passing every
/// document and every problem to `out` as soon as it is read.
pub fn read_path(path: &Path, limits: &Limits, out: &mut dyn FnMut(Item)) {
    let _ = (path, limits, out);
}

/// Reads one input already in memory. `name` is what rejects and `source`
/// show (a path or `-`); `origin` is the identity key of the input (a
/// canonical path), `None` for standard input, where ids follow content.
pub fn read_bytes(name: &str, origin: Option<&str>, bytes: &[u8], out: &mut dyn FnMut(Item)) {
    let _ = (name, origin, bytes, out);
}
