//! Exhaustive crash points: run a fixed seeded workload once to count the disk writes
//! it makes, then rerun it once per write index `k` with a crash injected exactly
//! there (in the middle of a flush, a compaction, a manifest swap, a segment merge, a
//! page split or a WAL checkpoint), recover and continue. The oracle checks every
//! result, and after a final crash every acknowledged write must still be there.
//!
//! Also runs on wasm32 under Node (wasm-bindgen-test).

use ddia_core::storage::btree::BTree;
use ddia_core::storage::{
    apply, generate, BTreeConfig, CompactionStrategy, HashLog, HashLogConfig, KeyDist, Lsm,
    LsmConfig, Op, OpMix, Oracle, StorageEngine, WorkloadConfig,
};

fn workload(seed: u64) -> Vec<Op> {
    generate(WorkloadConfig {
        seed,
        ops: 120,
        key_space: 30,
        dist: KeyDist::Uniform,
        mix: OpMix {
            put: 60,
            get: 20,
            delete: 15,
            scan: 5,
        },
        value_bytes: 6,
        scan_len: 8,
    })
}

/// Disk mutations made by `ops` on a fresh engine (no faults).
fn count_writes<E: StorageEngine>(mut e: E, ops: &[Op]) -> u64 {
    for op in ops {
        apply(&mut e, op);
    }
    e.metrics().io.blocks_written + e.metrics().io.files_created + e.metrics().io.files_deleted
}

fn run_with_crash_at<E: StorageEngine>(
    mut e: E,
    ops: &[Op],
    k: u32,
    healthy: &dyn Fn(&E) -> bool,
) -> Result<(), String> {
    let mut oracle = Oracle::new();
    e.crash_after_disk_writes(k);
    let mut crashed_once = false;
    for (i, op) in ops.iter().enumerate() {
        if e.is_crashed() {
            e.recover()
                .map_err(|_| format!("recover failed at op {i}"))?;
            if !healthy(&e) {
                return Err(format!("unhealthy after recovery, crash point {k}"));
            }
            crashed_once = true;
        }
        let r = apply(&mut e, op);
        oracle
            .check(op, &r)
            .map_err(|d| format!("crash point {k}, op {i}: {d:?}"))?;
    }
    if e.is_crashed() {
        e.recover().map_err(|_| "final recover".to_string())?;
    }
    e.crash();
    e.recover()
        .map_err(|_| "recover after final crash".to_string())?;
    let all = Op::Scan {
        lo: 0,
        hi: u64::MAX,
    };
    let r = apply(&mut e, &all);
    oracle
        .check(&all, &r)
        .map_err(|d| format!("crash point {k}, final scan: {d:?}"))?;
    let _ = crashed_once;
    Ok(())
}

fn exhaust<E: StorageEngine>(make: &dyn Fn() -> E, healthy: &dyn Fn(&E) -> bool) -> u64 {
    let ops = workload(7);
    // The constructor's own writes are not part of the budget: arm after new().
    let base = count_writes(make(), &[]);
    let total = count_writes(make(), &ops) - base;
    for k in 0..total as u32 {
        if let Err(msg) = run_with_crash_at(make(), &ops, k, healthy) {
            panic!("{msg}");
        }
    }
    total
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn hash_log_survives_a_crash_at_every_write() {
    let n = exhaust(
        &|| {
            HashLog::new(HashLogConfig {
                segment_bytes: 90,
                merge_trigger: 3,
            })
        },
        &|_| true,
    );
    assert!(n > 100, "{n}");
}

fn lsm(strategy: CompactionStrategy) -> Lsm {
    Lsm::new(LsmConfig {
        memtable_bytes: 120,
        block_entries: 2,
        bloom_bits_per_key: 8,
        bloom_hashes: 0,
        target_file_bytes: 150,
        strategy,
        compactions_per_write: u32::MAX,
    })
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lsm_leveled_survives_a_crash_at_every_write() {
    let n = exhaust(
        &|| {
            lsm(CompactionStrategy::Leveled {
                l0_trigger: 2,
                level_ratio: 2,
                l1_bytes: 200,
                max_levels: 4,
            })
        },
        &|_| true,
    );
    assert!(n > 100, "{n}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lsm_size_tiered_survives_a_crash_at_every_write() {
    let n = exhaust(
        &|| {
            lsm(CompactionStrategy::SizeTiered {
                min_merge: 3,
                max_merge: 8,
                size_ratio_pct: 200,
            })
        },
        &|_| true,
    );
    assert!(n > 100, "{n}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn btree_survives_a_crash_at_every_write() {
    let n = exhaust(
        &|| {
            BTree::new(BTreeConfig {
                max_keys: 3,
                page_bytes: 64,
                wal: true,
                checkpoint_bytes: 3000,
            })
        },
        &|t: &BTree| t.verify().is_empty(),
    );
    assert!(n > 100, "{n}");
}
