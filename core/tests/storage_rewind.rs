//! Seeking in the storage lab (issue 18): a seek from the nearest checkpoint equals
//! replaying the run from operation 0 (the whole lab compared), for random runs with
//! actions of the learner's, seeks back and actions taken at past moments (forks,
//! which make later checkpoints stale).

use ddia_core::link::LabLink;
use ddia_core::sim::Checkpoints;
use ddia_core::storage::lab::rewind::seek;
use ddia_core::storage::lab::{LabAction, StorageLab};
use ddia_core::storage::lab_scenario::StorageScenario;
use proptest::prelude::*;

/// What a learner does next.
#[derive(Clone, Debug)]
enum Move {
    /// Play `n` operations.
    Play(u32),
    /// Take an action now.
    Act(LabAction),
    /// Seek to this share (per mille) of the run so far.
    Seek(u64),
}

fn action() -> impl Strategy<Value = LabAction> {
    prop_oneof![
        (0..40u64).prop_map(|k| LabAction::Put(k, b"v".to_vec())),
        (0..40u64).prop_map(LabAction::Delete),
        Just(LabAction::Flush),
        Just(LabAction::Compact),
        Just(LabAction::Crash),
        Just(LabAction::Recover),
        (1..6u32).prop_map(LabAction::CrashAfter),
    ]
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    let one = prop_oneof![
        4 => (1..60u32).prop_map(Move::Play),
        2 => action().prop_map(Move::Act),
        2 => (0..=1000u64).prop_map(Move::Seek),
    ];
    proptest::collection::vec(one, 1..30)
}

/// The page's old seek: the run rebuilt from operation 0 and stepped to `position`.
fn replayed(scenario: &StorageScenario, position: u64) -> StorageLab {
    let mut lab = StorageLab::new(&StorageScenario {
        position: Some(position),
        ..scenario.clone()
    });
    while lab.clock() < position && lab.step() {}
    lab
}

/// Plays `moves` on the lab of `query` as the page does (a checkpoint offered after
/// each change, the later ones dropped by an action at a past moment); every seek must
/// equal the replay from the start.
fn seeks_equal_replays(query: &str, moves: &[Move], spacing: u64) -> Result<(), TestCaseError> {
    let mut lab = StorageLab::new(&StorageScenario::from_query(query).unwrap());
    let mut store = Checkpoints::new(8, spacing);
    store.offer(lab.clock(), lab.clock(), || lab.clone());
    for m in moves {
        match m {
            Move::Play(n) => {
                for _ in 0..*n {
                    lab.step();
                }
            }
            Move::Act(a) => {
                store.truncate_after(lab.clock());
                lab.apply(a.clone());
            }
            Move::Seek(share) => {
                let to = lab.clock() * share / 1000;
                let scenario = lab.scenario();
                let sought = seek(&store, &scenario, to);
                let fresh = replayed(&scenario, to);
                prop_assert_eq!(
                    format!("{sought:?}"),
                    format!("{fresh:?}"),
                    "seek to {}",
                    to
                );
                lab = sought;
            }
        }
        store.offer(lab.clock(), lab.clock(), || lab.clone());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_seek_from_a_checkpoint_equals_a_replay(
        engine in prop_oneof![Just("lsm"), Just("btree"), Just("hash"), Just("race")],
        seed in 1..50u64,
        spacing in 1..40u64,
        moves in moves(),
    ) {
        let query = format!("engine={engine}&seed={seed}&ops=600&mem=200");
        seeks_equal_replays(&query, &moves, spacing)?;
    }
}

/// A fixed case that forks: play, seek back, act (later checkpoints stale), play on,
/// seek again across the fork.
#[test]
fn a_seek_across_a_fork_replays_the_forked_run() {
    let moves = [
        Move::Play(200),
        Move::Seek(300),
        Move::Act(LabAction::Crash),
        Move::Act(LabAction::Recover),
        Move::Play(100),
        Move::Seek(900),
        Move::Seek(100),
    ];
    seeks_equal_replays("engine=lsm&seed=3&ops=600", &moves, 10).unwrap();
}
