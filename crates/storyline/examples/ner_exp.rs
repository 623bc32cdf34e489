//! Tuning aid for the NER tagger: trains a language with its recipe and
//! prints the dev score plus a confusion count of gold against predicted
//! types (same span, other type; span errors apart). `cargo run --release
//! -p storyline --example ner_exp -- LANG [DATA]`. Environment knobs for
//! ablations: `NER_EPOCHS`, `NER_FOLDS` (own-name jackknifing, 0 = none),
//! `NER_NO_GAZ=1` (no external WikiANN names), `NER_MODEL=path` (score a
//! saved model instead of training), `NER_SAVE=path` (write the model),
//! `NER_FLAGS` (override its decoding flags), `NER_SEED`, `NER_BLOCK=n`
//! (documents of n sentences), `NER_TRIM=1` (trim after tagging), `NER_BEAM`
//! (beam width, 1 = greedy),
//! `NER_SHOW=GOLD:FOUND` (print such confusions), `NER_HALF=0|1` (score
//! on the second half of dev only; with 1 the first half is trained on:
//! what training on dev data as well is worth).

use std::collections::BTreeMap;
use std::path::PathBuf;

use storyline::eval::ner;
use storyline::extract::entities::train::{self, TrainConfig};
use storyline::extract::entities::Model;
use storyline::lang::Lang;

fn env<T: std::str::FromStr>(k: &str) -> Option<T> {
    std::env::var(k).ok().and_then(|v| v.parse().ok())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let code = args.next().unwrap_or_else(|| "es".into());
    let lang = Lang::from_code(&code).unwrap_or_else(|| panic!("unknown language {code}"));
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/eval/ner".into()));
    let mut r = ner::recipe(lang, &data).expect("reading the data");
    let mut config = r.config(&TrainConfig::default());
    if let Some(e) = env("NER_EPOCHS") {
        config.epochs = e;
    }
    if let Some(b) = env("NER_BEAM") {
        config.beam = b;
    }
    if let Some(x) = env("NER_SEED") {
        config.seed = x;
    }
    if let Some(f) = env("NER_FOLDS") {
        config.folds = f;
    }
    if env::<u8>("NER_NO_GAZ") == Some(1) {
        r.names.clear();
    }
    if let Some(n) = env::<usize>("NER_BLOCK") {
        for (i, s) in r.train.iter_mut().enumerate() {
            s.doc = (i / n) as u32;
        }
        for (i, s) in r.dev.iter_mut().enumerate() {
            s.doc = (i / n) as u32;
        }
    }
    if let Some(h) = env::<u8>("NER_HALF") {
        let first: Vec<_> = r.dev.drain(..r.dev.len() / 2).collect();
        if h == 1 {
            let next_doc = r.train.iter().map(|s| s.doc + 1).max().unwrap_or(0);
            r.train.extend(first.into_iter().map(|s| train::Tagged { doc: s.doc + next_doc, ..s }));
        }
    }
    let started = std::time::Instant::now();
    let model = match std::env::var("NER_MODEL") {
        Ok(p) => Model::from_bytes(&std::fs::read(p).expect("model file")).expect("model"),
        Err(_) => train::train(lang.code(), &r.train, &r.extra, &r.cluster_text, &r.names, &config, |m| eprintln!("{m}")),
    };
    let model = match env::<u8>("NER_FLAGS") {
        Some(f) => model.with_flags(f),
        None => model,
    };
    eprintln!("trained in {:.1?}, {} features", started.elapsed(), model.features());
    if let Ok(out) = std::env::var("NER_SAVE") {
        std::fs::write(out, model.to_bytes()).expect("writing the model");
    }
    if r.dev.is_empty() {
        let rec = storyline::extract::entities::Recogniser::with_models(vec![(lang, model)]);
        let score = ner::score_bracketed(&rec, lang, &ner::parse_bracketed(ner::FRENCH_NEWS));
        println!("{code}: {}\n{}", r.note, score.table());
        return;
    }
    let dev = &r.dev;
    let mut found = ner::tag_all(&model, dev);
    if env::<u8>("NER_TRIM") == Some(1) {
        let low = |w: &str| w.chars().any(char::is_lowercase) && !w.chars().any(|c| c.is_uppercase() || c.is_numeric());
        for (s, f) in dev.iter().zip(found.iter_mut()) {
            for (a, b, _) in ner::chunks(f) {
                let mut e = b;
                while e > a && low(&s.words[e - 1]) {
                    e -= 1;
                    f[e] = 0;
                }
            }
        }
    }
    let mut score = ner::Score::default();
    // (gold type, found type) over gold spans: same span other type, or "-" when no found span matches.
    let show = std::env::var("NER_SHOW").ok();
    let mut shown = 0;
    let mut conf: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (s, f) in dev.iter().zip(&found) {
        let (g, p) = (ner::chunks(&s.tags), ner::chunks(f));
        score.add(&g, &p);
        for x in &g {
            let t = p.iter().find(|y| y.0 == x.0 && y.1 == x.1).map_or("-".to_string(), |y| y.2.clone());
            if show.as_deref() == Some(format!("{}:{}", x.2, t).as_str()) && shown < 40 {
                shown += 1;
                println!("{} | {}", s.words[x.0..x.1].join(" "), s.words.join(" "));
            }
            *conf.entry((x.2.clone(), t)).or_default() += 1;
        }
        for y in &p {
            if !g.iter().any(|x| x.0 == y.0 && x.1 == y.1) {
                let overl = g.iter().any(|x| x.0 < y.1 && y.0 < x.1);
                *conf.entry((if overl { "~".into() } else { "-".into() }, y.2.clone())).or_default() += 1;
            }
        }
    }
    let low = |w: &str| !w.chars().any(|c| c.is_uppercase() || c.is_numeric());
    let (mut gl, mut pl, mut plw) = (0, 0, 0);
    for (s, f) in dev.iter().zip(&found) {
        let (g, p) = (ner::chunks(&s.tags), ner::chunks(f));
        gl += g.iter().filter(|x| low(&s.words[x.1 - 1])).count();
        for y in p.iter().filter(|y| low(&s.words[y.1 - 1])) {
            pl += 1;
            if !g.contains(y) {
                plw += 1;
                if shown < 60 && show.is_none() { shown += 1; println!("LOWEND {} | {}", s.words[y.0..y.1].join(" "), s.words.join(" ")); }
            }
        }
    }
    let gtrain: usize = r.train.iter().map(|s| ner::chunks(&s.tags).iter().filter(|x| low(&s.words[x.1 - 1])).count()).sum();
    let atrain: usize = r.train.iter().map(|s| ner::chunks(&s.tags).len()).sum();
    println!("spans ending in a lower-case word: gold dev {gl}, found {pl} ({plw} wrong); train {gtrain} of {atrain}");
    println!("{code}: {}\n{}", r.note, score.table());
    println!("gold -> found (- none, ~ overlapping span):");
    for ((g, f), n) in &conf {
        if g != f {
            println!("  {g:>5} -> {f:<5} {n}");
        }
    }
}
