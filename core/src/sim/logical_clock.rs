//! Lamport and vector clocks of a run (DDIA ch. 9, "Sequence Number Ordering"; Lamport
//! 1978; Fidge and Mattern 1988), kept beside the trace for the space-time diagram
//! (issue 18): hovering a message shows the clocks at its send and at its arrival.
//!
//! Each node ticks its clocks at every event of its own (a send, a delivery, a timer, a
//! client request); a message carries its sender's clocks, and the receiver takes the
//! maximum of its own and the message's before ticking. So if event `a` happened
//! before `b`, `a`'s vector is below `b`'s in every entry and its Lamport number is
//! smaller. The clocks are not part of the run: nothing reads them back, and they stay
//! out of the trace digest. Kept only when a lab asks ([`World::track_clocks`]), since
//! every message then carries a vector of one entry per node.
//!
//! [`World::track_clocks`]: super::World::track_clocks

use super::trace::{Event, MsgId};
use super::vec_map::VecMap;
use super::NodeId;
use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::vec;
use alloc::vec::Vec;

/// The clocks as a world holds them: behind a box that only [`World::track_clocks`]
/// fills, so a lab that never keeps clocks does not ship their code (each lab page is
/// its own wasm, under a size budget).
///
/// [`World::track_clocks`]: super::World::track_clocks
pub struct ClockBox(Box<dyn Tracker>);

/// What a world does with its clocks (one implementation, [`LogicalClocks`]).
trait Tracker {
    fn step(&mut self, index: u64, step: Step);
    fn copy(&self, recent: bool) -> ClockBox;
    fn set_capacity(&mut self, capacity: usize);
    fn clocks(&self) -> &LogicalClocks;
}

impl Tracker for LogicalClocks {
    fn step(&mut self, index: u64, step: Step) {
        LogicalClocks::step(self, index, step);
    }
    fn copy(&self, recent: bool) -> ClockBox {
        ClockBox(Box::new(if recent {
            self.clone()
        } else {
            self.without_recent()
        }))
    }
    fn set_capacity(&mut self, capacity: usize) {
        LogicalClocks::set_capacity(self, capacity);
    }
    fn clocks(&self) -> &LogicalClocks {
        self
    }
}

impl ClockBox {
    /// `clocks`, boxed.
    pub fn new(clocks: LogicalClocks) -> Self {
        ClockBox(Box::new(clocks))
    }
    /// Follows trace event number `index`.
    pub fn observe<T, N, Q, Y, I>(&mut self, index: u64, event: &Event<T, N, Q, Y, I>) {
        if let Some(step) = Step::of(event) {
            self.0.step(index, step);
        }
    }
    /// A copy, with its recent stamps or without (a checkpoint's).
    pub fn copy(&self, recent: bool) -> Self {
        self.0.copy(recent)
    }
    /// Changes how many recent stamps are kept.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.0.set_capacity(capacity);
    }
    /// The clocks.
    pub fn clocks(&self) -> &LogicalClocks {
        self.0.clocks()
    }
}

/// The clocks at one event: a Lamport number and a vector (one entry per node).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The Lamport timestamp.
    pub lamport: u64,
    /// The vector clock, node 0 first.
    pub vector: Vec<u64>,
}

impl Stamp {
    /// True if this stamp's event happened before `other`'s: every entry at most
    /// `other`'s and one below.
    pub fn happened_before(&self, other: &Stamp) -> bool {
        self.vector.len() == other.vector.len()
            && self.vector.iter().zip(&other.vector).all(|(a, b)| a <= b)
            && self.vector != other.vector
    }
}

/// What an event does to the clocks.
#[derive(Clone, Copy)]
enum Step {
    /// Node sends message.
    Send(NodeId, MsgId),
    /// Message gets a copy (id).
    Copy(MsgId, MsgId),
    /// Node receives message.
    Deliver(NodeId, MsgId),
    /// Message vanishes.
    Drop(MsgId),
    /// An event of the node's own (a timer, a client request).
    Local(NodeId),
}

impl Step {
    /// What `event` does to the clocks (the only part compiled once per world type).
    fn of<T, N, Q, Y, I>(event: &Event<T, N, Q, Y, I>) -> Option<Step> {
        Some(match event {
            Event::Sent { msg, from, .. } => Step::Send(*from, *msg),
            Event::Duplicated { msg, copy } => Step::Copy(*msg, *copy),
            Event::Delivered { msg, to, .. } => Step::Deliver(*to, *msg),
            Event::Dropped { msg, .. } => Step::Drop(*msg),
            Event::TimerFired { node, .. } | Event::ClientRequest { node, .. } => {
                Step::Local(*node)
            }
            _ => return None,
        })
    }
}

/// Every node's clocks, the stamps messages carry while they fly, and the stamps of
/// the recent events (by trace index), as many as the trace keeps.
#[derive(Clone, Debug)]
pub struct LogicalClocks {
    nodes: Vec<Stamp>,
    flying: VecMap<MsgId, Stamp>,
    recent: VecDeque<(u64, Stamp)>,
    capacity: usize,
}

impl LogicalClocks {
    /// Clocks at zero for `nodes` nodes, keeping the stamps of the `capacity` most
    /// recent events.
    pub fn new(nodes: usize, capacity: usize) -> Self {
        LogicalClocks {
            nodes: vec![
                Stamp {
                    lamport: 0,
                    vector: vec![0; nodes],
                };
                nodes
            ],
            flying: VecMap::new(),
            recent: VecDeque::new(),
            capacity,
        }
    }

