//! The typed trace of a run and its stable 64-bit digest.
//!
//! Every event the kernel processes is folded into the digest (so equal digests mean
//! equal runs, natively and on wasm); the most recent events are also kept in a
//! bounded buffer for the narrated event log.

use super::action::Action;
use super::digest::StableHasher;
use super::process::Process;
use super::time::SimTime;
use super::NodeId;
use alloc::collections::VecDeque;
use alloc::string::String;
use core::hash::{Hash, Hasher};

/// Identifies one message copy in flight.
pub type MsgId = u64;

/// Why a message did not arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DropReason {
    /// Random loss on the link (the link's `loss_ppm`).
    Loss,
    /// The link was cut by a partition.
    Partition,
    /// The receiver was crashed when the message arrived.
    NodeDown,
    /// A learner dropped it ([`Action::DropMessage`](super::Action::DropMessage)).
    ByHand,
}

/// What happened. Type parameters are the process's timer, note, request, reply and
/// invariant types; use [`EventOf`] to name it for a process.
#[derive(Clone, Debug, Hash)]
pub enum Event<T, N, Q, Y, I> {
    /// `from` sent message `msg` (of kind `label`) to `to`.
    Sent {
        msg: MsgId,
        from: NodeId,
        to: NodeId,
        label: &'static str,
    },
    /// The network made a second copy `copy` of message `msg`.
    Duplicated { msg: MsgId, copy: MsgId },
    /// Message `msg` reached `to` and was handled.
    Delivered {
        msg: MsgId,
        from: NodeId,
        to: NodeId,
        label: &'static str,
    },
    /// Message `msg` vanished.
    Dropped {
        msg: MsgId,
        from: NodeId,
        to: NodeId,
        label: &'static str,
        reason: DropReason,
    },
    /// A timer of `node` fired.
    TimerFired { node: NodeId, timer: T },
    /// A fault or client action was applied.
    Applied(Action<Q>),
    /// `node` crashed.
    Crashed(NodeId),
    /// `node` restarted from its durable state.
    Restarted(NodeId),
    /// `node` resumed after a pause.
    Resumed(NodeId),
    /// `node` narrated a change of its state.
    Note { node: NodeId, note: N },
    /// A client request reached `node`.
    ClientRequest { node: NodeId, request: Q },
    /// A client request could not reach `node` (crashed).
    ClientUnavailable { node: NodeId },
    /// `node` replied to a client.
    ClientReply { node: NodeId, reply: Y },
    /// An invariant was broken; the run stops here.
    InvariantViolated { invariant: I, detail: String },
}

/// The event type of process `P`.
pub type EventOf<P> = Event<
    <P as Process>::Timer,
    <P as Process>::Note,
    <P as Process>::Request,
    <P as Process>::Reply,
    <P as Process>::Invariant,
>;

/// One trace entry: its position in the run, its simulated time and the event.
#[derive(Clone, Debug)]
pub struct Record<E> {
    /// 0-based position among all recorded events of the run.
    pub index: u64,
    /// Simulated time, microseconds.
    pub at: SimTime,
    /// What happened.
    pub event: E,
}

/// Folds `event` at `at` into `hasher`: the digest's step for one event, which
/// [`super::diverge`] uses to compare records too (not inlined, so a page holds one
/// copy per kind of event).
#[inline(never)]
pub(crate) fn fold_record<E: Hash>(hasher: &mut StableHasher, at: SimTime, event: &E) {
    at.hash(hasher);
    event.hash(hasher);
}

/// The digest of all events and a window of the most recent ones.
#[derive(Clone, Debug)]
pub struct Trace<E> {
    recent: VecDeque<Record<E>>,
    capacity: usize,
    count: u64,
    hasher: StableHasher,
}

impl<E: Hash> Trace<E> {
    /// A trace keeping at most `capacity` recent events (0 keeps only the digest).
    pub fn new(capacity: usize) -> Self {
        Trace {
            recent: VecDeque::new(),
            capacity,
            count: 0,
            hasher: StableHasher::new(),
        }
    }

    /// Appends `event` at time `at`, folding it into the digest (the kernel's alone).
    pub(crate) fn push(&mut self, at: SimTime, event: E) {
        fold_record(&mut self.hasher, at, &event);
        if self.capacity > 0 {
            if self.recent.len() == self.capacity {
                self.recent.pop_front();
            }
            self.recent.push_back(Record {
                index: self.count,
                at,
                event,
            });
        }
        self.count += 1;
    }

    /// Folds extra data (e.g. a message's content) into the digest (the kernel's alone).
    pub(crate) fn fold<H: Hash + ?Sized>(&mut self, value: &H) {
        value.hash(&mut self.hasher);
    }

    /// The stable 64-bit digest of every event so far.
    pub fn digest(&self) -> u64 {
        self.hasher.finish()
    }

    /// How many events were recorded in all.
    pub fn len(&self) -> u64 {
        self.count
    }

    /// True before the first event.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The most recent events, oldest first.
    pub fn recent(&self) -> impl DoubleEndedIterator<Item = &Record<E>> + '_ {
        self.recent.iter()
    }

    /// The same trace (digest, count, capacity) without its recent events: what a
    /// checkpoint keeps ([`World::checkpoint`](super::World::checkpoint)). Events
    /// pushed afterwards fill the window again.
    pub fn without_recent(&self) -> Self
    where
        E: Clone,
    {
        Trace {
            recent: VecDeque::new(),
            capacity: self.capacity,
            count: self.count,
            hasher: self.hasher,
        }
    }

    /// How many recent events are kept at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Changes how many recent events are kept.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity;
        while self.recent.len() > capacity {
            self.recent.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type E = Event<u8, u8, u8, u8, u8>;

    #[test]
    fn digest_depends_on_every_event_and_window_is_bounded() {
        let mut a: Trace<E> = Trace::new(2);
        let mut b: Trace<E> = Trace::new(0);
        for i in 0..3u8 {
            a.push(SimTime(u64::from(i)), Event::Crashed(usize::from(i)));
            b.push(SimTime(u64::from(i)), Event::Crashed(usize::from(i)));
        }
        assert_eq!(a.digest(), b.digest());
        assert_eq!(a.len(), 3);
        assert_eq!(a.recent().count(), 2);
        assert_eq!(a.recent().next().unwrap().index, 1);
        b.push(SimTime(9), Event::Restarted(0));
        assert_ne!(a.digest(), b.digest());
    }
}
