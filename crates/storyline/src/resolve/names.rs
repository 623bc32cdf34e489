//! Name forms: folding (case, diacritics, scripts), inflected and compound
//! forms from per-language data, person-name parts, handles, acronyms, and
//! the fuzzy comparison of spellings. Knows nothing of entities or documents.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::lang::{self, Lang};

#[derive(Debug, Default, Deserialize)]
struct Resource {
    #[serde(default)]
    name_suffixes: Vec<String>,
    #[serde(default)]
    compound_heads: Vec<String>,
    #[serde(default)]
    name_particles: Vec<String>,
}

/// One language's resolution data, suffixes longest first.
#[derive(Debug, Default)]
pub struct Rules {
    suffixes: Vec<String>,
    heads: Vec<String>,
    particles: Vec<String>,
}

fn all_rules() -> &'static [(Lang, Rules)] {
    static ALL: OnceLock<Vec<(Lang, Rules)>> = OnceLock::new();
    ALL.get_or_init(|| {
        lang::load_resources::<Resource>(&crate::per_language!("resolve.toml"), "resolve.toml")
            .into_iter()
            .map(|(l, r)| {
                let mut suffixes = r.name_suffixes;
                suffixes.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
                let mut heads: Vec<String> = r.compound_heads.iter().map(|h| fold(h)).collect();
                heads.sort_by_key(|s| std::cmp::Reverse(s.len()));
                let particles = r.name_particles.iter().map(|p| fold(p)).collect();
                (l, Rules { suffixes, heads, particles })
            })
            .collect()
    })
}

/// The rules of a language; a language without resources gets none.
pub fn rules(lang: Lang) -> &'static Rules {
    static EMPTY: Rules = Rules { suffixes: Vec::new(), heads: Vec::new(), particles: Vec::new() };
    all_rules().iter().find(|(l, _)| *l == lang).map_or(&EMPTY, |(_, r)| r)
}

/// Whether `word` (folded) is a name particle in any supported language
/// ("von", "de", "al"): names mix languages, so every list counts.
pub fn is_particle(word: &str) -> bool {
    all_rules().iter().any(|(_, r)| r.particles.iter().any(|p| p == word))
}

/// Case-, accent- and script-folded form: ASCII transliteration (deunicode
/// handles Latin diacritics and other scripts alike: "Prigójin", "Пригожин"),
/// lower case, runs of anything but letters and digits as one space.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Other forms a name may be the inflected or extended form of, folded:
/// an inflection ending stripped ("Frankrikes" → "frankrike"), a compound
/// head stripped ("Wagnergruppens" → "wagner"), trailing lower-case words
/// dropped ("Wagner mercenary group" → "wagner"). Only a lookup aid: a
/// variant links to a name only when that name is known.
pub fn variants(surface: &str, lang: Lang) -> Vec<String> {
    let r = rules(lang);
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if s.len() >= 2 && !out.contains(&s) {
            out.push(s);
        }
    };
    let trimmed = surface.trim();
    let mut bases = vec![trimmed.to_string()];
    // Trailing lower-case words are descriptions, not part of the name.
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if words.len() > 1 {
        let keep = words.iter().rposition(|w| !w.chars().next().is_some_and(char::is_lowercase)).map_or(0, |i| i + 1);
        if keep > 0 && keep < words.len() {
            bases.push(words[..keep].join(" "));
        }
    }
    for base in bases.clone() {
        for suf in &r.suffixes {
            if let Some(stem) = base.strip_suffix(suf.as_str()) {
                // A marked ending ("FN:s") leaves a shorter stem than a bare letter may.
                let min = if suf.starts_with(char::is_alphanumeric) { 3 } else { 2 };
                if stem.chars().count() >= min && stem.chars().last().is_some_and(char::is_alphanumeric) {
                    bases.push(stem.to_string());
                }
                break;
            }
        }
    }
    for base in &bases {
        let f = fold(base);
        for head in &r.heads {
            if let Some(stem) = f.strip_suffix(head.as_str()) {
                if stem.len() >= 3 && !stem.ends_with(' ') {
                    push(stem.to_string());
                }
            }
        }
        push(f);
    }
    let own = fold(trimmed);
    out.retain(|v| *v != own);
    out
}

/// A person's name split into given names and surname (folded), particles dropped.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonName {
    pub given: Vec<String>,
    pub surname: String,
}

/// Splits a folded person name; `None` when no word is left.
pub fn person_name(folded: &str) -> Option<PersonName> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty() && !is_particle(w)).collect();
    let (last, rest) = words.split_last()?;
    Some(PersonName { given: rest.iter().map(|s| s.to_string()).collect(), surname: last.to_string() })
}

/// The letters of a social-media handle, lower-cased ("@HassoumiMassou1" → "hassoumimassou").
pub fn handle_letters(surface: &str) -> Option<String> {
    let rest = surface.trim().strip_prefix('@')?;
    let letters: String = fold(rest).chars().filter(char::is_ascii_alphabetic).collect();
    (letters.len() >= 3).then_some(letters)
}

