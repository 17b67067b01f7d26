//! Compaction policies for the LSM-tree (DDIA ch. 3, "Size-tiered and leveled
//! compaction") and the k-way merge they share.
//!
//! - **Size-tiered** (Cassandra STCS, here restricted to *adjacent* runs as in RocksDB's
//!   universal compaction so that newer-run-wins stays valid): all tables live in
//!   level 0 as sorted runs, newest first. When `min_merge` adjacent runs have similar
//!   sizes (largest <= smallest * `size_ratio_pct` / 100) they are merged into one run.
//! - **Leveled** (LevelDB / RocksDB): level 0 holds flushed, overlapping tables, newest
//!   first. When it has `l0_trigger` tables they are all merged with the overlapping
//!   tables of level 1. Level `n >= 1` holds non-overlapping tables and has a target
//!   size `l1_bytes * level_ratio^(n-1)`; when it is over target, one of its tables
//!   (round-robin by key) is merged into level `n + 1`. Levels are added as the data
//!   grows: the tree starts with L0 and L1, and a level over its target with nothing
//!   beneath gets a new, empty level below it, up to `max_levels`. The last allowed
//!   level has no target (it holds whatever is left, as LevelDB's deepest level does).
//!
//! Merging keeps the newest version (highest sequence number) of each key. A tombstone
//! is dropped only when no deeper level can still hold an older version of its key.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::disk::FileId;
use super::engine::Key;
use super::sstable::{Entry, Table};

/// Which compaction policy an LSM-tree uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CompactionStrategy {
    /// Size-tiered compaction over adjacent runs.
    SizeTiered {
        /// Merge when at least this many adjacent similar-sized runs exist (>= 2).
        min_merge: u32,
        /// Merge at most this many runs at once.
        max_merge: u32,
        /// Runs are "similar" if largest * 100 <= smallest * this (e.g. 200 = 2x).
        size_ratio_pct: u32,
    },
    /// Leveled compaction.
    Leveled {
        /// Compact level 0 into level 1 when it holds this many tables (book: 4).
        l0_trigger: u32,
        /// Each level is this many times larger than the previous (book: 10).
        level_ratio: u32,
        /// Target size of level 1 in bytes.
        l1_bytes: u64,
        /// Most levels including level 0 (levels are added as data grows; the last
        /// allowed level has no size limit).
        max_levels: u32,
    },
}

impl Default for CompactionStrategy {
    fn default() -> Self {
        CompactionStrategy::Leveled {
            l0_trigger: 4,
            level_ratio: 10,
            l1_bytes: 8 * 1024,
            max_levels: 4,
        }
    }
}

/// One compaction to run: merge `upper` tables of `from_level` with `lower` tables of
/// `to_level`; the outputs replace them in `to_level`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Job {
    /// Level of the `upper` inputs.
    pub from_level: usize,
    /// Level receiving the outputs (equal to `from_level` for size-tiered).
    pub to_level: usize,
    /// Input tables from `from_level`, newest first.
    pub upper: Vec<FileId>,
    /// Input tables from `to_level` (leveled only; disjoint, by key).
    pub lower: Vec<FileId>,
    /// Split outputs into tables of about this many bytes (`None` = one table).
    pub split_bytes: Option<u64>,
}

impl CompactionStrategy {
    /// Levels a new tree starts with: L0 and L1 (leveled), the one list of runs
    /// (size-tiered).
    pub fn levels(&self) -> usize {
        match *self {
            CompactionStrategy::SizeTiered { .. } => 1,
            CompactionStrategy::Leveled { .. } => 2,
        }
    }

    /// Most levels the tree may grow to, level 0 included.
    pub fn max_levels(&self) -> usize {
        match *self {
            CompactionStrategy::SizeTiered { .. } => 1,
            CompactionStrategy::Leveled { max_levels, .. } => {
                usize::try_from(max_levels.max(2)).unwrap_or(usize::MAX)
            }
        }
    }

    /// Target size in bytes of level `n >= 1` (leveled): `l1_bytes * ratio^(n-1)`, and
    /// `u64::MAX` (no limit) for the last allowed level and for size-tiered runs.
    pub fn level_target(&self, n: usize) -> u64 {
        if n + 1 >= self.max_levels() {
            return u64::MAX;
        }
        match *self {
            CompactionStrategy::Leveled {
                level_ratio,
                l1_bytes,
                ..
            } => {
                let mut t = l1_bytes;
                for _ in 1..n {
                    t = t.saturating_mul(u64::from(level_ratio.max(2)));
                }
                t
            }
            CompactionStrategy::SizeTiered { .. } => u64::MAX,
        }
    }

