//! Text → terms, identically at build time and at query time: word splitting, Unicode
//! compatibility decomposition, case and diacritic folding, Persian/Arabic letter unification,
//! English stop words, stemming in the article's language, and character bigrams for Chinese,
//! Japanese and Korean.
//!
//! Two steps, kept apart so that the index builder can cache the expensive one:
//!
//! 1. [`words`] splits text into words and folds each one ("Zürich" → `zurich`, "U.S." → `us`,
//!    "ي" → "ی"), reporting its byte range in the original text and its position.
//! 2. [`term`] turns a folded word into an index term: `None` for stop words and over-long
//!    words, the stem in the text's language ("negotiations" → `negoti` in English), the
//!    folded word where the language has no stemmer.
//!
//! A run of Chinese, Japanese or Korean characters has no spaces between its words, so it is
//! split into overlapping character bigrams ("北京市" → 北京, 京市; a lone character stays
//! one word): a word inside a run is then a phrase of its bigrams, which a query finds.
//! The stop words are English and dropped in every language, at build and query time alike.

use std::borrow::Cow;

use crate::fold_table::{MARKS, MULTI, SINGLE};
use crate::language::Stemming;

/// Words longer than this (in bytes, after folding) are not indexed: they are URLs, hashes or
/// run-together garbage, and they would bloat the dictionary.
pub const MAX_TERM_BYTES: usize = 48;

/// The classic English stop words, not indexed: they are in nearly every document, so they
/// cannot tell documents apart, and they would be a third of the postings.
const STOP_WORDS: [&str; 33] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// One word of a text, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// Lower-cased, diacritic-free, letter-unified form.
    pub folded: &'a str,
    /// Byte range of the word in the original text.
    pub start: usize,
    pub end: usize,
    /// 0-based word number within the text (stop words count).
    pub position: u32,
    /// A part of the word before it, at the same position ("sullivan" of "O'Sullivan"): a
    /// word of the index, not one of the query (see [`words_while`]).
    pub part: bool,
}

/// Whether `folded` is an English stop word.
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// The index term for a folded word of a text stemmed with `stemming`, or `None` when the
/// word is not indexed (whatever the language).
pub fn term(folded: &str, stemming: Stemming) -> Option<Cow<'_, str>> {
    if folded.is_empty() || folded.len() > MAX_TERM_BYTES || is_stop_word(folded) {
        return None;
    }
    Some(stemming.stem(folded))
}

/// What follows an English stem in the words it was cut from ("negoti" + "ations"), most
/// common first: the endings of the Snowball English vocabulary, which cover 97 % of its words.
/// Typo tolerance compares a mistyped word with a stem plus an ending, so that a typo in the
/// ending, or one that makes the stemmer cut elsewhere, still finds the stem
/// ("negotiatoins" is one edit from "negotiations"). The last, "icity", is not among the most
/// common, but the stemmer cuts it in two steps and no other ending rebuilds its words
/// ("electricity" → `electr`, so that "eletricity" was read as "metric").
pub const ENDINGS: [&str; 73] = [
    "s", "ed", "e", "ing", "es", "ly", "er", "ion", "ation", "ness", "ous", "al", "able", "ate",
    "ity", "ated", "ers", "d", "ions", "ings", "ent", "ic", "ating", "ations", "ful", "ive",
    "ence", "ously", "ingly", "ment", "ely", "ical", "ance", "ally", "ant", "fully", "ably", "y",
    "ates", "ically", "ently", "l", "ities", "ible", "edly", "ement", "ments", "eness", "ered",
    "eous", "ately", "als", "ative", "ively", "ism", "fulness", "ency", "ized", "izing", "ality",
    "ements", "ering", "ances", "ication", "ics", "ants", "ences", "ist", "ists", "ised", "ising",
    "ization", "icity",
];

/// Endings written after the stem's last consonant doubled ("stop" → stopped).
pub const DOUBLED_ENDINGS: [&str; 6] = ["ed", "ing", "er", "ers", "ings", "est"];

