//! The on-disk structures, one module each, its encoder and decoder side by side
//! ([`crate::format`] holds the specification, the segment header and the primitive codecs).

pub(crate) mod bits;
pub(crate) mod columns;
pub(crate) mod docs;
pub(crate) mod entries;
pub(crate) mod facets;
pub(crate) mod lexicon;
pub(crate) mod manifest;
pub(crate) mod meta;
pub(crate) mod postings;
pub(crate) mod terms;
