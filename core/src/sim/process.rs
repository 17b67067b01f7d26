//! The sans-IO process interface every networked lab implements.
//!
//! A process never touches a socket, a clock or a thread: the kernel calls one of its
//! handlers with a [`Ctx`], the handler records effects (send, set or cancel a timer,
//! reply to a client, narrate a state change) and returns. This is the shape of
//! tikv/raft-rs (`tick`/`step`/`propose` in, `Ready` out) and of quinn-proto, with
//! the random number generator passed in rather than taken from the thread.

use super::rng::SimRng;
use super::time::SimTime;
use super::NodeId;
use alloc::vec::Vec;
use core::fmt::{Debug, Display};
use core::hash::Hash;

/// Identifies one armed timer; returned by [`Ctx::set_timer`].
pub type TimerId = u64;

/// A message that can name its kind for pictures and narration.
pub trait Labelled {
    /// A short, stable name, e.g. `"AppendEntries"`.
    fn label(&self) -> &'static str;
}

/// A deterministic state machine driven by the kernel.
///
/// Associated types must be `Hash` so the trace digest covers them.
pub trait Process: Sized {
    /// Messages between nodes.
    type Msg: Clone + Debug + Hash + Labelled;
    /// Timer payloads (what the timer is for).
    type Timer: Clone + Debug + Hash;
    /// Requests a client sends to one node.
    type Request: Clone + Debug + Hash;
    /// Replies a node sends back to a client.
    type Reply: Clone + Debug + Hash;
    /// Narrated state changes ("became leader of term 4").
    type Note: Clone + Debug + Hash;
    /// The protocol's invariants, as its [`super::Checker`] names them when one breaks
    /// (Raft: Election Safety, ...). Pages and tests match on it, never on a sentence.
    type Invariant: Copy + Debug + Display + Hash + Eq;

    /// Called when the node boots and after every restart.
    fn on_start(&mut self, ctx: &mut Ctx<'_, Self>);
    /// A message from `from` has been delivered.
    fn on_message(&mut self, from: NodeId, msg: Self::Msg, ctx: &mut Ctx<'_, Self>);
    /// A timer set earlier (and not cancelled) has fired.
    fn on_timer(&mut self, timer: Self::Timer, ctx: &mut Ctx<'_, Self>);
    /// A client request addressed to this node has arrived.
    fn on_client(&mut self, request: Self::Request, ctx: &mut Ctx<'_, Self>);
    /// A fresh process holding only this one's durable state (what survives a crash;
    /// for Raft: currentTerm, votedFor and the log). Volatile state is reset.
    fn restarted(&self) -> Self;

    /// What the lab's client does on receiving `reply`: `Some` sends its request again to
    /// another node after a client round trip (Raft §8: a client redirected by a
    /// follower retries at the leader the follower names). Default: it never retries.
    fn client_retry(_reply: &Self::Reply) -> Option<ClientRetry<Self::Request>> {
        None
    }
}

/// A client request sent again ([`Process::client_retry`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRetry<Q> {
    /// The node the client now addresses.
    pub node: NodeId,
    /// The same request.
    pub request: Q,
    /// Simulated microseconds until it arrives (the reply's way back plus the request's way there).
    pub after_us: u64,
}

/// What a handler asked the kernel to do (kernel-internal: a process only sees [`Ctx`]).
pub(crate) enum Effect<P: Process> {
    /// Send `msg` to node `to` over the simulated network.
    Send { to: NodeId, msg: P::Msg },
    /// Fire `timer` after `after_us` microseconds unless cancelled.
    SetTimer {
        id: TimerId,
        after_us: u64,
        timer: P::Timer,
    },
    /// Disarm a timer.
    CancelTimer(TimerId),
    /// Answer the client.
    Reply(P::Reply),
    /// Narrate a state change.
    Note(P::Note),
}

/// The handler's window on the world: its identity, its own (possibly skewed) clock,
/// its random stream, and the effect buffer.
pub struct Ctx<'a, P: Process> {
    pub(crate) id: NodeId,
    pub(crate) cluster_size: usize,
    pub(crate) local_now: SimTime,
    pub(crate) rng: &'a mut SimRng,
    pub(crate) next_timer: &'a mut TimerId,
    pub(crate) effects: &'a mut Vec<Effect<P>>,
}

impl<'a, P: Process> Ctx<'a, P> {
    /// This node's id (`0..cluster_size`).
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// How many nodes the cluster has.
    pub fn cluster_size(&self) -> usize {
        self.cluster_size
    }

    /// This node's local clock: simulated time plus its clock's offset (skew and drift), microseconds.
    pub fn now(&self) -> SimTime {
        self.local_now
    }

    /// This node's own random stream.
    pub fn rng(&mut self) -> &mut SimRng {
        self.rng
    }

    /// Sends `msg` to `to`.
    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.effects.push(Effect::Send { to, msg });
    }

    /// Arms a timer that fires after `after_us` microseconds; returns its id.
    pub fn set_timer(&mut self, after_us: u64, timer: P::Timer) -> TimerId {
        let id = *self.next_timer;
        *self.next_timer += 1;
        self.effects.push(Effect::SetTimer {
            id,
            after_us,
            timer,
        });
        id
    }

    /// Disarms timer `id`; a no-op if it already fired.
    pub fn cancel_timer(&mut self, id: TimerId) {
        self.effects.push(Effect::CancelTimer(id));
    }

    /// Replies to the client whose request is being handled (or was handled earlier).
    pub fn reply(&mut self, reply: P::Reply) {
        self.effects.push(Effect::Reply(reply));
    }

    /// Narrates a state change for the trace and the event log.
    pub fn note(&mut self, note: P::Note) {
        self.effects.push(Effect::Note(note));
    }
}

/// What a [`Ctx`] borrows, owned, for unit tests of a process's handlers without a
/// world (as quinn-proto tests a connection without sockets): [`TestCtx::ctx`] is the
/// test constructor of a `Ctx`, [`TestCtx::take`] returns the effects the handler asked
/// for, in order.
#[cfg(test)]
pub(crate) struct TestCtx<P: Process> {
    id: NodeId,
    cluster_size: usize,
    now: SimTime,
    rng: SimRng,
    next_timer: TimerId,
    effects: Vec<Effect<P>>,
}

#[cfg(test)]
impl<P: Process> TestCtx<P> {
    /// Node `id` of a cluster of `cluster_size`, its clock reading `now`, its random
    /// stream seeded with `seed`.
    pub(crate) fn new(id: NodeId, cluster_size: usize, now: SimTime, seed: u64) -> Self {
        TestCtx {
            id,
            cluster_size,
            now,
            rng: SimRng::new(seed),
            next_timer: 0,
            effects: Vec::new(),
        }
    }

    /// A handler's context; what the handler does lands in this harness.
    pub(crate) fn ctx(&mut self) -> Ctx<'_, P> {
        Ctx {
            id: self.id,
            cluster_size: self.cluster_size,
            local_now: self.now,
            rng: &mut self.rng,
            next_timer: &mut self.next_timer,
            effects: &mut self.effects,
        }
    }

    /// The effects asked for since the last call, oldest first.
    pub(crate) fn take(&mut self) -> Vec<Effect<P>> {
        core::mem::take(&mut self.effects)
    }
}
