//! Where two runs part (issue 18, fork comparison): a learner who acts at a past moment
//! keeps the discarded branch, and the lab shows the first event where the two runs
//! differ. Both runs share their history up to the fork, so their traces are compared
//! event by event from there; the learner's inputs themselves ([`Event::Applied`]) are
//! skipped, so the difference shown is the run's own reaction (a crash, a message that
//! no longer arrives, a vote that goes elsewhere).

use super::digest::StableHasher;
use super::trace::{fold_record, Event, Record};
use core::hash::{Hash, Hasher};

/// The first pair of events two runs disagree on: `ours` from the run kept, `theirs`
/// from the discarded one, each `None` where that run had no further event.
#[derive(Debug)]
pub struct Parting<'a, E> {
    /// The kept run's event.
    pub ours: Option<&'a Record<E>>,
    /// The discarded run's event.
    pub theirs: Option<&'a Record<E>>,
}

/// A trace event that may be a learner's input rather than the run's own doing.
pub trait MaybeInput: Hash {
    /// True for an input ([`Event::Applied`]).
    fn is_input(&self) -> bool;
}

impl<T: Hash, N: Hash, Q: Hash, Y: Hash, I: Hash> MaybeInput for Event<T, N, Q, Y, I> {
    fn is_input(&self) -> bool {
        matches!(self, Event::Applied(_))
    }
}

/// True when two records are the same event at the same time (compared by the stable
/// hash the trace digest uses, so any field that differs tells them apart).
fn same<E: Hash>(a: &Record<E>, b: &Record<E>) -> bool {
    let hash = |r: &Record<E>| {
        let mut h = StableHasher::new();
        fold_record(&mut h, r.at, &r.event);
        h.finish()
    };
    hash(a) == hash(b)
}

/// The first place where `ours` and `theirs` (each run's events after their shared
/// history, oldest first) disagree, skipping learner inputs; `None` when they agree for
/// as long as both go on. When one ends first while the other has events left, those
/// are compared against `None` only if `ended` says that run truly ended (rather than
/// being cut short by a budget).
pub fn first_difference<'a, E: MaybeInput + 'a>(
    ours: impl IntoIterator<Item = &'a Record<E>>,
    theirs: impl IntoIterator<Item = &'a Record<E>>,
    ended: (bool, bool),
) -> Option<Parting<'a, E>> {
    let own = |r: &&Record<E>| !r.event.is_input();
    let mut a = ours.into_iter().filter(own);
    let mut b = theirs.into_iter().filter(own);
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if same(x, y) => {}
            (Some(x), Some(y)) => {
                return Some(Parting {
                    ours: Some(x),
                    theirs: Some(y),
                })
            }
            (Some(x), None) if ended.1 => {
                return Some(Parting {
                    ours: Some(x),
                    theirs: None,
                })
            }
            (None, Some(y)) if ended.0 => {
                return Some(Parting {
                    ours: None,
                    theirs: Some(y),
                })
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Action, SimTime};
    use alloc::vec::Vec;

    type E = Event<u8, u8, u8, u8, u8>;

    fn run(events: &[(u64, E)]) -> Vec<Record<E>> {
        (0..)
            .zip(events)
            .map(|(index, (at, event))| Record {
                index,
                at: SimTime(*at),
                event: event.clone(),
            })
            .collect()
    }

    #[test]
    fn the_first_event_that_differs_is_found_and_inputs_are_skipped() {
        let ours = run(&[
            (1, Event::Crashed(0)),
            (5, Event::Applied(Action::Crash(2))),
            (5, Event::Crashed(2)),
            (9, Event::Restarted(0)),
        ]);
        let theirs = run(&[
            (1, Event::Crashed(0)),
            (9, Event::Restarted(0)),
            (9, Event::Resumed(2)),
        ]);
        let p = first_difference(&ours, &theirs, (true, true)).expect("they differ");
        assert!(matches!(p.ours.unwrap().event, Event::Crashed(2)));
        assert!(matches!(p.theirs.unwrap().event, Event::Restarted(0)));
    }

    #[test]
    fn the_same_event_at_another_time_differs_and_a_budget_is_not_an_end() {
        let a = run(&[(1, Event::Crashed(0))]);
        let b = run(&[(2, Event::Crashed(0))]);
        assert!(first_difference(&a, &b, (true, true)).is_some());
        let longer = run(&[(1, Event::Crashed(0)), (3, Event::Resumed(1))]);
        assert!(first_difference(&a, &longer, (false, true)).is_none());
        let p = first_difference(&a, &longer, (true, true)).expect("a ended");
        assert!(p.ours.is_none());
        assert!(matches!(p.theirs.unwrap().event, Event::Resumed(1)));
        assert!(first_difference(&a, &a, (true, true)).is_none());
    }
}
