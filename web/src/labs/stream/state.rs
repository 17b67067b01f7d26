//! The stream lab's reactive state: the run ([`StreamSession`]) in a non-reactive
//! holder, a version signal bumped once per frame that changed it, and the learner's
//! inputs. Every button ends as a `StreamAction` recorded at its time, or a rebuilt
//! scenario.

use super::session::{rebuilt, StreamSession};
use crate::shell::book_picker::{checked, BookCheck};
use crate::shell::event_log::LogLine;
use crate::shell::export::TraceLine;
use crate::shell::fork_bar::{ForkNote, SideBySide};
use crate::shell::live_lab::{LabStatus, LiveLab};
use crate::shell::notice::Condition;
use crate::shell::page::LabKind;
use crate::shell::speed::frame_advance_us;
use crate::shell::url::UrlSync;
use ddia_core::link::LabLink;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::scenario::{StreamAction, StreamScenario};
use leptos::prelude::*;

/// Handles to the lab's state; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct StreamState {
    session: StoredValue<StreamSession, LocalStorage>,
    url: StoredValue<UrlSync, LocalStorage>,
    carry: StoredValue<f64, LocalStorage>,
    seen_log: StoredValue<u64, LocalStorage>,
    /// Bumped after every change of the run.
    pub version: RwSignal<u64>,
    /// The narrated event log, oldest first.
    pub log: RwSignal<Vec<LogLine>>,
    /// True while the run plays.
    pub playing: RwSignal<bool>,
    /// Simulated time per wall time.
    pub speed: RwSignal<f64>,
    /// What the page's notice says about the run as loaded.
    condition: Condition,
}

impl StreamState {
    /// The state for `scenario`, playing at once if `play`.
    pub fn new(
        scenario: &StreamScenario,
        speed: f64,
        play: bool,
        url: UrlSync,
        notice: RwSignal<Option<String>>,
    ) -> Self {
        let st = StreamState {
            session: StoredValue::new_local(StreamSession::new(&StreamScenario::default()).0),
            url: StoredValue::new_local(url),
            carry: StoredValue::new_local(0.0),
            seen_log: StoredValue::new_local(u64::MAX),
            version: RwSignal::new(0),
            log: RwSignal::new(Vec::new()),
            playing: RwSignal::new(false),
            speed: RwSignal::new(speed),
            condition: Condition::new(notice),
        };
        st.load(scenario, false);
        st.playing.set(play && st.can_run());
        st
    }

    /// Reads the run (tracking the version, so views redraw after changes).
    pub fn with<R>(&self, f: impl FnOnce(&StreamSession) -> R) -> R {
        self.version.track();
        self.session.with_value(f)
    }

    /// Reads the run without tracking (for memos keyed on a coarser signal).
    pub fn peek<R>(&self, f: impl FnOnce(&StreamSession) -> R) -> R {
        self.session.with_value(f)
    }

    /// Each partition's stored offsets (start, end), tracked: changes only when a log
    /// grows or is trimmed.
    pub fn logs(&self) -> Vec<(u64, u64)> {
        self.with_lab(|l| {
            l.run
                .broker()
                .partitions
                .iter()
                .map(|p| (p.start(), p.end()))
                .collect()
        })
    }

    /// Reads the lab (tracking the version).
    pub fn with_lab<R>(&self, f: impl FnOnce(&StreamLab) -> R) -> R {
        self.with(|s| f(s.lab()))
    }

    /// The scenario the run was built from (its actions, no `t`), tracked.
    pub fn scenario(&self) -> StreamScenario {
        self.with(|s| StreamScenario {
            until_us: None,
            ..s.lab().scenario().clone()
        })
    }

    /// False once an invariant broke.
    pub fn can_run(&self) -> bool {
        self.session.with_value(|s| s.lab().violation().is_none())
    }

    fn changed(&self, force_url: bool) {
        let lines = self.session.with_value(|s| {
            let v = s.log_version();
            (v != self.seen_log.get_value()).then(|| {
                self.seen_log.set_value(v);
                s.log().to_vec()
            })
        });
        if let Some(lines) = lines {
            self.log.set(lines);
        }
        if !self.can_run() {
            self.playing.set(false);
        }
        self.version.update(|v| *v += 1);
        self.sync_url(force_url);
    }

    /// Applies a learner's action now (recorded in the link at this time).
    pub fn act(&self, action: StreamAction) {
        self.session.update_value(|s| s.act(action));
        self.changed(true);
    }

    /// True if node `node` of the world is up.
    pub fn is_up(&self, node: usize) -> bool {
        self.with_lab(|l| l.run.world.nodes().get(node).is_some_and(|n| n.up))
    }

    /// The fork that kept a discarded run, if any (tracked).
    pub fn fork_note(&self) -> Option<ForkNote> {
        self.with(|s| s.fork().map(|f| f.note().clone()))
    }

    /// Both runs at the moment shown (tracked), if a fork kept a discarded one.
    pub fn side_by_side(&self) -> Option<SideBySide> {
        self.version.track();
        self.session
            .try_update_value(StreamSession::side_by_side)
            .flatten()
    }

    /// Drops the run a fork discarded.
    pub fn forget_fork(&self) {
        self.session.update_value(StreamSession::forget_fork);
        self.version.update(|v| *v += 1);
    }

    /// Starts over from `scenario` (at its `t`), paused unless playing already.
    pub fn load(&self, scenario: &StreamScenario, keep_notice: bool) {
        let (session, warning) = StreamSession::new(scenario);
        self.session.set_value(session);
        self.loaded(warning, keep_notice);
    }

