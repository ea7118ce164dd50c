//! Writing an index: articles → index files. [`IndexBuilder`] inverts each article as it is
//! added (its words into postings, its lengths into norms, its facet values, its display
//! and text records) and [`IndexBuilder::finish`] writes every on-disk structure of
//! the index format (`src/store/`), each sealed under a content-hashed name, with the manifest that lists
//! them.

mod files;
mod invert;

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::field::{FIELD_COUNT, Field};
use crate::format::Role;
use crate::language::Stemming;
use crate::model::{ALIASES, Article, BlockKind, LANGUAGE_FACET, YEAR_FACET};
use crate::store::columns::{self, quantize_length};
use crate::store::docs::{self, DisplayRecord, EntryRecord, SectionRecord};
use crate::store::entries::EntryData;
use crate::store::facets;
use crate::store::manifest::Manifest;
use crate::store::meta::{self, FacetInfo, Meta, NameGroup};

use files::Sealed;
use invert::Inverter;

pub use files::{DOCS_PER_FILE, MAX_FILE_BYTES, POSITIONS_FILE_BYTES, TERMS_FILE_BYTES};

/// What the index is built with besides the articles: its facets, sort keys and the
/// spellings of the registers' names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuildOptions {
    /// Facets, in display order: (key, label for readers). A facet no article has a value
    /// of is left out of the index.
    pub facets: Vec<(String, String)>,
    /// Numeric sort keys besides relevance and date.
    pub sort_keys: Vec<String>,
    /// The outlets and people of the registers, each with the ways it is written, so that a
    /// search for one spelling finds them all (the corpus's `Registers::names`).
    pub names: Vec<NameForms>,
}

/// An outlet or person and its spellings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NameForms {
    /// Its facet: `outlet` or `person`.
    pub facet: String,
    /// Its canonical name, the facet value.
    pub value: String,
    /// Its name and aliases.
    pub forms: Vec<String>,
}

/// An index file, ready to be written under `name`.
#[derive(Clone, Debug)]
pub struct OutputFile {
    /// What the file holds.
    pub role: Role,
    /// Its name: role, content hash, `.qi`.
    pub name: String,
    /// Its bytes, segment header included.
    pub bytes: Vec<u8>,
}

/// A built index: its files and the manifest that lists them.
#[derive(Clone, Debug)]
pub struct BuiltIndex {
    /// What `quire.json` holds.
    pub manifest: Manifest,
    /// Every index file the manifest lists.
    pub files: Vec<OutputFile>,
}

impl BuiltIndex {
    /// The manifest as the JSON text of `quire.json`.
    pub fn manifest_json(&self) -> String {
        self.manifest.to_json()
    }
}

/// The order documents are numbered in: undated first, then oldest to newest, then by id.
/// Date order is then document order, and a new article (usually the newest) comes last, so
/// that the docs files of the articles before it keep their bytes, and their names, across
/// rebuilds.
pub fn document_order(a: &Article, b: &Article) -> Ordering {
    a.date
        .is_some()
        .cmp(&b.date.is_some())
        .then(a.date.cmp(&b.date))
        .then_with(|| a.id.cmp(&b.id))
}

