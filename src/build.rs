//! Articles → index files: tokenizes every field, accumulates postings, and writes the
//! segments described in [`crate::format`], each under a content-hashed name.

use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};

use crate::corpus::Config;
use crate::error::{Error, Result};
use crate::format::{self, Manifest, ManifestFile, Put, Record, Role, VERSION};
use crate::model::{Article, BlockKind, YEAR_FACET};
use crate::postings::{FIELD_COUNT, Field, Occurrences, PostingsWriter};
use crate::score::quantize_length;
use crate::tokenize;

/// Positions in one field are spread apart between blocks (paragraphs, entries, keyword
/// values), so that a phrase never matches across two of them.
const BLOCK_GAP: u32 = 8;

/// An index file, ready to be written under `name`.
#[derive(Clone, Debug)]
pub struct OutputFile {
    pub role: Role,
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A built index: its files and the manifest that lists them.
#[derive(Clone, Debug)]
pub struct BuiltIndex {
    pub manifest: Manifest,
    pub files: Vec<OutputFile>,
}

impl BuiltIndex {
    /// The manifest as the JSON text of `quire.json`.
    pub fn manifest_json(&self) -> String {
        serde_json::to_string_pretty(&self.manifest).unwrap_or_default() + "\n"
    }
}

/// Interns index terms: folded word → term id, computing each word's stem once.
#[derive(Default)]
struct Terms {
    by_word: HashMap<Box<str>, u32>,
    by_term: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    postings: Vec<PostingsWriter>,
}

const NOT_INDEXED: u32 = u32::MAX;

impl Terms {
    fn id(&mut self, folded: &str) -> u32 {
        if let Some(&id) = self.by_word.get(folded) {
            return id;
        }
        let id = match tokenize::term(folded) {
            None => NOT_INDEXED,
            Some(term) => match self.by_term.get(term.as_ref()) {
                Some(&id) => id,
                None => {
                    let id = self.names.len() as u32;
                    self.names.push(term.as_ref().into());
                    self.by_term.insert(term.as_ref().into(), id);
                    self.postings.push(PostingsWriter::default());
                    id
                }
            },
        };
        self.by_word.insert(folded.into(), id);
        id
    }
}

/// Per-document scratch space, reused from one document to the next.
#[derive(Default)]
struct DocScratch {
    /// (term, field, position) of every indexed word.
    hits: Vec<(u32, u8, u32)>,
    lengths: [u32; FIELD_COUNT],
    next_position: [u32; FIELD_COUNT],
    occurrences: Occurrences,
}

impl DocScratch {
    fn reset(&mut self) {
        self.hits.clear();
        self.lengths = [0; FIELD_COUNT];
        self.next_position = [0; FIELD_COUNT];
    }

