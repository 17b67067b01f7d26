//! Consistent hashing with virtual nodes (DDIA ch. 6, "Partitioning by Hash of Key" and
//! "Rebalancing Partitions"; Karger et al. 1997; Dynamo's ring): each node places
//! `vnodes × weight` tokens on the ring at hashed positions ([`vnode_token`]), and a
//! key belongs to the first token clockwise from its hash. Adding a node takes, for
//! each of its tokens, the arc just before it from the token that owned it: about
//! 1/(n+1) of the keys move, all to the new node. More vnodes per node even out the
//! load (its spread shrinks about as `1/sqrt(vnodes)`). Nodes can instead be given
//! explicit tokens, as in the book's 0°/120°/240° example.

use alloc::vec::Vec;

use super::hash::vnode_token;
use super::placement::{check_new, check_removable, node_list};
use super::tokens::TokenRing;
use super::{Key, NodeId, PartitionId, PartitionInfo, Placement, PlacementError, StrategyKind};

/// Largest weight a node may have (it then has `vnodes × MAX_WEIGHT` tokens).
pub const MAX_WEIGHT: u32 = 16;

/// A hash ring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ring {
    nodes: Vec<NodeId>,
    /// Weight per node, parallel to `nodes`; 0 marks a node with explicit tokens.
    weights: Vec<u32>,
    vnodes: u32,
    ring: TokenRing,
}

impl Ring {
    /// `nodes` (sorted and deduplicated here; none gets `N1`) with `vnodes` hashed
    /// tokens each (at least 1), weight 1.
    pub fn new(nodes: &[NodeId], vnodes: u32) -> Self {
        let ids = node_list(nodes, usize::MAX);
        let mut r = Ring {
            nodes: Vec::new(),
            weights: Vec::new(),
            vnodes: vnodes.max(1),
            ring: TokenRing::default(),
        };
        for n in ids {
            // Fresh, distinct ids: cannot fail.
            let _ = r.add_node(n);
        }
        r
    }

    /// A ring of explicit tokens `(node, position)`, e.g. the book's nodes at 0°, 120°
    /// and 240° ([`super::hash::at_degrees`]). An empty list gets `N1` at 0.
    pub fn with_tokens(tokens: &[(NodeId, u64)], vnodes: u32) -> Self {
        let mut r = Ring {
            nodes: Vec::new(),
            weights: Vec::new(),
            vnodes: vnodes.max(1),
            ring: TokenRing::default(),
        };
        for &(n, pos) in tokens {
            if let Ok(at) = check_new(&r.nodes, n) {
                r.nodes.insert(at, n);
                r.weights.insert(at, 0);
            }
            r.ring.insert(pos, n);
        }
        if r.nodes.is_empty() {
            r.nodes.push(NodeId(1));
            r.weights.push(0);
            r.ring.insert(0, NodeId(1));
        }
        r
    }

    /// The tokens, `(position, owner)` clockwise from 0.
    pub fn tokens(&self) -> &[(u64, NodeId)] {
        self.ring.tokens()
    }

    /// Virtual nodes per unit of weight.
    pub fn vnodes(&self) -> u32 {
        self.vnodes
    }

    /// A node's weight (its tokens are `vnodes × weight`); 0 for a node with explicit
    /// tokens, `None` for no such node.
    pub fn weight(&self, node: NodeId) -> Option<u32> {
        let i = self.nodes.binary_search(&node).ok()?;
        Some(self.weights[i])
    }

    /// Adds `node` with explicit tokens at `positions` (at least one; none gives it a
    /// token at 0).
    ///
    /// # Errors
    /// The node exists.
    pub fn add_node_at(&mut self, node: NodeId, positions: &[u64]) -> Result<(), PlacementError> {
        let at = check_new(&self.nodes, node)?;
        self.nodes.insert(at, node);
        self.weights.insert(at, 0);
        for &p in positions {
            self.ring.insert(p, node);
        }
        if positions.is_empty() {
            self.ring.insert(0, node);
        }
        Ok(())
    }

