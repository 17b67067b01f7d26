//! One stream run as the lab holds it: the `StreamLab` (world, planned crash, recorded
//! actions), the narrated event log, and each partition's consumer lag sampled over
//! simulated time for the lag chart. Plain Rust (no signals), so it is tested natively.

use super::fork::StreamFork;
use crate::shell::event_log::{LineKind, LogLine};
use crate::shell::fork_bar::SideBySide;
use crate::shell::format::ms;
use ddia_core::book::{find, named_or_default};
use ddia_core::link::LabLink;
use ddia_core::sim::{Event, EventOf, SimTime};
use ddia_core::stream::book::BOOK;
use ddia_core::stream::lab::{StreamLab, STORY_US};
use ddia_core::stream::msg::Note;
use ddia_core::stream::narrate;
use ddia_core::stream::scenario::{StreamAction, StreamScenario};
use ddia_core::stream::{Member, FIRST_CONSUMER};

/// Recent kernel events kept by the world, enough for one frame at the highest speed.
pub const TRACE_CAPACITY: usize = 8_192;
/// Narrated lines kept for the event log.
pub const LOG_LINES: usize = 300;
/// Most kernel events run to reach a link's `t` (an absurd `t` must not freeze the page).
pub const REPLAY_EVENT_BUDGET: u64 = 2_000_000;
/// Simulated time between two samples of the consumer lag, µs (20 ms).
pub const LAG_SAMPLE_US: u64 = 20_000;
/// Most lag samples kept (the oldest are thinned out beyond it).
pub const LAG_SAMPLES: usize = 600;

/// One sample of the consumer lag: simulated µs, and records behind per partition.
pub type LagSample = (u64, Vec<u64>);

/// The run the stream lab shows.
pub struct StreamSession {
    lab: StreamLab,
    log: Vec<LogLine>,
    seen: Option<u64>,
    log_version: u64,
    lag: Vec<LagSample>,
    next_sample: u64,
    /// Lines the run itself adds (not the world's trace) are in the log already.
    told_missed: bool,
    /// How far the windowing operator's output is told.
    windows_told: narrate::WindowsTold,
    /// When the run last became quiescent ([`StreamSession::quiescent`]), µs.
    complete_at: Option<u64>,
    /// The branch the last fork discarded, to compare with (copies never nest).
    fork: Option<Box<StreamFork>>,
}

impl StreamSession {
    /// Builds `scenario`'s world and runs it to its `t` (within
    /// [`REPLAY_EVENT_BUDGET`] kernel events); the second value says why `t` was not
    /// reached, if it was not.
    pub fn new(scenario: &StreamScenario) -> (Self, Option<String>) {
        let target = scenario.until_us;
        let base = StreamScenario {
            until_us: None,
            ..scenario.clone()
        };
        let mut lab = StreamLab::new(&base);
        lab.run.world.set_trace_capacity(TRACE_CAPACITY);
        lab.run.world.track_clocks();
        let mut s = StreamSession {
            lab,
            log: Vec::new(),
            seen: None,
            log_version: 0,
            lag: Vec::new(),
            next_sample: 0,
            told_missed: false,
            windows_told: (0, 0),
            complete_at: None,
            fork: None,
        };
        s.sample();
        let warning = target.and_then(|t| s.replay_to(t));
        (s, warning)
    }

    fn replay_to(&mut self, t: u64) -> Option<String> {
        while self.now() < t && self.lab.violation().is_none() {
            if self.lab.run.world.events_processed() > REPLAY_EVENT_BUDGET {
                return Some(format!(
                    "t = {} needs more than {REPLAY_EVENT_BUDGET} kernel events to replay; \
                     the run stopped at {}",
                    ms(t),
                    ms(self.now())
                ));
            }
            self.advance((t - self.now()).min(50 * LAG_SAMPLE_US));
        }
        None
    }

    /// The lab (world, scenario, figures).
    pub fn lab(&self) -> &StreamLab {
        &self.lab
    }

    /// Simulated time now, µs.
    pub fn now(&self) -> u64 {
        self.lab.now().as_micros()
    }

