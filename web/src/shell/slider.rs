//! A labelled range slider with its unit. The label follows the thumb while dragging;
//! the value is committed when the thumb is released (one action, not dozens).

use super::format::short;
use leptos::prelude::*;

/// A slider from `min` to `max` in steps of `step`, showing `value` and `unit`.
#[component]
pub fn Slider(
    /// What it sets, e.g. "Heartbeat interval".
    label: &'static str,
    /// Unit shown after the number, e.g. "ms".
    unit: &'static str,
    /// Smallest value.
    min: f64,
    /// Largest value.
    max: f64,
    /// Step between values.
    step: f64,
    /// The current value.
    #[prop(into)]
    value: Signal<f64>,
    /// Called with the new value when the user lets go.
    #[prop(into)]
    on_commit: Callback<f64>,
    /// A tooltip explaining the setting.
    #[prop(optional)]
    hint: &'static str,
) -> impl IntoView {
    let draft = RwSignal::new(None::<f64>);
    let shown = move || draft.get().unwrap_or_else(|| value.get());
    // The browser parses the range input's value (no float parsing in the wasm).
    let parse = |ev: &leptos::ev::Event| {
        let v = event_target::<web_sys::HtmlInputElement>(ev).value_as_number();
        v.is_finite().then_some(v)
    };
    view! {
        <label class="slider" title=hint>
            <span class="slider-head">
                <span class="slider-name">{label}</span>
                <output class="slider-value">{move || short(shown(), 2)} " " {unit}</output>
            </span>
            <input
                type="range"
                min=short(min, 2)
                max=short(max, 2)
                step=short(step, 2)
                aria-label=format!("{label} ({unit})")
                prop:value=move || short(shown(), 2)
                on:input=move |ev| draft.set(parse(&ev))
                on:change=move |ev| {
                    draft.set(None);
                    if let Some(v) = parse(&ev) {
                        on_commit.run(v);
                    }
                }
            />
        </label>
    }
}
