//! The columns file: per-document ranking data (dates, field-length norms, sort keys) and
//! record sizes (where each document's record lies in its docs file), read whole before the
//! first search.

use crate::error::Result;
use crate::field::FIELD_COUNT;
use crate::format::{Cursor, Put, day_value, days_of_value};

use super::meta::{MAX_DOCUMENTS, Meta};

/// Per-document ranking data, as a reader holds it.
pub(crate) struct Columns {
    /// Days since 1970-01-01 (negative before), `None` for undated documents.
    pub dates: Vec<Option<i32>>,
    /// Field-major norm bytes (see [`quantize_length`]): `norms[field * documents + doc]`.
    pub norms: Vec<u8>,
    /// Per sort key, per document; NaN where a document has none.
    pub sort_keys: Vec<Vec<f32>>,
    /// Per document and one past the last, the record units of the documents before it (see
    /// [`super::docs::RECORD_UNIT`]): a record's size and place in its docs file.
    pub record_starts: Vec<u64>,
}

impl Columns {
    /// Document `doc`'s record: its offset from the first record of document `first_doc`
    /// (the first of its docs file) and its length, in bytes.
    pub(crate) fn record_span(&self, first_doc: u32, doc: u32) -> Option<(u64, u64)> {
        let unit = super::docs::RECORD_UNIT as u64;
        let at = |d: u32| self.record_starts.get(d as usize).copied();
        let (first, start, end) = (at(first_doc)?, at(doc)?, at(doc + 1)?);
        Some(((start - first) * unit, (end - start) * unit))
    }
}

/// A field length in one byte, on a log scale: ranking needs its order of magnitude, not its
/// exact value.
pub(crate) fn quantize_length(length: u32) -> u8 {
    ((1.0 + f64::from(length)).ln() * 23.0).round().min(255.0) as u8
}

/// The inverse of [`quantize_length`], approximately.
pub(crate) fn dequantize_length(byte: u8) -> f32 {
    (f32::from(byte) / 23.0).exp() - 1.0
}

/// The field whose levels are stored against the record sizes: a document's record holds its
/// body's text, so the record size nearly gives the body's length level, and what is left to
/// store is mostly zeros (about a third of the bytes once compressed, on the test corpora).
const PREDICTED_FIELD: usize = crate::field::Field::Body as usize;

/// The level boundaries of [`PREDICTED_FIELD`], in record units: the level predicted for a
/// record of `units` is the number of thresholds at or below it.
type Thresholds = [u32; 15];

fn predicted_level(thresholds: &Thresholds, units: u32) -> u8 {
    thresholds.iter().filter(|&&t| t <= units).count() as u8
}

/// For each level boundary, the record size that splits the documents into those below and
/// those at or above the boundary with the fewest mistakes; never decreasing.
fn level_thresholds(record_units: &[u32], levels: &[u8]) -> Thresholds {
    let mut pairs: Vec<(u32, u8)> = record_units
        .iter()
        .copied()
        .zip(levels.iter().copied())
        .collect();
    pairs.sort_unstable();
    let mut thresholds = [0u32; 15];
    let mut floor = 0;
    for (slot, boundary) in thresholds.iter_mut().zip(1u8..) {
        // Mistakes with the threshold at 0: every document below the boundary.
        let mut mistakes = pairs.iter().filter(|&&(_, level)| level < boundary).count() as i64;
        let (mut best, mut fewest) = (0, mistakes);
        for (i, &(units, level)) in pairs.iter().enumerate() {
            mistakes += if level >= boundary { 1 } else { -1 };
            let next = pairs.get(i + 1).map_or(units + 1, |p| p.0);
            if next != units && mistakes < fewest {
                (best, fewest) = (next, mistakes);
            }
        }
        floor = floor.max(best);
        *slot = floor;
    }
    thresholds
}

