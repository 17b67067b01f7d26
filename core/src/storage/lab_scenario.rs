//! A storage-lab scenario (docs/ARCHITECTURE.md, principle 5, "runs are data"): which engine(s),
//! their knobs, the seeded workload and the recorded actions. It round-trips through a
//! short URL query string; only settings that differ from the base (the defaults, or
//! the named book scenario given by `scn`) are written.
//!
//! | key | meaning | range ([`super::lab_knobs::KNOBS`]) | example |
//! |---|---|---|---|
//! | `lab` | must be `storage` | | `storage` |
//! | `scn` | start from a named book scenario ([`super::lab_book`]) | | `sstable-merge` |
//! | `t` | actions done (workload operations counted one by one); absent = all | u64 | `3` |
//! | `engine` | `lsm`, `btree`, `hash`, or `race` (LSM and B-tree side by side) | | `race` |
//! | `seed` | workload seed | u64 | `7` |
//! | `mem` | LSM memtable size, bytes | 32-65536 | `512` |
//! | `blk` | SSTable entries per block (sparse-index interval) | 1-64 | `4` |
//! | `bloom` | Bloom filter bits per key, 0 = off | 0-32 | `10` |
//! | `cs` | compaction: `lev` (leveled) or `tier` (size-tiered) | | `tier` |
//! | `l0` | leveled: L0 tables that trigger a compaction | 1-16 | `4` |
//! | `tier` | size-tiered: runs of similar size that trigger a merge | 2-16 | `4` |
//! | `ratio` | leveled: size ratio between levels | 2-100 | `10` |
//! | `l1` | leveled: L1 target, bytes | 64-16777216 | `2048` |
//! | `lv` | leveled: levels including L0 | 2-7 | `4` |
//! | `file` | leveled: output table size, bytes | 64-1048576 | `512` |
//! | `cpo` | background jobs after each op, `all` or a number (0 = only the Compact button) | 0-1000 | `0` |
//! | `fan` | B-tree keys per page | 3-64 | `4` |
//! | `wal` | B-tree write-ahead log `1` / `0` | | `0` |
//! | `seg` | hash-log segment size, bytes | 32-65536 | `1024` |
//! | `merge` | hash-log merge after this many closed segments, 0 = manual | 0-64 | `4` |
//! | `keys` | key space | 1-1000000 | `200` |
//! | `dist` | `u`, `z<skew/100>`, `seq`, `ts<max gap>` | | `z99` |
//! | `mix` | put-get-delete-scan weights | 0-1000 each | `50-40-5-5` |
//! | `val` | value size, bytes | 0-1024 | `16` |
//! | `ops` | workload length | 0-1000000 | `2000` |
//! | `scan` | keys one scan reads | 1-1000 | `10` |
//! | `act` | actions, `,`-separated | | `w40,p7=abc,f,c,r` |
//!
//! Action verbs: `w<n>` run n workload ops, `p<k>=<v>` put (v: letters, digits, `_.-`,
//! at most 32), `g<k>` get, `d<k>` delete, `f` flush, `m` one compaction / merge, `c`
//! crash, `r` recover, `x<n>` crash after n more disk writes.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::any_engine::EngineConfig;
use super::btree::BTreeConfig;
use super::compaction::CompactionStrategy;
use super::engine::EngineKind;
use super::hash_log::HashLogConfig;
use super::lab::LabAction;
use super::lab::StorageLab;
use super::lab_book::BOOK;
use super::lab_knobs::{
    BLK, BLOOM, CPO, FAN, FILE, KEYS, L0, L1, LV, MEM, MERGE, OPS, RATIO, SCAN, SEG, TIER, VAL,
};
use super::lsm::LsmConfig;
use super::workload::{KeyDist, OpMix, WorkloadConfig};
use crate::book::{BookScenario, Named};
use crate::link::query::{err, flag, number_in, QueryWriter};
use crate::link::{lab_envelope, LabLink, ScenarioError};