/// Endings that replace a stem's final `i` ("countri" → country, "repli" → replying).
pub const Y_ENDINGS: [&str; 3] = ["y", "ying", "ys"];

/// Endings that replace a stem's final `e` ("bake" → baking).
pub const E_DROPPED_ENDINGS: [&str; 2] = ["ing", "ings"];

/// Whether `stem` is an English stem (the stemmer only cuts ASCII words of 3 letters or more).
pub fn is_english_stem(stem: &str) -> bool {
    stem.len() >= 3 && stem.bytes().all(|b| b.is_ascii_lowercase())
}

/// Calls `each` with every word the endings make of `stem` ([`ENDINGS`], and the doubled,
/// `y` and dropped-`e` forms): candidates only, since the stemmer may cut one elsewhere (see
/// [`is_stem_of`]).
pub fn words_of_stem(stem: &str, each: &mut dyn FnMut(&str)) {
    if !is_english_stem(stem) {
        return;
    }
    let mut word = String::with_capacity(stem.len() + 8);
    let mut with = |base: &str, endings: &[&str]| {
        for ending in endings {
            word.clear();
            word.push_str(base);
            word.push_str(ending);
            each(&word);
        }
    };
    with(stem, &ENDINGS);
    let last = stem.as_bytes()[stem.len() - 1];
    let but_last = &stem[..stem.len() - 1];
    if !b"aeiouy".contains(&last) {
        with(&format!("{stem}{}", last as char), &DOUBLED_ENDINGS);
    }
    match last {
        b'i' => with(but_last, &Y_ENDINGS),
        b'e' => with(but_last, &E_DROPPED_ENDINGS),
        _ => {}
    }
}

/// Whether the stemmer cuts `word` back to `stem` ("stations" is not a word of `stat`).
pub fn is_stem_of(stem: &str, word: &str) -> bool {
    term(word, Stemming::ENGLISH).is_some_and(|t| t == stem)
}

