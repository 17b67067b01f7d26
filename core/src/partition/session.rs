//! The façade a page drives: a key set, a strategy, the nodes, add and remove node, and
//! the load per node and per partition (DDIA ch. 6). Plain data: cloning it is a
//! checkpoint.

use alloc::vec;
use alloc::vec::Vec;

use super::{
    AnyPlacement, KeySet, Movement, NodeId, PartitionInfo, Placement, PlacementConfig,
    PlacementError, StrategyKind,
};

/// What one node holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeLoad {
    /// The node.
    pub node: NodeId,
    /// Keys it holds.
    pub keys: u64,
    /// Bytes it holds.
    pub bytes: u64,
    /// Partitions it holds.
    pub partitions: u32,
}

/// What one partition holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionLoad {
    /// The partition, its span and owner.
    pub info: PartitionInfo,
    /// Keys in it.
    pub keys: u64,
    /// Bytes in it.
    pub bytes: u64,
}

/// A key set placed by one strategy on a changing set of nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionSession {
    config: PlacementConfig,
    placement: AnyPlacement,
    keys: KeySet,
    next_node: u32,
    last_move: Option<Movement>,
}

impl PartitionSession {
    /// `keys` placed by `config` on nodes `N1..=Nnodes` (at least one).
    pub fn new(config: PlacementConfig, nodes: u32, keys: KeySet) -> Self {
        let ids: Vec<NodeId> = (1..=nodes.max(1)).map(NodeId).collect();
        let mut placement = AnyPlacement::new(&config, &ids);
        placement.fit(&keys);
        PartitionSession {
            config,
            placement,
            keys,
            next_node: nodes.max(1) + 1,
            last_move: None,
        }
    }

    /// The strategy's knobs.
    pub fn config(&self) -> &PlacementConfig {
        &self.config
    }

    /// The current placement.
    pub fn placement(&self) -> &AnyPlacement {
        &self.placement
    }

    /// The key set.
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// What the last add or remove moved.
    pub fn last_move(&self) -> Option<&Movement> {
        self.last_move.as_ref()
    }

    /// Adds a node with a fresh id (one more than any before) and rebalances; the
    /// movement is kept as [`PartitionSession::last_move`].
    ///
    /// # Errors
    /// The strategy has no room for another node.
    pub fn add_node(&mut self) -> Result<NodeId, PlacementError> {
        let node = NodeId(self.next_node);
        self.change(|p| p.add_node(node))?;
        self.next_node += 1;
        Ok(node)
    }

    /// Removes `node`, handing its data to the others.
    ///
    /// # Errors
    /// No such node, or it is the last one.
    pub fn remove_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        self.change(|p| p.remove_node(node))
    }

    /// Places the same keys on the same nodes with another strategy (no movement is
    /// recorded: this compares strategies, it is not a rebalance).
    pub fn set_strategy(&mut self, kind: StrategyKind) {
        self.config.kind = kind;
        self.placement = AnyPlacement::new(&self.config, self.placement.nodes());
        self.placement.fit(&self.keys);
        self.last_move = None;
    }

    fn change(
        &mut self,
        f: impl FnOnce(&mut AnyPlacement) -> Result<(), PlacementError>,
    ) -> Result<(), PlacementError> {
        let mut next = self.placement.clone();
        f(&mut next)?;
        next.fit(&self.keys);
        self.last_move = Some(Movement::between(&self.placement, &next, &self.keys));
        self.placement = next;
        Ok(())
    }

    /// Keys, bytes and partitions per node, in node order.
    pub fn node_loads(&self) -> Vec<NodeLoad> {
        let nodes = self.placement.nodes();
        let mut loads: Vec<NodeLoad> = nodes
            .iter()
            .map(|&node| NodeLoad {
                node,
                keys: 0,
                bytes: 0,
                partitions: 0,
            })
            .collect();
        let index = |n: NodeId| nodes.binary_search(&n).ok();
        for r in self.keys.records() {
            if let Some(i) = index(self.placement.node_of(r.key)) {
                loads[i].keys += 1;
                loads[i].bytes += u64::from(r.bytes);
            }
        }
        for p in self.placement.partitions() {
            if let Some(i) = index(p.owner) {
                loads[i].partitions += 1;
            }
        }
        loads
    }

    /// Keys and bytes per partition, in [`Placement::partitions`] order.
    pub fn partition_loads(&self) -> Vec<PartitionLoad> {
        let parts = self.placement.partitions();
        let mut counts = vec![(0u64, 0u64); parts.len()];
        for r in self.keys.records() {
            let (p, _) = self.placement.locate(r.key);
            if let Some(c) = counts.get_mut(super::to_usize(p.0)) {
                c.0 += 1;
                c.1 += u64::from(r.bytes);
            }
        }
        parts
            .into_iter()
            .zip(counts)
            .map(|(info, (keys, bytes))| PartitionLoad { info, keys, bytes })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_a_node_records_what_moved_and_loads_add_up() {
        let mut s =
            PartitionSession::new(PlacementConfig::default(), 3, KeySet::sequential(900, 4));
        assert_eq!(s.add_node(), Ok(NodeId(4)));
        let m = s.last_move().unwrap();
        assert_eq!((m.nodes_before, m.nodes_after), (3, 4));
        assert!(m.keys_moved() > 0);
        let loads = s.node_loads();
        assert_eq!(loads.len(), 4);
        assert_eq!(loads.iter().map(|l| l.keys).sum::<u64>(), 900);
        assert_eq!(loads.iter().map(|l| l.bytes).sum::<u64>(), 3_600);
        let parts = s.partition_loads();
        assert_eq!(parts.iter().map(|p| p.keys).sum::<u64>(), 900);
        s.remove_node(NodeId(2)).unwrap();
        assert_eq!(s.add_node(), Ok(NodeId(5)), "ids are not reused");
        assert_eq!(
            s.remove_node(NodeId(2)),
            Err(PlacementError::NoSuchNode(NodeId(2)))
        );
    }
}
