//! Index files → checked data that searches read: the manifest first, then each file or byte
//! range as a search asks for it, each checked (magic, version, role and checksum for a
//! whole file; its own CRC-32 for a range) before anything in it is trusted.
//!
//! A search that finds something missing records it in [`Needs`] and stops with
//! [`Stop::Need`]; [`crate::Index`] hands the list to its caller as a
//! [`Step::Need`](crate::Step::Need).

use std::cell::RefCell;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::format::{HEADER_LEN, Role};
use crate::store::columns::{self, Columns};
use crate::store::docs::{self, DOCS_HEAD};
use crate::store::facets::{self, Facets};
use crate::store::lexicon::Lexicon;
use crate::store::manifest::Manifest;
use crate::store::meta::{self, Meta};
use crate::store::terms::{TermInfo, TermShard};

/// Something a search needs fetched: a whole file, a byte range of one, or a document's
/// record (a range whose text part is decompressed with raw deflate before it is added with
/// [`crate::Index::add_record`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fetch {
    /// The file, by its name in the manifest.
    pub file: String,
    /// Where the bytes start in the file (its header included).
    pub start: u64,
    /// Where they end, exclusive.
    pub end: u64,
    /// The whole file is needed (`start` and `end` span it).
    pub whole: bool,
    /// For a record: the document whose record this is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_of: Option<u32>,
    /// Only typo lookups asked for it: what the words as typed match does not wait on it.
    /// A caller may go on once the other fetches of the round are in (the next search asks
    /// again for what it still needs), so that a word's lexicon files, asked for in case it
    /// turns out to be a typo, never hold up a search that finds it is none.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub for_typos: bool,
}

/// The fetches a search finds it needs, gathered so that they can be made together; each
/// marked when only typo lookups asked for it (see [`Needs::only_for_typos`]).
#[derive(Default)]
pub(crate) struct Needs(RefCell<Vec<(Fetch, bool)>>);

impl Needs {
    pub(crate) fn push(&self, fetch: Fetch) {
        let mut list = self.0.borrow_mut();
        match list.iter_mut().find(|(f, _)| *f == fetch) {
            Some((_, for_typos)) => *for_typos = false,
            None => list.push((fetch, false)),
        }
    }

    /// Adds a fetch that only a typo lookup needs.
    pub(crate) fn push_for_typos(&self, fetch: Fetch) {
        let mut list = self.0.borrow_mut();
        if !list.iter().any(|(f, _)| *f == fetch) {
            list.push((fetch, true));
        }
    }

    /// Something is needed, and only by typo lookups: what the words as typed match is
    /// complete.
    pub(crate) fn only_for_typos(&self) -> bool {
        let list = self.0.borrow();
        !list.is_empty() && list.iter().all(|(_, for_typos)| *for_typos)
    }

    /// Stops with what is needed, when anything is.
    pub(crate) fn check(&self) -> Flow<()> {
        let list = self.0.take();
        if list.is_empty() {
            Ok(())
        } else {
            let mut fetches = Vec::with_capacity(list.len());
            for (fetch, for_typos) in list {
                fetches.push(Fetch { for_typos, ..fetch });
            }
            Err(Stop::Need(fetches))
        }
    }
}

/// Why a search stopped before its answer: it needs data first (not a failure), or it
/// failed.
#[derive(Debug)]
pub(crate) enum Stop {
    Need(Vec<Fetch>),
    Fail(Error),
}

impl From<Error> for Stop {
    fn from(error: Error) -> Stop {
        Stop::Fail(error)
    }
}

/// The result of a step of a search that may stop for data.
pub(crate) type Flow<T> = std::result::Result<T, Stop>;

/// A file read whole (header included), or the ranges of it read so far.
enum Blob {
    Whole(Vec<u8>),
    Ranges(Vec<(u64, Vec<u8>)>),
}

/// Decompresses the raw deflate of a text record into exactly the size it records (the
/// second argument), reading no further than one byte past it; `None` when it cannot.
/// Native readers install one with [`crate::Index::set_inflater`], the browser decompresses
/// before [`crate::Index::add_record`].
pub type Inflater = fn(&[u8], usize) -> Option<Vec<u8>>;