    /// After a new or replayed run: the log from its start, the notice.
    fn loaded(&self, warning: Option<String>, keep_notice: bool) {
        self.seen_log.set_value(u64::MAX);
        self.carry.set_value(0.0);
        if !keep_notice || warning.is_some() {
            self.condition
                .set(warning.map(|w| format!("Could not replay the whole link: {w}.")));
        }
        self.changed(true);
    }

    /// Restarts at time zero with changed settings (a book scenario stays named, its
    /// changes noted under its caption); says so when recorded actions no longer fit
    /// and were dropped.
    pub fn rebuild(&self, edit: impl FnOnce(&mut StreamScenario)) {
        let (next, dropped) = self
            .session
            .with_value(|s| rebuilt(s.lab().scenario(), edit));
        self.load(&next, false);
        if dropped > 0 {
            self.condition.set(Some(format!(
                "New settings start a new run at t = 0: {dropped} recorded action(s) named \
                 consumers or partitions the new settings do not have, so they were dropped."
            )));
        }
    }

    /// Time zero with the run's settings: a book scenario with its own actions only
    /// (settings changed in the panel or the link stay), a free run with its recorded
    /// actions.
    pub fn reset(&self) {
        self.playing.set(false);
        let s = self.session.with_value(|s| s.lab().scenario().clone());
        let book = s
            .name
            .as_deref()
            .and_then(|n| ddia_core::book::find(ddia_core::stream::book::BOOK, n));
        let actions = book.map_or(s.actions.clone(), |b| b.scenario().actions);
        self.load(
            &StreamScenario {
                until_us: None,
                actions,
                ..s
            },
            false,
        );
    }

    /// The book scenario's check on the run so far (`None` on a free run), finished
    /// once the run is quiescent (nothing more happens by itself), tracked.
    pub fn book_check(&self) -> Option<BookCheck> {
        self.with(|s| checked(s.book_check(), s.quiescent()))
    }
}

impl LiveLab for StreamState {
    const KIND: LabKind = LabKind::Stream;
    const UNIT: &'static str = "us";

    fn frame(&self, dt_ms: f64) {
        if !self.playing.get_untracked() {
            return;
        }
        let mut carry = self.carry.get_value();
        let us = frame_advance_us(dt_ms, self.speed.get_untracked(), &mut carry);
        self.carry.set_value(carry);
        if us == 0 {
            return;
        }
        let go_on = self
            .session
            .try_update_value(|s| s.play(us))
            .unwrap_or(false);
        if !go_on {
            self.playing.set(false);
        }
        self.changed(!go_on);
    }

    fn toggle_play(&self) {
        let play = !self.playing.get_untracked() && self.can_run();
        self.playing.set(play);
        if !play {
            self.sync_url(true);
        }
    }

    fn step(&self) {
        self.playing.set(false);
        self.session.update_value(|s| {
            s.step();
        });
        self.changed(true);
    }

    fn previous_position(&self) -> Option<u64> {
        self.session.with_value(StreamSession::previous_moment)
    }

    fn position(&self) -> u64 {
        self.session.with_value(|s| s.now())
    }

    fn is_playing(&self) -> bool {
        self.playing.get_untracked()
    }

    fn speed(&self) -> f64 {
        self.speed.get_untracked()
    }

    fn seed(&self) -> u64 {
        self.session.with_value(|s| s.lab().scenario().seed)
    }

    fn url_sync(&self) -> StoredValue<UrlSync, LocalStorage> {
        self.url
    }

    fn scenario_query(&self) -> String {
        self.session.with_value(|s| s.scenario().to_query())
    }

    /// Replays the run so far (the learner's actions included) to `position` µs,
    /// paused, keeping the branch a fork discarded.
    fn seek(&self, position: u64) {
        self.playing.set(false);
        let warning = self
            .session
            .try_update_value(|s| s.seek(position))
            .flatten();
        self.loaded(warning, false);
    }

    fn load_query(&self, query: &str) -> Result<(), String> {
        let s = StreamScenario::from_query(query).map_err(|e| e.to_string())?;
        self.playing.set(false);
        self.load(&s, false);
        Ok(())
    }

    /// Position in µs; numbers `appended` (records in the log), `lost`, `duplicated`
    /// (effects, from the sink), `rebalances`, `fired` (on-time window results).
    fn status(&self) -> LabStatus {
        self.session.with_value(|s| {
            let lab = s.lab();
            let d = lab.delivery();
            let b = lab.run.broker();
            let appended = b.partitions.iter().map(|l| l.end()).sum();
            let fired = lab
                .windows()
                .count(ddia_core::stream::windowing::EmissionKind::OnTime);
            LabStatus {
                position: s.now(),
                playing: self.playing.get_untracked(),
                numbers: vec![
                    ("appended", appended),
                    ("lost", d.lost),
                    ("duplicated", d.duplicated),
                    ("rebalances", b.group.rebalances),
                    ("fired", fired as u64),
                ],
                outcome: lab
                    .scenario()
                    .name
                    .clone()
                    .filter(|_| s.book_check() == Some(Ok(()))),
                violation: lab.violation(),
            }
        })
    }

    fn recent_trace(&self) -> Vec<TraceLine> {
        self.session.with_value(|s| {
            s.log()
                .iter()
                .map(|l| TraceLine {
                    index: l.index,
                    at: l.at_us,
                    text: l.text.clone(),
                })
                .collect()
        })
    }
}
