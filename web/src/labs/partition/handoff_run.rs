//! The last rebalance carried out on the simulated network, run once for the whole
//! stage: the main picture draws its moved keys travelling from it
//! ([`super::travel`]), the "Over the network" view draws its messages
//! ([`super::handoff_view`]). Rebuilt from the lab after every change; advanced by the
//! frame loop in slow motion until it settles (DDIA ch. 6, "Rebalancing Partitions").
//! While its view is shown and it has events left, the lab's transport drives it: Play
//! or Space pauses, Step or `.` runs one event, `,` goes one event back (replayed: runs
//! are deterministic). The view, first shown after a change, plays it from its start;
//! a pause holds across changes (a seek keeps it paused). When it settles,
//! what the network did (messages lost and resent, a crash) and how the reads during
//! it ended join the event log. A change that leaves the run alone (same transfers,
//! reads and network knobs) keeps it where it is, and its lines in the rebuilt log.

use super::handoff_view::node_name;
use super::state::{PartitionState, StageView};
use crate::shell::event_log::{LineKind, LogLine};
use crate::shell::format::ms;
use crate::shell::frame_loop::use_frame_loop;
use crate::shell::page::prefers_reduced_motion_now;
use ddia_core::partition::lab::HandoffKey;
use ddia_core::partition::rebalance::{
    client, coordinator, transits, PlannedTransfer, RebalanceWorld, Transit,
};
use ddia_core::sim::{Event, SimTime};
use leptos::prelude::*;

/// Simulated time per wall time at the lab's 1x: a 5-15 ms link takes about half a
/// second to cross.
pub const SLOW_MOTION: f64 = 0.02;

/// Under reduced motion the run is settled at once, this many simulated µs a step.
const SETTLE_STEP_US: u64 = 10_000;
/// A run stops advancing after this much simulated time (a lossy link can keep a
/// handoff resending for a long while: 10 s is hundreds of retries).
const SETTLE_LIMIT_US: u64 = 10_000_000;
/// Trace entries kept, enough for a whole handoff's drops and crashes to be counted.
const TRACE_CAPACITY: usize = 1 << 16;

/// Handles to the shared handoff run; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct HandoffRun {
    world: StoredValue<Option<RebalanceWorld>, LocalStorage>,
    plan: StoredValue<Vec<PlannedTransfer>, LocalStorage>,
    /// Whether it has said in the event log how it settled.
    told: StoredValue<bool, LocalStorage>,
    /// What it said, kept for the log rebuilt after a change that leaves the run alone.
    said: StoredValue<Vec<(String, LineKind)>, LocalStorage>,
    /// What the run was made from.
    made_from: StoredValue<Option<HandoffKey>, LocalStorage>,
    /// True while the transport holds it (Space, `.` or `,` while its view is shown).
    pub paused: RwSignal<bool>,
    /// Whether the network view has shown this run from its start.
    seen: StoredValue<bool, LocalStorage>,
    /// Bumped whenever the world advanced or was rebuilt.
    pub drawn: RwSignal<u64>,
}

/// Whether `w` has nothing left to do: every move done, every read (sent as its key's
/// old owner releases it, so before the last move is done) ended and nothing in
/// flight, or it broke an invariant, or ran past [`SETTLE_LIMIT_US`].
fn settled(w: &RebalanceWorld) -> bool {
    let reads_done = client(w).is_none_or(|c| c.idle());
    (coordinator(w).is_none_or(|c| c.moves.is_empty())
        && reads_done
        && w.in_flight().next().is_none())
        || w.violation().is_some()
        || w.now().as_micros() > SETTLE_LIMIT_US
}

/// What the client's reads during the handoff in `w` did, one line each (forwarded,
/// retried, an error), for the event log.
pub fn read_lines(w: &RebalanceWorld) -> Vec<String> {
    client(w).map_or_else(Vec::new, |c| {
        c.done
            .iter()
            .map(|d| d.describe(|n| node_name(w, n)))
            .collect()
    })
}

/// How the handoff in `w` went, for the event log: when it settled (the simulated
/// time of its last event, not of the frame that noticed), the messages the network
/// lost (each one resent) and the nodes that crashed and restarted.
pub fn settle_line(w: &RebalanceWorld) -> String {
    let (mut lost, mut crashes, mut last) = (0u64, Vec::new(), w.now());
    for r in w.trace().recent() {
        last = r.at;
        match r.event {
            Event::Dropped { .. } => lost += 1,
            Event::Crashed(n) => crashes.push(format!("N{n} crashed at {}", ms(r.at.as_micros()))),
            Event::Restarted(n) => {
                crashes.push(format!("N{n} restarted at {}", ms(r.at.as_micros())))
            }
            _ => {}
        }
    }
    let mut parts = vec![format!(
        "the handoff over the network settled at {}",
        ms(last.as_micros())
    )];
    parts.push(match lost {
        0 => "no message lost".into(),
        1 => "1 message lost and resent".into(),
        n => format!("{n} messages lost and resent"),
    });
    parts.extend(crashes);
    parts.join("; ")
}

