//! Names of countries and regions in many languages, from the Unicode CLDR
//! territory display names compiled into ICU4X: "Frankrike", "France" and
//! "Frankreich" all name region FR, "FN" and "United Nations" region UN.
//! Only names CLDR gives; no hand lists. Does not know cities or organisations
//! other than the few CLDR lists as regions (EU, UN).

use std::collections::HashMap;
use std::sync::OnceLock;

use icu_experimental::displaynames::{DisplayNamesOptions, RegionDisplayNames, Style};
use icu_locale_core::subtags::Region;
use icu_locale_core::Locale;

use super::names::{fold, initials};

/// Locales whose names are read: every language Storyline can identify.
const LOCALES: &[&str] = &["en", "sv", "fr", "de", "es", "da", "nb", "nn", "nl", "it", "pt", "fi", "pl", "ru", "ar", "tr"];

struct Tables {
    /// Folded name → region code.
    by_name: HashMap<String, &'static str>,
    /// Initials of multi-word English names → region code ("us").
    initials: HashMap<String, &'static str>,
    /// Region code → English name.
    english: HashMap<&'static str, String>,
}

fn table() -> &'static Tables {
    static TABLE: OnceLock<Tables> = OnceLock::new();
    TABLE.get_or_init(build)
}

fn build() -> Tables {
    let mut english = HashMap::new();
    // Every two-letter code, and the numeric macro-region codes are left out:
    // "Africa" or "World" are not places a report means by name.
    let codes: Vec<(Region, &'static str)> = (b'A'..=b'Z')
        .flat_map(|a| (b'A'..=b'Z').map(move |b| [a, b]))
        .filter_map(|pair| {
            let s = std::str::from_utf8(&pair).ok()?;
            let region: Region = s.parse().ok()?;
            let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
            Some((region, leaked))
        })
        .collect();
    let mut names: HashMap<String, Vec<&'static str>> = HashMap::new();
    let mut add = |name: String, code: &'static str| {
        let v = names.entry(name).or_default();
        if !v.contains(&code) {
            v.push(code);
        }
    };
    for loc in LOCALES {
        let Ok(locale) = loc.parse::<Locale>() else { continue };
        for style in [None, Some(Style::Short)] {
            let mut options = DisplayNamesOptions::default();
            options.style = style;
            let Ok(display) = RegionDisplayNames::try_new(locale.clone().into(), options) else { continue };
            for (region, code) in &codes {
                if let Some(name) = display.of(*region) {
                    // "Unknown Region" and the like are not names.
                    if *code == "ZZ" || name.is_empty() {
                        continue;
                    }
                    add(fold(name), code);
                    if *loc == "en" && style.is_none() {
                        english.insert(*code, name.to_string());
                        for i in initials(name) {
                            add(format!("initials:{i}"), code);
                        }
                    }
                }
            }
        }
    }
    // A name two regions share tells nothing; drop it.
    let mut by_name = HashMap::new();
    let mut initials = HashMap::new();
    for (name, codes) in names {
        if codes.len() == 1 && !name.is_empty() {
            match name.strip_prefix("initials:") {
                Some(i) => {
                    initials.insert(i.to_string(), codes[0]);
                }
                None => {
                    by_name.insert(name, codes[0]);
                }
            }
        }
    }
    // Initials count only where no region's name is the same.
    initials.retain(|i, _| !by_name.contains_key(i));
    Tables { by_name, initials, english }
}

/// The CLDR region code a folded name stands for, if any.
pub fn region_of(folded: &str) -> Option<&'static str> {
    table().by_name.get(folded).copied()
}

/// The region whose English name has these initials ("us"), if only one has.
pub fn region_of_initials(folded: &str) -> Option<&'static str> {
    table().initials.get(folded).copied()
}

/// The English CLDR name of a region code.
pub fn english_name(code: &str) -> Option<String> {
    table().english.get(code).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_names_meet_across_languages() {
        let fr = region_of("france");
        assert!(fr.is_some());
        assert_eq!(region_of(&fold("Frankrike")), fr);
        assert_eq!(region_of(&fold("Frankreich")), fr);
        assert_eq!(region_of(&fold("Francia")), fr);
        assert_eq!(region_of(&fold("Tyskland")), region_of("germany"));
        assert_eq!(region_of("usa"), region_of("united states"));
        assert_eq!(region_of_initials("us"), region_of("united states"));
        assert_eq!(region_of("fn"), region_of("united nations"));
        assert_ne!(region_of("austria"), region_of("australia"));
        assert_eq!(region_of("atlantis"), None);
    }
}
