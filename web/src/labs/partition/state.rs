//! The partitioning lab's reactive state: the `PartitionLab` in a non-reactive holder,
//! a version signal bumped whenever it changes, the picture recomputed once per change
//! (never per frame), and the key the learner picked. Every button ends as a
//! `PartitionAction` on the lab (recorded in the link) or a rebuilt scenario.

use super::handoff_run::HandoffRun;
use super::lookup::lookup;
use super::picture::{picture, Load, Picture, MAIN_LIMIT};
use crate::shell::event_log::{LineKind, LogLine};
use crate::shell::export::TraceLine;
use crate::shell::format::counted;
use crate::shell::live_lab::{LabStatus, LiveLab};
use crate::shell::notice::Condition;
use crate::shell::page::LabKind;
use crate::shell::url::UrlSync;
use ddia_core::link::LabLink;
use ddia_core::partition::book::BOOK;
use ddia_core::partition::lab::LineKind as CoreKind;
use ddia_core::partition::lab::PartitionLab;
use ddia_core::partition::scenario::{PartitionAction, PartitionScenario};
use ddia_core::partition::{Key, PartitionSession, Placement};
use leptos::prelude::*;

/// Actions of a run played per second at speed 1x: one a second, so each add, batch of
/// requests or read can be watched.
pub const ACTIONS_PER_SECOND_AT_1X: f64 = 1.0;
/// Most actions run in one animation frame, at any speed.
pub const MAX_ACTIONS_PER_FRAME: u32 = 20;

/// Whole actions a frame of `dt_ms` at `speed` pays for; `carry` keeps the fraction
/// (at most one action's worth) so slow speeds still move.
pub fn actions_for_frame(dt_ms: f64, speed: f64, carry: &mut f64) -> u32 {
    let dt = if dt_ms.is_finite() {
        dt_ms.clamp(0.0, 100.0)
    } else {
        0.0
    };
    let exact = *carry + dt / 1000.0 * ACTIONS_PER_SECOND_AT_1X * speed.max(0.0);
    let whole = exact.floor().min(f64::from(MAX_ACTIONS_PER_FRAME));
    // What the cap cuts off is dropped, not owed to the next frame.
    *carry = if whole < exact.floor() {
        0.0
    } else {
        exact - whole
    };
    // `whole` is a whole number in 0..=MAX_ACTIONS_PER_FRAME.
    whole as u32
}

/// The book scenario `lab` started from, checked on the run so far (`None` on a free
/// run).
pub fn book_check(lab: &PartitionLab) -> Option<Result<(), String>> {
    let name = lab.scenario().name.as_deref()?;
    Some(ddia_core::book::find(BOOK, name)?.check(lab))
}

/// Requests once the run has sent any, else keys.
pub fn auto_load(lab: &PartitionLab) -> Load {
    if lab.batches().is_empty() {
        Load::Keys
    } else {
        Load::Requests
    }
}

/// Handles to the lab's state; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct PartitionState {
    lab: StoredValue<PartitionLab, LocalStorage>,
    url: StoredValue<UrlSync, LocalStorage>,
    carry: StoredValue<f64, LocalStorage>,
    /// Bumped after every change of the lab.
    pub version: RwSignal<u64>,
    /// What the stage draws, recomputed when the lab changes.
    pub picture: Memo<Picture>,
    /// The key the learner picked (click or lookup), if any.
    pub selected: RwSignal<Option<Key>>,
    /// What the load bars and the hot mark count, if the learner chose ([`Self::load`]).
    pub load_choice: RwSignal<Option<Load>>,
    /// True while the run plays its recorded actions.
    pub playing: RwSignal<bool>,
    /// Speed, times [`ACTIONS_PER_SECOND_AT_1X`].
    pub speed: RwSignal<f64>,
    /// The page's notice banner.
    pub notice: RwSignal<Option<String>>,
    /// A refused input's sentence in the banner, withdrawn once an input succeeds
    /// ([`Self::refuse`]; a link's notice stays).
    refused: Condition,
    /// The narration, oldest first.
    pub log: RwSignal<Vec<LogLine>>,
    /// What the stage shows.
    pub view: RwSignal<StageView>,
    /// The last rebalance over the network, once the stage has started it; the
    /// transport drives it while [`StageView::Handoff`] is shown.
    pub handoff: StoredValue<Option<HandoffRun>, LocalStorage>,
}

