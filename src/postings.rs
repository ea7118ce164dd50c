//! Postings lists: for one term, the documents that contain it, with per-field term
//! frequencies and positions (see the layout in [`crate::format`]).

use crate::error::Result;
use crate::format::{Cursor, Put};

/// The indexed fields, in their stored order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Field {
    Title = 0,
    Summary = 1,
    /// Kind, series, authors, tags and filter values: short labels that describe the article.
    Keywords = 2,
    Body = 3,
    Entries = 4,
}

/// The number of fields.
pub const FIELD_COUNT: usize = 5;

impl Field {
    pub const ALL: [Field; FIELD_COUNT] = [
        Field::Title,
        Field::Summary,
        Field::Keywords,
        Field::Body,
        Field::Entries,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Keywords => "keywords",
            Field::Body => "body",
            Field::Entries => "entries",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The occurrences of one term in one document: per field, the positions (ascending).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Occurrences {
    pub fields: [Vec<u32>; FIELD_COUNT],
}

/// Builds one term's postings list, one document at a time in ascending id order.
#[derive(Default)]
pub struct PostingsWriter {
    docs: Vec<u8>,
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
        let delta = match self.last_doc {
            Some(last) => {
                debug_assert!(doc > last, "documents must be added in ascending order");
                doc - last
            }
            None => doc,
        };
        self.last_doc = Some(doc);
        self.df += 1;
        let mut mask = 0u8;
        let mut present = 0;
        for (i, positions) in occurrences.fields.iter().enumerate() {
            if !positions.is_empty() {
                mask |= 1 << i;
                present += 1;
            }
        }
        let tf = |field: Field| occurrences.fields[field as usize].len();
        let delta = u64::from(delta) << 3;
        if mask == 1 << Field::Body as u8 && tf(Field::Body) <= 6 {
            self.docs.put_varint(delta | tf(Field::Body) as u64);
        } else if present == 1 {
            let field = mask.trailing_zeros() as u8;
            let count = occurrences.fields[field as usize].len();
            if count <= 32 {
                self.docs.put_varint(delta | 7);
                self.docs.push(field << 5 | (count - 1) as u8);
            } else {
                self.put_general(delta, mask, occurrences);
            }
        } else {
            self.put_general(delta, mask, occurrences);
        }
        for positions in occurrences.fields.iter().filter(|p| !p.is_empty()) {
            let mut previous = 0;
            for (i, &position) in positions.iter().enumerate() {
                self.positions.put_varint(u64::from(if i == 0 { position } else { position - previous }));
                previous = position;
            }
        }
    }

    fn put_general(&mut self, delta: u64, mask: u8, occurrences: &Occurrences) {
        self.docs.put_varint(delta);
        self.docs.push(mask);
        for positions in occurrences.fields.iter().filter(|p| !p.is_empty()) {
            self.docs.put_varint(positions.len() as u64);
        }
    }

    /// Appends the finished list to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.put_varint(u64::from(self.df));
        out.put_varint(self.docs.len() as u64);
        out.put_varint(self.positions.len() as u64);
        out.extend_from_slice(&self.docs);
        out.extend_from_slice(&self.positions);
    }
}

/// One document of a postings list, without positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Term frequency per field.
    pub tf: [u16; FIELD_COUNT],
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
    docs: Cursor<'a>,
    positions: Cursor<'a>,
}

