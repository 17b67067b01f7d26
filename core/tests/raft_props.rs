//! Raft under random faults: safety in a faulty phase, liveness once healed
//! (TigerBeetle VOPR style: each seed expands into a fault schedule).

mod common;

use ddia_core::consensus::raft::RaftTimer;
use ddia_core::consensus::raft::{cluster, leader, RaftParams, RaftWorld};
use ddia_core::sim::{Action, Event, LinkFaults, SimTime, Timed};
use proptest::prelude::*;

/// Length of the faulty phase.
const FAULTY_US: u64 = 8_000_000;
/// Bound on electing a leader once every fault is healed.
const ELECT_BOUND_US: u64 = 5_000_000;
/// Bound on committing a command once a leader is known.
const COMMIT_BOUND_US: u64 = 3_000_000;
/// A client that hears nothing for this long sends its command again.
const CLIENT_RETRY_US: u64 = 300_000;

fn faulty_world(seed: u64, nodes: usize) -> RaftWorld {
    common::faulty_world(seed, nodes, FAULTY_US)
}

/// Repairs everything: heals the network, restores healthy links, restarts every node.
fn heal(world: &mut RaftWorld) {
    world.act(Action::Heal);
    world.act(Action::SetLinks(LinkFaults::default()));
    for n in 0..world.nodes().len() {
        world.act(Action::Restart(n));
    }
}

/// Runs in 10 ms slices until `done` holds or `bound_us` passes; returns whether it held.
fn within(world: &mut RaftWorld, bound_us: u64, done: impl Fn(&RaftWorld) -> bool) -> bool {
    let end = world.now().plus(bound_us);
    while world.now() < end && world.violation().is_none() {
        if done(world) {
            return true;
        }
        world.run_for(10_000);
    }
    done(world)
}

/// True when some server has `command` in its committed prefix.
fn committed(world: &RaftWorld, command: u64) -> bool {
    world.nodes().iter().any(|n| {
        let p = &n.process;
        let upto = p.commit_index() as usize;
        p.log()
            .entries()
            .take(upto)
            .any(|e| e.command == Some(command))
    })
}

/// A client sends `command` to the leader and, like a real client, sends it again to
/// the then leader whenever it has not heard of a commit for a while (a leader may lose
/// its term before replicating). True if committed within the bound.
fn client_commits(world: &mut RaftWorld, command: u64) -> bool {
    let end = world.now().plus(COMMIT_BOUND_US);
    while world.now() < end && world.violation().is_none() {
        if let Some((l, _)) = leader(world) {
            world.act(Action::Client {
                node: l,
                request: command,
            });
        }
        if within(world, CLIENT_RETRY_US, |w| committed(w, command)) {
            return true;
        }
    }
    false
}

fn check_seed(seed: u64, nodes: usize) -> Result<(), TestCaseError> {
    check_run(faulty_world(seed, nodes))
}

/// Runs the faulty phase of `world`, heals it, and checks safety throughout and liveness
/// after healing.
fn check_run(mut world: RaftWorld) -> Result<(), TestCaseError> {
    world.run_until(SimTime(FAULTY_US));
    prop_assert!(world.violation().is_none(), "{:?}", world.violation());

    heal(&mut world);
    // A leader whose term no other node exceeds (a stale leader does not count).
    let stable = |w: &RaftWorld| {
        leader(w).is_some_and(|(_, t)| w.nodes().iter().all(|n| n.process.current_term() <= t))
    };
    let elected = within(&mut world, ELECT_BOUND_US, stable);
    prop_assert!(world.violation().is_none(), "{:?}", world.violation());
    prop_assert!(elected, "no leader after healing");
    prop_assert!(
        client_commits(&mut world, 1_000),
        "command not committed after healing"
    );
    prop_assert!(world.violation().is_none(), "{:?}", world.violation());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn raft_is_safe_under_faults_and_live_once_healed(seed in any::<u64>(), nodes in 3usize..=7) {
        check_seed(seed, nodes)?;
    }
}

