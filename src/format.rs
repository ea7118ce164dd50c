//! The index's byte layout: the manifest, the segment header shared by every index file, and
//! the primitive encodings (varints, strings) that the segments are made of.
//!
//! # Files
//!
//! `quire build` writes one folder:
//!
//! ```text
//! quire.json                  manifest: format version, counts, and every file below
//! meta.<hash>.qi              counts, field statistics, facet and sort-key definitions
//! terms.<hash>.qi             term dictionary: an FST from term to (postings offset, df)
//! postings.<hash>.qi          postings lists, one per term, in term order
//! columns.<hash>.qi           per-document ranking data: dates, field-length norms, sort keys
//! facets.<hash>.qi            per facet value, the documents that carry it
//! docs.<hash>.qi              document table: display data of each document and its entries
//! text.<hash>.qi              excerpt text of each document
//! ```
//!
//! `<hash>` is the first 16 hex digits of the SHA-256 of the file's bytes, so a name never
//! changes meaning: hosts may cache the files forever, and an unchanged file keeps its name
//! across rebuilds. Only `quire.json` is rewritten in place, last.
//!
//! # The manifest (`quire.json`)
//!
//! | key | meaning |
//! |---|---|
//! | `format` | always `"quire-index"` |
//! | `version` | [`VERSION`]; a reader refuses any other |
//! | `documents`, `entries`, `terms` | counts |
//! | `files` | one object per file: `role`, `name`, `bytes` (its size) |
//!
//! # Segment header (every `.qi` file)
//!
//! ```text
//! offset  size  field
//! 0       4     magic        "QUIR"
//! 4       2     version      u16 little-endian, = VERSION
//! 6       1     role         u8: 1 meta, 2 terms, 3 postings, 4 columns, 5 facets, 6 docs, 7 text
//! 7       1     reserved     0
//! 8       4     length       u32 little-endian, bytes of payload
//! 12      4     checksum     u32 little-endian, CRC-32 (IEEE) of the payload
//! 16      ...   payload
//! ```
//!
//! # Primitive encodings
//!
//! * `varint`: unsigned LEB128, 7 bits a byte, least significant group first, at most 10 bytes.
//! * `zigzag`: a signed integer as a varint of `(n << 1) ^ (n >> 63)`.
//! * `str`: a varint byte length, then that many bytes of UTF-8.
//! * `f32`: 4 bytes little-endian IEEE 754.
//!
//! # Payloads
//!
//! Document ids are 0-based and number the documents undated first, then oldest to newest
//! (ties by id), so that date order is id order and a new article usually comes last.
//!
//! **meta**
//!
//! | field | encoding |
//! |---|---|
//! | documents, entries, terms | varint ×3 |
//! | field count F, then F average field lengths | varint, f32 ×F |
//! | facet count; per facet: name, label, value count V; per value: value, document count | varint; str, str, varint; (str, varint) ×V |
//! | sort-key count; per key: name | varint; str |
//!
//! **terms**: the bytes of an `fst::Map` whose keys are index terms (see
//! [`crate::tokenize`]) and whose values pack `postings_offset << 24 | min(df, 2^24 - 1)`.
//!
//! **postings**: per term, at `postings_offset`:
//!
//! | field | encoding |
//! |---|---|
//! | df, docs-block length, positions-block length | varint ×3 |
//! | docs block: per document, `delta << 3 \| code` | varint, then by code: |
//! | code 1-6: only the body field, tf = code | (nothing) |
//! | code 7: one field, tf ≤ 32 | u8 `field << 5 \| (tf - 1)` |
//! | code 0: any fields | u8 field mask, then varint tf per field in the mask |
//! | positions block: per document, per field of its mask, tf positions | varint, the first absolute, the rest as deltas |
//!
//! `delta` is the document id for the first document and the gap to the previous one after.
//! Fields: 0 title, 1 summary, 2 keywords (kind, series, authors, tags, filter values),
//! 3 body, 4 entries.
//!
//! **columns**
//!
//! | field | encoding |
//! |---|---|
//! | documents N, fields F, sort keys S | varint ×3 |
//! | dates | N × zigzag delta of (days since 1970-01-01 + 1), 0 for undated |
//! | norms | F × N bytes, field-major; `round(ln(1 + length) × 23)` capped at 255 |
//! | sort keys | S × N f32, NaN for missing |
//!
//! **facets**: per facet of meta, per value of that facet: varint document count, then the
//! document ids as varint deltas (first absolute).
//!
//! **docs** and **text** share a table layout: varint first document id, varint count C,
//! (C + 1) × u32 little-endian record offsets (relative to the end of the table), records.
//!
//! A **docs** record:
//!
//! | field | encoding |
//! |---|---|
//! | id, title, url | str ×3 |
//! | date | zigzag (days + 1), 0 for undated |
//! | kind, summary | str ×2 |
//! | facet values: count; per value: facet index, value index | varint; varint ×2 |
//! | entries: count; per entry: date, anchor, text start, text length, tags: count; per tag: facet index, value index | varint; zigzag, str, varint ×2, varint; varint ×2 |
//!
//! A **text** record is the document's plain text (headings, paragraphs and list items on
//! lines of their own), and entries point into it by byte offset.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The index format version. Bump it on any change to the layout above.
pub const VERSION: u32 = 4;

