//! Golden digests: one fixed seeded workload on each engine must always produce the
//! same results, structural events and metrics, byte for byte. The same test runs on
//! wasm32 under Node (`wasm-pack test --node tests`), so the constants prove native and
//! wasm runs equal.
//!
//! How the constants were obtained: run this test once with the constants set to 0;
//! the failure message prints the actual digest of each engine; paste them here. A
//! change of any digest means the engine's observable behaviour changed (results,
//! events, or I/O counters): update the constant only if the change is intended.

use ddia_core::sim::digest::digest_of;
use ddia_core::storage::btree::BTree;
use ddia_core::storage::{
    digest_run, generate, BTreeConfig, CompactionStrategy, HashLog, HashLogConfig, Lsm, LsmConfig,
    Op, StorageEngine, WorkloadConfig,
};

/// The fixed workload (with a crash + recovery after op 1500): 3000 ops, Zipf(0.9) over 500 keys, 50/40/5/5 mix, 24-byte values.
fn golden_ops() -> Vec<Op> {
    generate(WorkloadConfig::skewed_mix(20_240_301, 3000, 500, 24))
}

fn engines() -> Vec<(&'static str, Box<dyn StorageEngine>)> {
    vec![
        ("hash_log", Box::new(HashLog::new(HashLogConfig::default()))),
        ("lsm_leveled", Box::new(Lsm::new(LsmConfig::default()))),
        (
            "lsm_size_tiered",
            Box::new(Lsm::new(LsmConfig {
                strategy: CompactionStrategy::SizeTiered {
                    min_merge: 4,
                    max_merge: 32,
                    size_ratio_pct: 200,
                },
                ..LsmConfig::default()
            })),
        ),
        ("btree", Box::new(BTree::new(BTreeConfig::default()))),
    ]
}

/// First half of the ops, a crash and recovery, then the second half; the digest of
/// both halves' digests.
fn golden_run(engine: &mut dyn StorageEngine, ops: &[Op]) -> u64 {
    let (a, b) = ops.split_at(ops.len() / 2);
    let first = digest_run(engine, a);
    engine.crash();
    engine.recover().expect("recovery");
    let second = digest_run(engine, b);
    digest_of(&(first, second))
}

const GOLDEN: [(&str, u64); 4] = [
    ("hash_log", 0xfbcb8c9bdf707156),
    ("lsm_leveled", 0xf94bc3cc5e188376),
    ("lsm_size_tiered", 0xd580d3e9f996f451),
    ("btree", 0x3d9d3ad25264fccc),
];

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn golden_digests() {
    let ops = golden_ops();
    let mut report = String::new();
    let mut ok = true;
    for ((name, mut engine), (gname, want)) in engines().into_iter().zip(GOLDEN) {
        assert_eq!(name, gname);
        let got = golden_run(engine.as_mut(), &ops);
        report.push_str(&format!("(\"{name}\", 0x{got:016x}),\n"));
        ok &= got == want;
    }
    assert!(ok, "digests changed; actual:\n{report}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn digest_is_deterministic_and_sensitive() {
    let ops = golden_ops();
    let a = digest_run(&mut Lsm::new(LsmConfig::default()), &ops);
    let b = digest_run(&mut Lsm::new(LsmConfig::default()), &ops);
    assert_eq!(a, b);
    let c = digest_run(&mut Lsm::new(LsmConfig::default()), &ops[..ops.len() - 1]);
    assert_ne!(a, c);
    let d = digest_run(
        &mut Lsm::new(LsmConfig {
            bloom_bits_per_key: 9,
            ..LsmConfig::default()
        }),
        &ops,
    );
    assert_ne!(a, d, "the Bloom counters are part of the digest");
}
