//! The world: nodes running one [`Process`] type, the network between them, the event
//! queue, the fault model, the trace and the live invariant checker.
//!
//! Inputs: [`World::step`], [`World::run_until`], [`World::schedule`] and [`World::act`].
//! Everything else is read-only state for tests and pictures.

use super::action::{Action, Timed};
use super::clock::LocalClock;
use super::logical_clock::{ClockBox, LogicalClocks};
use super::net::{LinkFaults, Network};
use super::process::{Ctx, Effect, Labelled, Process, TimerId};
use super::queue::{EventQueue, Popped};
use super::rewind_vec::SharedVec;
use super::rng::SimRng;
use super::time::SimTime;
use super::trace::{DropReason, Event, EventOf, MsgId, Trace};
use super::NodeId;
use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;

/// Cancelled timers that a run lets pile up in the queue before it purges them (see
/// `World::purge_stale_timers`); after a purge, twice the ones left plus this many.
const PURGE_MIN: usize = 32;

/// One node: its process and the node-level fault state.
#[derive(Clone)]
pub struct Node<P> {
    /// The protocol state machine.
    pub process: P,
    /// False while crashed.
    pub up: bool,
    /// While `Some(t)`, the process is frozen until simulated time `t`.
    pub paused_until: Option<SimTime>,
    /// This node's clock: its offset from simulated time (skew) and drift rate.
    pub clock: LocalClock,
    rng: SimRng,
}

/// What will happen to a message when its flight ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// It arrives (unless the receiver is down or the link is cut by then).
    Deliver,
    /// It vanishes half-way, for this reason.
    Drop(DropReason),
}

/// A message copy on the wire; pictures place it at
/// `(now - sent_at) / (deliver_at - sent_at)` along its link.
#[derive(Clone, Debug)]
pub struct InFlight<M> {
    /// Unique, increasing id of this copy.
    pub id: MsgId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The message.
    pub msg: M,
    /// When it left, simulated time.
    pub sent_at: SimTime,
    /// When it arrives (or vanishes), simulated time.
    pub deliver_at: SimTime,
    /// Whether it will arrive.
    pub fate: Fate,
}

/// A broken invariant, found by a [`Checker`]; `I` is the protocol's invariant type
/// ([`Process::Invariant`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation<I> {
    /// Which invariant, e.g. Raft's `RaftInvariant::ElectionSafety`.
    pub invariant: I,
    /// What was seen, in words.
    pub detail: String,
}

/// Checks a protocol's invariants after every event (docs/ARCHITECTURE.md, principle
/// 4, "Checkers run live"). The world owns its checker as a concrete type (`C` in
/// [`World<P, C>`]), so a lab reads what it recorded along the way with
/// [`World::checker`], a plain field access.
pub trait Checker<P: Process> {
    /// Inspects all nodes at `now`; `Err` stops the run at this event.
    fn check(&mut self, now: SimTime, nodes: &[Node<P>]) -> Result<(), Violation<P::Invariant>>;
}

/// The checker of a world that checks nothing (the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unchecked;

impl<P: Process> Checker<P> for Unchecked {
    fn check(&mut self, _: SimTime, _: &[Node<P>]) -> Result<(), Violation<P::Invariant>> {
        Ok(())
    }
}

#[derive(Clone)]
enum Item<P: Process> {
    Deliver(MsgId),
    Timer {
        node: NodeId,
        id: TimerId,
        timer: P::Timer,
    },
    Client {
        node: NodeId,
        request: P::Request,
    },
    Resume(NodeId),
}

