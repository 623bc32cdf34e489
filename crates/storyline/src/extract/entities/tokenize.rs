//! Word tokens for the tagger, split the way the CoNLL corpora are split.
//!
//! Hand-written rather than unicode-segmentation word bounds because the
//! training corpora keep hyphenated words ("Jean-Pierre"), dotted acronyms
//! ("U.S.") and handles ("@name") whole, which UAX #29 splits. Punctuation is
//! split off; nothing is normalised. Spans are byte ranges into the input.

/// Byte spans `(start, end)` of the tokens of `text[start..end]`, offset by `start`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    // Room for most sentences' tokens at once (an average word and space take 5+ bytes).
    let mut out = Vec::with_capacity((end - start) / 4 + 1);
    let slice = &text[start..end];
    let mut chunk_start: Option<usize> = None;
    let mut chars = Vec::new();
    for (i, c) in slice.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                // Inside a sentence, "23." is an ordinal ("am 23. März",
                // "7. Ana Lind" in a list), one token as in the corpora; at
                // its end the period is the sentence's.
                let inside = !slice[i..].trim_start().is_empty();
                split_chunk(slice, s, i, start, inside, &mut out, &mut chars);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(slice, s, slice.len(), start, false, &mut out, &mut chars);
    }
    out
}

/// The lower-cased words of token spans, for matching word lists.
pub fn lower_words(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
    spans.iter().map(|&(a, b)| text[a..b].to_lowercase()).collect()
}

/// The lower-cased words of token spans, as [`lower_words`], written into
/// the strings of `pool` (kept between calls, so that lower-casing a
/// sentence allocates nothing once they have grown).
pub fn lower_words_into<'a>(text: &str, spans: &[(usize, usize)], pool: &'a mut Vec<String>) -> &'a [String] {
    if pool.len() < spans.len() {
        pool.resize_with(spans.len(), String::new);
    }
    for (lower, &(a, b)) in pool.iter_mut().zip(spans) {
        let word = &text[a..b];
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else if word.contains('Σ') {
            // Only a capital sigma lower-cases by its context (`str::to_lowercase`).
            lower.push_str(&word.to_lowercase());
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    &pool[..spans.len()]
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '@' || c == '#' || c == '_'
}

/// Splits one whitespace-free chunk: leading and trailing punctuation become
/// tokens of their own, inner runs of punctuation between words are kept
/// only when they are single joiners (`-`, `.`, `'`, `’`, `&`, `/`, `,` in numbers).
/// `chars` is scratch space, reused between chunks. `inside`: more of the
/// sentence follows the chunk.
fn split_chunk(
    s: &str,
    a: usize,
    b: usize,
    offset: usize,
    inside: bool,
    out: &mut Vec<(usize, usize)>,
    chars: &mut Vec<(usize, char)>,
) {
    // Most chunks are plain words, or a word and one mark after it
    // ("night,", "said."): their tokens are found without the char table,
    // ASCII ones byte by byte (for speed; the same tokens as below).
    let chunk = &s[a..b];
    if chunk.is_ascii() {
        let bytes = chunk.as_bytes();
        let word_byte = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'@' | b'#' | b'_');
        let last = bytes.len() - 1;
        if bytes[..last].iter().all(|&c| word_byte(c)) {
            // A plain word, a capital and its period ("J.") or an ordinal
            // inside the sentence ("23."): one token.
            let abbreviation = last == 1 && bytes[1] == b'.' && bytes[0].is_ascii_uppercase();
            let ordinal = inside && bytes[last] == b'.' && bytes[..last].iter().all(u8::is_ascii_digit);
            if word_byte(bytes[last]) || abbreviation || ordinal {
                out.push((a + offset, b + offset));
            } else {
                if last > 0 {
                    push_word(s, a, b - 1, offset, out);
                }
                out.push((b - 1 + offset, b + offset));
            }
            return;
        }
    } else if chunk.chars().all(is_word_char) {
        out.push((a + offset, b + offset));
        return;
    }
    chars.clear();
    chars.extend(chunk.char_indices().map(|(i, c)| (i + a, c)));
    let chars: &[(usize, char)] = chars;
    let n = chars.len();
    let end_of = |k: usize| if k + 1 < n { chars[k + 1].0 } else { b };
    let mut k = 0;
    while k < n {
        let (pos, c) = chars[k];
        if !is_word_char(c) {
            out.push((pos + offset, end_of(k) + offset));
            k += 1;
            continue;
        }
        // A word: letters/digits joined by single joiner characters.
        let mut j = k;
        loop {
            while j + 1 < n && is_word_char(chars[j + 1].1) {
                j += 1;
            }
            let joins = j + 2 < n
                && is_joiner(chars[j + 1].1, chars[j].1, chars[j + 2].1)
                && is_word_char(chars[j + 2].1);
            if joins {
                j += 2;
            } else {
                break;
            }
        }
        // Keep the final period of dotted abbreviations ("U.S.", "J.") .
        let word = &s[pos..end_of(j)];
        if j + 1 < n && chars[j + 1].1 == '.' && is_dotted_abbreviation(word) {
            j += 1;
        }
        push_word(s, pos, end_of(j), offset, out);
        k = j + 1;
    }
}

