//! `storyline ingest`: inputs into the store, with a progress bar and a summary.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use storyline::pipeline::{self, IngestOptions, IngestSummary, Input};

use crate::DbArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories (read recursively) or `-` for standard input
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Refuse files larger than this many megabytes
    #[arg(long, default_value_t = 256)]
    pub max_file_mb: u64,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut inputs = Vec::new();
    for path in args.paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
            inputs.push(Input::Bytes { name: "-".into(), origin: None, bytes });
        } else if !path.exists() {
            anyhow::bail!("{}: no such file or directory", path.display());
        } else {
            inputs.push(Input::Path(path));
        }
    }
    let mut options = IngestOptions::default();
    options.limits.max_file_bytes = args.max_file_mb * 1024 * 1024;
    let mut store = crate::open_store(&args.db)?;
    let summary = run_pipeline(inputs, &mut store, &options)?;
    report(&summary, args.json, &args.db.db.display().to_string())
}

/// Runs the pipeline with a progress bar on a terminal (hidden in pipes).
pub fn run_pipeline(
    inputs: Vec<Input>,
    store: &mut dyn storyline::store::Store,
    options: &IngestOptions,
) -> anyhow::Result<IngestSummary> {
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
    bar.enable_steady_tick(Duration::from_millis(200));
    let started = Instant::now();
    let summary = pipeline::ingest(inputs, store, options, &mut |s| {
        let secs = started.elapsed().as_secs_f64().max(1e-6);
        bar.set_message(format!(
            "{} documents, {:.0} docs/s, {:.1} MB/s, {} rejected",
            s.read,
            s.read as f64 / secs,
            s.bytes as f64 / secs / 1e6,
            s.rejects.len()
        ));
    })?;
    bar.finish_and_clear();
    Ok(summary)
}

/// Prints the summary and picks the exit code: 0 all read, 3 some inputs
/// rejected, 1 nothing usable.
pub fn report(summary: &IngestSummary, json: bool, db: &str) -> anyhow::Result<ExitCode> {
    let code = if summary.rejects.is_empty() && summary.read > 0 {
        0
    } else if summary.read > 0 {
        3
    } else {
        1
    };
    if json {
        println!("{}", serde_json::to_string_pretty(summary)?);
        return Ok(ExitCode::from(code));
    }
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    println!(
        "Read {} document{} from {} file{} into {db}: {} added, {} updated, {} unchanged{}.",
        summary.read,
        if summary.read == 1 { "" } else { "s" },
        summary.files,
        plural(summary.files),
        summary.added,
        summary.updated,
        summary.unchanged,
        if summary.read > 0 && summary.added == 0 && summary.updated == 0 {
            " (nothing new: all already stored)"
        } else {
            ""
        }
    );
    if summary.skipped_records > 0 {
        println!(
            "{} WARC record{} skipped: no HTML in them (images, PDFs, redirects).",
            summary.skipped_records,
            plural(summary.skipped_records)
        );
    }
    if !summary.rejects.is_empty() {
        println!("{} problem{}:", summary.rejects.len(), if summary.rejects.len() == 1 { "" } else { "s" });
        for r in &summary.rejects {
            match &r.location {
                Some(loc) => println!("  {} ({loc}): {}", r.input, r.reason),
                None => println!("  {}: {}", r.input, r.reason),
            }
        }
    }
    if summary.files == 0 {
        eprintln!("storyline: no files found (hidden files are skipped)");
    } else if summary.read == 0 {
        eprintln!("storyline: nothing usable was read");
    }
    Ok(ExitCode::from(code))
}
