//! The Raft lab's reactive state: the run in a non-reactive holder, one coarse
//! snapshot signal redrawn per frame, and the user's inputs. Every button goes through
//! here and ends as an `Action` on the world (or a rebuilt scenario).

use super::describe;
use super::session::{rebuilt, RaftSession, SEEK_EVENT_BUDGET};
use super::snapshot::{message_title, Snapshot};
use super::spacetime_tab::raft_mark;
use crate::shell::event_log::LogLine;
use crate::shell::export::TraceLine;
use crate::shell::fork_bar::{ForkNote, SideBySide};
use crate::shell::live_lab::{LabStatus, LiveLab};
use crate::shell::notice::Condition;
use crate::shell::page::LabKind;
use crate::shell::spacetime::MAX_LINES;
use crate::shell::speed::frame_advance_us;
use crate::shell::url::UrlSync;
use ddia_core::consensus::raft::Scenario;
use ddia_core::consensus::raft::{book, RaftParams};
use ddia_core::link::LabLink;
use ddia_core::sim::spacetime::{space_time, SpaceTime};
use ddia_core::sim::{Action, LinkFaults};
use leptos::prelude::*;

/// Handles to the lab's state; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct RaftLabState {
    session: StoredValue<RaftSession, LocalStorage>,
    url: StoredValue<UrlSync, LocalStorage>,
    carry: StoredValue<f64, LocalStorage>,
    seen_log: StoredValue<u64, LocalStorage>,
    /// The picture of the world, replaced once per frame.
    pub snap: RwSignal<Snapshot>,
    /// The narrated event log, oldest first.
    pub log: RwSignal<Vec<LogLine>>,
    /// The seed and cluster parameters of the current base scenario.
    pub settings: RwSignal<(u64, RaftParams)>,
    /// The named book scenario the run started from, if any.
    pub book: RwSignal<Option<String>>,
    /// True while the run plays.
    pub playing: RwSignal<bool>,
    /// Simulated time per wall time.
    pub speed: RwSignal<f64>,
    /// The server whose menu is open.
    pub selected: RwSignal<Option<usize>>,
    /// Servers put in group B for the next partition (bit i = server i).
    pub group_b: RwSignal<u64>,
    /// What the page's notice says about the run as loaded (a link cut short, a setting with
    /// a surprising consequence), withdrawn when a later load no longer has it.
    condition: Condition,
    /// True when the user asked for reduced motion: messages do not fly.
    pub reduced_motion: Signal<bool>,
}

impl RaftLabState {
    /// The state for `scenario`, starting to play if `play`.
    pub fn new(
        scenario: Scenario,
        speed: f64,
        play: bool,
        url: UrlSync,
        notice: RwSignal<Option<String>>,
        reduced_motion: Signal<bool>,
    ) -> Self {
        let (session, warning) = RaftSession::new(scenario);
        let state = RaftLabState {
            snap: RwSignal::new(Snapshot::of(session.world())),
            log: RwSignal::new(session.log().cloned().collect()),
            settings: RwSignal::new((session.base().seed, session.base().raft)),
            book: RwSignal::new(session.base().name.clone()),
            session: StoredValue::new_local(session),
            url: StoredValue::new_local(url),
            carry: StoredValue::new_local(0.0),
            seen_log: StoredValue::new_local(0),
            playing: RwSignal::new(play),
            speed: RwSignal::new(speed),
            selected: RwSignal::new(None),
            group_b: RwSignal::new(0),
            condition: Condition::new(notice),
            reduced_motion,
        };
        let warning = warning.map(|w| format!("Could not replay the whole link: {w}."));
        state.condition.set(warning.or_else(|| state.advice()));
        if state.snap.with_untracked(|s| s.violation.is_some()) {
            state.playing.set(false);
        }
        state
    }

    /// Redraws from the world: the snapshot, and the log if it grew.
    fn refresh(&self) {
        let Some((snap, log)) = self.session.try_with_value(|s| {
            let version = s.log_version();
            let log = (version != self.seen_log.get_value()).then(|| {
                self.seen_log.set_value(version);
                s.log().cloned().collect::<Vec<_>>()
            });
            let snap = self
                .snap
                .with_untracked(|prev| Snapshot::after(s.world(), prev));
            (snap, log)
        }) else {
            return;
        };
        if snap.violation.is_some() {
            self.playing.set(false);
        }
        self.snap.set(snap);
        if let Some(log) = log {
            self.log.set(log);
        }
    }

    /// Applies `action` now, as a user input that is recorded in the link.
    pub fn act(&self, action: Action<u64>) {
        self.session.update_value(|s| s.act(action));
        self.refresh();
        self.sync_url(true);
    }

    /// The fork that kept a discarded run, if any (tracked).
    pub fn fork_note(&self) -> Option<ForkNote> {
        self.snap.track();
        self.session
            .with_value(|s| s.fork().map(|f| f.note().clone()))
    }

