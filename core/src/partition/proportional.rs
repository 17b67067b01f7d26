//! Partitioning proportional to nodes (DDIA ch. 6, "Rebalancing Partitions",
//! "Partitioning proportionally to nodes"; Cassandra, Ketama): every node holds a fixed
//! number of partitions (arcs of the hash ring). A new node "randomly chooses a fixed
//! number of existing partitions to split, and then takes ownership of one half of each
//! of those split partitions while leaving the other half of each partition in place";
//! so the partition count grows with the cluster and partition sizes stay stable.
//!
//! As in Cassandra, the split point is random: a partition is chosen by a random ring
//! position (its new token), so with a chance proportional to its size, and the new node
//! takes the part of it up to that position, half of it on average. Over its partitions
//! the new node then takes a fair share, about 1/(n+1) of the keys, as the book says.
//! Splitting at the exact midpoint would not: once the partitions are of similar sizes
//! the new node would take about half of a fair share. The draws are seeded (hashed
//! from the new node's id), so a run replays exactly. A removed node's arcs go to the
//! next token clockwise.

use alloc::vec::Vec;

use super::hash::vnode_token;
use super::placement::{check_new, check_removable, node_list};
use super::tokens::{arc_len, TokenRing};
use super::{
    Key, NodeId, PartitionId, PartitionInfo, Placement, PlacementError, Span, StrategyKind,
};

/// Partitions proportional to nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proportional {
    nodes: Vec<NodeId>,
    per_node: u32,
    ring: TokenRing,
}

/// Ring positions drawn per partition to pick before falling back to the largest.
const DRAWS_PER_PICK: u32 = 16;

/// An arc's length (the whole ring as `u64::MAX`).
fn span_len(span: Span) -> u64 {
    match span {
        Span::Arc { after, upto } => arc_len(after, upto).unwrap_or(u64::MAX),
        _ => 0,
    }
}

/// The middle of the arc `(after, upto]` (a new token there takes its first half), or
/// `None` if the arc is too short to split.
fn midpoint(span: Span) -> Option<u64> {
    let Span::Arc { after, upto } = span else {
        return None;
    };
    let half = arc_len(after, upto).map_or(1u64 << 63, |len| len / 2);
    (half > 0).then(|| after.wrapping_add(half))
}

/// Where the arc `span` is split for a new node's token: at the drawn position `at` if
/// it falls strictly inside the arc (the new node takes the part up to it), else at the
/// middle ([`midpoint`]); `None` if the arc is too short to split.
fn split_point(span: Span, at: Option<u64>) -> Option<u64> {
    let Span::Arc { after, upto } = span else {
        return None;
    };
    // Lengths clockwise from `after` (the whole ring, a one-token arc, as the longest).
    let len = |to: u64| arc_len(after, to).unwrap_or(u64::MAX);
    match at {
        Some(at) if at != after && at != upto && len(at) < len(upto) => Some(at),
        _ => midpoint(span),
    }
}

impl Proportional {
    /// `nodes` (sorted and deduplicated; none gets `N1`), the first with `per_node`
    /// (at least 1) hashed tokens, each later one splitting `per_node` partitions.
    pub fn new(nodes: &[NodeId], per_node: u32) -> Self {
        let ids = node_list(nodes, usize::MAX);
        let per_node = per_node.max(1);
        let mut p = Proportional {
            nodes: alloc::vec![ids[0]],
            per_node,
            ring: TokenRing::default(),
        };
        for v in 0..per_node {
            p.ring.insert(vnode_token(ids[0], v), ids[0]);
        }
        for &n in &ids[1..] {
            // Fresh, distinct ids: cannot fail.
            let _ = p.add_node(n);
        }
        p
    }

    /// The tokens, `(position, owner)` clockwise from 0.
    pub fn tokens(&self) -> &[(u64, NodeId)] {
        self.ring.tokens()
    }

    /// The `per_node` distinct partitions of `old` (the arcs before `node` joins) that
    /// `node` splits, each with where: drawn by seeded ring positions, so a partition is
    /// picked with a chance proportional to its size and split at the drawn position;
    /// after `DRAWS_PER_PICK × per_node` draws, the largest of the rest, split in half.
    fn pick(&self, node: NodeId, old: &[Span]) -> Vec<(usize, Option<u64>)> {
        let want = old.len().min(super::to_usize(self.per_node));
        let mut picked: Vec<(usize, Option<u64>)> = Vec::new();
        let draws = self.per_node.saturating_mul(DRAWS_PER_PICK);
        for draw in 0..draws {
            if picked.len() == want {
                break;
            }
            let at = vnode_token(node, draw);
            let i = self.ring.owner_index(at).unwrap_or(0);
            if !picked.iter().any(|p| p.0 == i) {
                picked.push((i, Some(at)));
            }
        }
        let rest: Vec<usize> = (0..old.len())
            .filter(|i| !picked.iter().any(|p| p.0 == *i))
            .collect();
        // Longest span first (ties in index order).
        let rest = super::order::sorted_by(rest, |&i| u64::MAX - span_len(old[i]));
        picked.extend(
            rest.into_iter()
                .take(want - picked.len())
                .map(|i| (i, None)),
        );
        picked
    }

