//! Measurements across strategies on the run's own keys (DDIA ch. 6, "Rebalancing
//! Partitions"): keys moved as nodes join one by one, and the load spread of consistent
//! hashing against the number of vnodes per node. Computed by placing the keys again (never typed in), once per
//! change of the run.

use ddia_core::partition::spread::Spread;
use ddia_core::partition::{
    AnyPlacement, KeySet, Movement, NodeId, PartitionSession, Placement, PlacementConfig,
    StrategyKind,
};

/// A chart line: `(x, y)` points in data units.
pub type Line = Vec<(f64, f64)>;

/// `config` with strategy `kind`.
fn with_kind(config: &PlacementConfig, kind: StrategyKind) -> PlacementConfig {
    PlacementConfig { kind, ..*config }
}

/// `keys` placed by `config` on `nodes`, fitted to the data.
fn placed(config: &PlacementConfig, nodes: &[NodeId], keys: &KeySet) -> AnyPlacement {
    let mut p = AnyPlacement::new(config, nodes);
    p.fit(keys);
    p
}

/// Percent of the keys moved as nodes join one at a time, `steps` times, starting from
/// `nodes`, for each of `kinds`: `(nodes added so far, percent moved by this add)` per
/// step (a strategy that refuses an add stops there), and the ideal, `100 / (n + i)`
/// percent for the `i`-th add to `n` nodes.
pub fn moved_as_nodes_join(
    config: &PlacementConfig,
    kinds: &[StrategyKind],
    nodes: &[NodeId],
    keys: &KeySet,
    steps: u32,
) -> (Vec<(StrategyKind, Line)>, Line) {
    let total = keys.len().max(1) as f64;
    let next_id = nodes.iter().map(|n| n.0).max().unwrap_or(0) + 1;
    let lines = kinds
        .iter()
        .map(|&kind| {
            let mut p = placed(&with_kind(config, kind), nodes, keys);
            let mut points = Vec::new();
            for i in 0..steps {
                let mut next = p.clone();
                if next.add_node(NodeId(next_id + i)).is_err() {
                    break;
                }
                next.fit(keys);
                let m = Movement::between(&p, &next, keys);
                points.push((f64::from(i + 1), m.keys_moved() as f64 * 100.0 / total));
                p = next;
            }
            (kind, points)
        })
        .collect();
    let n0 = nodes.len() as f64;
    let ideal = (1..=steps)
        .map(|i| (f64::from(i), 100.0 / (n0 + f64::from(i))))
        .collect();
    (lines, ideal)
}

/// Vnodes per node the spread chart samples.
pub const VNODE_SAMPLES: [u32; 12] = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];

/// Keys per node of `session`, in node order.
pub fn keys_per_node(session: &PartitionSession) -> Vec<u64> {
    session.node_loads().iter().map(|l| l.keys).collect()
}

/// Consistent hashing's load spread on `nodes` for each of [`VNODE_SAMPLES`]:
/// `(vnodes, max / mean)` and `(vnodes, standard deviation / mean)` of keys per node.
pub fn spread_by_vnodes(config: &PlacementConfig, nodes: &[NodeId], keys: &KeySet) -> (Line, Line) {
    let mut max_line = Vec::new();
    let mut sd_line = Vec::new();
    for v in VNODE_SAMPLES {
        let c = PlacementConfig {
            kind: StrategyKind::Ring,
            vnodes: v,
            ..*config
        };
        let session = PartitionSession::from_placement(c, placed(&c, nodes, keys), keys.clone());
        let s = Spread::of(&keys_per_node(&session));
        if s.mean > 0.0 {
            max_line.push((f64::from(v), s.max_over_mean));
            sd_line.push((f64::from(v), s.stddev / s.mean));
        }
    }
    (max_line, sd_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ten() -> Vec<NodeId> {
        (1..=10).map(NodeId).collect()
    }

    #[test]
    fn joins_one_by_one_and_the_ideal() {
        let keys = KeySet::sequential(2_000, 10);
        let (lines, ideal) = moved_as_nodes_join(
            &PlacementConfig::default(),
            &StrategyKind::ALL,
            &ten(),
            &keys,
            3,
        );
        assert_eq!(ideal.len(), 3);
        assert_eq!(ideal[0].0, 1.0);
        assert!(
            (ideal[0].1 - 100.0 / 11.0).abs() < 1e-9,
            "10 -> 11 nodes: 1/11"
        );
        assert!((ideal[2].1 - 100.0 / 13.0).abs() < 1e-9);
        assert_eq!(lines.len(), 5);
        for (kind, points) in &lines {
            assert_eq!(points.len(), 3, "{kind:?}");
            let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
            assert_eq!(xs, [1.0, 2.0, 3.0]);
        }
        let modn = &lines
            .iter()
            .find(|l| l.0 == StrategyKind::HashMod)
            .unwrap()
            .1;
        assert!(modn.iter().all(|p| p.1 > 80.0), "{modn:?}");
    }

    #[test]
    fn more_vnodes_spread_the_load_more_evenly() {
        let keys = KeySet::sequential(5_000, 10);
        let (max, sd) = spread_by_vnodes(&PlacementConfig::default(), &ten(), &keys);
        assert_eq!(max.len(), VNODE_SAMPLES.len());
        assert!(max[0].1 > max[max.len() - 1].1, "{max:?}");
        assert!(sd[0].1 > sd[sd.len() - 1].1, "{sd:?}");
        assert!(max.iter().all(|p| p.1 >= 1.0));
    }
}
