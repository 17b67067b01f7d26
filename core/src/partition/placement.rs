//! The interface every partitioning strategy implements: key -> partition -> node
//! (DDIA ch. 6, "Partitioning of Key-Value Data" and "Rebalancing Partitions").

use alloc::vec::Vec;
use core::fmt;

use super::hash::in_arc;
use super::{hash::key_hash, Key, KeySet, NodeId, PartitionId};

/// The strategies of DDIA ch. 6, in the order the chapter presents them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StrategyKind {
    /// Partitioning by key range, split when a partition grows past a size threshold
    /// and merged when it shrinks (dynamic partitioning: HBase, RethinkDB).
    KeyRange,
    /// `hash(key) mod N` over the N nodes: the book's "how not to do it".
    #[default]
    HashMod,
    /// Consistent hashing: a ring of tokens, vnodes per node (Dynamo, Riak's ring).
    Ring,
    /// A fixed number of partitions, whole partitions reassigned between nodes (Riak,
    /// Elasticsearch, Couchbase, Voldemort).
    Fixed,
    /// A fixed number of partitions per node; a new node splits existing ones
    /// (Cassandra, Ketama).
    Proportional,
}

impl StrategyKind {
    /// Every strategy, in the chapter's order.
    pub const ALL: [StrategyKind; 5] = [
        StrategyKind::KeyRange,
        StrategyKind::HashMod,
        StrategyKind::Ring,
        StrategyKind::Fixed,
        StrategyKind::Proportional,
    ];

    /// The word in links (`strategy=`): `range`, `mod`, `ring`, `fixed`, `prop`.
    pub fn word(self) -> &'static str {
        match self {
            StrategyKind::KeyRange => "range",
            StrategyKind::HashMod => "mod",
            StrategyKind::Ring => "ring",
            StrategyKind::Fixed => "fixed",
            StrategyKind::Proportional => "prop",
        }
    }

    /// The strategy named by a link word ([`StrategyKind::word`]).
    pub fn from_word(word: &str) -> Option<StrategyKind> {
        StrategyKind::ALL.into_iter().find(|k| k.word() == word)
    }

    /// The name in menus and legends.
    pub fn name(self) -> &'static str {
        match self {
            StrategyKind::KeyRange => "key range (dynamic)",
            StrategyKind::HashMod => "hash mod N",
            StrategyKind::Ring => "consistent hashing (vnodes)",
            StrategyKind::Fixed => "fixed partitions",
            StrategyKind::Proportional => "partitions proportional to nodes",
        }
    }

    /// Whether keys are placed by [`key_hash`] (all but key range, which keeps the
    /// keys' order so range scans touch few partitions).
    pub fn hashes_keys(self) -> bool {
        self != StrategyKind::KeyRange
    }
}

/// The keys one partition covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Span {
    /// The keys with `key_hash(key) % modulus == residue` (hash mod N).
    Residue {
        /// N, the number of partitions.
        modulus: u32,
        /// This partition's remainder, `0..modulus`.
        residue: u32,
    },
    /// The keys whose hash lies in the clockwise ring arc `(after, upto]`; `after ==
    /// upto` is the whole ring. A key belongs to the first token at or clockwise after
    /// its hash (ring, fixed and proportional strategies).
    Arc {
        /// The previous token (exclusive).
        after: u64,
        /// This partition's token (inclusive).
        upto: u64,
    },
    /// The keys `from..to` in key order; `to == None` is unbounded above.
    Keys {
        /// First key (inclusive).
        from: Key,
        /// End key (exclusive), or `None`.
        to: Option<Key>,
    },
}

impl Span {
    /// Whether `key` falls in this span.
    pub fn contains(&self, key: Key) -> bool {
        match *self {
            Span::Residue { modulus, residue } => {
                modulus > 0 && key_hash(key) % u64::from(modulus) == u64::from(residue)
            }
            Span::Arc { after, upto } => in_arc(key_hash(key), after, upto),
            Span::Keys { from, to } => key >= from && to.is_none_or(|t| key < t),
        }
    }
}