    /// Partitions per node.
    pub fn per_node(&self) -> u32 {
        self.per_node
    }
}

impl Placement for Proportional {
    fn kind(&self) -> StrategyKind {
        StrategyKind::Proportional
    }

    fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    fn partitions(&self) -> Vec<PartitionInfo> {
        self.ring.partitions()
    }

    fn locate(&self, key: Key) -> (PartitionId, NodeId) {
        self.ring.locate(key)
    }

    fn add_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        let at = check_new(&self.nodes, node)?;
        self.nodes.insert(at, node);
        let old: Vec<Span> = (0..self.ring.tokens().len())
            .map(|i| self.ring.arc(i))
            .collect();
        for (i, at) in self.pick(node, &old) {
            if let Some(split) = split_point(old[i], at) {
                self.ring.insert(split, node);
            }
        }
        Ok(())
    }

    fn remove_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        let at = check_removable(&self.nodes, node)?;
        self.nodes.remove(at);
        self.ring.remove_node(node);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partition::{KeySet, Movement};

    #[test]
    fn every_node_holds_the_same_number_of_partitions() {
        let nodes: Vec<NodeId> = (1..=5).map(NodeId).collect();
        let p = Proportional::new(&nodes, 8);
        assert_eq!(p.partitions().len(), 40);
        for n in &nodes {
            assert_eq!(p.tokens().iter().filter(|t| t.1 == *n).count(), 8);
        }
    }

    #[test]
    fn a_new_node_takes_part_of_the_partitions_it_splits_and_nothing_else_moves() {
        let nodes: Vec<NodeId> = (1..=4).map(NodeId).collect();
        let before = Proportional::new(&nodes, 8);
        let mut after = before.clone();
        after.add_node(NodeId(5)).unwrap();
        assert_eq!(after.partitions().len(), 40);
        let keys = KeySet::sequential(20_000, 1);
        let m = Movement::between(&before, &after, &keys);
        assert!(m.moves.iter().all(|mv| mv.to == NodeId(5)));
        assert!(!m.moves.is_empty());
    }

    /// play16d W1: the book's "ends up taking a fair share of the load". Averaged over
    /// the 9th to the 24th node, each new node takes about 1/(n+1) of the keys (a
    /// midpoint split took about two thirds of that).
    #[test]
    fn a_new_node_takes_a_fair_share_on_average() {
        let keys = KeySet::sequential(20_000, 1);
        let mut p = Proportional::new(&[NodeId(1)], 32);
        let mut ratio_sum = 0.0;
        for n in 2..=24u32 {
            let before = p.clone();
            p.add_node(NodeId(n)).unwrap();
            let moved = Movement::between(&before, &p, &keys).moves.len() as f64;
            if n > 8 {
                ratio_sum += moved / (20_000.0 / f64::from(n));
            }
        }
        let mean = ratio_sum / 16.0;
        assert!((0.85..=1.25).contains(&mean), "{mean}× the fair share");
    }

    #[test]
    fn a_split_is_at_the_drawn_point_inside_the_arc_or_in_the_middle() {
        let arc = Span::Arc {
            after: 10,
            upto: 110,
        };
        assert_eq!(split_point(arc, Some(30)), Some(30));
        assert_eq!(
            split_point(arc, Some(110)),
            Some(60),
            "on its token: halves"
        );
        assert_eq!(split_point(arc, Some(200)), Some(60), "outside: halves");
        assert_eq!(split_point(arc, None), Some(60));
        let whole = Span::Arc { after: 7, upto: 7 };
        assert_eq!(split_point(whole, Some(3)), Some(3));
    }

    #[test]
    fn a_one_token_ring_splits_in_half() {
        assert_eq!(midpoint(Span::Arc { after: 0, upto: 0 }), Some(1 << 63));
        assert_eq!(
            midpoint(Span::Arc {
                after: u64::MAX,
                upto: 1
            }),
            Some(0)
        );
        assert_eq!(midpoint(Span::Arc { after: 4, upto: 5 }), None);
    }
}
