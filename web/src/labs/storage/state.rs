//! The storage lab's reactive state: the `StorageLab` in a non-reactive holder, a
//! version signal bumped whenever it changes, and the user's inputs. Every button ends
//! as a `LabAction` on the lab (or a rebuilt scenario); nothing is drawn from anywhere
//! else.

use crate::shell::event_log::{LineKind, LogLine};
use crate::shell::export::TraceLine;
use crate::shell::format::short;
use crate::shell::live_lab::{LabStatus, LiveLab};
use crate::shell::page::LabKind;
use crate::shell::url::UrlSync;
use ddia_core::link::LabLink;
use ddia_core::sim::{rewind, Checkpoints};
use ddia_core::storage::lab::rewind::{seek, SPACING_OPS};
use ddia_core::storage::lab::{LabAction, LabLogLine, StorageLab};
use ddia_core::storage::lab_book::find;
use ddia_core::storage::lab_scenario::StorageScenario;
use leptos::prelude::*;

/// Workload operations per second at speed 1x.
pub const OPS_PER_SECOND_AT_1X: f64 = 10.0;
/// Most workload operations run in one animation frame.
pub const MAX_OPS_PER_FRAME: u32 = 400;
/// A scenario's own action (a put, a flush, a crash...) takes as long as this many
/// workload operations when playing: half a second at 1x, so each can be watched.
pub const SCENARIO_ACTION_OPS: f64 = 5.0;

/// A book scenario's own actions played per second at 1x.
pub fn scenario_actions_per_second() -> f64 {
    OPS_PER_SECOND_AT_1X / SCENARIO_ACTION_OPS
}

/// What 1x means, from the pacing's own constants: the speed control's tooltip and the
/// hint under it (numbers through [`short`]: no float formatting code in the page).
pub fn speed_hint() -> String {
    format!(
        "1x = {} workload operations a second; a scenario's own action (a put, a flush, a crash...) takes {} s, {} a second, so each can be watched",
        short(OPS_PER_SECOND_AT_1X, 2),
        short(1.0 / scenario_actions_per_second(), 2),
        short(scenario_actions_per_second(), 2)
    )
}

/// Workload operations to run for a frame of `dt_ms` at `speed`; `carry` keeps the
/// fraction so slow speeds still move.
pub fn ops_for_frame(dt_ms: f64, speed: f64, carry: &mut f64) -> u32 {
    let dt = if dt_ms.is_finite() {
        dt_ms.clamp(0.0, 100.0)
    } else {
        0.0
    };
    let exact = dt / 1000.0 * OPS_PER_SECOND_AT_1X * speed.max(0.0) + *carry;
    let whole = exact.floor().min(f64::from(MAX_OPS_PER_FRAME));
    *carry = (exact - whole).min(1.0);
    whole as u32
}

/// Runs the steps that `budget + earned` (in workload operations) pays for: a workload
/// operation costs 1, a scenario's own action [`SCENARIO_ACTION_OPS`], at most
/// [`MAX_OPS_PER_FRAME`] steps. `budget` keeps the rest for the next frame (a scenario
/// action saves up for its turn), never more than one scenario action's worth. True if
/// the lab moved.
pub fn spend(lab: &mut StorageLab, budget: &mut f64, earned: f64) -> bool {
    *budget += earned;
    let mut moved = false;
    for _ in 0..MAX_OPS_PER_FRAME {
        let cost = match lab.next_scripted() {
            Some(LabAction::Workload(_)) | None => 1.0,
            Some(_) => SCENARIO_ACTION_OPS,
        };
        if *budget < cost || !lab.step() {
            break;
        }
        *budget -= cost;
        moved = true;
    }
    *budget = budget.min(SCENARIO_ACTION_OPS);
    moved
}

/// Handles to the lab's state; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct StorageState {
    lab: StoredValue<StorageLab, LocalStorage>,
    /// Copies of the run for seeking (issue 18): at most [`rewind::CHECKPOINTS`], at
    /// least [`SPACING_OPS`] operations apart (the spacing doubles as the store thins).
    checkpoints: StoredValue<Checkpoints<StorageLab>, LocalStorage>,
    url: StoredValue<UrlSync, LocalStorage>,
    carry: StoredValue<f64, LocalStorage>,
    /// The `version` whose pictures were last scrolled to their focus.
    followed: StoredValue<u64, LocalStorage>,
    /// Bumped after every change of the lab.
    pub version: RwSignal<u64>,
    /// True while the workload plays.
    pub playing: RwSignal<bool>,
    /// Speed, times [`OPS_PER_SECOND_AT_1X`].
    pub speed: RwSignal<f64>,
    /// The page's notice banner.
    pub notice: RwSignal<Option<String>>,
    /// The log lines, oldest first.
    pub log: RwSignal<Vec<LogLine>>,
}

