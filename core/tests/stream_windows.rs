//! The windowing operator against the batch oracle (DDIA ch. 11, "Reasoning About
//! Time"), over random events, delays, stragglers, windows, watermarks, lateness and
//! late policies: the final results equal a batch computation over the events it
//! accepted; with a watermark bound that covers the disorder, or with unbounded allowed
//! lateness, over every event; late events follow the chosen policy.

use std::collections::{BTreeMap, BTreeSet};

use ddia_core::stream::watermark::WatermarkParams;
use ddia_core::stream::window::{batch, Agg, TimedEvent, Window, WindowKind};
use ddia_core::stream::windowing::{
    run_windows, EmissionKind, LateEvent, LatePolicy, LatenessReach, WindowParams, WindowRun,
};
use proptest::prelude::*;

fn kind() -> impl Strategy<Value = WindowKind> {
    prop_oneof![
        (1_000u64..200_000).prop_map(|size_us| WindowKind::Tumbling { size_us }),
        (1_000u64..200_000, 1_000u64..100_000)
            .prop_map(|(size_us, slide_us)| WindowKind::Hopping { size_us, slide_us }),
        (1_000u64..200_000).prop_map(|size_us| WindowKind::Sliding { size_us }),
        (1_000u64..100_000).prop_map(|gap_us| WindowKind::Session { gap_us }),
    ]
}

/// Events made every few ms on `partitions` partitions, each arriving after a delay,
/// some after a straggler's long one.
fn events(partitions: u32) -> impl Strategy<Value = Vec<TimedEvent>> {
    prop::collection::vec(
        (
            0..partitions,
            0u64..4,
            0u64..20_000,
            0u64..50_000,
            prop::bool::weighted(0.1),
            -3i64..10,
        ),
        1..80,
    )
    .prop_map(|raw| {
        let mut t = 0;
        raw.into_iter()
            .zip(0u64..)
            .map(|((partition, key, step, delay, straggler, value), id)| {
                t += step;
                let late = if straggler { 400_000 } else { 0 };
                TimedEvent {
                    partition,
                    key,
                    event_us: t,
                    arrival_us: t + delay + late,
                    value,
                    id,
                }
            })
            .collect()
    })
}

fn case() -> impl Strategy<Value = (Vec<TimedEvent>, WindowParams)> {
    (1u32..4).prop_flat_map(|partitions| {
        (
            events(partitions),
            kind(),
            (0u64..300_000, prop_oneof![Just(0u64), 10_000u64..500_000]),
            (
                0u64..500_000,
                prop::sample::select(LatePolicy::ALL.to_vec()),
            ),
        )
            .prop_map(
                move |(events, kind, (bound_us, idle_us), (lateness_us, policy))| {
                    let watermark = WatermarkParams { bound_us, idle_us };
                    (
                        events,
                        WindowParams {
                            kind,
                            watermark,
                            lateness_us,
                            policy,
                            partitions,
                        },
                    )
                },
            )
    })
}

/// `results` less the contributions of the (event, window) pairs a late event skipped
/// (tumbling, hopping and sliding windows are sums of their events); a sliding window
/// that every event ending at it skipped was never made.
fn without_skipped(
    mut results: BTreeMap<(u64, Window), Agg>,
    skipped: &[(u64, Window)],
    events: &[TimedEvent],
    accepted: &BTreeSet<u64>,
    kind: WindowKind,
) -> BTreeMap<(u64, Window), Agg> {
    let event = |id: u64| {
        events
            .iter()
            .find(|e| e.id == id)
            .expect("a skipped event exists")
    };
    for (id, w) in skipped {
        let e = event(*id);
        let agg = results
            .get_mut(&(e.key, *w))
            .expect("its window has its other events");
        agg.count -= 1;
        agg.sum -= e.value;
        if agg.count == 0 {
            results.remove(&(e.key, *w));
        }
    }
    if let WindowKind::Sliding { .. } = kind {
        for (id, w) in skipped {
            let key = event(*id).key;
            let made = events.iter().any(|e| {
                e.key == key
                    && e.event_us == w.end - 1
                    && accepted.contains(&e.id)
                    && !skipped.contains(&(e.id, *w))
            });
            if !made {
                results.remove(&(key, *w));
            }
        }
    }
    results
}

