//! Inversion: each document's words → term ids, per-field positions and lengths, added to
//! one postings list per term; at the end, the dictionary shards and the postings and
//! positions files.

use std::collections::HashMap;

use crate::error::Result;
use crate::field::{FIELD_COUNT, Field};
use crate::format::{BLOCK_GAP, Role};
use crate::language::Stemming;
use crate::store::postings::{Occurrences, PostingsWriter};
use crate::store::terms::{Location, TermInfo, TermShardWriter};
use crate::tokenize;

use super::files::{Chunks, Sealed, TERMS_PER_SHARD};

/// The term id of a word that is not indexed (a stop word).
const NOT_INDEXED: u32 = u32::MAX;

/// Interns index terms: folded word → term id, computing each word's stem once per
/// language.
#[derive(Default)]
struct Terms {
    /// Per stemming met so far: folded word → term id.
    by_word: Vec<(Stemming, HashMap<Box<str>, u32>)>,
    /// The entry of `by_word` of the current document's language.
    current: usize,
    stemming: Stemming,
    by_term: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    postings: Vec<PostingsWriter>,
}

impl Terms {
    /// Words from now on are stemmed with `stemming`.
    fn set_stemming(&mut self, stemming: Stemming) {
        self.current = match self.by_word.iter().position(|(s, _)| *s == stemming) {
            Some(i) => i,
            None => {
                self.by_word.push((stemming, HashMap::new()));
                self.by_word.len() - 1
            }
        };
        self.stemming = stemming;
    }

    fn id(&mut self, folded: &str) -> u32 {
        if let Some(&id) = self.by_word[self.current].1.get(folded) {
            return id;
        }
        let id = match tokenize::term(folded, self.stemming) {
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
        self.by_word[self.current].1.insert(folded.into(), id);
        id
    }
}

/// The postings of every term, filled one document at a time.
#[derive(Default)]
pub(super) struct Inverter {
    terms: Terms,
    /// (term, field, position) of every indexed word of the current document.
    hits: Vec<(u32, u8, u32)>,
    lengths: [u32; FIELD_COUNT],
    next_position: [u32; FIELD_COUNT],
    occurrences: Occurrences,
}

impl Inverter {
    /// Starts the next document, whose words are stemmed with `stemming`.
    pub(super) fn start_document(&mut self, stemming: Stemming) {
        self.terms.set_stemming(stemming);
        self.hits.clear();
        self.lengths = [0; FIELD_COUNT];
        self.next_position = [0; FIELD_COUNT];
    }

    /// Adds a block of text (a title, a paragraph, an entry, a keyword) to a field; returns
    /// its number of indexed words, the length of its span of positions.
    pub(super) fn add_text(&mut self, field: Field, text: &str) -> u32 {
        let f = field as usize;
        // Positions count indexed words only: stop words leave no gap, which keeps the
        // numbers small (a phrase skips its stop words the same way, see `query`).
        let mut position = self.next_position[f];
        let terms = &mut self.terms;
        let hits = &mut self.hits;
        // The parts of a word ("sullivan" of "O'Sullivan") share its position.
        let mut whole: Option<u32> = None;
        let words = tokenize::words(text, |word| {
            let id = terms.id(word.folded);
            if !word.part {
                whole = None;
            }
            if id != NOT_INDEXED {
                let at = *whole.get_or_insert_with(|| {
                    position += 1;
                    position - 1
                });
                hits.push((id, field as u8, at));
            }
        });
        self.lengths[f] += words;
        let indexed = position - self.next_position[f];
        self.next_position[f] = position + BLOCK_GAP;
        indexed
    }

    /// Whether some document has `term`.
    pub(super) fn has_term(&self, term: &str) -> bool {
        self.terms.by_term.contains_key(term)
    }

    /// Files the current document's words under `doc`, and returns its field lengths.
    pub(super) fn finish_document(&mut self, doc: u32) -> [u32; FIELD_COUNT] {
        // Group the hits by term, then by field, into postings.
        self.hits.sort_unstable();
        let mut i = 0;
        while i < self.hits.len() {
            let term = self.hits[i].0;
            for positions in &mut self.occurrences.fields {
                positions.clear();
            }
            while i < self.hits.len() && self.hits[i].0 == term {
                let (_, field, position) = self.hits[i];
                let positions = &mut self.occurrences.fields[field as usize];
                // A term frequency is stored in 16 bits; beyond that, more positions add nothing.
                // Two parts of one word may be the same term, at the same position.
                if positions.len() < u16::MAX as usize && positions.last() != Some(&position) {
                    positions.push(position);
                }
                i += 1;
            }
            self.terms.postings[term as usize].add(doc, &self.occurrences);
        }
        self.lengths
    }

    /// The number of terms, and the terms, postings and positions files: terms in sorted
    /// order, in shards of consecutive terms; their postings and positions in files of at
    /// most [`super::MAX_FILE_BYTES`], read by ranges.
    pub(super) fn finish(self) -> Result<(u32, Vec<Sealed>)> {
        let terms = self.terms;
        let mut order: Vec<u32> = (0..terms.names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| terms.names[a as usize].cmp(&terms.names[b as usize]));
        let mut postings_files = Chunks::default();
        let mut positions_files = Chunks::default();
        let mut shards = Vec::new();
        for shard in order.chunks(TERMS_PER_SHARD) {
            let mut writer = TermShardWriter::new();
            for &id in shard {
                let postings = &terms.postings[id as usize];
                let (list, positions) = postings.finish();
                let at = |(file, offset): (usize, usize), bytes: &[u8]| Location {
                    file: file as u32,
                    offset: offset as u64,
                    len: bytes.len() as u32,
                    crc: crate::crc32::checksum(bytes),
                };
                let info = TermInfo {
                    postings: at(postings_files.push(&list), &list),
                    positions: at(positions_files.push(&positions), &positions),
                    df: postings.df(),
                };
                writer.add(&terms.names[id as usize], &info)?;
            }
            let first_term = terms.names[shard[0] as usize].to_string();
            shards.push(Sealed::terms(writer.finish()?, first_term));
        }
        let mut files = shards;
        files.extend(
            postings_files
                .finish()
                .into_iter()
                .map(|payload| Sealed::new(Role::Postings, payload)),
        );
        files.extend(
            positions_files
                .finish()
                .into_iter()
                .map(|payload| Sealed::new(Role::Positions, payload)),
        );
        Ok((order.len() as u32, files))
    }
}
