//! The index's byte layout: the manifest, the segment header shared by every index file, and
//! the primitive encodings (varints, strings) that the segments are made of.
//!
//! This page is the specification. The code that writes and reads each structure sits in one
//! module per structure, encoder beside decoder, under `src/store/` (`manifest.rs`,
//! `meta.rs`, `columns.rs`, `facets.rs` with `entries.rs`, `terms.rs`, `lexicon.rs`,
//! `postings.rs`, `docs.rs`);
//! `tests/golden.rs` holds the bytes to this page.
//!
//! # Files
//!
//! `quire build` writes one folder. A small corpus gets few files; a large one gets many
//! terms, positions and docs files (shards), each small, so that a search fetches only what it
//! needs, and little of it even from a host that ignores `Range`:
//!
//! ```text
//! quire.json                  manifest: format version, counts, every file below, shard bounds
//! meta.<hash>.qi              counts, field statistics, facets with their values and counts,
//!                             the spellings of the registers' names
//! columns.<hash>.qi           per-document ranking data: dates, field-length norms, sort
//!                             keys; and each document's record size
//! facets.<hash>.qi            per facet value, the documents that carry it; per document,
//!                             its entries' days, spans and tags
//! terms.<hash>.qi      ×T     a term range of the dictionary (about 16 kB): an FST, each
//!                             term's df and positions location, and its postings list
//! lexicon.<hash>.qi    ×L     a term range of the dictionary without postings (about
//!                             16 kB): an FST from term to df, which typo lookups walk
//! positions.<hash>.qi  ×Q     word positions (files of at most 128 kB), read for phrases and
//!                             for the entries that answer
//! docs.<hash>.qi       ×D     16 documents' records: display data, entries, excerpt text
//! ```
//!
//! ```text
//!   quire.json ──▶ meta, columns ──▶ round 1: terms file of "zarif" (its postings inside)
//!                                      └─▶ round 2: the records of the top hits (ranges
//!                                          located by the columns' record sizes)
//! ```
//!
//! A query of words takes two rounds of requests: its words' terms files, then its hits'
//! records (a phrase, or entries to choose, add the positions to the second round). A typo
//! lookup walks the lexicon files of a word's first letter, asked for with the word's terms
//! file, and fetches the terms files of the few terms it keeps in the second round, with the
//! records of the hits found without typos (which rank above any a typo adds).
//!
//! `<hash>` is 16 hex digits that content decides, so a name never changes meaning:
//! hosts may cache the files forever, and an unchanged file keeps its name across rebuilds.
//! For meta, columns and facets it is the first 16 hex digits of the SHA-256 of the file.
//! The many files of terms, lexicon, positions and docs are **named by groups** of
//! [`NAME_GROUP_FILES`] consecutive files of one role: file *k* of a group (0-based) has as
//! its hash the group's hash, 14 hex digits, then *k* as 2 hex digits. The group's hash is
//! the first 14 hex digits of the SHA-256 of the SHA-256s of its files, end to end, so an
//! unchanged group keeps its names (a new article, numbered last, changes the last docs
//! group only), and the manifest lists 14 digits a group instead of 16 a file: on a large
//! index those hashes were two thirds of `quire.json`'s bytes. Only `quire.json` is
//! rewritten in place, last. Meta, columns, facets,
//! terms and lexicon files are read whole; positions and docs files are read by byte ranges (HTTP
//! `Range`), which the terms files and the columns file locate (a host without `Range` sends
//! the whole file, which is small). No file is larger than 8 MiB, the limit of common static
//! hosts being 25 MiB.
//!
//! # The manifest (`quire.json`)
//!
//! | key | meaning |
//! |---|---|
//! | `format` | always `"quire-index"` |
//! | `version` | [`VERSION`]; a reader refuses any other |
//! | `documents`, `entries`, `terms` | counts |
//! | `checksum` | 8 lowercase hex digits: the CRC-32 of the manifest's content, below |
//! | `languages` | the articles' language tags, sorted (as in meta) |
//! | `allStemmers` | `true` when a search needs a stemmer other than English: the default engine (`quire_bg.wasm`) has only English, `quire_all_bg.wasm` has all |
//! | `files` | one object per file: `role`, `name`, `bytes` (its size); terms and lexicon files add `firstTerm` (the first term of their range), docs files `firstDoc` and `docs` |
//! | `termsFiles`, `lexiconFiles`, `positionsFiles`, `docsFiles` | all the files of that role, when all are named by groups (above), compactly: `hashes` (the 14 hex digits of each group's hash, end to end: file *n* is `<role>.<hash of group n / 256><n mod 256 as 2 hex digits>.qi`), `bytes` (an array of sizes); terms and lexicon add `firstTerms`, docs `docs` (each file's document count; its first document is the sum of the counts before it) |
//!
//! Files of one role are listed in order (`files` first, then the compact list); "file *n*"
//! below counts within its role. The JSON is written without spaces: it is fetched on every
//! visit. A name is
//! always `<role>.<16 lowercase hex digits>.qi`, and no name is listed twice (but positions files,
//! whose identical twins share a name); terms files, and lexicon files, are
//! in the order of their `firstTerm`; docs files cover the documents from 0, in order.
//!
//! The `checksum` is of these bytes, in the primitive encodings below, so that it does not
//! depend on the JSON's spacing or key order (a reader checks it after `version`):
//!
//! | field | encoding |
//! |---|---|
//! | format | str |
//! | version, documents, entries, terms | varint ×4 |
//! | language count; per language: its tag | varint; str |
//! | allStemmers | u8 1 when true, else 0 |
//! | file count | varint |
//! | per file: role, name, bytes | str, str, varint |
//! | per file: firstTerm, firstDoc, docs | each u8 0 when absent, else u8 1 then str, varint, varint |
//!
//! The files are summed as listed in full, the compact lists expanded (`files` first).
//!
//! # Segment header (every `.qi` file)
//!
//! ```text
//! offset  size  field
//! 0       4     magic        "QUIR"
//! 4       2     version      u16 little-endian, = VERSION
//! 6       1     role         u8: 1 meta, 2 terms, 3 lexicon, 4 columns, 5 facets, 6 docs,
//!                            8 positions (7 was text, merged into docs in format 8; 3 was
//!                            postings until format 10, merged into terms)
//! 7       1     reserved     0
//! 8       4     length       u32 little-endian, bytes of payload
//! 12      4     checksum     u32 little-endian, CRC-32 (IEEE) of the payload
//! 16      ...   payload
//! ```
//!
//! A file read whole is checked against the header's checksum; a positions range carries its
//! own CRC-32 in the terms file that located it, a docs record its own CRC-32s.
//!
//! # Primitive encodings
//!
//! | name | encoding |
//! |---|---|
//! | `varint` | unsigned LEB128, 7 bits a byte, least significant group first, at most 10 bytes |
//! | `zigzag` | a signed integer as a varint of `(n << 1) ^ (n >> 63)` |
//! | `str` | a varint byte length, then that many bytes of UTF-8 |
//! | `u32`, `f32` | 4 bytes little-endian |
//! | `rice(k)` | bits, least significant first: `v >> k` in unary (ones, then a zero), then the low `k` bits of `v`; 40 ones then 32 raw bits for large values (see `src/store/bits.rs`) |
//! | `gamma` | Elias gamma: the bit length minus one in unary, then the bits below the top one |
//! | `day` | a date or none, as a signed integer: 0 for none; a date `d` days after 1970-01-01 as `d + 1` when `d ≥ 0`, as `d` (negative) when it is before, so that 1969-12-31 is −1, not 0; only years 1 to 9999 |
//!
//! # Payloads
//!
//! Document ids are 0-based and number the documents undated first, then oldest to newest
//! (ties by id), so that date order is id order and a new article usually comes last.
//! Fields: 0 title, 1 summary, 2 keywords (kind, authors, filter values, register aliases),
//! 3 body, 4 entries.
//!
//! **meta**
//!
//! | field | encoding |
//! |---|---|
//! | documents, entries, terms | varint ×3 |
//! | field count F, then F average field lengths | varint, f32 ×F |
//! | facet count; per facet: name, label, value count V; per value: value, document count | varint; str, str, varint; (str, varint) ×V |
//! | sort-key count; per key: name | varint; str |
//! | name count; per name: facet index + 1 (0: the index has no such facet), value index, term count, terms | varint ×3; str ×terms |
//! | language count; per language: its tag (`en`, `fr`, sorted) | varint; str |
//!
//! A **name** is an outlet or person of the registers: the index terms of its one-word
//! name and aliases (`araghchi`, `araqchi`, `عراقچی`) that some document has, and its
//! facet value. A query word that is one of the terms matches every one of them, as exactly.
//! The **languages** are those of the articles: a query is stemmed for each (see
//! `src/language.rs`).
//!
//! **columns**
//!
//! | field | encoding |
//! |---|---|
//! | documents N, fields F, sort keys S | varint ×3 |
//! | dates | N × zigzag delta of `day` (the first from 0) |
//! | record sizes | N × varint: each document's record in its docs file, in [`RECORD_UNIT`]s |
//! | field mask M (fields with any length) | u8 |
//! | norms, for each field in M | u8 lowest and u8 highest `q`; for the body field only, 15 varint thresholds T (record units, never decreasing); then ⌈N / 2⌉ bytes, two 4-bit values a byte (low nibble first). A document's level is `round((q − lowest) × 15 / (highest − lowest))`, where `q = round(ln(1 + length) × 23)` capped at 255; the value stored is that level, or for the body field `(level − p) mod 16`, where `p`, the level its record size predicts, is the number of thresholds at or below that size |
//! | sort keys | S × N f32, NaN for missing |
//!
//! The body's level is stored against the record size because a record holds the body's
//! text: the prediction is right for about 4 documents in 5, and the zeros compress (the
//! body levels of tehrantimes, 12.6 kB gzip stored plainly, take 4.8 kB).
//!
//! A document's record starts, in its docs file, after the 8-byte head and the records of
//! the documents of that file before it: the columns file locates every record, so a hit's
//! record is fetched in the round after the hits are known.
//!
//! **facets**: per facet of meta, per value of that facet: varint document count, then the
//! document ids as varint deltas (first absolute). Then the **entries table**:
//!
//! | field | encoding |
//! |---|---|
//! | tag set count S; per set: tag count; per tag: facet index, value index | varint; varint; varint ×2 |
//! | documents with entries D; per document: id gap (the first id, then the gap minus one), entry count | varint ×2 |
//! | per entry of that document: day, indexed words, tag set | zigzag, varint, varint |
//!
//! An entry's day is days since 1970-01-01 as a delta from the entry before it (across
//! documents; the first from 0). Its tags are the (facet, value) pairs of the outlets,
//! leanings, people and roles it names, in ascending order; entries with the same tags
//! share a set, and the sets are numbered most used first (most entries name theirs in one
//! byte). Its span in the entries field of its document starts at 0 for the first
//! entry, and [`BLOCK_GAP`] positions after the end of the one before for the next: the
//! positions of a term that fall in it are the term's occurrences in that entry. The meta
//! file's entry count is the number of entries in the table.
//!
//! **terms** (one term range, with its terms' postings lists: one fetch answers a word):
//!
//! | field | encoding |
//! |---|---|
//! | term count T | varint |
//! | FST length, FST | varint, bytes of an `fst::Map` from term to its ordinal |
//! | per term, by ordinal: df, postings list length; positions file, offset, length, CRC-32 | varint ×2; varint ×3, u32 |
//! | postings lists, by ordinal, end to end | bytes (they fill the rest of the payload) |
//!
//! Positions offsets are within the payload of that positions file. A terms file is cut
//! once it reaches about 16 kB; a longer postings list makes a file of its own.
//!
//! **lexicon** (one term range, for typo lookups: the dictionary without postings):
//!
//! | field | encoding |
//! |---|---|
//! | term count T | varint |
//! | FST | bytes of an `fst::Map` from term to its document frequency (the rest of the payload) |
//!
//! Lexicon files hold every term of the terms files, cut independently of them: once the
//! terms and a byte a df reach about 24 kB, or at a new first letter once they reach a
//! quarter of that (a typo lookup reads the files of a first letter).
//!
//! The first lexicon files hold **rotated** keys, [`ROTATED_MARK`] then the term without its
//! first letter, then that letter (`!ubmarins` for `submarin`; the mark sorts before any
//! term), for each term of four letters or more in at least two documents, cut at about 3 kB:
//! a word typed with its first letter missing or changed begins one of them.
//!
//! **postings list** (in its term's terms file):
//!
//! | field | encoding |
//! |---|---|
//! | k_doc, main field, k_first, k_gap | u8 ×4 |
//! | per document: id gap (the first id, then the gap minus one) | rice(k_doc) |
//! | main field only, tf 1 | bit 0 |
//! | main field only, tf ≥ 2 | bits 1 0, gamma(tf − 1) |
//! | any fields | bits 1 1, field mask (5 bits), gamma(tf) per field in the mask |
//! | when the title is among its fields: the title form | 8 bits |
//! | when the title is among its fields: the title rank | 3 bits |
//!
//! The title form is the low byte of the CRC-32 of the folded word the title has for the
//! term first (`visits` for the term `visit`): a reader compares it with the word as typed to
//! rank a title with the reader's very words above one with other words of their terms.
//!
//! The title rank is how many of the title's distinctive terms (of at least four letters)
//! have fewer documents than this one, ties going to the earlier in the title, capped at 7;
//! a term that is not distinctive has 7. A reader ranks a title whose rarest terms are the
//! words typed above one that shares them but has a rarer word left out.
//!
//! **positions list** (a range of a positions file): per document of the postings list, per
//! field of its mask, its tf positions: the first as rice(k_first), each next one as
//! rice(k_gap) of the gap minus one. Positions count indexed words only (stop words leave no
//! gap; the parts of a word, `sullivan` of "O'Sullivan", share its position); blocks of a
//! field (paragraphs, entries) are [`BLOCK_GAP`] = 8 positions apart.
//!
//! **docs** (the documents of a range, 16 to a file):
//!
//! | field | encoding |
//! |---|---|
//! | first document id, count C | u32 ×2 |
//! | C records, one per document in order | bytes |
//!
//! A **record**, padded with zeros to a whole number of [`RECORD_UNIT`] = 64 bytes (the
//! columns file holds the count):
//!
//! | field | encoding |
//! |---|---|
//! | display record length L, text record length M | u32 ×2 |
//! | display record, its CRC-32 | L bytes, u32 |
//! | text record (below), CRC-32 of the plain text | M bytes, u32 |
//!
//! A **display record**:
//!
//! | field | encoding |
//! |---|---|
//! | id, title, url | str ×3 |
//! | date | zigzag of `day` |
//! | kind, summary | str ×2 |
//! | facet values: count; per value: facet index, value index | varint; varint ×2 |
//! | entries: count; per entry: date, anchor, text start, text length, tags: count; per tag: facet index, value index; people: count; per person: name, role on the entry's date ("" if none) | varint; zigzag of `day` (never 0), str, varint ×2, varint; varint ×2; varint; str ×2 |
//! | sections: count; per section: anchor, text start, text length | varint; str, varint ×2 |
//!
//! A **section** is opened by a heading with an `id` (HTML, or Markdown's `{#id}`) and runs
//! to the line before the next such heading, or to the end of the text: its first line is
//! the heading. Hits list the sections that hold the query's words as sub-results.
//!
//! A **text record** is the document's plain text (headings, paragraphs and list items on
//! lines of their own):
//!
//! | field | encoding |
//! |---|---|
//! | the plain text's size in bytes, at most `MAX_TEXT_BYTES` (64 MiB) | u32 |
//! | the plain text, compressed with raw deflate (RFC 1951) | bytes |
//!
//! Readers decompress no more than the size says (a record claiming more than the limit, or
//! inflating to more or fewer bytes, is corrupt); entries point into the decompressed text by
//! byte offset, and the CRC-32 is of the decompressed text.

