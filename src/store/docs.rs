//! Docs files: per document, side by side, its display record (what a hit shows: id, title,
//! url, date, kind, summary, facet values and dated entries) and its text record (the
//! deflated plain text that excerpts come from), in a record table over a document range.

use crate::date::Date;
use crate::error::{Error, Result};
use crate::format::{Cursor, Put};

use super::meta::Meta;

/// The length of a record table's fixed head: the first document id and the count.
const RECORD_HEAD: usize = 8;

/// Which of a document's two records in a docs file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RecordPart {
    Display = 0,
    Text = 1,
}

/// A record's bytes and the CRC-32 stored for it (of its decompressed bytes, for text).
pub(crate) type Record = (Vec<u8>, u32);

/// The table position of record `part` of the file's `local`-th document.
pub(crate) fn record_slot(local: usize, part: RecordPart) -> usize {
    2 * local + part as usize
}

/// The offset of the records in a docs payload of `count` documents.
fn records_start(count: usize) -> usize {
    RECORD_HEAD + 8 * (2 * count + 1)
}

/// Writes a docs payload: the first document id, the count, the (offset, CRC-32) entries,
/// the records; each document's display record, then its text record.
pub(crate) fn put_record_table(out: &mut Vec<u8>, first_doc: u32, documents: &[[Record; 2]]) {
    out.extend_from_slice(&first_doc.to_le_bytes());
    out.extend_from_slice(&(documents.len() as u32).to_le_bytes());
    let mut offset = 0u32;
    for (record, crc) in documents.iter().flatten() {
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&crc.to_le_bytes());
        offset += record.len() as u32;
    }
    out.extend_from_slice(&offset.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    for (record, _) in documents.iter().flatten() {
        out.extend_from_slice(record);
    }
}

/// The payload range holding the two table entries that bound the record in `slot` (see
/// [`record_slot`]): 16 bytes, read before the record itself.
pub(crate) fn record_entries(slot: usize) -> (usize, usize) {
    let start = RECORD_HEAD + 8 * slot;
    (start, start + 16)
}

/// Where the record in `slot` of a docs file of `count` documents lies in the payload, and
/// its CRC-32, from the 16 bytes of [`record_entries`]. `file` names it in errors.
pub(crate) fn record_location(
    file: &str,
    count: usize,
    slot: usize,
    entries: &[u8],
) -> Result<(usize, usize, u32)> {
    if entries.len() != 16 || slot >= 2 * count {
        return Err(Error::corrupt(file, "bad record table entry"));
    }
    let word = |at: usize| {
        u32::from_le_bytes([
            entries[at],
            entries[at + 1],
            entries[at + 2],
            entries[at + 3],
        ])
    };
    let (start, crc, end) = (word(0) as usize, word(4), word(8) as usize);
    if end < start {
        return Err(Error::corrupt(file, "record offsets go backwards"));
    }
    let records_at = records_start(count);
    Ok((records_at + start, records_at + end, crc))
}

/// Checks a whole docs payload against the range the manifest gives it.
pub(crate) fn check_record_table(
    file: &str,
    payload: &[u8],
    first_doc: u32,
    count: usize,
) -> Result<()> {
    let mut cursor = Cursor::new(file, payload);
    if cursor.u32_le()? != first_doc || cursor.u32_le()? as usize != count {
        return Err(Error::corrupt(
            file,
            "document range differs from the manifest",
        ));
    }
    if records_start(count) > payload.len() {
        return Err(Error::corrupt(file, "record table past the end"));
    }
    if count > 0 {
        let last_slot = record_slot(count - 1, RecordPart::Text);
        let (a, b) = record_entries(last_slot);
        let (_, end, _) = record_location(file, count, last_slot, &payload[a..b])?;
        if end != payload.len() {
            return Err(Error::corrupt(
                file,
                "records do not end at the end of the file",
            ));
        }
    }
    Ok(())
}