/// Wall milliseconds of a frame as simulated microseconds at `speed`, slowed down
/// (at least 1 µs, so a run always moves on).
pub fn frame_micros(dt_ms: f64, speed: f64) -> u64 {
    // Bounded: dt is clamped to 0-100 ms and speed is a slider's value.
    ((dt_ms.clamp(0.0, 100.0) * 1000.0 * speed * SLOW_MOTION).round() as u64).max(1)
}

impl HandoffRun {
    /// The run of `st`'s last rebalance, rebuilt after every change and advanced every
    /// animation frame while the calling component is mounted.
    pub fn start(st: PartitionState) -> Self {
        let run = HandoffRun {
            world: StoredValue::new_local(None),
            plan: StoredValue::new_local(Vec::new()),
            told: StoredValue::new_local(false),
            said: StoredValue::new_local(Vec::new()),
            made_from: StoredValue::new_local(None),
            paused: RwSignal::new(false),
            seen: StoredValue::new_local(false),
            drawn: RwSignal::new(0),
        };
        Effect::new(move |_| {
            let key = st.with(|l| l.handoff_key());
            if run.made_from.with_value(|k| k.as_ref() == Some(&key)) {
                // The log was rebuilt: what the unchanged run said goes back in.
                if run.told.get_value() {
                    run.say(st);
                }
                return;
            }
            run.made_from.set_value(Some(key));
            run.seen
                .set_value(st.view.get_untracked() == StageView::Handoff);
            run.replay(st);
        });
        use_frame_loop(move |dt_ms, _| {
            if dt_ms.is_finite() && !run.paused.get_untracked() {
                run.advance(frame_micros(dt_ms, st.speed.get_untracked()));
                run.tell(st);
            }
        });
        run
    }

    /// The network view is shown: the first time after a change, the run starts over
    /// (what it said in the log stays said), so the learner sees its first messages.
    pub fn shown(self, st: PartitionState) {
        if !self.seen.get_value() {
            self.seen.set_value(true);
            self.restart(st);
        }
    }

    /// Whether it has events left to run (tracking every advance).
    pub fn has_events_left(self) -> bool {
        self.with_world(|w| w.is_some_and(|w| !settled(w)))
    }

    /// Pauses or resumes (Space while the view is shown).
    pub fn toggle_pause(self) {
        self.paused.update(|p| *p = !*p);
    }

    /// Runs exactly one event, paused (`.`).
    pub fn step(self, st: PartitionState) {
        self.paused.set(true);
        let stepped = self
            .world
            .try_update_value(|w| w.as_mut().is_some_and(|w| !settled(w) && w.step()))
            .unwrap_or(false);
        if stepped {
            self.drawn.update(|d| *d += 1);
            self.tell(st);
        }
    }

    /// Goes one event back, paused (`,`): rebuilt and run to the event before.
    pub fn step_back(self, st: PartitionState) {
        self.paused.set(true);
        let Some(events) = self
            .world
            .with_value(|w| w.as_ref().map(|w| w.events_processed()))
        else {
            return;
        };
        self.rebuild(st);
        self.world.update_value(|w| {
            if let Some(w) = w.as_mut() {
                while w.events_processed() + 1 < events && w.step() {}
            }
        });
        self.drawn.update(|d| *d += 1);
    }

    /// Once the run has settled, says how in the event log (once per run).
    fn tell(self, st: PartitionState) {
        if self.told.get_value() {
            return;
        }
        let Some(lines) = self.world.with_value(|w| {
            let w = w.as_ref().filter(|w| settled(w))?;
            let mut lines = vec![(settle_line(w), LineKind::Routine)];
            lines.extend(read_lines(w).into_iter().map(|t| (t, LineKind::Milestone)));
            Some(lines)
        }) else {
            return;
        };
        self.told.set_value(true);
        self.said.set_value(lines);
        self.say(st);
    }

    /// Adds what the run said to the event log.
    fn say(self, st: PartitionState) {
        self.said.with_value(|lines| {
            st.log.update(|log| {
                let at = log.last().map_or(0, |l| l.at_us);
                for (text, kind) in lines {
                    log.push(LogLine {
                        index: log.len() as u64,
                        at_us: at,
                        text: text.clone(),
                        kind: *kind,
                    });
                }
            });
        });
    }

