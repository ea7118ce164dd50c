//! Terms files: the dictionary, cut into ranges of consecutive terms, each with the postings
//! lists of its terms ("pulsing"): the file that says a term exists also holds the documents
//! that have it, so one fetch answers a word. Each holds an FST from term to ordinal and, per
//! ordinal, its document frequency, its postings list's length and where its positions lie.

use crate::error::{Error, Result};
use crate::format::{Cursor, Put};

/// Where a term's positions are: a range of one positions file.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Location {
    /// The file, counted among the positions files.
    pub file: u32,
    /// Offset in the file's payload.
    pub offset: u64,
    pub len: u32,
    pub crc: u32,
}

/// What the dictionary knows of a term.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TermInfo {
    /// The terms file that holds the term and its postings list (counted among terms files).
    pub shard: u32,
    /// The postings list: offset and length in that file's postings.
    pub postings: (u32, u32),
    pub positions: Location,
    pub df: u32,
}

/// One terms file: a term range's FST, the information of its terms, their postings lists.
pub(crate) struct TermShard {
    pub map: fst::Map<Vec<u8>>,
    infos: Vec<TermInfo>,
    postings: Vec<u8>,
}

impl TermShard {
    /// Reads the payload of terms file `shard`; `file` names it in errors. Locations must
    /// name one of the `positions_files`.
    pub(crate) fn decode(
        file: &str,
        shard: u32,
        payload: &[u8],
        positions_files: usize,
    ) -> Result<TermShard> {
        let mut c = Cursor::new(file, payload);
        let count = c.count(payload.len())?;
        let fst_len = c.count(c.remaining())?;
        let map = fst::Map::new(c.bytes(fst_len)?.to_vec())
            .map_err(|e| Error::corrupt(file, format!("term dictionary: {e}")))?;
        if map.len() != count {
            return Err(c.error("term count differs from the dictionary's"));
        }
        let mut infos = Vec::with_capacity(count);
        let mut offset: u64 = 0;
        for _ in 0..count {
            let df = c.count(u32::MAX as usize)? as u32;
            let len = c.count(u32::MAX as usize)? as u64;
            let positions = Location {
                file: c.count(positions_files.saturating_sub(1))? as u32,
                offset: c.varint()?,
                len: c.count(u32::MAX as usize)? as u32,
                crc: c.u32_le()?,
            };
            infos.push(TermInfo {
                shard,
                postings: (offset as u32, len as u32),
                positions,
                df,
            });
            offset += len;
        }
        if offset != c.remaining() as u64 {
            return Err(c.error("postings lists do not fill the rest of the file"));
        }
        let postings = c.bytes(c.remaining())?.to_vec();
        Ok(TermShard {
            map,
            infos,
            postings,
        })
    }

    /// The dictionary entry of `term`, when this shard has it.
    pub(crate) fn get(&self, term: &str) -> Option<&TermInfo> {
        self.map
            .get(term)
            .and_then(|ordinal| self.infos.get(ordinal as usize))
    }

    /// The term info of an FST value found by a stream over [`TermShard::map`].
    pub(crate) fn info(&self, ordinal: u64) -> Option<&TermInfo> {
        self.infos.get(ordinal as usize)
    }

    /// The postings list of a term of this shard.
    pub(crate) fn postings(&self, info: &TermInfo) -> Option<&[u8]> {
        let (offset, len) = (info.postings.0 as usize, info.postings.1 as usize);
        self.postings.get(offset..offset + len)
    }
}

/// Writes one terms file; terms must come in ascending byte order.
pub(crate) struct TermShardWriter {
    fst: fst::MapBuilder<Vec<u8>>,
    table: Vec<u8>,
    postings: Vec<u8>,
    count: u64,
    term_bytes: usize,
}

impl TermShardWriter {
    pub(crate) fn new() -> TermShardWriter {
        TermShardWriter {
            fst: fst::MapBuilder::memory(),
            table: Vec::new(),
            postings: Vec::new(),
            count: 0,
            term_bytes: 0,
        }
    }