/// Longest value a `p` action may carry, bytes.
pub const MAX_VALUE_BYTES: usize = 32;

/// Which engine(s) the lab shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabEngine {
    /// LSM-tree.
    Lsm,
    /// B-tree.
    BTree,
    /// Hash-indexed log (Bitcask).
    HashLog,
    /// LSM-tree and B-tree side by side on the same workload.
    Race,
}

impl LabEngine {
    /// Its URL word.
    pub fn word(self) -> &'static str {
        match self {
            LabEngine::Lsm => "lsm",
            LabEngine::BTree => "btree",
            LabEngine::HashLog => "hash",
            LabEngine::Race => "race",
        }
    }

    /// The engine kinds of its lanes.
    pub fn kinds(self) -> Vec<EngineKind> {
        match self {
            LabEngine::Lsm => alloc::vec![EngineKind::Lsm],
            LabEngine::BTree => alloc::vec![EngineKind::BTree],
            LabEngine::HashLog => alloc::vec![EngineKind::HashLog],
            LabEngine::Race => alloc::vec![EngineKind::Lsm, EngineKind::BTree],
        }
    }
}

/// A reproducible storage-lab run.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StorageScenario {
    /// The named book scenario it started from, if any.
    pub name: Option<String>,
    /// Which engine(s).
    pub engine: LabEngine,
    /// LSM knobs (`compactions_per_write` is ignored: see `compactions_per_op`).
    pub lsm: LsmConfig,
    /// B-tree knobs.
    pub btree: BTreeConfig,
    /// Hash-log knobs.
    pub hash: HashLogConfig,
    /// Background jobs (compactions, due merges) run after each operation;
    /// `u32::MAX` = until none is due, 0 = only on [`LabAction::Compact`].
    pub compactions_per_op: u32,
    /// The seeded workload.
    pub workload: WorkloadConfig,
    /// Recorded actions, in order: the whole run, done and still to do.
    pub actions: Vec<LabAction>,
    /// How many of the actions are done (`t`; a `Workload(n)` counts `n`): the run is
    /// shown there, and Play and Step carry on through the rest. `None` = all of them
    /// (a link of your own actions); book scenarios start at `Some(0)`. Any count is
    /// accepted: one past the actions means all of them.
    pub position: Option<u64>,
}

/// Size-tiered settings used by `cs=tier`.
pub const TIERED: CompactionStrategy = CompactionStrategy::SizeTiered {
    min_merge: TIER_TRIGGER,
    max_merge: 8,
    size_ratio_pct: 200,
};

/// Size-tiered runs of similar size that trigger a merge, by default.
pub const TIER_TRIGGER: u32 = 4;

/// Leveled settings of the lab's default (small, so levels fill while you watch).
pub const LEVELED: CompactionStrategy = CompactionStrategy::Leveled {
    l0_trigger: 4,
    level_ratio: 4,
    l1_bytes: 2048,
    max_levels: 4,
};

impl Default for StorageScenario {
    /// LSM-tree, small sizes so that flushes, compactions and splits happen within
    /// seconds: 512-byte memtable, leveled (L0 trigger 4, ratio 4, L1 2 KB), 10-bit
    /// Bloom filters; 4 keys per B-tree page; 512-byte hash-log segments; 2000 ops
    /// over 200 keys, 50 % puts, 40 % gets, 5 % deletes, 5 % scans, 16-byte values.
    fn default() -> Self {
        StorageScenario {
            name: None,
            engine: LabEngine::Lsm,
            lsm: LsmConfig {
                memtable_bytes: 512,
                block_entries: 4,
                bloom_bits_per_key: 10,
                bloom_hashes: 0,
                target_file_bytes: 512,
                strategy: LEVELED,
                compactions_per_write: 0,
            },
            btree: BTreeConfig::default(),
            hash: HashLogConfig {
                segment_bytes: 512,
                merge_trigger: 4,
            },
            compactions_per_op: u32::MAX,
            workload: WorkloadConfig {
                seed: 1,
                ops: 2000,
                key_space: 200,
                dist: KeyDist::Uniform,
                mix: OpMix::default(),
                value_bytes: 16,
                scan_len: 10,
            },
            actions: Vec::new(),
            position: None,
        }
    }
}

