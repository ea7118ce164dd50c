//! Reading an index: the manifest first, then each file or byte range as a search asks for
//! it, each checked (magic, version, role and checksum for a whole file; its own CRC-32 for a
//! range) before anything in it is trusted.
//!
//! A search that needs data not loaded yet fails with [`Error::Fetch`], listing every
//! file and range it needs next; the caller fetches them, adds them ([`Index::add_file`],
//! [`Index::add_range`], [`Index::add_text`]; or, holding whole files natively,
//! [`Index::add_fetched`]) and searches again. A few rounds answer any query: the dictionary
//! shards of its words, their postings, then the records of the hits.

use std::cell::RefCell;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::format::{Cursor, HEADER_LEN, Manifest, RecordPart, Role, VERSION, record_slot};
use crate::postings::FIELD_COUNT;
use crate::score::Scorer;

/// One facet as the meta file describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct FacetInfo {
    pub name: String,
    pub label: String,
    /// Values in stored (sorted) order, each with its document count in the whole index.
    pub values: Vec<(String, u32)>,
}

/// Counts and definitions: the small file every search needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub documents: u32,
    pub entries: u32,
    pub terms: u32,
    pub average_lengths: [f32; FIELD_COUNT],
    pub facets: Vec<FacetInfo>,
    pub sort_keys: Vec<String>,
}

/// Per-document ranking data.
pub struct Columns {
    /// Days since 1970-01-01, `None` for undated documents.
    pub dates: Vec<Option<i32>>,
    /// Field-major norm bytes: `norms[field * documents + doc]`.
    pub norms: Vec<u8>,
    pub sort_keys: Vec<Vec<f32>>,
}

/// Facet value → documents, and its transpose for counting.
pub struct Facets {
    /// `docs[facet][value]`: ascending document ids.
    pub docs: Vec<Vec<Vec<u32>>>,
    /// `doc_values[doc_starts[d]..doc_starts[d + 1]]`: (facet, value) pairs of document `d`.
    pub doc_starts: Vec<u32>,
    pub doc_values: Vec<(u16, u32)>,
}

/// Where a term's postings or positions are: a range of one file of that role.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Location {
    /// The file, counted among the files of its role.
    pub file: u32,
    /// Offset in the file's payload.
    pub offset: u64,
    pub len: u32,
    pub crc: u32,
}

/// What the dictionary knows of a term.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TermInfo {
    pub postings: Location,
    pub positions: Location,
    pub df: u32,
}

/// One terms file: a term range's FST and the locations of its terms.
pub struct TermShard {
    pub map: fst::Map<Vec<u8>>,
    infos: Vec<TermInfo>,
}

impl TermShard {
    fn parse(
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

    pub fn get(&self, term: &str) -> Option<&TermInfo> {
        self.map
            .get(term)
            .and_then(|ordinal| self.infos.get(ordinal as usize))
    }

    /// The term info of an FST value found by a stream over [`TermShard::map`].
    pub fn info(&self, ordinal: u64) -> Option<&TermInfo> {
        self.infos.get(ordinal as usize)
    }
}

/// Something a search needs fetched: a whole file, a byte range of one, or a text record
/// (a range to decompress with raw deflate and add with [`Index::add_text`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fetch {
    pub file: String,
    /// Byte range in the file (`end` exclusive); the whole file when `whole`.
    pub start: u64,
    pub end: u64,
    pub whole: bool,
    /// For a text record: the document whose text this is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_of: Option<u32>,
}

/// The fetches a search finds it needs, gathered so that they can be made together.
#[derive(Default)]
pub(crate) struct Needs(RefCell<Vec<Fetch>>);

impl Needs {
    pub(crate) fn push(&self, fetch: Fetch) {
        let mut list = self.0.borrow_mut();
        if !list.contains(&fetch) {
            list.push(fetch);
        }
    }

