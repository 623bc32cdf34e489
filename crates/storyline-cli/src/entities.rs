//! `storyline entities`, `storyline entity` and `storyline eval entities`:
//! read the resolved entities of the stored corpus, and score resolution.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;
use storyline::resolve::{Entity, ResolvedMention};
use storyline::store::Store;

use crate::DbArgs;

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only entities of this type: PER, ORG, LOC or MISC
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// Entity id (or a prefix of one), or a name or alias
    pub name_or_id: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// The reference reading
    #[arg(long, default_value = "../shared/corpus/seeds-expected.json")]
    pub expected: PathBuf,
    /// The corpus folder (its .txt files)
    #[arg(long, default_value = "../shared/corpus/seeds")]
    pub corpus: PathBuf,
    /// Print JSON instead of a summary
    #[arg(long)]
    pub json: bool,
}

fn type_code(e: &Entity) -> String {
    serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// One line of the entity list.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: String,
    canonical: &'a str,
    mentions: u32,
    documents: u32,
    aliases: Vec<&'a str>,
}

fn line(e: &Entity) -> Line<'_> {
    let mut aliases: Vec<&str> = e.aliases.values().flat_map(|m| m.keys().map(String::as_str)).collect();
    aliases.sort_unstable();
    aliases.dedup();
    Line { id: &e.id, kind: type_code(e), canonical: &e.canonical, mentions: e.mentions, documents: e.documents, aliases }
}

pub fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let store = crate::open_store(&args.db)?;
    let wanted = args.kind.as_deref().map(str::to_ascii_uppercase);
    let mut all: Vec<Entity> =
        store.entities()?.into_iter().filter(|e| wanted.as_ref().is_none_or(|t| *t == type_code(e))).collect();
    all.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.canonical.cmp(&b.canonical)));
    if args.json {
        println!("{}", serde_json::to_string_pretty(&all.iter().map(line).collect::<Vec<_>>())?);
        return Ok(ExitCode::SUCCESS);
    }
    if all.is_empty() {
        println!("No entities in {}. Ingest some documents first.", args.db.db.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<16}  {:<4}  {:>5}  {:>4}  {:<32}  aliases", "id", "type", "ment.", "docs", "name");
    for e in &all {
        let l = line(e);
        let others: Vec<&str> = l.aliases.iter().copied().filter(|a| *a != e.canonical).collect();
        println!("{:<16}  {:<4}  {:>5}  {:>4}  {:<32}  {}", e.id, l.kind, e.mentions, e.documents, e.canonical, others.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

/// An entity with the mentions that name it.
#[derive(Serialize)]
struct Detail<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: String,
    canonical: &'a str,
    aliases: &'a std::collections::BTreeMap<String, std::collections::BTreeMap<String, u32>>,
    roles: &'a std::collections::BTreeMap<String, u32>,
    mentions: u32,
    first_seen: Option<String>,
    last_seen: Option<String>,
    documents: Vec<String>,
    spans: &'a [ResolvedMention],
    /// Quotations whose speaker is a mention of this entity.
    quotes: Vec<Said>,
}

/// One quotation an entity said, with where it stands.
#[derive(Serialize)]
struct Said {
    doc: String,
    start: usize,
    end: usize,
    language: String,
    text: String,
}

fn find<'a>(all: &'a [Entity], query: &str) -> Vec<&'a Entity> {
    let q = query.trim();
    let by_id: Vec<&Entity> = all.iter().filter(|e| e.id.starts_with(&q.to_ascii_lowercase()) && q.len() >= 4).collect();
    if !by_id.is_empty() {
        return by_id;
    }
    let folded = storyline::resolve::names::fold(q);
    let exact: Vec<&Entity> = all.iter().filter(|e| storyline::resolve::names::fold(&e.canonical) == folded).collect();
    if !exact.is_empty() {
        return exact;
    }
    all.iter()
        .filter(|e| e.aliases.values().flat_map(|m| m.keys()).any(|a| storyline::resolve::names::fold(a) == folded))
        .collect()
}

