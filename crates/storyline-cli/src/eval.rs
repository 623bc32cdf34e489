//! `storyline eval`: scores the engine on annotated corpora and prints the
//! standard measures. Reads the data at run time; nothing is stored.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// Where the TempEval-3 training data sits when no path is given.
const DEFAULT_TIMEX: &str = "../shared/eval/timex/tempeval3-train";

#[derive(clap::Subcommand)]
pub enum What {
    /// Temporal expressions on TimeML .tml files (TempEval-3 measures); each file's DCT is the anchor
    #[command(alias = "timex")]
    Dates {
        /// .tml files or folders of them (searched recursively)
        paths: Vec<PathBuf>,
        /// The same, as a flag (kept for older scripts)
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Also list every difference from the annotation (tab-separated, with the text before it)
        #[arg(long)]
        errors: bool,
        /// Instead: check the `date_expressions` of a reference reading (JSON)
        #[arg(long, requires = "corpus")]
        expected: Option<PathBuf>,
        /// The folder of documents the reference reading names
        #[arg(long)]
        corpus: Option<PathBuf>,
    },
    /// Stored story or event assignments against a gold file (TSV `doc<TAB>cluster` or JSON):
    /// pairwise and BCubed precision, recall and F1
    Clusters {
        /// Gold clustering; docs named by id or by source file name
        #[arg(long)]
        gold: PathBuf,
        /// Which level the gold clusters are
        #[arg(long, value_enum, default_value = "event")]
        level: crate::stories::Level,
        #[command(flatten)]
        db: crate::DbArgs,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Clusters { gold, level, db, json } => {
            return crate::stories::eval_clusters(&gold, level, &db, json);
        }
        What::Dates { mut paths, dir, errors, expected, corpus } => {
            if let (Some(expected), Some(corpus)) = (expected, corpus) {
                let checks = storyline::eval::expected_dates::check(&expected, &corpus)?;
                print!("{checks}");
                return Ok(ExitCode::SUCCESS);
            }
            paths.extend(dir);
            if paths.is_empty() {
                paths.push(DEFAULT_TIMEX.into());
            }
            let report = storyline::eval::timex::evaluate_paths(&paths)?;
            if errors {
                for m in &report.mismatches {
                    println!("{}\t{}\t{}\t{}\t{}", m.what, m.file, m.gold, m.system, m.context);
                }
            }
            print!("{report}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
