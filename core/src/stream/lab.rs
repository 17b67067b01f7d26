//! The stream lab's driver: a scenario's world ([`StreamRun`]) with its recorded
//! actions scheduled, what the page and the book checks read from it (delivery, the
//! derived view against its rebuild, the windowing over the log), and its verdict.

use alloc::format;
use alloc::string::String;

use super::delivery::Delivery;
use super::run::StreamRun;
use super::scenario::StreamScenario;
use super::view::{rebuild, ViewCheck};
use super::windowing::{run_windows, WindowRun};
use crate::sim::{SimTime, Timed};

/// How long a book scenario's story lasts, µs of simulated time.
pub const STORY_US: u64 = 3_000_000;

/// A stream-lab run in progress.
pub struct StreamLab {
    /// The world and its planned crash.
    pub run: StreamRun,
    scenario: StreamScenario,
}

impl StreamLab {
    /// The world of `s` with its actions scheduled, run to `s.until_us` if set.
    pub fn new(s: &StreamScenario) -> Self {
        let mut run = StreamRun::new(&s.params(), s.seed, s.links(), s.crash_plan());
        for i in &s.actions {
            run.world.schedule(Timed {
                at_us: i.at_us,
                action: i.action.action(),
            });
        }
        if let Some(t) = s.until_us {
            run.run_until(SimTime(t));
        }
        StreamLab {
            run,
            scenario: s.clone(),
        }
    }

    /// The scenario it runs.
    pub fn scenario(&self) -> &StreamScenario {
        &self.scenario
    }

    /// Runs to simulated time `t`.
    pub fn run_until(&mut self, t: SimTime) {
        self.run.run_until(t);
    }

    /// Runs to the end of the story ([`STORY_US`]).
    pub fn finish(&mut self) {
        self.run_until(SimTime(STORY_US));
    }

    /// Lost and duplicated effects so far.
    pub fn delivery(&self) -> Delivery {
        self.run.delivery()
    }

    /// The live view against the view rebuilt from offset 0.
    pub fn view(&self) -> ViewCheck {
        rebuild(self.run.broker(), self.run.sink())
    }

    /// The windowing operator over the log so far (processing time = append time; no
    /// end of input: windows fire only as the watermark passes them).
    pub fn windows(&self) -> WindowRun {
        run_windows(
            &self.run.broker().timed_events(),
            &self.scenario.window_params(),
            None,
        )
    }

    /// The broken invariant that stopped the run, in words.
    pub fn violation(&self) -> Option<String> {
        self.run
            .world
            .violation()
            .map(|(t, v)| format!("at {t}: {}: {}", v.invariant, v.detail))
    }

    /// The trace digest so far.
    pub fn digest(&self) -> u64 {
        self.run.world.digest()
    }
}
