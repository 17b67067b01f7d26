//! Seeded, deterministic pseudo-random numbers for simulations.
//!
//! One world generator is seeded from the scenario seed; every entity (node, link,
//! workload) gets its own child stream via [`SimRng::child`], so adding draws in one
//! entity never shifts the numbers another entity sees (the turmoil / VOPR pattern).
//! Probabilities are integer parts per million, never floats, so replays are exact.

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg32;

/// One million: the denominator of every probability in parts per million.
pub const PPM: u32 = 1_000_000;

/// A seeded PCG generator (rand_pcg's `Pcg32`: 64-bit state, so no 128-bit arithmetic,
/// which wasm32 lacks and would emulate slowly) with the helpers simulations need.
#[derive(Clone, Debug)]
pub struct SimRng {
    inner: Pcg32,
    seed: u64,
}

/// SplitMix64 finaliser: spreads a seed and a stream number into an independent seed.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl SimRng {
    /// A generator for `seed`; equal seeds give equal sequences on every platform.
    pub fn new(seed: u64) -> Self {
        SimRng {
            inner: Pcg32::seed_from_u64(seed),
            seed,
        }
    }

    /// The seed this generator was built from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// An independent child stream number `stream` of this generator's seed. It does
    /// not advance `self`, so children can be made in any order.
    pub fn child(&self, stream: u64) -> SimRng {
        SimRng::new(mix(self.seed ^ mix(stream.wrapping_add(1))))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A uniform integer in `lo..=hi` (inclusive). Returns `lo` when `hi <= lo`.
    pub fn range_inclusive(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo;
        if span == u64::MAX {
            return self.next_u64();
        }
        // A 64-bit remainder: native on every target; its bias (below 2^-40 for the
        // spans simulations use) is irrelevant, and the result is deterministic.
        lo + self.next_u64() % (span + 1)
    }

    /// A uniform index in `0..len`. `len` must be non-zero (returns 0 otherwise).
    pub fn index(&mut self, len: usize) -> usize {
        if len == 0 {
            return 0;
        }
        let last = len - 1;
        // The draw is at most `last`, a usize, so the conversion never fails.
        usize::try_from(self.range_inclusive(0, last as u64)).unwrap_or(last)
    }

    /// True with probability `ppm / 1_000_000`. `ppm >= 1_000_000` is always true and
    /// `0` never draws (so a zero probability does not consume randomness).
    pub fn chance_ppm(&mut self, ppm: u32) -> bool {
        if ppm == 0 {
            return false;
        }
        if ppm >= PPM {
            return true;
        }
        self.range_inclusive(0, PPM as u64 - 1) < ppm as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_children_differ() {
        let mut a = SimRng::new(7);
        let mut b = SimRng::new(7);
        let xs: alloc::vec::Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: alloc::vec::Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        let mut c1 = a.child(1);
        let mut c2 = a.child(2);
        assert_ne!(c1.next_u64(), c2.next_u64());
    }

    #[test]
    fn pinned_draws_never_change() {
        // The same constants are checked on wasm32 in core/tests/wasm_smoke.rs.
        let mut r = SimRng::new(7);
        assert_eq!(r.next_u64(), 0x18ae_1cbe_9191_5ee9);
        assert_eq!(r.next_u64(), 0xd219_3ac4_a388_049d);
    }

    #[test]
    fn range_stays_inside_bounds() {
        let mut r = SimRng::new(1);
        for _ in 0..10_000 {
            let v = r.range_inclusive(10, 20);
            assert!((10..=20).contains(&v));
        }
        assert_eq!(r.range_inclusive(5, 5), 5);
        assert_eq!(r.range_inclusive(9, 3), 9);
    }

    #[test]
    fn chance_ppm_matches_its_rate() {
        let mut r = SimRng::new(3);
        let hits = (0..100_000).filter(|_| r.chance_ppm(250_000)).count();
        assert!((23_000..27_000).contains(&hits), "{hits}");
        assert!(!r.chance_ppm(0));
        assert!(r.chance_ppm(PPM));
    }
}
