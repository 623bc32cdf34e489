//! Finding quotation spans: text between quote marks (closed on the same
//! paragraph, or continued over paragraphs that reopen the mark), dialogue
//! paragraphs opened by a dash, and embedded social-media posts signed
//! `— Name (@handle) date`.
//!
//! Only spans are found here; cues and speakers are looked for by the caller.

use super::rules::Rules;
use super::scan::{Lines, trim};

/// A quotation between marks.
#[derive(Debug, Clone)]
pub struct Marked {
    /// Byte of the opening mark.
    pub open: usize,
    /// Byte just after the closing mark.
    pub close: usize,
    /// The quoted text, without marks and surrounding spaces.
    pub start: usize,
    pub end: usize,
}

/// An embedded post: its text, the signing name and the date.
#[derive(Debug, Clone)]
pub struct Post {
    pub start: usize,
    pub end: usize,
    /// Byte range of the whole signature line part (dash to date).
    pub sig: (usize, usize),
    pub name: (usize, usize),
    pub date: Option<(usize, usize)>,
}

/// Marks that may stand with a space inside the quotation (French spacing).
fn spaced(c: char) -> bool {
    matches!(c, '«' | '»' | '‹' | '›')
}

fn opens_context(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || "([{—–-:/«»„“”‘‚\"'‹›¡¿".contains(p))
}

fn next_non_space(s: &str) -> Option<char> {
    s.chars().find(|c| !c.is_whitespace() || *c == '\n')
}

/// All quotations between marks, outermost only, in text order. `marks` is
/// every (opening, closing) pair known; `skip` ranges (posts) are not searched.
pub fn marked(text: &str, lines: &Lines, marks: &[(char, char)], skip: &[(usize, usize)]) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        if let Some(&(a, b)) = skip.iter().find(|(a, b)| i >= *a && i < *b) {
            let _ = a;
            i = b;
            prev = None;
            continue;
        }
        if c.is_alphanumeric() || c.is_whitespace() {
            prev = Some(c);
            i += clen;
            continue;
        }
        let closers: Vec<char> = marks.iter().filter(|(o, _)| *o == c).map(|(_, cl)| *cl).collect();
        if !closers.is_empty() && opens_context(prev) {
            let rest = &text[i + clen..];
            let first = rest.chars().next();
            let ok_next = match first {
                Some(f) if f == ' ' || f == '\u{a0}' || f == '\u{202f}' => {
                    spaced(c) && next_non_space(rest).is_some_and(|n| n != '\n')
                }
                Some('\n') | None => false,
                Some(_) => true,
            };
            if ok_next {
                if let Some(m) = find_close(text, lines, i, c, &closers) {
                    prev = text[..m.close].chars().next_back();
                    i = m.close;
                    out.push(m);
                    continue;
                }
            }
        }
        prev = Some(c);
        i += clen;
    }
    out
}

/// The closing mark for an opening mark at `open`, on the same paragraph or on
/// following paragraphs that each reopen with the same mark.
fn find_close(text: &str, lines: &Lines, open: usize, mark: char, closers: &[char]) -> Option<Marked> {
    let body = open + mark.len_utf8();
    let mut from = body;
    for _ in 0..12 {
        let end = lines.end(from);
        let mut prev: Option<char> = text[..from].chars().next_back();
        for (k, d) in text[from..end].char_indices() {
            let at = from + k;
            if closers.contains(&d) && at > body {
                let before_ok = prev.is_some_and(|p| !p.is_whitespace() || spaced(d));
                let after = text[at + d.len_utf8()..].chars().next();
                let after_ok = after.is_none_or(|a| !a.is_alphanumeric());
                // A mark that is both opener and closer ("…") must not open here.
                if before_ok && after_ok && !(d == mark && prev.is_some_and(char::is_whitespace) && !spaced(d)) {
                    let (start, end) = trim(text, body, at);
                    if start == end {
                        return None;
                    }
                    return Some(Marked { open, close: at + d.len_utf8(), start, end });
                }
            }
            prev = Some(d);
        }
        // Continue on the next paragraph only if it reopens with the same mark.
        let mut next = end;
        while next < text.len() && text[next..].starts_with(char::is_whitespace) {
            next += text[next..].chars().next().map_or(1, char::len_utf8);
        }
        if next >= text.len() || !text[next..].starts_with(mark) || next == end {
            return None;
        }
        from = next + mark.len_utf8();
    }
    None
}

/// Whether the line starting at `ls` opens with a dialogue dash: the dash's
/// byte and the first byte of the spoken text.
pub fn dash_line(text: &str, lines: &Lines, ls: usize, rules: &[&Rules]) -> Option<(usize, usize)> {
    let le = lines.end(ls);
    let line = &text[ls..le];
    let lead = line.len() - line.trim_start().len();
    let d = line[lead..].chars().next()?;
    if !rules.iter().any(|r| r.dashes.contains(&d)) {
        return None;
    }
    let after = ls + lead + d.len_utf8();
    let (s, e) = trim(text, after, le);
    let first = text[s..e].chars().next()?;
    (first.is_alphanumeric() || "¿¡«“\"".contains(first)).then_some((ls + lead, s))
}

