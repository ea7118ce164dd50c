//! The meta file: counts, average field lengths, facets with their values, sort keys, the
//! names of the registers' outlets and people in all their spellings, and the articles'
//! languages. Every search needs it first; it is small.

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

/// An outlet or a person of the registers: the one-word index terms of its name and aliases
/// ("araghchi", "araqchi", "عراقچ"), and its facet value when the index has that facet.
/// A query word that is one of the terms stands for all of them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NameGroup {
    /// (facet, value) indexes of the outlet or person, if the index has the facet.
    pub tag: Option<(usize, usize)>,
    pub terms: Vec<String>,
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
    pub names: Vec<NameGroup>,
}

impl Meta {
    /// The names that `term` is one spelling of.
    pub(crate) fn names_with<'a>(&'a self, term: &'a str) -> impl Iterator<Item = &'a NameGroup> {
        self.names
            .iter()
            .filter(move |group| group.terms.iter().any(|t| t == term))
    }

    /// The facet named `name`.
    pub(crate) fn facet(&self, name: &str) -> Option<usize> {
        self.facets.iter().position(|f| f.name == name)
    }
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
    out.put_varint(meta.names.len() as u64);
    for group in &meta.names {
        let (facet, value) = group.tag.map_or((0, 0), |(f, v)| (f + 1, v));
        out.put_varint(facet as u64);
        out.put_varint(value as u64);
        out.put_varint(group.terms.len() as u64);
        for term in &group.terms {
            out.put_str(term);
        }
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
    let name_count = c.count(c.remaining())?;
    let mut names = Vec::with_capacity(name_count);
    for _ in 0..name_count {
        let facet = c.count(facets.len())?;
        let value = c.count(u32::MAX as usize)?;
        let tag = match facet.checked_sub(1) {
            None => None,
            Some(f) if value < facets[f].values.len() => Some((f, value)),
            Some(_) => return Err(c.error("name of a facet value out of range")),
        };
        let term_count = c.count(c.remaining())?;
        let mut terms = Vec::with_capacity(term_count);
        for _ in 0..term_count {
            terms.push(c.str()?.to_string());
        }
        names.push(NameGroup { tag, terms });
    }
    let language_count = c.count(c.remaining())?;
    let mut languages = Vec::with_capacity(language_count);
    for _ in 0..language_count {
        languages.push(c.str()?.to_string());
    }
    if !c.is_empty() {
        return Err(c.error("trailing bytes"));
    }
    Ok(Meta {
        documents,
        entries,
        terms,
        average_lengths,
        facets,
        sort_keys,
        languages,
        names,
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
            names: vec![
                NameGroup {
                    tag: Some((0, 1)),
                    terms: vec!["araghchi".into(), "araqchi".into(), "عراقچی".into()],
                },
                NameGroup {
                    tag: None,
                    terms: vec!["zarif".into(), "ظریف".into()],
                },
            ],
        };
        assert_eq!(decode("meta", &encode(&meta)).unwrap(), meta);
        assert_eq!(meta.names_with("araqchi").count(), 1);
        assert_eq!(meta.names_with("araq").count(), 0);
        let mut wrong = meta.clone();
        wrong.names[0].tag = Some((0, 7));
        assert!(decode("meta", &encode(&wrong)).is_err());
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
            names: Vec::new(),
        };
        meta.facets[0].values[0].1 = 5;
        let error = decode("meta.x.qi", &encode(&meta)).unwrap_err();
        assert!(error.to_string().contains("meta.x.qi"), "{error}");
    }
}