    /// The scenario that replays the run so far: its actions (the learner's at their
    /// times) and `t` = now.
    pub fn scenario(&self) -> StreamScenario {
        StreamScenario {
            until_us: Some(self.now()),
            ..self.lab.scenario().clone()
        }
    }

    /// The book scenario the run started from, checked on the run so far (`None` on a
    /// free run).
    pub fn book_check(&self) -> Option<Result<(), String>> {
        let name = self.lab.scenario().name.as_deref()?;
        Some(find(BOOK, name)?.check(&self.lab))
    }

    /// Advances simulated time by `us`, sampling the lag on the way.
    pub fn advance(&mut self, us: u64) {
        self.advance_or_stop(us, false);
    }

    /// Advances by `us`, sampling the lag every [`LAG_SAMPLE_US`]; with `stop`, stops
    /// at the sample where the run becomes quiescent (true then).
    fn advance_or_stop(&mut self, us: u64, stop: bool) -> bool {
        let target = self.now().saturating_add(us);
        while self.next_sample <= target && self.lab.violation().is_none() {
            self.lab.run_until(SimTime(self.next_sample));
            self.sample();
            if self.completion() && stop {
                return true;
            }
        }
        self.lab.run_until(SimTime(target));
        self.collect();
        false
    }

    /// Advances by `us` while playing; false when play stops. It stops once when the
    /// run becomes quiescent ("run complete", logged; played again, it goes on), and a
    /// book scenario's story at its end ([`STORY_US`]).
    pub fn play(&mut self, us: u64) -> bool {
        let now = self.now();
        let story = self.lab.scenario().name.is_some() && now < STORY_US;
        let complete = self.advance_or_stop(if story { us.min(STORY_US - now) } else { us }, true);
        !(complete || story && self.now() >= STORY_US)
    }

    /// Whether nothing more will happen by itself: every event produced is committed,
    /// no recorded action is ahead, every node is up and awake, a v2 view (if any) has
    /// caught up.
    pub fn quiescent(&self) -> bool {
        let (lab, now) = (&self.lab, self.now());
        lab.run.settled()
            && lab.scenario().actions.iter().all(|a| a.at_us < now)
            && lab
                .run
                .world
                .nodes()
                .iter()
                .all(|n| n.up && n.paused_until.is_none())
            && (!lab.run.rebuilder().started || lab.v2_caught_up())
    }

    /// Notes the moment the run becomes quiescent (a log line), and forgets it when an
    /// action wakes the run again; true at the moment it becomes quiescent.
    fn completion(&mut self) -> bool {
        let now = self.now();
        match (self.quiescent(), self.complete_at) {
            (true, None) => {
                self.collect();
                self.complete_at = Some(now);
                let events = self.lab.run.history.appended_count();
                self.tell(format!(
                    "run complete: all {events} events read and their offsets committed (the \
                     sink's counters say which effects were lost or duplicated); Play goes on"
                ));
                if let Some((plan, begun)) = self.lab.run.pending_plan() {
                    self.tell(narrate::unreached(&plan, begun));
                }
                true
            }
            (false, Some(_)) => {
                self.complete_at = None;
                false
            }
            _ => false,
        }
    }

    /// Adds a milestone line of the page's own (not the kernel's trace) at now.
    fn tell(&mut self, text: String) {
        self.log.push(LogLine {
            index: self.seen.unwrap_or(0),
            at_us: self.now(),
            text,
            kind: LineKind::Milestone,
        });
        self.log_version += 1;
    }

    /// Why the planned crash did not happen, once known: its batch passed without it,
    /// or the run completed before its consumer reached it (B2). The note by the crash
    /// control reads it; the Events lines are told from the same sentences.
    pub fn crash_not_happened(&self) -> Option<String> {
        let l = &self.lab;
        l.run
            .missed
            .map(|m| narrate::missed(&m, l.scenario().guarantee))
            .or_else(|| {
                let (plan, begun) = self.complete_at.and(l.run.pending_plan())?;
                Some(narrate::unreached(&plan, begun))
            })
    }

    /// When the run became quiescent, if it is, µs.
    pub fn complete_at(&self) -> Option<u64> {
        self.complete_at
    }

