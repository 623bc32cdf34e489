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
    /// Publication date (YYYY-MM-DD), the anchor for relative dates
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
    let analysis = analyze(&text, &AnalyzeOptions { language, published: args.published });
    println!("{}", serde_json::to_string_pretty(&analysis)?);
    Ok(ExitCode::SUCCESS)
}