/// The windows late event `l` belonged to at its arrival: its own (tumbling, hopping,
/// sliding), and for sliding windows also those of its key's events accepted before it
/// that contain it (a window skipped by the event it ends at was never made).
fn windows_of(
    l: &LateEvent,
    kind: WindowKind,
    events: &[TimedEvent],
    run: &WindowRun,
) -> Vec<Window> {
    let mut out: BTreeSet<Window> = kind.windows(&[(l.event_us, 0)]).into_keys().collect();
    if let WindowKind::Sliding { .. } = kind {
        let mut order: Vec<&TimedEvent> = events.iter().collect();
        order.sort_by_key(|e| (e.arrival_us, e.id));
        let at = |id: u64| order.iter().position(|e| e.id == id).expect("processed");
        let key = order[at(l.id)].key;
        for &id in run.accepted.iter().filter(|&&id| at(id) < at(l.id)) {
            let e = order[at(id)];
            let own = kind
                .windows(&[(e.event_us, 0)])
                .into_keys()
                .next()
                .expect("one");
            let inside = own.start <= l.event_us && l.event_us < own.end;
            if e.key == key && inside && !run.skipped.contains(&(id, own)) {
                out.insert(own);
            }
        }
    }
    out.into_iter().collect()
}

/// The largest amount by which an event's time trails the latest event time its
/// partition delivered before it.
fn disorder(events: &[TimedEvent]) -> u64 {
    let mut order: Vec<&TimedEvent> = events.iter().collect();
    order.sort_by_key(|e| (e.arrival_us, e.id));
    let mut max = std::collections::BTreeMap::new();
    let mut worst = 0;
    for e in order {
        let m = max.entry(e.partition).or_insert(e.event_us);
        worst = worst.max(m.saturating_sub(e.event_us));
        *m = (*m).max(e.event_us);
    }
    worst
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn final_results_equal_the_batch_oracle_over_the_accepted_events((events, params) in case()) {
        let run = run_windows(&events, &params, Some(u64::MAX));
        let accepted: BTreeSet<u64> = run.accepted.iter().copied().collect();
        prop_assert_eq!(accepted.len(), run.accepted.len(), "an event accepted twice");
        let kept = events.iter().filter(|e| accepted.contains(&e.id));
        let oracle = batch(kept, params.kind);
        prop_assert_eq!(run.results(), without_skipped(oracle, &run.skipped, &events, &accepted, params.kind));
        // Every event is accepted, dropped or sent to the side output, once.
        let late = run.count(EmissionKind::Dropped) + run.count(EmissionKind::SideOutput);
        prop_assert_eq!(accepted.len() + late, events.len());
        // Late events follow the policy.
        let kinds: BTreeSet<_> = run.emissions.iter().map(|e| format!("{:?}", e.kind)).collect();
        let forbidden: &[&str] = match params.policy {
            LatePolicy::Drop => &["SideOutput"],
            LatePolicy::Side => &["Dropped"],
            LatePolicy::Update => &["SideOutput", "Dropped"],
        };
        for k in forbidden {
            prop_assert!(!kinds.contains(*k), "{:?} emitted {}", params.policy, k);
        }
        // A late event enters each of its windows still within the allowed lateness
        // (Flink's isWindowLate, per window: for sliding windows its own and its key's
        // later ones that contain it), under every policy, and skips the purged ones;
        // if none is kept, the policy decides; under update every window keeps its
        // state. Sessions are judged by the merged session (checked in a unit test).
        for l in run.late_events.iter().filter(|_| !matches!(params.kind, WindowKind::Session { .. })) {
            let windows = windows_of(l, params.kind, &events, &run);
            let purged: Vec<Window> = windows.iter().copied().filter(|w| {
                params.policy != LatePolicy::Update && w.end - 1 + params.lateness_us <= l.watermark_us
            }).collect();
            // Sliding (Kafka Streams): kept while a window of the key not made yet may
            // hold it, the latest [t, t + size) closing last.
            let later = match params.kind {
                WindowKind::Sliding { size_us } => {
                    params.policy == LatePolicy::Update
                        || l.event_us + size_us.max(1) - 1 + params.lateness_us > l.watermark_us
                }
                _ => false,
            };
            let corrects = purged.len() < windows.len() || later;
            prop_assert_eq!(l.fate == EmissionKind::Corrected, corrects, "{:?}", l);
            let fired = windows.iter().filter(|w| w.end - 1 <= l.watermark_us).max();
            prop_assert_eq!(Some(&l.window), fired, "the window measured from");
            let open = windows.len() - windows.iter().filter(|w| w.end - 1 <= l.watermark_us).count();
            prop_assert_eq!(l.open_windows as usize, open);
            let skipped: Vec<Window> = run.skipped.iter().filter(|s| s.0 == l.id).map(|s| s.1).collect();
            let expected = if corrects { purged } else { Vec::new() };
            prop_assert_eq!(skipped, expected, "the purged windows skipped, {:?}", l);
        }
        // Every late event is counted once, by its fate (U5).
        let tally = run.late_tally();
        prop_assert_eq!(tally.corrected + tally.joined_open + tally.side_output + tally.dropped, run.late.len() as u64);
        prop_assert_eq!(tally.side_output, run.count(EmissionKind::SideOutput) as u64);
        prop_assert_eq!(tally.dropped, run.count(EmissionKind::Dropped) as u64);
        // The watermark never goes back.
        prop_assert!(run.watermarks.windows(2).all(|w| w[0].1 <= w[1].1));
    }

    #[test]
    fn a_bound_that_covers_the_disorder_leaves_nothing_late((events, mut params) in case()) {
        params.watermark = WatermarkParams { bound_us: disorder(&events), idle_us: 0 };
        let run = run_windows(&events, &params, Some(u64::MAX));
        prop_assert_eq!(run.accepted.len(), events.len());
        prop_assert_eq!(run.results(), batch(&events, params.kind));
        prop_assert_eq!(run.count(EmissionKind::Corrected), 0);
    }

    #[test]
    fn unbounded_lateness_corrects_every_result((events, mut params) in case()) {
        params.policy = LatePolicy::Update;
        params.lateness_us = u64::MAX / 2;
        let run = run_windows(&events, &params, Some(u64::MAX));
        prop_assert_eq!(run.results(), batch(&events, params.kind));
    }
}

