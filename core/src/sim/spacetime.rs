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
use alloc::collections::VecDeque;
use alloc::vec;
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
    /// When it began, µs: its real start, even before the window (a view clips it);
    /// the window's start when it began before the trace kept (`from_known` false).
    pub from_us: u64,
    /// False when it began before the oldest event kept (its start is unknown).
    pub from_known: bool,
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
    /// The nodes that have a lane, in node order: those that sent or received a message
    /// in the trace kept, or have a band or a mark (a node that never took part, e.g.
    /// the stream lab's idle v2 builder, has none).
    pub lanes: Vec<NodeId>,
}

/// The diagram of the last `window_us` µs of `world`'s run, with at most `max_lines`
/// message lines (the newest: a long window of a busy run holds tens of thousands).
/// `mark` names the events a lab marks on a lane (e.g. Raft's "became leader"), `None`
/// for the rest. One pass over the trace kept, O(1) per event (it runs every frame
/// while the diagram shows: issue 18).
pub fn space_time<P: Process, C: Checker<P>>(
    world: &World<P, C>,
    window_us: u64,
    max_lines: usize,
    mark: impl Fn(&EventOf<P>) -> Option<(NodeId, &'static str)>,
) -> SpaceTime {
    let to_us = world.now().as_micros();
    let from_us = to_us.saturating_sub(window_us);
    let trace = world.trace();
    let oldest = trace.recent().next();
    let complete = oldest.is_none_or(|r| r.index == 0 || r.at.as_micros() <= from_us);
    let mut d = Diagram::new(from_us, to_us, world.nodes().len());
    d.kept_from = oldest.map_or(0, |r| r.at.as_micros());
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
            d.open(Some(i), BandKind::Crashed, None);
        }
    }
    d.finish(complete, max_lines, world.clocks())
}

