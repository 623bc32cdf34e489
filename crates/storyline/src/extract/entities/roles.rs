//! Roles and titles attached to person mentions: "Foreign Minister" in
//! "Foreign Minister Ana Lind", from the title words each language lists in
//! `resources/lang/<code>/entities.toml`. A place or nationality right before
//! the title joins the role ("US Secretary of State"). A title the tagger
//! put inside the person mention is moved out of it into the role.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::tokenize::tokenize;
#[cfg(test)]
use super::tokenize::lower_words;
use crate::extract::{EntityMention, EntityType};
use crate::lang::{self, Lang};

#[derive(Debug, Deserialize)]
struct Resource {
    /// Titles and roles written before a name, each one or more words.
    titles: Vec<String>,
}

/// One language's titles, each as its lower-cased words, longest first (so
/// "Foreign Minister" wins over "Minister"), and, for speed, the positions
/// in that list of the titles ending and beginning with each word: a lookup
/// compares only the few titles that can match.
#[derive(Debug, Default)]
struct Titles {
    list: Vec<Vec<String>>,
    by_last: HashMap<String, Vec<usize>, foldhash::fast::RandomState>,
    by_first: HashMap<String, Vec<usize>, foldhash::fast::RandomState>,
}

impl Titles {
    fn new(mut list: Vec<Vec<String>>) -> Titles {
        list.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let mut titles = Titles { list, ..Titles::default() };
        for (i, t) in titles.list.iter().enumerate() {
            titles.by_last.entry(t[t.len() - 1].clone()).or_default().push(i);
            titles.by_first.entry(t[0].clone()).or_default().push(i);
        }
        titles
    }

    /// The longest title whose words are `lower[..]` ending at `end` (exclusive), as its length.
    fn ending_at(&self, lower: &[String], end: usize) -> usize {
        let Some(candidates) = end.checked_sub(1).and_then(|l| self.by_last.get(&lower[l])) else { return 0 };
        candidates
            .iter()
            .map(|&i| &self.list[i])
            .find(|t| t.len() <= end && lower[end - t.len()..end] == t[..])
            .map_or(0, Vec::len)
    }

    /// The longest title whose words are `lower[..]` from `start`, ending before `limit - 1`, as its length.
    fn starting_at(&self, lower: &[String], start: usize, limit: usize) -> usize {
        let Some(candidates) = lower.get(start).and_then(|w| self.by_first.get(w)) else { return 0 };
        candidates
            .iter()
            .map(|&i| &self.list[i])
            .find(|t| start + t.len() < limit && lower[start..start + t.len()] == t[..])
            .map_or(0, Vec::len)
    }
}

/// Per language: its titles.
fn titles(lang: Lang) -> Option<&'static Titles> {
    static ALL: OnceLock<Vec<(Lang, Titles)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        lang::load_resources::<Resource>(&crate::per_language!("entities.toml"), "entities.toml")
            .into_iter()
            .map(|(l, r)| {
                let list = r
                    .titles
                    .iter()
                    .map(|s| tokenize(s, 0, s.len()).iter().map(|&(a, b)| s[a..b].to_lowercase()).collect())
                    .filter(|w: &Vec<String>| !w.is_empty())
                    .collect();
                (l, Titles::new(list))
            })
            .collect()
    });
    all.iter().find(|(l, _)| *l == lang).map(|(_, t)| t)
}

/// Attaches roles to the person mentions of one sentence (tokens `spans`).
/// `lower` holds the lower-cased words of `spans`.
pub fn attach(text: &str, lang: Lang, spans: &[(usize, usize)], lower: &[String], mentions: &mut [EntityMention]) {
    let Some(list) = titles(lang).filter(|t| !t.list.is_empty()) else { return };
    if mentions.is_empty() {
        return;
    }
    let token_at = |pos: usize| spans.iter().position(|s| s.0 == pos);
    split_titled_names(text, list, lower, spans, mentions);
    let others: Vec<(usize, usize, EntityType)> = mentions.iter().map(|m| (m.start, m.end, m.kind)).collect();
    for m in mentions.iter_mut().filter(|m| m.kind == EntityType::Person) {
        let (Some(mut first), Some(last)) = (token_at(m.start), spans.iter().position(|s| s.1 == m.end)) else {
            continue;
        };
        let mut role_start = None;
        let mut role_end = 0;
        // A title inside the mention ("General Ana Lind" tagged whole).
        loop {
            let n = list.starting_at(lower, first, last + 1);
            if n == 0 {
                break;
            }
            role_start.get_or_insert(spans[first].0);
            role_end = spans[first + n - 1].1;
            first += n;
        }
        if role_start.is_some() {
            m.start = spans[first].0;
            m.text = text[m.start..m.end].to_string();
        }
        // Titles right before it, possibly several ("Colonel Major").
        let mut k = token_at(role_start.unwrap_or(m.start)).unwrap_or(first);
        loop {
            let n = list.ending_at(lower, k);
            if n == 0 {
                break;
            }
            if role_start.is_none() {
                role_end = spans[k - 1].1;
            }
            role_start = Some(spans[k - n].0);
            k -= n;
        }
        let Some(mut start) = role_start else { continue };
        // "US Secretary of State": a place or nationality right before the title.
        if let Some(o) = others
            .iter()
            .find(|(_, e, kind)| matches!(kind, EntityType::Location | EntityType::Misc) && *e <= start && text[*e..start].trim().is_empty())
        {
            start = o.0;
        }
        m.role = Some(text[start..role_end].to_string());
    }
}