    /// Both runs at the moment shown (tracked), if a fork kept a discarded one.
    pub fn side_by_side(&self) -> Option<SideBySide> {
        self.snap.track();
        self.session
            .try_update_value(RaftSession::side_by_side)
            .flatten()
    }

    /// Drops the run a fork discarded.
    pub fn forget_fork(&self) {
        self.session.update_value(RaftSession::forget_fork);
        self.refresh();
    }

    /// The space-time diagram of the last `window_us` µs up to the moment shown.
    pub fn space_time(&self, window_us: u64) -> SpaceTime {
        self.session
            .try_with_value(|s| space_time(s.world(), window_us, MAX_LINES, raft_mark))
            .unwrap_or_default()
    }

    /// The tooltip of message `id`, if it is still in flight (formatted on hover).
    pub fn message_title(&self, id: u64) -> Option<String> {
        self.session
            .try_with_value(|s| message_title(s.world(), id))
            .flatten()
    }

    /// The command the next client request will carry (redrawn with the snapshot).
    pub fn next_command(&self) -> u64 {
        self.snap.track();
        self.session.with_value(|s| s.next_command())
    }

    /// Sends the next client command to server `node`.
    pub fn client_request(&self, node: usize) {
        self.session.update_value(|s| s.client_request(node));
        self.refresh();
        self.sync_url(true);
    }

    /// Starts over from `scenario`.
    fn load(&self, scenario: Scenario) {
        let (session, warning) = RaftSession::new(scenario);
        self.settings
            .set((session.base().seed, session.base().raft));
        self.book.set(session.base().name.clone());
        self.session.set_value(session);
        self.seen_log.set_value(u64::MAX);
        self.selected.set(None);
        self.group_b
            .update(|g| *g &= (1u64 << self.settings.get_untracked().1.nodes) - 1);
        self.condition
            .set(warning.map(|w| format!("{w}.")).or_else(|| self.advice()));
        self.refresh();
        self.sync_url(true);
    }

    /// Restarts at time zero with changed settings (seed, cluster size, timeouts): the
    /// run is no longer the book scenario it may have started from.
    /// Says so in the notice when that drops recorded actions (e.g. a smaller cluster
    /// has no S5 to crash).
    pub fn rebuild(&self, edit: impl FnOnce(&mut Scenario)) {
        let Some(before) = self.session.try_with_value(|s| s.scenario().actions.len()) else {
            return;
        };
        self.restart(|s| {
            s.name = None;
            edit(s);
        });
        let after = self.session.with_value(|s| s.base().actions.len());
        if after < before {
            let text = [Some(dropped_notice(before - after)), self.advice()];
            self.condition.set(Some(
                text.into_iter().flatten().collect::<Vec<_>>().join(" "),
            ));
        }
    }

    /// What the current settings will do that may surprise (e.g. a heartbeat slower
    /// than the election timeout), if anything.
    fn advice(&self) -> Option<String> {
        self.settings.get_untracked().1.advice()
    }

    /// Time zero of the current scenario: scheduled actions stay, live ones go.
    pub fn reset(&self) {
        self.restart(|_| {});
    }

    /// Time zero of the current scenario edited by `edit`.
    fn restart(&self, edit: impl FnOnce(&mut Scenario)) {
        let Some(next) = self.session.try_with_value(|s| rebuilt(s, edit)) else {
            return;
        };
        self.load(next);
    }

    /// Starts book scenario `name` from time zero and plays it; `None` starts a free run
    /// with the current settings.
    pub fn load_book(&self, name: Option<&str>) {
        match name.and_then(book::find) {
            Some(b) => {
                self.load(b.scenario());
                let can_run = self.snap.with_untracked(|s| s.violation.is_none());
                self.playing.set(can_run);
            }
            None => self.rebuild(|_| {}),
        }
    }

    /// The book scenario's check on the run so far (`None` on a free run); redrawn with
    /// the snapshot.
    pub fn book_check(&self) -> Option<Result<(), String>> {
        self.snap.track();
        let b = book::find(&self.book.get()?)?;
        self.session.try_with_value(|s| b.check(s.world()))
    }

    /// Changes how every link behaves, live (recorded, so it replays).
    pub fn set_links(&self, edit: impl FnOnce(&mut LinkFaults)) {
        let mut links = self.snap.with_untracked(|s| s.links);
        edit(&mut links);
        if links.latency_max_us < links.latency_min_us {
            links.latency_max_us = links.latency_min_us;
        }
        if links != self.snap.with_untracked(|s| s.links) {
            self.act(Action::SetLinks(links));
        }
    }
}

