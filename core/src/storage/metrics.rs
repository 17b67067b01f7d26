//! Storage metrics measured from simulated I/O (DDIA ch. 3: write, read and space
//! amplification; Bloom filter false-positive rate; compaction debt).
//!
//! State is integer counters only. Ratios are computed when read, as `f64` for display
//! and as integer thousandths (`*_milli`) for tests and digests.

use alloc::collections::BTreeMap;

use super::disk::IoStats;
use super::engine::{Key, KEY_BYTES};

/// Bloom filter counters (LSM only; all zero elsewhere).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct BloomStats {
    /// Filter probes made by point reads.
    pub probes: u64,
    /// Probes answered "definitely not here" (a table read was skipped).
    pub negatives: u64,
    /// Probes answered "maybe here" where the table did not hold the key.
    pub false_positives: u64,
    /// Total bits of the filters of the live SSTables (m, summed).
    pub bits: u64,
    /// Total keys inserted in those filters (n, summed).
    pub keys: u64,
    /// Hash functions per filter (k).
    pub hashes: u32,
    /// Sum, over the probes for absent keys, of the probed filter's exact
    /// false-positive probability `(s / m)^k` in parts per billion
    /// ([`super::bloom::Bloom::exact_fpr_ppb`]).
    pub expected_fp_ppb_sum: u64,
    /// The same sum with the textbook approximation `(1 - e^(-kn/m))^k`.
    pub textbook_fp_ppb_sum: u64,
}

impl BloomStats {
    /// Measured false-positive rate: false positives / probes for absent keys
    /// (= false positives + true negatives). 0 when there were no such probes.
    pub fn measured_fpr(&self) -> f64 {
        let absent = self.false_positives + self.negatives;
        if absent == 0 {
            return 0.0;
        }
        self.false_positives as f64 / absent as f64
    }

    /// The expected rate: each probed filter's exact `(s / m)^k` (s = its bits set),
    /// averaged over the same probes that [`BloomStats::measured_fpr`] counts. Before
    /// any such probe: the textbook formula for the live filters' total n and m.
    pub fn expected_fpr(&self) -> f64 {
        self.average(self.expected_fp_ppb_sum)
    }

    /// The textbook rate `(1 - e^(-k n / m))^k` averaged over the same probes (each
    /// probe uses its own filter's n and m): below [`BloomStats::expected_fpr`] for
    /// small filters, whose fraction of set bits varies.
    pub fn textbook_fpr(&self) -> f64 {
        self.average(self.textbook_fp_ppb_sum)
    }

    /// A per-probe ppb sum as a mean probability over the absent-key probes.
    fn average(&self, ppb_sum: u64) -> f64 {
        let absent = self.false_positives + self.negatives;
        if absent == 0 {
            return self.live_filters_fpr();
        }
        ppb_sum as f64 / 1e9 / absent as f64
    }

    /// The formula for the live filters' summed n (keys) and m (bits).
    pub fn live_filters_fpr(&self) -> f64 {
        expected_fpr(self.keys, self.bits, self.hashes)
    }
}

/// `(1 - e^(-k n / m))^k`: false-positive probability of a Bloom filter with `m` bits,
/// `n` keys and `k` hash functions. 1.0 for an empty filter (m = 0) that holds keys.
pub fn expected_fpr(n: u64, m: u64, k: u32) -> f64 {
    if n == 0 {
        return 0.0;
    }
    if m == 0 || k == 0 {
        return 1.0;
    }
    let x = f64::from(k) * n as f64 / m as f64;
    powi(1.0 - exp_neg(x), k)
}

/// `e^(-x)` for `x >= 0` without `std` (range reduction by halving + Taylor series).
/// Deterministic: only IEEE basic operations.
pub fn exp_neg(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    if x > 700.0 {
        return 0.0;
    }
    let mut halvings = 0u32;
    let mut r = x;
    while r > 0.5 {
        r /= 2.0;
        halvings += 1;
    }
    // e^(-r) by Taylor series, |r| <= 0.5: 20 terms is far below f64 epsilon.
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..20 {
        term *= -r / f64::from(i);
        sum += term;
    }
    for _ in 0..halvings {
        sum *= sum;
    }
    sum
}

