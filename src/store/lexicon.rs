//! Lexicon files: the dictionary again, without postings, cut into ranges of about 16 kB:
//! an FST from each term to its document frequency. A typo lookup walks every term of a
//! word's first letter; it reads them here (the 5,467 terms of "s" on a 33,672-article news
//! archive are 37 kB, against 636 kB of terms files), then fetches the terms files of the
//! few terms it keeps.

use crate::error::{Error, Result};
use crate::format::{Cursor, Put, ROTATED_MARK};

/// Rotated terms (see the module's doc) are those found in at least this many documents: a
/// word in one document alone is rarely what a mistyped query was after, and it would
/// double the rotated files.
pub(crate) const ROTATED_MIN_DF: u32 = 2;

/// The rotated key of a term (see the module's doc), or `None` for a term under four
/// letters.
pub(crate) fn rotate(term: &str) -> Option<String> {
    let mut chars = term.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    rest.chars().nth(2)?;
    let mut key = String::with_capacity(term.len() + 1);
    key.push(ROTATED_MARK);
    key.push_str(rest);
    key.push(first);
    Some(key)
}

/// The term of a rotated key, or `None` for a key that is not one.
pub(crate) fn unrotate(key: &str) -> Option<String> {
    let rest = key.strip_prefix(ROTATED_MARK)?;
    let first = rest.chars().next_back()?;
    let mut term = String::with_capacity(key.len());
    term.push(first);
    term.push_str(&rest[..rest.len() - first.len_utf8()]);
    Some(term)
}

/// The beginnings of the rotated keys that a word with one edit at its first letter may
/// stand for, each the mark and three letters: the word's first three (a letter was missing
/// before them), its second to fourth (its first was changed), its first, third and fourth
/// (its first two were swapped), its third to fifth (a letter was typed before the first).
/// None for a word under four letters.
pub(crate) fn rotated_prefixes(word: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().take(5).collect();
    // By pattern, not by index: no bounds checks (and their panic places) in the Wasm.
    let [first, second, third, fourth, ref rest @ ..] = letters[..] else {
        return Vec::new();
    };
    let mut prefixes: Vec<String> = Vec::with_capacity(4);
    let mut add = |letters: [char; 3]| {
        let mut prefix = String::with_capacity(13);
        prefix.push(ROTATED_MARK);
        prefix.extend(letters);
        if !prefixes.contains(&prefix) {
            prefixes.push(prefix);
        }
    };
    add([first, second, third]);
    add([second, third, fourth]);
    add([first, third, fourth]);
    if let [fifth] = *rest {
        add([third, fourth, fifth]);
    }
    prefixes
}

/// One lexicon file: its terms' document frequencies.
pub(crate) struct Lexicon {
    pub map: fst::Map<Vec<u8>>,
}

impl Lexicon {
    /// Reads the payload of a lexicon file; `file` names it in errors.
    pub(crate) fn decode(file: &str, payload: &[u8]) -> Result<Lexicon> {
        let mut c = Cursor::new(file, payload);
        // Shared beginnings and endings: an FST may hold more terms than it has bytes.
        let count = c.count(u32::MAX as usize)?;
        let map = fst::Map::new(c.bytes(c.remaining())?.to_vec())
            .map_err(|e| Error::corrupt(file, format!("lexicon: {e}")))?;
        if map.len() != count {
            return Err(c.error("term count differs from the lexicon's"));
        }
        Ok(Lexicon { map })
    }
}

/// Writes one lexicon file; terms must come in ascending byte order.
pub(crate) struct LexiconWriter {
    fst: fst::MapBuilder<Vec<u8>>,
    count: u64,
    size: usize,
}

impl LexiconWriter {
    pub(crate) fn new() -> LexiconWriter {
        LexiconWriter {
            fst: fst::MapBuilder::memory(),
            count: 0,
            size: 0,
        }
    }

