//! A labelled range slider with its unit. The label follows the thumb while dragging;
//! the value is committed when the thumb is released (one action, not dozens).
//!
//! A browser's range input steps from its `min`: `min = 1, step = 10` offers 1, 11, ...
//! 101 and never 100. So the input's track runs over whole multiples of the step
//! ([`Grid`]) and a value outside the allowed range is clamped back in ([`Grid::snap`]):
//! a "Window size" slider of 1-60 000 ms in steps of 10 offers 1, 10, 20, ... 100.
//!
//! A time slider over a long range ([`Track`]) has round stops instead, about evenly
//! spaced on a logarithmic scale (as the Speed slider is): 1, 10, 20, 25, 30, 40, 50,
//! 60, 80, 100, 150, ... 60 000 ms. Linear, a pixel of a 0-60 s track is 200 ms and
//! every value a one-second run needs sits in its first two pixels.

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

/// The mantissas of the round stops in each decade (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times
/// a power of ten): close to evenly spaced in log scale.
const ROUND: [f64; 9] = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0];

/// A time slider with more than this many steps gets round stops.
const LONG: f64 = 100.0;

/// A slider's track: linear over a [`Grid`], or round stops for a long time range
/// (the input then runs over the stops' indices).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Track {
    /// The linear track, and the allowed values.
    pub grid: Grid,
    /// Step between values of the linear track.
    pub step: f64,
    /// True: round stops ([`round_stops`]).
    pub round: bool,
}

/// The round stops from `min` to `max` that are multiples of `step`: `min`, then each
/// [`ROUND`] mantissa times a power of ten between them, then `max`.
pub fn round_stops(min: f64, max: f64, step: f64) -> Vec<f64> {
    let mut out = vec![min];
    let mut decade = 1.0;
    while decade < max {
        out.extend(
            ROUND
                .iter()
                .map(|m| m * decade)
                .filter(|&v| v > min && v < max && (v / step).fract() == 0.0),
        );
        decade *= 10.0;
    }
    out.push(max);
    out
}

impl Track {
    /// The track for values `min..=max` in steps of `step` of a slider in `unit`:
    /// round stops for a time (`ms`) or a log size (`records`, e.g. the stream lab's
    /// retention) over more than [`LONG`] steps.
    pub fn new(min: f64, max: f64, step: f64, unit: &str) -> Self {
        let grid = Grid::new(min, max, step);
        let round = matches!(unit, "ms" | "records") && (max - min) > LONG * step;
        Track { grid, step, round }
    }

    fn stops(&self) -> Vec<f64> {
        round_stops(self.grid.min, self.grid.max, self.step)
    }

    /// The input's `min`, `max` and `step`.
    pub fn input(&self) -> (f64, f64, f64) {
        if self.round {
            (0.0, (self.stops().len() - 1) as f64, 1.0)
        } else {
            (self.grid.lo, self.grid.hi, self.step)
        }
    }

    /// The value at the input's value `pos`, within the allowed range.
    pub fn value(&self, pos: f64) -> f64 {
        if !self.round {
            return self.grid.snap(pos);
        }
        let stops = self.stops();
        let last = stops.len() - 1;
        // No float-to-integer cast of what the browser read: count up to it.
        let i = (0..last).find(|&i| i as f64 >= pos.round()).unwrap_or(last);
        stops[i]
    }

    /// The input's value for `v`: on a round track the nearest stop's index.
    pub fn position(&self, v: f64) -> f64 {
        if !self.round {
            return v;
        }
        let stops = self.stops();
        let i = stops.partition_point(|&s| s < v).min(stops.len() - 1);
        let nearer_below = i > 0 && v - stops[i - 1] < stops[i] - v;
        (i - usize::from(nearer_below)) as f64
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
    let track = Track::new(min, max, step, unit);
    let (lo, hi, input_step) = track.input();
    let draft = RwSignal::new(None::<f64>);
    let shown = move || draft.get().unwrap_or_else(|| value.get());
    // The browser parses the range input's value (no float parsing in the wasm).
    let parse = move |ev: &leptos::ev::Event| {
        let v = event_target::<web_sys::HtmlInputElement>(ev).value_as_number();
        v.is_finite().then(|| track.value(v))
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
                min=short(lo, 2)
                max=short(hi, 2)
                step=short(input_step, 2)
                aria-label=format!("{label} ({unit})")
                aria-valuetext=readout
                // The value the thumb stands for (a round track's input holds an index).
                data-thumb=move || short(track.value(track.position(shown())), 2)
                prop:value=move || short(track.position(shown()), 2)
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
    fn a_long_time_range_has_round_stops_from_the_links_minimum() {
        let t = Track::new(1.0, 60_000.0, 10.0, "ms");
        assert!(t.round);
        let (lo, hi, step) = t.input();
        assert_eq!((lo, step), (0.0, 1.0));
        assert_eq!(t.value(lo), 1.0, "Home: the link's minimum");
        assert_eq!(t.value(hi), 60_000.0, "End: the link's maximum");
        let stops = round_stops(1.0, 60_000.0, 10.0);
        assert_eq!(
            &stops[..10],
            &[1.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 80.0, 100.0, 150.0]
        );
        // Evenly spaced in log scale: no neighbour more than 2.5x the one before it
        // (after the minimum) and a fifth of the track lands between 50 and 150 ms.
        assert!(
            stops[1..].windows(2).all(|w| w[1] / w[0] <= 2.5),
            "{stops:?}"
        );
        let fifth = t.value((hi * 0.2).round());
        assert!((50.0..=150.0).contains(&fifth), "{fifth}");
        for v in [1.0, 100.0, 250.0, 60_000.0] {
            assert_eq!(t.value(t.position(v)), v, "{v} is a stop");
        }
        assert_eq!(t.value(t.position(85.0)), 80.0, "off a stop: the nearest");
        assert_eq!(t.value(t.position(95.0)), 100.0);
        let zero = Track::new(0.0, 600_000.0, 50.0, "ms");
        assert_eq!(zero.value(0.0), 0.0);
        assert_eq!(zero.value(1.0), 50.0, "stops are multiples of the step");
    }

    /// play17c F5: records kept per partition, 0-100 000, on round stops too (a
    /// linear track moved tens of records per pixel).
    #[test]
    fn a_long_record_count_has_round_stops() {
        let keep = Track::new(0.0, 100_000.0, 10.0, "records");
        assert!(keep.round);
        let stops: Vec<f64> = (0..6).map(|i| keep.value(f64::from(i))).collect();
        assert_eq!(stops, [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(keep.value(keep.input().1), 100_000.0);
        assert!(!Track::new(1.0, 32.0, 1.0, "records").round, "a batch");
    }

    #[test]
    fn short_or_untimed_ranges_stay_linear() {
        assert!(!Track::new(0.0, 100.0, 1.0, "%").round);
        assert!(!Track::new(1.0, 1_000_000.0, 1.0, "keys").round);
        assert!(!Track::new(0.0, 300.0, 5.0, "ms").round, "60 steps");
        let t = Track::new(1.0, 60.0, 1.0, "ms");
        assert_eq!(
            (t.input(), t.value(0.0), t.position(7.0)),
            ((1.0, 60.0, 1.0), 1.0, 7.0)
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