/// Whether a handle's letters spell a person's name: the whole name run
/// together, the first name and the start of the surname (handles are
/// length-limited), or an initial and the surname.
pub fn handle_matches(letters: &str, name: &PersonName) -> bool {
    if name.given.is_empty() {
        return false;
    }
    let given = name.given.join("");
    let full = format!("{given}{}", name.surname);
    if letters == full {
        return true;
    }
    let initial_surname = format!("{}{}", &given[..1], name.surname);
    if letters == initial_surname {
        return true;
    }
    full.starts_with(letters) && letters.len() >= given.len() + 3
}

/// Whether a surface form looks like an acronym: 2–10 letters or digits, at
/// least two capitals, starting with one ("EU", "NATO", "NORDA").
pub fn is_acronym(surface: &str) -> bool {
    let s = surface.trim();
    let n = s.chars().count();
    (2..=10).contains(&n)
        && s.chars().next().is_some_and(char::is_uppercase)
        && s.chars().filter(|c| c.is_uppercase()).count() >= 2
        && s.chars().all(char::is_alphanumeric)
}

/// Initials of a multi-word name, folded: of its capitalised words and of
/// all its words ("European Union" → "eu"; "Bank for International Settlements" → "bis", "bfis").
pub fn initials(surface: &str) -> Vec<String> {
    let words: Vec<&str> = surface.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let first = |w: &&str| w.chars().next().map(|c| fold(&c.to_string())).unwrap_or_default();
    let caps: String = words.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).map(first).collect();
    let all: String = words.iter().map(first).collect();
    let mut out = vec![caps];
    if all != out[0] {
        out.push(all);
    }
    out.retain(|s| s.len() >= 2);
    out
}

/// A spelling skeleton for comparing romanised names across languages:
/// romanisations differ mostly in y/j/i, w/v, c/k/q, silent h and doubled
/// letters (Yevgeny/Jevgenij, Volozhin/Volozjin). No crate covers this
/// for names of every origin, so it is written here and kept small.
pub fn skeleton(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    let mut prev = ' ';
    for c in folded.chars() {
        let m = match c {
            'y' | 'j' => 'i',
            'w' => 'v',
            'c' | 'q' => 'k',
            'h' if !matches!(prev, 'a' | 'e' | 'i' | 'o' | 'u' | ' ') => continue,
            _ => c,
        };
        if m != prev {
            out.push(m);
        }
        prev = m;
    }
    out
}

/// Similarity of two folded names, 0–1: Jaro-Winkler on their skeletons.
/// Jaro-Winkler suits short names: it forgives transpositions and scattered
/// single-letter changes and weighs the shared beginning, where variant
/// spellings of one name usually agree; edit distance would punish the
/// longer of two spellings for its length.
pub fn similarity(a: &str, b: &str) -> f64 {
    skeleton_similarity(&skeleton(a), &skeleton(b))
}

/// [`similarity`] of two names given their skeletons.
pub fn skeleton_similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b)
}

/// The [`similarity`] from which two names are spelling variants of one.
pub const CLOSE: f64 = 0.88;

/// Whether two given names can belong to one person: equal, one the initial
/// of the other, or spelling variants.
pub fn given_compatible(a: &str, b: &str) -> bool {
    a == b || (a.len() == 1 && b.starts_with(a)) || (b.len() == 1 && a.starts_with(b)) || similarity(a, b) >= CLOSE
}

/// [`given_compatible`] with both skeletons at hand.
pub fn given_compatible_skeletons(a: &str, a_skeleton: &str, b: &str, b_skeleton: &str) -> bool {
    a == b
        || (a.len() == 1 && b.starts_with(a))
        || (b.len() == 1 && a.starts_with(b))
        || skeleton_similarity(a_skeleton, b_skeleton) >= CLOSE
}

/// A phonetic bucket for a surname (Soundex on the skeleton, 5 digits), so
/// variant spellings meet without comparing against every known name.
pub fn phonetic_key(folded: &str) -> String {
    let sk = skeleton(folded);
    let mut chars = sk.chars().filter(char::is_ascii_alphabetic);
    let Some(first) = chars.next() else { return String::new() };
    let code = |c: char| match c {
        'b' | 'f' | 'p' | 'v' => '1',
        'c' | 'g' | 'j' | 'k' | 'q' | 's' | 'x' | 'z' => '2',
        'd' | 't' => '3',
        'l' => '4',
        'm' | 'n' => '5',
        'r' => '6',
        _ => '0',
    };
    let mut out = String::from(first);
    let mut last = code(first);
    for c in chars {
        let d = code(c);
        if d != '0' && d != last {
            out.push(d);
            if out.len() == 6 {
                break;
            }
        }
        last = d;
    }
    out
}

