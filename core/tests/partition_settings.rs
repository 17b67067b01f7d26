//! The request distribution, the routing mode and manual rebalancing are recorded
//! actions (`dist:`, `route:`, `rebal:`): a change applies from its place in the run
//! on and leaves what happened before it as it was; the run-wide keys set the start.

use ddia_core::link::LabLink;
use ddia_core::partition::lab::PartitionLab;
use ddia_core::partition::routing::{Outcome, RoutingMode};
use ddia_core::partition::scenario::{Dist, PartitionAction, PartitionScenario};
use ddia_core::partition::Placement;

use PartitionAction::{AddNode, Approve, Manual, Read, Requests, Route};

fn run(actions: Vec<PartitionAction>) -> PartitionLab {
    PartitionLab::new(&PartitionScenario {
        actions,
        ..PartitionScenario::default()
    })
}

#[test]
fn a_distribution_change_leaves_the_batches_before_it() {
    let before = run(vec![Requests(500)]);
    let after = run(vec![
        Requests(500),
        PartitionAction::Dist(Dist::Timestamps),
        Requests(500),
    ]);
    assert_eq!(
        after.batches()[0],
        before.batches()[0],
        "the past batch is the same"
    );
    assert_eq!(after.dist(), Dist::Timestamps);
    // Timestamp keys are new keys, each above the last: the key set grows by the batch.
    assert_eq!(
        after.session().keys().len(),
        before.session().keys().len() + 500
    );
}

#[test]
fn a_routing_change_leaves_the_reads_before_it() {
    let lab = run(vec![Read(42), Route(RoutingMode::Tier), Read(42)]);
    let routes = lab.routes();
    assert_eq!(routes.len(), 2);
    let any = run(vec![Read(42)]);
    assert_eq!(
        routes[0],
        any.routes()[0],
        "the first read stays as any node routed it"
    );
    assert_eq!(lab.routing(), RoutingMode::Tier);
    assert_ne!(
        routes[1].outcome,
        Outcome::Forwarded,
        "the tier sends it straight on"
    );
}

#[test]
fn manual_rebalancing_from_now_on_keeps_the_adds_before_it() {
    let lab = run(vec![AddNode, AddNode, Manual(true), AddNode]);
    let nodes = |l: &PartitionLab| l.session().placement().nodes().len();
    assert_eq!(nodes(&lab), 6, "the two adds before stay; the third waits");
    assert!(lab.plan().is_some());
    let approved = run(vec![AddNode, AddNode, Manual(true), AddNode, Approve]);
    assert_eq!(nodes(&approved), 7);
    // Back to automatic: the waiting change is carried out.
    let auto = run(vec![AddNode, Manual(true), AddNode, Manual(false)]);
    assert_eq!(nodes(&auto), 6);
    assert!(auto.plan().is_none());
}

/// hq10 U5: one rebalance waits for approval at a time; a second change is refused
/// and not recorded, and approving the plan adds one node.
#[test]
fn a_second_change_while_one_waits_is_refused_and_not_recorded() {
    let mut lab = run(vec![Manual(true), AddNode]);
    lab.finish();
    let nodes = lab.session().placement().nodes().len();
    let plan = lab.plan();
    assert!(plan.is_some());
    for a in [
        AddNode,
        PartitionAction::RemoveNode(1),
        PartitionAction::AddNodeAt(90),
    ] {
        assert!(lab.refusal(a).is_some(), "{a:?}");
        lab.apply(a);
    }
    assert_eq!(lab.scenario().actions.len(), 2, "nothing recorded");
    assert_eq!(lab.plan(), plan, "the first plan stays");
    assert!(lab.refusal(Requests(10)).is_none());
    lab.apply(Approve);
    assert_eq!(lab.session().placement().nodes().len(), nodes + 1);
    assert!(lab.refusal(AddNode).is_none(), "nothing waits now");
    // A link that carries the second add anyway keeps the first plan.
    let mut linked = run(vec![Manual(true), AddNode, AddNode, Approve]);
    linked.finish();
    assert_eq!(linked.session().placement().nodes().len(), nodes + 1);
}

