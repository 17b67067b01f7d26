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

/// hw10 W1: a late sliding event is judged per window, as a hopping one is. In
/// late-drop, event 24's own window [400.001, 500.001) ms is 159.999 ms behind the
/// watermark, beyond a lateness of 100 ms: purged, skipped, never made; the later window
/// of its key that contains it, [480.001, 580.001) ms, is still kept: corrected.
#[test]
fn a_late_sliding_event_corrects_its_kept_later_window_and_skips_the_purged_one() {
    let lab = lab_at("scn=late-drop&win=sliding&late=100", 3_000_000);
    let run = lab.windows();
    let late = run
        .late_events
        .iter()
        .find(|l| l.id == 24)
        .expect("event 24 is late");
    let own = Window {
        start: 400_001,
        end: 500_001,
    };
    let later = Window {
        start: 480_001,
        end: 580_001,
    };
    assert_eq!(late.fate, EmissionKind::Corrected, "{late:?}");
    assert_eq!(late.window, later, "measured from its latest fired window");
    assert_eq!(late.corrected_windows, 1);
    assert!(run.skipped.contains(&(24, own)));
    let key = lab.processed().iter().find(|e| e.id == 24).unwrap().key;
    let caused: Vec<(EmissionKind, Option<Window>)> = run
        .emissions
        .iter()
        .filter(|m| m.event == Some(24))
        .map(|m| (m.kind, m.window))
        .collect();
    assert_eq!(
        caused,
        [
            (EmissionKind::Retraction, Some(later)),
            (EmissionKind::Corrected, Some(later))
        ]
    );
    assert!(
        !run.results().contains_key(&(key, own)),
        "the purged window is not made"
    );
    // A tighter lateness purges both: dropped, as before.
    let tight = lab_at("scn=late-drop&win=sliding&late=60", 3_000_000);
    let fate = |lab: &StreamLab| {
        lab.windows()
            .late_events
            .iter()
            .find(|l| l.id == 24)
            .map(|l| l.fate)
    };
    assert_eq!(fate(&tight), Some(EmissionKind::Dropped));
}

/// hw10 W1: with a 120 ms delay and a 20 ms bound, sliding windows ending up to 100 ms
/// after an event still contain it while open: far fewer are dropped than one per
/// own window closed (20 of 60 before).
#[test]
fn late_sliding_events_join_the_later_windows_still_open() {
    let q = "delay=120&wm=20&keys=1&parts=1";
    let dropped = |win: &str| {
        let lab = lab_at(&format!("{q}&win={win}"), 3_000_000);
        let w = lab.windows();
        assert!(w.late.len() > 10, "{win}: late events {}", w.late.len());
        w.count(EmissionKind::Dropped)
    };
    let sliding = dropped("sliding");
    assert!(sliding <= dropped("hopping"), "sliding drops {sliding}");
}

/// hw10 U5: the late-event counters add up: every late event is counted once, as
/// corrected a fired window, joined only windows still open, side output or dropped,
/// for every window kind and policy.
#[test]
fn the_late_event_counters_add_up_for_every_kind_and_policy() {
    for win in ["tumbling", "hopping", "sliding", "session"] {
        for policy in LatePolicy::ALL {
            for base in ["delay=120&wm=20&keys=1&parts=1", "scn=late-drop&late=100"] {
                let q = format!("{base}&win={win}&policy={}", policy.word());
                let lab = lab_at(&q, 3_000_000);
                let run = lab.windows();
                let t = run.late_tally();
                assert_eq!(
                    t.corrected + t.joined_open + t.side_output + t.dropped,
                    run.late.len() as u64,
                    "{q}: {t:?}"
                );
                assert_eq!(t.side_output, run.count(EmissionKind::SideOutput) as u64);
                assert_eq!(t.dropped, run.count(EmissionKind::Dropped) as u64);
                assert!(t.corrected <= run.count(EmissionKind::Corrected) as u64);
            }
        }
    }
    // The reported case: 16 late, 3 sent aside, the other 13 joined open windows.
    let side = lab_at(
        "win=hopping&delay=120&wm=20&keys=1&parts=1&policy=side",
        3_000_000,
    );
    let t = side.windows().late_tally();
    assert!(t.joined_open > 0 && t.side_output > 0, "{t:?}");
}

/// hw10 U6: at exactly the end of the allowed lateness the window is purged (Flink's
/// cleanup time is inclusive); the line says the watermark reached it, not "beyond".
#[test]
fn a_late_event_at_the_end_of_the_lateness_is_told_so() {
    use ddia_core::stream::narrate;
    use ddia_core::stream::windowing::LatenessReach;
    let lab = lab_at("scn=late-drop&late=60", 3_000_000);
    let params = lab.scenario().window_params();
    let run = lab.windows();
    let at_end: Vec<_> = run
        .late_events
        .iter()
        .filter(|l| l.reach(params.lateness_us) == LatenessReach::AtEnd)
        .collect();
    assert!(!at_end.is_empty(), "a late event exactly at the end");
    assert!(at_end.iter().all(|l| l.fate == EmissionKind::Dropped));
    let (lines, _) = narrate::windows(run, &params, (0, 0));
    for l in at_end {
        let line = lines
            .iter()
            .find(|w| w.late && w.at_us == l.arrival_us)
            .expect("narrated");
        assert!(!line.text.contains("beyond"), "{}", line.text);
    }
}

/// hs11 W1: the reported case. Event 51's own window has closed and been purged when
/// it arrives, and no window of its key holds it yet; the window of the event at
/// 1120 ms, (1020, 1120] ms, will, and is still open: Kafka Streams' rule keeps it
/// (dropped only when every window that can hold it is past its close time), and that
/// later window counts it.
#[test]
fn event_51_waits_for_the_later_sliding_window_that_holds_it() {
    let lab = lab_at("win=sliding&delay=120&wm=20&keys=1&parts=1", 3_000_000);
    let run = lab.windows();
    let late = run
        .late_events
        .iter()
        .find(|l| l.id == 51)
        .expect("event 51 is late");
    assert_eq!(late.fate, EmissionKind::Corrected, "{late:?}");
    let t = late.event_us;
    let holding: Vec<(Window, u64)> = run
        .results()
        .iter()
        .filter(|((_, w), _)| w.start <= t && t < w.end)
        .map(|((_, w), a)| (*w, a.count))
        .collect();
    let later = Window {
        start: 1_020_001,
        end: 1_120_001,
    };
    assert!(
        holding.iter().any(|(w, _)| *w == later),
        "(1020, 1120] ms holds it: {holding:?}"
    );
}