    /// `Err(Error::Fetch)` when something is needed.
    pub(crate) fn check(&self) -> Result<()> {
        let list = self.0.take();
        if list.is_empty() {
            Ok(())
        } else {
            Err(Error::Fetch(list))
        }
    }
}

/// A file read whole (header included), or the ranges of it read so far.
enum Blob {
    Whole(Vec<u8>),
    Ranges(Vec<(u64, Vec<u8>)>),
}

/// Decompresses a text record (raw deflate); native readers install one with
/// [`Index::set_inflater`], the browser decompresses before [`Index::add_text`].
pub type Inflater = fn(&[u8]) -> Option<Vec<u8>>;

/// A searchable index. Open it with the manifest, add the files of [`Index::files_to_load`],
/// then search; a search that needs more returns [`Error::Fetch`] with what to add.
pub struct Index {
    pub(crate) manifest: Manifest,
    roles: Vec<Role>,
    /// Per role (by its byte), the indexes of its files in the manifest, in order.
    by_role: Vec<Vec<usize>>,
    pub(crate) meta: Option<Meta>,
    pub(crate) scorer: Option<Scorer>,
    pub(crate) columns: Option<Columns>,
    pub(crate) facets: Option<Facets>,
    /// Per terms file (in role order).
    shards: Vec<Option<TermShard>>,
    /// Per manifest file: postings, positions and docs bytes.
    blobs: Vec<Option<Blob>>,
    /// Decompressed text records, sorted by document.
    texts: Vec<(u32, String)>,
    inflater: Option<Inflater>,
}

/// Where a record lies: (manifest index of its file, the file's count among its role,
/// payload range, CRC-32).
type RecordPlace = (usize, usize, (usize, usize), u32);

/// The upper bound on documents that a meta file may claim: it sizes allocations, so a
/// corrupt count must not ask for gigabytes.
const MAX_DOCUMENTS: usize = 50_000_000;

impl Index {
    /// Starts an index from its manifest (`quire.json`), checking its format and version.
    pub fn new(manifest: Manifest) -> Result<Index> {
        if manifest.format != "quire-index" {
            return Err(Error::Manifest {
                message: format!(
                    "`format` is `{}`, not `quire-index`: this is not a Quire manifest",
                    manifest.format
                ),
            });
        }
        if manifest.version != VERSION {
            return Err(Error::WrongVersion {
                file: crate::format::MANIFEST_NAME.to_string(),
                found: manifest.version,
                expected: VERSION,
            });
        }
        let mut roles = Vec::new();
        let mut by_role: Vec<Vec<usize>> = vec![Vec::new(); Role::TABLE_LEN];
        for (i, file) in manifest.files.iter().enumerate() {
            let role = Role::from_name(&file.role).ok_or_else(|| Error::Manifest {
                message: format!("unknown file role `{}`; rebuild the index", file.role),
            })?;
            if role == Role::Terms && file.first_term.is_none() {
                return Err(Error::Manifest {
                    message: format!("terms file {} has no firstTerm", file.name),
                });
            }
            if role == Role::Docs && (file.first_doc.is_none() || file.docs.is_none()) {
                return Err(Error::Manifest {
                    message: format!("{} has no firstDoc or docs", file.name),
                });
            }
            roles.push(role);
            by_role[role as usize].push(i);
        }
        for role in [Role::Meta, Role::Columns, Role::Facets, Role::Docs] {
            if by_role[role as usize].is_empty() {
                return Err(Error::Manifest {
                    message: format!("no {} file is listed; rebuild the index", role.name()),
                });
            }
        }
        let shards = by_role[Role::Terms as usize].len();
        let blobs = manifest.files.iter().map(|_| None).collect();
        Ok(Index {
            manifest,
            roles,
            by_role,
            meta: None,
            scorer: None,
            columns: None,
            facets: None,
            shards: (0..shards).map(|_| None).collect(),
            blobs,
            texts: Vec::new(),
            inflater: None,
        })
    }

