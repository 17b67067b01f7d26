//! One Raft run as the lab holds it: the scenario it was built from, the live world,
//! the actions the learner took, the narrated event log, and checkpoints of the whole
//! run for rewinding (issue 18). Plain Rust (no signals), so it is tested natively; the
//! lab keeps it in a non-reactive holder and redraws once per frame.
//!
//! Rewind keeps the future: seeking back restores the latest checkpoint at or before the
//! target and replays to it, and the learner's later actions stay pending, so playing on
//! shows the same run again. An action taken at a past moment forks: the pending actions
//! and the checkpoints after that moment leave the run, kept aside as the discarded
//! branch ([`super::fork::Fork`]) to compare with.

use super::describe;
use super::fork::Fork;
use super::narration::Narration;
use crate::shell::event_log::LogLine;
use crate::shell::fork_bar::SideBySide;
use crate::shell::format::ms;
use ddia_core::consensus::raft::{RaftNode, RaftWorld, Scenario};
use ddia_core::link::LabLink;
use ddia_core::sim::{rewind, Action, Checkpoints, EventOf, Record, SimTime, Timed};

/// Recent kernel events kept by the world, enough for the many events of one frame at
/// the highest speed.
pub const TRACE_CAPACITY: usize = 8_192;
/// Most kernel events run to reach a link's `t` before giving up (a link with an
/// absurd `t` must not freeze the page).
pub const REPLAY_EVENT_BUDGET: u64 = 3_000_000;
/// Most kernel events a seek is expected to replay (a fraction of a second in wasm):
/// a seek further than that is clamped ([`RaftSession::seek_target`]).
pub const SEEK_EVENT_BUDGET: u64 = 1_000_000;
/// Least kernel events between two checkpoints: a seek back replays at most about this
/// many until the store first thins.
pub const CHECKPOINT_SPACING_EVENTS: u64 = rewind::SPACING_EVENTS;
/// Most checkpoints kept. Memory bound: this many copies of the world's state of fixed
/// size and of the event log (at most [`super::narration::LOG_LINES`] lines), the logs
/// and recorded actions shared between them (held once: [`ddia_core::sim::rewind`]);
/// when full, every other copy is dropped and the spacing doubles, so a run of `E`
/// events is seekable with at most about `2 E / 64` events replayed.
pub const CHECKPOINTS: usize = rewind::CHECKPOINTS;
/// Simulated time run between two chances to take a checkpoint (µs).
const SLICE_US: u64 = 50_000;

/// What a checkpoint keeps: the world (without its recent trace) and the log.
#[derive(Clone)]
struct Saved {
    world: RaftWorld,
    narration: Narration,
}

/// The run the Raft lab shows.
pub struct RaftSession {
    base: Scenario,
    world: RaftWorld,
    narration: Narration,
    /// Grows whenever the log changes (a line added or rewritten, or a seek).
    log_version: u64,
    /// Every action the learner took in this run, in order; the world has applied the
    /// first `world.recorded().len()`, the rest are pending (after a rewind).
    live: Vec<Timed<u64>>,
    checkpoints: Checkpoints<Saved>,
    /// The newest moment this run has reached (µs), ahead of now after a rewind.
    horizon_us: u64,
    next_command: u64,
    /// The branch the last fork discarded, to compare with (at most one: a new fork
    /// replaces it).
    fork: Option<Box<Fork>>,
}

impl RaftSession {
    /// Builds `scenario`'s world and runs it to its `t` (within
    /// [`REPLAY_EVENT_BUDGET`]). The second value is a warning for the page when `t`
    /// could not be reached.
    pub fn new(scenario: Scenario) -> (Self, Option<String>) {
        Self::with_budget(scenario, REPLAY_EVENT_BUDGET)
    }

