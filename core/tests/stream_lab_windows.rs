//! The stream lab's windowing runs in the consumer group (DDIA ch. 11, "Event time
//! versus processing time"): an event enters the operator when its consumer processes
//! it, so a crashed or lagging consumer holds the watermark back, and a backlog
//! processed late makes on-time events late. Over random seeds, groups and crash
//! schedules, the results equal the batch oracle over the events it accepted.

use std::collections::{BTreeMap, BTreeSet};

use ddia_core::link::LabLink;
use ddia_core::sim::SimTime;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::scenario::{StreamAction, StreamInput, StreamScenario, Who, WinKind};
use ddia_core::stream::window::batch;
use ddia_core::stream::windowing::{run_windows, EmissionKind};
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

fn scenario() -> impl Strategy<Value = StreamScenario> {
    let kinds = prop::sample::select(WinKind::ALL.to_vec());
    let action = (1u32..=3, 0u64..3, 0u64..1_500_000).prop_map(|(c, verb, at_us)| StreamInput {
        at_us,
        action: match verb {
            0 => StreamAction::Crash(Who::Consumer(c)),
            1 => StreamAction::Restart(Who::Consumer(c)),
            _ => StreamAction::Pause(Who::Consumer(c), 400_000),
        },
    });
    (
        (
            any::<u64>(),
            1u32..=4,
            kinds,
            0u64..80,
            prop::sample::select(vec![0u64, 100, 300]),
        ),
        prop::collection::vec(action, 0..4),
    )
        .prop_map(
            |((seed, partitions, win, bound_ms, idle_ms), mut actions)| {
                actions.sort_by_key(|a| a.at_us);
                StreamScenario {
                    seed,
                    partitions,
                    consumers: 3,
                    win,
                    bound_ms,
                    idle_ms,
                    actions,
                    ..StreamScenario::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn the_groups_windows_equal_the_batch_oracle_over_the_on_time_events(s in scenario()) {
        let mut lab = StreamLab::new(&s);
        lab.finish();
        let params = s.window_params();
        let live = lab.windows();
        let ended = run_windows(lab.processed(), &params, Some(u64::MAX));
        prop_assert!(ended.emissions.starts_with(&live.emissions), "the live operator is the headless one");
        let accepted: BTreeSet<u64> = ended.accepted.iter().copied().collect();
        let on_time = lab.processed().iter().filter(|e| accepted.contains(&e.id));
        prop_assert_eq!(ended.results(), batch(on_time, params.kind));
        let ids: BTreeSet<u64> = lab.processed().iter().map(|e| e.id).collect();
        prop_assert_eq!(ids.len(), lab.processed().len(), "each event enters once");
    }
}
