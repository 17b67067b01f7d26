//! The stage's messages in flight: an element each ([`MessageView`]) while there are
//! few, a few paths when hundreds fly ([`super::message_paths`]): then one transparent
//! path of discs is the click target, the pointer's nearest message gives the tooltip
//! and a click picks it for the [`crate::shell::message_menu`], and the picked message
//! is drawn again on its own, outlined, on top.

use super::layout::{Frame, Point};
use super::message_paths::{
    hit_discs, message_point, nearest, shape_groups, Look, ShapeGroup, AGGREGATE_ABOVE, HIT_R,
};
use super::message_view::MessageView;
use super::snapshot::MsgKind;
use super::state::RaftLabState;
use crate::shell::format::{fixed, translate};
use crate::shell::message_menu::PickedMessage;
use leptos::ev::{MouseEvent, PointerEvent};
use leptos::prelude::*;

/// The messages, drawn as [`AGGREGATE_ABOVE`] says; `svg` is the stage showing `frame`.
#[component]
pub fn MessageLayer(
    /// Servers on the stage.
    #[prop(into)]
    n: Signal<usize>,
    /// The part of the stage shown.
    #[prop(into)]
    frame: Signal<Frame>,
    /// The stage's SVG element (for the pointer's position).
    svg: NodeRef<leptos::svg::Svg>,
) -> impl IntoView {
    let st = expect_context::<RaftLabState>();
    let many = Memo::new(move |_| st.snap.with(|s| s.messages.len() > AGGREGATE_ABOVE));
    move || {
        if many.get() {
            view! { <MessagePaths n=n frame=frame svg=svg /> }.into_any()
        } else {
            view! {
                <g class="messages">
                    <For
                        each=move || st.snap.with(|s| s.messages.clone())
                        key=|m| m.id
                        children=move |m| view! { <MessageView m=m n=n /> }
                    />
                </g>
            }
            .into_any()
        }
    }
}

/// Hundreds of messages as a path per [`Look`], with a hit path, a tooltip and the
/// picked message on top.
#[component]
fn MessagePaths(
    n: Signal<usize>,
    frame: Signal<Frame>,
    svg: NodeRef<leptos::svg::Svg>,
) -> impl IntoView {
    let st = expect_context::<RaftLabState>();
    let picked = expect_context::<PickedMessage>();
    let reduced = st.reduced_motion;
    let groups = Memo::new(move |_| {
        let (n, reduced) = (n.get(), reduced.get());
        st.snap.with(|s| shape_groups(&s.messages, n, reduced))
    });
    let hits = move || {
        let (n, reduced) = (n.get(), reduced.get());
        st.snap.with(|s| hit_discs(&s.messages, n, reduced))
    };
    // The message under the pointer, in stage units.
    let under = move |ev: &MouseEvent| -> Option<u64> {
        let r = svg.get_untracked()?.get_bounding_client_rect();
        let rect = (r.left(), r.top(), r.width(), r.height());
        let client = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let p: Point = frame.get_untracked().point_at(rect, client)?;
        let (n, reduced) = (n.get_untracked(), reduced.get_untracked());
        st.snap
            .with_untracked(|s| nearest(&s.messages, n, reduced, p, HIT_R + 1.0))
    };
    // Formatted when the pointer moves onto another message, not every frame.
    let title = RwSignal::new(String::new());
    let hovered = StoredValue::new(None::<u64>);
    let hover = move |ev: PointerEvent| {
        let id = under(&ev);
        if hovered.get_value() != id {
            hovered.set_value(id);
            title.set(id.and_then(|id| st.message_title(id)).unwrap_or_default());
        }
    };
    let click = move |ev: MouseEvent| {
        if let Some(id) = under(&ev) {
            ev.stop_propagation();
            picked.pick(id);
        }
    };
    let group = move |look: Look| {
        let part = move |f: fn(&ShapeGroup) -> String| {
            groups.with(|gs| gs.iter().find(|g| g.look == look).map(f).unwrap_or_default())
        };
        let fill = look.fill.map(|c| format!("fill: {c}"));
        view! {
            <g
                class=look.class
                class:dropped=look.fade.is_some()
                data-kind=look.class.trim_start_matches("msg ")
                data-count=move || part(|g| g.count.to_string())
                opacity=fixed(look.opacity(), 2)
            >
                <path class="msg-shapes" style=fill d=move || part(|g| g.d.clone())></path>
                {look.fade.map(|_| view! { <path class="drop-x-marks" d=move || part(|g| g.crosses.clone())></path> })}
            </g>
        }
    };
    // The entries an AppendEntries carries, on its shape (a few at a time: one per
    // follower for each client request).
    let appends = move || {
        st.snap.with(|s| {
            s.messages
                .iter()
                .filter_map(|m| match m.kind {
                    MsgKind::Append(k) => Some((m.id, k)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
    let count = move |(id, k): (u64, usize)| {
        let at = move || {
            let (n, reduced) = (n.get(), reduced.get());
            st.snap
                .with(|s| s.message(id).map(|m| message_point(m, n, reduced)))
                .map(|p| translate(p.x, p.y + 4.0))
        };
        view! { <text class="count" transform=at>{k.to_string()}</text> }
    };
    let on_top = move || {
        let id = picked.id()?;
        let m = st.snap.with_untracked(|s| s.message(id).copied())?;
        Some(view! { <MessageView m=m n=n /> })
    };
    view! {
        <g class="messages many" on:pointermove=hover on:click=click>
            <title>{move || title.get()}</title>
            <For each=move || groups.with(|gs| gs.iter().map(|g| g.look).collect::<Vec<_>>()) key=|l| *l children=group />
            <g class="msg append"><For each=appends key=|a| a.0 children=count /></g>
            <path class="msg-hits" d=hits></path>
            {on_top}
        </g>
    }
}
