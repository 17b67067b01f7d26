//! What a change of placement moves (DDIA ch. 6, "Rebalancing Partitions": "no more data
//! than necessary should be moved between nodes"), measured over a key set and set
//! beside the ideal: going from n to n+1 nodes, a balanced cluster needs to move only
//! the new node's share, 1/(n+1) of the data.

use super::vec_map::{VecMap, VecSet};
use alloc::vec::Vec;

use super::{Key, KeySet, NodeId, PartitionId, Placement};

/// One key that changes node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyMove {
    /// The key.
    pub key: Key,
    /// Its owner before.
    pub from: NodeId,
    /// Its owner after.
    pub to: NodeId,
    /// Its partition after.
    pub partition: PartitionId,
    /// Its value's size, bytes.
    pub bytes: u32,
}

/// The difference between two placements over one key set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Movement {
    /// Every key that changes node, in key order.
    pub moves: Vec<KeyMove>,
    /// Keys in the set.
    pub keys_total: u64,
    /// Bytes in the set.
    pub bytes_total: u64,
    /// Bytes of the moved keys.
    pub bytes_moved: u64,
    /// Partitions of the new placement that receive at least one moved key.
    pub partitions_moved: u32,
    /// Nodes before.
    pub nodes_before: u32,
    /// Nodes after.
    pub nodes_after: u32,
    /// The fewest keys the change had to move ([`Movement::ideal_keys`]).
    pub ideal: u64,
}

impl Movement {
    /// The keys of `keys` whose node differs between `before` and `after`.
    pub fn between(before: &impl Placement, after: &impl Placement, keys: &KeySet) -> Self {
        let mut m = Movement {
            keys_total: keys.len() as u64,
            bytes_total: keys.total_bytes(),
            nodes_before: super::to_u32(before.nodes().len()),
            nodes_after: super::to_u32(after.nodes().len()),
            ..Movement::default()
        };
        // A sorted-`Vec` set of partition numbers, a type the page has already.
        let mut parts = VecSet::default();
        let (old, new) = (before.nodes(), after.nodes());
        let added = new.iter().filter(|n| !old.contains(n)).count() as u64;
        let mut removed = 0;
        for r in keys.records() {
            let from = before.node_of(r.key);
            removed += u64::from(!new.contains(&from));
            let (partition, to) = after.locate(r.key);
            if from != to {
                m.bytes_moved += u64::from(r.bytes);
                parts.insert(partition.0);
                m.moves.push(KeyMove {
                    key: r.key,
                    from,
                    to,
                    partition,
                    bytes: r.bytes,
                });
            }
        }
        m.partitions_moved = super::to_u32(parts.len());
        m.ideal = removed + share(m.keys_total, added, new.len() as u64);
        m
    }

    /// Keys moved.
    pub fn keys_moved(&self) -> u64 {
        self.moves.len() as u64
    }

    /// The fewest keys the change had to move: a removed node's keys, and nothing else
    /// (they must go somewhere); an added node's equal share, `keys_total / (n + 1)`
    /// rounded to nearest, taken from the others; for a weight change, how far the
    /// node's keys were from its new weighted share
    /// ([`super::PartitionSession::set_weight`]); for splits and merges on the same
    /// nodes, the keys above an even share before them ([`excess_over_even`]).
    pub fn ideal_keys(&self) -> u64 {
        self.ideal
    }
}

/// The fewest keys that must move to even out `placement`'s nodes over `keys`: the
/// keys each node holds above an equal share (rounded up), summed (play16b N24: the
/// ideal of a split or merge on the same nodes).
pub fn excess_over_even(placement: &impl Placement, keys: &KeySet) -> u64 {
    let nodes = placement.nodes();
    let fair = (keys.len() as u64).div_ceil((nodes.len() as u64).max(1));
    let mut held: VecMap<NodeId, u64> = VecMap::new();
    for r in keys.records() {
        *held.entry_or_default(placement.node_of(r.key)) += 1;
    }
    held.values().map(|&n| n.saturating_sub(fair)).sum()
}

/// `total × part / whole`, rounded to nearest; 0 for no whole.
pub fn share(total: u64, part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    (total * part + whole / 2) / whole
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partition::hash_mod::HashMod;

    #[test]
    fn moved_keys_are_exactly_those_whose_node_changed() {
        let keys = KeySet::sequential(1_000, 10);
        let ten: Vec<NodeId> = (1..=10).map(NodeId).collect();
        let before = HashMod::new(&ten);
        let mut after = before.clone();
        after.add_node(NodeId(11)).unwrap();
        let m = Movement::between(&before, &after, &keys);
        for r in keys.records() {
            let moved = m.moves.iter().any(|x| x.key == r.key);
            assert_eq!(moved, before.node_of(r.key) != after.node_of(r.key));
        }
        assert_eq!(m.bytes_moved, 10 * m.keys_moved());
        assert_eq!(m.ideal_keys(), 91); // 1000 / 11 = 90.9
        assert_eq!(Movement::between(&before, &before, &keys).keys_moved(), 0);
        assert_eq!(Movement::between(&before, &before, &keys).ideal_keys(), 0);
    }

    /// Removing a node must move its keys and nothing else: that is the ideal, whatever
    /// its share was.
    #[test]
    fn the_ideal_of_a_removal_is_the_removed_nodes_keys() {
        let keys = KeySet::sequential(1_000, 10);
        let four: Vec<NodeId> = (1..=4).map(NodeId).collect();
        let before = crate::partition::ring::Ring::new(&four, 4);
        let mut after = before.clone();
        after.remove_node(NodeId(2)).unwrap();
        let m = Movement::between(&before, &after, &keys);
        let held = keys
            .records()
            .iter()
            .filter(|r| before.node_of(r.key) == NodeId(2))
            .count() as u64;
        assert_ne!(
            held, 250,
            "a vnode ring is uneven: the test means something"
        );
        assert_eq!(m.ideal_keys(), held);
        assert_eq!(m.keys_moved(), held, "consistent hashing moves just those");
    }
}