    /// Parses the manifest's JSON text (native callers; the browser hands over a parsed
    /// object).
    #[cfg(feature = "build")]
    pub fn from_manifest_json(json: &[u8]) -> Result<Index> {
        let manifest: Manifest = serde_json::from_slice(json).map_err(|e| Error::Manifest {
            message: format!(
                "{} does not parse ({e}); rebuild the index",
                crate::format::MANIFEST_NAME
            ),
        })?;
        Index::new(manifest)
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Decompresses the text records of whole docs files as they are added (call it first).
    pub fn set_inflater(&mut self, inflater: Inflater) {
        self.inflater = Some(inflater);
    }

    /// The names of every file, in manifest order (to load an index whole).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.manifest.files.iter().map(|f| f.name.as_str())
    }

    /// The files to load before the first search (meta and columns) that are not loaded
    /// yet; everything else is asked for by the searches that need it.
    pub fn files_to_load(&self) -> Vec<&str> {
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
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        let i = self.index_of(name)?;
        let role = self.roles[i];
        let payload = crate::format::open(name, role, &bytes)?;
        match role {
            Role::Meta => {
                let meta = parse_meta(name, payload)?;
                self.scorer = Some(Scorer::new(&meta.average_lengths));
                self.meta = Some(meta);
            }
            Role::Columns => {
                let meta = self.meta_for(name)?;
                self.columns = Some(parse_columns(name, payload, meta)?);
            }
            Role::Facets => {
                let meta = self.meta_for(name)?;
                self.facets = Some(parse_facets(name, payload, meta)?);
            }
            Role::Terms => {
                let n = self
                    .role_files(Role::Terms)
                    .iter()
                    .position(|&f| f == i)
                    .unwrap_or(0);
                let shard = TermShard::parse(
                    name,
                    payload,
                    self.role_files(Role::Postings).len(),
                    self.role_files(Role::Positions).len(),
                )?;
                self.shards[n] = Some(shard);
            }
            Role::Postings | Role::Positions => self.blobs[i] = Some(Blob::Whole(bytes)),
            Role::Docs => {
                let file = &self.manifest.files[i];
                let (first_doc, count) =
                    (file.first_doc.unwrap_or(0), file.docs.unwrap_or(0) as usize);
                crate::format::check_record_table(name, payload, first_doc, count)?;
                // Without an inflater, texts are asked for as records to decompress.
                if let Some(inflater) = self.inflater {
                    for local in 0..count {
                        let slot = record_slot(local, RecordPart::Text);
                        let (a, b) = crate::format::record_entries(slot);
                        let (start, end, crc) =
                            crate::format::record_location(name, count, slot, &payload[a..b])?;
                        let text = inflater(
                            payload
                                .get(start..end)
                                .ok_or_else(|| Error::corrupt(name, "record past the end"))?,
                        )
                        .ok_or_else(|| Error::corrupt(name, "a text record does not decompress"))?;
                        self.insert_text(name, first_doc + local as u32, text, crc)?;
                    }
                }
                self.blobs[i] = Some(Blob::Whole(bytes));
            }
        }
        Ok(())
    }

