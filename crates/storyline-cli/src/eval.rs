//! `storyline eval`: scores the engine on annotated corpora and prints the
//! standard measures. Reads the data at run time; nothing is stored.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand)]
pub enum What {
    /// Temporal expressions on TimeML .tml files (TempEval-3 measures); the DCT is the anchor
    #[command(alias = "dates")]
    Timex {
        /// Folder of .tml files, searched recursively
        #[arg(long, default_value = "../shared/eval/timex/tempeval3-train")]
        dir: PathBuf,
        /// Also list every difference from the annotation (tab-separated)
        #[arg(long)]
        errors: bool,
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
        What::Timex { dir, errors } => {
            let report = storyline::eval::timex::evaluate(&dir)?;
            if errors {
                for m in &report.mismatches {
                    println!("{}\t{}\t{}\t{}", m.what, m.file, m.gold, m.system);
                }
            }
            print!("{report}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