/// Splits `text` into folded words and calls `each` for every one, stop words included.
/// Returns the number of words, which is the next free position.
pub fn words(text: &str, mut each: impl FnMut(Word<'_>)) -> u32 {
    words_while(text, &mut |word| {
        each(word);
        true
    })
}

/// Like [`words`], but stops as soon as `each` returns false. (A `dyn` callback: one copy
/// of the splitter serves every caller, which keeps the Wasm module small.)
pub fn words_while(text: &str, each: &mut dyn FnMut(Word<'_>) -> bool) -> u32 {
    let mut folded = String::new();
    // Where the word may be cut into parts: (byte in `folded`, bytes of the separator in
    // `text`, whether it is an apostrophe).
    let mut cuts: Vec<(usize, (usize, usize), bool)> = Vec::new();
    let mut position = 0u32;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        if is_cjk(c) {
            if !cjk_bigrams(text, start, &mut chars, &mut position, each) {
                break;
            }
            continue;
        }
        folded.clear();
        cuts.clear();
        fold_char(c, &mut folded);
        let mut end = start + c.len_utf8();
        // Letters since the last dot, to recognise acronyms written with dots ("U.S.").
        let mut run_letters = usize::from(c.is_alphabetic());
        let mut run_is_single_letter = c.is_alphabetic();
        while let Some(&(i, next)) = chars.peek() {
            if (is_word_char(next) && !is_cjk(next)) || is_joiner(next) {
                chars.next();
                if next == ZWNJ {
                    cuts.push((folded.len(), (i, i + next.len_utf8()), false));
                }
                fold_char(next, &mut folded);
                end = i + next.len_utf8();
                run_letters += usize::from(next.is_alphabetic());
                run_is_single_letter = run_letters == 1;
                continue;
            }
            let joins = match next {
                // "Iran's", "O’Brien": an apostrophe between letters stays inside the word.
                '\'' | '\u{2019}' => {
                    let mut ahead = chars.clone();
                    ahead.next();
                    matches!(ahead.peek(), Some(&(_, after)) if after.is_alphabetic())
                }
                // "U.S.", "e.g.": a dot between single letters.
                '.' => {
                    let mut ahead = chars.clone();
                    ahead.next();
                    let after = ahead.next().map(|(_, ch)| ch);
                    let after_that = ahead.next().map(|(_, ch)| ch);
                    run_is_single_letter
                        && after.is_some_and(char::is_alphabetic)
                        && !after_that.is_some_and(char::is_alphanumeric)
                }
                _ => false,
            };
            if !joins {
                break;
            }
            chars.next();
            if next == '.' {
                run_letters = 0;
                run_is_single_letter = false;
            } else {
                cuts.push((folded.len(), (i, i + next.len_utf8()), true));
            }
        }
        // Possessive "'s" adds nothing to the word's meaning.
        if let Some(&(at, (apostrophe, _), true)) = cuts.last()
            && &folded[at..] == "s"
        {
            folded.truncate(at);
            end = apostrophe;
            cuts.pop();
        }
        // "don't", "we'll": a contraction is one word; "O'Brien", "Qur'an" are also their
        // parts (below).
        if let Some(&(at, _, true)) = cuts.last()
            && CONTRACTIONS.contains(&&folded[at..])
        {
            cuts.retain(|cut| !cut.2);
        }
        if folded.is_empty() {
            continue;
        }
        let go_on = each(Word {
            folded: &folded,
            start,
            end,
            position,
            part: false,
        });
        let go_on = go_on && each_part(&folded, &cuts, (start, end), text, position, each);
        position += 1;
        if !go_on {
            break;
        }
    }
    position
}

/// The zero-width non-joiner, which Persian writes between the parts of a word.
const ZWNJ: char = '\u{200C}';

/// What follows the apostrophe of an English contraction: such a word is not cut into parts.
const CONTRACTIONS: [&str; 6] = ["d", "ll", "m", "re", "t", "ve"];

/// Calls `each` with the parts of a word (at its position), which are words too: those
/// between its apostrophes ("O'Sullivan" is also `sullivan`, "d'Alema" `alema`) or zero-width
/// non-joiners (Persian "می‌خواهد" is also `خواهد`), and an Arabic word without its article
/// ("الجزیره" is also `جزیره`). Parts of one letter are left out. Returns false when `each`
/// did.
fn each_part(
    folded: &str,
    cuts: &[(usize, (usize, usize), bool)],
    (start, end): (usize, usize),
    text: &str,
    position: u32,
    each: &mut dyn FnMut(Word<'_>) -> bool,
) -> bool {
    let mut part = |from: usize, to: usize, range: (usize, usize)| {
        let folded = &folded[from..to];
        folded.chars().nth(1).is_none()
            || each(Word {
                folded,
                start: range.0,
                end: range.1,
                position,
                part: true,
            })
    };
    if !cuts.is_empty() {
        let mut from = (0, start);
        for &(at, (separator, after), _) in cuts {
            if !part(from.0, at, (from.1, separator)) {
                return false;
            }
            from = (at, after);
        }
        return part(from.0, folded.len(), (from.1, end));
    }
    if let Some(rest) = folded.strip_prefix(ARABIC_ARTICLE)
        && rest.chars().nth(2).is_some()
    {
        // The article's two letters in the text, marks and joiners aside.
        let after = text[start..end]
            .char_indices()
            .filter(|&(_, ch)| ch.is_alphabetic())
            .nth(2)
            .map_or(end, |(i, _)| start + i);
        return part(ARABIC_ARTICLE.len(), folded.len(), (after, end));
    }
    true
}

/// The Arabic definite article, written joined to its word.
const ARABIC_ARTICLE: &str = "ال";

/// The index terms of `text` in order, stop words dropped. A convenience for queries and tests;
/// the builder calls [`words`] and [`term`] itself so it can cache stems.
pub fn terms(text: &str, stemming: Stemming) -> Vec<String> {
    let mut out = Vec::new();
    words(text, |word| {
        if let Some(term) = term(word.folded, stemming) {
            out.push(term.into_owned());
        }
    });
    out
}

/// Folds one word without splitting or stemming: the form that prefix matching compares.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_word_char(c) {
            fold_char(c, &mut out);
        }
    }
    out
}

