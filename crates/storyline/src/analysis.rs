//! Per-article analysis: a pure function of one document's text.
//!
//! [`analyze`] is what every caller (ingest, `storyline analyze`, the server)
//! runs; it depends on nothing but the text and its options, so documents
//! are analysed in parallel. Every span is a byte range into the text exactly
//! as given.

use std::time::{Duration, Instant};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::extract::dates::{self, Timex};
use crate::extract::EntityMention;
use crate::extract::entities::{self, Acronym};
use crate::lang::Lang;
use crate::text::{self, Sentence, Token};

/// What the caller knows about a text before analysing it.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// A language the input declares or the user forces; detection is skipped
    /// for the document (sentences are still identified one by one).
    pub language: Option<Lang>,
    /// The publication date, the anchor for relative dates.
    pub published: Option<Date>,
}

/// The analysis of one article. This is the JSON contract of
/// `storyline analyze`: later extractors add fields, never rename them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The language of the document as a whole.
    pub language: Lang,
    pub sentences: Vec<Sentence>,
    /// Word tokens with stems; recomputed on demand, so not stored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Token>,
    /// Temporal expressions, normalised against the publication date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<Timex>,
    /// Named entities (PER, ORG, LOC, MISC) with byte spans and roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<EntityMention>,
    /// Acronyms defined in the text, linked to their long forms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acronyms: Vec<Acronym>,
    /// Quotations and their speakers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<crate::extract::quotes::Quote>,
    /// Counts and ordinals with the noun they count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<crate::extract::numbers::Number>,
}

/// Analyses one text.
pub fn analyze(input: &str, options: &AnalyzeOptions) -> Analysis {
    analyze_timed(input, options, &mut StepTimes::default())
}

/// Wall time spent in each step of [`analyze`], summed over calls: what a
/// benchmark reports per step (reading the clock costs ~20 ns a step).
#[derive(Debug, Clone, Copy, Default)]
pub struct StepTimes {
    /// Language, sentences, tokens and stems.
    pub text: Duration,
    pub dates: Duration,
    pub entities: Duration,
    pub quotes: Duration,
    pub numbers: Duration,
}

/// [`analyze`], adding the time of each step to `times`.
pub fn analyze_timed(input: &str, options: &AnalyzeOptions, times: &mut StepTimes) -> Analysis {
    let mut clock = Instant::now();
    let mut lap = |step: &mut Duration| {
        let now = Instant::now();
        *step += now - clock;
        clock = now;
    };
    let text::TextAnalysis {
        language,
        sentences,
        tokens,
    } = text::analyze_text(input, options.language);
    lap(&mut times.text);
    let dates = dates::tag(input, &sentences, options.published);
    lap(&mut times.dates);
    let found = entities::extract(input, &sentences);
    lap(&mut times.entities);
    let quotes = crate::extract::quotes::extract(input, &sentences, &found.mentions);
    lap(&mut times.quotes);
    let numbers = crate::extract::numbers::extract(input, &sentences, &tokens, &dates);
    lap(&mut times.numbers);
    Analysis {
        language,
        sentences,
        tokens,
        dates,
        entities: found.mentions,
        acronyms: found.acronyms,
        quotes,
        numbers,
    }
}
