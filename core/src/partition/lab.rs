//! The partitioning lab's driver (the `World` its book checks run on): the five
//! strategies of DDIA ch. 6 side by side on one key set and one request stream, one of
//! them shown; adding and removing nodes (approved by an operator in manual mode),
//! skewed requests, splitting a hot range and salting a hot key, and reads routed
//! through a possibly stale routing table ([`super::routing`]). The position is the
//! number of actions done; after each one the placement invariant
//! ([`super::invariants`]) is checked for every strategy.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::index::{run_workload, IndexKind, IndexParams, IndexReport};
use super::invariants::check_placement;
use super::rebalance::{
    client, handoff_world, plan_of, Member, PlannedTransfer, ReadDone, RebalanceWorld, Request,
};
use super::routing::{route, Outcome, Route, RoutingMode};
use super::scenario::{Dist, PartitionAction, PartitionScenario};
use super::workload::{Access, CELEBRITY};
use super::{
    hash::at_degrees, ring::Ring, AnyPlacement, Key, KeySet, Movement, NodeId, PartitionSession,
    Placement, PlacementError, Span, SplitError, StrategyKind, Workload,
};
use crate::sim::digest::digest_of;
use crate::sim::rng::SimRng;
use crate::sim::{Action, LinkFaults, Timed};

/// With `hcrash`, the first transfer's old owner crashes this long into the handoff,
/// simulated µs (a 5-15 ms link has its `Transfer` on the wire by then)...
pub const CRASH_AT_US: u64 = 10_000;
/// ...and restarts this long after, µs.
pub const RESTART_AFTER_US: u64 = 50_000;
/// A handoff over the network has settled by this simulated time, µs (10 s: hundreds
/// of retries on a lossy link).
pub const NET_SETTLE_US: u64 = 10_000_000;

/// What a handoff run is made from ([`PartitionLab::handoff_key`]): its transfers,
/// its reads `(key, unit, mode)`, and `(seed, loss %, latency ms, crash)`.
pub type HandoffKey = (
    Vec<PlannedTransfer>,
    Vec<(Key, u32, RoutingMode)>,
    (u64, u32, u32, bool),
);

/// When the old owner of each of `units` releases it in a dry run of `w` (so has
/// stopped serving it and forwards its reads), simulated µs; the run's end for a unit
/// not released by [`NET_SETTLE_US`].
fn released_at(mut w: RebalanceWorld, units: &[u32]) -> Vec<u64> {
    let mut at: Vec<Option<u64>> = alloc::vec![None; units.len()];
    let released = |w: &RebalanceWorld, u: u32| {
        w.nodes().iter().any(|n| match &n.process {
            Member::Storage(s) => s.gone.contains_key(&u),
            _ => false,
        })
    };
    while at.contains(&None) && w.now().as_micros() < NET_SETTLE_US && w.step() {
        for (t, &u) in at.iter_mut().zip(units) {
            if t.is_none() && released(&w, u) {
                *t = Some(w.now().as_micros());
            }
        }
    }
    let end = w.now().as_micros();
    at.into_iter().map(|t| t.unwrap_or(end)).collect()
}

/// A change of the cluster, planned (manual mode) or done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Add a node.
    Add,
    /// Add a node with one ring token at this position.
    AddAt(u64),
    /// Remove a node.
    Remove(NodeId),
}

impl Change {
    /// The change in words: `add a node`, `add a node at 60°`, `remove N3`.
    pub fn describe(self) -> String {
        match self {
            Change::Add => "add a node".into(),
            Change::AddAt(pos) => format!("add a node at {}°", super::hash::whole_degrees(pos)),
            Change::Remove(n) => format!("remove {n}"),
        }
    }
}

/// Why the lab refuses an action ([`PartitionLab::refusal`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A rebalance already waits for the operator's approval (manual mode).
    PlanWaiting,
    /// A ring token already stands at this angle (whole degrees), the node's.
    AngleTaken(u32, NodeId),
    /// The current mode's router already holds the newest table.
    NothingStale,
    /// The ring node already has this weight.
    SameWeight(NodeId, u32),
    /// The key ranges' hot split cannot be done now (play16g U2: it was recorded).
    Split(SplitError),
    /// The hot key already has this many sub-keys (1: not salted; play16i W2).
    SameSalt(u32),
    /// Requests already pick keys this way.
    SameDist(Dist),
}

