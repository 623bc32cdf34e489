//! `storyline quotes`: who said what, over the stored corpus.

use std::process::ExitCode;

use serde::Serialize;
use storyline::extract::quotes::Quote;
use storyline::store::Store;

use crate::DbArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Only quotes whose speaker contains this text (case-insensitive)
    #[arg(long)]
    pub speaker: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON instead of a list
    #[arg(long)]
    pub json: bool,
}

/// A quote with the document it was read from (its spans point into that document).
#[derive(Serialize)]
struct Sourced<'a> {
    doc: &'a str,
    published: Option<String>,
    #[serde(flatten)]
    quote: &'a Quote,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = crate::open_store(&args.db)?;
    let wanted = args.speaker.as_deref().map(str::to_lowercase);
    let mut found = Vec::new();
    for summary in store.documents()? {
        let Some(stored) = store.document(&summary.id.0)? else { continue };
        for quote in stored.analysis.quotes {
            let speaker = quote.speaker.as_ref().map(|s| s.text.to_lowercase());
            if let Some(w) = &wanted {
                if !speaker.as_deref().is_some_and(|s| s.contains(w.as_str())) {
                    continue;
                }
            }
            found.push((summary.id.0.clone(), summary.published.map(|d| d.to_string()), quote));
        }
    }
    if args.json {
        let out: Vec<_> = found
            .iter()
            .map(|(doc, published, quote)| Sourced { doc, published: published.clone(), quote })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        println!("No quotes{}.", if wanted.is_some() { " from that speaker" } else { "" });
    }
    for (doc, _, q) in &found {
        let who = q.speaker.as_ref().map(|s| s.text.as_str()).unwrap_or("(unattributed)");
        let kind = format!("{:?}", q.kind).to_lowercase();
        println!("{who} [{kind}, {}] {doc}:{}..{}", q.language, q.start, q.end);
        println!("    {}", q.text.replace('\n', " "));
    }
    Ok(ExitCode::SUCCESS)
}
