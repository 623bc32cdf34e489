//! Quotations: who said what, direct and reported, in every language with a
//! `quotes.toml` resource.
//!
//! Finds text between quote marks of any style (“…”, "…", ”…”, « … », „…“,
//! »…«, ‘…’, over several paragraphs), dialogue paragraphs opened by a dash,
//! embedded social-media posts (`— Name (@handle) date`), partial quotations
//! inside a sentence, and reported speech (speech verb + content clause). Each
//! gets the cue (speech verb) and speaker found next to it; pronouns and role
//! descriptions are resolved to a person named earlier, organisations and
//! unnamed speakers ("one of the participants") are kept as written.
//!
//! It does not find unmarked direct speech, free indirect speech or thought,
//! and it does no coreference beyond the nearest compatible person.

mod attrib;
mod find;
mod reported;
mod resolve;
mod rules;
mod scan;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::extract::EntityMention;
use crate::lang::Lang;
use crate::text::Sentence;
use attrib::{Attribution, Np, NpKind};
use resolve::{People, Person};
use rules::Rules;
use scan::{Lines, Tok, trim};

/// How a quotation is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A whole statement in quote marks, a dialogue-dash paragraph or a post.
    Direct,
    /// A short quoted fragment inside the writer's own sentence.
    Partial,
    /// Indirect speech: the content clause of a speech verb.
    Reported,
}

/// What a speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    Person,
    Organisation,
    /// Someone described but not named ("one of the participants", "the minister").
    Description,
    /// A pronoun the text gives no antecedent for.
    Pronoun,
}

/// A piece of the text: byte span and the text it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Fragment {
    fn new(text: &str, start: usize, end: usize) -> Fragment {
        Fragment { start, end, text: text[start..end].to_string() }
    }
}

/// Who said it: the mention the speaker resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: SpeakerKind,
    /// The title written with the name ("President"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The pronoun or description at the cue that was resolved to this
    /// mention ("she", "the minister").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Fragment>,
}

/// One quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: QuoteKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    /// The speech verb or source phrase ("said", "according to").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Fragment>,
    /// The quotation's own language (may differ from the article's).
    pub language: Lang,
    /// The date written with an embedded post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Fragment>,
}

/// A quotation found, before its speaker is resolved.
struct Found {
    start: usize,
    end: usize,
    kind: QuoteKind,
    attribution: Option<Attribution>,
    /// A speaker given outright (a post's signature).
    named: Option<(usize, usize)>,
    date: Option<(usize, usize)>,
    /// May take the previous quotation's speaker when it has no cue.
    inherits: bool,
}

/// Whether a lower-cased word is a function word of `lang` (article,
/// pronoun, preposition, conjunction, day adverb): never a name alone.
pub fn function_word(lang: Lang, lower: &str) -> bool {
    rules::for_lang(lang).is_some_and(|r| r.is_function_word(lower))
}

/// Whether a lower-cased word is a speech verb of `lang` ("said", "estime").
pub fn speech_verb(lang: Lang, lower: &str) -> bool {
    rules::for_lang(lang).is_some_and(|r| r.cues.match_at(|k| (k == 0).then_some(lower)) == Some(1))
}

/// How many attributions `text` (one sentence, in `lang`) holds: speech cues
/// ("said", "uppger") and source markers ("according to", "selon"). Two in
/// one sentence usually set one source's account against another's.
pub fn attribution_count(text: &str, lang: Lang) -> usize {
    let Some(r) = rules::for_lang(lang) else { return 0 };
    let words: Vec<Tok> = scan::tokens(text, 0, text.len()).into_iter().filter(Tok::is_word).collect();
    let mut count = 0;
    let mut i = 0;
    while i < words.len() {
        let at = |k: usize| words.get(i + k).map(|t| t.key.as_str());
        match r.cues.match_at(at).or_else(|| r.sources.match_at(at)) {
            Some(n) => {
                count += 1;
                i += n;
            }
            None => i += 1,
        }
    }
    count
}

