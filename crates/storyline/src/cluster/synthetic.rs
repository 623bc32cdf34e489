//! A generated stream of articles with known stories, for benchmarks and
//! scale tests of the clusterer (no real text: words are made-up syllables,
//! tokens are built directly, so no text analysis runs).

use jiff::civil::Date;

use crate::analysis::Analysis;
use crate::document::{DocId, Document, Format};
use crate::extract::{EntityMention, EntityType};
use crate::lang::Lang;
use crate::text::{Sentence, Token};

/// SplitMix64: a tiny deterministic generator (no dependency needed).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

const SYLLABLES: [&str; 16] =
    ["ka", "lo", "mi", "ter", "van", "sol", "ru", "den", "pa", "zi", "mor", "el", "tu", "bra", "nis", "go"];

/// A made-up word for a number (distinct numbers, distinct words).
pub fn word(mut n: u64) -> String {
    let mut w = String::new();
    loop {
        w.push_str(SYLLABLES[(n % 16) as usize]);
        n /= 16;
        if n == 0 {
            break;
        }
    }
    w
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

struct SynStory {
    id: usize,
    start: u64,
    names: Vec<u64>,
    /// People as (given name, surname) word numbers, and organisations.
    people: Vec<(u64, u64)>,
    orgs: Vec<u64>,
    topic: Vec<u64>,
    numbers: Vec<u64>,
}

/// Given names and surnames people are drawn from: small pools, surnames
/// skewed so a few are very common, so many different people share a
/// surname, as in real news (the entity resolver's hard case and its cost
/// driver).
pub const GIVEN_NAMES: u64 = 400;
pub const SURNAMES: u64 = 3000;

/// Generates `n` articles: a new story starts with probability 1/20, else
/// an article continues one of the 300 most recent stories; 500 articles a
/// day. Each story has four people and two organisations; an article
/// mentions two of the people (full name, then surname) and one
/// organisation, as entity mentions in its analysis. Yields each article
/// with its true story number.
pub fn stream(n: usize, seed: u64) -> impl Iterator<Item = (Document, Analysis, usize)> {
    let mut rng = Rng::new(seed);
    let mut stories: Vec<SynStory> = Vec::new();
    let base = Date::constant(2024, 1, 1);
    let langs = [Lang::EN, Lang::SV, Lang::FR];
    (0..n).map(move |i| {
        let day = i as u64 / 500;
        if stories.is_empty() || rng.below(20) == 0 {
            let id = stories.len();
            stories.push(SynStory {
                id,
                start: day,
                names: (0..8).map(|_| rng.below(50_000)).collect(),
                topic: (0..30).map(|_| 100_000 + rng.below(20_000)).collect(),
                numbers: (0..3).map(|_| 100 + rng.below(100_000)).collect(),
                people: (0..4)
                    .map(|_| {
                        // Skewed: a few surnames are very common.
                        let common = rng.below(SURNAMES) + 1;
                        let surname = rng.below(common);
                        (300_000 + rng.below(GIVEN_NAMES), 400_000 + surname)
                    })
                    .collect(),
                orgs: (0..2).map(|_| 500_000 + rng.below(20_000)).collect(),
            });
        }
        let recent = stories.len().saturating_sub(300);
        let s = &stories[recent + rng.below((stories.len() - recent) as u64) as usize];
        let lang = langs[rng.below(3) as usize];
        let mut words: Vec<(String, bool)> = Vec::new();
        for k in 0..60 {
            let w = match k % 6 {
                0 => (capitalise(&word(s.names[rng.below(8) as usize])), false),
                1 if rng.below(4) == 0 => (capitalise(&word(rng.below(50_000))), false),
                1 | 2 => (word(s.topic[rng.below(30) as usize]), false),
                3 if rng.below(5) == 0 => (s.numbers[rng.below(3) as usize].to_string(), false),
                4 => ("the".to_string(), true),
                _ => (word(200_000 + rng.below(2_000)), false),
            };
            words.push(w);
        }
        let mut text = String::new();
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let mut sentence_start = 0;
        for (k, (w, stop)) in words.iter().enumerate() {
            if k % 12 == 0 {
                // A filler opens each sentence so names are never sentence-initial.
                text.push_str("And ");
            }
            let start = text.len();
            text.push_str(w);
            tokens.push(Token { start, end: text.len(), stem: w.to_lowercase(), stop: *stop });
            if k % 12 == 11 {
                text.push_str(". ");
                sentences.push(Sentence { start: sentence_start, end: text.len(), language: lang });
                sentence_start = text.len();
            } else {
                text.push(' ');
            }
        }
        // A closing sentence with the entity mentions.
        let mut entities = Vec::new();
        let people = [s.people[rng.below(4) as usize], s.people[rng.below(4) as usize]];
        let org = capitalise(&word(s.orgs[rng.below(2) as usize]));
        let mut mention = |text: &mut String, tokens: &mut Vec<Token>, words: &[String], kind: EntityType| {
            let start = text.len();
            for (k, w) in words.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                let ws = text.len();
                text.push_str(w);
                tokens.push(Token { start: ws, end: text.len(), stem: w.to_lowercase(), stop: false });
            }
            entities.push(EntityMention { start, end: text.len(), text: text[start..].to_string(), kind, role: None });
            text.push(' ');
        };
        let sentence_start = text.len();
        text.push_str("And ");
        for (given, surname) in people {
            let full = [capitalise(&word(given)), capitalise(&word(surname))];
            mention(&mut text, &mut tokens, &full, EntityType::Person);
            mention(&mut text, &mut tokens, &full[1..], EntityType::Person);
        }
        mention(&mut text, &mut tokens, &[org], EntityType::Organisation);
        text.push('.');
        sentences.push(Sentence { start: sentence_start, end: text.len(), language: lang });
        let mut doc = Document::new(Some(&format!("syn:{i}")), format!("syn/{i}"), Format::Text, text);
        doc.id = DocId::from_key(&format!("syn:{seed}:{i}"));
        doc.published = base.checked_add(jiff::Span::new().days(day.max(s.start) as i64)).ok();
        let analysis = Analysis { language: lang, sentences, tokens, dates: Vec::new(), entities, acronyms: Vec::new(), quotes: Vec::new(), numbers: Vec::new() };
        (doc, analysis, s.id)
    })
}
