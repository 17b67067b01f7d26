//! Transport controls shared by every lab: play/pause, one step, reset, speed and seed.

use super::speed::{position_of, speed_at, speed_label, SLIDER_STEP, SLIDER_STEPS};
use leptos::prelude::*;

/// A fresh seed for the "random seed" button (small, so it is easy to read and type).
fn random_seed() -> u64 {
    (js_sys::Math::random() * 1_000_000.0).floor() as u64
}

/// Play/pause, step, reset, speed and seed.
#[component]
pub fn Transport(
    /// True while the run plays.
    #[prop(into)]
    playing: Signal<bool>,
    /// False once the run cannot go on (an invariant broke).
    #[prop(into)]
    can_run: Signal<bool>,
    /// Play or pause.
    #[prop(into)]
    on_toggle: Callback<()>,
    /// Run one event.
    #[prop(into)]
    on_step: Callback<()>,
    /// Start over at time zero.
    #[prop(into)]
    on_reset: Callback<()>,
    /// Simulated time per wall time.
    speed: RwSignal<f64>,
    /// What 1x means, for the speed slider's tooltip (default: one simulated second
    /// per wall-clock second; the storage lab runs 10 operations a second).
    #[prop(optional, into)]
    speed_meaning: Option<String>,
    /// The run's seed.
    #[prop(into)]
    seed: Signal<u64>,
    /// A new seed was chosen.
    #[prop(into)]
    on_seed: Callback<u64>,
) -> impl IntoView {
    let play_label = move || if playing.get() { "Pause" } else { "Play" };
    view! {
        <section class="transport" aria-label="run controls">
            <div class="button-row">
                <button
                    class="primary play"
                    data-action="play"
                    aria-label=move || format!("{} (space)", play_label())
                    title="Play or pause (space)"
                    aria-pressed=move || playing.get().to_string()
                    disabled=move || !can_run.get()
                    on:click=move |_| on_toggle.run(())
                >
                    <span aria-hidden="true">{move || if playing.get() { "❚❚" } else { "▶" }}</span>
                    {play_label}
                </button>
                <button
                    data-action="step"
                    aria-label="Step: run one event (.)"
                    title="Run exactly one event (.)"
                    disabled=move || !can_run.get()
                    on:click=move |_| on_step.run(())
                >
                    <span aria-hidden="true">"▶|"</span>
                    "Step"
                </button>
                <button
                    data-action="reset"
                    aria-label="Reset to time zero"
                    title="Start this scenario over at t = 0 (your live actions are dropped)"
                    on:click=move |_| on_reset.run(())
                >
                    <span aria-hidden="true">"↺"</span>
                    "Reset"
                </button>
            </div>
            <label class="slider">
                <span class="slider-head">
                    <span class="slider-name">"Speed"</span>
                    <output class="slider-value">{move || speed_label(speed.get())}</output>
                </span>
                <input
                    type="range"
                    min="0"
                    max=SLIDER_STEPS
                    step=SLIDER_STEP
                    aria-label="Speed (times real time, logarithmic)"
                    aria-valuetext=move || speed_label(speed.get())
                    title=speed_meaning.unwrap_or_else(|| "Simulated time per wall-clock time: 1x is real time".into())
                    prop:value=move || position_of(speed.get()).to_string()
                    on:input=move |ev| {
                        if let Ok(pos) = event_target_value(&ev).parse::<u32>() {
                            speed.set(speed_at(pos));
                        }
                    }
                />
            </label>
            <div class="seed-row">
                <label class="seed">
                    <span>"Seed"</span>
                    <input
                        type="number"
                        min="0"
                        step="1"
                        aria-label="Seed of the random number generator"
                        prop:value=move || seed.get().to_string()
                        on:change=move |ev| {
                            if let Ok(s) = event_target_value(&ev).trim().parse::<u64>() {
                                on_seed.run(s);
                            }
                        }
                    />
                </label>
                <button
                    aria-label="Pick a random seed"
                    title="Random seed: a different run"
                    on:click=move |_| on_seed.run(random_seed())
                >
                    <span aria-hidden="true">"⚄"</span>
                    "Random"
                </button>
            </div>
        </section>
    }
}
