//! The small menu that opens when a server is clicked: crash or restart it, send it a
//! client request, pause it (a GC pause), skew its clock or make it drift. Each item
//! injects one
//! `Action`; the protocol does the rest.

use super::layout::{menu_origin, node_position, Frame};
use super::palette::Look;
use super::state::RaftLabState;
use crate::shell::format::fixed;
use ddia_core::sim::Action;
use leptos::prelude::*;

const MENU_W: f64 = 178.0;
const MENU_H: f64 = 230.0;
/// Length of the pause a menu click causes, µs.
pub const PAUSE_US: u64 = 1_000_000;
/// Clock skew a menu click sets, µs.
pub const SKEW_US: i64 = 200_000;
/// Clock drift a menu click sets, parts per million (10 % fast: far above a real
/// quartz clock's tens of ppm, so that its timeouts visibly end sooner).
pub const DRIFT_PPM: i32 = 100_000;

/// The menu of the selected server, if any.
#[component]
pub fn NodeMenu(
    /// How many servers there are.
    #[prop(into)]
    n: Signal<usize>,
    /// The part of the stage shown: the menu opens inside it.
    #[prop(into)]
    frame: Signal<Frame>,
) -> impl IntoView {
    let st = expect_context::<RaftLabState>();
    move || {
        let id = st.selected.get()?;
        let origin = menu_origin(node_position(id, n.get()), MENU_W, MENU_H, frame.get());
        Some(view! {
            <foreignObject x=fixed(origin.x, 1) y=fixed(origin.y, 1) width=fixed(MENU_W, 0) height=fixed(MENU_H, 0)>
                <MenuBody id=id />
            </foreignObject>
        })
    }
}

#[component]
fn MenuBody(id: usize) -> impl IntoView {
    let st = expect_context::<RaftLabState>();
    let node = Memo::new(move |_| {
        st.snap.with(|s| {
            s.node(id)
                .map(|n| (n.look, n.term, n.clock_us, n.drift_ppm))
        })
    });
    let look = move || node.get().map_or(Look::Crashed, |n| n.0);
    let up = move || look() != Look::Crashed;
    let skewed = move || node.get().is_some_and(|n| n.2 != 0);
    let drifting = move || node.get().is_some_and(|n| n.3 != 0);
    let next = move || st.next_command();
    let then_close = move |action: Action<u64>| {
        st.act(action);
        st.selected.set(None);
    };
    let name = format!("S{}", id + 1);
    view! {
        <div class="node-menu" role="group" aria-label=format!("Actions for {name}")>
            <div class="menu-head">
                <strong>{name.clone()}</strong>
                <span class="menu-sub">
                    {move || node.get().map(|n| format!("{} · term {}", n.0.word(), n.1)).unwrap_or_default()}
                </span>
                <button class="menu-close" aria-label="Close menu" on:click=move |_| st.selected.set(None)>
                    "×"
                </button>
            </div>
            <Show
                when=up
                fallback=move || view! {
                    <button data-action="restart" on:click=move |_| then_close(Action::Restart(id))>
                        "↻ Restart"
                    </button>
                }
            >
                <button class="danger" data-action="crash" on:click=move |_| then_close(Action::Crash(id))>
                    "✕ Crash"
                </button>
            </Show>
            <button
                data-action="client"
                title="A client sends the next command to this server (only a leader accepts it)"
                on:click=move |_| st.client_request(id)
            >
                {move || format!("✉ Client request x={}", next())}
            </button>
            <button
                data-action="pause"
                disabled=move || !up()
                title="Freeze the process for 1 s, like a long garbage-collection pause"
                on:click=move |_| then_close(Action::Pause { node: id, for_us: PAUSE_US })
            >
                "❚❚ Pause 1 s"
            </button>
            <button
                data-action="skew"
                title="Set this server's clock ahead (or back to normal); its timers count durations, so a steady offset moves none of them"
                on:click=move |_| {
                    let skew_us = if skewed() { 0 } else { SKEW_US };
                    then_close(Action::Skew { node: id, skew_us })
                }
            >
                {move || if skewed() { "◷ Reset clock".to_string() } else { format!("◷ Clock +{} ms", SKEW_US / 1_000) }}
            </button>
            <button
                data-action="drift"
                title="Make this server's clock run fast (or at the right rate again): its election timeouts end sooner in real time"
                on:click=move |_| {
                    let ppm = if drifting() { 0 } else { DRIFT_PPM };
                    then_close(Action::Drift { node: id, ppm })
                }
            >
                {move || if drifting() { "◴ Stop clock drift".to_string() } else { format!("◴ Clock runs {}% fast", DRIFT_PPM / 10_000) }}
            </button>
        </div>
    }
}