/// A simulated cluster of `P` processes whose invariants checker `C` checks after
/// every event. Deterministic: the same seed, processes and inputs give the same trace
/// digest on every platform.
pub struct World<P: Process, C: Checker<P> = Unchecked> {
    now: SimTime,
    nodes: Vec<Node<P>>,
    queue: EventQueue<Item<P>, Action<P::Request>>,
    net: Network,
    net_rng: SimRng,
    /// Messages `in_flight_base..next_msg`, by id; `None` once arrived or dropped.
    in_flight: VecDeque<Option<InFlight<P::Msg>>>,
    in_flight_base: MsgId,
    next_msg: MsgId,
    /// Owners of timers `timer_base..next_timer`, by id; `None` once fired or cancelled.
    timers: VecDeque<Option<NodeId>>,
    timer_base: TimerId,
    next_timer: TimerId,
    /// About how many queued timer entries were cancelled (or their node crashed)
    /// before they came due; see [`World::purge_stale_timers`].
    stale_timers: usize,
    /// `stale_timers` at which [`World::run_until`] next purges them.
    purge_at: usize,
    /// Cancelled timers purged so far (tests check that a run purges).
    #[cfg(test)]
    purged: usize,
    trace: Trace<EventOf<P>>,
    effects: Vec<Effect<P>>,
    checker: C,
    checking: bool,
    violation: Option<(SimTime, Violation<P::Invariant>)>,
    recorded: SharedVec<Timed<P::Request>>,
    events: u64,
    /// Lamport and vector clocks, when a lab asked for them ([`World::track_clocks`]).
    clocks: Option<ClockBox>,
}

/// A full copy: every process, the network, the queue of pending events, the random
/// streams, the checker, the trace's digest and its recent events. Running the copy
/// gives exactly the events the original would (issue 18: rewind and fork).
impl<P: Process + Clone, C: Checker<P> + Clone> Clone for World<P, C> {
    fn clone(&self) -> Self {
        self.copy_with(
            self.trace.clone(),
            self.clocks.as_ref().map(|c| c.copy(true)),
        )
    }
}

impl<P: Process + Clone, C: Checker<P> + Clone> World<P, C> {
    /// A copy for a checkpoint: like `clone`, but the trace keeps only its digest and
    /// event count, not its recent events, so a checkpoint costs the state alone (a
    /// 5-server Raft world at a few thousand log entries: tens of KB). Running the
    /// copy gives the same events and the same digest as running the original.
    pub fn checkpoint(&self) -> Self {
        let clocks = self.clocks.as_ref().map(|c| c.copy(false));
        self.copy_with(self.trace.without_recent(), clocks)
    }

    fn copy_with(&self, trace: Trace<EventOf<P>>, clocks: Option<ClockBox>) -> Self {
        debug_assert!(
            self.effects.is_empty(),
            "effects only live inside one event"
        );
        World {
            now: self.now,
            nodes: self.nodes.clone(),
            queue: self.queue.clone(),
            net: self.net.clone(),
            net_rng: self.net_rng.clone(),
            in_flight: self.in_flight.clone(),
            in_flight_base: self.in_flight_base,
            next_msg: self.next_msg,
            timers: self.timers.clone(),
            timer_base: self.timer_base,
            next_timer: self.next_timer,
            stale_timers: self.stale_timers,
            purge_at: self.purge_at,
            #[cfg(test)]
            purged: self.purged,
            trace,
            effects: Vec::new(),
            checker: self.checker.clone(),
            checking: self.checking,
            violation: self.violation.clone(),
            recorded: self.recorded.clone(),
            events: self.events,
            clocks,
        }
    }
}

impl<P: Process, C: Checker<P> + Default> World<P, C> {
    /// [`World::with_checker`] with `C`'s default checker.
    pub fn new(seed: u64, processes: Vec<P>, links: LinkFaults, trace_capacity: usize) -> Self {
        Self::with_checker(seed, processes, links, trace_capacity, C::default())
    }
}

impl<P: Process, C: Checker<P>> World<P, C> {
    /// Boots `processes` (node `i` is `processes[i]`) at time zero on a network whose
    /// links all behave like `links`, with `checker` run after every event. Randomness:
    /// the network draws from child stream 0 of `seed`, node `i` from child stream
    /// `i + 1`. `trace_capacity` recent events are kept for display (0: digest only).
    pub fn with_checker(
        seed: u64,
        processes: Vec<P>,
        links: LinkFaults,
        trace_capacity: usize,
        checker: C,
    ) -> Self {
        let root = SimRng::new(seed);
        let nodes = processes
            .into_iter()
            .enumerate()
            .map(|(i, process)| Node {
                process,
                up: true,
                paused_until: None,
                clock: LocalClock::default(),
                rng: root.child(i as u64 + 1),
            })
            .collect();
        let mut world = World {
            now: SimTime::ZERO,
            nodes,
            queue: EventQueue::default(),
            net: Network::new(links),
            net_rng: root.child(0),
            in_flight: VecDeque::new(),
            in_flight_base: 0,
            next_msg: 0,
            timers: VecDeque::new(),
            timer_base: 0,
            next_timer: 0,
            stale_timers: 0,
            purge_at: PURGE_MIN,
            #[cfg(test)]
            purged: 0,
            trace: Trace::new(trace_capacity),
            effects: Vec::new(),
            checker,
            checking: true,
            violation: None,
            recorded: SharedVec::default(),
            events: 0,
            clocks: None,
        };
        for i in 0..world.nodes.len() {
            world.run_handler(i, |p, ctx| p.on_start(ctx));
        }
        world
    }

