//! The public face of a searchable index: open it from its manifest, add the files and
//! ranges it asks for, search it.
//!
//! An index is not loaded whole. After the manifest and the files of
//! [`Index::files_to_load`], a search either answers ([`Step::Done`]) or lists the dictionary
//! shards, postings ranges and document records it needs next ([`Step::Need`]); the caller
//! fetches them, adds them ([`Index::add_file`], [`Index::add_range`], [`Index::add_record`],
//! or natively [`Index::add_fetched`]) and searches again. A few rounds answer any query:
//! the dictionary shards of its words, their postings, then the records of the hits.
//! Natively, [`Index::search_with`] runs those rounds with a function that reads files.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::reader::{Fetch, Inflater, Reader, Stop};
use crate::search::{self, request::SearchRequest, results::SearchResults};
use crate::store::manifest::Manifest;

/// A searchable index: its manifest and what has been loaded of its files.
pub struct Index {
    reader: Reader,
}

/// Where a search stands: answered, or waiting for index data.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// The search is answered.
    Done(SearchResults),
    /// The search needs these files or ranges first (all it can tell at this stage): fetch
    /// them, add them, and search again.
    Need(Vec<Fetch>),
}

/// Counts and facets of a whole index, for drawing filters before the first search.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexInfo {
    /// Articles in the index.
    pub documents: u32,
    /// Dated entries in them.
    pub entries: u32,
    /// The facets, in display order.
    pub facets: Vec<FacetInfo>,
    /// Sort keys besides relevance and date.
    pub sort_keys: Vec<String>,
    /// The oldest document date, `YYYY-MM-DD` (once the columns file is loaded).
    pub oldest: Option<String>,
    /// The newest document date, `YYYY-MM-DD` (once the columns file is loaded).
    pub newest: Option<String>,
}

/// One facet of [`IndexInfo`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FacetInfo {
    /// Its key (`outlet`), as filters name it.
    pub name: String,
    /// Its label for readers (`Outlet`).
    pub label: String,
    /// Every value with the number of documents that have it.
    pub values: Vec<(String, u32)>,
}

/// How many rounds of fetching [`Index::search_with`] allows before it gives up: a query
/// needs at most four or five.
const MAX_ROUNDS: usize = 16;

impl Index {
    /// Starts an index from its manifest (`quire.json`), checking its format and version.
    pub fn new(manifest: Manifest) -> Result<Index> {
        Ok(Index {
            reader: Reader::new(manifest)?,
        })
    }

    /// Starts an index from the JSON text of its manifest.
    #[cfg(feature = "build")]
    pub fn from_manifest_json(json: &[u8]) -> Result<Index> {
        Index::new(Manifest::from_json(json)?)
    }

    /// Opens an index whose files `read` returns by name (`quire.json` first), natively: for
    /// an index folder, `|name| std::fs::read(folder.join(name))`. Loads the manifest and the
    /// files every search needs.
    #[cfg(feature = "build")]
    pub fn open(mut read: impl FnMut(&str) -> std::io::Result<Vec<u8>>) -> Result<Index> {
        let name = crate::store::manifest::MANIFEST_NAME;
        let json = read(name).map_err(|e| Error::read(name, &e))?;
        let mut index = Index::from_manifest_json(&json)?;
        let first: Vec<String> = index
            .files_to_load()
            .iter()
            .map(|s| s.to_string())
            .collect();
        for name in first {
            let bytes = read(&name).map_err(|e| Error::read(&name, &e))?;
            index.add_file(&name, bytes)?;
        }
        Ok(index)
    }

    /// The manifest the index was started from.
    pub fn manifest(&self) -> &Manifest {
        &self.reader.manifest
    }

    /// Sets how text records are decompressed when whole docs files are added (natively, the
    /// build's raw deflate is the default; the browser decompresses texts itself and adds
    /// them with [`Index::add_record`]).
    pub fn set_inflater(&mut self, inflater: Inflater) {
        self.reader.set_inflater(inflater);
    }

