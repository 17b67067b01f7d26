//! The Raft stage (SVG): links, messages in flight, servers, the legend and the menu
//! of the selected server. In the compact layout ([`crate::shell::compact`]) it shows
//! only the ring of servers, larger; the legend is then a tab of the drawer below.

use super::layout::{node_position, Frame, FULL, RING, STAGE_H, STAGE_W};
use super::legend::{Legend, STAGE_HINT};
use super::message_layer::MessageLayer;
use super::node_menu::NodeMenu;
use super::node_view::NodeView;
use super::state::RaftLabState;
use crate::shell::compact::use_compact;
use crate::shell::context::context;
use crate::shell::format::fixed;
use leptos::prelude::*;

/// Every unordered pair of servers `0..n`.
pub fn pairs(n: usize) -> Vec<(usize, usize)> {
    (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .collect()
}

/// The stage.
#[component]
pub fn RaftStage() -> impl IntoView {
    let st = context::<RaftLabState>();
    let n = Memo::new(move |_| st.snap.with(|s| s.nodes.len()));
    let cut = Memo::new(move |_| st.snap.with(|s| s.cut.clone()));
    let links = move || {
        pairs(n.get())
            .into_iter()
            .map(|(a, b)| {
                let (p, q) = (node_position(a, n.get()), node_position(b, n.get()));
                let is_cut = move || cut.with(|c| c.contains(&(a, b)) || c.contains(&(b, a)));
                let title = move || {
                    cut.with(|c| match (c.contains(&(a, b)), c.contains(&(b, a))) {
                        (true, true) => format!("S{} ⇹ S{}: cut both ways", a + 1, b + 1),
                        (true, false) => format!("S{} → S{}: cut one way", a + 1, b + 1),
                        (false, true) => format!("S{} → S{}: cut one way", b + 1, a + 1),
                        (false, false) => format!("S{} – S{}", a + 1, b + 1),
                    })
                };
                view! {
                    <line
                        class="link"
                        class:cut=is_cut
                        x1=fixed(p.x, 1)
                        y1=fixed(p.y, 1)
                        x2=fixed(q.x, 1)
                        y2=fixed(q.y, 1)
                    >
                        <title>{title}</title>
                    </line>
                }
            })
            .collect_view()
    };
    let compact = use_compact();
    let frame = Signal::derive(move || if compact.get() { RING } else { FULL });
    let legend = move || {
        (!compact.get()).then(|| {
            view! {
                <Legend x=16.0 y=64.0 />
                <text class="stage-hint" x="16" y=fixed(STAGE_H - 14.0, 0)>{STAGE_HINT}</text>
            }
        })
    };
    let nodes = move || {
        (0..n.get())
            .map(|id| view! { <NodeView id=id n=n /> })
            .collect_view()
    };
    let svg = NodeRef::<leptos::svg::Svg>::new();
    view! {
        <NodeMenu n=n compact=compact docked=true />
        <svg
            node_ref=svg
            class="stage-svg"
            viewBox=move || Frame::view_box(frame.get())
            role="group"
            aria-label="Raft cluster: servers on a circle (each a button that opens its menu), messages flying between them"
        >
            <rect
                class="backdrop"
                width=fixed(STAGE_W, 0)
                height=fixed(STAGE_H, 0)
                on:click=move |_| st.selected.set(None)
            ></rect>
            {legend}
            <g class="links">{links}</g>
            <MessageLayer n=n frame=frame svg=svg />
            <g class="nodes">{nodes}</g>
            <NodeMenu n=n compact=compact docked=false />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_unordered_and_complete() {
        assert_eq!(pairs(3), vec![(0, 1), (0, 2), (1, 2)]);
        assert_eq!(pairs(9).len(), 36);
        assert!(pairs(1).is_empty());
    }
}
