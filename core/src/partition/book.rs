//! Named book scenarios of the partitioning lab (DDIA ch. 6), each with a caption, the
//! outcome to expect, and a check of that outcome on the lab's state (run by the
//! native tests and shown live on the page). A scenario opens before its first action.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::hash::{at_degrees, key_hash};
use super::lab::{percent, PartitionLab};
use super::rebalance::{ReadDone, ReadEnd};
use super::routing::{Outcome, RoutingMode};
use super::scenario::{Dist, PartitionAction, PartitionScenario};
use super::{Key, NodeId, Placement, StrategyKind};
use crate::book::{ensure, BookScenario};

/// A named scenario of the partitioning lab.
pub type PartitionBookScenario = BookScenario<PartitionScenario, PartitionLab>;

/// The named scenarios.
pub const BOOK: &[PartitionBookScenario] = &[
    BookScenario {
        name: "mod-vs-ring",
        title: "Hash mod N vs a ring, 10 → 11 nodes",
        caption: "DDIA ch. 6, \"Rebalancing Partitions\": \"How not to do it: hash mod N\". \
                  10,000 keys on 10 nodes; an 11th node joins. With hash(key) mod N almost \
                  every key changes node, because N changed; with consistent hashing (32 \
                  vnodes per node) and with fixed partitions only the new node's share moves. \
                  All five strategies run side by side on the same keys.",
        expected: "Hash mod N moves about 10/11 (91%) of the keys; consistent hashing and \
                   fixed partitions move about 1/11 (9%), every one of them to the new node.",
        build: mod_vs_ring,
        check: check_mod_vs_ring,
    },
    BookScenario {
        name: "ring-60",
        title: "A node joins the ring at 60°",
        caption: "Consistent hashing (DDIA ch. 6, \"Partitioning by Hash of Key\"): nodes N1, \
                  N2, N3 hold one token each, at 0°, 120° and 240°, and each key belongs to \
                  the first token clockwise from its hash, so N2 holds every key in (0°, \
                  120°]. N4 joins with one token at 60°.",
        expected: "Every key whose hash lies in (0°, 60°] moves from N2 to N4, and no other \
                   key moves (not only the keys just below 60°).",
        build: ring_60,
        check: check_ring_60,
    },
    BookScenario {
        name: "celebrity",
        title: "A celebrity key, then salting",
        caption: "DDIA ch. 6, \"Skewed Workloads and Relieving Hot Spots\": one key (k0, a \
                  celebrity) gets 30% of 2,000 requests on 5 nodes, 90% of them writes, so \
                  hashing cannot spread it: its node is a hot spot. Then the key is salted \
                  with 8 sub-keys (a random suffix): writes spread over 8 keys on several \
                  nodes, but every read of the celebrity must now read all 8 and combine \
                  them. Salting pays only for keys hot for writes: with many reads the \
                  fan-out can load the busiest node more than before.",
        expected: "Before salting the busiest node takes over 35% of the keys touched (20% \
                   would be even); the same 2,000 requests after salting give it fewer keys \
                   to touch, and each read of k0 fans out to 8 sub-keys.",
        build: celebrity,
        check: check_celebrity,
    },
    BookScenario {
        name: "timestamps",
        title: "Timestamp keys on key ranges",
        caption: "DDIA ch. 6, \"Partitioning by Key Range\": keys that are timestamps grow \
                  monotonically, so with key-range partitioning every write goes to the \
                  partition holding the newest keys, on one node, while the others idle. Once \
                  the batch is stored, the grown range splits (dynamic partitioning) and its \
                  parts may move to other nodes; the per-node load keeps each write on the \
                  node that took it.",
        expected: "All 1,000 writes of the batch land in one partition on one node; the \
                   growing range then splits.",
        build: timestamps,
        check: check_timestamps,
    },
    BookScenario {
        name: "stale-route",
        title: "A read during a rebalance with a stale routing table",
        caption: "DDIA ch. 6, \"Request Routing\": N5 joins and takes over some keys, and \
                  the coordination service's table becomes version 2. A key that moved is \
                  read three ways: through any node (which forwards), through a routing tier \
                  and by a partition-aware client, whose copies of the table are still \
                  version 1. \"Over the network\" replays the reads as the old owner \
                  releases the key (it served it until then), before the service's \
                  notification reaches the tables.",
        expected: "Any node forwards the read to the owner; the tier's stale table reaches \
                   the old owner, which answers \"not mine\", so the tier fetches version 2 \
                   and retries; the client's read fails with an error and the client fetches \
                   version 2, so its second read goes straight to N5. The same over the \
                   network.",
        build: stale_route,
        check: check_stale_route,
    },
    BookScenario {
        name: "secondary-index",
        title: "Local vs global secondary index",
        caption: "DDIA ch. 6, \"Partitioning and Secondary Indexes\": documents are \
                  partitioned by id over 8 nodes, each with two terms (say, colours). A local \
                  index lives beside each partition's documents, so a read by term must ask \
                  every partition (scatter/gather) and waits for the slowest; a global index \
                  is partitioned by term, so a read asks one partition, but a write updates \
                  the index partitions of its terms too, asynchronously (50 ms later). One \
                  partition answer in 100 is slow (a GC pause). Percentiles are nearest-rank.",
        expected: "Local reads touch all 8 partitions and their p95 is a slow answer; global \
                   reads touch one, writes touch more than two, and the reads right after a \
                   write miss it: its index entries arrive 50 ms later.",
        build: secondary_index,
        check: check_secondary_index,
    },
];

