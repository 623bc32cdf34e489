//! `storyline eval`: scores the engine on annotated corpora and prints the
//! standard measures. Reads the data at run time; nothing is stored.

use std::path::PathBuf;
use std::process::ExitCode;

use storyline::eval::quotes::{Prf, RwScores};

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
    /// Quotations: German direct and indirect speech (REDEWIEDERGABE), or a reference reading
    Quotes(QuotesArgs),
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
    /// Entity resolution: pairwise merge precision and recall over the alias groups of a reference reading
    Entities(crate::entities::EvalArgs),
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
        What::Quotes(a) => return quotes(a),
        What::Entities(args) => return crate::entities::eval(args),
        What::Ner { lang, format, file, data, models, types, show_errors } => {
            ner(lang, format, file, data, models, types, show_errors)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct QuotesArgs {
    /// REDEWIEDERGABE checkout (or its data/main/tsv folder)
    #[arg(long, default_value = "../shared/eval/quotes/redewiedergabe-de")]
    pub dir: PathBuf,
    /// Score instead against <DIR>/seeds-expected.json over <DIR>/seeds/
    #[arg(long)]
    pub seeds: Option<PathBuf>,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
}

fn quotes(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.seeds {
        let report = storyline::eval::quotes::seeds(dir)
            .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
            return Ok(ExitCode::SUCCESS);
        }
        for r in &report.results {
            let mark = if r.found.is_none() { "MISSING" } else if r.speaker_right { "ok" } else { "speaker?" };
            println!(
                "{mark:8} {} {:?}: expected {:?}, got {:?} ({:?})",
                r.doc, r.starts, r.expected_speaker, r.speaker, r.kind
            );
        }
        println!(
            "found {}/{}, speaker right {}/{}; unmatched extractions by kind: {:?}",
            report.found, report.expected, report.speaker_right, report.expected, report.unmatched
        );
        for u in &report.unmatched_quotes {
            println!("  unmatched: {u}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = storyline::eval::quotes::redewiedergabe(&args.dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.dir.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mb = report.all.bytes as f64 / 1e6;
    println!(
        "REDEWIEDERGABE (German, 1840-1919): {mb:.1} MB extracted in {:.2} s CPU ({:.1} MB/s, one thread)",
        report.seconds,
        mb / report.seconds.max(1e-9)
    );
    for (name, s) in [("all", &report.all), ("fiction", &report.fiction), ("non-fiction", &report.nonfiction)] {
        print_scores(name, s);
    }
    Ok(ExitCode::SUCCESS)
}

fn prf(p: &Prf) -> String {
    format!("P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})", p.precision(), p.recall(), p.f1(), p.tp, p.fp, p.fn_)
}

fn print_scores(name: &str, s: &RwScores) {
    println!("{name}: {} samples, {} tokens", s.files, s.tokens);
    println!("  direct   tokens    {}", prf(&s.direct_tokens));
    println!("  direct   instances {}", prf(&s.direct_instances));
    println!("  indirect tokens    {}", prf(&s.indirect_tokens));
    println!("  indirect instances {}", prf(&s.indirect_instances));
    let sp = &s.speakers;
    let acc = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "  speakers: {} annotated, {} detected, {} right ({:.3} of detected, {:.3} of annotated), {} without speaker",
        sp.annotated, sp.detected, sp.correct, acc(sp.correct, sp.detected), acc(sp.correct, sp.annotated), sp.missing
    );
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
    // Tagged corpora are scored twice: the tagger on the corpus's own
    // tokens, and the whole entity step on their text, as `analyze` finds
    // names (bracketed sentences are text already: the step alone).
    let whole_step = "whole entity step (as `storyline analyze` finds names; the corpus's words joined by spaces):";
    let scores = match (file, format) {
        (Some(file), Some(f)) => {
            let f = Format::from_name(&f).with_context(|| format!("unknown format {f}"))?;
            let src = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
            let started = std::time::Instant::now();
            let scores = match f {
                Format::Bracketed => vec![("", ner::score_bracketed(rec, lang, &ner::parse_bracketed(&src)))],
                _ => {
                    let data = ner::parse(&src, f);
                    vec![("", ner::score_tagged(model, &data)), (whole_step, ner::score_pipeline(rec, lang, &data))]
                }
            };
            eprintln!("parsed and scored {} bytes in {:.1?}", src.len(), started.elapsed());
            scores
        }
        (Some(_), None) => anyhow::bail!("--format is needed with a file"),
        (None, _) => {
            let (dev, note) = ner::dev_set(lang, &data)?;
            eprintln!("dev set: {note}");
            match dev {
                None => vec![("", ner::score_bracketed(rec, lang, &ner::parse_bracketed(ner::FRENCH_NEWS)))],
                Some(dev) => {
                    if model.flags() & storyline::extract::entities::model::TRAINED_ON_DEV != 0 {
                        println!(
                            "note: this model was trained on the dev set too (train ner --with-dev), so these figures are \
                             not held out; train without --with-dev into another folder and pass --models to measure"
                        );
                    }
                    if show_errors > 0 {
                        println!("{}", ner::errors(model, &dev, show_errors));
                    }
                    vec![("", ner::score_tagged(model, &dev)), (whole_step, ner::score_pipeline(rec, lang, &dev))]
                }
            }
        }
    };
    for (label, score) in scores {
        let score = match &types {
            Some(t) => score.only(&t.split(',').map(str::trim).collect::<Vec<_>>()),
            None => score,
        };
        if !label.is_empty() {
            println!("\n{label}");
        }
        print!("{}", score.table());
    }
    Ok(())
}
