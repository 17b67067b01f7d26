//! The lab's status line follows the shown strategy: after an add (narrated once per
//! strategy, all five measured on the same keys) it is the shown strategy's line, with
//! the same figure as its movement counter.

use ddia_core::partition::lab::PartitionLab;
use ddia_core::partition::scenario::{PartitionAction, PartitionScenario};
use ddia_core::partition::{Placement, StrategyKind};

#[test]
fn after_an_add_the_status_line_is_the_shown_strategys() {
    for kind in StrategyKind::ALL {
        let s = PartitionScenario {
            strategy: kind,
            actions: vec![PartitionAction::AddNode],
            ..PartitionScenario::default()
        };
        let lab = PartitionLab::new(&s);
        let m = lab.session().last_move().expect("the add moved keys");
        let line = lab.status_line().expect("the add is narrated");
        let moved = format!("{} of {} keys move", m.keys_moved(), m.keys_total);
        assert!(
            line.text.starts_with(kind.name()) && line.text.contains(&moved),
            "{kind:?}: status {:?}, counter {moved}",
            line.text
        );
    }
}

#[test]
fn after_a_request_batch_the_status_line_is_the_newest() {
    let s = PartitionScenario {
        actions: vec![PartitionAction::AddNode, PartitionAction::Requests(10)],
        ..PartitionScenario::default()
    };
    let lab = PartitionLab::new(&s);
    assert_eq!(lab.status_line(), lab.log().last());
}

/// DDIA ch. 6, "Dynamic partitioning": a joining node takes whole partitions from the
/// others. Key ranges split by size, so 1 000 small keys make few ranges: while
/// there are more ranges than nodes a join takes some keys; once the nodes outnumber
/// the ranges a join moves nothing (the counter says why).
#[test]
fn a_join_takes_key_ranges_only_while_there_are_spare_ranges() {
    let mut s = PartitionScenario {
        strategy: StrategyKind::KeyRange,
        keys: 1_000,
        ..PartitionScenario::default()
    };
    let mut took_some = false;
    let mut starved = false;
    for joins in 1..=8 {
        s.actions = vec![PartitionAction::AddNode; joins];
        let lab = PartitionLab::new(&s);
        let p = lab.session().placement();
        let m = lab.session().last_move().expect("an add");
        let (ranges, nodes) = (p.partitions().len(), p.nodes().len());
        if ranges >= nodes {
            assert!(
                m.keys_moved() > 0,
                "{ranges} ranges, {nodes} nodes: the join took nothing"
            );
            took_some = true;
        } else {
            assert_eq!(m.keys_moved(), 0, "{ranges} ranges, {nodes} nodes");
            starved = true;
        }
    }
    assert!(
        took_some && starved,
        "the run crosses from spare ranges to none"
    );
}

/// A link written at any moment reopens at that moment (play16b N6: a book scenario's
/// link at its last action lost `t` and reopened at its start).
#[test]
fn a_link_written_at_any_moment_reopens_there() {
    use ddia_core::link::LabLink;
    for query in [
        "lab=partition&scn=ring-60",
        "lab=partition&scn=stale-route",
        "lab=partition&act=a,w10,d2",
    ] {
        let opened = PartitionScenario::from_query(query).expect("a valid link");
        let mut lab = PartitionLab::new(&opened);
        loop {
            let link = lab.link_scenario().to_query();
            let reopened = PartitionLab::new(&PartitionScenario::from_query(&link).unwrap());
            assert_eq!(
                (reopened.done(), reopened.total()),
                (lab.done(), lab.total()),
                "{query}: {link}"
            );
            if !lab.step() {
                break;
            }
        }
    }
}
