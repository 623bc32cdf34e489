//! `storyline train ner` and `storyline eval ner` (from the NER work; moved
//! here unchanged so the command enum can hold other subcommands).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use storyline::Lang;
use storyline::eval::ner::{self, Format};
use storyline::extract::entities::Recogniser;
use storyline::extract::entities::train::TrainConfig;

#[derive(Subcommand)]
pub enum TrainWhat {
    /// Train the named-entity tagger for one language.
    Ner {
        #[arg(long)]
        lang: String,
        /// The shared NER data folder.
        #[arg(long, default_value = "../shared/eval/ner")]
        data: PathBuf,
        /// Where `ner-<lang>.bin` is written.
        #[arg(long, default_value = "crates/storyline/models")]
        out: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long, default_value_t = TrainConfig::default().epochs)]
        epochs: usize,
        /// Drop features whose weights all stay below this.
        #[arg(long, default_value_t = TrainConfig::default().prune)]
        prune: f32,
        /// Drop features updated fewer times than this in training.
        #[arg(long, default_value_t = TrainConfig::default().min_updates)]
        min_updates: u32,
    },
}

#[derive(Subcommand)]
pub enum NerEval {
    /// Precision, recall and F1 per type and micro-averaged (CoNLL exact match).
    Ner {
        #[arg(long)]
        lang: String,
        /// Format of FILE: conll, germeval, webbnyheter, wikiann, bracketed.
        #[arg(long)]
        format: Option<String>,
        /// A labelled file; without it, the language's dev set.
        file: Option<PathBuf>,
        /// The shared NER data folder (for the default dev sets).
        #[arg(long, default_value = "../shared/eval/ner")]
        data: PathBuf,
        /// Read models from this folder instead of the ones compiled in.
        #[arg(long)]
        models: Option<PathBuf>,
        /// Score only these types, comma-separated (e.g. PER,ORG,LOC).
        #[arg(long)]
        types: Option<String>,
        /// Also print the first N sentences with errors (dev sets only).
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
}

fn parse_lang(code: &str) -> Result<Lang> {
    Lang::from_code(code).with_context(|| format!("unknown language {code}"))
}

/// Runs `storyline train ner`.
pub fn train(what: TrainWhat) -> Result<ExitCode> {
    let TrainWhat::Ner {
        lang,
        data,
        out,
        seed,
        epochs,
        prune,
        min_updates,
    } = what;

    let lang = parse_lang(&lang)?;
    let config = TrainConfig {
        seed,
        epochs,
        prune,
        min_updates,
        ..TrainConfig::default()
    };
    let started = Instant::now();
    let model = ner::train_language(lang, &data, &config, |m| eprintln!("{m}"))?;
    let bytes = model.to_bytes();
    std::fs::create_dir_all(&out)?;
    let path = out.join(format!("ner-{lang}.bin"));
    std::fs::write(&path, &bytes).with_context(|| path.display().to_string())?;
    eprintln!(
        "wrote {} ({} bytes) in {:.1?}",
        path.display(),
        bytes.len(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `storyline eval ner`.
pub fn eval(what: NerEval) -> Result<ExitCode> {
    let NerEval::Ner {
        lang,
        format,
        file,
        data,
        models,
        types,
        errors,
    } = what;

    let lang = parse_lang(&lang)?;
    let owned;
    let rec: &Recogniser = match &models {
        Some(dir) => {
            owned = Recogniser::from_dir(dir);
            &owned
        }
        None => Recogniser::embedded(),
    };
    let started = Instant::now();
    let model = rec
        .model(lang)
        .with_context(|| format!("no NER model for {lang}"))?;
    eprintln!("model ner-{lang} loaded in {:.1?}", started.elapsed());
    let score = match (file, format) {
        (Some(file), Some(f)) => {
            let f = Format::from_name(&f).with_context(|| format!("unknown format {f}"))?;
            let src = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
            match f {
                Format::Bracketed => ner::score_bracketed(rec, lang, &ner::parse_bracketed(&src)),
                _ => ner::score_tagged(model, &ner::parse(&src, f)),
            }
        }
        (Some(_), None) => bail!("--format is needed with a file"),
        (None, _) => {
            let recipe = ner::recipe(lang, &data)?;
            eprintln!("{}", recipe.note);
            if recipe.dev.is_empty() {
                ner::score_bracketed(rec, lang, &ner::parse_bracketed(ner::FRENCH_NEWS))
            } else {
                if errors > 0 {
                    println!("{}", ner::errors(model, &recipe.dev, errors));
                }
                ner::score_tagged(model, &recipe.dev)
            }
        }
    };
    let score = match &types {
        Some(t) => score.only(&t.split(',').map(str::trim).collect::<Vec<_>>()),
        None => score,
    };
    print!("{}", score.table());
    Ok(ExitCode::SUCCESS)
}