/// The columns payload. `norms[field][doc]` are [`quantize_length`] bytes; only the norms of
/// fields some document has are written, which keeps the file small.
pub(crate) fn encode(
    dates: &[Option<i32>],
    norms: &[Vec<u8>; FIELD_COUNT],
    sort_keys: &[Vec<f32>],
    record_units: &[u32],
) -> Vec<u8> {
    let mut out = Vec::new();
    out.put_varint(dates.len() as u64);
    out.put_varint(FIELD_COUNT as u64);
    out.put_varint(sort_keys.len() as u64);
    let mut previous = 0i64;
    for date in dates {
        let value = day_value(*date);
        out.put_zigzag(value - previous);
        previous = value;
    }
    for units in record_units {
        out.put_varint(u64::from(*units));
    }
    let present: u8 = (0..FIELD_COUNT)
        .filter(|&f| norms[f].iter().any(|&n| n != 0))
        .fold(0, |mask, f| mask | 1 << f);
    out.push(present);
    for (f, field_norms) in norms.iter().enumerate() {
        if present & (1 << f) != 0 {
            let low = field_norms.iter().copied().min().unwrap_or(0);
            let high = field_norms.iter().copied().max().unwrap_or(0);
            out.push(low);
            out.push(high);
            // Two norms a byte, 16 levels spread over the field's own range of lengths:
            // enough to rank by, and the columns file is fetched before any first result.
            let span = u16::from(high - low).max(1);
            let mut levels: Vec<u8> = field_norms
                .iter()
                .map(|&byte| ((u16::from(byte - low) * 15 + span / 2) / span) as u8)
                .collect();
            if f == PREDICTED_FIELD {
                let thresholds = level_thresholds(record_units, &levels);
                for t in thresholds {
                    out.put_varint(u64::from(t));
                }
                for (level, &units) in levels.iter_mut().zip(record_units) {
                    *level = level.wrapping_sub(predicted_level(&thresholds, units)) & 15;
                }
            }
            for pair in levels.chunks(2) {
                out.push(pair[0] | pair.get(1).copied().unwrap_or(0) << 4);
            }
        }
    }
    for keys in sort_keys {
        for key in keys {
            out.put_f32(*key);
        }
    }
    out
}

