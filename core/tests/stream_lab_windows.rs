//! The stream lab's windowing runs in the consumer group (DDIA ch. 11, "Event time
//! versus processing time"): an event enters the operator when its consumer processes
//! it, so a crashed or lagging consumer holds the watermark back, and a backlog
//! processed late makes on-time events late. Window state follows the delivery
//! guarantee (`ddia_core::stream::history`): over random seeds, guarantees and crash
//! schedules the results are the batch oracle's, plus the duplicated effects under
//! at-least-once, minus the lost ones under at-most-once.

use std::collections::BTreeMap;

use ddia_core::link::LabLink;
use ddia_core::sim::SimTime;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::lab::STORY_US;
use ddia_core::stream::scenario::{StreamAction, StreamInput, StreamScenario, Who};
use ddia_core::stream::window::{batch, Agg, TimedEvent, Window};
use ddia_core::stream::windowing::{run_windows, EmissionKind, LatePolicy};
use ddia_core::stream::{CrashPoint, Guarantee};
use proptest::prelude::*;

fn lab_at(query: &str, t_us: u64) -> StreamLab {
    let mut lab = StreamLab::new(&StreamScenario::from_query(query).unwrap());
    lab.run_until(SimTime(t_us));
    lab
}

#[test]
fn crashed_consumers_stop_the_watermark_and_every_window() {
    let lab = lab_at("act=100000:c1,100000:c2", 1_500_000);
    assert!(
        lab.run.history.appended_count() >= 60,
        "the log keeps growing"
    );
    assert_eq!(lab.windows().count(EmissionKind::OnTime), 0);
    let healthy = lab_at("", 1_500_000);
    assert!(healthy.windows().count(EmissionKind::OnTime) > 20);
}

#[test]
fn a_lagging_consumer_fires_windows_later_than_the_log_fills() {
    let lab = lab_at("consumers=1&batch=1&every=5&events=200&wm=5", 800_000);
    let fired = lab.windows().count(EmissionKind::OnTime);
    let slack = lab_at("consumers=2&batch=32&every=5&events=200&wm=5", 800_000);
    assert!(
        fired < slack.windows().count(EmissionKind::OnTime),
        "a backlog fires fewer windows by 800 ms ({fired})"
    );
    let appended: BTreeMap<u64, u64> = lab
        .run
        .history
        .records
        .iter()
        .flatten()
        .map(|r| (r.event.id, r.appended_us))
        .collect();
    assert!(lab
        .processed()
        .iter()
        .all(|e| e.arrival_us >= appended[&e.id]));
    assert!(
        lab.processed()
            .iter()
            .any(|e| e.arrival_us > appended[&e.id] + 100_000),
        "records wait in the backlog"
    );
}

#[test]
fn a_backlog_after_an_idle_timeout_makes_on_time_events_late() {
    let late = |q: &str| lab_at(q, 2_500_000).windows().late.len();
    let quiet = late("idle=100");
    let backlog = late("idle=100&act=300000:c1,900000:r1");
    assert!(
        backlog > quiet + 3,
        "C1's partitions idle, the watermark moves on, its backlog arrives late: \
         {backlog} late against {quiet}"
    );
}

/// A run of `query` to the end of its story.
fn finished(query: &str) -> StreamLab {
    let mut lab = StreamLab::new(&StreamScenario::from_query(query).unwrap());
    lab.finish();
    lab
}

#[test]
fn window_state_follows_the_delivery_guarantee_through_a_crash() {
    let amo = finished("scn=crash-amo");
    let alo = finished("scn=crash-alo");
    let eo = finished("scn=crash-eo");
    let (lost, dup) = (amo.delivery().lost, alo.delivery().duplicated);
    assert!(lost > 0 && dup > 0);
    // One entry per effect in the sink: the lost batch never reaches its windows, the
    // reprocessed one reaches them twice, the idempotent sink once.
    assert_eq!(amo.processed().len() as u64, 60 - lost);
    assert_eq!(alo.processed().len() as u64, 60 + dup);
    assert_eq!(eo.processed().len(), 60);
    assert_eq!(amo.processed().len(), amo.run.sink().outputs.len());
    assert_ne!(amo.windows().emissions, eo.windows().emissions);
    assert_ne!(alo.windows().emissions, eo.windows().emissions);
}

#[test]
fn a_replay_from_offset_0_delivers_every_event_again_behind_the_watermark() {
    let replay = "act=1500000:R0@0,1500000:R1@0,1500000:R2@0";
    let plain = finished("");
    let again = finished(replay);
    let late_after = |lab: &StreamLab| {
        lab.windows()
            .late_events
            .iter()
            .filter(|l| l.arrival_us > 1_500_000)
            .count()
    };
    assert_eq!(late_after(&plain), 0);
    assert_eq!(
        again.processed().len(),
        120,
        "at-least-once: every effect twice"
    );
    // All but the newest of each partition (within the 20 ms bound of its newest
    // event time, so not behind the watermark) arrive late, and are dropped.
    let late = late_after(&again);
    assert!(late >= 50, "{late} replayed events late");
    assert_eq!(again.windows().count(EmissionKind::Dropped), late);
    let update = finished(&format!("{replay}&policy=update"));
    assert!(
        update.windows().count(EmissionKind::Corrected) >= 20,
        "late updates recount"
    );
    let eo = finished(&format!("{replay}&guarantee=eo"));
    assert_eq!(
        eo.processed().len(),
        60,
        "the idempotent sink skips the replay"
    );
    assert_eq!(late_after(&eo), 0);
}

