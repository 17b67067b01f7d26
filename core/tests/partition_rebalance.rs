//! Rebalancing over the network (DDIA ch. 6, "Rebalancing Partitions"): fixed partitions
//! move between storage-node processes on the simulated network. No key is lost and no
//! partition is served by two nodes at once, checked after every event against a model
//! of the key set, even when transfers are lost, duplicated or delayed and nodes crash
//! in the middle; once the faults heal, every move completes.

use ddia_core::partition::fixed::fixed_partition;
use ddia_core::partition::lab::PartitionLab;
use ddia_core::partition::rebalance::{
    coordinator, handoff_world, plan_of, rebalance_world, Member, RebalanceParams, RebalanceWorld,
    Reply, Request,
};
use ddia_core::partition::router::Router;
use ddia_core::partition::scenario::{PartitionAction, PartitionScenario};
use ddia_core::partition::StrategyKind;
use ddia_core::partition::{Key, KeySet};
use ddia_core::sim::chaos::{schedule, FaultMix};
use ddia_core::sim::{Action, LinkFaults, SimTime, Timed};
use proptest::prelude::*;

const KEYS: u64 = 400;
const PARTS: u32 = 16;

fn world(seed: u64, manual: bool) -> RebalanceWorld {
    let params = RebalanceParams {
        nodes: 4,
        initial: 2,
        partitions: PARTS,
        manual,
        routers: 1,
    };
    rebalance_world(
        params,
        &KeySet::sequential(KEYS, 8),
        seed,
        LinkFaults::default(),
    )
}

fn at(at_us: u64, node: usize, request: Request) -> Timed<Request> {
    Timed {
        at_us,
        action: Action::Client { node, request },
    }
}

/// Every move done; each partition served and stored whole by exactly its owner.
fn settled(w: &RebalanceWorld) -> Result<(), String> {
    let c = coordinator(w).ok_or("no coordinator")?;
    if !c.moves.is_empty() || !c.planned.is_empty() {
        return Err(format!(
            "moves still pending: {:?} {:?}",
            c.moves, c.planned
        ));
    }
    let keys = KeySet::sequential(KEYS, 8);
    for (p, &owner) in (0..PARTS).zip(&c.owners) {
        for (i, n) in w.nodes().iter().enumerate().skip(1) {
            let Member::Storage(s) = &n.process else {
                continue;
            };
            let want: usize = if i == owner {
                keys.records()
                    .iter()
                    .filter(|r| fixed_partition(r.key, PARTS) == p)
                    .count()
            } else {
                0
            };
            let held = s.store.get(&p).map_or(0, |k| k.len());
            if held != want || s.serving.contains(&p) != (i == owner) {
                return Err(format!(
                    "partition {p} on N{i}: {held} keys, serving {} (owner N{owner})",
                    s.serving.contains(&p)
                ));
            }
        }
    }
    Ok(())
}

/// The router's node index (after the coordinator and the 4 storage nodes).
const ROUTER: usize = 5;

fn router(w: &RebalanceWorld) -> &Router {
    match &w.nodes()[ROUTER].process {
        Member::Router(r) => r,
        _ => panic!("node {ROUTER} is not the router"),
    }
}

#[test]
fn a_router_with_a_stale_table_hits_the_old_owner_refreshes_and_retries() {
    // The coordinator's pushes to the router are all lost (a one-way cut), so its table
    // stays at version 1 until a "not mine" makes it ask; reads of every key after the
    // join all end at the right node.
    let mut w = world(5, false);
    w.schedule(Timed {
        at_us: 0,
        action: Action::CutLink {
            from: 0,
            to: ROUTER,
        },
    });
    w.schedule(at(0, 0, Request::Join(3)));
    w.schedule(Timed {
        at_us: 1_500_000,
        action: Action::Heal,
    });
    for k in 0..KEYS {
        w.schedule(at(1_000_000 + k * 1_000, ROUTER, Request::Route(Key(k))));
    }
    w.run_until(SimTime::from_millis(5_000));
    assert!(w.violation().is_none(), "{:?}", w.violation());
    settled(&w).unwrap();
    let r = router(&w);
    let c = coordinator(&w).unwrap();
    assert_eq!(r.answered.len(), usize::try_from(KEYS).unwrap());
    assert!(r.answered.iter().all(|a| a.found));
    let stale: Vec<_> = r.answered.iter().filter(|a| a.stale_hits > 0).collect();
    assert!(!stale.is_empty(), "some read hit the old owner");
    assert!(
        stale.iter().all(|a| a.by == 3),
        "retried reads end at the new owner"
    );
    assert_eq!(r.version, c.version, "the router caught up");
}

#[test]
fn a_join_moves_a_fair_share_and_the_table_flips_once_per_partition() {
    let mut w = world(1, false);
    w.schedule(at(0, 0, Request::Join(3)));
    w.run_until(SimTime::from_millis(3_000));
    assert!(w.violation().is_none(), "{:?}", w.violation());
    settled(&w).unwrap();
    let c = coordinator(&w).unwrap();
    let on_new = c.owners.iter().filter(|&&o| o == 3).count();
    assert_eq!(
        on_new, 5,
        "16 partitions over 3 nodes: the new one takes 16/3 rounded down"
    );
    assert_eq!(c.version, 1 + 5, "one flip per moved partition");
}