fn at_start(s: PartitionScenario) -> PartitionScenario {
    PartitionScenario {
        position: Some(0),
        ..s
    }
}

fn mod_vs_ring() -> PartitionScenario {
    at_start(PartitionScenario {
        strategy: StrategyKind::HashMod,
        nodes: 10,
        vnodes: 32,
        partitions: 1000,
        keys: 10_000,
        actions: vec![PartitionAction::AddNode],
        ..PartitionScenario::default()
    })
}

/// The share of keys `kind` moved on the last change, and whether all went to the new
/// node; `Err` before the change.
fn moved(lab: &PartitionLab, kind: StrategyKind) -> Result<(u64, u64, bool), String> {
    let m = lab
        .session_of(kind)
        .last_move()
        .ok_or_else(|| String::from("the run has added no node"))?;
    let new = *lab
        .session_of(kind)
        .placement()
        .nodes()
        .last()
        .unwrap_or(&NodeId(0));
    Ok((
        m.keys_moved(),
        m.keys_total,
        m.moves.iter().all(|mv| mv.to == new),
    ))
}

fn check_mod_vs_ring(lab: &PartitionLab) -> Result<(), String> {
    let (m, total, _) = moved(lab, StrategyKind::HashMod)?;
    ensure(m * 100 >= total * 85, || {
        format!("hash mod N moved only {}", percent(m, total))
    })?;
    for kind in [StrategyKind::Ring, StrategyKind::Fixed] {
        let (m, total, to_new) = moved(lab, kind)?;
        ensure(m * 100 <= total * 15 && m > 0 && to_new, || {
            format!(
                "{} moved {}, not about 9% to the new node",
                kind.name(),
                percent(m, total)
            )
        })?;
    }
    Ok(())
}

fn ring_60() -> PartitionScenario {
    at_start(PartitionScenario {
        strategy: StrategyKind::Ring,
        tokens: vec![0, 120, 240],
        keys: 3_600,
        actions: vec![PartitionAction::AddNodeAt(60)],
        ..PartitionScenario::default()
    })
}

fn check_ring_60(lab: &PartitionLab) -> Result<(), String> {
    let s = lab.session_of(StrategyKind::Ring);
    let m = s
        .last_move()
        .ok_or_else(|| String::from("the run has added no node to the ring"))?;
    let in_arc = |k: Key| (1..=at_degrees(60)).contains(&key_hash(k));
    let expected = s.keys().records().iter().filter(|r| in_arc(r.key)).count();
    ensure(m.moves.len() == expected, || {
        format!("{} keys moved; (0°, 60°] holds {expected}", m.moves.len())
    })?;
    ensure(
        m.moves
            .iter()
            .all(|mv| in_arc(mv.key) && mv.from == NodeId(2) && mv.to == NodeId(4)),
        || String::from("a key outside (0°, 60°] moved, or not from N2 to N4"),
    )
}