    /// The same clocks without the recent stamps (what a checkpoint keeps).
    pub fn without_recent(&self) -> Self {
        LogicalClocks {
            recent: VecDeque::new(),
            ..self.clone()
        }
    }

    /// Changes how many recent stamps are kept.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity;
        while self.recent.len() > capacity {
            self.recent.pop_front();
        }
    }

    /// Follows trace event number `index`.
    pub fn observe<T, N, Q, Y, I>(&mut self, index: u64, event: &Event<T, N, Q, Y, I>) {
        if let Some(step) = Step::of(event) {
            self.step(index, step);
        }
    }

    fn step(&mut self, index: u64, step: Step) {
        match step {
            Step::Send(node, msg) => {
                if let Some(s) = self.tick(index, node, None) {
                    self.flying.insert(msg, s);
                }
            }
            Step::Copy(msg, copy) => {
                if let Some(s) = self.flying.get(&msg).cloned() {
                    self.flying.insert(copy, s);
                }
            }
            Step::Deliver(node, msg) => {
                let carried = self.flying.remove(&msg);
                self.tick(index, node, carried.as_ref());
            }
            Step::Drop(msg) => {
                self.flying.remove(&msg);
            }
            Step::Local(node) => {
                self.tick(index, node, None);
            }
        }
    }

    /// Node `node`'s event `index`: merges `carried` (a message's stamp), ticks, and
    /// keeps the stamp; `None` for a node the clocks do not know.
    fn tick(&mut self, index: u64, node: NodeId, carried: Option<&Stamp>) -> Option<Stamp> {
        let own = self.nodes.get_mut(node)?;
        if let Some(m) = carried {
            own.lamport = own.lamport.max(m.lamport);
            for (a, b) in own.vector.iter_mut().zip(&m.vector) {
                *a = (*a).max(*b);
            }
        }
        own.lamport += 1;
        own.vector[node] += 1;
        let stamp = own.clone();
        if self.capacity > 0 {
            if self.recent.len() == self.capacity {
                self.recent.pop_front();
            }
            self.recent.push_back((index, stamp.clone()));
        }
        Some(stamp)
    }

    /// The stamp of trace event `index`, if it ticked a clock and is recent.
    pub fn at(&self, index: u64) -> Option<&Stamp> {
        let i = self.recent.binary_search_by_key(&index, |(i, _)| *i).ok()?;
        Some(&self.recent[i].1)
    }

    /// The stamp message `msg` carries while it flies.
    pub fn carried(&self, msg: MsgId) -> Option<&Stamp> {
        self.flying.get(&msg)
    }

    /// Node `node`'s clocks now.
    pub fn node(&self, node: NodeId) -> Option<&Stamp> {
        self.nodes.get(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consensus::raft::Scenario;
    use crate::sim::{Record, SimTime};
    use alloc::collections::BTreeMap;

    fn raft(clocks: bool) -> crate::consensus::raft::RaftWorld {
        let mut w = Scenario::default().build_raft(200_000).unwrap();
        if clocks {
            w.track_clocks();
        }
        w
    }

    #[test]
    fn a_send_happens_before_its_delivery_and_a_nodes_events_are_ordered() {
        let mut w = raft(true);
        w.run_until(SimTime(2_000_000));
        let clocks = w.clocks().unwrap();
        let mut sent: BTreeMap<MsgId, &Record<_>> = BTreeMap::new();
        let mut last: BTreeMap<NodeId, &Stamp> = BTreeMap::new();
        let mut checked = 0;
        for r in w.trace().recent() {
            let node = match &r.event {
                Event::Sent { msg, from, .. } => {
                    sent.insert(*msg, r);
                    Some(*from)
                }
                Event::Delivered { msg, to, .. } => {
                    let s = clocks.at(sent[msg].index).unwrap();
                    let d = clocks.at(r.index).unwrap();
                    assert!(s.happened_before(d), "{s:?} → {d:?}");
                    assert!(s.lamport < d.lamport);
                    assert!(!d.happened_before(s));
                    checked += 1;
                    Some(*to)
                }
                Event::TimerFired { node, .. } => Some(*node),
                _ => None,
            };
            if let Some(n) = node {
                let now = clocks.at(r.index).unwrap();
                if let Some(before) = last.insert(n, now) {
                    assert!(before.happened_before(now));
                }
            }
        }
        assert!(checked > 100, "{checked} deliveries");
    }

    #[test]
    fn clocks_stay_out_of_the_digest_and_survive_a_checkpoint() {
        let (mut with, mut without) = (raft(true), raft(false));
        with.run_until(SimTime(500_000));
        without.run_until(SimTime(500_000));
        let mut copy = with.checkpoint();
        with.run_until(SimTime(1_000_000));
        without.run_until(SimTime(1_000_000));
        copy.run_until(SimTime(1_000_000));
        assert_eq!(with.digest(), without.digest());
        assert!(without.clocks().is_none());
        for n in 0..5 {
            let a = with.clocks().unwrap().node(n).unwrap();
            assert_eq!(Some(a), copy.clocks().unwrap().node(n));
            assert!(a.lamport > 0);
        }
    }

    #[test]
    fn concurrent_events_are_neither_before_nor_after() {
        let a = Stamp {
            lamport: 3,
            vector: vec![2, 0],
        };
        let b = Stamp {
            lamport: 3,
            vector: vec![0, 1],
        };
        assert!(!a.happened_before(&b) && !b.happened_before(&a));
        assert!(!a.happened_before(&a), "not before itself");
    }
}