    /// Gives `node` `vnodes × weight` hashed tokens (weight clamped to
    /// `1..=MAX_WEIGHT`), replacing its tokens: a bigger machine takes a bigger share.
    ///
    /// # Errors
    /// No such node.
    pub fn set_weight(&mut self, node: NodeId, weight: u32) -> Result<(), PlacementError> {
        let i = self
            .nodes
            .binary_search(&node)
            .map_err(|_| PlacementError::NoSuchNode(node))?;
        let weight = weight.clamp(1, MAX_WEIGHT);
        self.weights[i] = weight;
        self.ring.remove_node(node);
        for v in 0..self.vnodes.saturating_mul(weight) {
            self.ring.insert(vnode_token(node, v), node);
        }
        Ok(())
    }
}

impl Placement for Ring {
    fn kind(&self) -> StrategyKind {
        StrategyKind::Ring
    }

    fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    fn partitions(&self) -> Vec<PartitionInfo> {
        self.ring.partitions()
    }

    fn locate(&self, key: Key) -> (PartitionId, NodeId) {
        self.ring.locate(key)
    }

    fn add_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        let at = check_new(&self.nodes, node)?;
        self.nodes.insert(at, node);
        self.weights.insert(at, 1);
        self.set_weight(node, 1)
    }

    fn remove_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        let at = check_removable(&self.nodes, node)?;
        self.nodes.remove(at);
        self.weights.remove(at);
        self.ring.remove_node(node);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partition::hash::{at_degrees, key_hash};
    use crate::partition::{KeySet, Movement};

    #[test]
    fn the_book_ring_adding_d_at_60_degrees_moves_exactly_the_keys_in_0_to_60() {
        // DDIA ch. 6's ring: A at 0°, B at 120°, C at 240°; D joins at 60°. Every key
        // whose hash is in (0°, 60°] moves from B to D, and no other key moves.
        let (a, b, c, d) = (NodeId(1), NodeId(2), NodeId(3), NodeId(4));
        let before = Ring::with_tokens(&[(a, 0), (b, at_degrees(120)), (c, at_degrees(240))], 1);
        let mut after = before.clone();
        after.add_node_at(d, &[at_degrees(60)]).unwrap();
        let keys = KeySet::sequential(5_000, 1);
        let m = Movement::between(&before, &after, &keys);
        let in_arc = |k: Key| (1..=at_degrees(60)).contains(&key_hash(k));
        let expected = keys.records().iter().filter(|r| in_arc(r.key)).count();
        assert!(expected > 500, "about a sixth of 5,000: {expected}");
        assert_eq!(m.moves.len(), expected);
        assert!(m
            .moves
            .iter()
            .all(|mv| in_arc(mv.key) && mv.from == b && mv.to == d));
    }

    #[test]
    fn weights_scale_tokens_and_removal_keeps_the_rest() {
        let mut r = Ring::new(&[NodeId(1), NodeId(2)], 10);
        assert_eq!(r.tokens().len(), 20);
        r.set_weight(NodeId(2), 3).unwrap();
        assert_eq!(r.weight(NodeId(2)), Some(3));
        assert_eq!(r.tokens().iter().filter(|t| t.1 == NodeId(2)).count(), 30);
        let before = r.clone();
        r.remove_node(NodeId(1)).unwrap();
        let keys = KeySet::sequential(2_000, 1);
        let m = Movement::between(&before, &r, &keys);
        assert!(m.moves.iter().all(|mv| mv.from == NodeId(1)));
        assert_eq!(r.remove_node(NodeId(2)), Err(PlacementError::LastNode));
        assert_eq!(
            r.set_weight(NodeId(9), 1),
            Err(PlacementError::NoSuchNode(NodeId(9)))
        );
    }
}