    /// [`RaftSession::new`] with at most `budget` kernel events to reach `t`. A
    /// scenario the cluster refuses (out-of-range parameters) gives the default run and
    /// a warning saying why.
    pub fn with_budget(scenario: Scenario, budget: u64) -> (Self, Option<String>) {
        let target = scenario.until_us;
        let base = Scenario {
            until_us: None,
            ..scenario
        };
        let (base, world) = match base.build_raft(TRACE_CAPACITY) {
            Ok(mut world) => {
                // For the space-time diagram's hover (issue 18).
                world.track_clocks();
                (base, world)
            }
            Err(e) => {
                let (session, _) = Self::with_budget(Scenario::default(), budget);
                return (session, Some(format!("{e}; showing the default run")));
            }
        };
        let next_command = next_command(&base.actions);
        let mut session = RaftSession {
            base,
            world,
            narration: Narration::default(),
            log_version: 0,
            live: Vec::new(),
            checkpoints: Checkpoints::new(CHECKPOINTS, CHECKPOINT_SPACING_EVENTS),
            horizon_us: 0,
            next_command,
            fork: None,
        };
        session.keep();
        let warning = target.and_then(|t| session.run_to(t, budget));
        session.collect();
        (session, warning)
    }

    /// Runs to `t` µs in slices, applying pending actions at their times and offering a
    /// checkpoint after each slice; stops early when `budget` more events have run.
    fn run_to(&mut self, t: u64, budget: u64) -> Option<String> {
        let start = self.world.events_processed();
        while self.world.now().as_micros() < t && self.world.violation().is_none() {
            if self.world.events_processed() - start > budget {
                return Some(format!(
                    "t = {} needs more than {budget} kernel events to replay; the run \
                     stopped at {}",
                    ms(t),
                    ms(self.world.now().as_micros())
                ));
            }
            let next = self.world.now().as_micros().saturating_add(SLICE_US).min(t);
            self.run_slice(next);
            self.collect();
            self.keep();
        }
        None
    }

    /// Runs to `t` µs, applying the pending actions due by then.
    fn run_slice(&mut self, t: u64) {
        while let Some(due) = self.pending().filter(|a| a.at_us <= t).cloned() {
            self.world.run_until(SimTime(due.at_us));
            if self.world.violation().is_some() {
                return;
            }
            self.world.act(due.action);
        }
        self.world.run_until(SimTime(t));
    }

    /// The next action the learner took that the world has not applied yet.
    fn pending(&self) -> Option<&Timed<u64>> {
        self.live.get(self.world.recorded().len())
    }

    /// Offers a checkpoint of the run as it is now (the log narrated up to now), and
    /// moves the horizon.
    fn keep(&mut self) {
        self.horizon_us = self.horizon_us.max(self.world.now().as_micros());
        let (world, narration) = (&self.world, &self.narration);
        self.checkpoints
            .offer(world.now().as_micros(), world.events_processed(), || {
                Saved {
                    world: world.checkpoint(),
                    narration: narration.clone(),
                }
            });
    }

    /// Shows the run at `t` µs, paused there: back through the latest checkpoint at or
    /// before `t` and a replay from it, or forward by running on. The learner's later
    /// actions stay pending (see the module docs). The sentence says why `t` was not
    /// reached when `budget` events did not suffice.
    pub fn seek(&mut self, t: u64, budget: u64) -> Option<String> {
        if t < self.world.now().as_micros() {
            if let Some(saved) = self.checkpoints.at_or_before(t) {
                self.world = saved.state.world.checkpoint();
                self.narration = saved.state.narration.clone();
                self.log_version += 1;
            }
        }
        let warning = self.run_to(t, budget);
        self.collect();
        warning
    }

    /// Where a seek to `position` µs goes: there, or, when the run so far (its events
    /// per simulated µs) says getting there replays more than `budget` events, as far
    /// as `budget` reaches, with a sentence saying so. Seeking back replays from a
    /// checkpoint and is never clamped. A run with no time yet gives no rate: the seek
    /// goes there (the replay's own budget still stops it).
    pub fn seek_target(&self, position: u64, budget: u64) -> (u64, Option<String>) {
        let (events, now) = (self.world.events_processed(), self.world.now().as_micros());
        if events == 0 || now == 0 || position <= now {
            return (position, None);
        }
        let ahead = u128::from(budget) * u128::from(now) / u128::from(events);
        let reach = u64::try_from(ahead).unwrap_or(u64::MAX).saturating_add(now);
        if position <= reach {
            return (position, None);
        }
        let needed = u128::from(position - now) * u128::from(events) / u128::from(now);
        let sentence = format!(
            "A seek to {} would run about {needed} more kernel events, more than the \
             {budget} one seek runs: showing {}, the furthest it reaches, paused",
            ms(position),
            ms(reach)
        );
        (reach, Some(sentence))
    }