#[test]
fn the_run_wide_keys_still_set_the_start() {
    let s = PartitionScenario::from_query("dist=celeb&route=client&rebal=manual&act=a").unwrap();
    let lab = PartitionLab::new(&s);
    assert_eq!(
        (lab.dist(), lab.routing(), lab.manual()),
        (Dist::Celebrity, RoutingMode::Client, true)
    );
    assert!(lab.plan().is_some(), "manual from the start: the add waits");
    let q = PartitionScenario {
        actions: vec![
            PartitionAction::Dist(Dist::Zipf),
            Route(RoutingMode::Tier),
            Manual(true),
        ],
        ..PartitionScenario::default()
    }
    .to_query();
    assert!(q.contains("act=dist:zipf,route:tier,rebal:manual"), "{q}");
}

/// The "Over the network" knobs (`hloss`, `hlat`, `hcrash`) are link keys: the last
/// rebalance's handoff runs on lossy, slow links with the old owner crashing in the
/// middle, and still settles with every moved key at its new owner, resent as needed.
#[test]
fn the_handoff_settles_through_loss_delay_and_a_crash() {
    use ddia_core::partition::lab::{CRASH_AT_US, RESTART_AFTER_US};
    use ddia_core::partition::rebalance::{coordinator, transits, Transit};
    use ddia_core::sim::SimTime;
    let q = "scn=ring-60&hloss=30&hlat=80&hcrash=1";
    let s = PartitionScenario::from_query(q).unwrap();
    assert_eq!(
        (s.net_loss_pct, s.net_latency_ms, s.net_crash),
        (30, 80, true)
    );
    assert!(s.to_query().contains("hloss=30&hlat=80&hcrash=1"));
    let mut lab = PartitionLab::new(&s);
    lab.finish();
    let plan = lab.handoff_plan();
    let mut w = lab.handoff_world().expect("the add moved keys");
    let old = usize::try_from(plan[0].from.0).unwrap();
    w.run_until(SimTime::from_micros(CRASH_AT_US + RESTART_AFTER_US / 2));
    assert!(!w.nodes()[old].up, "the old owner is down mid-handoff");
    w.run_until(SimTime::from_micros(5_000_000));
    assert!(w.nodes()[old].up, "and back");
    assert_eq!(w.violation(), None);
    assert!(
        coordinator(&w).is_some_and(|c| c.moves.is_empty()),
        "settled"
    );
    assert!(transits(&w, &plan).iter().all(|t| *t == Transit::AtNew));
    // Without the knobs: the same handoff on healthy links ends sooner.
    let mut calm = PartitionLab::new(&PartitionScenario::from_query("scn=ring-60").unwrap());
    calm.finish();
    let mut c = calm.handoff_world().unwrap();
    c.run_until(SimTime::from_micros(5_000_000));
    assert!(c.events_processed() < w.events_processed());
}

/// hp11 H5: once the routing tier has fetched the newest table on a "not mine",
/// notifying the routers has nothing to do: refused, neither recorded nor narrated;
/// the partition-aware client's copy is still old, so in its mode notifying does work.
#[test]
fn notify_after_the_tier_refetched_has_nothing_to_do() {
    let key = run(vec![AddNode])
        .session()
        .last_move()
        .and_then(|m| m.moves.first())
        .map(|mv| mv.key.0)
        .expect("a key moved");
    let mut lab = run(vec![AddNode, Route(RoutingMode::Tier), Read(key)]);
    lab.finish();
    let (at, held) = lab.table_versions();
    assert_eq!(held, at, "the tier refetched on 'not mine'");
    assert!(lab.refusal(PartitionAction::Notify).is_some());
    let (actions, lines) = (lab.scenario().actions.len(), lab.log().len());
    lab.apply(PartitionAction::Notify);
    assert_eq!(lab.scenario().actions.len(), actions, "not recorded");
    assert_eq!(lab.log().len(), lines, "nothing narrated");
    lab.apply(Route(RoutingMode::Client));
    let (at, held) = lab.table_versions();
    assert!(held < at, "the client's copy is still v{held}");
    assert!(lab.refusal(PartitionAction::Notify).is_none());
    lab.apply(PartitionAction::Notify);
    assert_eq!(lab.table_versions(), (at, at));
}

