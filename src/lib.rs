//! # Quire
//!
//! Client-side search for article archives. A build step compiles a corpus of articles
//! (Markdown with front matter, JSON Lines, or a built site's pages) into a compact index
//! whose term dictionary is an FST; the same engine, compiled to WebAssembly, answers queries
//! in the browser with no search server.
//!
//! The library reads bytes and returns bytes: it never opens a file. The `quire` program
//! (feature `cli`) does the file work; `ARCHITECTURE.md` describes the layers.
//!
//! # Searching an index folder
//!
//! ```no_run
//! use quire::{Index, SearchRequest};
//!
//! let folder = std::path::Path::new("www/quire");
//! let read = |name: &str| std::fs::read(folder.join(name));
//! let mut index = Index::open(read)?;
//! let results = index.search_with(&SearchRequest::new("zarif talks"), read)?;
//! for hit in &results.hits {
//!     println!("{} {}", hit.title, hit.url);
//! }
//! # Ok::<(), quire::Error>(())
//! ```
//!
//! # Building an index, then searching it
//!
//! ```
//! use quire::{Index, SearchRequest, corpus::{Config, Corpus}};
//!
//! let mut corpus = Corpus::new(Config::default());
//! corpus.add_markdown("talks.md", b"---\ntitle: Talks resume in Muscat\ndate: 2025-05-11\n---\n\
//!     - May 11: The fourth round took place with Omani mediation.\n");
//! let options = corpus.build_options();
//! let built = quire::build::build_index(corpus.into_articles(), &options, &mut |_| {})?;
//!
//! // Here the files are in memory; `read` could as well open them in a folder.
//! let read = |name: &str| -> std::io::Result<Vec<u8>> {
//!     if name == quire::MANIFEST_NAME {
//!         return Ok(built.manifest_json().into_bytes());
//!     }
//!     let file = built.files.iter().find(|f| f.name == name);
//!     file.map(|f| f.bytes.clone()).ok_or(std::io::ErrorKind::NotFound.into())
//! };
//! let mut index = Index::open(read)?;
//! let results = index.search_with(&SearchRequest::new("omani mediation"), read)?;
//! assert_eq!(results.total, 1);
//! assert_eq!(results.hits[0].entries[0].url, "/talks/#2025-05-11");
//! # Ok::<(), quire::Error>(())
//! ```
//!
//! # Loading only what a search needs
//!
//! In the browser the index is not loaded whole: after the manifest and the files of
//! [`Index::files_to_load`] (meta and columns), [`Index::search`] returns either
//! [`Step::Done`] with the results or [`Step::Need`] with the dictionary shards (which hold
//! their terms' postings lists), positions ranges and document records it needs next. The
//! caller fetches them, adds them ([`Index::add_file`], [`Index::add_range`],
//! [`Index::add_record`]) and searches again; a query of words takes two rounds: its words'
//! shards, then the records of its hits.
//!
//! # Cost
//!
//! A search decodes the postings of each query word (and of at most
//! [`limits::MAX_PREFIX_EXPANSIONS`] terms for a word typed as a prefix, and
//! [`limits::MAX_FUZZY_EXPANSIONS`] and [`limits::MAX_MOVED_EXPANSIONS`] for a mistyped
//! one), so its cost grows with the number
//! of documents containing the query's words, not with the corpus. Only the page of hits
//! reads document records and excerpt text. Building is linear in the corpus: about 6 s and
//! 250 MB for 94 MB of text (33,672 articles) on a laptop-class core.

#![warn(missing_docs)]
// Each on-disk module pairs its encoder with its decoder; without the `build` feature (the
// Wasm engine) the encoders have no caller. Native builds, which have one, still check for
// dead code.
#![cfg_attr(not(feature = "build"), allow(dead_code))]

mod crc32;
mod date;
mod error;
mod field;
// The Wasm engine's allocator (smaller than the standard library's dlmalloc).
#[cfg(any(target_arch = "wasm32", test))]
mod heap;
#[rustfmt::skip]
mod fold_table;
pub mod format;
mod index;
#[cfg(any(target_arch = "wasm32", test))]
mod js_tree;
mod language;
mod model;
mod query;
mod reader;
mod search;
mod store;
mod tokenize;

#[cfg(feature = "build")]
pub mod build;
#[cfg(feature = "build")]
pub mod corpus;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use date::Date;
pub use error::{Error, Location, Result};
pub use format::{Role, VERSION};
pub use index::{FacetInfo, Index, IndexInfo, Step};
pub use model::{Article, Block, BlockKind, NamedPerson};
pub use reader::{Fetch, Inflater};
pub use search::request::SearchRequest;
pub use search::results::{
    Correction, EntryHit, EntryPerson, FacetCounts, FacetValueCount, Hit, MonthCount,
    SearchResults, SectionHit, Unit,
};
pub use store::manifest::{MANIFEST_NAME, Manifest, ManifestFile, is_index_file_name};

/// Folds text as the index does, before stemming: case, diacritics, Unicode compatibility
/// forms, Persian and Arabic letter variants, joiners.
pub fn fold(text: &str) -> String {
    tokenize::fold(text)
}

/// The limits that keep every query cheap, whatever a visitor types, and every index file
/// cheap to read, whatever it holds.
pub mod limits {
    pub use crate::query::{MAX_CLAUSES, MAX_PHRASE_WORDS, MAX_QUERY_BYTES};
    pub use crate::search::{
        MAX_FUZZY_EXPANSIONS, MAX_LIMIT, MAX_MOVED_EXPANSIONS, MAX_PREFIX_EXPANSIONS,
    };
    pub use crate::store::docs::MAX_TEXT_BYTES;
}