impl core::fmt::Display for Refusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Refusal::PlanWaiting => {
                f.write_str("a rebalance is already waiting for approval: approve it first")
            }
            Refusal::AngleTaken(d, n) => write!(
                f,
                "{d}° is taken by {n}: each token is a different angle, nothing added"
            ),
            Refusal::NothingStale => {
                f.write_str("the routers already hold the newest table: nothing to notify")
            }
            Refusal::SameWeight(n, w) => write!(f, "{n} already has weight {w}: nothing to change"),
            Refusal::Split(e) => write!(f, "key range: {e}"),
            Refusal::SameSalt(k) if *k <= 1 => {
                write!(f, "the hot key {CELEBRITY} is not salted: nothing to undo")
            }
            Refusal::SameSalt(k) => write!(
                f,
                "the hot key {CELEBRITY} is already salted with {k} sub-keys: nothing to change"
            ),
            Refusal::SameDist(d) => write!(
                f,
                "requests already pick keys: {}; nothing to change",
                d.name()
            ),
        }
    }
}

/// What the last `w` action's requests did on the shown strategy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Batch {
    /// Client requests.
    pub requests: u64,
    /// Keys touched (a salted read of the hot key touches every sub-key).
    pub touches: u64,
    /// Reads of the hot key, each fanning out to `fanout` sub-keys.
    pub hot_reads: u64,
    /// Sub-keys a read of the hot key reads (1: not salted).
    pub fanout: u32,
    /// Touches per node, in node order.
    pub per_node: Vec<(NodeId, u64)>,
    /// Touches of the most-touched partition (numbered as at the batch's start).
    pub busiest_partition: u64,
    /// That partition's keys as at the batch's start (a key range may split when the
    /// batch's writes make it grow: this is the range that took them) and the number
    /// of partitions then.
    pub busiest_span: Option<(Span, u32)>,
    /// The celebrity key as one read of it touches it (k0, or its sub-keys once
    /// salted), when requests pick the celebrity key; empty otherwise.
    pub hot_keys: Vec<Key>,
}

/// How much a line of narration matters to the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// Routine traffic: a batch of requests, a read, an index run.
    Routine,
    /// A turn of the story: a node added, removed or re-weighted, a rebalance approved,
    /// a range split, a key salted, the routers notified.
    Milestone,
}

impl LineKind {
    /// The kind of the lines `action` says.
    pub fn of(action: &PartitionAction) -> Self {
        match action {
            PartitionAction::Requests(_) | PartitionAction::Read(_) | PartitionAction::Index(_) => {
                LineKind::Routine
            }
            _ => LineKind::Milestone,
        }
    }
}

/// One line of narration.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LogLine {
    /// The action it follows (1-based).
    pub at: u64,
    /// What happened.
    pub text: String,
    /// How much it matters.
    pub kind: LineKind,
}

/// The lab's state.
#[derive(Clone, Debug)]
pub struct PartitionLab {
    scenario: PartitionScenario,
    sessions: Vec<PartitionSession>,
    active: usize,
    workload: Workload,
    dist: Dist,
    routing: RoutingMode,
    manual: bool,
    salt: u32,
    done: usize,
    plan: Option<Change>,
    version: u64,
    /// The routing tier's and the partition-aware client's copies of the table, with
    /// their versions (any node forwards: the nodes learn the table at once).
    held: [(AnyPlacement, u64); 2],
    contact: usize,
    routes: Vec<Route>,
    /// The reads done, with the table version they were done at (those at the last
    /// version run again during the last rebalance's handoff over the network).
    reads: Vec<(Key, RoutingMode, u64)>,
    batches: Vec<Batch>,
    indexes: Option<(IndexReport, IndexReport)>,
    log: Vec<LogLine>,
    /// Index in `log` of the line the status shows: the newest, except after an add or
    /// remove, when it is the shown strategy's line of the five.
    status: usize,
    violation: Option<String>,
}

/// `part / whole` as a percentage with one decimal, e.g. `9.1%`.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    format!("{}%", one_decimal(part * 100, whole))
}

