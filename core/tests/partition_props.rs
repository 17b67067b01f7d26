//! Property tests of the partitioning strategies (DDIA ch. 6) over many seeds: every key
//! has exactly one owner under every strategy after every step, and an added node moves
//! what the book says it moves (consistent hashing about 1/(n+1) of the keys, within a
//! tolerance that shrinks with the vnode count; hash mod N about n/(n+1)).

use ddia_core::partition::{
    AnyPlacement, Key, KeySet, Movement, NodeId, Placement, PlacementConfig, Record, StrategyKind,
};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Step {
    /// Add a node with the next fresh id.
    Add,
    /// Remove the node at this index (mod the node count).
    Remove(usize),
    /// Store keys `from..from+n` (timestamps grow, so the last range grows).
    Insert { from: u64, n: u64, bytes: u32 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => Just(Step::Add),
        2 => any::<usize>().prop_map(Step::Remove),
        3 => (0..5_000u64, 1..200u64, 1..64u32).prop_map(|(from, n, bytes)| Step::Insert { from, n, bytes }),
    ]
}

fn kind() -> impl Strategy<Value = StrategyKind> {
    prop::sample::select(StrategyKind::ALL.to_vec())
}

/// Every key in exactly one partition's span; that partition is the one `locate`
/// names, its owner the one `locate` names, and that owner a node of the cluster.
fn check_one_owner(p: &AnyPlacement, keys: &KeySet) -> Result<(), TestCaseError> {
    let parts = p.partitions();
    for r in keys.records() {
        let holding: Vec<_> = parts.iter().filter(|q| q.span.contains(r.key)).collect();
        prop_assert_eq!(
            holding.len(),
            1,
            "{:?} is in {} partitions of {:?}",
            r.key,
            holding.len(),
            p.kind()
        );
        let (id, owner) = p.locate(r.key);
        prop_assert_eq!(holding[0].id, id);
        prop_assert_eq!(holding[0].owner, owner);
        prop_assert!(
            p.nodes().binary_search(&owner).is_ok(),
            "{} is not a node",
            owner
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_key_has_exactly_one_owner_after_every_step(
        kind in kind(),
        nodes in 1u32..8,
        vnodes in 1u32..16,
        partitions in 1u32..64,
        steps in proptest::collection::vec(step(), 1..20),
    ) {
        let config = PlacementConfig { kind, vnodes, partitions, split_bytes: 2_000, merge_bytes: 500 };
        let ids: Vec<NodeId> = (1..=nodes).map(NodeId).collect();
        let mut p = AnyPlacement::new(&config, &ids);
        let mut keys = KeySet::sequential(50, 8);
        p.fit(&keys);
        let mut next = nodes + 1;
        check_one_owner(&p, &keys)?;
        for s in steps {
            match s {
                Step::Add => {
                    if p.add_node(NodeId(next)).is_ok() {
                        next += 1;
                    }
                }
                Step::Remove(i) => {
                    let victim = p.nodes()[i % p.nodes().len()];
                    let _ = p.remove_node(victim);
                }
                Step::Insert { from, n, bytes } => {
                    for k in from..from + n {
                        keys.insert(Record { key: Key(k), bytes });
                    }
                }
            }
            p.fit(&keys);
            prop_assert!(!p.nodes().is_empty());
            check_one_owner(&p, &keys)?;
        }
    }
}

/// Keys measured in the movement properties.
const K: u64 = 20_000;

/// Five standard deviations of a fraction `p` measured over `K` keys.
fn sampling_slack(p: f64) -> f64 {
    5.0 * (p * (1.0 - p) / K as f64).sqrt()
}

/// The fraction of the keys that move when node `n + 1` joins nodes `1..=n` (ids
/// offset by `base`, so each case has other tokens), and the moves themselves.
fn add_one(config: &PlacementConfig, n: u32, base: u32) -> (f64, Movement, NodeId) {
    let ids: Vec<NodeId> = (1..=n).map(|i| NodeId(base + i)).collect();
    let before = AnyPlacement::new(config, &ids);
    let mut after = before.clone();
    let new = NodeId(base + n + 1);
    after.add_node(new).expect("room for one more node");
    let m = Movement::between(&before, &after, &KeySet::sequential(K, 1));
    (m.keys_moved() as f64 / K as f64, m, new)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Consistent hashing: adding a node to n moves about 1/(n+1) of the keys, all to
    /// the new node. The new node's share is the sum of `v` arcs of a ring of
    /// `(n+1)·v` random tokens, whose relative standard deviation is `1/sqrt(v)`; the
    /// tolerance is 5 of those, plus 5 standard deviations of sampling over K keys:
    /// `|moved - 1/(n+1)| <= 5/((n+1)·sqrt(v)) + 5·sqrt(p(1-p)/K)`.
    #[test]
    fn consistent_hashing_moves_about_one_over_n_plus_one(
        n in 2u32..20, vnodes in 16u32..160, base in 0u32..100_000,
    ) {
        let config = PlacementConfig { kind: StrategyKind::Ring, vnodes, ..PlacementConfig::default() };
        let (moved, m, new) = add_one(&config, n, base);
        let ideal = 1.0 / f64::from(n + 1);
        let tolerance = 5.0 * ideal / f64::from(vnodes).sqrt() + sampling_slack(ideal);
        prop_assert!((moved - ideal).abs() <= tolerance,
            "n={} v={}: moved {:.4}, ideal {:.4} ± {:.4}", n, vnodes, moved, ideal, tolerance);
        prop_assert!(m.moves.iter().all(|mv| mv.to == new), "a key moved between old nodes");
    }

    /// Hash mod N: a key stays only if `h mod n == h mod (n+1)`, i.e. `h mod n(n+1) < n`:
    /// a fraction 1/(n+1) stays and n/(n+1) moves (± 5 standard deviations over K keys).
    #[test]
    fn hash_mod_n_moves_about_n_over_n_plus_one(n in 2u32..40, base in 0u32..100_000) {
        let config = PlacementConfig { kind: StrategyKind::HashMod, ..PlacementConfig::default() };
        let (moved, _, _) = add_one(&config, n, base);
        let expected = f64::from(n) / f64::from(n + 1);
        prop_assert!((moved - expected).abs() <= sampling_slack(expected),
            "n={}: moved {:.4}, expected {:.4}", n, moved, expected);
    }

    /// Fixed partitions and partitions proportional to nodes move keys only to the new
    /// node; fixed moves whole partitions, so no key changes partition.
    #[test]
    fn partition_strategies_move_keys_only_to_the_new_node(
        n in 1u32..12, vnodes in 1u32..32, partitions in 12u32..500, base in 0u32..100_000,
    ) {
        for kind in [StrategyKind::Fixed, StrategyKind::Proportional] {
            let config = PlacementConfig { kind, vnodes, partitions, ..PlacementConfig::default() };
            let (moved, m, new) = add_one(&config, n, base);
            prop_assert!(m.moves.iter().all(|mv| mv.to == new), "{:?}", kind);
            prop_assert!(moved > 0.0, "{:?}: the new node got nothing", kind);
        }
    }
}