    /// The run from its start (the scenario's plan and network knobs), not yet drawn.
    fn rebuild(self, st: PartitionState) {
        let (plan, mut world) = st.with(|l| (l.handoff_plan(), l.handoff_world()));
        if let Some(w) = world.as_mut() {
            w.set_trace_capacity(TRACE_CAPACITY);
        }
        self.plan.set_value(plan);
        self.world.set_value(world);
    }

    /// Builds the run again from its start and plays it (under reduced motion: its
    /// outcome at once).
    pub fn replay(self, st: PartitionState) {
        self.told.set_value(false);
        self.restart(st);
    }

    /// Builds the run again from its start and plays it (under reduced motion: its
    /// outcome at once), keeping whether it has told the log how it settled.
    fn restart(self, st: PartitionState) {
        self.rebuild(st);
        self.drawn.update(|d| *d += 1);
        if prefers_reduced_motion_now() {
            while self.advance(SETTLE_STEP_US) {}
            self.tell(st);
        }
    }

    /// Runs the world `us` simulated microseconds on, unless it has settled (or ran
    /// past [`SETTLE_LIMIT_US`]); whether it moved.
    fn advance(self, us: u64) -> bool {
        let advanced = self
            .world
            .try_update_value(|w| {
                let w = w.as_mut()?;
                if settled(w) {
                    return None;
                }
                w.run_until(SimTime::from_micros(w.now().as_micros() + us));
                Some(())
            })
            .flatten();
        if advanced.is_some() {
            self.drawn.update(|d| *d += 1);
        }
        advanced.is_some()
    }

    /// Reads the world (tracking every advance).
    pub fn with_world<R>(self, f: impl FnOnce(Option<&RebalanceWorld>) -> R) -> R {
        self.drawn.track();
        self.world.with_value(|w| f(w.as_ref()))
    }

    /// Where each transfer unit is now, with the plan and the world's time (tracking
    /// every advance); `None` before any rebalance.
    pub fn transits<R>(
        self,
        f: impl FnOnce(&[PlannedTransfer], &[Transit], SimTime) -> R,
    ) -> Option<R> {
        self.with_world(|w| {
            let w = w?;
            self.plan
                .with_value(|plan| Some(f(plan, &transits(w, plan), w.now())))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::LabLink;
    use ddia_core::partition::lab::PartitionLab;
    use ddia_core::partition::routing::RoutingMode;
    use ddia_core::partition::scenario::PartitionScenario;

    /// The reads of the stale-route scenario, replayed as the old owner releases the
    /// key, each get a line in the event log, by mode.
    #[test]
    fn the_reads_during_the_handoff_are_narrated_by_mode() {
        let mut lab = PartitionLab::new(&PartitionScenario::from_query("scn=stale-route").unwrap());
        lab.finish();
        let mut w = lab.handoff_world().unwrap();
        while !settled(&w) && w.step() {}
        let lines = read_lines(&w);
        assert_eq!(lines.len(), 4, "{lines:?}");
        for mode in RoutingMode::ALL {
            assert!(
                lines.iter().any(|l| l.contains(mode.name())),
                "{mode:?}: {lines:?}"
            );
        }
    }

    /// play16b N23: "settled at" is the time of the settling event, the same whether
    /// the frames are small (normal motion) or large (reduced motion).
    #[test]
    fn the_settle_time_does_not_depend_on_the_frames() {
        let settle = |q: &str, frame_us: u64| {
            let mut lab = PartitionLab::new(&PartitionScenario::from_query(q).unwrap());
            lab.finish();
            let mut w = lab.handoff_world().unwrap();
            w.set_trace_capacity(TRACE_CAPACITY);
            while !settled(&w) {
                w.run_until(SimTime::from_micros(w.now().as_micros() + frame_us));
            }
            settle_line(&w)
        };
        for q in ["scn=ring-60", "scn=stale-route"] {
            assert_eq!(settle(q, 250), settle(q, SETTLE_STEP_US), "{q}");
        }
    }

    /// The event log hears how the handoff went: the losses (each resent) and the
    /// crash and restart of the `hcrash` knob.
    #[test]
    fn the_settled_handoff_says_what_the_network_did() {
        let line = |q: &str| {
            let mut lab = PartitionLab::new(&PartitionScenario::from_query(q).unwrap());
            lab.finish();
            let mut w = lab.handoff_world().unwrap();
            w.set_trace_capacity(TRACE_CAPACITY);
            while !settled(&w) && w.step() {}
            settle_line(&w)
        };
        let calm = line("scn=ring-60");
        assert!(calm.contains("no message lost"), "{calm}");
        assert!(!calm.contains("crashed"), "{calm}");
        let rough = line("scn=ring-60&hloss=40&hcrash=1");
        assert!(rough.contains("lost and resent"), "{rough}");
        assert!(
            rough.contains("N2 crashed at 10.0 ms; N2 restarted at 60.0 ms"),
            "{rough}"
        );
    }
}
