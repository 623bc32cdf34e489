//! NER evaluation and training data: readers for the public corpora in
//! `../shared/eval/ner/` (CoNLL-2002/2003, GermEval 2014, Swedish
//! webbnyheter, WikiANN), the per-language training recipe, and CoNLL
//! exact-match scoring (an entity counts only if span and type both match).
//!
//! Nothing here is needed at run time; the corpora are read only by
//! `storyline train ner` and `storyline eval ner`, never copied.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::extract::entities::features::{self, TYPES};
use crate::extract::entities::train::{self, Tagged, TrainConfig};
use crate::extract::entities::{Model, Recogniser};
use crate::extract::EntityType;
use crate::lang::Lang;
use crate::text::Sentence;

/// A corpus file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CoNLL-2002/2003 columns, the tag last (IOB1 or IOB2), `-DOCSTART-` lines.
    Conll,
    /// GermEval 2014 TSV: index, token, outer tag, inner tag; `#` comment lines.
    /// `OTH` maps to MISC; `deriv` and `part` tags count as outside.
    GermEval,
    /// Swedish webbnyheter: `token tag`, `0` outside, bare types (no B/I).
    Webbnyheter,
    /// WikiANN: `lang:token<TAB>tag` (IOB2).
    WikiAnn,
    /// Plain sentences, one a line, entities marked `[PER Ana Lind]`
    /// (the project's own test sentences).
    Bracketed,
}

impl Format {
    /// Parses a format name (`conll`, `conll2002`, `conll2003`, `germeval`,
    /// `webbnyheter`, `wikiann`, `bracketed`).
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "conll" | "conll2002" | "conll2003" => Format::Conll,
            "germeval" | "germeval2014" => Format::GermEval,
            "webbnyheter" | "swedish" | "sv" => Format::Webbnyheter,
            "wikiann" => Format::WikiAnn,
            "bracketed" | "brackets" => Format::Bracketed,
            _ => return None,
        })
    }
}

/// Errors reading NER data.
#[derive(Debug, thiserror::Error)]
pub enum NerDataError {
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("no NER training recipe for language {0}")]
    NoRecipe(String),
}

fn read(path: &Path) -> Result<String, NerDataError> {
    std::fs::read_to_string(path).map_err(|e| NerDataError::Io(path.to_path_buf(), e))
}

/// Parses a tagged corpus in one of the column formats into sentences with
/// IOB2 tag indices.
pub fn parse(src: &str, format: Format) -> Vec<Tagged> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    // CoNLL files mark documents; in the others every sentence stands alone.
    let mut doc = 0u32;
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<String>, next_doc: bool| {
        if !words.is_empty() {
            let t = to_iob2(tags, format == Format::Webbnyheter);
            out.push(Tagged { words: std::mem::take(words), tags: t, doc, aux: false });
            if format != Format::Conll {
                doc += 1;
            }
        }
        if next_doc {
            doc += 1;
        }
        tags.clear();
    };
    for line in src.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut words, &mut tags, false);
            continue;
        }
        let (word, tag) = match format {
            Format::Conll => {
                if line.starts_with("-DOCSTART-") {
                    flush(&mut words, &mut tags, true);
                    continue;
                }
                let cols: Vec<&str> = line.split_whitespace().collect();
                (cols[0].to_string(), cols[cols.len() - 1].to_string())
            }
            Format::GermEval => {
                if line.starts_with('#') {
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() < 3 {
                    continue;
                }
                let tag = cols[2];
                let tag = if tag.ends_with("deriv") || tag.ends_with("part") { "O".to_string() } else { tag.replace("OTH", "MISC") };
                (cols[1].to_string(), tag)
            }
            Format::Webbnyheter => {
                let (w, t) = line.rsplit_once('\t').or_else(|| line.trim().rsplit_once(' ')).unwrap_or((line, "0"));
                (w.trim().to_string(), t.trim().to_string())
            }
            Format::WikiAnn => {
                let (w, t) = line.rsplit_once('\t').unwrap_or((line, "O"));
                let w = match w.split_once(':') {
                    Some((p, rest)) if (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()) => rest,
                    _ => w,
                };
                (w.to_string(), t.to_string())
            }
            Format::Bracketed => unreachable!("bracketed text is read by parse_bracketed"),
        };
        words.push(word);
        tags.push(tag);
    }
    flush(&mut words, &mut tags, false);
    out
}

