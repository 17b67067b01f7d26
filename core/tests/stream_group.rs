//! The consumer group on the kernel (DDIA ch. 11, "Partitioned Logs"): a member that
//! misses its heartbeats for a session timeout is declared dead and its partitions move;
//! a rebalance pauses the whole group; a member that leaves or joins rebalances it; and
//! the live checker stops a run whose committed offset goes backwards without a replay.

use ddia_core::sim::{Action, LinkFaults, SimTime, Timed};
use ddia_core::stream::msg::Invariant;
use ddia_core::stream::{Member, Request, StreamParams, StreamRun, BROKER, FIRST_CONSUMER};

fn run() -> StreamRun {
    StreamRun::new(&StreamParams::default(), 2, LinkFaults::default(), None)
}

fn at(run: &mut StreamRun, at_us: u64, action: Action<Request>) {
    run.world.schedule(Timed { at_us, action });
}

fn owned(run: &StreamRun, member: usize) -> Vec<u32> {
    run.broker()
        .group
        .assignment
        .get(&member)
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_silent_member_is_declared_dead_and_its_partitions_move() {
    let mut r = run();
    r.run_until(SimTime::from_millis(300));
    let (c1, c2) = (FIRST_CONSUMER, FIRST_CONSUMER + 1);
    assert_eq!(
        (owned(&r, c1), owned(&r, c2)),
        (vec![0, 1], vec![2]),
        "range assignor"
    );
    at(&mut r, 300_000, Action::Crash(c1));
    r.run_until(SimTime::from_millis(550));
    assert_eq!(r.broker().group.expirations, 0, "within the 300 ms session");
    let lag = r.lag();
    assert!(lag[0] + lag[1] > 0, "C1's partitions fall behind: {lag:?}");
    r.run_until(SimTime::from_millis(800));
    assert_eq!(r.broker().group.expirations, 1);
    assert_eq!(owned(&r, c2), vec![0, 1, 2]);
    r.run_until(SimTime::from_millis(3_000));
    assert_eq!(r.lag(), vec![0, 0, 0], "C2 has caught up");
}

#[test]
fn a_rebalance_pauses_the_group() {
    let mut r = run();
    r.run_until(SimTime::from_millis(400));
    let before = r.broker().group.rebalances;
    at(
        &mut r,
        400_000,
        Action::Client {
            node: FIRST_CONSUMER + 1,
            request: Request::Leave,
        },
    );
    r.run_until(SimTime::from_millis(430));
    let g = &r.broker().group;
    assert_eq!(g.rebalances, before + 1);
    assert!(
        g.rebalancing_until.is_some() && g.assignment.is_empty(),
        "paused: nobody owns anything"
    );
    let committed = r.broker().committed.clone();
    r.run_until(SimTime::from_millis(455));
    assert_eq!(
        r.broker().committed[2],
        committed[2],
        "the member that left commits nothing while the group is paused (C1, still in \
         the group, may commit its revoked partitions)"
    );
    r.run_until(SimTime::from_millis(600));
    assert_eq!(
        owned(&r, FIRST_CONSUMER),
        vec![0, 1, 2],
        "the one member left owns all"
    );
    at(
        &mut r,
        600_000,
        Action::Client {
            node: FIRST_CONSUMER + 1,
            request: Request::Join,
        },
    );
    r.run_until(SimTime::from_millis(800));
    assert_eq!(owned(&r, FIRST_CONSUMER + 1), vec![2], "joined again");
}

/// The operator's request to read `partition` again from offset 0.
fn replay_from_0(partition: u32) -> Action<Request> {
    Action::Client {
        node: BROKER,
        request: Request::Replay {
            partition,
            offset: 0,
        },
    }
}

#[test]
fn a_replay_sets_an_offset_back_and_the_checker_allows_only_that() {
    let mut r = run();
    at(&mut r, 1_900_000, replay_from_0(0));
    r.run_until(SimTime::from_millis(1_950));
    assert_eq!(r.broker().committed[0], 0);
    assert_eq!(r.world.violation(), None);
    r.run_until(SimTime::from_millis(3_000));
    assert_eq!(
        r.broker().committed[0],
        r.broker().partitions[0].end(),
        "read again to the end"
    );
    assert!(r.broker().committed[0] > 0);
    // A planted bug: the offset goes back without a replay.
    if let Some(Member::Broker(b)) = r.world.process_mut(BROKER) {
        b.committed[1] = 0;
    }
    r.run_until(SimTime::from_millis(3_100));
    let (_, v) = r.world.violation().expect("the checker stops the run");
    assert_eq!(v.invariant, Invariant::OffsetsForward);
}

/// hs11 W2: "Replay every partition from offset 0" is one admin reset of the group's
/// committed offsets: one rebalance, not one per partition, and every partition is
/// read again from 0 to its end.
#[test]
fn resetting_every_partition_at_once_is_one_rebalance() {
    let mut r = run();
    r.run_until(SimTime(1_899_999));
    let before = r.broker().group.rebalances;
    for partition in 0..3 {
        at(&mut r, 1_900_000, replay_from_0(partition));
    }
    r.run_until(SimTime(1_900_001));
    assert_eq!(
        r.broker().group.rebalances,
        before + 1,
        "one rebalance for the three resets"
    );
    r.run_until(SimTime::from_millis(1_950));
    assert_eq!(r.broker().committed, [0, 0, 0]);
    assert_eq!(r.broker().replays, [1, 1, 1]);
    r.run_until(SimTime::from_millis(6_000));
    assert_eq!(r.world.violation(), None);
    for (p, log) in r.broker().partitions.iter().enumerate() {
        assert!(log.end() > 0);
        assert_eq!(
            r.broker().committed[p],
            log.end(),
            "P{p} read again to the end"
        );
    }
}

#[test]
fn the_narration_tells_a_death_and_the_rebalance_it_causes() {
    let mut r = run();
    r.world.set_trace_capacity(100_000);
    at(&mut r, 300_000, Action::Crash(FIRST_CONSUMER));
    r.run_until(SimTime::from_millis(800));
    let lines: Vec<String> = r
        .world
        .trace()
        .recent()
        .filter_map(|rec| ddia_core::stream::narrate::event(&rec.event))
        .collect();
    let find = |words: &str| lines.iter().position(|l| l.contains(words));
    let crash = find("C1 crashes").expect("the crash is told");
    let dead = find("C1 is declared dead").expect("the death is told");
    let assigned = find("C2 reads P0 P1 P2").expect("the new assignment is told");
    assert!(crash < dead && dead < assigned, "{lines:#?}");
}