/// The content words of a role or title, folded (words of four letters or more).
pub fn role_words(role: &str) -> Vec<String> {
    fold(role).split(' ').filter(|w| w.len() >= 4).map(str::to_string).collect()
}

/// Whether two sets of role words agree: a word of one (five letters or
/// more) is part of a word of the other, which also matches compounds and
/// inflections across languages ("General" ~ "armégeneralen", "minister" ~ "utrikesminister").
pub fn roles_agree<'a>(a: &[String], b: impl IntoIterator<Item = &'a String> + Clone) -> bool {
    a.iter().any(|x| b.clone().into_iter().any(|y| (x.len() >= 5 && y.contains(x.as_str())) || (y.len() >= 5 && x.contains(y.as_str()))))
}

/// Fewest content words a long name needs before names differing in one
/// of them are taken for one: with fewer, one word is too much of the name
/// ("Ministry of Foreign Affairs" and "Ministry of Home Affairs" differ).
pub const LONG_FORM_WORDS: usize = 4;

/// Keys that two long names of an organisation share when they differ in at
/// most one content word ("National Council for the Safeguard of the
/// Homeland", "… for the Safeguarding of the Country"): the stems of the
/// content words (stop words dropped, Snowball stems of the language), once
/// per word with that word left out. Names with fewer than
/// [`LONG_FORM_WORDS`] content words have none.
pub fn long_form_keys(surface: &str, lang: Lang) -> Vec<String> {
    // Most names are short: no tokenising for them.
    if surface.split_whitespace().count() < LONG_FORM_WORDS {
        return Vec::new();
    }
    let sentence = crate::text::Sentence { start: 0, end: surface.len(), language: lang };
    let stems: Vec<String> = crate::text::tokens(surface, &[sentence])
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| fold(&t.stem))
        .filter(|s| !s.is_empty())
        .collect();
    if stems.len() < LONG_FORM_WORDS {
        return Vec::new();
    }
    (0..stems.len())
        .map(|skip| {
            let kept: Vec<&str> =
                stems.iter().enumerate().map(|(k, s)| if k == skip { "*" } else { s.as_str() }).collect();
            kept.join(" ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_variants() {
        assert_eq!(fold("Côte d’Ivoire"), "cote d ivoire");
        assert_eq!(fold("NORDA"), fold("Norda"));
        assert!(variants("Frankrikes", Lang::SV).contains(&"frankrike".to_string()));
        assert!(variants("FN:s", Lang::SV).contains(&"fn".to_string()));
        assert!(variants("Vargagruppens", Lang::SV).contains(&"varga".to_string()));
        assert!(variants("Deutschlands", Lang::DE).contains(&"deutschland".to_string()));
        assert!(variants("Lindqvist's", Lang::EN).contains(&"lindqvist".to_string()));
        assert!(variants("Varga mercenary group", Lang::EN).contains(&"varga".to_string()));
        // English does not strip a bare -s.
        assert!(variants("Reuters", Lang::EN).is_empty());
    }

    #[test]
    fn handles_spell_names() {
        let n = person_name("kofi mensah").unwrap();
        assert!(handle_matches(&handle_letters("@kofimensah").unwrap(), &n));
        assert!(handle_matches(&handle_letters("@KofiMens1").unwrap(), &n));
        assert!(handle_matches(&handle_letters("@kmensah").unwrap(), &n));
        assert!(!handle_matches(&handle_letters("@kofiann").unwrap(), &n));
    }

    #[test]
    fn spellings_and_roles() {
        assert!(similarity("volozhin", "volozjin") > 0.95);
        assert!(similarity("volozhin", "volojine") > 0.88);
        assert!(similarity("austria", "australia") < 1.0);
        assert_eq!(phonetic_key("volozhin"), phonetic_key("volozjin"));
        assert!(given_compatible("mohamed", "mohammed"));
        assert!(!given_compatible("omar", "abdourahamane"));
        assert!(roles_agree(&role_words("General"), &role_words("armégeneralen")));
        assert!(!roles_agree(&role_words("Health Minister"), &role_words("striker")));
        assert_eq!(initials("European Union"), vec!["eu"]);
        assert!(is_acronym("NORDA") && !is_acronym("Paris"));
        assert_eq!(person_name("ursula von der leyen").unwrap().surname, "leyen");
    }

    #[test]
    fn long_names_differing_in_one_word_share_a_key() {
        let a = long_form_keys("National Front for the Rebuild of the Valley", Lang::EN);
        let b = long_form_keys("National Front for the Rebuilding of the Republic", Lang::EN);
        assert!(a.iter().any(|k| b.contains(k)), "{a:?} {b:?}");
        let c = long_form_keys("National Union for the Rebuilding of the Coast", Lang::EN);
        assert!(!a.iter().any(|k| c.contains(k)));
        assert!(long_form_keys("Ministry of Foreign Affairs", Lang::EN).is_empty());
    }
}
