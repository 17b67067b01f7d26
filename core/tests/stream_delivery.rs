//! Delivery guarantees of the stream world (DDIA ch. 11, "Fault Tolerance"), counted
//! from the sink's contents: a crash planned at each exact point of a consumer's
//! pipeline, and random fault schedules over many seeds. Exactly-once never loses or
//! duplicates; at-least-once never loses; at-most-once never duplicates.

use ddia_core::sim::{Action, LinkFaults, SimTime, Timed};
use ddia_core::stream::consumer::ConsumerConfig;
use ddia_core::stream::producer::ProducerConfig;
use ddia_core::stream::view::views;
use ddia_core::stream::{
    CrashPlan, CrashPoint, Delivery, Guarantee, StreamParams, StreamRun, FIRST_CONSUMER,
};
use proptest::prelude::*;

fn params(g: Guarantee) -> StreamParams {
    StreamParams {
        consumer: ConsumerConfig {
            guarantee: g,
            ..ConsumerConfig::default()
        },
        ..StreamParams::default()
    }
}

/// Runs until everything produced is committed (at most `limit_ms`).
fn settle(run: &mut StreamRun, limit_ms: u64) {
    let mut t = 0;
    while t < limit_ms && !(t > 1_300 && run.settled()) {
        t += 100;
        run.run_until(SimTime::from_millis(t));
    }
    assert_eq!(run.world.violation(), None);
}

fn crash_at(g: Guarantee, point: CrashPoint) -> (StreamRun, Delivery) {
    let plan = CrashPlan {
        consumer: 0,
        point,
        batch: 2,
        restart_after_us: 200_000,
    };
    let mut run = StreamRun::new(&params(g), 3, LinkFaults::default(), Some(plan));
    settle(&mut run, 20_000);
    let d = run.delivery();
    (run, d)
}

#[test]
fn a_quiet_run_delivers_every_effect_once_under_every_guarantee() {
    for g in Guarantee::ALL {
        let mut run = StreamRun::new(&params(g), 1, LinkFaults::default(), None);
        settle(&mut run, 20_000);
        assert!(run.settled(), "{g:?}: not settled");
        let d = run.delivery();
        assert_eq!((d.done, d.lost, d.duplicated), (60, 0, 0), "{g:?}");
        assert!(
            views(&run.history, run.sink(), run.rebuilder()).agrees(),
            "{g:?}"
        );
    }
}

#[test]
fn a_crash_after_the_commit_before_the_write_loses_the_batch_at_most_once() {
    let (run, d) = crash_at(Guarantee::AtMostOnce, CrashPoint::BeforeWrite);
    let crash = run.crashed.expect("the crash point is reached");
    assert!(crash.records() >= 1);
    assert_eq!((d.lost, d.duplicated), (crash.records(), 0), "{d:?}");
}

#[test]
fn a_crash_after_the_write_before_the_commit_duplicates_at_least_once() {
    let (run, d) = crash_at(Guarantee::AtLeastOnce, CrashPoint::BeforeCommit);
    let crash = run.crashed.expect("the crash point is reached");
    assert_eq!((d.lost, d.duplicated), (0, crash.records()), "{d:?}");
    let view = views(&run.history, run.sink(), run.rebuilder());
    assert!(!view.agrees(), "the duplicates inflate the live view");
}

#[test]
fn a_crash_inside_the_write_duplicates_at_least_once_and_loses_at_most_once() {
    let (run, alo) = crash_at(Guarantee::AtLeastOnce, CrashPoint::MidWrite);
    let crash = run
        .crashed
        .expect("a batch of two or more reaches the inside of its write");
    assert!(crash.written >= 1 && (crash.written as u64) < crash.records());
    assert_eq!(
        (alo.lost, alo.duplicated),
        (0, crash.written as u64),
        "{alo:?}"
    );
    let (run, amo) = crash_at(Guarantee::AtMostOnce, CrashPoint::MidWrite);
    let crash = run.crashed.expect("reached");
    let unwritten = crash.records() - crash.written as u64;
    assert_eq!((amo.lost, amo.duplicated), (unwritten, 0), "{amo:?}");
}

#[test]
fn exactly_once_survives_a_crash_at_every_point() {
    for g in [
        Guarantee::ExactlyOnceIdempotent,
        Guarantee::ExactlyOnceAtomic,
    ] {
        for point in CrashPoint::ALL {
            let (run, d) = crash_at(g, point);
            assert_eq!(
                (d.done, d.lost, d.duplicated),
                (60, 0, 0),
                "{g:?} {point:?}"
            );
            assert!(views(&run.history, run.sink(), run.rebuilder()).agrees());
        }
    }
}

#[test]
fn at_least_once_never_reaches_a_point_after_the_commit_before_the_write() {
    let (run, _) = crash_at(Guarantee::AtLeastOnce, CrashPoint::BeforeWrite);
    assert_eq!(run.crashed, None);
}