    /// Adds a byte range of a postings, positions or docs file, as fetched (`start` is its
    /// offset in the file, header included). It is checked when used.
    pub fn add_range(&mut self, name: &str, start: u64, bytes: Vec<u8>) -> Result<()> {
        let i = self.index_of(name)?;
        if !matches!(self.roles[i], Role::Postings | Role::Positions | Role::Docs) {
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
    /// inflater of [`Index::set_inflater`].
    pub fn add_fetched(&mut self, fetch: &Fetch, file: &[u8]) -> Result<()> {
        if fetch.whole {
            return self.add_file(&fetch.file, file.to_vec());
        }
        let part = usize::try_from(fetch.start)
            .ok()
            .zip(usize::try_from(fetch.end).ok())
            .and_then(|(start, end)| file.get(start..end))
            .ok_or_else(|| Error::corrupt(&fetch.file, "shorter than its manifest says"))?;
        let Some(doc) = fetch.text_of else {
            return self.add_range(&fetch.file, fetch.start, part.to_vec());
        };
        let inflater = self.inflater.ok_or_else(|| Error::Manifest {
            message: format!(
                "{}: text records are decompressed by the inflater of Index::set_inflater",
                fetch.file
            ),
        })?;
        let text = inflater(part)
            .ok_or_else(|| Error::corrupt(&fetch.file, "a text record does not decompress"))?;
        self.add_text(doc, text)
    }

    /// Adds the decompressed text of `doc`, fetched as a [`Fetch`] with `text_of`; checked
    /// against the CRC-32 of its record table.
    pub fn add_text(&mut self, doc: u32, text: Vec<u8>) -> Result<()> {
        let needs = Needs::default();
        let Some((file, _, _, crc)) = self.record_location(doc, RecordPart::Text, &needs)? else {
            return Err(Error::Manifest {
                message: format!("the record table entry of document {doc} is not loaded"),
            });
        };
        let name = self.manifest.files[file].name.clone();
        self.insert_text(&name, doc, text, crc)
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
    pub fn meta(&self) -> Result<&Meta> {
        self.meta
            .as_ref()
            .ok_or_else(|| self.whole_fetch(Role::Meta, 0))
    }

    /// The oldest and newest document dates, once the columns file is loaded (`None` when
    /// no document is dated).
    pub fn date_range(&self) -> Result<Option<(crate::date::Date, crate::date::Date)>> {
        let columns = self
            .columns
            .as_ref()
            .ok_or_else(|| self.whole_fetch(Role::Columns, 0))?;
        // Documents are numbered undated first, then oldest to newest.
        let oldest = columns.dates.iter().flatten().next();
        let newest = columns.dates.iter().flatten().next_back();
        Ok(oldest.zip(newest).map(|(&o, &n)| {
            (
                crate::date::Date::from_days(o),
                crate::date::Date::from_days(n),
            )
        }))
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
            text_of: None,
        }
    }

    fn whole_fetch(&self, role: Role, n: usize) -> Error {
        Error::Fetch(vec![self.whole(role, n)])
    }

    /// Terms file `n`, or a need for it.
    pub(crate) fn shard(&self, n: usize, needs: &Needs) -> Option<&TermShard> {
        let shard = self.shards.get(n)?.as_ref();
        if shard.is_none() {
            needs.push(self.whole(Role::Terms, n));
        }
        shard
    }

    /// The terms files whose range meets `[low, high)` (`high` `None`: no upper bound).
    pub(crate) fn shards_between(&self, low: &[u8], high: Option<&[u8]>) -> std::ops::Range<usize> {
        let firsts: Vec<&[u8]> = self
            .role_files(Role::Terms)
            .iter()
            .map(|&i| {
                self.manifest.files[i]
                    .first_term
                    .as_deref()
                    .unwrap_or("")
                    .as_bytes()
            })
            .collect();
        // The shard holding `low` is the last one starting at or before it.
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
        let found = match &self.blobs[i] {
            Some(Blob::Whole(bytes)) => {
                return Ok(bytes.get(start as usize..end as usize));
            }
            Some(Blob::Ranges(ranges)) => ranges.iter().find_map(|(at, bytes)| {
                (*at <= start && end <= at + bytes.len() as u64)
                    .then(|| &bytes[(start - at) as usize..(end - at) as usize])
            }),
            None => None,
        };
        match found {
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
                    text_of: None,
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

    /// Where one of `doc`'s records lies, or `None` with its table entries needed.
    fn record_location(
        &self,
        doc: u32,
        part: RecordPart,
        needs: &Needs,
    ) -> Result<Option<RecordPlace>> {
        let (i, n, local, count) = self.record_file(doc)?;
        let slot = record_slot(local, part);
        let (a, b) = crate::format::record_entries(slot);
        let Some(entries) = self.range(Role::Docs, n, a as u64, (b - a) as u64, None, needs)?
        else {
            return Ok(None);
        };
        let (start, end, crc) =
            crate::format::record_location(&self.manifest.files[i].name, count, slot, entries)?;
        Ok(Some((i, n, (start, end), crc)))
    }

    /// The display record of `doc`, or a need.
    pub(crate) fn doc_record(&self, doc: u32, needs: &Needs) -> Result<Option<&[u8]>> {
        let Some((_, n, (start, end), crc)) =
            self.record_location(doc, RecordPart::Display, needs)?
        else {
            return Ok(None);
        };
        self.range(
            Role::Docs,
            n,
            start as u64,
            (end - start) as u64,
            Some(crc),
            needs,
        )
    }

    /// The decompressed text of `doc`, or a need for its record.
    pub(crate) fn text(&self, doc: u32, needs: &Needs) -> Result<Option<&str>> {
        if let Ok(i) = self.texts.binary_search_by_key(&doc, |(d, _)| *d) {
            return Ok(Some(&self.texts[i].1));
        }
        if let Some((i, _, (start, end), _)) = self.record_location(doc, RecordPart::Text, needs)? {
            needs.push(Fetch {
                file: self.manifest.files[i].name.clone(),
                start: (HEADER_LEN + start) as u64,
                end: (HEADER_LEN + end) as u64,
                whole: false,
                text_of: Some(doc),
            });
        }
        Ok(None)
    }

    pub(crate) fn file_name(&self, role: Role) -> &str {
        self.file_of(role, 0)
    }
}

fn parse_meta(file: &str, payload: &[u8]) -> Result<Meta> {
    let mut c = Cursor::new(file, payload);
    let documents = c.count(MAX_DOCUMENTS)? as u32;
    let entries = c.count(u32::MAX as usize)? as u32;
    let terms = c.count(u32::MAX as usize)? as u32;
    let field_count = c.count(64)?;
    if field_count != FIELD_COUNT {
        return Err(c.error(&format!("{field_count} fields, expected {FIELD_COUNT}")));
    }
    let mut average_lengths = [0f32; FIELD_COUNT];
    for slot in &mut average_lengths {
        let value = c.f32()?;
        *slot = if value.is_finite() && value >= 0.0 {
            value
        } else {
            1.0
        };
    }
    let facet_count = c.count(c.remaining())?;
    let mut facets = Vec::with_capacity(facet_count);
    for _ in 0..facet_count {
        let name = c.str()?.to_string();
        let label = c.str()?.to_string();
        let value_count = c.count(c.remaining())?;
        let mut values = Vec::with_capacity(value_count);
        for _ in 0..value_count {
            let value = c.str()?.to_string();
            let count = c.count(documents as usize)? as u32;
            values.push((value, count));
        }
        facets.push(FacetInfo {
            name,
            label,
            values,
        });
    }
    let sort_count = c.count(c.remaining())?;
    let mut sort_keys = Vec::with_capacity(sort_count);
    for _ in 0..sort_count {
        sort_keys.push(c.str()?.to_string());
    }
    Ok(Meta {
        documents,
        entries,
        terms,
        average_lengths,
        facets,
        sort_keys,
    })
}

fn parse_columns(file: &str, payload: &[u8], meta: &Meta) -> Result<Columns> {
    let mut c = Cursor::new(file, payload);
    let n = c.count(MAX_DOCUMENTS)?;
    let fields = c.count(64)?;
    let keys = c.count(64)?;
    if n != meta.documents as usize || fields != FIELD_COUNT || keys != meta.sort_keys.len() {
        return Err(c.error("column sizes disagree with the meta file"));
    }
    // Each date takes at least one byte: refuse a count the payload cannot hold.
    if n > c.remaining() {
        return Err(c.error("too few bytes for the dates"));
    }
    let mut dates = Vec::with_capacity(n);
    let mut value = 0i64;
    for _ in 0..n {
        value = value.wrapping_add(c.zigzag()?);
        dates.push(if value == 0 {
            None
        } else {
            Some(i32::try_from(value - 1).map_err(|_| c.error("date out of range"))?)
        });
    }
    let present = c.u8()?;
    let mut norms = vec![0u8; n * FIELD_COUNT];
    for field in 0..FIELD_COUNT {
        if present & (1 << field) != 0 {
            // The field's lowest and highest norm, then two 4-bit norms a byte (low nibble
            // first) spread over that range; in memory, back on the byte scale.
            let (low, high) = (c.u8()?, c.u8()?);
            if high < low {
                return Err(c.error("norm range upside down"));
            }
            let span = u16::from(high - low);
            let packed = c.bytes(n.div_ceil(2))?;
            for (doc, slot) in norms[field * n..(field + 1) * n].iter_mut().enumerate() {
                let byte = packed[doc / 2];
                let nibble = u16::from(if doc % 2 == 0 { byte & 0x0f } else { byte >> 4 });
                *slot = (u16::from(low) + (nibble * span + 7) / 15).min(255) as u8;
            }
        }
    }
    let mut sort_keys = Vec::with_capacity(keys);
    for _ in 0..keys {
        let raw = c.bytes(n * 4)?;
        sort_keys.push(
            raw.chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        );
    }
    if !c.is_empty() {
        return Err(c.error("trailing bytes"));
    }
    Ok(Columns {
        dates,
        norms,
        sort_keys,
    })
}

fn parse_facets(file: &str, payload: &[u8], meta: &Meta) -> Result<Facets> {
    let mut c = Cursor::new(file, payload);
    let n = meta.documents;
    let mut docs = Vec::with_capacity(meta.facets.len());
    let mut per_doc_count = vec![0u32; n as usize];
    for facet in &meta.facets {
        let mut values = Vec::with_capacity(facet.values.len());
        for _ in &facet.values {
            let count = c.count(n as usize)?;
            if count > c.remaining() {
                return Err(c.error("too few bytes for a document list"));
            }
            let mut list = Vec::with_capacity(count);
            let mut doc = 0u64;
            for i in 0..count {
                let delta = c.varint()?;
                doc = if i == 0 { delta } else { doc + delta };
                if (i > 0 && delta == 0) || doc >= u64::from(n) {
                    return Err(c.error("facet document id out of order or range"));
                }
                list.push(doc as u32);
                per_doc_count[doc as usize] += 1;
            }
            values.push(list);
        }
        docs.push(values);
    }
    if !c.is_empty() {
        return Err(c.error("trailing bytes"));
    }
    let mut doc_starts = Vec::with_capacity(n as usize + 1);
    let mut total = 0u32;
    doc_starts.push(0);
    for count in &per_doc_count {
        total += count;
        doc_starts.push(total);
    }
    let mut fill = doc_starts.clone();
    let mut doc_values = vec![(0u16, 0u32); total as usize];
    for (facet, values) in docs.iter().enumerate() {
        for (value, list) in values.iter().enumerate() {
            for &doc in list {
                let slot = &mut fill[doc as usize];
                doc_values[*slot as usize] = (facet as u16, value as u32);
                *slot += 1;
            }
        }
    }
    Ok(Facets {
        docs,
        doc_starts,
        doc_values,
    })
}

impl Facets {
    /// The (facet, value) pairs of one document.
    pub fn of(&self, doc: u32) -> &[(u16, u32)] {
        let start = self.doc_starts[doc as usize] as usize;
        let end = self.doc_starts[doc as usize + 1] as usize;
        &self.doc_values[start..end]
    }
}
