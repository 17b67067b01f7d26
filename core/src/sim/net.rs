//! The network half of the fault model: per-link latency, loss and duplication, and
//! symmetric or one-way partitions (DDIA ch. 8, "Unreliable networks").
//!
//! Probabilities are integer parts per million so that runs replay exactly.

use super::vec_map::{VecMap, VecSet};
use super::NodeId;
use serde::{Deserialize, Serialize};

/// Behaviour of one directed link. Latency is drawn uniformly from
/// `latency_min_us..=latency_max_us` microseconds for every message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LinkFaults {
    /// Smallest one-way delay, microseconds.
    pub latency_min_us: u64,
    /// Largest one-way delay, microseconds (values below the minimum mean "the minimum").
    pub latency_max_us: u64,
    /// Probability that a message is lost, parts per million (0..=1_000_000).
    pub loss_ppm: u32,
    /// Probability that a message is delivered twice, parts per million.
    pub dup_ppm: u32,
}

impl Default for LinkFaults {
    /// A healthy LAN link: 5-15 ms, no loss, no duplication.
    fn default() -> Self {
        LinkFaults {
            latency_min_us: 5_000,
            latency_max_us: 15_000,
            loss_ppm: 0,
            dup_ppm: 0,
        }
    }
}

/// All links of a cluster: a default behaviour, per-link overrides and the set of cut
/// (partitioned) directed links.
#[derive(Clone, Debug, Default)]
pub struct Network {
    default: LinkFaults,
    /// Few entries (links of a small cluster): a sorted vector, no B-tree code.
    overrides: VecMap<(NodeId, NodeId), LinkFaults>,
    cut: VecSet<(NodeId, NodeId)>,
}

impl Network {
    /// A network whose every link behaves like `default`, with no partition.
    pub fn new(default: LinkFaults) -> Self {
        Network {
            default,
            ..Network::default()
        }
    }

    /// The behaviour of the directed link `from -> to`.
    pub fn link(&self, from: NodeId, to: NodeId) -> &LinkFaults {
        self.overrides.get(&(from, to)).unwrap_or(&self.default)
    }

    /// The behaviour of links without an override.
    pub fn default_link(&self) -> &LinkFaults {
        &self.default
    }

    /// Changes the behaviour of every link without an override.
    pub fn set_default(&mut self, faults: LinkFaults) {
        self.default = faults;
    }

    /// Gives the directed link `from -> to` its own behaviour.
    pub fn set_link(&mut self, from: NodeId, to: NodeId, faults: LinkFaults) {
        self.overrides.insert((from, to), faults);
    }

    /// True when messages from `from` to `to` cannot get through.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        !self.cut.is_empty() && self.cut.contains(&(from, to))
    }

    /// True when some link is cut.
    pub fn is_partitioned(&self) -> bool {
        !self.cut.is_empty()
    }

    /// Cuts every link between a node whose bit is set in `side` and one whose bit is
    /// clear, in both directions (a symmetric partition into two groups), among nodes
    /// `0..nodes`. Links inside a group are left as they are.
    pub fn partition(&mut self, side: u64, nodes: usize) {
        for a in 0..nodes {
            for b in 0..nodes {
                if in_side(side, a) != in_side(side, b) {
                    self.cut.insert((a, b));
                }
            }
        }
    }

    /// Cuts only the direction `from -> to` (a one-way partition).
    pub fn cut_one_way(&mut self, from: NodeId, to: NodeId) {
        self.cut.insert((from, to));
    }

    /// Repairs every cut link.
    pub fn heal(&mut self) {
        self.cut.clear();
    }

    /// The cut directed links, in order.
    pub fn cut_links(&self) -> impl Iterator<Item = (NodeId, NodeId)> + '_ {
        self.cut.iter().copied()
    }
}

/// True when node `n`'s bit is set in the group mask `side`.
pub fn in_side(side: u64, n: NodeId) -> bool {
    n < 64 && side & (1u64 << n) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_cuts_only_cross_links_and_heal_repairs() {
        let mut net = Network::new(LinkFaults::default());
        net.partition(0b00011, 5);
        assert!(net.is_cut(0, 3) && net.is_cut(3, 0));
        assert!(!net.is_cut(0, 1) && !net.is_cut(2, 4));
        net.heal();
        assert!(!net.is_partitioned());
        net.cut_one_way(1, 2);
        assert!(net.is_cut(1, 2) && !net.is_cut(2, 1));
    }

    #[test]
    fn overrides_apply_to_one_direction() {
        let mut net = Network::new(LinkFaults::default());
        let slow = LinkFaults {
            latency_min_us: 1,
            latency_max_us: 2,
            loss_ppm: 3,
            dup_ppm: 4,
        };
        net.set_link(0, 1, slow);
        assert_eq!(*net.link(0, 1), slow);
        assert_eq!(*net.link(1, 0), LinkFaults::default());
    }
}
