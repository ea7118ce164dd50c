//! The indexed fields of a document: what the query language scopes to (`title:`), what
//! postings count per field, and what BM25F weighs.

/// The indexed fields, in their stored order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub(crate) enum Field {
    Title = 0,
    Summary = 1,
    /// Kind, series, authors, tags and filter values: short labels that describe the article.
    Keywords = 2,
    Body = 3,
    Entries = 4,
}

/// The number of fields.
pub(crate) const FIELD_COUNT: usize = 5;

impl Field {
    pub(crate) const ALL: [Field; FIELD_COUNT] = [
        Field::Title,
        Field::Summary,
        Field::Keywords,
        Field::Body,
        Field::Entries,
    ];
}
