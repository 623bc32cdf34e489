//! `storyline analyze`: the per-article analysis of one text, as JSON, with
//! byte offsets into the input exactly as given. Nothing is stored.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use storyline::analysis::{AnalyzeOptions, analyze};
use storyline::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// The text to analyse; `-` or nothing for standard input
    pub file: Option<PathBuf>,
    /// Force the document language (ISO 639-1 code) instead of detecting it
    #[arg(long)]
    pub lang: Option<String>,
    /// Publication date (YYYY-MM-DD), the anchor for relative dates; a leading
    /// `date YYYY-MM-DD` line of the input is used when this is not given
    #[arg(long)]
    pub published: Option<jiff::civil::Date>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut bytes = Vec::new();
    match &args.file {
        Some(p) if p.as_os_str() != "-" => {
            bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?
        }
        _ => {
            std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        }
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!("input is not UTF-8 (invalid byte at offset {}); `storyline ingest` detects legacy encodings", e.utf8_error().valid_up_to())
    })?;
    let language = match &args.lang {
        Some(code) => Some(Lang::from_code(code).ok_or_else(|| anyhow::anyhow!("unknown language code '{code}'"))?),
        None => None,
    };
    let (text, dated) = blank_date_line(text);
    let published = args.published.or(dated);
    let analysis = analyze(&text, &AnalyzeOptions { language, published });
    println!("{}", serde_json::to_string_pretty(&analysis)?);
    Ok(ExitCode::SUCCESS)
}

/// Reads a leading `date YYYY-MM-DD` line as `ingest` does, and blanks it
/// with spaces of the same length, so the line is not analysed as text and
/// every offset still points into the input as given.
fn blank_date_line(mut text: String) -> (String, Option<jiff::civil::Date>) {
    let (date, body) = storyline::ingest::split_date_line(&text);
    if date.is_none() {
        return (text, None);
    }
    let head = text.len() - body.len();
    text.replace_range(..head, &" ".repeat(head));
    (text, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_line_is_blanked_and_offsets_keep() {
        let input = "date 2031-04-02 The council met on Tuesday.".to_string();
        let (text, date) = blank_date_line(input.clone());
        assert_eq!(date, Some(jiff::civil::date(2031, 4, 2)));
        assert_eq!(text.len(), input.len());
        assert!(text[..16].bytes().all(|b| b == b' '));
        assert_eq!(&text[16..], &input[16..]);
        let (same, none) = blank_date_line("The council met.".to_string());
        assert_eq!((same.as_str(), none), ("The council met.", None));
    }
}