    /// Where one step back goes (`,`): the moment, in µs, of the latest event before
    /// the one shown; the start (0) when the run has none before it; just before now
    /// when the kept trace does not reach that far back. `None` at the start.
    pub fn previous_moment(&self) -> Option<u64> {
        let now = self.world.now().as_micros();
        if now == 0 {
            return None;
        }
        let trace = self.world.trace();
        let earlier = trace
            .recent()
            .rev()
            .map(|r| r.at.as_micros())
            .find(|&at| at < now);
        let complete = trace
            .recent()
            .next()
            .map_or(trace.is_empty(), |oldest| oldest.index == 0);
        Some(earlier.unwrap_or(if complete { 0 } else { now - 1 }))
    }

    /// The live world.
    pub fn world(&self) -> &RaftWorld {
        &self.world
    }

    /// The scenario the world was built from (its actions, no `t`).
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    /// The scenario that reproduces the run: the base scenario, every action the
    /// learner took (pending ones included, so the link keeps the future a rewind
    /// kept), and `t` = now. This is what the URL holds.
    pub fn scenario(&self) -> Scenario {
        let mut actions = self.base.actions.clone();
        actions.extend(self.live.iter().cloned());
        // Stable: at equal times the scheduled action ran before the live one.
        actions.sort_by_key(|a| a.at_us);
        Scenario {
            actions,
            until_us: Some(self.world.now().as_micros()),
            ..self.base.clone()
        }
    }

    /// Applies a user action now (recorded, so it is part of the shared link). After
    /// a rewind this forks: the pending actions and later checkpoints are discarded
    /// from the run and kept as the other branch ([`RaftSession::fork`]).
    pub fn act(&mut self, action: Action<u64>) {
        let before = self.fork_off();
        self.apply(action, before);
    }

    /// Applies `action` now; `before` is the branch a fork just discarded, if any.
    fn apply(&mut self, action: Action<u64>, before: Option<RaftSession>) {
        self.world.act(action);
        if let Some(done) = self.world.recorded().last() {
            if self.live.len() < self.world.recorded().len() {
                self.live.push(done.clone());
            }
        }
        self.collect();
        self.keep();
        if let Some(other) = before {
            let fork = Fork::new(other, self);
            self.fork = Some(Box::new(fork));
        }
    }

    /// Discards the future of a rewound run (the pending actions, the checkpoints
    /// taken after now and the horizon beyond now) and returns the run as it was, the
    /// branch to compare with; `None` when there was no future to discard.
    fn fork_off(&mut self) -> Option<RaftSession> {
        if self.pending().is_none() && self.world.now().as_micros() >= self.horizon_us {
            return None;
        }
        let before = self.copy(true);
        self.live.truncate(self.world.recorded().len());
        self.checkpoints
            .truncate_after(self.world.now().as_micros());
        self.horizon_us = self.world.now().as_micros();
        let taken = self.base.actions.iter().chain(&self.live);
        self.next_command = next_command(taken);
        Some(before)
    }

    /// A copy of the run without the branch it keeps aside (copies never nest); with
    /// `history` its event log and checkpoints too, else neither (a scratch copy).
    fn copy(&self, history: bool) -> RaftSession {
        RaftSession {
            base: self.base.clone(),
            world: self.world.clone(),
            narration: if history {
                self.narration.clone()
            } else {
                Narration::default()
            },
            log_version: self.log_version,
            live: self.live.clone(),
            checkpoints: if history {
                self.checkpoints.clone()
            } else {
                Checkpoints::new(2, u64::MAX)
            },
            horizon_us: self.horizon_us,
            next_command: self.next_command,
            fork: None,
        }
    }

    /// The branch the last fork discarded (to compare with), if any.
    pub fn fork(&self) -> Option<&Fork> {
        self.fork.as_deref()
    }

