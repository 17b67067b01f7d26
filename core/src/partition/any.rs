//! One enum over the strategies, built from a [`PlacementConfig`]: what a lab holds, so
//! switching strategy keeps the key set and the nodes, and the state stays cloneable.

use alloc::vec::Vec;

use super::hash_mod::HashMod;
use super::{
    Key, KeySet, NodeId, PartitionId, PartitionInfo, Placement, PlacementError, StrategyKind,
};

/// The knobs of every strategy; each strategy reads the ones it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlacementConfig {
    /// Which strategy.
    pub kind: StrategyKind,
    /// Virtual nodes (tokens) per node of weight 1 (ring), or partitions per node
    /// (proportional).
    pub vnodes: u32,
    /// Number of partitions (fixed: for the cluster's whole life; key range: the
    /// initial count before splits and merges).
    pub partitions: u32,
    /// Key range: a partition larger than this splits in two, bytes.
    pub split_bytes: u64,
    /// Key range: two neighbouring partitions whose sum is smaller than this merge,
    /// bytes.
    pub merge_bytes: u64,
}

impl Default for PlacementConfig {
    fn default() -> Self {
        PlacementConfig {
            kind: StrategyKind::HashMod,
            vnodes: 8,
            partitions: 64,
            split_bytes: 64 * 1024,
            merge_bytes: 16 * 1024,
        }
    }
}

/// Any strategy's placement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnyPlacement {
    /// [`StrategyKind::HashMod`].
    HashMod(HashMod),
}

impl AnyPlacement {
    /// The placement of `config.kind` over `nodes`. Strategies not written yet fall
    /// back to hash mod N (the API guide, /work/briefs/part-api.md, says which).
    pub fn new(config: &PlacementConfig, nodes: &[NodeId]) -> Self {
        let _ = config.kind;
        AnyPlacement::HashMod(HashMod::new(nodes))
    }

    fn inner(&self) -> &dyn Placement {
        match self {
            AnyPlacement::HashMod(p) => p,
        }
    }

    fn inner_mut(&mut self) -> &mut dyn Placement {
        match self {
            AnyPlacement::HashMod(p) => p,
        }
    }
}

impl Placement for AnyPlacement {
    fn kind(&self) -> StrategyKind {
        self.inner().kind()
    }
    fn nodes(&self) -> &[NodeId] {
        self.inner().nodes()
    }
    fn partitions(&self) -> Vec<PartitionInfo> {
        self.inner().partitions()
    }
    fn locate(&self, key: Key) -> (PartitionId, NodeId) {
        self.inner().locate(key)
    }
    fn add_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        self.inner_mut().add_node(node)
    }
    fn remove_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        self.inner_mut().remove_node(node)
    }
    fn fit(&mut self, keys: &KeySet) -> usize {
        self.inner_mut().fit(keys)
    }
}
