//! The event queue: protocol events in a min-heap ordered by (time, sequence number),
//! and scheduled actions in a sorted map ordered the same way.
//!
//! At equal times every protocol event runs before any scheduled action, so an action
//! recorded live after an instant's events replays after them too; ties are broken
//! by a monotone sequence number, so the order is total and identical on every
//! platform. Keeping the (often thousands of) scheduled actions out of the heap keeps
//! heap entries small and sifts short.

use super::time::SimTime;
use alloc::collections::{BTreeMap, BinaryHeap};
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
    actions: BTreeMap<(SimTime, u64), A>,
    next_seq: u64,
}

impl<T, A> Default for EventQueue<T, A> {
    fn default() -> Self {
        EventQueue {
            protocol: BinaryHeap::new(),
            actions: BTreeMap::new(),
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
        let seq = self.seq();
        self.actions.insert((at, seq), action);
    }

    /// The time of the earliest item.
    pub fn peek_time(&self) -> Option<SimTime> {
        let p = self.protocol.peek().map(|e| e.at);
        let a = self.actions.keys().next().map(|k| k.0);
        match (p, a) {
            (Some(p), Some(a)) => Some(p.min(a)),
            (p, a) => p.or(a),
        }
    }

    /// Removes and returns the earliest item.
    pub fn pop(&mut self) -> Option<Popped<T, A>> {
        let p = self.protocol.peek().map(|e| e.at);
        let a = self.actions.keys().next().map(|k| k.0);
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
                .pop_first()
                .map(|((at, _), a)| Popped::Action(at, a))
        }
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
}
