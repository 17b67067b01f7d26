//! Key-range partitioning with dynamic partitions (DDIA ch. 6, "Partitioning by Key
//! Range" and "Rebalancing Partitions", "Dynamic partitioning"; HBase, RethinkDB): each
//! partition holds a contiguous range of keys in key order, so a range scan touches
//! few partitions. A partition that grows past a size threshold splits in two at its
//! median key, and the new half goes to the node holding the fewest partitions; two
//! neighbours that shrink below a lower threshold merge. A cluster starts with a
//! single partition. Keys that increase monotonically (timestamps) all land in the
//! last partition: a hot spot.

use alloc::vec::Vec;

use super::owners::{join, least_loaded, leave, round_robin};
use super::placement::node_list;
use super::{
    to_u32, Key, KeySet, NodeId, PartitionId, PartitionInfo, Placement, PlacementError, Span,
    StrategyKind,
};

/// Most partitions a key-range placement splits into (a bound on the work per fit).
pub const MAX_PARTITIONS: usize = 4_096;

/// Key ranges over nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRange {
    nodes: Vec<NodeId>,
    /// First key of each partition; `starts[0] == Key(0)`, strictly increasing.
    starts: Vec<Key>,
    /// Owner of each partition.
    owners: Vec<NodeId>,
    /// Whether the boundary at `starts[i]` was split by hand (a hot range): merges
    /// leave it alone.
    manual: Vec<bool>,
    split_bytes: u64,
    merge_bytes: u64,
}

impl KeyRange {
    /// One partition, all keys, on the first of `nodes` (sorted and deduplicated; none
    /// gets `N1`); it splits past `split_bytes` (at least 1) and two neighbours merge
    /// below `merge_bytes` (kept under half of `split_bytes`, so a split is never
    /// merged back at once).
    pub fn new(nodes: &[NodeId], split_bytes: u64, merge_bytes: u64) -> Self {
        let ids = node_list(nodes, usize::MAX);
        let split_bytes = split_bytes.max(1);
        KeyRange {
            owners: round_robin(1, &ids),
            nodes: ids,
            starts: alloc::vec![Key(0)],
            manual: alloc::vec![false],
            split_bytes,
            merge_bytes: merge_bytes.min(split_bytes / 2),
        }
    }

    /// The partition index holding `key`.
    fn index(&self, key: Key) -> usize {
        self.starts.partition_point(|s| *s <= key).saturating_sub(1)
    }

    fn end(&self, i: usize) -> Option<Key> {
        self.starts.get(i + 1).copied()
    }

    /// Splits partition `p` at `at` (which must lie strictly inside it), giving the
    /// upper part to `to` (a hot range split by hand, which merges leave alone) or,
    /// when `None` (a split as data grows), to the node with the fewest partitions.
    /// Returns whether it split.
    pub fn split_at(&mut self, p: PartitionId, at: Key, to: Option<NodeId>) -> bool {
        let i = super::to_usize(p.0);
        let inside =
            i < self.starts.len() && at > self.starts[i] && self.end(i).is_none_or(|e| at < e);
        if !inside || self.starts.len() >= MAX_PARTITIONS {
            return false;
        }
        let manual = to.is_some();
        let owner = to.unwrap_or_else(|| least_loaded(&self.owners, &self.nodes));
        self.starts.insert(i + 1, at);
        self.owners.insert(i + 1, owner);
        self.manual.insert(i + 1, manual);
        true
    }

    /// The key at which `records` (one partition's) split into halves of about equal
    /// bytes: the first key of the upper half; `None` with fewer than two keys.
    fn median(records: &[super::Record]) -> Option<Key> {
        let total: u64 = records.iter().map(|r| u64::from(r.bytes)).sum();
        let mut acc = 0;
        for (i, r) in records.iter().enumerate().skip(1) {
            acc += u64::from(records[i - 1].bytes);
            if acc * 2 >= total {
                return Some(r.key);
            }
        }
        None
    }

    fn bytes(&self, keys: &KeySet, i: usize) -> u64 {
        keys.range(self.starts[i], self.end(i))
            .iter()
            .map(|r| u64::from(r.bytes))
            .sum()
    }

