//! The small menu that opens when a server is clicked: crash or restart it, send it a
//! client request, pause it (a GC pause), skew its clock or make it drift. Each item
//! injects one `Action`; the protocol does the rest. It never covers a server: on the
//! wide stage it opens at the nearest free spot, in the compact layout above the ring.

use super::layout::{menu_spot, Point, MENU_AREA};
use super::palette::Look;
use super::state::RaftLabState;
use crate::shell::context::context;
use crate::shell::format::fixed;
use ddia_core::sim::Action;
use leptos::prelude::*;

/// Width and height of the menu drawn on the stage, SVG units.
const MENU_SIZE: (f64, f64) = (170.0, 230.0);
/// Length of the pause a menu click causes, µs.
pub const PAUSE_US: u64 = 1_000_000;
/// Clock skew a menu click sets, µs.
pub const SKEW_US: i64 = 200_000;
/// Clock drift a menu click sets, parts per million (10 % fast: far above a real
/// quartz clock's tens of ppm, so that its timeouts visibly end sooner).
pub const DRIFT_PPM: i32 = 100_000;

/// Where the menu of server `id` of `n` goes: on the wide stage, the nearest spot that
/// covers no server ([`menu_spot`]); `None` in the compact layout (the stage is the ring
/// alone, scaled down: a menu on it would cover servers and its buttons would be too
/// small to tap), where it is docked above the stage.
fn menu_place(id: usize, n: usize, compact: bool) -> Option<Point> {
    if compact {
        None
    } else {
        menu_spot(id, n, MENU_SIZE, MENU_AREA)
    }
}

/// The menu of the selected server: on the stage (`docked = false`: an SVG
/// `foreignObject` at its spot) when it has a spot there, else as a bar above the
/// stage's picture (`docked = true`: HTML in the page's flow, which pushes the ring down
/// and covers nothing). The stage mounts one of each; at most one shows.
#[component]
pub fn NodeMenu(
    /// How many servers there are.
    #[prop(into)]
    n: Signal<usize>,
    /// The compact layout is on.
    #[prop(into)]
    compact: Signal<bool>,
    /// This one is the bar above the stage.
    docked: bool,
) -> impl IntoView {
    let st = context::<RaftLabState>();
    move || {
        let id = st.selected.get()?;
        match (menu_place(id, n.get(), compact.get()), docked) {
            (Some(origin), false) => Some(
                view! {
                    <foreignObject x=fixed(origin.x, 1) y=fixed(origin.y, 1) width=fixed(MENU_SIZE.0, 0) height=fixed(MENU_SIZE.1, 0)>
                        <MenuBody id=id docked=false />
                    </foreignObject>
                }
                .into_any(),
            ),
            (None, true) => Some(view! { <MenuBody id=id docked=true /> }.into_any()),
            _ => None,
        }
    }
}

/// The menu's header and buttons; `docked` lays them out in a row that wraps.
#[component]
fn MenuBody(id: usize, docked: bool) -> impl IntoView {
    let st = context::<RaftLabState>();
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
        <div class="node-menu" class:docked=docked role="group" aria-label=format!("Actions for {name}")>
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