fn celebrity() -> PartitionScenario {
    at_start(PartitionScenario {
        strategy: StrategyKind::HashMod,
        nodes: 5,
        dist: Dist::Celebrity,
        hot_pct: 30,
        writes_pct: 90,
        actions: vec![
            PartitionAction::Requests(2_000),
            PartitionAction::Salt(8),
            PartitionAction::Requests(2_000),
        ],
        ..PartitionScenario::default()
    })
}

/// The busiest node's touches in a batch.
fn busiest(b: &super::lab::Batch) -> u64 {
    b.per_node.iter().map(|p| p.1).max().unwrap_or(0)
}

/// The busiest node's share of a batch's touches, per mille.
fn busiest_permille(b: &super::lab::Batch) -> u64 {
    (busiest(b) * 1000).checked_div(b.touches).unwrap_or(0)
}

fn check_celebrity(lab: &PartitionLab) -> Result<(), String> {
    let [before, after] = lab.batches() else {
        return Err(String::from(
            "the run does not have exactly two batches of requests",
        ));
    };
    ensure(busiest_permille(before) > 350, || {
        format!(
            "before salting the busiest node took only {}‰",
            busiest_permille(before)
        )
    })?;
    // The same number of requests: the busiest node must do less work, not just take
    // a smaller share of a larger total.
    ensure(
        after.requests == before.requests && busiest(after) < busiest(before),
        || {
            format!(
                "salting did not relieve the busiest node: {} keys touched before, {} after",
                busiest(before),
                busiest(after)
            )
        },
    )?;
    ensure(
        after.fanout == 8 && after.hot_reads > 0 && after.touches > after.requests,
        || String::from("reads of k0 do not fan out to 8 sub-keys"),
    )
}

fn timestamps() -> PartitionScenario {
    at_start(PartitionScenario {
        strategy: StrategyKind::KeyRange,
        dist: Dist::Timestamps,
        actions: vec![PartitionAction::Requests(1_000)],
        ..PartitionScenario::default()
    })
}

fn check_timestamps(lab: &PartitionLab) -> Result<(), String> {
    let b = lab
        .batches()
        .first()
        .ok_or_else(|| String::from("the run has no batch of writes"))?;
    ensure(
        b.busiest_partition == b.requests && busiest_permille(b) == 1000,
        || {
            format!(
                "the busiest partition took {} of {} writes",
                b.busiest_partition, b.requests
            )
        },
    )?;
    ensure(
        lab.log()
            .iter()
            .any(|l| l.text.starts_with("the key ranges split")),
        || String::from("the growing range has not split"),
    )
}

fn secondary_index() -> PartitionScenario {
    at_start(PartitionScenario {
        strategy: StrategyKind::HashMod,
        nodes: 8,
        actions: vec![PartitionAction::Index(2_000)],
        ..PartitionScenario::default()
    })
}

fn check_secondary_index(lab: &PartitionLab) -> Result<(), String> {
    let (local, global) = lab
        .index_reports()
        .ok_or_else(|| String::from("the run has no index workload"))?;
    ensure(local.read_partitions == 8 * u64::from(local.reads), || {
        String::from("a local read did not ask all 8 partitions")
    })?;
    ensure(global.read_partitions == u64::from(global.reads), || {
        String::from("a global read asked more than one partition")
    })?;
    ensure(
        global.write_partitions > 2 * u64::from(global.writes),
        || String::from("global writes touched no more than their own partition"),
    )?;
    ensure(local.p50_p95_p99_us.1 > 5 * global.p50_p95_p99_us.1, || {
        format!(
            "local p95 {} µs is not far above global p95 {} µs",
            local.p50_p95_p99_us.1, global.p50_p95_p99_us.1
        )
    })?;
    ensure(global.stale_reads > 0 && local.stale_reads == 0, || {
        String::from("no read right after a write missed the asynchronous global index")
    })
}

fn stale_route() -> PartitionScenario {
    let base = PartitionScenario {
        strategy: StrategyKind::Ring,
        routing: RoutingMode::Client,
        actions: vec![PartitionAction::AddNode],
        ..PartitionScenario::default()
    };
    let key = PartitionLab::new(&base)
        .session()
        .last_move()
        .and_then(|m| m.moves.first())
        .map_or(0, |mv| mv.key.0);
    at_start(PartitionScenario {
        routing: RoutingMode::AnyNode,
        actions: vec![
            PartitionAction::AddNode,
            PartitionAction::Read(key),
            PartitionAction::Route(RoutingMode::Tier),
            PartitionAction::Read(key),
            PartitionAction::Route(RoutingMode::Client),
            PartitionAction::Read(key),
            PartitionAction::Read(key),
        ],
        ..base
    })
}

