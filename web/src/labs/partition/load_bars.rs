//! Per-node load bars: the keys each node holds or the requests it received (a toggle),
//! against the mean; the most loaded node is marked with its factor over the mean (DDIA ch. 6, "Skewed Workloads and Relieving
//! Hot Spots").

use super::palette::owner_class;
use super::picture::Load;
use super::state::PartitionState;
use crate::shell::context::context;
use crate::shell::format::{count, fixed};
use crate::shell::glossary::{entry, partition::PARTITION, Gloss};
use ddia_core::partition::{NodeId, NodeLoad, StrategyKind};
use leptos::prelude::*;

/// A node is marked as a hot spot when it received at least this many times the mean
/// requests (and no other node as many). Keys held are not load: an uneven share of
/// keys is token-placement noise or a node's weight, not a hot spot.
pub const HOT_NODE_FACTOR: f64 = 1.25;

/// One bar as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The node's load.
    pub load: NodeLoad,
    /// What the bar shows of it.
    pub value: u64,
    /// Its width, percent of the largest load.
    pub width: f64,
    /// Its load over the mean.
    pub factor: f64,
    /// Whether it is the hot spot.
    pub hot: bool,
}

/// The bars of `loads` measured in `load`, and the mean's position (percent of the
/// largest). Requests are the last batch's mean over the nodes it ran on (`ran`, its
/// count per node; the bars' own mean when empty): a node added since took none of it
/// (play16f U6), and one removed since still counts (play16g W3).
pub fn bars(loads: &[NodeLoad], load: Load, ran: &[(NodeId, u64)]) -> (Vec<Bar>, f64) {
    let values: Vec<u64> = loads.iter().map(|l| load.of_node(l)).collect();
    let top = values.iter().copied().max().unwrap_or(0);
    let max = top.max(1) as f64;
    let (sum, nodes) = if load == Load::Requests && !ran.is_empty() {
        (ran.iter().map(|p| p.1).sum::<u64>(), ran.len())
    } else {
        (values.iter().sum::<u64>(), values.len())
    };
    let mean = sum as f64 / nodes.max(1) as f64;
    let alone = values.iter().filter(|&&v| v == top).count() == 1;
    let bars = loads
        .iter()
        .zip(&values)
        .map(|(l, &v)| {
            let factor = if mean > 0.0 { v as f64 / mean } else { 0.0 };
            Bar {
                load: *l,
                value: v,
                width: v as f64 * 100.0 / max,
                factor,
                hot: load == Load::Requests && alone && v == top && factor >= HOT_NODE_FACTOR,
            }
        })
        .collect();
    (bars, mean * 100.0 / max)
}

/// What is true when some nodes hold no partition (key ranges before enough splits:
/// DDIA ch. 6, "Dynamic partitioning" starts from one range): which nodes idle, and
/// that the others being above the mean is not a hot spot. `None` when every node
/// holds a partition.
pub fn idle_note(loads: &[NodeLoad], kind: StrategyKind) -> Option<String> {
    let idle: Vec<String> = loads
        .iter()
        .filter(|l| l.partitions == 0)
        .map(|l| l.node.to_string())
        .collect();
    if idle.is_empty() {
        return None;
    }
    let parts: u32 = loads.iter().map(|l| l.partitions).sum();
    let (word, until) = if kind == StrategyKind::KeyRange {
        ("range", "until a range splits")
    } else {
        ("partition", "until partitions are added")
    };
    let (hold, idles) = if idle.len() == 1 {
        ("holds", "it idles")
    } else {
        ("hold", "they idle")
    };
    Some(format!(
        "{} of {} nodes {hold} no {word} ({}): {parts} {word}{} for {} nodes, so {idles} {until}; the others are above the mean because of that, not because of a hot spot.",
        idle.len(),
        loads.len(),
        idle.join(", "),
        if parts == 1 { "" } else { "s" },
        loads.len()
    ))
}

/// What the request bars do not show of the last batch (play16h U2, play16g U3):
/// that there is none yet, nodes removed since it ran (not drawn, in the mean, with
/// what they served) and nodes added since (they took none of it). `None` for the keys
/// bars or when the nodes are the batch's.
pub fn batch_note(loads: &[NodeLoad], load: Load, ran: &[(NodeId, u64)]) -> Option<String> {
    if load != Load::Requests {
        return None;
    }
    if ran.is_empty() {
        return Some("No batch of requests yet.".into());
    }
    let gone = ran
        .iter()
        .filter(|(n, _)| !loads.iter().any(|l| l.node == *n))
        .map(|(n, h)| format!("{n} removed (served {}, in the mean)", count(*h)));
    let new = loads
        .iter()
        .filter(|l| !ran.iter().any(|(n, _)| l.node == *n))
        .map(|l| format!("{} added (none of it)", l.node));
    let since: Vec<String> = gone.chain(new).collect();
    (!since.is_empty()).then(|| format!("Since the batch: {}.", since.join("; ")))
}

