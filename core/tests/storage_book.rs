//! The behaviours DDIA ch. 3 describes, shown on the simulated engines (and measured,
//! not assumed; see INVENTORY.md §14 item 7 on the summaries' amplification claims).
//!
//! Also runs on wasm32 under Node (wasm-bindgen-test).

use ddia_core::storage::btree::BTree;
use ddia_core::storage::{
    apply, generate, BTreeConfig, CompactionStrategy, HashLog, HashLogConfig, KeyDist, Lsm,
    LsmConfig, Metrics, Op, OpMix, StorageEngine, StorageEvent, WorkloadConfig,
};

fn leveled(l0_trigger: u32, l1_bytes: u64, max_levels: u32) -> CompactionStrategy {
    CompactionStrategy::Leveled {
        l0_trigger,
        level_ratio: 10,
        l1_bytes,
        max_levels,
    }
}

fn run<E: StorageEngine>(e: &mut E, ops: &[Op]) -> Metrics {
    for op in ops {
        apply(e, op);
    }
    e.metrics()
}

fn compactions(events: &[StorageEvent]) -> Vec<(u8, u8, u64, u64)> {
    events
        .iter()
        .filter_map(|e| match e {
            StorageEvent::Compacted {
                from_level,
                to_level,
                dropped_versions,
                dropped_tombstones,
                ..
            } => Some((
                *from_level,
                *to_level,
                *dropped_versions,
                *dropped_tombstones,
            )),
            _ => None,
        })
        .collect()
}

/// F4: "SSTable 1: a=1, c=3, e=5 / SSTable 2: b=2, c=4, f=6 -> Merged: a=1, b=2, c=4,
/// e=5, f=6" (keys a..f are 1..6 here).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn sstable_merge_example_newer_value_wins() {
    let mut l = Lsm::new(LsmConfig {
        memtable_bytes: 1 << 20,
        strategy: leveled(2, 1 << 20, 3),
        ..LsmConfig::default()
    });
    for (k, v) in [(1, 1u8), (3, 3), (5, 5)] {
        l.put(k, vec![v]).unwrap();
    }
    l.flush_now().unwrap();
    for (k, v) in [(2, 2u8), (3, 4), (6, 6)] {
        l.put(k, vec![v]).unwrap();
    }
    l.flush_now().unwrap(); // second L0 table: the trigger (2) fires a compaction
    let ev = l.drain_events();
    assert_eq!(compactions(&ev), vec![(0, 1, 1, 0)]);
    let view = l.view();
    assert!(view.levels[0].is_empty());
    assert_eq!(view.levels[1].len(), 1);
    assert_eq!(view.levels[1][0].entries, 5);
    let all = l.scan(0, 10).unwrap();
    let kv: Vec<(u64, u8)> = all.iter().map(|(k, v)| (*k, v[0])).collect();
    assert_eq!(kv, vec![(1, 1), (2, 2), (3, 4), (5, 5), (6, 6)]);
}

/// A tombstone must survive compaction while an older value of its key may still sit
/// in a deeper level, and is dropped once it reaches the last level holding the key.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn tombstones_dropped_only_at_the_last_level() {
    let mut l = Lsm::new(LsmConfig {
        memtable_bytes: 1 << 20,
        // L1 target of 1 byte: every table in L1 is due to move on to L2 (last level).
        strategy: leveled(1, 1, 3),
        compactions_per_write: 0,
        ..LsmConfig::default()
    });
    l.put(7, vec![7]).unwrap();
    l.put(8, vec![8]).unwrap();
    l.flush_now().unwrap();
    assert!(l.compact_step().unwrap()); // L0 -> L1
    assert!(l.compact_step().unwrap()); // L1 -> L2
    assert_eq!(l.view().levels[2].len(), 1);
    l.delete(7).unwrap();
    l.flush_now().unwrap();
    assert!(l.compact_step().unwrap()); // L0 -> L1: key 7 still lives in L2 below
    let ev = l.drain_events();
    assert_eq!(compactions(&ev).last(), Some(&(0, 1, 0, 0)));
    assert_eq!(l.view().levels[1][0].tombstones, 1);
    assert_eq!(l.get(7).unwrap(), None);
    assert!(l.compact_step().unwrap()); // L1 -> L2: the last level, drop it
    let ev = l.drain_events();
    assert_eq!(compactions(&ev).last(), Some(&(1, 2, 1, 1)));
    let v = l.view();
    assert_eq!(v.levels[2].iter().map(|t| t.tombstones).sum::<u64>(), 0);
    assert_eq!(v.levels[2].iter().map(|t| t.entries).sum::<u64>(), 1);
    assert_eq!(l.get(7).unwrap(), None);
    assert_eq!(l.get(8).unwrap(), Some(vec![8]));
}