/// IOB1, IOB2 or bare types to IOB2 indices; unknown types become `O`.
fn to_iob2(tags: &[String], bare: bool) -> Vec<usize> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev_type: Option<&str> = None;
    for tag in tags {
        let (bio, ty) = match tag.split_once('-') {
            Some((b, t)) if b == "B" || b == "I" => (b, t),
            _ if tag == "O" || tag == "0" => ("O", ""),
            _ if bare => ("I", tag.as_str()),
            _ => ("O", ""),
        };
        if bio == "O" || !TYPES.contains(&ty) {
            out.push(0);
            prev_type = None;
            continue;
        }
        let begins = bio == "B" || prev_type != Some(ty);
        let name = format!("{}-{ty}", if begins { "B" } else { "I" });
        out.push(features::tag_index(&name).unwrap_or(0));
        prev_type = Some(ty);
    }
    out
}

/// One sentence of the bracketed format: its plain text and gold spans.
#[derive(Debug, Clone)]
pub struct Bracketed {
    pub text: String,
    pub gold: Vec<(usize, usize, EntityType)>,
}

/// Parses `[TYPE words]` markup, one sentence a line; `#` lines are comments.
pub fn parse_bracketed(src: &str) -> Vec<Bracketed> {
    let mut out = Vec::new();
    for line in src.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let mut text = String::new();
        let mut gold = Vec::new();
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            text.push_str(&rest[..open]);
            let Some(close) = rest[open..].find(']') else { break };
            let inner = &rest[open + 1..open + close];
            let (ty, words) = inner.split_once(' ').unwrap_or((inner, ""));
            let kind = EntityType::from_code(ty);
            let start = text.len();
            text.push_str(words);
            gold.push((start, text.len(), kind));
            rest = &rest[open + close + 1..];
        }
        text.push_str(rest);
        out.push(Bracketed { text, gold });
    }
    out
}

/// Exact-match counts per entity type.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// Type name to (true positives, predicted, gold).
    pub counts: BTreeMap<String, (usize, usize, usize)>,
}

fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 { 0.0 } else { tp as f64 / pred as f64 };
    let r = if gold == 0 { 0.0 } else { tp as f64 / gold as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

impl Score {
    /// Adds one sentence's gold and predicted entities `(start, end, type)`.
    pub fn add(&mut self, gold: &[(usize, usize, String)], pred: &[(usize, usize, String)]) {
        for g in gold {
            self.counts.entry(g.2.clone()).or_default().2 += 1;
            if pred.contains(g) {
                self.counts.entry(g.2.clone()).or_default().0 += 1;
            }
        }
        for p in pred {
            self.counts.entry(p.2.clone()).or_default().1 += 1;
        }
    }

    /// Keeps only the given types (e.g. PER, ORG, LOC for GermEval).
    pub fn only(&self, types: &[&str]) -> Score {
        Score { counts: self.counts.iter().filter(|(k, _)| types.contains(&k.as_str())).map(|(k, v)| (k.clone(), *v)).collect() }
    }

    /// Micro-averaged precision, recall and F1.
    pub fn micro(&self) -> (f64, f64, f64) {
        let (tp, pred, gold) = self.counts.values().fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        prf(tp, pred, gold)
    }

    /// A conlleval-style table.
    pub fn table(&self) -> String {
        let mut s = format!("{:<6} {:>9} {:>9} {:>9} {:>7} {:>7}\n", "type", "precision", "recall", "F1", "gold", "found");
        for (ty, &(tp, pred, gold)) in &self.counts {
            let (p, r, f) = prf(tp, pred, gold);
            let _ = writeln!(s, "{ty:<6} {:>9.2} {:>9.2} {:>9.2} {gold:>7} {pred:>7}", p * 100.0, r * 100.0, f * 100.0);
        }
        let (p, r, f) = self.micro();
        let (gold, pred) = self.counts.values().fold((0, 0), |a, c| (a.0 + c.2, a.1 + c.1));
        let _ = writeln!(s, "{:<6} {:>9.2} {:>9.2} {:>9.2} {gold:>7} {pred:>7}", "micro", p * 100.0, r * 100.0, f * 100.0);
        s
    }
}

/// Entity spans `(first token, end token, type)` of an IOB2 tag sequence.
pub fn chunks(tags: &[usize]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if tags[i] == 0 {
            i += 1;
            continue;
        }
        let ty = (tags[i] - 1) / 2;
        let mut j = i + 1;
        while j < tags.len() && tags[j] != 0 && tags[j] % 2 == 0 && (tags[j] - 1) / 2 == ty {
            j += 1;
        }
        out.push((i, j, TYPES[ty].to_string()));
        i = j;
    }
    out
}