use crate::error::{Error, Result};

/// The index format version. Bump it on any change to the layout above.
pub const VERSION: u32 = 19;

/// Files of the many-file roles (terms, lexicon, positions, docs) share a hash by groups of
/// this many: the last 2 hex digits of a name number the file in its group.
pub const NAME_GROUP_FILES: usize = 256;

/// The hex digits of a group's hash in a file name; the other 2 of the 16 number the file.
pub const GROUP_HASH_DIGITS: usize = 14;

/// The first character of a rotated key of the lexicon (see the lexicon's layout above): no
/// term has it, and it sorts before every term.
pub const ROTATED_MARK: char = '!';

/// Positions between two blocks of one field (paragraphs, entries, keyword values), so that
/// a phrase never matches across them; entry spans (see the entries table) count on it.
pub const BLOCK_GAP: u32 = 8;

/// Docs records are padded to a multiple of this many bytes; the columns file gives each
/// document's record size in these units (one byte for a record under 8 kB).
pub const RECORD_UNIT: usize = 64;

/// The first bytes of every index file.
pub(crate) const MAGIC: [u8; 4] = *b"QUIR";

/// The length of the segment header.
pub(crate) const HEADER_LEN: usize = 16;

/// What an index file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Role {
    /// Counts, field statistics, facets and sort keys.
    Meta = 1,
    /// A range of the term dictionary.
    Terms = 2,
    /// A range of the term dictionary without postings, for typo lookups.
    Lexicon = 3,
    /// Per-document ranking data.
    Columns = 4,
    /// Per facet value, its documents.
    Facets = 5,
    /// Per document, its display and text records.
    Docs = 6,
    /// Word positions, for phrases.
    Positions = 8,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 7] = [
        Role::Meta,
        Role::Terms,
        Role::Lexicon,
        Role::Columns,
        Role::Facets,
        Role::Docs,
        Role::Positions,
    ];

    /// One more than the largest role byte: the length of a table indexed by role.
    pub(crate) const TABLE_LEN: usize = Role::Positions as usize + 1;

    /// The role's name in the manifest and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Role::Meta => "meta",
            Role::Terms => "terms",
            Role::Lexicon => "lexicon",
            Role::Columns => "columns",
            Role::Facets => "facets",
            Role::Docs => "docs",
            Role::Positions => "positions",
        }
    }

    /// The role of a manifest `role` value.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }

    fn from_byte(byte: u8) -> Option<Role> {
        Role::ALL.into_iter().find(|role| *role as u8 == byte)
    }
}