/// The ring nodes of weight above 1 (`weights`: [`ddia_core::partition::PartitionSession::ring_weights`]), with the
/// factor over the mean their weight gives them by design: weight `w` of a total `W`
/// over `n` nodes holds `w · n / W` of the mean's keys (play16h U3: the keys bars' mean
/// is unweighted, so a weighted node's ×1.60 looked like skew). `None` when all weigh 1.
pub fn weight_note(weights: &[(NodeId, u32)]) -> Option<String> {
    let total: u32 = weights.iter().map(|w| w.1).sum();
    let nodes = weights.len() as f64;
    let heavy: Vec<String> = weights
        .iter()
        .filter(|w| w.1 > 1)
        .map(|(n, w)| {
            let factor = f64::from(*w) * nodes / f64::from(total.max(1));
            format!(
                "{n} has weight {w}: ×{} the mean by design",
                fixed(factor, 2)
            )
        })
        .collect();
    (!heavy.is_empty()).then(|| format!("{}.", heavy.join("; ")))
}

/// The bars' heading: requests are counted per batch ([`ddia_core::partition::PartitionSession::clear_requests`]).
fn heading(load: Load) -> String {
    match load {
        Load::Keys => format!("{} per node ", load.name()),
        Load::Requests => format!("{} per node in the last batch ", load.name()),
    }
}

