//! The lab's inputs, each one a `PartitionAction` recorded in the link (DDIA ch. 6):
//! add a node (anywhere, or on the ring at a chosen angle), remove one, approve a
//! planned rebalance (manual mode); send a batch of requests, salt the hot key, split
//! the hot range; read a key through the router, let the coordination service notify
//! the routers. What each did is narrated in the event log and the status line.

use super::state::PartitionState;
use crate::shell::context::context;
use crate::shell::glossary::{entry, partition::PARTITION, Gloss};
use ddia_core::link::KnobRange;
use ddia_core::partition::knobs::{BATCH, DEGREES, SALT, WEIGHT};
use ddia_core::partition::routing::RoutingMode;
use ddia_core::partition::scenario::{Dist, PartitionAction};
use ddia_core::partition::{NodeId, Placement, StrategyKind};
use leptos::prelude::*;

/// A number typed into `text`, if it lies in `range`; otherwise a notice saying what
/// is allowed.
pub fn typed(
    st: PartitionState,
    text: RwSignal<String>,
    range: &KnobRange,
    what: &str,
) -> Option<u32> {
    let v = text
        .get_untracked()
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|v| range.contains(*v))
        .and_then(|v| u32::try_from(v).ok());
    if v.is_none() {
        st.refuse(format!(
            "{what} must be a whole number from {} to {}.",
            range.lo, range.hi
        ));
    }
    v
}

/// A number field and the button that acts on it, as data: one shape for every such
/// pair in the panel (add at an angle, weight, send, salt, read, index).
pub struct FieldAction {
    /// The field's visible label (also its accessible name).
    pub label: &'static str,
    /// The field's `name`.
    pub name: &'static str,
    /// The whole numbers the field takes, lowest and highest (`None`: no upper bound),
    /// stated in its tooltip.
    pub bounds: (u64, Option<u64>),
    /// The button's `data-action`.
    pub action: &'static str,
    /// The button's text.
    pub button: &'static str,
    /// The button's tooltip.
    pub title: &'static str,
    /// Whether the button is the group's primary one.
    pub primary: bool,
}

/// The field of `spec` bound to `text`, and its button running `run` (as Enter in
/// the field does: look a key up again, send again...).
#[inline(never)]
pub fn field_action(
    spec: &'static FieldAction,
    text: RwSignal<String>,
    run: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="pair inline">
            <label>
                <span>{spec.label}</span>
                // Text, not number: a number field's value reads "" while "0." is typed,
                // and writing that back mangled the entry (play16b N12); the parser
                // names what is wrong.
                <input type="text" inputmode="numeric" name=spec.name aria-label=spec.label title=range_hint(spec.bounds)
                    prop:value=text on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { run.run(()) } />
            </label>
            <button class:primary=spec.primary data-action=spec.action title=spec.title on:click=move |_| run.run(())>
                {spec.button}
            </button>
        </div>
    }
}

/// A field's bounds in words, its tooltip: "a whole number from 1 to 16".
fn range_hint((lo, hi): (u64, Option<u64>)) -> String {
    match hi {
        Some(hi) => format!("a whole number from {lo} to {hi}"),
        None => format!("a whole number from {lo}"),
    }
}

/// `range` as a field's bounds.
const fn within(range: &KnobRange) -> (u64, Option<u64>) {
    (range.lo, Some(range.hi))
}

const ADD_AT: FieldAction = FieldAction {
    label: "Token at",
    name: "deg",
    bounds: within(&DEGREES),
    action: "add-at",
    button: "+ Add at °",
    title: "Add a node with one token at this angle of the ring (degrees clockwise from the top)",
    primary: false,
};

const SET_WEIGHT: FieldAction = FieldAction {
    label: "Weight",
    name: "weight",
    bounds: within(&WEIGHT),
    action: "weight",
    button: "Set weight",
    title: "Set the weight of the node chosen above: this many times the vnodes, so it takes a bigger share of the ring",
    primary: false,
};

const SEND: FieldAction = FieldAction {
    label: "Requests",
    name: "batch",
    bounds: within(&BATCH),
    action: "requests",
    button: "Send",
    title: "Send this many requests drawn from the distribution; the load bars count them",
    primary: true,
};

const SALT_KEY: FieldAction = FieldAction {
    label: "Sub-keys",
    name: "salt",
    bounds: within(&SALT),
    action: "salt",
    button: "Salt hot key",
    title: "Salt the hot key: a write goes to one of k sub-keys at random; a read must read all k (1 = unsalted)",
    primary: false,
};