    /// Processes one kernel event; false if there was none.
    pub fn step(&mut self) -> bool {
        let moved = self.lab.step();
        while self.next_sample <= self.now() {
            self.sample();
        }
        self.collect();
        moved
    }

    /// Applies a learner's action now (recorded in the scenario at this time). After a
    /// seek back this forks, as the Raft lab does (issue 18): the learner's actions
    /// after now are the discarded future (the book scenario's own stay), so the run is
    /// first replayed to now without them; the run as it was is kept to compare with
    /// ([`StreamSession::fork`]).
    pub fn act(&mut self, action: StreamAction) {
        if let Some(why) = self.lab.idle_reason(action) {
            self.tell(why);
            return;
        }
        let before = self
            .without_future()
            .map(|forked| std::mem::replace(self, Self::new(&forked).0));
        self.lab.act(action);
        self.collect();
        if let Some(mut before) = before {
            before.fork = None;
            self.fork = Some(Box::new(StreamFork::new(before, self)));
        }
    }

    /// Replays the run so far (its later actions included) to `t` µs, keeping the
    /// branch a fork discarded; says why `t` was not reached, if it was not.
    pub fn seek(&mut self, t: u64) -> Option<String> {
        let there = StreamScenario {
            until_us: Some(t),
            ..self.scenario()
        };
        let fork = self.fork.take();
        let (s, warning) = Self::new(&there);
        *self = s;
        self.fork = fork;
        warning
    }

    /// The branch the last fork discarded (to compare with), if any.
    pub fn fork(&self) -> Option<&StreamFork> {
        self.fork.as_deref()
    }

    /// Both branches at the moment shown ([`StreamFork::side_by_side`]), if a fork
    /// kept one.
    pub fn side_by_side(&mut self) -> Option<SideBySide> {
        let ours = &self.lab;
        self.fork.as_mut().map(|f| f.side_by_side(ours))
    }

    /// Forgets the discarded branch.
    pub fn forget_fork(&mut self) {
        self.fork = None;
    }

    /// The run up to now without the learner's actions after now; `None` without any.
    fn without_future(&self) -> Option<StreamScenario> {
        let mut s = self.scenario();
        let own = named_or_default(BOOK, s.name.as_deref()).actions;
        let (now, before) = (self.now(), s.actions.len());
        s.actions.retain(|a| a.at_us <= now || own.contains(a));
        (s.actions.len() < before).then_some(s)
    }

    /// The moment of the latest event before now (`,` goes there); the start when none
    /// is kept; `None` at the start.
    pub fn previous_moment(&self) -> Option<u64> {
        let now = self.now();
        if now == 0 {
            return None;
        }
        let trace = self.lab.run.world.trace();
        let earlier = trace
            .recent()
            .rev()
            .map(|r| r.at.as_micros())
            .find(|&at| at < now);
        Some(earlier.unwrap_or(0))
    }

    /// The narrated event log, oldest first.
    pub fn log(&self) -> &[LogLine] {
        &self.log
    }

    /// Grows whenever a line is added.
    pub fn log_version(&self) -> u64 {
        self.log_version
    }

    /// The lag samples, oldest first, up to the moment the run became quiescent if it
    /// is (the chart's time axis ends with the run's last event, not with the clock).
    pub fn lag(&self) -> &[LagSample] {
        let end = self
            .complete_at
            .map_or(self.lag.len(), |t| self.lag.partition_point(|s| s.0 <= t));
        &self.lag[..end]
    }

    fn sample(&mut self) {
        self.lag.push((self.next_sample, self.lab.run.lag()));
        self.next_sample += LAG_SAMPLE_US;
        if self.lag.len() > LAG_SAMPLES {
            // Every other sample goes: the chart keeps the whole run at half the detail.
            let mut keep = false;
            self.lag.retain(|_| {
                keep = !keep;
                keep
            });
        }
    }

