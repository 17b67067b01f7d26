//! Whole partitions assigned to nodes, and reassigned when nodes come and go (DDIA
//! ch. 6, "Rebalancing Partitions", "Fixed number of partitions": a new node "steals a
//! few partitions from every existing node until partitions are fairly distributed
//! once again"; a removed node's partitions go to the others). Shared by fixed
//! partitions ([`super::fixed`]) and key-range partitions ([`super::range`]).

use alloc::vec::Vec;

use super::placement::{check_new, check_removable};
use super::{NodeId, PlacementError};

/// Adds `node` to `nodes` (sorted) and lets it steal its share of `owners`
/// ([`steal_for`]).
///
/// # Errors
/// The node exists.
pub fn join(
    nodes: &mut Vec<NodeId>,
    owners: &mut [NodeId],
    node: NodeId,
) -> Result<(), PlacementError> {
    let at = check_new(nodes, node)?;
    nodes.insert(at, node);
    steal_for(owners, nodes, node);
    Ok(())
}

/// Removes `node` from `nodes` and hands its partitions out ([`hand_out`]).
///
/// # Errors
/// No such node, or it is the last one.
pub fn leave(
    nodes: &mut Vec<NodeId>,
    owners: &mut [NodeId],
    node: NodeId,
) -> Result<(), PlacementError> {
    let at = check_removable(nodes, node)?;
    nodes.remove(at);
    hand_out(owners, nodes, node);
    Ok(())
}

/// Partitions held per node of `nodes` (sorted), parallel to it.
fn counts(owners: &[NodeId], nodes: &[NodeId]) -> Vec<usize> {
    let mut c = alloc::vec![0usize; nodes.len()];
    for o in owners {
        if let Ok(i) = nodes.binary_search(o) {
            c[i] += 1;
        }
    }
    c
}

/// The node of `nodes` holding the fewest partitions (the lowest id on a tie).
pub fn least_loaded(owners: &[NodeId], nodes: &[NodeId]) -> NodeId {
    let c = counts(owners, nodes);
    let i = (0..nodes.len()).min_by_key(|&i| (c[i], i)).unwrap_or(0);
    nodes.get(i).copied().unwrap_or_default()
}

/// Round-robin: partition `i` to `nodes[i % n]`.
pub fn round_robin(partitions: usize, nodes: &[NodeId]) -> Vec<NodeId> {
    (0..partitions)
        .map(|i| {
            nodes
                .get(i % nodes.len().max(1))
                .copied()
                .unwrap_or_default()
        })
        .collect()
}

/// `new` (already in `nodes`) takes partitions, one at a time, from whichever node
/// holds the most (the lowest id on a tie; its highest-numbered partition), until it
/// holds `partitions / nodes` (rounded down). Only partitions that go to `new` move.
pub fn steal_for(owners: &mut [NodeId], nodes: &[NodeId], new: NodeId) {
    let target = owners.len() / nodes.len().max(1);
    let Ok(me) = nodes.binary_search(&new) else {
        return;
    };
    let mut c = counts(owners, nodes);
    while c[me] < target {
        let Some(donor) = (0..nodes.len())
            .filter(|&i| i != me)
            .max_by_key(|&i| (c[i], core::cmp::Reverse(i)))
        else {
            return;
        };
        let Some(p) = owners.iter().rposition(|&o| o == nodes[donor]) else {
            return;
        };
        owners[p] = new;
        c[donor] -= 1;
        c[me] += 1;
    }
}

/// Hands each partition of `gone` (no longer in `nodes`), in order, to the node then
/// holding the fewest.
pub fn hand_out(owners: &mut [NodeId], nodes: &[NodeId], gone: NodeId) {
    for i in 0..owners.len() {
        if owners[i] == gone {
            owners[i] = least_loaded(owners, nodes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u32]) -> Vec<NodeId> {
        v.iter().copied().map(NodeId).collect()
    }

    #[test]
    fn a_new_node_steals_its_share_and_a_gone_one_hands_out_all() {
        let nodes = ids(&[1, 2, 3]);
        let mut owners = round_robin(12, &nodes);
        let before = owners.clone();
        let four = ids(&[1, 2, 3, 4]);
        steal_for(&mut owners, &four, NodeId(4));
        assert_eq!(counts(&owners, &four), [3, 3, 3, 3]);
        let moved = before.iter().zip(&owners).filter(|(a, b)| a != b).count();
        assert_eq!(moved, 3, "only the new node's share moves");
        hand_out(&mut owners, &nodes, NodeId(4));
        assert_eq!(counts(&owners, &nodes), [4, 4, 4]);
        assert_eq!(least_loaded(&owners, &ids(&[1, 2, 3, 9])), NodeId(9));
    }
}