/// Wraps a payload in the segment header.
pub(crate) fn seal(role: Role, payload: &[u8]) -> Vec<u8> {
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
pub(crate) fn open<'a>(file: &str, expected: Role, bytes: &'a [u8]) -> Result<&'a [u8]> {
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

/// A date (days since 1970-01-01, `None` for none) as the signed integer `day` of the spec.
pub(crate) fn day_value(days: Option<i32>) -> i64 {
    match days {
        None => 0,
        Some(d) if d >= 0 => i64::from(d) + 1,
        Some(d) => i64::from(d),
    }
}

/// The inverse of [`day_value`]; `Err(())` for a value outside years 1 to 9999, which no
/// build writes.
pub(crate) fn days_of_value(value: i64) -> std::result::Result<Option<i32>, ()> {
    let days = match value {
        0 => return Ok(None),
        v if v > 0 => v - 1,
        v => v,
    };
    let (first, last) = (
        crate::date::Date::FIRST.to_days(),
        crate::date::Date::LAST.to_days(),
    );
    if (i64::from(first)..=i64::from(last)).contains(&days) {
        Ok(Some(days as i32))
    } else {
        Err(())
    }
}

/// Appends primitive encodings to a byte vector.
pub(crate) trait Put {
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
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    file: &'a str,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(file: &'a str, bytes: &'a [u8]) -> Cursor<'a> {
        Cursor {
            bytes,
            pos: 0,
            file,
        }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub(crate) fn error(&self, detail: &str) -> Error {
        Error::corrupt(self.file, format!("{detail} at byte {}", self.pos))
    }

    pub(crate) fn u8(&mut self) -> Result<u8> {
        let byte = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error("unexpected end"))?;
        self.pos += 1;
        Ok(byte)
    }

