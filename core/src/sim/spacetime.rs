//! A space-time (Lamport) diagram of the recent run (issue 18; DDIA ch. 8-9, Lamport
//! 1978): one lane per node, a line per message from its send to its arrival (or its
//! drop, or now while it flies), crashes, pauses and partitions as bands, and marks the
//! lab chooses (a leader elected, an entry committed). Built from the world's recent
//! trace and its messages in flight, for any [`Process`]; each line carries the Lamport
//! and vector clocks at its send and its arrival when the world keeps them
//! ([`super::logical_clock`]).

use super::action::Action;
use super::logical_clock::{LogicalClocks, Stamp};
use super::process::Process;
use super::trace::{Event, EventOf, MsgId};
use super::world::{Checker, World};
use super::NodeId;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// How a message line ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnd {
    /// It arrived and was handled.
    Delivered,
    /// It vanished (lost, blocked, receiver down, dropped by hand).
    Dropped,
    /// It is still on the wire: the line ends at now.
    Flying,
}

/// One message: from `from` at `sent_us` to `to` at `end_us` (µs of simulated time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgLine {
    /// The message's id.
    pub id: MsgId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Its kind, e.g. `AppendEntries`.
    pub label: &'static str,
    /// When it left, µs.
    pub sent_us: u64,
    /// When it arrived or vanished, or now while it flies, µs.
    pub end_us: u64,
    /// How it ended.
    pub end: LineEnd,
    /// True for a duplicate's copy.
    pub copy: bool,
    /// The clocks at its send and at its arrival (`None`: not kept, or it has not
    /// arrived).
    pub clocks: (Option<Stamp>, Option<Stamp>),
}

/// What a band shades.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BandKind {
    /// The node is down.
    Crashed,
    /// The node is paused (a GC or VM pause).
    Paused,
    /// The network is partitioned (every lane).
    Partitioned,
}

/// A shaded stretch of time on one lane (`node`), or on every lane (`None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Band {
    /// The lane, or every lane.
    pub node: Option<NodeId>,
    /// Start, µs.
    pub from_us: u64,
    /// End, µs (now while it lasts).
    pub to_us: u64,
    /// What it shades.
    pub kind: BandKind,
}

/// A lab's mark on a lane at a moment, e.g. `("leader t2", ...)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The lane.
    pub node: NodeId,
    /// When, µs.
    pub at_us: u64,
    /// What, in a word or two.
    pub text: &'static str,
}

/// The diagram of `[from_us, to_us]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpaceTime {
    /// Start of the window, µs.
    pub from_us: u64,
    /// End of the window (now), µs.
    pub to_us: u64,
    /// True when the trace kept reaches back to the window's start (otherwise lines
    /// and bands that began earlier are missing).
    pub complete: bool,
    /// Messages with any part in the window, in send order.
    pub lines: Vec<MsgLine>,
    /// Crashes, pauses and partitions overlapping the window.
    pub bands: Vec<Band>,
    /// The lab's marks in the window.
    pub marks: Vec<Mark>,
}

/// The diagram of the last `window_us` µs of `world`'s run, with at most `max_lines`
/// message lines (the newest: a long window of a busy run holds tens of thousands).
/// `mark` names the events a lab marks on a lane (e.g. Raft's "became leader"), `None`
/// for the rest.
pub fn space_time<P: Process, C: Checker<P>>(
    world: &World<P, C>,
    window_us: u64,
    max_lines: usize,
    mark: impl Fn(&EventOf<P>) -> Option<(NodeId, &'static str)>,
) -> SpaceTime {
    let to_us = world.now().as_micros();
    let from_us = to_us.saturating_sub(window_us);
    let trace = world.trace();
    let complete = trace
        .recent()
        .next()
        .is_none_or(|r| r.index == 0 || r.at.as_micros() <= from_us);
    let mut d = Diagram::new(from_us, to_us, world.clocks());
    for r in trace.recent() {
        d.event(r.index, r.at.as_micros(), &r.event);
        if let Some((node, text)) = mark(&r.event) {
            let at_us = r.at.as_micros();
            if at_us >= from_us {
                d.marks.push(Mark { node, at_us, text });
            }
        }
    }
    for m in world.in_flight() {
        d.flying(m.id, m.from, m.to, m.sent_at.as_micros());
    }
    for (i, n) in world.nodes().iter().enumerate() {
        if !n.up {
            d.open(Some(i), BandKind::Crashed, from_us);
        }
    }
    d.finish(complete, max_lines)
}

/// A message sent and not yet ended.
struct OpenLine {
    from: NodeId,
    to: NodeId,
    label: &'static str,
    sent_us: u64,
    copy: bool,
    /// The trace index of its send (a copy: of the original's).
    sent_index: u64,
}

/// A line and the trace indices of its send and arrival, for its clocks.
type Drawn = (MsgLine, Option<u64>, Option<u64>);

/// The diagram being built from events in time order.
struct Diagram<'a> {
    from_us: u64,
    to_us: u64,
    clocks: Option<&'a LogicalClocks>,
    open_lines: BTreeMap<MsgId, OpenLine>,
    lines: Vec<Drawn>,
    /// Bands begun and not yet ended, by (lane, kind).
    open_bands: Vec<(Option<NodeId>, BandKind, u64)>,
    bands: Vec<Band>,
    marks: Vec<Mark>,
}

