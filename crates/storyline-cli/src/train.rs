//! `storyline train`: trains the engine's statistical models from the shared
//! labelled data and writes the model files to commit.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use storyline::Lang;
use storyline::eval::ner;
use storyline::extract::entities::train::TrainConfig;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand)]
pub enum What {
    /// The named-entity tagger for one language (writes ner-<lang>.bin)
    Ner {
        #[arg(long)]
        lang: String,
        /// The shared NER data folder
        #[arg(long, default_value = "../shared/eval/ner")]
        data: PathBuf,
        /// Where ner-<lang>.bin is written
        #[arg(long, default_value = "crates/storyline/models")]
        out: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long, default_value_t = TrainConfig::default().epochs)]
        epochs: usize,
        /// Drop features whose weights all stay below this
        #[arg(long, default_value_t = TrainConfig::default().prune)]
        prune: f32,
        /// Drop features updated fewer times than this in training
        #[arg(long, default_value_t = TrainConfig::default().min_updates)]
        min_updates: u32,
        /// Keep only this share of the features, those with the largest
        /// weights (1: all; fewer tag faster)
        #[arg(long, default_value_t = TrainConfig::default().keep)]
        keep: f64,
        /// Hypotheses the beam keeps, in training and in the model's tagging (1: greedy)
        #[arg(long, default_value_t = TrainConfig::default().beam as u64, value_parser = clap::value_parser!(u64).range(1..=64))]
        beam: u64,
        /// Train on the dev set too (for the model to commit, once settings
        /// are chosen on dev; the model is flagged so, and scoring it on dev
        /// says its figures are not held out)
        #[arg(long)]
        with_dev: bool,
    },
}

/// Parses a language code.
pub fn parse_lang(code: &str) -> anyhow::Result<Lang> {
    Lang::from_code(code).with_context(|| format!("unknown language {code}"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Ner { lang, data, out, seed, epochs, prune, min_updates, keep, beam, with_dev } => {
            let lang = parse_lang(&lang)?;
            let config = TrainConfig { seed, epochs, prune, min_updates, keep, beam: beam as usize, ..TrainConfig::default() };
            let started = Instant::now();
            let model = ner::train_language(lang, &data, &config, with_dev, |m| eprintln!("{m}"))?;
            let bytes = model.to_bytes();
            std::fs::create_dir_all(&out)?;
            let path = out.join(format!("ner-{lang}.bin"));
            std::fs::write(&path, &bytes).with_context(|| path.display().to_string())?;
            eprintln!("wrote {} ({} bytes) in {:.1?}", path.display(), bytes.len(), started.elapsed());
        }
    }
    Ok(ExitCode::SUCCESS)
}