/// Tags pre-tokenised sentences document by document.
pub fn tag_all(model: &Model, data: &[Tagged]) -> Vec<Vec<usize>> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let mut j = i + 1;
        while j < data.len() && data[j].doc == data[i].doc {
            j += 1;
        }
        let words: Vec<Vec<&str>> = data[i..j].iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
        out.extend(model.tag_document(&words));
        i = j;
    }
    out
}

/// Scores a model on pre-tokenised gold sentences.
pub fn score_tagged(model: &Model, data: &[Tagged]) -> Score {
    let mut score = Score::default();
    for (s, found) in data.iter().zip(tag_all(model, data)) {
        score.add(&chunks(&s.tags), &chunks(&found));
    }
    score
}


/// Scores the whole pipeline (tokeniser, tagger, acronyms) on bracketed
/// sentences in language `lang`, by byte spans.
pub fn score_bracketed(rec: &Recogniser, lang: Lang, data: &[Bracketed]) -> Score {
    let mut score = Score::default();
    for s in data {
        let sentences = [Sentence { start: 0, end: s.text.len(), language: lang }];
        let gold: Vec<_> = s.gold.iter().map(|g| (g.0, g.1, g.2.code().to_string())).collect();
        score.add(&gold, &found_spans(rec, &s.text, &sentences));
    }
    score
}

/// Scores the whole entity step, as `storyline analyze` runs it (tokeniser,
/// tagger, the corrections from the words around names, acronyms), on
/// pre-tokenised gold sentences: each document's words are joined by
/// spaces into one text, a line per sentence, and scored by byte spans.
/// Where the corpus's conventions differ from the step's (quotes inside
/// Spanish names, "Belgrade airport" as a place), this is lower than
/// [`score_tagged`].
pub fn score_pipeline(rec: &Recogniser, lang: Lang, data: &[Tagged]) -> Score {
    let mut score = Score::default();
    for doc in data.chunk_by(|a, b| a.doc == b.doc) {
        let (mut text, mut sentences, mut gold) = (String::new(), Vec::new(), Vec::new());
        for s in doc {
            let start = text.len();
            let mut spans = Vec::with_capacity(s.words.len());
            for w in &s.words {
                if text.len() > start {
                    text.push(' ');
                }
                spans.push((text.len(), text.len() + w.len()));
                text.push_str(w);
            }
            gold.extend(chunks(&s.tags).into_iter().map(|(a, b, t)| (spans[a].0, spans[b - 1].1, t)));
            sentences.push(Sentence { start, end: text.len(), language: lang });
            text.push('\n');
        }
        score.add(&gold, &found_spans(rec, &text, &sentences));
    }
    score
}

/// The spans and types of the mentions the entity step finds in `text`.
fn found_spans(rec: &Recogniser, text: &str, sentences: &[Sentence]) -> Vec<(usize, usize, String)> {
    rec.extract(text, sentences).mentions.iter().map(|m| (m.start, m.end, m.kind.code().to_string())).collect()
}

