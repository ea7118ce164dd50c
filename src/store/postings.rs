//! Postings lists: for one term, the documents that contain it, with per-field term
//! frequencies and positions (see the layout in [`crate::format`]).

use super::bits::{BitReader, BitWriter, best_rice_parameter};
use crate::error::{Error, Result};
use crate::field::{FIELD_COUNT, Field};
use crate::format::{Cursor, Put};

/// The occurrences of one term in one document: per field, the positions (ascending).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Occurrences {
    pub fields: [Vec<u32>; FIELD_COUNT],
    /// When the term is in the title: the [`title_form`] of its first occurrence there.
    pub title_form: u8,
}

/// The highest [`Posting::title_rank`]: the rank of a title term that is not among the
/// title's seven rarest distinctive terms, or that is not distinctive at all.
pub const LAST_TITLE_RANK: u8 = 7;

/// A byte that tells the form a word has in a title apart from the other forms of its term
/// ("visit" from "visits" and "visiting", all the term `visit`): a hash of the folded word.
/// A reader asks whether a title has the word as typed by comparing it with the hash of the
/// typed word; another form passes for it once in 256 times.
pub fn title_form(folded: &str) -> u8 {
    crate::crc32::checksum(folded.as_bytes()) as u8
}

/// Builds one term's postings list, one document at a time in ascending id order. Values
/// are gathered compactly (as varints) and coded as bits on [`PostingsWriter::finish`],
/// when their distribution, and so the best Rice parameters, are known.
#[derive(Default)]
pub struct PostingsWriter {
    /// Per document: varint gap, field mask byte, varint tf per field in the mask, and the
    /// title form byte when the title is in the mask (the title ranks come on `finish`).
    docs: Vec<u8>,
    /// Per document and field: varint first position, varint gaps.
    positions: Vec<u8>,
    last_doc: Option<u32>,
    df: u32,
}

impl PostingsWriter {
    pub fn df(&self) -> u32 {
        self.df
    }

    /// Adds a document. `doc` must be greater than the previous one; fields with no
    /// positions are absent.
    pub fn add(&mut self, doc: u32, occurrences: &Occurrences) {
        let gap = match self.last_doc {
            Some(last) => {
                debug_assert!(doc > last, "documents must be added in ascending order");
                doc - last - 1
            }
            None => doc,
        };
        self.last_doc = Some(doc);
        self.df += 1;
        self.docs.put_varint(u64::from(gap));
        let mut mask = 0u8;
        for (i, positions) in occurrences.fields.iter().enumerate() {
            if !positions.is_empty() {
                mask |= 1 << i;
            }
        }
        self.docs.push(mask);
        for positions in occurrences.fields.iter().filter(|p| !p.is_empty()) {
            self.docs.put_varint(positions.len() as u64);
            let mut previous = 0;
            for (i, &position) in positions.iter().enumerate() {
                self.positions.put_varint(u64::from(if i == 0 {
                    position
                } else {
                    position - previous - 1
                }));
                previous = position;
            }
        }
        if mask & TITLE_BIT != 0 {
            self.docs.push(occurrences.title_form);
        }
    }

