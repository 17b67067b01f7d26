//! Checkpoints for rewind and fork (issue 18; DESIGN.md, "The world at any position is a
//! replay, made fast by checkpoints").
//!
//! A lab keeps copies of its whole state at increasing positions of its run. Seeking to
//! an earlier position restores the latest copy at or before it and replays forward, so
//! a seek replays at most about one spacing of work, however long the run. Forking
//! (acting at a past position) drops the copies of the discarded future.
//!
//! Memory is bounded by a fixed number of copies: when the store is full, every other
//! copy after the first is dropped and the spacing doubles, so a run of `W` units of
//! work keeps at most `capacity` copies, about `2 W / capacity` apart once it has thinned
//! (the way RaftScope-style timelines and TigerBeetle's VOPR replays trade memory for
//! replay time). What grows with the run is shared between the copies: the Raft logs,
//! the checker's committed prefix and the recorded actions are
//! [`super::rewind_vec::SharedVec`]s, so the copies of a run hold its history once, plus
//! per copy the state of fixed size (nodes, messages in flight, timers) and at most
//! [`super::rewind_vec::CHUNK`] unshared entries per log. The 10^6-event Raft benchmark
//! run with its checkpoints peaks at 15 MB (native resident set; 193 MB when each copy
//! held whole logs).

use alloc::vec::Vec;

/// The labs' checkpoint store size: at most this many copies of the run's state.
pub const CHECKPOINTS: usize = 64;
/// The labs' least spacing between checkpoints, in kernel events: a seek replays at most
/// about this many until the store first thins (about 20 ms in wasm at the bench's 2.7 M
/// events/s, about 35 ms at the 1.5 M of the pages' size-optimised build; `make bench`
/// measures both).
pub const SPACING_EVENTS: u64 = 50_000;

/// One copy of a lab's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint<S> {
    /// Where in the run it was taken: simulated µs for network labs, an operation index
    /// for single-process labs.
    pub position: u64,
    /// Units of work done to reach it (kernel events or operations): what a replay from
    /// it costs is measured in these.
    pub work: u64,
    /// The lab's state at `position`.
    pub state: S,
}

/// Copies of a lab's state `S`, at least `spacing` units of work apart, at most
/// `capacity` of them.
#[derive(Clone, Debug)]
pub struct Checkpoints<S> {
    kept: Vec<Checkpoint<S>>,
    capacity: usize,
    spacing: u64,
}

impl<S> Checkpoints<S> {
    /// An empty store keeping at most `capacity` copies (at least 2), taken at least
    /// `spacing` units of work apart (at least 1).
    pub fn new(capacity: usize, spacing: u64) -> Self {
        Checkpoints {
            kept: Vec::new(),
            capacity: capacity.max(2),
            spacing: spacing.max(1),
        }
    }

    /// True when a copy taken after `work` units of work would be kept: the store is
    /// empty, or the newest copy is at least one spacing behind.
    pub fn due(&self, work: u64) -> bool {
        self.kept
            .last()
            .is_none_or(|last| work >= last.work.saturating_add(self.spacing))
    }

    /// Keeps `make()` as the copy at `position` when [`Checkpoints::due`] (`make` is not
    /// called otherwise); thins the store when it is over capacity.
    pub fn offer(&mut self, position: u64, work: u64, make: impl FnOnce() -> S) {
        if !self.due(work) {
            return;
        }
        self.kept.push(Checkpoint {
            position,
            work,
            state: make(),
        });
        if self.kept.len() > self.capacity {
            self.thin();
        }
    }

    /// Drops every other copy after the first and doubles the spacing.
    fn thin(&mut self) {
        let mut i = 0;
        self.kept.retain(|_| {
            i += 1;
            i % 2 == 1
        });
        self.spacing = self.spacing.saturating_mul(2);
    }

    /// The latest copy at or before `position`, if any.
    pub fn at_or_before(&self, position: u64) -> Option<&Checkpoint<S>> {
        let after = self.kept.partition_point(|c| c.position <= position);
        after.checked_sub(1).map(|i| &self.kept[i])
    }

    /// Drops the copies taken after `position` (a fork at `position` discards the
    /// future they belong to).
    pub fn truncate_after(&mut self, position: u64) {
        let keep = self.kept.partition_point(|c| c.position <= position);
        self.kept.truncate(keep);
    }

    /// How many copies are kept (at most the capacity).
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// True when no copy is kept.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The current least spacing, in units of work (doubles each time the store thins).
    pub fn spacing(&self) -> u64 {
        self.spacing
    }

    /// The most copies ever kept at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_copies_one_spacing_apart_and_finds_the_latest_before() {
        let mut c = Checkpoints::new(8, 10);
        for work in 0..35u64 {
            c.offer(work * 100, work, || work);
        }
        let kept: Vec<u64> = c.kept.iter().map(|k| k.state).collect();
        assert_eq!(kept, [0, 10, 20, 30]);
        assert_eq!(c.at_or_before(2_500).map(|k| k.state), Some(20));
        assert_eq!(c.at_or_before(2_000).map(|k| k.state), Some(20));
        assert_eq!(c.at_or_before(1_999).map(|k| k.state), Some(10));
        let mut empty: Checkpoints<u64> = Checkpoints::new(8, 10);
        assert!(empty.at_or_before(5).is_none());
        empty.offer(7, 0, || 1);
        assert!(
            empty.at_or_before(6).is_none(),
            "nothing before the first copy"
        );
    }

    #[test]
    fn a_full_store_thins_to_every_other_copy_and_doubles_its_spacing() {
        let mut c = Checkpoints::new(4, 1);
        for work in 0..5u64 {
            c.offer(work, work, || work);
        }
        assert_eq!(c.len(), 3, "five copies thin to the 1st, 3rd and 5th");
        assert_eq!(c.spacing(), 2);
        let kept: Vec<u64> = c.kept.iter().map(|k| k.state).collect();
        assert_eq!(kept, [0, 2, 4]);
        for work in 5..1_000u64 {
            c.offer(work, work, || work);
            assert!(c.len() <= c.capacity(), "bounded at every step");
        }
        assert_eq!(c.kept[0].state, 0, "the start is never dropped");
    }

    #[test]
    fn make_runs_only_when_a_copy_is_due() {
        let mut c = Checkpoints::new(4, 10);
        let mut made = 0;
        for work in 0..25u64 {
            c.offer(work, work, || {
                made += 1;
                work
            });
        }
        assert_eq!(made, 3, "at 0, 10 and 20");
    }

    #[test]
    fn a_fork_drops_the_future_and_copies_resume_from_there() {
        let mut c = Checkpoints::new(16, 10);
        for work in 0..50u64 {
            c.offer(work, work, || work);
        }
        c.truncate_after(25);
        let kept: Vec<u64> = c.kept.iter().map(|k| k.state).collect();
        assert_eq!(kept, [0, 10, 20]);
        c.offer(26, 26, || 99);
        assert!(c.due(30), "the next copy is due one spacing after 20");
        c.offer(30, 30, || 30);
        assert_eq!(c.at_or_before(40).map(|k| k.state), Some(30));
    }
}
