//! Corrections to the tagger from the words around a name, which a
//! token-window model sees only in part:
//! - a long organisation name with connecting words ("Council for the
//!   Safeguard of the Homeland") is one mention, not a stub, unless what
//!   follows the connector is a name of its own or a date ("Benetton of
//!   Italy", "Statistics Canada on Friday");
//! - a common noun right after a name says what it is ("the Ardel group" is
//!   an organisation, "the Kessa stadium" a place), as does a title between
//!   it and a person ("Unicorp chairman Ana Lind"); not after a place ("a
//!   Tarsia firm") or an adjective ("the Varnian town");
//! - a word inside a name can say what it is: a name led or ended by
//!   "Union", "Council", "Conseil" is an organisation, whatever the tagger
//!   made of it ("African Union", "Conseil national");
//! - a lone function word ("Il"), an elided article ("C'"), words with no
//!   capital, and a name run into a speech verb ("la Cour estime") are the
//!   tagger's slips: dropped, or cut before the verb;
//! - a lower-case word the tagger put at the start of a name ("pour
//!   M. Dupont") is not part of it, unless it is a name particle of a
//!   person's name ("de Gaulle", "von der Leyen"; "du quartier des
//!   Tanneurs" is the place "Tanneurs");
//! - a name never ends in a connector and a possessive ("Ardel of
//!   Veloria's support"): when the part before the connector is named on
//!   its own in the text, the mention is cut back to it;
//! - a name the tagger found once is a name wherever else the text writes
//!   it (the tagger misses some occurrences in harder contexts), and the
//!   longer name wins over a piece of it;
//! - a short number after a name, not counting what follows and not a
//!   score ("Hull 0 Barnet 2"), is part of it ("France 24 in an interview");
//! - a type so decided holds for the same name elsewhere in the text, and a
//!   short form of a person's full name is that person ("Dupont" after
//!   "Anne Dupont"), whatever type the tagger gave it alone.
//!
//! The words come from `resources/lang/<code>/entities.toml`.

use std::collections::HashMap;
use std::sync::OnceLock;

use memchr::memmem;
use serde::Deserialize;

use crate::extract::{EntityMention, EntityType};
use crate::lang::{self, Lang};
use crate::text::Sentence;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Resource {
    /// Words joining the parts of a long name ("of", "for the").
    name_connectors: Vec<String>,
    /// Nouns after a name that make it an organisation ("group").
    org_heads: Vec<String>,
    /// Nouns after a name that make it a place ("district").
    place_heads: Vec<String>,
    /// Nouns after a name that make it a place and belong to it ("stadium").
    facility_heads: Vec<String>,
    /// Nouns before a name that make it an organisation ("le groupe X"),
    /// with any connector ("de") between them listed as its own word.
    org_heads_before: Vec<String>,
    /// Nouns before a name that make it a place ("le quartier de X").
    place_heads_before: Vec<String>,
    /// Words that may stand between such a noun and the name ("de").
    head_connectors: Vec<String>,
    /// Titles (shared with `roles`): a name right before one is not a person.
    titles: Vec<String>,
    /// Lower-case words that may begin a name ("de", "van").
    name_particles: Vec<String>,
    /// Words that make a name of two or more words an organisation when
    /// they lead it ("Conseil national") or end it ("African Union").
    org_first_words: Vec<String>,
    org_last_words: Vec<String>,
    /// Possessive endings ("'s"): a name never ends in "of X's", whose
    /// possessor belongs to the noun after it.
    possessive_endings: Vec<String>,
    /// Endings a name takes as one word in the genitive ("Frankrikes").
    genitive_suffixes: Vec<String>,
}

/// One language's words, lower-cased; connectors as word sequences.
#[derive(Debug, Default)]
struct Words {
    connectors: Vec<Vec<String>>,
    heads: HashMap<String, (EntityType, bool), foldhash::fast::RandomState>,
    heads_before: HashMap<String, EntityType, foldhash::fast::RandomState>,
    head_connectors: Vec<String>,
    title_words: Vec<String>,
    particles: Vec<String>,
    org_first: Vec<String>,
    org_last: Vec<String>,
    possessives: Vec<String>,
    genitives: Vec<String>,
}