/// The loaded part of an index, and where the rest lies.
pub(crate) struct Reader {
    pub(crate) manifest: Manifest,
    roles: Vec<Role>,
    /// Per role (by its byte), the indexes of its files in the manifest, in order.
    by_role: Vec<Vec<usize>>,
    pub(crate) meta: Option<Meta>,
    pub(crate) columns: Option<Columns>,
    pub(crate) facets: Option<Facets>,
    /// Per terms file (in role order).
    shards: Vec<Option<TermShard>>,
    /// Per lexicon file (in role order).
    lexicons: Vec<Option<Lexicon>>,
    /// Per manifest file: positions and docs bytes.
    blobs: Vec<Option<Blob>>,
    /// Decompressed text records, sorted by document.
    texts: Vec<(u32, String)>,
    inflater: Option<Inflater>,
}

/// Where a document's record lies: (manifest index of its docs file, where the record starts
/// and ends in the file, header included).
type RecordPlace = (usize, u64, u64);

impl Reader {
    /// Starts from a manifest, checking its format, version and file list.
    pub(crate) fn new(manifest: Manifest) -> Result<Reader> {
        let roles = manifest.check()?;
        let mut by_role: Vec<Vec<usize>> = vec![Vec::new(); Role::TABLE_LEN];
        for (i, role) in roles.iter().enumerate() {
            by_role[*role as usize].push(i);
        }
        let shards = by_role[Role::Terms as usize].len();
        let lexicons = by_role[Role::Lexicon as usize].len();
        let blobs = manifest.files.iter().map(|_| None).collect();
        Ok(Reader {
            manifest,
            roles,
            by_role,
            meta: None,
            columns: None,
            facets: None,
            shards: (0..shards).map(|_| None).collect(),
            lexicons: (0..lexicons).map(|_| None).collect(),
            blobs,
            texts: Vec::new(),
            // Natively, text records decompress with the build's deflate; the browser
            // decompresses them itself before adding them.
            #[cfg(feature = "build")]
            inflater: Some(docs::inflate),
            #[cfg(not(feature = "build"))]
            inflater: None,
        })
    }

    /// Decompresses the text records of whole docs files as they are added (call it first).
    pub(crate) fn set_inflater(&mut self, inflater: Inflater) {
        self.inflater = Some(inflater);
    }

    /// The names of every file, in manifest order (to load an index whole).
    pub(crate) fn files(&self) -> impl Iterator<Item = &str> {
        self.manifest.files.iter().map(|f| f.name.as_str())
    }

    /// The files to load before the first search (meta and columns) that are not loaded
    /// yet; everything else is asked for by the searches that need it.
    pub(crate) fn files_to_load(&self) -> Vec<&str> {
        let mut out = Vec::new();
        if self.meta.is_none() {
            out.push(self.file_of(Role::Meta, 0));
        }
        if self.columns.is_none() {
            out.push(self.file_of(Role::Columns, 0));
        }
        out
    }

    fn file_of(&self, role: Role, n: usize) -> &str {
        self.by_role[role as usize]
            .get(n)
            .map_or("", |&i| self.manifest.files[i].name.as_str())
    }

    pub(crate) fn role_files(&self, role: Role) -> &[usize] {
        &self.by_role[role as usize]
    }

    fn index_of(&self, name: &str) -> Result<usize> {
        self.manifest
            .files
            .iter()
            .position(|f| f.name == name)
            .ok_or_else(|| Error::Manifest {
                message: format!("`{name}` is not a file of this index's manifest"),
            })
    }