/// The project's own French news sentences (invented events), annotated by hand.
pub const FRENCH_NEWS: &str = include_str!("ner-fr-news.txt");

/// What one language trains and evaluates on, under the data directory.
pub struct Recipe {
    pub train: Vec<Tagged>,
    pub dev: Vec<Tagged>,
    /// Untagged sentences used only to learn the common words.
    pub extra: Vec<Vec<String>>,
    /// Untagged sentences the word clusters are learnt from, besides the
    /// training sentences (never dev or test text).
    pub cluster_text: Vec<Vec<String>>,
    /// Dimensions of the word clusters' context vectors; 0: no clusters.
    pub cluster_dims: usize,
    /// Known names (words, type index) for the gazetteer features.
    pub names: Vec<(Vec<String>, usize)>,
    pub note: String,
    /// A floor on `TrainConfig::min_updates` for large, noisy sets, to keep
    /// the model small enough to load in well under 200 ms.
    pub min_updates: u32,
}

impl Recipe {
    /// `config` adjusted to the recipe (update floor, clusters on or off).
    pub fn config(&self, config: &TrainConfig) -> TrainConfig {
        let mut c = TrainConfig { min_updates: config.min_updates.max(self.min_updates), ..config.clone() };
        if self.cluster_dims == 0 {
            c.clusters.level_bits.clear();
        }
        c.clusters.dims = self.cluster_dims;
        c
    }
}

/// Folds of the languages without a separate dev set: sentence `i` is in fold `i % FOLDS`.
pub const FOLDS: usize = 5;
/// The fold `storyline eval ner` scores by default (the last one).
const DEV_FOLD: usize = FOLDS - 1;

/// Sentence `i` goes to dev when `i % FOLDS == fold`, else to train.
fn split(all: Vec<Tagged>, fold: usize) -> (Vec<Tagged>, Vec<Tagged>) {
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for (i, s) in all.into_iter().enumerate() {
        if i % FOLDS == fold { dev.push(s) } else { train.push(s) }
    }
    (train, dev)
}

/// Consecutive blocks of `n` sentences as documents, for news corpora
/// without document marks (their sentences still run in article order).
fn blocks(mut all: Vec<Tagged>, n: usize) -> Vec<Tagged> {
    for (i, s) in all.iter_mut().enumerate() {
        s.doc = (i / n) as u32;
    }
    all
}

/// The WikiANN sets in the shared data.
const WIKIANN: [&str; 4] = ["de", "en", "fr", "nl"];

/// The names of tagged sentences, as gazetteer entries.
fn names_of(data: &[Tagged]) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    for s in data {
        for (a, b, ty) in chunks(&s.tags) {
            let t = TYPES.iter().position(|x| *x == ty).unwrap_or(0);
            out.push((s.words[a..b].to_vec(), t));
        }
    }
    out
}

/// Loads the training and dev data for a language from `data` (the
/// `shared/eval/ner` folder). The gazetteer holds the names of every WikiANN
/// set the language does not train on: names barely change across languages.
pub fn recipe(lang: Lang, data: &Path) -> Result<Recipe, NerDataError> {
    recipe_fold(lang, data, DEV_FOLD)
}