/// play16f B1: "+ Add at °" at an angle a token already stands at is refused, in the
/// panel (`refusal`) and in a link (narrated, nothing added), as `tokens=` refuses an
/// angle twice.
#[test]
fn adding_a_node_at_a_taken_angle_is_refused() {
    use ddia_core::partition::lab::Refusal;
    use ddia_core::partition::{NodeId, StrategyKind};
    let lab = PartitionLab::new(
        &PartitionScenario::from_query("lab=partition&tokens=0.120.240").unwrap(),
    );
    assert_eq!(
        lab.refusal(PartitionAction::AddNodeAt(120)),
        Some(Refusal::AngleTaken(120, NodeId(2)))
    );
    assert_eq!(lab.refusal(PartitionAction::AddNodeAt(60)), None);
    let linked = PartitionLab::new(
        &PartitionScenario::from_query("lab=partition&tokens=0.120.240&act=a@120").unwrap(),
    );
    for s in linked.sessions() {
        assert_eq!(s.placement().nodes().len(), 3, "{:?}", s.config().kind);
    }
    let ring = linked.session_of(StrategyKind::Ring);
    assert_eq!(
        ring.placement().partitions().len(),
        3,
        "no second token at 120°"
    );
    let mut lab = lab;
    lab.apply(PartitionAction::AddNodeAt(120));
    assert_eq!(lab.total(), 0, "a refused action is not recorded");
}

/// play16f W2: a hot range's upper part goes to the other node with the fewest key
/// reads/writes in the last batch (the book splits a hot range to spread its load),
/// not to the node with the fewest partitions, which can be a busy one.
#[test]
fn a_hot_split_hands_its_upper_part_to_the_least_busy_other_node() {
    use ddia_core::partition::{Span, StrategyKind};
    let q = "lab=partition&seed=1&strategy=range&act=dist:zipf,w500,x,w500";
    let mut lab = PartitionLab::new(&PartitionScenario {
        position: Some(2),
        ..PartitionScenario::from_query(q).unwrap()
    });
    let batch = lab.batches()[0].clone();
    let before = lab
        .session_of(StrategyKind::KeyRange)
        .placement()
        .partitions();
    assert!(lab.step(), "the split");
    let after = lab
        .session_of(StrategyKind::KeyRange)
        .placement()
        .partitions();
    assert_eq!(after.len(), before.len() + 1);
    // The new partition: the one whose start no partition before had.
    let starts = |p: &[ddia_core::partition::PartitionInfo]| -> Vec<_> {
        p.iter()
            .map(|i| match i.span {
                Span::Keys { from, .. } => Some(from),
                _ => None,
            })
            .collect()
    };
    let old = starts(&before);
    let upper = after
        .iter()
        .zip(starts(&after))
        .find(|(_, s)| !old.contains(s))
        .map(|(p, _)| p.owner)
        .unwrap();
    let hot = batch.per_node.iter().max_by_key(|p| p.1).unwrap().0;
    let least = batch
        .per_node
        .iter()
        .filter(|p| p.0 != hot)
        .min_by_key(|p| p.1)
        .unwrap();
    assert_eq!(upper, least.0, "{:?}", batch.per_node);
    let line = &lab.log().last().unwrap().text;
    assert!(line.contains(&format!("goes to {}", least.0)), "{line}");
}

/// play16g W1: after timestamp writes the ranges split automatically, so the last
/// batch, as it ran, fell on owners that no longer hold its keys (N1 had 0 of it, yet
/// holds most of its keys now). The split's target is chosen on the load its card
/// compares, the batch on today's owners: the target is not the busiest node there,
/// and the split does not make the busiest node busier.
#[test]
fn a_hot_split_after_automatic_splits_spreads_the_load_it_reports() {
    use ddia_core::partition::StrategyKind;
    let q = "lab=partition&strategy=range&act=dist:ts,w500,x";
    let mut lab = PartitionLab::new(&PartitionScenario {
        position: Some(2),
        ..PartitionScenario::from_query(q).unwrap()
    });
    assert!(lab.step(), "the split");
    let s = lab.session_of(StrategyKind::KeyRange);
    let split = s.last_split().expect("a split's load record");
    assert!(split.after.1 <= split.before.1, "{split:?}");
    let line = &lab.log().last().unwrap().text;
    assert!(
        !line.contains(&format!("goes to {},", split.before.0)),
        "{line} / {split:?}"
    );
}

/// play16g W2: setting a ring node to the weight it has changes nothing, so it is
/// refused (it was recorded and judged "0.0× the ideal: no spare partition").
#[test]
fn a_weight_a_node_already_has_is_refused() {
    use ddia_core::partition::lab::Refusal;
    use ddia_core::partition::NodeId;
    let lab = PartitionLab::new(&PartitionScenario::from_query("lab=partition").unwrap());
    let same = PartitionAction::Weight { node: 4, weight: 1 };
    assert_eq!(lab.refusal(same), Some(Refusal::SameWeight(NodeId(4), 1)));
    let other = PartitionAction::Weight { node: 4, weight: 2 };
    assert_eq!(lab.refusal(other), None);
}