fn ev(partition: u32, event_us: u64, arrival_us: u64, id: u64) -> TimedEvent {
    TimedEvent {
        partition,
        key: 1,
        event_us,
        arrival_us,
        value: 1,
        id,
    }
}

fn tumbling(idle_us: u64, policy: LatePolicy, partitions: u32) -> WindowParams {
    WindowParams {
        kind: WindowKind::Tumbling { size_us: 100 },
        watermark: WatermarkParams {
            bound_us: 10,
            idle_us,
        },
        lateness_us: 0,
        policy,
        partitions,
    }
}

#[test]
fn an_idle_partition_holds_back_every_window_until_the_idle_timeout() {
    let events: Vec<TimedEvent> = (0..10).map(|i| ev(0, i * 50, i * 50 + 5, i)).collect();
    let held = run_windows(&events, &tumbling(0, LatePolicy::Drop, 2), None);
    assert_eq!(
        held.count(EmissionKind::OnTime),
        0,
        "partition 1 never speaks"
    );
    let idle = run_windows(&events, &tumbling(120, LatePolicy::Drop, 2), None);
    assert!(
        idle.count(EmissionKind::OnTime) >= 3,
        "{:?}",
        idle.emissions
    );
}

/// On-time events at 10 and 20, then 250 passes the watermark (239) over [0, 100);
/// a late event at 50 arrives, 189 behind it.
fn one_late() -> [TimedEvent; 4] {
    [
        ev(0, 10, 11, 0),
        ev(0, 20, 21, 1),
        ev(0, 250, 251, 2),
        ev(0, 50, 300, 3),
    ]
}

#[test]
fn a_late_event_is_dropped_corrected_with_a_retraction_or_sent_aside() {
    let events = one_late();
    let drop = run_windows(&events, &tumbling(0, LatePolicy::Drop, 1), None);
    assert_eq!(drop.count(EmissionKind::Dropped), 1);
    let update = run_windows(&events, &tumbling(0, LatePolicy::Update, 1), None);
    let kinds: Vec<_> = update
        .emissions
        .iter()
        .map(|e| (e.kind, e.agg.count))
        .collect();
    assert_eq!(
        kinds,
        [
            (EmissionKind::OnTime, 2),
            (EmissionKind::Retraction, 2),
            (EmissionKind::Corrected, 3)
        ]
    );
    let side = run_windows(&events, &tumbling(0, LatePolicy::Side, 1), None);
    assert_eq!(side.count(EmissionKind::SideOutput), 1);
}