/// [`recipe`] with fold `fold` held out as dev, for the languages whose
/// dev set is a fold of their only corpus (German, Swedish); the others
/// ignore `fold`.
pub fn recipe_fold(lang: Lang, data: &Path, fold: usize) -> Result<Recipe, NerDataError> {
    let load = |rel: &str, f: Format| -> Result<Vec<Tagged>, NerDataError> { Ok(parse(&read(&data.join(rel))?, f)) };
    let wikiann = |code: &str| -> Result<Vec<Tagged>, NerDataError> {
        let mut all = load(&format!("wikiann-{code}/train"), Format::WikiAnn)?;
        all.extend(load(&format!("wikiann-{code}/dev"), Format::WikiAnn)?);
        Ok(all)
    };
    // Untagged text for the word clusters: WikiANN train where the language
    // does not train on it, plus the language's prose in `../shared/eval`.
    let wikiann_words = |code: &str| -> Result<Vec<Vec<String>>, NerDataError> {
        Ok(load(&format!("wikiann-{code}/train"), Format::WikiAnn)?.into_iter().map(|s| s.words).collect())
    };
    let shared = data.parent().unwrap_or(data);
    let cluster_text = match lang.code() {
        "en" => {
            let mut t = wikiann_words("en")?;
            t.extend(timeml_sentences(&shared.join("timex/tempeval3-train"))?);
            t
        }
        "de" => {
            let mut t = wikiann_words("de")?;
            t.extend(redewiedergabe_sentences(&shared.join("quotes/redewiedergabe-de"))?);
            t
        }
        _ => vec![],
    };
    let (train, dev, trains_on_wikiann, note) = match lang.code() {
        "en" => (
            load("conll2003-en/train.txt", Format::Conll)?,
            load("conll2003-en/valid.txt", Format::Conll)?,
            false,
            "CoNLL-2003 train; dev = valid.txt",
        ),
        "es" => (
            blocks(load("conll2002-es/esp.train", Format::Conll)?, 20),
            blocks(load("conll2002-es/esp.testa", Format::Conll)?, 20),
            false,
            "CoNLL-2002 esp.train; dev = esp.testa (no document marks: blocks of 20 sentences serve as documents)",
        ),
        "de" => {
            // WikiANN de as plain training data made German worse (PER/ORG/LOC
            // F1 51 against 57, even with GermEval repeated 3-6 times; with
            // its names jackknifed out of the gazetteer 47): its annotation
            // differs from GermEval's. As another domain (`Tagged::aux`, the
            // model keeps the shared weights and GermEval's own), it helps:
            // 5-fold CV PER/ORG/LOC 62.1 without, 63.3 / 64.3 / 64.9 / 64.8
            // with 3,000 / 6,000 / 12,000 / all 20,000 of its train sentences
            // (3,000 as plain data: 62.7). Each is its own document.
            let (mut train, dev) = split(load("germeval2014-de/NER-de-dev.tsv", Format::GermEval)?, fold);
            let next_doc = train.iter().map(|s| s.doc + 1).max().unwrap_or(0);
            let wiki = load("wikiann-de/train", Format::WikiAnn)?;
            train.extend(wiki.into_iter().zip(next_doc..).map(|(s, doc)| Tagged { doc, aux: true, ..s }));
            (train, dev, true, "GermEval 2014 dev split: every 5th sentence is dev, the rest train; WikiANN de train as another domain")
        }
        "sv" => {
            let (train, dev) = split(load("swedish-webbnyheter/train_corpus.txt", Format::Webbnyheter)?, fold);
            (train, dev, false, "webbnyheter: every 5th sentence is dev, the rest train")
        }
        "fr" => {
            // WikiANN is Wikipedia title fragments: news context (sentence
            // starts, titles before names) comes from Spanish news, a close
            // language with the same capitalisation habits; its MISC is
            // dropped because WikiANN has none.
            let mut train = wikiann("fr")?;
            // Without the Spanish news French scored 37 F1 on its news sentences, with it 65-68.
            let mut news = blocks(load("conll2002-es/esp.train", Format::Conll)?, 20);
            for s in &mut news {
                for t in &mut s.tags {
                    if *t >= features::tag_index("B-MISC").unwrap_or(usize::MAX) {
                        *t = 0;
                    }
                }
            }
            train.extend(news);
            (train, vec![], true, "WikiANN fr train+dev + CoNLL-2002 es train (MISC dropped); dev = the project's French news sentences")
        }
        other => return Err(NerDataError::NoRecipe(other.to_string())),
    };
    let mut names = Vec::new();
    for code in WIKIANN {
        if !(trains_on_wikiann && code == lang.code()) {
            names.extend(names_of(&wikiann(code)?));
        }
    }
    // French trains on the most data (WikiANN and Spanish news): dropping
    // features updated fewer than 3 times cut its model from 2.2 to 1.9 MB
    // and its load time by a third, at no cost on the French news sentences.
    // With another domain's sentences, most features are seen only in them:
    // 8 halves the German model (3.4 to 1.6 MB) at no cost (CV 64.6 at 2, 4 and 8).
    let min_updates = if train.iter().any(|s| s.aux) {
        8
    } else if train.len() > 30_000 {
        3
    } else {
        0
    };
    // The cluster text as common-word text too: German CV 57.7 against 57.4,
    // English dev 90.1 against 90.4; left out.
    // Clusters lowered French news F1 from 65.0 to 55.7 (its text is
    // WikiANN fragments and Spanish news) and left Spanish at 74.0 (only
    // its training text to cluster). German and Swedish cross-validate best
    // at 128 dimensions (German 57.4 against 56.4 at 64); English scores 90.4
    // at 128 and 90.0 at 64, but at 128 misreads the invented news of the
    // quote tests ("The Harbour Workers Union" as two persons), so 64.
    let cluster_dims = match lang.code() {
        "fr" | "es" => 0,
        "en" => 64,
        _ => 128,
    };
    Ok(Recipe { train, dev, extra: vec![], cluster_text, cluster_dims, names, note: note.to_string(), min_updates })
}

