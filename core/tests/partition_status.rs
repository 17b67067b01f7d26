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

/// The narration after every action of the link `query`, whole.
fn narration(query: &str) -> Vec<String> {
    use ddia_core::link::LabLink;
    let s = PartitionScenario::from_query(query).expect("a valid link");
    let lab = PartitionLab::new(&s);
    lab.log().iter().map(|l| l.text.clone()).collect()
}

/// The last line of the narration of `query`.
fn last_line(query: &str) -> String {
    narration(query).pop().expect("narrated")
}

/// play16b N2: a read of a key outside the key set is answered "not found" by the
/// owner of its partition, not "holds it"; a stored key is held.
#[test]
fn a_read_of_a_key_never_written_is_not_found() {
    for mode in ["any", "tier", "client"] {
        let missing = last_line(&format!("lab=partition&act=a,route:{mode},n,n,q999999"));
        assert!(
            missing.contains("not stored") && missing.contains("not found"),
            "{mode}: {missing}"
        );
        assert!(!missing.contains("holds it"), "{mode}: {missing}");
        let stored = last_line(&format!("lab=partition&act=a,route:{mode},n,n,q42"));
        assert!(
            stored.contains("holds it") && !stored.contains("not found"),
            "{mode}: {stored}"
        );
    }
}

/// play16b N18: notifying routers that already hold the current table says that
/// nothing was stale; after a rebalance it hands them the new version.
#[test]
fn notify_with_nothing_stale_says_so() {
    assert!(last_line("lab=partition&act=n").contains("nothing was stale"));
    let after_add = last_line("lab=partition&act=a,n");
    assert!(after_add.contains("now hold table v2"), "{after_add}");
    assert!(last_line("lab=partition&act=a,n,n").contains("nothing was stale"));
}

/// play16b N17: the link verb `ok` does not leak into the narration.
#[test]
fn manual_rebalancing_lines_name_no_link_verb() {
    for line in narration("lab=partition&act=rebal:manual,a,ok") {
        assert!(!line.contains("(ok)"), "{line}");
    }
}

/// play16b L8, L4, L5, D: salting a key that the requests do not make hot says so;
/// a weight or a ring position asked for by link under another strategy is narrated as
/// applying to the ring only; one split is "once".
#[test]
fn lines_say_what_applies_to_the_shown_strategy() {
    let salted = last_line("lab=partition&act=k8");
    assert!(salted.contains("is not hot"), "{salted}");
    let celebrity = last_line("lab=partition&act=dist:celeb,k8");
    assert!(!celebrity.contains("not hot"), "{celebrity}");
    let weight = last_line("lab=partition&strategy=mod&act=wt1=4");
    assert!(
        weight.starts_with("a weight applies to consistent hashing only"),
        "{weight}"
    );
    let on_ring = last_line("lab=partition&act=wt1=4");
    assert!(on_ring.starts_with("consistent hashing:"), "{on_ring}");
    let status = {
        use ddia_core::link::LabLink;
        let s = PartitionScenario::from_query("lab=partition&strategy=range&act=a@60").unwrap();
        PartitionLab::new(&s).status_line().unwrap().text.clone()
    };
    assert!(
        status.starts_with("a position on the ring applies to consistent hashing only"),
        "{status}"
    );
    let splits = narration("lab=partition&strategy=range&dist=ts&act=w100,w100");
    assert!(splits.iter().all(|l| !l.contains(" 1 times")), "{splits:?}");
    assert!(
        splits.iter().any(|l| l.contains("split or merge once")),
        "{splits:?}"
    );
}

/// play16b N3: the request counts are the last batch's, so after salting the load bars
/// show the relief on the node that was hot; a read of the celebrity key touches k0,
/// then its sub-keys.
#[test]
fn request_loads_are_the_last_batchs() {
    use ddia_core::link::LabLink;
    let s = PartitionScenario::from_query("lab=partition&scn=celebrity").unwrap();
    let mut lab = PartitionLab::new(&s);
    while lab.step() {}
    let batches = lab.batches();
    assert!(batches.len() >= 2, "a batch before and after salting");
    let last = batches.last().unwrap();
    let loads: Vec<_> = lab
        .session()
        .node_loads()
        .iter()
        .map(|l| (l.node, l.requests))
        .collect();
    assert_eq!(loads, last.per_node);
    assert_eq!(batches[0].hot_keys.len(), 1);
    assert_eq!(last.hot_keys.len(), 8);
    assert!(lab.fresh_batch().is_some());
}

/// play16b N4: a timestamp batch's writes all land in the newest range, which then
/// splits; the batch keeps that range as it was.
#[test]
fn a_timestamp_batch_keeps_the_range_that_took_its_writes() {
    use ddia_core::link::LabLink;
    use ddia_core::partition::Span;
    let s = PartitionScenario::from_query("lab=partition&strategy=range&dist=ts&act=w500").unwrap();
    let lab = PartitionLab::new(&s);
    let b = lab.fresh_batch().expect("the batch is the last action");
    assert_eq!(b.busiest_partition, b.touches, "every write in one range");
    assert!(
        matches!(b.busiest_span, Some((Span::Keys { to: None, .. }, _))),
        "{:?}",
        b.busiest_span
    );
}

/// play16b N24: after a timestamp batch's splits hand ranges between the same nodes,
/// the ideal is the keys needed to even them out (N4 holds 1 250 of 2 000 on 4 nodes:
/// 750 above an even 500), not 0.
#[test]
fn the_ideal_of_a_split_is_what_evens_the_nodes_out() {
    use ddia_core::link::LabLink;
    let s = PartitionScenario::from_query("lab=partition&scn=timestamps").unwrap();
    let mut lab = PartitionLab::new(&s);
    while lab.step() {}
    let m = lab.session().last_move().expect("the splits moved keys");
    assert_eq!(m.nodes_before, m.nodes_after);
    let before: Vec<u64> = lab.session().node_loads().iter().map(|l| l.keys).collect();
    assert!(
        m.ideal_keys() > 0,
        "ideal {} with keys per node now {before:?}",
        m.ideal_keys()
    );
    assert!(m.ideal_keys() < m.keys_total);
}