    /// Adds the next term of the range with its document frequency.
    pub(crate) fn add(&mut self, term: &str, df: u32) -> Result<()> {
        self.fst
            .insert(term.as_bytes(), u64::from(df))
            .map_err(|e| Error::Build {
                message: format!("building the lexicon: {e}"),
            })?;
        self.count += 1;
        self.size += term.len() + 1;
        Ok(())
    }

    /// Terms added so far.
    #[cfg(test)]
    pub(crate) fn len(&self) -> u64 {
        self.count
    }

    /// About the size of the payload so far (its terms' bytes and one for each df, which
    /// the FST is at most).
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    /// The lexicon payload.
    pub(crate) fn finish(self) -> Result<Vec<u8>> {
        let fst = self.fst.into_inner().map_err(|e| Error::Build {
            message: format!("building the lexicon: {e}"),
        })?;
        let mut payload = Vec::with_capacity(fst.len() + 10);
        payload.put_varint(self.count);
        payload.extend_from_slice(&fst);
        Ok(payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_their_frequencies_round_trip() {
        let terms = [
            ("araghchi", 3),
            ("muscat", 1),
            ("talk", 4_000_000),
            ("zarif", 12),
        ];
        let mut writer = LexiconWriter::new();
        for (term, df) in terms {
            writer.add(term, df).unwrap();
        }
        assert_eq!(writer.len(), 4);
        let lexicon = Lexicon::decode("lexicon", &writer.finish().unwrap()).unwrap();
        for (term, df) in terms {
            assert_eq!(lexicon.map.get(term), Some(u64::from(df)));
        }
        assert_eq!(lexicon.map.get("oman"), None);
    }

    #[test]
    fn more_terms_than_bytes_read_back() {
        let mut writer = LexiconWriter::new();
        for n in 0..1000 {
            writer.add(&format!("{n:04}"), 1).unwrap();
        }
        let payload = writer.finish().unwrap();
        assert!(payload.len() < 1000, "{} bytes", payload.len());
        let lexicon = Lexicon::decode("lexicon", &payload).unwrap();
        assert_eq!(lexicon.map.len(), 1000);
    }

    #[test]
    fn a_wrong_count_or_a_cut_fst_is_corrupt() {
        let mut writer = LexiconWriter::new();
        writer.add("talk", 1).unwrap();
        writer.add("zarif", 2).unwrap();
        let mut payload = writer.finish().unwrap();
        payload[0] = 3;
        assert!(Lexicon::decode("lexicon", &payload).is_err());
        payload[0] = 2;
        payload.truncate(payload.len() - 3);
        assert!(Lexicon::decode("lexicon", &payload).is_err());
    }

    #[test]
    fn rotated_keys_round_trip_and_sort_before_every_term() {
        for term in ["submarin", "ndia", "ایران", "éclat"] {
            let key = rotate(term).unwrap();
            assert!(key.starts_with(ROTATED_MARK));
            assert!(key.as_str() < "0" && key.as_str() < "a", "{key}");
            assert_eq!(unrotate(&key).as_deref(), Some(term));
        }
        assert_eq!(rotate("submarin").as_deref(), Some("!ubmarins"));
        assert_eq!(rotate("iran"), Some("!rani".to_string()));
        assert_eq!(rotate("ran"), None);
        assert_eq!(unrotate("submarin"), None);
        // "ubmarine" (s missing) and "konfusion" (c changed) begin what was meant, rotated.
        assert!(
            rotated_prefixes("ubmarine")
                .iter()
                .any(|p| "!ubmarins".starts_with(p.as_str()))
        );
        assert!(
            rotated_prefixes("konfusion")
                .iter()
                .any(|p| "!onfusc".starts_with(p.as_str()))
        );
        assert_eq!(rotated_prefixes("aaaa"), ["!aaa"]);
        assert!(rotated_prefixes("ndi").is_empty());
    }

    #[test]
    fn terms_out_of_order_are_refused() {
        let mut writer = LexiconWriter::new();
        writer.add("zarif", 1).unwrap();
        assert!(writer.add("araghchi", 1).is_err());
    }
}
