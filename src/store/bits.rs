//! Bit streams with Rice and Elias-gamma codes: the compact integer codes of the postings.
//!
//! Bits are written least significant first into bytes. A Rice code with parameter `k`
//! writes `v >> k` in unary (that many 1 bits, then a 0) followed by the low `k` bits of
//! `v`; a quotient of [`ESCAPE`] or more is written as `ESCAPE` 1 bits followed by `v` in 32
//! raw bits, so an outlier costs 32 + `ESCAPE` bits instead of millions.

use crate::error::{Error, Result};

/// Quotients at or above this are escaped.
pub const ESCAPE: u32 = 40;

/// Writes bits into a byte vector.
#[derive(Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    buffer: u64,
    filled: u32,
}

impl BitWriter {
    /// Appends the low `count` bits of `value` (`count` ≤ 32).
    pub fn bits(&mut self, value: u64, count: u32) {
        debug_assert!(count <= 32);
        self.buffer |= (value & ((1u64 << count) - 1)) << self.filled;
        self.filled += count;
        while self.filled >= 8 {
            self.bytes.push(self.buffer as u8);
            self.buffer >>= 8;
            self.filled -= 8;
        }
    }

    /// `n` 1 bits then a 0 bit.
    pub fn unary(&mut self, mut n: u32) {
        while n >= 24 {
            self.bits((1 << 24) - 1, 24);
            n -= 24;
        }
        self.bits((1 << n) - 1, n + 1);
    }

    pub fn rice(&mut self, value: u32, k: u32) {
        let quotient = value >> k;
        if quotient >= ESCAPE {
            self.bits((1 << 20) - 1, 20);
            self.bits((1 << (ESCAPE - 20)) - 1, ESCAPE - 20);
            self.bits(u64::from(value), 32);
        } else {
            self.unary(quotient);
            self.bits(u64::from(value), k);
        }
    }

    /// Elias gamma of `value` ≥ 1: the bit length minus one in unary, then the bits below the
    /// leading 1.
    pub fn gamma(&mut self, value: u32) {
        debug_assert!(value >= 1);
        let length = 31 - value.leading_zeros();
        self.unary(length);
        self.bits(u64::from(value), length);
    }

    /// The bytes, the last one padded with zeros.
    pub fn finish(mut self) -> Vec<u8> {
        if self.filled > 0 {
            self.bytes.push(self.buffer as u8);
        }
        self.bytes
    }
}

/// The cost in bits of `value` as a Rice code with parameter `k`.
pub fn rice_cost(value: u32, k: u32) -> u64 {
    let quotient = value >> k;
    if quotient >= ESCAPE {
        u64::from(ESCAPE + 32)
    } else {
        u64::from(quotient + 1 + k)
    }
}

/// The Rice parameter that codes `values` in the fewest bits: near log2 of their mean, so
/// only the neighbours of that guess are tried.
pub fn best_rice_parameter(values: &[u32]) -> u32 {
    if values.is_empty() {
        return 0;
    }
    let mean = values.iter().map(|&v| u64::from(v)).sum::<u64>() / values.len() as u64;
    let guess = 63 - (mean | 1).leading_zeros();
    let lowest = guess.saturating_sub(1);
    (lowest..=(guess + 1).min(31))
        .min_by_key(|&k| values.iter().map(|&v| rice_cost(v, k)).sum::<u64>())
        .unwrap_or(guess)
}

/// Reads bits; reading past the end is an error, never a panic. Bits come out of a 64-bit
/// buffer refilled a word at a time, so that a code costs a few shifts.
#[derive(Clone)]
pub struct BitReader<'a> {
    bytes: &'a [u8],
    /// The next byte to load into the buffer.
    next: usize,
    /// Unread bits, least significant first; bits above `available` may hold the next
    /// bytes already (they are loaded again, identically, at the next refill).
    buffer: u64,
    available: u32,
    file: &'a str,
}