    /// Both branches at the moment shown ([`Fork::side_by_side`]), if a fork kept one.
    pub fn side_by_side(&mut self) -> Option<SideBySide> {
        let ours = &self.world;
        self.fork.as_mut().map(|f| f.side_by_side(ours))
    }

    /// Forgets the discarded branch.
    pub fn forget_fork(&mut self) {
        self.fork = None;
    }

    /// The run's trace from index `from` (at most the latest [`TRACE_CAPACITY`]
    /// events ago) to `events` records past it, running on (the learner's pending
    /// actions applied at their times) on a copy; the flag is true when the run ended
    /// (no event left, or an invariant stopped it) before that.
    pub fn lookahead(&self, from: u64, events: usize) -> (Vec<Record<EventOf<RaftNode>>>, bool) {
        let mut copy = self.copy(false);
        let target = from.saturating_add(u64::try_from(events).unwrap_or(u64::MAX));
        let recorded = usize::try_from(copy.world.trace().len().saturating_sub(from));
        // Room for every record from `from` on, and a step's worth more.
        copy.world
            .set_trace_capacity(recorded.unwrap_or(0).saturating_add(events) + 64);
        let mut ended = false;
        while copy.world.trace().len() < target && !ended {
            ended = !copy.step() || copy.world.violation().is_some();
        }
        let records = copy.world.trace().recent().filter(|r| r.index >= from);
        (records.cloned().collect(), ended)
    }

    /// The newest moment this run has reached, µs (ahead of now after a rewind; an
    /// action at a past moment brings it back to that moment).
    pub fn horizon(&self) -> u64 {
        self.horizon_us
    }

    /// True when a rewind left actions of the learner ahead of the moment shown.
    pub fn has_future(&self) -> bool {
        self.pending().is_some()
    }

    /// Sends the next client command (1, 2, 3, …) to server `node`.
    pub fn client_request(&mut self, node: usize) {
        let before = self.fork_off();
        let request = self.next_command;
        self.next_command += 1;
        self.apply(Action::Client { node, request }, before);
    }

    /// The command the next client request will carry.
    pub fn next_command(&self) -> u64 {
        self.next_command
    }

    /// Processes one kernel event (or the pending action due first); false if there
    /// was none (or the run stopped).
    pub fn step(&mut self) -> bool {
        let next_event = self.world.next_event_time().map(SimTime::as_micros);
        let moved = match self.pending().cloned() {
            Some(due) if next_event.is_none_or(|t| due.at_us <= t) => {
                self.run_slice(due.at_us);
                true
            }
            _ => self.world.step(),
        };
        self.collect();
        self.keep();
        moved
    }

    /// Advances simulated time by `us`.
    pub fn advance(&mut self, us: u64) {
        if us > 0 {
            let t = self.world.now().as_micros().saturating_add(us);
            self.run_to(t, u64::MAX);
            self.collect();
        }
    }

    /// The narrated event log, oldest first.
    pub fn log(&self) -> impl DoubleEndedIterator<Item = &LogLine> + '_ {
        self.narration.lines()
    }

    /// Grows whenever a line is added or rewritten; lets views skip unchanged logs.
    pub fn log_version(&self) -> u64 {
        self.log_version
    }

    /// How many checkpoints the run keeps now (at most [`CHECKPOINTS`]).
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// Narrates the trace records not seen yet.
    fn collect(&mut self) {
        if self.narration.collect(&self.world) {
            self.log_version += 1;
        }
    }

    /// The last kernel event in words (for single stepping).
    pub fn last_event(&self) -> Option<String> {
        self.world
            .trace()
            .recent()
            .next_back()
            .map(|r| describe::event(&r.event))
    }
}

/// One more than the largest client command among `actions` (1 if none).
fn next_command<'a>(actions: impl IntoIterator<Item = &'a Timed<u64>>) -> u64 {
    actions
        .into_iter()
        .filter_map(|a| match a.action {
            Action::Client { request, .. } => Some(request),
            _ => None,
        })
        .max()
        .map_or(1, |m| m.saturating_add(1))
}

