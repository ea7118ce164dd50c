//! Excerpts: the best-matching passage of a text, with highlight ranges as byte offsets into
//! the excerpt (never HTML: the caller decides how to mark them).

use std::cell::RefCell;

use crate::language::Stemming;
use crate::tokenize;

/// Decides which words of a text match the query, and which clause each one serves.
#[derive(Default, Debug)]
pub struct Highlighter {
    /// (index term, clause number): a handful per query, so a list beats a hash map.
    exact: Vec<(String, usize)>,
    /// Folded prefix → clause number.
    prefixes: Vec<(String, usize)>,
    clauses: usize,
    /// The stemmings of the query's languages: a word of a text matches when one of its
    /// stems is a term of the query.
    stemmings: Vec<Stemming>,
    /// Folded words already looked at, sorted: texts repeat their words, and stemming is
    /// the costly part of matching.
    seen: RefCell<Vec<(Box<str>, Option<usize>)>>,
}

/// Words remembered by a highlighter, at most.
const MEMO_WORDS: usize = 4096;

impl Highlighter {
    /// A highlighter for a query stemmed with `stemmings`.
    pub fn new(stemmings: &[Stemming]) -> Highlighter {
        Highlighter {
            stemmings: stemmings.to_vec(),
            ..Highlighter::default()
        }
    }

    pub fn add_term(&mut self, term: &str, clause: usize) {
        if !self.exact.iter().any(|(t, _)| t == term) {
            self.exact.push((term.to_string(), clause));
        }
        self.clauses = self.clauses.max(clause + 1);
    }

    pub fn add_prefix(&mut self, folded: &str, clause: usize) {
        if !folded.is_empty() {
            self.prefixes.push((folded.to_string(), clause));
            self.clauses = self.clauses.max(clause + 1);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefixes.is_empty()
    }

    fn clause_of(&self, folded: &str) -> Option<usize> {
        let mut seen = self.seen.borrow_mut();
        match seen.binary_search_by(|(word, _)| word.as_ref().cmp(folded)) {
            Ok(i) => seen[i].1,
            Err(i) => {
                let clause = self.clause_of_uncached(folded);
                if seen.len() < MEMO_WORDS {
                    seen.insert(i, (folded.into(), clause));
                }
                clause
            }
        }
    }

    fn clause_of_uncached(&self, folded: &str) -> Option<usize> {
        // An English stem keeps its word's first two letters, so most words are ruled out
        // without stemming them (other stemmers may cut a prefix: Arabic's does).
        let head = &folded.as_bytes()[..folded.len().min(2)];
        let may_match = self
            .exact
            .iter()
            .any(|(t, _)| t.as_bytes().starts_with(head));
        for &stemming in &self.stemmings {
            if (may_match || stemming != Stemming::ENGLISH)
                && let Some(term) = tokenize::term(folded, stemming)
                && let Some(&(_, clause)) = self.exact.iter().find(|(t, _)| *t == term)
            {
                return Some(clause);
            }
        }
        self.prefixes
            .iter()
            .find(|(prefix, _)| folded.starts_with(prefix.as_str()))
            .map(|&(_, clause)| clause)
    }

    /// The matching words of `text`: (start, end, clause).
    pub fn matches(&self, text: &str) -> Vec<(usize, usize, usize)> {
        self.matches_within(text, usize::MAX)
    }

    /// The matching words of `text`, but only until every clause has matched within
    /// `window` bytes of where the last new one first did: the best passage is then known to
    /// be among them, and the rest of a long text need not be read.
    fn matches_within(&self, text: &str, window: usize) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        if self.is_empty() {
            return out;
        }
        let mut seen = vec![false; self.clauses];
        let mut missing = self.clauses;
        let mut complete_at = usize::MAX;
        tokenize::words_while(text, &mut |word| {
            if word.start > complete_at {
                return false;
            }
            if let Some(clause) = self.clause_of(word.folded) {
                // A part of a word already highlighted whole.
                if word.part
                    && out
                        .last()
                        .is_some_and(|&(start, end, _)| start <= word.start && word.end <= end)
                {
                    return true;
                }
                // CJK bigrams overlap: the highlights of one clause join, and ranges stay
                // ascending and disjoint.
                match out.last_mut() {
                    Some(last) if word.start < last.1 && last.2 == clause => {
                        last.1 = last.1.max(word.end);
                    }
                    Some(last) if word.start < last.1 => {
                        let from = last.1;
                        if from < word.end {
                            out.push((from, word.end, clause));
                        }
                    }
                    _ => out.push((word.start, word.end, clause)),
                }
                if !seen[clause] {
                    seen[clause] = true;
                    missing -= 1;
                    if missing == 0 {
                        complete_at = word.start.saturating_add(window);
                    }
                }
            }
            true
        });
        out
    }
}

