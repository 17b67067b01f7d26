//! A stable 64-bit digest (FNV-1a) of anything that implements `Hash`.
//!
//! `core::hash::Hasher` writes `usize`/`isize` (Vec lengths, enum discriminants) in the
//! platform's width, which differs between x86_64 and wasm32. This hasher widens them
//! to 64 bits little-endian, so `#[derive(Hash)]` types digest the same everywhere and
//! a trace digest proves native and wasm runs equal.

use core::hash::{Hash, Hasher};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64-bit, with platform-independent integer widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(OFFSET)
    }
}

impl StableHasher {
    /// A fresh hasher at the FNV offset basis.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 ^= i as u64;
        self.0 = self.0.wrapping_mul(PRIME);
    }
    fn write_u16(&mut self, i: u16) {
        self.write(&i.to_le_bytes())
    }
    fn write_u32(&mut self, i: u32) {
        self.write(&i.to_le_bytes())
    }
    fn write_u64(&mut self, i: u64) {
        self.write(&i.to_le_bytes())
    }
    fn write_u128(&mut self, i: u128) {
        self.write(&i.to_le_bytes())
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64)
    }
    fn write_isize(&mut self, i: isize) {
        self.write_u64(i as i64 as u64)
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

    #[test]
    fn known_fnv_vector_and_width_independence() {
        let mut h = StableHasher::new();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c); // FNV-1a 64 of "a"
        // usize is hashed as 8 bytes whatever the platform.
        assert_eq!(digest_of(&3usize), digest_of(&3u64));
        assert_ne!(digest_of(&vec![1u8, 2]), digest_of(&vec![2u8, 1]));
    }
}