/// A value a `p` action may carry: letters, digits, `_`, `.`, `-`, at most
/// [`MAX_VALUE_BYTES`].
pub fn valid_value(v: &str) -> bool {
    v.len() <= MAX_VALUE_BYTES
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// `cpo=`'s value: `all` for [`u32::MAX`], else the number.
struct CompactionsPerOp(u32);

impl fmt::Display for CompactionsPerOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            u32::MAX => f.write_str("all"),
            n => write!(f, "{n}"),
        }
    }
}

fn dist_word(d: KeyDist) -> String {
    match d {
        KeyDist::Uniform => "u".into(),
        KeyDist::Zipf { skew_hundredths } => format!("z{skew_hundredths}"),
        KeyDist::Sequential => "seq".into(),
        KeyDist::Timestamp { max_gap } => format!("ts{max_gap}"),
    }
}

fn parse_dist(value: &str) -> Result<KeyDist, ScenarioError> {
    let bad = || {
        err(
            "dist",
            format!("'{value}' is not u, z<skew 0-300>, seq or ts<gap 1-1000000>"),
        )
    };
    if value == "u" {
        Ok(KeyDist::Uniform)
    } else if value == "seq" {
        Ok(KeyDist::Sequential)
    } else if let Some(s) = value.strip_prefix("ts") {
        Ok(KeyDist::Timestamp {
            max_gap: number_in("dist", s, 1, 1_000_000).map_err(|_| bad())?,
        })
    } else if let Some(s) = value.strip_prefix('z') {
        Ok(KeyDist::Zipf {
            skew_hundredths: number_in("dist", s, 0, 300).map_err(|_| bad())?,
        })
    } else {
        Err(bad())
    }
}

fn encode_action(a: &LabAction) -> String {
    match a {
        LabAction::Workload(n) => format!("w{n}"),
        LabAction::Put(k, v) => format!("p{k}={}", String::from_utf8_lossy(v)),
        LabAction::Get(k) => format!("g{k}"),
        LabAction::Delete(k) => format!("d{k}"),
        LabAction::Flush => "f".into(),
        LabAction::Compact => "m".into(),
        LabAction::Crash => "c".into(),
        LabAction::Recover => "r".into(),
        LabAction::CrashAfter(n) => format!("x{n}"),
    }
}

fn decode_action(word: &str) -> Result<LabAction, ScenarioError> {
    let key_of = |s: &str| number_in::<u64>("act", s, 0, u64::MAX);
    let bad = || {
        err(
            "act",
            format!("'{word}' is not an action (w<n>, p<k>=<v>, g<k>, d<k>, f, m, c, r, x<n>)"),
        )
    };
    let mut chars = word.chars();
    let verb = chars.next().ok_or_else(bad)?;
    let rest = chars.as_str();
    let a = match verb {
        'f' | 'm' | 'c' | 'r' if !rest.is_empty() => return Err(bad()),
        'f' => LabAction::Flush,
        'm' => LabAction::Compact,
        'c' => LabAction::Crash,
        'r' => LabAction::Recover,
        'w' => LabAction::Workload(number_in("act", rest, 1, 1_000_000).map_err(|_| bad())?),
        'x' => LabAction::CrashAfter(number_in("act", rest, 0, 10_000).map_err(|_| bad())?),
        'g' => LabAction::Get(key_of(rest).map_err(|_| bad())?),
        'd' => LabAction::Delete(key_of(rest).map_err(|_| bad())?),
        'p' => {
            let (k, v) = rest.split_once('=').ok_or_else(bad)?;
            if !valid_value(v) {
                return Err(err(
                    "act",
                    format!(
                        "the value in '{word}' may hold only letters, digits, _ . - (at most {MAX_VALUE_BYTES})"
                    ),
                ));
            }
            LabAction::Put(key_of(k).map_err(|_| bad())?, v.as_bytes().to_vec())
        }
        _ => return Err(bad()),
    };
    Ok(a)
}