/// Finds every quotation in `text`. `sentences` give each part its language;
/// `entities` (may be empty) give person and organisation names.
pub fn extract(text: &str, sentences: &[Sentence], entities: &[EntityMention]) -> Vec<Quote> {
    let doc_lang = main_language(sentences);
    let all_marks: &[(char, char)] = &ALL_MARKS;
    let toks = scan::tokens(text, 0, text.len());
    let lines = Lines::new(text);
    let lang_at = |byte: usize| sentence_lang(sentences, byte);
    let rules_at = |byte: usize| rules::candidates(lang_at(byte), doc_lang);

    let mut found: Vec<Found> = Vec::new();

    // Posts first: their signature is not a dialogue dash, their text no quote.
    let has_cue = |s: usize, e: usize| {
        let a = tok_at(&toks, s);
        let b = tok_at(&toks, e);
        let rules = rules_at(s);
        (a..b).any(|k| rules.iter().any(|r| attrib::cue_at(&toks, k, b, r).is_some()))
    };
    let posts = find::posts(text, &lines, all_marks, has_cue);
    let post_spans: Vec<(usize, usize)> = posts.iter().map(|p| (p.start, p.sig.1)).collect();
    for p in &posts {
        found.push(Found {
            start: p.start,
            end: p.end,
            kind: QuoteKind::Direct,
            attribution: None,
            named: Some(p.name),
            date: p.date,
            inherits: false,
        });
    }

    // Quote marks.
    let marked = find::marked(text, &lines, all_marks, &post_spans);
    for (n, m) in marked.iter().enumerate() {
        let ls = lines.start(m.open);
        let le = lines.end(m.end);
        let prev_close = if n > 0 { marked[n - 1].close } else { 0 };
        let next_open = marked.get(n + 1).map_or(text.len(), |q| q.open);
        let before = (tok_at(&toks, ls.max(prev_close)), tok_at(&toks, m.open));
        let after = (tok_at(&toks, m.close), tok_at(&toks, le.min(next_open)));
        let rules = rules_at(m.start);
        let kind = if is_clause(text, &lines, m) { QuoteKind::Direct } else { QuoteKind::Partial };
        let lead_colon = text[ls.max(prev_close)..m.open].trim_end().ends_with(':');
        let try_after = || attrib::after_quote(&toks, after.0, after.1, text, rules, entities, if kind == QuoteKind::Partial { 4 } else { 10 });
        let partial = kind == QuoteKind::Partial;
        let try_before = || attrib::before_quote(&toks, before.0, before.1, text, rules, entities, partial);
        let attribution = if kind == QuoteKind::Direct && !lead_colon {
            try_after().or_else(try_before)
        } else {
            try_before().or_else(try_after)
        };
        // A fragment with no speech verb is a title or scare quote, not a quotation.
        if kind == QuoteKind::Partial && attribution.is_none() {
            continue;
        }
        found.push(Found {
            start: m.start,
            end: m.end,
            kind,
            attribution,
            named: None,
            date: None,
            inherits: kind == QuoteKind::Direct,
        });
    }
    let mut quoted: Vec<(usize, usize)> = marked.iter().map(|m| (m.open, m.close)).collect();
    quoted.extend(post_spans.iter().copied());

    // Dialogue dashes at paragraph start.
    let mut ls = 0;
    while ls < text.len() {
        let le = lines.end(ls);
        let inside = quoted.iter().any(|(s, e)| ls >= *s && ls < *e);
        if !inside {
            if let Some((_, body)) = find::dash_line(text, &lines, ls, rules_at(ls)) {
                let pieces = dialogue(text, &toks, body, le, rules_at(body), entities);
                quoted.push((body, le));
                found.extend(pieces);
            }
        }
        ls = le + 1;
    }

    // Reported speech outside direct quotations.
    quoted.sort_unstable();
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        if !t.is_word() || in_spans(&quoted, t.start) {
            k += 1;
            continue;
        }
        let mut hit = None;
        for r in rules::candidates(lang_at(t.start), doc_lang) {
            if let Some(n) = attrib::cue_at(&toks, k, toks.len(), r) {
                if let Some(rep) = reported::content_after(text, &toks, k, n, toks.len(), r) {
                    hit = Some(rep);
                    break;
                }
            }
        }
        let Some(rep) = hit else {
            k += 1;
            continue;
        };
        let lo = tok_at(&toks, lines.start(t.start).max(sentence_start(sentences, t.start)));
        let lo = last_clause_start(&toks, lo, k);
        let np = attrib::np_before(&toks, lo, k, text, rep.rules, entities)
            .or_else(|| attrib::parse_np(&toks, rep.cue.1, tok_at(&toks, rep.start), text, rep.rules, entities));
        let next = tok_at(&toks, rep.end).max(k + 1);
        found.push(Found {
            start: rep.start,
            end: rep.end,
            kind: QuoteKind::Reported,
            attribution: Some(Attribution { cue: rep.cue, np, rules: rep.rules }),
            named: None,
            date: None,
            inherits: false,
        });
        // Cues inside the content may start their own clause ("said that X told Y that").
        k = k + 1 + (next - k - 1).min(2);
    }

    found.sort_by_key(|f| (f.start, f.end));
    // Names inside any quotation (reported content too) are not the
    // antecedents of a later "he said": the speaker is more salient.
    quoted.extend(found.iter().filter(|f| f.kind == QuoteKind::Reported).map(|f| (f.start, f.end)));
    resolve_all(text, &toks, sentences, doc_lang, entities, found, &quoted)
}