impl<'a> PostingsList<'a> {
    /// Locates the list at `offset` in the postings payload. `doc_count` bounds the document
    /// ids, so that a corrupt list cannot produce an out-of-range id.
    pub fn open(file: &'a str, payload: &'a [u8], offset: usize) -> Result<PostingsList<'a>> {
        let mut head = Cursor::new(file, payload);
        head.bytes(offset.min(payload.len()))?;
        if offset > payload.len() {
            return Err(head.error("postings offset past the end"));
        }
        let df = head.count(payload.len())? as u32;
        let docs_len = head.count(payload.len())?;
        let positions_len = head.count(payload.len())?;
        let docs = head.bytes(docs_len)?;
        let positions = head.bytes(positions_len)?;
        Ok(PostingsList {
            df,
            docs: Cursor::new(file, docs),
            positions: Cursor::new(file, positions),
        })
    }

    /// Decodes every document with its per-field term frequencies.
    pub fn decode(&self, doc_count: u32, out: &mut Vec<Posting>) -> Result<()> {
        let mut docs = self.docs.clone();
        let mut doc: u64 = 0;
        out.reserve(self.df as usize);
        for i in 0..self.df {
            let word = docs.varint()?;
            let delta = word >> 3;
            doc = if i == 0 { delta } else { doc + delta };
            if (i > 0 && delta == 0) || doc >= u64::from(doc_count) {
                return Err(docs.error("document id out of order or out of range"));
            }
            let mut posting = Posting {
                doc: doc as u32,
                tf: [0; FIELD_COUNT],
            };
            match word & 7 {
                7 => {
                    let byte = docs.u8()?;
                    let field = (byte >> 5) as usize;
                    if field >= FIELD_COUNT {
                        return Err(docs.error("bad field number"));
                    }
                    posting.tf[field] = u16::from(byte & 31) + 1;
                }
                0 => {
                    let mask = docs.u8()?;
                    if mask == 0 || mask >> FIELD_COUNT != 0 {
                        return Err(docs.error("bad field mask"));
                    }
                    for (field, tf) in posting.tf.iter_mut().enumerate() {
                        if mask & (1 << field) != 0 {
                            *tf = docs.count(u16::MAX as usize)? as u16;
                        }
                    }
                }
                code => posting.tf[Field::Body as usize] = code as u16,
            }
            out.push(posting);
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
        mut each: impl FnMut(u32, Field, &[u32]),
    ) -> Result<()> {
        let mut cursor = self.positions.clone();
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
                let mut position = 0u64;
                for i in 0..tf {
                    let value = cursor.varint()?;
                    if keep {
                        position = if i == 0 { value } else { position + value };
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

    #[test]
    fn postings_round_trip_every_code() {
        let docs = [
            (0, occurrences(&[(Field::Body, &[3])])),
            (2, occurrences(&[(Field::Body, &[1, 4, 9, 10, 11, 40])])),
            (9, occurrences(&[(Field::Body, &(0..7).collect::<Vec<_>>())])),
            (10, occurrences(&[(Field::Title, &[0])])),
            (300, occurrences(&[(Field::Entries, &(0..40).map(|i| i * 3).collect::<Vec<_>>())])),
            (301, occurrences(&[(Field::Title, &[1]), (Field::Body, &[5, 7])])),
        ];
        let mut writer = PostingsWriter::default();
        for (doc, occ) in &docs {
            writer.add(*doc, occ);
        }
        let mut bytes = vec![0xAA; 5]; // the list does not start at offset 0
        writer.write_to(&mut bytes);
        let list = PostingsList::open("p", &bytes, 5).unwrap();
        assert_eq!(list.df, docs.len() as u32);
        let mut postings = Vec::new();
        list.decode(1000, &mut postings).unwrap();
        for ((doc, occ), posting) in docs.iter().zip(&postings) {
            assert_eq!(posting.doc, *doc);
            for field in Field::ALL {
                assert_eq!(posting.tf[field as usize] as usize, occ.fields[field as usize].len());
            }
        }
        let mut seen = Vec::new();
        list.positions(&postings, &[2, 300, 301], |doc, field, positions| {
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
    fn out_of_range_documents_are_corruption() {
        let mut writer = PostingsWriter::default();
        writer.add(50, &occurrences(&[(Field::Body, &[1])]));
        let mut bytes = Vec::new();
        writer.write_to(&mut bytes);
        let list = PostingsList::open("p", &bytes, 0).unwrap();
        assert!(list.decode(10, &mut Vec::new()).is_err());
        assert!(PostingsList::open("p", &bytes, bytes.len() + 3).is_err());
    }
}
