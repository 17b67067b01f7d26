//! Partitioning (sharding) of key-value data and rebalancing, DDIA ch. 6.
//!
//! Every strategy maps a key to a partition and a partition to a node behind one
//! interface, [`Placement`]; [`AnyPlacement`] holds any of them (a plain, cloneable
//! enum, so a lab state is a checkpoint). All strategies that hash keys use the same
//! hash, [`hash::key_hash`] (XXH3-64).
//!
//! - [`hash`]: the key hash, ring positions and their degrees for views.
//! - [`placement`]: the interface, [`StrategyKind`], [`Span`], [`PartitionInfo`].
//! - The strategies, one file each: [`range`] (key ranges split and merged by size),
//!   [`hash_mod`] (`hash(key) mod N`, the book's "how not to do it"), [`ring`]
//!   (consistent hashing with vnodes and weights), [`fixed`] (a fixed number of
//!   partitions moved whole), [`proportional`] (a fixed number of partitions per node).
//!   [`tokens`] is the token ring that `ring` and `proportional` share; `owners` the
//!   partition-to-node bookkeeping that `fixed` and `range` share.
//! - [`keys`]: the key set a placement is measured on ([`KeySet`], [`Record`]).
//! - [`movement`]: what a change of placement moves, against the ideal.
//! - [`order`]: the one sort (by a `u64` key) all of the above share; [`vec_map`]:
//!   small sorted-`Vec` maps and sets for the processes' state.
//! - [`workload`]: seeded requests with skew (uniform, Zipf, a celebrity key,
//!   timestamps) and salting; [`spread`]: how evenly load is spread.
//! - [`session`]: the façade a page drives (key set, strategy, add/remove node, loads).
//! - [`routing`]: request routing three ways with a possibly stale routing table.
//! - [`rebalance`]: rebalancing over the simulated network (a coordinator and
//!   storage-node processes on [`crate::sim`]), checked live: no key lost, one server;
//!   [`router`]: a routing tier on that network whose table copy goes stale.
//! - [`index`]: local (scatter/gather) vs global (term-partitioned, async) secondary
//!   indexes: partitions touched, read latency percentiles, stale reads.
//! - The lab: [`lab`] (the driver: all five strategies side by side, checked by
//!   [`invariants`] after every action), [`scenario`] (its link, `lab=partition`),
//!   [`knobs`] (its knob ranges), [`book`] (its book scenarios).

#![warn(missing_docs)]

pub mod any;
pub mod book;
pub mod fixed;
pub mod hash;
pub mod hash_mod;
pub mod index;
pub mod invariants;
pub mod keys;
pub mod knobs;
pub mod lab;
pub mod movement;
pub mod order;
pub(crate) mod owners;
pub mod placement;
pub mod proportional;
pub mod range;
pub mod rebalance;
pub mod ring;
pub mod router;
pub mod routing;
pub mod scenario;
pub mod session;
pub mod spread;
pub mod tokens;
pub use crate::sim::vec_map;
pub mod workload;

pub use any::{AnyPlacement, PlacementConfig};
pub use keys::{KeySet, Record};
pub use movement::{KeyMove, Movement};
pub use placement::{PartitionInfo, Placement, PlacementError, Span, StrategyKind};
pub use session::{
    is_hot, HotSplit, NodeLoad, PartitionLoad, PartitionSession, SplitError, SplitLoad,
};
pub use spread::Spread;
pub use workload::{Access, Request, Skew, Workload};

use core::fmt;

/// A key: an unsigned 64-bit number with its natural order (key-range partitioning and
/// timestamp keys need the order; hash strategies see only [`hash::key_hash`] of it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(pub u64);

/// A node (a machine holding partitions), numbered from 1 and shown as `N1`, `N2`...
/// A removed node's number is not reused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

/// A partition: an index into the placement's current [`Placement::partitions`] list,
/// in span order. Stable across adds and removes only under fixed partitions
/// ([`StrategyKind::Fixed`]); other strategies renumber when their spans change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartitionId(pub u32);

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "k{}", self.0)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "N{}", self.0)
    }
}

impl fmt::Display for PartitionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P{}", self.0)
    }
}

/// `0..len` as a `u32` partition count or index (lists here never exceed `u32::MAX`;
/// a longer one saturates rather than truncating).
pub(crate) fn to_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// `i` as a list index.
pub(crate) fn to_usize(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}
