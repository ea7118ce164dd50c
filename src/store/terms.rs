//! Terms files: the dictionary, cut into ranges of consecutive terms. Each holds its terms,
//! front-coded, and per term where its postings and positions lie. A reader keeps the terms
//! as one sorted list: a word is found by binary search, and prefixes and typos by running
//! their automaton over the terms of a range. (An FST stored in the file would be walked
//! without bounds checks, the `fst` crate trusting its input: a crafted one could crash the
//! engine; and building one on load costs more than the searches it would save.)

use crate::error::{Error, Result};
use crate::format::{Cursor, Put};

/// Where a term's postings or positions are: a range of one file of that role.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Location {
    /// The file, counted among the files of its role.
    pub file: u32,
    /// Offset in the file's payload.
    pub offset: u64,
    pub len: u32,
    pub crc: u32,
}

/// What the dictionary knows of a term.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TermInfo {
    pub postings: Location,
    pub positions: Location,
    pub df: u32,
}

/// One terms file: a term range's terms, in order, and their locations.
pub(crate) struct TermShard {
    /// The terms' bytes, one after the other.
    bytes: Vec<u8>,
    /// Where each term ends in `bytes`.
    ends: Vec<u32>,
    /// How many first bytes each term shares with the one before.
    shared: Vec<u32>,
    infos: Vec<TermInfo>,
}

impl TermShard {
    /// Reads a terms payload; `file` names it in errors. Locations must name one of the
    /// `postings_files` and `positions_files`.
    pub(crate) fn decode(
        file: &str,
        payload: &[u8],
        postings_files: usize,
        positions_files: usize,
    ) -> Result<TermShard> {
        let mut c = Cursor::new(file, payload);
        // Each term takes at least two bytes.
        let count = c.count(payload.len() / 2)?;
        let mut bytes: Vec<u8> = Vec::new();
        let mut ends: Vec<u32> = Vec::with_capacity(count);
        let mut prefixes: Vec<u32> = Vec::with_capacity(count);
        let mut last = 0..0;
        for _ in 0..count {
            let shared = c.count(last.len())?;
            let rest = c.count(c.remaining())?;
            let rest = c.bytes(rest)?;
            let start = bytes.len();
            bytes.extend_from_within(last.start..last.start + shared);
            bytes.extend_from_slice(rest);
            // Out of order or repeated, binary search would miss terms.
            if !ends.is_empty() && bytes[start..] <= bytes[last.clone()] {
                return Err(c.error("terms out of order"));
            }
            last = start..bytes.len();
            ends.push(u32::try_from(bytes.len()).map_err(|_| c.error("terms too long"))?);
            prefixes.push(shared as u32);
        }
        let mut infos = Vec::with_capacity(count);
        let location = |c: &mut Cursor<'_>, files: usize| -> Result<Location> {
            let file_index = c.count(files.saturating_sub(1))? as u32;
            let offset = c.varint()?;
            let len = c.count(u32::MAX as usize)? as u32;
            let crc = c.u32_le()?;
            Ok(Location {
                file: file_index,
                offset,
                len,
                crc,
            })
        };
        for _ in 0..count {
            let postings = location(&mut c, postings_files)?;
            let positions = location(&mut c, positions_files)?;
            let df = c.count(u32::MAX as usize)? as u32;
            infos.push(TermInfo {
                postings,
                positions,
                df,
            });
        }
        if !c.is_empty() {
            return Err(c.error("trailing bytes"));
        }
        Ok(TermShard {
            bytes,
            ends,
            shared: prefixes,
            infos,
        })
    }

    /// Term `i` of the shard.
    fn term(&self, i: usize) -> &[u8] {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        &self.bytes[start..self.ends[i] as usize]
    }

    /// The place of the first term at or after `key`.
    fn lower_bound(&self, key: &[u8]) -> usize {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let middle = (low + high) / 2;
            if self.term(middle) < key {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }

    /// The dictionary entry of `term`, when this shard has it.
    pub(crate) fn get(&self, term: &str) -> Option<&TermInfo> {
        let i = self.lower_bound(term.as_bytes());
        (i < self.ends.len() && self.term(i) == term.as_bytes()).then(|| &self.infos[i])
    }

    /// Runs `automaton` over the terms in `[low, high)`, in order, calling `each` with those
    /// it accepts and their entries; `each` returns false to stop. The automaton's states
    /// along a term are kept for the next, which shares its first bytes: each prefix is run
    /// once, and terms under a prefix the automaton gave up on cost one check each, as in a
    /// walk of a trie.
    pub(crate) fn matching<A: fst::Automaton>(
        &self,
        automaton: &A,
        low: &[u8],
        high: &[u8],
        each: &mut dyn FnMut(&[u8], &TermInfo) -> bool,
    ) {
        let first = self.lower_bound(low);
        // states[k]: the state after the first k bytes of the term before.
        let mut states = vec![automaton.start()];
        for i in first..self.ends.len() {
            let term = self.term(i);
            if term >= high {
                break;
            }
            let shared = if i == first {
                0
            } else {
                self.shared[i] as usize
            };
            states.truncate(shared + 1);
            let mut alive = true;
            for &byte in &term[states.len() - 1..] {
                let Some(state) = states.last() else { break };
                if !automaton.can_match(state) {
                    alive = false;
                    break;
                }
                let next = automaton.accept(state, byte);
                states.push(next);
            }
            // A term shorter than where the one before died is refused here.
            alive &= states.len() == term.len() + 1;
            if alive
                && states.last().is_some_and(|state| automaton.is_match(state))
                && !each(term, &self.infos[i])
            {
                return;
            }
        }
    }
}

