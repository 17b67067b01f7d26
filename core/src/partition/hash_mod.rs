//! `hash(key) mod N`: one partition per node, partition `i` on the `i`-th node in id
//! order. DDIA ch. 6, "Rebalancing Partitions", "How not to do it: hash mod N": when N
//! changes, most keys change partition (about `n/(n+1)` of them going from n to n+1
//! nodes), so almost all the data moves.

use alloc::vec::Vec;

use super::hash::key_hash;
use super::placement::{check_new, check_removable, node_list};
use super::{
    to_u32, Key, NodeId, PartitionId, PartitionInfo, Placement, PlacementError, Span, StrategyKind,
};

/// Hash mod N over a set of nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashMod {
    nodes: Vec<NodeId>,
}

impl HashMod {
    /// The placement over `nodes` (sorted and deduplicated here; an empty list gets
    /// node `N1`, so there is always somewhere to put a key).
    pub fn new(nodes: &[NodeId]) -> Self {
        let nodes = node_list(nodes, usize::MAX);
        HashMod { nodes }
    }

    fn modulus(&self) -> u64 {
        self.nodes.len() as u64
    }
}

impl Placement for HashMod {
    fn kind(&self) -> StrategyKind {
        StrategyKind::HashMod
    }

    fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    fn partitions(&self) -> Vec<PartitionInfo> {
        let modulus = to_u32(self.nodes.len());
        (0..modulus)
            .zip(&self.nodes)
            .map(|(residue, &owner)| PartitionInfo {
                id: PartitionId(residue),
                span: Span::Residue { modulus, residue },
                owner,
            })
            .collect()
    }

    fn locate(&self, key: Key) -> (PartitionId, NodeId) {
        let r = key_hash(key) % self.modulus();
        // r < nodes.len(), so both conversions succeed.
        let i = usize::try_from(r).unwrap_or(0);
        (PartitionId(u32::try_from(r).unwrap_or(0)), self.nodes[i])
    }

    fn add_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        let at = check_new(&self.nodes, node)?;
        self.nodes.insert(at, node);
        Ok(())
    }

    fn remove_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        let at = check_removable(&self.nodes, node)?;
        self.nodes.remove(at);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(n: u32) -> Vec<NodeId> {
        (1..=n).map(NodeId).collect()
    }

    #[test]
    fn every_key_lands_in_the_partition_whose_span_holds_it() {
        let p = HashMod::new(&nodes(7));
        let parts = p.partitions();
        assert_eq!(parts.len(), 7);
        for k in 0..2_000 {
            let (id, owner) = p.locate(Key(k));
            let info = parts[usize::try_from(id.0).unwrap()];
            assert!(info.span.contains(Key(k)));
            assert_eq!(info.owner, owner);
            assert_eq!(parts.iter().filter(|q| q.span.contains(Key(k))).count(), 1);
        }
    }

    #[test]
    fn going_from_10_to_11_nodes_moves_about_ten_elevenths_of_the_keys() {
        let mut p = HashMod::new(&nodes(10));
        let before: Vec<NodeId> = (0..10_000).map(|k| p.node_of(Key(k))).collect();
        p.add_node(NodeId(11)).unwrap();
        let moved = (0..10_000)
            .filter(|&k| p.node_of(Key(k)) != before[usize::try_from(k).unwrap()])
            .count();
        // n/(n+1) = 90.9%; a binomial spread of 10,000 draws stays within 1.5 points.
        assert!((8_940..=9_240).contains(&moved), "{moved}");
    }

    #[test]
    fn nodes_are_checked() {
        let mut p = HashMod::new(&[]);
        assert_eq!(p.nodes(), &[NodeId(1)]);
        assert_eq!(p.remove_node(NodeId(1)), Err(PlacementError::LastNode));
        assert_eq!(
            p.add_node(NodeId(1)),
            Err(PlacementError::NodeExists(NodeId(1)))
        );
        assert_eq!(
            p.remove_node(NodeId(9)),
            Err(PlacementError::NoSuchNode(NodeId(9)))
        );
        p.add_node(NodeId(3)).unwrap();
        assert_eq!(p.nodes(), &[NodeId(1), NodeId(3)]);
    }
}
