//! What pruning the NER model's small feature rows costs in F1: loads a
//! model file, keeps the shares of its rows with the largest weights
//! (`Model::pruned`) and scores each on the language's dev set (French:
//! the project's news sentences). Run with
//! `cargo run --release -p storyline --example ner_prune -- LANG MODEL [DATA [KEEP,KEEP,..]]`
//! (a model trained without `--with-dev`, or dev is not held out). With
//! `NER_PRUNE_OUT=DIR` each pruned model is also written to
//! `DIR/keepNN/ner-LANG.bin`, for `ner_speed DOCS DIR/keepNN`.

use std::path::PathBuf;

use storyline::eval::ner;
use storyline::extract::entities::{Model, Recogniser};
use storyline::lang::Lang;

fn main() {
    let mut args = std::env::args().skip(1);
    let code = args.next().expect("LANG");
    let lang = Lang::from_code(&code).unwrap_or_else(|| panic!("unknown language {code}"));
    let model = Model::from_bytes(&std::fs::read(args.next().expect("MODEL")).expect("model file")).expect("model");
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/eval/ner".into()));
    let keeps: Vec<f64> =
        args.next().unwrap_or_else(|| "1,0.75,0.5,0.35,0.25".into()).split(',').map(|k| k.parse().expect("KEEP")).collect();
    let out = std::env::var("NER_PRUNE_OUT").ok().map(PathBuf::from);
    let (dev, note) = ner::dev_set(lang, &data).expect("reading the data");
    for keep in keeps {
        let pruned = model.pruned(keep);
        if let Some(dir) = &out {
            let dir = dir.join(format!("keep{:02.0}", keep * 100.0));
            std::fs::create_dir_all(&dir).expect("output folder");
            std::fs::write(dir.join(format!("ner-{code}.bin")), pruned.to_bytes()).expect("writing the model");
        }
        let (features, mb) = (pruned.features(), pruned.weight_bytes() as f64 / 1e6);
        let score = match &dev {
            Some(dev) => ner::score_tagged(&pruned, dev),
            None => {
                let rec = Recogniser::with_models(vec![(lang, pruned)]);
                ner::score_bracketed(&rec, lang, &ner::parse_bracketed(ner::FRENCH_NEWS))
            }
        };
        let (p, r, f) = score.micro();
        println!(
            "{code} keep {keep:.2}: {features} features, {mb:.1} MB weights; {note}: P {:.2} R {:.2} F1 {:.2}",
            p * 100.0,
            r * 100.0,
            f * 100.0
        );
    }
}