    /// Adds the next term of the range with its postings list and where its positions are.
    pub(crate) fn add(
        &mut self,
        term: &str,
        df: u32,
        list: &[u8],
        positions: &Location,
    ) -> Result<()> {
        self.table.put_varint(u64::from(df));
        self.table.put_varint(list.len() as u64);
        self.table.put_varint(u64::from(positions.file));
        self.table.put_varint(positions.offset);
        self.table.put_varint(u64::from(positions.len));
        self.table.extend_from_slice(&positions.crc.to_le_bytes());
        self.postings.extend_from_slice(list);
        self.fst
            .insert(term.as_bytes(), self.count)
            .map_err(|e| Error::Build {
                message: format!("building the term dictionary: {e}"),
            })?;
        self.count += 1;
        self.term_bytes += term.len();
        Ok(())
    }

    /// Terms added so far.
    pub(crate) fn len(&self) -> u64 {
        self.count
    }

    /// About the size of the payload so far (the FST counted as its terms' bytes, which
    /// it is at most).
    pub(crate) fn size(&self) -> usize {
        self.term_bytes + self.table.len() + self.postings.len()
    }

    /// The terms payload.
    pub(crate) fn finish(self) -> Result<Vec<u8>> {
        let fst = self.fst.into_inner().map_err(|e| Error::Build {
            message: format!("building the term dictionary: {e}"),
        })?;
        let mut payload =
            Vec::with_capacity(fst.len() + self.table.len() + self.postings.len() + 10);
        payload.put_varint(self.count);
        payload.put_varint(fst.len() as u64);
        payload.extend_from_slice(&fst);
        payload.extend_from_slice(&self.table);
        payload.extend_from_slice(&self.postings);
        Ok(payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(n: u32) -> Location {
        Location {
            file: n % 2,
            offset: u64::from(n) * 10,
            len: n + 1,
            crc: n.wrapping_mul(2_654_435_761),
        }
    }

    fn list(n: u32) -> Vec<u8> {
        (0..n as u8 + 4).map(|b| b ^ 0x5a).collect()
    }

    #[test]
    fn terms_and_their_postings_round_trip() {
        let terms = ["araghchi", "muscat", "talk", "zarif"];
        let mut writer = TermShardWriter::new();
        for (n, term) in terms.iter().enumerate() {
            let n = n as u32;
            writer.add(term, n + 3, &list(n), &positions(n)).unwrap();
        }
        assert_eq!(writer.len(), 4);
        let shard = TermShard::decode("terms", 7, &writer.finish().unwrap(), 2).unwrap();
        for (n, term) in terms.iter().enumerate() {
            let n = n as u32;
            let info = shard.get(term).unwrap();
            assert_eq!(
                (info.shard, info.df, info.positions),
                (7, n + 3, positions(n))
            );
            assert_eq!(shard.postings(info).unwrap(), list(n));
        }
        assert_eq!(shard.get("oman"), None);
    }

    #[test]
    fn a_location_in_a_file_that_does_not_exist_is_corrupt() {
        let mut writer = TermShardWriter::new();
        writer.add("talk", 1, &list(1), &positions(1)).unwrap();
        // positions(1) lies in positions file 1: with a single positions file, that is corrupt.
        assert!(TermShard::decode("terms", 0, &writer.finish().unwrap(), 1).is_err());
    }

    #[test]
    fn postings_that_do_not_fill_the_file_are_corrupt() {
        let mut writer = TermShardWriter::new();
        writer.add("talk", 1, &list(0), &positions(0)).unwrap();
        let mut payload = writer.finish().unwrap();
        payload.push(0);
        assert!(TermShard::decode("terms", 0, &payload, 1).is_err());
        payload.truncate(payload.len() - 2);
        assert!(TermShard::decode("terms", 0, &payload, 1).is_err());
    }

    #[test]
    fn terms_out_of_order_are_refused() {
        let mut writer = TermShardWriter::new();
        writer.add("zarif", 1, &list(0), &positions(0)).unwrap();
        assert!(writer.add("araghchi", 1, &list(1), &positions(0)).is_err());
    }
}
