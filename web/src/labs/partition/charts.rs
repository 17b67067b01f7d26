//! The lab's charts (plotters, [`crate::shell::chart`]), measured on the run's own keys
//! and nodes and redrawn only when they change: the load spread of consistent hashing
//! against vnodes per node, and the percent of keys each strategy moves as nodes join one
//! at a time, beside the ideal 1/(n+1) (DDIA ch. 6, "Rebalancing Partitions").

use super::measure::{moved_as_nodes_join, spread_by_vnodes};
use super::palette::{strategy_rgb, IDEAL_RGB};
use super::state::PartitionState;
use crate::shell::chart::{ChartSpec, LineChart, Series};
use crate::shell::context::context;
use ddia_core::partition::{KeySet, NodeId, Placement, PlacementConfig, StrategyKind};
use leptos::prelude::*;
use plotters::style::RGBColor;

/// Nodes added one at a time in the movement chart.
pub const JOINS: u32 = 5;

const SPREAD: ChartSpec = ChartSpec {
    title: "Load spread",
    x_label: "vnodes per node (consistent hashing)",
    y_label: "keys per node, × the mean",
    x_min: 8.0,
    y_min: 1.0,
};

/// One movement chart: its strategies (few, so the legend fits beside the title;
/// `shell::chart` draws both on one 300-unit row) and what its tooltip explains.
struct MovedChart {
    spec: ChartSpec,
    kinds: &'static [StrategyKind],
    tip: Option<&'static str>,
}

const fn moved_spec(title: &'static str, y_label: &'static str) -> ChartSpec {
    ChartSpec {
        title,
        x_label: "nodes added, one at a time",
        y_label,
        x_min: 1.0,
        y_min: 10.0,
    }
}

/// The book's contrast (hash mod N against the ring), then the strategies that move
/// whole partitions.
const MOVED: [MovedChart; 2] = [
    MovedChart {
        spec: moved_spec("mod N vs ring", "% of the keys moved by each add"),
        kinds: &[StrategyKind::HashMod, StrategyKind::Ring],
        // play16i U9: under ring-60 the run moves one arc while this line moves more.
        tip: Some("each node joins the ring with hashed tokens (vnodes per node), as \"+ Add node\" does; a node added at a chosen angle (\"+ Add at °\", the ring-60 scenario) moves only the arc it takes"),
    },
    MovedChart {
        spec: moved_spec("Partitions", "% of keys moved per add; range 0: no spare range"),
        kinds: &[
            StrategyKind::Fixed,
            StrategyKind::Proportional,
            StrategyKind::KeyRange,
        ],
        // DDIA ch. 6, "Dynamic partitioning": a new node takes whole partitions from
        // the others; key ranges split by size, so a small key set has few of them.
        tip: Some("range falls to 0 % once nodes outnumber the key ranges: a new node takes whole ranges from the others, and there is none to spare until one splits"),
    },
];

/// A short legend name per strategy.
fn short_name(kind: StrategyKind) -> &'static str {
    match kind {
        StrategyKind::KeyRange => "range",
        StrategyKind::HashMod => "mod N",
        StrategyKind::Ring => "ring",
        StrategyKind::Fixed => "fixed",
        StrategyKind::Proportional => "prop",
    }
}

/// The two charts.
#[component]
pub fn PartitionCharts() -> impl IntoView {
    let st = context::<PartitionState>();
    let inputs = Memo::new(move |_| {
        st.with_session(|s| {
            (
                *s.config(),
                s.placement().nodes().to_vec(),
                s.keys().clone(),
            )
        })
    });
    let spread = Memo::new(move |_| {
        inputs.with(|(config, nodes, keys)| {
            let (max, sd) = spread_by_vnodes(config, nodes, keys);
            vec![
                Series {
                    name: "max / mean",
                    colour: strategy_rgb(StrategyKind::Ring),
                    points: max,
                },
                Series {
                    name: "std dev / mean",
                    colour: RGBColor(0x1F, 0x9D, 0x55),
                    points: sd,
                },
            ]
        })
    });
    let moved = MOVED.iter().map(|chart| {
        let series = Memo::new(move |_| {
            inputs.with(|(config, nodes, keys)| moved_series(chart.kinds, config, nodes, keys))
        });
        view! { <div class="chart-tip" title=chart.tip><LineChart spec=chart.spec series=series /></div> }
    });
    view! {
        <section class="partition-charts" aria-label="charts">
            <h2>"Measured on these keys: load spread; keys moved as nodes join one at a time"</h2>
            <div class="chart-row">
                <LineChart spec=SPREAD series=spread />
                {moved.collect_view()}
            </div>
        </section>
    }
}

/// The movement chart's series for `kinds`, and the ideal.
fn moved_series(
    kinds: &[StrategyKind],
    config: &PlacementConfig,
    nodes: &[NodeId],
    keys: &KeySet,
) -> Vec<Series> {
    let (lines, ideal) = moved_as_nodes_join(config, kinds, nodes, keys, JOINS);
    let mut series: Vec<Series> = lines
        .into_iter()
        .map(|(kind, points)| Series {
            name: short_name(kind),
            colour: strategy_rgb(kind),
            points,
        })
        .collect();
    series.push(Series {
        name: "ideal",
        colour: IDEAL_RGB,
        points: ideal,
    });
    series
}