    /// The finished list and its positions, in the layout of [`crate::format`].
    /// `title_ranks` has the [`Posting::title_rank`] of each document with the term in its
    /// title, in document order (missing ones are [`LAST_TITLE_RANK`]).
    pub fn finish(&self, title_ranks: &[u8]) -> (Vec<u8>, Vec<u8>) {
        // Read back what was gathered.
        let mut gaps = Vec::with_capacity(self.df as usize);
        let mut shapes: Vec<(u8, [u32; FIELD_COUNT], u8)> = Vec::with_capacity(self.df as usize);
        let mut cursor = Cursor::new("", &self.docs);
        let mut field_counts = [0u32; FIELD_COUNT];
        while !cursor.is_empty() {
            let (Ok(gap), Ok(mask)) = (cursor.varint(), cursor.u8()) else {
                break;
            };
            gaps.push(gap as u32);
            let mut tfs = [0u32; FIELD_COUNT];
            for (field, tf) in tfs.iter_mut().enumerate() {
                if mask & (1 << field) != 0 {
                    *tf = cursor.varint().unwrap_or(0) as u32;
                    field_counts[field] += 1;
                }
            }
            let form = if mask & TITLE_BIT != 0 {
                cursor.u8().unwrap_or(0)
            } else {
                0
            };
            shapes.push((mask, tfs, form));
        }
        let main_field = (0..FIELD_COUNT)
            .max_by_key(|&f| (field_counts[f], f == Field::Body as usize))
            .unwrap_or(0);
        let mut firsts = Vec::new();
        let mut position_gaps = Vec::new();
        let mut cursor = Cursor::new("", &self.positions);
        for (_, tfs, _) in &shapes {
            for &tf in tfs.iter().filter(|&&tf| tf > 0) {
                for i in 0..tf {
                    let value = cursor.varint().unwrap_or(0) as u32;
                    if i == 0 {
                        firsts.push(value)
                    } else {
                        position_gaps.push(value)
                    }
                }
            }
        }
        let k_doc = best_rice_parameter(&gaps);
        let k_first = best_rice_parameter(&firsts);
        let k_gap = best_rice_parameter(&position_gaps);

        let mut docs = BitWriter::default();
        let mut ranks = title_ranks.iter();
        for (gap, (mask, tfs, form)) in gaps.iter().zip(&shapes) {
            docs.rice(*gap, k_doc);
            if *mask == 1 << main_field {
                let tf = tfs[main_field];
                if tf == 1 {
                    docs.bits(0, 1);
                } else {
                    docs.bits(0b01, 2);
                    docs.gamma(tf - 1);
                }
            } else {
                docs.bits(0b11, 2);
                docs.bits(u64::from(*mask), FIELD_COUNT as u32);
                for &tf in tfs.iter().filter(|&&tf| tf > 0) {
                    docs.gamma(tf);
                }
            }
            if mask & TITLE_BIT != 0 {
                docs.bits(u64::from(*form), 8);
                let rank = ranks.next().copied().unwrap_or(LAST_TITLE_RANK);
                docs.bits(u64::from(rank.min(LAST_TITLE_RANK)), 3);
            }
        }
        let mut positions = BitWriter::default();
        let (mut first, mut gap) = (firsts.iter(), position_gaps.iter());
        for (_, tfs, _) in &shapes {
            for &tf in tfs.iter().filter(|&&tf| tf > 0) {
                positions.rice(*first.next().unwrap_or(&0), k_first);
                for _ in 1..tf {
                    positions.rice(*gap.next().unwrap_or(&0), k_gap);
                }
            }
        }
        let mut list = vec![k_doc as u8, main_field as u8, k_first as u8, k_gap as u8];
        list.extend_from_slice(&docs.finish());
        (list, positions.finish())
    }
}

/// The bit of the title in a field mask.
const TITLE_BIT: u8 = 1 << Field::Title as u8;

/// One document of a postings list, without positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Term frequency per field.
    pub tf: [u16; FIELD_COUNT],
    /// When the term is in the title, the [`title_form`] of its form there (else 0).
    pub title_form: u8,
    /// When the term is in the title: how many of the title's distinctive terms are rarer
    /// in the index (0: it is the title's rarest), at most [`LAST_TITLE_RANK`]. A title
    /// whose rarest terms are all the words a reader typed is likely the one remembered.
    pub title_rank: u8,
}

impl Posting {
    pub fn total_tf(&self) -> u32 {
        self.tf.iter().map(|&t| u32::from(t)).sum()
    }
}

/// A postings list located in the postings file, ready to decode.
#[derive(Clone)]
pub struct PostingsList<'a> {
    pub df: u32,
    file: &'a str,
    k_doc: u32,
    main_field: usize,
    k_first: u32,
    k_gap: u32,
    docs: BitReader<'a>,
    positions: BitReader<'a>,
}