/// A title the tagger ran into a name of another type ("Minister of
/// [Foreign Affairs Ana Lind]" tagged as one organisation): when a title
/// begins before the mention and ends inside it (a title at its start may
/// be part of the name: "General Motors"; unless it holds a lower-case word,
/// "Premier ministre Anton Vessel"), and
/// two or more capitalised words follow it, those words are a person's
/// name and the title becomes their role (attached by the caller).
fn split_titled_names(text: &str, list: &Titles, lower: &[String], spans: &[(usize, usize)], mentions: &mut [EntityMention]) {
    let capitalised = |k: usize| text[spans[k].0..spans[k].1].chars().next().is_some_and(char::is_uppercase);
    for m in mentions.iter_mut().filter(|m| m.kind != EntityType::Person) {
        let (Some(first), Some(last)) = (spans.iter().position(|s| s.0 == m.start), spans.iter().position(|s| s.1 == m.end)) else {
            continue;
        };
        // The earliest title end leaves the longest name.
        let cut = (first + 1..last).find(|&e| {
            let n = list.ending_at(lower, e);
            // A title at the name's start with a lower-case word in it is a
            // role phrase ("Premier ministre Anton Vessel"), not a name's head.
            let begins = n > 0 && (e - n < first || (e - n == first && (first..e).any(|k| !capitalised(k))));
            begins && last + 1 - e >= 2 && (e..=last).all(capitalised)
        });
        if let Some(e) = cut {
            m.start = spans[e].0;
            m.text = text[m.start..m.end].to_string();
            m.kind = EntityType::Person;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::extract::entities::mention_at_first as mention;

    #[test]
    fn a_title_run_into_an_organisation_name_becomes_a_role() {
        let text = "Minister of Foreign Affairs Lena Rask told the radio station.";
        let spans = tokenize(text, 0, text.len());
        let mut ms = vec![mention(text, "Foreign Affairs Lena Rask", EntityType::Organisation)];
        attach(text, Lang::EN, &spans, &lower_words(text, &spans), &mut ms);
        assert_eq!(ms[0].text, "Lena Rask");
        assert_eq!(&text[ms[0].start..ms[0].end], "Lena Rask");
        assert_eq!(ms[0].kind, EntityType::Person);
        assert_eq!(ms[0].role.as_deref(), Some("Minister of Foreign Affairs"));
        // A lower-case title at the start is a role too.
        let text = "Le Premier ministre Lena Rask a parlé.";
        let spans = tokenize(text, 0, text.len());
        let mut ms = vec![mention(text, "Premier ministre Lena Rask", EntityType::Organisation)];
        attach(text, Lang::FR, &spans, &lower_words(text, &spans), &mut ms);
        assert_eq!(ms[0].text, "Lena Rask");
        assert_eq!(ms[0].kind, EntityType::Person);
        assert_eq!(ms[0].role.as_deref(), Some("Premier ministre"));
        // An organisation led by a title word is left alone.
        let text = "Shares of General Motors Company rose.";
        let spans = tokenize(text, 0, text.len());
        let mut ms = vec![mention(text, "General Motors Company", EntityType::Organisation)];
        attach(text, Lang::EN, &spans, &lower_words(text, &spans), &mut ms);
        assert_eq!(ms[0].text, "General Motors Company");
        // An organisation with no title in it is left alone.
        let text = "The Ministry of Foreign Affairs Office said nothing.";
        let spans = tokenize(text, 0, text.len());
        let mut ms = vec![mention(text, "Ministry of Foreign Affairs Office", EntityType::Organisation)];
        attach(text, Lang::EN, &spans, &lower_words(text, &spans), &mut ms);
        assert_eq!(ms[0].text, "Ministry of Foreign Affairs Office");
        assert_eq!(ms[0].kind, EntityType::Organisation);
    }
}