/// Whether `c` is written in runs without spaces between words: Han ideographs, kana and
/// Hangul (syllables and jamo, which the syllables fold to).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x2E80..=0x2FDF
        | 0x3040..=0x30FF
        | 0x3130..=0x318F
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFFDC
        | 0x20000..=0x3FFFF)
}

/// The run of CJK characters that begins with the one at `start` (already taken from
/// `chars`), as overlapping bigrams, each a word with its own position; a lone character is
/// one word. Marks after a character belong to it. Returns `false` when `each` asked to stop.
fn cjk_bigrams(
    text: &str,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    position: &mut u32,
    each: &mut dyn FnMut(Word<'_>) -> bool,
) -> bool {
    // (start, end) of each character of the run.
    let mut run: Vec<(usize, usize)> = Vec::new();
    let mut end = start + text[start..].chars().next().map_or(1, char::len_utf8);
    run.push((start, end));
    while let Some(&(i, next)) = chars.peek() {
        if is_cjk(next) {
            end = i + next.len_utf8();
            run.push((i, end));
        } else if is_mark(next) || is_joiner(next) {
            end = i + next.len_utf8();
            if let Some(last) = run.last_mut() {
                last.1 = end;
            }
        } else {
            break;
        }
        chars.next();
    }
    let mut folded = String::new();
    let pairs = run.len().saturating_sub(1).max(1);
    for k in 0..pairs {
        let (from, _) = run[k];
        let (_, to) = run[(k + 1).min(run.len() - 1)];
        folded.clear();
        text[from..to]
            .chars()
            .for_each(|c| fold_char(c, &mut folded));
        if folded.is_empty() {
            continue;
        }
        let go_on = each(Word {
            folded: &folded,
            start: from,
            end: to,
            position: *position,
            part: false,
        });
        *position += 1;
        if !go_on {
            return false;
        }
    }
    true
}

/// Whether `a` and `b` read the same regardless of case and diacritics: each letter folded
/// as in words, any other character compared as it is. Through the fold table rather than
/// `str::to_lowercase`, whose Unicode case table would add a tenth to the Wasm module.
pub fn same_folded(a: &str, b: &str) -> bool {
    let fold_all = |text: &str| {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if !folded_form(c, |folded| out.push(folded)) {
                out.push(c);
            }
        }
        out
    };
    fold_all(a) == fold_all(b)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && is_mark(c))
}

/// A run of the fold table packed into 8 bytes rather than 12 (every code and target of the
/// table is below U+20000): the first code in the highest bits, so that runs sort by it,
/// then the target of the first, the count, the stride between codes and the step between
/// targets.
pub(crate) const fn run(first: u32, count: u8, stride: u8, step: u8, target: u32) -> u64 {
    assert!(first < 1 << 17 && target < 1 << 17);
    ((first as u64) << 41)
        | ((target as u64) << 24)
        | ((count as u64) << 16)
        | ((stride as u64) << 8)
        | step as u64
}

/// An inclusive range of combining marks packed into 4 bytes: the first code (21 bits),
/// then how far the last is past it (11 bits).
pub(crate) const fn mark_range(first: u32, last: u32) -> u32 {
    assert!(first < 1 << 21 && last >= first && last - first < 1 << 11);
    (first << 11) | (last - first)
}

/// Whether `c` is a combining mark (general category M).
fn is_mark(c: char) -> bool {
    let code = c as u32;
    let i = MARKS.partition_point(|&range| range >> 11 <= code);
    i > 0 && code - (MARKS[i - 1] >> 11) <= MARKS[i - 1] & 0x7FF
}