    /// Checks and adds one whole file. Meta must come before columns and facets, whose sizes
    /// it gives.
    pub(crate) fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        let i = self.index_of(name)?;
        let role = self.roles[i];
        let payload = crate::format::open(name, role, &bytes)?;
        match role {
            Role::Meta => self.meta = Some(meta::decode(name, payload)?),
            Role::Columns => {
                let meta = self.meta_for(name)?;
                self.columns = Some(columns::decode(name, payload, meta)?);
            }
            Role::Facets => {
                let meta = self.meta_for(name)?;
                self.facets = Some(facets::decode(name, payload, meta)?);
            }
            Role::Terms => {
                let n = self
                    .role_files(Role::Terms)
                    .iter()
                    .position(|&f| f == i)
                    .unwrap_or(0);
                let shard = TermShard::decode(
                    name,
                    n as u32,
                    payload,
                    self.role_files(Role::Positions).len(),
                )?;
                self.shards[n] = Some(shard);
            }
            Role::Lexicon => {
                let n = self
                    .role_files(Role::Lexicon)
                    .iter()
                    .position(|&f| f == i)
                    .unwrap_or(0);
                self.lexicons[n] = Some(Lexicon::decode(name, payload)?);
            }
            Role::Positions => self.blobs[i] = Some(Blob::Whole(bytes)),
            Role::Docs => {
                let file = &self.manifest.files[i];
                let first_doc = file.first_doc.unwrap_or(0);
                let count = file.docs.unwrap_or(0);
                let columns = self.columns.as_ref().ok_or_else(|| Error::Manifest {
                    message: format!("load the columns file before {name}"),
                })?;
                // A loop, not a collect into `Result`: that adapter costs the Wasm module
                // about 0.3 kB gzip per instance.
                let mut units: Vec<u32> = Vec::new();
                for doc in first_doc..first_doc + count {
                    let (_, len) = columns
                        .record_span(first_doc, doc)
                        .ok_or_else(|| Error::corrupt(name, "documents past the index's"))?;
                    units.push((len / docs::RECORD_UNIT as u64) as u32);
                }
                let records = docs::records(name, payload, first_doc, &units)?;
                // Without an inflater, texts are asked for as records to decompress.
                if let Some(inflater) = self.inflater {
                    let mut texts = Vec::with_capacity(records.len());
                    for record in records {
                        let parts = docs::split_record(name, record)?;
                        let text = docs::decompress_text(name, parts.text, inflater)?;
                        texts.push((text, parts.text_crc));
                    }
                    for (local, (text, crc)) in texts.into_iter().enumerate() {
                        self.insert_text(name, first_doc + local as u32, text, crc)?;
                    }
                }
                self.blobs[i] = Some(Blob::Whole(bytes));
            }
        }
        Ok(())
    }

    /// Adds a byte range of a positions or docs file, as fetched (`start` is its
    /// offset in the file, header included). It is checked when used.
    pub(crate) fn add_range(&mut self, name: &str, start: u64, bytes: Vec<u8>) -> Result<()> {
        let i = self.index_of(name)?;
        if !matches!(self.roles[i], Role::Positions | Role::Docs) {
            return Err(Error::Manifest {
                message: format!("{name} is read whole, not by ranges"),
            });
        }
        match &mut self.blobs[i] {
            Some(Blob::Whole(_)) => {}
            Some(Blob::Ranges(ranges)) => ranges.push((start, bytes)),
            slot @ None => *slot = Some(Blob::Ranges(vec![(start, bytes)])),
        }
        Ok(())
    }

    /// Adds what `fetch` asked for, cut from `file`, the whole file as a native reader holds
    /// it: the file itself, a byte range of it, or a text record, decompressed with the
    /// inflater of [`crate::Index::set_inflater`].
    pub(crate) fn add_fetched(&mut self, fetch: &Fetch, file: &[u8]) -> Result<()> {
        if fetch.whole {
            return self.add_file(&fetch.file, file.to_vec());
        }
        let part = usize::try_from(fetch.start)
            .ok()
            .zip(usize::try_from(fetch.end).ok())
            .and_then(|(start, end)| file.get(start..end))
            .ok_or_else(|| Error::corrupt(&fetch.file, "shorter than its manifest says"))?;
        let Some(doc) = fetch.record_of else {
            return self.add_range(&fetch.file, fetch.start, part.to_vec());
        };
        let inflater = self.inflater.ok_or_else(|| Error::Manifest {
            message: format!(
                "{}: text records are decompressed by the inflater of Index::set_inflater",
                fetch.file
            ),
        })?;
        let parts = docs::split_record(&fetch.file, part)?;
        let text = docs::decompress_text(&fetch.file, parts.text, inflater)?;
        self.add_record(doc, part.to_vec(), text)
    }

    /// Adds the record of `doc`, fetched as a [`Fetch`] with `record_of`, and its text,
    /// decompressed from the record's deflated part; checked against the record's CRC-32s.
    pub(crate) fn add_record(&mut self, doc: u32, record: Vec<u8>, text: Vec<u8>) -> Result<()> {
        let (i, start, _) = self.record_place(doc)?;
        let name = self.manifest.files[i].name.clone();
        let crc = docs::split_record(&name, &record)?.text_crc;
        self.insert_text(&name, doc, text, crc)?;
        self.add_range(&name, start, record)
    }

    fn insert_text(&mut self, name: &str, doc: u32, text: Vec<u8>, crc: u32) -> Result<()> {
        if crate::crc32::checksum(&text) != crc {
            return Err(Error::Checksum {
                file: name.to_string(),
            });
        }
        let text =
            String::from_utf8(text).map_err(|_| Error::corrupt(name, "text is not UTF-8"))?;
        match self.texts.binary_search_by_key(&doc, |(d, _)| *d) {
            Ok(i) => self.texts[i].1 = text,
            Err(i) => self.texts.insert(i, (doc, text)),
        }
        Ok(())
    }

    fn meta_for(&self, name: &str) -> Result<&Meta> {
        self.meta.as_ref().ok_or_else(|| Error::Manifest {
            message: format!("load the meta file before {name}"),
        })
    }

    /// The meta data (counts, facets), once the meta file is loaded.
    pub(crate) fn meta(&self) -> Flow<&Meta> {
        self.meta
            .as_ref()
            .ok_or_else(|| self.whole_fetch(Role::Meta, 0))
    }

    /// The oldest and newest document dates, once the columns file is loaded (`None` before,
    /// and when no document is dated).
    pub(crate) fn date_range(&self) -> Option<(crate::date::Date, crate::date::Date)> {
        let columns = self.columns.as_ref()?;
        // Documents are numbered undated first, then oldest to newest.
        let oldest = columns.dates.iter().flatten().next();
        let newest = columns.dates.iter().flatten().next_back();
        oldest.zip(newest).map(|(&o, &n)| {
            (
                crate::date::Date::from_days(o),
                crate::date::Date::from_days(n),
            )
        })
    }

    /// The fetch of file `n` of a role, whole.
    pub(crate) fn whole(&self, role: Role, n: usize) -> Fetch {
        let i = self.role_files(role).get(n).copied().unwrap_or(0);
        let file = &self.manifest.files[i];
        Fetch {
            file: file.name.clone(),
            start: 0,
            end: file.bytes,
            whole: true,
            record_of: None,
            for_typos: false,
        }
    }

    pub(crate) fn whole_fetch(&self, role: Role, n: usize) -> Stop {
        Stop::Need(vec![self.whole(role, n)])
    }

    /// Terms file `n`, or a need for it.
    pub(crate) fn shard(&self, n: usize, needs: &Needs) -> Option<&TermShard> {
        let shard = self.shards.get(n)?.as_ref();
        if shard.is_none() {
            needs.push(self.whole(Role::Terms, n));
        }
        shard
    }

    /// Terms file `n` for a typo lookup, or a need for it marked so.
    pub(crate) fn shard_for_typos(&self, n: usize, needs: &Needs) -> Option<&TermShard> {
        let shard = self.shards.get(n)?.as_ref();
        if shard.is_none() {
            needs.push_for_typos(self.whole(Role::Terms, n));
        }
        shard
    }

    /// Terms file `n`, when loaded (the file of a [`TermInfo`] is).
    pub(crate) fn loaded_shard(&self, n: usize) -> Option<&TermShard> {
        self.shards.get(n)?.as_ref()
    }

    /// Lexicon file `n` for a typo lookup, or a need for it marked so.
    pub(crate) fn lexicon(&self, n: usize, needs: &Needs) -> Option<&Lexicon> {
        let lexicon = self.lexicons.get(n)?.as_ref();
        if lexicon.is_none() {
            needs.push_for_typos(self.whole(Role::Lexicon, n));
        }
        lexicon
    }

    /// The terms files whose range meets `[low, high)` (`high` `None`: no upper bound).
    pub(crate) fn shards_between(&self, low: &[u8], high: Option<&[u8]>) -> std::ops::Range<usize> {
        self.ranges_between(Role::Terms, low, high)
    }

    /// The files of a ranged role (terms, lexicon) whose range meets `[low, high)`.
    pub(crate) fn ranges_between(
        &self,
        role: Role,
        low: &[u8],
        high: Option<&[u8]>,
    ) -> std::ops::Range<usize> {
        let firsts: Vec<&[u8]> = self
            .role_files(role)
            .iter()
            .map(|&i| {
                self.manifest.files[i]
                    .first_term
                    .as_deref()
                    .unwrap_or("")
                    .as_bytes()
            })
            .collect();
        // The file holding `low` is the last one starting at or before it.
        let start = firsts
            .partition_point(|first| *first <= low)
            .saturating_sub(1);
        let end = match high {
            Some(high) => firsts.partition_point(|first| *first < high),
            None => firsts.len(),
        };
        start
            ..end
                .max(start + usize::from(!firsts.is_empty()))
                .min(firsts.len())
    }

    /// The first term of the terms file after `n`, where `n`'s range ends (`None`: `n` is the
    /// last).
    pub(crate) fn shard_end(&self, n: usize) -> Option<&[u8]> {
        let &next = self.role_files(Role::Terms).get(n + 1)?;
        self.manifest.files[next]
            .first_term
            .as_deref()
            .map(str::as_bytes)
    }

    /// The dictionary entry of `term`: `Ok(None)` when its shard is not loaded yet (and is
    /// now needed), `Ok(Some(None))` when the term is not in the index.
    pub(crate) fn lookup(&self, term: &str, needs: &Needs) -> Option<Option<TermInfo>> {
        let shards = self.shards_between(term.as_bytes(), None);
        if shards.is_empty() {
            return Some(None);
        }
        self.shard(shards.start, needs)
            .map(|shard| shard.get(term).copied())
    }

    /// [`Reader::lookup`] for a typo lookup: a terms file needed is marked so.
    pub(crate) fn lookup_for_typos(&self, term: &str, needs: &Needs) -> Option<Option<TermInfo>> {
        let shards = self.shards_between(term.as_bytes(), None);
        if shards.is_empty() {
            return Some(None);
        }
        self.shard_for_typos(shards.start, needs)
            .map(|shard| shard.get(term).copied())
    }

    /// Bytes `[offset, offset + len)` of the payload of file `n` of `role`, or a need for
    /// them. A range is checked against `crc` when it came as a range.
    pub(crate) fn range(
        &self,
        role: Role,
        n: usize,
        offset: u64,
        len: u64,
        crc: Option<u32>,
        needs: &Needs,
    ) -> Result<Option<&[u8]>> {
        let Some(&i) = self.role_files(role).get(n) else {
            return Err(Error::corrupt(
                role.name(),
                format!("no {} file {n}", role.name()),
            ));
        };
        let name = &self.manifest.files[i].name;
        let start = HEADER_LEN as u64 + offset;
        let end = start + len;
        if end > self.manifest.files[i].bytes {
            return Err(Error::corrupt(name, "a range past the end of the file"));
        }
        if let Some(Blob::Whole(bytes)) = &self.blobs[i] {
            return Ok(bytes.get(start as usize..end as usize));
        }
        match self.loaded(i, start, end) {
            Some(bytes) => {
                if crc.is_some_and(|crc| crate::crc32::checksum(bytes) != crc) {
                    return Err(Error::Checksum { file: name.clone() });
                }
                Ok(Some(bytes))
            }
            None => {
                needs.push(Fetch {
                    file: name.clone(),
                    start,
                    end,
                    whole: false,
                    record_of: None,
                    for_typos: false,
                });
                Ok(None)
            }
        }
    }

    /// The docs file holding `doc`: (manifest index, count among docs files, local index,
    /// document count).
    fn record_file(&self, doc: u32) -> Result<(usize, usize, usize, usize)> {
        for (n, &i) in self.role_files(Role::Docs).iter().enumerate() {
            let file = &self.manifest.files[i];
            let (first, count) = (file.first_doc.unwrap_or(0), file.docs.unwrap_or(0));
            if doc >= first && doc - first < count {
                return Ok((i, n, (doc - first) as usize, count as usize));
            }
        }
        Err(Error::Manifest {
            message: format!("no docs file holds document {doc}"),
        })
    }

    /// Where `doc`'s record lies, from the record sizes of the columns file.
    fn record_place(&self, doc: u32) -> Result<RecordPlace> {
        let (i, _, local, _) = self.record_file(doc)?;
        let columns = self.columns.as_ref().ok_or_else(|| Error::Manifest {
            message: "load the columns file before any record".into(),
        })?;
        let name = &self.manifest.files[i].name;
        let first_doc = doc - local as u32;
        let (offset, len) = columns
            .record_span(first_doc, doc)
            .ok_or_else(|| Error::corrupt(name, "a document past the record sizes"))?;
        let start = (HEADER_LEN + DOCS_HEAD) as u64 + offset;
        if start + len > self.manifest.files[i].bytes {
            return Err(Error::corrupt(name, "a record past the end of the file"));
        }
        Ok((i, start, start + len))
    }

    /// The bytes `[start, end)` of file `i`, when loaded.
    fn loaded(&self, i: usize, start: u64, end: u64) -> Option<&[u8]> {
        match self.blobs[i].as_ref()? {
            Blob::Whole(bytes) => bytes.get(start as usize..end as usize),
            Blob::Ranges(ranges) => ranges.iter().find_map(|(at, bytes)| {
                (*at <= start && end <= at + bytes.len() as u64)
                    .then(|| &bytes[(start - at) as usize..(end - at) as usize])
            }),
        }
    }

    /// The fetch of `doc`'s record.
    fn record_fetch(&self, doc: u32, (i, start, end): RecordPlace) -> Fetch {
        Fetch {
            file: self.manifest.files[i].name.clone(),
            start,
            end,
            whole: false,
            record_of: Some(doc),
            for_typos: false,
        }
    }

    /// The display record of `doc` (checked), or a need for its record.
    pub(crate) fn doc_record(&self, doc: u32, needs: &Needs) -> Result<Option<&[u8]>> {
        let place = self.record_place(doc)?;
        let (i, start, end) = place;
        match self.loaded(i, start, end) {
            Some(record) => Ok(Some(
                docs::split_record(&self.manifest.files[i].name, record)?.display,
            )),
            None => {
                needs.push(self.record_fetch(doc, place));
                Ok(None)
            }
        }
    }

    /// The decompressed text of `doc`, or a need for its record.
    pub(crate) fn text(&self, doc: u32, needs: &Needs) -> Result<Option<&str>> {
        if let Ok(i) = self.texts.binary_search_by_key(&doc, |(d, _)| *d) {
            return Ok(Some(&self.texts[i].1));
        }
        let place = self.record_place(doc)?;
        needs.push(self.record_fetch(doc, place));
        Ok(None)
    }

    pub(crate) fn file_name(&self, role: Role) -> &str {
        self.file_of(role, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetch(file: &str) -> Fetch {
        Fetch {
            file: file.into(),
            start: 0,
            end: 1,
            whole: true,
            record_of: None,
            for_typos: false,
        }
    }

    #[test]
    fn a_need_is_for_typos_only_while_nothing_else_asks_for_it() {
        let needs = Needs::default();
        assert!(!needs.only_for_typos(), "nothing needed");
        needs.push_for_typos(fetch("lexicon.a"));
        needs.push_for_typos(fetch("terms.b"));
        assert!(needs.only_for_typos());
        // The search itself needs a file a typo lookup asked for: no longer for typos only.
        needs.push(fetch("terms.b"));
        assert!(!needs.only_for_typos());
        needs.push_for_typos(fetch("terms.b"));
        assert!(
            !needs.only_for_typos(),
            "a typo lookup does not take it back"
        );
        let Err(Stop::Need(list)) = needs.check() else {
            panic!("needs stop the search");
        };
        // Each fetch says whether only typo lookups asked for it: the worker waits for the
        // others first.
        let typo_fetch = Fetch {
            for_typos: true,
            ..fetch("lexicon.a")
        };
        assert_eq!(list, vec![typo_fetch, fetch("terms.b")]);
        assert!(needs.check().is_ok(), "a check takes the list");
    }
}
