//! Languages and per-language resources.
//!
//! Language knowledge (abbreviations, month names, cue verbs, …) lives in data
//! files under `resources/lang/<code>/`, one folder per language and one TOML
//! file per concern (`text.toml`, `dates.toml`, …). Each module loads the file
//! it owns through [`per_language!`]; none branches on a language code.
//! Adding a language means adding its folder and one line to [`per_language!`]
//! and [`FULL`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language, as its ISO 639-1 code (`und` when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(&'static str);

impl Lang {
    pub const EN: Lang = Lang("en");
    pub const SV: Lang = Lang("sv");
    pub const FR: Lang = Lang("fr");
    pub const DE: Lang = Lang("de");
    pub const ES: Lang = Lang("es");
    pub const UNKNOWN: Lang = Lang("und");

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// Parses a code such as `sv`, `SV`, `sv-SE` or `swe`; `None` if unknown.
    pub fn from_code(code: &str) -> Option<Lang> {
        let lower = code.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        KNOWN
            .iter()
            .find(|(two, three)| *two == primary || *three == primary)
            .map(|(two, _)| Lang(two))
    }

    /// Whether the language has full support (resources for every extractor).
    pub fn is_full(self) -> bool {
        FULL.contains(&self)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Lang::from_code(&s).unwrap_or(Lang::UNKNOWN))
    }
}

/// Languages with full support.
pub const FULL: [Lang; 5] = [Lang::EN, Lang::SV, Lang::FR, Lang::DE, Lang::ES];

/// Every language Storyline can name: ISO 639-1 and 639-3 codes.
/// Languages outside [`FULL`] get identification and generic tokenisation.
const KNOWN: &[(&str, &str)] = &[
    ("en", "eng"),
    ("sv", "swe"),
    ("fr", "fra"),
    ("de", "deu"),
    ("es", "spa"),
    ("da", "dan"),
    ("nb", "nob"),
    ("nn", "nno"),
    ("no", "nor"),
    ("nl", "nld"),
    ("it", "ita"),
    ("pt", "por"),
    ("fi", "fin"),
    ("pl", "pol"),
    ("ru", "rus"),
    ("ar", "ara"),
    ("tr", "tur"),
    ("und", "und"),
];

/// The contents of one resource file for every fully supported language, as
/// `[(Lang, &str); N]`, embedded in the binary at build time.
#[macro_export]
macro_rules! per_language {
    ($file:literal) => {
        [
            ($crate::Lang::EN, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/resources/lang/en/", $file))),
            ($crate::Lang::SV, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/resources/lang/sv/", $file))),
            ($crate::Lang::FR, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/resources/lang/fr/", $file))),
            ($crate::Lang::DE, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/resources/lang/de/", $file))),
            ($crate::Lang::ES, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/resources/lang/es/", $file))),
        ]
    };
}

/// Parses one resource file per language into `T`, panicking with the file
/// and error on a malformed resource (they are compiled in, so a test catches it).
pub fn load_resources<T: serde::de::DeserializeOwned>(
    files: &[(Lang, &'static str)],
    name: &str,
) -> Vec<(Lang, T)> {
    files
        .iter()
        .map(|(lang, src)| {
            let parsed = toml::from_str(src)
                .unwrap_or_else(|e| panic!("resources/lang/{lang}/{name}: {e}"));
            (*lang, parsed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_in_their_usual_spellings() {
        assert_eq!(Lang::from_code("sv-SE"), Some(Lang::SV));
        assert_eq!(Lang::from_code("FRA"), Some(Lang::FR));
        assert_eq!(Lang::from_code("xx"), None);
        assert!(Lang::DE.is_full());
        assert!(!Lang::from_code("da").unwrap().is_full());
    }
}