    /// Splits every partition over the threshold, repeatedly; how many splits.
    fn split_big(&mut self, keys: &KeySet) -> usize {
        let mut splits = 0;
        let mut i = 0;
        while i < self.starts.len() {
            let records = keys.range(self.starts[i], self.end(i));
            let big = self.bytes(keys, i) > self.split_bytes;
            match Self::median(records).filter(|_| big) {
                Some(at) if self.split_at(PartitionId(to_u32(i)), at, None) => splits += 1,
                _ => i += 1,
            }
        }
        splits
    }

    /// Merges neighbours whose sum is under the merge threshold (the lower one's
    /// owner keeps the merged range); how many merges.
    fn merge_small(&mut self, keys: &KeySet) -> usize {
        let mut merges = 0;
        let mut i = 0;
        while i + 1 < self.starts.len() {
            let sum = self.bytes(keys, i) + self.bytes(keys, i + 1);
            if !self.manual[i + 1] && sum < self.merge_bytes {
                self.starts.remove(i + 1);
                self.owners.remove(i + 1);
                self.manual.remove(i + 1);
                merges += 1;
            } else {
                i += 1;
            }
        }
        merges
    }
}

impl Placement for KeyRange {
    fn kind(&self) -> StrategyKind {
        StrategyKind::KeyRange
    }

    fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    fn partitions(&self) -> Vec<PartitionInfo> {
        (0..self.starts.len())
            .map(|i| PartitionInfo {
                id: PartitionId(to_u32(i)),
                span: Span::Keys {
                    from: self.starts[i],
                    to: self.end(i),
                },
                owner: self.owners[i],
            })
            .collect()
    }

    fn locate(&self, key: Key) -> (PartitionId, NodeId) {
        let i = self.index(key);
        (PartitionId(to_u32(i)), self.owners[i])
    }

    fn add_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        join(&mut self.nodes, &mut self.owners, node)
    }

    fn remove_node(&mut self, node: NodeId) -> Result<(), PlacementError> {
        leave(&mut self.nodes, &mut self.owners, node)
    }

    fn fit(&mut self, keys: &KeySet) -> usize {
        self.split_big(keys) + self.merge_small(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partition::Record;

    fn three() -> Vec<NodeId> {
        (1..=3).map(NodeId).collect()
    }

    #[test]
    fn a_growing_partition_splits_at_its_median_and_spreads_over_nodes() {
        let mut r = KeyRange::new(&three(), 1_000, 100);
        assert_eq!(r.partitions().len(), 1);
        let keys = KeySet::sequential(400, 10); // 4,000 bytes: four partitions of 1,000
        let changes = r.fit(&keys);
        let parts = r.partitions();
        assert_eq!(changes, parts.len() - 1);
        assert_eq!(parts.len(), 4);
        assert_eq!(
            parts[1].span,
            Span::Keys {
                from: Key(100),
                to: Some(Key(200))
            }
        );
        let owners: Vec<NodeId> = parts.iter().map(|p| p.owner).collect();
        assert!(three().iter().all(|n| owners.contains(n)));
        for k in 0..400 {
            let (p, _) = r.locate(Key(k));
            assert!(parts[super::super::to_usize(p.0)].span.contains(Key(k)));
        }
        assert_eq!(r.fit(&keys), 0, "a fitted placement stays put");
    }

    #[test]
    fn small_neighbours_merge_but_a_hand_split_stays() {
        let mut r = KeyRange::new(&three(), 1_000, 400);
        r.fit(&KeySet::sequential(400, 10));
        let few = KeySet::new((0..20).map(|k| Record {
            key: Key(k * 20),
            bytes: 10,
        }));
        r.fit(&few);
        assert_eq!(r.partitions().len(), 1);
        assert!(r.split_at(PartitionId(0), Key(50), Some(NodeId(2))));
        assert!(
            !r.split_at(PartitionId(0), Key(50), Some(NodeId(2))),
            "not strictly inside"
        );
        assert_eq!(r.fit(&few), 0);
        assert_eq!(r.partitions().len(), 2);
    }
}
