//! Cross-validated NER F1 for the languages whose dev set is a fold of
//! their only corpus (German, Swedish): `cargo run --release -p storyline
//! --example ner_cv -- LANG [DATA] [TYPES]`, e.g. `de ../shared/eval/ner PER,ORG,LOC`.
//! `NER_BEAM` sets the beam width (1 = greedy), `NER_MIN_UPDATES` the
//! floor on updates for a feature to be kept.

use std::path::PathBuf;

use storyline::eval::ner;
use storyline::extract::entities::train::TrainConfig;
use storyline::lang::Lang;

fn main() {
    let mut args = std::env::args().skip(1);
    let code = args.next().unwrap_or_else(|| "de".into());
    let lang = Lang::from_code(&code).unwrap_or_else(|| panic!("unknown language {code}"));
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/eval/ner".into()));
    let types = args.next();
    let mut config = TrainConfig::default();
    if let Some(b) = std::env::var("NER_BEAM").ok().and_then(|v| v.parse().ok()) {
        config.beam = b;
    }
    if let Some(n) = std::env::var("NER_MIN_UPDATES").ok().and_then(|v| v.parse().ok()) {
        config.min_updates = n;
    }
    let score = ner::cross_validate(lang, &data, &config, |m| eprintln!("{m}")).expect("reading the data");
    let score = match &types {
        Some(t) => score.only(&t.split(',').collect::<Vec<_>>()),
        None => score,
    };
    println!("{code}: {}-fold cross-validation\n{}", ner::FOLDS, score.table());
}