/// A random crash schedule: a planned crash of C1, and crashes and pauses of any
/// consumer, each crash restarted.
fn scenario() -> impl Strategy<Value = StreamScenario> {
    let action = (1u32..=3, any::<bool>(), 0u64..1_500_000, 1u64..400_000).prop_map(
        |(c, crash, at_us, for_us)| {
            let who = Who::Consumer(c);
            if crash {
                vec![
                    StreamInput {
                        at_us,
                        action: StreamAction::Crash(who),
                    },
                    StreamInput {
                        at_us: at_us + for_us,
                        action: StreamAction::Restart(who),
                    },
                ]
            } else {
                vec![StreamInput {
                    at_us,
                    action: StreamAction::Pause(who, for_us),
                }]
            }
        },
    );
    let plan = (prop::sample::select(CrashPoint::ALL.to_vec()), 1u64..6)
        .prop_map(|(point, batch)| (1, point, batch));
    (
        (
            any::<u64>(),
            prop::sample::select(Guarantee::ALL.to_vec()),
            1u32..=4,
            0u64..80,
            prop::sample::select(vec![0u64, 100, 300]),
        ),
        prop::option::of(plan),
        prop::collection::vec(action, 0..3),
    )
        .prop_map(
            |((seed, guarantee, partitions, bound_ms, idle_ms), crash, actions)| {
                let mut actions: Vec<StreamInput> = actions.into_iter().flatten().collect();
                actions.sort_by_key(|a| a.at_us);
                StreamScenario {
                    seed,
                    guarantee,
                    partitions,
                    consumers: 3,
                    crash,
                    bound_ms,
                    idle_ms,
                    policy: LatePolicy::Update,
                    actions,
                    ..StreamScenario::default()
                }
            },
        )
}

/// Each window's count, by (key, window).
fn counts(m: &BTreeMap<(u64, Window), Agg>) -> BTreeMap<(u64, Window), u64> {
    m.iter().map(|(k, a)| (*k, a.count)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Over random seeds, guarantees and crash schedules (every late event corrects its
    /// window, the input ends): exactly-once window results equal the batch oracle over
    /// the log's events; at-least-once counts are at least the oracle's, and exceed it
    /// by the duplicated effects; at-most-once counts are at most the oracle's, and
    /// fall short by the lost ones.
    #[test]
    fn window_results_follow_the_guarantee_against_the_batch_oracle(s in scenario()) {
        let mut lab = StreamLab::new(&s);
        let mut t = STORY_US;
        lab.run_until(SimTime(t));
        while !lab.run.settled() && t < 20_000_000 {
            t += 1_000_000;
            lab.run_until(SimTime(t));
        }
        prop_assert!(lab.run.settled(), "the group catches up");
        let params = s.window_params();
        let live = lab.windows();
        let ended = run_windows(lab.processed(), &params, Some(u64::MAX));
        prop_assert!(ended.emissions.starts_with(&live.emissions), "the live operator is the headless one");
        prop_assert_eq!(lab.processed().len(), lab.run.sink().outputs.len(), "one entry per effect");
        let results = counts(&ended.results());
        prop_assert_eq!(&ended.results(), &batch(lab.processed(), params.kind));
        let log: Vec<TimedEvent> = lab.run.history.records.iter().zip(0u32..).flat_map(|(rs, p)| {
            rs.iter().map(move |r| TimedEvent {
                partition: p,
                key: r.event.key,
                event_us: r.event.event_us,
                arrival_us: 0,
                value: r.event.value,
                id: r.event.id,
            })
        }).collect();
        let oracle = counts(&batch(&log, params.kind));
        let d = lab.delivery();
        let total = |m: &BTreeMap<(u64, Window), u64>| m.values().sum::<u64>();
        match s.guarantee {
            Guarantee::AtLeastOnce => {
                prop_assert!(oracle.iter().all(|(w, n)| results.get(w).is_some_and(|r| r >= n)));
                prop_assert_eq!(total(&results), total(&oracle) + d.duplicated);
            }
            Guarantee::AtMostOnce => {
                prop_assert!(results.iter().all(|(w, n)| oracle.get(w).is_some_and(|o| n <= o)));
                prop_assert_eq!(total(&results), total(&oracle) - d.lost);
            }
            _ => prop_assert_eq!(&results, &oracle),
        }
    }
}
