//! Terms files: the dictionary, cut into ranges of consecutive terms. Each holds an FST from
//! term to ordinal and, per ordinal, where the term's postings and positions lie.

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

/// One terms file: a term range's FST and the locations of its terms.
pub(crate) struct TermShard {
    pub map: fst::Map<Vec<u8>>,
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
        let count = c.count(payload.len())?;
        let fst_len = c.count(c.remaining())?;
        let map = fst::Map::new(c.bytes(fst_len)?.to_vec())
            .map_err(|e| Error::corrupt(file, format!("term dictionary: {e}")))?;
        if map.len() != count {
            return Err(c.error("term count differs from the dictionary's"));
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
        Ok(TermShard { map, infos })
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
}

/// Writes one terms file; terms must come in ascending byte order.
pub(crate) struct TermShardWriter {
    fst: fst::MapBuilder<Vec<u8>>,
    table: Vec<u8>,
    count: u64,
}

impl TermShardWriter {
    pub(crate) fn new() -> TermShardWriter {
        TermShardWriter {
            fst: fst::MapBuilder::memory(),
            table: Vec::new(),
            count: 0,
        }
    }

    /// Adds the next term of the range.
    pub(crate) fn add(&mut self, term: &str, info: &TermInfo) -> Result<()> {
        for location in [info.postings, info.positions] {
            self.table.put_varint(u64::from(location.file));
            self.table.put_varint(location.offset);
            self.table.put_varint(u64::from(location.len));
            self.table.extend_from_slice(&location.crc.to_le_bytes());
        }
        self.table.put_varint(u64::from(info.df));
        self.fst
            .insert(term.as_bytes(), self.count)
            .map_err(|e| Error::Build {
                message: format!("building the term dictionary: {e}"),
            })?;
        self.count += 1;
        Ok(())
    }

    /// The terms payload.
    pub(crate) fn finish(self) -> Result<Vec<u8>> {
        let fst = self.fst.into_inner().map_err(|e| Error::Build {
            message: format!("building the term dictionary: {e}"),
        })?;
        let mut payload = Vec::with_capacity(fst.len() + self.table.len() + 10);
        payload.put_varint(self.count);
        payload.put_varint(fst.len() as u64);
        payload.extend_from_slice(&fst);
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
        assert_eq!(shard.get("oman"), None);
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
    }
}