/// The notice for a restart with new settings that dropped `dropped` recorded actions.
pub fn dropped_notice(dropped: usize) -> String {
    let actions = if dropped == 1 { "action" } else { "actions" };
    format!(
        "New settings start a new run at t = 0: the {dropped} recorded {actions} of the old \
         run (crashes, partitions, client requests...) were dropped, because they were \
         made for the old settings. Reset keeps them; changing a setting does not."
    )
}

impl LiveLab for RaftLabState {
    const KIND: LabKind = LabKind::Raft;
    const UNIT: &'static str = "us";

    /// One animation frame of `dt_ms` wall milliseconds.
    fn frame(&self, dt_ms: f64) {
        if !self.playing.get_untracked() {
            return;
        }
        let mut carry = self.carry.get_value();
        let us = frame_advance_us(dt_ms, self.speed.get_untracked(), &mut carry);
        self.carry.set_value(carry);
        self.session.update_value(|s| s.advance(us));
        self.refresh();
        self.sync_url(!self.playing.get_untracked());
    }

    /// Plays or pauses.
    fn toggle_play(&self) {
        let can_run = self.snap.with_untracked(|s| s.violation.is_none());
        self.playing.set(can_run && !self.playing.get_untracked());
        if !self.playing.get_untracked() {
            self.sync_url(true);
        }
    }

    /// Pauses and runs exactly one kernel event.
    fn step(&self) {
        self.playing.set(false);
        self.session.update_value(|s| {
            s.step();
        });
        self.refresh();
        self.sync_url(true);
    }

    fn previous_position(&self) -> Option<u64> {
        self.session.with_value(RaftSession::previous_moment)
    }

    fn position(&self) -> u64 {
        self.session.with_value(|s| s.world().now().as_micros())
    }

    fn horizon(&self) -> Option<u64> {
        self.session.try_with_value(RaftSession::horizon)
    }

    fn is_playing(&self) -> bool {
        self.playing.get_untracked()
    }

    fn speed(&self) -> f64 {
        self.speed.get_untracked()
    }

    fn seed(&self) -> u64 {
        self.settings.get_untracked().0
    }

    fn url_sync(&self) -> StoredValue<UrlSync, LocalStorage> {
        self.url
    }

    fn scenario_query(&self) -> String {
        self.session.with_value(|s| s.scenario().to_query())
    }

    /// Shows the run at `position` µs, paused: back through a checkpoint, forward by
    /// running on; the learner's later actions stay pending (rewind keeps the future).
    /// A seek further ahead than [`SEEK_EVENT_BUDGET`] events reach is clamped, and the
    /// notice says so.
    fn seek(&self, position: u64) {
        self.playing.set(false);
        let Some(said) = self.session.try_update_value(|s| {
            let (to, clamped) = s.seek_target(position, SEEK_EVENT_BUDGET);
            let stopped = s.seek(to, SEEK_EVENT_BUDGET);
            clamped.or(stopped)
        }) else {
            return;
        };
        // A past or forked state may share a log's length and last term with the
        // frame before the seek, which `Snapshot::after` would take as unchanged.
        if let Some(fresh) = self.session.try_with_value(|s| Snapshot::of(s.world())) {
            self.snap.set(fresh);
        }
        self.refresh();
        self.sync_url(true);
        if let Some(sentence) = said {
            self.condition.set(Some(format!("{sentence}.")));
        }
    }

    fn load_query(&self, query: &str) -> Result<(), String> {
        let scenario = Scenario::from_query(query).map_err(|e| e.to_string())?;
        self.playing.set(false);
        self.load(scenario);
        Ok(())
    }

    /// Position in µs; numbers `term` (highest), `leader` (1-based, 0: none), `events`,
    /// `in_flight`.
    fn status(&self) -> LabStatus {
        let (position, numbers, violation) = self.snap.with_untracked(|s| {
            let leader = s.leader.map_or(0, |l| l.id as u64 + 1);
            let numbers = vec![
                ("term", s.max_term),
                ("leader", leader),
                ("events", s.events),
                ("in_flight", s.messages.len() as u64),
            ];
            let violation = s
                .violation
                .as_ref()
                .map(|v| format!("{}: {}", v.invariant, v.detail));
            (s.now_us, numbers, violation)
        });
        let outcome = self.book.get_untracked().filter(|name| {
            book::find(name)
                .and_then(|b| self.session.try_with_value(|s| b.check(s.world()).is_ok()))
                .unwrap_or(false)
        });
        LabStatus {
            position,
            playing: self.playing.get_untracked(),
            numbers,
            outcome,
            violation,
        }
    }

    /// The kernel events the world keeps (up to `TRACE_CAPACITY`), in words.
    fn recent_trace(&self) -> Vec<TraceLine> {
        self.session.with_value(|s| {
            s.world()
                .trace()
                .recent()
                .map(|r| TraceLine {
                    index: r.index,
                    at: r.at.as_micros(),
                    text: describe::event(&r.event),
                })
                .collect()
        })
    }
}
