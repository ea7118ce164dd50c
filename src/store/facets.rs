//! The facets file: per facet value, the documents that carry it, then the entries table
//! (see [`super::entries`]). Fetched in the background after the first results, since only
//! filters, facet counts and the timeline need it.

use crate::error::Result;
use crate::format::{Cursor, Put};

use super::entries::{self, Entries, EntryData};
use super::meta::Meta;

/// Facet value → documents, its transpose for counting, and the entries of every document.
#[derive(Debug, PartialEq)]
pub(crate) struct Facets {
    /// `docs[facet][value]`: ascending document ids.
    pub docs: Vec<Vec<Vec<u32>>>,
    /// `doc_values[doc_starts[d]..doc_starts[d + 1]]`: (facet, value) pairs of document `d`.
    pub doc_starts: Vec<u32>,
    pub doc_values: Vec<(u16, u32)>,
    /// The entries of every document, with their days, spans and tags.
    pub entries: Entries,
}

impl Facets {
    /// The (facet, value) pairs of one document.
    pub(crate) fn of(&self, doc: u32) -> &[(u16, u32)] {
        let start = self.doc_starts[doc as usize] as usize;
        let end = self.doc_starts[doc as usize + 1] as usize;
        &self.doc_values[start..end]
    }
}

/// The facets payload: `docs[facet][value]` lists ascending document ids, facets and values
/// in the meta file's order; then the entries of each document.
pub(crate) fn encode(docs: &[Vec<Vec<u32>>], document_entries: &[Vec<EntryData>]) -> Vec<u8> {
    let mut out = Vec::new();
    for values in docs {
        for list in values {
            out.put_varint(list.len() as u64);
            let mut previous = 0;
            for (i, &doc) in list.iter().enumerate() {
                out.put_varint(u64::from(if i == 0 { doc } else { doc - previous }));
                previous = doc;
            }
        }
    }
    entries::encode(&mut out, document_entries);
    out
}

/// Reads a facets payload, whose facets and values `meta` lists; `file` names it in errors.
pub(crate) fn decode(file: &str, payload: &[u8], meta: &Meta) -> Result<Facets> {
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
    let entries = entries::decode(&mut c, meta)?;
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
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::FIELD_COUNT;
    use crate::store::meta::FacetInfo;

    fn meta(documents: u32, facets: &[usize]) -> Meta {
        Meta {
            documents,
            entries: 0,
            terms: 0,
            average_lengths: [1.0; FIELD_COUNT],
            facets: facets
                .iter()
                .enumerate()
                .map(|(f, &values)| FacetInfo {
                    name: format!("facet{f}"),
                    label: String::new(),
                    values: (0..values).map(|v| (format!("v{v}"), 0)).collect(),
                })
                .collect(),
            sort_keys: Vec::new(),
            languages: Vec::new(),
            names: Vec::new(),
        }
    }

    #[test]
    fn facets_round_trip_with_their_transpose() {
        let docs = vec![vec![vec![0, 2, 3], vec![1]], vec![vec![], vec![0, 3]]];
        let facets = decode("facets", &encode(&docs, &[]), &meta(4, &[2, 2])).unwrap();
        assert_eq!(facets.docs, docs);
        assert_eq!(facets.of(0), [(0, 0), (1, 1)]);
        assert_eq!(facets.of(1), [(0, 1)]);
        assert_eq!(facets.of(3), [(0, 0), (1, 1)]);
    }

    #[test]
    fn document_ids_out_of_range_are_corrupt() {
        let docs = vec![vec![vec![0, 9]]];
        assert!(decode("facets", &encode(&docs, &[]), &meta(4, &[1])).is_err());
    }
}
