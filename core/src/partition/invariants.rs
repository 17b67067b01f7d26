//! The placement invariant the partitioning lab checks after every action (DDIA ch. 6:
//! every record belongs to exactly one partition, and every partition to one node):
//! the partitions' spans tile the key space or the ring with no gap and no overlap,
//! every key lies in the span of the partition it is located in, and that partition's
//! owner is a node of the cluster.

use alloc::format;
use alloc::string::String;

use super::{Key, KeySet, Placement, Span};

/// Checks `p` over `keys`.
///
/// # Errors
/// The first broken rule, in words.
pub fn check_placement(p: &impl Placement, keys: &KeySet) -> Result<(), String> {
    check_tiling(p)?;
    let parts = p.partitions();
    for r in keys.records() {
        let (id, owner) = p.locate(r.key);
        let Some(info) = parts.get(super::to_usize(id.0)) else {
            return Err(format!(
                "{} is located in {id}, which does not exist",
                r.key
            ));
        };
        if !info.span.contains(r.key) || info.owner != owner {
            return Err(format!(
                "{} is located in {id} on {owner}, whose span does not hold it",
                r.key
            ));
        }
        if p.nodes().binary_search(&owner).is_err() {
            return Err(format!(
                "{} is owned by {owner}, which is not in the cluster",
                r.key
            ));
        }
    }
    Ok(())
}

/// The spans, in order, leave no gap and overlap nowhere.
fn check_tiling(p: &impl Placement) -> Result<(), String> {
    let parts = p.partitions();
    let n = parts.len();
    if n == 0 {
        return Err("there are no partitions".into());
    }
    for (i, q) in parts.iter().enumerate() {
        let prev = parts[(i + n - 1) % n].span;
        let ok = match (prev, q.span) {
            (Span::Residue { .. }, Span::Residue { modulus, residue }) => {
                modulus == super::to_u32(n) && residue == super::to_u32(i)
            }
            (Span::Arc { upto, .. }, Span::Arc { after, .. }) => after == upto,
            (Span::Keys { to, .. }, Span::Keys { from, .. }) if i == 0 => {
                from == Key(0) && to.is_none()
            }
            (Span::Keys { to, .. }, Span::Keys { from, .. }) => to == Some(from),
            _ => false,
        };
        if !ok {
            return Err(format!(
                "partition {} does not follow {} without a gap or overlap",
                q.id,
                parts[(i + n - 1) % n].id
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partition::{
        AnyPlacement, NodeId, PartitionId, PartitionInfo, PlacementConfig, PlacementError,
        StrategyKind,
    };

    /// Two arcs that overlap: (0, 10] and (5, 0].
    struct Overlapping([NodeId; 1]);

    impl Placement for Overlapping {
        fn kind(&self) -> StrategyKind {
            StrategyKind::Ring
        }
        fn nodes(&self) -> &[NodeId] {
            &self.0
        }
        fn partitions(&self) -> alloc::vec::Vec<PartitionInfo> {
            let arc = |id, after, upto| PartitionInfo {
                id: PartitionId(id),
                span: Span::Arc { after, upto },
                owner: NodeId(1),
            };
            alloc::vec![arc(0, 0, 10), arc(1, 5, 0)]
        }
        fn locate(&self, _: Key) -> (PartitionId, NodeId) {
            (PartitionId(0), NodeId(1))
        }
        fn add_node(&mut self, _: NodeId) -> Result<(), PlacementError> {
            Ok(())
        }
        fn remove_node(&mut self, _: NodeId) -> Result<(), PlacementError> {
            Ok(())
        }
    }

    #[test]
    fn every_strategy_passes_and_a_broken_tiling_is_caught() {
        let keys = KeySet::sequential(500, 40);
        let nodes: alloc::vec::Vec<NodeId> = (1..=3).map(NodeId).collect();
        for kind in StrategyKind::ALL {
            let config = PlacementConfig {
                kind,
                split_bytes: 2_000,
                ..PlacementConfig::default()
            };
            let mut p = AnyPlacement::new(&config, &nodes);
            p.fit(&keys);
            assert_eq!(check_placement(&p, &keys), Ok(()), "{kind:?}");
        }
        let broken = check_placement(&Overlapping([NodeId(1)]), &keys).unwrap_err();
        assert!(broken.contains("without a gap or overlap"), "{broken}");
    }
}
