//! What every lab does when it mounts: shares its state with its components, runs it
//! once per animation frame, answers the keyboard shortcuts, writes its first link,
//! lends itself to the page's Share and Export controls and speaks the embedding API
//! ([`super::embed`]). A lab gets all of this by implementing [`LiveLab`].

use super::export::{RunExport, TraceLine};
use super::frame_loop::use_frame_loop;
use super::keyboard::{use_shortcuts, Shortcut};
use super::keys_help::KeysHelp;
use super::page::LabKind;
use super::timeline::Timeline;
use super::url::UrlSync;
use leptos::prelude::*;

/// Where a run is and what it shows, for the embedding API's `state`, `outcome` and
/// `violation` messages.
#[derive(Clone, Debug, PartialEq)]
pub struct LabStatus {
    /// How far the run is, in [`LiveLab::UNIT`]s.
    pub position: u64,
    /// True while the run plays.
    pub playing: bool,
    /// A few headline numbers, named in the lab's terms (e.g. `term`, `leader`).
    pub numbers: Vec<(&'static str, u64)>,
    /// The book scenario (`scn=` name) whose expected outcome the run shows now.
    pub outcome: Option<String>,
    /// The broken invariant (or oracle check) that stopped the run, in words.
    pub violation: Option<String>,
}

/// A lab's live state: a `Copy` handle (signals and stored values) its components share.
pub trait LiveLab: Copy + Send + Sync + 'static {
    /// Which lab this is.
    const KIND: LabKind;
    /// What a position counts: `"us"` (simulated microseconds) or `"op"` (operations).
    const UNIT: &'static str;
    /// What one `"op"` is called in the timeline's words (`operation 3 of 7`); a lab
    /// whose header counts actions says `action` so the two read as one figure.
    const STEP_WORD: &'static str = "operation";

    /// Advances the run for one animation frame of `dt_ms` wall-clock milliseconds.
    fn frame(&self, dt_ms: f64);
    /// Plays or pauses.
    fn toggle_play(&self);
    /// Runs one step (one event or one operation) while paused.
    fn step(&self);
    /// The position one step back from now, if there is one: by default one
    /// [`LiveLab::UNIT`] back (one operation); a lab whose positions are times gives the
    /// moment of the event before the one shown.
    fn previous_position(&self) -> Option<u64> {
        self.position().checked_sub(1)
    }
    /// Where the run is, in [`LiveLab::UNIT`]s. Read once per frame by the timeline, so
    /// it must be cheap (not [`LiveLab::status`], which judges the book scenario).
    fn position(&self) -> u64;
    /// The newest moment the run has reached, when the lab knows it (after a rewind it
    /// lies ahead of [`LiveLab::position`]); `None` lets the timeline track the furthest
    /// position it saw.
    fn horizon(&self) -> Option<u64> {
        None
    }
    /// True while the run plays.
    fn is_playing(&self) -> bool;
    /// Simulated time (or operations) per wall time, times the lab's 1x.
    fn speed(&self) -> f64;
    /// The run's seed.
    fn seed(&self) -> u64;
    /// The address-bar writer the lab was given.
    fn url_sync(&self) -> StoredValue<UrlSync, LocalStorage>;
    /// The scenario query that replays the run up to now (no page keys, no `?`).
    fn scenario_query(&self) -> String;
    /// Moves the run to `position` ([`LiveLab::UNIT`]s from the start), paused. A
    /// position behind the current one is a replay (from a checkpoint where the lab
    /// keeps them, else from the start; exact: runs are deterministic).
    fn seek(&self, position: u64);
    /// Starts over from a scenario query (paused at its position), or says why the query
    /// cannot be read and keeps the current run.
    fn load_query(&self, query: &str) -> Result<(), String>;
    /// Where the run is and what it shows.
    fn status(&self) -> LabStatus;
    /// The recent trace (oldest first), for "Export run".
    fn recent_trace(&self) -> Vec<TraceLine>;

    /// Goes one step back, paused ([`LiveLab::previous_position`], replayed by
    /// [`LiveLab::seek`]); nothing at the start.
    fn step_back(&self) {
        if let Some(position) = self.previous_position() {
            self.seek(position);
        }
    }

    /// Plays (`true`) or pauses; nothing if it already does.
    fn set_playing(&self, play: bool) {
        if self.is_playing() != play {
            self.toggle_play();
        }
    }

    /// Writes the run's link into the address bar now if `force`, else within
    /// [`super::url::SYNC_INTERVAL_MS`] (the latest state then).
    fn sync_url(&self, force: bool) {
        let lab = *self;
        self.url_sync()
            .update_value(|u| u.publish(move || (lab.scenario_query(), lab.speed()), force));
    }

    /// The scenario and the recent trace, for "Export run".
    fn export(&self) -> RunExport {
        RunExport::new(
            Self::KIND,
            self.seed(),
            self.scenario_query(),
            self.status().position,
            Self::UNIT,
            self.recent_trace(),
        )
    }
}

/// The page's handle on the lab it mounted, for the controls outside the lab (Share and
/// Export in the header or the embed corner). The page provides it as context; the lab
/// fills it in when it mounts ([`drive`]).
#[derive(Clone, Copy)]
pub struct MountedRun(StoredValue<Option<RunHooks>>);

/// What the page's controls ask of the mounted lab.
#[derive(Clone, Copy)]
struct RunHooks {
    query: Callback<(), (String, f64)>,
    export: Callback<(), RunExport>,
}

impl MountedRun {
    /// An empty handle (no lab mounted yet).
    pub fn new() -> Self {
        MountedRun(StoredValue::new(None))
    }

    fn attach<L: LiveLab>(&self, lab: L) {
        self.0.set_value(Some(RunHooks {
            query: Callback::new(move |()| (lab.scenario_query(), lab.speed())),
            export: Callback::new(move |()| lab.export()),
        }));
    }

    /// The mounted run's scenario query and speed (`None` before a lab mounts).
    pub fn query(&self) -> Option<(String, f64)> {
        let hooks = self.0.try_get_value().flatten()?;
        Some(hooks.query.run(()))
    }

    /// The mounted run's export (`None` before a lab mounts).
    pub fn export(&self) -> Option<RunExport> {
        let hooks = self.0.try_get_value().flatten()?;
        Some(hooks.export.run(()))
    }
}

impl Default for MountedRun {
    fn default() -> Self {
        Self::new()
    }
}

/// Provides `lab` as context to the calling component's children, drives it from the
/// frame loop and the keyboard shortcuts (`?` opens the page's [`KeysHelp`], if any),
/// writes its link once, hands it to the page's [`MountedRun`] (if any) and connects
/// the embedding API.
pub fn drive<L: LiveLab>(lab: L) {
    provide_context(lab);
    let timeline = Timeline::new(lab);
    provide_context(timeline);
    use_frame_loop(move |dt_ms, _| {
        lab.frame(dt_ms);
        timeline.follow(lab);
    });
    let help = use_context::<KeysHelp>();
    use_shortcuts(move |s| match s {
        Shortcut::TogglePlay => lab.toggle_play(),
        Shortcut::Step => lab.step(),
        Shortcut::StepBack => timeline.back(),
        Shortcut::Help => {
            if let Some(h) = help {
                h.open();
            }
        }
    });
    if !lab.url_sync().with_value(UrlSync::held) {
        lab.sync_url(true);
    }
    if let Some(run) = use_context::<MountedRun>() {
        run.attach(lab);
    }
    super::embed::connect(lab);
}
