//! Bloom filter for SSTables (DDIA ch. 3, "Performance optimizations": a Bloom filter
//! tells the read path that a key is *definitely not* in a table, so the table is not
//! read).
//!
//! `m = n * bits_per_key` bits, `k` hash functions derived deterministically by double
//! hashing (Kirsch–Mitzenmacher): `g_i(x) = h1(x) + i * h2(x) mod m`, with `h1`, `h2`
//! two SplitMix64 mixes of the key. No false negatives; false positives at a rate close
//! to `(1 - e^(-kn/m))^k` (see [`super::metrics::expected_fpr`]).

use alloc::vec;
use alloc::vec::Vec;

use super::engine::Key;

/// SplitMix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The optimal number of hash functions for `bits_per_key`: `round(b * ln 2)`, at
/// least 1 (integer arithmetic: ln 2 ~ 0.6931).
pub fn optimal_hashes(bits_per_key: u32) -> u32 {
    // b * 0.6931 < b, so the result always fits a u32.
    u32::try_from(((u64::from(bits_per_key) * 6931 + 5000) / 10_000).max(1)).unwrap_or(u32::MAX)
}

/// A Bloom filter over `u64` keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Bloom {
    words: Vec<u64>,
    bits: u64,
    hashes: u32,
    keys: u64,
}

impl Bloom {
    /// An empty filter sized for `n` keys at `bits_per_key` bits each with `hashes` hash
    /// functions. `bits_per_key == 0` gives a disabled filter that answers "maybe".
    pub fn new(n: u64, bits_per_key: u32, hashes: u32) -> Self {
        let bits = n * u64::from(bits_per_key);
        let bits = if bits_per_key == 0 { 0 } else { bits.max(64) };
        Bloom {
            // One word per 64 bits; a filter too large to address cannot be allocated
            // either, so saturating only turns an impossible size into an allocation error.
            words: vec![0; usize::try_from(bits.div_ceil(64)).unwrap_or(usize::MAX)],
            bits,
            hashes: hashes.max(1),
            keys: 0,
        }
    }

    /// Build a filter holding `keys`.
    pub fn build(keys: &[Key], bits_per_key: u32, hashes: u32) -> Self {
        let mut b = Bloom::new(keys.len() as u64, bits_per_key, hashes);
        for &k in keys {
            b.insert(k);
        }
        b
    }

    fn positions(&self, key: Key) -> impl Iterator<Item = u64> + '_ {
        let h1 = mix(key ^ 0x5157_0A7E_u64);
        let h2 = mix(key.rotate_left(32) ^ 0xB100_F11E_u64) | 1;
        (0..u64::from(self.hashes)).map(move |i| h1.wrapping_add(i.wrapping_mul(h2)) % self.bits)
    }

    /// Add `key`.
    pub fn insert(&mut self, key: Key) {
        self.keys += 1;
        if self.bits == 0 {
            return;
        }
        let pos: Vec<u64> = self.positions(key).collect();
        for p in pos {
            self.words[(p / 64) as usize] |= 1 << (p % 64);
        }
    }

    /// `false` = definitely absent; `true` = maybe present.
    pub fn may_contain(&self, key: Key) -> bool {
        if self.bits == 0 {
            return true;
        }
        self.positions(key)
            .all(|p| self.words[(p / 64) as usize] & (1 << (p % 64)) != 0)
    }

    /// Whether the filter is active (has bits).
    pub fn enabled(&self) -> bool {
        self.bits > 0
    }

    /// Number of bits (m).
    pub fn bits(&self) -> u64 {
        self.bits
    }

    /// Number of hash functions (k).
    pub fn hashes(&self) -> u32 {
        self.hashes
    }

    /// Number of keys inserted (n).
    pub fn keys(&self) -> u64 {
        self.keys
    }

    /// The textbook false-positive probability of this filter, in parts per billion.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "p is a probability in 0..=1, so p * 1e9 fits a u64; float-to-int `as` saturates"
    )]
    pub fn expected_fpr_ppb(&self) -> u64 {
        let p = super::metrics::expected_fpr(self.keys, self.bits, self.hashes);
        (p * 1e9) as u64
    }

    /// Encoded size in bytes (m / 8, rounded up), saturating at `u32::MAX`.
    pub fn encoded_bytes(&self) -> u32 {
        u32::try_from(self.bits.div_ceil(8)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::metrics::expected_fpr;

    #[test]
    fn no_false_negatives() {
        let keys: Vec<Key> = (0..500).map(|i| i * 7 + 3).collect();
        let b = Bloom::build(&keys, 8, optimal_hashes(8));
        assert!(keys.iter().all(|k| b.may_contain(*k)));
        assert_eq!(optimal_hashes(10), 7);
        assert_eq!(optimal_hashes(1), 1);
    }

    #[test]
    fn false_positive_rate_close_to_formula() {
        for bits_per_key in [4u32, 8, 10] {
            let k = optimal_hashes(bits_per_key);
            let keys: Vec<Key> = (0..2000).map(|i| i * 2).collect();
            let b = Bloom::build(&keys, bits_per_key, k);
            let probes = 50_000u64;
            let fp = (0..probes).filter(|i| b.may_contain(i * 2 + 1)).count() as f64;
            let measured = fp / probes as f64;
            let want = expected_fpr(b.keys(), b.bits(), k);
            assert!(
                (measured - want).abs() < want * 0.25 + 0.002,
                "b={bits_per_key} measured {measured} formula {want}"
            );
        }
    }

    #[test]
    fn disabled_filter_says_maybe() {
        let b = Bloom::build(&[1, 2, 3], 0, 3);
        assert!(!b.enabled());
        assert!(b.may_contain(99));
        assert_eq!(b.encoded_bytes(), 0);
    }
}