fn is_joiner(c: char, before: char, after: char) -> bool {
    match c {
        '-' | '‑' | '.' | '&' | '/' | '\u{ad}' => true,
        '\'' | '’' => before.is_alphabetic() && after.is_alphabetic(),
        ',' | ':' => before.is_ascii_digit() && after.is_ascii_digit(),
        _ => false,
    }
}

fn is_dotted_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let single_letter = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    single_letter || (word.contains('.') && word.chars().all(|c| c == '.' || c.is_alphabetic()))
}

/// Splits clitics off at an apostrophe, the way the corpora do: a short
/// elision before it ("l'", "d'", "qu'") or a short ending after it ("'s").
fn push_word(s: &str, a: usize, b: usize, offset: usize, out: &mut Vec<(usize, usize)>) {
    let word = &s[a..b];
    if let Some((i, apo)) = word.char_indices().find(|(_, c)| *c == '\'' || *c == '’') {
        let before = word[..i].chars().count();
        let after = word[i + apo.len_utf8()..].chars().count();
        if (1..=2).contains(&before) && after >= 2 {
            let cut = a + i + apo.len_utf8();
            out.push((a + offset, cut + offset));
            push_word(s, cut, b, offset, out);
            return;
        }
        if (1..=2).contains(&after) && before >= 2 {
            out.push((a + offset, a + i + offset));
            out.push((a + i + offset, b + offset));
            return;
        }
    }
    out.push((a + offset, b + offset));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, 0, text.len()).into_iter().map(|(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn punctuation_is_split_and_joined_words_kept() {
        assert_eq!(
            words("Jean-Pierre Ollo (PRN) met U.S. envoys, said \"no\"."),
            vec!["Jean-Pierre", "Ollo", "(", "PRN", ")", "met", "U.S.", "envoys", ",", "said", "\"", "no", "\"", "."]
        );
        assert_eq!(words("Ollo's party, @ollo_official: 1,500 votes"),
            vec!["Ollo", "'s", "party", ",", "@ollo_official", ":", "1,500", "votes"]);
        assert_eq!(words("l'armée d’Ostrava"), vec!["l'", "armée", "d’", "Ostrava"]);
    }

    #[test]
    fn an_ordinal_inside_a_sentence_keeps_its_period() {
        assert_eq!(words("Am 23. März 2024 wählte Veldheim."), vec!["Am", "23.", "März", "2024", "wählte", "Veldheim", "."]);
        assert_eq!(words("7. Ana Lind (Tarsia) 11"), vec!["7.", "Ana", "Lind", "(", "Tarsia", ")", "11"]);
        // At the end of the sentence the period is the sentence's.
        assert_eq!(words("Sie kam 2023. "), vec!["Sie", "kam", "2023", "."]);
    }

    #[test]
    fn spans_are_offsets_into_the_text() {
        let text = "Intro. Président Élie Marn a parlé.";
        let spans = tokenize(text, 7, text.len());
        assert_eq!(&text[spans[0].0..spans[0].1], "Président");
        assert_eq!(&text[spans[1].0..spans[1].1], "Élie");
        assert_eq!(spans.len(), 6);
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn final_period_is_split_off_accented_words() {
        let text = "Le CNT a promis des élections.\n";
        let spans = tokenize(text, 0, text.len());
        let words: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(words.last(), Some(&"."));
        assert_eq!(words[words.len() - 2], "élections");
    }
}
