//! A lab panel that can switch to the space-time diagram ([`super::spacetime`]): two
//! buttons, the panel's own view (the Raft lab's log table, the stream lab's charts)
//! or the diagram, computed only while it shows.

use super::spacetime::{Quiet, SpaceTimeView};
use ddia_core::sim::spacetime::SpaceTime;
use leptos::prelude::*;

/// The panel `name` showing `panel`, or the diagram as its switch says.
#[component]
pub fn PanelOrSpaceTime(
    /// The panel's own view's name, e.g. `Logs`.
    name: &'static str,
    /// The panel's own view.
    #[prop(into)]
    panel: ViewFn,
    /// The diagram of the last `window` µs up to the moment shown; it tracks the lab's
    /// own signal, so the diagram follows the run and the scrubber.
    #[prop(into)]
    data: Callback<u64, SpaceTime>,
    /// The lanes' names, node 0 first.
    #[prop(into)]
    names: Signal<Vec<String>>,
    /// What the lab's marks mean, e.g. `dot: leader elected`.
    marks_mean: &'static str,
    /// The window the diagram opens with, µs (one of [`super::spacetime::WINDOWS`]).
    #[prop(default = 1_000_000)]
    first_window_us: u64,
    /// Kinds of message hidden until a toggle shows them.
    #[prop(optional)]
    quiet: Option<Quiet>,
    /// True to name message kinds in words.
    #[prop(optional)]
    in_words: bool,
) -> impl IntoView {
    let diagram = RwSignal::new(false);
    let window = RwSignal::new(first_window_us);
    let shown = Memo::new(move |_| {
        if diagram.get() {
            data.run(window.get())
        } else {
            SpaceTime::default()
        }
    });
    let switch = move |on: bool, label: &'static str| {
        view! {
            <button
                class="view-switch"
                aria-pressed=move || (diagram.get() == on).to_string()
                on:click=move |_| diagram.set(on)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="view-switches" role="group" aria-label="what the panel shows">
            {switch(false, name)}
            {switch(true, "Space-time")}
        </div>
        <Show when=move || diagram.get() fallback=panel>
            <SpaceTimeView data=shown names=names window=window marks_mean=marks_mean quiet=quiet in_words=in_words />
        </Show>
    }
}