/// `base^k` by repeated multiplication (no `std`).
pub fn powi(base: f64, k: u32) -> f64 {
    let mut acc = 1.0;
    for _ in 0..k {
        acc *= base;
    }
    acc
}

/// Everything a storage lab shows on its meters. Integer counters; see the methods for
/// the ratios.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Metrics {
    /// Acknowledged puts.
    pub puts: u64,
    /// Acknowledged deletes.
    pub deletes: u64,
    /// Completed point reads.
    pub gets: u64,
    /// Completed range scans.
    pub scans: u64,
    /// Bytes the application asked to write: key + value per put, key per delete.
    pub user_bytes_written: u64,
    /// Raw disk counters (every byte the engine wrote or read, recovery included).
    pub io: IoStats,
    /// Bytes written to write-ahead logs (and to hash-log segments by user writes).
    pub wal_bytes_written: u64,
    /// Bytes written by flushes (LSM) or page writes (B-tree, recovery's redo included).
    pub data_bytes_written: u64,
    /// Bytes written by compaction / segment merging.
    pub compaction_bytes_written: u64,
    /// Bytes written to the LSM manifest (version edits and snapshots).
    pub manifest_bytes_written: u64,
    /// Units touched by point reads: SSTables read (LSM), pages read (B-tree),
    /// records read (hash log: one index lookup, then one record read). Read amplification = this / gets.
    pub get_touches: u64,
    /// Disk bytes read by point reads.
    pub get_bytes_read: u64,
    /// Bytes currently on the disk.
    pub disk_bytes: u64,
    /// Of those, bytes in write-ahead log files (LSM memtable log, B-tree redo log;
    /// 0 for the hash log, whose log is its data). Space amplification splits pages or
    /// tables from the log with it.
    pub wal_disk_bytes: u64,
    /// Live user data: key + value bytes of every live key.
    pub live_user_bytes: u64,
    /// Number of live keys.
    pub live_keys: u64,
    /// Bloom filter counters.
    pub bloom: BloomStats,
    /// Compaction debt: bytes the compaction policy still wants to rewrite (LSM: bytes
    /// of the tables due for compaction; hash log: bytes of segments closed since the
    /// last merge).
    pub compaction_debt_bytes: u64,
    /// Flushes (LSM) / segment closes (hash log).
    pub flushes: u64,
    /// Compactions (LSM) / merges (hash log).
    pub compactions: u64,
    /// Page splits (B-tree).
    pub page_splits: u64,
    /// Crashes (explicit or injected).
    pub crashes: u64,
}

/// Live keys and their user bytes, counted as writes take effect (an engine's
/// [`Metrics::live_keys`] and [`Metrics::live_user_bytes`], kept instead of rebuilt from
/// every entry on each call): each live key's value length (deleted keys are absent)
/// and the sum of key + value bytes. Memory only: an engine empties it when it
/// crashes and recounts it from the disk when it recovers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveCount {
    value_len: BTreeMap<Key, usize>,
    user_bytes: u64,
}

impl LiveCount {
    /// `key` now holds a value of `len` bytes (`None`: deleted).
    pub fn set(&mut self, key: Key, len: Option<usize>) {
        if let Some(old) = self.value_len.remove(&key) {
            self.user_bytes -= entry_bytes(old);
        }
        if let Some(len) = len {
            self.value_len.insert(key, len);
            self.user_bytes += entry_bytes(len);
        }
    }

    /// Counted from scratch: every key with its newest value's length (`None`:
    /// deleted), each key once.
    pub fn recount(keys: impl Iterator<Item = (Key, Option<usize>)>) -> LiveCount {
        let mut live = LiveCount::default();
        for (key, len) in keys {
            live.set(key, len);
        }
        live
    }

