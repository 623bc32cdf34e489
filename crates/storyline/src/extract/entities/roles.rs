//! Roles and titles attached to person mentions: "Foreign Minister" in
//! "Foreign Minister Ana Lind", from the title words each language lists in
//! `resources/lang/<code>/entities.toml`. A place or nationality right before
//! the title joins the role ("US Secretary of State"). A title the tagger
//! put inside the person mention is moved out of it into the role.

use std::sync::OnceLock;

use serde::Deserialize;

use super::tokenize::tokenize;
use crate::extract::{EntityMention, EntityType};
use crate::lang::{self, Lang};

#[derive(Debug, Deserialize)]
struct Resource {
    /// Titles and roles written before a name, each one or more words.
    titles: Vec<String>,
}

/// Per language: every title as its lower-cased words.
fn titles(lang: Lang) -> &'static [Vec<String>] {
    static ALL: OnceLock<Vec<(Lang, Vec<Vec<String>>)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        lang::load_resources::<Resource>(&crate::per_language!("entities.toml"), "entities.toml")
            .into_iter()
            .map(|(l, r)| {
                let mut t: Vec<Vec<String>> = r
                    .titles
                    .iter()
                    .map(|s| tokenize(s, 0, s.len()).iter().map(|&(a, b)| s[a..b].to_lowercase()).collect())
                    .filter(|w: &Vec<String>| !w.is_empty())
                    .collect();
                // Longest first, so "Foreign Minister" wins over "Minister".
                t.sort_by_key(|w| std::cmp::Reverse(w.len()));
                (l, t)
            })
            .collect()
    });
    all.iter().find(|(l, _)| *l == lang).map_or(&[], |(_, t)| t.as_slice())
}

/// The longest title whose words are `words[..]` ending at `end` (exclusive), as its length.
fn title_ending_at(list: &[Vec<String>], lower: &[String], end: usize) -> usize {
    list.iter()
        .find(|t| t.len() <= end && lower[end - t.len()..end] == t[..])
        .map_or(0, Vec::len)
}

fn title_starting_at(list: &[Vec<String>], lower: &[String], start: usize, limit: usize) -> usize {
    list.iter()
        .find(|t| start + t.len() < limit && lower[start..start + t.len()] == t[..])
        .map_or(0, Vec::len)
}

/// Attaches roles to the person mentions of one sentence (tokens `spans`).
pub fn attach(text: &str, lang: Lang, spans: &[(usize, usize)], mentions: &mut [EntityMention]) {
    let list = titles(lang);
    if list.is_empty() {
        return;
    }
    let lower: Vec<String> = spans.iter().map(|&(a, b)| text[a..b].to_lowercase()).collect();
    let token_at = |pos: usize| spans.iter().position(|s| s.0 == pos);
    let others: Vec<(usize, usize, EntityType)> = mentions.iter().map(|m| (m.start, m.end, m.kind)).collect();
    for m in mentions.iter_mut().filter(|m| m.kind == EntityType::Person) {
        let (Some(mut first), Some(last)) = (token_at(m.start), spans.iter().position(|s| s.1 == m.end)) else {
            continue;
        };
        let mut role_start = None;
        let mut role_end = 0;
        // A title inside the mention ("General Ana Lind" tagged whole).
        loop {
            let n = title_starting_at(list, &lower, first, last + 1);
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
            let n = title_ending_at(list, &lower, k);
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