/// The first bytes of every index file.
pub const MAGIC: [u8; 4] = *b"QUIR";

/// The length of the segment header.
pub const HEADER_LEN: usize = 16;

/// The manifest's file name.
pub const MANIFEST_NAME: &str = "quire.json";

/// The manifest, `quire.json`: what a reader loads first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub documents: u32,
    pub entries: u32,
    pub terms: u32,
    pub files: Vec<ManifestFile>,
}

/// One index file of the manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub role: String,
    pub name: String,
    pub bytes: u64,
}

/// What an index file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Role {
    Meta = 1,
    Terms = 2,
    Postings = 3,
    Columns = 4,
    Facets = 5,
    Docs = 6,
    Text = 7,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Meta,
        Role::Terms,
        Role::Postings,
        Role::Columns,
        Role::Facets,
        Role::Docs,
        Role::Text,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Meta => "meta",
            Role::Terms => "terms",
            Role::Postings => "postings",
            Role::Columns => "columns",
            Role::Facets => "facets",
            Role::Docs => "docs",
            Role::Text => "text",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }

    fn from_byte(byte: u8) -> Option<Role> {
        Role::ALL.into_iter().find(|role| *role as u8 == byte)
    }
}

/// Wraps a payload in the segment header.
pub fn seal(role: Role, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&(VERSION as u16).to_le_bytes());
    out.push(role as u8);
    out.push(0);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crate::crc32::checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks a segment's header and checksum and returns its payload. `file` names it in errors.
pub fn open<'a>(file: &str, expected: Role, bytes: &'a [u8]) -> Result<&'a [u8]> {
    if bytes.len() < HEADER_LEN || bytes[..4] != MAGIC {
        // A short file that starts like an index file was cut off in transit.
        if bytes.len() < HEADER_LEN
            && !bytes.is_empty()
            && MAGIC.starts_with(&bytes[..bytes.len().min(4)])
        {
            return Err(Error::Checksum {
                file: file.to_string(),
            });
        }
        return Err(Error::NotAnIndex {
            file: file.to_string(),
        });
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]) as u32;
    if version != VERSION {
        return Err(Error::WrongVersion {
            file: file.to_string(),
            found: version,
            expected: VERSION,
        });
    }
    let role = Role::from_byte(bytes[6]);
    if role != Some(expected) {
        return Err(Error::corrupt(
            file,
            format!(
                "expected a {} file, found role byte {}",
                expected.name(),
                bytes[6]
            ),
        ));
    }
    let length = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
    let checksum = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
    let payload = &bytes[HEADER_LEN..];
    if payload.len() != length || crate::crc32::checksum(payload) != checksum {
        return Err(Error::Checksum {
            file: file.to_string(),
        });
    }
    Ok(payload)
}