/// The bars.
#[component]
pub fn LoadBars() -> impl IntoView {
    let st = context::<PartitionState>();
    let loads = Memo::new(move |_| st.with_session(|s| s.node_loads()));
    let load = Memo::new(move |_| st.measure());
    let idle = move || {
        let kind = st.with_session(|s| s.config().kind);
        loads
            .with(|l| idle_note(l, kind))
            .map(|t| view! { <p class="hint idle-note">{t}</p> })
    };
    let weighted = move || {
        (load.get() == Load::Keys)
            .then(|| st.with_session(|s| weight_note(&s.ring_weights())))
            .flatten()
            .map(|t| view! { <p class="hint">{t}</p> })
    };
    let since = move || {
        loads
            .with(|l| {
                st.with(|lab| {
                    let ran = lab.batches().last().map_or(&[][..], |b| &b.per_node[..]);
                    batch_note(l, load.get(), ran)
                })
            })
            .map(|t| view! { <p class="hint">{t}</p> })
    };
    let rows = move || {
        loads.with(|l| {
            let (bars, mean) = st.with(|lab| {
                let ran = lab.batches().last().map_or(&[][..], |b| &b.per_node[..]);
                bars(l, load.get(), ran)
            });
            let mean_style = format!("left: {}%", fixed(mean, 1));
            // No load yet (no batch): no factor over a mean of 0 ("0 · ×0.00", play16g U3).
            let factors = mean > 0.0;
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
                                {count(b.value)}
                                {factors.then(|| format!(" · ×{}", fixed(b.factor, 2)))}
                                {b.hot.then_some(" hot")}
                            </span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let vnode_hint = move || {
        let kind = st.with_session(|s| s.config().kind);
        matches!(kind, StrategyKind::Ring | StrategyKind::Proportional)
            .then_some(": few vnodes give uneven arcs (try the Vnodes slider)")
    };
    view! {
        <section class="load-bars" aria-label="keys per node">
            <h2>{move || heading(load.get())} <span class="muted">"(× the mean; | = mean)"</span></h2>
            <div class="tabs load-toggle" role="radiogroup" aria-label="what the bars count">
                {[Load::Keys, Load::Requests].map(|m| view! {
                    <button role="radio" class="tab" data-load=m.word()
                        aria-checked=move || (load.get() == m).to_string()
                        class:active=move || load.get() == m
                        on:click=move |_| st.load_choice.set(Some(m))>
                        {m.name()}
                    </button>
                }).collect_view()}
            </div>
            <ul>{rows}</ul>
            {since}
            {weighted}
            {idle}
            <p class="hint">"Uneven bars are "<Gloss entry=entry(PARTITION, "skew") />"; the busiest node is a "<Gloss entry=entry(PARTITION, "hot spot") />" when it receives "{format!("{HOT_NODE_FACTOR}")}"× the mean requests. Uneven keys are placement, not load"{vnode_hint}"."</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bars count key reads and writes (a salted read touches every sub-key), so
    /// they are not called requests (play16 C4).
    #[test]
    fn the_request_bars_say_they_count_key_touches() {
        assert_eq!(Load::Requests.name(), "key reads/writes");
        assert_eq!(Load::Requests.word(), "requests");
    }

    fn load(id: u32, keys: u64) -> NodeLoad {
        NodeLoad {
            node: NodeId(id),
            keys,
            bytes: keys,
            partitions: 1,
            requests: 0,
        }
    }

    /// play16h U2, play16g U3: the request bars say what they do not show of the
    /// batch: none yet, a node removed since (with what it served), a node added since.
    #[test]
    fn the_request_bars_name_the_nodes_that_changed_since_the_batch() {
        let loads = [load(1, 100), load(2, 100), load(5, 0)];
        let ran = [(NodeId(1), 300), (NodeId(2), 96), (NodeId(3), 104)];
        let note = batch_note(&loads, Load::Requests, &ran).unwrap();
        assert_eq!(
            note,
            "Since the batch: N3 removed (served 104, in the mean); N5 added (none of it)."
        );
        assert_eq!(batch_note(&loads, Load::Keys, &ran), None);
        assert_eq!(batch_note(&loads[..2], Load::Requests, &ran[..2]), None);
        assert!(batch_note(&loads, Load::Requests, &[]).is_some());
    }

    /// play16h U3: a weighted node's share over the unweighted mean is said to be its
    /// weight's, not skew: weight 2 of 5 over 4 nodes is ×1.60 the mean.
    #[test]
    fn a_weighted_node_is_named_with_the_factor_its_weight_gives() {
        let w = [
            (NodeId(1), 1),
            (NodeId(2), 2),
            (NodeId(3), 1),
            (NodeId(4), 1),
        ];
        assert_eq!(
            weight_note(&w).as_deref(),
            Some("N2 has weight 2: ×1.60 the mean by design.")
        );
        assert_eq!(weight_note(&[(NodeId(1), 1), (NodeId(2), 1)]), None);
    }

    #[test]
    fn the_busiest_node_is_hot_only_well_above_the_mean() {
        let (b, mean) = bars(&[load(1, 100), load(2, 100), load(3, 100)], Load::Keys, &[]);
        assert!(b.iter().all(|b| !b.hot && (b.width - 100.0).abs() < 1e-9));
        assert!((mean - 100.0).abs() < 1e-9);
        let (b, mean) = bars(&[load(1, 50), load(2, 50), load(3, 200)], Load::Keys, &[]);
        assert!(b.iter().all(|b| !b.hot), "keys held are not a hot spot");
        assert!((b[2].factor - 2.0).abs() < 1e-9);
        assert!((mean - 50.0).abs() < 1e-9);
        let asked = |id, requests| NodeLoad {
            requests,
            ..load(id, 10)
        };
        let (b, _) = bars(
            &[asked(1, 50), asked(2, 50), asked(3, 200)],
            Load::Requests,
            &[],
        );
        assert_eq!(b.iter().filter(|b| b.hot).count(), 1);
        assert!(b[2].hot);
        let (b, _) = bars(
            &[asked(1, 10), asked(2, 60), asked(3, 60)],
            Load::Requests,
            &[],
        );
        assert!(b.iter().all(|b| !b.hot), "a tie has no single hot spot");
        assert!(bars(&[], Load::Keys, &[]).0.is_empty());
        let (b, _) = bars(
            &[load(1, 50), load(2, 50), load(3, 200)],
            Load::Requests,
            &[],
        );
        assert!(b.iter().all(|b| b.value == 0 && !b.hot), "no requests yet");
    }

    /// play16f U6: a node added after the batch is not in the requests' mean.
    #[test]
    fn the_request_mean_counts_the_nodes_the_batch_ran_on() {
        let asked = |id, requests| NodeLoad {
            requests,
            ..load(id, 10)
        };
        let four: Vec<(NodeId, u64)> = (1..=4).map(|n| (NodeId(n), 100)).collect();
        let loads = [
            asked(1, 100),
            asked(2, 100),
            asked(3, 100),
            asked(4, 100),
            asked(5, 0),
        ];
        let (b, _) = bars(&loads, Load::Requests, &four);
        assert!((b[0].factor - 1.0).abs() < 1e-9, "{}", b[0].factor);
        let (b, _) = bars(&loads, Load::Keys, &four);
        assert!((b[0].factor - 1.0).abs() < 1e-9, "keys: every node");
        assert!((b[4].factor - 1.0).abs() < 1e-9);
        // play16g W3: N2 (104 of the batch) removed since: the mean stays 500 / 4.
        let batch = [
            (NodeId(1), 146),
            (NodeId(2), 104),
            (NodeId(3), 122),
            (NodeId(4), 128),
        ];
        let left = [asked(1, 146), asked(3, 122), asked(4, 128)];
        let (b, _) = bars(&left, Load::Requests, &batch);
        assert!(
            (b[0].factor - 146.0 / 125.0).abs() < 1e-9,
            "{}",
            b[0].factor
        );
    }

    #[test]
    fn nodes_without_a_range_are_named_as_idle_not_the_others_as_hot() {
        let none = NodeLoad {
            partitions: 0,
            ..load(3, 0)
        };
        let loads = [load(1, 150), load(2, 150), none];
        assert_eq!(
            idle_note(&loads, StrategyKind::KeyRange).as_deref(),
            Some(
                "1 of 3 nodes holds no range (N3): 2 ranges for 3 nodes, so it idles until a range splits; the others are above the mean because of that, not because of a hot spot."
            )
        );
        assert_eq!(idle_note(&loads[..2], StrategyKind::KeyRange), None);
    }
}