impl<'a> BitReader<'a> {
    pub fn new(file: &'a str, bytes: &'a [u8]) -> BitReader<'a> {
        BitReader {
            bytes,
            next: 0,
            buffer: 0,
            available: 0,
            file,
        }
    }

    fn error(&self) -> Error {
        Error::corrupt(self.file, "a postings bit stream ends too early")
    }

    /// Tops the buffer up to at least 56 bits, or to the end of the bytes.
    #[inline]
    fn refill(&mut self) {
        if let Some(eight) = self.bytes.get(self.next..self.next + 8) {
            let word = u64::from_le_bytes([
                eight[0], eight[1], eight[2], eight[3], eight[4], eight[5], eight[6], eight[7],
            ]);
            self.buffer |= word << self.available;
            let whole_bytes = (63 - self.available) / 8;
            self.next += whole_bytes as usize;
            self.available += whole_bytes * 8;
        } else {
            while self.available <= 56 && self.next < self.bytes.len() {
                self.buffer |= u64::from(self.bytes[self.next]) << self.available;
                self.next += 1;
                self.available += 8;
            }
        }
    }

    #[inline]
    fn consume(&mut self, count: u32) {
        self.buffer = if count >= 64 { 0 } else { self.buffer >> count };
        self.available -= count;
    }

    #[inline]
    pub fn bits(&mut self, count: u32) -> Result<u32> {
        debug_assert!(count <= 32);
        if self.available < count {
            self.refill();
            if self.available < count {
                return Err(self.error());
            }
        }
        let value = (self.buffer & ((1u64 << count) - 1)) as u32;
        self.consume(count);
        Ok(value)
    }

    /// Counts 1 bits up to the next 0 (consumed), stopping at `cap` 1 bits (no 0 consumed).
    #[inline]
    pub fn unary(&mut self, cap: u32) -> Result<u32> {
        let mut count = 0;
        loop {
            if self.available == 0 {
                self.refill();
                if self.available == 0 {
                    return Err(self.error());
                }
            }
            let ones = (!self.buffer).trailing_zeros().min(self.available);
            if count + ones >= cap {
                self.consume(cap - count);
                return Ok(cap);
            }
            if ones < self.available {
                self.consume(ones + 1);
                return Ok(count + ones);
            }
            count += ones;
            self.consume(ones);
        }
    }

    #[inline]
    pub fn rice(&mut self, k: u32) -> Result<u32> {
        let quotient = self.unary(ESCAPE)?;
        if quotient == ESCAPE {
            return self.bits(32);
        }
        let low = self.bits(k)?;
        quotient
            .checked_shl(k)
            .and_then(|high| high.checked_add(low))
            .filter(|_| k < 32)
            .ok_or_else(|| self.error())
    }

    #[inline]
    pub fn gamma(&mut self) -> Result<u32> {
        let length = self.unary(32)?;
        if length >= 32 {
            return Err(self.error());
        }
        Ok((1 << length) | self.bits(length)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        let values = [0u32, 1, 2, 3, 7, 8, 100, 1000, 65_535, 1 << 20, u32::MAX];
        let mut writer = BitWriter::default();
        for &v in &values {
            for k in [0, 3, 9] {
                writer.rice(v, k);
            }
            if v > 0 {
                writer.gamma(v);
            }
            writer.bits(5, 3);
        }
        let bytes = writer.finish();
        let mut reader = BitReader::new("t", &bytes);
        for &v in &values {
            for k in [0, 3, 9] {
                assert_eq!(reader.rice(k).unwrap(), v, "rice {v} k={k}");
            }
            if v > 0 {
                assert_eq!(reader.gamma().unwrap(), v);
            }
            assert_eq!(reader.bits(3).unwrap(), 5);
        }
    }

    #[test]
    fn reading_past_the_end_is_an_error() {
        let mut writer = BitWriter::default();
        writer.rice(1000, 2);
        let bytes = writer.finish();
        let mut reader = BitReader::new("t", &bytes[..bytes.len() - 2]);
        assert!(reader.rice(2).is_err());
        let mut reader = BitReader::new("t", &[0xff; 3]);
        assert!(reader.unary(1000).is_err());
        assert!(BitReader::new("t", &[]).bits(1).is_err());
    }

    #[test]
    fn the_best_parameter_follows_the_magnitude() {
        assert_eq!(best_rice_parameter(&[0, 0, 1, 0]), 0);
        let k = best_rice_parameter(&[100, 120, 90, 130, 80]);
        assert!((5..=7).contains(&k), "{k}");
        let cost = |k| {
            [100u32, 120, 90, 130, 80]
                .iter()
                .map(|&v| rice_cost(v, k))
                .sum::<u64>()
        };
        assert!(cost(k) <= cost(3) && cost(k) <= cost(9));
    }
}
