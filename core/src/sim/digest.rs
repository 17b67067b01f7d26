//! A stable 64-bit digest of anything that implements `Hash`.
//!
//! `core::hash::Hasher` writes `usize`/`isize` (Vec lengths, enum discriminants) in the
//! platform's width, which differs between x86_64 and wasm32. This hasher widens every
//! integer to 64 bits, so `#[derive(Hash)]` types digest the same everywhere and a
//! trace digest proves native and wasm runs equal. It mixes a 64-bit word per write
//! (FxHash's rotate-xor-multiply step) and finishes with the SplitMix64 avalanche, so
//! hashing every simulated event stays cheap. Not for adversarial input.

use core::hash::{Hash, Hasher};

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const K: u64 = 0x517c_c1b7_2722_0a95;

/// A platform-independent, word-at-a-time 64-bit hasher.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(SEED)
    }
}

impl StableHasher {
    /// A fresh hasher.
    pub fn new() -> Self {
        Self::default()
    }

    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for StableHasher {
    /// SplitMix64's finaliser over the running state.
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        // The last 0-7 bytes as a little-endian word (a variable-length copy into a
        // buffer was a memcpy call for every message label): from the input's last
        // eight bytes when it has eight, shifted in byte by byte otherwise.
        let rest = chunks.remainder();
        let word = match bytes.last_chunk::<8>() {
            Some(last) if !rest.is_empty() => u64::from_le_bytes(*last) >> (8 * (8 - rest.len())),
            _ => rest.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)),
        };
        self.mix(word ^ ((rest.len() as u64) << 56));
    }
    fn write_u8(&mut self, i: u8) {
        self.mix(i as u64)
    }
    fn write_u16(&mut self, i: u16) {
        self.mix(i as u64)
    }
    fn write_u32(&mut self, i: u32) {
        self.mix(i as u64)
    }
    fn write_u64(&mut self, i: u64) {
        self.mix(i)
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "hash mixing: the low and the high 64 bits are mixed in turn"
    )]
    fn write_u128(&mut self, i: u128) {
        self.mix(i as u64);
        self.mix((i >> 64) as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64)
    }
    fn write_i8(&mut self, i: i8) {
        self.mix(i as i64 as u64)
    }
    fn write_i16(&mut self, i: i16) {
        self.mix(i as i64 as u64)
    }
    fn write_i32(&mut self, i: i32) {
        self.mix(i as i64 as u64)
    }
    fn write_i64(&mut self, i: i64) {
        self.mix(i as u64)
    }
    fn write_isize(&mut self, i: isize) {
        self.mix(i as i64 as u64)
    }
}

/// The stable digest of one value.
pub fn digest_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = StableHasher::new();
    value.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    const PINNED: u64 = 0x5908_c8f7_a9c4_a7c2;

    #[test]
    fn width_independent_and_order_sensitive() {
        // usize and isize are hashed as 64-bit words whatever the platform.
        assert_eq!(digest_of(&3usize), digest_of(&3u64));
        assert_eq!(digest_of(&-3isize), digest_of(&-3i64));
        assert_ne!(digest_of(&vec![1u8, 2]), digest_of(&vec![2u8, 1]));
        assert_ne!(digest_of("ab"), digest_of("ba"));
        assert_ne!(digest_of(&(1u64, 0u64)), digest_of(&(0u64, 1u64)));
        // A pinned value: the digest must never change silently across versions.
        assert_eq!(digest_of(&(7u64, "raft")), PINNED);
    }

    /// The byte-slice step reads a tail of 1-7 bytes as the zero-padded little-endian
    /// word it always was, whether the input has 8 bytes to read it from or not.
    #[test]
    fn byte_tails_of_every_length_mix_the_padded_word() {
        let bytes: alloc::vec::Vec<u8> = (1..=24).collect();
        for len in 0..=bytes.len() {
            let input = &bytes[..len];
            let mut expected = StableHasher::new();
            let mut chunks = input.chunks_exact(8);
            for c in &mut chunks {
                let mut w = [0u8; 8];
                w.copy_from_slice(c);
                expected.mix(u64::from_le_bytes(w));
            }
            let rest = chunks.remainder();
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            expected.mix(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
            let mut h = StableHasher::new();
            h.write(input);
            assert_eq!(h, expected, "{len} bytes");
        }
    }
}
