//! Rewind (issue 18): a checkpoint of a world under random faults runs to exactly the
//! events of the original, and a checkpoint store restores the state that running from
//! the start reaches, for random seek targets.

mod common;

use ddia_core::consensus::raft::RaftWorld;
use ddia_core::sim::{Checkpoints, SimTime};
use proptest::prelude::*;

const RUN_US: u64 = 4_000_000;

fn faulty_world(seed: u64, nodes: usize) -> RaftWorld {
    common::faulty_world(seed, nodes, RUN_US)
}

/// What two runs must agree on: time, events and the digest of every event.
fn fingerprint(w: &RaftWorld) -> (SimTime, u64, u64) {
    (w.now(), w.events_processed(), w.digest())
}

/// Seeks to `targets` through a small store of checkpoints taken in 10 ms frames; each
/// must equal a run from the start.
fn seeks_equal_fresh_runs(seed: u64, spacing: u64, targets: &[u64]) -> Result<(), TestCaseError> {
    let mut live = faulty_world(seed, 5);
    let mut store = Checkpoints::new(6, spacing);
    store.offer(0, 0, || live.checkpoint());
    while live.now() < SimTime(RUN_US) && live.violation().is_none() {
        live.run_for(10_000);
        store.offer(live.now().as_micros(), live.events_processed(), || {
            live.checkpoint()
        });
        prop_assert!(store.len() <= 6);
    }
    for &t in targets {
        let from = store.at_or_before(t).expect("the start is always kept");
        prop_assert!(from.position <= t);
        let mut seeked = from.state.checkpoint();
        seeked.run_until(SimTime(t));
        let mut fresh = faulty_world(seed, 5);
        fresh.run_until(SimTime(t));
        prop_assert_eq!(
            fingerprint(&seeked),
            fingerprint(&fresh),
            "seek to {} µs",
            t
        );
    }
    Ok(())
}

/// The same check on fixed seeds, natively and on wasm32 (Node): proptest's cases run
/// natively only.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn seeks_equal_fresh_runs_on_this_platform() {
    for seed in 0..4 {
        seeks_equal_fresh_runs(seed, 2_000, &[0, 1_234_567, 3_999_999, 450_000]).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_checkpoint_runs_to_the_same_events_as_the_original(
        seed in any::<u64>(), nodes in 3usize..=5, split in 1u64..RUN_US,
    ) {
        let mut original = faulty_world(seed, nodes);
        original.run_until(SimTime(split));
        let mut copy = original.checkpoint();
        prop_assert_eq!(copy.trace().recent().count(), 0, "a checkpoint keeps no recent events");
        original.run_until(SimTime(RUN_US));
        copy.run_until(SimTime(RUN_US));
        prop_assert_eq!(fingerprint(&copy), fingerprint(&original));
    }

    #[test]
    fn a_seek_through_checkpoints_equals_running_from_the_start(
        seed in any::<u64>(),
        targets in proptest::collection::vec(0u64..RUN_US, 1..6),
        spacing in 500u64..20_000,
    ) {
        // A small store (6 copies), so it thins several times on the way.
        seeks_equal_fresh_runs(seed, spacing, &targets)?;
    }
}
