//! The stream lab's driver: a scenario's world ([`StreamRun`]) with its recorded
//! actions scheduled, what the page and the book checks read from it (delivery, the
//! derived view against its rebuild, the windowing operator run by the consumer group,
//! whose state follows the delivery guarantee: [`super::history`]), and its verdict.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::consumer::Stage;
use super::delivery::Delivery;
use super::run::StreamRun;
use super::scenario::{StreamAction, StreamInput, StreamScenario, Who};
use super::view::{views, ViewCheck};
use super::window::TimedEvent;
use super::windowing::{WindowRun, Windowing};
use super::Member;
use crate::sim::{SimTime, Timed};

/// How long a book scenario's story lasts, µs of simulated time.
pub const STORY_US: u64 = 3_000_000;

/// A stream-lab run in progress.
pub struct StreamLab {
    /// The world and its planned crash.
    pub run: StreamRun,
    scenario: StreamScenario,
}

impl StreamLab {
    /// The world of `s` with its actions scheduled, run to `s.until_us` if set.
    pub fn new(s: &StreamScenario) -> Self {
        let mut run = StreamRun::new(&s.params(), s.seed, s.links(), s.crash_plan());
        run.history.windowing = Some(Windowing::new(s.window_params()));
        for i in &s.actions {
            run.world.schedule(Timed {
                at_us: i.at_us,
                action: i.action.action(),
            });
        }
        if let Some(t) = s.until_us {
            run.run_until(SimTime(t));
        }
        StreamLab {
            run,
            scenario: s.clone(),
        }
    }

    /// Simulated time now.
    pub fn now(&self) -> SimTime {
        self.run.world.now()
    }

    /// Processes the next event (the planned crash included); false when none is left.
    pub fn step(&mut self) -> bool {
        self.run.step()
    }

    /// Applies a learner's `action` now, after every event of this instant, and
    /// records it in the scenario at its time (so the link replays it exactly).
    pub fn act(&mut self, action: StreamAction) {
        let now = self.now();
        self.run.run_until(now);
        self.run.world.act(action.action());
        let at_us = now.as_micros();
        // After the scenario's own actions of this instant, before its later ones.
        let at = self.scenario.actions.partition_point(|i| i.at_us <= at_us);
        self.scenario
            .actions
            .insert(at, StreamInput { at_us, action });
    }

    /// Why the learner's `action` has nothing to do now, in words, e.g. "C1 has already
    /// left the group"; `None` when it does something. A control that has nothing to do
    /// says so and is not recorded in the link (B1).
    pub fn idle_reason(&self, action: StreamAction) -> Option<String> {
        let c = match action {
            StreamAction::Pause(Who::Consumer(c), _)
            | StreamAction::Leave(c)
            | StreamAction::Join(c) => c,
            _ => return None,
        };
        let slot = self.run.world.nodes().get(Who::Consumer(c).node())?;
        let left = match &slot.process {
            Member::Consumer(k) => k.stage == Stage::Left,
            _ => return None,
        };
        let why = match action {
            _ if !slot.up => "is down (crashed)",
            StreamAction::Leave(_) if left => "has already left the group",
            StreamAction::Join(_) if !left => "is already in the group",
            _ => return None,
        };
        Some(format!("C{c} {why}: nothing to do, so it is not recorded"))
    }

    /// The scenario it runs.
    pub fn scenario(&self) -> &StreamScenario {
        &self.scenario
    }

    /// Runs to simulated time `t`.
    pub fn run_until(&mut self, t: SimTime) {
        self.run.run_until(t);
    }

    /// Runs to the end of the story ([`STORY_US`]).
    pub fn finish(&mut self) {
        self.run_until(SimTime(STORY_US));
    }

    /// Lost and duplicated effects so far.
    pub fn delivery(&self) -> Delivery {
        self.run.delivery()
    }

    /// The live view, the batch oracle over every event appended, and the v2 view
    /// replayed from offset 0 if a rebuild started.
    pub fn view(&self) -> ViewCheck {
        views(&self.run.history, self.run.sink(), self.run.rebuilder())
    }

    /// Whether the v2 builder has read every event appended so far.
    pub fn v2_caught_up(&self) -> bool {
        let ends: Vec<u64> = self
            .run
            .history
            .records
            .iter()
            .map(|p| p.len() as u64)
            .collect();
        self.run.rebuilder().caught_up(&ends)
    }

    /// The windowing operator's input so far, in processing order: one entry per
    /// effect applied at the sink, at that moment (an event with two effects enters
    /// twice; [`super::history`] says why).
    pub fn processed(&self) -> &[TimedEvent] {
        &self.run.history.processed
    }

    /// The windowing operator run by the consumer group, fed as the run goes: each
    /// event enters it when its effect and window update are written (processing time
    /// = that moment, so a crashed or lagging consumer holds its partitions' watermarks
    /// back, DDIA ch. 11, "Event time versus processing time"); no end of input, so
    /// windows fire only as the watermark passes them.
    pub fn windows(&self) -> &WindowRun {
        static EMPTY: WindowRun = WindowRun {
            emissions: Vec::new(),
            watermarks: Vec::new(),
            accepted: Vec::new(),
            skipped: Vec::new(),
            entered: Vec::new(),
            late: Vec::new(),
            late_events: Vec::new(),
        };
        self.run
            .history
            .windowing
            .as_ref()
            .map_or(&EMPTY, Windowing::run)
    }

