//! A fixed number of partitions (DDIA ch. 6, "Rebalancing Partitions", "Fixed number of
//! partitions"; Riak, Elasticsearch, Couchbase, Voldemort): the hash space is cut once
//! into `P` equal arcs, many more than nodes, and only whole partitions move between
//! nodes: a key never changes partition, only its partition's owner changes. A cluster
//! can grow to at most `P` nodes.

use alloc::vec::Vec;

use super::hash::key_hash;
use super::owners::{join, leave, round_robin};
use super::placement::node_list;
use super::{
    to_u32, to_usize, Key, NodeId, PartitionId, PartitionInfo, Placement, PlacementError, Span,
    StrategyKind,
};

/// Fixed partitions over nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    nodes: Vec<NodeId>,
    /// Owner of each partition.
    owners: Vec<NodeId>,
}

/// The last ring position of partition `i` of `p`: `ceil((i+1) * 2^64 / p) - 1`.
fn upto(i: u32, p: u32) -> u64 {
    let end = ((u128::from(i) + 1) << 64).div_ceil(u128::from(p.max(1)));
    u64::try_from(end - 1).unwrap_or(u64::MAX)
}

/// The partition of `key` among `partitions` equal arcs: `floor(hash * P / 2^64)`.
pub fn fixed_partition(key: Key, partitions: u32) -> u32 {
    let i = (u128::from(key_hash(key)) * u128::from(partitions.max(1))) >> 64;
    u32::try_from(i).unwrap_or(0)
}

impl Fixed {
    /// `partitions` partitions (at least 1) over `nodes` (sorted and deduplicated; none
    /// gets `N1`; beyond `partitions` nodes the rest are dropped), dealt round-robin.
    pub fn new(nodes: &[NodeId], partitions: u32) -> Self {
        let p = to_usize(partitions.max(1));
        let ids = node_list(nodes, p);
        Fixed {
            owners: round_robin(p, &ids),
            nodes: ids,
        }
    }

    fn count(&self) -> u32 {
        to_u32(self.owners.len())
    }
}

impl Placement for Fixed {
    fn kind(&self) -> StrategyKind {
        StrategyKind::Fixed
    }

    fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    fn partitions(&self) -> Vec<PartitionInfo> {
        let p = self.count();
        (0..p)
            .zip(&self.owners)
            .map(|(i, &owner)| PartitionInfo {
                id: PartitionId(i),
                span: Span::Arc {
                    after: upto(i.checked_sub(1).unwrap_or(p - 1), p),
                    upto: upto(i, p),
                },
                owner,
            })
            .collect()
    }

    fn locate(&self, key: Key) -> (PartitionId, NodeId) {
        let i = fixed_partition(key, self.count());
        (PartitionId(i), self.owners[to_usize(i)])
    }

    fn add_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        if self.nodes.len() >= self.owners.len() {
            return Err(PlacementError::TooManyNodes { max: self.count() });
        }
        join(&mut self.nodes, &mut self.owners, node)
    }

    fn remove_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        leave(&mut self.nodes, &mut self.owners, node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partition::{KeySet, Movement};

    #[test]
    fn arcs_tile_the_ring_and_hold_their_keys() {
        let f = Fixed::new(&[NodeId(1), NodeId(2), NodeId(3)], 7);
        let parts = f.partitions();
        assert_eq!(
            parts[6].span,
            Span::Arc {
                after: upto(5, 7),
                upto: u64::MAX
            }
        );
        assert_eq!(
            parts[0].span,
            Span::Arc {
                after: u64::MAX,
                upto: upto(0, 7)
            }
        );
        for k in 0..3_000 {
            let (p, n) = f.locate(Key(k));
            let info = parts[to_usize(p.0)];
            assert!(info.span.contains(Key(k)) && info.owner == n);
        }
    }

    #[test]
    fn going_from_10_to_11_nodes_moves_whole_partitions_and_no_key_changes_partition() {
        // The book's example: 1,000 partitions on 10 nodes, then 11 (ten hold 91, one 90).
        let ten: Vec<NodeId> = (1..=10).map(NodeId).collect();
        let before = Fixed::new(&ten, 1_000);
        let mut after = before.clone();
        after.add_node(NodeId(11)).unwrap();
        let held = |n| after.owners.iter().filter(|&&o| o == NodeId(n)).count();
        assert_eq!(held(11), 90);
        assert!((1..=10).all(|n| held(n) == 91));
        let keys = KeySet::sequential(20_000, 1);
        let m = Movement::between(&before, &after, &keys);
        assert!(m.moves.iter().all(|mv| mv.to == NodeId(11)));
        assert!(keys
            .records()
            .iter()
            .all(|r| before.locate(r.key).0 == after.locate(r.key).0));
        assert_eq!(m.partitions_moved, 90);
    }

    #[test]
    fn no_more_nodes_than_partitions() {
        let mut f = Fixed::new(&[NodeId(1), NodeId(2)], 2);
        assert_eq!(
            f.add_node(NodeId(3)),
            Err(PlacementError::TooManyNodes { max: 2 })
        );
        f.remove_node(NodeId(1)).unwrap();
        assert_eq!(f.owners, [NodeId(2), NodeId(2)]);
    }
}
