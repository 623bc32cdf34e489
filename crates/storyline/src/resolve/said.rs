//! What an entity said: the quotations whose speaker is one of its
//! resolved mentions. Only matches spans; finding quotes and speakers is
//! the quote extractor's job.

use super::ResolvedMention;
use crate::extract::quotes::Quote;

/// The quotes of one document whose speaker span overlaps a mention of
/// `entity` in that document (`mentions`: the document's resolved mentions).
pub fn quotes_by<'a>(entity: &str, mentions: &[ResolvedMention], quotes: &'a [Quote]) -> Vec<&'a Quote> {
    let spans: Vec<(usize, usize)> =
        mentions.iter().filter(|m| m.entity == entity).map(|m| (m.start, m.end)).collect();
    quotes
        .iter()
        .filter(|q| {
            q.speaker.as_ref().is_some_and(|s| spans.iter().any(|&(a, b)| s.start < b && a < s.end))
        })
        .collect()
}