/// A random fault: a crash, a pause, or a burst of loss, at some time.
fn fault(consumers: usize) -> impl Strategy<Value = (u64, Action<ddia_core::stream::Request>)> {
    let node = FIRST_CONSUMER..FIRST_CONSUMER + consumers;
    let any_node = 0..FIRST_CONSUMER + consumers;
    (
        0u64..1_500_000,
        prop_oneof![
            node.clone().prop_map(Action::Crash),
            any_node.clone().prop_map(Action::Restart),
            (any_node, 1u64..400_000).prop_map(|(node, for_us)| Action::Pause { node, for_us }),
            (0u32..300_000, 0u32..200_000, 1_000u64..40_000).prop_map(|(loss, dup, lat)| {
                Action::SetLinks(LinkFaults {
                    latency_min_us: 1_000,
                    latency_max_us: lat,
                    loss_ppm: loss,
                    dup_ppm: dup,
                })
            }),
            Just(Action::SetLinks(LinkFaults::default())),
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random crashes, pauses, loss, duplication and delay: once every consumer is back
    /// and the links are healthy, the group catches up, and each guarantee keeps its
    /// promise, counted from the sink.
    #[test]
    fn each_guarantee_keeps_its_promise_under_random_faults(
        seed in any::<u64>(),
        g in prop::sample::select(Guarantee::ALL.to_vec()),
        consumers in 1u32..4,
        faults in prop::collection::vec(fault(3), 0..8),
        point in prop::option::of((prop::sample::select(CrashPoint::ALL.to_vec()), 1u64..6)),
    ) {
        let mut p = params(g);
        p.consumers = consumers;
        p.producer = ProducerConfig { events: 40, ..ProducerConfig::default() };
        let plan = point.map(|(point, batch)| CrashPlan { consumer: 0, point, batch, restart_after_us: 150_000 });
        let mut run = StreamRun::new(&p, seed, LinkFaults::default(), plan);
        let n = FIRST_CONSUMER + consumers as usize;
        for (at_us, action) in faults {
            if action.node().is_none_or(|x| x < n) {
                run.world.schedule(Timed { at_us, action });
            }
        }
        for node in 0..n {
            run.world.schedule(Timed { at_us: 2_000_000, action: Action::Restart(node) });
        }
        run.world.schedule(Timed { at_us: 2_000_000, action: Action::SetLinks(LinkFaults::default()) });
        let mut t = 2_000;
        while t < 30_000 && !run.settled() {
            t += 250;
            run.run_until(SimTime::from_millis(t));
        }
        prop_assert_eq!(run.world.violation(), None);
        prop_assert!(run.settled(), "never caught up by {} ms", t);
        let d = run.delivery();
        if g.no_loss() {
            prop_assert_eq!(d.lost, 0, "{:?} lost: {:?}", g, d);
        }
        if g.no_duplicate() {
            prop_assert_eq!(d.duplicated, 0, "{:?} duplicated: {:?}", g, d);
        }
        if g.no_loss() && g.no_duplicate() {
            prop_assert!(views(&run.history, run.sink(), run.rebuilder()).agrees());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Zombies: a consumer paused past its session timeout is replaced, then wakes up
    /// and finishes the batch it had in hand. The atomic sink must not apply both the
    /// zombie's batch and its successor's overlapping one.
    #[test]
    fn an_atomic_sink_fences_a_paused_consumers_late_write(
        seed in any::<u64>(),
        batch in 2u32..8,
        pauses in prop::collection::vec((0u64..1_300_000, 0usize..3, 300_000u64..900_000), 1..5),
    ) {
        let mut p = params(Guarantee::ExactlyOnceAtomic);
        p.consumers = 3;
        p.consumer.batch = batch;
        let mut run = StreamRun::new(&p, seed, LinkFaults::default(), None);
        for (at_us, c, for_us) in pauses {
            run.world.schedule(Timed { at_us, action: Action::Pause { node: FIRST_CONSUMER + c, for_us } });
        }
        let mut t = 0;
        while t < 30_000 && !(t > 2_500 && run.settled()) {
            t += 250;
            run.run_until(SimTime::from_millis(t));
        }
        prop_assert!(run.settled());
        let d = run.delivery();
        prop_assert_eq!((d.lost, d.duplicated), (0, 0), "{:?}", d);
    }
}

/// A crash planned inside the sink write of batch 2 happens under every guarantee
/// whose write has an inside, in the first batch of two records or more from batch 2
/// on, whatever the fetches returned; the atomic write and 1-record batches say why not.
#[test]
fn a_crash_inside_the_write_happens_in_the_first_batch_of_two_or_more() {
    use ddia_core::link::LabLink;
    use ddia_core::stream::lab::StreamLab;
    use ddia_core::stream::scenario::StreamScenario;
    let run = |q: &str| {
        let mut lab = StreamLab::new(&StreamScenario::from_query(q).unwrap());
        lab.finish();
        lab
    };
    for base in ["seed=1&crash=1.mid.2", "seed=7&batch=8&crash=1.mid.2"] {
        for g in ["amo", "alo", "eo"] {
            let lab = run(&format!("{base}&guarantee={g}"));
            let c = lab
                .run
                .crashed
                .unwrap_or_else(|| panic!("{base} {g}: no crash"));
            assert!(c.batch >= 2 && c.records() >= 2, "{base} {g}: {c:?}");
            assert!(c.written >= 1 && (c.written as u64) < c.records(), "{c:?}");
        }
        let atomic = run(&format!("{base}&guarantee=eot"));
        assert!(atomic.run.crashed.is_none() && atomic.run.missed.is_some());
    }
    let single = run("batch=1&crash=1.mid.2");
    assert!(single.run.crashed.is_none() && single.run.missed.is_some());
}