/// A display record, as written and as read (borrowing the bytes it was read from).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DisplayRecord<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub date: Option<Date>,
    pub kind: &'a str,
    pub summary: &'a str,
    /// (facet, value) indexes into the meta file's facets.
    pub facet_values: Vec<(usize, usize)>,
    pub entries: Vec<EntryRecord<'a>>,
}

/// A dated entry of a display record: where its text lies in the document's text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EntryRecord<'a> {
    pub date: Date,
    pub anchor: &'a str,
    /// Byte offset and length in the decompressed text.
    pub start: usize,
    pub len: usize,
    /// (facet, value) indexes of the outlets, leanings and people the entry names.
    pub tags: Vec<(usize, usize)>,
}

/// A date as stored: days since 1970-01-01 plus one, 0 for none.
fn stored_day(date: Option<Date>) -> i64 {
    date.map_or(0, |d| i64::from(d.to_days()) + 1)
}

/// Stored days-plus-one (0 for none) → a date.
fn day_to_date(stored: i64) -> Option<Date> {
    if stored == 0 {
        return None;
    }
    i32::try_from(stored - 1).ok().map(Date::from_days)
}

impl DisplayRecord<'_> {
    /// The record's bytes.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.put_str(self.id);
        out.put_str(self.title);
        out.put_str(self.url);
        out.put_zigzag(stored_day(self.date));
        out.put_str(self.kind);
        out.put_str(self.summary);
        out.put_varint(self.facet_values.len() as u64);
        for &(facet, value) in &self.facet_values {
            out.put_varint(facet as u64);
            out.put_varint(value as u64);
        }
        out.put_varint(self.entries.len() as u64);
        for entry in &self.entries {
            out.put_zigzag(stored_day(Some(entry.date)));
            out.put_str(entry.anchor);
            out.put_varint(entry.start as u64);
            out.put_varint(entry.len as u64);
            out.put_varint(entry.tags.len() as u64);
            for &(facet, value) in &entry.tags {
                out.put_varint(facet as u64);
                out.put_varint(value as u64);
            }
        }
        out
    }
}

/// A (facet, value) pair of indexes, checked against the meta file.
fn facet_value(c: &mut Cursor<'_>, meta: &Meta) -> Result<(usize, usize)> {
    let facet = c.count(u32::MAX as usize)?;
    let value = c.count(u32::MAX as usize)?;
    match meta.facets.get(facet) {
        Some(info) if value < info.values.len() => Ok((facet, value)),
        _ => Err(c.error("facet value out of range")),
    }
}

impl<'a> DisplayRecord<'a> {
    /// Reads a display record; `file` names it in errors, `meta` bounds its facet values.
    pub(crate) fn decode(file: &'a str, bytes: &'a [u8], meta: &Meta) -> Result<DisplayRecord<'a>> {
        let mut c = Cursor::new(file, bytes);
        let id = c.str()?;
        let title = c.str()?;
        let url = c.str()?;
        let date = day_to_date(c.zigzag()?);
        let kind = c.str()?;
        let summary = c.str()?;
        let facet_count = c.count(c.remaining())?;
        let mut facet_values = Vec::with_capacity(facet_count);
        for _ in 0..facet_count {
            facet_values.push(facet_value(&mut c, meta)?);
        }
        let entry_count = c.count(c.remaining())?;
        let mut entries = Vec::with_capacity(entry_count);
        for _ in 0..entry_count {
            let date = day_to_date(c.zigzag()?).ok_or_else(|| c.error("entry without a date"))?;
            let anchor = c.str()?;
            let start = c.count(u32::MAX as usize)?;
            let len = c.count(u32::MAX as usize)?;
            let tag_count = c.count(c.remaining())?;
            let mut tags = Vec::with_capacity(tag_count);
            for _ in 0..tag_count {
                tags.push(facet_value(&mut c, meta)?);
            }
            entries.push(EntryRecord {
                date,
                anchor,
                start,
                len,
                tags,
            });
        }
        Ok(DisplayRecord {
            id,
            title,
            url,
            date,
            kind,
            summary,
            facet_values,
            entries,
        })
    }
}