    /// The next compaction to run, if any. `pointers[n]` is the last key compacted out
    /// of level `n` (round-robin); `target_file_bytes` splits leveled outputs.
    pub fn pick(
        &self,
        levels: &[Vec<Table>],
        pointers: &[Option<Key>],
        target_file_bytes: u64,
    ) -> Option<Job> {
        match *self {
            CompactionStrategy::SizeTiered {
                min_merge,
                max_merge,
                size_ratio_pct,
            } => pick_tiered(&levels[0], min_merge, max_merge, size_ratio_pct),
            CompactionStrategy::Leveled { l0_trigger, .. } => {
                self.pick_leveled(levels, pointers, l0_trigger, target_file_bytes)
            }
        }
    }

    fn pick_leveled(
        &self,
        levels: &[Vec<Table>],
        pointers: &[Option<Key>],
        l0_trigger: u32,
        target_file_bytes: u64,
    ) -> Option<Job> {
        let split_bytes = Some(target_file_bytes);
        if !levels[0].is_empty() && levels[0].len() >= l0_trigger.max(1) as usize {
            let upper: Vec<FileId> = levels[0].iter().map(|t| t.id).collect();
            let lo = levels[0].iter().map(|t| t.meta.min_key).min().unwrap_or(0);
            let hi = levels[0].iter().map(|t| t.meta.max_key).max().unwrap_or(0);
            return Some(Job {
                from_level: 0,
                to_level: 1,
                upper,
                lower: overlapping(&levels[1], lo, hi),
                split_bytes,
            });
        }
        for n in 1..levels.len() {
            let size: u64 = levels[n].iter().map(|t| t.bytes).sum();
            if size <= self.level_target(n) || levels[n].is_empty() {
                continue;
            }
            let after = pointers.get(n).copied().flatten();
            let pick = levels[n]
                .iter()
                .find(|t| after.is_none_or(|p| t.meta.min_key > p))
                .unwrap_or(&levels[n][0]);
            return Some(Job {
                from_level: n,
                to_level: n + 1,
                upper: alloc::vec![pick.id],
                // The level beneath, or a new empty one (the tree grows a level).
                lower: levels.get(n + 1).map_or_else(Vec::new, |l| {
                    overlapping(l, pick.meta.min_key, pick.meta.max_key)
                }),
                split_bytes,
            });
        }
        None
    }

    /// Compaction debt in bytes: what the policy would still rewrite to get every level
    /// back within its limits (0 when nothing is due).
    pub fn debt(&self, levels: &[Vec<Table>]) -> u64 {
        match *self {
            CompactionStrategy::SizeTiered {
                min_merge,
                max_merge,
                size_ratio_pct,
            } => pick_tiered(&levels[0], min_merge, max_merge, size_ratio_pct)
                .map_or(0, |j| bytes_of(&levels[0], &j.upper)),
            CompactionStrategy::Leveled { l0_trigger, .. } => {
                let mut debt = 0;
                if levels[0].len() >= l0_trigger.max(1) as usize {
                    debt += levels[0].iter().map(|t| t.bytes).sum::<u64>();
                }
                for (n, level) in levels.iter().enumerate().skip(1) {
                    let size: u64 = level.iter().map(|t| t.bytes).sum();
                    debt += size.saturating_sub(self.level_target(n));
                }
                debt
            }
        }
    }
}

fn bytes_of(tables: &[Table], ids: &[FileId]) -> u64 {
    tables
        .iter()
        .filter(|t| ids.contains(&t.id))
        .map(|t| t.bytes)
        .sum()
}

/// Ids of the tables in `level` whose key range intersects `[lo, hi]`.
pub fn overlapping(level: &[Table], lo: Key, hi: Key) -> Vec<FileId> {
    level
        .iter()
        .filter(|t| t.overlaps(lo, hi))
        .map(|t| t.id)
        .collect()
}

/// Size-tiered pick: the first (newest) window of adjacent runs of similar size.
fn pick_tiered(runs: &[Table], min_merge: u32, max_merge: u32, ratio_pct: u32) -> Option<Job> {
    let min_merge = min_merge.max(2) as usize;
    let max_merge = (max_merge as usize).max(min_merge);
    for start in 0..runs.len() {
        let mut lo = runs[start].bytes;
        let mut hi = lo;
        let mut end = start + 1;
        while end < runs.len() && end - start < max_merge {
            let b = runs[end].bytes;
            let (nlo, nhi) = (lo.min(b), hi.max(b));
            if u128::from(nhi) * 100 > u128::from(nlo) * u128::from(ratio_pct.max(100)) {
                break;
            }
            lo = nlo;
            hi = nhi;
            end += 1;
        }
        if end - start >= min_merge {
            return Some(Job {
                from_level: 0,
                to_level: 0,
                upper: runs[start..end].iter().map(|t| t.id).collect(),
                lower: Vec::new(),
                split_bytes: None,
            });
        }
    }
    None
}

