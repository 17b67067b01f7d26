//! The one key hash of the partitioning lab, and positions on the hash ring.
//!
//! Every strategy that hashes keys ([`crate::partition::StrategyKind::hashes_keys`])
//! uses [`key_hash`]: XXH3-64 (the `xxhash-rust` crate, no_std) of the key's 8
//! little-endian bytes, seed 0. XXH3 passes the SMHasher distribution and avalanche
//! tests, is identical on every platform (natively and on wasm32), and is not
//! cryptographic, which partitioning does not need (DDIA ch. 6, "Partitioning by Hash
//! of Key": "a good hash function takes skewed data and makes it uniformly
//! distributed"; Cassandra uses Murmur3, another such hash).
//!
//! A ring position is a `u64`: the whole hash space `0..2^64` read as a circle, with
//! `0` at 0° (the top of the drawing) and positions growing clockwise. [`degrees`]
//! converts for views; [`at_degrees`] places a token at a whole degree (the book's
//! 0°/120°/240° example).

use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::{Key, NodeId};

/// Seed of [`key_hash`].
pub const KEY_SEED: u64 = 0;

/// Seed of [`vnode_token`], distinct from [`KEY_SEED`] so token positions are
/// independent of key positions.
pub const TOKEN_SEED: u64 = 0x746f_6b65_6e73; // "tokens"

/// The ring position of `key`: XXH3-64 of its 8 little-endian bytes, seed [`KEY_SEED`].
pub fn key_hash(key: Key) -> u64 {
    xxh3_64_with_seed(&key.0.to_le_bytes(), KEY_SEED)
}

/// The ring position of virtual node `vnode` of `node` (consistent hashing's tokens,
/// DDIA ch. 6, "Partitioning by Hash of Key"): XXH3-64 of the node's and the vnode's
/// 4 little-endian bytes each, seed [`TOKEN_SEED`].
pub fn vnode_token(node: NodeId, vnode: u32) -> u64 {
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&node.0.to_le_bytes());
    bytes[4..].copy_from_slice(&vnode.to_le_bytes());
    xxh3_64_with_seed(&bytes, TOKEN_SEED)
}

/// 2^64 as a float: one full turn of the ring.
const TURN: f64 = 18_446_744_073_709_551_616.0;

/// A ring position in degrees, `0.0..360.0`, clockwise from the top (for views only:
/// the simulation never uses floats).
pub fn degrees(pos: u64) -> f64 {
    // Precision loss only (positions are shown to a fraction of a degree).
    pos as f64 * 360.0 / TURN
}

/// Ring position `pos` to the nearest whole degree, 0-359 (for narration: no float
/// formatting).
pub fn whole_degrees(pos: u64) -> u64 {
    let deg = (u128::from(pos) * 360 + (1u128 << 63)) >> 64;
    u64::try_from(deg).unwrap_or(0) % 360
}

/// The ring position at `deg` whole degrees (taken mod 360): `floor(deg * 2^64 / 360)`,
/// so `at_degrees(0) == 0` and `degrees(at_degrees(d))` is `d` to within 1e-12°.
pub fn at_degrees(deg: u32) -> u64 {
    let turn = 1u128 << 64;
    let pos = u128::from(deg % 360) * turn / 360;
    u64::try_from(pos).unwrap_or(u64::MAX)
}

/// Whether ring position `pos` lies in the clockwise arc `(after, upto]`; `after ==
/// upto` is the whole ring (one token owns everything).
pub fn in_arc(pos: u64, after: u64, upto: u64) -> bool {
    match after.cmp(&upto) {
        core::cmp::Ordering::Less => after < pos && pos <= upto,
        core::cmp::Ordering::Greater => pos > after || pos <= upto,
        core::cmp::Ordering::Equal => true,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn whole_degrees_round_to_the_nearest() {
        assert_eq!(whole_degrees(at_degrees(60)), 60);
        assert_eq!(whole_degrees(at_degrees(359)), 359);
        assert_eq!(whole_degrees(u64::MAX), 0, "a hair below 360° is 0°");
        assert_eq!(whole_degrees(at_degrees(90) + at_degrees(1) / 2 + 1), 91);
    }

    use super::*;

    #[test]
    fn pinned_hashes_never_change() {
        // Golden digests and the book's examples depend on these (the same values are
        // checked on wasm32 by the golden digests).
        assert_eq!(key_hash(Key(0)), 0xc77b_3abb_6f87_acd9);
        assert_eq!(vnode_token(NodeId(1), 0), 0x3657_0820_3499_1188);
        assert_ne!(key_hash(Key(1)), key_hash(Key(2)));
        assert_ne!(vnode_token(NodeId(1), 0), vnode_token(NodeId(1), 1));
    }

    #[test]
    fn hashes_of_consecutive_keys_spread_over_the_ring() {
        // 36,000 consecutive keys in 36 buckets of 10°: each within 10% of 1,000.
        let mut buckets = [0u32; 36];
        let width = u64::MAX / 36 + 1;
        for k in 0..36_000u64 {
            let b = usize::try_from(key_hash(Key(k)) / width).unwrap();
            buckets[b] += 1;
        }
        for (i, &c) in buckets.iter().enumerate() {
            assert!((900..=1100).contains(&c), "bucket {i}: {c}");
        }
    }

    #[test]
    fn degrees_round_trip_and_arcs_wrap() {
        assert_eq!(at_degrees(0), 0);
        assert_eq!(at_degrees(360), 0);
        for d in [1, 60, 120, 240, 359] {
            assert!((degrees(at_degrees(d)) - f64::from(d)).abs() < 1e-9);
        }
        let (a, b) = (at_degrees(300), at_degrees(60));
        assert!(in_arc(at_degrees(0), a, b));
        assert!(in_arc(b, a, b));
        assert!(!in_arc(a, a, b));
        assert!(!in_arc(at_degrees(120), a, b));
        assert!(in_arc(5, 7, 7));
    }
}
