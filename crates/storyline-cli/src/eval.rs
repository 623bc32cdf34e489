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
    #[command(flatten)]
    Ner(crate::ner::NerEval),
    /// Entity resolution: pairwise merge precision and recall over the alias groups of a reference reading
    Entities(crate::entities::EvalArgs),
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Timex { dir, errors } => {
            let report = storyline::eval::timex::evaluate(&dir)?;
            if errors {
                for m in &report.mismatches {
                    println!("{}\t{}\t{}\t{}", m.what, m.file, m.gold, m.system);
                }
            }
            print!("{report}");
        }
        What::Ner(what) => return crate::ner::eval(what),
        What::Entities(args) => return crate::entities::eval(args),
    }
    Ok(ExitCode::SUCCESS)
}