/// One partition as views and tables show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartitionInfo {
    /// Its index in [`Placement::partitions`].
    pub id: PartitionId,
    /// The keys it covers.
    pub span: Span,
    /// The node that holds it.
    pub owner: NodeId,
}

/// Why a placement refused a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlacementError {
    /// No node has this id.
    NoSuchNode(NodeId),
    /// The node is already placed.
    NodeExists(NodeId),
    /// Removing the last node would leave the data nowhere.
    LastNode,
    /// Adding a node would pass the strategy's limit (its partition count, for fixed
    /// partitions: a node without a partition holds nothing).
    TooManyNodes {
        /// The limit.
        max: u32,
    },
}

impl fmt::Display for PlacementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlacementError::NoSuchNode(n) => write!(f, "there is no node {n}"),
            PlacementError::NodeExists(n) => write!(f, "node {n} is already in the cluster"),
            PlacementError::LastNode => write!(f, "the last node cannot be removed"),
            PlacementError::TooManyNodes { max } => {
                write!(f, "at most {max} nodes: each needs a partition of its own")
            }
        }
    }
}

/// A partitioning strategy's current assignment: key -> partition -> node.
///
/// Invariant (checked by the property tests): every key has exactly one partition and
/// that partition exactly one owner, and `partitions()[locate(k).0].span` contains `k`.
pub trait Placement {
    /// Which strategy this is.
    fn kind(&self) -> StrategyKind;
    /// The nodes, in id order (never empty).
    fn nodes(&self) -> &[NodeId];
    /// Every partition, in span order (residue, ring position or key order).
    fn partitions(&self) -> Vec<PartitionInfo>;
    /// The partition that holds `key`, and its owner.
    fn locate(&self, key: Key) -> (PartitionId, NodeId);
    /// Adds `node` and rebalances (the strategy decides what moves).
    ///
    /// # Errors
    /// The node exists, or the strategy has no room for it.
    fn add_node(&mut self, node: NodeId) -> Result<(), PlacementError>;
    /// Removes `node`, handing its partitions to the others.
    ///
    /// # Errors
    /// No such node, or it is the last one.
    fn remove_node(&mut self, node: NodeId) -> Result<(), PlacementError>;
    /// Adapts the partitions to the data (dynamic key-range partitioning splits and
    /// merges here); returns how many partitions were split or merged. Other strategies
    /// do not look at the data and return 0.
    fn fit(&mut self, keys: &KeySet) -> usize {
        let _ = keys;
        0
    }
    /// The node that holds `key`.
    fn node_of(&self, key: Key) -> NodeId {
        self.locate(key).1
    }
}

/// `nodes` sorted and deduplicated, at most `most` of them; an empty list gets `N1`, so
/// there is always somewhere to put a key.
pub(crate) fn node_list(nodes: &[NodeId], most: usize) -> Vec<NodeId> {
    let mut ids = super::order::sorted_by(nodes.to_vec(), |n| u64::from(n.0));
    ids.dedup();
    ids.truncate(most.max(1));
    if ids.is_empty() {
        ids.push(NodeId(1));
    }
    ids
}

/// Checks `node` can be added to `nodes` (sorted).
pub(crate) fn check_new(nodes: &[NodeId], node: NodeId) -> Result<usize, PlacementError> {
    match nodes.binary_search(&node) {
        Ok(_) => Err(PlacementError::NodeExists(node)),
        Err(at) => Ok(at),
    }
}

/// Checks `node` can be removed from `nodes` (sorted); its index.
pub(crate) fn check_removable(nodes: &[NodeId], node: NodeId) -> Result<usize, PlacementError> {
    let at = nodes
        .binary_search(&node)
        .map_err(|_| PlacementError::NoSuchNode(node))?;
    if nodes.len() == 1 {
        return Err(PlacementError::LastNode);
    }
    Ok(at)
}