pub fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = crate::open_store(&args.db)?;
    let all = store.entities()?;
    let found = find(&all, &args.name_or_id);
    let e = match found.as_slice() {
        [] => {
            eprintln!("storyline: no entity matches '{}'", args.name_or_id);
            return Ok(ExitCode::from(2));
        }
        [e] => *e,
        many => {
            eprintln!("storyline: '{}' matches {} entities; give an id:", args.name_or_id, many.len());
            for e in many {
                eprintln!("  {}  {}  {}", e.id, type_code(e), e.canonical);
            }
            return Ok(ExitCode::from(2));
        }
    };
    let spans = store.entity_mentions(&e.id)?;
    let mut documents: Vec<String> = Vec::new();
    for m in &spans {
        if documents.last() != Some(&m.doc.0) {
            documents.push(m.doc.0.clone());
        }
    }
    let mut quotes = Vec::new();
    for d in &documents {
        let Some(stored) = store.document(d)? else { continue };
        let in_doc: Vec<ResolvedMention> = spans.iter().filter(|m| m.doc.0 == *d).cloned().collect();
        for q in storyline::resolve::said::quotes_by(&e.id, &in_doc, &stored.analysis.quotes) {
            quotes.push(Said {
                doc: d.clone(),
                start: q.start,
                end: q.end,
                language: q.language.code().to_string(),
                text: q.text.clone(),
            });
        }
    }
    let detail = Detail {
        id: &e.id,
        kind: type_code(e),
        canonical: &e.canonical,
        aliases: &e.aliases,
        roles: &e.roles,
        mentions: e.mentions,
        first_seen: e.first_seen.map(|d| d.to_string()),
        last_seen: e.last_seen.map(|d| d.to_string()),
        documents,
        spans: &spans,
        quotes,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&detail)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} ({}) {}", detail.canonical, detail.kind, detail.id);
    println!("mentions: {} in {} documents", detail.mentions, detail.documents.len());
    if let (Some(f), Some(l)) = (&detail.first_seen, &detail.last_seen) {
        println!("seen: {f} to {l}");
    }
    println!("aliases:");
    for (lang, forms) in detail.aliases {
        let list: Vec<String> = forms.iter().map(|(f, n)| format!("{f} ({n})")).collect();
        println!("  {lang}: {}", list.join(", "));
    }
    if !detail.roles.is_empty() {
        let list: Vec<String> = detail.roles.iter().map(|(r, n)| format!("{r} ({n})")).collect();
        println!("roles: {}", list.join(", "));
    }
    println!("documents:");
    for d in &detail.documents {
        let n = spans.iter().filter(|m| m.doc.0 == *d).count();
        println!("  {d}  {n} mentions");
    }
    if !detail.quotes.is_empty() {
        println!("quotes:");
        for q in &detail.quotes {
            println!("  {}  [{}]  {}", q.doc, q.language, q.text);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let score = storyline::eval::entities::score(&args.expected, &args.corpus)
        .map_err(|e| anyhow::anyhow!("eval entities: {e}"))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&score)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} documents, {} reference mentions, {} matched by a recognised mention, {} entities made",
        score.documents, score.reference_mentions, score.matched_mentions, score.entities_made
    );
    let row = |name: &str, s: &storyline::eval::entities::PairScore| {
        println!(
            "{name:<22} precision {:.3}  recall {:.3}  ({} correct of {} merged, {} reference pairs)",
            s.precision, s.recall, s.correct_pairs, s.merged_pairs, s.gold_pairs
        );
    };
    row("main", &score.main);
    row("main, matched only", &score.main_matched_only);
    row("stretch", &score.stretch);
    println!("aliases found as a mention of their type (PER/ORG/LOC, not stretch): {} of {}", score.aliases_found, score.aliases);
    for (alias, kind) in &score.aliases_missed {
        println!("alias not found as {kind}: {alias}");
    }
    for (a, b, n) in &score.wrong_merges {
        println!("wrong merge: {a} + {b} ({n} pairs)");
    }
    for (name, groups) in &score.splits {
        println!("split: {name}: {}", groups.join("  //  "));
    }
    Ok(ExitCode::SUCCESS)
}