/// Appends primitive encodings to a byte vector.
pub trait Put {
    fn put_varint(&mut self, value: u64);
    fn put_zigzag(&mut self, value: i64);
    fn put_str(&mut self, value: &str);
    fn put_f32(&mut self, value: f32);
}

impl Put for Vec<u8> {
    fn put_varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.push(value as u8);
    }

    fn put_zigzag(&mut self, value: i64) {
        self.put_varint(((value << 1) ^ (value >> 63)) as u64);
    }

    fn put_str(&mut self, value: &str) {
        self.put_varint(value.len() as u64);
        self.extend_from_slice(value.as_bytes());
    }

    fn put_f32(&mut self, value: f32) {
        self.extend_from_slice(&value.to_le_bytes());
    }
}

/// A bounds-checked cursor over a payload. Every read fails with [`Error::Corrupt`] instead
/// of panicking, so that a damaged file can never crash the reader.
#[derive(Clone)]
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    file: &'a str,
}

impl<'a> Cursor<'a> {
    pub fn new(file: &'a str, bytes: &'a [u8]) -> Cursor<'a> {
        Cursor {
            bytes,
            pos: 0,
            file,
        }
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn error(&self, detail: &str) -> Error {
        Error::corrupt(self.file, format!("{detail} at byte {}", self.pos))
    }