/// `num / den` rounded to one decimal, e.g. `2.5` (`den` 0 counts as 1).
pub fn one_decimal(num: u64, den: u64) -> String {
    let den = den.max(1);
    let tenths = (num * 10 + den / 2) / den;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn session_of(s: &PartitionScenario, kind: StrategyKind) -> PartitionSession {
    let keys = KeySet::sequential(s.keys, s.value_bytes);
    if kind == StrategyKind::Ring && !s.tokens.is_empty() {
        let tokens: Vec<(NodeId, u64)> = (1..)
            .map(NodeId)
            .zip(s.tokens.iter().map(|&d| at_degrees(d)))
            .collect();
        let ring = Ring::with_tokens(&tokens, s.vnodes);
        return PartitionSession::from_placement(s.config(kind), AnyPlacement::Ring(ring), keys);
    }
    PartitionSession::new(s.config(kind), s.initial_nodes(), keys)
}

impl PartitionLab {
    /// The lab for `s`, run to its position (all of its actions if none is set).
    pub fn new(s: &PartitionScenario) -> Self {
        let sessions: Vec<PartitionSession> = StrategyKind::ALL
            .iter()
            .map(|&k| session_of(s, k))
            .collect();
        let active = StrategyKind::ALL
            .iter()
            .position(|&k| k == s.strategy)
            .unwrap_or(0);
        let held = (sessions[active].placement().clone(), 1);
        let mut lab = PartitionLab {
            workload: Workload::new(s.skew(), s.keys, s.writes_pct, SimRng::new(s.seed).child(1)),
            dist: s.dist,
            routing: s.routing,
            manual: s.manual,
            salt: s.salt,
            scenario: s.clone(),
            sessions,
            active,
            done: 0,
            plan: None,
            version: 1,
            held: [held.clone(), held],
            contact: 0,
            routes: Vec::new(),
            reads: Vec::new(),
            batches: Vec::new(),
            indexes: None,
            log: Vec::new(),
            status: 0,
            violation: None,
        };
        lab.check();
        let until = s
            .position
            .map_or(usize::MAX, |p| usize::try_from(p).unwrap_or(usize::MAX));
        while lab.done < until && lab.step() {}
        lab
    }

    /// Runs the next recorded action; false when there is none left.
    pub fn step(&mut self) -> bool {
        let Some(&a) = self.scenario.actions.get(self.done) else {
            return false;
        };
        self.done += 1;
        self.run(a);
        if changes_placement(a) {
            self.check();
        }
        true
    }

    /// Runs every remaining action.
    pub fn finish(&mut self) {
        while self.step() {}
    }

    /// Records `a` after the actions done (dropping any not done yet) and runs it: a
    /// live action from the page.
    /// A refused action ([`Self::refusal`]) is neither recorded nor run.
    pub fn apply(&mut self, a: PartitionAction) {
        if self.refusal(a).is_some() {
            return;
        }
        self.scenario.actions.truncate(self.done);
        self.scenario.actions.push(a);
        self.scenario.position = None;
        self.step();
    }

    /// Why the lab refuses `a` now, if it does: a node change while another waits for
    /// the operator's approval (manual mode plans one rebalance at a time; hq10 U5), a
    /// node added at a ring angle a token already stands at (play16f B1: two tokens at
    /// one angle leave one an empty arc), or a notification when the current mode's
    /// router already holds the newest table (nothing to do, so nothing recorded; a link
    /// may still carry one: hp11 H5), or a hot split that cannot be done (nothing hot,
    /// one hot key, no node with room).
    pub fn refusal(&self, a: PartitionAction) -> Option<Refusal> {
        match a {
            PartitionAction::AddNode
            | PartitionAction::AddNodeAt(_)
            | PartitionAction::RemoveNode(_)
                if self.manual && self.plan.is_some() =>
            {
                Some(Refusal::PlanWaiting)
            }
            PartitionAction::AddNodeAt(d) => {
                let AnyPlacement::Ring(r) = self.session_of(StrategyKind::Ring).placement() else {
                    return None;
                };
                let at = at_degrees(d);
                let owner = r.tokens().iter().find(|t| t.0 == at)?.1;
                Some(Refusal::AngleTaken(d, owner))
            }
            PartitionAction::Notify => {
                let (at, held) = self.table_versions();
                (held == at).then_some(Refusal::NothingStale)
            }
            PartitionAction::Weight { node, weight } => {
                let AnyPlacement::Ring(r) = self.session_of(StrategyKind::Ring).placement() else {
                    return None;
                };
                let node = NodeId(node);
                (r.weight(node)? == weight).then_some(Refusal::SameWeight(node, weight))
            }
            PartitionAction::SplitHot => self
                .session_of(StrategyKind::KeyRange)
                .plan_split()
                .err()
                .map(Refusal::Split),
            PartitionAction::Salt(k) => {
                (k.max(1) == self.salt.max(1)).then_some(Refusal::SameSalt(self.salt.max(1)))
            }
            PartitionAction::Dist(d) => (d == self.dist).then_some(Refusal::SameDist(d)),
            _ => None,
        }
    }

    /// The scenario, with every action recorded so far.
    pub fn scenario(&self) -> &PartitionScenario {
        &self.scenario
    }

    /// The scenario as a link writes it, opening at this moment: `position` (`t`) is the
    /// actions done, left out only for a free run at its end (a free run without `t`
    /// opens with every action done; a book scenario without `t` opens at its start).
    pub fn link_scenario(&self) -> PartitionScenario {
        let mut s = self.scenario.clone();
        let at_end = self.done() >= self.total();
        s.position = (!at_end || s.name.is_some()).then_some(self.done());
        s
    }

    /// Actions done.
    pub fn done(&self) -> u64 {
        self.done as u64
    }

    /// Actions recorded.
    pub fn total(&self) -> u64 {
        self.scenario.actions.len() as u64
    }

    /// The shown strategy's session.
    pub fn session(&self) -> &PartitionSession {
        &self.sessions[self.active]
    }

    /// Every strategy's session, in [`StrategyKind::ALL`] order (for the side-by-side
    /// view: the same keys, requests and node changes).
    pub fn sessions(&self) -> &[PartitionSession] {
        &self.sessions
    }

    /// The session of `kind`.
    pub fn session_of(&self, kind: StrategyKind) -> &PartitionSession {
        let i = StrategyKind::ALL
            .iter()
            .position(|&k| k == kind)
            .unwrap_or(0);
        &self.sessions[i]
    }

    /// The change waiting for the operator's approval (manual mode).
    pub fn plan(&self) -> Option<Change> {
        self.plan
    }

    /// What the planned change would move under each strategy (`Err`: a strategy
    /// refuses it), in [`StrategyKind::ALL`] order.
    pub fn preview(&self) -> Vec<(StrategyKind, Result<Movement, PlacementError>)> {
        let Some(change) = self.plan else {
            return Vec::new();
        };
        self.sessions
            .iter()
            .map(|s| {
                let mut s = s.clone();
                let kind = s.placement().kind();
                (
                    kind,
                    apply_change(&mut s, change)
                        .map(|_| s.last_move().cloned().unwrap_or_default()),
                )
            })
            .collect()
    }

    /// The routing table's version at the coordination service, and the version the
    /// current mode's router (tier or client) holds (any node forwards: the current).
    pub fn table_versions(&self) -> (u64, u64) {
        let held = held_slot(self.routing).map_or(self.version, |i| self.held[i].1);
        (self.version, held)
    }

    /// How requests pick keys now (the start's `dist`, then the last `dist:` action).
    pub fn dist(&self) -> Dist {
        self.dist
    }

    /// Who routes reads now (the start's `route`, then the last `route:` action).
    pub fn routing(&self) -> RoutingMode {
        self.routing
    }

    /// Whether an operator approves each rebalance now (the start's `rebal`, then the
    /// last `rebal:` action).
    pub fn manual(&self) -> bool {
        self.manual
    }

    /// Sub-keys of the hot key now.
    pub fn salt(&self) -> u32 {
        self.salt
    }

    /// The paths of the `q` reads so far, in order (the last is the one to draw).
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// What each `w` action did, in order.
    pub fn batches(&self) -> &[Batch] {
        &self.batches
    }

    /// What the last `i` action measured: (local index, global index).
    pub fn index_reports(&self) -> Option<&(IndexReport, IndexReport)> {
        self.indexes.as_ref()
    }

    /// The narration.
    pub fn log(&self) -> &[LogLine] {
        &self.log
    }

    /// The line for the status: the newest of the narration, except that after an add
    /// or remove (narrated once per strategy) it is the shown strategy's line, so it
    /// agrees with the shown picture and counter; `None` before anything happened.
    pub fn status_line(&self) -> Option<&LogLine> {
        self.log.get(self.status)
    }

    /// The last rebalance of the shown strategy carried out over the simulated network
    /// ([`super::rebalance::handoff_world`]): one transfer per group of moved keys, on
    /// links with the scenario's loss and delay (`hloss`, `hlat`), seeded from its
    /// seed; with `hcrash` the first transfer's old owner crashes [`CRASH_AT_US`] in and
    /// restarts [`RESTART_AFTER_US`] later. The reads recorded after the rebalance are
    /// each sent as the old owner of its key releases it (found by a dry run), while
    /// the tables the reads are routed by still lack the move. `None` before any
    /// rebalance moved a key. The page runs it with its frame loop to animate the
    /// transfers (`Transfer` messages carry the keys).
    pub fn handoff_world(&self) -> Option<RebalanceWorld> {
        let plan = self.handoff_plan();
        let reads = self.net_reads(&plan);
        let units: Vec<u32> = reads.iter().map(|r| r.1).collect();
        // The dry run: the same world, without the reads.
        let at = released_at(self.faulty_handoff(&plan, !reads.is_empty())?, &units);
        let mut world = self.faulty_handoff(&plan, !reads.is_empty())?;
        let client = world.nodes().len().saturating_sub(1);
        for ((key, unit, mode), at_us) in reads.into_iter().zip(at) {
            world.schedule(Timed {
                at_us,
                action: Action::Client {
                    node: client,
                    request: Request::Read { key, unit, mode },
                },
            });
        }
        Some(world)
    }

    /// The world carrying out `plan` with the scenario's link faults and crash, with a
    /// client when `reads`, before any read is sent.
    fn faulty_handoff(&self, plan: &[PlannedTransfer], reads: bool) -> Option<RebalanceWorld> {
        let first = plan.first()?.from;
        let s = &self.scenario;
        let links = LinkFaults {
            latency_max_us: u64::from(s.net_latency_ms) * 1_000,
            loss_ppm: s.net_loss_pct.min(50) * 10_000,
            ..LinkFaults::default()
        };
        let seed = SimRng::new(s.seed).child(2).next_u64();
        let mut world = handoff_world(plan, seed, links, (false, reads));
        if s.net_crash {
            let node = super::to_usize(first.0);
            world.schedule(Timed {
                at_us: CRASH_AT_US,
                action: Action::Crash(node),
            });
            world.schedule(Timed {
                at_us: CRASH_AT_US + RESTART_AFTER_US,
                action: Action::Restart(node),
            });
        }
        Some(world)
    }

    /// How the reads of [`Self::handoff_world`] ended, once it has settled (its client
    /// is its last node); empty without reads.
    pub fn network_reads(&self) -> Vec<ReadDone> {
        let Some(mut w) = self.handoff_world() else {
            return Vec::new();
        };
        w.run_until(crate::sim::SimTime::from_micros(NET_SETTLE_US));
        client(&w).map(|c| c.done.clone()).unwrap_or_default()
    }

    /// What [`Self::handoff_world`] is made from: the plan, the reads, and the seed and
    /// network knobs (`hloss`, `hlat`, `hcrash`). Equal keys make the same run, so a page
    /// can keep a run (and what it said) across changes that leave it alone.
    pub fn handoff_key(&self) -> HandoffKey {
        let plan = self.handoff_plan();
        let reads = self.net_reads(&plan);
        let s = &self.scenario;
        (
            plan,
            reads,
            (s.seed, s.net_loss_pct, s.net_latency_ms, s.net_crash),
        )
    }

    /// The reads done since the last rebalance of the shown strategy whose keys it
    /// moved, as `(key, unit of plan, mode)`: they run again during its handoff, as
    /// each key's old owner releases it.
    fn net_reads(&self, plan: &[PlannedTransfer]) -> Vec<(Key, u32, RoutingMode)> {
        self.reads
            .iter()
            .filter(|r| r.2 == self.version)
            .filter_map(|&(key, mode, _)| {
                let unit = plan
                    .iter()
                    .position(|t| t.keys.binary_search(&key).is_ok())?;
                Some((key, super::to_u32(unit), mode))
            })
            .collect()
    }

    /// The keys read since the last rebalance of the shown strategy that it did not
    /// move, in the order read (each once): their reads are not replayed over the
    /// network (only the moving keys are modelled there).
    pub fn unreplayed_reads(&self) -> Vec<Key> {
        let plan = self.handoff_plan();
        let mut keys: Vec<Key> = Vec::new();
        for &(key, _, version) in &self.reads {
            let moved = plan.iter().any(|t| t.keys.binary_search(&key).is_ok());
            if version == self.version && !moved && !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }

    /// The transfers of the shown strategy's last rebalance ([`plan_of`] its
    /// movement): unit `i` of [`Self::handoff_world`] is `plan[i]`. Empty before any
    /// rebalance moved a key.
    pub fn handoff_plan(&self) -> Vec<PlannedTransfer> {
        self.session().last_move().map(plan_of).unwrap_or_default()
    }

    /// A stable 64-bit digest of everything the lab shows: every strategy's
    /// partitions, owners, loads and last movement, the routes, batches, table versions
    /// and narration (the golden tests compare it natively and on wasm32).
    pub fn digest(&self) -> u64 {
        let sessions: Vec<_> = self
            .sessions
            .iter()
            .map(|s| (s.placement().partitions(), s.node_loads(), s.last_move()))
            .collect();
        digest_of(&(
            sessions,
            &self.routes,
            &self.batches,
            &self.indexes,
            &self.log,
            self.version,
            self.held[0].1,
            self.held[1].1,
            &self.violation,
        ))
    }

    /// The last request batch, while it or a hot-range split judged on it is the last
    /// action done (the picture marks the range that took its writes, as it was then,
    /// and the celebrity key's keys; after a split the mark stays, play16h U5).
    pub fn fresh_batch(&self) -> Option<&Batch> {
        matches!(
            self.last_action(),
            Some(PartitionAction::Requests(_) | PartitionAction::SplitHot)
        )
        .then(|| self.batches.last())
        .flatten()
    }

    /// The last action done, if any.
    pub fn last_action(&self) -> Option<&PartitionAction> {
        self.done
            .checked_sub(1)
            .and_then(|i| self.scenario.actions.get(i))
    }

    /// The first broken invariant, if any.
    pub fn violation(&self) -> Option<&str> {
        self.violation.as_deref()
    }

    /// Narrates `text`, as the current action's kind of line.
    fn say(&mut self, text: String) {
        let kind = self.last_action().map_or(LineKind::Milestone, LineKind::of);
        self.say_as(kind, text);
    }

    fn say_as(&mut self, kind: LineKind, text: String) {
        self.status = self.log.len();
        self.log.push(LogLine {
            at: self.done as u64,
            text,
            kind,
        });
    }

    fn check(&mut self) {
        if self.violation.is_some() {
            return;
        }
        for s in &self.sessions {
            if let Err(e) = check_placement(s.placement(), s.keys()) {
                self.violation = Some(format!("{}: {e}", s.placement().kind().name()));
                return;
            }
        }
    }

    fn run(&mut self, a: PartitionAction) {
        if let (PartitionAction::Salt(_) | PartitionAction::Dist(_), Some(why)) =
            (a, self.refusal(a))
        {
            // A link may still carry it: it changes nothing, and says so.
            return self.say(format!("{why}"));
        }
        match a {
            PartitionAction::AddNode => self.change(a, Change::Add),
            PartitionAction::AddNodeAt(d) => self.change(a, Change::AddAt(at_degrees(d))),
            PartitionAction::RemoveNode(n) => self.change(a, Change::Remove(NodeId(n))),
            PartitionAction::Approve => match self.plan.take() {
                Some(c) => self.commit(c),
                None => self.say("nothing to approve: no rebalance is planned".into()),
            },
            PartitionAction::Requests(n) => self.requests(n),
            PartitionAction::Read(k) => self.read(Key(k)),
            PartitionAction::SplitHot => self.split_hot(),
            PartitionAction::Index(n) => self.index(n),
            PartitionAction::Weight { node, weight } => self.weight(NodeId(node), weight),
            PartitionAction::Salt(k) => {
                self.salt = k;
                let text = if k <= 1 {
                    format!("the hot key {CELEBRITY} is no longer salted")
                } else if self.dist == Dist::Celebrity {
                    format!("the hot key {CELEBRITY} is salted with {k} sub-keys: a write goes to one at random, a read must read all {k}")
                } else {
                    format!("{CELEBRITY} (the celebrity key of '{}') is salted with {k} sub-keys; with {} requests it is not hot", Dist::Celebrity.name(), self.dist.name())
                };
                self.say(text);
            }
            PartitionAction::Dist(d) => {
                self.dist = d;
                self.workload.set_skew(self.scenario.skew_of(d));
                self.say(format!("from now on requests pick keys: {}", d.name()));
            }
            PartitionAction::Route(m) => {
                self.routing = m;
                self.say(format!("from now on reads are routed by: {}", m.name()));
            }
            PartitionAction::Manual(on) => self.set_manual(on),
            PartitionAction::Notify => self.notify(),
        }
    }

    /// The coordination service pushes the current table to the routers; when they
    /// already hold it, nothing was stale and the line says so.
    fn notify(&mut self) {
        let v = self.version;
        if self.held.iter().all(|h| h.1 == v) {
            self.say(format!(
                "the routers already hold table v{v}: nothing was stale, nothing to notify"
            ));
            return;
        }
        let now = (self.session().placement().clone(), v);
        self.held = [now.clone(), now];
        self.say(format!(
            "the coordination service notifies the routers: they now hold table v{v}"
        ));
    }

    /// Manual or automatic rebalancing from now on; a change planned while manual is
    /// carried out when rebalancing turns automatic.
    fn set_manual(&mut self, on: bool) {
        self.manual = on;
        if on {
            self.say("from now on an operator approves each rebalance".into());
            return;
        }
        self.say("from now on rebalancing is automatic".into());
        if let Some(c) = self.plan.take() {
            self.commit(c);
        }
    }

    fn change(&mut self, a: PartitionAction, c: Change) {
        if let Some(why) = self.refusal(a) {
            // A link may still carry it: the first plan stays, no second token at an angle.
            self.say(format!("{why}"));
        } else if self.manual {
            self.plan = Some(c);
            self.say(format!(
                "{}: planned, waiting for the operator's approval",
                c.describe()
            ));
        } else {
            self.commit(c);
        }
    }

    fn commit(&mut self, c: Change) {
        let mut lines = Vec::new();
        for s in &mut self.sessions {
            let kind = s.placement().kind();
            match apply_change(s, c) {
                Ok(node) => {
                    let m = s.last_move().cloned().unwrap_or_default();
                    lines.push(format!(
                        "{}: {node} {}, {} of {} keys move ({}; ideal {})",
                        kind.name(),
                        if matches!(c, Change::Remove(_)) {
                            "leaves"
                        } else {
                            "joins"
                        },
                        m.keys_moved(),
                        m.keys_total,
                        percent(m.keys_moved(), m.keys_total),
                        percent(m.ideal_keys(), m.keys_total)
                    ));
                }
                Err(e) => lines.push(format!("{}: {}", kind.name(), e)),
            }
        }
        if self
            .session()
            .last_move()
            .is_some_and(|m| m.keys_moved() > 0)
        {
            self.version += 1;
        }
        if let (Change::AddAt(_), Some(l)) = (c, lines.get_mut(self.active)) {
            *l = ring_only_note(
                self.session().placement().kind(),
                "a position on the ring",
                core::mem::take(l),
            );
        }
        let first = self.log.len();
        for l in lines {
            self.say(l);
        }
        self.status = first + self.active;
    }

    fn requests(&mut self, n: u32) {
        let mut batch = Batch {
            fanout: self.salt.max(1),
            ..Batch::default()
        };
        for s in &mut self.sessions {
            s.clear_requests();
        }
        let nodes = self.session().placement().nodes().to_vec();
        let spans: Vec<Span> = self
            .session()
            .placement()
            .partitions()
            .iter()
            .map(|p| p.span)
            .collect();
        let mut per_node = alloc::vec![0u64; nodes.len()];
        let mut per_partition = alloc::vec![0u64; spans.len()];
        let bytes = self.scenario.value_bytes;
        for _ in 0..n {
            let r = self.workload.next_request();
            let touched = self.workload.touched(r, CELEBRITY, self.salt);
            batch.requests += 1;
            batch.touches += touched.len() as u64;
            if r.key == CELEBRITY && r.access == Access::Read {
                batch.hot_reads += 1;
            }
            for &k in &touched {
                let (p, node) = self.sessions[self.active].placement().locate(k);
                if let Ok(i) = nodes.binary_search(&node) {
                    per_node[i] += 1;
                }
                if let Some(c) = per_partition.get_mut(super::to_usize(p.0)) {
                    *c += 1;
                }
            }
            for s in &mut self.sessions {
                s.record(&touched, r.access == Access::Write, bytes);
            }
        }
        batch.per_node = nodes.into_iter().zip(per_node).collect();
        let busiest =
            (0..per_partition.len()).max_by_key(|&i| (per_partition[i], core::cmp::Reverse(i)));
        batch.busiest_partition = busiest.map_or(0, |i| per_partition[i]);
        batch.busiest_span = busiest.map(|i| (spans[i], super::to_u32(spans.len())));
        if self.dist == Dist::Celebrity {
            let read = super::workload::Request {
                key: CELEBRITY,
                access: Access::Read,
            };
            batch.hot_keys = self.workload.touched(read, CELEBRITY, self.salt);
        }
        let (max, total) = (
            batch.per_node.iter().map(|p| p.1).max().unwrap_or(0),
            batch.touches,
        );
        self.say(format!(
            "{n} requests make {} key reads/writes; the busiest node takes {max} of them ({})",
            batch.touches,
            percent(max, total)
        ));
        self.batches.push(batch);
        for i in 0..self.sessions.len() {
            let changes = self.sessions[i].fit();
            if changes > 0 && i == self.active {
                self.version += 1;
                let parts = self.sessions[i].placement().partitions().len();
                // Splits are a turn of the story even when requests caused them.
                self.say_as(
                    LineKind::Milestone,
                    format!(
                        "the key ranges split or merge {} as data grows: {parts} partitions now",
                        times(changes)
                    ),
                );
            }
        }
    }

    fn read(&mut self, key: Key) {
        let table = self.sessions[self.active].placement();
        let nodes = table.nodes();
        let contact = nodes[self.contact % nodes.len()];
        self.contact += 1;
        let slot = held_slot(self.routing);
        let (held, held_version) = slot.map_or((table, self.version), |i| {
            let (p, v) = &self.held[i];
            (p, *v)
        });
        let r = route(self.routing, key, table, held, contact);
        let answer = owner_answer(self.session().keys(), key);
        let text = match r.outcome {
            Outcome::Served => format!("read {key}: {} {answer}", r.owner),
            Outcome::Forwarded => format!("read {key}: {}: not mine, forwards to {}, which {answer}", r.asked, r.owner),
            Outcome::Retried => format!(
                "read {key}: the tier's table v{} is stale and sends it to {}, which answers 'not mine'; the tier fetches v{} and retries at {}, which {answer}",
                held_version, r.asked, self.version, r.owner
            ),
            Outcome::Failed => format!(
                "read {key}: the client's table v{} is stale and sends it to {}, which answers 'not mine': the read fails with an error; the client fetches v{}",
                held_version, r.asked, self.version
            ),
        };
        if let Some(i) = slot.filter(|_| r.refreshed) {
            self.held[i] = (table.clone(), self.version);
        }
        self.say(text);
        self.routes.push(r);
        self.reads.push((key, self.routing, self.version));
    }

    /// The same seeded index workload on a local and a global index with one partition
    /// per node of the shown strategy.
    fn index(&mut self, ops: u32) {
        let params = IndexParams {
            partitions: super::to_u32(self.session().placement().nodes().len()),
            ..IndexParams::default()
        };
        let seed = SimRng::new(self.scenario.seed)
            .child(3 + self.done as u64)
            .next_u64();
        let local = run_workload(IndexKind::Local, params, ops, seed);
        let global = run_workload(IndexKind::Global, params, ops, seed);
        let per = |parts: u64, n: u32| one_decimal(parts, u64::from(n));
        self.say(format!(
            "{ops} index writes and reads on {} partitions: local index {} partitions per read, {} per write, read p95 {} ms; global index {} per read, {} per write, read p95 {} ms, {} of the {} reads right after a write missed it ({})",
            params.partitions,
            per(local.read_partitions, local.reads),
            per(local.write_partitions, local.writes),
            per(local.p50_p95_p99_us.1, 1000),
            per(global.read_partitions, global.reads),
            per(global.write_partitions, global.writes),
            per(global.p50_p95_p99_us.1, 1000),
            global.stale_reads,
            global.reads_after_write,
            percent(
                u64::from(global.stale_reads),
                u64::from(global.reads_after_write)
            )
        ));
        self.indexes = Some((local, global));
    }

    fn weight(&mut self, node: NodeId, weight: u32) {
        let i = StrategyKind::ALL
            .iter()
            .position(|&k| k == StrategyKind::Ring)
            .unwrap_or(0);
        let text = match self.sessions[i].set_weight(node, weight) {
            Ok(_) => {
                let m = self.sessions[i].last_move().cloned().unwrap_or_default();
                if i == self.active && m.keys_moved() > 0 {
                    self.version += 1;
                }
                format!(
                    "consistent hashing: {node} now has weight {weight} ({} tokens); {} of {} keys move ({})",
                    self.scenario.vnodes.saturating_mul(weight),
                    m.keys_moved(),
                    m.keys_total,
                    percent(m.keys_moved(), m.keys_total)
                )
            }
            Err(e) => format!("consistent hashing: {e}"),
        };
        self.say(ring_only_note(
            self.session().placement().kind(),
            "a weight",
            text,
        ));
    }

    fn split_hot(&mut self) {
        let i = StrategyKind::ALL
            .iter()
            .position(|&k| k == StrategyKind::KeyRange)
            .unwrap_or(0);
        let text = match self.sessions[i].split_hot() {
            Ok(h) => {
                if i == self.active {
                    self.version += 1;
                }
                let head = format!(
                    "key range: the hot partition {} splits at its request median; the upper part",
                    h.partition
                );
                if self.sessions[i].placement().nodes().len() == 1 {
                    format!("{head} stays on {}, the only node", h.to)
                } else {
                    format!(
                        "{head} goes to {}, the least busy other node for the last batch's keys on today's ranges: {} key reads/writes",
                        h.to, h.touches
                    )
                }
            }
            Err(e) => format!("key range: {e}"),
        };
        self.say(text);
    }
}

/// Which copy of the table `mode` routes by: the tier's (0), the client's (1), or
/// none (any node forwards by the current table).
fn held_slot(mode: RoutingMode) -> Option<usize> {
    match mode {
        RoutingMode::AnyNode => None,
        RoutingMode::Tier => Some(0),
        RoutingMode::Client => Some(1),
    }
}

/// Whether `a` can change a placement or the key set (the others only read, route or
/// measure, so the invariant needs no new check after them).
fn changes_placement(a: PartitionAction) -> bool {
    !matches!(
        a,
        PartitionAction::Read(_)
            | PartitionAction::Notify
            | PartitionAction::Salt(_)
            | PartitionAction::Index(_)
            | PartitionAction::Dist(_)
            | PartitionAction::Route(_)
    )
}

/// Applies `c` to one session; the node added or removed.
/// `line` as is under consistent hashing; under another shown strategy, prefixed by
/// a note that `what` (a weight, a ring position) applies to the ring only (a link can
/// ask for it where the page hides its control).
fn ring_only_note(shown: StrategyKind, what: &str, line: String) -> String {
    if shown == StrategyKind::Ring {
        line
    } else {
        format!(
            "{what} applies to consistent hashing only, not to {}: {line}",
            shown.name()
        )
    }
}

/// `once` or `N times`.
fn times(n: usize) -> String {
    if n == 1 {
        "once".into()
    } else {
        format!("{n} times")
    }
}

/// What the owner of `key` answers (DDIA ch. 6, "Request Routing"): it holds the key,
/// or it owns the key's partition but the key is not stored (a "not found" reply, the
/// network model's `Reply::Missing`).
fn owner_answer(keys: &KeySet, key: Key) -> &'static str {
    if keys
        .range(key, Some(Key(key.0.saturating_add(1))))
        .is_empty()
    {
        "owns its partition, but the key is not stored: it answers 'not found'"
    } else {
        "holds it and answers"
    }
}

fn apply_change(s: &mut PartitionSession, c: Change) -> Result<NodeId, PlacementError> {
    match c {
        Change::Add => s.add_node(),
        Change::AddAt(pos) => s.add_node_at(pos),
        Change::Remove(n) => s.remove_node(n).map(|()| n),
    }
}
