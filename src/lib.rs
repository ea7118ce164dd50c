//! # Quire
//!
//! Client-side search for article archives. A build step compiles a corpus of articles
//! (Markdown with front matter, or JSON Lines) into a compact index whose term dictionary is
//! an FST; the same engine, compiled to WebAssembly, answers queries in the browser with no
//! search server.
//!
//! The layers, each a module:
//!
//! * [`tokenize`]: text → terms (folding, Persian/Arabic unification, stemming), the same at
//!   build and at query time;
//! * [`corpus`] (feature `build`): Markdown and JSON Lines → [`model::Article`]s;
//! * [`build`](mod@build) (feature `build`): articles → index files ([`format`] documents the
//!   bytes);
//! * [`index`]: index files → a searchable [`Index`], every file checked on load;
//! * [`query`]: the query language;
//! * [`search`]: matching, [`score`] (BM25F), filters and facet counts, sorting, and
//!   [`excerpt`]s.
//!
//! The library never opens a file: it reads bytes and returns bytes. The `quire` program
//! (feature `cli`) does the file work.
//!
//! # Example
//!
//! ```
//! # #[cfg(feature = "build")] {
//! use quire::{Index, SearchRequest, corpus::{Config, Corpus}};
//!
//! let mut corpus = Corpus::new(Config::default());
//! corpus.add_markdown("talks.md", b"---\ntitle: Talks resume in Muscat\ndate: 2025-05-11\n---\n\
//!     - May 11: The fourth round took place with Omani mediation.\n");
//! let built = quire::build::build_index(corpus.into_articles(), &Config::default(), &mut |_| {})?;
//!
//! let mut index = Index::new(built.manifest.clone())?;
//! // Whole docs files: their texts are decompressed natively; the browser fetches ranges.
//! index.set_inflater(quire::build::inflate);
//! for file in built.files {
//!     index.add_file(&file.name, file.bytes)?;
//! }
//! let results = index.search(&SearchRequest::new("omani mediation"))?;
//! assert_eq!(results.total, 1);
//! assert_eq!(results.hits[0].entries[0].url, "/talks/#2025-05-11");
//! # }
//! # Ok::<(), quire::Error>(())
//! ```
//!
//! # Loading only what a search needs
//!
//! In the browser, the index is not loaded whole: after the manifest, the meta and the
//! columns files ([`Index::files_to_load`]), a search returns [`Error::Fetch`] listing the
//! dictionary shards, postings ranges and document records it needs next; the caller fetches
//! them, adds them ([`Index::add_file`], [`Index::add_range`], [`Index::add_text`]) and
//! searches again. A few rounds answer any query.
//!
//! # Cost
//!
//! A search decodes the postings of each query word (and of at most
//! [`search::MAX_PREFIX_EXPANSIONS`] terms for a word typed as a prefix), so its cost grows
//! with the number of documents containing the query's words, not with the corpus. Only the
//! page of hits reads the document table and the excerpt text.

mod bits;
pub mod collect;
pub mod crc32;
pub mod date;
pub mod error;
pub mod excerpt;
#[rustfmt::skip]
mod fold_table;
pub mod format;
pub mod fuzzy;
pub mod index;
pub mod model;
pub mod postings;
pub mod query;
pub mod score;
pub mod search;
pub mod tokenize;

#[cfg(feature = "build")]
pub mod build;
#[cfg(feature = "build")]
pub mod corpus;
#[cfg(feature = "build")]
pub mod fuzzing;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Result};
pub use index::Index;
pub use search::{SearchRequest, SearchResults};