/// Turns found quotations into output, resolving speakers in text order.
fn resolve_all(
    text: &str,
    toks: &[Tok],
    sentences: &[Sentence],
    doc_lang: Lang,
    entities: &[EntityMention],
    found: Vec<Found>,
    quoted: &[(usize, usize)],
) -> Vec<Quote> {
    let all = rules::candidates(doc_lang, doc_lang);
    let mut people = People::build(text, toks, entities, all);
    let mut out: Vec<Quote> = Vec::with_capacity(found.len());
    for f in found {
        let mut speaker = None;
        let mut cue = None;
        let mut lang = quote_lang(sentences, f.start, f.end);
        if let Some((s, e)) = f.named {
            speaker = Some(person_speaker(text, s, e, None));
        }
        if let Some(a) = &f.attribution {
            cue = Some(Fragment::new(text, toks[a.cue.0].start, toks[a.cue.1 - 1].end));
            if lang == Lang::UNKNOWN {
                lang = a.rules.lang;
            }
            if let Some(np) = &a.np {
                speaker = speaker_of(text, toks, np, &mut people, quoted);
            }
        }
        if speaker.is_none() && cue.is_none() && f.inherits {
            speaker = out.last().filter(|q| q.kind != QuoteKind::Reported && near(text, q.end, f.start)).and_then(|q| q.speaker.clone());
        }
        if let Some(s) = &speaker {
            if s.kind == SpeakerKind::Person && s.via.is_none() {
                people.add(Person { start: s.start, end: s.end, text: s.text.clone(), title: s.title.iter().map(|t| t.to_lowercase()).collect(), gender: None, weak: false });
            }
        }
        out.push(Quote {
            start: f.start,
            end: f.end,
            text: text[f.start..f.end].to_string(),
            kind: f.kind,
            speaker,
            cue,
            language: lang,
            date: f.date.map(|(s, e)| Fragment::new(text, s, e)),
        });
    }
    out
}

