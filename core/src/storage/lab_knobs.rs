//! The storage lab's knob ranges: one [`KnobRange`] per numeric link key, read by the
//! link parser ([`super::lab_scenario`]), its error sentences, its documentation table
//! (checked by a test) and the page's sliders.

use crate::link::KnobRange;

/// LSM memtable size (`mem`), bytes.
pub const MEM: KnobRange = KnobRange::new("mem", 32, 65_536, "bytes");
/// SSTable entries per block, the sparse index's interval (`blk`).
pub const BLK: KnobRange = KnobRange::new("blk", 1, 64, "entries");
/// Bloom filter bits per key, 0 = off (`bloom`).
pub const BLOOM: KnobRange = KnobRange::new("bloom", 0, 32, "bits/key");
/// Leveled: L0 tables that trigger a compaction (`l0`).
pub const L0: KnobRange = KnobRange::new("l0", 1, 16, "tables");
/// Size-tiered: runs of similar size that trigger a merge (`tier`).
pub const TIER: KnobRange = KnobRange::new("tier", 2, 16, "runs");
/// Leveled: size ratio between levels (`ratio`).
pub const RATIO: KnobRange = KnobRange::new("ratio", 2, 100, "");
/// Leveled: L1 target size (`l1`), bytes.
pub const L1: KnobRange = KnobRange::new("l1", 64, 16 << 20, "bytes");
/// Leveled: levels including L0 (`lv`).
pub const LV: KnobRange = KnobRange::new("lv", 2, 7, "levels");
/// Leveled: output table size (`file`), bytes.
pub const FILE: KnobRange = KnobRange::new("file", 64, 1 << 20, "bytes");
/// Background jobs after each operation (`cpo`; `all` is also allowed).
pub const CPO: KnobRange = KnobRange::new("cpo", 0, 1000, "jobs");
/// B-tree keys per page (`fan`).
pub const FAN: KnobRange = KnobRange::new("fan", 3, 64, "keys");
/// Hash-log segment size (`seg`), bytes.
pub const SEG: KnobRange = KnobRange::new("seg", 32, 65_536, "bytes");
/// Hash-log merge after this many closed segments, 0 = manual (`merge`).
pub const MERGE: KnobRange = KnobRange::new("merge", 0, 64, "segments");
/// Key space (`keys`).
pub const KEYS: KnobRange = KnobRange::new("keys", 1, 1_000_000, "keys");
/// Value size (`val`), bytes.
pub const VAL: KnobRange = KnobRange::new("val", 0, 1024, "bytes");
/// Workload length (`ops`).
pub const OPS: KnobRange = KnobRange::new("ops", 0, 1_000_000, "operations");
/// Keys one scan reads (`scan`).
pub const SCAN: KnobRange = KnobRange::new("scan", 1, 1000, "keys");

/// Every numeric knob of the storage lab.
pub const KNOBS: [KnobRange; 17] = [
    MEM, BLK, BLOOM, L0, TIER, RATIO, L1, LV, FILE, CPO, FAN, SEG, MERGE, KEYS, VAL, OPS, SCAN,
];