impl StorageScenario {
    /// The engine configurations of its lanes.
    pub fn engine_configs(&self) -> Vec<EngineConfig> {
        self.engine
            .kinds()
            .into_iter()
            .map(|k| match k {
                EngineKind::Lsm => EngineConfig::Lsm(self.lsm),
                EngineKind::BTree => EngineConfig::BTree(self.btree),
                EngineKind::HashLog => EngineConfig::HashLog(self.hash),
            })
            .collect()
    }

    /// Size-tiered compaction's trigger: the runs of similar size that merge (`None`
    /// with leveled compaction).
    pub fn tier_trigger(&self) -> Option<u32> {
        match self.lsm.strategy {
            CompactionStrategy::SizeTiered { min_merge, .. } => Some(min_merge),
            CompactionStrategy::Leveled { .. } => None,
        }
    }

    /// Size-tiered compaction merging once `runs` runs of similar size are there (at
    /// most `max(runs, 8)` at once); switches to size-tiered compaction.
    pub fn set_tier_trigger(&mut self, runs: u32) {
        let CompactionStrategy::SizeTiered {
            max_merge,
            size_ratio_pct,
            ..
        } = TIERED
        else {
            return;
        };
        self.lsm.strategy = CompactionStrategy::SizeTiered {
            min_merge: runs,
            max_merge: runs.max(max_merge),
            size_ratio_pct,
        };
    }

    fn set_leveled(&mut self, f: impl FnOnce(&mut u32, &mut u32, &mut u64, &mut u32)) {
        if let CompactionStrategy::SizeTiered { .. } = self.lsm.strategy {
            self.lsm.strategy = LEVELED;
        }
        if let CompactionStrategy::Leveled {
            l0_trigger,
            level_ratio,
            l1_bytes,
            max_levels,
        } = &mut self.lsm.strategy
        {
            f(l0_trigger, level_ratio, l1_bytes, max_levels);
        }
    }
}

impl Named for StorageScenario {
    fn named(self, name: &str) -> Self {
        StorageScenario {
            name: Some(name.into()),
            ..self
        }
    }
}

impl LabLink for StorageScenario {
    const LAB: &'static str = "storage";
    type World = StorageLab;
    type Input = LabAction;