#[test]
fn manual_rebalancing_waits_for_the_operator() {
    let mut w = world(2, true);
    w.schedule(at(0, 0, Request::Join(3)));
    w.run_until(SimTime::from_millis(2_000));
    let c = coordinator(&w).unwrap();
    assert_eq!(
        (c.planned.len(), c.moves.len(), c.version),
        (5, 0, 1),
        "planned, not started"
    );
    w.schedule(at(2_000_000, 0, Request::Approve));
    w.run_until(SimTime::from_millis(5_000));
    settled(&w).unwrap();
}

#[test]
fn the_old_owner_serves_until_the_handoff_completes() {
    // Slow links: while the transfers are in flight, every key is still readable at its
    // old owner.
    let slow = LinkFaults {
        latency_min_us: 100_000,
        latency_max_us: 100_000,
        ..LinkFaults::default()
    };
    let params = RebalanceParams {
        nodes: 3,
        initial: 2,
        partitions: PARTS,
        manual: false,
        routers: 0,
    };
    let mut w = rebalance_world(params, &KeySet::sequential(KEYS, 8), 3, slow);
    w.schedule(at(0, 0, Request::Join(3)));
    w.run_until(SimTime::from_millis(150));
    let c = coordinator(&w).unwrap().clone();
    let (&p, moving) = c.moves.iter().next().expect("a move under way");
    let key = (0..KEYS)
        .map(Key)
        .find(|&k| fixed_partition(k, PARTS) == p)
        .unwrap();
    let Member::Storage(old) = &w.nodes()[moving.from].process else {
        panic!()
    };
    assert!(!moving.copied);
    assert!(
        old.serving.contains(&p),
        "the old owner still serves partition {p}"
    );
    assert_eq!(old.get(key), Reply::Value(key));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random fault schedules (loss up to 30 %, duplication up to 10 %, crashes,
    /// partitions, pauses) during a join and a leave, with reads through a router: the
    /// invariants hold after every event, every routed read finds its key, and after
    /// healing (links repaired, every node restarted) all moves and reads finish.
    #[test]
    fn no_key_is_lost_or_served_twice_under_random_faults(seed in any::<u64>(), manual in any::<bool>()) {
        let mut w = world(seed, manual);
        let mut rng = ddia_core::sim::SimRng::new(seed);
        let mix = FaultMix { duration_us: 8_000_000, actions: 40, ..FaultMix::default() };
        for t in schedule(&mut rng, 5, &mix, |r| Request::Get(Key(r.range_inclusive(0, KEYS - 1)))) {
            w.schedule(t);
        }
        w.schedule(at(100_000, 0, Request::Join(3)));
        w.schedule(at(200_000, 0, Request::Approve));
        w.schedule(at(4_000_000, 0, Request::Leave(1)));
        w.schedule(at(4_100_000, 0, Request::Approve));
        w.schedule(Timed { at_us: 8_000_000, action: Action::Heal });
        w.schedule(Timed { at_us: 8_000_000, action: Action::SetLinks(LinkFaults::default()) });
        for n in 0..5 {
            w.schedule(Timed { at_us: 8_000_000, action: Action::Restart(n) });
        }
        w.schedule(at(8_100_000, 0, Request::Approve));
        for i in 0..40u64 {
            w.schedule(at(i * 250_000, ROUTER, Request::Route(Key((i * 37) % KEYS))));
        }
        w.run_until(SimTime::from_millis(30_000));
        prop_assert!(w.violation().is_none(), "{:?}", w.violation());
        prop_assert_eq!(settled(&w), Ok(()));
        let r = router(&w);
        prop_assert!(r.answered.iter().all(|a| a.found), "a routed read found no value");
        prop_assert!(r.pending.is_empty(), "{} routed reads never answered", r.pending.len());
        prop_assert_eq!(r.answered.len(), 40);
    }
}

/// Every unit of a handoff world is stored and served by its new owner only.
fn handed_over(
    w: &RebalanceWorld,
    plan: &[ddia_core::partition::rebalance::PlannedTransfer],
) -> Result<(), String> {
    let c = coordinator(w).ok_or("no coordinator")?;
    if !c.moves.is_empty() || !c.planned.is_empty() {
        return Err(format!("{} moves pending", c.moves.len() + c.planned.len()));
    }
    for (u, t) in (0u32..).zip(plan) {
        for (i, n) in w.nodes().iter().enumerate().skip(1) {
            let Member::Storage(s) = &n.process else {
                continue;
            };
            let mine = i == usize::try_from(t.to.0).unwrap();
            let held = s.store.get(&u).map_or(0, |k| k.len());
            if held != if mine { t.keys.len() } else { 0 } || s.serving.contains(&u) != mine {
                return Err(format!(
                    "unit {u} ({} -> {}) on N{i}: {held} keys",
                    t.from, t.to
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn a_lab_rebalance_runs_over_the_network() {
    let s = PartitionScenario {
        actions: vec![PartitionAction::AddNode],
        ..PartitionScenario::default()
    };
    let lab = PartitionLab::new(&s);
    let m = lab.session().last_move().unwrap();
    let plan = plan_of(m);
    assert_eq!(
        plan.iter().map(|t| t.keys.len()).sum::<usize>(),
        m.moves.len()
    );
    assert!(
        plan.iter().all(|t| t.to.0 == 5),
        "the ring moves keys only to N5"
    );
    let mut w = lab.handoff_world().unwrap();
    w.run_until(SimTime::from_millis(2_000));
    assert!(w.violation().is_none(), "{:?}", w.violation());
    handed_over(&w, &plan).unwrap();
    let Member::Storage(n5) = &w.nodes()[5].process else {
        panic!()
    };
    assert_eq!(n5.get(plan[0].keys[0]), Reply::Value(plan[0].keys[0]));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any strategy's add or remove, carried out over a faulty network (loss,
    /// duplication, delays, crashes mid-transfer): the invariants hold after every
    /// event, and once healed every moved key ends on its new owner only.
    #[test]
    fn any_strategys_rebalance_survives_random_faults(
        seed in any::<u64>(),
        kind in prop::sample::select(StrategyKind::ALL.to_vec()),
        remove in any::<bool>(),
    ) {
        let Some((mut w, plan)) = faulty_handoff(seed, kind, remove, 5_000_000, 30) else {
            return Ok(());
        };
        w.schedule(Timed { at_us: 5_000_000, action: Action::SetLinks(LinkFaults::default()) });
        w.run_until(SimTime::from_millis(20_000));
        prop_assert!(w.violation().is_none(), "{:?}", w.violation());
        prop_assert_eq!(handed_over(&w, &plan), Ok(()));
    }
}

/// `kind`'s add (or removal of node 2) carried out as a handoff over the network with
/// `actions` random faults until `heal_us`, then healed with every node restarted; `None`
/// if nothing moves. The world and its plan, not yet run.
fn faulty_handoff(
    seed: u64,
    kind: StrategyKind,
    remove: bool,
    heal_us: u64,
    actions: usize,
) -> Option<(
    RebalanceWorld,
    Vec<ddia_core::partition::rebalance::PlannedTransfer>,
)> {
    let action = if remove {
        PartitionAction::RemoveNode(2)
    } else {
        PartitionAction::AddNode
    };
    let s = PartitionScenario {
        strategy: kind,
        split_bytes: 4096,
        actions: vec![action],
        ..PartitionScenario::default()
    };
    let lab = PartitionLab::new(&s);
    let plan = plan_of(lab.session().last_move()?);
    let mut w = handoff_world(&plan, seed, LinkFaults::default(), (false, false));
    let nodes = w.nodes().len();
    let mut rng = ddia_core::sim::SimRng::new(seed);
    let mix = FaultMix {
        duration_us: heal_us,
        actions,
        ..FaultMix::default()
    };
    let get = |r: &mut ddia_core::sim::SimRng| Request::Get(Key(r.range_inclusive(0, 999)));
    for t in schedule(&mut rng, nodes, &mix, get) {
        w.schedule(t);
    }
    w.schedule(Timed {
        at_us: heal_us,
        action: Action::Heal,
    });
    for n in 0..nodes {
        w.schedule(Timed {
            at_us: heal_us,
            action: Action::Restart(n),
        });
    }
    Some((w, plan))
}

/// The units no storage node of `w` serves now (a crashed server still counts: it
/// serves again when it restarts).
fn unserved(w: &RebalanceWorld, units: usize) -> Vec<usize> {
    (0..units)
        .filter(|&u| {
            !w.nodes().iter().any(|n| match &n.process {
                Member::Storage(s) => s.serving.contains(&u32::try_from(u).unwrap()),
                _ => false,
            })
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// DDIA ch. 6, "Rebalancing Partitions": the database keeps accepting reads while
    /// it rebalances. After every event of any strategy's handoff, under loss,
    /// duplication, delays and crashes, every moved group has a node that serves it
    /// (the old owner until it is released, after the new owner is active).
    #[test]
    fn every_moved_group_is_served_at_every_moment(
        seed in any::<u64>(),
        kind in prop::sample::select(StrategyKind::ALL.to_vec()),
        remove in any::<bool>(),
    ) {
        let Some((mut w, plan)) = faulty_handoff(seed, kind, remove, 2_000_000, 20) else {
            return Ok(());
        };
        w.stop_checking();
        while w.now() < SimTime::from_millis(10_000) && w.step() {
            let gap = unserved(&w, plan.len());
            prop_assert!(gap.is_empty(), "at {}: units {:?} unserved", w.now().as_micros(), gap);
        }
        prop_assert_eq!(handed_over(&w, &plan), Ok(()));
    }
}