/// A passage and its highlights, as byte ranges into `text`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

const ELLIPSIS: &str = "…";

/// The window of `text`, about `max_bytes` long, that covers the most query clauses (then the
/// most matching words; the earliest wins ties). With no match, the text's beginning.
pub fn best_passage(text: &str, highlighter: &Highlighter, max_bytes: usize) -> Excerpt {
    let matches = highlighter.matches_within(text, max_bytes);
    if text.len() <= max_bytes {
        return Excerpt {
            text: text.to_string(),
            highlights: matches.iter().map(|&(s, e, _)| (s, e)).collect(),
        };
    }
    // Slide over the matches: a window starts at a match and reaches max_bytes further.
    let mut best = (0usize, 0usize, usize::MAX); // (clauses, words, -start)
    let mut best_start = 0usize;
    for (i, &(start, _, _)) in matches.iter().enumerate() {
        let mut seen = 0u64;
        let mut words = 0;
        for &(s, e, clause) in &matches[i..] {
            if e > start + max_bytes {
                break;
            }
            let _ = s;
            seen |= 1 << clause.min(63);
            words += 1;
        }
        let score = (seen.count_ones() as usize, words, usize::MAX - start);
        if score > best {
            best = score;
            best_start = start;
        }
    }
    // Start a little before the first match, at a word boundary, so the reader sees context.
    let lead = max_bytes / 5;
    let mut start = if matches.is_empty() {
        0
    } else {
        best_start.saturating_sub(lead)
    };
    // Prefer the start of the line (paragraph, entry) if it is close.
    if let Some(line_start) = text[..best_start.min(text.len())]
        .rfind('\n')
        .map(|i| i + 1)
        && line_start >= start.saturating_sub(lead)
        && line_start <= best_start
    {
        start = line_start;
    }
    start = snap_to_word_start(text, start);
    let mut end = (start + max_bytes).min(text.len());
    end = snap_to_word_end(text, end);
    let mut out = String::new();
    let mut shift = start as isize;
    if start > 0 {
        out.push_str(ELLIPSIS);
        shift -= ELLIPSIS.len() as isize;
    }
    out.push_str(&text[start..end].replace('\n', " "));
    if end < text.len() {
        out.push_str(ELLIPSIS);
    }
    let highlights = matches
        .iter()
        .filter(|&&(s, e, _)| s >= start && e <= end)
        .map(|&(s, e, _)| ((s as isize - shift) as usize, (e as isize - shift) as usize))
        .collect();
    Excerpt {
        text: out,
        highlights,
    }
}

fn snap_to_word_start(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    // Move back to the start of the word we landed in.
    let before = &text[..at];
    match before.rfind(|c: char| c.is_whitespace()) {
        Some(space) if at - space < 24 => {
            space + before[space..].chars().next().map_or(1, char::len_utf8)
        }
        _ => at,
    }
}

fn snap_to_word_end(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    if at >= text.len() {
        return text.len();
    }
    match text[..at].rfind(|c: char| c.is_whitespace()) {
        Some(space) if at - space < 24 => space,
        _ => at,
    }
}