/// The scenario for a restart with changed settings: `edit` applied to `current`'s
/// base, links as they are now, no live actions, time zero. Scheduled actions are kept
/// if they still fit the new cluster (e.g. no crash of S7 in a 5-server cluster).
pub fn rebuilt(current: &RaftSession, edit: impl FnOnce(&mut Scenario)) -> Scenario {
    let mut s = Scenario {
        until_us: None,
        links: *current.world.net().default_link(),
        ..current.base.clone()
    };
    edit(&mut s);
    if s.validate().is_err() {
        s.actions.clear();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::consensus::raft::leader;

    fn session(query: &str) -> RaftSession {
        RaftSession::new(Scenario::from_query(query).unwrap()).0
    }

    /// A session whose checkpoints are `spacing` events apart (the default spacing
    /// leaves a few-second test run with only its first checkpoint).
    fn dense(query: &str, spacing: u64) -> RaftSession {
        let mut s = session(query);
        s.checkpoints = Checkpoints::new(CHECKPOINTS, spacing);
        s.keep();
        s
    }

    #[test]
    fn a_scenario_the_cluster_refuses_opens_the_default_run_with_a_warning() {
        let mut bad = Scenario::default();
        bad.raft.nodes = 64;
        let (s, warning) = RaftSession::new(bad);
        assert_eq!(s.world().nodes().len(), Scenario::default().raft.nodes);
        let warning = warning.expect("a warning");
        assert!(warning.contains("cluster size 64"), "{warning}");
    }

    #[test]
    fn one_step_back_goes_to_the_moment_of_the_event_before() {
        let mut s = session("seed=3");
        assert_eq!(s.previous_moment(), None, "nothing before the start");
        for _ in 0..40 {
            s.step();
        }
        let now = s.world().now().as_micros();
        let back = s.previous_moment().expect("a step back");
        assert!(back < now, "{back} < {now}");
        let between = s.world().trace().recent().filter(|r| {
            let at = r.at.as_micros();
            at > back && at < now
        });
        assert_eq!(between.count(), 0, "no event between the two moments");
        let mut replayed = s.base().clone();
        replayed.until_us = Some(back);
        let (r, _) = RaftSession::new(replayed);
        assert_eq!(r.world().now().as_micros(), back);
        assert!(r.world().events_processed() < s.world().events_processed());
    }

    #[test]
    fn the_url_scenario_replays_the_same_run() {
        let mut s = session("seed=3");
        s.advance(700_000);
        let (l, _) = leader(s.world()).expect("a leader");
        s.client_request(l);
        s.advance(100_000);
        s.act(Action::Crash(l));
        s.advance(600_000);
        s.client_request((l + 1) % 5);
        s.advance(1_234);
        let q = s.scenario().to_query();
        assert!(q.contains("act=") && q.contains("&t="), "{q}");
        let (replay, warning) = RaftSession::new(Scenario::from_query(&q).unwrap());
        assert_eq!(warning, None);
        assert_eq!(replay.world().now(), s.world().now());
        assert_eq!(replay.world().digest(), s.world().digest());
        assert_eq!(replay.next_command, 3);
    }

    #[test]
    fn narration_collects_new_lines_once() {
        let mut s = session("");
        assert_eq!(s.log().count(), 0);
        s.advance(1_000_000);
        let lines: Vec<_> = s.log().cloned().collect();
        assert!(
            lines.iter().any(|l| l.text.contains("becomes leader")),
            "{lines:?}"
        );
        let v = s.log_version();
        s.advance(0);
        assert_eq!(s.log_version(), v);
        let mut indices: Vec<u64> = lines.iter().map(|l| l.index).collect();
        indices.dedup();
        assert_eq!(indices.len(), lines.len(), "no line twice");
        assert!(s.step());
        assert!(s.last_event().is_some());
    }

    #[test]
    fn a_partition_is_summed_up_not_narrated_message_by_message() {
        // The partition lasts from 0.5 s to 1.5 s; it used to add a line per blocked
        // message, and S3's election scrolled away within a second.
        let mut s = session("scn=minority-leader");
        s.advance(1_450_000);
        let lines: Vec<&LogLine> = s.log().collect();
        let blocked = |l: &&&LogLine| l.text.starts_with("the partition blocks");
        let summaries = lines.iter().filter(blocked).count();
        let others = lines.iter().filter(|l| l.at_us >= 500_000).count() - summaries;
        assert!(
            (1..=others + 1).contains(&summaries),
            "{summaries} partition lines for {others} others: {lines:#?}"
        );
        let counted: u64 = lines
            .iter()
            .filter(blocked)
            .map(|l| {
                l.text["the partition blocks ".len()..]
                    .split(' ')
                    .next()
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
            })
            .sum();
        assert!(
            counted > 20,
            "the lines count every blocked message: {counted}"
        );
        let newest: Vec<&str> = lines
            .iter()
            .rev()
            .take(20)
            .map(|l| l.text.as_str())
            .collect();
        assert!(
            newest
                .iter()
                .any(|t| t.contains("becomes leader of term 2")),
            "the election stays in view: {newest:#?}"
        );
    }

    #[test]
    fn a_no_op_claims_earlier_entries_only_when_some_are_uncommitted() {
        // In these runs every earlier entry is committed when a new leader takes over,
        // yet the no-op used to be narrated "to commit earlier entries".
        for scn in ["three-servers", "minority-leader", "paused-leader"] {
            let mut s = session(&format!("scn={scn}"));
            s.advance(2_000_000);
            let no_ops: Vec<&str> = s
                .log()
                .map(|l| l.text.as_str())
                .filter(|t| t.contains("appends a no-op"))
                .collect();
            assert!(no_ops.len() >= 2, "{scn}: {no_ops:?}");
            for line in no_ops {
                assert!(
                    line.contains("the first entry of its term") && !line.contains("earlier"),
                    "{scn}: {line}"
                );
            }
        }
    }

    #[test]
    fn absurd_times_stop_with_a_warning() {
        let scenario = Scenario::from_query("hb=1&n=9&t=100000000000").unwrap();
        let (s, warning) = RaftSession::with_budget(scenario, 20_000);
        let warning = warning.unwrap();
        assert!(
            warning.starts_with("t = 100000000.0 ms needs more than 20000 kernel events"),
            "{warning}"
        );
        assert!(s.world().now().as_micros() < 100_000_000_000);
    }

    #[test]
    fn a_seek_far_past_the_run_is_clamped_to_what_the_budget_reaches() {
        let s = session("n=9&hb=10&t=1000000");
        let rate = s.world().events_processed();
        assert_eq!(s.seek_target(2_000_000, 10 * rate), (2_000_000, None));
        let (to, sentence) = s.seek_target(1_000_000_000_000, 10 * rate);
        assert!(
            (10_000_000..=11_000_000).contains(&to),
            "now + what 10x the rate reaches: {to}"
        );
        assert_eq!(
            s.seek_target(10, 1),
            (10, None),
            "a seek back is never clamped"
        );
        let sentence = sentence.expect("it says so");
        assert!(
            sentence.starts_with("A seek to 1000000000.0 ms"),
            "{sentence}"
        );
        assert!(!sentence.contains("link"), "{sentence}");
        let (clamped, _) = RaftSession::with_budget(
            Scenario::from_query(&format!("n=9&hb=10&t={to}")).unwrap(),
            20 * rate,
        );
        assert_eq!(
            clamped.world().now().as_micros(),
            to,
            "reached within the budget"
        );
        let fresh = session("");
        assert_eq!(fresh.seek_target(5, 1), (5, None), "no rate at time zero");
    }

    /// What two runs must agree on: time, events and the digest of every event.
    fn fingerprint(s: &RaftSession) -> (u64, u64, u64) {
        let w = s.world();
        (w.now().as_micros(), w.events_processed(), w.digest())
    }

    /// A run with learner actions (crash, restart, client requests, a message dropped,
    /// duplicated or held) at `times`.
    fn played(seed: u64, times: &[u64], end_us: u64) -> RaftSession {
        let mut s = dense(&format!("seed={seed}"), 40);
        for (i, &t) in times.iter().enumerate() {
            s.seek(t, u64::MAX);
            let msg = s.world().in_flight().last().map_or(0, |m| m.id);
            match i % 6 {
                0 => s.client_request(i % 5),
                1 => s.act(Action::Crash(i % 5)),
                2 => s.act(Action::Restart((i + 2) % 5)),
                3 => s.act(Action::DropMessage(msg)),
                4 => s.act(Action::DuplicateMessage(msg)),
                _ => s.act(Action::HoldMessage {
                    msg,
                    for_us: 200_000,
                }),
            }
        }
        s.seek(end_us, u64::MAX);
        s
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

        /// A seek (back through a checkpoint, or forward) shows the state a run from the
        /// start reaches, and playing on after a rewind reaches the same end: the
        /// learner's later actions stay pending.
        #[test]
        fn a_seek_equals_running_from_the_start(
            seed in 0u64..1_000,
            mut times in proptest::collection::vec(1u64..3_000_000, 0..8),
            targets in proptest::collection::vec(0u64..4_000_000, 1..4),
        ) {
            times.sort_unstable();
            let end = 4_000_000;
            let mut s = played(seed, &times, end);
            let whole = fingerprint(&s);
            let link = s.scenario();
            for t in targets {
                s.seek(t, u64::MAX);
                let mut fresh = link.clone();
                fresh.until_us = Some(t);
                let (fresh, _) = RaftSession::new(fresh);
                proptest::prop_assert_eq!(fingerprint(&s), fingerprint(&fresh), "seek to {}", t);
                proptest::prop_assert_eq!(s.log().last(), fresh.log().last());
            }
            s.seek(end, u64::MAX);
            proptest::prop_assert_eq!(fingerprint(&s), whole, "the future was kept");
        }
    }

    #[test]
    fn an_action_after_a_rewind_forks_and_the_link_replays_the_fork() {
        let mut s = played(7, &[400_000, 900_000, 1_500_000], 2_500_000);
        let before = s.scenario().actions.len();
        s.seek(1_000_000, u64::MAX);
        assert!(s.has_future(), "the restart at 1.5 s is pending");
        s.act(Action::Crash(4));
        assert!(!s.has_future(), "the fork discarded it");
        assert_eq!(s.scenario().actions.len(), before, "one dropped, one added");
        s.seek(2_500_000, u64::MAX);
        let (replay, _) = RaftSession::new(s.scenario());
        assert_eq!(fingerprint(&replay), fingerprint(&s));
        assert_eq!(
            s.next_command(),
            2,
            "the command of the dropped future is reused"
        );
    }

    #[test]
    fn a_fork_without_pending_actions_drops_the_old_future_checkpoints() {
        let mut s = dense("seed=11", 40);
        s.advance(3_000_000);
        assert!(
            s.checkpoints() > 5,
            "checkpoints after 1 s: {}",
            s.checkpoints()
        );
        s.seek(1_000_000, u64::MAX);
        assert_eq!(s.horizon(), 3_000_000, "a rewind keeps the horizon");
        s.act(Action::Crash(0));
        assert_eq!(s.horizon(), 1_000_000, "an action at a past moment forks");
        s.advance(2_000_000);
        s.seek(2_000_000, u64::MAX);
        let mut link = s.scenario();
        link.until_us = Some(2_000_000);
        let (fresh, _) = RaftSession::new(link);
        assert_eq!(fingerprint(&s), fingerprint(&fresh));
    }

    #[test]
    fn checkpoints_stay_bounded_on_a_long_run() {
        let mut s = session("n=9&hb=10");
        s.advance(150_000_000);
        let events = s.world().events_processed();
        assert!(events > 3 * CHECKPOINT_SPACING_EVENTS, "{events}");
        let expected = events / CHECKPOINT_SPACING_EVENTS;
        let kept = u64::try_from(s.checkpoints()).unwrap();
        assert!(
            kept >= expected.min(32),
            "{kept} checkpoints for {events} events"
        );
        assert!(s.checkpoints() <= CHECKPOINTS);
    }

    #[test]
    fn rebuilding_keeps_fitting_actions_only() {
        let s = session("act=100:c5,200:q1=9");
        let same = rebuilt(&s, |sc| sc.seed = 9);
        assert_eq!(same.actions.len(), 2);
        assert_eq!(same.seed, 9);
        let smaller = rebuilt(&s, |sc| sc.raft.nodes = 3);
        assert!(smaller.actions.is_empty());
        assert_eq!(s.next_command, 10);
    }
}