fn check_stale_route(lab: &PartitionLab) -> Result<(), String> {
    let [any, tier, client, again] = lab.routes() else {
        return Err(String::from("the run does not have exactly four reads"));
    };
    ensure(any.outcome == Outcome::Forwarded, || {
        String::from("the node asked did not forward the read")
    })?;
    ensure(
        tier.outcome == Outcome::Retried && tier.asked != tier.owner,
        || String::from("the tier's read did not hit the old owner and retry"),
    )?;
    ensure(
        client.outcome == Outcome::Failed && client.asked != client.owner,
        || String::from("the client's read did not hit the old owner and fail"),
    )?;
    ensure(
        again.outcome == Outcome::Served && again.owner == NodeId(5),
        || String::from("the client's second read did not go straight to N5"),
    )?;
    check_stale_route_net(&lab.network_reads())
}

/// The same four reads over the network, each sent as the old owner releases the key
/// (N5 is sim node 5): any node forwards it to N5, the tier gets "not mine" and
/// retries at N5, the client's first read is an error and its second goes to N5.
fn check_stale_route_net(done: &[ReadDone]) -> Result<(), String> {
    let ends = |m: RoutingMode| -> Vec<ReadEnd> {
        done.iter()
            .filter(|d| d.read.mode == m)
            .map(|d| d.end)
            .collect()
    };
    // Answered by N5 with the key, after forwards (or not) and "not mine" (or not).
    let at_n5 = |e: &ReadEnd, fwd: bool, stale: bool| {
        matches!(*e, ReadEnd::Answered { by: 5, found: true, forwards, not_mine, .. }
            if (forwards > 0) == fwd && (not_mine > 0) == stale)
    };
    ensure(
        matches!(&ends(RoutingMode::AnyNode)[..], [a] if at_n5(a, true, false)),
        || String::from("over the network, no node forwarded the read to N5"),
    )?;
    ensure(
        matches!(&ends(RoutingMode::Tier)[..], [t] if at_n5(t, false, true)),
        || String::from("over the network, the tier did not get \"not mine\" and retry at N5"),
    )?;
    ensure(
        matches!(&ends(RoutingMode::Client)[..], [ReadEnd::Error { .. }, c] if at_n5(c, false, false)),
        || String::from("over the network, the client's read did not fail, then go to N5"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Over the network each read is sent as the old owner releases the key, before
    /// the notification reaches the tables: the stale tables then hit the old owner,
    /// and the outcome depends on who routes (a lab whose reads came before the
    /// rebalance shows none of it).
    #[test]
    fn the_stale_route_reads_over_the_network_hit_the_released_old_owner() {
        let b = BOOK.iter().find(|b| b.name == "stale-route").unwrap();
        let mut lab = PartitionLab::new(&b.scenario());
        lab.finish();
        let done = lab.network_reads();
        assert_eq!(done.len(), 4, "{done:?}");
        assert_eq!(check_stale_route_net(&done), Ok(()), "{done:?}");
        let old = lab.handoff_plan()[usize::try_from(done[0].read.unit).unwrap()].from;
        assert!(
            done.iter().any(|d| d.end
                == ReadEnd::Error {
                    by: super::super::to_usize(old.0)
                }),
            "the client's error comes from the old owner {old:?}: {done:?}"
        );
        assert!(check_stale_route_net(&done[..3]).is_err());
    }

    #[test]
    fn every_scenario_opens_unmet_and_plays_to_its_outcome() {
        for b in BOOK {
            let s = b.scenario();
            let mut lab = PartitionLab::new(&s);
            assert_eq!(lab.done(), 0, "{} opens before its first action", b.name);
            assert!(b.check(&lab).is_err(), "{} is met before it starts", b.name);
            lab.finish();
            assert_eq!(lab.violation(), None, "{}", b.name);
            assert_eq!(b.check(&lab), Ok(()), "{}", b.name);
        }
    }
}