#[test]
fn the_allowed_lateness_applies_under_every_policy() {
    let events = one_late();
    for policy in LatePolicy::ALL {
        let within = WindowParams {
            // The window [0, 100) ends at 99 µs, the watermark 250 - 10 - 1 = 239 when
            // event 3 arrives: within a lateness of 141 (99 + 141 > 239), beyond at 140.
            lateness_us: 141,
            ..tumbling(0, policy, 1)
        };
        let run = run_windows(&events, &within, None);
        assert_eq!(
            run.count(EmissionKind::Corrected),
            1,
            "{policy:?}: a late firing"
        );
        assert_eq!(run.late_events[0].fate, EmissionKind::Corrected);
        assert_eq!(
            run.result_history(Window { start: 0, end: 100 }, None)
                .iter()
                .map(|(at, a)| (*at, a.count))
                .collect::<Vec<_>>(),
            [(251, 2), (300, 3)],
            "{policy:?}: 2 -> 3"
        );
        let beyond = WindowParams {
            lateness_us: 140,
            ..within
        };
        let at_end = run_windows(&events, &beyond, None).late_events[0];
        // U6: 99 + 140 = 239, the watermark: purged at the end of the lateness, that
        // instant included (Flink's cleanup time).
        assert_eq!(at_end.reach(140), LatenessReach::AtEnd);
        assert_eq!(at_end.reach(141), LatenessReach::Within);
        assert_eq!(at_end.reach(139), LatenessReach::Beyond);
        let fate = at_end.fate;
        let expected = match policy {
            LatePolicy::Drop => EmissionKind::Dropped,
            LatePolicy::Side => EmissionKind::SideOutput,
            LatePolicy::Update => EmissionKind::Corrected,
        };
        assert_eq!(fate, expected, "{policy:?} beyond the lateness");
    }
}

#[test]
fn a_late_event_that_bridges_two_sessions_retracts_both_and_emits_the_merge() {
    let params = WindowParams {
        kind: WindowKind::Session { gap_us: 30 },
        watermark: WatermarkParams {
            bound_us: 0,
            idle_us: 0,
        },
        lateness_us: 1_000,
        policy: LatePolicy::Update,
        partitions: 1,
    };
    let events = [
        ev(0, 0, 1, 0),
        ev(0, 50, 51, 1),
        ev(0, 200, 201, 2),
        ev(0, 25, 202, 3),
    ];
    let run = run_windows(&events, &params, None);
    assert_eq!(run.count(EmissionKind::Retraction), 2);
    let merged = run.emissions.last().unwrap();
    assert_eq!(
        (merged.kind, merged.agg.count),
        (EmissionKind::Corrected, 3)
    );
}

#[test]
fn an_event_behind_the_watermark_whose_window_is_still_open_is_not_late() {
    // Window [0, 1000): event 3 (t = 500) arrives with the watermark at 940, before
    // the window's end; under every policy it is simply added (Flink judges lateness
    // per window, DDIA ch. 11 "Knowing when you're ready").
    let events = [
        ev(0, 900, 901, 1),
        ev(0, 950, 951, 2),
        ev(0, 500, 960, 3),
        ev(0, 1200, 1201, 4),
    ];
    for policy in LatePolicy::ALL {
        let params = WindowParams {
            kind: WindowKind::Tumbling { size_us: 1000 },
            ..tumbling(0, policy, 1)
        };
        let run = run_windows(&events, &params, None);
        assert!(
            run.late_events.is_empty(),
            "{policy:?}: {:?}",
            run.late_events
        );
        assert_eq!(
            run.result_history(
                Window {
                    start: 0,
                    end: 1000
                },
                None
            )
            .iter()
            .map(|(_, a)| a.count)
            .collect::<Vec<_>>(),
            [3],
            "{policy:?}"
        );
    }
}

/// play17d N1: a late hopping event enters only its windows within the allowed
/// lateness; a window whose state is purged keeps its result (Flink's isWindowLate).
#[test]
fn a_late_hopping_event_leaves_its_purged_windows_alone() {
    let params = WindowParams {
        kind: WindowKind::Hopping {
            size_us: 300,
            slide_us: 100,
        },
        watermark: WatermarkParams {
            bound_us: 0,
            idle_us: 0,
        },
        lateness_us: 0,
        policy: LatePolicy::Drop,
        partitions: 1,
    };
    // Event 2 (t = 150: windows [0, 300) and [100, 400)) arrives with the watermark at
    // 349: [0, 300) has fired and is purged (299 + 0 <= 349), [100, 400) is open.
    let events = [ev(0, 10, 11, 0), ev(0, 350, 351, 1), ev(0, 150, 360, 2)];
    let run = run_windows(&events, &params, Some(u64::MAX));
    let late = run.late_events[0];
    assert_eq!((late.id, late.window), (2, Window { start: 0, end: 300 }));
    assert_eq!(late.fate, EmissionKind::Corrected, "it enters [100, 400)");
    assert_eq!(
        run.count(EmissionKind::Retraction),
        0,
        "no purged window rewritten"
    );
    assert_eq!(run.skipped, [(2, Window { start: 0, end: 300 })]);
    let results = run.results();
    assert_eq!(results[&(1, Window { start: 0, end: 300 })].count, 1);
    assert_eq!(
        results[&(
            1,
            Window {
                start: 100,
                end: 400
            }
        )]
            .count,
        2
    );
}

