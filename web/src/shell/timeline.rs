//! The timeline scrubber under every lab's stage (issue 18): drag to any moment of the
//! run so far, step back or forward, and return to the newest moment ("Live").
//!
//! [`super::live_lab::drive`] provides a [`Timeline`] for the mounted lab and updates it
//! once per animation frame; the [`TimelineBar`] component draws it. Seeking goes through
//! [`LiveLab::seek`], so it is exact (checkpoints and a deterministic replay), and a
//! later action at a past moment forks the run (the lab's own rule).

use super::format::ms;
use super::live_lab::LiveLab;
use leptos::prelude::*;

/// The run's extent as the scrubber shows it, in the lab's [`LiveLab::UNIT`]s.
#[derive(Clone, Copy)]
pub struct Timeline {
    /// Where the run is now.
    position: RwSignal<u64>,
    /// The newest moment the run has reached (what "Live" returns to).
    horizon: RwSignal<u64>,
    /// True between a seek the timeline or `,` asked for and the next frame: a position
    /// that went back for another reason (Reset, a new link) also moves the horizon back
    /// (for labs that do not report their own horizon).
    rewinding: StoredValue<bool>,
    /// `"us"` or `"op"`.
    unit: &'static str,
    /// [`LiveLab::STEP_WORD`].
    word: &'static str,
    seek: Callback<u64>,
    back: Callback<()>,
    step: Callback<()>,
}

impl Timeline {
    /// The timeline of `lab`, at its current position.
    pub fn new<L: LiveLab>(lab: L) -> Self {
        let position = lab.position();
        Timeline {
            position: RwSignal::new(position),
            horizon: RwSignal::new(lab.horizon().unwrap_or(position)),
            rewinding: StoredValue::new(false),
            unit: L::UNIT,
            word: L::STEP_WORD,
            seek: Callback::new(move |to| lab.seek(to)),
            back: Callback::new(move |()| lab.step_back()),
            step: Callback::new(move |()| lab.step()),
        }
    }

    /// Follows `lab` after a frame: its position and its horizon (the lab's own, or the
    /// furthest position seen).
    pub fn follow<L: LiveLab>(&self, lab: L) {
        let position = lab.position();
        let rewound = self.rewinding.get_value();
        self.rewinding.set_value(false);
        let horizon = lab.horizon().unwrap_or_else(|| {
            let went_back = position < self.position.get_untracked();
            if went_back && !rewound {
                position
            } else {
                self.horizon.get_untracked().max(position)
            }
        });
        if self.position.get_untracked() != position {
            self.position.set(position);
        }
        if self.horizon.get_untracked() != horizon {
            self.horizon.set(horizon);
        }
    }

    /// Seeks to `to`, keeping the horizon (a rewind, not a restart).
    pub fn seek(&self, to: u64) {
        self.rewinding.set_value(true);
        self.seek.run(to);
    }

    /// One step back ([`LiveLab::step_back`]), keeping the horizon.
    pub fn back(&self) {
        self.rewinding.set_value(true);
        self.back.run(());
    }

    /// Where the run is out of how far it went, in words: `152.3 ms of 476.6 ms` or
    /// `operation 12 of 40` ([`LiveLab::STEP_WORD`]).
    fn say(&self, position: u64, horizon: u64) -> String {
        format!("{}{}", self.moment(position), self.of(horizon))
    }

    /// A moment in words: `152.3 ms` or `operation 12`.
    fn moment(&self, at: u64) -> String {
        if self.unit == "us" {
            ms(at)
        } else {
            format!("{} {at}", self.word)
        }
    }

    /// The newest moment after [`Timeline::moment`]: ` of 476.6 ms` or ` of 40`.
    fn of(&self, horizon: u64) -> String {
        if self.unit == "us" {
            format!(" of {}", ms(horizon))
        } else {
            format!(" of {horizon}")
        }
    }
}

/// The scrubber: a range over the run so far, the moment shown, one step back and
/// forward, and "Live" (the newest moment).
#[component]
pub fn TimelineBar() -> impl IntoView {
    let Some(t) = use_context::<Timeline>() else {
        return ().into_any();
    };
    let at_horizon = move || t.position.get() >= t.horizon.get();
    let shown = move || t.say(t.position.get(), t.horizon.get());
    view! {
        <div class="timeline" role="group" aria-label="timeline">
            <button
                class="timeline-back"
                aria-label="One step back (,)"
                title="One step back (,): replayed exactly from the nearest checkpoint"
                disabled=move || t.position.get() == 0
                on:click=move |_| t.back()
            >
                <span aria-hidden="true">"|◀"</span>
            </button>
            <input
                type="range"
                class="timeline-range"
                min="0"
                max=move || t.horizon.get().to_string()
                step="1"
                prop:value=move || t.position.get().to_string()
                aria-label="Time travel: drag to any moment of the run so far"
                aria-valuetext=shown
                title="Drag back to any moment of the run so far; an action taken there starts a new branch (the later part is dropped)"
                on:input=move |ev| {
                    if let Ok(to) = event_target_value(&ev).parse::<u64>() {
                        t.seek(to);
                    }
                }
            />
            // A phone shows the moment without "of" the newest one.
            <span class="timeline-at" aria-live="off">
                {move || t.moment(t.position.get())}
                <span class="timeline-of">{move || t.of(t.horizon.get())}</span>
            </span>
            <button
                class="timeline-forward"
                aria-label="One step forward (.)"
                title="Run exactly one step (.)"
                on:click=move |_| t.step.run(())
            >
                <span aria-hidden="true">"▶|"</span>
            </button>
            <button
                class="timeline-live"
                aria-label="Live: back to the newest moment"
                title="Back to the newest moment the run reached"
                disabled=at_horizon
                on:click=move |_| t.seek(t.horizon.get_untracked())
            >
                "Live"
            </button>
        </div>
    }
    .into_any()
}