    fn collect(&mut self) {
        let seen = self.seen;
        let trace = self.lab.run.world.trace();
        // The planned crash's line names its point (U3).
        let plan = self.lab.scenario().crash_plan();
        let planned = plan.zip(self.lab.run.crashed);
        let fresh: Vec<LogLine> = trace
            .recent()
            .filter(|r| seen.is_none_or(|s| r.index > s))
            .filter_map(|r| {
                let text = match (&r.event, planned) {
                    (Event::Crashed(n), Some((p, c)))
                        if c.at == r.at
                            && usize::try_from(p.consumer)
                                .is_ok_and(|i| *n == FIRST_CONSUMER + i) =>
                    {
                        narrate::planned_crash(&p, &c)
                    }
                    _ => narrate::event(&r.event)?,
                };
                Some(LogLine {
                    index: r.index,
                    at_us: r.at.as_micros(),
                    text,
                    kind: line_kind(&r.event),
                })
            })
            .collect();
        if let Some(last) = trace.recent().next_back() {
            self.seen = Some(last.index);
        }
        let mut fresh = fresh;
        fresh.extend(self.missed_line());
        fresh.extend(self.window_lines());
        if fresh.is_empty() {
            return;
        }
        in_time_order(&mut self.log, fresh);
        let over = self.log.len().saturating_sub(LOG_LINES);
        self.log.drain(..over);
        self.log_version += 1;
    }
}

impl StreamSession {
    /// The windowing operator's firings (routine) and late events (milestones) since
    /// the last call.
    fn window_lines(&mut self) -> impl Iterator<Item = LogLine> {
        let params = self.lab.scenario().window_params();
        let (lines, told) = narrate::windows(self.lab.windows(), &params, self.windows_told);
        self.windows_told = told;
        let index = self.seen.unwrap_or(0);
        lines.into_iter().map(move |l| LogLine {
            index,
            at_us: l.at_us,
            text: l.text,
            kind: if l.late {
                LineKind::Milestone
            } else {
                LineKind::Routine
            },
        })
    }

    /// The line saying the planned crash did not happen, once.
    fn missed_line(&mut self) -> Option<LogLine> {
        let m = self.lab.run.missed.filter(|_| !self.told_missed)?;
        self.told_missed = true;
        Some(LogLine {
            index: self.seen.unwrap_or(0),
            at_us: m.at.as_micros(),
            text: narrate::missed(&m, self.lab.scenario().guarantee),
            kind: LineKind::Milestone,
        })
    }
}

/// Adds `fresh` to `log` (oldest first) in simulated-time order, stable: a window
/// firing or late event is told when the operator's output is read, after commits
/// that came later, so it goes back to its own moment (play17c F2); lines of one
/// moment keep the order they came in (each goes after the lines of its moment).
fn in_time_order(log: &mut Vec<LogLine>, fresh: Vec<LogLine>) {
    for line in fresh {
        let at = log.partition_point(|l| l.at_us <= line.at_us);
        log.insert(at, line);
    }
}

/// How much a narrated event matters: a broken invariant is an alarm; rebalances,
/// crashes and restarts are milestones; batches and retention are routine.
pub fn line_kind(e: &EventOf<Member>) -> LineKind {
    match e {
        Event::InvariantViolated { .. } => LineKind::Alarm,
        Event::Note {
            note: Note::OffsetCommitted { .. } | Note::Trimmed { .. },
            ..
        } => LineKind::Routine,
        _ => LineKind::Milestone,
    }
}

