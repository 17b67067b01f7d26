//! The Raft lab's event log: the world's trace narrated line by line. Plain data, so a
//! checkpoint of the run keeps a copy of it (rewind, issue 18).

use crate::shell::event_log::{LineKind, LogLine};
use ddia_core::consensus::raft::{narrate, Blocked, RaftNode, RaftWorld};
use ddia_core::sim::{Event, EventOf};
use std::collections::VecDeque;

/// Narrated lines kept for the event log.
pub const LOG_LINES: usize = 300;

/// The narrated lines of a run, and how far into its trace they go.
#[derive(Clone, Debug, Default)]
pub struct Narration {
    log: VecDeque<LogLine>,
    /// Trace index of the newest event narrated.
    seen: Option<u64>,
    /// The messages summed up in the newest line, when it is a partition's.
    blocked: Option<Blocked>,
}

impl Narration {
    /// The lines, oldest first.
    pub fn lines(&self) -> impl DoubleEndedIterator<Item = &LogLine> + '_ {
        self.log.iter()
    }

    /// Narrates the trace records of `world` not seen yet; true if a line was added or
    /// rewritten. A run of messages blocked by a partition is one line, rewritten as the
    /// run grows ([`Blocked`]).
    pub fn collect(&mut self, world: &RaftWorld) -> bool {
        let seen = self.seen;
        let fresh: Vec<_> = world
            .trace()
            .recent()
            .filter(|r| seen.is_none_or(|s| r.index > s))
            .map(|r| (r.index, r.at.as_micros(), r.event.clone()))
            .collect();
        if let Some(last) = world.trace().recent().next_back() {
            self.seen = Some(last.index);
        }
        let mut changed = false;
        for (index, at_us, event) in fresh {
            changed |= self.narrate(index, at_us, &event);
        }
        while self.log.len() > LOG_LINES {
            self.log.pop_front();
        }
        changed
    }

    /// Adds `event`'s line to the log, or counts it into the newest line when both
    /// are messages blocked by the partition; true if a line changed.
    fn narrate(&mut self, index: u64, at_us: u64, event: &EventOf<RaftNode>) -> bool {
        if let (Some(blocked), Some(line)) = (self.blocked.as_mut(), self.log.back_mut()) {
            if blocked.add(event) {
                line.text = blocked.sentence();
                line.at_us = at_us;
                return true;
            }
        }
        let mut blocked = Blocked::default();
        let text = if blocked.add(event) {
            Some(blocked.sentence())
        } else {
            narrate::event(event)
        };
        let Some(text) = text else { return false };
        self.blocked = (blocked.count() > 0).then_some(blocked);
        self.log.push_back(LogLine {
            index,
            at_us,
            kind: line_kind(event),
            text,
        });
        true
    }
}

/// How much a narrated event matters: a violation is an alarm (read from the event,
/// never from its sentence), [`narrate::milestone`]s are kept by the log's filter.
fn line_kind(e: &EventOf<RaftNode>) -> LineKind {
    match e {
        Event::InvariantViolated { .. } => LineKind::Alarm,
        e if narrate::milestone(e) => LineKind::Milestone,
        _ => LineKind::Routine,
    }
}
