//! Golden digests of fixed partitioning-lab scenarios (DDIA ch. 6). The same file runs
//! natively (`cargo test`) and on wasm32 under Node (`wasm-pack test --node tests`), so
//! equal constants prove native and wasm runs identical: hashes, token placement,
//! splits, requests and routes.
//!
//! How the constants were obtained: run natively with a constant set to 0; the failure
//! message prints the actual digest. A change means the lab's observable behaviour
//! changed: update a constant only when that change is intended.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ddia_core::link::LabLink;
use ddia_core::partition::lab::PartitionLab;
use ddia_core::partition::scenario::PartitionScenario;

/// (scenario query, expected digest).
const GOLDEN: &[(&str, u64)] = &[
    // Every book scenario, played to its end.
    ("lab=partition&scn=mod-vs-ring", 0xa02f_9762_f5dd_ee60),
    ("lab=partition&scn=ring-60", 0x503f_62d1_8d75_d757),
    ("lab=partition&scn=celebrity", 0x0587_3d7b_71df_60a4),
    ("lab=partition&scn=timestamps", 0xb438_6d25_731c_1298),
    ("lab=partition&scn=stale-route", 0xdccf_28c6_c1cb_dc3f),
    ("lab=partition&scn=secondary-index", 0x9a40_f5a5_40c2_a647),
    // Zipf requests on key ranges, a hot split, nodes in and out, a routing tier.
    (
        "lab=partition&seed=9&strategy=range&dist=zipf&zipf=120&split=2048&route=tier&act=w3000,x,a,q5,d2,q5,n,w500",
        0xbec2_e43d_693a_554b,
    ),
    // Manual rebalancing of proportional partitions with salting.
    (
        "lab=partition&seed=4&strategy=prop&vnodes=16&rebal=manual&dist=celeb&act=a,ok,k4,w1000,a,d1,ok",
        0x52f8_e59c_142c_f5d1,
    ),
];

#[test]
fn golden_partition_digests() {
    let mut report = String::new();
    let mut ok = true;
    for (query, expected) in GOLDEN {
        let mut s = PartitionScenario::from_query(query).expect("valid golden scenario");
        s.position = None;
        let mut lab = PartitionLab::new(&s);
        lab.finish();
        assert_eq!(lab.violation(), None, "{query}");
        assert!(lab.done() > 0, "{query}: nothing ran");
        let got = lab.digest();
        report.push_str(&format!("{query}: {got:#018x}\n"));
        ok &= got == *expected;
    }
    assert!(ok, "digests changed; actual:\n{report}");
}