/// What the stage shows: the shown strategy's picture, all five side by side, or the
/// last rebalance over the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageView {
    /// The picture of the shown strategy.
    One,
    /// All five strategies.
    All,
    /// The handoff over the network.
    Handoff,
}

/// The log's kind of a core line (milestones stay findable by the log's filter).
pub fn line_kind(kind: CoreKind) -> LineKind {
    match kind {
        CoreKind::Routine => LineKind::Routine,
        CoreKind::Milestone => LineKind::Milestone,
    }
}

fn log_lines(lab: &PartitionLab) -> Vec<LogLine> {
    let mut lines: Vec<LogLine> = lab
        .log()
        .iter()
        .enumerate()
        .map(|(i, l)| LogLine {
            index: i as u64,
            at_us: l.at,
            text: l.text.clone(),
            kind: line_kind(l.kind),
        })
        .collect();
    if let Some(v) = lab.violation() {
        lines.push(LogLine {
            index: lines.len() as u64,
            at_us: lab.done(),
            text: format!("INVARIANT BROKEN: {v}"),
            kind: LineKind::Alarm,
        });
    }
    lines
}

impl PartitionState {
    /// The state for `scenario`, playing at once if `play`.
    pub fn new(
        scenario: &PartitionScenario,
        speed: f64,
        play: bool,
        url: UrlSync,
        notice: RwSignal<Option<String>>,
    ) -> Self {
        let lab = PartitionLab::new(scenario);
        let log = RwSignal::new(log_lines(&lab));
        let can = lab.done() < lab.total();
        let lab = StoredValue::new_local(lab);
        let version = RwSignal::new(0u64);
        let load_choice = RwSignal::new(None);
        let picture = Memo::new(move |_| {
            version.track();
            let load = load_choice.get();
            lab.with_value(|l| {
                picture(
                    l.session(),
                    MAIN_LIMIT,
                    load.unwrap_or(auto_load(l)),
                    l.fresh_batch(),
                )
            })
        });
        PartitionState {
            lab,
            url: StoredValue::new_local(url),
            carry: StoredValue::new_local(0.0),
            version,
            picture,
            selected: RwSignal::new(None),
            load_choice,
            playing: RwSignal::new(play && can),
            speed: RwSignal::new(speed),
            notice,
            refused: Condition::new(notice),
            log,
            view: RwSignal::new(StageView::One),
            handoff: StoredValue::new_local(None),
        }
    }

    /// The handoff run, while its view is shown and it has events left: the transport
    /// (buttons and keys) drives it then, whatever the main run's state (untracked).
    fn shown_handoff(&self) -> Option<HandoffRun> {
        untrack(|| self.driven_handoff())
    }

    /// [`Self::shown_handoff`], tracking the view and the run's progress (for the
    /// transport's buttons).
    pub fn driven_handoff(&self) -> Option<HandoffRun> {
        (self.view.get() == StageView::Handoff)
            .then(|| self.handoff.get_value())
            .flatten()
            .filter(|run| run.has_events_left())
    }

    /// Reads the lab (tracking the version, so views redraw after changes).
    pub fn with<R>(&self, f: impl FnOnce(&PartitionLab) -> R) -> R {
        self.version.track();
        self.lab.with_value(f)
    }

    /// Reads the shown strategy's session (tracking the version).
    pub fn with_session<R>(&self, f: impl FnOnce(&PartitionSession) -> R) -> R {
        self.with(|l| f(l.session()))
    }

    /// What the load bars and the hot mark count: the learner's choice, else requests
    /// once any were sent, else keys.
    pub fn measure(&self) -> Load {
        self.load_choice
            .get()
            .unwrap_or_else(|| self.with(auto_load))
    }

    /// True while recorded actions remain to be done.
    pub fn can_step(&self) -> bool {
        self.with(|l| l.done() < l.total() && l.violation().is_none())
    }

