//! Per-article analysis: a pure function of one document's text.
//!
//! [`analyze`] is what every caller (`storyline analyze`, the server) runs;
//! it depends on nothing but the text and its options, so documents are
//! analysed in parallel. Ingest analyses batches of documents step by step
//! ([`analyze_batch`]), each exactly as [`analyze`] would. Every span is a
//! byte range into the text exactly as given.

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

/// Texts per [`analyze_batch`] call in ingest and the benchmark: enough for
/// each step's tables to stay cached over the batch, few enough for the 256
/// documents of an ingest transaction to share out evenly over the cores.
/// On the benchmark's articles, batches of 32 against one text at a time
/// (three runs each, interleaved): language and sentences 23–26 MB/s against
/// 20–21, dates 13–14 against 10.5–11.4, the tagger unchanged (its weights
/// outgrow the caches either way); 16 measured the same as 32.
pub const BATCH: usize = 16;

/// [`analyze`], adding the time of each step to `times`.
pub fn analyze_timed(input: &str, options: &AnalyzeOptions, times: &mut StepTimes) -> Analysis {
    analyze_batch(&[(input, options)], times).pop().expect("one analysis per text")
}

/// Analyses several texts, each exactly as [`analyze`] would, one step at a
/// time over all of them: each step's tables (the language models, the
/// date patterns, the tagger's weights) then stay in the CPU's caches from
/// one text to the next, instead of being pushed out by the other steps'.
/// Adds the time of each step to `times`.
pub fn analyze_batch(inputs: &[(&str, &AnalyzeOptions)], times: &mut StepTimes) -> Vec<Analysis> {
    let mut clock = Instant::now();
    let mut lap = |step: &mut Duration| {
        let now = Instant::now();
        *step += now - clock;
        clock = now;
    };
    let texts: Vec<text::TextAnalysis> = inputs.iter().map(|(input, o)| text::analyze_text(input, o.language)).collect();
    lap(&mut times.text);
    let dates: Vec<Vec<Timex>> =
        inputs.iter().zip(&texts).map(|((input, o), t)| dates::tag(input, &t.sentences, o.published)).collect();
    lap(&mut times.dates);
    let found: Vec<entities::Entities> =
        inputs.iter().zip(&texts).map(|((input, _), t)| entities::extract(input, &t.sentences)).collect();
    lap(&mut times.entities);
    let quotes: Vec<_> = inputs
        .iter()
        .zip(&texts)
        .zip(&found)
        .map(|(((input, _), t), f)| crate::extract::quotes::extract(input, &t.sentences, &f.mentions))
        .collect();
    lap(&mut times.quotes);
    let numbers: Vec<_> = inputs
        .iter()
        .zip(&texts)
        .zip(&dates)
        .map(|(((input, _), t), d)| crate::extract::numbers::extract(input, &t.sentences, &t.tokens, d))
        .collect();
    lap(&mut times.numbers);
    texts
        .into_iter()
        .zip(dates)
        .zip(found)
        .zip(quotes)
        .zip(numbers)
        .map(|((((t, dates), found), quotes), numbers)| Analysis {
            language: t.language,
            sentences: t.sentences,
            tokens: t.tokens,
            dates,
            entities: found.mentions,
            acronyms: found.acronyms,
            quotes,
            numbers,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch is analysed text by text as [`analyze`] would, each with its
    /// own options, whatever its neighbours in the batch.
    #[test]
    fn a_batch_gives_each_text_its_own_analysis() {
        let texts = [
            "The ferry to Keldmouth resumed on Tuesday, harbour master Ilse Varga said. \"We are open,\" she told reporters.",
            "Brandkåren i Sundby larmades i onsdags. Enligt räddningsledaren Per Holm skadades två personer.",
            "",
            "Le conseil municipal de Vaulnes votera le 14 septembre, a annoncé le maire Jean Brisac.",
        ];
        let options = [
            AnalyzeOptions { language: None, published: Some("2031-05-16".parse().unwrap()) },
            AnalyzeOptions { language: None, published: Some("2031-05-16".parse().unwrap()) },
            AnalyzeOptions::default(),
            AnalyzeOptions { language: Some(Lang::FR), published: None },
        ];
        let inputs: Vec<_> = texts.iter().copied().zip(&options).collect();
        let batch = analyze_batch(&inputs, &mut StepTimes::default());
        assert_eq!(batch.len(), texts.len());
        for ((text, opts), got) in inputs.iter().zip(&batch) {
            assert_eq!(got, &analyze(text, opts), "{text}");
        }
        // Not vacuous: the dated texts found their dates, each against its own anchor.
        assert_eq!(batch[0].dates[0].value, "2031-05-13");
        assert_eq!(batch[1].dates[0].value, "2031-05-14");
        assert!(batch[3].dates.iter().all(|d| d.value.starts_with("XXXX")), "{:?}", batch[3].dates);
    }
}