/// Result of a k-way merge.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Surviving entries, sorted by key.
    pub entries: Vec<Entry>,
    /// Older versions dropped because a newer version of the key exists.
    pub dropped_versions: u64,
    /// Tombstones dropped because nothing older can remain beneath them.
    pub dropped_tombstones: u64,
}

/// Merge input entries (any order): keep the newest version of each key; drop a
/// tombstone when `may_drop_tombstone(key)` says no older version can exist elsewhere.
pub fn merge(inputs: Vec<Entry>, may_drop_tombstone: impl Fn(Key) -> bool) -> Merged {
    let total = inputs.len() as u64;
    let mut newest: BTreeMap<Key, Entry> = BTreeMap::new();
    for e in inputs {
        match newest.get(&e.key) {
            Some(old) if old.seq >= e.seq => {}
            _ => {
                newest.insert(e.key, e);
            }
        }
    }
    let dropped_versions = total - newest.len() as u64;
    let mut dropped_tombstones = 0;
    let mut entries = Vec::with_capacity(newest.len());
    for (k, e) in newest {
        if e.value.is_none() && may_drop_tombstone(k) {
            dropped_tombstones += 1;
        } else {
            entries.push(e);
        }
    }
    Merged {
        entries,
        dropped_versions,
        dropped_tombstones,
    }
}

/// Split sorted entries into chunks of about `max_bytes` (at least one entry each).
pub fn split_by_bytes(entries: Vec<Entry>, max_bytes: Option<u64>) -> Vec<Vec<Entry>> {
    let Some(max) = max_bytes else {
        return if entries.is_empty() {
            Vec::new()
        } else {
            alloc::vec![entries]
        };
    };
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut bytes = 0u64;
    for e in entries {
        bytes += u64::from(e.bytes());
        cur.push(e);
        if bytes >= max {
            out.push(core::mem::take(&mut cur));
            bytes = 0;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn e(key: Key, seq: u64, v: Option<u8>) -> Entry {
        Entry {
            key,
            seq,
            value: v.map(|b| vec![b]),
        }
    }

    #[test]
    fn f4_merge_example_newer_wins() {
        // After DDIA ch. 3, Figure 3-4: SSTable 1: a=1, c=3, e=5 / SSTable 2 (newer): b=2, c=4, f=6
        // -> a=1, b=2, c=4, e=5, f=6 (keys a..f as 1..6).
        let t1 = vec![e(1, 1, Some(1)), e(3, 2, Some(3)), e(5, 3, Some(5))];
        let t2 = vec![e(2, 4, Some(2)), e(3, 5, Some(4)), e(6, 6, Some(6))];
        let m = merge([t1, t2].concat(), |_| true);
        let kv: Vec<(Key, u8)> = m
            .entries
            .iter()
            .map(|x| (x.key, x.value.as_ref().unwrap()[0]))
            .collect();
        assert_eq!(kv, vec![(1, 1), (2, 2), (3, 4), (5, 5), (6, 6)]);
        assert_eq!(m.dropped_versions, 1);
    }

    #[test]
    fn tombstones_dropped_only_when_allowed() {
        let ins = vec![e(1, 1, Some(1)), e(1, 2, None), e(2, 3, None)];
        let keep = merge(ins.clone(), |_| false);
        assert_eq!(keep.entries.len(), 2);
        assert_eq!(keep.dropped_tombstones, 0);
        let drop = merge(ins, |_| true);
        assert!(drop.entries.is_empty());
        assert_eq!(drop.dropped_tombstones, 2);
        assert_eq!(drop.dropped_versions, 1);
    }

    #[test]
    fn split_respects_size() {
        let es: Vec<Entry> = (0..10).map(|k| e(k, k, Some(0))).collect();
        let parts = split_by_bytes(es, Some(44));
        assert_eq!(parts.len(), 5);
        assert!(parts.iter().all(|p| p.len() == 2));
        assert_eq!(split_by_bytes(Vec::new(), None).len(), 0);
    }

    #[test]
    fn level_targets_grow_by_ratio() {
        let s = CompactionStrategy::Leveled {
            l0_trigger: 4,
            level_ratio: 10,
            l1_bytes: 1000,
            max_levels: 4,
        };
        assert_eq!(s.level_target(1), 1000);
        assert_eq!(s.level_target(2), 10_000);
        // L3 is the last of 4 levels: no limit.
        assert_eq!(s.level_target(3), u64::MAX);
        assert_eq!((s.levels(), s.max_levels()), (2, 4));
    }
}