/// One of the lab's log lines as the event log shows it.
fn log_line(l: &LabLogLine) -> LogLine {
    LogLine {
        index: l.index,
        at_us: l.at_op,
        text: l.text.clone(),
        kind: match (l.alarm, l.milestone) {
            (true, _) => LineKind::Alarm,
            (false, true) => LineKind::Milestone,
            (false, false) => LineKind::Routine,
        },
    }
}

/// Brings `log` (the lines shown, oldest first) up to the lab's log: appends the lines
/// it does not hold yet, cloning only those, and drops the ones the lab no longer keeps.
/// Returns how many lines it cloned. `log` must be empty or hold this run's lines.
pub fn append_new_lines(log: &mut Vec<LogLine>, lab: &StorageLab) -> usize {
    let after = log.last().map(|l| l.index);
    let before = log.len();
    log.extend(
        lab.log()
            .filter(|l| after.is_none_or(|a| l.index > a))
            .map(log_line),
    );
    let cloned = log.len() - before;
    match lab.log().next() {
        Some(oldest) => log.retain(|l| l.index >= oldest.index),
        None => log.clear(),
    }
    cloned
}

impl StorageState {
    /// The state for `scenario`.
    pub fn new(
        scenario: &StorageScenario,
        speed: f64,
        play: bool,
        url: UrlSync,
        notice: RwSignal<Option<String>>,
    ) -> Self {
        let lab = StorageLab::new(scenario);
        let mut log = Vec::new();
        append_new_lines(&mut log, &lab);
        StorageState {
            checkpoints: StoredValue::new_local(first_checkpoint(&lab)),
            lab: StoredValue::new_local(lab),
            url: StoredValue::new_local(url),
            carry: StoredValue::new_local(0.0),
            followed: StoredValue::new_local(u64::MAX),
            version: RwSignal::new(0),
            playing: RwSignal::new(play),
            speed: RwSignal::new(speed),
            notice,
            log: RwSignal::new(log),
        }
    }

    /// Reads the lab (tracking the version, so views redraw after changes).
    pub fn with<R>(&self, f: impl FnOnce(&StorageLab) -> R) -> R {
        self.version.track();
        self.lab.with_value(f)
    }

    /// Once per change, on the frame after it is drawn: keeps each lane's focus in view
    /// ([`super::follow`]).
    fn follow_drawn_change(&self) {
        let v = self.version.get_untracked();
        if self.followed.get_value() != v {
            self.followed.set_value(v);
            super::follow::follow_focus();
        }
    }

    /// Reads the lab without tracking.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&StorageLab) -> R) -> R {
        self.lab.with_value(f)
    }

    /// After the lab changed: a checkpoint when one is due, the log's new lines, the
    /// pictures (version), the address bar.
    fn changed(&self, force_url: bool) {
        self.lab.with_value(|lab| {
            let (at, make) = (lab.clock(), || lab.clone());
            self.checkpoints.update_value(|c| c.offer(at, at, make));
        });
        self.lab
            .with_value(|lab| self.log.update(|log| _ = append_new_lines(log, lab)));
        self.version.update(|v| *v += 1);
        if self.lab.with_value(|l| !l.can_step()) {
            self.playing.set(false);
        }
        self.sync_url(force_url);
    }

    /// Runs one user action. At a past moment (after a seek back) the run forks: the
    /// checkpoints after now belong to the run it leaves and are dropped.
    pub fn act(&self, action: LabAction) {
        let now = self.lab.with_value(StorageLab::clock);
        self.checkpoints.update_value(|c| c.truncate_after(now));
        self.lab.update_value(|l| l.apply(action));
        self.changed(true);
    }

    /// Starts over with `scenario` (a new run: new checkpoints).
    pub fn load(&self, scenario: &StorageScenario) {
        let lab = StorageLab::new(scenario);
        self.checkpoints.set_value(first_checkpoint(&lab));
        self.replace(lab);
    }

    /// Shows another run (a loaded scenario, a seek): its log from scratch.
    fn replace(&self, lab: StorageLab) {
        self.lab.set_value(lab);
        self.carry.set_value(0.0);
        self.log.update_untracked(Vec::clear);
        self.changed(true);
    }

    /// Starts over: a book scenario from its start (its own actions, none of yours), a
    /// free run with the current settings and no actions.
    pub fn reset(&self) {
        self.playing.set(false);
        let s = self.with_untracked(|l| l.scenario());
        match s.name.as_deref().and_then(find) {
            Some(book) => self.load(&book.scenario()),
            None => self.load(&StorageScenario {
                actions: Vec::new(),
                position: None,
                ..s
            }),
        }
    }

    /// After a book scenario's end: lets the seeded workload run on, and plays it.
    pub fn continue_workload(&self) {
        self.lab.update_value(StorageLab::continue_workload);
        self.playing.set(true);
        self.changed(true);
    }

    /// Changes a setting and starts over (the recorded actions are kept and replayed;
    /// the run is no longer the named book scenario).
    pub fn rebuild(&self, f: impl FnOnce(&mut StorageScenario)) {
        let mut s = self.with_untracked(|l| l.scenario());
        f(&mut s);
        s.name = None;
        self.load(&s);
    }
}

