//! `storyline`: the command line over the Storyline engine.
//!
//! This crate only parses flags, opens the store and prints; all the work is
//! done by the `storyline` library.

mod analyze;
mod bench;
mod demo;
mod entities;
mod eval;
mod ingest;
mod inspect;
mod quotes;
mod search;
mod serve;
mod train;
mod stories;
mod story_view;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of glibc's malloc: the clusterer's state lives for the
/// whole run among many short-lived allocations, and as glibc's heap grew
/// each allocation cost more. Clustering CPU per article (`cluster_bench`,
/// at 10k / 30k / 100k / 300k / 1M articles) went 101 / 109 / 180 / 197 /
/// 184 µs with glibc and 102 / 101 / 94 / 90 / 112 µs with mimalloc, for
/// 13% more memory; the whole analysis is faster too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "storyline", version, about = "Turn a pile of news reports into one sourced account")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The database flag every stored-corpus command takes.
#[derive(clap::Args, Clone)]
pub struct DbArgs {
    /// SQLite database file (created if missing)
    #[arg(long, global = true, default_value = "storyline.db", env = "STORYLINE_DB")]
    pub db: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Read files, directories or `-` (standard input) into the store
    Ingest(ingest::Args),
    /// Ingest the built-in demo corpus and show what was found
    Demo(demo::Args),
    /// List stored documents
    Docs(inspect::DocsArgs),
    /// Show one stored document and its analysis
    Show(inspect::ShowArgs),
    /// List inputs that could not be read, and why
    Rejects(inspect::RejectsArgs),
    /// Analyse one text without storing it and print the analysis as JSON
    Analyze(analyze::Args),
    /// Measure ingest and analysis throughput on a generated corpus
    Bench(bench::Args),
    /// List quotations over the stored corpus: who said what
    Quotes(quotes::Args),
    /// Score the engine on annotated corpora (e.g. `eval timex`, `eval quotes`)
    Eval(eval::Args),
    /// List the entities of the stored corpus
    Entities(entities::ListArgs),
    /// Show one entity: aliases, roles, documents
    Entity(entities::ShowArgs),
    /// Train a statistical model from the shared data (e.g. `train ner`)
    Train(train::Args),
    /// List the stories found in the stored corpus
    Stories(stories::StoriesArgs),
    /// Show one story's account: summary, timeline, who said what, claims, sources
    Story(stories::StoryArgs),
    /// Show one story's timeline: dated happenings, merged across reports
    Timeline(stories::TimelineArgs),
    /// Export data for other tools (`export assignments`)
    Export(stories::ExportArgs),
    /// Full-text search over documents, quotes and entities
    Search(search::Args),
    /// Serve the JSON API and the web UI
    Serve(serve::Args),
    /// Re-cluster every stored article into stories and events, and report what changed
    Recluster(stories::ReclusterArgs),
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => ingest::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Docs(args) => inspect::docs(args),
        Command::Show(args) => inspect::show(args),
        Command::Rejects(args) => inspect::rejects(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Quotes(args) => quotes::run(args),
        Command::Entities(args) => entities::list(args),
        Command::Entity(args) => entities::show(args),
        Command::Train(args) => train::run(args),
        Command::Stories(args) => stories::stories(args),
        Command::Story(args) => stories::story(args),
        Command::Timeline(args) => stories::timeline(args),
        Command::Export(args) => stories::export(args),
        Command::Recluster(args) => stories::recluster(args),
        Command::Search(args) => search::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("storyline: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Opens the store named by `--db`.
pub fn open_store(db: &DbArgs) -> anyhow::Result<storyline::store::SqliteStore> {
    storyline::store::SqliteStore::open(&db.db)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", db.db.display()))
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`storyline docs |
/// head`) panics; a command-line tool should end quietly instead, as
/// `cat` does. Restores the default action (terminate) on Unix.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default before any
    // thread starts; no handler runs Rust code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
