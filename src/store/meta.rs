//! The meta file: counts, average field lengths, facets with their values, sort keys, the
//! articles' languages. Every search needs it first; it is small.

use crate::error::Result;
use crate::field::FIELD_COUNT;
use crate::format::{Cursor, Put};

/// The most documents that a meta file may claim: the count sizes allocations, so a corrupt
/// one must not ask for gigabytes.
pub(crate) const MAX_DOCUMENTS: usize = 50_000_000;

/// One facet as the meta file describes it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FacetInfo {
    pub name: String,
    pub label: String,
    /// Values in stored (sorted) order, each with its document count in the whole index.
    pub values: Vec<(String, u32)>,
}

/// Counts and definitions: the small file every search needs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Meta {
    pub documents: u32,
    pub entries: u32,
    pub terms: u32,
    pub average_lengths: [f32; FIELD_COUNT],
    pub facets: Vec<FacetInfo>,
    pub sort_keys: Vec<String>,
    /// The language tags of the articles, sorted: a query is stemmed for each.
    pub languages: Vec<String>,
}

/// The meta payload of `meta`.
pub(crate) fn encode(meta: &Meta) -> Vec<u8> {
    let mut out = Vec::new();
    out.put_varint(u64::from(meta.documents));
    out.put_varint(u64::from(meta.entries));
    out.put_varint(u64::from(meta.terms));
    out.put_varint(FIELD_COUNT as u64);
    for average in meta.average_lengths {
        out.put_f32(average);
    }
    out.put_varint(meta.facets.len() as u64);
    for facet in &meta.facets {
        out.put_str(&facet.name);
        out.put_str(&facet.label);
        out.put_varint(facet.values.len() as u64);
        for (value, count) in &facet.values {
            out.put_str(value);
            out.put_varint(u64::from(*count));
        }
    }
    out.put_varint(meta.sort_keys.len() as u64);
    for name in &meta.sort_keys {
        out.put_str(name);
    }
    out.put_varint(meta.languages.len() as u64);
    for tag in &meta.languages {
        out.put_str(tag);
    }
    out
}

/// Reads a meta payload; `file` names it in errors.
pub(crate) fn decode(file: &str, payload: &[u8]) -> Result<Meta> {
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
    let language_count = c.count(c.remaining())?;
    let mut languages = Vec::with_capacity(language_count);
    for _ in 0..language_count {
        languages.push(c.str()?.to_string());
    }
    Ok(Meta {
        documents,
        entries,
        terms,
        average_lengths,
        facets,
        sort_keys,
        languages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_round_trips() {
        let meta = Meta {
            documents: 3,
            entries: 7,
            terms: 120,
            average_lengths: [4.5, 12.0, 3.0, 250.25, 80.0],
            facets: vec![FacetInfo {
                name: "leaning".into(),
                label: "Leaning".into(),
                values: vec![("reformist".into(), 2), ("principlist".into(), 1)],
            }],
            sort_keys: vec!["words".into()],
            languages: vec!["en".into(), "fa".into()],
        };
        assert_eq!(decode("meta", &encode(&meta)).unwrap(), meta);
    }

    #[test]
    fn a_count_above_the_documents_is_corrupt() {
        let mut meta = Meta {
            documents: 1,
            entries: 0,
            terms: 0,
            average_lengths: [1.0; FIELD_COUNT],
            facets: vec![FacetInfo {
                name: "kind".into(),
                label: "Kind".into(),
                values: vec![("Analysis".into(), 1)],
            }],
            sort_keys: Vec::new(),
            languages: vec!["en".into()],
        };
        meta.facets[0].values[0].1 = 5;
        let error = decode("meta.x.qi", &encode(&meta)).unwrap_err();
        assert!(error.to_string().contains("meta.x.qi"), "{error}");
    }
}
