//! A message on the wire, drawn at the interpolated point of its flight. Shapes tell
//! the kinds apart (see the legend); a message the network will drop is red, fades
//! and vanishes half-way with an ✕. Clicking one pauses the run and opens the
//! [`crate::shell::message_menu`] for it.

use super::message_paths::message_point;
use super::palette::term_color;
use super::snapshot::{MsgKind, MsgSnap};
use super::state::RaftLabState;
use crate::shell::context::context;
use crate::shell::format::{fixed, translate};
use crate::shell::message_menu::PickedMessage;
use leptos::prelude::*;

/// Opacity of a message that will be dropped, fading as its end nears.
pub fn drop_opacity(flight: f64) -> f64 {
    1.0 - 0.7 * flight.clamp(0.0, 1.0)
}

/// The shape of a message kind, centred on the origin.
#[component]
pub fn MsgShape(kind: MsgKind, term: u64) -> impl IntoView {
    match kind {
        MsgKind::RequestVote => view! { <circle r="7"></circle> }.into_any(),
        MsgKind::Vote(_) => view! { <circle r="5"></circle> }.into_any(),
        MsgKind::Heartbeat => view! { <circle r="4.5"></circle> }.into_any(),
        MsgKind::Append(k) => view! {
            <g>
                <rect x="-9" y="-7" width="18" height="14" rx="3" style=format!("fill: {}", term_color(term))></rect>
                <text class="count" y="4">{format!("{k}")}</text>
            </g>
        }
        .into_any(),
        MsgKind::AppendReply(_) => {
            view! { <rect x="-4.5" y="-4.5" width="9" height="9" transform="rotate(45)"></rect> }
                .into_any()
        }
    }
}

/// The message `m` (its static parts; the position follows the snapshot).
#[component]
pub fn MessageView(m: MsgSnap, #[prop(into)] n: Signal<usize>) -> impl IntoView {
    let st = context::<RaftLabState>();
    let id = m.id;
    let dropped = m.dropped;
    // Where it is now (at the end of its flight once it has landed).
    let now = move || {
        st.snap
            .with(|s| s.message(id).copied())
            .unwrap_or(MsgSnap { flight: 1.0, ..m })
    };
    let flight = move || now().flight;
    let transform = move || {
        let p = message_point(&now(), n.get(), st.reduced_motion.get());
        translate(p.x, p.y)
    };
    // Formatted when the pointer reaches it, not every frame.
    let title = RwSignal::new(String::new());
    let hover = move |_| title.set(st.message_title(id).unwrap_or_default());
    let picked = context::<PickedMessage>();
    let click = move |ev: leptos::ev::MouseEvent| {
        ev.stop_propagation();
        picked.pick(id);
    };
    let opacity = move || {
        if dropped {
            fixed(drop_opacity(flight()), 2)
        } else {
            "1".to_string()
        }
    };
    view! {
        <g
            class=m.kind.class()
            class:dropped=dropped
            data-kind=m.kind.class().trim_start_matches("msg ")
            transform=transform
            opacity=opacity
            class:picked=move || picked.is(id)
            on:pointerenter=hover
            on:click=click
        >
            <title>{move || title.get()}</title>
            // A fingertip-sized target around the small shape: click to drop, duplicate
            // or hold the message (message_menu.rs).
            <circle class="msg-hit" r="20"></circle>
            <MsgShape kind=m.kind term=m.term />
            {dropped.then(|| view! { <text class="drop-x" x="7" y="-5">"✕"</text> })}
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_messages_fade_out() {
        assert_eq!(drop_opacity(0.0), 1.0);
        assert!((drop_opacity(1.0) - 0.3).abs() < 1e-9);
        assert!(drop_opacity(0.5) < drop_opacity(0.4));
    }
}
