//! Named book scenarios of the storage lab (DDIA ch. 3), each with a caption, the
//! outcome to expect, and a check of that outcome on the lab's state (run by the
//! native tests and shown live on the page).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::any_engine::AnyEngine;
use super::checker::OpResult;
use super::compaction::CompactionStrategy;
use super::engine::{StorageEngine, StorageEvent};
use super::lab::{key_list, LabAction, StorageLab};
use super::lab_scenario::{LabEngine, StorageScenario};
use super::workload::{KeyDist, OpMix};
use crate::book::{self, ensure, BookScenario};

impl StorageBookScenario {
    /// The scenario with its first `position` actions done (a workload operation counts
    /// one).
    pub fn scenario_at(&self, position: u64) -> StorageScenario {
        StorageScenario {
            position: Some(position),
            ..self.scenario()
        }
    }
}

/// A named scenario of the storage lab.
pub type StorageBookScenario = BookScenario<StorageScenario, StorageLab>;

/// The named scenarios.
pub const BOOK: &[StorageBookScenario] = &[
    BookScenario {
        name: "sstable-merge",
        title: "Merging two SSTables",
        caption:
            "A compaction example after DDIA ch. 3, Figure 3-4: SSTable 1 holds a=1, c=3, e=5 \
                  (keys 1, 3, 5) and SSTable 2 holds b=2, c=4, f=6. With an L0 trigger of 2 \
                  the second flush starts a compaction: a k-way merge by key in which the \
                  newer version of key 3 wins.",
        expected: "One compaction L0→L1: 6 versions in, 5 out (1, 2, 3=\"4\", 5, 6); the old \
                   c=3 is dropped.",
        build: sstable_merge,
        check: check_sstable_merge,
    },
    BookScenario {
        name: "btree-split",
        title: "A B-tree page split",
        caption: "DDIA ch. 3, \"B-Trees\" (Figure 3-7): pages hold at most 4 keys. Keys 10, \
                  20, 30, 40 fill the root leaf; inserting \
                  25 overflows it, so it splits in two and the middle key goes up into a new \
                  root: the tree grows one level. Inserting 26, 27, 28 then splits a leaf \
                  again and the separator joins the root.",
        expected: "Two page splits, one new root, 2 levels, root keys [25, 27]; every leaf \
                   at the same depth.",
        build: btree_split,
        check: check_btree_split,
    },
    BookScenario {
        name: "crash-compaction",
        title: "A crash during compaction",
        caption: "DDIA ch. 3, \"Making an LSM-tree out of SSTables\" (crash recovery): \
                  automatic compaction is switched off here so L0 piles up. The disk is armed to fail \
                  after 3 more writes, then a compaction starts: it dies after writing part \
                  of its output. Recovery reads the last complete manifest, deletes the \
                  orphaned output and replays the WAL.",
        expected: "The compaction fails, recovery deletes at least one orphan file, and every \
                   acknowledged write is still readable.",
        build: crash_compaction,
        check: check_crash_compaction,
    },
    BookScenario {
        name: "wal-replay",
        title: "What the WAL restores",
        caption: "DDIA ch. 3, \"Constructing and maintaining SSTables\": three puts and a \
                  delete sit in the memtable (nothing flushed yet) when the \
                  engine crashes: the memtable is gone, but each write was appended to the \
                  write-ahead log first.",
        expected: "Recovery replays 4 WAL records into the memtable; get 1 returns \"Alice\", \
                   key 2 stays deleted.",
        build: wal_replay,
        check: check_wal_replay,
    },
    BookScenario {
        name: "bitcask-merge",
        title: "Hash-log segment merge",
        caption: "A Bitcask example after DDIA ch. 3, Figure 3-3: segment 1 holds user:1=Alice, \
                  user:2=Bob, user:1=Alice2; segment 2 holds user:2=Bob2, user:3=Charlie \
                  (users 1-3 are keys 1-3). A segment closes after the write that takes it \
                  to 52 bytes or more; after two closed \
                  segments they are merged, keeping only the latest record per key.",
        expected: "One merge: 5 records in, 3 out (1=Alice2, 2=Bob2, 3=Charlie), 2 stale \
                   records dropped.",
        build: bitcask_merge,
        check: check_bitcask_merge,
    },
    BookScenario {
        name: "race",
        title: "LSM-tree vs B-tree race",
        caption: "DDIA ch. 3, \"Comparing B-Trees and LSM-Trees\": the same seeded \
                  write-heavy workload (80 % puts of 100-byte values over \
                  1000 keys, 20 % gets) on an LSM-tree and on a B-tree whose pages hold 16 \
                  keys (4 KB). Throughput is counted in simulated I/O: 10 ns per byte read \
                  or written.",
        expected: "After 3000 operations the B-tree has written more bytes per user byte \
                   than the LSM-tree (it rewrites a whole page per small write), and the \
                   LSM-tree completes more operations per simulated I/O second.",
        build: race,
        check: check_race,
    },
];

