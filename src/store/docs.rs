//! Docs files: per document, side by side, its display record (what a hit shows: id, title,
//! url, date, kind, summary, facet values and dated entries) and its text record (the
//! deflated plain text that excerpts come from), in a record table over a document range.

use crate::date::Date;
use crate::error::{Error, Result};
use crate::format::{Cursor, Put, day_value};

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
    /// The sections that headings with an `id` open, in text order.
    pub sections: Vec<SectionRecord<'a>>,
}

/// A section of a display record: a heading with an `id` and the text up to the next such
/// heading, linkable as `url#anchor`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SectionRecord<'a> {
    pub anchor: &'a str,
    /// Byte offset and length in the decompressed text: the heading's line, then its text.
    pub start: usize,
    pub len: usize,
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
    /// The people it names, with the role each held on its date ("" when none is known).
    pub people: Vec<(&'a str, &'a str)>,
}

impl DisplayRecord<'_> {
    /// The record's bytes.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.put_str(self.id);
        out.put_str(self.title);
        out.put_str(self.url);
        out.put_zigzag(day_value(self.date.map(Date::to_days)));
        out.put_str(self.kind);
        out.put_str(self.summary);
        out.put_varint(self.facet_values.len() as u64);
        for &(facet, value) in &self.facet_values {
            out.put_varint(facet as u64);
            out.put_varint(value as u64);
        }
        out.put_varint(self.entries.len() as u64);
        for entry in &self.entries {
            out.put_zigzag(day_value(Some(entry.date.to_days())));
            out.put_str(entry.anchor);
            out.put_varint(entry.start as u64);
            out.put_varint(entry.len as u64);
            out.put_varint(entry.tags.len() as u64);
            for &(facet, value) in &entry.tags {
                out.put_varint(facet as u64);
                out.put_varint(value as u64);
            }
            out.put_varint(entry.people.len() as u64);
            for &(name, role) in &entry.people {
                out.put_str(name);
                out.put_str(role);
            }
        }
        out.put_varint(self.sections.len() as u64);
        for section in &self.sections {
            out.put_str(section.anchor);
            out.put_varint(section.start as u64);
            out.put_varint(section.len as u64);
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
        let date = c.day()?.map(Date::from_days);
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
            let date = c
                .day()?
                .map(Date::from_days)
                .ok_or_else(|| c.error("entry without a date"))?;
            let anchor = c.str()?;
            let start = c.count(u32::MAX as usize)?;
            let len = c.count(u32::MAX as usize)?;
            let tag_count = c.count(c.remaining())?;
            let mut tags = Vec::with_capacity(tag_count);
            for _ in 0..tag_count {
                tags.push(facet_value(&mut c, meta)?);
            }
            let people_count = c.count(c.remaining())?;
            let mut people = Vec::with_capacity(people_count);
            for _ in 0..people_count {
                people.push((c.str()?, c.str()?));
            }
            entries.push(EntryRecord {
                date,
                anchor,
                start,
                len,
                tags,
                people,
            });
        }
        let section_count = c.count(c.remaining())?;
        let mut sections = Vec::with_capacity(section_count);
        for _ in 0..section_count {
            sections.push(SectionRecord {
                anchor: c.str()?,
                start: c.count(u32::MAX as usize)?,
                len: c.count(u32::MAX as usize)?,
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
            sections,
        })
    }
}

/// The most bytes of plain text a text record may hold: readers refuse a record claiming
/// more before they allocate or decompress anything (`quire-worker.js` holds the same
/// number, `tests/shared_knowledge.rs` ties them). The build refuses longer texts.
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// The length of a text record's head: the size of its plain text, u32 little-endian.
const TEXT_HEAD: usize = 4;

/// A text record: the size of the document's plain text (u32 LE), then the text
/// raw-deflated (RFC 1951, which browsers decompress natively with `DecompressionStream`),
/// with the CRC-32 of the plain text. The size bounds decompression.
#[cfg(feature = "build")]
pub(crate) fn encode_text(text: &str) -> Record {
    use std::io::Write;
    let mut record = (text.len() as u32).to_le_bytes().to_vec();
    let mut encoder = flate2::write::DeflateEncoder::new(record, flate2::Compression::default());
    let _ = encoder.write_all(text.as_bytes());
    record = encoder.finish().unwrap_or_default();
    (record, crate::crc32::checksum(text.as_bytes()))
}

/// A text record's recorded plain-text size and its deflated bytes; a size over
/// [`MAX_TEXT_BYTES`] makes `file` corrupt, before anything is decompressed.
pub(crate) fn split_text_record<'a>(file: &str, record: &'a [u8]) -> Result<(usize, &'a [u8])> {
    let Some((head, deflated)) = record.split_first_chunk::<TEXT_HEAD>() else {
        return Err(Error::corrupt(
            file,
            "a text record is shorter than its head",
        ));
    };
    let size = u32::from_le_bytes(*head) as usize;
    if size > MAX_TEXT_BYTES {
        return Err(Error::corrupt(
            file,
            format!(
                "a text record claims {size} bytes of text, over the limit of {MAX_TEXT_BYTES}"
            ),
        ));
    }
    Ok((size, deflated))
}

