//! A labelled range slider with its unit. The label follows the thumb while dragging;
//! the value is committed when the thumb is released (one action, not dozens).
//!
//! A browser's range input steps from its `min`: `min = 1, step = 10` offers 1, 11, ...
//! 101 and never 100. So the input's track runs over whole multiples of the step
//! ([`Grid`]) and a value outside the allowed range is clamped back in ([`Grid::snap`]):
//! a "Window size" slider of 1-60 000 ms in steps of 10 offers 1, 10, 20, ... 100.

use super::format::short;
use leptos::prelude::*;

/// A slider's track: the input's ends on multiples of `step`, and the allowed values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    /// The input's `min`: the largest multiple of `step` at or below the smallest value.
    pub lo: f64,
    /// The input's `max`: the smallest multiple of `step` at or above the largest value.
    pub hi: f64,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
}

impl Grid {
    /// The track for values `min..=max` in steps of `step` (a step of 0 or less: 1).
    pub fn new(min: f64, max: f64, step: f64) -> Self {
        let step = if step > 0.0 { step } else { 1.0 };
        Grid {
            lo: (min / step).floor() * step,
            hi: (max / step).ceil() * step,
            min,
            max,
        }
    }

    /// A value read from the track, clamped into the allowed range (the track's end
    /// below `min` means `min`). Not `f64::clamp`: its min <= max check formats floats
    /// with `Debug`, which costs every page 2 KB of wasm.
    pub fn snap(&self, v: f64) -> f64 {
        v.max(self.min).min(self.max)
    }
}

/// `unit` after the number `v`: a counted noun is singular after 1 ("1 key", "2 keys");
/// symbols ("ms", "µs", "%") stay as they are.
fn unit_for(unit: &str, v: f64) -> &str {
    match unit.strip_suffix('s') {
        Some(one) if v == 1.0 && unit.chars().count() > 2 => one,
        _ => unit,
    }
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
    /// What a value of 0 means, shown instead of "0 unit" (e.g. "unlimited"); "" for none.
    #[prop(optional)]
    zero: &'static str,
) -> impl IntoView {
    let grid = Grid::new(min, max, step);
    let draft = RwSignal::new(None::<f64>);
    let shown = move || draft.get().unwrap_or_else(|| value.get());
    // The browser parses the range input's value (no float parsing in the wasm).
    let parse = move |ev: &leptos::ev::Event| {
        let v = event_target::<web_sys::HtmlInputElement>(ev).value_as_number();
        v.is_finite().then(|| grid.snap(v))
    };
    let readout = move || match shown() {
        v if v == 0.0 && !zero.is_empty() => zero.to_string(),
        v => format!("{} {}", short(v, 2), unit_for(unit, v)),
    };
    view! {
        <label class="slider" title=hint>
            <span class="slider-head">
                <span class="slider-name">{label}</span>
                <output class="slider-value">{readout}</output>
            </span>
            <input
                type="range"
                min=short(grid.lo, 2)
                max=short(grid.hi, 2)
                step=short(step, 2)
                aria-label=format!("{label} ({unit})")
                aria-valuetext=readout
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_track_from_1_in_steps_of_10_lands_on_round_values() {
        let g = Grid::new(1.0, 60_000.0, 10.0);
        assert_eq!((g.lo, g.hi), (0.0, 60_000.0));
        assert_eq!(g.snap(100.0), 100.0, "100 is on the track");
        assert_eq!(
            g.snap(0.0),
            1.0,
            "the track's left end is the smallest value"
        );
        let g = Grid::new(1.0, 5_003.0, 5.0);
        assert_eq!((g.lo, g.hi), (0.0, 5_005.0));
        assert_eq!(
            g.snap(5_005.0),
            5_003.0,
            "the right end is the largest value"
        );
    }

    #[test]
    fn one_of_a_counted_noun_is_singular() {
        assert_eq!(unit_for("keys", 1.0), "key");
        assert_eq!(unit_for("keys", 2.0), "keys");
        assert_eq!(unit_for("ms", 1.0), "ms");
        assert_eq!(unit_for("µs", 1.0), "µs");
        assert_eq!(unit_for("%", 1.0), "%");
    }

    #[test]
    fn a_range_already_on_its_step_keeps_its_ends() {
        for (min, max, step) in [
            (10.0, 10_000.0, 10.0),
            (64.0, 1_048_576.0, 64.0),
            (0.0, 300.0, 5.0),
        ] {
            let g = Grid::new(min, max, step);
            assert_eq!((g.lo, g.hi), (min, max));
        }
        assert_eq!(Grid::new(3.0, 9.0, 0.0).lo, 3.0, "a step of 0 counts as 1");
    }
}