/// The named scenario `name`.
pub fn find(name: &str) -> Option<&'static StorageBookScenario> {
    book::find(BOOK, name)
}

/// A book scenario's start: `engine` with the lab's defaults, shown before its first
/// action (`t=0`), so that Play and Step walk through its actions.
fn start(engine: LabEngine) -> StorageScenario {
    StorageScenario {
        engine,
        position: Some(0),
        ..StorageScenario::default()
    }
}

fn put(k: u64, v: &str) -> LabAction {
    LabAction::Put(k, v.as_bytes().to_vec())
}

fn sstable_merge() -> StorageScenario {
    let mut s = start(LabEngine::Lsm);
    s.lsm.memtable_bytes = 65_536;
    s.lsm.strategy = CompactionStrategy::Leveled {
        l0_trigger: 2,
        level_ratio: 10,
        l1_bytes: 1 << 20,
        max_levels: 3,
    };
    s.actions = alloc::vec![
        put(1, "1"),
        put(3, "3"),
        put(5, "5"),
        LabAction::Flush,
        put(2, "2"),
        put(3, "4"),
        put(6, "6"),
        LabAction::Flush,
    ];
    s
}

fn check_sstable_merge(lab: &StorageLab) -> Result<(), String> {
    let lane = &lab.lanes()[0];
    let merges = &lane.last().merges;
    ensure(merges.len() == 1, || {
        format!("{} compactions", merges.len())
    })?;
    let m = &merges[0];
    let ins: usize = m.inputs.iter().map(|f| f.cells.len()).sum();
    let outs: Vec<u64> = m
        .outputs
        .iter()
        .flat_map(|f| &f.cells)
        .map(|c| c.key)
        .collect();
    ensure(
        (m.from_level, m.to_level, ins, m.dropped_versions) == (0, 1, 6, 1),
        || {
            format!(
                "the compaction took L{} into L{}, {ins} entries in, {} dropped \
                 (expected L0 into L1, 6 in, 1 dropped)",
                m.from_level, m.to_level, m.dropped_versions
            )
        },
    )?;
    ensure(outs == [1, 2, 3, 5, 6], || {
        format!("output keys {}", key_list(&outs))
    })?;
    let mut e = lane.engine().clone();
    ensure(e.get(3) == Ok(Some(b"4".to_vec())), || {
        "key 3 is not \"4\"".into()
    })
}

fn btree_split() -> StorageScenario {
    let mut s = start(LabEngine::BTree);
    s.btree.max_keys = 4;
    s.actions = [10, 20, 30, 40, 25, 26, 27, 28]
        .iter()
        .map(|k| put(*k, "v"))
        .collect();
    s
}

fn check_btree_split(lab: &StorageLab) -> Result<(), String> {
    let AnyEngine::BTree(b) = lab.lanes()[0].engine() else {
        return Err("not a B-tree".into());
    };
    let m = b.metrics();
    ensure(m.page_splits == 2, || format!("{} splits", m.page_splits))?;
    let meta = b.meta().ok_or("no meta page")?;
    ensure(meta.levels == 2, || format!("{} levels", meta.levels))?;
    let view = b.view();
    ensure(view[0].keys == [25, 27], || {
        format!("root keys {}", key_list(&view[0].keys))
    })?;
    let defects = b.verify().len();
    ensure(defects == 0, || format!("{defects} defects in the tree"))
}

fn crash_compaction() -> StorageScenario {
    let mut s = start(LabEngine::Lsm);
    s.compactions_per_op = 0;
    s.lsm.memtable_bytes = 256;
    s.workload.key_space = 40;
    s.workload.mix = OpMix {
        put: 80,
        get: 10,
        delete: 10,
        scan: 0,
    };
    s.actions = alloc::vec![
        LabAction::Workload(80),
        LabAction::CrashAfter(3),
        LabAction::Compact,
        LabAction::Recover,
    ];
    s
}

