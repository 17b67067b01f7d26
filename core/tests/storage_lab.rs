//! The storage lab's driver under random user actions: crashes at any moment (also
//! in the middle of flushes, compactions, merges and splits) never lose an
//! acknowledged write, and every run replays exactly from its link.

use ddia_core::link::LabLink;
use ddia_core::storage::lab::{LabAction, StorageLab};
use ddia_core::storage::lab_scenario::{LabEngine, StorageScenario};
use ddia_core::storage::{AnyEngine, StorageEngine, StorageEvent};
use proptest::prelude::*;

fn action() -> impl Strategy<Value = LabAction> {
    prop_oneof![
        6 => (1u32..40).prop_map(LabAction::Workload),
        3 => (0u64..60, proptest::collection::vec(b'a'..=b'z', 0..6))
            .prop_map(|(k, v)| LabAction::Put(k, v)),
        2 => (0u64..60).prop_map(LabAction::Get),
        1 => (0u64..60).prop_map(LabAction::Delete),
        1 => Just(LabAction::Flush),
        1 => Just(LabAction::Compact),
        1 => Just(LabAction::Crash),
        2 => Just(LabAction::Recover),
        1 => (0u32..12).prop_map(LabAction::CrashAfter),
    ]
}

fn engine() -> impl Strategy<Value = LabEngine> {
    prop_oneof![
        Just(LabEngine::Lsm),
        Just(LabEngine::BTree),
        Just(LabEngine::HashLog),
        Just(LabEngine::Race)
    ]
}

/// A small run of `engine`: 60 keys, 128-byte memtables and log segments, so random
/// actions flush, compact and merge within a few dozen operations.
fn small(engine: LabEngine, seed: u64, compactions_per_op: u32) -> StorageScenario {
    let mut s = StorageScenario {
        engine,
        compactions_per_op,
        ..StorageScenario::default()
    };
    s.workload.seed = seed;
    s.workload.key_space = 60;
    s.lsm.memtable_bytes = 128;
    s.hash.segment_bytes = 128;
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_actions_keep_every_acknowledged_write(
        engine in engine(),
        seed in 0u64..1000,
        cpo in prop_oneof![Just(u32::MAX), Just(0u32), Just(1u32)],
        actions in proptest::collection::vec(action(), 1..60),
    ) {
        let mut lab = StorageLab::new(&small(engine, seed, cpo));
        for a in actions {
            lab.apply(a);
        }
        lab.apply(LabAction::Recover);
        prop_assert!(lab.violation().is_none(), "{:?}", lab.violation());
        for lane in lab.lanes() {
            let mut e = lane.engine().clone();
            let rows = e.scan(0, u64::MAX).unwrap();
            for (k, v) in lane.acknowledged() {
                prop_assert!(rows.contains(&(k, v)), "key {} lost", k);
            }
        }
        let q = lab.scenario().to_query();
        let again = StorageLab::new(&StorageScenario::from_query(&q).unwrap());
        for (a, b) in lab.lanes().iter().zip(again.lanes()) {
            prop_assert_eq!(a.metrics(), b.metrics());
            prop_assert_eq!(a.samples(), b.samples());
        }
    }

    /// After every action, the keys the lab keeps per file (the pictures' SSTables)
    /// are those of exactly the live tables: each drawn table's keys as on its disk,
    /// and none for the tables a compaction just merged away. The lab skips the
    /// bookkeeping while an up LSM-tree's tables stay the same, so this fails if it
    /// skips when they changed.
    #[test]
    fn kept_file_keys_follow_the_live_tables(
        engine in prop_oneof![Just(LabEngine::Lsm), Just(LabEngine::Race)],
        seed in 0u64..1000,
        cpo in prop_oneof![Just(u32::MAX), Just(0u32), Just(1u32)],
        actions in proptest::collection::vec(action(), 1..60),
    ) {
        let mut lab = StorageLab::new(&small(engine, seed, cpo));
        for a in actions {
            lab.apply(a);
            for lane in lab.lanes() {
                let AnyEngine::Lsm(l) = lane.shown() else { continue };
                for t in l.levels().iter().flatten() {
                    let kept: Vec<(u64, u64)> = lane.file_keys(t.id).unwrap_or_default()
                        .iter().map(|c| (c.key, c.seq)).collect();
                    let disk: Vec<(u64, u64)> = t.peek_all(l.disk())
                        .iter().map(|e| (e.key, e.seq)).collect();
                    prop_assert_eq!(kept, disk, "table {}", t.id);
                }
                for e in &lane.last().events {
                    if let StorageEvent::Compacted { inputs, .. } = e {
                        for id in inputs {
                            prop_assert!(lane.file_keys(*id).is_none(), "merged {} kept", id);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn any_query_string_parses_or_errs_without_panicking(q in "[a-z0-9=&,.-]{0,60}") {
        let _ = StorageScenario::from_query(&q);
    }
}