/// Look a key up (the panel's lookup).
pub const LOOKUP: FieldAction = FieldAction {
    label: "Key",
    name: "key",
    bounds: (0, None),
    action: "lookup",
    button: "Look up",
    title: "Hash, partition, owner",
    primary: false,
};

const READ: FieldAction = FieldAction {
    label: "Key to read",
    name: "read-key",
    bounds: (0, None),
    action: "read",
    button: "Read",
    title: "Read this key through the router: the path shows who asked whom; a read after a rebalance replays as the old owner releases its key (Over the network)",
    primary: true,
};

/// Add and remove nodes; approve a planned rebalance.
#[component]
pub fn RebalanceControls() -> impl IntoView {
    let st = context::<PartitionState>();
    let nodes = Memo::new(move |_| st.with_session(|s| s.placement().nodes().to_vec()));
    let ring = Memo::new(move |_| st.with_session(|s| s.config().kind == StrategyKind::Ring));
    let manual = Memo::new(move |_| st.with(|l| l.manual()));
    let plan = Memo::new(move |_| st.with(|l| l.plan()));
    let chosen = RwSignal::new(None::<u32>);
    let deg = RwSignal::new(String::from("60"));
    let weight = RwSignal::new(String::from("2"));
    let chosen_node = move || {
        let list = nodes.get_untracked();
        chosen
            .get_untracked()
            .map(NodeId)
            .filter(|n| list.contains(n))
            .or_else(|| list.last().copied())
    };
    let remove = move |_| {
        if let Some(n) = chosen_node() {
            st.act(PartitionAction::RemoveNode(n.0));
        }
    };
    let set_weight = Callback::new(move |()| {
        if let (Some(n), Some(w)) = (chosen_node(), typed(st, weight, &WEIGHT, "The weight")) {
            st.act(PartitionAction::Weight {
                node: n.0,
                weight: w,
            });
        }
    });
    let add_at = Callback::new(move |()| {
        if let Some(d) = typed(st, deg, &DEGREES, "The angle") {
            st.act(PartitionAction::AddNodeAt(d));
        }
    });
    let options = move || {
        let last = nodes.with(|n| n.last().copied());
        nodes
            .get()
            .into_iter()
            .map(|n| {
                let sel = chosen.get().map_or(Some(n) == last, |c| c == n.0);
                view! { <option value=n.0 selected=sel>{n.to_string()}</option> }
            })
            .collect_view()
    };
    view! {
        <section class="group" aria-label="rebalancing">
            <h2><Gloss entry=entry(PARTITION, "rebalancing") label="Rebalancing" /></h2>
            <div class="button-row wrap">
                <button class="primary" data-action="add-node" title="Add a node: every strategy rebalances the same keys onto it" on:click=move |_| st.act(PartitionAction::AddNode)>
                    "+ Add node"
                </button>
                <select aria-label="Node (to remove or weight)" title="The node the Remove and Set weight buttons act on" on:change=move |ev| chosen.set(event_target_value(&ev).parse::<u32>().ok())>
                    {options}
                </select>
                <button data-action="remove-node" title="Remove the chosen node: its keys go to the others" on:click=remove>"− Remove"</button>
            </div>
            {move || ring.get().then(|| view! {
                {field_action(&ADD_AT, deg, add_at)}
                {field_action(&SET_WEIGHT, weight, set_weight)}
            })}
            <label class="check-row">
                <input type="checkbox" data-setting="manual" prop:checked=move || manual.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        st.act(PartitionAction::Manual(on));
                    } />
                " an operator approves each rebalance (manual)"
            </label>
            {move || plan.get().map(|c| view! {
                <p class="plan">{format!("Planned: {}. Nothing moves until approved.", c.describe())}</p>
                <button class="primary" data-action="approve" on:click=move |_| st.act(PartitionAction::Approve)>"Approve the rebalance"</button>
            })}
        </section>
    }
}