/// The speaker a phrase names or refers to.
fn speaker_of(text: &str, toks: &[Tok], np: &Np, people: &mut People, quoted: &[(usize, usize)]) -> Option<Speaker> {
    let phrase = Fragment::new(text, np.start, np.end);
    match &np.kind {
        NpKind::Name { title, .. } => Some(person_speaker(text, np.start, np.end, *title)),
        NpKind::Org => Some(Speaker { text: phrase.text, start: np.start, end: np.end, kind: SpeakerKind::Organisation, title: None, via: None }),
        NpKind::Unnamed => Some(Speaker { text: phrase.text, start: np.start, end: np.end, kind: SpeakerKind::Description, title: None, via: None }),
        NpKind::Pronoun(p) => {
            let person = if p.plural { None } else { people.pronoun(np.start, p.gender, quoted) };
            Some(match person {
                Some(person) => resolved(person, phrase),
                None => Speaker { text: phrase.text, start: np.start, end: np.end, kind: SpeakerKind::Pronoun, title: None, via: None },
            })
        }
        NpKind::Definite { head, .. } => match people.description(np.start, head) {
            Some(person) => Some(resolved(person, phrase)),
            None => {
                let _ = toks;
                Some(Speaker { text: phrase.text, start: np.start, end: np.end, kind: SpeakerKind::Description, title: None, via: None })
            }
        },
    }
}

fn resolved(p: Person, via: Fragment) -> Speaker {
    let title = (!p.title.is_empty()).then(|| p.title.join(" "));
    Speaker { text: p.text, start: p.start, end: p.end, kind: SpeakerKind::Person, title, via: Some(via) }
}

fn person_speaker(text: &str, start: usize, end: usize, title: Option<(usize, usize)>) -> Speaker {
    Speaker {
        text: text[start..end].to_string(),
        start,
        end,
        kind: SpeakerKind::Person,
        title: title.map(|(s, e)| text[s..e].to_string()),
        via: None,
    }
}