/// Writes one terms file; terms must come in ascending byte order.
pub(crate) struct TermShardWriter {
    terms: Vec<u8>,
    last: Vec<u8>,
    table: Vec<u8>,
    count: u64,
}

impl TermShardWriter {
    pub(crate) fn new() -> TermShardWriter {
        TermShardWriter {
            terms: Vec::new(),
            last: Vec::new(),
            table: Vec::new(),
            count: 0,
        }
    }

    /// Adds the next term of the range.
    pub(crate) fn add(&mut self, term: &str, info: &TermInfo) -> Result<()> {
        let term = term.as_bytes();
        if self.count > 0 && term <= self.last.as_slice() {
            return Err(Error::Build {
                message: format!(
                    "building the term dictionary: `{}` does not come after `{}`",
                    String::from_utf8_lossy(term),
                    String::from_utf8_lossy(&self.last)
                ),
            });
        }
        let shared = term
            .iter()
            .zip(&self.last)
            .take_while(|(a, b)| a == b)
            .count();
        self.terms.put_varint(shared as u64);
        self.terms.put_varint((term.len() - shared) as u64);
        self.terms.extend_from_slice(&term[shared..]);
        self.last = term.to_vec();
        for location in [info.postings, info.positions] {
            self.table.put_varint(u64::from(location.file));
            self.table.put_varint(location.offset);
            self.table.put_varint(u64::from(location.len));
            self.table.extend_from_slice(&location.crc.to_le_bytes());
        }
        self.table.put_varint(u64::from(info.df));
        self.count += 1;
        Ok(())
    }