    /// Shows why an input was refused until the lab next changes (play16f B2: a stale
    /// refusal contradicted the later success).
    pub fn refuse(&self, why: String) {
        self.refused.set(Some(why));
    }

    fn changed(&self, force_url: bool) {
        self.refused.set(None);
        let lines = self.lab.with_value(log_lines);
        self.log.set(lines);
        self.version.update(|v| *v += 1);
        if self
            .lab
            .with_value(|l| l.done() >= l.total() || l.violation().is_some())
        {
            self.playing.set(false);
        }
        self.sync_url(force_url);
    }

    /// Runs one live action (recorded in the link; drops the actions not done yet).
    pub fn act(&self, action: PartitionAction) {
        if let Some(why) = self.with(|l| l.refusal(action)) {
            self.refuse(why.to_string());
            return;
        }
        self.playing.set(false);
        self.lab.update_value(|l| l.apply(action));
        self.changed(true);
    }

    /// The scenario of the current run (with every action recorded so far).
    pub fn scenario(&self) -> PartitionScenario {
        self.with(|l| l.scenario().clone())
    }

    /// Starts over with `scenario`.
    pub fn load(&self, scenario: &PartitionScenario) {
        self.lab.set_value(PartitionLab::new(scenario));
        self.carry.set_value(0.0);
        self.changed(true);
    }

    /// Starts over: a book scenario from its start (its own actions, none of yours), a
    /// free run with the current settings and no actions.
    pub fn reset(&self) {
        self.playing.set(false);
        let s = self.lab.with_value(|l| l.scenario().clone());
        match s
            .name
            .as_deref()
            .and_then(|n| ddia_core::book::find(BOOK, n))
        {
            Some(book) => self.load(&book.scenario()),
            None => self.load(&PartitionScenario {
                actions: Vec::new(),
                position: None,
                ..s
            }),
        }
    }

    /// Changes a setting and replays the run to where it was (the recorded actions are
    /// kept; the run is no longer the named book scenario unless `keep_name`).
    pub fn rebuild(&self, keep_name: bool, f: impl FnOnce(&mut PartitionScenario)) {
        let (mut s, done) = self.lab.with_value(|l| (l.scenario().clone(), l.done()));
        f(&mut s);
        if !keep_name {
            s.name = None;
        }
        s.position = Some(done);
        self.load(&s);
    }

    /// Picks the key nearest to `at` (picture user units) within `reach`; a click on
    /// empty space clears the pick.
    pub fn pick_at(&self, at: (f64, f64), reach: f64) {
        let frame = self.picture.with_untracked(|p| p.frame);
        let key = self.lab.with_value(|l| {
            let keys = l.session().keys().records().iter().map(|r| r.key);
            frame.nearest(keys, at, reach)
        });
        self.selected.set(key);
    }

    /// The line above the picture.
    pub fn status_text(&self) -> String {
        self.with(status_of)
    }

    /// What the picture shows, for screen readers.
    pub fn picture_summary(&self) -> String {
        let status = self.status_text();
        let picked = self.selected.get().map(|k| {
            let l = self.with_session(|s| lookup(s, k));
            format!(
                "; picked {} on {} in partition {}",
                l.key, l.owner, l.partition
            )
        });
        format!(
            "Keys as dots coloured by their node: {status}{}",
            picked.unwrap_or_default()
        )
    }
}

impl LiveLab for PartitionState {
    const KIND: LabKind = LabKind::Partition;
    const UNIT: &'static str = "op";
    const STEP_WORD: &'static str = "action";

    /// The recorded actions, as the header counts them (play16b N15: one figure).
    fn horizon(&self) -> Option<u64> {
        Some(self.lab.with_value(|l| l.total()))
    }

    /// Plays the recorded actions, [`ACTIONS_PER_SECOND_AT_1X`] a second at 1x.
    fn frame(&self, dt_ms: f64) {
        if !self.playing.get_untracked() {
            return;
        }
        let mut carry = self.carry.get_value();
        let n = actions_for_frame(dt_ms, self.speed.get_untracked(), &mut carry);
        self.carry.set_value(carry);
        let moved = self
            .lab
            .try_update_value(|l| (0..n).filter(|_| l.step()).count() > 0)
            .unwrap_or(false);
        if moved {
            self.changed(false);
        }
    }