/// Embedded posts: a line ending in `— Name (@handle) date`; the post is the
/// text before the signature, extended back over short preceding paragraphs
/// (a post is at most 280 characters) that carry no quote marks and are not
/// the writer's prose (`prose` tells, e.g. by a speech verb).
pub fn posts(text: &str, lines: &Lines, marks: &[(char, char)], prose: impl Fn(usize, usize) -> bool) -> Vec<Post> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find("(@") {
        let h = from + p;
        from = h + 2;
        let ls = lines.start(h);
        let le = lines.end(h);
        let Some(close) = text[h..le].find(')').map(|c| h + c) else { continue };
        if !text[h + 2..close].chars().all(|c| c.is_alphanumeric() || c == '_') || close == h + 2 {
            continue;
        }
        // The dash before the name, within a few words.
        let window_start = ls.max(h.saturating_sub(80));
        let window_start = (window_start..=h).find(|&k| text.is_char_boundary(k)).unwrap_or(h);
        let Some(dash) = text[window_start..h]
            .char_indices()
            .filter(|(_, c)| matches!(c, '—' | '–' | '-' | '―'))
            .map(|(k, _)| window_start + k)
            .next_back()
        else {
            continue;
        };
        let name = trim(text, dash + text[dash..].chars().next().map_or(1, char::len_utf8), h);
        if name.0 == name.1 || !text[name.0..name.1].chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let date = date_after(text, close + 1, le);
        let (mut start, end) = trim(text, ls, dash);
        if start == end {
            continue;
        }
        // Extend over preceding paragraphs of the same post.
        let mut budget = 280usize.saturating_sub(text[start..end].chars().count());
        let has_mark = |s: &str| s.chars().any(|c| marks.iter().any(|(o, cl)| c == *o || c == *cl));
        let mut cursor = ls;
        while cursor > 0 {
            let prev_end = cursor - 1;
            let pls = lines.start(prev_end);
            let (ps, pe) = trim(text, pls, prev_end);
            if ps == pe {
                if pls == 0 {
                    break;
                }
                cursor = pls;
                continue;
            }
            let para = &text[ps..pe];
            let n = para.chars().count();
            if n > budget || has_mark(para) || para.ends_with(':') || prose(ps, pe) || out.iter().any(|o: &Post| o.sig.1 > ps) {
                break;
            }
            budget -= n;
            start = ps;
            cursor = pls;
        }
        out.push(Post { start, end, sig: (dash, date.map_or(close + 1, |d| d.1)), name, date });
    }
    out
}

/// The date after a handle: the text up to and including a four-digit year.
fn date_after(text: &str, from: usize, le: usize) -> Option<(usize, usize)> {
    let (s, e) = trim(text, from, le);
    let seg = &text[s..e];
    let bytes = seg.as_bytes();
    let mut run = 0;
    for (k, b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            run += 1;
            let next_digit = bytes.get(k + 1).is_some_and(u8::is_ascii_digit);
            if run == 4 && !next_digit {
                return Some((s, s + k + 1));
            }
        } else {
            run = 0;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKS: &[(char, char)] = &[('“', '”'), ('"', '"'), ('«', '»'), ('„', '“'), ('»', '«'), ('‘', '’'), ('”', '”')];

    fn texts(t: &str) -> Vec<&str> {
        marked(t, &Lines::new(t), MARKS, &[]).into_iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn pairs_in_many_styles() {
        assert_eq!(texts("He said “we go,” and left."), ["we go,"]);
        assert_eq!(texts("Il a dit : « Nous partons » hier."), ["Nous partons"]);
        assert_eq!(texts("Er sagte: „Wir gehen.“ Dann ging er."), ["Wir gehen."]);
        assert_eq!(texts("Hon sa ”vi går” i går."), ["vi går"]);
        assert_eq!(texts("»Wir gehen«, sagte er."), ["Wir gehen"]);
        assert_eq!(texts("It was ‘in good health’, she said; the soldiers’ pay is late."), ["in good health"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(texts("The country’s army didn’t move.").is_empty());
    }

    #[test]
    fn multi_paragraph_quote_continues_on_reopened_mark() {
        let t = "“First part.\n\n“Second part,” she said.";
        assert_eq!(texts(t), ["First part.\n\n“Second part,"]);
        assert!(texts("“Unclosed part.\n\nNext paragraph.").is_empty());
    }

    #[test]
    fn post_signature_gives_text_name_and_date() {
        let t = "She posted this on Monday:\n\nWe will rebuild the bridge.\n\nThank you all.#XY — Jane Roe (@janeroe) March 3, 2031 ×\n";
        let p = posts(t, &Lines::new(t), MARKS, |_, _| false);
        assert_eq!(p.len(), 1);
        assert_eq!(&t[p[0].start..p[0].end], "We will rebuild the bridge.\n\nThank you all.#XY");
        assert_eq!(&t[p[0].name.0..p[0].name.1], "Jane Roe");
        assert_eq!(p[0].date.map(|d| &t[d.0..d.1]), Some("March 3, 2031"));
    }
}