    pub(crate) fn varint(&mut self) -> Result<u64> {
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
    pub(crate) fn count(&mut self, limit: usize) -> Result<usize> {
        let value = self.varint()?;
        if value > limit as u64 {
            return Err(self.error(&format!("count {value} exceeds {limit}")));
        }
        Ok(value as usize)
    }

    pub(crate) fn zigzag(&mut self) -> Result<i64> {
        let raw = self.varint()?;
        Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }

    /// A zigzag `day` (see [`day_value`]): days since 1970-01-01, `None` for none.
    pub(crate) fn day(&mut self) -> Result<Option<i32>> {
        let value = self.zigzag()?;
        days_of_value(value).map_err(|()| self.error("date out of range"))
    }

    pub(crate) fn bytes(&mut self, len: usize) -> Result<&'a [u8]> {
        if len > self.remaining() {
            return Err(self.error("length past the end"));
        }
        let slice = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        Ok(slice)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str> {
        let len = self.count(self.remaining())?;
        let bytes = self.bytes(len)?;
        std::str::from_utf8(bytes).map_err(|_| self.error("invalid UTF-8"))
    }

    pub(crate) fn f32(&mut self) -> Result<f32> {
        let b = self.bytes(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u32_le(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
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
        old[4] = (VERSION - 1) as u8;
        assert!(matches!(
            open("f", Role::Docs, &old),
            Err(Error::WrongVersion { found, .. }) if found == VERSION - 1
        ));

        assert!(matches!(
            open("f", Role::Docs, b"<html>404</html>"),
            Err(Error::NotAnIndex { .. })
        ));
        assert!(matches!(
            open("f", Role::Positions, &sealed),
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
    fn days_round_trip_with_none_apart_from_every_date() {
        use crate::date::Date;
        let days = [
            None,
            Some(-1), // 1969-12-31, which "days + 1" would store as none
            Some(0),
            Some(1),
            Some(-719_162),
            Some(20_000),
            Some(Date::FIRST.to_days()),
            Some(Date::LAST.to_days()),
        ];
        let mut out = Vec::new();
        for day in days {
            out.put_zigzag(day_value(day));
        }
        let mut cursor = Cursor::new("t", &out);
        for day in days {
            assert_eq!(cursor.day().unwrap(), day);
        }
        assert_eq!(day_value(Some(-1)), -1);
        assert_eq!(day_value(Some(0)), 1, "dates from 1970 on keep their bytes");
        for outside in [Date::LAST.to_days() as i64 + 2, i64::MIN, i64::MAX] {
            assert!(days_of_value(outside).is_err(), "{outside}");
        }
    }

    #[test]
    fn huge_counts_are_refused_before_allocating() {
        let mut out = Vec::new();
        out.put_varint(u64::MAX / 2);
        assert!(Cursor::new("t", &out).count(1000).is_err());
    }
}