/// Byte ranges of `text` → UTF-16 code-unit ranges, for JavaScript strings.
pub fn utf16_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut units = 0usize;
    let mut bytes = 0usize;
    let mut chars = text.chars();
    let mut advance_to = |target: usize, units: &mut usize, bytes: &mut usize| {
        while *bytes < target {
            match chars.next() {
                Some(c) => {
                    *bytes += c.len_utf8();
                    *units += c.len_utf16();
                }
                None => break,
            }
        }
        *units
    };
    for &(start, end) in ranges {
        // Ranges are ascending and disjoint.
        let s = advance_to(start, &mut units, &mut bytes);
        let e = advance_to(end, &mut units, &mut bytes);
        out.push((s, e));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighter(terms: &[&str]) -> Highlighter {
        let mut h = Highlighter::new(&[Stemming::ENGLISH]);
        for (i, t) in terms.iter().enumerate() {
            h.add_term(t, i);
        }
        h
    }

    fn marked(excerpt: &Excerpt) -> String {
        let mut out = String::new();
        let mut at = 0;
        for &(s, e) in &excerpt.highlights {
            out.push_str(&excerpt.text[at..s]);
            out.push('[');
            out.push_str(&excerpt.text[s..e]);
            out.push(']');
            at = e;
        }
        out.push_str(&excerpt.text[at..]);
        out
    }

    #[test]
    fn short_texts_are_whole_with_highlights() {
        let h = highlighter(&["talk", "muscat"]);
        let e = best_passage("Talks resumed in Muscat.", &h, 200);
        assert_eq!(marked(&e), "[Talks] resumed in [Muscat].");
    }

    #[test]
    fn the_passage_covering_most_clauses_wins() {
        let filler = "Nothing relevant is said in this sentence at all. ".repeat(10);
        let text = format!("Zarif spoke. {filler}Later Zarif and Shargh met. {filler}");
        let h = highlighter(&["zarif", "shargh"]);
        let e = best_passage(&text, &h, 80);
        let m = marked(&e);
        assert!(m.contains("[Zarif] and [Shargh]"), "{m}");
        assert!(m.starts_with('…') && m.ends_with('…'), "{m}");
        assert!(
            e.text.len() <= 80 + 2 * ELLIPSIS.len() + 24,
            "{}",
            e.text.len()
        );
    }

    #[test]
    fn prefixes_highlight_while_typing() {
        let mut h = Highlighter::default();
        h.add_prefix("negot", 0);
        let e = best_passage("The negotiations went on; negotiators left.", &h, 200);
        assert_eq!(
            marked(&e),
            "The [negotiations] went on; [negotiators] left."
        );
    }

    #[test]
    fn cjk_bigrams_highlight_as_one_range() {
        // "北京" inside "在北京市": its bigram matches; "北京市" as a phrase joins two.
        let mut h = Highlighter::new(&[Stemming::ENGLISH]);
        h.add_term("北京", 0);
        h.add_term("京市", 0);
        let e = best_passage("我在北京市工作", &h, 200);
        assert_eq!(marked(&e), "我在[北京市]工作");
    }

    #[test]
    fn each_language_of_the_query_stems_the_text() {
        let fr = Stemming::of("fr").unwrap();
        let mut h = Highlighter::new(&[Stemming::ENGLISH, fr]);
        h.add_term(&fr.stem("elections"), 0);
        let e = best_passage("Les élections ont eu lieu.", &h, 200);
        assert_eq!(marked(&e), "Les [élections] ont eu lieu.");
    }

    #[test]
    fn utf16_offsets_count_code_units() {
        let text = "𝔸 Zürich";
        let z = text.find('Z').unwrap();
        assert_eq!(utf16_ranges(text, &[(z, text.len())]), [(3, 9)]);
    }
}
