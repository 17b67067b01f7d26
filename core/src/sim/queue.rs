//! The event queue: protocol events in a min-heap ordered by (time, sequence number),
//! and scheduled actions in a sorted double-ended queue ordered the same way.
//!
//! At equal times every protocol event runs before any scheduled action, so an action
//! recorded live after an instant's events replays after them too; ties are broken
//! by a monotone sequence number, so the order is total and identical on every
//! platform. Keeping the (often thousands of) scheduled actions out of the heap keeps
//! heap entries small and sifts short. Actions are mostly scheduled in time order (a
//! scenario's list, a learner's clicks), so one lands at the back of its queue in O(1)
//! and the next due leaves from the front in O(1); one scheduled earlier than the last
//! is inserted at its place (a B-tree map did both in O(log n), with node splits and
//! merges: 7 % of a long Raft benchmark run).

use super::time::SimTime;
use alloc::collections::{BinaryHeap, VecDeque};
use core::cmp::Ordering;

#[derive(Clone)]
struct Entry<T> {
    at: SimTime,
    seq: u64,
    item: T,
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl<T> Eq for Entry<T> {}
impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap and we want the earliest first.
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// What [`EventQueue::pop`] returns.
#[derive(Debug, PartialEq, Eq)]
pub enum Popped<T, A> {
    /// A protocol event due at the time.
    Protocol(SimTime, T),
    /// A scheduled action due at the time.
    Action(SimTime, A),
}

/// A deterministic priority queue of protocol events `T` and scheduled actions `A`.
#[derive(Clone)]
pub struct EventQueue<T, A> {
    protocol: BinaryHeap<Entry<T>>,
    /// Sorted by (time, sequence number), earliest first.
    actions: VecDeque<(SimTime, A)>,
    next_seq: u64,
}

impl<T, A> Default for EventQueue<T, A> {
    fn default() -> Self {
        EventQueue {
            protocol: BinaryHeap::new(),
            actions: VecDeque::new(),
            next_seq: 0,
        }
    }
}

impl<T, A> EventQueue<T, A> {
    fn seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// Adds protocol event `item` at time `at`.
    pub fn push(&mut self, at: SimTime, item: T) {
        let seq = self.seq();
        self.protocol.push(Entry { at, seq, item });
    }

    /// Adds scheduled action `action` at time `at`, after every protocol event then.
    pub fn push_action(&mut self, at: SimTime, action: A) {
        // Behind every action due at or before `at`: at equal times, in the order
        // scheduled (the position is the sequence number).
        if self.actions.back().is_none_or(|last| last.0 <= at) {
            self.actions.push_back((at, action));
        } else {
            let i = self.actions.partition_point(|queued| queued.0 <= at);
            self.actions.insert(i, (at, action));
        }
    }

    /// Keeps only the protocol events for which `keep(time, event)` holds (every
    /// scheduled action stays). The rest keep their order.
    pub fn retain(&mut self, mut keep: impl FnMut(SimTime, &T) -> bool) {
        self.protocol.retain(|e| keep(e.at, &e.item));
    }

    /// The time of the earliest item.
    pub fn peek_time(&self) -> Option<SimTime> {
        let p = self.protocol.peek().map(|e| e.at);
        let a = self.actions.front().map(|k| k.0);
        match (p, a) {
            (Some(p), Some(a)) => Some(p.min(a)),
            (p, a) => p.or(a),
        }
    }

    /// Removes and returns the earliest item.
    pub fn pop(&mut self) -> Option<Popped<T, A>> {
        let p = self.protocol.peek().map(|e| e.at);
        let a = self.actions.front().map(|k| k.0);
        let protocol_first = match (p, a) {
            (Some(p), Some(a)) => p <= a,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        if protocol_first {
            self.protocol.pop().map(|e| Popped::Protocol(e.at, e.item))
        } else {
            self.actions
                .pop_front()
                .map(|(at, a)| Popped::Action(at, a))
        }
    }

    /// The (time, sequence number) of every queued protocol event, earliest first.
    #[cfg(test)]
    pub fn protocol_keys(&self) -> alloc::vec::Vec<(SimTime, u64)> {
        let mut keys: alloc::vec::Vec<_> = self.protocol.iter().map(|e| (e.at, e.seq)).collect();
        keys.sort_unstable();
        keys
    }

    /// Number of queued protocol events.
    #[cfg(test)]
    pub fn protocol_len(&self) -> usize {
        self.protocol.len()
    }

    /// Number of queued items.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.protocol.len() + self.actions.len()
    }

    /// True when nothing is queued.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn pops_by_time_protocol_before_actions_then_insertion() {
        let mut q = EventQueue::default();
        q.push_action(SimTime(5), "action@5");
        q.push(SimTime(5), "p1@5");
        q.push_action(SimTime(1), "action@1");
        q.push(SimTime(5), "p2@5");
        q.push_action(SimTime(5), "action2@5");
        assert_eq!(q.len(), 5);
        assert_eq!(q.peek_time(), Some(SimTime(1)));
        let order: Vec<_> = core::iter::from_fn(|| q.pop())
            .map(|p| match p {
                Popped::Protocol(_, x) | Popped::Action(_, x) => x,
            })
            .collect();
        assert_eq!(order, ["action@1", "p1@5", "p2@5", "action@5", "action2@5"]);
        assert!(q.is_empty());
    }

    /// Actions scheduled out of time order leave by (time, order scheduled), as a
    /// sort of them by that key says.
    #[test]
    fn actions_leave_in_time_then_scheduling_order() {
        let mut q: EventQueue<(), (u64, usize)> = EventQueue::default();
        let mut rng = crate::sim::SimRng::new(5);
        let mut expected = Vec::new();
        for i in 0..200 {
            let at = rng.range_inclusive(0, 40);
            q.push_action(SimTime(at), (at, i));
            expected.push((at, i));
        }
        expected.sort();
        let order: Vec<_> = core::iter::from_fn(|| q.pop())
            .map(|p| match p {
                Popped::Action(at, a) => {
                    assert_eq!(at.as_micros(), a.0);
                    a
                }
                Popped::Protocol(..) => unreachable!("no protocol event was queued"),
            })
            .collect();
        assert_eq!(order, expected);
    }
}
