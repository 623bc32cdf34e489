//! Tense cue words ("will", "skulle", "annoncera") found by a scan of the
//! text's words instead of a regex. The cues must stand as whole words, and a
//! Unicode `\b` sends the regex crate's fast engines to its backtracker on any
//! text with a non-ASCII letter: with a regex this lookup, made for nearly
//! every date, took a fifth of the tagger's time.
//!
//! The matches are those of the regex `\b(?i:marker|…)\b|\b\p{Ll}\w*(?:ending|…)\b`,
//! markers longest first, a space in a marker standing for any run of
//! whitespace.

/// One language's cue words and verb endings.
#[derive(Debug, Default)]
pub(crate) struct Cues {
    /// Lower-cased markers by their first character, longest first.
    markers: Vec<(char, Vec<Vec<char>>)>,
    /// The ASCII first characters of markers, as bits: most words start
    /// with none of them, and this turns them away at once.
    ascii_firsts: u128,
    /// Endings of cue words, matched in the case given.
    endings: Vec<String>,
}

/// As the regex crate's `\w`, less the rare marks and joiners.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn lower(c: char) -> char {
    if c.is_ascii() { c.to_ascii_lowercase() } else { c.to_lowercase().next().unwrap_or(c) }
}

impl Cues {
    /// `None` when the language lists neither markers nor endings.
    pub fn new(markers: &[String], endings: &[String]) -> Option<Cues> {
        let mut cues = Cues::default();
        for m in markers.iter().filter(|m| !m.trim().is_empty()) {
            let chars: Vec<char> = m.trim().chars().map(lower).collect();
            match cues.markers.iter_mut().find(|(c, _)| *c == chars[0]) {
                Some((_, list)) => list.push(chars),
                None => cues.markers.push((chars[0], vec![chars])),
            }
        }
        for (first, list) in &mut cues.markers {
            list.sort_by_key(|m| std::cmp::Reverse(m.len()));
            if first.is_ascii() {
                cues.ascii_firsts |= 1u128 << *first as u32;
                // A marker matches in any case.
                cues.ascii_firsts |= 1u128 << first.to_ascii_uppercase() as u32;
            }
        }
        cues.endings = endings.iter().filter(|e| !e.is_empty()).cloned().collect();
        (!cues.markers.is_empty() || !cues.endings.is_empty()).then_some(cues)
    }

    /// The cues in `hay`, left to right, not overlapping: `(start, end)`.
    pub fn find_iter<'h>(&'h self, hay: &'h str) -> impl Iterator<Item = (usize, usize)> + 'h {
        let mut at = 0;
        std::iter::from_fn(move || {
            let found = self.find_from(hay, at)?;
            at = found.1;
            Some(found)
        })
    }

    pub fn is_match(&self, hay: &str) -> bool {
        self.find_from(hay, 0).is_some()
    }

    /// Whether `hay` ends with a marker, whitespace after it allowed
    /// (`\b(?i:marker|…)\s*$`: the marker may end in a stop, "t.o.m.").
    pub fn ends_with_marker(&self, hay: &str) -> bool {
        let end = hay.trim_end().len();
        starts(hay, 0).any(|p| self.list_at(hay, p).iter().any(|m| match_at(hay, p, m) == Some(end)))
    }

    /// The leftmost cue starting at or after `from`.
    fn find_from(&self, hay: &str, from: usize) -> Option<(usize, usize)> {
        starts(hay, from).find_map(|p| {
            let end = self.markers_at(hay, p).next().or_else(|| self.ending_at(hay, p))?;
            Some((p, end))
        })
    }

    /// The ends of the markers that match at `p`, longest marker first.
    fn markers_at<'a>(&'a self, hay: &'a str, p: usize) -> impl Iterator<Item = usize> + 'a {
        self.list_at(hay, p).iter().filter_map(move |m| match_at(hay, p, m).filter(|&e| boundary(hay, e)))
    }

