//! Seeking in the storage lab from checkpoints (issue 18): a copy of the lab taken
//! during a run ([`crate::sim::Checkpoints`]) goes on as the run's scenario goes on now,
//! so a seek replays only the operations after the nearest copy, not the whole
//! workload from operation 0. A copy whose actions are no longer the start of the
//! scenario's (an action was taken at an earlier moment) is stale and refused.

use super::{LabAction, StorageLab};
use crate::sim::Checkpoints;
use crate::storage::lab_scenario::StorageScenario;
use alloc::collections::VecDeque;

/// Least operations between two checkpoints of the storage lab: a seek replays at most
/// about this many until the store first thins (then twice as many, and so on).
pub const SPACING_OPS: u64 = 500;

/// The lab of `scenario` (its own position aside) at `position`, paused: the latest copy
/// in `store` at or before `position` that is not stale, run on to it; from the start
/// when there is none. Equal to a lab of `scenario` built at `position` and stepped on
/// to it (`core/tests/storage_rewind.rs`).
pub fn seek(
    store: &Checkpoints<StorageLab>,
    scenario: &StorageScenario,
    position: u64,
) -> StorageLab {
    let mut before = Some(position);
    let mut lab = None;
    while let Some(p) = before {
        let Some(copy) = store.at_or_before(p) else {
            break;
        };
        lab = copy.state.resumed(scenario);
        if lab.is_some() {
            break;
        }
        before = copy.position.checked_sub(1);
    }
    let mut lab = lab.unwrap_or_else(|| {
        StorageLab::new(&StorageScenario {
            position: Some(0),
            ..scenario.clone()
        })
    });
    lab.run_to(position);
    lab
}

impl StorageLab {
    /// This lab (a copy taken during a run) continued as `scenario` goes on from this
    /// copy's position: its remaining script replaced by `scenario`'s actions after the
    /// ones it has done, positioned and free as [`StorageLab::new`] makes a lab of
    /// `scenario` with a position. `None` when the copy is stale: other settings, or
    /// actions done that are not the start of `scenario`'s.
    pub fn resumed(&self, scenario: &StorageScenario) -> Option<StorageLab> {
        let settings = StorageScenario {
            actions: alloc::vec::Vec::new(),
            position: None,
            ..scenario.clone()
        };
        if settings != self.base {
            return None;
        }
        let script = after_prefix(&scenario.actions, &self.history)?;
        let mut lab = self.clone();
        lab.script = script;
        lab.positioned = true;
        lab.free = lab.base.name.is_none();
        Some(lab)
    }

    /// Runs on to `position` actions (workload operations one by one) as a lab of the
    /// same scenario built at an earlier position would: its script's actions, then, in
    /// a free run, the workload, as far as it goes.
    pub fn run_to(&mut self, position: u64) {
        while self.clock < position && self.advance_script() {}
        while self.clock < position && self.step() {}
    }
}

/// `actions` after their start `done` (both coalesced: consecutive workload runs
/// merged, so `done`'s last run of `k` operations may be the start of a longer one);
/// `None` when `done` is not their start.
fn after_prefix(actions: &[LabAction], done: &[LabAction]) -> Option<VecDeque<LabAction>> {
    let Some((last, head)) = done.split_last() else {
        return Some(actions.iter().cloned().collect());
    };
    if actions.len() < done.len() || actions[..head.len()] != *head {
        return None;
    }
    let mut rest: VecDeque<LabAction> = actions[done.len()..].iter().cloned().collect();
    match (last, &actions[head.len()]) {
        (a, b) if a == b => {}
        (LabAction::Workload(k), LabAction::Workload(n)) if n > k => {
            rest.push_front(LabAction::Workload(n - k));
        }
        _ => return None,
    }
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use LabAction::{Crash, Flush, Workload};

    #[test]
    fn the_rest_of_a_run_after_what_a_copy_did() {
        let all = [Workload(5), Flush, Workload(7)];
        let rest = |done: &[LabAction]| after_prefix(&all, done).map(Vec::from);
        assert_eq!(rest(&[]), Some(all.to_vec()));
        assert_eq!(
            rest(&[Workload(2)]),
            Some(vec![Workload(3), Flush, Workload(7)])
        );
        assert_eq!(rest(&[Workload(5)]), Some(vec![Flush, Workload(7)]));
        assert_eq!(rest(&[Workload(5), Flush, Workload(7)]), Some(vec![]));
        assert_eq!(
            rest(&[Workload(5), Crash]),
            None,
            "another action at 5: stale"
        );
        assert_eq!(
            rest(&[Workload(6)]),
            None,
            "more operations than the run had there"
        );
        assert_eq!(rest(&[Workload(5), Flush, Workload(7), Flush]), None);
    }
}