impl<'a> Diagram<'a> {
    fn new(from_us: u64, to_us: u64, clocks: Option<&'a LogicalClocks>) -> Self {
        Diagram {
            from_us,
            to_us,
            clocks,
            open_lines: BTreeMap::new(),
            lines: Vec::new(),
            open_bands: Vec::new(),
            bands: Vec::new(),
            marks: Vec::new(),
        }
    }

    fn event<T, N, Q, Y, I>(&mut self, index: u64, at: u64, e: &Event<T, N, Q, Y, I>) {
        match e {
            Event::Sent {
                msg,
                from,
                to,
                label,
            } => {
                let line = OpenLine {
                    from: *from,
                    to: *to,
                    label,
                    sent_us: at,
                    copy: false,
                    sent_index: index,
                };
                self.open_lines.insert(*msg, line);
            }
            Event::Duplicated { msg, copy } => {
                if let Some(o) = self.open_lines.get(msg) {
                    let line = OpenLine {
                        sent_us: at,
                        copy: true,
                        ..*o
                    };
                    self.open_lines.insert(*copy, line);
                }
            }
            Event::Delivered { msg, .. } => {
                self.close_line(*msg, at, LineEnd::Delivered, Some(index));
            }
            Event::Dropped { msg, .. } => self.close_line(*msg, at, LineEnd::Dropped, None),
            Event::Crashed(n) => self.open(Some(*n), BandKind::Crashed, at),
            Event::Restarted(n) => self.close(Some(*n), BandKind::Crashed, at),
            Event::Resumed(n) => self.close(Some(*n), BandKind::Paused, at),
            Event::Applied(Action::Pause { node, .. }) => {
                self.open(Some(*node), BandKind::Paused, at);
            }
            Event::Applied(Action::Partition { .. } | Action::CutLink { .. }) => {
                self.open(None, BandKind::Partitioned, at);
            }
            Event::Applied(Action::Heal) => self.close(None, BandKind::Partitioned, at),
            _ => {}
        }
    }

    fn close_line(&mut self, msg: MsgId, at: u64, end: LineEnd, arrived: Option<u64>) {
        if let Some(o) = self.open_lines.remove(&msg) {
            if at >= self.from_us {
                let line = MsgLine {
                    id: msg,
                    from: o.from,
                    to: o.to,
                    label: o.label,
                    sent_us: o.sent_us,
                    end_us: at,
                    end,
                    copy: o.copy,
                    clocks: (None, None),
                };
                self.lines.push((line, Some(o.sent_index), arrived));
            }
        }
    }

    /// A message still on the wire: its line ends at now.
    fn flying(&mut self, id: MsgId, from: NodeId, to: NodeId, sent_us: u64) {
        let (label, copy) = self
            .open_lines
            .remove(&id)
            .map_or(("message", false), |o| (o.label, o.copy));
        let sent_clock = self.clocks.and_then(|c| c.carried(id)).cloned();
        let line = MsgLine {
            id,
            from,
            to,
            label,
            sent_us,
            end_us: self.to_us,
            end: LineEnd::Flying,
            copy,
            clocks: (sent_clock, None),
        };
        self.lines.push((line, None, None));
    }

    /// Begins a band (unless one of that kind is already open on that lane).
    fn open(&mut self, node: Option<NodeId>, kind: BandKind, at: u64) {
        if !self
            .open_bands
            .iter()
            .any(|&(n, k, _)| n == node && k == kind)
        {
            self.open_bands.push((node, kind, at));
        }
    }

    /// Ends a band; one that began before the trace kept starts at the window.
    fn close(&mut self, node: Option<NodeId>, kind: BandKind, at: u64) {
        let begun = self
            .open_bands
            .iter()
            .position(|&(n, k, _)| n == node && k == kind)
            .map(|i| self.open_bands.remove(i).2);
        let from_us = begun.unwrap_or(self.from_us);
        if at >= self.from_us {
            self.bands.push(Band {
                node,
                from_us: from_us.max(self.from_us),
                to_us: at,
                kind,
            });
        }
    }

    fn finish(mut self, complete: bool, max_lines: usize) -> SpaceTime {
        for (node, kind, at) in core::mem::take(&mut self.open_bands) {
            self.bands.push(Band {
                node,
                from_us: at.max(self.from_us),
                to_us: self.to_us,
                kind,
            });
        }
        self.lines
            .sort_unstable_by_key(|(l, _, _)| (l.sent_us, l.id));
        let skip = self.lines.len().saturating_sub(max_lines);
        let clocks = self.clocks;
        let stamp = |i: Option<u64>| clocks.and_then(|c| c.at(i?)).cloned();
        let lines = self
            .lines
            .drain(skip..)
            .map(|(mut l, sent, arrived)| {
                if l.clocks.0.is_none() {
                    l.clocks = (stamp(sent), stamp(arrived));
                }
                l
            })
            .collect();
        SpaceTime {
            from_us: self.from_us,
            to_us: self.to_us,
            complete,
            lines,
            bands: self.bands,
            marks: self.marks,
        }
    }
}