    fn toggle_play(&self) {
        if let Some(run) = self.shown_handoff() {
            return run.toggle_pause();
        }
        let can = self
            .lab
            .with_value(|l| l.done() < l.total() && l.violation().is_none());
        self.playing.update(|p| *p = !*p && can);
        self.sync_url(true);
    }

    /// The next recorded action (the handoff's next event while its view is shown).
    fn step(&self) {
        if let Some(run) = self.shown_handoff() {
            return run.step(*self);
        }
        self.playing.set(false);
        let moved = self
            .lab
            .try_update_value(PartitionLab::step)
            .unwrap_or(false);
        if moved {
            self.changed(true);
        }
    }

    fn position(&self) -> u64 {
        self.lab.with_value(|l| l.done())
    }

    /// One action back (the handoff's event before while its view is shown).
    fn step_back(&self) {
        if let Some(run) = self.shown_handoff() {
            return run.step_back(*self);
        }
        if let Some(position) = self.previous_position() {
            self.seek(position);
        }
    }

    fn is_playing(&self) -> bool {
        self.playing.get_untracked()
    }

    fn speed(&self) -> f64 {
        self.speed.get_untracked()
    }

    fn seed(&self) -> u64 {
        self.lab.with_value(|l| l.scenario().seed)
    }

    fn url_sync(&self) -> StoredValue<UrlSync, LocalStorage> {
        self.url
    }

    fn scenario_query(&self) -> String {
        self.lab.with_value(|l| l.link_scenario().to_query())
    }

    /// To `position` actions done, paused (replayed from the start: runs are
    /// deterministic).
    fn seek(&self, position: u64) {
        self.playing.set(false);
        let mut s = self.lab.with_value(|l| l.scenario().clone());
        s.position = Some(position);
        self.load(&s);
    }

    fn load_query(&self, query: &str) -> Result<(), String> {
        let s = PartitionScenario::from_query(query).map_err(|e| e.to_string())?;
        self.playing.set(false);
        self.load(&s);
        Ok(())
    }

    /// Position in actions; numbers `nodes`, `keys_moved` (by the last change of the shown
    /// strategy) and `actions` (recorded).
    fn status(&self) -> LabStatus {
        self.lab.with_value(|l| {
            let s = l.session();
            let outcome = l
                .scenario()
                .name
                .clone()
                .filter(|_| book_check(l) == Some(Ok(())));
            LabStatus {
                position: l.done(),
                playing: self.playing.get_untracked(),
                numbers: vec![
                    ("nodes", s.placement().nodes().len() as u64),
                    ("keys_moved", s.last_move().map_or(0, |m| m.keys_moved())),
                    ("actions", l.total()),
                ],
                outcome,
                violation: l.violation().map(str::to_string),
            }
        })
    }

    fn recent_trace(&self) -> Vec<TraceLine> {
        self.lab.with_value(|l| {
            l.log()
                .iter()
                .enumerate()
                .map(|(i, line)| TraceLine {
                    index: i as u64,
                    at: line.at,
                    text: line.text.clone(),
                })
                .collect()
        })
    }
}

/// The notice when a link's `t` lies past the run's last action, which the lab shows
/// instead (play16b N19); `None` when `t` is within the run or absent.
pub fn past_end_note(asked: Option<u64>, total: u64) -> Option<String> {
    asked.filter(|&t| t > total).map(|t| {
        format!("“t”: {t} is past the run's last action, so it shows action {total} of {total}.")
    })
}

