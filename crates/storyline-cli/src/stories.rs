//! `storyline stories`, `story`, `timeline`, `export assignments` and
//! `recluster`: the stories and events the clusterer found in the stored
//! corpus, and the sourced account of one story (rendered by [`story_view`]).

use std::process::ExitCode;

use storyline::cluster::summary::{self, StorySummary};
use storyline::lang::Lang;
use storyline::store::Store;
use storyline::story::{self, StoryError, StoryView, ViewOptions};

use crate::{DbArgs, story_view};

#[derive(clap::Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// Which story, from which database, printed how: shared by `story` and `timeline`.
#[derive(clap::Args)]
pub struct ViewTarget {
    /// Story id (`s-…`), an unambiguous prefix of one, or the id of one of its articles
    pub id: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// Output format (`html` gives the whole story page)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Same as `--format json`
    #[arg(long)]
    pub json: bool,
}

impl ViewTarget {
    fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}

#[derive(clap::Args)]
pub struct StoryArgs {
    #[command(flatten)]
    pub target: ViewTarget,
    /// Quote the summary only from sources in this language (e.g. `sv`); never translated
    #[arg(long)]
    pub lang: Option<String>,
}

#[derive(clap::Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub target: ViewTarget,
}

/// How a story view is printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Html,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(clap::Subcommand)]
pub enum ExportWhat {
    /// Tab-separated `doc_id<TAB>story_id<TAB>event_id`, one line per article
    Assignments {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(clap::Args)]
pub struct ReclusterArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
}

fn load(db: &DbArgs) -> anyhow::Result<Vec<StorySummary>> {
    let store = crate::open_store(db)?;
    Ok(summary::stories(&store.documents()?, &store.assignments()?))
}

fn range(first: Option<jiff::civil::Date>, last: Option<jiff::civil::Date>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}..{b}"),
        _ => "undated".to_string(),
    }
}

pub fn stories(args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let stories = load(&args.db)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stories)?);
        return Ok(ExitCode::SUCCESS);
    }
    if stories.is_empty() {
        println!("No stories in {}. Try `storyline ingest PATH` or `storyline demo`.", args.db.db.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<18}  {:<22}  {:<11}  {:>4}  {:>4}  {:>4}  title",
        "story", "dates", "languages", "art.", "src.", "ev."
    );
    for s in &stories {
        println!(
            "{:<18}  {:<22}  {:<11}  {:>4}  {:>4}  {:>4}  {}",
            s.id,
            range(s.first, s.last),
            s.languages.join(","),
            s.articles,
            s.sources,
            s.events.len(),
            s.title
        );
    }
    println!("{} stor{}", stories.len(), if stories.len() == 1 { "y" } else { "ies" });
    Ok(ExitCode::SUCCESS)
}