/// The folded form of `c` (compatibility decomposition, marks dropped, lower-cased) when it
/// differs from `c` itself (see `fold_table`).
fn folded_form(c: char, mut each: impl FnMut(char)) -> bool {
    let code = c as u32;
    let i = SINGLE.partition_point(|&run| (run >> 41) as u32 <= code);
    if i > 0 {
        let run = SINGLE[i - 1];
        let (first, target) = ((run >> 41) as u32, (run >> 24) as u32 & 0x1FFFF);
        let (count, stride, step) = (run >> 16 & 0xFF, run >> 8 & 0xFF, run & 0xFF);
        let (count, stride, step) = (count as u32, stride as u32, step as u32);
        let offset = code - first;
        let (n, rest) = (offset / stride, offset % stride);
        if rest == 0 && n < count {
            if let Some(folded) = char::from_u32(target + n * step) {
                each(folded);
            }
            return true;
        }
    }
    if let Ok(i) = MULTI.binary_search_by_key(&code, |&(from, _)| from) {
        MULTI[i].1.chars().for_each(each);
        return true;
    }
    false
}

/// Characters that sit inside a word without being part of it: zero-width (non-)joiners,
/// which Persian writes inside words, and the Arabic tatweel.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{0640}')
}

fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    if is_joiner(c) {
        return;
    }
    if is_mark(c) {
        return;
    }
    if !folded_form(c, |folded| push_unified(folded, out)) {
        push_unified(c, out);
    }
}

