//! Inversion: each document's words → term ids, per-field positions and lengths, added to
//! one postings list per term; at the end, the dictionary shards (with the postings lists)
//! and the positions files.

use std::collections::HashMap;

use crate::error::Result;
use crate::field::{FIELD_COUNT, Field};
use crate::format::{BLOCK_GAP, Role};
use crate::language::Stemming;
use crate::store::lexicon::{LexiconWriter, ROTATED_MIN_DF, rotate};
use crate::store::postings::{LAST_TITLE_RANK, Occurrences, PostingsWriter, title_form};
use crate::store::terms::{Location, TermShardWriter};
use crate::tokenize;

use super::files::{
    Chunks, LEXICON_FILE_BYTES, MIN_TERMS_FILE_BYTES, POSITIONS_FILE_BYTES, Sealed,
    TERMS_FILE_BYTES,
};

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
    /// (term, field, position, title form) of every indexed word of the current document
    /// (the form only in the title, see [`title_form`]).
    hits: Vec<(u32, u8, u32, u8)>,
    lengths: [u32; FIELD_COUNT],
    next_position: [u32; FIELD_COUNT],
    occurrences: Occurrences,
    /// Per document added, its title's distinct terms in title order: their ranks by
    /// document frequency (see [`title_ranks`]) are known once every document is in.
    titles: Vec<(u32, Vec<u32>)>,
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
                let form = if field == Field::Title {
                    title_form(word.folded)
                } else {
                    0
                };
                hits.push((id, field as u8, at, form));
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
        // The title's terms in title order, each once.
        let mut title: Vec<(u32, u32)> = self
            .hits
            .iter()
            .filter(|hit| hit.1 == Field::Title as u8)
            .map(|&(term, _, position, _)| (position, term))
            .collect();
        title.sort_unstable();
        let mut terms: Vec<u32> = Vec::with_capacity(title.len());
        for (_, term) in title {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        self.titles.push((doc, terms));
        // Group the hits by term, then by field, into postings.
        self.hits.sort_unstable();
        let mut i = 0;
        while i < self.hits.len() {
            let term = self.hits[i].0;
            for positions in &mut self.occurrences.fields {
                positions.clear();
            }
            self.occurrences.title_form = 0;
            while i < self.hits.len() && self.hits[i].0 == term {
                let (_, field, position, form) = self.hits[i];
                // The form of the term's first word in the title.
                if field == Field::Title as u8
                    && self.occurrences.fields[Field::Title as usize].is_empty()
                {
                    self.occurrences.title_form = form;
                }
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

    /// The number of terms, and the terms and positions files: terms in sorted order, cut
    /// into shards of about [`TERMS_FILE_BYTES`] (an eighth of the whole for a small
    /// dictionary, at least [`MIN_TERMS_FILE_BYTES`]), each holding its terms' postings lists (a
    /// list larger than that makes a shard of its own); positions in files of at most
    /// [`POSITIONS_FILE_BYTES`], read by ranges.
    pub(super) fn finish(self) -> Result<(u32, Vec<Sealed>)> {
        let terms = self.terms;
        let ranks = title_ranks(&terms, self.titles);
        let mut order: Vec<u32> = (0..terms.names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| terms.names[a as usize].cmp(&terms.names[b as usize]));
        let mut positions_files = Chunks::new(POSITIONS_FILE_BYTES);
        let lists: Vec<(Vec<u8>, Vec<u8>)> = order
            .iter()
            .map(|&id| terms.postings[id as usize].finish(&ranks[id as usize]))
            .collect();
        // A small dictionary is still cut into a few files, so that a word fetches a part of
        // it: at least about eight, of at least 4 kB.
        let total: usize = order
            .iter()
            .zip(&lists)
            .map(|(&id, (list, _))| terms.names[id as usize].len() + list.len() + 8)
            .sum();
        let target = (total / 8).clamp(MIN_TERMS_FILE_BYTES, TERMS_FILE_BYTES);
        let mut shards = Vec::new();
        let mut writer = TermShardWriter::new();
        let mut first_term = String::new();
        let mut lexicons = rotated_lexicons(&terms)?;
        for (&id, (list, positions)) in order.iter().zip(&lists) {
            let name = &terms.names[id as usize];
            let postings = &terms.postings[id as usize];
            // A typo lookup reads the lexicon files of a first letter: a file ends at its
            // size, or at a new first letter once it is a quarter of it.
            let new_letter = lexicons.first_key().chars().next() != name.chars().next();
            let size = lexicons.size();
            let cut = size >= LEXICON_FILE_BYTES || (new_letter && size >= LEXICON_FILE_BYTES / 4);
            lexicons.add(name, postings.df(), cut)?;
            // A list that would take the shard past its size starts a new one.
            if writer.len() > 0 && writer.size() + list.len() > target {
                let full = std::mem::replace(&mut writer, TermShardWriter::new());
                shards.push(Sealed::ranged(
                    Role::Terms,
                    full.finish()?,
                    std::mem::take(&mut first_term),
                ));
            }
            if writer.len() == 0 {
                first_term = name.to_string();
            }
            let (file, offset) = positions_files.push(positions);
            let location = Location {
                file: file as u32,
                offset: offset as u64,
                len: positions.len() as u32,
                crc: crate::crc32::checksum(positions),
            };
            writer.add(name, postings.df(), list, &location)?;
        }
        if writer.len() > 0 {
            shards.push(Sealed::ranged(Role::Terms, writer.finish()?, first_term));
        }
        let mut files = shards;
        files.extend(lexicons.finish()?);
        files.extend(
            positions_files
                .finish()
                .into_iter()
                .map(|payload| Sealed::new(Role::Positions, payload)),
        );
        Ok((order.len() as u32, files))
    }
}

/// Per term, the [`crate::store::postings::Posting::title_rank`] of each document with the
/// term in its title, in document order: how many of the title's distinctive terms are rarer
/// (fewer documents; the earlier in the title first on ties). A term is distinctive when it
/// has at least [`DISTINCTIVE_LETTERS`] letters: a reader who remembers a title types its
/// names and rare words, not its short ones ("oil", "UN", "yr") nor its figures.
fn title_ranks(terms: &Terms, mut titles: Vec<(u32, Vec<u32>)>) -> Vec<Vec<u8>> {
    titles.sort_unstable_by_key(|(doc, _)| *doc);
    let mut ranks: Vec<Vec<u8>> = vec![Vec::new(); terms.names.len()];
    let distinctive = |term: u32| {
        let letters = terms.names[term as usize]
            .chars()
            .filter(|c| c.is_alphabetic());
        letters.count() >= DISTINCTIVE_LETTERS
    };
    for (_, title) in &titles {
        let mut rarest: Vec<(u32, usize, u32)> = title
            .iter()
            .enumerate()
            .filter(|&(_, &term)| distinctive(term))
            .map(|(at, &term)| (terms.postings[term as usize].df(), at, term))
            .collect();
        rarest.sort_unstable();
        for &term in title {
            let rank = rarest
                .iter()
                .position(|&(_, _, t)| t == term)
                .map_or(LAST_TITLE_RANK, |r| {
                    r.min(usize::from(LAST_TITLE_RANK)) as u8
                });
            ranks[term as usize].push(rank);
        }
    }
    ranks
}

/// See [`title_ranks`].
const DISTINCTIVE_LETTERS: usize = 4;

/// A rotated lexicon file (see [`crate::store::lexicon`]) is cut once its keys and
/// frequencies reach about this many bytes: a lookup reads the one or two holding a
/// three-letter beginning, and the smaller they are the fewer bytes beside it.
const ROTATED_FILE_BYTES: usize = 3 << 10;

/// The rotated lexicon files, in key order: they come before the other lexicon files,
/// which the caller goes on adding.
fn rotated_lexicons(terms: &Terms) -> Result<LexiconFiles> {
    let mut keys: Vec<(String, u32)> = terms
        .names
        .iter()
        .zip(&terms.postings)
        .filter(|(_, postings)| postings.df() >= ROTATED_MIN_DF)
        .filter_map(|(name, postings)| Some((rotate(name)?, postings.df())))
        .collect();
    keys.sort_unstable();
    let mut files = LexiconFiles::default();
    for (key, df) in keys {
        let cut = files.size() >= ROTATED_FILE_BYTES;
        files.add(&key, df, cut)?;
    }
    files.close()?;
    Ok(files)
}

/// Lexicon files cut from keys given in order: each sealed with its first key.
#[derive(Default)]
struct LexiconFiles {
    files: Vec<Sealed>,
    writer: Option<LexiconWriter>,
    first: String,
}

impl LexiconFiles {
    /// The first key of the file being written ("" when none is).
    fn first_key(&self) -> &str {
        &self.first
    }

    /// About the size of the file being written.
    fn size(&self) -> usize {
        self.writer.as_ref().map_or(0, LexiconWriter::size)
    }

    /// Adds the next key; with `cut`, the file being written ends before it.
    fn add(&mut self, key: &str, df: u32, cut: bool) -> Result<()> {
        if cut {
            self.close()?;
        }
        let writer = self.writer.get_or_insert_with(|| {
            self.first = key.to_string();
            LexiconWriter::new()
        });
        writer.add(key, df)
    }

    /// Seals the file being written, if any.
    fn close(&mut self) -> Result<()> {
        if let Some(writer) = self.writer.take() {
            let first = std::mem::take(&mut self.first);
            self.files
                .push(Sealed::ranged(Role::Lexicon, writer.finish()?, first));
        }
        Ok(())
    }

    /// Every file, the last sealed.
    fn finish(mut self) -> Result<Vec<Sealed>> {
        self.close()?;
        Ok(self.files)
    }
}
