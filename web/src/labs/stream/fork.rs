//! The branch a fork of the stream run discarded (issue 18, as the Raft lab's
//! `labs/raft/fork.rs`): when the learner acts after a seek back, the run as it was
//! (its later actions included) is kept here. The lab shows where the two runs first
//! differ (each replayed from its link and run a few thousand events past the fork,
//! traces compared by [`ddia_core::sim::diverge`]) and both at the moment the timeline
//! shows ([`crate::shell::fork_bar`]).

use super::session::StreamSession;
use crate::shell::fork_bar::{ForkNote, SideBySide};
use ddia_core::sim::{Event, EventOf, Record, SimTime};
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::narrate::{self, node};
use ddia_core::stream::scenario::StreamScenario;
use ddia_core::stream::Member;

/// Trace events each branch is run past the fork to find where they part.
pub const LOOKAHEAD_EVENTS: usize = 5_000;

/// The discarded branch and where it parts from the run kept.
pub struct StreamFork {
    other: StreamSession,
    note: ForkNote,
}

impl StreamFork {
    /// `other` is the run as it was just before the learner acted (its later actions
    /// still in its scenario); `ours` the run just after.
    pub fn new(other: StreamSession, ours: &StreamSession) -> Self {
        let from = other.lab().run.world.trace().len();
        let (a, a_ended) = lookahead(&ours.scenario(), from, LOOKAHEAD_EVENTS);
        let (b, b_ended) = lookahead(&other.scenario(), from, LOOKAHEAD_EVENTS);
        let note = ForkNote::new(
            other.now(),
            (after(&a, from), a_ended),
            (after(&b, from), b_ended),
            event,
        );
        StreamFork { other, note }
    }

    /// Where it happened and where the runs part.
    pub fn note(&self) -> &ForkNote {
        &self.note
    }

    /// Both runs at the moment of `ours` (the run kept; the discarded one goes on with
    /// its own later actions, or is replayed to it), a row per node.
    pub fn side_by_side(&mut self, ours: &StreamLab) -> SideBySide {
        let t = ours.now().as_micros();
        if self.other.now() > t {
            self.other.seek(t);
        }
        self.other.advance(t - self.other.now());
        let (a, b) = (ours, self.other.lab());
        let rows = (0..a.run.world.nodes().len())
            .map(|i| (node(i), node_state(a, i), node_state(b, i)))
            .collect();
        SideBySide {
            at_us: self.other.now(),
            rows,
        }
    }
}

/// `scenario`'s run (replayed to its `t`) run on until its trace holds `events`
/// records past index `from`, and whether it ended (nothing left, or an invariant
/// broke) before that.
fn lookahead(scenario: &StreamScenario, from: u64, events: usize) -> (StreamLab, bool) {
    let mut lab = StreamLab::new(&StreamScenario {
        until_us: None,
        ..scenario.clone()
    });
    // Room for every record from `from` on, and a step's worth more.
    lab.run.world.set_trace_capacity(events + 64);
    lab.run_until(SimTime(scenario.until_us.unwrap_or(0)));
    let target = from.saturating_add(u64::try_from(events).unwrap_or(u64::MAX));
    let mut ended = false;
    while lab.run.world.trace().len() < target && !ended {
        ended = !lab.step() || lab.violation().is_some();
    }
    (lab, ended)
}

/// `lab`'s kept trace records from index `from` on.
fn after(lab: &StreamLab, from: u64) -> impl Iterator<Item = &Record<EventOf<Member>>> {
    lab.run
        .world
        .trace()
        .recent()
        .filter(move |r| r.index >= from)
}

/// A trace event in words: narrated state changes as the event log tells them, message
/// traffic and timers plainly.
fn event(e: &EventOf<Member>) -> String {
    narrate::event(e).unwrap_or_else(|| match e {
        Event::Sent {
            from, to, label, ..
        } => format!("{} sends {label} to {}", node(*from), node(*to)),
        Event::Delivered {
            from, to, label, ..
        } => format!("{} gets {label} from {}", node(*to), node(*from)),
        Event::TimerFired { node: n, .. } => format!("a timer of {} fires", node(*n)),
        Event::Dropped { label, .. } => format!("a {label} is lost"),
        _ => String::from("(event)"),
    })
}

/// Node `i` of `lab` in a few words: up, down or paused, and what tells the runs
/// apart (the broker's log ends, a consumer's positions, the sink's effects).
pub fn node_state(lab: &StreamLab, i: usize) -> String {
    let Some(n) = lab.run.world.nodes().get(i) else {
        return String::from("—");
    };
    let mut out = String::from(match (n.up, n.paused_until) {
        (false, _) => "down",
        (true, Some(_)) => "paused",
        (true, None) => "up",
    });
    match &n.process {
        Member::Broker(b) => {
            out.push_str(" · log ends");
            for l in &b.partitions {
                out.push_str(&format!(" {}", l.end()));
            }
        }
        Member::Consumer(c) => {
            for (p, o) in c.positions.iter() {
                out.push_str(&format!(" · P{p} at {o}"));
            }
        }
        Member::Sink(s) => out.push_str(&format!(" · {} effects", s.outputs.len())),
        Member::Producer(_) | Member::Rebuilder(_) => {}
    }
    out
}