    fn book() -> &'static [BookScenario<Self, StorageLab>] {
        BOOK
    }
    // `seed` is the workload's; `t` is actions done ([`StorageScenario::position`]).
    lab_envelope!(name: name, seed: workload.seed, position: position, inputs: actions);
    fn encode_input(a: &LabAction) -> String {
        encode_action(a)
    }
    fn decode_input(word: &str) -> Result<LabAction, ScenarioError> {
        decode_action(word)
    }

    /// The settings that differ from `b` (the defaults or the named book scenario).
    fn write_params(&self, b: &Self, out: &mut QueryWriter) {
        out.pair_if(self.engine != b.engine, "engine", &self.engine.word());
        let (w, bw) = (&self.workload, &b.workload);
        let (l, bl) = (&self.lsm, &b.lsm);
        out.pair_if(
            l.memtable_bytes != bl.memtable_bytes,
            "mem",
            &l.memtable_bytes,
        );
        out.pair_if(l.block_entries != bl.block_entries, "blk", &l.block_entries);
        out.pair_if(
            l.bloom_bits_per_key != bl.bloom_bits_per_key,
            "bloom",
            &l.bloom_bits_per_key,
        );
        let tiered = matches!(l.strategy, CompactionStrategy::SizeTiered { .. });
        let btiered = matches!(bl.strategy, CompactionStrategy::SizeTiered { .. });
        out.pair_if(
            tiered != btiered,
            "cs",
            &if tiered { "tier" } else { "lev" },
        );
        let lev = |s: CompactionStrategy| match s {
            CompactionStrategy::Leveled {
                l0_trigger,
                level_ratio,
                l1_bytes,
                max_levels,
            } => (l0_trigger, level_ratio, l1_bytes, max_levels),
            CompactionStrategy::SizeTiered { .. } => match LEVELED {
                CompactionStrategy::Leveled {
                    l0_trigger,
                    level_ratio,
                    l1_bytes,
                    max_levels,
                } => (l0_trigger, level_ratio, l1_bytes, max_levels),
                CompactionStrategy::SizeTiered { .. } => (4, 4, 2048, 4),
            },
        };
        let (a, c) = (lev(l.strategy), lev(bl.strategy));
        if let Some(runs) = self.tier_trigger() {
            let base = b.tier_trigger().unwrap_or(TIER_TRIGGER);
            out.pair_if(runs != base, "tier", &runs);
        }
        if !tiered {
            out.pair_if(a.0 != c.0, "l0", &a.0);
            out.pair_if(a.1 != c.1, "ratio", &a.1);
            out.pair_if(a.2 != c.2, "l1", &a.2);
            out.pair_if(a.3 != c.3, "lv", &a.3);
        }
        out.pair_if(
            l.target_file_bytes != bl.target_file_bytes,
            "file",
            &l.target_file_bytes,
        );
        out.pair_if(
            self.compactions_per_op != b.compactions_per_op,
            "cpo",
            &CompactionsPerOp(self.compactions_per_op),
        );
        out.pair_if(
            self.btree.max_keys != b.btree.max_keys,
            "fan",
            &self.btree.max_keys,
        );
        out.pair_if(
            self.btree.wal != b.btree.wal,
            "wal",
            &u8::from(self.btree.wal),
        );
        out.pair_if(
            self.hash.segment_bytes != b.hash.segment_bytes,
            "seg",
            &self.hash.segment_bytes,
        );
        out.pair_if(
            self.hash.merge_trigger != b.hash.merge_trigger,
            "merge",
            &self.hash.merge_trigger,
        );
        out.pair_if(w.key_space != bw.key_space, "keys", &w.key_space);
        out.pair_if(w.dist != bw.dist, "dist", &dist_word(w.dist));
        out.pair_if(
            w.mix != bw.mix,
            "mix",
            &format_args!(
                "{}-{}-{}-{}",
                w.mix.put, w.mix.get, w.mix.delete, w.mix.scan
            ),
        );
        out.pair_if(w.value_bytes != bw.value_bytes, "val", &w.value_bytes);
        out.pair_if(w.ops != bw.ops, "ops", &w.ops);
        out.pair_if(w.scan_len != bw.scan_len, "scan", &w.scan_len);
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), ScenarioError> {
        match key {
            "engine" => {
                self.engine = match value {
                    "lsm" => LabEngine::Lsm,
                    "btree" => LabEngine::BTree,
                    "hash" => LabEngine::HashLog,
                    "race" => LabEngine::Race,
                    _ => {
                        return Err(err(
                            key,
                            format!("unknown engine '{value}'; try lsm, btree, hash or race"),
                        ))
                    }
                }
            }
            "mem" => self.lsm.memtable_bytes = MEM.parse(value)?,
            "blk" => self.lsm.block_entries = BLK.parse(value)?,
            "bloom" => self.lsm.bloom_bits_per_key = BLOOM.parse(value)?,
            "cs" => {
                self.lsm.strategy = match value {
                    "lev" => match self.lsm.strategy {
                        s @ CompactionStrategy::Leveled { .. } => s,
                        CompactionStrategy::SizeTiered { .. } => LEVELED,
                    },
                    "tier" => match self.lsm.strategy {
                        s @ CompactionStrategy::SizeTiered { .. } => s,
                        CompactionStrategy::Leveled { .. } => TIERED,
                    },
                    _ => return Err(err(key, format!("'{value}' is not lev or tier"))),
                }
            }
            "tier" => self.set_tier_trigger(TIER.parse(value)?),
            "l0" => {
                let n = L0.parse(value)?;
                self.set_leveled(|a, _, _, _| *a = n);
            }
            "ratio" => {
                let n = RATIO.parse(value)?;
                self.set_leveled(|_, r, _, _| *r = n);
            }
            "l1" => {
                let n = L1.parse(value)?;
                self.set_leveled(|_, _, l1, _| *l1 = n);
            }
            "lv" => {
                let n = LV.parse(value)?;
                self.set_leveled(|_, _, _, lv| *lv = n);
            }
            "file" => self.lsm.target_file_bytes = FILE.parse(value)?,
            "cpo" => {
                self.compactions_per_op = if value == "all" {
                    u32::MAX
                } else {
                    CPO.parse(value)?
                }
            }
            "fan" => self.btree.max_keys = FAN.parse(value)?,
            "wal" => self.btree.wal = flag(key, value)?,
            "seg" => self.hash.segment_bytes = SEG.parse(value)?,
            "merge" => self.hash.merge_trigger = MERGE.parse(value)?,
            "keys" => self.workload.key_space = KEYS.parse(value)?,
            "dist" => self.workload.dist = parse_dist(value)?,
            "mix" => {
                let parts: Vec<&str> = value.split('-').collect();
                let bad = || {
                    err(
                        key,
                        format!("'{value}' is not put-get-delete-scan, e.g. 50-40-5-5"),
                    )
                };
                if parts.len() != 4 {
                    return Err(bad());
                }
                let mut w = [0u32; 4];
                for (slot, p) in w.iter_mut().zip(&parts) {
                    *slot = number_in(key, p, 0, 1000).map_err(|_| bad())?;
                }
                if w.iter().all(|x| *x == 0) {
                    return Err(err(key, "at least one weight must be above 0"));
                }
                self.workload.mix = OpMix {
                    put: w[0],
                    get: w[1],
                    delete: w[2],
                    scan: w[3],
                };
            }
            "val" => self.workload.value_bytes = VAL.parse(value)?,
            "ops" => self.workload.ops = OPS.parse(value)?,
            "scan" => self.workload.scan_len = SCAN.parse(value)?,
            _ => return Err(err(key, "unknown key")),
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        let steps: u64 = self
            .actions
            .iter()
            .map(|a| match a {
                LabAction::Workload(n) => u64::from(*n),
                _ => 0,
            })
            .sum();
        if steps > u64::from(self.workload.ops) {
            return Err(err(
                "act",
                format!(
                    "the actions run {steps} workload operations but the workload has only {} (ops)",
                    self.workload.ops
                ),
            ));
        }
        for (knob, what, v) in [
            (MEM, "memtable size", self.lsm.memtable_bytes),
            (SEG, "segment size", self.hash.segment_bytes),
        ] {
            if !knob.contains(v) {
                return Err(knob.out_of_range(&format!("{what} {v}")));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn the_key_table_gives_every_knob_its_range() {
        crate::link::knob::assert_documented(
            include_str!("lab_scenario.rs"),
            &super::super::lab_knobs::KNOBS,
        );
    }

    #[test]
    fn default_round_trips_to_a_short_query() {
        let s = StorageScenario::default();
        assert_eq!(s.to_query(), "lab=storage&seed=1");
        assert_eq!(StorageScenario::from_query("?lab=storage").unwrap(), s);
        assert_eq!(StorageScenario::from_query("").unwrap(), s);
    }

    #[test]
    fn every_knob_round_trips() {
        let q = "lab=storage&seed=9&engine=race&mem=300&blk=2&bloom=0&l0=2&ratio=3&l1=900&lv=5&file=256&cpo=0&fan=5&wal=0&seg=100&merge=0&keys=50&dist=z120&mix=70-20-10-0&val=4&ops=77&scan=3&act=w5,p3=Alice,g3,d3,f,m,c,r,x4";
        let s = StorageScenario::from_query(q).unwrap();
        assert_eq!(s.engine, LabEngine::Race);
        assert_eq!(
            s.lsm.strategy,
            CompactionStrategy::Leveled {
                l0_trigger: 2,
                level_ratio: 3,
                l1_bytes: 900,
                max_levels: 5
            }
        );
        assert_eq!(s.actions[1], LabAction::Put(3, b"Alice".to_vec()));
        assert_eq!(s.actions.len(), 9);
        assert_eq!(s.to_query(), q);
        assert_eq!(StorageScenario::from_query(&s.to_query()).unwrap(), s);
        let t = StorageScenario::from_query("cs=tier&dist=ts5&speed=3&embed=1&cpo=all").unwrap();
        assert_eq!(t.lsm.strategy, TIERED);
        for q in ["cs=tier&tier=12", "tier=12&cs=tier", "tier=12"] {
            let u = StorageScenario::from_query(q).unwrap();
            assert_eq!(u.tier_trigger(), Some(12), "{q}");
            assert_eq!(u.to_query(), "lab=storage&seed=1&cs=tier&tier=12", "{q}");
        }
        assert_eq!(t.workload.dist, KeyDist::Timestamp { max_gap: 5 });
        assert_eq!(StorageScenario::from_query(&t.to_query()).unwrap(), t);
        let seq = StorageScenario::from_query("dist=seq&engine=hash").unwrap();
        assert_eq!(StorageScenario::from_query(&seq.to_query()).unwrap(), seq);
    }

    #[test]
    fn bad_input_gets_a_clear_error() {
        let cases = [
            ("lab=raft", "lab", "not Raft"),
            ("t=1.5", "t", "not a whole number"),
            ("fan=+4", "fan", "not a whole number"),
            ("engine=rocks", "engine", "try lsm"),
            ("mem=10", "mem", "out of range 32-65536"),
            ("fan=2", "fan", "out of range 3-64"),
            ("seed=-1", "seed", "0 or more"),
            ("bloom=99", "bloom", "0-32"),
            ("mix=1-2-3", "mix", "put-get-delete-scan"),
            ("mix=0-0-0-0", "mix", "above 0"),
            ("dist=zipf", "dist", "z<skew"),
            ("act=q1", "act", "not an action"),
            ("act=p1=a%20b", "act", "letters, digits"),
            ("act=w5000", "act", "has only 2000"),
            ("act=fx", "act", "not an action"),
            ("seed=1&seed=2", "seed", "more than once"),
            ("wat=1", "wat", "unknown key"),
            ("scn=nope", "scn", "unknown scenario"),
            ("wal=maybe", "wal", "1 or 0"),
        ];
        for (q, key, needle) in cases {
            let e = StorageScenario::from_query(q).unwrap_err();
            assert_eq!(e.key, key, "{q}");
            assert!(e.to_string().contains(needle), "{q}: {e}");
        }
        // Arbitrary junk never panics.
        for q in [
            "&&&",
            "=",
            "act=,,,",
            "act=p",
            "act=p=",
            "act=g",
            "act=w0",
            "keys=99999999999999999999",
        ] {
            let _ = StorageScenario::from_query(q);
        }
    }

    #[test]
    fn named_scenarios_round_trip_with_extra_actions() {
        let mut s = StorageScenario::from_query("lab=storage&scn=sstable-merge").unwrap();
        assert_eq!(s.name.as_deref(), Some("sstable-merge"));
        assert_eq!(s.position, Some(0), "a book scenario opens at its start");
        assert_eq!(s.to_query(), "lab=storage&scn=sstable-merge&seed=1&t=0");
        s.actions.push(LabAction::Get(3));
        s.position = Some(9);
        let q = s.to_query();
        assert!(
            q.starts_with("lab=storage&scn=sstable-merge&seed=1&t=9&act="),
            "{q}"
        );
        assert_eq!(StorageScenario::from_query(&q).unwrap(), s);
        let _ = vec![0u8];
    }
}