    /// The broken invariant that stopped the run, in words.
    pub fn violation(&self) -> Option<String> {
        self.run
            .world
            .violation()
            .map(|(t, v)| format!("at {t}: {}: {}", v.invariant, v.detail))
    }

    /// The trace digest so far.
    pub fn digest(&self) -> u64 {
        self.run.world.digest()
    }
}

#[cfg(test)]
mod tests {
    use super::super::msg::{Note, RebalanceCause};
    use super::*;
    use crate::link::LabLink;
    use crate::sim::Event;

    #[test]
    fn a_learners_action_is_recorded_at_its_time_and_replays_exactly() {
        let book = StreamScenario::from_query("scn=rebalance").unwrap();
        let mut lab = StreamLab::new(&book);
        lab.run_until(SimTime(150_000));
        lab.act(StreamAction::Crash(Who::Consumer(2)));
        lab.run_until(SimTime(900_000));
        let actions = &lab.scenario().actions;
        assert_eq!(actions.len(), 2);
        assert_eq!(actions[0].at_us, 150_000, "before the book's own pause");
        assert_eq!(actions[1].action, book.actions[0].action);
        let mut again = lab.scenario().clone();
        again.until_us = Some(900_000);
        let again = StreamScenario::from_query(&again.to_query()).unwrap();
        let replay = StreamLab::new(&again);
        assert_eq!(replay.digest(), lab.digest());
    }

    /// The notes of `lab`'s trace so far, with who made them, oldest first.
    fn notes(lab: &StreamLab) -> Vec<(usize, Note)> {
        lab.run
            .world
            .trace()
            .recent()
            .filter_map(|r| match &r.event {
                Event::Note { node, note } => Some((*node, note.clone())),
                _ => None,
            })
            .collect()
    }

    /// The default run with a full trace, run to `t` µs.
    fn traced_to(t: u64) -> StreamLab {
        let mut lab = StreamLab::new(&StreamScenario::default());
        lab.run.world.set_trace_capacity(1 << 16);
        lab.run_until(SimTime(t));
        lab
    }

    /// play17f U5: a consumer that leaves the group drops its batch because it is
    /// leaving, before the broker's rebalance; others drop theirs because their
    /// generation is over.
    #[test]
    fn a_batch_dropped_on_leaving_is_dropped_for_leaving() {
        let mut lab = traced_to(400_000);
        lab.act(StreamAction::Leave(1));
        lab.run_until(SimTime(900_000));
        let notes = notes(&lab);
        let drops: Vec<(usize, bool)> = notes
            .iter()
            .filter_map(|(who, n)| match n {
                Note::BatchAbandoned { leaving, .. } => Some((*who, *leaving)),
                _ => None,
            })
            .collect();
        let c1 = super::super::FIRST_CONSUMER;
        assert!(
            drops.iter().all(|&(who, leaving)| leaving == (who == c1)),
            "{drops:?}"
        );
        let left = notes.iter().position(|(_, n)| {
            matches!(n, Note::RebalanceBegins { cause, .. } if *cause == RebalanceCause::Left(c1))
        });
        let dropped = notes
            .iter()
            .position(|(_, n)| matches!(n, Note::BatchAbandoned { leaving: true, .. }));
        assert!(
            dropped.is_some() && dropped < left,
            "C1 held a batch at 400 ms and dropped it before the rebalance: {drops:?}"
        );
    }

    /// play17f U4: every partition reset at once is one rebalance, and each partition's
    /// reset is told once (the rebalance names the first, a note each other one).
    #[test]
    fn a_reset_of_every_partition_names_each_partition_once() {
        let mut lab = traced_to(600_000);
        let partitions = lab.scenario().partitions;
        let from = notes(&lab).len();
        for partition in 0..partitions {
            lab.act(StreamAction::Replay {
                partition,
                offset: 0,
            });
        }
        lab.run_until(SimTime(601_000));
        let mut named = Vec::new();
        let mut rebalances = 0;
        for (_, n) in &notes(&lab)[from..] {
            match n {
                Note::RebalanceBegins {
                    cause: RebalanceCause::Replay(p, 0),
                    ..
                } => {
                    rebalances += 1;
                    named.push(*p);
                }
                Note::RebalanceBegins { .. } => rebalances += 1,
                Note::OffsetReset { partition, offset } => {
                    assert_eq!(*offset, 0);
                    named.push(*partition);
                }
                _ => {}
            }
        }
        assert_eq!(rebalances, 1);
        named.sort_unstable();
        assert!(named.iter().copied().eq(0..partitions), "{named:?}");
    }

    #[test]
    fn the_live_operator_is_the_headless_one_over_its_input() {
        let mut lab = StreamLab::new(&StreamScenario::default());
        lab.run_until(SimTime(800_000));
        let fresh = super::super::windowing::run_windows(
            lab.processed(),
            &lab.scenario().window_params(),
            None,
        );
        assert!(
            lab.windows()
                .count(super::super::windowing::EmissionKind::OnTime)
                > 5
        );
        assert_eq!(*lab.windows(), fresh);
    }
}
