//! The `storyline` command.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "storyline", about = "Turns a pile of news reports into one sourced account")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scores the engine on annotated corpora.
    Eval {
        #[command(subcommand)]
        what: Eval,
    },
}

#[derive(Subcommand)]
enum Eval {
    /// Temporal expressions on TimeML files (TempEval-3 measures).
    #[command(alias = "dates")]
    Timex {
        /// Folder of .tml files (searched recursively).
        #[arg(long, default_value = "../shared/eval/timex/tempeval3-train")]
        dir: PathBuf,
        /// Also list every difference from the annotation.
        #[arg(long)]
        errors: bool,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Eval { what: Eval::Timex { dir, errors } } => {
            let report = storyline::eval::timex::evaluate(&dir)?;
            if errors {
                for m in &report.mismatches {
                    println!("{}\t{}\t{}\t{}", m.what, m.file, m.gold, m.system);
                }
            }
            print!("{report}");
        }
    }
    Ok(())
}