    /// Writes the counts into `m` (`live_keys`, `live_user_bytes`).
    pub fn fill(&self, m: &mut Metrics) {
        m.live_keys = self.value_len.len() as u64;
        m.live_user_bytes = self.user_bytes;
    }
}

/// User bytes of one live key: the key and a `len`-byte value.
fn entry_bytes(len: usize) -> u64 {
    u64::from(KEY_BYTES) + len as u64
}

/// `num / den` in thousandths, 0 when `den == 0`.
fn milli(num: u64, den: u64) -> u64 {
    per(num, 1000, den)
}

/// `num * scale / den` without overflow, 0 when `den == 0`, saturating at `u64::MAX`
/// (a rate above it is not a number a page shows).
pub(crate) fn per(num: u64, scale: u64, den: u64) -> u64 {
    if den == 0 {
        return 0;
    }
    u64::try_from(u128::from(num) * u128::from(scale) / u128::from(den)).unwrap_or(u64::MAX)
}

fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        return 0.0;
    }
    num as f64 / den as f64
}

impl Metrics {
    /// Write amplification: disk bytes written / user bytes written.
    pub fn write_amplification(&self) -> f64 {
        ratio(self.io.bytes_written, self.user_bytes_written)
    }
    /// Write amplification in thousandths.
    pub fn write_amplification_milli(&self) -> u64 {
        milli(self.io.bytes_written, self.user_bytes_written)
    }
    /// Read amplification: units (SSTables / pages / segments) touched per get.
    pub fn read_amplification(&self) -> f64 {
        ratio(self.get_touches, self.gets)
    }
    /// Read amplification in thousandths.
    pub fn read_amplification_milli(&self) -> u64 {
        milli(self.get_touches, self.gets)
    }
    /// Disk bytes read per get.
    pub fn bytes_read_per_get(&self) -> f64 {
        ratio(self.get_bytes_read, self.gets)
    }
    /// Space amplification: disk bytes / live user bytes.
    pub fn space_amplification(&self) -> f64 {
        ratio(self.disk_bytes, self.live_user_bytes)
    }
    /// Space amplification of the data alone (tables, pages, segments; the
    /// write-ahead log excluded): (disk bytes - log bytes) / live user bytes.
    pub fn data_space_amplification(&self) -> f64 {
        ratio(self.disk_bytes - self.wal_disk_bytes, self.live_user_bytes)
    }
    /// Space amplification in thousandths.
    pub fn space_amplification_milli(&self) -> u64 {
        milli(self.disk_bytes, self.live_user_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_known_values() {
        let cases = [
            (0.0, 1.0),
            (1.0, 0.367_879_441_171_442_3),
            (core::f64::consts::LN_2, 0.5),
            (10.0, 4.539_992_976_248_485e-5),
        ];
        for (x, want) in cases {
            let got = exp_neg(x);
            assert!((got - want).abs() <= want * 1e-12, "{x}: {got} vs {want}");
        }
    }

    #[test]
    fn textbook_bloom_rate_for_ten_bits_per_key() {
        // 10 bits per key, k = 7: about 0.82 %.
        let p = expected_fpr(1000, 10_000, 7);
        assert!((p - 0.008_193).abs() < 0.000_01, "{p}");
        assert_eq!(expected_fpr(0, 0, 3), 0.0);
        assert_eq!(expected_fpr(5, 0, 3), 1.0);
    }

    #[test]
    fn ratios_guard_zero_denominators() {
        let mut m = Metrics::default();
        assert_eq!(m.write_amplification_milli(), 0);
        m.user_bytes_written = 100;
        m.io.bytes_written = 250;
        assert_eq!(m.write_amplification_milli(), 2500);
        assert!((m.write_amplification() - 2.5).abs() < 1e-12);
        m.gets = 4;
        m.get_touches = 6;
        assert_eq!(m.read_amplification_milli(), 1500);
    }
}