fn words(lang: Lang) -> Option<&'static Words> {
    static ALL: OnceLock<Vec<(Lang, Words)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        lang::load_resources::<Resource>(&crate::per_language!("entities.toml"), "entities.toml")
            .into_iter()
            .map(|(l, r)| {
                let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
                let mut heads = HashMap::default();
                for w in lower(&r.org_heads) {
                    heads.insert(w, (EntityType::Organisation, false));
                }
                for w in lower(&r.place_heads) {
                    heads.insert(w, (EntityType::Location, false));
                }
                for w in lower(&r.facility_heads) {
                    heads.insert(w, (EntityType::Location, true));
                }
                let mut heads_before = HashMap::default();
                for w in lower(&r.org_heads_before) {
                    heads_before.insert(w, EntityType::Organisation);
                }
                for w in lower(&r.place_heads_before) {
                    heads_before.insert(w, EntityType::Location);
                }
                let mut connectors: Vec<Vec<String>> = lower(&r.name_connectors)
                    .iter()
                    .map(|c| c.split_whitespace().map(str::to_string).collect())
                    .collect();
                connectors.sort_by_key(|c: &Vec<String>| std::cmp::Reverse(c.len()));
                // Single-word titles only: enough to see "Unicorp chairman".
                let title_words = lower(&r.titles).into_iter().filter(|t| !t.contains(' ')).collect();
                let head_connectors = lower(&r.head_connectors);
                let particles = lower(&r.name_particles);
                let (org_first, org_last) = (lower(&r.org_first_words), lower(&r.org_last_words));
                let possessives = r.possessive_endings.clone();
                let genitives = r.genitive_suffixes.clone();
                let words = Words { connectors, heads, heads_before, head_connectors, title_words, particles, org_first, org_last, possessives, genitives };
                (l, words)
            })
            .collect()
    });
    all.iter().find(|(l, _)| *l == lang).map(|(_, w)| w)
}

/// The genitive endings of the language with this code (none if unknown).
pub(crate) fn genitive_suffixes(code: &str) -> &'static [String] {
    Lang::from_code(code).and_then(words).map_or(&[], |w| w.genitives.as_slice())
}

/// The language of the sentence holding byte `pos`.
fn language_at(sentences: &[Sentence], pos: usize) -> Option<Lang> {
    sentences.iter().find(|s| s.start <= pos && pos < s.end).map(|s| s.language)
}

