//! Partitioning proportional to nodes (DDIA ch. 6, "Rebalancing Partitions",
//! "Partitioning proportionally to nodes"; Cassandra, Ketama): every node holds a fixed
//! number of partitions (arcs of the hash ring). A new node "randomly chooses a fixed
//! number of existing partitions to split, and then takes ownership of one half of each
//! of those split partitions while leaving the other half of each partition in place";
//! so the partition count grows with the cluster and partition sizes stay stable. The
//! choice is seeded (hashed from the new node's id), so a run replays exactly. A
//! removed node's arcs go to the next token clockwise.

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
    /// `node` splits: drawn by seeded ring positions, so a partition is picked with a
    /// chance proportional to its size; after `DRAWS_PER_PICK × per_node` draws, the
    /// largest of the rest.
    fn pick(&self, node: NodeId, old: &[Span]) -> Vec<usize> {
        let want = old.len().min(super::to_usize(self.per_node));
        let mut picked: Vec<usize> = Vec::new();
        let draws = self.per_node.saturating_mul(DRAWS_PER_PICK);
        for draw in 0..draws {
            if picked.len() == want {
                break;
            }
            let i = self.ring.owner_index(vnode_token(node, draw)).unwrap_or(0);
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        let rest: Vec<usize> = (0..old.len()).filter(|i| !picked.contains(i)).collect();
        // Longest span first (ties in index order).
        let rest = super::order::sorted_by(rest, |&i| u64::MAX - span_len(old[i]));
        picked.extend(rest.into_iter().take(want - picked.len()));
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
        for i in self.pick(node, &old) {
            if let Some(mid) = midpoint(old[i]) {
                self.ring.insert(mid, node);
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
    fn a_new_node_takes_half_of_the_partitions_it_splits_and_nothing_else_moves() {
        let nodes: Vec<NodeId> = (1..=4).map(NodeId).collect();
        let before = Proportional::new(&nodes, 8);
        let mut after = before.clone();
        after.add_node(NodeId(5)).unwrap();
        assert_eq!(after.partitions().len(), 40);
        let keys = KeySet::sequential(20_000, 1);
        let m = Movement::between(&before, &after, &keys);
        assert!(m.moves.iter().all(|mv| mv.to == NodeId(5)));
        // Half of 8 partitions of 32: about 1/8 of the keys; the split partitions are
        // picked by size, so allow 1/16 to 1/4.
        assert!(
            (1_250..=5_000).contains(&m.moves.len()),
            "{}",
            m.moves.len()
        );
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
