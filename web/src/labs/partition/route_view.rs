//! The last read's path (DDIA ch. 6, "Request Routing", Figure 6-7) as a sequence
//! diagram: one lifeline per party (the client, the routing tier, the coordination
//! service, the nodes involved), one arrow per message in order, drawn one after the
//! other (none moving under `prefers-reduced-motion`), and how the read ended.

use super::state::PartitionState;
use crate::shell::context::context;
use crate::shell::format::fixed;
use crate::shell::glossary::{entry, partition::PARTITION, Gloss};
use ddia_core::partition::routing::{Endpoint, HopKind, Outcome, Route};
use leptos::prelude::*;

/// Width of the diagram, SVG user units.
const W: f64 = 300.0;
/// Height of the lifelines' heads.
const HEAD: f64 = 22.0;
/// Vertical distance between two messages.
const STEP: f64 = 20.0;

/// The parties of `r`, in the order they first appear (the client first).
pub fn parties(r: &Route) -> Vec<Endpoint> {
    let mut out = vec![Endpoint::Client];
    for h in &r.hops {
        for e in [h.from, h.to] {
            if !out.contains(&e) {
                out.push(e);
            }
        }
    }
    out
}

fn party_name(e: Endpoint) -> String {
    match e {
        Endpoint::Client => "client".into(),
        Endpoint::Tier => "routing tier".into(),
        Endpoint::Coordinator => "ZooKeeper".into(),
        Endpoint::Node(n) => n.to_string(),
    }
}

/// A message's label and its CSS class.
fn hop_label(k: HopKind) -> (&'static str, &'static str) {
    match k {
        HopKind::Request => ("get", "hop-request"),
        HopKind::Forward => ("forward", "hop-request"),
        HopKind::NotMine => ("not mine", "hop-bad"),
        HopKind::Refresh => ("table?", "hop-meta"),
        HopKind::Table => ("table", "hop-meta"),
        HopKind::Reply => ("value", "hop-ok"),
        HopKind::Error => ("error", "hop-bad"),
    }
}

/// How the read ended, in words.
pub fn outcome_text(r: &Route) -> String {
    match r.outcome {
        Outcome::Served => format!("{} held {} and answered", r.owner, r.key),
        Outcome::Forwarded => format!("{} forwarded {} to its owner {}", r.asked, r.key, r.owner),
        Outcome::Retried => format!(
            "the stale table sent {} to {}; the tier refreshed and retried at {}",
            r.key, r.asked, r.owner
        ),
        Outcome::Failed => format!(
            "the client's stale table sent {} to {}: an error; the client refreshed",
            r.key, r.asked
        ),
    }
}

/// Width of the loop a party draws for a message to itself (an error the client
/// raises), user units.
const SELF_LOOP: f64 = 14.0;

/// A message's line, arrowhead and label x, from lifeline `x1` to `x2` at height `y`;
/// a message to oneself is a small loop out of the lifeline and back into it.
pub fn hop_path(x1: f64, x2: f64, y: f64) -> (String, String, f64) {
    if (x1 - x2).abs() < 0.5 {
        let line = format!(
            "M{} {}h{SELF_LOOP}v6h{}",
            fixed(x1, 1),
            fixed(y - 6.0, 1),
            fixed(4.0 - SELF_LOOP, 1)
        );
        let head = format!("M{} {}l6 -3v6z", fixed(x1, 1), fixed(y, 1));
        return (line, head, x1 + SELF_LOOP + 20.0);
    }
    let dir = if x2 >= x1 { 1.0 } else { -1.0 };
    let line = format!(
        "M{} {}H{}",
        fixed(x1, 1),
        fixed(y, 1),
        fixed(x2 - dir * 4.0, 1)
    );
    let head = format!(
        "M{} {}l{} -3v6z",
        fixed(x2, 1),
        fixed(y, 1),
        fixed(-dir * 6.0, 1)
    );
    (line, head, (x1 + x2) / 2.0)
}