impl<'a> PostingsList<'a> {
    /// Locates the list at `offset` in the postings payload.
    pub fn new(
        file: &'a str,
        df: u32,
        list: &'a [u8],
        positions: &'a [u8],
    ) -> Result<PostingsList<'a>> {
        let mut head = Cursor::new(file, list);
        // By pattern, not by index (no bounds checks): `bytes` gives the four.
        let &[k_doc, main_field, k_first, k_gap] = head.bytes(4)? else {
            return Err(head.error("bad postings parameters"));
        };
        if k_doc > 31 || k_first > 31 || k_gap > 31 || usize::from(main_field) >= FIELD_COUNT {
            return Err(head.error("bad postings parameters"));
        }
        let docs = &list[4..];
        // Every document takes at least two bits: a df beyond that is corrupt.
        if df as usize > docs.len() * 4 {
            return Err(head.error("more documents than the list can hold"));
        }
        Ok(PostingsList {
            df,
            file,
            k_doc: u32::from(k_doc),
            main_field: usize::from(main_field),
            k_first: u32::from(k_first),
            k_gap: u32::from(k_gap),
            docs: BitReader::new(file, docs),
            positions: BitReader::new(file, positions),
        })
    }

    /// The first document of the list, if any.
    pub fn first_doc(&self, doc_count: u32) -> Result<Option<u32>> {
        if self.df == 0 {
            return Ok(None);
        }
        let doc = self.docs.clone().rice(self.k_doc)?;
        if doc >= doc_count {
            return Err(Error::corrupt(self.file, "document id out of range"));
        }
        Ok(Some(doc))
    }

    /// The field that most documents of this list have the term in.
    pub fn main_field(&self) -> usize {
        self.main_field
    }

    /// Decodes every document with its per-field term frequencies. `doc_count` bounds the
    /// document ids, so that a corrupt list cannot produce an out-of-range id.
    pub fn decode(&self, doc_count: u32, out: &mut Vec<Posting>) -> Result<()> {
        out.reserve(self.df as usize);
        self.for_each(doc_count, |posting| out.push(*posting))
    }

    /// Calls `each` with every document of the list, in ascending order, without collecting
    /// them.
    pub fn for_each(&self, doc_count: u32, mut each: impl FnMut(&Posting)) -> Result<()> {
        let mut bits = self.docs.clone();
        let mut next_doc: u64 = 0;
        for _ in 0..self.df {
            let doc = next_doc + u64::from(bits.rice(self.k_doc)?);
            if doc >= u64::from(doc_count) {
                return Err(Error::corrupt(self.file, "document id out of range"));
            }
            next_doc = doc + 1;
            let mut posting = Posting {
                doc: doc as u32,
                tf: [0; FIELD_COUNT],
                title_form: 0,
                title_rank: 0,
            };
            if bits.bits(1)? == 0 {
                posting.tf[self.main_field] = 1;
            } else if bits.bits(1)? == 0 {
                posting.tf[self.main_field] = clamp_tf(bits.gamma()?.saturating_add(1));
            } else {
                let mask = bits.bits(FIELD_COUNT as u32)?;
                if mask == 0 {
                    return Err(Error::corrupt(self.file, "empty field mask"));
                }
                for (field, tf) in posting.tf.iter_mut().enumerate() {
                    if mask & (1 << field) != 0 {
                        *tf = clamp_tf(bits.gamma()?);
                    }
                }
            }
            if posting.tf[Field::Title as usize] > 0 {
                posting.title_form = bits.bits(8)? as u8;
                posting.title_rank = bits.bits(3)? as u8;
            }
            each(&posting);
        }
        Ok(())
    }

    /// Decodes the positions of the documents in `wanted` (ascending document ids, all
    /// present in `postings`, which must be this list decoded). Calls `each` with a
    /// document, a field and its positions.
    pub fn positions(
        &self,
        postings: &[Posting],
        wanted: &[u32],
        each: &mut dyn FnMut(u32, Field, &[u32]),
    ) -> Result<()> {
        let mut bits = self.positions.clone();
        let mut wanted = wanted.iter().peekable();
        let mut buffer = Vec::new();
        for posting in postings {
            let Some(&&next) = wanted.peek() else { break };
            let keep = posting.doc == next;
            if keep {
                wanted.next();
            }
            for field in Field::ALL {
                let tf = posting.tf[field as usize];
                if tf == 0 {
                    continue;
                }
                buffer.clear();
                let mut position = u64::from(bits.rice(self.k_first)?);
                if keep {
                    buffer.push(position.min(u64::from(u32::MAX)) as u32);
                }
                for _ in 1..tf {
                    position += u64::from(bits.rice(self.k_gap)?) + 1;
                    if keep {
                        buffer.push(position.min(u64::from(u32::MAX)) as u32);
                    }
                }
                if keep {
                    each(posting.doc, field, &buffer);
                }
            }
        }
        Ok(())
    }
}