/// Letters that have no decomposition but that readers treat as plain letters, and the
/// Persian/Arabic letter variants that the same name is written with.
fn push_unified(c: char, out: &mut String) {
    let replacement: &str = match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'ł' => "l",
        'ı' => "i",
        'þ' => "th",
        // Arabic yeh and alef maksura → Persian yeh; Arabic kaf → Persian keheh.
        'ي' | 'ى' => "ی",
        'ك' => "ک",
        // Teh marbuta and heh with yeh above read as heh.
        'ة' | 'ۀ' => "ه",
        'ٱ' => "ا",
        // Arabic-Indic and Persian digits → ASCII digits.
        '٠'..='٩' => {
            out.push(char::from(b'0' + (c as u32 - 0x660) as u8));
            return;
        }
        '۰'..='۹' => {
            out.push(char::from(b'0' + (c as u32 - 0x6F0) as u8));
            return;
        }
        // A tatweel can also come out of a decomposed presentation form.
        _ if is_joiner(c) => return,
        _ if c.is_alphanumeric() => {
            out.push(c);
            return;
        }
        _ => return,
    };
    out.push_str(replacement);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(w.folded.to_string()));
        out
    }

    #[test]
    fn stop_word_list_is_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn case_and_diacritics_fold() {
        assert_eq!(folded_words("Zürich ZÜRICH Zu\u{0308}rich"), ["zurich"; 3]);
        assert_eq!(
            folded_words("Ḥassan Rouḥani Straße"),
            ["hassan", "rouhani", "strasse"]
        );
        // Compatibility forms: a ligature and full-width letters.
        assert_eq!(folded_words("ﬁle ＩＲＡＮ"), ["file", "iran"]);
    }

    #[test]
    fn same_folded_ignores_case_and_diacritics_only() {
        assert!(same_folded("Kind", "kind"));
        assert!(same_folded("Reformist press", "REFORMIST PRESS"));
        assert!(same_folded("ÉTAT", "état"));
        assert!(same_folded("ΑΘΉΝΑ", "αθηνα"));
        assert!(same_folded("", ""));
        assert!(!same_folded("kind", "kinds"));
        assert!(!same_folded("reformist press", "reformist-press"));
    }

    #[test]
    fn persian_and_arabic_variants_unify() {
        // Arabic yeh/kaf versus Persian yeh/keheh, and a ZWNJ inside a word.
        assert_eq!(fold("علي"), fold("علی"));
        assert_eq!(fold("كيهان"), fold("کیهان"));
        assert_eq!(folded_words("۱۴۰۳"), ["1403"]);
        // Harakat are dropped.
        assert_eq!(fold("عِراقچی"), fold("عراقچی"));
    }

    #[test]
    fn words_carry_offsets_and_positions() {
        let text = "The reformist Entekhab said";
        let mut seen = Vec::new();
        words(text, |w| {
            seen.push((w.folded.to_string(), &text[w.start..w.end], w.position))
        });
        assert_eq!(seen[2], ("entekhab".to_string(), "Entekhab", 2));
        assert_eq!(seen.len(), 4);
    }

    #[test]
    fn acronyms_possessives_and_hyphens() {
        assert_eq!(folded_words("U.S.-Iran talks"), ["us", "iran", "talks"]);
        assert_eq!(
            folded_words("Iran’s Haji-Babaei"),
            ["iran", "haji", "babaei"]
        );
        assert_eq!(folded_words("e.g. end."), ["eg", "end"]);
        assert_eq!(folded_words("'quoted' text"), ["quoted", "text"]);
    }

    fn words_and_parts(text: &str) -> Vec<(String, &str, u32, bool)> {
        let mut out = Vec::new();
        words(text, |w| {
            out.push((
                w.folded.to_string(),
                &text[w.start..w.end],
                w.position,
                w.part,
            ))
        });
        out
    }

    #[test]
    fn apostrophes_elisions_and_joiners_give_parts() {
        let of = |folded: &str, text, position, part| (folded.to_string(), text, position, part);
        assert_eq!(
            words_and_parts("O'Sullivan d’Alema"),
            [
                of("osullivan", "O'Sullivan", 0, false),
                of("sullivan", "Sullivan", 0, true),
                of("dalema", "d’Alema", 1, false),
                of("alema", "Alema", 1, true),
            ]
        );
        // Possessives and contractions stay whole; every part of two letters or more counts.
        assert_eq!(folded_words("O'Driscoll's"), ["odriscoll", "driscoll"]);
        assert_eq!(folded_words("don't we'll"), ["dont", "well"]);
        assert_eq!(
            folded_words("Qur'an Arba'een"),
            ["quran", "qur", "an", "arbaeen", "arba", "een"]
        );
        // Persian parts joined by a zero-width non-joiner, an Arabic word without its article.
        assert_eq!(folded_words("می\u{200C}خواهد"), ["میخواهد", "می", "خواهد"]);
        assert_eq!(
            words_and_parts("الجزیره"),
            [
                of("الجزیره", "الجزیره", 0, false),
                of("جزیره", "جزیره", 0, true)
            ]
        );
        assert_eq!(folded_words("الان"), ["الان"]);
        // Parts do not count as words of the text.
        assert_eq!(words("O'Sullivan said", |_| {}), 2);
    }

    #[test]
    fn terms_stem_english_and_drop_stop_words() {
        let en = Stemming::ENGLISH;
        assert_eq!(
            terms("The negotiations of the negotiators", en),
            ["negoti", "negoti"]
        );
        assert_eq!(terms("Talks in Muscat", en), ["talk", "muscat"]);
        // Non-Latin words are not stemmed in English.
        assert_eq!(terms("مذاکرات", en), ["مذاکرات"]);
        assert!(term(&"x".repeat(MAX_TERM_BYTES + 1), en).is_none());
        // Stop words go in every language; a language without a stemmer keeps the word.
        assert_eq!(terms("the talks", Stemming::NONE), ["talks"]);
    }

    #[test]
    fn cjk_runs_become_overlapping_bigrams() {
        let text = "在北京市,日本語 and 中";
        let mut seen = Vec::new();
        words(text, |w| {
            seen.push((w.folded.to_string(), &text[w.start..w.end], w.position))
        });
        let bigrams: Vec<&str> = seen.iter().map(|(_, s, _)| *s).collect();
        assert_eq!(
            bigrams,
            ["在北", "北京", "京市", "日本", "本語", "and", "中"]
        );
        let positions: Vec<u32> = seen.iter().map(|(_, _, p)| *p).collect();
        assert_eq!(positions, [0, 1, 2, 3, 4, 5, 6]);
        // A CJK run ends a Latin word and the other way round.
        assert_eq!(folded_words("Tokyo東京Tower"), ["tokyo", "東京", "tower"]);
        // Korean syllables fold to jamo, identically at build and query time.
        assert_eq!(folded_words("서울"), [fold("서울")]);
        assert_eq!(folded_words("서울").len(), 1);
    }
}