/// The plain text of a text record's deflated bytes, for native readers (the browser
/// decompresses before handing texts over): at most `size` bytes, the size the record gives;
/// `None` when the bytes are not deflate data or inflate to more or fewer bytes than that
/// (decompression stops one byte past it, so a deflate bomb costs no more than `size`).
#[cfg(feature = "build")]
pub(crate) fn inflate(deflated: &[u8], size: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    inflate_into(deflated, size, &mut out).then_some(out)
}

/// [`inflate`] into `out`, which holds what was decompressed even when it fails.
#[cfg(feature = "build")]
fn inflate_into(deflated: &[u8], size: usize, out: &mut Vec<u8>) -> bool {
    use std::io::Read;
    out.reserve(size.min(MAX_TEXT_BYTES));
    flate2::read::DeflateDecoder::new(deflated)
        .take(size as u64 + 1)
        .read_to_end(out)
        .is_ok()
        && out.len() == size
}

/// A text record decompressed by `inflater` within its recorded size, or an error naming
/// `file`.
pub(crate) fn decompress_text(
    file: &str,
    record: &[u8],
    inflater: fn(&[u8], usize) -> Option<Vec<u8>>,
) -> Result<Vec<u8>> {
    let (size, deflated) = split_text_record(file, record)?;
    inflater(deflated, size).ok_or_else(|| {
        Error::corrupt(
            file,
            format!(
                "a text record does not decompress to the {size} bytes it records (not deflate \
                 data, or more or fewer bytes)"
            ),
        )
    })
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
            names: Vec::new(),
        };
        let record = DisplayRecord {
            id: "talks",
            title: "Talks resume",
            url: "/talks/",
            // The day before 1970-01-01 is a date, not "undated".
            date: Date::new(1969, 12, 31),
            kind: "Analysis",
            summary: "",
            facet_values: vec![(0, 0), (0, 1)],
            entries: vec![
                EntryRecord {
                    date: Date::new(1969, 12, 31).unwrap(),
                    anchor: "1969-12-31",
                    start: 0,
                    len: 12,
                    tags: vec![(0, 1)],
                    people: vec![
                        ("Abbas Araghchi", "Foreign Minister"),
                        ("Badr Albusaidi", ""),
                    ],
                },
                EntryRecord {
                    date: Date::new(1901, 5, 10).unwrap(),
                    anchor: "1901-05-10",
                    start: 12,
                    len: 3,
                    tags: Vec::new(),
                    people: Vec::new(),
                },
            ],
            sections: vec![SectionRecord {
                anchor: "background",
                start: 16,
                len: 40,
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
        let (record, crc) = encode_text(text);
        assert_eq!(
            decompress_text("docs", &record, inflate).unwrap(),
            text.as_bytes()
        );
        assert_eq!(crc, crate::crc32::checksum(text.as_bytes()));
        let (size, _) = split_text_record("docs", &record).unwrap();
        assert_eq!(size, text.len());
    }

    /// A deflate stream of `plain` zero bytes (a bomb when `plain` is large).
    #[cfg(feature = "build")]
    fn zeros_deflated(plain: usize) -> Vec<u8> {
        use std::io::Write;
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = vec![0u8; 1 << 20];
        let mut left = plain;
        while left > 0 {
            let n = left.min(chunk.len());
            encoder.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        encoder.finish().unwrap()
    }

    #[cfg(feature = "build")]
    #[test]
    fn a_deflate_bomb_stops_at_the_size_its_record_gives() {
        // 64 MiB of zeros in about 64 KiB, recorded as 1,000 bytes of text.
        let bomb = zeros_deflated(64 << 20);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        let record = [&1000u32.to_le_bytes()[..], &bomb].concat();
        let error = decompress_text("docs.0123456789abcdef.qi", &record, inflate).unwrap_err();
        assert_eq!(error.kind(), "corrupt");
        let message = error.to_string();
        assert!(message.contains("docs.0123456789abcdef.qi"), "{message}");
        assert!(message.contains("1000 bytes"), "{message}");
        // Decompression stopped one byte past the recorded size: never 64 MiB.
        let mut out = Vec::new();
        assert!(!inflate_into(&bomb, 1000, &mut out));
        assert_eq!(out.len(), 1001);
        assert!(out.capacity() < 1 << 20, "{}", out.capacity());

        // Claiming more than the limit: refused before any decompression or allocation.
        let claims = [&(MAX_TEXT_BYTES as u32 + 1).to_le_bytes()[..], &bomb].concat();
        let error = decompress_text("docs.0123456789abcdef.qi", &claims, |_, size| {
            panic!("decompressed a record claiming {size} bytes")
        })
        .unwrap_err();
        assert!(error.to_string().contains("over the limit"), "{error}");

        // Fewer bytes than recorded is as wrong as more.
        let short = [&2000u32.to_le_bytes()[..], &zeros_deflated(1000)].concat();
        assert!(decompress_text("docs", &short, inflate).is_err());
        let exact = [&1000u32.to_le_bytes()[..], &zeros_deflated(1000)].concat();
        assert_eq!(
            decompress_text("docs", &exact, inflate).unwrap(),
            vec![0; 1000]
        );
    }
}