/// A new run's checkpoint store, holding its start.
fn first_checkpoint(lab: &StorageLab) -> Checkpoints<StorageLab> {
    let mut c = Checkpoints::new(rewind::CHECKPOINTS, SPACING_OPS);
    c.offer(lab.clock(), lab.clock(), || lab.clone());
    c
}

impl LiveLab for StorageState {
    const KIND: LabKind = LabKind::Storage;
    const UNIT: &'static str = "op";

    /// Runs the workload for one animation frame of `dt_ms`.
    fn frame(&self, dt_ms: f64) {
        self.follow_drawn_change();
        if !self.playing.get_untracked() {
            return;
        }
        let speed = self.speed.get_untracked();
        let mut budget = self.carry.get_value();
        let n = ops_for_frame(dt_ms, speed, &mut budget);
        let moved = self
            .lab
            .try_update_value(|l| spend(l, &mut budget, f64::from(n)))
            .unwrap_or(false);
        self.carry.set_value(budget);
        if moved {
            self.changed(false);
        }
    }

    /// Play or pause.
    fn toggle_play(&self) {
        let can = self.lab.with_value(|l| l.can_step());
        self.playing.update(|p| *p = !*p && can);
        self.sync_url(true);
    }

    /// The scenario's next action, or (past it, in a free run) one workload operation.
    fn step(&self) {
        self.playing.set(false);
        let moved = self.lab.try_update_value(|l| l.step()).unwrap_or(false);
        if moved {
            self.changed(true);
        }
    }

    fn position(&self) -> u64 {
        self.lab.with_value(|l| l.clock())
    }

    fn is_playing(&self) -> bool {
        self.playing.get_untracked()
    }

    fn speed(&self) -> f64 {
        self.speed.get_untracked()
    }

    fn seed(&self) -> u64 {
        self.lab.with_value(|l| l.settings().workload.seed)
    }

    fn url_sync(&self) -> StoredValue<UrlSync, LocalStorage> {
        self.url
    }

    fn scenario_query(&self) -> String {
        self.lab.with_value(|l| l.scenario().to_query())
    }

    /// To `position` actions (workload operations one by one), paused: the run is
    /// replayed from the nearest checkpoint at or before it through its recorded actions
    /// (exact: runs are deterministic), then, in a free run, on through the workload (as
    /// far as it goes).
    fn seek(&self, position: u64) {
        self.playing.set(false);
        let scenario = self.lab.with_value(StorageLab::scenario);
        let lab = self
            .checkpoints
            .with_value(|c| seek(c, &scenario, position));
        self.replace(lab);
    }

    fn load_query(&self, query: &str) -> Result<(), String> {
        let scenario = StorageScenario::from_query(query).map_err(|e| e.to_string())?;
        self.playing.set(false);
        self.load(&scenario);
        Ok(())
    }