    pub fn u8(&mut self) -> Result<u8> {
        let byte = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error("unexpected end"))?;
        self.pos += 1;
        Ok(byte)
    }

    pub fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(self.error("varint longer than 10 bytes"))
    }

    /// A varint that must fit `limit` (a count or length that sizes an allocation).
    pub fn count(&mut self, limit: usize) -> Result<usize> {
        let value = self.varint()?;
        if value > limit as u64 {
            return Err(self.error(&format!("count {value} exceeds {limit}")));
        }
        Ok(value as usize)
    }

    pub fn zigzag(&mut self) -> Result<i64> {
        let raw = self.varint()?;
        Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }

    pub fn bytes(&mut self, len: usize) -> Result<&'a [u8]> {
        if len > self.remaining() {
            return Err(self.error("length past the end"));
        }
        let slice = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        Ok(slice)
    }

    pub fn str(&mut self) -> Result<&'a str> {
        let len = self.count(self.remaining())?;
        let bytes = self.bytes(len)?;
        std::str::from_utf8(bytes).map_err(|_| self.error("invalid UTF-8"))
    }

    pub fn f32(&mut self) -> Result<f32> {
        let b = self.bytes(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u32_le(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Writes a docs or text table: the first document id, the record offsets, the records.
pub fn put_table(out: &mut Vec<u8>, first_doc: u32, records: &[Vec<u8>]) {
    out.put_varint(u64::from(first_doc));
    out.put_varint(records.len() as u64);
    let mut offset = 0u32;
    out.extend_from_slice(&offset.to_le_bytes());
    for record in records {
        offset += record.len() as u32;
        out.extend_from_slice(&offset.to_le_bytes());
    }
    for record in records {
        out.extend_from_slice(record);
    }
}

/// A docs or text table, read lazily: a record is only decoded when asked for.
#[derive(Clone, Debug)]
pub struct Table {
    pub first_doc: u32,
    count: usize,
    offsets_at: usize,
    records_at: usize,
}

impl Table {
    pub fn parse(file: &str, payload: &[u8]) -> Result<Table> {
        let mut cursor = Cursor::new(file, payload);
        let first_doc =
            u32::try_from(cursor.varint()?).map_err(|_| cursor.error("document id too large"))?;
        let count = cursor.count(payload.len() / 4)?;
        let offsets_at = cursor.position();
        let records_at = offsets_at + (count + 1) * 4;
        if records_at > payload.len() {
            return Err(cursor.error("offset table past the end"));
        }
        let table = Table {
            first_doc,
            count,
            offsets_at,
            records_at,
        };
        // Offsets must rise and end at the payload's end, so every record slice is valid.
        let mut previous = 0u32;
        for i in 0..=count {
            let offset = table.offset(payload, i);
            if offset < previous {
                return Err(Error::corrupt(file, "record offsets go backwards"));
            }
            previous = offset;
        }
        if records_at + previous as usize != payload.len() {
            return Err(Error::corrupt(
                file,
                "records do not end at the end of the file",
            ));
        }
        Ok(table)
    }

    fn offset(&self, payload: &[u8], i: usize) -> u32 {
        let at = self.offsets_at + i * 4;
        u32::from_le_bytes([
            payload[at],
            payload[at + 1],
            payload[at + 2],
            payload[at + 3],
        ])
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub fn contains(&self, doc: u32) -> bool {
        doc >= self.first_doc && ((doc - self.first_doc) as usize) < self.count
    }

    /// The record of `doc`, which must be in this table ([`Table::contains`]).
    pub fn record<'a>(&self, payload: &'a [u8], doc: u32) -> &'a [u8] {
        let i = (doc - self.first_doc) as usize;
        let start = self.records_at + self.offset(payload, i) as usize;
        let end = self.records_at + self.offset(payload, i + 1) as usize;
        &payload[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut out = Vec::new();
        let values = [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX];
        for v in values {
            out.put_varint(v);
        }
        out.put_zigzag(-5);
        out.put_zigzag(i64::MIN);
        out.put_str("Zürich");
        let mut cursor = Cursor::new("t", &out);
        for v in values {
            assert_eq!(cursor.varint().unwrap(), v);
        }
        assert_eq!(cursor.zigzag().unwrap(), -5);
        assert_eq!(cursor.zigzag().unwrap(), i64::MIN);
        assert_eq!(cursor.str().unwrap(), "Zürich");
        assert!(cursor.is_empty());
        assert!(cursor.u8().is_err());
    }

    #[test]
    fn sealed_segments_check_magic_version_role_and_checksum() {
        let sealed = seal(Role::Docs, b"payload");
        assert_eq!(open("f", Role::Docs, &sealed).unwrap(), b"payload");

        let mut flipped = sealed.clone();
        flipped[HEADER_LEN + 2] ^= 1;
        assert_eq!(
            open("f", Role::Docs, &flipped).unwrap_err().kind(),
            "corrupt"
        );
        assert!(matches!(
            open("f", Role::Docs, &flipped),
            Err(Error::Checksum { .. })
        ));

        let mut old = sealed.clone();
        old[4] = 9;
        assert!(matches!(
            open("f", Role::Docs, &old),
            Err(Error::WrongVersion { found: 9, .. })
        ));

        assert!(matches!(
            open("f", Role::Docs, b"<html>404</html>"),
            Err(Error::NotAnIndex { .. })
        ));
        assert!(matches!(
            open("f", Role::Text, &sealed),
            Err(Error::Corrupt { .. })
        ));
        assert!(matches!(
            open("f", Role::Docs, &sealed[..sealed.len() - 1]),
            Err(Error::Checksum { .. })
        ));
        assert!(matches!(
            open("f", Role::Docs, &sealed[..6]),
            Err(Error::Checksum { .. })
        ));
    }

    #[test]
    fn tables_hold_records_and_refuse_bad_offsets() {
        let mut out = Vec::new();
        put_table(&mut out, 5, &[b"ab".to_vec(), Vec::new(), b"cde".to_vec()]);
        let table = Table::parse("t", &out).unwrap();
        assert_eq!(table.len(), 3);
        assert_eq!(table.record(&out, 5), b"ab");
        assert_eq!(table.record(&out, 6), b"");
        assert_eq!(table.record(&out, 7), b"cde");
        assert!(!table.contains(8) && !table.contains(4));
        assert!(Table::parse("t", &out[..out.len() - 1]).is_err());
        let mut garbled = out.clone();
        garbled[4] = 0xff; // a huge first offset
        assert!(Table::parse("t", &garbled).is_err());
    }

    #[test]
    fn huge_counts_are_refused_before_allocating() {
        let mut out = Vec::new();
        out.put_varint(u64::MAX / 2);
        assert!(Cursor::new("t", &out).count(1000).is_err());
    }
}