    /// The markers that begin with the character at `p`.
    fn list_at(&self, hay: &str, p: usize) -> &[Vec<char>] {
        let Some(c) = hay[p..].chars().next() else { return &[] };
        if c.is_ascii() && self.ascii_firsts & (1u128 << c as u32) == 0 {
            return &[];
        }
        let c = lower(c);
        self.markers.iter().find(|(first, _)| *first == c).map_or(&[], |(_, list)| list.as_slice())
    }

    /// The end of the word at `p` if it is a cue by its ending: it starts in
    /// lower case, so that a name such as "Laura" is no verb, and the ending
    /// follows at least one more character.
    fn ending_at(&self, hay: &str, p: usize) -> Option<usize> {
        let first = hay[p..].chars().next().filter(|c| c.is_lowercase())?;
        let end = hay[p..].find(|c: char| !is_word(c)).map_or(hay.len(), |i| p + i);
        let rest = &hay[p + first.len_utf8()..end];
        self.endings.iter().any(|e| rest.len() >= e.len() && rest.ends_with(e.as_str())).then_some(end)
    }
}

/// The positions at or after `from` where a word starts or ends (`\b`).
fn starts(hay: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let mut word_before = hay[..from].chars().next_back().is_some_and(is_word);
    hay[from..].char_indices().filter_map(move |(i, c)| {
        let word = is_word(c);
        let start = word != word_before;
        word_before = word;
        start.then_some(from + i)
    })
}

/// Whether a word starts or ends at `p`.
fn boundary(hay: &str, p: usize) -> bool {
    let before = hay[..p].chars().next_back().is_some_and(is_word);
    let after = hay[p..].chars().next().is_some_and(is_word);
    before != after
}

/// The end of `marker` matched at `p`, in any case, a space matching a run
/// of whitespace.
fn match_at(hay: &str, p: usize, marker: &[char]) -> Option<usize> {
    let mut chars = hay[p..].char_indices().peekable();
    for &m in marker {
        let (_, c) = chars.next()?;
        if m == ' ' {
            if !c.is_whitespace() {
                return None;
            }
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        } else if lower(c) != m {
            return None;
        }
    }
    Some(chars.peek().map_or(hay.len(), |&(i, _)| p + i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(markers: &[&str], endings: &[&str]) -> Cues {
        let s = |l: &[&str]| l.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        Cues::new(&s(markers), &s(endings)).expect("cues")
    }

    fn found<'h>(c: &Cues, hay: &'h str) -> Vec<&'h str> {
        c.find_iter(hay).map(|(a, b)| &hay[a..b]).collect()
    }

    #[test]
    fn markers_are_whole_words_in_any_case() {
        let c = cues(&["will", "nächste", "going to"], &[]);
        assert_eq!(found(&c, "Willow will go; NÄCHSTE Woche, going\n  to vote"), ["will", "NÄCHSTE", "going\n  to"]);
        assert!(found(&c, "goodwill, übernächste, going today").is_empty());
    }

    #[test]
    fn a_longer_marker_that_fails_gives_way_to_a_shorter_one() {
        let c = cues(&["plans", "plans to"], &[]);
        assert_eq!(found(&c, "the plans tomorrow"), ["plans"]);
        assert_eq!(found(&c, "she plans to go"), ["plans to"]);
    }

    #[test]
    fn endings_make_cues_of_lower_case_words() {
        let c = cues(&[], &["rá", "ed"]);
        assert_eq!(found(&c, "El comité se reunirá el lunes; Pedro rá, Ed red fled"), ["reunirá", "red", "fled"]);
        // Only after a first letter: "ed" alone is not a verb.
        assert!(found(&c, "ed Ned").is_empty());
    }

    #[test]
    fn apostrophe_markers_follow_a_word() {
        let c = cues(&["'ll"], &[]);
        assert_eq!(found(&c, "they'll come"), ["'ll"]);
        assert!(found(&c, "a 'll b").is_empty());
    }

    #[test]
    fn a_marker_can_end_the_text() {
        let c = cues(&["till", "till och med"], &[]);
        assert!(c.ends_with_marker("pågår till och med  "));
        assert!(c.ends_with_marker("öppet till"));
        assert!(cues(&["t.o.m."], &[]).ends_with_marker("gäller t.o.m. "));
        assert!(!c.ends_with_marker("till dess att"));
    }
}