/// The line above the picture for `l`: `consistent hashing (vnodes) · 1 node · 8
/// partitions · 1 000 keys · action 2 of 3`.
fn status_of(l: &PartitionLab) -> String {
    let s = l.session();
    let p = s.placement();
    let actions = if l.total() > 0 {
        format!(" · action {} of {}", l.done(), l.total())
    } else {
        String::new()
    };
    format!(
        "{} · {} · {} · {}{actions}",
        s.config().kind.name(),
        counted(p.nodes().len() as u64, "node", "nodes"),
        counted(p.partitions().len() as u64, "partition", "partitions"),
        counted(s.keys().len() as u64, "key", "keys")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_t_past_the_end_is_named() {
        assert_eq!(
            past_end_note(Some(99), 7).as_deref(),
            Some("“t”: 99 is past the run's last action, so it shows action 7 of 7.")
        );
        assert_eq!(past_end_note(Some(7), 7), None);
        assert_eq!(past_end_note(None, 7), None);
    }

    /// play16b L3: "1 node", not "1 nodes".
    #[test]
    fn the_status_line_counts_one_node_in_the_singular() {
        let one = PartitionScenario::from_query("lab=partition&nodes=1").unwrap();
        let text = status_of(&PartitionLab::new(&one));
        assert!(text.contains(" · 1 node · "), "{text}");
    }

    /// play16f B2: a refusal is withdrawn by the next input that succeeds; a link's
    /// notice is not.
    #[test]
    fn a_refusal_is_withdrawn_once_an_input_succeeds() {
        let s = PartitionScenario::from_query("lab=partition&seed=1&route=tier").unwrap();
        let notice = RwSignal::new(None);
        let st = PartitionState::new(&s, 1.0, false, UrlSync::default(), notice);
        st.act(PartitionAction::Notify);
        assert!(notice.get_untracked().is_some(), "nothing to notify");
        st.act(PartitionAction::AddNode);
        assert_eq!(notice.get_untracked(), None, "withdrawn by the add");
        st.act(PartitionAction::Notify);
        assert_eq!(notice.get_untracked(), None, "the notification ran");
        notice.set(Some("a link's notice".into()));
        st.act(PartitionAction::AddNode);
        assert_eq!(notice.get_untracked().as_deref(), Some("a link's notice"));
    }

    #[test]
    fn frames_turn_speed_into_whole_actions() {
        let mut carry = 0.0;
        assert_eq!(actions_for_frame(100.0, 1.0, &mut carry), 0);
        let total: u32 = (0..60)
            .map(|_| actions_for_frame(16.7, 1.0, &mut carry))
            .sum();
        assert_eq!(total, 1, "about one action a second at 1x");
        let mut carry = 0.0;
        assert_eq!(
            actions_for_frame(100.0, 1e9, &mut carry),
            MAX_ACTIONS_PER_FRAME
        );
        assert_eq!(actions_for_frame(f64::NAN, 1.0, &mut carry), 0);
    }

    #[test]
    fn traffic_is_routine_and_node_changes_are_milestones() {
        let s = PartitionScenario::from_query("act=w50,a,q3").unwrap();
        let mut lab = PartitionLab::new(&s);
        lab.finish();
        let lines = log_lines(&lab);
        assert!(!lines.is_empty());
        for l in &lines {
            let want = if l.at_us == 2 {
                LineKind::Milestone
            } else {
                LineKind::Routine
            };
            assert_eq!(l.kind, want, "{} (after action {})", l.text, l.at_us);
        }
        // A split that a batch of timestamp writes caused is a milestone: the kind is
        // the core's, not the action's.
        let b = ddia_core::book::find(BOOK, "timestamps").unwrap();
        let mut lab = PartitionLab::new(&b.scenario());
        lab.finish();
        let kinds: Vec<(bool, LineKind)> = log_lines(&lab)
            .iter()
            .map(|l| (l.text.starts_with("the key ranges split"), l.kind))
            .collect();
        assert_eq!(
            kinds,
            [(false, LineKind::Routine), (true, LineKind::Milestone)]
        );
    }

    #[test]
    fn a_book_scenario_is_checked_and_a_free_run_is_not() {
        let b = ddia_core::book::find(BOOK, "ring-60").unwrap();
        let mut lab = PartitionLab::new(&b.scenario());
        assert!(
            matches!(book_check(&lab), Some(Err(_))),
            "not before its action"
        );
        lab.finish();
        assert_eq!(book_check(&lab), Some(Ok(())));
        let free = PartitionLab::new(&PartitionScenario::default());
        assert_eq!(book_check(&free), None);
    }
}