/// The diagram of `r`.
fn diagram(r: &Route) -> impl IntoView {
    let parties = parties(r);
    let lane = W / parties.len() as f64;
    let x = |e: Endpoint| {
        let i = parties.iter().position(|p| *p == e).unwrap_or(0);
        lane * (i as f64 + 0.5)
    };
    let h = HEAD + STEP * (r.hops.len() as f64 + 0.5);
    let heads = parties
        .iter()
        .map(|&p| {
            let cx = x(p);
            view! {
                <g class="lifeline">
                    <text class="party" x=fixed(cx, 1) y="12">{party_name(p)}</text>
                    <path d=format!("M{} {}V{}", fixed(cx, 1), fixed(HEAD - 4.0, 0), fixed(h, 1))></path>
                </g>
            }
        })
        .collect_view();
    let hops = r
        .hops
        .iter()
        .enumerate()
        .map(|(i, hop)| {
            let y = HEAD + STEP * (i as f64 + 0.7);
            let (line, head, lx) = hop_path(x(hop.from), x(hop.to), y);
            let (label, class) = hop_label(hop.kind);
            view! {
                <g class=format!("hop {class}") style=format!("animation-delay: {}ms", i * 350)>
                    <path d=line></path>
                    <path class="head" d=head></path>
                    <text x=fixed(lx, 1) y=fixed(y - 3.0, 1)>{format!("{} {label}", i + 1)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="route-svg" viewBox=format!("0 0 {W} {}", fixed(h, 1)) role="img"
            aria-label=format!("The path of the read of {}: {}", r.key, outcome_text(r))>
            {heads}
            {hops}
        </svg>
    }
}

/// Most paths shown at once.
pub const SHOWN: usize = 2;

/// The paths to show, newest first: the picked key's reads if it has any, else the
/// last [`SHOWN`] reads.
pub fn shown(routes: &[Route], picked: Option<ddia_core::partition::Key>) -> Vec<Route> {
    let of_picked: Vec<Route> = routes
        .iter()
        .rev()
        .filter(|r| Some(r.key) == picked)
        .take(SHOWN)
        .cloned()
        .collect();
    if of_picked.is_empty() {
        routes.iter().rev().take(SHOWN).cloned().collect()
    } else {
        of_picked
    }
}

/// Which model these paths are drawn in: each read runs once the change is done (the
/// keys have moved, the nodes know table `version`), while "Over the network" replays
/// the same reads as the old owner releases each key, before the new table reaches
/// whoever routes them (client.rs).
fn model_note(version: u64) -> String {
    format!("Drawn once the change is done: every node knows table v{version} (by gossip); only the tier's and the client's copies can be stale. \"Over the network\" replays these reads as the old owner releases the key, before the new table reaches whoever routes them.")
}

/// The last reads' paths (or the picked key's), once a key has been read.
#[component]
pub fn RouteView() -> impl IntoView {
    let st = context::<PartitionState>();
    let routes = Memo::new(move |_| st.with(|l| shown(l.routes(), st.selected.get())));
    let version = Memo::new(move |_| st.with(|l| l.table_versions().0));
    move || {
        routes.with(|rs| {
            (!rs.is_empty()).then(|| {
                let items = rs
                    .iter()
                    .map(|r| {
                        view! {
                            <li>
                                <p class="route-outcome" class:failed=r.outcome == Outcome::Failed>{outcome_text(r)}</p>
                                {diagram(r)}
                            </li>
                        }
                    })
                    .collect_view();
                let mode = rs[0].mode.name();
                view! {
                    <section class="route-view" aria-label="the paths of the last reads">
                        <h2>"Reads, newest first · " <Gloss entry=entry(PARTITION, "routing table") label="routing" />{format!(": {mode}")}</h2>
                        <p class="hint" data-figure="route-model">{model_note(version.get())}</p>
                        <ol>{items}</ol>
                    </section>
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::partition::routing::Hop;
    use ddia_core::partition::{Key, NodeId};

    #[test]
    fn a_message_to_oneself_loops_back_into_its_lifeline() {
        let (line, head, lx) = hop_path(50.0, 50.0, 100.0);
        assert_eq!(line, "M50.0 94.0h14v6h-10.0");
        assert!(
            head.starts_with("M50.0 100.0"),
            "the head ends on the lifeline: {head}"
        );
        assert!(lx > 50.0 + SELF_LOOP, "the label beside the loop");
        let (line, head, lx) = hop_path(50.0, 150.0, 100.0);
        assert_eq!(line, "M50.0 100.0H146.0");
        assert!(head.starts_with("M150.0 100.0"));
        assert_eq!(lx, 100.0);
    }

    #[test]
    fn parties_appear_in_order_once() {
        let hop = |from, to, kind| Hop { from, to, kind };
        let r = Route {
            key: Key(42),
            mode: ddia_core::partition::routing::RoutingMode::Tier,
            hops: vec![
                hop(Endpoint::Client, Endpoint::Tier, HopKind::Request),
                hop(Endpoint::Tier, Endpoint::Node(NodeId(2)), HopKind::Request),
                hop(Endpoint::Node(NodeId(2)), Endpoint::Tier, HopKind::NotMine),
                hop(Endpoint::Tier, Endpoint::Coordinator, HopKind::Refresh),
            ],
            outcome: Outcome::Retried,
            asked: NodeId(2),
            owner: NodeId(4),
            refreshed: true,
        };
        assert_eq!(
            parties(&r),
            [
                Endpoint::Client,
                Endpoint::Tier,
                Endpoint::Node(NodeId(2)),
                Endpoint::Coordinator
            ]
        );
        assert!(outcome_text(&r).contains("retried at N4"));
        let other = Route {
            key: Key(7),
            ..r.clone()
        };
        let all = [r.clone(), other.clone(), r.clone()];
        assert_eq!(
            shown(&all, Some(Key(7))),
            std::slice::from_ref(&other),
            "the picked key's read"
        );
        assert_eq!(
            shown(&all, Some(Key(9))),
            [r.clone(), other],
            "else the last two, newest first"
        );
    }
}