/// One insert can split a leaf, its parent and the root: the tree grows one level.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn btree_split_cascades_to_a_new_root() {
    let mut t = BTree::new(BTreeConfig {
        max_keys: 3,
        ..BTreeConfig::default()
    });
    let mut cascades = 0;
    let mut levels_seen = vec![1];
    for k in 0..200u64 {
        t.put((k * 37) % 200, vec![1]).unwrap();
        let ev = t.drain_events();
        let heights: Vec<u32> = ev
            .iter()
            .filter_map(|e| match e {
                StorageEvent::PageSplit { height, .. } => Some(*height),
                _ => None,
            })
            .collect();
        let new_root = ev.iter().find_map(|e| match e {
            StorageEvent::NewRoot { levels, .. } => Some(*levels),
            _ => None,
        });
        if let Some(levels) = new_root {
            // A root split is preceded by a split at every level below it.
            assert_eq!(heights, (0..levels - 1).collect::<Vec<_>>());
            levels_seen.push(levels);
            if levels >= 3 {
                cascades += 1;
            }
        }
    }
    assert!(cascades >= 2, "{levels_seen:?}");
    assert!(t.verify().is_empty());
    let m = t.metrics();
    // Read amplification of a B-tree = its height.
    let before = m.get_touches;
    t.get(5).unwrap();
    assert_eq!(
        t.metrics().get_touches - before,
        u64::from(t.meta().unwrap().levels)
    );
}

/// Crash at every disk write of one compaction: the data is intact after recovery,
/// and orphaned output tables are cleaned up.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn crash_during_compaction_loses_nothing_acknowledged() {
    let mut base = Lsm::new(LsmConfig {
        memtable_bytes: 300,
        block_entries: 2,
        target_file_bytes: 200,
        strategy: leveled(4, 400, 4),
        compactions_per_write: 0,
        ..LsmConfig::default()
    });
    for i in 0..120u64 {
        base.put((i * 7) % 50, vec![i as u8; 6]).unwrap();
        if i % 5 == 0 {
            base.delete((i * 3) % 50).unwrap();
        }
    }
    base.flush_now().unwrap();
    let want = base.scan(0, u64::MAX).unwrap();
    let writes_of_one_compaction = {
        let mut probe = base.clone();
        let before = probe.metrics().io;
        assert!(probe.compact_step().unwrap());
        let after = probe.metrics().io;
        (after.blocks_written + after.files_created + after.files_deleted)
            - (before.blocks_written + before.files_created + before.files_deleted)
    };
    assert!(writes_of_one_compaction > 5);
    let mut orphans_cleaned = 0;
    for k in 0..writes_of_one_compaction as u32 {
        let mut l = base.clone();
        l.drain_events();
        l.crash_after_disk_writes(k);
        assert!(l.compact_step().is_err(), "crash point {k}");
        l.recover().unwrap();
        for e in l.drain_events() {
            if let StorageEvent::Recovered {
                orphans_deleted, ..
            } = e
            {
                orphans_cleaned += orphans_deleted;
            }
        }
        assert_eq!(l.scan(0, u64::MAX).unwrap(), want, "crash point {k}");
        assert!(l.disk().list(ddia_core::storage::FileKind::SsTable).len() <= 20);
    }
    assert!(orphans_cleaned > 0);
}

fn uniform_ops(seed: u64, ops: u32) -> Vec<Op> {
    generate(WorkloadConfig {
        seed,
        ops,
        key_space: 2000,
        dist: KeyDist::Uniform,
        mix: OpMix {
            put: 50,
            get: 40,
            delete: 5,
            scan: 5,
        },
        value_bytes: 100,
        scan_len: 10,
    })
}

fn lsm_with(strategy: CompactionStrategy, bloom_bits_per_key: u32) -> Lsm {
    Lsm::new(LsmConfig {
        memtable_bytes: 4096,
        target_file_bytes: 4096,
        bloom_bits_per_key,
        strategy,
        ..LsmConfig::default()
    })
}

const TIERED: CompactionStrategy = CompactionStrategy::SizeTiered {
    min_merge: 4,
    max_merge: 32,
    size_ratio_pct: 200,
};