/// A text record: the document's plain text, raw-deflated (RFC 1951, which browsers
/// decompress natively with `DecompressionStream`), with the CRC-32 of the plain text.
#[cfg(feature = "build")]
pub(crate) fn encode_text(text: &str) -> Record {
    use std::io::Write;
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(text.as_bytes());
    (
        encoder.finish().unwrap_or_default(),
        crate::crc32::checksum(text.as_bytes()),
    )
}

/// The plain text of a text record, for native readers (the browser decompresses before
/// handing texts over).
#[cfg(feature = "build")]
pub(crate) fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::FIELD_COUNT;
    use crate::store::meta::FacetInfo;

    #[test]
    fn record_tables_locate_records_by_two_small_reads() {
        let mut out = Vec::new();
        let documents = [
            [(b"ab".to_vec(), 11), (b"text a".to_vec(), 12)],
            [(Vec::new(), 21), (Vec::new(), 22)],
            [(b"cde".to_vec(), 31), (b"t".to_vec(), 32)],
        ];
        put_record_table(&mut out, 5, &documents);
        check_record_table("t", &out, 5, 3).unwrap();
        for (local, parts) in documents.iter().enumerate() {
            for (part, (record, crc)) in [RecordPart::Display, RecordPart::Text].iter().zip(parts) {
                let slot = record_slot(local, *part);
                let (a, b) = record_entries(slot);
                let (start, end, stored) = record_location("t", 3, slot, &out[a..b]).unwrap();
                assert_eq!((&out[start..end], stored), (record.as_slice(), *crc));
            }
            // A document's two records, and their table entries, lie side by side.
            let display = record_entries(record_slot(local, RecordPart::Display));
            let text = record_entries(record_slot(local, RecordPart::Text));
            assert_eq!(text.0, display.0 + 8);
        }
        assert!(
            check_record_table("t", &out, 6, 3).is_err(),
            "the manifest's range must agree"
        );
        assert!(check_record_table("t", &out[..out.len() - 1], 5, 3).is_err());
        let (a, b) = record_entries(0);
        let mut garbled = out[a..b].to_vec();
        garbled[0] = 0xff; // a first offset past the second
        assert!(record_location("t", 3, 0, &garbled).is_err());
        assert!(record_location("t", 3, 6, &out[a..b]).is_err());
    }

    #[test]
    fn display_records_round_trip() {
        let meta = Meta {
            documents: 1,
            entries: 1,
            terms: 0,
            average_lengths: [1.0; FIELD_COUNT],
            facets: vec![FacetInfo {
                name: "outlet".into(),
                label: "Outlet".into(),
                values: vec![("Fararu".into(), 1), ("Shargh".into(), 1)],
            }],
            sort_keys: Vec::new(),
            languages: Vec::new(),
        };
        let record = DisplayRecord {
            id: "talks",
            title: "Talks resume",
            url: "/talks/",
            date: Date::new(2025, 5, 11),
            kind: "Analysis",
            summary: "",
            facet_values: vec![(0, 0), (0, 1)],
            entries: vec![EntryRecord {
                date: Date::new(2025, 5, 10).unwrap(),
                anchor: "2025-05-10",
                start: 0,
                len: 12,
                tags: vec![(0, 1)],
            }],
        };
        let bytes = record.encode();
        assert_eq!(
            DisplayRecord::decode("docs", &bytes, &meta).unwrap(),
            record
        );
        let mut out_of_range = record.clone();
        out_of_range.facet_values.push((0, 2));
        assert!(DisplayRecord::decode("docs", &out_of_range.encode(), &meta).is_err());
    }

    #[cfg(feature = "build")]
    #[test]
    fn text_records_round_trip() {
        let text = "January 29: Talks resume.\nJanuary 30: عراقچی";
        let (bytes, crc) = encode_text(text);
        assert_eq!(inflate(&bytes).unwrap(), text.as_bytes());
        assert_eq!(crc, crate::crc32::checksum(text.as_bytes()));
    }
}
