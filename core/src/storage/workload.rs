//! Seeded workload generator shared by the storage labs (DDIA ch. 3, C3.4 "B-tree vs
//! LSM race": the same generated workload drives every engine).
//!
//! A [`WorkloadConfig`] and its seed fully determine the operation sequence, on every
//! platform. Probabilities are integer weights; Zipf skew is an integer in hundredths
//! (`skew_hundredths = 99` means s = 0.99). The Zipf CDF is precomputed once as an
//! integer table (its weights `1 / rank^s` are computed with IEEE basic operations
//! only, which are deterministic everywhere) and sampled by binary search.

use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::engine::{low_byte, Key, Value};
use crate::sim::rng::SimRng;

/// Largest key space a Zipf table is built for (keys beyond it are never drawn).
pub const MAX_ZIPF_KEYS: u64 = 1 << 20;

/// How keys are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KeyDist {
    /// Every key in `0..key_space` equally likely.
    Uniform,
    /// Zipf: key `r - 1` has weight `1 / r^s`, `s = skew_hundredths / 100`; 0 = uniform.
    /// Hot keys are the small ones.
    Zipf {
        /// Skew in hundredths.
        skew_hundredths: u32,
    },
    /// Writes use keys 0, 1, 2, ... in order (an auto-increment id); reads pick a
    /// uniformly random key already written.
    Sequential,
    /// Writes use increasing timestamps with random gaps in `1..=max_gap`; reads pick a
    /// uniformly random key at or below the latest timestamp.
    Timestamp {
        /// Largest gap between consecutive timestamps.
        max_gap: u64,
    },
}

/// Relative weights of the operation kinds (any integer scale: percent, ppm, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OpMix {
    /// Weight of puts.
    pub put: u32,
    /// Weight of point reads.
    pub get: u32,
    /// Weight of deletes.
    pub delete: u32,
    /// Weight of range scans.
    pub scan: u32,
}

impl Default for OpMix {
    /// 50 % puts, 40 % gets, 5 % deletes, 5 % scans.
    fn default() -> Self {
        OpMix {
            put: 50,
            get: 40,
            delete: 5,
            scan: 5,
        }
    }
}

/// Everything that defines a workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkloadConfig {
    /// Seed of the generator.
    pub seed: u64,
    /// Number of operations.
    pub ops: u32,
    /// Keys are drawn from `0..key_space` (Uniform, Zipf; at least 1).
    pub key_space: u64,
    /// Key distribution.
    pub dist: KeyDist,
    /// Operation mix.
    pub mix: OpMix,
    /// Value size in bytes.
    pub value_bytes: u32,
    /// Number of keys a scan covers: `Scan { lo, hi: lo + scan_len - 1 }`.
    pub scan_len: u64,
}

impl Default for WorkloadConfig {
    fn default() -> Self {
        WorkloadConfig {
            seed: 1,
            ops: 1000,
            key_space: 1000,
            dist: KeyDist::Uniform,
            mix: OpMix::default(),
            value_bytes: 16,
            scan_len: 10,
        }
    }
}

impl WorkloadConfig {
    /// The skewed mixed workload the golden digests and the benchmarks run: 50 % put,
    /// 40 % get, 5 % delete, 5 % scans of 10 keys, keys Zipf(0.9) over `key_space`
    /// (hot keys, as DDIA ch. 3's engines see them), `value_bytes`-byte values.
    pub fn skewed_mix(seed: u64, ops: u32, key_space: u64, value_bytes: u32) -> Self {
        WorkloadConfig {
            seed,
            ops,
            key_space,
            dist: KeyDist::Zipf {
                skew_hundredths: 90,
            },
            mix: OpMix {
                put: 50,
                get: 40,
                delete: 5,
                scan: 5,
            },
            value_bytes,
            scan_len: 10,
        }
    }
}

/// One operation of a workload.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    /// Insert or overwrite.
    Put {
        /// Key.
        key: Key,
        /// Value.
        value: Value,
    },
    /// Point read.
    Get {
        /// Key.
        key: Key,
    },
    /// Delete.
    Delete {
        /// Key.
        key: Key,
    },
    /// Range scan of `lo..=hi`.
    Scan {
        /// Lowest key.
        lo: Key,
        /// Highest key.
        hi: Key,
    },
}