fn check_crash_compaction(lab: &StorageLab) -> Result<(), String> {
    let lane = &lab.lanes()[0];
    let events = &lane.last().events;
    let orphans = events.iter().find_map(|e| match e {
        StorageEvent::Recovered {
            orphans_deleted, ..
        } => Some(*orphans_deleted),
        _ => None,
    });
    ensure(orphans.is_some_and(|o| o >= 1), || {
        "recovery deleted no orphan file".into()
    })?;
    ensure(lane.metrics().crashes == 1, || "no crash".into())?;
    ensure(lane.violation().is_none(), || {
        lane.violation().unwrap_or_default().into()
    })?;
    let mut e = lane.engine().clone();
    let got: Vec<(u64, Vec<u8>)> = e.scan(0, u64::MAX).map_err(|_| "down")?;
    let want: Vec<(u64, Vec<u8>)> = lane.acknowledged().into_iter().collect();
    ensure(got == want, || {
        format!(
            "after recovery {} keys, but {} acknowledged",
            got.len(),
            want.len()
        )
    })
}

fn wal_replay() -> StorageScenario {
    let mut s = start(LabEngine::Lsm);
    s.actions = alloc::vec![
        put(1, "Alice"),
        put(2, "Bob"),
        put(3, "Carol"),
        LabAction::Delete(2),
        LabAction::Crash,
        LabAction::Recover,
        LabAction::Get(1),
    ];
    s
}

fn check_wal_replay(lab: &StorageLab) -> Result<(), String> {
    let lane = &lab.lanes()[0];
    let recovered = lab
        .log()
        .any(|l| l.text.contains("recovered: 4 WAL records replayed"));
    ensure(recovered, || "no replay of 4 records in the log".into())?;
    ensure(
        lane.last().result == Some(OpResult::Value(Some(b"Alice".to_vec()))),
        || "get 1 did not return \"Alice\"".into(),
    )?;
    let mut e = lane.engine().clone();
    ensure(e.get(2) == Ok(None), || "key 2 came back".into())
}

fn bitcask_merge() -> StorageScenario {
    let mut s = start(LabEngine::HashLog);
    s.hash.segment_bytes = 52;
    s.hash.merge_trigger = 2;
    s.actions = alloc::vec![
        put(1, "Alice"),
        put(2, "Bob"),
        put(1, "Alice2"),
        put(2, "Bob2"),
        put(3, "Charlie"),
    ];
    s
}

fn check_bitcask_merge(lab: &StorageLab) -> Result<(), String> {
    let lane = &lab.lanes()[0];
    let merges = &lane.last().merges;
    ensure(merges.len() == 1, || format!("{} merges", merges.len()))?;
    let m = &merges[0];
    let ins: usize = m.inputs.iter().map(|f| f.cells.len()).sum();
    let outs: Vec<u64> = m
        .outputs
        .iter()
        .flat_map(|f| &f.cells)
        .map(|c| c.key)
        .collect();
    ensure((ins, m.dropped_versions) == (5, 2), || {
        format!(
            "{ins} records in, {} dropped (expected 5 in, 2 dropped)",
            m.dropped_versions
        )
    })?;
    ensure(outs == [1, 2, 3], || {
        format!("output keys {}", key_list(&outs))
    })?;
    let mut e = lane.engine().clone();
    ensure(e.get(1) == Ok(Some(b"Alice2".to_vec())), || "user 1".into())
}

/// Operations of the race's workload.
const RACE_OPS_U32: u32 = 3000;
const RACE_OPS: u64 = RACE_OPS_U32 as u64;

fn race() -> StorageScenario {
    let mut s = start(LabEngine::Race);
    s.btree.max_keys = 16;
    s.btree.page_bytes = 4096;
    s.lsm.memtable_bytes = 4096;
    s.lsm.target_file_bytes = 2048;
    s.lsm.strategy = CompactionStrategy::Leveled {
        l0_trigger: 4,
        level_ratio: 10,
        l1_bytes: 16_384,
        max_levels: 4,
    };
    s.workload.key_space = 1000;
    s.workload.value_bytes = 100;
    s.workload.ops = RACE_OPS_U32;
    s.workload.dist = KeyDist::Uniform;
    s.workload.mix = OpMix {
        put: 80,
        get: 20,
        delete: 0,
        scan: 0,
    };
    s.actions = alloc::vec![LabAction::Workload(RACE_OPS_U32)];
    s
}