/// play17d L6: a late event that would join a session is judged by the merged session,
/// as Flink's merging window operator does.
#[test]
fn a_late_session_event_is_judged_by_the_session_it_joins() {
    let params = WindowParams {
        kind: WindowKind::Session { gap_us: 50 },
        watermark: WatermarkParams {
            bound_us: 0,
            idle_us: 0,
        },
        lateness_us: 150,
        policy: LatePolicy::Drop,
        partitions: 1,
    };
    // Sessions [0, 50) and [70, 120); the watermark reaches 299. Event 3 at t = 40
    // bridges them into [0, 120), which ends 119 + 150 = 269 <= 299: dropped. Event 3
    // at t = 110 extends [70, 120) to [70, 160), 159 + 150 > 299: within, corrected.
    let events = [ev(0, 0, 1, 0), ev(0, 70, 71, 1), ev(0, 300, 301, 2)];
    let with = |t| {
        let mut all = events.to_vec();
        all.push(ev(0, t, 310, 3));
        run_windows(&all, &params, None).late_events[0]
    };
    assert_eq!(with(40).fate, EmissionKind::Dropped);
    assert_eq!(with(40).window, Window { start: 0, end: 120 });
    let joined = with(110);
    assert_eq!(
        joined.window,
        Window {
            start: 70,
            end: 160
        }
    );
    assert_eq!(joined.fate, EmissionKind::Corrected);
}

/// hs11 W1, Kafka Streams' sliding-window rule: a late event is dropped only when every
/// window that can hold it is past its close time, those its key's later events will
/// make included. Sliding 100 µs, bound 10 µs, lateness 0: key 2's event at 200 puts
/// the watermark at 189; key 1's event at 120 arrives behind it, its own window
/// (20, 120] has closed and purged, and no window of key 1 holds it yet. Its latest
/// possible window, (120, 220], is still open: it is kept, and key 1's event at 205
/// makes (105, 205], which holds it. If the latest possible window has closed too
/// (the event at 60: (60, 160] ends at 159 <= 189), it is dropped.
#[test]
fn a_late_sliding_event_waits_for_a_later_window_still_open() {
    let at = |key, event_us, arrival_us, id| TimedEvent {
        key,
        ..ev(0, event_us, arrival_us, id)
    };
    let events = [
        at(2, 200, 201, 0),
        at(1, 120, 210, 1),
        at(1, 60, 211, 2),
        at(1, 205, 215, 3),
    ];
    let params = WindowParams {
        kind: WindowKind::Sliding { size_us: 100 },
        ..tumbling(0, LatePolicy::Drop, 1)
    };
    let run = run_windows(&events, &params, Some(1_000));
    let fate = |id| run.late_events.iter().find(|l| l.id == id).map(|l| l.fate);
    assert_eq!(
        fate(1),
        Some(EmissionKind::Corrected),
        "{:?}",
        run.late_events
    );
    assert_eq!(fate(2), Some(EmissionKind::Dropped));
    let own = Window {
        start: 21,
        end: 121,
    };
    assert_eq!(run.skipped, [(1, own)], "its own window purged, skipped");
    assert!(run.entered.is_empty(), "no window held it at its arrival");
    let later = Window {
        start: 106,
        end: 206,
    };
    let results = run.results();
    assert_eq!(results.get(&(1, later)).map(|a| a.count), Some(2));
    assert!(
        !results.contains_key(&(1, own)),
        "a purged window is never made"
    );
    // The batch oracle over the accepted events, less the skipped window, agrees.
    let accepted: BTreeSet<u64> = run.accepted.iter().copied().collect();
    let kept = events.iter().filter(|e| accepted.contains(&e.id));
    let oracle = batch(kept, params.kind);
    assert_eq!(
        results,
        without_skipped(oracle, &run.skipped, &events, &accepted, params.kind)
    );
}
