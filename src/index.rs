//! Reading an index: the manifest first, then each file as it arrives, each checked for
//! magic, version, role and checksum before anything in it is trusted.

use crate::error::{Error, Result};
use crate::format::{Cursor, HEADER_LEN, Manifest, Role, Table, VERSION};
use crate::postings::FIELD_COUNT;
use crate::score::Scorer;

/// An index file's bytes, seen as its payload (the header is checked once, on load).
#[derive(Clone)]
pub struct Payload(Vec<u8>);

impl AsRef<[u8]> for Payload {
    fn as_ref(&self) -> &[u8] {
        &self.0[HEADER_LEN..]
    }
}

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

/// A searchable index. Open it with the manifest, then [`Index::add_file`] each file named by
/// [`Index::files`]; a search that needs a file not yet added fails with
/// [`Error::NotLoaded`].
pub struct Index {
    pub(crate) manifest: Manifest,
    roles: Vec<(String, Role)>,
    pub(crate) meta: Option<Meta>,
    pub(crate) scorer: Option<Scorer>,
    pub(crate) terms: Option<fst::Map<Payload>>,
    pub(crate) postings: Option<Payload>,
    pub(crate) columns: Option<Columns>,
    pub(crate) facets: Option<Facets>,
    pub(crate) docs: Option<(Payload, Table)>,
    pub(crate) text: Option<(Payload, Table)>,
}

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
        for file in &manifest.files {
            let role = Role::from_name(&file.role).ok_or_else(|| Error::Manifest {
                message: format!("unknown file role `{}`; rebuild the index", file.role),
            })?;
            roles.push((file.name.clone(), role));
        }
        for role in Role::ALL {
            if !roles.iter().any(|(_, r)| *r == role) {
                return Err(Error::Manifest {
                    message: format!("no {} file is listed; rebuild the index", role.name()),
                });
            }
        }
        Ok(Index {
            manifest,
            roles,
            meta: None,
            scorer: None,
            terms: None,
            postings: None,
            columns: None,
            facets: None,
            docs: None,
            text: None,
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

    /// The names of the files the manifest lists, in the order worth loading them.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.manifest.files.iter().map(|f| f.name.as_str())
    }

    /// The files listed but not loaded yet.
    pub fn missing_files(&self) -> Vec<&str> {
        self.manifest
            .files
            .iter()
            .filter(|f| {
                self.role_of(&f.name)
                    .is_some_and(|role| !self.is_loaded(role))
            })
            .map(|f| f.name.as_str())
            .collect()
    }

    fn role_of(&self, name: &str) -> Option<Role> {
        self.roles
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, role)| role)
    }

    fn is_loaded(&self, role: Role) -> bool {
        match role {
            Role::Meta => self.meta.is_some(),
            Role::Terms => self.terms.is_some(),
            Role::Postings => self.postings.is_some(),
            Role::Columns => self.columns.is_some(),
            Role::Facets => self.facets.is_some(),
            Role::Docs => self.docs.is_some(),
            Role::Text => self.text.is_some(),
        }
    }

    /// Checks and adds one file. The meta file must come before columns and facets, whose
    /// sizes it gives.
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        let role = self.role_of(name).ok_or_else(|| Error::Manifest {
            message: format!("`{name}` is not a file of this index's manifest"),
        })?;
        let payload = crate::format::open(name, role, &bytes)?;
        match role {
            Role::Meta => {
                let meta = parse_meta(name, payload)?;
                self.scorer = Some(Scorer::new(&meta.average_lengths));
                self.meta = Some(meta);
            }
            Role::Terms => {
                let map = fst::Map::new(Payload(bytes))
                    .map_err(|e| Error::corrupt(name, format!("term dictionary: {e}")))?;
                self.terms = Some(map);
            }
            Role::Postings => self.postings = Some(Payload(bytes)),
            Role::Columns => {
                let meta = self.meta_for(name)?;
                self.columns = Some(parse_columns(name, payload, meta)?);
            }
            Role::Facets => {
                let meta = self.meta_for(name)?;
                self.facets = Some(parse_facets(name, payload, meta)?);
            }
            Role::Docs | Role::Text => {
                let table = Table::parse(name, payload)?;
                let documents = self.meta.as_ref().map_or(u32::MAX, |m| m.documents);
                if u64::from(table.first_doc) + table.len() as u64 > u64::from(documents) {
                    return Err(Error::corrupt(name, "more records than documents"));
                }
                let slot = Some((Payload(bytes), table));
                if role == Role::Docs {
                    self.docs = slot;
                } else {
                    self.text = slot;
                }
            }
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
            .ok_or_else(|| self.not_loaded(Role::Meta))
    }

    /// The oldest and newest document dates, once the columns file is loaded (`None` when
    /// no document is dated).
    pub fn date_range(&self) -> Result<Option<(crate::date::Date, crate::date::Date)>> {
        let columns = self.require(&self.columns, Role::Columns)?;
        // Documents are numbered undated first, then oldest to newest.
        let oldest = columns.dates.iter().flatten().next();
        let newest = columns.dates.iter().flatten().next_back();
        Ok(newest.zip(oldest).map(|(&n, &o)| {
            (
                crate::date::Date::from_days(o),
                crate::date::Date::from_days(n),
            )
        }))
    }

    pub(crate) fn not_loaded(&self, role: Role) -> Error {
        let file = self
            .manifest
            .files
            .iter()
            .find(|f| self.role_of(&f.name) == Some(role))
            .map_or_else(|| role.name().to_string(), |f| f.name.clone());
        Error::NotLoaded { file }
    }

    pub(crate) fn require<'a, T>(&self, slot: &'a Option<T>, role: Role) -> Result<&'a T> {
        slot.as_ref().ok_or_else(|| self.not_loaded(role))
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
    let norms = c.bytes(n * FIELD_COUNT)?.to_vec();
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