/// play16h W1: a hot split never makes the busiest node busier (it once took N3 from
/// 116 to 150 key reads/writes, past the busiest node's 142): when no other node has
/// room for the upper part, nothing splits. Over seeds and skews, split after split.
#[test]
fn a_hot_split_never_raises_the_busiest_node() {
    use ddia_core::partition::StrategyKind;
    let (mut splits, mut refused) = (0, 0);
    for seed in 1..=12 {
        for dist in ["zipf", "ts", "celeb"] {
            let q = format!(
                "lab=partition&seed={seed}&strategy=range&act=dist:{dist},w500,x,x,x,x,x,x"
            );
            let mut lab = PartitionLab::new(&PartitionScenario {
                position: Some(2),
                ..PartitionScenario::from_query(&q).unwrap()
            });
            loop {
                let parts = |l: &PartitionLab| {
                    let s = l.session_of(StrategyKind::KeyRange);
                    (s.placement().partitions(), s.last_split().copied())
                };
                let (before, _) = parts(&lab);
                if !lab.step() {
                    break;
                }
                let (after, split) = parts(&lab);
                if after.len() > before.len() {
                    let split = split.expect("a split's load record");
                    assert!(split.after.1 <= split.before.1, "{q}: {split:?}");
                    splits += 1;
                } else {
                    assert_eq!(after, before, "{q}: a refused split changes nothing");
                    refused += 1;
                }
            }
        }
    }
    assert!(
        splits > 30 && refused > 0,
        "{splits} splits, {refused} refused"
    );
}

/// play16g U2: "Split the hot range" with nothing to split is refused like the other
/// refusals: not recorded, so the link and the events stay as they were.
#[test]
fn a_split_with_nothing_to_split_is_refused_and_not_recorded() {
    use ddia_core::partition::lab::Refusal;
    use ddia_core::partition::SplitError;
    let mut lab =
        PartitionLab::new(&PartitionScenario::from_query("lab=partition&strategy=range").unwrap());
    assert_eq!(
        lab.refusal(PartitionAction::SplitHot),
        Some(Refusal::Split(SplitError::NoRequests))
    );
    lab.apply(PartitionAction::SplitHot);
    assert_eq!(lab.total(), 0, "a refused split is not recorded");
    let q = "lab=partition&seed=1&strategy=range&act=dist:zipf,w500";
    let hot = PartitionLab::new(&PartitionScenario::from_query(q).unwrap());
    assert_eq!(hot.refusal(PartitionAction::SplitHot), None);
}

/// play16i W2: un-salting a key that is not salted, salting it again with as many
/// sub-keys, or picking the distribution requests already use is refused and says so:
/// not recorded, and a link that carries it narrates that nothing changed.
#[test]
fn a_salt_or_distribution_that_changes_nothing_is_refused() {
    use ddia_core::partition::lab::Refusal;
    use ddia_core::partition::scenario::Dist;
    let mut lab = PartitionLab::new(&PartitionScenario::from_query("lab=partition").unwrap());
    assert_eq!(
        lab.refusal(PartitionAction::Salt(1)),
        Some(Refusal::SameSalt(1))
    );
    lab.apply(PartitionAction::Salt(1));
    assert_eq!(lab.total(), 0, "a refused un-salt is not recorded");
    lab.apply(PartitionAction::Salt(4));
    assert_eq!((lab.total(), lab.salt()), (1, 4));
    assert_eq!(
        lab.refusal(PartitionAction::Salt(4)),
        Some(Refusal::SameSalt(4))
    );
    assert_eq!(lab.refusal(PartitionAction::Salt(1)), None);
    let dist = lab.dist();
    assert_eq!(
        lab.refusal(PartitionAction::Dist(dist)),
        Some(Refusal::SameDist(dist))
    );
    let other = if dist == Dist::Zipf {
        Dist::Uniform
    } else {
        Dist::Zipf
    };
    assert_eq!(lab.refusal(PartitionAction::Dist(other)), None);
    let q = "lab=partition&act=k1";
    let mut linked = PartitionLab::new(&PartitionScenario::from_query(q).unwrap());
    linked.finish();
    let said = linked
        .log()
        .last()
        .map(|l| l.text.clone())
        .unwrap_or_default();
    assert!(said.ends_with("is not salted: nothing to undo"), "{said}");
    assert!(linked.salt() <= 1);
}
