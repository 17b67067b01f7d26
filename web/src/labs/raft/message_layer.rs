//! The stage's messages in flight: an element each ([`MessageView`]) while there are
//! few, a few paths when hundreds fly ([`super::message_paths::markup`], set as the
//! layer's markup once a frame): then one transparent path of discs is the click target, the pointer's nearest message gives the tooltip
//! and a click picks it for the [`crate::shell::message_menu`], and the picked message
//! is drawn again on its own, outlined, on top.

use super::layout::Frame;
use super::message_paths::{markup, nearest, AGGREGATE_ABOVE, HIT_R};
use super::message_view::MessageView;
use super::state::RaftLabState;
use crate::shell::context::context;
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
    let st = context::<RaftLabState>();
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

/// Hundreds of messages as a path per look ([`markup`]), with a tooltip and the
/// picked message on top.
#[component]
fn MessagePaths(
    n: Signal<usize>,
    frame: Signal<Frame>,
    svg: NodeRef<leptos::svg::Svg>,
) -> impl IntoView {
    let st = context::<RaftLabState>();
    let picked = context::<PickedMessage>();
    let reduced = st.reduced_motion;
    let drawn = move || {
        let (n, reduced) = (n.get(), reduced.get());
        st.snap.with(|s| markup(&s.messages, n, reduced))
    };
    // The message under the pointer, in stage units.
    let under = move |ev: &MouseEvent| -> Option<u64> {
        let r = svg.get_untracked()?.get_bounding_client_rect();
        let rect = (r.left(), r.top(), r.width(), r.height());
        let client = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let p = frame.get_untracked().point_at(rect, client)?;
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
    let on_top = move || {
        let id = picked.id()?;
        let m = st.snap.with_untracked(|s| s.message(id).copied())?;
        Some(view! { <MessageView m=m n=n /> })
    };
    view! {
        <g class="messages many" on:pointermove=hover on:click=click>
            <title>{move || title.get()}</title>
            <g inner_html=drawn></g>
            {on_top}
        </g>
    }
}
