//! Request routing over the network during a rebalance (DDIA ch. 6, "Request
//! Routing"): reads routed three ways (any node forwards, a routing tier, a
//! partition-aware client) while partitions move, under random loss, duplication,
//! delays and crashes. Every read ends: answered by the node that served the key's
//! partition at that moment (never by one that did not hold it), or, only for the
//! partition-aware client, with its "not mine" error.

use ddia_core::partition::lab::PartitionLab;
use ddia_core::partition::rebalance::{
    handoff_world, plan_of, Member, Note, ReadEnd, RebalanceWorld, Request,
};
use ddia_core::partition::routing::RoutingMode;
use ddia_core::partition::scenario::{PartitionAction, PartitionScenario};
use ddia_core::partition::{Key, StrategyKind};
use ddia_core::sim::chaos::{schedule, FaultMix};
use ddia_core::sim::{Action, Event, LinkFaults, SimTime, Timed};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Replays the trace: each `Answered` note comes from a node serving that partition
/// then (its first owner, or a node since its `Serving` note and before `HandedOff`).
fn answers_come_from_servers(w: &RebalanceWorld, first: &[usize]) -> Result<usize, String> {
    let mut serving: BTreeSet<(u32, usize)> = BTreeSet::new();
    serving.extend((0u32..).zip(first.iter().copied()));
    let mut answers = 0;
    for r in w.trace().recent() {
        if let Event::Note { node, note } = &r.event {
            match *note {
                Note::Serving { p } => {
                    serving.insert((p, *node));
                }
                Note::HandedOff { p } => {
                    serving.remove(&(p, *node));
                }
                Note::Answered { p } if !serving.contains(&(p, *node)) => {
                    return Err(format!("N{node} answered for unit {p} at {}", r.at));
                }
                Note::Answered { .. } => answers += 1,
                Note::Flipped { .. } => {}
            }
        }
    }
    Ok(answers)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_read_during_a_rebalance_ends_at_the_owner_or_in_the_clients_error(
        seed in any::<u64>(),
        kind in prop::sample::select(StrategyKind::ALL.to_vec()),
        reads in prop::collection::vec((any::<u16>(), 0usize..3, 0u64..150_000), 1..8),
    ) {
        let s = PartitionScenario {
            strategy: kind,
            split_bytes: 4096,
            actions: vec![PartitionAction::AddNode],
            ..PartitionScenario::default()
        };
        let lab = PartitionLab::new(&s);
        let Some(m) = lab.session().last_move() else { return Ok(()) };
        let plan = plan_of(m);
        if plan.is_empty() {
            return Ok(());
        }
        let mut w = handoff_world(&plan, seed, LinkFaults::default(), (false, true));
        w.set_trace_capacity(1 << 20);
        let nodes = w.nodes().len();
        let client = nodes - 1;
        for &(pick, mode, at_us) in &reads {
            let unit = usize::from(pick) % plan.len();
            let keys = &plan[unit].keys;
            let key = keys[usize::from(pick) % keys.len()];
            let request = Request::Read { key, unit: unit as u32, mode: RoutingMode::ALL[mode] };
            w.schedule(Timed { at_us, action: Action::Client { node: client, request } });
        }
        let mut rng = ddia_core::sim::SimRng::new(seed);
        let mix = FaultMix { duration_us: 3_000_000, actions: 30, ..FaultMix::default() };
        for t in schedule(&mut rng, nodes, &mix, |r| Request::Get(Key(r.range_inclusive(0, 999)))) {
            w.schedule(t);
        }
        w.schedule(Timed { at_us: 3_000_000, action: Action::Heal });
        w.schedule(Timed { at_us: 3_000_000, action: Action::SetLinks(LinkFaults::default()) });
        for n in 0..nodes {
            w.schedule(Timed { at_us: 3_000_000, action: Action::Restart(n) });
        }
        w.run_until(SimTime::from_millis(20_000));
        prop_assert!(w.violation().is_none(), "{:?}", w.violation());
        let Member::Client(c) = &w.nodes()[client].process else { panic!("no client") };
        prop_assert!(c.pending.is_empty(), "reads never ended: {:?}", c.pending);
        // A read sent while the client was down never started (the kernel refused it).
        let started = w.trace().recent().filter(|r| matches!(&r.event,
            Event::ClientRequest { node, request: Request::Read { .. } } if *node == client)).count();
        prop_assert_eq!(c.done.len(), started);
        for d in &c.done {
            match d.end {
                ReadEnd::Answered { found, forwards, via, by, .. } => {
                    prop_assert!(found, "{d:?} lost the key");
                    // hp11 H7: a forwarded read names the storage node that passed it on.
                    if forwards > 0 {
                        prop_assert!(via != by && via != client, "{d:?}");
                    }
                }
                ReadEnd::Error { .. } => prop_assert_eq!(d.read.mode, RoutingMode::Client),
            }
        }
        let first: Vec<usize> = plan.iter().map(|t| t.from.0 as usize).collect();
        let answered = c.done.iter().filter(|d| matches!(d.end, ReadEnd::Answered { .. })).count();
        let answers = answers_come_from_servers(&w, &first);
        prop_assert!(answers.as_ref().is_ok_and(|&a| a >= answered), "{:?} for {} answered", answers, answered);
    }
}

/// hp11 H7: in the stale-route scenario's handoff, the node asked under "any node
/// forwards" does not serve the key any more: it says "not mine" and forwards the read
/// to the new owner, and the event log's line names both, from the answer's message.
#[test]
fn a_forwarding_node_says_not_mine_and_names_where_it_forwards() {
    use ddia_core::link::LabLink;
    let mut lab = PartitionLab::new(&PartitionScenario::from_query("scn=stale-route").unwrap());
    lab.finish();
    let mut w = lab.handoff_world().expect("a handoff");
    w.run_until(SimTime::from_millis(20_000));
    let client = w.nodes().len() - 1;
    let Member::Client(c) = &w.nodes()[client].process else {
        panic!("no client")
    };
    let any: Vec<_> = c
        .done
        .iter()
        .filter(|d| d.read.mode == RoutingMode::AnyNode)
        .collect();
    assert_eq!(any.len(), 1, "{any:?}");
    let ReadEnd::Answered {
        by,
        forwards: 1,
        via,
        ..
    } = any[0].end
    else {
        panic!("not forwarded once: {:?}", any[0]);
    };
    assert_eq!(via, any[0].read.asked, "one forward: by the node asked");
    assert_ne!(via, by);
    let line = any[0].describe(|n| format!("N{n}"));
    let said = format!("N{via}: not mine, forwards to N{by}");
    assert!(line.contains(&said), "{line}");
}