/// Builds the index of `articles`, in any order. `progress` is called after each article
/// with the number done so far.
pub fn build_index(
    mut articles: Vec<Article>,
    options: &BuildOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<BuiltIndex> {
    articles.sort_by(document_order);
    let mut builder = IndexBuilder::new(options.clone());
    for (done, article) in articles.iter().enumerate() {
        builder.add(article)?;
        progress(done + 1);
    }
    builder.finish()
}

/// A document's display data and text, kept until the facet value tables are known.
struct Pending {
    id: String,
    title: String,
    url: String,
    date: Option<Date>,
    kind: String,
    summary: String,
    text: String,
    entries: Vec<PendingEntry>,
    sections: Vec<PendingSection>,
}

/// A section of a [`Pending`] document: a heading with an `id`, up to the next one.
struct PendingSection {
    anchor: String,
    /// Byte offset and length in the document's text, the heading's line first.
    start: usize,
    len: usize,
}

/// An entry of a [`Pending`] document.
struct PendingEntry {
    date: Date,
    anchor: String,
    /// Byte offset and length in the document's text.
    start: usize,
    len: usize,
    /// Its indexed words: the length of its span in the entries field.
    words: u32,
    /// (facet of the options, value) of the outlets, leanings and people it names.
    tags: Vec<(usize, String)>,
    /// (name, role on its date or "") of the people it names.
    people: Vec<(String, String)>,
}

/// Builds an index one article at a time, in [`document_order`].
pub struct IndexBuilder {
    options: BuildOptions,
    inverter: Inverter,
    /// Front-matter keys whose values are also indexed as keywords: the facets besides the
    /// built-in kind, author and year, and the register aliases.
    keyword_keys: Vec<String>,
    /// Per facet of the options: value → documents.
    facet_docs: Vec<BTreeMap<String, Vec<u32>>>,
    /// Per facet of the options: whether some article has a value of it.
    facet_used: Vec<bool>,
    field_totals: [u64; FIELD_COUNT],
    norms: [Vec<u8>; FIELD_COUNT],
    dates: Vec<Option<i32>>,
    sort_keys: Vec<Vec<f32>>,
    pending: Vec<Pending>,
    entry_count: u32,
    /// The order key of the last article, to refuse one that comes before it.
    last: Option<(bool, Option<Date>, String)>,
    /// The languages of the articles added.
    languages: BTreeSet<String>,
    /// Whether the `language` facet was added by the builder (kept only with several
    /// languages) rather than asked for.
    language_facet_added: bool,
}

impl IndexBuilder {
    /// An empty index with these facets and sort keys, and a `language` facet, kept when the
    /// articles have several languages.
    pub fn new(mut options: BuildOptions) -> IndexBuilder {
        let language_facet_added = !options.facets.iter().any(|(f, _)| f == LANGUAGE_FACET);
        if language_facet_added {
            options
                .facets
                .push((LANGUAGE_FACET.to_string(), "Language".to_string()));
        }
        let keyword_keys = options
            .facets
            .iter()
            .map(|(key, _)| key.clone())
            .filter(|key| {
                !matches!(
                    key.as_str(),
                    "kind" | "author" | "authors" | YEAR_FACET | LANGUAGE_FACET
                )
            })
            .chain([ALIASES.to_string()])
            .collect();
        IndexBuilder {
            facet_docs: vec![BTreeMap::new(); options.facets.len()],
            facet_used: vec![false; options.facets.len()],
            sort_keys: vec![Vec::new(); options.sort_keys.len()],
            options,
            inverter: Inverter::default(),
            keyword_keys,
            field_totals: [0; FIELD_COUNT],
            norms: Default::default(),
            dates: Vec::new(),
            pending: Vec::new(),
            entry_count: 0,
            last: None,
            languages: BTreeSet::new(),
            language_facet_added,
        }
    }

    /// Adds the next article. Articles must come in [`document_order`] (which
    /// [`build_index`] sorts them into); one out of order is refused.
    pub fn add(&mut self, article: &Article) -> Result<()> {
        let key = (article.date.is_some(), article.date, article.id.clone());
        if let Some(last) = &self.last
            && key <= *last
        {
            return Err(Error::Build {
                message: format!(
                    "article `{}` comes after `{}` but must be added before it: add articles \
                     in quire::build::document_order (undated first, then by date, then id), \
                     each id once",
                    article.id, last.2
                ),
            });
        }
        self.last = Some(key);
        let doc = self.dates.len() as u32;
        let language = article.language();
        let stemming = Stemming::of(language).ok_or_else(|| Error::Build {
            message: format!(
                "article `{}` is in `{language}`, whose stemmer this build leaves out: build \
                 with the `all-stemmers` feature",
                article.id
            ),
        })?;
        if !self.languages.contains(language) {
            self.languages.insert(language.to_string());
        }
        let inverter = &mut self.inverter;
        inverter.start_document(stemming);
        inverter.add_text(Field::Title, &article.title);
        inverter.add_text(Field::Summary, &article.summary);
        for value in article.kind.iter().chain(&article.authors) {
            inverter.add_text(Field::Keywords, value);
        }
        for key in &self.keyword_keys {
            for value in article.meta.get(key).into_iter().flatten() {
                inverter.add_text(Field::Keywords, value);
            }
        }

        // The plain text, block by block; an entry's line opens with its date, as written.
        let mut text = String::new();
        let mut entries = Vec::new();
        let mut sections: Vec<PendingSection> = Vec::new();
        let year_facet = self
            .options
            .facets
            .iter()
            .position(|(f, _)| f == YEAR_FACET);
        for block in &article.blocks {
            if !text.is_empty() {
                text.push('\n');
            }
            match &block.kind {
                BlockKind::Entry {
                    date,
                    anchor,
                    tags,
                    people,
                } => {
                    let words = inverter.add_text(Field::Entries, &block.text);
                    text.push_str(&format!("{} {}: ", date.month_name(), date.day));
                    // An entry counts in the year of its own date: that year is a value of
                    // the year facet even when no article is dated in it.
                    if let Some(year) = year_facet {
                        self.facet_docs[year]
                            .entry(date.year.to_string())
                            .or_default();
                    }
                    // Only tags of this index's facets are kept; their values must be in the
                    // facet's value table even when no article carries them.
                    let tags: Vec<(usize, String)> = tags
                        .iter()
                        .filter_map(|(facet, value)| {
                            let index = self.options.facets.iter().position(|(f, _)| f == facet)?;
                            self.facet_docs[index].entry(value.clone()).or_default();
                            Some((index, value.clone()))
                        })
                        .collect();
                    entries.push(PendingEntry {
                        date: *date,
                        anchor: anchor.clone(),
                        start: text.len(),
                        len: block.text.len(),
                        words,
                        tags,
                        people: people
                            .iter()
                            .map(|p| (p.name.clone(), p.role.clone().unwrap_or_default()))
                            .collect(),
                    });
                }
                BlockKind::Heading {
                    anchor: Some(anchor),
                } => {
                    inverter.add_text(Field::Body, &block.text);
                    // A heading with an id opens a section, which the one before ends.
                    if let Some(open) = sections.last_mut() {
                        open.len = text.len().saturating_sub(1) - open.start;
                    }
                    sections.push(PendingSection {
                        anchor: anchor.clone(),
                        start: text.len(),
                        len: 0,
                    });
                }
                _ => {
                    inverter.add_text(Field::Body, &block.text);
                }
            }
            text.push_str(&block.text);
        }
        if let Some(open) = sections.last_mut() {
            open.len = text.len() - open.start;
        }
        if text.len() > docs::MAX_TEXT_BYTES {
            return Err(Error::Build {
                message: format!(
                    "article `{}` has {} bytes of text, over the limit of {} that readers \
                     decompress: split it into several articles",
                    article.id,
                    text.len(),
                    docs::MAX_TEXT_BYTES
                ),
            });
        }
        self.entry_count += entries.len() as u32;
        let lengths = inverter.finish_document(doc);
        for (f, length) in lengths.iter().enumerate() {
            self.field_totals[f] += u64::from(*length);
            self.norms[f].push(quantize_length(*length));
        }

        for (index, (facet, _)) in self.options.facets.iter().enumerate() {
            let mut values = article.facet_values(facet);
            values.sort();
            values.dedup();
            self.facet_used[index] |= !values.is_empty();
            for value in values {
                self.facet_docs[index].entry(value).or_default().push(doc);
            }
        }
        self.dates.push(article.date.map(|d| d.to_days()));
        for (keys, name) in self.sort_keys.iter_mut().zip(&self.options.sort_keys) {
            keys.push(article.numbers.get(name).map_or(f32::NAN, |&n| n as f32));
        }
        self.pending.push(Pending {
            id: article.id.clone(),
            title: article.title.clone(),
            url: article.url.clone(),
            date: article.date,
            kind: article.kind.clone().unwrap_or_default(),
            summary: article.summary.clone(),
            text,
            entries,
            sections,
        });
        Ok(())
    }

    /// Writes every index file and the manifest.
    pub fn finish(self) -> Result<BuiltIndex> {
        let doc_count = self.dates.len() as u32;
        if doc_count == 0 {
            return Err(Error::Build {
                message: "the corpus has no articles to index; check the corpus path and that \
                          the files end in .md or .jsonl"
                    .into(),
            });
        }
        // A facet no article has would only be an empty box in the search page, and the
        // language facet of a one-language index one with a single value.
        let added_language_facet = self
            .language_facet_added
            .then(|| self.options.facets.len() - 1);
        let kept: Vec<usize> = (0..self.options.facets.len())
            .filter(|&f| self.facet_used[f])
            .filter(|&f| Some(f) != added_language_facet || self.languages.len() > 1)
            .collect();
        let facet_index = |configured: usize| kept.iter().position(|&k| k == configured);
        // Value indexes, in the stored (sorted) order.
        let value_index: Vec<BTreeMap<&str, usize>> = self
            .facet_docs
            .iter()
            .map(|values| {
                values
                    .keys()
                    .enumerate()
                    .map(|(i, v)| (v.as_str(), i))
                    .collect()
            })
            .collect();
        let mut doc_facets: Vec<Vec<(usize, usize)>> = vec![Vec::new(); doc_count as usize];
        for (facet, &configured) in kept.iter().enumerate() {
            for (value, (_, docs)) in self.facet_docs[configured].iter().enumerate() {
                for &doc in docs {
                    doc_facets[doc as usize].push((facet, value));
                }
            }
        }

        // The one-word spellings of each name that some document has, in each language.
        let stemmings: Vec<Stemming> = self
            .languages
            .iter()
            .filter_map(|tag| Stemming::of(tag))
            .collect();
        let names: Vec<NameGroup> = self
            .options
            .names
            .iter()
            .filter_map(|name| {
                let mut terms: Vec<String> = Vec::new();
                for form in &name.forms {
                    for &stemming in &stemmings {
                        if let [term] = crate::tokenize::terms(form, stemming).as_slice()
                            && self.inverter.has_term(term)
                            && !terms.contains(term)
                        {
                            terms.push(term.clone());
                        }
                    }
                }
                let configured = self
                    .options
                    .facets
                    .iter()
                    .position(|(f, _)| *f == name.facet);
                let tag = configured.and_then(|configured| {
                    Some((
                        facet_index(configured)?,
                        *value_index[configured].get(name.value.as_str())?,
                    ))
                });
                // One spelling stands for nothing else, unless it finds the entries tagged
                // with the name.
                (terms.len() >= 2 || (tag.is_some() && !terms.is_empty()))
                    .then_some(NameGroup { tag, terms })
            })
            .collect();
        let (term_count, mut sealed) = self.inverter.finish()?;
        let meta = Meta {
            documents: doc_count,
            entries: self.entry_count,
            terms: term_count,
            average_lengths: self
                .field_totals
                .map(|total| total as f32 / doc_count as f32),
            facets: kept
                .iter()
                .map(|&f| FacetInfo {
                    name: self.options.facets[f].0.clone(),
                    label: self.options.facets[f].1.clone(),
                    values: self.facet_docs[f]
                        .iter()
                        .map(|(value, docs)| (value.clone(), docs.len() as u32))
                        .collect(),
                })
                .collect(),
            sort_keys: self.options.sort_keys.clone(),
            languages: self.languages.iter().cloned().collect(),
            names,
        };
        let facet_lists: Vec<Vec<Vec<u32>>> = kept
            .iter()
            .map(|&f| self.facet_docs[f].values().cloned().collect())
            .collect();
        // An entry's tags as facet and value indexes of the index.
        let entry_tags = |doc: &Pending| -> Vec<Vec<(usize, usize)>> {
            doc.entries
                .iter()
                .map(|entry| {
                    entry
                        .tags
                        .iter()
                        .filter_map(|(configured, value)| {
                            Some((
                                facet_index(*configured)?,
                                value_index[*configured][value.as_str()],
                            ))
                        })
                        .collect()
                })
                .collect()
        };
        let document_entries: Vec<Vec<EntryData>> = self
            .pending
            .iter()
            .map(|doc| {
                doc.entries
                    .iter()
                    .zip(entry_tags(doc))
                    .map(|(entry, mut tags)| {
                        tags.sort_unstable();
                        EntryData {
                            day: entry.date.to_days(),
                            words: entry.words,
                            tags,
                        }
                    })
                    .collect()
            })
            .collect();
        let records: Vec<Vec<u8>> = self
            .pending
            .iter()
            .zip(&doc_facets)
            .map(|(doc, facet_values)| {
                let record = DisplayRecord {
                    id: &doc.id,
                    title: &doc.title,
                    url: &doc.url,
                    date: doc.date,
                    kind: &doc.kind,
                    summary: &doc.summary,
                    facet_values: facet_values.clone(),
                    entries: doc
                        .entries
                        .iter()
                        .zip(entry_tags(doc))
                        .map(|(entry, tags)| EntryRecord {
                            date: entry.date,
                            anchor: &entry.anchor,
                            start: entry.start,
                            len: entry.len,
                            tags,
                            people: entry
                                .people
                                .iter()
                                .map(|(name, role)| (name.as_str(), role.as_str()))
                                .collect(),
                        })
                        .collect(),
                    sections: doc
                        .sections
                        .iter()
                        .map(|section| SectionRecord {
                            anchor: &section.anchor,
                            start: section.start,
                            len: section.len,
                        })
                        .collect(),
                }
                .encode();
                docs::encode_record(&record, &docs::encode_text(&doc.text))
            })
            .collect();

        let record_units: Vec<u32> = records
            .iter()
            .map(|r| (r.len() / docs::RECORD_UNIT) as u32)
            .collect();
        let mut files = vec![
            Sealed::new(Role::Meta, meta::encode(&meta)),
            Sealed::new(
                Role::Columns,
                columns::encode(&self.dates, &self.norms, &self.sort_keys, &record_units),
            ),
            Sealed::new(
                Role::Facets,
                facets::encode(&facet_lists, &document_entries),
            ),
        ];
        files.append(&mut sealed);
        files.extend(files::docs_files(&records));
        Ok(files::assemble(
            files,
            doc_count,
            self.entry_count,
            term_count,
            meta.languages,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, date: Option<Date>) -> Article {
        Article {
            id: id.into(),
            title: format!("About {id}"),
            url: format!("/{id}/"),
            date,
            ..Article::default()
        }
    }

    #[test]
    fn an_empty_corpus_is_an_error() {
        let error = build_index(Vec::new(), &BuildOptions::default(), &mut |_| {}).unwrap_err();
        assert!(error.to_string().contains("no articles"), "{error}");
    }

    #[test]
    fn articles_out_of_document_order_are_refused_with_the_fix() {
        let mut builder = IndexBuilder::new(BuildOptions::default());
        builder.add(&article("b", Date::new(2025, 5, 2))).unwrap();
        let error = builder
            .add(&article("a", Date::new(2025, 5, 1)))
            .unwrap_err();
        assert!(error.to_string().contains("document_order"), "{error}");
        let error = builder
            .add(&article("b", Date::new(2025, 5, 2)))
            .unwrap_err();
        assert!(error.to_string().contains("each id once"), "{error}");
    }

    #[test]
    fn facets_without_values_are_left_out() {
        let options = BuildOptions {
            facets: vec![
                ("kind".into(), "Kind".into()),
                ("series".into(), "Series".into()),
            ],
            sort_keys: Vec::new(),
            names: Vec::new(),
        };
        let mut with_kind = article("a", None);
        with_kind.kind = Some("Analysis".into());
        let built = build_index(vec![with_kind], &options, &mut |_| {}).unwrap();
        let index = crate::Index::open(|name| {
            built
                .files
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.bytes.clone())
                .or_else(|| {
                    (name == crate::MANIFEST_NAME).then(|| built.manifest_json().into_bytes())
                })
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
        })
        .unwrap();
        let names: Vec<String> = index
            .info()
            .unwrap()
            .facets
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, ["kind"]);
    }
}
