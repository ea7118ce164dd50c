//! The entries table: per document, its dated entries, each with its day, its span of
//! positions in the entries field and its tags (the outlets, leanings, people and roles it
//! names). It lets a search count and filter entries, and draw their months, for every
//! matching document without fetching any docs record. It is the second part of the facets
//! file, fetched in the background with the facet lists (see [`crate::format`]).

use crate::error::Result;
use crate::format::{BLOCK_GAP, Cursor, Put};

use super::meta::Meta;

/// One entry as the builder gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EntryData {
    /// Days since 1970-01-01.
    pub day: i32,
    /// Indexed words of its text: the length of its span in the entries field.
    pub words: u32,
    /// (facet, value) indexes, ascending.
    pub tags: Vec<(usize, usize)>,
}

/// The entries of every document, as a reader holds them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Entries {
    /// `starts[doc]..starts[doc + 1]`: the entries of `doc`, numbered across the index.
    starts: Vec<u32>,
    /// Per entry: its day.
    pub days: Vec<i32>,
    /// Per entry: the first position of its span in the entries field, and its length.
    pub spans: Vec<(u32, u32)>,
    /// Per entry: its tag set.
    sets: Vec<u32>,
    /// `set_starts[s]..set_starts[s + 1]`: the tags of set `s` in `set_tags`.
    set_starts: Vec<u32>,
    set_tags: Vec<(u16, u32)>,
}

impl Entries {
    /// The entries of `doc`, as a range of entry numbers (empty for a document without).
    pub(crate) fn of(&self, doc: u32) -> std::ops::Range<usize> {
        match (
            self.starts.get(doc as usize),
            self.starts.get(doc as usize + 1),
        ) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        }
    }

    /// The (facet, value) tags of entry `entry`.
    pub(crate) fn tags(&self, entry: usize) -> &[(u16, u32)] {
        let set = self.sets[entry] as usize;
        &self.set_tags[self.set_starts[set] as usize..self.set_starts[set + 1] as usize]
    }

    /// The number of entries in the index.
    pub(crate) fn len(&self) -> usize {
        self.days.len()
    }
}

/// The spans of entries of `words` indexed words each, in the order their texts were added
/// to the entries field: each starts [`BLOCK_GAP`] positions after the one before ends.
pub(crate) fn spans(words: impl Iterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut next = 0u32;
    words
        .map(|count| {
            let span = (next, count);
            next = next.saturating_add(count).saturating_add(BLOCK_GAP);
            span
        })
        .collect()
}

/// Appends the entries table of `documents` (per document, its entries in order) to `out`:
/// the distinct tag sets, then each document that has entries with its entries' days (each
/// a zigzag delta from the entry before, across documents), word counts and tag sets.
pub(crate) fn encode(out: &mut Vec<u8>, documents: &[Vec<EntryData>]) {
    // The most frequent sets first, so that most entries name theirs in one byte.
    let mut uses: std::collections::HashMap<&[(usize, usize)], usize> = Default::default();
    for entry in documents.iter().flatten() {
        *uses.entry(entry.tags.as_slice()).or_default() += 1;
    }
    let mut sets: Vec<&[(usize, usize)]> = uses.keys().copied().collect();
    sets.sort_by(|a, b| uses[b].cmp(&uses[a]).then_with(|| a.cmp(b)));
    let set_of: std::collections::HashMap<&[(usize, usize)], usize> =
        sets.iter().enumerate().map(|(i, set)| (*set, i)).collect();
    out.put_varint(sets.len() as u64);
    for tags in &sets {
        out.put_varint(tags.len() as u64);
        for &(facet, value) in *tags {
            out.put_varint(facet as u64);
            out.put_varint(value as u64);
        }
    }
    let with_entries = documents.iter().filter(|d| !d.is_empty()).count();
    out.put_varint(with_entries as u64);
    let (mut next_doc, mut previous_day) = (0usize, 0i64);
    for (doc, entries) in documents.iter().enumerate() {
        if entries.is_empty() {
            continue;
        }
        out.put_varint((doc - next_doc) as u64);
        next_doc = doc + 1;
        out.put_varint(entries.len() as u64);
        for entry in entries {
            out.put_zigzag(i64::from(entry.day) - previous_day);
            previous_day = i64::from(entry.day);
            out.put_varint(u64::from(entry.words));
            out.put_varint(set_of[entry.tags.as_slice()] as u64);
        }
    }
}