    /// Position in actions; numbers `workload_done`, `workload_ops` (the workload's
    /// length) and `down` (1 while an engine is crashed).
    fn status(&self) -> LabStatus {
        self.lab.with_value(|l| {
            let scenario = l.settings();
            let outcome = scenario
                .name
                .clone()
                .filter(|_| l.outcome() == Some(Ok(())));
            LabStatus {
                position: l.clock(),
                playing: self.playing.get_untracked(),
                numbers: vec![
                    ("workload_done", u64::from(l.workload_done())),
                    ("workload_ops", u64::from(scenario.workload.ops)),
                    ("down", u64::from(l.is_down())),
                ],
                outcome,
                violation: l.violation().map(str::to_string),
            }
        })
    }

    /// The lab's log lines (oldest first), stamped with their action count.
    fn recent_trace(&self) -> Vec<TraceLine> {
        self.lab.with_value(|l| {
            l.log()
                .map(|line| TraceLine {
                    index: line.index,
                    at: line.at_op,
                    text: line.text.clone(),
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_turn_speed_into_operations() {
        let mut carry = 0.0;
        assert_eq!(ops_for_frame(100.0, 1.0, &mut carry), 1);
        assert_eq!(ops_for_frame(100.0, 100.0, &mut carry), 100);
        assert_eq!(ops_for_frame(100.0, 1000.0, &mut carry), MAX_OPS_PER_FRAME);
        let mut carry = 0.0;
        let total: u32 = (0..60).map(|_| ops_for_frame(16.7, 0.5, &mut carry)).sum();
        assert!((4..=6).contains(&total), "{total}");
        assert_eq!(ops_for_frame(f64::NAN, 1.0, &mut carry), 0);
    }

    /// The shown log follows the lab's by cloning only its new lines, and ends equal to
    /// a copy of the whole log, trimmed as the lab trims it.
    #[test]
    fn the_log_clones_only_new_lines() {
        let mut lab = StorageLab::new(&StorageScenario::default());
        let mut log = Vec::new();
        append_new_lines(&mut log, &lab);
        for _ in 0..300 {
            let newest = lab.log().last().map(|l| l.index);
            lab.step();
            let new = lab
                .log()
                .filter(|l| newest.is_none_or(|n| l.index > n))
                .count();
            assert_eq!(append_new_lines(&mut log, &lab), new);
        }
        let whole: Vec<LogLine> = lab.log().map(log_line).collect();
        assert_eq!(whole.len(), ddia_core::storage::lab::LOG_CAPACITY);
        assert_eq!(log, whole);
        assert_eq!(append_new_lines(&mut log, &lab), 0, "nothing new");
    }

    /// The hint's rates are the ones Play keeps: one second of frames at 1x plays the
    /// hinted number of a scenario's actions.
    #[test]
    fn the_speed_hint_says_what_play_does() {
        let book = ddia_core::storage::lab_book::find("sstable-merge").unwrap();
        let mut lab = StorageLab::new(&book.scenario());
        let (mut budget, mut carry) = (0.0, 0.0);
        for _ in 0..10 {
            let n = ops_for_frame(100.0, 1.0, &mut carry);
            spend(&mut lab, &mut budget, f64::from(n));
        }
        let per_second = scenario_actions_per_second();
        assert_eq!(lab.clock() as f64, per_second);
        assert!(
            speed_hint().contains(&format!("{} a second", short(per_second, 2))),
            "{}",
            speed_hint()
        );
        assert!(speed_hint().starts_with("1x = 10 workload operations a second"));
    }

    #[test]
    fn a_scenario_action_waits_its_turn_and_play_stops_at_the_end() {
        let book = ddia_core::storage::lab_book::find("sstable-merge").unwrap();
        let mut lab = StorageLab::new(&book.scenario());
        let mut budget = 0.0;
        // At 1x a 100 ms frame earns one operation: an action of the scenario needs five.
        for _ in 0..4 {
            assert!(!spend(&mut lab, &mut budget, 1.0));
        }
        assert!(spend(&mut lab, &mut budget, 1.0));
        assert_eq!(lab.clock(), 1);
        // A huge frame runs the rest and stops at the scenario's end.
        assert!(spend(&mut lab, &mut budget, 1e9));
        assert_eq!(lab.clock(), 8);
        assert!(lab.scenario_over());
        assert!(!spend(&mut lab, &mut budget, 1e9));
        assert_eq!(lab.clock(), 8);
        assert!(budget <= SCENARIO_ACTION_OPS);
    }
}