/// A message's sender, receiver and kind.
type Ends = (NodeId, NodeId, &'static str);

/// A line being drawn, and the trace indices of its send and arrival (for its clocks).
struct Drawn {
    line: MsgLine,
    sent_index: Option<u64>,
    arrived_index: Option<u64>,
    /// Still on the wire as far as the trace says (no arrival or drop seen yet).
    open: bool,
}

/// The diagram being built from events in time order.
struct Diagram {
    from_us: u64,
    to_us: u64,
    /// The moment of the oldest event kept: a band open since before it has an
    /// unknown start.
    kept_from: u64,
    /// Lines in send order (closed before the window: dropped in [`Diagram::finish`]).
    lines: Vec<Drawn>,
    /// Message `first_id + i`'s position in `lines` while it is open (ids grow with
    /// every send and copy, so this is a dense index, O(1) per event).
    open_lines: VecDeque<Option<usize>>,
    first_id: Option<MsgId>,
    /// Bands begun and not yet ended: (lane, kind, start if known).
    open_bands: Vec<(Option<NodeId>, BandKind, Option<u64>)>,
    bands: Vec<Band>,
    marks: Vec<Mark>,
    /// Nodes that sent or received, by node.
    active: Vec<bool>,
}

impl Diagram {
    fn new(from_us: u64, to_us: u64, nodes: usize) -> Self {
        Diagram {
            from_us,
            to_us,
            kept_from: 0,
            lines: Vec::new(),
            open_lines: VecDeque::new(),
            first_id: None,
            open_bands: Vec::new(),
            bands: Vec::new(),
            marks: Vec::new(),
            active: vec![false; nodes],
        }
    }

    /// The slot of message `id` in the open index (`None`: older than the index).
    fn slot(&mut self, id: MsgId) -> Option<&mut Option<usize>> {
        let first = *self.first_id.get_or_insert(id);
        let i = usize::try_from(id.checked_sub(first)?).ok()?;
        if i >= self.open_lines.len() {
            self.open_lines.resize(i + 1, None);
        }
        self.open_lines.get_mut(i)
    }

    /// Takes message `id`'s open line out of the index.
    fn take(&mut self, id: MsgId) -> Option<usize> {
        let first = self.first_id?;
        let i = usize::try_from(id.checked_sub(first)?).ok()?;
        self.open_lines.get_mut(i)?.take()
    }

    /// The ends, kind and send index of open message `id`, to copy.
    fn original(&self, id: MsgId) -> Option<(Ends, Option<u64>)> {
        let i = usize::try_from(id.checked_sub(self.first_id?)?).ok()?;
        let d = &self.lines[(*self.open_lines.get(i)?)?];
        Some(((d.line.from, d.line.to, d.line.label), d.sent_index))
    }

    fn touch(&mut self, node: NodeId) {
        if let Some(a) = self.active.get_mut(node) {
            *a = true;
        }
    }

    /// A new line from `from` to `to` sent at `sent_us`, open until it ends.
    fn begin(&mut self, id: MsgId, line: Ends, sent_us: u64, copy: bool, sent_index: Option<u64>) {
        let (from, to, label) = line;
        let at = self.lines.len();
        self.lines.push(Drawn {
            line: MsgLine {
                id,
                from,
                to,
                label,
                sent_us,
                end_us: sent_us,
                end: LineEnd::Flying,
                copy,
                clocks: (None, None),
            },
            sent_index,
            arrived_index: None,
            open: true,
        });
        if let Some(slot) = self.slot(id) {
            *slot = Some(at);
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
                self.touch(*from);
                self.touch(*to);
                self.begin(*msg, (*from, *to, label), at, false, Some(index));
            }
            Event::Duplicated { msg, copy } => {
                if let Some((line, sent)) = self.original(*msg) {
                    self.begin(*copy, line, at, true, sent);
                }
            }
            Event::Delivered { msg, to, .. } => {
                self.touch(*to);
                self.close_line(*msg, at, LineEnd::Delivered, Some(index));
            }
            Event::Dropped { msg, .. } => self.close_line(*msg, at, LineEnd::Dropped, None),
            Event::Crashed(n) => self.open(Some(*n), BandKind::Crashed, Some(at)),
            Event::Restarted(n) => self.close(Some(*n), BandKind::Crashed, at),
            Event::Resumed(n) => self.close(Some(*n), BandKind::Paused, at),
            Event::Applied(Action::Pause { node, .. }) => {
                self.open(Some(*node), BandKind::Paused, Some(at));
            }
            Event::Applied(Action::Partition { .. } | Action::CutLink { .. }) => {
                self.open(None, BandKind::Partitioned, Some(at));
            }
            Event::Applied(Action::Heal) => self.close(None, BandKind::Partitioned, at),
            _ => {}
        }
    }

    fn close_line(&mut self, msg: MsgId, at: u64, end: LineEnd, arrived: Option<u64>) {
        if let Some(i) = self.take(msg) {
            let d = &mut self.lines[i];
            d.open = false;
            d.line.end_us = at;
            d.line.end = end;
            d.arrived_index = arrived;
        }
    }

    /// A message still on the wire: its line ends at now (one the trace kept no send
    /// of is added, unnamed).
    fn flying(&mut self, id: MsgId, from: NodeId, to: NodeId, sent_us: u64) {
        self.touch(from);
        let i = self.take(id).unwrap_or_else(|| {
            self.begin(id, (from, to, "message"), sent_us, false, None);
            self.lines.len() - 1
        });
        let d = &mut self.lines[i];
        d.open = false;
        d.line.end_us = self.to_us;
    }

    /// Begins a band at `at` (`None`: before the trace kept), unless one of that kind
    /// is already open on that lane.
    fn open(&mut self, node: Option<NodeId>, kind: BandKind, at: Option<u64>) {
        if !self
            .open_bands
            .iter()
            .any(|&(n, k, _)| n == node && k == kind)
        {
            self.open_bands.push((node, kind, at));
        }
    }

    /// Ends a band; one that began before the trace kept has an unknown start.
    fn close(&mut self, node: Option<NodeId>, kind: BandKind, at: u64) {
        let begun = self
            .open_bands
            .iter()
            .position(|&(n, k, _)| n == node && k == kind)
            .and_then(|i| self.open_bands.remove(i).2);
        if at >= self.from_us {
            self.push_band(node, kind, begun, at);
        }
    }

    fn push_band(&mut self, node: Option<NodeId>, kind: BandKind, begun: Option<u64>, to_us: u64) {
        self.bands.push(Band {
            node,
            from_us: begun.unwrap_or(self.kept_from.max(self.from_us)),
            from_known: begun.is_some(),
            to_us,
            kind,
        });
    }

    fn finish(
        mut self,
        complete: bool,
        max_lines: usize,
        clocks: Option<&LogicalClocks>,
    ) -> SpaceTime {
        for (node, kind, at) in core::mem::take(&mut self.open_bands) {
            self.push_band(node, kind, at, self.to_us);
        }
        let from_us = self.from_us;
        // Open lines are neither flying nor ended (a record the trace no longer keeps):
        // drop them, with the lines that ended before the window.
        self.lines.retain(|d| !d.open && d.line.end_us >= from_us);
        // Lines the trace kept no send of come last: put them in send order too.
        self.lines.sort_by_key(|d| (d.line.sent_us, d.line.id));
        let skip = self.lines.len().saturating_sub(max_lines);
        let stamp = |i: Option<u64>| clocks.and_then(|c| c.at(i?)).cloned();
        let lines = self
            .lines
            .drain(skip..)
            .map(|d| {
                let mut l = d.line;
                l.clocks = match l.end {
                    LineEnd::Flying => (clocks.and_then(|c| c.carried(l.id)).cloned(), None),
                    _ => (stamp(d.sent_index), stamp(d.arrived_index)),
                };
                l
            })
            .collect();
        let marked = self.bands.iter().filter_map(|b| b.node);
        let marked: Vec<NodeId> = marked.chain(self.marks.iter().map(|m| m.node)).collect();
        for n in marked {
            self.touch(n);
        }
        let lanes = (0..self.active.len()).filter(|&n| self.active[n]).collect();
        SpaceTime {
            from_us,
            to_us: self.to_us,
            complete,
            lines,
            bands: self.bands,
            marks: self.marks,
            lanes,
        }
    }
}