/// Reads an entries table from `c`, for the documents and facets of `meta`.
pub(crate) fn decode(c: &mut Cursor<'_>, meta: &Meta) -> Result<Entries> {
    let documents = meta.documents as usize;
    let set_count = c.count(c.remaining())?;
    let mut set_starts = Vec::with_capacity(set_count + 1);
    let mut set_tags = Vec::new();
    set_starts.push(0);
    for _ in 0..set_count {
        let tags = c.count(c.remaining())?;
        for _ in 0..tags {
            let facet = c.count(u16::MAX as usize)?;
            let value = c.count(u32::MAX as usize)?;
            match meta.facets.get(facet) {
                Some(info) if value < info.values.len() => {
                    set_tags.push((facet as u16, value as u32))
                }
                _ => return Err(c.error("entry tag out of range")),
            }
        }
        set_starts.push(set_tags.len() as u32);
    }
    let with_entries = c.count(documents)?;
    let mut entries = Entries {
        starts: Vec::new(),
        set_starts,
        set_tags,
        ..Entries::default()
    };
    let (mut next_doc, mut day) = (0usize, 0i64);
    for _ in 0..with_entries {
        let doc = next_doc + c.count(documents)?;
        let count = c.count(c.remaining())?;
        if doc >= documents || count == 0 {
            return Err(c.error("entries of a document out of range"));
        }
        entries.starts.resize(doc + 1, entries.days.len() as u32);
        let mut words = Vec::with_capacity(count);
        for _ in 0..count {
            day = day.wrapping_add(c.zigzag()?);
            entries
                .days
                .push(i32::try_from(day).map_err(|_| c.error("entry date out of range"))?);
            words.push(c.count(u32::MAX as usize)? as u32);
            let set = c.count(set_count.saturating_sub(1))?;
            if set >= set_count {
                return Err(c.error("entry tag set out of range"));
            }
            entries.sets.push(set as u32);
        }
        entries.spans.extend(spans(words.into_iter()));
        next_doc = doc + 1;
    }
    // Without entries, no table: `of` finds none.
    if with_entries > 0 {
        entries
            .starts
            .resize(documents + 1, entries.days.len() as u32);
    }
    if entries.len() != meta.entries as usize {
        return Err(c.error("entry count differs from the meta file"));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::FIELD_COUNT;
    use crate::store::meta::FacetInfo;

    fn meta(documents: u32, entries: u32) -> Meta {
        Meta {
            documents,
            entries,
            terms: 0,
            average_lengths: [1.0; FIELD_COUNT],
            facets: vec![FacetInfo {
                name: "outlet".into(),
                label: "Outlet".into(),
                values: vec![("Shargh".into(), 1), ("Fararu".into(), 1)],
            }],
            sort_keys: Vec::new(),
            names: Vec::new(),
            languages: Vec::new(),
        }
    }

    fn entry(day: i32, words: u32, tags: &[(usize, usize)]) -> EntryData {
        EntryData {
            day,
            words,
            tags: tags.to_vec(),
        }
    }

    #[test]
    fn entries_round_trip_with_their_spans_and_shared_tag_sets() {
        let documents = vec![
            vec![],
            vec![entry(20_100, 5, &[(0, 0)]), entry(20_090, 0, &[])],
            vec![],
            vec![
                entry(20_200, 12, &[(0, 0), (0, 1)]),
                entry(20_201, 3, &[(0, 0)]),
            ],
        ];
        let mut out = Vec::new();
        encode(&mut out, &documents);
        let mut c = Cursor::new("facets", &out);
        let entries = decode(&mut c, &meta(4, 4)).unwrap();
        assert!(c.is_empty());
        assert_eq!(entries.of(0), 0..0);
        assert_eq!(entries.of(1), 0..2);
        assert_eq!(entries.of(2), 2..2);
        assert_eq!(entries.of(3), 2..4);
        assert_eq!(entries.days, [20_100, 20_090, 20_200, 20_201]);
        // Spans start again in each document, BLOCK_GAP apart.
        assert_eq!(entries.spans, [(0, 5), (13, 0), (0, 12), (20, 3)]);
        assert_eq!(entries.tags(0), [(0, 0)]);
        assert_eq!(entries.tags(1), []);
        assert_eq!(entries.tags(2), [(0, 0), (0, 1)]);
        // Three distinct sets for four entries: the set of entry 0 is shared by entry 3.
        assert_eq!(entries.sets[0], entries.sets[3]);
    }

    #[test]
    fn an_index_without_entries_costs_two_bytes() {
        let mut out = Vec::new();
        encode(&mut out, &[vec![], vec![]]);
        assert_eq!(out, [0, 0]);
        let entries = decode(&mut Cursor::new("facets", &out), &meta(2, 0)).unwrap();
        assert_eq!(entries.of(1), 0..0);
    }

    #[test]
    fn damaged_tables_are_corrupt() {
        let mut out = Vec::new();
        encode(&mut out, &[vec![entry(1, 1, &[(0, 1)])]]);
        // The meta file counts another number of entries.
        assert!(decode(&mut Cursor::new("facets", &out), &meta(1, 2)).is_err());
        // A tag of a value the meta file does not have.
        let mut small = meta(1, 1);
        small.facets[0].values.pop();
        assert!(decode(&mut Cursor::new("facets", &out), &small).is_err());
        // Documents past the end.
        assert!(decode(&mut Cursor::new("facets", &out), &meta(0, 1)).is_err());
        for cut in 0..out.len() {
            assert!(decode(&mut Cursor::new("facets", &out[..cut]), &meta(1, 1)).is_err());
        }
    }
}