/// A dialogue paragraph `[body, le)`: the spoken text, split around the
/// narrator's words (", sade hon." / "—dijo el ministro—").
fn dialogue(text: &str, toks: &[Tok], body: usize, le: usize, rules: &[&'static Rules], ents: &[EntityMention]) -> Vec<Found> {
    let (a, b) = (tok_at(toks, body), tok_at(toks, le));
    let mut out = Vec::new();
    for p in a..b {
        let key = toks[p].key.as_str();
        if toks[p].is_word() || !matches!(key, "," | "–" | "—" | "!" | "?" | "…") || p == a {
            continue;
        }
        let Some(att) = attrib::after_quote(toks, p, b, text, rules, ents, 10) else { continue };
        if att.cue.0 > p + 4 {
            continue;
        }
        let quote_end = if matches!(key, "!" | "?" | "…") { toks[p].end } else { toks[p].start };
        let (s, e) = trim(text, body, quote_end);
        // The narrator's words run to the next terminal mark or dash.
        let narr_end = (att.cue.1..b).find(|&q| matches!(toks[q].key.as_str(), "." | "!" | "?" | "–" | "—"));
        let rest = narr_end.map(|q| {
            let resume = (q..b).find(|&w| toks[w].is_word()).map_or(le, |w| toks[w].start);
            trim(text, resume, le)
        });
        out.push(Found { start: s, end: e, kind: QuoteKind::Direct, attribution: Some(att.clone()), named: None, date: None, inherits: false });
        if let Some((rs, re)) = rest {
            let words = toks[tok_at(toks, rs)..tok_at(toks, re)].iter().filter(|t| t.is_word()).count();
            if words >= 2 {
                out.push(Found { start: rs, end: re, kind: QuoteKind::Direct, attribution: Some(att), named: None, date: None, inherits: false });
            }
        }
        return out;
    }
    let (s, e) = trim(text, body, le);
    vec![Found { start: s, end: e, kind: QuoteKind::Direct, attribution: None, named: None, date: None, inherits: true }]
}

/// Whether quoted text stands as a clause of its own (direct) rather than as
/// a fragment inside the writer's sentence (partial).
fn is_clause(text: &str, lines: &Lines, m: &find::Marked) -> bool {
    let before = text[..m.open].trim_end_matches([' ', '\t', '\u{a0}']);
    let opens = before.is_empty()
        || before.ends_with('\n')
        || before.ends_with([':', ',', '.', '!', '?', '—', '–', '(', ';'])
        // Right after another quotation: dialogue.
        || before.chars().next_back().is_some_and(|c| ALL_MARKS.iter().any(|(o, cl)| c == *o || c == *cl))
        || m.open == lines.start(m.open);
    let inner = text[m.start..m.end].trim_end();
    let after = text[m.close..].trim_start_matches([' ', '\t', '\u{a0}']);
    let closes = inner.ends_with(['.', ',', '!', '?', '…', ';'])
        || after.is_empty()
        || after.starts_with(['\n', ',', '.', '!', '?', ';', '—', '–', ')', ':']);
    opens && closes
}

/// Whether two byte positions are in the same or adjacent paragraphs.
/// Two quotations with nothing but marks between them are two voices in a
/// dialogue; with a frame or a paragraph break between them, one voice goes on.
fn near(text: &str, prev_end: usize, start: usize) -> bool {
    if prev_end > start {
        return false;
    }
    let gap = &text[prev_end..start];
    let framed = gap.contains('\n') || gap.chars().any(char::is_alphanumeric);
    framed && gap.split('\n').filter(|l| !l.trim().is_empty()).count() <= 2 && gap.len() < 600
}

fn in_spans(spans: &[(usize, usize)], at: usize) -> bool {
    let i = spans.partition_point(|(s, _)| *s <= at);
    spans[..i].iter().rev().take(4).any(|(s, e)| at >= *s && at < *e)
}

/// Index of the first token starting at or after `byte`.
fn tok_at(toks: &[Tok], byte: usize) -> usize {
    toks.partition_point(|t| t.start < byte)
}

/// The first token after the last clause break (";", ":", quote mark) before `k`.
fn last_clause_start(toks: &[Tok], lo: usize, k: usize) -> usize {
    (lo..k).rev().find(|&i| matches!(toks[i].key.as_str(), ";" | ":" | "." | "!" | "?")).map_or(lo, |i| i + 1)
}

fn sentence_lang(sentences: &[Sentence], byte: usize) -> Lang {
    let i = sentences.partition_point(|s| s.start <= byte);
    i.checked_sub(1).map(|i| &sentences[i]).filter(|s| byte < s.end.max(s.start + 1)).map_or(Lang::UNKNOWN, |s| s.language)
}

fn sentence_start(sentences: &[Sentence], byte: usize) -> usize {
    let i = sentences.partition_point(|s| s.start <= byte);
    i.checked_sub(1).map_or(0, |i| sentences[i].start)
}

/// The language most of `[start, end)` is written in, by sentence.
fn quote_lang(sentences: &[Sentence], start: usize, end: usize) -> Lang {
    let mut best: Vec<(Lang, usize)> = Vec::new();
    for s in sentences.iter().filter(|s| s.end > start && s.start < end && s.language != Lang::UNKNOWN) {
        let n = s.end.min(end) - s.start.max(start);
        match best.iter_mut().find(|(l, _)| *l == s.language) {
            Some(b) => b.1 += n,
            None => best.push((s.language, n)),
        }
    }
    best.into_iter().max_by_key(|(_, n)| *n).map_or(Lang::UNKNOWN, |(l, _)| l)
}

/// The language of most of the text.
fn main_language(sentences: &[Sentence]) -> Lang {
    quote_lang(sentences, 0, usize::MAX)
}

static ALL_MARKS: std::sync::LazyLock<Vec<(char, char)>> = std::sync::LazyLock::new(all_marks);

/// Every quote mark pair of every language, each once.
fn all_marks() -> Vec<(char, char)> {
    let mut out: Vec<(char, char)> = Vec::new();
    for r in rules::all() {
        for m in &r.marks {
            if !out.contains(m) {
                out.push(*m);
            }
        }
    }
    out
}