#[test]
fn fixed_seeds_have_eventful_runs() {
    // The schedules really do crash, partition and lose: the test is not vacuous.
    let mut dropped = 0;
    let mut crashes = 0;
    for seed in 0..20 {
        let mut w = faulty_world(seed, 5);
        w.set_trace_capacity(1_000_000);
        w.run_until(SimTime(FAULTY_US));
        for r in w.trace().recent() {
            match r.event {
                ddia_core::sim::Event::Dropped { .. } => dropped += 1,
                ddia_core::sim::Event::Crashed(_) => crashes += 1,
                _ => {}
            }
        }
        check_seed(seed, 5).unwrap();
    }
    assert!(
        dropped > 100 && crashes > 10,
        "dropped {dropped}, crashes {crashes}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// `run_until(t)` stops at `t` exactly, even when the next queued item is a
    /// cancelled election timer and the event after it lies beyond `t` (it used to run
    /// that later event, so the clock and live actions jumped ahead).
    #[test]
    fn run_until_never_runs_past_its_target(seed in any::<u64>(), step_us in 1u64..20_000) {
        let mut w = faulty_world(seed, 5);
        let mut t = 0;
        while t < 3_000_000 {
            t += step_us;
            w.run_until(SimTime(t));
            if w.violation().is_some() {
                break;
            }
            prop_assert_eq!(w.now(), SimTime(t));
            let late = w.trace().recent().next_back().map_or(0, |r| r.at.as_micros());
            prop_assert!(late <= t, "an event at {} µs ran before {} µs", late, t);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// Clock drift (DDIA ch. 8) changes when servers time out, never what Raft decides:
    /// every server's clock runs up to 20 % fast or slow under the same random faults,
    /// and the run stays safe and elects and commits once healed (Raft §5.6: safety
    /// does not depend on timing; liveness needs heartbeats well inside the timeout,
    /// which 20 % keeps).
    #[test]
    fn drifting_clocks_keep_raft_safe(
        seed in any::<u64>(),
        drifts in proptest::collection::vec(-200_000i32..=200_000, 5),
    ) {
        let mut world = faulty_world(seed, 5);
        for (node, ppm) in drifts.into_iter().enumerate() {
            world.schedule(Timed { at_us: 0, action: Action::Drift { node, ppm } });
        }
        check_run(world)?;
    }
}

/// When S1's election timers fire, alone behind a partition (so only its own clock
/// decides), with its clock drifting `ppm`: restarted after the drift is set, so every
/// timer it arms runs on the drifting clock.
fn lonely_timeouts(ppm: i32) -> Vec<u64> {
    let mut w = cluster(RaftParams::default(), 7, LinkFaults::default(), 100_000).unwrap();
    w.act(Action::Partition { side: 1 });
    w.act(Action::Drift { node: 0, ppm });
    w.act(Action::Crash(0));
    w.act(Action::Restart(0));
    w.run_until(SimTime::from_millis(2_000));
    w.trace()
        .recent()
        .filter(|r| {
            matches!(
                r.event,
                Event::TimerFired {
                    node: 0,
                    timer: RaftTimer::Election
                }
            )
        })
        .map(|r| r.at.as_micros())
        .collect()
}

#[test]
fn drift_moves_election_timeouts_and_a_steady_offset_does_not() {
    let steady = lonely_timeouts(0);
    assert!(steady.len() >= 4, "{steady:?}");
    // 10 % fast: each local timeout d ends after d / 1.1 of simulated time (rounded
    // up), one timeout after another.
    let fast = lonely_timeouts(100_000);
    let gaps = |times: &[u64]| -> Vec<u64> {
        core::iter::once(0)
            .chain(times.iter().copied())
            .collect::<Vec<_>>()
            .windows(2)
            .map(|w| w[1] - w[0])
            .collect()
    };
    let expected: Vec<u64> = gaps(&steady)
        .iter()
        .map(|d| (d * 1_000_000).div_ceil(1_100_000))
        .collect();
    assert_eq!(gaps(&fast)[..4], expected[..4]);
    // 10 % slow: later.
    let slow = lonely_timeouts(-100_000);
    assert!(slow[0] > steady[0] && slow.len() < steady.len(), "{slow:?}");
    // A clock stepped 200 ms ahead times out exactly when an exact clock does.
    let timeouts = |skew_us: i64| {
        let mut w = cluster(RaftParams::default(), 7, LinkFaults::default(), 100_000).unwrap();
        w.act(Action::Skew { node: 0, skew_us });
        w.run_until(SimTime::from_millis(3_000));
        let fired: Vec<(u64, usize)> = w
            .trace()
            .recent()
            .filter_map(|r| match r.event {
                Event::TimerFired { node, .. } => Some((r.at.as_micros(), node)),
                _ => None,
            })
            .collect();
        (fired, leader(&w))
    };
    assert_eq!(timeouts(0), timeouts(200_000));
}