/// `ln(x)` for `x > 0` without `std` (exponent split + atanh series).
pub fn ln(x: f64) -> f64 {
    if x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let mut m = x;
    let mut e = 0i32;
    while m >= 2.0 {
        m /= 2.0;
        e += 1;
    }
    while m < 1.0 {
        m *= 2.0;
        e -= 1;
    }
    // ln m = 2 atanh(t), t = (m - 1) / (m + 1) in [0, 1/3).
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let mut term = t;
    let mut sum = 0.0;
    for i in 0..40 {
        sum += term / f64::from(2 * i + 1);
        term *= t2;
    }
    f64::from(e) * core::f64::consts::LN_2 + 2.0 * sum
}

/// `e^x` for any finite `x` (via [`super::metrics::exp_neg`]).
fn exp(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / super::metrics::exp_neg(x)
    } else {
        super::metrics::exp_neg(-x)
    }
}

/// A precomputed Zipf CDF over ranks `1..=n` as cumulative integer weights.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ZipfTable {
    cdf: Vec<u64>,
}

/// Rank `r`'s integer weight under skew `s`: `2^32 / r^s`, at least 1.
#[expect(
    clippy::cast_possible_truncation,
    reason = "the weight is in 0..=2^32 (r >= 1, s >= 0), so it fits a u64; float-to-int `as` saturates"
)]
fn zipf_weight(r: u64, s: f64) -> u64 {
    let w = exp(-s * ln(r as f64)) * 4_294_967_296.0;
    (w as u64).max(1)
}

impl ZipfTable {
    /// The table for `n` ranks (capped at [`MAX_ZIPF_KEYS`]) and skew `s / 100`.
    /// Rank 1 has integer weight 2^32; every rank has weight at least 1.
    pub fn new(n: u64, skew_hundredths: u32) -> Self {
        let n = n.clamp(1, MAX_ZIPF_KEYS);
        let s = f64::from(skew_hundredths) / 100.0;
        let mut cdf = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
        let mut total = 0u64;
        for r in 1..=n {
            total += zipf_weight(r, s);
            cdf.push(total);
        }
        ZipfTable { cdf }
    }

    /// Draw a rank in `0..n` (0 = hottest).
    pub fn sample(&self, rng: &mut SimRng) -> u64 {
        let total = *self.cdf.last().expect("non-empty table");
        let r = rng.range_inclusive(0, total - 1);
        self.cdf.partition_point(|c| *c <= r) as u64
    }

    /// Probability of rank `i` in parts per million (for charts).
    pub fn ppm(&self, i: u64) -> u64 {
        let total = *self.cdf.last().expect("non-empty");
        let i = usize::try_from(i).unwrap_or(usize::MAX);
        let lo = if i == 0 { 0 } else { self.cdf[i - 1] };
        super::metrics::per(self.cdf[i] - lo, 1_000_000, total)
    }
}

/// A workload as an iterator of [`Op`]s.
#[derive(Clone, Debug)]
pub struct Workload {
    cfg: WorkloadConfig,
    rng: SimRng,
    zipf: Option<ZipfTable>,
    next_seq_key: Key,
    emitted: u32,
}

impl Workload {
    /// A workload for `cfg` (its own RNG stream derived from `cfg.seed`).
    pub fn new(cfg: WorkloadConfig) -> Self {
        let zipf = match cfg.dist {
            KeyDist::Zipf { skew_hundredths } => {
                Some(ZipfTable::new(cfg.key_space, skew_hundredths))
            }
            _ => None,
        };
        Workload {
            cfg,
            rng: SimRng::new(cfg.seed).child(0x0570_7A6E),
            zipf,
            next_seq_key: 0,
            emitted: 0,
        }
    }

    /// A key for a read, delete or scan.
    fn read_key(&mut self) -> Key {
        match self.cfg.dist {
            KeyDist::Uniform => self.rng.range_inclusive(0, self.cfg.key_space.max(1) - 1),
            KeyDist::Zipf { .. } => {
                let z = self.zipf.as_ref().expect("zipf table");
                z.sample(&mut self.rng)
            }
            KeyDist::Sequential | KeyDist::Timestamp { .. } => self
                .rng
                .range_inclusive(0, self.next_seq_key.saturating_sub(1)),
        }
    }

    /// A key for a put.
    fn write_key(&mut self) -> Key {
        match self.cfg.dist {
            KeyDist::Sequential => {
                let k = self.next_seq_key;
                self.next_seq_key += 1;
                k
            }
            KeyDist::Timestamp { max_gap } => {
                let k = self.next_seq_key;
                self.next_seq_key += self.rng.range_inclusive(1, max_gap.max(1));
                k
            }
            _ => self.read_key(),
        }
    }

