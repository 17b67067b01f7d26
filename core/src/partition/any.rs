//! One enum over the strategies, built from a [`PlacementConfig`]: what a lab holds, so
//! switching strategy keeps the key set and the nodes, and the state stays cloneable.

use alloc::vec::Vec;

use super::fixed::Fixed;
use super::hash_mod::HashMod;
use super::proportional::Proportional;
use super::range::KeyRange;
use super::ring::Ring;
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
    /// Number of partitions, for the cluster's whole life (fixed; also its most nodes).
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
    /// [`StrategyKind::KeyRange`].
    KeyRange(KeyRange),
    /// [`StrategyKind::HashMod`].
    HashMod(HashMod),
    /// [`StrategyKind::Ring`].
    Ring(Ring),
    /// [`StrategyKind::Fixed`].
    Fixed(Fixed),
    /// [`StrategyKind::Proportional`].
    Proportional(Proportional),
}

impl AnyPlacement {
    /// The placement of `config.kind` over `nodes` (before any data: key range starts
    /// with one partition until [`Placement::fit`]).
    pub fn new(config: &PlacementConfig, nodes: &[NodeId]) -> Self {
        match config.kind {
            StrategyKind::KeyRange => {
                AnyPlacement::KeyRange(KeyRange::new(nodes, config.split_bytes, config.merge_bytes))
            }
            StrategyKind::HashMod => AnyPlacement::HashMod(HashMod::new(nodes)),
            StrategyKind::Ring => AnyPlacement::Ring(Ring::new(nodes, config.vnodes)),
            StrategyKind::Fixed => AnyPlacement::Fixed(Fixed::new(nodes, config.partitions)),
            StrategyKind::Proportional => {
                AnyPlacement::Proportional(Proportional::new(nodes, config.vnodes))
            }
        }
    }

    fn inner(&self) -> &dyn Placement {
        match self {
            AnyPlacement::KeyRange(p) => p,
            AnyPlacement::HashMod(p) => p,
            AnyPlacement::Ring(p) => p,
            AnyPlacement::Fixed(p) => p,
            AnyPlacement::Proportional(p) => p,
        }
    }

    fn inner_mut(&mut self) -> &mut dyn Placement {
        match self {
            AnyPlacement::KeyRange(p) => p,
            AnyPlacement::HashMod(p) => p,
            AnyPlacement::Ring(p) => p,
            AnyPlacement::Fixed(p) => p,
            AnyPlacement::Proportional(p) => p,
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
    /// Dispatched by a match rather than through `inner()`, so each strategy's lookup
    /// inlines (the hot path of every view and benchmark).
    fn locate(&self, key: Key) -> (PartitionId, NodeId) {
        match self {
            AnyPlacement::KeyRange(p) => p.locate(key),
            AnyPlacement::HashMod(p) => p.locate(key),
            AnyPlacement::Ring(p) => p.locate(key),
            AnyPlacement::Fixed(p) => p.locate(key),
            AnyPlacement::Proportional(p) => p.locate(key),
        }
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
