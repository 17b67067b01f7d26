//! Per-node load bars: the keys each node holds, against the mean; the most loaded node
//! is marked with its factor over the mean (DDIA ch. 6, "Skewed Workloads and Relieving
//! Hot Spots").

use super::palette::owner_class;
use super::state::PartitionState;
use crate::shell::format::{count, fixed};
use crate::shell::glossary::{entry, partition::PARTITION, Gloss};
use ddia_core::partition::NodeLoad;
use leptos::prelude::*;

/// A node is marked as a hot spot when it holds at least this many times the mean.
pub const HOT_NODE_FACTOR: f64 = 1.25;

/// One bar as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The node's load.
    pub load: NodeLoad,
    /// Its width, percent of the largest load.
    pub width: f64,
    /// Its load over the mean.
    pub factor: f64,
    /// Whether it is the hot spot.
    pub hot: bool,
}

/// The bars of `loads` and the mean's position (percent of the largest load).
pub fn bars(loads: &[NodeLoad]) -> (Vec<Bar>, f64) {
    let max = loads.iter().map(|l| l.keys).max().unwrap_or(0).max(1) as f64;
    let total: u64 = loads.iter().map(|l| l.keys).sum();
    let mean = total as f64 / loads.len().max(1) as f64;
    let top = loads.iter().map(|l| l.keys).max().unwrap_or(0);
    let bars = loads
        .iter()
        .map(|l| {
            let factor = if mean > 0.0 {
                l.keys as f64 / mean
            } else {
                0.0
            };
            Bar {
                load: *l,
                width: l.keys as f64 * 100.0 / max,
                factor,
                hot: l.keys == top && factor >= HOT_NODE_FACTOR,
            }
        })
        .collect();
    (bars, mean * 100.0 / max)
}

/// The bars.
#[component]
pub fn LoadBars() -> impl IntoView {
    let st = expect_context::<PartitionState>();
    let loads = Memo::new(move |_| st.with_session(|s| s.node_loads()));
    let rows = move || {
        loads.with(|l| {
            let (bars, mean) = bars(l);
            let mean_style = format!("left: {}%", fixed(mean, 1));
            bars.into_iter()
                .map(|b| {
                    let node = b.load.node;
                    view! {
                        <li class="load-row" class:hot=b.hot data-node=node.0>
                            <span class="load-name">{node.to_string()}</span>
                            <span class="load-track">
                                <span class=format!("load-fill {}", owner_class(node)) style=format!("width: {}%", fixed(b.width, 1))></span>
                                <span class="load-mean" style=mean_style.clone()></span>
                            </span>
                            <span class="load-value">
                                {format!("{} · ×{}", count(b.load.keys), fixed(b.factor, 2))}
                                {b.hot.then_some(" hot")}
                            </span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="load-bars" aria-label="keys per node">
            <h2>"Keys per node " <span class="muted">"(× the mean; | = mean)"</span></h2>
            <ul>{rows}</ul>
            <p class="hint">"Uneven bars are "<Gloss entry=entry(PARTITION, "skew") />"; the busiest node is a "<Gloss entry=entry(PARTITION, "hot spot") />" when it holds "{format!("{HOT_NODE_FACTOR}")}"× the mean."</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::partition::NodeId;

    fn load(id: u32, keys: u64) -> NodeLoad {
        NodeLoad {
            node: NodeId(id),
            keys,
            bytes: keys,
            partitions: 1,
            requests: 0,
        }
    }

    #[test]
    fn the_busiest_node_is_hot_only_well_above_the_mean() {
        let (b, mean) = bars(&[load(1, 100), load(2, 100), load(3, 100)]);
        assert!(b.iter().all(|b| !b.hot && (b.width - 100.0).abs() < 1e-9));
        assert!((mean - 100.0).abs() < 1e-9);
        let (b, mean) = bars(&[load(1, 50), load(2, 50), load(3, 200)]);
        assert_eq!(b.iter().filter(|b| b.hot).count(), 1);
        assert!(b[2].hot && (b[2].factor - 2.0).abs() < 1e-9);
        assert!((mean - 50.0).abs() < 1e-9);
        assert!(bars(&[]).0.is_empty());
    }
}