/// The scenario for a restart with changed settings: `edit` applied to the run's
/// scenario at time zero; the recorded actions stay if they still fit (no crash of C3
/// in a group of two). The second value counts the actions dropped. A book scenario
/// stays named, as a link that changes its settings does, so the page says what was
/// changed from the book (play17d N4b); `edit` drops the name for a free run.
pub fn rebuilt(
    current: &StreamScenario,
    edit: impl FnOnce(&mut StreamScenario),
) -> (StreamScenario, usize) {
    let mut s = StreamScenario {
        until_us: None,
        ..current.clone()
    };
    edit(&mut s);
    let had = s.actions.len();
    if s.crash.is_some_and(|(c, _, _)| c > s.consumers) {
        s.crash = None;
    }
    if s.validate().is_err() {
        s.actions.clear();
    }
    let dropped = had - s.actions.len();
    (s, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::stream::scenario::Who;
    use ddia_core::stream::FIRST_CONSUMER;

    fn session(q: &str) -> StreamSession {
        StreamSession::new(&StreamScenario::from_query(q).unwrap()).0
    }

    #[test]
    fn a_crash_clicked_mid_run_is_in_the_link_and_replays_exactly() {
        let mut s = session("");
        s.advance(300_000);
        s.act(StreamAction::Crash(Who::Consumer(1)));
        s.advance(500_000);
        let q = s.scenario().to_query();
        assert!(q.contains("act=300000:c1"), "{q}");
        let (replay, warning) = StreamSession::new(&StreamScenario::from_query(&q).unwrap());
        assert_eq!(warning, None);
        assert_eq!(replay.now(), s.now());
        assert_eq!(replay.lab().digest(), s.lab().digest());
        assert!(s.log().iter().any(|l| l.text == "C1 crashes"), "narrated");
    }

    /// hs11 U3: under every guarantee the planned crash's Events line names its point
    /// (the helper's sentence for the crash that happened), not a bare "C1 crashes".
    #[test]
    fn the_planned_crash_line_names_where_it_caught_the_consumer() {
        for name in ["crash-amo", "crash-alo", "crash-eo"] {
            let mut s = session(&format!("scn={name}"));
            s.advance(2_000_000);
            let c = s.lab().run.crashed.expect("the planned crash happened");
            let plan = s.lab().scenario().crash_plan().expect("planned");
            let at = c.at.as_micros();
            let lines: Vec<&str> = s
                .log()
                .iter()
                .filter(|l| l.at_us == at)
                .map(|l| l.text.as_str())
                .collect();
            let bare = narrate::event(&Event::Crashed(FIRST_CONSUMER)).unwrap();
            assert!(
                lines.contains(&narrate::planned_crash(&plan, &c).as_str()),
                "{name}: {lines:?}"
            );
            assert!(!lines.contains(&bare.as_str()), "{name}: {lines:?}");
        }
    }

    /// hs11 B2b: a plan for a batch never reached is told by the crash control too,
    /// with the Events line's sentence, once the run is complete (not before).
    #[test]
    fn an_unreached_crash_is_told_by_the_crash_control_once_complete() {
        let mut s = session("guarantee=alo&crash=1.commit.99");
        s.advance(300_000);
        assert_eq!(s.crash_not_happened(), None, "not known mid-run");
        s.advance(2_700_000);
        assert!(s.complete_at().is_some(), "complete");
        let told = s.crash_not_happened().expect("told by the control");
        assert!(
            s.log().iter().any(|l| l.text == told),
            "the Events line's sentence"
        );
    }

    /// Issue 18: after a seek back (a run rebuilt to an earlier `t`), an action forks:
    /// the learner's later actions leave the link, the book scenario's own stay, and
    /// the link replays the forked run exactly.
    #[test]
    fn an_action_after_a_seek_back_discards_the_later_ones() {
        let mut run = session("scn=rebuild");
        run.advance(900_000);
        run.act(StreamAction::Crash(Who::Consumer(1)));
        let back = StreamScenario {
            until_us: Some(400_000),
            ..run.scenario()
        };
        let mut s = StreamSession::new(&back).0;
        s.act(StreamAction::Crash(Who::Consumer(2)));
        let kept: Vec<_> = s
            .scenario()
            .actions
            .iter()
            .map(|a| (a.at_us, a.action))
            .collect();
        let (c2, rebuild) = (StreamAction::Crash(Who::Consumer(2)), StreamAction::Rebuild);
        assert_eq!(
            kept,
            [(400_000, c2), (1_800_000, rebuild)],
            "C1's crash at 900 ms is gone, the book's rebuild stays"
        );
        s.advance(600_000);
        let (replay, _) = StreamSession::new(&s.scenario());
        assert_eq!(replay.lab().digest(), s.lab().digest());
        let mut live = session("act=200000:c1");
        live.advance(300_000);
        live.act(StreamAction::Crash(Who::Consumer(2)));
        let q = live.scenario().to_query();
        assert!(
            q.contains("200000:c1") && q.contains("300000:c2"),
            "no future: {q}"
        );
    }

    /// Issue 18: the run a fork discarded is kept, as in the Raft lab: the fork bar
    /// says where the two runs part and shows both at the moment shown, and a seek
    /// keeps it.
    #[test]
    fn a_fork_keeps_the_run_before_and_finds_where_they_part() {
        let mut s = session("scn=rebuild");
        s.advance(900_000);
        s.act(StreamAction::Crash(Who::Consumer(1)));
        assert!(s.fork().is_none(), "no future, no fork");
        s.seek(400_000);
        assert!(s.fork().is_none(), "a seek alone forks nothing");
        s.act(StreamAction::Crash(Who::Consumer(2)));
        let note = s.fork().expect("the run before is kept").note().clone();
        assert_eq!(note.at_us, 400_000);
        let (at, ours, theirs) = note.parted.expect("the runs part");
        assert_eq!((at, ours.as_str()), (400_000, "C2 crashes"));
        assert_ne!(theirs, ours);
        let c = |i: u32| FIRST_CONSUMER + usize::try_from(i).unwrap();
        let here = s.side_by_side().expect("both runs");
        assert_eq!(here.at_us, 400_000);
        assert_eq!(here.rows[c(1)].0, "C2");
        assert!(
            here.rows[c(1)].1.starts_with("down"),
            "{:?}",
            here.rows[c(1)]
        );
        assert!(here.rows[c(1)].2.starts_with("up"), "{:?}", here.rows[c(1)]);
        s.advance(600_000);
        s.seek(950_000);
        let later = s.side_by_side().expect("a seek keeps the fork");
        assert_eq!(later.at_us, 950_000);
        assert!(
            later.rows[c(0)].1.starts_with("up"),
            "{:?}",
            later.rows[c(0)]
        );
        assert!(
            later.rows[c(0)].2.starts_with("down"),
            "C1 crashed at 900 ms before: {:?}",
            later.rows[c(0)]
        );
        s.forget_fork();
        assert!(s.fork().is_none());
    }

    #[test]
    fn a_planned_crash_inside_one_record_writes_is_logged_as_not_happening() {
        let mut s = session("seed=1&guarantee=amo&batch=1&crash=1.mid.2");
        s.advance(3_000_000);
        assert!(s.lab().run.crashed.is_none());
        let lines: Vec<&str> = s
            .log()
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| t.contains("did not happen"))
            .collect();
        assert_eq!(
            lines,
            ["C1 fetches 1 record per batch: a 1-record write has no inside, so the planned crash did not happen"]
        );
        let mut batches = session("seed=1&guarantee=amo&crash=1.mid.2");
        batches.advance(3_000_000);
        assert!(batches.lab().run.crashed.is_some(), "a later batch of 2");
    }

    /// B1: Leave group twice, Join while a member, Pause on a crashed consumer: each
    /// says so in the log and is not recorded (the link does not grow).
    #[test]
    fn an_action_with_nothing_to_do_says_so_and_is_not_recorded() {
        let mut s = session("t=600000&act=300000:l1");
        let c1 = Who::Consumer(1);
        for (action, idle) in [
            (StreamAction::Leave(1), true),
            (StreamAction::Join(1), false),
            (StreamAction::Join(1), true),
            (StreamAction::Crash(c1), false),
            (StreamAction::Pause(c1, 600_000), true),
            (StreamAction::Leave(1), true),
        ] {
            let why = s.lab().idle_reason(action);
            assert_eq!(why.is_some(), idle, "{action:?}");
            let (recorded, lines) = (s.scenario().actions.len(), s.log().len());
            s.act(action);
            let grew = s.scenario().actions.len() - recorded;
            assert_eq!(grew, usize::from(!idle), "{action:?}");
            if let Some(why) = why {
                assert_eq!(s.log().len(), lines + 1, "{action:?}");
                assert_eq!(s.log().last().map(|l| &l.text), Some(&why));
            }
            s.advance(50_000);
        }
        assert_eq!(s.scenario().actions.len(), 3, "l1, j1, c1");
    }

    /// B2: a crash planned for a batch the consumer never reaches is told once, when
    /// the run is complete.
    #[test]
    fn a_crash_planned_past_the_runs_end_is_told_when_it_completes() {
        let mut s = session("guarantee=alo&crash=1.commit.99");
        while s.play(100_000) {}
        assert!(s.quiescent());
        let (plan, begun) = s
            .lab()
            .run
            .pending_plan()
            .expect("neither crashed nor missed");
        assert!(begun < plan.batch, "{begun}");
        let told = narrate::unreached(&plan, begun);
        let lines = s.log().iter().filter(|l| l.text == told).count();
        assert_eq!(lines, 1);
        // A crash that happens is not told as unreached.
        let mut s = session("guarantee=alo&crash=1.commit.2");
        while s.play(100_000) {}
        assert!(s.lab().run.crashed.is_some());
        assert_eq!(s.lab().run.pending_plan(), None);
    }

    /// U3: a pause is narrated when it starts, at its moment, not only when it ends.
    #[test]
    fn a_pause_is_narrated_when_it_starts() {
        use ddia_core::sim::{Action, Event};
        let mut s = session("scn=rebalance");
        s.advance(1_100_000);
        let pause = ddia_core::stream::book::BOOK
            .iter()
            .find(|b| b.name == "rebalance")
            .map(|b| b.scenario().actions[0])
            .unwrap();
        let StreamAction::Pause(who, for_us) = pause.action else {
            panic!("the rebalance scenario starts with a pause");
        };
        let told = narrate::event(&Event::Applied(Action::Pause {
            node: who.node(),
            for_us,
        }))
        .expect("a pause is narrated");
        let at: Vec<u64> = s
            .log()
            .iter()
            .filter(|l| l.text == told)
            .map(|l| l.at_us)
            .collect();
        assert_eq!(at, [pause.at_us]);
    }

    #[test]
    fn window_firings_and_late_corrections_are_narrated() {
        use ddia_core::stream::windowing::EmissionKind;
        use std::collections::BTreeSet;
        let mut s = session("scn=late-update");
        s.advance(3_000_000);
        // The log keeps its last lines: compare from its first one on.
        let since = s.log()[0].at_us;
        let fired = s
            .log()
            .iter()
            .filter(|l| l.kind == LineKind::Routine && l.text.contains(" fires, "))
            .count();
        let windows = s.lab().windows();
        let mut firings = BTreeSet::new();
        firings.extend(
            windows
                .emissions
                .iter()
                .filter(|e| e.kind == EmissionKind::OnTime && e.at_us >= since)
                .map(|e| (e.at_us, e.window)),
        );
        assert!(firings.len() > 3);
        assert_eq!(
            fired,
            firings.len(),
            "one line per window firing, not per key"
        );
        let late: Vec<&str> = s
            .log()
            .iter()
            .filter(|l| {
                l.kind == LineKind::Milestone && l.text.contains(" keeps every window: retract")
            })
            .map(|l| l.text.as_str())
            .collect();
        let expected = windows.late_events.iter().filter(|l| l.arrival_us >= since);
        assert_eq!(late.len(), expected.count(), "{late:?}");
        assert!(
            !late.is_empty() && late.iter().all(|l| l.contains(", emit count ")),
            "{late:?}"
        );
    }

    /// play17c F2: window firings and late lines interleave with commits by time.
    #[test]
    fn the_log_never_goes_back_in_time() {
        for q in ["scn=late-drop&size=1000", "scn=crash-amo"] {
            let mut s = session(q);
            while s.now() < 3_000_000 {
                s.advance(100_000);
            }
            let log = s.log();
            let back = log.windows(2).find(|w| w[1].at_us < w[0].at_us);
            assert_eq!(back, None, "{q}");
            assert!(log.iter().any(|l| l.text.contains(" fires, ")), "{q}");
        }
    }

    #[test]
    fn a_run_pauses_once_when_quiescent_and_its_lag_chart_ends_there() {
        let mut s = session("");
        while s.play(100_000) {}
        let done = s.now();
        assert!(s.quiescent() && done < 3_000_000, "paused at {done}");
        let last = s.log().last().unwrap();
        assert_eq!(
            last.text,
            "run complete: all 60 events read and their offsets committed (the sink's counters \
             say which effects were lost or duplicated); Play goes on"
        );
        assert!(s.play(5_000_000), "played again, it goes on");
        assert!(s.now() > done + 4_000_000);
        assert!(
            s.lag().last().unwrap().0 <= done,
            "the chart ends at the run's end"
        );
        let lines = s
            .log()
            .iter()
            .filter(|l| l.text.starts_with("run complete"))
            .count();
        assert_eq!(lines, 1);
    }

    /// play17f U6a: under at-most-once a write still on its way to the sink when the
    /// last offset is committed keeps the run going: the counters at "run complete"
    /// are final.
    #[test]
    fn a_run_is_complete_only_when_nothing_is_on_its_way_to_the_sink() {
        let mut s = session("scn=crash-amo");
        while s.complete_at().is_none() && s.now() < 10_000_000 {
            s.play(100_000);
        }
        assert!(s.complete_at().is_some(), "never complete");
        let at_complete = s.lab().delivery();
        assert_eq!(at_complete.pending, 0);
        s.advance(2_000_000);
        assert_eq!(s.lab().delivery(), at_complete, "the counters moved after");
    }

    #[test]
    fn lag_is_sampled_every_20_ms_whichever_way_time_moves() {
        let mut s = session("");
        s.advance(100_000);
        assert_eq!(s.lag().len(), 6, "0, 20, ... 100 ms");
        while s.now() < 140_000 {
            s.step();
        }
        assert!(s
            .lag()
            .iter()
            .map(|l| l.0)
            .eq((0..).step_by(20_000).take(s.lag().len())));
        assert!(
            s.lag().iter().all(|l| l.1.len() == 3),
            "one value per partition"
        );
    }

    #[test]
    fn a_book_story_pauses_at_its_end_and_goes_on_when_played_again() {
        let mut s = session("scn=crash-alo");
        while s.play(400_000) || s.now() < STORY_US {}
        assert_eq!(s.now(), STORY_US, "paused exactly at the end");
        assert!(s.play(400_000), "played again, it goes on");
        assert_eq!(s.now(), STORY_US + 400_000);
        let mut free = session("");
        while !free.play(STORY_US + 1) {}
        assert!(free.now() > STORY_US, "a free run has no story end");
    }

    #[test]
    fn a_step_back_goes_to_an_earlier_event() {
        let mut s = session("");
        assert_eq!(s.previous_moment(), None);
        for _ in 0..30 {
            s.step();
        }
        let back = s.previous_moment().unwrap();
        assert!(back < s.now());
    }

    /// play17d N4b: a knob changed in the panel keeps the book scenario and is named
    /// as changed from the book, as the same knob in a link is.
    #[test]
    fn a_panel_change_keeps_the_book_scenario_as_a_link_does() {
        let book = StreamScenario::from_query("scn=late-drop").unwrap();
        let (panel, _) = rebuilt(&book, |sc| sc.set_param("size", "1000").unwrap());
        let link = StreamScenario::from_query("scn=late-drop&size=1000").unwrap();
        assert_eq!(panel, link);
        assert_eq!(panel.changed_from_book(), ["size"]);
        let (free, _) = rebuilt(&book, |sc| sc.name = None);
        assert_eq!((&free.name, free.changed_from_book().len()), (&None, 0));
    }

    #[test]
    fn new_settings_keep_the_actions_that_fit() {
        let s = StreamScenario::from_query("consumers=3&act=5:c3,6:c1&crash=3.commit.1").unwrap();
        let (same, dropped) = rebuilt(&s, |sc| sc.seed = 9);
        assert_eq!((same.actions.len(), dropped, same.seed), (2, 0, 9));
        let (smaller, dropped) = rebuilt(&s, |sc| sc.consumers = 2);
        assert_eq!(
            (smaller.actions.len(), dropped, smaller.crash),
            (0, 2, None)
        );
    }
}
