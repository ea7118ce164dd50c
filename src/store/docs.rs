//! Docs files: per document, one record: its display record (what a hit shows: id, title,
//! url, date, kind, summary, facet values and dated entries) and its text (the deflated
//! plain text that excerpts come from), each with its CRC-32. Records are padded to whole
//! [`RECORD_UNIT`]s, whose count per document the columns file holds: a reader locates a
//! hit's record without reading anything of the docs file first.

use crate::date::Date;
use crate::error::{Error, Result};
use crate::format::{Cursor, Put, day_value};

use super::meta::Meta;

pub(crate) use crate::format::RECORD_UNIT;

/// The length of a docs payload's head: the first document id and the count.
pub(crate) const DOCS_HEAD: usize = 8;

/// The length of a record's head: the display record's and the text record's lengths.
const RECORD_HEAD: usize = 8;

/// A text record's bytes (raw deflate) and the CRC-32 of the plain text.
pub(crate) type Record = (Vec<u8>, u32);

/// A document's record: the lengths of its display record and text record (u32 each), the
/// display record and its CRC-32, the text record and the CRC-32 of the plain text, zeros to
/// a whole number of [`RECORD_UNIT`]s.
pub(crate) fn encode_record(display: &[u8], text: &Record) -> Vec<u8> {
    let mut out = Vec::with_capacity(RECORD_HEAD + display.len() + text.0.len() + 8 + RECORD_UNIT);
    out.extend_from_slice(&(display.len() as u32).to_le_bytes());
    out.extend_from_slice(&(text.0.len() as u32).to_le_bytes());
    out.extend_from_slice(display);
    out.extend_from_slice(&crate::crc32::checksum(display).to_le_bytes());
    out.extend_from_slice(&text.0);
    out.extend_from_slice(&text.1.to_le_bytes());
    out.resize(out.len().div_ceil(RECORD_UNIT) * RECORD_UNIT, 0);
    out
}

/// A docs payload: the first document id, the count, the records of the documents in order.
pub(crate) fn put_docs(out: &mut Vec<u8>, first_doc: u32, records: &[Vec<u8>]) {
    out.extend_from_slice(&first_doc.to_le_bytes());
    out.extend_from_slice(&(records.len() as u32).to_le_bytes());
    for record in records {
        out.extend_from_slice(record);
    }
}

/// A record read back: the display record (checked against its CRC-32), the text record
/// and the CRC-32 of its plain text.
pub(crate) struct RecordParts<'a> {
    pub display: &'a [u8],
    pub text: &'a [u8],
    pub text_crc: u32,
}

/// Splits a record (as fetched: its padding may be cut off) into its parts; `file` names it
/// in errors.
pub(crate) fn split_record<'a>(file: &str, record: &'a [u8]) -> Result<RecordParts<'a>> {
    let cut = || Error::corrupt(file, "a record shorter than its lengths say");
    let word = |at: usize| -> Result<u32> {
        let Some(&[a, b, c, d]) = record.get(at..at + 4) else {
            return Err(cut());
        };
        Ok(u32::from_le_bytes([a, b, c, d]))
    };
    let display_len = word(0)? as usize;
    let text_len = word(4)? as usize;
    let display_end = RECORD_HEAD.checked_add(display_len).ok_or_else(cut)?;
    let display = record.get(RECORD_HEAD..display_end).ok_or_else(cut)?;
    let text_start = display_end + 4;
    let text_end = text_start.checked_add(text_len).ok_or_else(cut)?;
    let text = record.get(text_start..text_end).ok_or_else(cut)?;
    let text_crc = word(text_end)?;
    if crate::crc32::checksum(display) != word(display_end)? {
        return Err(Error::Checksum {
            file: file.to_string(),
        });
    }
    Ok(RecordParts {
        display,
        text,
        text_crc,
    })
}

/// Checks a whole docs payload against the range the manifest gives it and the record sizes
/// of the columns file (`units`, its documents' own); returns each record's bytes.
pub(crate) fn records<'a>(
    file: &str,
    payload: &'a [u8],
    first_doc: u32,
    units: &[u32],
) -> Result<Vec<&'a [u8]>> {
    let head = |at: usize| {
        payload
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if head(0) != Some(first_doc) || head(4) != Some(units.len() as u32) {
        return Err(Error::corrupt(
            file,
            "document range differs from the manifest",
        ));
    }
    let mut out = Vec::with_capacity(units.len());
    let mut at = DOCS_HEAD;
    for &size in units {
        let end = at + size as usize * RECORD_UNIT;
        out.push(
            payload
                .get(at..end)
                .ok_or_else(|| Error::corrupt(file, "records past the end of the file"))?,
        );
        at = end;
    }
    if at != payload.len() {
        return Err(Error::corrupt(
            file,
            "records do not end at the end of the file",
        ));
    }
    Ok(out)
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
    fn records_are_located_by_their_sizes_and_split_back() {
        let documents: [(&[u8], Record); 3] = [
            (b"ab", (b"text a".to_vec(), 12)),
            (b"", (Vec::new(), 22)),
            (&[7; 100], (vec![9; 200], 32)),
        ];
        let encoded: Vec<Vec<u8>> = documents
            .iter()
            .map(|(display, text)| encode_record(display, text))
            .collect();
        let units: Vec<u32> = encoded
            .iter()
            .map(|r| {
                assert_eq!(r.len() % RECORD_UNIT, 0);
                (r.len() / RECORD_UNIT) as u32
            })
            .collect();
        assert_eq!(units, [1, 1, 5]);
        let mut out = Vec::new();
        put_docs(&mut out, 5, &encoded);
        let read = records_of(&out, &units);
        for ((display, (deflated, crc)), record) in documents.iter().zip(read) {
            let parts = split_record("t", record).unwrap();
            assert_eq!(
                (parts.display, parts.text, parts.text_crc),
                (*display, deflated.as_slice(), *crc)
            );
        }
        // A record's place: the head, then the sizes of the records before it.
        let third = DOCS_HEAD + 2 * RECORD_UNIT;
        assert_eq!(&out[third..third + 5 * RECORD_UNIT], encoded[2].as_slice());
        assert!(
            records("t", &out, 6, &units).is_err(),
            "the manifest's range must agree"
        );
        assert!(records("t", &out[..out.len() - 1], 5, &units).is_err());
        assert!(
            records("t", &out, 5, &[1, 1, 4]).is_err(),
            "sizes must fill the file"
        );
        let mut garbled = encoded[0].clone();
        garbled[RECORD_HEAD] ^= 1;
        assert!(
            split_record("t", &garbled).is_err(),
            "a display record is checked"
        );
        assert!(
            split_record("t", &encoded[2][..100]).is_err(),
            "a cut record"
        );
    }

    fn records_of<'a>(payload: &'a [u8], units: &[u32]) -> Vec<&'a [u8]> {
        records("t", payload, 5, units).unwrap()
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
