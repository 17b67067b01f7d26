//! A labelled range slider with its unit. The label follows the thumb while dragging;
//! the value is committed when the thumb is released (one action, not dozens).

use leptos::prelude::*;

/// `value` with at most two decimals and no trailing zeros.
pub fn number_label(value: f64) -> String {
    let text = super::format::fixed(value, 2);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

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
    let parse = |ev: &leptos::ev::Event| event_target_value(ev).parse::<f64>().ok();
    view! {
        <label class="slider" title=hint>
            <span class="slider-head">
                <span class="slider-name">{label}</span>
                <output class="slider-value">{move || number_label(shown())} " " {unit}</output>
            </span>
            <input
                type="range"
                min=number_label(min)
                max=number_label(max)
                step=number_label(step)
                aria-label=format!("{label} ({unit})")
                prop:value=move || number_label(shown())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_drop_needless_decimals() {
        assert_eq!(number_label(150.0), "150");
        assert_eq!(number_label(2.5), "2.5");
        assert_eq!(number_label(0.126), "0.13");
        assert_eq!(number_label(0.0), "0");
    }
}
