//! Who a pronoun or a role description refers to: the nearest person named
//! earlier in the text whose gender (where known) agrees, or whose title
//! shares the description's role word ("the minister" → "Foreign Minister
//! Jane Doe").
//!
//! People come from the NER's PER mentions when given; otherwise from titled
//! names and runs of capitalised words found here, plus every speaker named
//! next to a cue. No coreference beyond this.

use foldhash::HashMap;

use super::attrib::{NpKind, parse_np};
use super::rules::{Gender, Rules};
use super::scan::Tok;
use crate::extract::{EntityMention, EntityType};

/// A person mentioned in the text.
#[derive(Debug, Clone)]
pub struct Person {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Lower-case title or role words before the name.
    pub title: Vec<String>,
    pub gender: Option<Gender>,
    /// Found only as a run of capitalised words (may be a place).
    pub weak: bool,
}

/// The people of one text, in order, and what is known of their gender.
#[derive(Debug, Default)]
pub struct People {
    people: Vec<Person>,
    genders: HashMap<String, Gender>,
}

fn last_word(s: &str) -> String {
    s.split_whitespace().last().unwrap_or("").to_lowercase()
}

impl People {
    /// Collects people from entity mentions, or from the text itself when
    /// the mentions hold no person.
    pub fn build(text: &str, toks: &[Tok], ents: &[EntityMention], rules: &[&'static Rules]) -> People {
        let mut people = People::default();
        let persons: Vec<_> = ents.iter().filter(|e| e.kind == EntityType::Person).collect();
        if !persons.is_empty() {
            for e in persons {
                let title: Vec<String> = e.role.as_deref().unwrap_or("").split_whitespace().map(str::to_lowercase).collect();
                let gender = title.iter().find_map(|w| rules.iter().find_map(|r| r.role(w).flatten()));
                people.add(Person { start: e.start, end: e.end, text: e.text.clone(), title, gender, weak: false });
            }
            return people;
        }
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            // Cheap test first: a name starts with a capital or a title.
            let cap_at = |k: usize| toks.get(k).is_some_and(|n| n.is_word() && n.cap);
            let next_cap = cap_at(i + 1);
            let candidate = t.is_word()
                && (next_cap || (t.cap && cap_at(i + 2)) || cap_at(i + 2))
                && rules.iter().any(|r| (t.cap && next_cap && !r.capitalised_nouns) || r.role(&t.key).is_some() || r.definite.contains(&t.key));
            if !candidate {
                i += 1;
                continue;
            }
            let mut found = None;
            for r in rules {
                if let Some(np) = parse_np(toks, i, toks.len(), text, r, ents) {
                    if let NpKind::Name { title, gender } = np.kind {
                        let words = toks[i..np.last].iter().filter(|t| t.start >= np.start).count();
                        if title.is_some() || (words >= 2 && !r.capitalised_nouns) {
                            let mut title_words: Vec<String> = Vec::new();
                            if let Some((ts, _)) = title {
                                // Up to two words before the title belong to it ("Foreign Minister").
                                let before = toks[..i].iter().rev().take(2).take_while(|t| t.is_word() && t.end + 2 >= ts);
                                title_words.extend(before.map(|t| t.key.clone()));
                                title_words.extend(toks[i..np.last].iter().filter(|t| t.end <= np.start).map(|t| t.key.clone()));
                            }
                            found = Some((np.last, Person {
                                start: np.start,
                                end: np.end,
                                text: text[np.start..np.end].to_string(),
                                title: title_words,
                                gender,
                                weak: title.is_none(),
                            }));
                            break;
                        }
                    }
                }
            }
            match found {
                Some((last, p)) => {
                    people.add(p);
                    i = last;
                }
                None => i += 1,
            }
        }
        people
    }

    /// Adds a person (a speaker named at a cue), keeping the list ordered.
    pub fn add(&mut self, p: Person) {
        if let Some(g) = p.gender {
            self.genders.insert(last_word(&p.text), g);
        }
        if self.people.iter().any(|q| q.start == p.start) {
            return;
        }
        let at = self.people.partition_point(|q| q.start < p.start);
        self.people.insert(at, p);
    }

    fn gender_of(&self, p: &Person) -> Option<Gender> {
        p.gender.or_else(|| self.genders.get(&last_word(&p.text)).copied())
    }

    /// The person a pronoun at byte `at` refers to: the nearest earlier one
    /// outside `quoted` whose gender does not clash; strong candidates within
    /// 1,500 bytes beat weak ones.
    pub fn pronoun(&mut self, at: usize, gender: Option<Gender>, quoted: &[(usize, usize)]) -> Option<Person> {
        let fits = |p: &Person| {
            p.end <= at
                && !quoted.iter().any(|(s, e)| p.start >= *s && p.end <= *e)
                && match (gender, self.gender_of(p)) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
        };
        let strong = self.people.iter().rev().find(|p| fits(p) && !p.weak && at - p.end < 1500);
        let found = strong.or_else(|| self.people.iter().rev().find(|p| fits(p))).cloned()?;
        if let Some(g) = gender {
            self.genders.entry(last_word(&found.text)).or_insert(g);
        }
        Some(found)
    }

    /// The person a definite description at byte `at` ("the minister")
    /// refers to: the nearest earlier one whose title shares its role word.
    pub fn description(&self, at: usize, head: &str) -> Option<Person> {
        let stems: Vec<&str> = stems(head);
        self.people
            .iter()
            .rev()
            .filter(|p| p.end <= at)
            .find(|p| p.title.iter().any(|w| stems.iter().any(|s| w.contains(s)) || (w.chars().count() >= 4 && head.starts_with(w.as_str()))))
            .cloned()
    }
}

/// The word and the word less one or two final letters (definite or plural
/// endings: "ministern" → "minister"), never shorter than four letters.
fn stems(head: &str) -> Vec<&str> {
    let mut out = vec![head];
    let ends: Vec<usize> = head.char_indices().map(|(i, _)| i).collect();
    for cut in [1, 2] {
        if ends.len() > cut + 4 {
            out.push(&head[..ends[ends.len() - cut]]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_endings_but_stay_long() {
        assert_eq!(stems("ministern"), ["ministern", "minister", "ministe"]);
        assert_eq!(stems("chef"), ["chef"]);
    }
}
