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
    /// Named entities: precision, recall and F1 per type and micro-averaged
    /// (CoNLL exact match), on FILE or else the language's dev set
    Ner {
        #[arg(long)]
        lang: String,
        /// Format of FILE: conll, germeval, webbnyheter, wikiann, bracketed
        #[arg(long)]
        format: Option<String>,
        /// A labelled file
        file: Option<PathBuf>,
        /// The shared NER data folder (for the default dev sets)
        #[arg(long, default_value = "../shared/eval/ner")]
        data: PathBuf,
        /// Read models from this folder instead of the compiled-in ones
        #[arg(long)]
        models: Option<PathBuf>,
        /// Score only these types, comma-separated (e.g. PER,ORG,LOC)
        #[arg(long)]
        types: Option<String>,
        /// Also print the first N dev sentences with errors
        #[arg(long, default_value_t = 0)]
        show_errors: usize,
    },
    /// Entity resolution: pairwise merge precision and recall over the alias groups of a reference reading
    Entities(crate::entities::EvalArgs),
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
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
        What::Entities(args) => return crate::entities::eval(args),
        What::Ner { lang, format, file, data, models, types, show_errors } => {
            ner(lang, format, file, data, models, types, show_errors)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn ner(
    lang: String,
    format: Option<String>,
    file: Option<PathBuf>,
    data: PathBuf,
    models: Option<PathBuf>,
    types: Option<String>,
    show_errors: usize,
) -> anyhow::Result<()> {
    use anyhow::Context;
    use storyline::eval::ner::{self, Format};
    use storyline::extract::entities::Recogniser;

    let lang = crate::train::parse_lang(&lang)?;
    let owned;
    let rec: &Recogniser = match &models {
        Some(dir) => {
            owned = Recogniser::from_dir(dir);
            &owned
        }
        None => Recogniser::embedded(),
    };
    let started = std::time::Instant::now();
    let model = rec.model(lang).with_context(|| format!("no NER model for {lang}"))?;
    eprintln!("model ner-{lang} loaded in {:.1?}", started.elapsed());
    let score = match (file, format) {
        (Some(file), Some(f)) => {
            let f = Format::from_name(&f).with_context(|| format!("unknown format {f}"))?;
            let src = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
            let started = std::time::Instant::now();
            let score = match f {
                Format::Bracketed => ner::score_bracketed(rec, lang, &ner::parse_bracketed(&src)),
                _ => ner::score_tagged(model, &ner::parse(&src, f)),
            };
            eprintln!("parsed and tagged {} bytes in {:.1?}", src.len(), started.elapsed());
            score
        }
        (Some(_), None) => anyhow::bail!("--format is needed with a file"),
        (None, _) => {
            let (dev, note) = ner::dev_set(lang, &data)?;
            eprintln!("dev set: {note}");
            match dev {
                None => ner::score_bracketed(rec, lang, &ner::parse_bracketed(ner::FRENCH_NEWS)),
                Some(dev) => {
                    if show_errors > 0 {
                        println!("{}", ner::errors(model, &dev, show_errors));
                    }
                    ner::score_tagged(model, &dev)
                }
            }
        }
    };
    let score = match &types {
        Some(t) => score.only(&t.split(',').map(str::trim).collect::<Vec<_>>()),
        None => score,
    };
    print!("{}", score.table());
    Ok(())
}