fn check_race(lab: &StorageLab) -> Result<(), String> {
    let [lsm, bt] = lab.lanes() else {
        return Err("not two lanes".into());
    };
    let done = lsm.ops().min(bt.ops());
    ensure(done == RACE_OPS, || {
        format!("{done} of {RACE_OPS} operations run")
    })?;
    let (a, b) = (lsm.metrics(), bt.metrics());
    ensure(
        b.write_amplification_milli() > a.write_amplification_milli(),
        || {
            format!(
                "write amplification (thousandths) LSM {} vs B-tree {}",
                a.write_amplification_milli(),
                b.write_amplification_milli()
            )
        },
    )?;
    let (sa, sb) = (lsm.samples().last(), bt.samples().last());
    let (ta, tb) = (
        sa.map_or(0, |s| s.ops_per_io_second()),
        sb.map_or(0, |s| s.ops_per_io_second()),
    );
    ensure(ta > tb, || format!("throughput LSM {ta} vs B-tree {tb}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn played(s: &StorageScenario) -> StorageLab {
        let mut lab = StorageLab::new(s);
        lab.finish();
        lab
    }

    #[test]
    fn a_missed_outcome_is_said_in_plain_words() {
        let mut s = btree_split();
        s.btree.max_keys = 8;
        let e = check_btree_split(&played(&s)).unwrap_err();
        assert_eq!(e, "0 splits");
        s.btree.max_keys = 3;
        let e = check_btree_split(&played(&s)).unwrap_err();
        assert!(e.ends_with(" splits") && !e.starts_with("2 "), "{e}");
    }

    #[test]
    fn checks_fail_on_the_wrong_run() {
        let other = StorageLab::new(&StorageScenario::default());
        for b in BOOK {
            assert!(
                b.check(&other).is_err() && other.outcome().is_none(),
                "{} passes on a default run",
                b.name
            );
        }
    }

    /// While live data sits in the memtable the tables alone hold less than the live
    /// bytes: space amplification counts the memtable, so it never reads below 1x.
    #[test]
    fn space_amplification_counts_the_memtable() {
        let lab = played(&find("wal-replay").unwrap().scenario());
        let s = lab.lanes()[0].current();
        assert!(s.memtable_bytes > 0, "live data in the memtable");
        assert!(
            s.disk_bytes - s.wal_disk_bytes < s.live_user_bytes,
            "tables alone"
        );
        assert!(s.data_bytes() >= s.live_user_bytes, "{s:?}");
    }

    /// The race's check counts the operations still to run.
    #[test]
    fn the_race_says_how_far_it_is() {
        let mut lab = StorageLab::new(&race());
        assert_eq!(check_race(&lab), Err("0 of 3000 operations run".into()));
        for _ in 0..10 {
            lab.step();
        }
        assert_eq!(check_race(&lab), Err("10 of 3000 operations run".into()));
    }

    /// In the race the B-tree's log holds small redo records, so its pages (a whole page
    /// per write) dominate what it writes, as DDIA ch. 3 says.
    #[test]
    fn the_race_btree_writes_pages_whole_and_logs_changes_small() {
        let lab = played(&race());
        let m = lab.lanes()[1].metrics();
        assert!(
            m.wal_bytes_written * 10 < m.data_bytes_written,
            "log {} vs pages {}",
            m.wal_bytes_written,
            m.data_bytes_written
        );
        let lsm = lab.lanes()[0].metrics().write_amplification_milli();
        let bt = m.write_amplification_milli();
        assert!(bt > lsm, "LSM {lsm} vs B-tree {bt} (thousandths)");
    }

    /// Every scenario opens before its first action, meets its outcome by its end (one
    /// action a step), stops there, and stays met while the workload carries on.
    #[test]
    fn every_scenario_plays_from_its_start_and_stays_met() {
        for b in BOOK {
            let mut lab = StorageLab::new(&b.scenario());
            assert_eq!(lab.clock(), 0, "{}", b.name);
            assert!(
                lab.log().next().is_none(),
                "{}: nothing has happened",
                b.name
            );
            assert!(matches!(lab.outcome(), Some(Err(_))), "{}", b.name);
            let end = lab.script_end();
            let mut steps = 0;
            while lab.step() {
                steps += 1;
                assert_eq!(lab.clock(), steps, "{}", b.name);
            }
            assert_eq!(steps, end, "{}: one action a step", b.name);
            assert!(lab.scenario_over(), "{}", b.name);
            assert_eq!(lab.outcome(), Some(Ok(())), "{}", b.name);
            let met = lab.outcome_at();
            assert!(
                met.is_some_and(|t| t > 0 && t <= end),
                "{}: {met:?}",
                b.name
            );
            assert_eq!(lab.scenario(), b.scenario_at(end), "{}", b.name);
            lab.continue_workload();
            for _ in 0..50 {
                lab.step();
            }
            assert_eq!(lab.outcome(), Some(Ok(())), "{}: stays met", b.name);
        }
    }
}
