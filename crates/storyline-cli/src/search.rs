//! `storyline search`: full-text search over the stored corpus (documents,
//! quotes, entities), with the server's filters.

use std::process::ExitCode;

use storyline::store::search::{HitKind, SearchQuery};

use crate::DbArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Query text: words, "phrases", +must, -not
    pub query: String,
    /// Only this language (ISO 639-1)
    #[arg(long)]
    pub lang: Option<String>,
    /// Only the documents of this story (id, prefix or an article id)
    #[arg(long)]
    pub story: Option<String>,
    /// Only documents mentioning this entity (id)
    #[arg(long)]
    pub entity: Option<String>,
    /// Only this outlet (URL host or input name)
    #[arg(long)]
    pub source: Option<String>,
    /// Only entries dated on or after this day (YYYY-MM-DD)
    #[arg(long)]
    pub from: Option<jiff::civil::Date>,
    /// Only entries dated on or before this day (YYYY-MM-DD)
    #[arg(long)]
    pub to: Option<jiff::civil::Date>,
    /// Only this kind of entry: document, quote, entity or story
    #[arg(long, value_parser = ["document", "quote", "entity"])]
    pub kind: Option<String>,
    /// At most this many hits
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Rebuild the index from the store first
    #[arg(long)]
    pub reindex: bool,
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON instead of a list
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store = crate::open_store(&args.db)?;
    let index = store.search_index()?;
    if args.reindex {
        let n = index.rebuild(&store)?;
        eprintln!("indexed {n} entries");
    }
    let kind = match args.kind.as_deref() {
        None => None,
        Some(k) => Some(
            HitKind::parse(k)
                .ok_or_else(|| anyhow::anyhow!("unknown --kind {k:?}: use document, quote, entity or story"))?,
        ),
    };
    let query = SearchQuery {
        q: args.query,
        lang: args.lang,
        from: args.from,
        to: args.to,
        source: args.source,
        story: args.story,
        entity: args.entity,
        kind,
        limit: Some(args.limit),
        offset: None,
    };
    let results = index.search(&store, &query)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(ExitCode::SUCCESS);
    }
    if results.hits.is_empty() {
        println!("No matches.");
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} matches{}", results.total, if results.total > results.hits.len() { format!(", first {}", results.hits.len()) } else { String::new() });
    for h in &results.hits {
        let kind = format!("{:?}", h.kind).to_lowercase();
        let date = h.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        let title = h.title.as_deref().unwrap_or("");
        let at = match (&h.doc, h.start, h.end) {
            (Some(d), Some(s), Some(e)) => format!("{d}:{s}..{e}"),
            (Some(d), _, _) => d.to_string(),
            _ => h.id.clone(),
        };
        println!("[{kind}] {title}  ({}, {date}, {at})", h.language);
        // Matched words in *asterisks*.
        let mut line = String::new();
        let mut pos = 0;
        for &(s, e) in &h.highlights {
            if s >= pos && e <= h.snippet.len() && h.snippet.is_char_boundary(s) && h.snippet.is_char_boundary(e) {
                line.push_str(&h.snippet[pos..s]);
                line.push('*');
                line.push_str(&h.snippet[s..e]);
                line.push('*');
                pos = e;
            }
        }
        line.push_str(&h.snippet[pos..]);
        println!("    {}", line.replace('\n', " "));
    }
    Ok(ExitCode::SUCCESS)
}
