//! Extractors: facts found in one article (dates, entities, quotes, numbers).
//! Each is a pure function of the text and its analysis so far; each fact
//! carries the byte span it was read from.

pub mod dates;
pub mod numbers;
pub mod quotes;

use serde::{Deserialize, Serialize};

/// The type of a named entity (CoNLL convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityType {
    #[serde(rename = "PER")]
    Person,
    #[serde(rename = "ORG")]
    Organisation,
    #[serde(rename = "LOC")]
    Location,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    /// The CoNLL code: "PER", "ORG", "LOC" or "MISC".
    pub fn code(self) -> &'static str {
        match self {
            EntityType::Person => "PER",
            EntityType::Organisation => "ORG",
            EntityType::Location => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    /// The type of a CoNLL code; anything unknown is MISC.
    pub fn from_code(code: &str) -> EntityType {
        match code {
            "PER" => EntityType::Person,
            "ORG" => EntityType::Organisation,
            "LOC" => EntityType::Location,
            _ => EntityType::Misc,
        }
    }
}

/// One mention of a named entity in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// A role or title attached to a person ("Foreign Minister"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

pub mod entities;