fn clamp_tf(tf: u32) -> u16 {
    tf.min(u32::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurrences(spec: &[(Field, &[u32])]) -> Occurrences {
        let mut occ = Occurrences::default();
        for (field, positions) in spec {
            occ.fields[*field as usize] = positions.to_vec();
        }
        occ
    }

    fn titled(mut occ: Occurrences, form: &str) -> Occurrences {
        occ.title_form = title_form(form);
        occ
    }

    #[test]
    fn postings_round_trip_every_code() {
        let docs = [
            (0, occurrences(&[(Field::Body, &[3])])),
            (2, occurrences(&[(Field::Body, &[1, 4, 9, 10, 11, 40])])),
            (
                9,
                occurrences(&[(Field::Body, &(0..7).collect::<Vec<_>>())]),
            ),
            (10, occurrences(&[(Field::Title, &[0])])),
            (11, titled(occurrences(&[(Field::Title, &[2])]), "visits")),
            (
                300,
                occurrences(&[(Field::Entries, &(0..40).map(|i| i * 3).collect::<Vec<_>>())]),
            ),
            (
                301,
                titled(
                    occurrences(&[(Field::Title, &[1]), (Field::Body, &[5, 7])]),
                    "visit",
                ),
            ),
        ];
        let mut writer = PostingsWriter::default();
        for (doc, occ) in &docs {
            writer.add(*doc, occ);
        }
        // Documents 10, 11 and 301 have the term in their titles; a rank past the last is
        // written as the last.
        let (bytes, positions) = writer.finish(&[0, 9, 2]);
        let list = PostingsList::new("p", writer.df(), &bytes, &positions).unwrap();
        assert_eq!(list.df, docs.len() as u32);
        let mut postings = Vec::new();
        list.decode(1000, &mut postings).unwrap();
        for ((doc, occ), posting) in docs.iter().zip(&postings) {
            assert_eq!(posting.doc, *doc);
            for field in Field::ALL {
                assert_eq!(
                    posting.tf[field as usize] as usize,
                    occ.fields[field as usize].len()
                );
            }
            assert_eq!(posting.title_form, occ.title_form, "document {doc}");
        }
        let ranks: Vec<u8> = postings.iter().map(|p| p.title_rank).collect();
        assert_eq!(ranks, [0, 0, 0, 0, LAST_TITLE_RANK, 0, 2]);
        assert_ne!(title_form("visit"), title_form("visits"));
        let mut seen = Vec::new();
        list.positions(&postings, &[2, 300, 301], &mut |doc, field, positions| {
            seen.push((doc, field, positions.to_vec()));
        })
        .unwrap();
        assert_eq!(seen.len(), 4);
        assert_eq!(seen[0], (2, Field::Body, vec![1, 4, 9, 10, 11, 40]));
        assert_eq!(seen[1].2.len(), 40);
        assert_eq!(seen[2], (301, Field::Title, vec![1]));
        assert_eq!(seen[3], (301, Field::Body, vec![5, 7]));
    }

    #[test]
    fn title_forms_round_trip_when_the_title_is_the_main_field() {
        // Title-only documents take the short codes (tf 1, tf ≥ 2): the form follows them.
        let forms = ["visit", "visits", "visiting"];
        let mut writer = PostingsWriter::default();
        for (doc, form) in forms.iter().enumerate() {
            let positions: &[u32] = if doc == 1 { &[0, 3] } else { &[2] };
            writer.add(
                doc as u32,
                &titled(occurrences(&[(Field::Title, positions)]), form),
            );
        }
        // Too few ranks: the last document's is the last rank.
        let (bytes, positions) = writer.finish(&[3, 1]);
        let list = PostingsList::new("p", writer.df(), &bytes, &positions).unwrap();
        assert_eq!(list.main_field(), Field::Title as usize);
        let mut postings = Vec::new();
        list.decode(10, &mut postings).unwrap();
        let decoded: Vec<(u16, u8, u8)> = postings
            .iter()
            .map(|p| (p.tf[0], p.title_form, p.title_rank))
            .collect();
        let expected: Vec<(u16, u8, u8)> = forms
            .iter()
            .enumerate()
            .map(|(doc, form)| {
                let rank = [3, 1, LAST_TITLE_RANK][doc];
                (if doc == 1 { 2 } else { 1 }, title_form(form), rank)
            })
            .collect();
        assert_eq!(decoded, expected);
    }

    #[test]
    fn out_of_range_documents_are_corruption() {
        let mut writer = PostingsWriter::default();
        writer.add(50, &occurrences(&[(Field::Body, &[1])]));
        let (bytes, positions) = writer.finish(&[]);
        let list = PostingsList::new("p", 1, &bytes, &positions).unwrap();
        assert!(list.decode(10, &mut Vec::new()).is_err());
        assert!(PostingsList::new("p", 1, &bytes[..3], &positions).is_err());
        assert!(
            PostingsList::new("p", 1_000, &bytes, &positions).is_err(),
            "a df the bytes cannot hold"
        );
    }
}
