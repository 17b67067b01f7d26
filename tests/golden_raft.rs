//! Golden digests of fixed Raft scenarios. The same file runs natively (`cargo test`)
//! and on wasm32 under Node (`wasm-pack test --node tests`),
//! so equal constants prove native and wasm runs are identical, event for event.
//!
//! How the constants were obtained: run natively with a constant set to 0; the failure
//! message prints the actual digest. A change means the protocol's observable
//! behaviour changed: update a constant only when that change is intended.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ddia_core::consensus::raft::Scenario;
use ddia_core::link::LabLink;

/// (scenario query, expected digest). Last changed when a client redirected by a
/// follower began to retry at the leader the follower names, a round trip later (Raft
/// §8; `RaftReply::NotLeader` now carries the command): every scenario here sends
/// commands to followers, whose replies and retries changed.
const GOLDEN: &[(&str, u64)] = &[
    // Five servers elect a leader and replicate two commands.
    (
        "seed=1&t=2000000&act=800000:q1=5,800000:q2=5,800000:q3=5,800000:q4=5,800000:q5=5,1200000:q1=6,1200000:q2=6,1200000:q3=6,1200000:q4=6,1200000:q5=6",
        0x7c6a67b63bb5cb5d,
    ),
    // Lossy, duplicating links with a crash and restart.
    (
        "seed=7&n=7&loss=10&dup=5&lat=1-40&t=5000000&act=1000000:c1,1000000:c2,2500000:r1,3000000:q3=9",
        0xa7f407853f034778,
    ),
    // A partition that isolates two servers, then heals; pauses and clock skew.
    (
        "seed=42&n=5&el=100-200&hb=30&t=6000000&act=500000:P1.2,700000:q3=1,700000:q4=1,700000:q5=1,2000000:p4/400000,2500000:k5/-20000,4000000:h,4500000:q1=2,4500000:q2=2,4500000:q3=2,4500000:q4=2,4500000:q5=2",
        0xac2ea3d74d0c37c1,
    ),
];

#[test]
fn golden_raft_digests() {
    for (query, expected) in GOLDEN {
        let scenario = Scenario::from_query(query).expect("valid golden scenario");
        let world = scenario.build_raft(0).unwrap();
        assert!(
            world.violation().is_none(),
            "{query}: {:?}",
            world.violation()
        );
        assert!(world.events_processed() > 100, "{query}: too quiet");
        assert_eq!(
            world.digest(),
            *expected,
            "{query}: digest is {:#018x}",
            world.digest()
        );
    }
}
