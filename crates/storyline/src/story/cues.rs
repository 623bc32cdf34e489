//! Cue words the story view reads, per language (`resources/lang/<code>/story.toml`):
//! words of a reaction ("condemned"), of leading ("leader", "led"), the
//! pronouns that pick up a person named just before, the words that open a
//! subordinate clause (whose date is not the sentence's main one), and role
//! words mapped to language-neutral role keys. It only answers "is this word
//! a cue"; the parts of the view decide what a cue means.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::context::fold;
use crate::lang::{self, Lang};

#[derive(Debug, Deserialize)]
struct Raw {
    reaction: Vec<String>,
    leader: Vec<String>,
    pronouns: Vec<String>,
    subordinators: Vec<String>,
    contrast: Vec<String>,
    /// Role key -> the words of that role in this language.
    roles: HashMap<String, Vec<String>>,
    /// Words linking a name to its role ("is", "as", "named").
    role_links: Vec<String>,
    /// Words before the one who leads in a passive ("led by").
    agents: Vec<String>,
}

/// A word list: exact words, and prefixes written with a trailing `*`.
#[derive(Debug, Default)]
struct Words {
    exact: Vec<String>,
    prefixes: Vec<String>,
}

impl Words {
    fn new(list: &[String]) -> Words {
        let mut w = Words::default();
        for item in list {
            let folded = fold(item);
            match folded.strip_suffix('*') {
                Some(p) => w.prefixes.push(p.to_string()),
                None => w.exact.push(folded),
            }
        }
        w
    }

    fn has(&self, folded: &str) -> bool {
        self.exact.iter().any(|e| e == folded) || self.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
    }
}

/// One language's cue words.
#[derive(Debug, Default)]
pub(crate) struct Cues {
    reaction: Words,
    leader: Words,
    pronouns: Words,
    subordinators: Words,
    contrast: Words,
    roles: Vec<(String, Words)>,
    role_links: Words,
    agents: Words,
}

impl Cues {
    /// Whether a word (as written) tells a reaction to the story's happenings.
    pub fn reaction(&self, word: &str) -> bool {
        self.reaction.has(&fold(word))
    }
    /// Whether a word tells that someone leads.
    pub fn leader(&self, word: &str) -> bool {
        self.leader.has(&fold(word))
    }
    /// Whether a word is a personal pronoun picking up a person named before.
    pub fn pronoun(&self, word: &str) -> bool {
        self.pronouns.has(&fold(word))
    }
    /// Whether a word opens a subordinate clause ("after", "since", "who").
    pub fn subordinator(&self, word: &str) -> bool {
        self.subordinators.has(&fold(word))
    }
    /// Whether a word sets one account against another ("while", "medan").
    pub fn contrast(&self, word: &str) -> bool {
        self.contrast.has(&fold(word))
    }
    /// The language-neutral key of a role word ("leader", "ledare" -> "leader").
    pub fn role(&self, word: &str) -> Option<&str> {
        let f = fold(word);
        self.roles.iter().find(|(_, w)| w.has(&f)).map(|(k, _)| k.as_str())
    }
    /// Whether a word introduces the agent of a passive ("led by").
    pub fn agent(&self, word: &str) -> bool {
        self.agents.has(&fold(word))
    }
    /// Whether a word links a name to the role after it ("is", "as").
    pub fn role_link(&self, word: &str) -> bool {
        self.role_links.has(&fold(word))
    }
}

/// The cues of a language; an unknown language has none.
pub(crate) fn of(lang: Lang) -> &'static Cues {
    static ALL: OnceLock<Vec<(Lang, Cues)>> = OnceLock::new();
    static NONE: OnceLock<Cues> = OnceLock::new();
    ALL.get_or_init(|| {
        lang::load_resources::<Raw>(&crate::per_language!("story.toml"), "story.toml")
            .into_iter()
            .map(|(l, r)| {
                let mut roles: Vec<(String, Words)> = r.roles.iter().map(|(k, v)| (k.clone(), Words::new(v))).collect();
                roles.sort_by(|a, b| a.0.cmp(&b.0));
                let cues = Cues {
                    reaction: Words::new(&r.reaction),
                    leader: Words::new(&r.leader),
                    pronouns: Words::new(&r.pronouns),
                    subordinators: Words::new(&r.subordinators),
                    contrast: Words::new(&r.contrast),
                    roles,
                    role_links: Words::new(&r.role_links),
                    agents: Words::new(&r.agents),
                };
                (l, cues)
            })
            .collect()
    })
    .iter()
    .find(|(l, _)| *l == lang)
    .map(|(_, c)| c)
    .unwrap_or_else(|| NONE.get_or_init(Cues::default))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_cues() {
        for (l, word) in [(Lang::EN, "condemned"), (Lang::FR, "condamne"), (Lang::DE, "verurteilte"), (Lang::ES, "condenó"), (Lang::SV, "fördömde")] {
            assert!(of(l).reaction(word), "{l}: {word}");
        }
        assert_eq!(of(Lang::SV).role("ledare"), Some("leader"));
        assert_eq!(of(Lang::EN).role("leader"), Some("leader"));
        assert!(of(Lang::EN).leader("led") && !of(Lang::EN).leader("leadership"));
        assert!(of(Lang::FR).pronoun("Il"));
    }
}
