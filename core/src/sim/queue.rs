//! The event queue: a min-heap ordered by (time, class, sequence number).
//!
//! Protocol events (class 0) at an instant run before scheduled actions (class 1) at
//! the same instant; ties are broken by a monotone sequence number, so the order is
//! total and identical on every platform.

use super::time::SimTime;
use alloc::collections::BinaryHeap;
use core::cmp::Ordering;

/// Ordering class of protocol events (deliveries, timers, resumptions).
pub const PROTOCOL: u8 = 0;
/// Ordering class of scheduled actions: after all protocol events of their instant.
pub const ACTION: u8 = 1;

struct Entry<T> {
    at: SimTime,
    class: u8,
    seq: u64,
    item: T,
}

impl<T> Entry<T> {
    fn key(&self) -> (SimTime, u8, u64) {
        (self.at, self.class, self.seq)
    }
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
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
        other.key().cmp(&self.key())
    }
}

/// A deterministic priority queue of items keyed by simulated time.
pub struct EventQueue<T> {
    heap: BinaryHeap<Entry<T>>,
    next_seq: u64,
}

impl<T> Default for EventQueue<T> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }
}

impl<T> EventQueue<T> {
    /// Adds `item` at time `at` in ordering class `class` ([`PROTOCOL`] or [`ACTION`]).
    pub fn push(&mut self, at: SimTime, class: u8, item: T) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry {
            at,
            class,
            seq,
            item,
        });
    }

    /// The time of the earliest item.
    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|e| e.at)
    }

    /// Removes and returns the earliest item with its time.
    pub fn pop(&mut self) -> Option<(SimTime, T)> {
        self.heap.pop().map(|e| (e.at, e.item))
    }

    /// Number of queued items.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_time_then_class_then_insertion() {
        let mut q = EventQueue::default();
        q.push(SimTime(5), ACTION, "action@5");
        q.push(SimTime(5), PROTOCOL, "p1@5");
        q.push(SimTime(1), ACTION, "action@1");
        q.push(SimTime(5), PROTOCOL, "p2@5");
        let order: alloc::vec::Vec<_> = core::iter::from_fn(|| q.pop().map(|x| x.1)).collect();
        assert_eq!(order, ["action@1", "p1@5", "p2@5", "action@5"]);
    }
}
