//! Settings sliders described as data: a [`Knob`] names one field of a lab's settings
//! `S` in slider units, and [`knob_sliders`] draws a list of them. One table per panel
//! instead of one hand-written slider block per field.

use super::slider::Slider;
use ddia_core::link::KnobRange;
use leptos::prelude::*;

/// A slider bound to one field of the settings `S`.
pub struct Knob<S: 'static> {
    /// What it sets, e.g. "Heartbeat".
    pub label: &'static str,
    /// Unit after the number, e.g. "ms".
    pub unit: &'static str,
    /// The allowed values, from `ddia-core` (the link parser reads the same range), in
    /// slider units: the slider's minimum and maximum.
    pub bounds: KnobRange,
    /// Step between slider values, in slider units.
    pub step: f64,
    /// Tooltip ("" for none).
    pub hint: &'static str,
    /// The field's value in slider units.
    pub get: fn(&S) -> f64,
    /// Writes a slider value into the field (and keeps related fields consistent).
    pub set: fn(&mut S, f64),
}

impl<S> Knob<S> {
    /// The slider's minimum.
    pub fn min(&self) -> f64 {
        self.bounds.lo as f64
    }

    /// The slider's maximum.
    pub fn max(&self) -> f64 {
        self.bounds.hi as f64
    }
}

/// A slider value as a whole number (sliders step by whole units within their range).
pub fn whole(v: f64) -> u64 {
    // A saturating cast of a slider value (bounded by its KnobRange).
    v.round().max(0.0) as u64
}

/// A slider value as a `u32` (saturating).
pub fn whole32(v: f64) -> u32 {
    u32::try_from(whole(v)).unwrap_or(u32::MAX)
}

/// A whole number as a slider reads it.
pub fn slider_value(v: u64) -> f64 {
    v as f64
}

/// What a panel does with a committed knob value: usually edits its settings with
/// `knob.set` and restarts or records.
pub type Commit<S> = Callback<(&'static Knob<S>, f64)>;

/// One slider per knob, showing `knob.get` of `settings`, in rows of `per_row`.
pub fn knob_sliders<S: Send + Sync + 'static>(
    knobs: &'static [Knob<S>],
    settings: Signal<S>,
    commit: Commit<S>,
    per_row: usize,
) -> impl IntoView {
    knob_sliders_with(knobs, settings, commit, per_row, &[])
}

/// [`knob_sliders`] where some knobs' 0 means something other than a number:
/// `zeros` pairs a link key with the word its slider shows at 0, e.g.
/// `("keep", "unlimited")`.
pub fn knob_sliders_with<S: Send + Sync + 'static>(
    knobs: &'static [Knob<S>],
    settings: Signal<S>,
    commit: Commit<S>,
    per_row: usize,
    zeros: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let class = if per_row > 1 { "pair" } else { "knob-row" };
    knobs
        .chunks(per_row.max(1))
        .map(|row| {
            let sliders = row
                .iter()
                .map(|k| {
                    let zero = zeros
                        .iter()
                        .find(|(key, _)| *key == k.bounds.key)
                        .map_or("", |(_, word)| word);
                    view! {
                        <Slider
                            label=k.label
                            unit=k.unit
                            min=k.min()
                            max=k.max()
                            step=k.step
                            hint=k.hint
                            zero=zero
                            value=Signal::derive(move || settings.with(|s| (k.get)(s)))
                            on_commit=move |v: f64| commit.run((k, v))
                        />
                    }
                })
                .collect::<Vec<_>>();
            view! { <div class=class>{sliders}</div> }
        })
        .collect::<Vec<_>>()
}

/// Checks a lab's slider tables against its link: every slider's ends are core's range
/// for its key, and a link carrying either end reads back to the same scenario.
#[cfg(test)]
pub(crate) fn assert_sliders_round_trip<S>(knobs: impl IntoIterator<Item = &'static Knob<S>>)
where
    S: ddia_core::link::LabLink + PartialEq + std::fmt::Debug,
{
    for k in knobs {
        for v in [k.min(), k.max()] {
            let mut s = S::default();
            (k.set)(&mut s, v);
            assert_eq!((k.get)(&s), v, "{} = {v}", k.label);
            let back = S::from_query(&s.to_query());
            assert_eq!(back.as_ref(), Ok(&s), "{} = {v}", k.label);
        }
    }
}
