//! `storyline docs`, `show` and `rejects`: read the stored corpus.

use std::process::ExitCode;

use serde::Serialize;
use storyline::store::Store;

use crate::DbArgs;

#[derive(clap::Args)]
pub struct DocsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// Document id, or an unambiguous prefix of one
    pub doc: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct RejectsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON instead of a list
    #[arg(long)]
    pub json: bool,
}

/// How a document's date is known.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum DateKind {
    Given,
    /// Estimated by the clusterer from the article's event or story.
    Estimated,
    Unknown,
}

#[derive(Serialize)]
struct DocLine<'a> {
    #[serde(flatten)]
    doc: &'a storyline::store::DocumentSummary,
    date: Option<String>,
    date_kind: DateKind,
}

pub fn docs(args: DocsArgs) -> anyhow::Result<ExitCode> {
    let store = crate::open_store(&args.db)?;
    let docs = store.documents()?;
    let estimated: std::collections::HashMap<_, _> =
        store.assignments()?.into_iter().filter_map(|a| Some((a.doc, a.estimated_date?))).collect();
    let dated = |d: &storyline::store::DocumentSummary| match (d.published, estimated.get(&d.id)) {
        (Some(p), _) => (Some(p), DateKind::Given),
        (None, Some(e)) => (Some(*e), DateKind::Estimated),
        (None, None) => (None, DateKind::Unknown),
    };
    if args.json {
        let lines: Vec<_> = docs
            .iter()
            .map(|d| {
                let (date, date_kind) = dated(d);
                DocLine { doc: d, date: date.map(|p| p.to_string()), date_kind }
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&lines)?);
        return Ok(ExitCode::SUCCESS);
    }
    if docs.is_empty() {
        println!("No documents in {}. Try `storyline ingest PATH` or `storyline demo`.", args.db.db.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<16}  {:<23}  {:<4}  {:>5}  {:<40}  source", "id", "date", "lang", "sent.", "title");
    for d in &docs {
        let date = match dated(d) {
            (Some(p), DateKind::Given) => format!("{p} (given)"),
            (Some(p), _) => format!("~{p} (estimated)"),
            _ => "unknown".to_string(),
        };
        println!(
            "{:<16}  {:<23}  {:<4}  {:>5}  {:<40}  {}",
            d.id,
            date,
            d.language,
            d.sentences,
            truncate(d.title.as_deref().unwrap_or("-"), 40),
            d.source
        );
    }
    println!("{} document{}", docs.len(), if docs.len() == 1 { "" } else { "s" });
    Ok(ExitCode::SUCCESS)
}

pub fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = crate::open_store(&args.db)?;
    let Some(stored) = store.document(&args.doc)? else {
        eprintln!("storyline: no document '{}' in {}", args.doc, args.db.db.display());
        return Ok(ExitCode::from(1));
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stored)?);
        return Ok(ExitCode::SUCCESS);
    }
    let d = &stored.document;
    let a = &stored.analysis;
    println!("id:        {}", d.id);
    println!("source:    {}", d.source);
    if let Some(url) = &d.url {
        println!("url:       {url}");
    }
    if let Some(title) = &d.title {
        println!("title:     {title}");
    }
    match d.published {
        Some(p) => println!("published: {p} (given)"),
        None => println!("published: unknown"),
    }
    println!("language:  {}", a.language);
    println!("sentences: {}", a.sentences.len());
    for s in &a.sentences {
        let marker = if s.language != a.language { format!(" [{}]", s.language) } else { String::new() };
        println!("  {:>6}..{:<6}{marker} {}", s.start, s.end, d.text[s.start..s.end].replace('\n', " "));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn rejects(args: RejectsArgs) -> anyhow::Result<ExitCode> {
    let store = crate::open_store(&args.db)?;
    let rejects = store.rejects()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rejects)?);
        return Ok(ExitCode::SUCCESS);
    }
    if rejects.is_empty() {
        println!("No rejected inputs.");
    }
    for r in &rejects {
        let loc = r.reject.location.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
        println!("{}  {}{loc}: {}", r.seen, r.reject.input, r.reject.reason);
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}
