//! `storyline demo`: ingest the built-in corpus of invented reports and show
//! what the engine found in it.

use std::process::ExitCode;

use storyline::pipeline::{IngestOptions, Input};

use crate::DbArgs;

include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,
}

/// The demo corpus as pipeline inputs with stable origins.
pub fn inputs() -> Vec<Input> {
    DEMO_FILES
        .iter()
        .map(|(name, bytes)| Input::Bytes {
            name: format!("demo/{name}"),
            origin: Some(format!("storyline-demo:{name}")),
            bytes: bytes.to_vec(),
        })
        .collect()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store = crate::open_store(&args.db)?;
    println!("Ingesting {} built-in demo files (invented events) into {}", DEMO_FILES.len(), args.db.db.display());
    let summary = crate::ingest::run_pipeline(inputs(), &mut store, &IngestOptions::default())?;
    crate::ingest::report(&summary, false, &args.db.db.display().to_string())?;
    println!();
    crate::inspect::docs(crate::inspect::DocsArgs { db: args.db.clone(), json: false })?;
    println!();
    crate::stories::stories(crate::stories::StoriesArgs { db: args.db.clone(), json: false })?;
    println!();
    println!("Next: `storyline story ID`, `storyline quotes`, `storyline show DOC` (add --db {}).", args.db.db.display());
    Ok(ExitCode::SUCCESS)
}
