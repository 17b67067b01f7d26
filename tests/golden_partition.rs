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
    ("lab=partition&scn=mod-vs-ring", 0x01d5_95a0_5b57_4bfd),
    ("lab=partition&scn=ring-60", 0x973e_ec6e_790d_53d0),
    ("lab=partition&scn=celebrity", 0x7397_5ba7_1a31_8481),
    ("lab=partition&scn=timestamps", 0xa3c4_a6ca_600b_2aa7),
    ("lab=partition&scn=stale-route", 0x527a_2687_8b6e_4ef5),
    // Zipf requests on key ranges, a hot split, nodes in and out, a routing tier.
    (
        "lab=partition&seed=9&strategy=range&dist=zipf&zipf=120&split=2048&route=tier&act=w3000,x,a,q5,d2,q5,n,w500",
        0x3f7d_bdcf_bd5b_2c83,
    ),
    // Manual rebalancing of proportional partitions with salting.
    (
        "lab=partition&seed=4&strategy=prop&vnodes=16&rebal=manual&dist=celeb&act=a,ok,k4,w1000,a,d1,ok",
        0x8c05_6e6a_6a2d_e5f3,
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
