//! What the "Over the network" view plays, in words (play16b N16, L10): which
//! rebalance (its node counts and groups), whether a newer one waits for the operator's
//! approval (manual rebalancing, DDIA ch. 6, "Operations: Automatic or Manual
//! Rebalancing"), and which reads made since it are not replayed (only the moving keys
//! are modelled on the network).

use ddia_core::partition::lab::PartitionLab;
use ddia_core::partition::Key;

/// The run's title: `The last rebalance (4 → 5 nodes): 7 groups, 598 moved keys`;
/// `None` before any rebalance moved a key.
pub fn run_title(lab: &PartitionLab) -> Option<String> {
    let m = lab.session().last_move().filter(|m| !m.moves.is_empty())?;
    let groups = lab.handoff_plan().len();
    Some(format!(
        "The last rebalance ({} → {} nodes): {groups} group{}, {} moved key{}",
        m.nodes_before,
        m.nodes_after,
        if groups == 1 { "" } else { "s" },
        m.moves.len(),
        if m.moves.len() == 1 { "" } else { "s" },
    ))
}

/// `add a node: planned, waiting for the operator's approval (the run below is the
/// rebalance before it)` while a change waits in manual mode.
pub fn planned_line(lab: &PartitionLab) -> Option<String> {
    lab.plan().map(|c| {
        format!(
            "{}: planned, waiting for the operator's approval (the run below is the rebalance before it)",
            c.describe()
        )
    })
}

/// `Not replayed: k5, k77 (the rebalance did not move them)` when some read keys
/// stayed put.
pub fn unreplayed_line(keys: &[Key]) -> Option<String> {
    let (first, rest) = keys.split_first()?;
    let names = rest
        .iter()
        .fold(first.to_string(), |s, k| format!("{s}, {k}"));
    Some(format!(
        "Only reads of moved keys are replayed; not replayed: {names} (the rebalance did not move {})",
        if keys.len() == 1 { "it" } else { "them" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::LabLink;
    use ddia_core::partition::scenario::PartitionScenario;

    fn lab(q: &str) -> PartitionLab {
        let mut lab = PartitionLab::new(&PartitionScenario::from_query(q).unwrap());
        lab.finish();
        lab
    }

    /// play16b N16: under manual rebalancing with a planned add, the view says that
    /// the add waits and that its run is the rebalance before it.
    #[test]
    fn a_planned_rebalance_is_told_apart_from_the_run_shown() {
        let l = lab("lab=partition&act=a,rebal:manual,a");
        let title = run_title(&l).unwrap();
        assert!(
            title.starts_with("The last rebalance (4 → 5 nodes): "),
            "{title}"
        );
        assert_eq!(
            planned_line(&l).as_deref(),
            Some("add a node: planned, waiting for the operator's approval (the run below is the rebalance before it)")
        );
        assert_eq!(planned_line(&lab("lab=partition&act=a")), None);
        assert_eq!(run_title(&lab("lab=partition")), None);
    }

    /// play16b L10: a read of a key the rebalance did not move is named as not
    /// replayed; a moved key's read is not.
    #[test]
    fn reads_of_unmoved_keys_are_named() {
        let l = lab("lab=partition&strategy=mod&act=a,q5,q77");
        let plan = l.handoff_plan();
        let moved = |k: u64| plan.iter().any(|t| t.keys.contains(&Key(k)));
        let left = l.unreplayed_reads();
        for k in [5, 77] {
            assert_eq!(left.contains(&Key(k)), !moved(k), "k{k}");
        }
        assert!(left.contains(&Key(77)), "{left:?}");
        let line = unreplayed_line(&left).unwrap();
        assert!(
            line.contains("not replayed: k77") || line.contains(", k77"),
            "{line}"
        );
        assert_eq!(unreplayed_line(&[]), None);
    }
}