    /// Stops running the invariant checker, to measure what checking costs (`make
    /// bench`).
    pub fn stop_checking(&mut self) {
        self.checking = false;
    }

    /// The invariant checker (read-only: what it saw so far).
    pub fn checker(&self) -> &C {
        &self.checker
    }

    /// Current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// All nodes, by id.
    pub fn nodes(&self) -> &[Node<P>] {
        &self.nodes
    }

    /// Mutable access to node `id`'s process, bypassing the protocol: for tests that
    /// plant a bug to prove a checker catches it. Labs never call this.
    pub fn process_mut(&mut self, id: NodeId) -> Option<&mut P> {
        self.nodes.get_mut(id).map(|n| &mut n.process)
    }

    /// Messages on the wire, oldest first.
    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight<P::Msg>> + '_ {
        self.in_flight.iter().flatten()
    }

    /// The network (links and partitions).
    pub fn net(&self) -> &Network {
        &self.net
    }

    /// The trace (digest and recent events).
    pub fn trace(&self) -> &Trace<EventOf<P>> {
        &self.trace
    }

    /// Changes how many recent trace events are kept.
    pub fn set_trace_capacity(&mut self, capacity: usize) {
        self.trace.set_capacity(capacity);
        if let Some(c) = &mut self.clocks {
            c.set_capacity(capacity);
        }
    }

    /// Keeps Lamport and vector clocks beside the trace from now on, for as many
    /// recent events as the trace keeps, starting from the events the trace still
    /// holds (all of them right after the world is built). Outside the digest: a run
    /// with clocks has the same trace as one without.
    pub fn track_clocks(&mut self) {
        let mut clocks = LogicalClocks::new(self.nodes.len(), self.trace.capacity());
        for r in self.trace.recent() {
            clocks.observe(r.index, &r.event);
        }
        self.clocks = Some(ClockBox::new(clocks));
    }

    /// The clocks, if kept ([`World::track_clocks`]).
    pub fn clocks(&self) -> Option<&LogicalClocks> {
        self.clocks.as_ref().map(ClockBox::clocks)
    }

    /// Records `event` now in the trace (and the clocks, if kept).
    fn log(&mut self, event: EventOf<P>) {
        if let Some(c) = &mut self.clocks {
            c.observe(self.trace.len(), &event);
        }
        self.trace.push(self.now, event);
    }

    /// The stable digest of the run so far.
    pub fn digest(&self) -> u64 {
        self.trace.digest()
    }

    /// The violation that stopped the run, with its time.
    pub fn violation(&self) -> Option<&(SimTime, Violation<P::Invariant>)> {
        self.violation.as_ref()
    }

    /// Events processed so far (deliveries, drops, timers, actions, resumptions).
    pub fn events_processed(&self) -> u64 {
        self.events
    }

    /// Actions applied live with [`World::act`], with their times, in order.
    pub fn recorded(&self) -> &SharedVec<Timed<P::Request>> {
        &self.recorded
    }

    /// Time of the next queued event, if any.
    pub fn next_event_time(&self) -> Option<SimTime> {
        self.queue.peek_time()
    }

    /// Queues `timed.action` at its time (after every protocol event of that instant).
    /// Times in the past run at the current time.
    pub fn schedule(&mut self, timed: Timed<P::Request>) {
        let at = SimTime(timed.at_us).max(self.now);
        self.queue.push_action(at, timed.action);
    }

    /// Applies `action` now, as a user would, and records it: first every protocol event
    /// of the current instant runs, so a replay that schedules the recorded action at
    /// this time sees exactly the same order.
    pub fn act(&mut self, action: Action<P::Request>) {
        if self.violation.is_some() {
            return;
        }
        self.run_until(self.now);
        self.recorded.push(Timed {
            at_us: self.now.as_micros(),
            action: action.clone(),
        });
        self.events += 1;
        self.apply(action);
        self.check();
    }

    /// Processes the next event. Returns false when the queue is empty or an invariant
    /// was violated.
    pub fn step(&mut self) -> bool {
        self.step_until(SimTime(u64::MAX))
    }

    /// [`World::step`], but only for an event at or before `t`: false (nothing done)
    /// when the next live event is later. Cancelled timers on the way are dropped.
    fn step_until(&mut self, t: SimTime) -> bool {
        while self.violation.is_none() {
            if self.queue.peek_time().is_none_or(|next| next > t) {
                return false;
            }
            let handled = match self.queue.pop() {
                None => return false,
                Some(Popped::Protocol(at, item)) => {
                    self.now = self.now.max(at);
                    self.handle(item)
                }
                Some(Popped::Action(at, action)) => {
                    self.now = self.now.max(at);
                    self.apply(action);
                    true
                }
            };
            if handled {
                self.events += 1;
                self.check();
                return true;
            }
            self.stale_timers = self.stale_timers.saturating_sub(1);
        }
        false
    }

    /// Processes every event up to and including time `t`, then sets the clock to `t`
    /// (unless a violation stopped the run earlier).
    pub fn run_until(&mut self, t: SimTime) {
        while self.step_until(t) {
            if self.stale_timers >= self.purge_at {
                self.purge_stale_timers(t);
            }
        }
        if self.violation.is_none() {
            self.now = self.now.max(t);
        }
    }

    /// Runs for `us` more microseconds of simulated time.
    pub fn run_for(&mut self, us: u64) {
        self.run_until(self.now.plus(us));
    }

    /// Drops the cancelled timers due by `t` from the queue at once. Raft re-arms a
    /// follower's election timer on every AppendEntries, so most of the queue was
    /// timers cancelled 150-300 ms before they came due, each popped and skipped in
    /// turn (about 40 % of the pops and most of the queue's depth in a long run).
    /// Only [`World::run_until`]`(t)` purges, and only the ones due by `t`, which that
    /// very call would pop and skip: so the events, the clock and what is queued
    /// afterwards (by time and sequence number) are the same as without the purge.
    fn purge_stale_timers(&mut self, t: SimTime) {
        let (timers, base) = (&self.timers, self.timer_base);
        #[cfg(test)]
        let before = self.queue.protocol_len();
        let mut left = 0;
        self.queue.retain(|at, item| {
            let Item::Timer { id, .. } = item else {
                return true;
            };
            let armed = id
                .checked_sub(base)
                .and_then(|slot| usize::try_from(slot).ok())
                .and_then(|slot| timers.get(slot))
                .is_some_and(Option::is_some);
            if armed {
                return true;
            }
            left += usize::from(at > t);
            at > t
        });
        self.stale_timers = left;
        self.purge_at = left.saturating_mul(2).saturating_add(PURGE_MIN);
        #[cfg(test)]
        {
            self.purged += before - self.queue.protocol_len();
        }
    }

    /// The (time, sequence number) of every queued protocol event, earliest first.
    #[cfg(test)]
    pub(crate) fn queued(&self) -> Vec<(SimTime, u64)> {
        self.queue.protocol_keys()
    }

    /// Cancelled timers purged from the queue so far.
    #[cfg(test)]
    pub(crate) fn purged(&self) -> usize {
        self.purged
    }

    fn check(&mut self) {
        if !self.checking {
            return;
        }
        if let Err(v) = self.checker.check(self.now, &self.nodes) {
            self.log(Event::InvariantViolated {
                invariant: v.invariant,
                detail: v.detail.clone(),
            });
            self.violation = Some((self.now, v));
        }
    }

    /// Handles one queued item; false if it was stale (a cancelled timer).
    fn handle(&mut self, item: Item<P>) -> bool {
        match item {
            Item::Deliver(id) => self.deliver(id),
            Item::Timer { node, id, timer } => return self.fire(node, id, timer),
            Item::Client { node, request } => self.client(node, request),
            Item::Resume(node) => self.resume(node),
        }
        true
    }

    fn timer(&mut self, id: TimerId) -> Option<&mut Option<NodeId>> {
        let slot = id.checked_sub(self.timer_base)?;
        self.timers.get_mut(usize::try_from(slot).ok()?)
    }

    /// Records `node` as timer `id`'s owner. The window spans the live timers, so it
    /// always fits a `usize`; a slot that did not would leave the timer disarmed (it
    /// would never fire) rather than wrap onto another timer's slot.
    fn arm(&mut self, id: TimerId, node: NodeId) {
        let Some(slot) = id
            .checked_sub(self.timer_base)
            .and_then(|s| usize::try_from(s).ok())
        else {
            return;
        };
        match slot.cmp(&self.timers.len()) {
            // The usual case: ids are handed out in order.
            core::cmp::Ordering::Equal => self.timers.push_back(Some(node)),
            core::cmp::Ordering::Less => self.timers[slot] = Some(node),
            core::cmp::Ordering::Greater => {
                self.timers.resize(slot, None);
                self.timers.push_back(Some(node));
            }
        }
    }

    /// Disarms timer `id`.
    fn disarm(&mut self, id: TimerId) {
        if let Some(t) = self.timer(id) {
            *t = None;
        }
        self.compact_timers();
    }

    /// Drops the window's disarmed front.
    fn compact_timers(&mut self) {
        while let Some(None) = self.timers.front() {
            self.timers.pop_front();
            self.timer_base += 1;
        }
    }

    fn flight(&mut self, id: MsgId) -> Option<&mut Option<InFlight<P::Msg>>> {
        let slot = id.checked_sub(self.in_flight_base)?;
        self.in_flight.get_mut(usize::try_from(slot).ok()?)
    }

    /// Takes message `id` off the wire, compacting the window's landed front.
    fn land(&mut self, id: MsgId) -> Option<InFlight<P::Msg>> {
        let m = self.flight(id)?.take();
        while let Some(None) = self.in_flight.front() {
            self.in_flight.pop_front();
            self.in_flight_base += 1;
        }
        m
    }

    fn deliver(&mut self, id: MsgId) {
        let now = self.now;
        let Some(Some(m)) = self.flight(id) else {
            return;
        };
        if m.deliver_at > now {
            // Held back by hand: a later queue entry lands it.
            return;
        }
        let (from, to, fate) = (m.from, m.to, m.fate);
        if fate == Fate::Deliver && self.nodes[to].up && !self.net.is_cut(from, to) {
            if let Some(until) = self.nodes[to].paused_until {
                // The receiver is frozen: the message waits at its door.
                self.queue.push(until, Item::Deliver(id));
                return;
            }
        }
        let Some(m) = self.land(id) else {
            return;
        };
        let label = m.msg.label();
        let reason = match m.fate {
            Fate::Drop(reason) => Some(reason),
            Fate::Deliver if !self.nodes[to].up => Some(DropReason::NodeDown),
            Fate::Deliver if self.net.is_cut(from, to) => Some(DropReason::Partition),
            Fate::Deliver => None,
        };
        if let Some(reason) = reason {
            let ev = Event::Dropped {
                msg: id,
                from,
                to,
                label,
                reason,
            };
            self.log(ev);
            return;
        }
        let ev = Event::Delivered {
            msg: id,
            from,
            to,
            label,
        };
        self.log(ev);
        self.run_handler(to, move |p, ctx| p.on_message(from, m.msg, ctx));
    }

    fn fire(&mut self, node: NodeId, id: TimerId, timer: P::Timer) -> bool {
        if self.timer(id).is_none_or(|t| t.is_none()) {
            return false;
        }
        if let Some(until) = self.nodes[node].paused_until {
            self.queue.push(until, Item::Timer { node, id, timer });
            return false;
        }
        self.disarm(id);
        let ev = Event::TimerFired {
            node,
            timer: timer.clone(),
        };
        self.log(ev);
        self.run_handler(node, move |p, ctx| p.on_timer(timer, ctx));
        true
    }

    fn client(&mut self, node: NodeId, request: P::Request) {
        if !self.nodes[node].up {
            self.log(Event::ClientUnavailable { node });
            return;
        }
        if let Some(until) = self.nodes[node].paused_until {
            self.queue.push(until, Item::Client { node, request });
            return;
        }
        let ev = Event::ClientRequest {
            node,
            request: request.clone(),
        };
        self.log(ev);
        self.run_handler(node, move |p, ctx| p.on_client(request, ctx));
    }

    fn resume(&mut self, node: NodeId) {
        let slot = &mut self.nodes[node];
        if slot.paused_until.is_some_and(|t| t <= self.now) {
            slot.paused_until = None;
            self.log(Event::Resumed(node));
        }
    }

    /// Applies a fault or client action now. Node ids out of range are ignored.
    fn apply(&mut self, action: Action<P::Request>) {
        let n = self.nodes.len();
        if action.node().is_some_and(|node| node >= n) {
            return;
        }
        if let Action::CutLink { to, .. } | Action::SetLink { to, .. } = action {
            if to >= n {
                return;
            }
        }
        self.log(Event::Applied(action.clone()));
        match action {
            Action::Crash(node) => self.crash(node),
            Action::Restart(node) => self.restart(node),
            Action::Pause { node, for_us } => self.pause(node, for_us),
            Action::Skew { node, skew_us } => self.nodes[node].clock.step(self.now, skew_us),
            Action::Drift { node, ppm } => self.nodes[node].clock.set_drift(self.now, ppm),
            Action::Partition { side } => self.net.partition(side, n),
            Action::CutLink { from, to } => self.net.cut_one_way(from, to),
            Action::Heal => self.net.heal(),
            Action::SetLinks(links) => self.net.set_default(links),
            Action::SetLink { from, to, faults } => self.net.set_link(from, to, faults),
            Action::Client { node, request } => self.client(node, request),
            Action::DropMessage(id) => self.drop_by_hand(id),
            Action::DuplicateMessage(id) => self.duplicate_by_hand(id),
            Action::HoldMessage { msg, for_us } => self.hold(msg, for_us),
        }
    }

    /// Message `id` vanishes now: off the wire at once (its queued landing then finds
    /// nothing), so a replay that schedules the action sees the same state.
    fn drop_by_hand(&mut self, id: MsgId) {
        let Some(m) = self.land(id) else {
            return;
        };
        let ev = Event::Dropped {
            msg: id,
            from: m.from,
            to: m.to,
            label: m.msg.label(),
            reason: DropReason::ByHand,
        };
        self.log(ev);
    }

    /// A second copy of message `id` leaves its sender now.
    fn duplicate_by_hand(&mut self, id: MsgId) {
        let Some(Some(m)) = self.flight(id) else {
            return;
        };
        let (from, to, msg) = (m.from, m.to, m.msg.clone());
        let link = *self.net.link(from, to);
        let copy = self.launch_copy(from, to, msg, link);
        self.trace
            .push(self.now, Event::Duplicated { msg: id, copy });
    }

    /// Message `id` lands `for_us` later (the earlier queue entry finds it not due).
    fn hold(&mut self, id: MsgId, for_us: u64) {
        let Some(Some(m)) = self.flight(id) else {
            return;
        };
        m.deliver_at = m.deliver_at.plus(for_us);
        let at = m.deliver_at;
        self.queue.push(at, Item::Deliver(id));
    }

    fn crash(&mut self, node: NodeId) {
        if !self.nodes[node].up {
            return;
        }
        let slot = &mut self.nodes[node];
        slot.up = false;
        slot.paused_until = None;
        for t in self.timers.iter_mut().filter(|t| **t == Some(node)) {
            *t = None;
            self.stale_timers += 1;
        }
        self.compact_timers();
        self.log(Event::Crashed(node));
    }

    fn restart(&mut self, node: NodeId) {
        if self.nodes[node].up {
            return;
        }
        let slot = &mut self.nodes[node];
        slot.process = slot.process.restarted();
        slot.up = true;
        self.log(Event::Restarted(node));
        self.run_handler(node, |p, ctx| p.on_start(ctx));
    }

    fn pause(&mut self, node: NodeId, for_us: u64) {
        if !self.nodes[node].up {
            return;
        }
        let until = self.now.plus(for_us);
        let slot = &mut self.nodes[node];
        let until = slot.paused_until.map_or(until, |t| t.max(until));
        slot.paused_until = Some(until);
        self.queue.push(until, Item::Resume(node));
    }

    fn run_handler(&mut self, node: NodeId, f: impl FnOnce(&mut P, &mut Ctx<'_, P>)) {
        let mut effects = core::mem::take(&mut self.effects);
        let cluster_size = self.nodes.len();
        let slot = &mut self.nodes[node];
        let mut ctx = Ctx {
            id: node,
            cluster_size,
            local_now: slot.clock.read(self.now),
            rng: &mut slot.rng,
            next_timer: &mut self.next_timer,
            effects: &mut effects,
        };
        f(&mut slot.process, &mut ctx);
        for effect in effects.drain(..) {
            self.apply_effect(node, effect);
        }
        self.effects = effects;
    }

    fn apply_effect(&mut self, node: NodeId, effect: Effect<P>) {
        match effect {
            Effect::Send { to, msg } => self.send(node, to, msg),
            Effect::SetTimer {
                id,
                after_us,
                timer,
            } => {
                self.arm(id, node);
                let at = self
                    .now
                    .plus(self.nodes[node].clock.real_duration(after_us));
                self.queue.push(at, Item::Timer { node, id, timer });
            }
            Effect::CancelTimer(id) => {
                if self.timer(id).is_some_and(|t| t.is_some()) {
                    self.stale_timers += 1;
                }
                self.disarm(id);
            }
            Effect::Reply(reply) => self.reply(node, reply),
            Effect::Note(note) => self.log(Event::Note { node, note }),
        }
    }

    /// Records `node`'s reply to the client, and queues the client's retry if it makes one.
    fn reply(&mut self, node: NodeId, reply: P::Reply) {
        let retry = P::client_retry(&reply);
        self.trace
            .push(self.now, Event::ClientReply { node, reply });
        if let Some(r) = retry.filter(|r| r.node < self.nodes.len()) {
            let item = Item::Client {
                node: r.node,
                request: r.request,
            };
            self.queue.push(self.now.plus(r.after_us), item);
        }
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg) {
        if to >= self.nodes.len() {
            return;
        }
        let link = *self.net.link(from, to);
        let id = self.launch(from, to, msg, link);
        let delivers = matches!(self.flight(id), Some(Some(m)) if m.fate == Fate::Deliver);
        if delivers && self.net_rng.chance_ppm(link.dup_ppm) {
            let Some(Some(original)) = self.flight(id) else {
                return;
            };
            let msg = original.msg.clone();
            let copy = self.launch_copy(from, to, msg, link);
            self.trace
                .push(self.now, Event::Duplicated { msg: id, copy });
        }
    }

    fn launch(&mut self, from: NodeId, to: NodeId, msg: P::Msg, link: LinkFaults) -> MsgId {
        let id = self.next_msg;
        self.trace.fold(&msg);
        let label = msg.label();
        self.log(Event::Sent {
            msg: id,
            from,
            to,
            label,
        });
        let fate = if self.net.is_cut(from, to) {
            Fate::Drop(DropReason::Partition)
        } else if self.net_rng.chance_ppm(link.loss_ppm) {
            Fate::Drop(DropReason::Loss)
        } else {
            Fate::Deliver
        };
        self.enqueue(id, from, to, msg, link, fate);
        id
    }

    fn launch_copy(&mut self, from: NodeId, to: NodeId, msg: P::Msg, link: LinkFaults) -> MsgId {
        let id = self.next_msg;
        self.enqueue(id, from, to, msg, link, Fate::Deliver);
        id
    }

    fn enqueue(
        &mut self,
        id: MsgId,
        from: NodeId,
        to: NodeId,
        msg: P::Msg,
        link: LinkFaults,
        fate: Fate,
    ) {
        self.next_msg += 1;
        let latency = self
            .net_rng
            .range_inclusive(link.latency_min_us, link.latency_max_us);
        let flight = match fate {
            Fate::Deliver => latency,
            Fate::Drop(_) => latency / 2,
        };
        let deliver_at = self.now.plus(flight);
        self.queue.push(deliver_at, Item::Deliver(id));
        self.in_flight.push_back(Some(InFlight {
            id,
            from,
            to,
            msg,
            sent_at: self.now,
            deliver_at,
            fate,
        }));
    }
}
