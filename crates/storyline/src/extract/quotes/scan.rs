//! Small text scanning helpers for quotation finding: word tokens with byte
//! spans, lower-case keys, paragraph bounds.
//!
//! Hand-written rather than unicode-segmentation: quotation rules need
//! punctuation as tokens and French elisions ("qu'il") split, and this runs
//! over every byte of every article.

/// Whether a token is a word or a punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Punct,
}

/// One token: a byte range, its kind and its lower-case key.
#[derive(Debug, Clone)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lower-case form with ’ written as '.
    pub key: String,
    /// Whether the first letter is upper-case.
    pub cap: bool,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

/// Lower-case key of a word: lower-cased, typographic apostrophe made plain.
pub fn lower_key(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// The word keys of a resource phrase, split as the tokenizer splits text.
pub fn word_keys(phrase: &str) -> Vec<String> {
    tokens(phrase, 0, phrase.len())
        .into_iter()
        .filter(Tok::is_word)
        .map(|t| t.key)
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokens of `text[start..end]`: words (letters and digits, with inner
/// hyphens and apostrophes) and single punctuation marks. A short word before
/// an apostrophe ("qu'", "l'", "d'") is split off as its own token.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let s = &text[start..end];
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        if !is_word_char(c) {
            out.push(make(text, start + i, start + i + c.len_utf8(), Kind::Punct));
            continue;
        }
        let mut j = i + c.len_utf8();
        let mut letters = 1;
        while let Some(&(k, d)) = iter.peek() {
            if is_word_char(d) {
                j = k + d.len_utf8();
                letters += 1;
                iter.next();
                continue;
            }
            // Inner hyphen or apostrophe followed by a letter stays in the word,
            // except an elision: a short word and its apostrophe stand alone.
            if d == '-' || is_apostrophe(d) {
                let after = s[k + d.len_utf8()..].chars().next();
                if after.is_some_and(is_word_char) {
                    if is_apostrophe(d) && letters <= 3 {
                        j = k + d.len_utf8();
                        iter.next();
                        break;
                    }
                    j = k + d.len_utf8();
                    letters += 1;
                    iter.next();
                    continue;
                }
            }
            break;
        }
        out.push(make(text, start + i, start + j, Kind::Word));
    }
    out
}

fn make(text: &str, start: usize, end: usize, kind: Kind) -> Tok {
    let s = &text[start..end];
    Tok {
        start,
        end,
        kind,
        key: lower_key(s),
        cap: s.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Paragraph (line) bounds of a text, found once.
pub struct Lines {
    starts: Vec<usize>,
    len: usize,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|p| p + 1));
        Lines { starts, len: text.len() }
    }

    /// The start of the line holding byte `i`.
    pub fn start(&self, i: usize) -> usize {
        let k = self.starts.partition_point(|&s| s <= i);
        self.starts[k.saturating_sub(1)]
    }

    /// The end of the line holding byte `i` (the newline's byte, or the text's end).
    pub fn end(&self, i: usize) -> usize {
        let k = self.starts.partition_point(|&s| s <= i);
        self.starts.get(k).map_or(self.len, |&n| n - 1)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i)
}

/// `[start, end)` with surrounding whitespace removed.
pub fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let tail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return (start, start);
    }
    (start + lead, end - tail)
}

/// Whether the character ends a sentence.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elisions_split_and_hyphens_stay() {
        let t = "qu’il a-t-il l'un Jean-Pierre don't";
        let keys: Vec<_> = tokens(t, 0, t.len()).into_iter().map(|t| t.key).collect();
        assert_eq!(keys, ["qu'", "il", "a-t-il", "l'", "un", "jean-pierre", "don'", "t"]);
    }

    #[test]
    fn punctuation_is_tokens() {
        let t = "«Oui», a dit M. Dupont.";
        let toks = tokens(t, 0, t.len());
        assert_eq!(toks[0].kind, Kind::Punct);
        assert_eq!(&t[toks[1].start..toks[1].end], "Oui");
        assert!(toks.iter().any(|k| k.key == "dupont" && k.cap));
    }
}