    fn add_text(&mut self, terms: &mut Terms, field: Field, text: &str) {
        let f = field as usize;
        // Positions count indexed words only: stop words leave no gap, which keeps the
        // numbers small (a phrase skips its stop words the same way, see `query`).
        let mut position = self.next_position[f];
        let words = tokenize::words(text, |word| {
            let id = terms.id(word.folded);
            if id != NOT_INDEXED {
                self.hits.push((id, field as u8, position));
                position += 1;
            }
        });
        self.lengths[f] += words;
        self.next_position[f] = position + BLOCK_GAP;
    }
}

/// Builds the index of `articles`. `progress` is called after each article with the number
/// done so far.
pub fn build_index(
    mut articles: Vec<Article>,
    config: &Config,
    progress: &mut dyn FnMut(usize),
) -> Result<BuiltIndex> {
    if articles.is_empty() {
        return Err(Error::Manifest {
            message: "the corpus has no articles to index; check the corpus path and that the files end in .md or .jsonl".into(),
        });
    }
    // Undated first, then oldest to newest: date order is document order, and a new
    // article (usually the newest) is added at the end, so the shards of the documents
    // before it keep their bytes, and their names, across rebuilds.
    articles.sort_by(|a, b| {
        a.date
            .is_some()
            .cmp(&b.date.is_some())
            .then(a.date.cmp(&b.date))
            .then_with(|| a.id.cmp(&b.id))
    });
    let doc_count = articles.len() as u32;
    // A facet no article has would only be an empty box in the search page.
    let facets: Vec<&str> = config
        .filters
        .iter()
        .map(String::as_str)
        .filter(|facet| articles.iter().any(|a| !a.facet_values(facet).is_empty()))
        .collect();
    let keyword_keys: Vec<&str> = facets
        .iter()
        .copied()
        .filter(|f| !matches!(*f, "kind" | "author" | "authors" | YEAR_FACET))
        .collect();
    // facet → value → documents
    let mut facet_docs: Vec<BTreeMap<String, Vec<u32>>> = vec![BTreeMap::new(); facets.len()];
    let mut terms = Terms::default();
    let mut scratch = DocScratch::default();
    let mut field_totals = [0u64; FIELD_COUNT];
    let mut norms = vec![vec![0u8; articles.len()]; FIELD_COUNT];
    let mut dates = Vec::with_capacity(articles.len());
    let mut sort_keys: Vec<Vec<f32>> = Vec::new();
    let sort_names: Vec<&str> = config
        .sort
        .iter()
        .map(String::as_str)
        .filter(|k| *k != "date")
        .collect();
    for _ in &sort_names {
        sort_keys.push(Vec::with_capacity(articles.len()));
    }
    let mut doc_records = Vec::with_capacity(articles.len());
    let mut text_records = Vec::with_capacity(articles.len());
    let mut entry_count = 0u32;

    for (doc, article) in articles.into_iter().enumerate() {
        let doc = doc as u32;
        scratch.reset();
        scratch.add_text(&mut terms, Field::Title, &article.title);
        scratch.add_text(&mut terms, Field::Summary, &article.summary);
        for value in article.kind.iter().chain(&article.authors) {
            scratch.add_text(&mut terms, Field::Keywords, value);
        }
        for key in keyword_keys
            .iter()
            .chain(&[crate::corpus::registers::ALIASES])
        {
            for value in article.meta.get(*key).into_iter().flatten() {
                scratch.add_text(&mut terms, Field::Keywords, value);
            }
        }

        let mut text = String::new();
        let mut entries = Vec::new();
        for block in &article.blocks {
            if !text.is_empty() {
                text.push('\n');
            }
            match &block.kind {
                BlockKind::Entry { date, anchor, tags } => {
                    scratch.add_text(&mut terms, Field::Entries, &block.text);
                    text.push_str(&format!("{} {}: ", date.month_name(), date.day));
                    // Only tags of this index's facets are kept; their values must be in the
                    // facet's value table even when no article carries them.
                    let tags: Vec<(usize, String)> = tags
                        .iter()
                        .filter_map(|(facet, value)| {
                            let index = facets.iter().position(|f| f == facet)?;
                            facet_docs[index].entry(value.clone()).or_default();
                            Some((index, value.clone()))
                        })
                        .collect();
                    entries.push((*date, anchor.clone(), text.len(), block.text.len(), tags));
                }
                _ => scratch.add_text(&mut terms, Field::Body, &block.text),
            }
            text.push_str(&block.text);
        }
        entry_count += entries.len() as u32;

        // Group the hits by term, then by field, into postings.
        scratch.hits.sort_unstable();
        let mut i = 0;
        while i < scratch.hits.len() {
            let term = scratch.hits[i].0;
            for positions in &mut scratch.occurrences.fields {
                positions.clear();
            }
            while i < scratch.hits.len() && scratch.hits[i].0 == term {
                let (_, field, position) = scratch.hits[i];
                let positions = &mut scratch.occurrences.fields[field as usize];
                // A term frequency is stored in 16 bits; beyond that, more positions add nothing.
                if positions.len() < u16::MAX as usize {
                    positions.push(position);
                }
                i += 1;
            }
            terms.postings[term as usize].add(doc, &scratch.occurrences);
        }
        for f in 0..FIELD_COUNT {
            field_totals[f] += u64::from(scratch.lengths[f]);
            norms[f][doc as usize] = quantize_length(scratch.lengths[f]);
        }

        for (index, facet) in facets.iter().enumerate() {
            let mut values = article.facet_values(facet);
            values.sort();
            values.dedup();
            for value in values {
                facet_docs[index].entry(value).or_default().push(doc);
            }
        }
        dates.push(article.date.map(|d| d.to_days()));
        for (keys, name) in sort_keys.iter_mut().zip(&sort_names) {
            let value = match article.numbers.get(*name) {
                Some(&n) => n as f32,
                None => f32::NAN,
            };
            keys.push(value);
        }

        let mut record = Vec::new();
        record.put_str(&article.id);
        record.put_str(&article.title);
        record.put_str(&article.url);
        record.put_zigzag(article.date.map_or(0, |d| i64::from(d.to_days()) + 1));
        record.put_str(article.kind.as_deref().unwrap_or(""));
        record.put_str(&article.summary);
        doc_records.push(record);
        // Facet values are appended below, once value indexes are known; entries after that.
        text_records.push((text, entries));
        progress(doc as usize + 1);
    }

    // Value indexes, in the stored (sorted) order.
    let value_index: Vec<HashMap<&str, u32>> = facet_docs
        .iter()
        .map(|values| {
            values
                .keys()
                .enumerate()
                .map(|(i, v)| (v.as_str(), i as u32))
                .collect()
        })
        .collect();
    let mut doc_facets: Vec<Vec<(u32, u32)>> = vec![Vec::new(); doc_count as usize];
    for (facet, values) in facet_docs.iter().enumerate() {
        for (value, docs) in values {
            let index = value_index[facet][value.as_str()];
            for &doc in docs {
                doc_facets[doc as usize].push((facet as u32, index));
            }
        }
    }
    for ((record, facet_values), (_, entries)) in
        doc_records.iter_mut().zip(&doc_facets).zip(&text_records)
    {
        record.put_varint(facet_values.len() as u64);
        for &(facet, value) in facet_values {
            record.put_varint(u64::from(facet));
            record.put_varint(u64::from(value));
        }
        record.put_varint(entries.len() as u64);
        for (date, anchor, start, len, tags) in entries {
            record.put_zigzag(i64::from(date.to_days()) + 1);
            record.put_str(anchor);
            record.put_varint(*start as u64);
            record.put_varint(*len as u64);
            record.put_varint(tags.len() as u64);
            for (facet, value) in tags {
                record.put_varint(*facet as u64);
                record.put_varint(u64::from(value_index[*facet][value.as_str()]));
            }
        }
    }

    // Terms in sorted order: shards of consecutive terms, their postings and positions in
    // files of at most MAX_FILE_BYTES, read by ranges.
    let mut order: Vec<u32> = (0..terms.names.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| terms.names[a as usize].cmp(&terms.names[b as usize]));
    let mut postings_files = Chunks::default();
    let mut positions_files = Chunks::default();
    let mut term_shards: Vec<(String, Vec<u8>)> = Vec::new();
    for shard in order.chunks(TERMS_PER_SHARD) {
        let mut fst_builder = fst::MapBuilder::memory();
        let mut table = Vec::new();
        for (ordinal, &id) in shard.iter().enumerate() {
            let writer = &terms.postings[id as usize];
            let (list, positions) = writer.finish();
            let (file, offset) = postings_files.push(&list);
            table.put_varint(file as u64);
            table.put_varint(offset as u64);
            table.put_varint(list.len() as u64);
            table.extend_from_slice(&crate::crc32::checksum(&list).to_le_bytes());
            let (file, offset) = positions_files.push(&positions);
            table.put_varint(file as u64);
            table.put_varint(offset as u64);
            table.put_varint(positions.len() as u64);
            table.extend_from_slice(&crate::crc32::checksum(&positions).to_le_bytes());
            table.put_varint(u64::from(writer.df()));
            fst_builder
                .insert(terms.names[id as usize].as_bytes(), ordinal as u64)
                .map_err(|e| Error::Manifest {
                    message: format!("building the term dictionary: {e}"),
                })?;
        }
        let fst_bytes = fst_builder.into_inner().map_err(|e| Error::Manifest {
            message: format!("building the term dictionary: {e}"),
        })?;
        let mut payload = Vec::new();
        payload.put_varint(shard.len() as u64);
        payload.put_varint(fst_bytes.len() as u64);
        payload.extend_from_slice(&fst_bytes);
        payload.extend_from_slice(&table);
        term_shards.push((terms.names[shard[0] as usize].to_string(), payload));
    }

    // meta
    let mut meta = Vec::new();
    meta.put_varint(u64::from(doc_count));
    meta.put_varint(u64::from(entry_count));
    meta.put_varint(order.len() as u64);
    meta.put_varint(FIELD_COUNT as u64);
    for total in field_totals {
        meta.put_f32(total as f32 / doc_count as f32);
    }
    meta.put_varint(facets.len() as u64);
    for (facet, values) in facets.iter().zip(&facet_docs) {
        meta.put_str(facet);
        meta.put_str(&config.label(facet));
        meta.put_varint(values.len() as u64);
        for (value, docs) in values {
            meta.put_str(value);
            meta.put_varint(docs.len() as u64);
        }
    }
    meta.put_varint(sort_names.len() as u64);
    for name in &sort_names {
        meta.put_str(name);
    }

    // columns: norms only of the fields some document has, which keeps them small.
    let mut columns = Vec::new();
    columns.put_varint(u64::from(doc_count));
    columns.put_varint(FIELD_COUNT as u64);
    columns.put_varint(sort_names.len() as u64);
    let mut previous = 0i64;
    for date in &dates {
        let value = date.map_or(0, |d| i64::from(d) + 1);
        columns.put_zigzag(value - previous);
        previous = value;
    }
    let present: u8 = (0..FIELD_COUNT)
        .filter(|&f| norms[f].iter().any(|&n| n != 0))
        .fold(0, |mask, f| mask | 1 << f);
    columns.push(present);
    for (f, field_norms) in norms.iter().enumerate() {
        if present & (1 << f) != 0 {
            // Two norms a byte, 16 levels spread over the field's own range of lengths:
            // enough to rank by, and the columns file is fetched before any first result.
            let low = field_norms.iter().copied().min().unwrap_or(0);
            let high = field_norms.iter().copied().max().unwrap_or(0);
            columns.push(low);
            columns.push(high);
            let span = u16::from(high - low).max(1);
            let nibble = |byte: u8| ((u16::from(byte - low) * 15 + span / 2) / span) as u8;
            for pair in field_norms.chunks(2) {
                columns.push(nibble(pair[0]) | nibble(*pair.get(1).unwrap_or(&low)) << 4);
            }
        }
    }
    for keys in &sort_keys {
        for key in keys {
            columns.put_f32(*key);
        }
    }

    // facets
    let mut facet_bytes = Vec::new();
    for values in &facet_docs {
        for docs in values.values() {
            facet_bytes.put_varint(docs.len() as u64);
            let mut previous = 0;
            for (i, &doc) in docs.iter().enumerate() {
                facet_bytes.put_varint(u64::from(if i == 0 { doc } else { doc - previous }));
                previous = doc;
            }
        }
    }

    // docs: per document its display record and its deflated text, in record tables over
    // document ranges.
    let documents: Vec<[Record; 2]> = doc_records
        .into_iter()
        .zip(text_records)
        .map(|(record, (text, _))| {
            let crc = crate::crc32::checksum(&record);
            [
                (record, crc),
                (
                    deflate(text.as_bytes()),
                    crate::crc32::checksum(text.as_bytes()),
                ),
            ]
        })
        .collect();

    let mut files: Vec<(Role, Vec<u8>, ManifestExtra)> = vec![
        (Role::Meta, meta, ManifestExtra::default()),
        (Role::Columns, columns, ManifestExtra::default()),
        (Role::Facets, facet_bytes, ManifestExtra::default()),
    ];
    for (first_term, payload) in term_shards {
        files.push((
            Role::Terms,
            payload,
            ManifestExtra {
                first_term: Some(first_term),
                ..ManifestExtra::default()
            },
        ));
    }
    for payload in postings_files.finish() {
        files.push((Role::Postings, payload, ManifestExtra::default()));
    }
    for payload in positions_files.finish() {
        files.push((Role::Positions, payload, ManifestExtra::default()));
    }
    for (first_doc, group) in record_groups(&documents) {
        let mut payload = Vec::new();
        format::put_record_table(&mut payload, first_doc, group);
        let extra = ManifestExtra {
            first_doc: Some(first_doc),
            docs: Some(group.len() as u32),
            ..ManifestExtra::default()
        };
        files.push((Role::Docs, payload, extra));
    }
    let files: Vec<(OutputFile, ManifestExtra)> = files
        .into_iter()
        .map(|(role, payload, extra)| {
            let bytes = format::seal(role, &payload);
            let name = format!("{}.{}.qi", role.name(), content_hash(&bytes));
            (OutputFile { role, name, bytes }, extra)
        })
        .collect();
    let manifest = Manifest {
        format: "quire-index".into(),
        version: VERSION,
        documents: doc_count,
        entries: entry_count,
        terms: order.len() as u32,
        files: files
            .iter()
            .map(|(f, extra)| ManifestFile {
                role: f.role.name().into(),
                name: f.name.clone(),
                bytes: f.bytes.len() as u64,
                first_term: extra.first_term.clone(),
                first_doc: extra.first_doc,
                docs: extra.docs,
            })
            .collect(),
    };
    Ok(BuiltIndex {
        manifest,
        files: files.into_iter().map(|(f, _)| f).collect(),
    })
}

/// At most this many terms in one terms file: small enough that the words of a query fetch
/// a few kilobytes of dictionary, large enough that a big corpus needs few files.
pub const TERMS_PER_SHARD: usize = 512;

/// No file is larger than this (hosts cap file sizes; Cloudflare Pages at 25 MiB).
pub const MAX_FILE_BYTES: usize = 8 << 20;

/// At most this many documents in one docs file.
pub const DOCS_PER_FILE: usize = 8192;

/// The manifest fields beyond role, name and size.
#[derive(Default)]
struct ManifestExtra {
    first_term: Option<String>,
    first_doc: Option<u32>,
    docs: Option<u32>,
}

/// Byte strings packed into files of at most [`MAX_FILE_BYTES`].
#[derive(Default)]
struct Chunks {
    files: Vec<Vec<u8>>,
}

impl Chunks {
    /// Appends `bytes` and says where: (file number, offset in its payload).
    fn push(&mut self, bytes: &[u8]) -> (usize, usize) {
        if self
            .files
            .last()
            .is_none_or(|f| !f.is_empty() && f.len() + bytes.len() > MAX_FILE_BYTES)
        {
            self.files.push(Vec::new());
        }
        let n = self.files.len() - 1;
        let file = &mut self.files[n];
        let offset = file.len();
        file.extend_from_slice(bytes);
        (n, offset)
    }

    fn finish(self) -> Vec<Vec<u8>> {
        self.files
    }
}

/// Consecutive documents grouped into files of at most [`DOCS_PER_FILE`] documents and
/// [`MAX_FILE_BYTES`] bytes: (first document, its records).
fn record_groups(documents: &[[Record; 2]]) -> Vec<(u32, &[[Record; 2]])> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, [display, text]) in documents.iter().enumerate() {
        let size = display.0.len() + text.0.len();
        if i > start && (i - start >= DOCS_PER_FILE || bytes + size > MAX_FILE_BYTES) {
            groups.push((start as u32, &documents[start..i]));
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    groups.push((start as u32, &documents[start..]));
    groups
}

/// Raw deflate (RFC 1951), which browsers decompress natively (`DecompressionStream`).
fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The inverse of the text records' compression, for native readers.
pub fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_corpus_is_an_error() {
        let error = build_index(Vec::new(), &Config::default(), &mut |_| {}).unwrap_err();
        assert!(error.to_string().contains("no articles"), "{error}");
    }
}