/// Write amplification is measured from disk bytes: above 1 for an LSM-tree (WAL +
/// flush + compaction rewrites), higher for leveled than for size-tiered compaction.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lsm_write_amplification_is_measured() {
    let ops = uniform_ops(42, 5000);
    let lev = run(&mut lsm_with(leveled(4, 16_384, 5), 10), &ops);
    let tier = run(&mut lsm_with(TIERED, 10), &ops);
    for m in [&lev, &tier] {
        assert!(m.write_amplification() > 2.0, "{m:?}");
        let parts = m.wal_bytes_written + m.data_bytes_written + m.compaction_bytes_written;
        // Everything else written is manifest versions: small but real.
        assert!(m.io.bytes_written > parts);
        assert!(m.io.bytes_written - parts < m.io.bytes_written / 20);
        // The WAL alone already writes every user byte once (plus record headers).
        assert!(m.wal_bytes_written > m.user_bytes_written);
    }
    assert!(
        lev.write_amplification_milli() > tier.write_amplification_milli(),
        "leveled {} vs tiered {}",
        lev.write_amplification(),
        tier.write_amplification()
    );
    // A B-tree rewrites a whole page (and logs it) for every small change.
    let bt = run(
        &mut BTree::new(BTreeConfig {
            max_keys: 32,
            page_bytes: 4096,
            ..BTreeConfig::default()
        }),
        &ops,
    );
    assert!(bt.write_amplification() > lev.write_amplification());
}

/// The measured false-positive rate of the Bloom filters is close to
/// `(1 - e^(-kn/m))^k`, and filters cut the tables read per get.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn bloom_filter_rate_matches_formula_and_cuts_reads() {
    // Half the gets are for keys never written (odd keys).
    let mut ops = Vec::new();
    for i in 0..3000u64 {
        ops.push(Op::Put {
            key: (i * 7919) % 6000 * 2,
            value: vec![1; 20],
        });
    }
    for i in 0..20_000u64 {
        ops.push(Op::Get {
            key: (i * 104_729) % 12_000,
        });
    }
    for bits in [5u32, 10] {
        let m = run(&mut lsm_with(leveled(4, 16_384, 5), bits), &ops);
        let (meas, want) = (m.bloom.measured_fpr(), m.bloom.expected_fpr());
        assert!(m.bloom.negatives > 5000, "{m:?}");
        assert!(
            (meas - want).abs() < want * 0.1,
            "bits {bits}: measured {meas} vs formula {want}"
        );
    }
    let with = run(&mut lsm_with(leveled(4, 16_384, 5), 10), &ops);
    let without = run(&mut lsm_with(leveled(4, 16_384, 5), 0), &ops);
    assert!(with.read_amplification() * 2.0 < without.read_amplification());
    assert_eq!(without.bloom.probes, 0);
}

/// A hash index has no key order: a range query examines every key in the index.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn hash_index_range_scan_examines_every_key() {
    let mut h = HashLog::new(HashLogConfig::default());
    for k in 0..500u64 {
        h.put(k, vec![0; 8]).unwrap();
    }
    h.scan(100, 109).unwrap();
    assert_eq!(h.scan_keys_examined(), 500);
    let mut t = BTree::new(BTreeConfig::default());
    for k in 0..500u64 {
        t.put(k, vec![0; 8]).unwrap();
    }
    let before = t.metrics().io.blocks_read;
    assert_eq!(t.scan(100, 109).unwrap().len(), 10);
    assert!(t.metrics().io.blocks_read - before < 15);
}

/// Merging segments throws away overwritten values: space amplification drops.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn segment_merge_reclaims_space() {
    let mut h = HashLog::new(HashLogConfig {
        segment_bytes: 1024,
        merge_trigger: 0,
    });
    for i in 0..2000u64 {
        h.put(i % 50, vec![i as u8; 16]).unwrap();
    }
    let before = h.metrics();
    h.merge().unwrap();
    let after = h.metrics();
    assert!(before.space_amplification() > 10.0, "{before:?}");
    assert!(after.space_amplification() < 2.0, "{after:?}");
    assert_eq!(before.live_keys, 50);
    assert_eq!(after.compactions, 1);
}

/// With compaction throttled, debt piles up (and L0 reads get slower); running the
/// compactions pays it back to zero.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn compaction_debt_accumulates_when_throttled() {
    let mut l = Lsm::new(LsmConfig {
        memtable_bytes: 300,
        compactions_per_write: 0,
        ..LsmConfig::default()
    });
    for i in 0..400u64 {
        l.put(i % 97, vec![1; 10]).unwrap();
    }
    let m = l.metrics();
    assert!(m.compaction_debt_bytes > 0);
    assert!(l.view().levels[0].len() > 4);
    while l.compact_step().unwrap() {}
    assert_eq!(l.metrics().compaction_debt_bytes, 0);
    assert!(l.view().levels[0].len() < 4);
}