    fn value(&mut self) -> Value {
        // Byte j is byte j % 8 of one random word, xor the low byte of j / 8.
        let word = self.rng.next_u64().to_le_bytes();
        (0..self.cfg.value_bytes)
            .zip(word.into_iter().cycle())
            .map(|(j, b)| b ^ low_byte(u64::from(j / 8)))
            .collect()
    }
}

impl Iterator for Workload {
    type Item = Op;

    fn next(&mut self) -> Option<Op> {
        if self.emitted >= self.cfg.ops {
            return None;
        }
        self.emitted += 1;
        let m = self.cfg.mix;
        let total = u64::from(m.put) + u64::from(m.get) + u64::from(m.delete) + u64::from(m.scan);
        let r = self.rng.range_inclusive(0, total.max(1) - 1);
        let op = if r < u64::from(m.put) || total == 0 {
            let key = self.write_key();
            let value = self.value();
            Op::Put { key, value }
        } else if r < u64::from(m.put) + u64::from(m.get) {
            Op::Get {
                key: self.read_key(),
            }
        } else if r < u64::from(m.put) + u64::from(m.get) + u64::from(m.delete) {
            Op::Delete {
                key: self.read_key(),
            }
        } else {
            let lo = self.read_key();
            let hi = lo.saturating_add(self.cfg.scan_len.max(1) - 1);
            Op::Scan { lo, hi }
        };
        Some(op)
    }
}

/// The whole workload as a vector.
pub fn generate(cfg: WorkloadConfig) -> Vec<Op> {
    Workload::new(cfg).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_matches_known_values() {
        for (x, want) in [
            (1.0, 0.0),
            (2.0, core::f64::consts::LN_2),
            (10.0, core::f64::consts::LN_10),
            (0.5, -core::f64::consts::LN_2),
        ] {
            assert!((ln(x) - want).abs() < 1e-12, "{x}");
        }
    }

    #[test]
    fn same_seed_same_ops_and_mix_respected() {
        let cfg = WorkloadConfig {
            ops: 10_000,
            ..WorkloadConfig::default()
        };
        let a = generate(cfg);
        assert_eq!(a, generate(cfg));
        assert_ne!(a, generate(WorkloadConfig { seed: 2, ..cfg }));
        let puts = a.iter().filter(|o| matches!(o, Op::Put { .. })).count();
        assert!((4700..5300).contains(&puts), "{puts}");
        assert!(a.iter().all(|o| match o {
            Op::Put { key, value } => *key < 1000 && value.len() == 16,
            Op::Scan { lo, hi } => hi - lo == 9,
            Op::Get { key } | Op::Delete { key } => *key < 1000,
        }));
    }

    #[test]
    fn zipf_is_skewed_and_uniform_at_zero() {
        let z = ZipfTable::new(1000, 100);
        // s = 1: p(rank 1) = 1 / H_1000 ~ 13.36 %.
        assert!((133_000..134_500).contains(&z.ppm(0)), "{}", z.ppm(0));
        let flat = ZipfTable::new(1000, 0);
        assert_eq!(flat.ppm(0), 1000);
        let cfg = WorkloadConfig {
            ops: 20_000,
            dist: KeyDist::Zipf {
                skew_hundredths: 120,
            },
            mix: OpMix {
                put: 1,
                get: 0,
                delete: 0,
                scan: 0,
            },
            ..WorkloadConfig::default()
        };
        let hot = generate(cfg)
            .iter()
            .filter(|o| matches!(o, Op::Put { key, .. } if *key < 10))
            .count();
        assert!(hot > 20_000 / 2, "{hot}");
    }

    #[test]
    fn sequential_and_timestamp_keys_increase() {
        let mix = OpMix {
            put: 1,
            get: 0,
            delete: 0,
            scan: 0,
        };
        let seq = generate(WorkloadConfig {
            dist: KeyDist::Sequential,
            mix,
            ops: 50,
            ..WorkloadConfig::default()
        });
        let keys: Vec<Key> = seq
            .iter()
            .map(|o| match o {
                Op::Put { key, .. } => *key,
                _ => 0,
            })
            .collect();
        assert_eq!(keys, (0..50).collect::<Vec<_>>());
        let ts = generate(WorkloadConfig {
            dist: KeyDist::Timestamp { max_gap: 5 },
            mix,
            ops: 50,
            ..WorkloadConfig::default()
        });
        let keys: Vec<Key> = ts
            .iter()
            .map(|o| match o {
                Op::Put { key, .. } => *key,
                _ => 0,
            })
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1] && w[1] - w[0] <= 5));
    }
}
