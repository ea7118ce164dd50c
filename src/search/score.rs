//! Scoring: BM25F over the five fields, with title above summary above keywords, entries
//! and body.

use crate::field::FIELD_COUNT;
use crate::store::columns::dequantize_length;
use crate::store::postings::Posting;

/// How much an occurrence in each field counts, relative to the body.
pub(crate) const FIELD_WEIGHTS: [f32; FIELD_COUNT] = [
    4.0, // title
    2.0, // summary
    1.5, // keywords
    1.0, // body
    1.0, // entries
];

/// Length normalisation per field: short fields (titles) barely normalise, long ones do.
const FIELD_B: [f32; FIELD_COUNT] = [0.75, 0.5, 0.3, 0.75, 0.75];

/// Term-frequency saturation.
const K1: f32 = 1.2;

/// A word in the title adds this much more, times its idf, outside the saturation: BM25F
/// saturates all fields together, so a word three times in the body would otherwise count
/// as much as the same word in the title, and titles are what readers search for.
pub(crate) const TITLE_BONUS: f32 = 1.2;

/// Inverse document frequency, never negative.
pub(crate) fn idf(doc_count: u32, df: u32) -> f32 {
    let n = doc_count as f32;
    let df = df.min(doc_count) as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The field length of every norm byte, computed once: a search builds its [`Scorer`] from
/// it with a division per entry, not an exponential.
fn lengths() -> &'static [f32; 256] {
    static LENGTHS: std::sync::OnceLock<[f32; 256]> = std::sync::OnceLock::new();
    LENGTHS.get_or_init(|| std::array::from_fn(|byte| dequantize_length(byte as u8)))
}

/// The corpus-wide statistics that BM25F needs, with the per-byte length table precomputed.
pub(crate) struct Scorer {
    /// `1 / (1 - b + b * length / average)` for every field and every norm byte.
    length_factor: Vec<[f32; 256]>,
}

impl Scorer {
    pub(crate) fn new(average_lengths: &[f32; FIELD_COUNT]) -> Scorer {
        let length_factor = (0..FIELD_COUNT)
            .map(|f| {
                let mut table = [0f32; 256];
                let average = average_lengths[f].max(1.0);
                for (slot, &length) in table.iter_mut().zip(lengths()) {
                    *slot = 1.0 / (1.0 - FIELD_B[f] + FIELD_B[f] * length / average);
                }
                table
            })
            .collect();
        Scorer { length_factor }
    }

    /// The score of a term occurring once, in `field` only, for every norm byte: most
    /// postings look like that, and a table lookup is cheaper than the formula.
    pub(crate) fn single_occurrence_table(&self, idf: f32, field: usize) -> [f32; 256] {
        let mut table = [0f32; 256];
        for (slot, factor) in table.iter_mut().zip(&self.length_factor[field]) {
            let weighted_tf = FIELD_WEIGHTS[field] * factor;
            *slot = idf * weighted_tf * (K1 + 1.0) / (K1 + weighted_tf);
            if field == 0 {
                *slot += TITLE_BONUS * idf * factor;
            }
        }
        table
    }

    /// The BM25F score of one term in one document. `norms` gives the document's norm byte
    /// per field.
    #[inline]
    pub(crate) fn score(&self, idf: f32, posting: &Posting, norms: impl Fn(usize) -> u8) -> f32 {
        let mut weighted_tf = 0.0;
        for (f, &tf) in posting.tf.iter().enumerate() {
            if tf > 0 {
                weighted_tf +=
                    FIELD_WEIGHTS[f] * f32::from(tf) * self.length_factor[f][norms(f) as usize];
            }
        }
        // Shorter titles get more of it, as in the formula.
        let title = if posting.tf[0] > 0 {
            TITLE_BONUS * idf * self.length_factor[0][norms(0) as usize]
        } else {
            0.0
        };
        idf * weighted_tf * (K1 + 1.0) / (K1 + weighted_tf) + title
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::store::columns::quantize_length;

    fn posting(field: Field, tf: u16) -> Posting {
        let mut p = Posting::default();
        p.tf[field as usize] = tf;
        p
    }

    #[test]
    fn title_outweighs_summary_outweighs_body() {
        let scorer = Scorer::new(&[8.0, 25.0, 6.0, 400.0, 300.0]);
        let norm_of = |f: usize| quantize_length([8, 25, 6, 400, 300][f]);
        let idf = idf(1000, 10);
        let title = scorer.score(idf, &posting(Field::Title, 1), norm_of);
        let summary = scorer.score(idf, &posting(Field::Summary, 1), norm_of);
        let body = scorer.score(idf, &posting(Field::Body, 1), norm_of);
        assert!(
            title > summary && summary > body,
            "{title} {summary} {body}"
        );
    }

    #[test]
    fn rare_terms_weigh_more_and_idf_is_positive() {
        assert!(idf(1000, 2) > idf(1000, 500));
        assert!(idf(10, 10) > 0.0);
    }

    #[test]
    fn the_single_occurrence_table_agrees_with_the_formula() {
        let scorer = Scorer::new(&[8.0, 25.0, 6.0, 400.0, 300.0]);
        for field in Field::ALL {
            let table = scorer.single_occurrence_table(2.5, field as usize);
            for norm in [0u8, 40, 130, 255] {
                let direct = scorer.score(2.5, &posting(field, 1), |_| norm);
                assert!((table[norm as usize] - direct).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn term_frequency_saturates() {
        let scorer = Scorer::new(&[8.0, 25.0, 6.0, 400.0, 300.0]);
        let norm = |_: usize| quantize_length(400);
        let one = scorer.score(1.0, &posting(Field::Body, 1), norm);
        let ten = scorer.score(1.0, &posting(Field::Body, 10), norm);
        let hundred = scorer.score(1.0, &posting(Field::Body, 100), norm);
        assert!(ten > one && hundred > ten);
        assert!(hundred - ten < ten - one);
    }
}