    /// The terms payload.
    pub(crate) fn finish(self) -> Result<Vec<u8>> {
        let mut payload = Vec::with_capacity(self.terms.len() + self.table.len() + 10);
        payload.put_varint(self.count);
        payload.extend_from_slice(&self.terms);
        payload.extend_from_slice(&self.table);
        Ok(payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(n: u32) -> TermInfo {
        let at = |file| Location {
            file,
            offset: u64::from(n) * 10,
            len: n + 1,
            crc: n.wrapping_mul(2_654_435_761),
        };
        TermInfo {
            postings: at(n % 2),
            positions: at(0),
            df: n + 3,
        }
    }

    #[test]
    fn terms_round_trip() {
        let terms = ["araghchi", "muscat", "talk", "zarif"];
        let mut writer = TermShardWriter::new();
        for (n, term) in terms.iter().enumerate() {
            writer.add(term, &info(n as u32)).unwrap();
        }
        let shard = TermShard::decode("terms", &writer.finish().unwrap(), 2, 1).unwrap();
        for (n, term) in terms.iter().enumerate() {
            assert_eq!(shard.get(term), Some(&info(n as u32)));
        }
        for absent in ["", "a", "oman", "talks", "zz"] {
            assert_eq!(shard.get(absent), None, "{absent}");
        }
    }

    /// Accepts terms that begin with its prefix.
    struct Prefix(&'static [u8]);

    impl fst::Automaton for Prefix {
        type State = Option<usize>;
        fn start(&self) -> Option<usize> {
            Some(0)
        }
        fn is_match(&self, state: &Option<usize>) -> bool {
            *state == Some(self.0.len())
        }
        fn can_match(&self, state: &Option<usize>) -> bool {
            state.is_some()
        }
        fn accept(&self, state: &Option<usize>, byte: u8) -> Option<usize> {
            match *state {
                Some(n) if n == self.0.len() => Some(n),
                Some(n) if self.0[n] == byte => Some(n + 1),
                _ => None,
            }
        }
    }

    #[test]
    fn automata_run_over_a_range_of_terms_in_order() {
        let terms = ["talk", "talkat", "tall", "tally", "telli", "zarif"];
        let mut writer = TermShardWriter::new();
        for (n, term) in terms.iter().enumerate() {
            writer.add(term, &info(n as u32)).unwrap();
        }
        let shard = TermShard::decode("terms", &writer.finish().unwrap(), 2, 1).unwrap();
        let found = |prefix: &'static [u8], low: &[u8], high: &[u8], most: usize| {
            let mut out = Vec::new();
            shard.matching(&Prefix(prefix), low, high, &mut |term, info| {
                out.push((String::from_utf8_lossy(term).into_owned(), info.df - 3));
                out.len() < most
            });
            out
        };
        let all = |words: &[(&str, u32)]| -> Vec<(String, u32)> {
            words.iter().map(|(w, n)| (w.to_string(), *n)).collect()
        };
        assert_eq!(
            found(b"tal", b"t", b"u", 10),
            all(&[("talk", 0), ("talkat", 1), ("tall", 2), ("tally", 3)])
        );
        assert_eq!(
            found(b"tal", b"tall", b"u", 10),
            all(&[("tall", 2), ("tally", 3)])
        );
        assert_eq!(
            found(b"tal", b"t", b"tall", 10),
            all(&[("talk", 0), ("talkat", 1)])
        );
        assert_eq!(found(b"tal", b"t", b"u", 1), all(&[("talk", 0)]));
        assert_eq!(found(b"", b"", b"\xff", 10).len(), terms.len());
        assert!(found(b"q", b"", b"\xff", 10).is_empty());
        // A prefix given up on, then terms that leave it.
        assert_eq!(found(b"te", b"", b"\xff", 10), all(&[("telli", 4)]));
        assert_eq!(found(b"z", b"", b"\xff", 10), all(&[("zarif", 5)]));
    }

    #[test]
    fn a_location_in_a_file_that_does_not_exist_is_corrupt() {
        let mut writer = TermShardWriter::new();
        writer.add("talk", &info(1)).unwrap();
        // info(1) puts its postings in file 1: with a single postings file, that is corrupt.
        assert!(TermShard::decode("terms", &writer.finish().unwrap(), 1, 1).is_err());
    }

    #[test]
    fn terms_out_of_order_are_refused() {
        let mut writer = TermShardWriter::new();
        writer.add("zarif", &info(0)).unwrap();
        assert!(writer.add("araghchi", &info(1)).is_err());
        assert!(writer.add("zarif", &info(1)).is_err());
    }

    #[test]
    fn a_file_whose_terms_go_backwards_is_corrupt() {
        let mut writer = TermShardWriter::new();
        writer.add("araghchi", &info(0)).unwrap();
        writer.add("muscat", &info(1)).unwrap();
        let mut payload = writer.finish().unwrap();
        // The second term's bytes: count 2, then (0, 8, "araghchi"), then (0, 6, "muscat").
        let at = 1 + 2 + 8 + 2;
        assert_eq!(&payload[at..at + 6], b"muscat");
        payload[at] = b'A';
        let error = TermShard::decode("terms", &payload, 2, 1).err().unwrap();
        assert!(error.to_string().contains("out of order"), "{error}");
        // A shared prefix longer than the term before it.
        payload[at] = b'm';
        payload[at - 2] = 9;
        assert!(TermShard::decode("terms", &payload, 2, 1).is_err());
    }
}
