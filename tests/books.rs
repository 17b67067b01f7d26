//! Every book scenario of every lab plays to its expected outcome with no invariant
//! broken, and reloads from its own link (short `scn=` form and full form).

use ddia_core::book::BookScenario;
use ddia_core::consensus::raft::Scenario;
use ddia_core::partition::scenario::PartitionScenario;
use ddia_core::storage::lab_scenario::StorageScenario;
use ddia_core::stream::scenario::StreamScenario;
use ddia_tests::LabUnderTest;

fn every_scenario_meets_its_outcome<L: LabUnderTest>() {
    let book: &[BookScenario<L, L::World>] = L::book();
    assert!(!book.is_empty(), "the {} lab has no book scenarios", L::LAB);
    for b in book {
        let world = b.scenario().play();
        if let Some(v) = L::violation(&world) {
            panic!("{} {}: {v}", L::LAB, b.name);
        }
        if let Err(e) = b.check(&world) {
            panic!("{} {}: {e}", L::LAB, b.name);
        }
    }
}

fn every_scenario_reloads_from_its_link<L: LabUnderTest>() {
    for b in L::book() {
        let s = b.scenario();
        let q = s.to_query();
        let head = format!("lab={}&scn={}&", L::LAB, b.name);
        assert!(q.starts_with(&head), "{q}");
        assert_eq!(L::from_query(&q).as_ref(), Ok(&s), "{q}");
        let short = format!("lab={}&scn={}", L::LAB, b.name);
        assert_eq!(L::from_query(&short).as_ref(), Ok(&s), "{short}");
        let mut cleared = s.clone();
        cleared.set_inputs(Vec::new());
        let q = cleared.to_query();
        assert_eq!(L::from_query(&q).as_ref(), Ok(&cleared), "{q}");
    }
}

#[test]
fn raft_book_scenarios_meet_their_outcomes() {
    every_scenario_meets_its_outcome::<Scenario>();
}

#[test]
fn storage_book_scenarios_meet_their_outcomes() {
    every_scenario_meets_its_outcome::<StorageScenario>();
}

#[test]
fn partition_book_scenarios_meet_their_outcomes() {
    every_scenario_meets_its_outcome::<PartitionScenario>();
}

#[test]
fn stream_book_scenarios_meet_their_outcomes() {
    every_scenario_meets_its_outcome::<StreamScenario>();
}

#[test]
fn book_scenarios_reload_from_their_links() {
    every_scenario_reloads_from_its_link::<StreamScenario>();
    every_scenario_reloads_from_its_link::<Scenario>();
    every_scenario_reloads_from_its_link::<StorageScenario>();
    every_scenario_reloads_from_its_link::<PartitionScenario>();
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]

    /// Any run a link can carry plays to its end without a panic and with every
    /// strategy's placement invariant intact (one owner per key, spans that tile).
    #[test]
    fn any_partition_run_keeps_the_placement_invariant(s in ddia_tests::partition_scenario()) {
        let lab = s.play();
        proptest::prop_assert_eq!(PartitionScenario::violation(&lab), None);
        proptest::prop_assert_eq!(lab.done(), lab.total());
    }

    /// Any stream run a link can carry plays its story without a panic, with the log
    /// append-only and offsets moving forward except by a replay, and its windows and
    /// counts computable.
    #[test]
    fn any_stream_run_keeps_its_invariants(s in ddia_tests::stream_scenario()) {
        let lab = s.play();
        proptest::prop_assert_eq!(StreamScenario::violation(&lab), None);
        let d = lab.delivery();
        proptest::prop_assert!(d.lost + d.pending <= d.done);
        proptest::prop_assert!(d.lost_to_retention <= d.lost);
        // Every event the group processed reaches the windowing operator on time or late.
        let w = lab.windows();
        let seen: std::collections::BTreeSet<u64> =
            w.accepted.iter().chain(&w.late).copied().collect();
        proptest::prop_assert_eq!(seen.len(), lab.processed().len());
        let _ = (lab.view(), lab.run.lag());
    }
}