/// Builds a story's view, reporting a missing or ambiguous id as the CLI does.
fn view(db: &DbArgs, id: &str, language: Option<Lang>) -> anyhow::Result<Result<StoryView, ExitCode>> {
    let store = crate::open_store(db)?;
    match story::build_with(&store, id, &ViewOptions { language }) {
        Ok(v) => Ok(Ok(v)),
        Err(e @ (StoryError::NotFound(_) | StoryError::Ambiguous { .. })) => {
            eprintln!("storyline: {e} in {}", db.db.display());
            Ok(Err(ExitCode::from(1)))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn story(args: StoryArgs) -> anyhow::Result<ExitCode> {
    let language = match args.lang.as_deref() {
        Some(code) => Some(Lang::from_code(code).ok_or_else(|| anyhow::anyhow!("unknown language code '{code}'"))?),
        None => None,
    };
    let v = match view(&args.target.db, &args.target.id, language)? {
        Ok(v) => v,
        Err(code) => return Ok(code),
    };
    match args.target.format() {
        Format::Json => println!("{}", serde_json::to_string_pretty(&v)?),
        Format::Markdown => print!("{}", story_view::markdown(&v, false)),
        Format::Html => print!("{}", story_view::html(&v)),
        Format::Text => {
            print!("{}", story_view::text(&v, false));
            print_events(&v.story);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `storyline timeline ID`: the story's dated happenings and background.
pub fn timeline(args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let t = &args.target;
    let v = match view(&t.db, &t.id, None)? {
        Ok(v) => v,
        Err(code) => return Ok(code),
    };
    match t.format() {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "story": v.story.id, "timeline": v.timeline, "background": v.background }))?
        ),
        Format::Markdown => print!("{}", story_view::markdown(&v, true)),
        Format::Html => print!("{}", story_view::html(&v)),
        Format::Text => print!("{}", story_view::text(&v, true)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The story's events and their articles, rewrites marked.
fn print_events(s: &StorySummary) {
    println!("\nEVENTS");
    for e in &s.events {
        println!("  event {}  {}  ({} article{})", e.id, range(e.first, e.last), e.articles.len(), if e.articles.len() == 1 { "" } else { "s" });
        for a in &e.articles {
            let date = match (a.date, a.date_estimated) {
                (Some(d), false) => d.to_string(),
                (Some(d), true) => format!("~{d} (est.)"),
                (None, _) => "undated".to_string(),
            };
            let rewrite = a
                .duplicate_of
                .as_ref()
                .map(|(of, sim)| {
                    let kind = if *sim >= 0.9 { "copy" } else { "rewrite" };
                    format!("  [{kind} of {of}, {:.0}%]", sim * 100.0)
                })
                .unwrap_or_default();
            println!(
                "    {}  {:<18}  {}  {}{rewrite}",
                a.id,
                date,
                a.language,
                a.title.as_deref().unwrap_or(&a.source)
            );
        }
    }
}

pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    match args.what {
        ExportWhat::Assignments { db } => {
            let store = crate::open_store(&db)?;
            let mut out = String::new();
            for a in store.assignments()? {
                out.push_str(&format!("{}\t{}\t{}\n", a.doc, a.story, a.event));
            }
            print!("{out}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn recluster(args: ReclusterArgs) -> anyhow::Result<ExitCode> {
    let mut store = crate::open_store(&args.db)?;
    let report = storyline::cluster::persist::recluster(&mut store, Default::default())?;
    // Stories merged, split or emptied: their search entries are rebuilt.
    if !report.moved_story.is_empty() || !report.merged.is_empty() || !report.split.is_empty() {
        store.search_index()?.rebuild(&store)?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Stories {} -> {}, events {} -> {}; {} article{} changed story, {} changed event.",
        report.stories_before,
        report.stories_after,
        report.events_before,
        report.events_after,
        report.moved_story.len(),
        if report.moved_story.len() == 1 { "" } else { "s" },
        report.moved_event.len()
    );
    for (new, olds) in &report.merged {
        println!("  merged into {new}: {}", olds.join(", "));
    }
    for (old, news) in &report.split {
        println!("  split {old} into: {}", news.join(", "));
    }
    for (doc, from, to) in &report.moved_story {
        println!("  {doc}: story {from} -> {to}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `storyline eval clusters`: scores the stored assignments against a gold file.
pub fn eval_clusters(gold: &std::path::Path, level: Level, db: &DbArgs, json: bool) -> anyhow::Result<ExitCode> {
    use storyline::cluster::eval;
    let text = std::fs::read_to_string(gold)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", gold.display()))?;
    let gold = eval::parse_gold_at(&text, matches!(level, Level::Story)).map_err(|e| anyhow::anyhow!("{}: {e}", gold.display()))?;
    let store = crate::open_store(db)?;
    let docs = store.documents()?;
    let assigned: std::collections::BTreeMap<_, _> =
        store.assignments()?.into_iter().map(|a| (a.doc.clone(), a)).collect();
    // Gold keys name articles by id or by source file name.
    let mut predicted = std::collections::BTreeMap::new();
    let mut missing = Vec::new();
    for key in gold.keys() {
        let hit = docs.iter().find(|d| eval::key_matches(key, &d.id.0, &d.source));
        match hit.and_then(|d| assigned.get(&d.id)) {
            Some(a) => {
                let label = match level {
                    Level::Story => a.story.clone(),
                    Level::Event => a.event.clone(),
                };
                predicted.insert(key.clone(), label);
            }
            None => missing.push(key.clone()),
        }
    }
    let scores = eval::score(&gold, &predicted);
    if json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "scores": scores, "missing": missing }))?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} articles scored ({} gold clusters, {} predicted){}",
        scores.articles,
        scores.gold_clusters,
        scores.predicted_clusters,
        if missing.is_empty() { String::new() } else { format!("; {} gold articles not found: {}", missing.len(), missing.join(", ")) }
    );
    println!("            precision  recall     F1");
    for (name, p) in [("pairwise", scores.pairwise), ("BCubed", scores.bcubed)] {
        println!("{name:<10}  {:>9.3}  {:>6.3}  {:>6.3}", p.precision, p.recall, p.f1);
    }
    Ok(ExitCode::SUCCESS)
}

/// Which level of the clustering a gold file describes.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Level {
    Story,
    Event,
}