/// Every `.tml` file under `dir` (TempEval-3 TimeML) as sentences of
/// words: the `<TEXT>` part with its tags stripped, tokenised as the tagger
/// tokenises, cut after `.`, `!` and `?`.
fn timeml_sentences(dir: &Path) -> Result<Vec<Vec<String>>, NerDataError> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| NerDataError::Io(d.clone(), e))? {
            let p = e.map_err(|e| NerDataError::Io(d.clone(), e))?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "tml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let src = read(&f)?;
        let body = src.split_once("<TEXT>").map_or("", |x| x.1);
        let body = body.split_once("</TEXT>").map_or(body, |x| x.0);
        let mut text = String::with_capacity(body.len());
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text.replace("&amp;", "&").replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">");
        for line in text.lines() {
            let mut s: Vec<String> = Vec::new();
            for (a, b) in crate::extract::entities::tokenize::tokenize(line, 0, line.len()) {
                let w = &line[a..b];
                s.push(w.to_string());
                if matches!(w, "." | "!" | "?") {
                    out.push(std::mem::take(&mut s));
                }
            }
            if !s.is_empty() {
                out.push(s);
            }
        }
    }
    Ok(out)
}

/// The words of every REDEWIEDERGABE sample (`.tsv` under `dir` or its
/// `data/main/tsv`), cut into sentences by its `sentstart` column.
fn redewiedergabe_sentences(dir: &Path) -> Result<Vec<Vec<String>>, NerDataError> {
    let deep = dir.join("data/main/tsv");
    let dir = if deep.is_dir() { deep } else { dir.to_path_buf() };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| NerDataError::Io(dir.clone(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv") && p.file_name().is_some_and(|n| n != "metadata.tsv"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let src = read(&f)?;
        let mut lines = src.lines();
        let Some(header) = lines.next() else { continue };
        let header: Vec<&str> = header.split('\t').collect();
        let (Some(tok), Some(start)) = (header.iter().position(|h| *h == "tok"), header.iter().position(|h| *h == "sentstart")) else { continue };
        let mut s: Vec<String> = Vec::new();
        for line in lines {
            let cols: Vec<&str> = line.split('\t').collect();
            let Some(w) = cols.get(tok).filter(|w| !w.is_empty()) else { continue };
            if cols.get(start) == Some(&"yes") && !s.is_empty() {
                out.push(std::mem::take(&mut s));
            }
            s.push(w.to_string());
        }
        if !s.is_empty() {
            out.push(s);
        }
    }
    Ok(out)
}

/// The dev set `storyline eval ner` scores a language on, without reading
/// its training data; `None` where the dev set is the project's own
/// bracketed sentences ([`FRENCH_NEWS`] for French).
pub fn dev_set(lang: Lang, data: &Path) -> Result<(Option<Vec<Tagged>>, &'static str), NerDataError> {
    let load = |rel: &str, f: Format| -> Result<Vec<Tagged>, NerDataError> { Ok(parse(&read(&data.join(rel))?, f)) };
    Ok(match lang.code() {
        "en" => (Some(load("conll2003-en/valid.txt", Format::Conll)?), "CoNLL-2003 valid.txt"),
        "es" => (Some(blocks(load("conll2002-es/esp.testa", Format::Conll)?, 20)), "CoNLL-2002 esp.testa"),
        "de" => (Some(split(load("germeval2014-de/NER-de-dev.tsv", Format::GermEval)?, DEV_FOLD).1), "GermEval 2014 dev, every 5th sentence"),
        "sv" => (Some(split(load("swedish-webbnyheter/train_corpus.txt", Format::Webbnyheter)?, DEV_FOLD).1), "webbnyheter, every 5th sentence"),
        "fr" => (None, "the project's French news sentences"),
        other => return Err(NerDataError::NoRecipe(other.to_string())),
    })
}

/// K-fold cross-validation for the languages whose dev set is a fold of
/// their only corpus: a model per fold, trained on the other folds and
/// scored on it; the counts are summed over the folds.
pub fn cross_validate(lang: Lang, data: &Path, config: &TrainConfig, mut log: impl FnMut(&str)) -> Result<Score, NerDataError> {
    let mut total = Score::default();
    for fold in 0..FOLDS {
        let r = recipe_fold(lang, data, fold)?;
        let config = r.config(config);
        let model = train::train(lang.code(), &r.train, &r.extra, &r.cluster_text, &r.names, &config, |_| {});
        let score = score_tagged(&model, &r.dev);
        log(&format!("fold {fold}: micro F1 {:.2}", score.micro().2 * 100.0));
        for (ty, c) in score.counts {
            let t = total.counts.entry(ty).or_default();
            *t = (t.0 + c.0, t.1 + c.1, t.2 + c.2);
        }
    }
    Ok(total)
}

/// Trains the model for a language with its recipe; with `with_dev`, on
/// its dev set as well (the model to ship once the settings are chosen on
/// dev: a fifth more news to learn from; it is flagged
/// [`TRAINED_ON_DEV`](crate::extract::entities::model::TRAINED_ON_DEV), so scoring it on dev says so). French has no
/// dev set in the data (it is scored on the project's own sentences).
pub fn train_language(lang: Lang, data: &Path, config: &TrainConfig, with_dev: bool, log: impl FnMut(&str)) -> Result<Model, NerDataError> {
    let mut r = recipe(lang, data)?;
    let config = r.config(config);
    if !with_dev || r.dev.is_empty() {
        return Ok(train::train(lang.code(), &r.train, &r.extra, &r.cluster_text, &r.names, &config, log));
    }
    // Dev documents numbered after the training ones, so none joins another.
    let next_doc = r.train.iter().map(|s| s.doc + 1).max().unwrap_or(0);
    r.train.extend(r.dev.drain(..).map(|s| Tagged { doc: s.doc + next_doc, ..s }));
    let model = train::train(lang.code(), &r.train, &r.extra, &r.cluster_text, &r.names, &config, log);
    let flags = model.flags() | crate::extract::entities::model::TRAINED_ON_DEV;
    Ok(model.with_flags(flags))
}

/// The first `n` sentences the model gets wrong, gold and found side by side
/// (for looking at errors while tuning).
pub fn errors(model: &Model, data: &[Tagged], n: usize) -> String {
    let mut out = String::new();
    for (s, tags) in data.iter().zip(tag_all(model, data)) {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let (gold, found) = (chunks(&s.tags), chunks(&tags));
        if gold == found {
            continue;
        }
        let show = |c: &[(usize, usize, String)]| c.iter().map(|(a, b, t)| format!("[{t} {}]", words[*a..*b].join(" "))).collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "{}\n  gold:  {}\n  found: {}", words.join(" "), show(&gold), show(&found));
        if out.matches("gold:").count() >= n {
            break;
        }
    }
    out
}