/// Reads a columns payload, whose sizes `meta` gives; `file` names it in errors.
pub(crate) fn decode(file: &str, payload: &[u8], meta: &Meta) -> Result<Columns> {
    let mut c = Cursor::new(file, payload);
    let n = c.count(MAX_DOCUMENTS)?;
    let fields = c.count(64)?;
    let keys = c.count(64)?;
    if n != meta.documents as usize || fields != FIELD_COUNT || keys != meta.sort_keys.len() {
        return Err(c.error("column sizes disagree with the meta file"));
    }
    // Each date takes at least one byte: refuse a count the payload cannot hold.
    if n > c.remaining() {
        return Err(c.error("too few bytes for the dates"));
    }
    let mut dates = Vec::with_capacity(n);
    let mut value = 0i64;
    for _ in 0..n {
        value = value.wrapping_add(c.zigzag()?);
        dates.push(days_of_value(value).map_err(|()| c.error("date out of range"))?);
    }
    // Each size takes at least one byte.
    if n > c.remaining() {
        return Err(c.error("too few bytes for the record sizes"));
    }
    let mut record_starts = Vec::with_capacity(n + 1);
    let mut total = 0u64;
    record_starts.push(0);
    for _ in 0..n {
        total += c.count(u32::MAX as usize)? as u64;
        record_starts.push(total);
    }
    let present = c.u8()?;
    let mut norms = vec![0u8; n * FIELD_COUNT];
    for field in 0..FIELD_COUNT {
        if present & (1 << field) != 0 {
            let (low, high) = (c.u8()?, c.u8()?);
            if high < low {
                return Err(c.error("norm range upside down"));
            }
            // The field's lowest and highest norm, then two 4-bit levels a byte (low nibble
            // first) spread over that range; in memory, back on the byte scale. Other fields'
            // thresholds stay at the top: nothing is predicted.
            let mut thresholds: Thresholds = [u32::MAX; 15];
            if field == PREDICTED_FIELD {
                for t in &mut thresholds {
                    *t = c.count(u32::MAX as usize)? as u32;
                }
            }
            let span = u16::from(high - low);
            let packed = c.bytes(n.div_ceil(2))?;
            for ((doc, slot), starts) in norms[field * n..(field + 1) * n]
                .iter_mut()
                .enumerate()
                .zip(record_starts.windows(2))
            {
                // A record's size in units: the difference of its start and the next.
                let byte = packed[doc / 2];
                let stored = if doc % 2 == 0 { byte & 0x0f } else { byte >> 4 };
                let predicted = predicted_level(&thresholds, (starts[1] - starts[0]) as u32);
                let level = stored.wrapping_add(predicted) & 15;
                *slot = (u16::from(low) + (u16::from(level) * span + 7) / 15).min(255) as u8;
            }
        }
    }
    let mut sort_keys = Vec::with_capacity(keys);
    for _ in 0..keys {
        let raw = c.bytes(n * 4)?;
        sort_keys.push(
            // Chunks of four: the conversion cannot fail (and, unlike indexing, has no
            // bounds checks).
            raw.chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().unwrap_or_default()))
                .collect(),
        );
    }
    if !c.is_empty() {
        return Err(c.error("trailing bytes"));
    }
    Ok(Columns {
        dates,
        norms,
        sort_keys,
        record_starts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::meta::FacetInfo;

    fn meta(documents: u32, sort_keys: usize) -> Meta {
        Meta {
            documents,
            entries: 0,
            terms: 0,
            average_lengths: [1.0; FIELD_COUNT],
            facets: Vec::<FacetInfo>::new(),
            sort_keys: (0..sort_keys).map(|k| format!("key{k}")).collect(),
            languages: Vec::new(),
            names: Vec::new(),
        }
    }

    #[test]
    fn length_quantization_keeps_the_order_of_magnitude() {
        for length in [0u32, 1, 5, 12, 100, 1000, 20_000] {
            let back = dequantize_length(quantize_length(length));
            assert!(
                (back - length as f32).abs() <= 0.05 * length as f32 + 0.5,
                "{length} came back as {back}"
            );
        }
    }

    #[test]
    fn columns_round_trip_dates_and_keys_and_norms_within_a_level() {
        // 1969-12-31 (day -1) and older dates are dates, not "undated".
        let dates = vec![None, Some(-1), Some(-25_000), Some(20_000), Some(20_001)];
        let lengths = [
            [3u32, 5, 9, 12, 4],
            [0; 5],
            [1, 1, 2, 1, 1],
            [10, 800, 3000, 45, 0],
            [0; 5],
        ];
        let norms: [Vec<u8>; FIELD_COUNT] =
            lengths.map(|field| field.iter().map(|&l| quantize_length(l)).collect());
        let keys = vec![vec![1.5, f32::NAN, -3.0, 0.0, 7.25]];
        let payload = encode(&dates, &norms, &keys, &[1, 2, 200, 1, 3]);
        let columns = decode("columns", &payload, &meta(5, 1)).unwrap();
        assert_eq!(columns.dates, dates);
        assert_eq!(columns.record_starts, [0, 1, 3, 203, 204, 207]);
        // Document 3's record, in a docs file that starts at document 1: after 2 + 200 units.
        assert_eq!(columns.record_span(1, 3), Some((202 * 64, 64)));
        assert_eq!(columns.record_span(1, 5), None);
        assert_eq!(columns.sort_keys[0][0], 1.5);
        assert!(columns.sort_keys[0][1].is_nan());
        assert_eq!(columns.sort_keys[0][2..], keys[0][2..]);
        for (field, field_norms) in norms.iter().enumerate() {
            let low = *field_norms.iter().min().unwrap();
            let high = *field_norms.iter().max().unwrap();
            let level = f32::from(high - low) / 15.0;
            for (doc, &norm) in field_norms.iter().enumerate() {
                let back = columns.norms[field * 5 + doc];
                assert!(
                    (f32::from(back) - f32::from(norm)).abs() <= level / 2.0 + 1.0,
                    "field {field} doc {doc}: {norm} came back as {back}"
                );
            }
        }
    }

    /// Body lengths and record sizes that go together, as they do when the record holds the
    /// body: `(record units, body length)` per document, from a fixed pseudo-random walk.
    fn bodies(n: usize) -> (Vec<u32>, Vec<u32>) {
        let mut state = 0x9e37_79b9u32;
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let length = 20 + state % 4000;
                (length / 40 + 2 + (state >> 20) % 3, length)
            })
            .unzip()
    }

    #[test]
    fn body_levels_come_back_exactly_whatever_the_record_sizes() {
        let (units, lengths) = bodies(500);
        let mut shuffled = units.clone();
        shuffled.rotate_left(123);
        let mut norms: [Vec<u8>; FIELD_COUNT] = Default::default();
        norms[PREDICTED_FIELD] = lengths.iter().map(|&l| quantize_length(l)).collect();
        for record_units in [&units, &shuffled] {
            let payload = encode(&vec![None; 500], &norms, &[], record_units);
            let columns = decode("columns", &payload, &meta(500, 0)).unwrap();
            // The same levels as the title field gets, which is stored without prediction.
            let mut plain: [Vec<u8>; FIELD_COUNT] = Default::default();
            plain[0] = norms[PREDICTED_FIELD].clone();
            let payload = encode(&vec![None; 500], &plain, &[], record_units);
            let reference = decode("columns", &payload, &meta(500, 0)).unwrap();
            let n = 500;
            assert_eq!(
                columns.norms[PREDICTED_FIELD * n..(PREDICTED_FIELD + 1) * n],
                reference.norms[..n]
            );
            assert_eq!(
                columns.record_starts.last(),
                Some(&record_units.iter().map(|&u| u64::from(u)).sum())
            );
        }
    }

    #[test]
    fn record_sizes_that_follow_the_body_leave_mostly_zeros_to_store() {
        let (units, lengths) = bodies(2000);
        let mut norms: [Vec<u8>; FIELD_COUNT] = Default::default();
        norms[PREDICTED_FIELD] = lengths.iter().map(|&l| quantize_length(l)).collect();
        // Dates a day apart: no zero byte outside the levels.
        let dates: Vec<Option<i32>> = (0..2000).map(Some).collect();
        let zeros = |record_units: &[u32]| {
            let payload = encode(&dates, &norms, &[], record_units);
            payload.iter().filter(|&&b| b == 0).count()
        };
        let mut shuffled = units.clone();
        shuffled.rotate_left(777);
        let (together, apart) = (zeros(&units), zeros(&shuffled));
        // 1,000 bytes of body levels: most are zero when the sizes predict them.
        assert!(together > 700, "{together} zero bytes");
        assert!(
            apart < 300,
            "{apart} zero bytes with sizes that say nothing"
        );
    }

    #[test]
    fn level_thresholds_never_decrease_and_split_separable_levels_exactly() {
        let units = [3, 9, 4, 30, 12, 50, 50, 7];
        let levels = [0, 2, 0, 5, 2, 9, 9, 1];
        let thresholds = level_thresholds(&units, &levels);
        assert!(
            thresholds.windows(2).all(|w| w[0] <= w[1]),
            "{thresholds:?}"
        );
        for (&u, &level) in units.iter().zip(&levels) {
            assert_eq!(predicted_level(&thresholds, u), level, "{u} units");
        }
    }

    #[test]
    fn sizes_must_agree_with_the_meta_file() {
        let payload = encode(&[None, None], &Default::default(), &[], &[1, 1]);
        assert!(decode("columns", &payload, &meta(3, 0)).is_err());
    }
}
