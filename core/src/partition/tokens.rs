//! A ring of tokens (DDIA ch. 6, "Partitioning by Hash of Key"): each token is a ring
//! position owned by a node, and a key belongs to the first token at or clockwise
//! after its hash, so token `i` covers the arc `(token i-1, token i]`. Shared by
//! consistent hashing ([`super::ring`]) and partitions proportional to nodes
//! ([`super::proportional`]); they differ in where a new node's tokens go.

use alloc::vec::Vec;

use super::hash::key_hash;
use super::{to_u32, Key, NodeId, PartitionId, PartitionInfo, Span};

/// Tokens sorted by position, at most one per position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenRing {
    tokens: Vec<(u64, NodeId)>,
    /// The tokens' positions alone, for a binary search over 8-byte entries (twice as
    /// many per cache line as `tokens`); always equal to `tokens`' first fields.
    positions: Vec<u64>,
}

impl TokenRing {
    /// The tokens, `(position, owner)` in clockwise order from 0.
    pub fn tokens(&self) -> &[(u64, NodeId)] {
        &self.tokens
    }

    /// Adds a token for `node` at `pos`, or at the next free position clockwise if a
    /// token is already there (two tokens at one position would leave one an empty
    /// arc). Returns the position used.
    pub fn insert(&mut self, mut pos: u64, node: NodeId) -> u64 {
        loop {
            match self.positions.binary_search(&pos) {
                Ok(_) => pos = pos.wrapping_add(1),
                Err(at) => {
                    self.tokens.insert(at, (pos, node));
                    self.positions.insert(at, pos);
                    return pos;
                }
            }
        }
    }

    /// Drops every token of `node`; how many there were.
    pub fn remove_node(&mut self, node: NodeId) -> usize {
        let before = self.tokens.len();
        self.tokens.retain(|t| t.1 != node);
        self.positions = self.tokens.iter().map(|t| t.0).collect();
        before - self.tokens.len()
    }

    /// The index of the token owning ring position `pos`: the first at or after it,
    /// wrapping to the first token. `None` on an empty ring.
    pub fn owner_index(&self, pos: u64) -> Option<usize> {
        if self.positions.is_empty() {
            return None;
        }
        let i = self.positions.partition_point(|&t| t < pos);
        Some(if i == self.positions.len() { 0 } else { i })
    }

    /// The partition (token index) and node holding `key`; `(P0, N0)` on an empty
    /// ring (the strategies never leave it empty).
    pub fn locate(&self, key: Key) -> (PartitionId, NodeId) {
        match self.owner_index(key_hash(key)) {
            Some(i) => (PartitionId(to_u32(i)), self.tokens[i].1),
            None => (PartitionId(0), NodeId(0)),
        }
    }

    /// The arc `(after, upto]` of token `i`.
    pub fn arc(&self, i: usize) -> Span {
        let upto = self.tokens[i].0;
        let prev = if i == 0 { self.tokens.len() - 1 } else { i - 1 };
        Span::Arc {
            after: self.tokens[prev].0,
            upto,
        }
    }

    /// One partition per token, in clockwise order.
    pub fn partitions(&self) -> Vec<PartitionInfo> {
        (0..self.tokens.len())
            .map(|i| PartitionInfo {
                id: PartitionId(to_u32(i)),
                span: self.arc(i),
                owner: self.tokens[i].1,
            })
            .collect()
    }
}

/// The clockwise length of the arc `(after, upto]`; `None` for the whole ring (2^64,
/// which a `u64` cannot hold).
pub fn arc_len(after: u64, upto: u64) -> Option<u64> {
    (after != upto).then(|| upto.wrapping_sub(after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partition::hash::at_degrees;

    #[test]
    fn keys_go_to_the_next_token_clockwise() {
        let mut r = TokenRing::default();
        for (d, n) in [(0, 1), (120, 2), (240, 3)] {
            r.insert(at_degrees(d), NodeId(n));
        }
        assert_eq!(r.owner_index(at_degrees(50)), Some(1));
        assert_eq!(r.owner_index(at_degrees(120)), Some(1));
        assert_eq!(r.owner_index(at_degrees(200)), Some(2));
        assert_eq!(r.owner_index(at_degrees(300)), Some(0), "wraps past 360");
        assert_eq!(r.owner_index(0), Some(0));
        assert_eq!(
            r.arc(0),
            Span::Arc {
                after: at_degrees(240),
                upto: 0
            }
        );
    }

    #[test]
    fn a_taken_position_moves_the_new_token_on_and_removal_drops_all() {
        let mut r = TokenRing::default();
        assert_eq!(r.insert(5, NodeId(1)), 5);
        assert_eq!(r.insert(5, NodeId(2)), 6);
        assert_eq!(r.insert(u64::MAX, NodeId(2)), u64::MAX);
        assert_eq!(r.remove_node(NodeId(2)), 2);
        assert_eq!(r.tokens(), &[(5, NodeId(1))]);
        assert_eq!(
            r.arc(0),
            Span::Arc { after: 5, upto: 5 },
            "one token: the whole ring"
        );
        assert_eq!(arc_len(5, 5), None);
        assert_eq!(arc_len(u64::MAX, 1), Some(2));
    }
}