    /// The names of every file, in manifest order (to load an index whole).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.reader.files()
    }

    /// The files to load before the first search (meta and columns) that are not loaded yet;
    /// everything else is asked for by the searches that need it.
    pub fn files_to_load(&self) -> Vec<&str> {
        self.reader.files_to_load()
    }

    /// Checks and adds one whole file, by its name in the manifest. The meta file must come
    /// before the columns and facets files, whose sizes it gives.
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        self.reader.add_file(name, bytes)
    }

    /// Adds a byte range of a postings, positions or docs file, as fetched (`start` is its
    /// offset in the file, header included). It is checked against its CRC-32 when used.
    pub fn add_range(&mut self, name: &str, start: u64, bytes: Vec<u8>) -> Result<()> {
        self.reader.add_range(name, start, bytes)
    }

    /// Adds the record of document `doc`, fetched for a [`Fetch`] with `record_of`, with its
    /// text decompressed (the record's deflated part, see `format`); both are checked against
    /// the record's CRC-32s.
    pub fn add_record(&mut self, doc: u32, record: Vec<u8>, text: Vec<u8>) -> Result<()> {
        self.reader.add_record(doc, record, text)
    }

    /// Adds what `fetch` asked for, cut from `file`, the whole file as a native reader holds
    /// it: the file itself, a byte range of it, or a text record, decompressed with the
    /// inflater.
    pub fn add_fetched(&mut self, fetch: &Fetch, file: &[u8]) -> Result<()> {
        self.reader.add_fetched(fetch, file)
    }

    /// Counts and facets of the whole index; `None` until the meta file is loaded.
    pub fn info(&self) -> Option<IndexInfo> {
        let meta = self.reader.meta.as_ref()?;
        let dates = self.reader.date_range();
        Some(IndexInfo {
            documents: meta.documents,
            entries: meta.entries,
            facets: meta
                .facets
                .iter()
                .map(|f| FacetInfo {
                    name: f.name.clone(),
                    label: f.label.clone(),
                    values: f.values.clone(),
                })
                .collect(),
            sort_keys: meta.sort_keys.clone(),
            oldest: dates.map(|(oldest, _)| oldest.iso()),
            newest: dates.map(|(_, newest)| newest.iso()),
        })
    }

    /// Runs a search on what is loaded: its results, or what it needs first.
    pub fn search(&self, request: &SearchRequest) -> Result<Step> {
        match search::run(&self.reader, request) {
            Ok(results) => Ok(Step::Done(results)),
            Err(Stop::Need(fetches)) => Ok(Step::Need(fetches)),
            Err(Stop::Fail(error)) => Err(error),
        }
    }

    /// A first page of a search that waits for data ([`Step::Need`]): the hits found from
    /// the words as typed, before typo lookups end, when what is loaded gives them with
    /// their records and the complete page will begin with them, in the same order (a first
    /// page by relevance without filters; its `total` counts only them). `None` otherwise.
    /// Ask after each `Step::Need`, while its fetches are made.
    pub fn first_results(&self, request: &SearchRequest) -> Result<Option<SearchResults>> {
        match search::first_page(&self.reader, request) {
            Ok(results) => Ok(Some(results)),
            Err(Stop::Need(_)) => Ok(None),
            Err(Stop::Fail(error)) => Err(error),
        }
    }

    /// Runs a search to its end, reading each file it needs whole through `read` (by name)
    /// and keeping it for later searches: the way to search an index folder natively.
    pub fn search_with(
        &mut self,
        request: &SearchRequest,
        mut read: impl FnMut(&str) -> std::io::Result<Vec<u8>>,
    ) -> Result<SearchResults> {
        for _ in 0..MAX_ROUNDS {
            let fetches = match self.search(request)? {
                Step::Done(results) => return Ok(results),
                Step::Need(fetches) => fetches,
            };
            let mut names: Vec<&str> = fetches.iter().map(|f| f.file.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            for name in names {
                let bytes = read(name).map_err(|e| Error::read(name, &e))?;
                self.add_file(name, bytes)?;
            }
        }
        Err(Error::Manifest {
            message: format!(
                "a search still needed data after {MAX_ROUNDS} rounds of reading; the index \
                 files disagree with the manifest: rebuild the index"
            ),
        })
    }
}
