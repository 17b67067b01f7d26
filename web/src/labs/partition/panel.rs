//! The partitioning lab's control panel: the strategy, add and remove a node, look a
//! key up, and the glossary.

use super::lookup::{describe_span, lookup};
use super::state::PartitionState;
use crate::shell::format::fixed;
use crate::shell::glossary::{entry, partition::PARTITION, Gloss, GlossaryList};
use ddia_core::partition::{Key, NodeId, Placement, StrategyKind};
use leptos::prelude::*;

/// The glossary term that explains a strategy.
fn strategy_term(kind: StrategyKind) -> &'static str {
    match kind {
        StrategyKind::KeyRange => "key range",
        StrategyKind::HashMod => "hash mod N",
        StrategyKind::Ring => "hash ring",
        StrategyKind::Fixed => "fixed partitions",
        StrategyKind::Proportional => "proportional",
    }
}

/// A short tab label per strategy.
fn strategy_tab(kind: StrategyKind) -> &'static str {
    match kind {
        StrategyKind::KeyRange => "Key range",
        StrategyKind::HashMod => "Hash mod N",
        StrategyKind::Ring => "Ring (vnodes)",
        StrategyKind::Fixed => "Fixed",
        StrategyKind::Proportional => "Proportional",
    }
}

/// Strategy tabs: the same keys and nodes, placed another way.
#[component]
fn StrategyTabs() -> impl IntoView {
    let st = expect_context::<PartitionState>();
    let current = Memo::new(move |_| st.with_session(|s| s.config().kind));
    let tabs = StrategyKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <button
                    role="tab"
                    class="tab"
                    data-strategy=kind.word()
                    aria-selected=move || (current.get() == kind).to_string()
                    class:active=move || current.get() == kind
                    title=kind.name()
                    on:click=move |_| st.set_strategy(kind)
                >
                    {strategy_tab(kind)}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="group" aria-label="strategy">
            <h2>"Strategy"</h2>
            <div class="tabs" role="tablist">{tabs}</div>
            <p class="hint">
                {move || current.get().name()} " · "
                {move || {
                    let term = strategy_term(current.get());
                    view! { <Gloss entry=entry(PARTITION, term) label="how it places keys" /> }
                }}
            </p>
        </section>
    }
}

/// Add a node, remove the chosen one.
#[component]
fn NodeControls() -> impl IntoView {
    let st = expect_context::<PartitionState>();
    let nodes = Memo::new(move |_| st.with_session(|s| s.placement().nodes().to_vec()));
    let chosen = RwSignal::new(None::<u32>);
    let remove = move |_| {
        let list = nodes.get_untracked();
        let node = chosen
            .get_untracked()
            .map(NodeId)
            .filter(|n| list.contains(n))
            .or_else(|| list.last().copied());
        if let Some(n) = node {
            st.remove_node(n);
        }
    };
    view! {
        <section class="group" aria-label="nodes">
            <h2><Gloss entry=entry(PARTITION, "rebalancing") label="Rebalancing" /></h2>
            <div class="button-row wrap">
                <button class="primary" data-action="add-node" title="Add a node; the strategy decides which keys move to it" on:click=move |_| st.add_node()>
                    "+ Add node"
                </button>
                <select
                    aria-label="Node to remove"
                    on:change=move |ev| chosen.set(event_target_value(&ev).parse::<u32>().ok())
                >
                    {move || {
                        let last = nodes.with(|n| n.last().copied());
                        nodes
                            .get()
                            .into_iter()
                            .map(|n| {
                                let sel = chosen.get().map_or(Some(n) == last, |c| c == n.0);
                                view! { <option value=n.0 selected=sel>{n.to_string()}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <button data-action="remove-node" title="Remove the chosen node; its keys go to the others" on:click=remove>
                    "− Remove"
                </button>
            </div>
        </section>
    }
}

/// Look a key up: type it, or click a dot in the picture.
#[component]
fn KeyLookup() -> impl IntoView {
    let st = expect_context::<PartitionState>();
    let text = RwSignal::new(String::new());
    let go = move || match text.get_untracked().trim().parse::<u64>() {
        Ok(k) => st.selected.set(Some(Key(k))),
        Err(_) => st
            .notice
            .set(Some("A key is a whole number (0 or more).".into())),
    };
    let details = move || {
        let key = st.selected.get()?;
        let l = st.with_session(|s| lookup(s, key));
        Some(view! {
            <dl class="lookup">
                <dt>"key"</dt><dd data-field="key">{l.key.0.to_string()}{(!l.stored).then_some(" (not in the key set)")}</dd>
                <dt>"hash"</dt><dd><code>{format!("{:016x}", l.hash)}</code>{format!(" = {}°", fixed(l.deg, 1))}</dd>
                <dt><Gloss entry=entry(PARTITION, "partition") /></dt><dd data-field="partition">{format!("{} · {}", l.partition, describe_span(&l.span))}</dd>
                <dt>"owner"</dt><dd data-field="owner">{l.owner.to_string()}{l.moved_from.map(|f| format!(" (moved from {f} by the last change)"))}</dd>
            </dl>
        })
    };
    view! {
        <section class="group" aria-label="look a key up">
            <h2>"Look a key up"</h2>
            <form class="pair" on:submit=move |ev| { ev.prevent_default(); go(); }>
                <label>
                    <span>"Key"</span>
                    <input type="number" min="0" name="key" aria-label="Key to look up" prop:value=text on:input=move |ev| text.set(event_target_value(&ev)) />
                </label>
                <button type="submit" data-action="lookup">"Look up"</button>
            </form>
            <p class="hint">"Or click a dot in the picture."</p>
            {details}
        </section>
    }
}

/// The panel.
#[component]
pub fn PartitionPanel() -> impl IntoView {
    view! {
        <StrategyTabs />
        <NodeControls />
        <KeyLookup />
        <GlossaryList entries=PARTITION />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_strategy_names_a_glossary_term() {
        for kind in StrategyKind::ALL {
            let term = strategy_term(kind);
            assert!(PARTITION.iter().any(|g| g.term == term), "{term}");
        }
    }
}