/// Whether `text[start..end]` stands as whole words (no letter, digit or
/// handle sign "@" touches it).
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '@');
    !word_char(text[..start].chars().next_back()) && !word_char(text[end..].chars().next())
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Applies the corrections to the mentions of one sentence (word spans
/// `spans`). Returns the names whose type a head noun or title decided.
pub fn correct(
    text: &str,
    lang: Lang,
    spans: &[(usize, usize)],
    lower: &[String],
    mentions: &mut Vec<EntityMention>,
    first: usize,
) -> Vec<(String, EntityType)> {
    let Some(w) = words(lang) else { return Vec::new() };
    let word_end = |end: usize| spans.iter().position(|s| s.1 == end);
    trim_leading_words(text, spans, &w.particles, &mut mentions[first..]);
    cut_at_speech_verbs(text, lang, spans, &mut mentions[first..]);
    drop_slips(lang, mentions, first);
    let mut decided = Vec::new();
    let mut i = first;
    while i < mentions.len() {
        let Some(last) = word_end(mentions[i].end) else {
            i += 1;
            continue;
        };
        if mentions[i].kind == EntityType::Organisation {
            // A name of another type the tagger found right after the
            // connector is a name of its own ("Benetton of Italy"), and a
            // month or weekday a date ("Statistics Canada on Friday").
            let own_name = |k: usize| {
                let a = spans[k].0;
                crate::extract::dates::calendar_word(lang, &text[a..spans[k].1])
                    || mentions[first..].iter().any(|m| m.start == a && m.kind != EntityType::Organisation)
            };
            if let Some(end) = connected_end(text, spans, lower, last + 1, &w.connectors, own_name) {
                let m = &mut mentions[i];
                m.end = spans[end].1;
                m.text = text[m.start..m.end].to_string();
                let (s, e) = (m.start, m.end);
                // Names the tagger found inside the long one are part of it.
                let inside: Vec<usize> =
                    (first..mentions.len()).filter(|&j| j != i && mentions[j].start >= s && mentions[j].end <= e).collect();
                for j in inside.into_iter().rev() {
                    mentions.remove(j);
                    if j < i {
                        i -= 1;
                    }
                }
                i += 1;
                continue;
            }
        }
        let next = last + 1;
        let tagged = mentions[i].kind;
        // A head noun right after the name, or after one plain modifier. A
        // place before an organisation's noun is where it is ("a U.S. firm",
        // "the London club"), so that noun leaves a place a place; and
        // words such as "Iraqi" or "Hong Kong-based" are adjectives (MISC),
        // which describe the noun after them ("the Iraqi town"), unless the
        // noun is a facility, which takes the name ("the Seyni Ba stadium").
        let head = [next, next + 1].into_iter().find_map(|k| {
            let &(a, b) = spans.get(k)?;
            let between_plain = k == next || !capitalised(&text[spans[next].0..spans[next].1]);
            let hit = w.heads.get(&lower[k]).filter(|&&(kind, belongs)| {
                between_plain
                    && !capitalised(&text[a..b])
                    && !(kind == EntityType::Organisation && tagged == EntityType::Location)
                    && (tagged != EntityType::Misc || belongs)
            });
            hit.map(|&(kind, belongs)| (k, kind, belongs))
        });
        // A head noun right before it ("le groupe X", "el barrio de X"), or
        // before a one-word name set off by commas ("the capital, X, where").
        let before = spans.iter().position(|s| s.0 == mentions[i].start).and_then(|f| {
            let closed = || lower.get(last + 1).is_none_or(|t| t == "," || t == ".");
            let joined = f > 0 && (w.head_connectors.contains(&lower[f - 1]) || (lower[f - 1] == "," && f == last && closed()));
            let f = if joined { f - 1 } else { f };
            f.checked_sub(1).and_then(|h| w.heads_before.get(&lower[h]))
        });
        let m = &mut mentions[i];
        if let Some(&kind) = before {
            m.kind = kind;
            decided.push((m.text.clone(), kind));
        } else if let Some((k, kind, belongs)) = head {
            m.kind = kind;
            if belongs && k == next {
                m.end = spans[k].1;
                m.text = text[m.start..m.end].to_string();
            }
            decided.push((m.text.clone(), kind));
        } else if let Some(first) = spans.iter().position(|s| s.0 == m.start)
            && first < last
            && m.kind != EntityType::Organisation
            && (w.org_first.contains(&lower[first]) || w.org_last.contains(&lower[last]))
        {
            m.kind = EntityType::Organisation;
            decided.push((m.text.clone(), m.kind));
        } else if m.kind == EntityType::Person
            && lower.get(next).is_some_and(|t| w.title_words.contains(t))
            && spans.get(next + 1).is_some_and(|&(a, b)| capitalised(&text[a..b]))
        {
            // "Unicorp chairman Ana Lind": the name before the title is whose title it is.
            m.kind = EntityType::Organisation;
            decided.push((m.text.clone(), m.kind));
        }
        i += 1;
    }
    decided
}

/// Cuts a name before a lower-case speech verb the tagger ran it into ("la
/// Cour estime que …" is "Cour"): names hold no verbs of saying.
fn cut_at_speech_verbs(text: &str, lang: Lang, spans: &[(usize, usize)], mentions: &mut [EntityMention]) {
    for m in mentions.iter_mut() {
        let inside = spans.iter().filter(|s| s.0 > m.start && s.1 <= m.end);
        let verb = inside.map(|&(a, b)| (a, &text[a..b])).find(|(_, w)| !capitalised(w) && crate::extract::quotes::speech_verb(lang, &w.to_lowercase()));
        if let Some((at, _)) = verb {
            m.end = m.start + text[m.start..at].trim_end().len();
            m.text = text[m.start..m.end].to_string();
        }
    }
}

/// Drops mentions that are a lone function word ("Il" at a sentence start),
/// an elided article ("C'") or words without a capital: the tagger's slips.
/// Acronyms ("US", "WHO") stay.
fn drop_slips(lang: Lang, mentions: &mut Vec<EntityMention>, first: usize) {
    let slip = |t: &str| {
        let bare = t.trim_end_matches(['\'', '’']);
        let acronym = bare.chars().count() > 1 && bare.chars().all(|c| !c.is_lowercase());
        let elided = bare.len() < t.len() && bare.chars().count() <= 2;
        // Cased letters but no capital ("serein", "il respecterait le
        // verdict"): no name in these languages; handles ("@name") excepted,
        // and scripts without case untouched.
        let uncapitalised = !t.starts_with('@') && t.chars().any(char::is_lowercase) && !t.chars().any(char::is_uppercase);
        uncapitalised || (!t.contains(' ') && !acronym && (elided || crate::extract::quotes::function_word(lang, &bare.to_lowercase())))
    };
    // Only this sentence's mentions, from `first`, are judged.
    let mut i = first;
    while i < mentions.len() {
        if slip(&mentions[i].text) {
            mentions.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Where a long name continuing at word `from` ends: one or more runs of a
/// connector ("of the") followed by capitalised words; the first run does
/// not start with `own_name`.
fn connected_end(
    text: &str,
    spans: &[(usize, usize)],
    lower: &[String],
    from: usize,
    connectors: &[Vec<String>],
    own_name: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut at = from;
    let mut end = None;
    while let Some(c) = connectors.iter().find(|c| lower.get(at..at + c.len()).is_some_and(|w| w == c.as_slice())) {
        let mut k = at + c.len();
        // Only right after the tagged name: further on, a place is part of
        // the long name ("Council for the Defence of the Coast").
        if end.is_none() && k < spans.len() && own_name(k) {
            break;
        }
        while spans.get(k).is_some_and(|&(a, b)| capitalised(&text[a..b])) {
            k += 1;
        }
        if k == at + c.len() {
            break;
        }
        end = Some(k - 1);
        at = k;
    }
    end
}

/// Drops the lower-case words at the start of a name that are not particles
/// of a person's name, when a capitalised word follows them in the name: the tagger
/// sometimes starts a name one word early ("pour M. Dupont", "félicitée
/// Anne Dupont"). Words with a capital inside ("iPhone") are kept.
fn trim_leading_words(text: &str, spans: &[(usize, usize)], particles: &[String], mentions: &mut [EntityMention]) {
    let plain_lower = |w: &str| w.chars().next().is_some_and(char::is_lowercase) && !w.chars().any(char::is_uppercase);
    for m in mentions {
        let Some(first) = spans.iter().position(|s| s.0 == m.start) else { continue };
        let mut k = first;
        while k < spans.len() && spans[k].1 < m.end {
            let w = &text[spans[k].0..spans[k].1];
            // Particles begin only persons' names ("de Gaulle"); before a
            // place or an organisation they are the sentence's ("du
            // quartier des Tanneurs", "plaza del Gran Consejo").
            if !plain_lower(w) || (m.kind == EntityType::Person && particles.iter().any(|p| p == w)) {
                break;
            }
            k += 1;
        }
        if k > first && spans[k].1 <= m.end && capitalised(&text[spans[k].0..spans[k].1]) {
            m.start = spans[k].0;
            m.text = text[m.start..m.end].to_string();
        }
    }
}

/// Gives every mention of a name the type decided for it elsewhere in the
/// text. News names a person in full, then by surname, so a name that ends
/// a person's longer name in the same text is that person ("Dupont" after
/// "Anne Dupont"), and a two- or three-word capitalised name that ends with
/// a person's surname is a person too ("Anne Dupont" before "Mme Dupont");
/// a lone word read as a person that leads an organisation's name in the
/// text, and ends no person's name, is that organisation ("Vindra" beside
/// "Vindra Airlines").
pub fn spread(mentions: &mut [EntityMention], decided: &[(String, EntityType)]) {
    // Only names that start capitalised: "de Vindra" is more often the
    // tagger's slip than a person.
    let people: Vec<&str> =
        mentions.iter().filter(|m| m.kind == EntityType::Person && capitalised(&m.text)).map(|m| m.text.as_str()).collect();
    // A "name" whose first word is a person named alone elsewhere is two
    // names run together ("Lebed Chechnya" in a headline beside "Lebed"),
    // not a full name whose end is that person.
    let lone: Vec<&str> = people.iter().copied().filter(|p| !p.contains(' ')).collect();
    let full_people: Vec<&str> = people
        .iter()
        .copied()
        .filter(|p| p.split_once(' ').is_none_or(|(first, _)| !lone.contains(&first)))
        .collect();
    let orgs: Vec<&str> = mentions.iter().filter(|m| m.kind == EntityType::Organisation).map(|m| m.text.as_str()).collect();
    let ends_with = |long: &str, short: &str| {
        long.len() > short.len() && long.ends_with(short) && long[..long.len() - short.len()].ends_with(' ')
    };
    let full_name_shape = |name: &str| (2..=3).contains(&name.split(' ').count()) && name.split(' ').all(capitalised);
    let kinds: Vec<Option<EntityType>> = mentions
        .iter()
        .map(|m| {
            let full_name = m.kind != EntityType::Person && full_name_shape(&m.text);
            if let Some((_, kind)) = decided.iter().find(|(name, _)| *name == m.text) {
                Some(*kind)
            } else if m.kind != EntityType::Person
                && (full_people.iter().any(|p| ends_with(p, &m.text)) || (full_name && people.iter().any(|p| ends_with(&m.text, p))))
            {
                Some(EntityType::Person)
            } else if m.kind == EntityType::Person
                && !m.text.contains(' ')
                && !people.iter().any(|p| ends_with(p, &m.text))
                && orgs.iter().any(|o| o.len() > m.text.len() && o.starts_with(m.text.as_str()) && o[m.text.len()..].starts_with(' '))
            {
                // "Vindra" beside "Vindra Airlines", no one's surname: the company.
                Some(EntityType::Organisation)
            } else {
                None
            }
        })
        .collect();
    for (m, kind) in mentions.iter_mut().zip(kinds) {
        if let Some(kind) = kind {
            m.kind = kind;
        }
    }
}

/// "le PDG de Vindra": a title, then a particle and one word the tagger read
/// as a person "de Vindra". When the text also writes that word without the
/// particle, it is a name of its own (a person "de Gaulle" is never
/// "Gaulle" alone): the title's "of", not a particle. The mention becomes the
/// word, with the type the text gives it elsewhere, else an organisation
/// (what a title is most often "of"), and the role goes: it is someone
/// else's ("le PDG de Vindra, Fredrik Almgren").
pub fn unparticle(text: &str, sentences: &[Sentence], mentions: &mut [EntityMention]) {
    if !mentions.iter().any(|m| m.kind == EntityType::Person && m.role.is_some()) {
        return;
    }
    let kinds: Vec<(String, EntityType)> = mentions.iter().map(|m| (m.text.clone(), m.kind)).collect();
    for m in mentions.iter_mut().filter(|m| m.kind == EntityType::Person && m.role.is_some()) {
        let Some(w) = language_at(sentences, m.start).and_then(words) else { continue };
        let Some((particle, word)) = m.text.split_once(' ').map(|(p, w)| (p.to_string(), w.to_string())) else { continue };
        let (particle, word) = (particle.as_str(), word.as_str());
        if word.contains(' ') || !capitalised(word) || !w.particles.iter().any(|p| p == particle) {
            continue;
        }
        let alone = text.match_indices(word).any(|(s, _)| {
            whole_word(text, s, s + word.len()) && text[..s].split_whitespace().next_back() != Some(particle)
        });
        if alone {
            m.start += particle.len() + 1;
            m.text = word.to_string();
            m.kind = kinds.iter().find(|(t, k)| t == word && *k != EntityType::Person).map_or(EntityType::Organisation, |(_, k)| *k);
            m.role = None;
        }
    }
}

/// Cuts a mention "A of B's" (or "A of B" before "'s") back to "A" when "A" is a mention of its own
/// elsewhere in the text and "A of B" is not: the possessive "B's" belongs
/// to the noun after it ("assured Veloria of Tarsia's support"), while a
/// name like "Bank of Ardel's" keeps its tail (its head is never named alone).
pub fn cut_possessive_tails(text: &str, sentences: &[Sentence], mentions: &mut [EntityMention]) {
    // Most texts have no possessive next to a name: then copy no names.
    let possessive = |m: &EntityMention| {
        language_at(sentences, m.start).and_then(words).is_some_and(|w| {
            w.possessives.iter().any(|p| m.text.ends_with(p.as_str()) || text[m.end..].starts_with(p.as_str()))
        })
    };
    if !mentions.iter().any(possessive) {
        return;
    }
    let names: Vec<(String, EntityType)> = mentions.iter().map(|m| (m.text.clone(), m.kind)).collect();
    for (i, m) in mentions.iter_mut().enumerate() {
        let Some(w) = language_at(sentences, m.start).and_then(words) else { continue };
        // The ending inside the mention ("A of B's"), or right after it when
        // the tagger stopped before it ("A of B" + "'s").
        let inside = w.possessives.iter().find(|p| m.text.ends_with(p.as_str()));
        let after = w.possessives.iter().any(|p| text[m.end..].starts_with(p.as_str()));
        let stem = match inside {
            Some(ending) => &m.text[..m.text.len() - ending.len()],
            None if after => m.text.as_str(),
            None => continue,
        };
        // The first single-word connector after the first word, as "A of B".
        let mut cut = None;
        let mut offset = 0;
        for (k, word) in m.text.split(' ').enumerate() {
            if k > 0 && w.connectors.iter().any(|c| c.len() == 1 && c[0] == word) {
                cut = Some(offset);
                break;
            }
            offset += word.len() + 1;
        }
        let Some(cut) = cut else { continue };
        let head = m.text[..cut].trim_end();
        let head_alone = names.iter().find(|(n, _)| n == head);
        let whole_named = names.iter().enumerate().any(|(k, (n, _))| k != i && n == stem);
        if let (Some((_, kind)), false) = (head_alone, whole_named) {
            m.end = m.start + head.len();
            m.text = text[m.start..m.end].to_string();
            m.kind = *kind;
        }
    }
}

/// Adds a mention wherever the text writes, as whole words and outside
/// other mentions (or around shorter ones), a name found elsewhere in it, with the type most of
/// that name's mentions have. A single word counts only when the text never
/// writes it in lower case ("Little is known" is no name) and it is not a
/// person's (a surname alone is left to the tagger and to resolution).
pub fn repeat_names(text: &str, sentences: &[Sentence], mentions: &mut Vec<EntityMention>) {
    // A month or weekday the tagger took for a name once ("Am 23. März")
    // is its slip, not a name to find again, in any language of the text.
    let mut langs: Vec<Lang> = sentences.iter().map(|s| s.language).collect();
    langs.sort_unstable();
    langs.dedup();
    let calendar = |name: &str| langs.iter().any(|&lang| crate::extract::dates::calendar_word(lang, name));
    let mut names: Vec<(String, EntityType, usize)> = Vec::new();
    let mut counts: HashMap<(&str, EntityType), usize> = HashMap::new();
    for m in mentions.iter() {
        *counts.entry((m.text.as_str(), m.kind)).or_insert(0) += 1;
    }
    for ((name, kind), n) in counts {
        match names.iter_mut().find(|(t, _, _)| t == name) {
            Some(e) if n > e.2 || (n == e.2 && kind.code() < e.1.code()) => *e = (name.to_string(), kind, n),
            Some(_) => {}
            None => names.push((name.to_string(), kind, n)),
        }
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    // One substring search per name: an Aho-Corasick automaton over all of
    // them cost more to build, per article, than it saved. memchr's memmem
    // (vectorised; the same non-overlapping matches as `match_indices`)
    // scans several times faster than `str::match_indices`.
    for (name, kind, _) in names {
        let single = !name.contains(' ');
        if name.chars().count() < 2 || !capitalised(&name) || (single && (kind == EntityType::Person || calendar(&name))) {
            continue;
        }
        if single && !name.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) {
            let lower = name.to_lowercase();
            if memmem::find_iter(text.as_bytes(), &lower).any(|s| whole_word(text, s, s + lower.len())) {
                continue;
            }
        }
        for start in memmem::find_iter(text.as_bytes(), &name) {
            let end = start + name.len();
            let whole = whole_word(text, start, end);
            let overlapping = || mentions.iter().filter(|m| m.start < end && start < m.end);
            // The longer name wins over pieces of it ("the African Union"
            // where the tagger saw only "African").
            if !whole || overlapping().any(|m| m.start < start || m.end > end || (m.start, m.end) == (start, end)) {
                continue;
            }
            mentions.retain(|m| !(m.start < end && start < m.end));
            mentions.push(EntityMention { start, end, text: name.clone(), kind, role: None });
        }
    }
}

/// A name followed by a number of one to three digits, the number followed
/// by punctuation or a stop word, is one name with it ("France 24 in an
/// interview", "Apollo 11,"): a count would be followed by what it counts
/// ("France 24 people"). Not a person's name, nor a day before a year ("July 27, 2023"),
/// nor a score in results ("Hull 0 Barnet 2"). A place so extended names no place any more: it
/// becomes an organisation, the commonest kind of numbered name in news.
pub fn join_numbers(text: &str, sentences: &[Sentence], mentions: &mut [EntityMention]) {
    for m in mentions.iter_mut() {
        let Some(s) = sentences.iter().find(|s| s.start <= m.start && m.start < s.end) else { continue };
        let rest = &text[m.end..s.end.max(m.end)];
        let Some(number) = rest.strip_prefix(' ') else { continue };
        let digits = number.chars().take_while(char::is_ascii_digit).count();
        if !(1..=3).contains(&digits) {
            continue;
        }
        let after = &number[digits..];
        // "July 27, 2023": a day and a year, not a name.
        let year_follows = after.strip_prefix(", ").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        // Results: "Hull 0 Barnet 2", "Kent 238 and 133-5". A score follows
        // a figure, or is followed by another (below); no numbered name is "0".
        let digit_at = |t: &str| t.starts_with(|c: char| c.is_ascii_digit());
        // A figure right before the name is the last row's ("Repsol 20,5
        // Endesa 21"); a year is not ("In 1969 Apollo 11").
        let before = text[s.start..m.start].trim_end();
        let score_before = before.rsplit(char::is_whitespace).next().is_some_and(|w| {
            let year = w.len() == 4 && w.bytes().all(|c| c.is_ascii_digit());
            digit_at(w) && w.bytes().all(|c| c.is_ascii_digit() || c == b',' || c == b'.') && !year
        });
        let score = number.starts_with('0') || score_before;
        if m.kind == EntityType::Person || year_follows || score {
            continue;
        }
        let next_char = after.chars().next();
        let ends = match next_char {
            None => true,
            Some(c) if c.is_alphanumeric() => false,
            Some(' ') => {
                let word_end = after[1..].find(|c: char| !c.is_alphanumeric()).map_or(after.len(), |k| k + 1);
                let word = &after[1..word_end];
                let sentence = Sentence { start: 0, end: word.len(), language: s.language };
                let stop = !word.is_empty() && crate::text::tokens(word, &[sentence]).first().is_some_and(|t| t.stop);
                // A stop word between two figures joins scores ("238 and 133-5").
                stop && !after[word_end..].strip_prefix(' ').is_some_and(digit_at)
            }
            Some(c) => c.is_ascii_punctuation() && !matches!(c, '%' | '-' | '.' | ':' | '/'),
        };
        if ends && capitalised(&m.text) {
            m.end += 1 + digits;
            m.text = text[m.start..m.end].to_string();
            if m.kind == EntityType::Location {
                m.kind = EntityType::Organisation;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::extract::entities::mention_at_first as mention;
    use crate::extract::entities::tokenize::lower_words;

    #[test]
    fn a_name_does_not_end_in_a_possessive_tail() {
        let text = "Tarsia backed Veloria. Envoys assured Veloria of Tarsia's support. Bank of Ardel's profits fell.";
        let sentences = vec![Sentence { start: 0, end: text.len(), language: Lang::EN }];
        let mut ms = vec![
            mention(text, "Tarsia", EntityType::Location),
            mention(text, "Veloria", EntityType::Location),
            mention(text, "Veloria of Tarsia's", EntityType::Organisation),
            mention(text, "Bank of Ardel's", EntityType::Organisation),
        ];
        cut_possessive_tails(text, &sentences, &mut ms);
        assert_eq!(ms[2].text, "Veloria");
        assert_eq!(&text[ms[2].start..ms[2].end], "Veloria");
        assert_eq!(ms[2].kind, EntityType::Location);
        assert_eq!(ms[3].text, "Bank of Ardel's");
    }

    #[test]
    fn a_title_of_a_name_written_alone_is_no_particle() {
        let text = "La compagnie Ordal a annulé ses vols. Le PDG de Ordal, Jean Lamy, a parlé. Le général de Brienne a parlé.";
        let sentences = vec![Sentence { start: 0, end: text.len(), language: Lang::FR }];
        let mut ms = vec![mention(text, "de Ordal", EntityType::Person), mention(text, "de Brienne", EntityType::Person)];
        ms[0].role = Some("PDG".into());
        ms[1].role = Some("général".into());
        unparticle(text, &sentences, &mut ms);
        assert_eq!(ms[0].text, "Ordal");
        assert_eq!(&text[ms[0].start..ms[0].end], "Ordal");
        assert_eq!(ms[0].kind, EntityType::Organisation);
        assert_eq!(ms[0].role, None);
        // Never written alone: a person's particle name.
        assert_eq!(ms[1].text, "de Brienne");
        assert_eq!(ms[1].kind, EntityType::Person);
    }

    #[test]
    fn particles_lead_only_persons_names() {
        let text = "Les habitants du quartier des Moulins ont rencontré Louise de Varenne.";
        let spans = crate::extract::entities::tokenize::tokenize(text, 0, text.len());
        let mut ms = vec![mention(text, "du quartier des Moulins", EntityType::Location), mention(text, "de Varenne", EntityType::Person)];
        correct(text, Lang::FR, &spans, &lower_words(text, &spans), &mut ms, 0);
        assert_eq!(ms[0].text, "Moulins");
        assert_eq!(&text[ms[0].start..ms[0].end], "Moulins");
        assert_eq!(ms[1].text, "de Varenne");
    }

    #[test]
    fn speech_verbs_and_function_words_are_no_names() {
        let text = "Dans sa décision, la Cour estime que le recours est fondé. Il a ajouté que C'est la loi.";
        let spans = crate::extract::entities::tokenize::tokenize(text, 0, text.len());
        let mut ms = vec![
            mention(text, "Cour estime", EntityType::Organisation),
            mention(text, "Il", EntityType::Organisation),
            mention(text, "C'", EntityType::Location),
            mention(text, "recours est", EntityType::Organisation),
        ];
        correct(text, Lang::FR, &spans, &lower_words(text, &spans), &mut ms, 0);
        let names: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(names, ["Cour"]);
        assert_eq!(&text[ms[0].start..ms[0].end], "Cour");
        // An acronym that spells a function word stays.
        let text = "The US said it would help.";
        let spans = crate::extract::entities::tokenize::tokenize(text, 0, text.len());
        let mut ms = vec![mention(text, "US", EntityType::Location)];
        correct(text, Lang::EN, &spans, &lower_words(text, &spans), &mut ms, 0);
        assert_eq!(ms.len(), 1);
    }

    #[test]
    fn a_name_stopped_before_the_possessive_is_cut_too() {
        let text = "Tarsia backed Veloria. Envoys assured Veloria of Tarsia's support.";
        let sentences = vec![Sentence { start: 0, end: text.len(), language: Lang::EN }];
        let mut ms = vec![mention(text, "Veloria", EntityType::Location), mention(text, "Veloria of Tarsia", EntityType::Organisation)];
        ms[1].start = text.rfind("Veloria of").unwrap();
        ms[1].end = ms[1].start + "Veloria of Tarsia".len();
        cut_possessive_tails(text, &sentences, &mut ms);
        assert_eq!(ms[1].text, "Veloria");
        assert_eq!(ms[1].kind, EntityType::Location);
    }

    #[test]
    fn a_number_after_a_name_joins_it_unless_it_counts_something() {
        let text = "Ana Lind told Tarsia 24 in an interview. Tarsia 24 people died in Veloria 2024.";
        let sentences = vec![Sentence { start: 0, end: text.len(), language: Lang::EN }];
        let first = text.find("Tarsia").unwrap();
        let second = text.rfind("Tarsia").unwrap();
        let at = |start: usize, name: &str| EntityMention { start, end: start + name.len(), text: name.into(), kind: EntityType::Location, role: None };
        let mut ms = vec![at(first, "Tarsia"), at(second, "Tarsia"), mention(text, "Veloria", EntityType::Location)];
        join_numbers(text, &sentences, &mut ms);
        let dated = "Posted on Mirth 27, 2023.";
        let mut month = vec![mention(dated, "Mirth", EntityType::Misc)];
        join_numbers(dated, &[Sentence { start: 0, end: dated.len(), language: Lang::EN }], &mut month);
        assert_eq!(month[0].text, "Mirth");
        assert_eq!(ms[0].text, "Tarsia 24");
        assert_eq!(&text[ms[0].start..ms[0].end], "Tarsia 24");
        assert_eq!(ms[0].kind, EntityType::Organisation);
        assert_eq!(ms[1].text, "Tarsia");
        assert_eq!(ms[2].text, "Veloria");
    }

    #[test]
    fn a_score_is_no_part_of_a_name() {
        let text = "Marlow 0 Kessa Rovers 2\nOstend 238 and 133-5\nTarsia 1 Veloria 0\nIn 1969 Apollo 11, then Apollo 12.";
        let sentences: Vec<Sentence> = text
            .split('\n')
            .scan(0, |at, line| {
                let s = Sentence { start: *at, end: *at + line.len(), language: Lang::EN };
                *at += line.len() + 1;
                Some(s)
            })
            .collect();
        let names = ["Marlow", "Kessa Rovers", "Ostend", "Tarsia", "Veloria", "Apollo"];
        let mut ms: Vec<_> = names.iter().map(|n| mention(text, n, EntityType::Misc)).collect();
        join_numbers(text, &sentences, &mut ms);
        let found: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        // A year before a numbered name is no score.
        assert_eq!(found, ["Marlow", "Kessa Rovers", "Ostend", "Tarsia", "Veloria", "Apollo 11"]);
    }

    #[test]
    fn a_month_the_tagger_took_for_a_name_is_not_found_again() {
        let text = "Am 3. März tagte der Rat von Veldheim. Im März blieb Veldheim ruhig.";
        let sentences = [Sentence { start: 0, end: text.len(), language: Lang::DE }];
        let mut ms = vec![mention(text, "März", EntityType::Organisation), mention(text, "Veldheim", EntityType::Location)];
        repeat_names(text, &sentences, &mut ms);
        let found = |name: &str| ms.iter().filter(|m| m.text == name).count();
        assert_eq!((found("März"), found("Veldheim")), (1, 2));
    }

    #[test]
    fn a_name_found_once_is_a_name_wherever_the_text_writes_it() {
        let text = "Tarsia and the Harbour Union met. Harbour Union envoys left. Little changed. Tarsia sent aid; little came. Mensah spoke, and Mensah left. The Harbour Union said no.";
        let harbour = text.rfind("Harbour").unwrap();
        let mut ms = vec![
            EntityMention { start: harbour, end: harbour + 7, text: "Harbour".into(), kind: EntityType::Misc, role: None },
            mention(text, "Tarsia", EntityType::Location),
            mention(text, "Harbour Union", EntityType::Organisation),
            mention(text, "Little", EntityType::Person),
            mention(text, "Mensah", EntityType::Person),
        ];
        let sentences = [Sentence { start: 0, end: text.len(), language: Lang::EN }];
        repeat_names(text, &sentences, &mut ms);
        let found = |name: &str| ms.iter().filter(|m| m.text == name).count();
        assert_eq!(found("Tarsia"), 2);
        assert_eq!(found("Harbour Union"), 3);
        assert_eq!(found("Harbour"), 0);
        // "little" is written in lower case too: not a name; a surname alone is left to the tagger.
        assert_eq!(found("Little"), 1);
        assert_eq!(found("Mensah"), 1);
        assert!(ms.iter().all(|m| text[m.start..m.end] == m.text));
    }
}
