//! All five strategies side by side (DDIA ch. 6, "Rebalancing Partitions"): the lab runs
//! every strategy on the same keys, requests and node changes, so each card shows one
//! strategy's picture (a sample of the keys), what the last add or remove moved under it
//! against the ideal, and how unevenly the last batch's requests load the nodes (the
//! Picture's bars: a hot spot is a node's requests, not the keys it holds).

use super::bar_view::bar_layers;
use super::geometry::{dot_width, view_box, Frame};
use super::movement_view::{percent, versus_ideal};
use super::picture::{picture, Load};
use super::ring_view::ring_layers;
use super::state::PartitionState;
use crate::shell::context::context;
use crate::shell::format::{count, counted, fixed};
use ddia_core::partition::spread::Spread;
use ddia_core::partition::{PartitionSession, Placement};
use leptos::prelude::*;

/// Keys drawn in each small picture, at most.
pub const CARD_LIMIT: usize = 1_500;

/// What the card's "busiest node" counts and its spread over the nodes: the last
/// batch's requests per node (as the load bars count them), or the keys held before any
/// request (DDIA ch. 6, "Skewed Workloads and Relieving Hot Spots").
pub fn busiest(s: &PartitionSession) -> (Load, Spread) {
    let loads = s.node_loads();
    let of = |load: Load| -> Vec<u64> { loads.iter().map(|l| load.of_node(l)).collect() };
    let requests = of(Load::Requests);
    if requests.iter().any(|&r| r > 0) {
        (Load::Requests, Spread::of(&requests))
    } else {
        (Load::Keys, Spread::of(&of(Load::Keys)))
    }
}

/// One strategy's card.
fn card(s: &PartitionSession, shown: bool) -> impl IntoView {
    let st = context::<PartitionState>();
    let kind = s.config().kind;
    let pic = picture(s, CARD_LIMIT, Load::Keys, None);
    let drawn = s.keys().len().div_ceil(pic.every);
    let layers = match pic.frame {
        Frame::Ring => ring_layers(&pic, dot_width(pic.frame, drawn), true),
        Frame::Bar { .. } => bar_layers(&pic, dot_width(pic.frame, drawn), true),
    };
    let (load, spread) = busiest(s);
    let moved = s.last_move().map(|m| {
        view! {
            <p class="card-moved">
                <strong data-figure="keys-moved">{count(m.keys_moved())}</strong>
                {format!(" keys moved ({})", percent(m.keys_moved(), m.keys_total))}
            </p>
            <p class="muted">{s.last_split().is_none().then(|| versus_ideal(m, s.placement().nodes())).flatten()}</p>
        }
    });
    view! {
        <article class="strategy-card" class:shown=shown data-strategy=kind.word()>
            <h3>
                <button class="link-button" title="Show this strategy in the main picture" on:click=move |_| st.rebuild(true, |sc| sc.strategy = kind)>
                    {kind.name()}
                </button>
            </h3>
            <svg class="partition-svg mini" viewBox=view_box(pic.frame) role="img"
                aria-label=format!("{}: keys coloured by node", kind.name())>
                {layers}
            </svg>
            {moved}
            <p class="muted">
                {format!(
                    "{} · {} · busiest node ×{} the mean {}",
                    counted(s.placement().nodes().len() as u64, "node", "nodes"),
                    counted(s.placement().partitions().len() as u64, "partition", "partitions"),
                    fixed(spread.max_over_mean, 2),
                    load.name()
                )}
            </p>
        </article>
    }
}

/// The five cards.
#[component]
pub fn AllStrategies() -> impl IntoView {
    let st = context::<PartitionState>();
    let cards = move || {
        st.with(|l| {
            let shown = l.session().config().kind;
            l.sessions()
                .iter()
                .map(|s| card(s, s.config().kind == shown))
                .collect_view()
        })
    };
    view! {
        <section class="all-strategies" aria-label="all five strategies side by side">
            // The cards' h3 sit under this h2 (axe heading-order, play16b L1).
            <h2>"All five strategies on the same keys"</h2>
            <p class="hint">"The same keys, requests and node changes under every strategy; the ideal moves only what evening out needs: a new node's share, a removed node's keys, a weight's change."</p>
            <div class="strategy-cards">{cards}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::partition::book::BOOK;
    use ddia_core::partition::lab::PartitionLab;
    use ddia_core::partition::StrategyKind;

    #[test]
    fn busiest_node_counts_the_last_batchs_requests() {
        let b = ddia_core::book::find(BOOK, "timestamps").unwrap();
        let mut lab = PartitionLab::new(&b.scenario());
        let (load, _) = busiest(lab.session_of(StrategyKind::KeyRange));
        assert_eq!(load, Load::Keys, "no request yet: keys held");
        lab.finish();
        let (load, range) = busiest(lab.session_of(StrategyKind::KeyRange));
        assert_eq!(load, Load::Requests);
        assert!(
            range.max_over_mean > 3.5,
            "{range:?}: every write on one node of 4"
        );
        let (_, hash) = busiest(lab.session_of(StrategyKind::HashMod));
        assert!(
            hash.max_over_mean < 1.5,
            "{hash:?}: hashing spreads the writes"
        );
    }
}
