//! Property tests: random operation sequences with crashes (explicit, and injected in
//! the middle of flushes, compactions, merges and page splits), checked op by op
//! against the `BTreeMap` oracle. Every acknowledged write must survive; every get and
//! scan must agree with the oracle, and the live-data counters with a recount.

use ddia_core::storage::btree::BTree;
use ddia_core::storage::engine::KEY_BYTES;
use ddia_core::storage::{
    apply, BTreeConfig, CompactionStrategy, HashLog, HashLogConfig, Lsm, LsmConfig, Op, Oracle,
    StorageEngine, StorageResult,
};
use proptest::prelude::*;

const KEYS: u64 = 40;

#[derive(Clone, Debug)]
enum Step {
    Op(Op),
    /// Crash now and recover.
    Crash,
    /// Let `k` more disk writes succeed, then crash wherever the engine is.
    FaultAfter(u32),
    /// Engine-specific background work (merge, flush, compaction step).
    Maintain,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0..KEYS, proptest::collection::vec(any::<u8>(), 0..12))
            .prop_map(|(key, value)| Step::Op(Op::Put { key, value })),
        5 => (0..KEYS).prop_map(|key| Step::Op(Op::Get { key })),
        3 => (0..KEYS).prop_map(|key| Step::Op(Op::Delete { key })),
        2 => (0..KEYS, 0..12u64).prop_map(|(lo, n)| Step::Op(Op::Scan { lo, hi: lo + n })),
        1 => Just(Step::Crash),
        2 => (0..8u32).prop_map(Step::FaultAfter),
        1 => Just(Step::Maintain),
    ]
}

fn recover_fully<E: StorageEngine>(e: &mut E) {
    for _ in 0..4 {
        if e.recover().is_ok() {
            return;
        }
    }
    panic!("recovery keeps failing");
}

/// The live counters of the metrics (kept as writes happen) agree with a recount: a
/// full scan of a copy of the engine.
fn live_matches_a_recount<E: StorageEngine + Clone>(e: &E, i: usize) -> Result<(), TestCaseError> {
    if e.is_crashed() {
        return Ok(());
    }
    let rows = e.clone().scan(0, u64::MAX).expect("up");
    let bytes: u64 = rows
        .iter()
        .map(|(_, v)| u64::from(KEY_BYTES) + v.len() as u64)
        .sum();
    let m = e.metrics();
    prop_assert_eq!(
        (m.live_keys, m.live_user_bytes),
        (rows.len() as u64, bytes),
        "step {}",
        i
    );
    Ok(())
}

fn check_engine<E: StorageEngine + Clone>(
    mut e: E,
    steps: &[Step],
    maintain: fn(&mut E) -> StorageResult<()>,
    healthy: fn(&E) -> bool,
) -> Result<(), TestCaseError> {
    let mut oracle = Oracle::new();
    for (i, s) in steps.iter().enumerate() {
        if e.is_crashed() {
            recover_fully(&mut e);
            prop_assert!(healthy(&e), "unhealthy after recovery at step {}", i);
        }
        match s {
            Step::Op(op) => {
                let r = apply(&mut e, op);
                if let Err(d) = oracle.check(op, &r) {
                    return Err(TestCaseError::fail(format!("step {i}: {d:?}")));
                }
            }
            Step::Crash => {
                e.crash();
                recover_fully(&mut e);
            }
            Step::FaultAfter(k) => e.crash_after_disk_writes(*k),
            Step::Maintain => {
                let _ = maintain(&mut e);
            }
        }
        live_matches_a_recount(&e, i)?;
    }
    // Final crash: everything acknowledged must still be there.
    e.crash();
    recover_fully(&mut e);
    prop_assert!(healthy(&e));
    let all = Op::Scan {
        lo: 0,
        hi: u64::MAX,
    };
    let r = apply(&mut e, &all);
    if let Err(d) = oracle.check(&all, &r) {
        return Err(TestCaseError::fail(format!("final scan: {d:?}")));
    }
    for key in 0..KEYS {
        let op = Op::Get { key };
        let r = apply(&mut e, &op);
        if let Err(d) = oracle.check(&op, &r) {
            return Err(TestCaseError::fail(format!("final get: {d:?}")));
        }
    }
    Ok(())
}

fn ok<E>(_: &E) -> bool {
    true
}

fn lsm(strategy: CompactionStrategy, per_write: u32) -> Lsm {
    Lsm::new(LsmConfig {
        memtable_bytes: 100,
        block_entries: 2,
        bloom_bits_per_key: 6,
        bloom_hashes: 0,
        target_file_bytes: 120,
        strategy,
        compactions_per_write: per_write,
    })
}

const LEVELED: CompactionStrategy = CompactionStrategy::Leveled {
    l0_trigger: 2,
    level_ratio: 3,
    l1_bytes: 200,
    max_levels: 4,
};

const TIERED: CompactionStrategy = CompactionStrategy::SizeTiered {
    min_merge: 3,
    max_merge: 6,
    size_ratio_pct: 200,
};

fn lsm_maintain(e: &mut Lsm) -> StorageResult<()> {
    e.flush_now()?;
    e.compact_step().map(|_| ())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn hash_log_agrees_with_oracle(steps in proptest::collection::vec(step(), 1..160)) {
        let e = HashLog::new(HashLogConfig { segment_bytes: 80, merge_trigger: 3 });
        check_engine(e, &steps, HashLog::merge, ok)?;
    }

    #[test]
    fn lsm_leveled_agrees_with_oracle(steps in proptest::collection::vec(step(), 1..160)) {
        check_engine(lsm(LEVELED, u32::MAX), &steps, lsm_maintain, ok)?;
    }

    #[test]
    fn lsm_leveled_throttled_agrees_with_oracle(steps in proptest::collection::vec(step(), 1..160)) {
        check_engine(lsm(LEVELED, 0), &steps, lsm_maintain, ok)?;
    }

    #[test]
    fn lsm_size_tiered_agrees_with_oracle(steps in proptest::collection::vec(step(), 1..160)) {
        check_engine(lsm(TIERED, u32::MAX), &steps, lsm_maintain, ok)?;
    }

    #[test]
    fn btree_agrees_with_oracle(steps in proptest::collection::vec(step(), 1..160)) {
        let e = BTree::new(BTreeConfig { max_keys: 3, page_bytes: 64, wal: true, checkpoint_bytes: 2000 });
        check_engine(e, &steps, |_| Ok(()), |t: &BTree| t.verify().is_empty())?;
    }
}

/// The harness can fail: a B-tree without its WAL loses acknowledged writes when a
/// crash hits the middle of a split, and the same checker reports it.
#[test]
fn harness_catches_a_btree_without_wal() {
    let mut found = false;
    for k in 1..8u32 {
        let e = BTree::new(BTreeConfig {
            max_keys: 3,
            page_bytes: 64,
            wal: false,
            checkpoint_bytes: 2000,
        });
        let mut steps: Vec<Step> = (0..9)
            .map(|key| {
                Step::Op(Op::Put {
                    key,
                    value: vec![key as u8],
                })
            })
            .collect();
        steps.push(Step::FaultAfter(k));
        steps.push(Step::Op(Op::Put {
            key: 9,
            value: vec![9],
        }));
        if check_engine(e, &steps, |_| Ok(()), ok).is_err() {
            found = true;
        }
    }
    assert!(found, "no-WAL B-tree should lose data for some crash point");
}
