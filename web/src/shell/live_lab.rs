//! What every lab does when it mounts: shares its state with its components, runs it
//! once per animation frame, answers the keyboard shortcuts and writes its first link.

use super::frame_loop::use_frame_loop;
use super::keyboard::{use_shortcuts, Shortcut};
use leptos::prelude::*;

/// A lab's live state: a `Copy` handle (signals and stored values) its components share.
pub trait LiveLab: Copy + Send + Sync + 'static {
    /// Advances the run for one animation frame of `dt_ms` wall-clock milliseconds.
    fn frame(&self, dt_ms: f64);
    /// Plays or pauses.
    fn toggle_play(&self);
    /// Runs one step (one event or one operation) while paused.
    fn step(&self);
    /// Writes the run's link into the address bar (throttled unless `force`).
    fn sync_url(&self, force: bool);
}

/// Provides `lab` as context to the calling component's children, drives it from the
/// frame loop and the keyboard shortcuts, and writes its link once.
pub fn drive<L: LiveLab>(lab: L) {
    provide_context(lab);
    use_frame_loop(move |dt_ms, _| lab.frame(dt_ms));
    use_shortcuts(move |s| match s {
        Shortcut::TogglePlay => lab.toggle_play(),
        Shortcut::Step => lab.step(),
    });
    lab.sync_url(true);
}
