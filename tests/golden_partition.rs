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
    ("lab=partition&scn=mod-vs-ring", 0xfad7_f1ac_00dd_54e1),
    ("lab=partition&scn=ring-60", 0x24eb_d128_5319_5c68),
    ("lab=partition&scn=celebrity", 0xd6bc_521e_28ff_ad5a),
    ("lab=partition&scn=timestamps", 0x1246_5fa5_96a0_b407),
    ("lab=partition&scn=stale-route", 0xe00a_41f7_635c_621e),
    ("lab=partition&scn=secondary-index", 0x96d5_4c2f_ae64_a789),
    // Zipf requests on key ranges, a hot split, nodes in and out, a routing tier.
    (
        "lab=partition&seed=9&strategy=range&dist=zipf&zipf=120&split=2048&route=tier&act=w3000,x,a,q5,d2,q5,n,w500",
        0x413d_1e54_0e61_bca9),
    // Manual rebalancing of proportional partitions with salting; the add while the
    // removal waits for approval is refused (one plan at a time).
    (
        "lab=partition&seed=4&strategy=prop&vnodes=16&rebal=manual&dist=celeb&act=a,ok,k4,w1000,d1,a,ok",
        0x31c4_9e6b_bac7_bff2),
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

/// A fixed-partition rebalance over a lossy, duplicating network with a crash in the
/// middle: the kernel's trace digest (every message, timer and note).
#[test]
fn golden_rebalance_over_the_network() {
    use ddia_core::partition::rebalance::{coordinator, rebalance_world, RebalanceParams, Request};
    use ddia_core::partition::KeySet;
    use ddia_core::sim::{Action, LinkFaults, SimTime, Timed};
    let params = RebalanceParams {
        nodes: 4,
        initial: 3,
        partitions: 32,
        manual: false,
        routers: 0,
    };
    let links = LinkFaults {
        latency_min_us: 1_000,
        latency_max_us: 30_000,
        loss_ppm: 200_000,
        dup_ppm: 100_000,
    };
    let mut w = rebalance_world(params, &KeySet::sequential(2_000, 16), 11, links);
    let client = |at_us, request| Timed {
        at_us,
        action: Action::Client { node: 0, request },
    };
    w.schedule(client(0, Request::Join(4)));
    w.schedule(Timed {
        at_us: 150_000,
        action: Action::Crash(4),
    });
    w.schedule(Timed {
        at_us: 900_000,
        action: Action::Restart(4),
    });
    w.run_until(SimTime::from_millis(10_000));
    assert_eq!(w.violation(), None);
    assert!(
        coordinator(&w).is_some_and(|c| c.moves.is_empty()),
        "every move done"
    );
    assert!(w.events_processed() > 100, "too quiet");
    let expected: u64 = 0x07df_3e8b_bf05_b966;
    assert_eq!(w.digest(), expected, "digest is {:#018x}", w.digest());
}