/// Send requests; salt the hot key; split the hot range.
#[component]
pub fn RequestControls() -> impl IntoView {
    let st = context::<PartitionState>();
    let dist = Memo::new(move |_| st.with(|l| l.dist()));
    let salt_now = Memo::new(move |_| st.with(|l| l.salt()));
    let range = Memo::new(move |_| st.with_session(|s| s.config().kind == StrategyKind::KeyRange));
    let batch = RwSignal::new(String::from("500"));
    let salt = RwSignal::new(String::from("8"));
    let send = Callback::new(move |()| {
        if let Some(n) = typed(st, batch, &BATCH, "The number of requests") {
            st.act(PartitionAction::Requests(n));
        }
    });
    let salt_it = Callback::new(move |()| {
        if let Some(k) = typed(st, salt, &SALT, "The number of sub-keys") {
            st.act(PartitionAction::Salt(k));
        }
    });
    let pick = move |ev: leptos::ev::Event| {
        let word = event_target_value(&ev);
        if let Some(d) = Dist::ALL.into_iter().find(|d| d.word() == word) {
            st.act(PartitionAction::Dist(d));
        }
    };
    view! {
        <section class="group" aria-label="requests">
            <h2>"Requests and " <Gloss entry=entry(PARTITION, "skew") /></h2>
            <label class="stacked">
                <span>"Keys requested"</span>
                <select aria-label="Request distribution" data-setting="dist" prop:value=move || dist.get().word() on:change=pick>
                    {Dist::ALL.map(|d| view! { <option value=d.word()>{d.name()}</option> }).collect_view()}
                </select>
            </label>
            {field_action(&SEND, batch, send)}
            {field_action(&SALT_KEY, salt, salt_it)}
            <p class="hint">
                <Gloss entry=entry(PARTITION, "salting") label="Salted" />
                {move || match salt_now.get() {
                    1 => String::from(": 1 sub-key now (unsalted). "),
                    k => format!(": {k} sub-keys now. "),
                }}
                <button class="link-button" data-action="split" title="Key range only: split the partition with the most requests at its request median" prop:disabled=move || !range.get() on:click=move |_| st.act(PartitionAction::SplitHot)>
                    {move || if range.get() { "Split the hot range" } else { "Split the hot range (key range only)" }}
                </button>
            </p>
        </section>
    }
}

/// Who holds a copy of the routing table under `mode` ("any node forwards" has no
/// router: the nodes hold it; play16b L9).
fn holder(mode: RoutingMode) -> &'static str {
    match mode {
        RoutingMode::AnyNode => "the nodes hold",
        RoutingMode::Tier => "the routing tier holds",
        RoutingMode::Client => "the client holds",
    }
}

/// Read a key through the chosen routing; the routing mode; notify the routers.
#[component]
pub fn RoutingControls() -> impl IntoView {
    let st = context::<PartitionState>();
    let mode = Memo::new(move |_| st.with(|l| l.routing()));
    let versions = Memo::new(move |_| st.with(|l| l.table_versions()));
    let key = RwSignal::new(String::from("42"));
    let read = Callback::new(move |()| match key.get_untracked().trim().parse::<u64>() {
        Ok(k) => st.act(PartitionAction::Read(k)),
        Err(_) => st.refuse("A key is a whole number (0 or more).".into()),
    });
    let pick = move |ev: leptos::ev::Event| {
        if let Some(m) = RoutingMode::from_word(&event_target_value(&ev)) {
            st.act(PartitionAction::Route(m));
        }
    };
    view! {
        <section class="group" aria-label="request routing">
            <h2>"Request routing"</h2>
            <label class="stacked">
                <span><Gloss entry=entry(PARTITION, "routing tier") label="Who routes" /></span>
                <select aria-label="Routing mode" data-setting="route" prop:value=move || mode.get().word() on:change=pick>
                    {RoutingMode::ALL.map(|m| view! { <option value=m.word()>{m.name()}</option> }).collect_view()}
                </select>
            </label>
            {field_action(&READ, key, read)}
            <p class="hint" data-figure="table-versions">
                {move || format!("Routing table: v{} at the ", versions.get().0)}
                <Gloss entry=entry(PARTITION, "coordination service") />
                {move || {
                    let (at, held) = versions.get();
                    let stale = if held < at { " (stale)" } else { "" };
                    format!("; {} v{held}{stale}. ", holder(mode.get()))
                }}
                <Gloss entry=entry(PARTITION, "routing table") label="what is this?" />
            </p>
            <button data-action="notify" title="The coordination service tells the routers about the new table" on:click=move |_| st.act(PartitionAction::Notify)>"Notify the routers"</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// play16b L9: "any node forwards" has no router; the nodes hold the table.
    #[test]
    fn the_table_holder_follows_the_routing_mode() {
        assert_eq!(holder(RoutingMode::AnyNode), "the nodes hold");
        assert_eq!(holder(RoutingMode::Tier), "the routing tier holds");
        assert_eq!(holder(RoutingMode::Client), "the client holds");
    }
}
