//! Rebalancing over the network (DDIA ch. 6, "Rebalancing Partitions", "Operations:
//! Automatic or Manual Rebalancing", and "Request Routing" with ZooKeeper): fixed
//! partitions move between storage-node processes on the simulated network
//! ([`crate::sim`]), so a move takes time and its messages can be lost, duplicated or
//! delayed, and nodes can crash in the middle.
//!
//! Node 0 is the coordination service (ZooKeeper-like): it holds the routing table
//! (partition -> owner) with a version, and drives each move. Nodes `1..` are storage
//! nodes; the first `initial` are members at the start, the others join on request.
//! One move of partition `p` from `o` to `n`:
//!
//! 1. coordinator -> `o`: `Handoff` (resent until `o` reports `Done`);
//! 2. `o` -> `n`: `Transfer` with the partition's keys (resent until `Copied`); `o`
//!    keeps serving `p` meanwhile;
//! 3. `n` stores the keys (idempotently) and answers `Copied`;
//! 4. `o` stops serving `p`, deletes it and tells the coordinator `Done`;
//! 5. the coordinator flips the table (version + 1) and sends `n` `Activate` (resent
//!    until `Active`); `n` serves `p` from then on.
//!
//! Durable state (survives a crash): the coordinator's table, version and pending
//! moves; each node's stored partitions, the partitions it serves, and the moves it has
//! seen. Volatile: the transfers in progress and the retry timers. With `manual`
//! rebalancing a planned change waits for an operator's `Approve`.
//!
//! [`rebalance_world`] runs fixed partitions with `Join`/`Leave` requests planned by the
//! coordinator; [`handoff_world`] carries out a plan computed by any strategy
//! ([`plan_of`] a [`Movement`]): each group of keys moving together is one unit.
//!
//! Invariants, checked after every event by [`RebalanceChecker`]: at most one node
//! serves a partition, and no key is lost (some node stores each partition whole).

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;
use core::fmt;

use super::fixed::fixed_partition;
use super::owners::{join, leave, round_robin};
use super::router::{Routed, Router};
use super::{Key, KeySet, Movement, NodeId};
use crate::sim::{
    self, Checker, Ctx, Labelled, LinkFaults, Node, Process, SimTime, Violation, World,
};

/// How long a sender waits before resending an unanswered message, microseconds.
pub const RETRY_US: u64 = 200_000;

/// A move's id: increasing over the coordinator's life.
pub type MoveId = u64;

/// Messages between the coordinator and storage nodes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// Coordinator -> old owner: hand partition `p` to `to`.
    Handoff {
        /// The partition.
        p: u32,
        /// The node it goes to.
        to: sim::NodeId,
        /// The move.
        id: MoveId,
    },
    /// Old owner -> new owner: the partition's keys.
    Transfer {
        /// The partition.
        p: u32,
        /// The move.
        id: MoveId,
        /// The partition's keys.
        keys: Vec<Key>,
    },
    /// New owner -> old owner: stored.
    Copied {
        /// The partition.
        p: u32,
        /// The move.
        id: MoveId,
    },
    /// Old owner -> coordinator: handed off and deleted.
    Done {
        /// The partition.
        p: u32,
        /// The move.
        id: MoveId,
    },
    /// Coordinator -> new owner: serve `p` (table version `version`).
    Activate {
        /// The partition.
        p: u32,
        /// The move.
        id: MoveId,
        /// The routing table's version.
        version: u64,
    },
    /// New owner -> coordinator: serving.
    Active {
        /// The partition.
        p: u32,
        /// The move.
        id: MoveId,
    },
    /// Router -> storage node: read a key.
    Read {
        /// The key.
        key: Key,
        /// The router's request number.
        req: u64,
    },
    /// Storage node -> router: [`Reply::Value`], [`Reply::Missing`] or [`Reply::NotMine`].
    ReadReply {
        /// The router's request number.
        req: u64,
        /// The answer.
        reply: Reply,
    },
    /// Router -> coordinator: send me the current table.
    TableQuery,
    /// Coordinator -> router: the table (asked for, or pushed on every change: a watch).
    Table {
        /// The owner of each partition.
        owners: Vec<sim::NodeId>,
        /// Its version.
        version: u64,
    },
}

impl Labelled for Msg {
    fn label(&self) -> &'static str {
        match self {
            Msg::Handoff { .. } => "Handoff",
            Msg::Transfer { .. } => "Transfer",
            Msg::Copied { .. } => "Copied",
            Msg::Done { .. } => "Done",
            Msg::Activate { .. } => "Activate",
            Msg::Active { .. } => "Active",
            Msg::Read { .. } => "Read",
            Msg::ReadReply { .. } => "ReadReply",
            Msg::TableQuery => "TableQuery",
            Msg::Table { .. } => "Table",
        }
    }
}

/// Client and operator requests.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Request {
    /// To the coordinator: storage node `n` joins.
    Join(sim::NodeId),
    /// To the coordinator: storage node `n` leaves.
    Leave(sim::NodeId),
    /// To the coordinator: the operator approves the planned moves.
    Approve,
    /// To a storage node: read `key`.
    Get(Key),
    /// To a router: read `key` wherever the router's table says it is.
    Route(Key),
}

/// Answers to requests.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Reply {
    /// The planned moves, `(partition, from, to)`; they start at once unless manual.
    Planned(Vec<(u32, sim::NodeId, sim::NodeId)>),
    /// Refused: a rebalance is still running, or the change is impossible.
    Refused,
    /// The key was read (this node serves its partition and stores it).
    Value(Key),
    /// This node does not serve the key's partition (now).
    NotMine(Key),
    /// This node serves the partition but lacks the key: data lost.
    Missing(Key),
    /// A router's answer, with the node that answered and the stale-table hits.
    Routed(Routed),
}

/// Timers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Timer {
    /// Resend what is unanswered.
    Retry,
}

/// Narrated changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Note {
    /// The coordinator flipped `p` to `to`: table version `version`.
    Flipped {
        /// The partition.
        p: u32,
        /// Its new owner.
        to: sim::NodeId,
        /// The routing table's new version.
        version: u64,
    },
    /// A node stopped serving `p` and deleted it.
    HandedOff {
        /// The partition.
        p: u32,
    },
    /// A node serves `p`.
    Serving {
        /// The partition.
        p: u32,
    },
}

/// The invariants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Invariant {
    /// At most one node serves a partition.
    OneServer,
    /// Some node stores each partition whole.
    NoKeyLost,
}

impl fmt::Display for Invariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Invariant::OneServer => "one server per partition",
            Invariant::NoKeyLost => "no key lost",
        })
    }
}

/// A pending move at the coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Move {
    /// The move's id.
    pub id: MoveId,
    /// Old owner.
    pub from: sim::NodeId,
    /// New owner.
    pub to: sim::NodeId,
    /// Whether the old owner reported `Done` (the table is flipped; activating).
    pub flipped: bool,
}

/// The coordination service's state (all durable).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Coordinator {
    /// The routing table's version.
    pub version: u64,
    /// Owner of each partition.
    pub owners: Vec<sim::NodeId>,
    /// Member storage nodes, sorted.
    pub members: Vec<sim::NodeId>,
    /// Moves under way, by partition.
    pub moves: BTreeMap<u32, Move>,
    /// Moves waiting for the operator (manual mode).
    pub planned: Vec<(u32, sim::NodeId, sim::NodeId)>,
    /// Routers watching the table (each new version is pushed to them).
    pub routers: Vec<sim::NodeId>,
    manual: bool,
    next_move: MoveId,
}

/// A storage node's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Storage {
    /// Keys stored, by partition (durable).
    pub store: BTreeMap<u32, BTreeSet<Key>>,
    /// Partitions this node serves (durable).
    pub serving: BTreeSet<u32>,
    /// The highest move id seen per partition (durable): older transfers are stale.
    seen: BTreeMap<u32, MoveId>,
    /// Moves this node completed as the old owner (durable), to answer a resent
    /// `Handoff`.
    handed: BTreeSet<MoveId>,
    /// Transfers in progress as the old owner: partition -> (to, id) (volatile).
    pub copying: BTreeMap<u32, (sim::NodeId, MoveId)>,
    /// Fixed partitions (keys map to units by partition), or `None` for a plan's
    /// transfer units.
    partitions: Option<u32>,
    /// Whether a retry timer is armed (volatile).
    armed: bool,
}

/// One process of the rebalancing world.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Member {
    /// Node 0.
    Coordinator(Coordinator),
    /// Nodes 1..=storage nodes.
    Storage(Storage),
    /// The nodes after them.
    Router(Router),
}

/// The shape of a rebalancing world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RebalanceParams {
    /// Storage nodes in all (members or not), at least 1.
    pub nodes: usize,
    /// Members at the start, at least 1.
    pub initial: usize,
    /// Fixed partitions, at least 1.
    pub partitions: u32,
    /// Whether moves wait for the operator's approval.
    pub manual: bool,
    /// Routers (a routing tier), numbered after the storage nodes.
    pub routers: usize,
}

fn pid(n: sim::NodeId) -> NodeId {
    NodeId(u32::try_from(n).unwrap_or(u32::MAX))
}

fn sid(n: NodeId) -> sim::NodeId {
    usize::try_from(n.0).unwrap_or(usize::MAX)
}

/// The world: the coordinator and `params.nodes` storage nodes, `keys` stored by
/// partition on their round-robin owners, checked by [`RebalanceChecker`].
pub fn rebalance_world(
    params: RebalanceParams,
    keys: &KeySet,
    seed: u64,
    links: LinkFaults,
) -> World<Member> {
    let parts = params.partitions.max(1);
    let nodes = params.nodes.max(1);
    let members: Vec<NodeId> = (1..=params.initial.clamp(1, nodes)).map(pid).collect();
    let owners: Vec<sim::NodeId> = round_robin(super::to_usize(parts), &members)
        .into_iter()
        .map(sid)
        .collect();
    let mut units: Vec<BTreeSet<Key>> = (0..parts).map(|_| BTreeSet::new()).collect();
    for r in keys.records() {
        units[super::to_usize(fixed_partition(r.key, parts))].insert(r.key);
    }
    let coordinator = Coordinator {
        version: 1,
        owners,
        members: members.iter().map(|&n| sid(n)).collect(),
        manual: params.manual,
        next_move: 1,
        ..Coordinator::default()
    };
    world_of(
        coordinator,
        units,
        (nodes, params.routers),
        Some(parts),
        seed,
        links,
    )
}

/// One group of keys a rebalance moves together: from one node to another (the keys
/// of one new partition that one old owner held).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PlannedTransfer {
    /// Old owner.
    pub from: NodeId,
    /// New owner.
    pub to: NodeId,
    /// The keys, in key order.
    pub keys: Vec<Key>,
}

/// The transfers of `m`: its moved keys grouped by (new partition, old owner, new
/// owner), in key order of each group's first key.
pub fn plan_of(m: &Movement) -> Vec<PlannedTransfer> {
    let mut groups: BTreeMap<(u32, NodeId, NodeId), Vec<Key>> = BTreeMap::new();
    for mv in &m.moves {
        groups
            .entry((mv.partition.0, mv.from, mv.to))
            .or_default()
            .push(mv.key);
    }
    let mut plan: Vec<PlannedTransfer> = groups
        .into_iter()
        .map(|((_, from, to), keys)| PlannedTransfer { from, to, keys })
        .collect();
    plan.sort_by_key(|t| t.keys.first().copied());
    plan
}

/// A world that carries out `plan` over the network: transfer `i` is unit `i`, stored
/// and served by its old owner at the start (node ids are the lab's: `N3` is sim node
/// 3; node 0 is the coordinator). The moves start at once, or on `Approve` when
/// `manual`. Only the moving keys are modelled. Checked by [`RebalanceChecker`].
pub fn handoff_world(
    plan: &[PlannedTransfer],
    seed: u64,
    links: LinkFaults,
    manual: bool,
) -> World<Member> {
    let nodes = plan
        .iter()
        .flat_map(|t| [t.from.0, t.to.0])
        .max()
        .map_or(1, |n| sid(NodeId(n)));
    let units: Vec<BTreeSet<Key>> = plan
        .iter()
        .map(|t| t.keys.iter().copied().collect())
        .collect();
    let mut coordinator = Coordinator {
        version: 1,
        owners: plan.iter().map(|t| sid(t.from)).collect(),
        planned: (0..)
            .zip(plan)
            .map(|(u, t)| (u, sid(t.from), sid(t.to)))
            .collect(),
        manual,
        next_move: 1,
        ..Coordinator::default()
    };
    if !manual {
        coordinator.schedule_planned();
    }
    world_of(coordinator, units, (nodes, 0), None, seed, links)
}

/// The coordinator, `nodes` storage nodes and `routers` routers, unit `u`'s keys stored
/// and served by `coordinator.owners[u]`; `partitions`: keys map to units by fixed
/// partition (routers need it).
fn world_of(
    mut coordinator: Coordinator,
    units: Vec<BTreeSet<Key>>,
    (nodes, routers): (usize, usize),
    partitions: Option<u32>,
    seed: u64,
    links: LinkFaults,
) -> World<Member> {
    let model = units.iter().map(BTreeSet::len).collect();
    let mut stores: Vec<Storage> = (0..nodes)
        .map(|_| Storage {
            partitions,
            ..Storage::default()
        })
        .collect();
    for ((u, keys), &owner) in (0..).zip(units).zip(&coordinator.owners) {
        if let Some(s) = owner.checked_sub(1).and_then(|i| stores.get_mut(i)) {
            s.serving.insert(u);
            s.store.insert(u, keys);
        }
    }
    coordinator.routers = (nodes + 1..=nodes + routers).collect();
    let router = Router::new(
        coordinator.owners.clone(),
        coordinator.version,
        partitions.unwrap_or(1),
    );
    let procs = core::iter::once(Member::Coordinator(coordinator))
        .chain(stores.into_iter().map(Member::Storage))
        .chain((0..routers).map(|_| Member::Router(router.clone())))
        .collect();
    let mut world = World::new(seed, procs, links, 0);
    world.set_checker(Box::new(RebalanceChecker { model }));
    world
}

impl Coordinator {
    fn change(&mut self, req: &Request) -> Reply {
        if !self.moves.is_empty() || !self.planned.is_empty() {
            return Reply::Refused;
        }
        let mut members: Vec<NodeId> = self.members.iter().map(|&n| pid(n)).collect();
        let mut owners: Vec<NodeId> = self.owners.iter().map(|&n| pid(n)).collect();
        let changed = match *req {
            Request::Join(n) if n > 0 && members.len() < owners.len() => {
                join(&mut members, &mut owners, pid(n))
            }
            Request::Leave(n) => leave(&mut members, &mut owners, pid(n)),
            _ => return Reply::Refused,
        };
        if changed.is_err() {
            return Reply::Refused;
        }
        self.members = members.into_iter().map(sid).collect();
        self.planned = (0..)
            .zip(self.owners.iter().zip(&owners))
            .filter(|(_, (a, b))| sid(**b) != **a)
            .map(|(p, (&a, &b))| (p, a, sid(b)))
            .collect();
        Reply::Planned(self.planned.clone())
    }

    /// Turns the planned moves into moves under way (sent by the next resend).
    fn schedule_planned(&mut self) {
        for (p, from, to) in core::mem::take(&mut self.planned) {
            let id = self.next_move;
            self.next_move += 1;
            self.moves.insert(
                p,
                Move {
                    id,
                    from,
                    to,
                    flipped: false,
                },
            );
        }
    }

    fn start(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.schedule_planned();
        self.resend(ctx);
    }

    fn resend(&self, ctx: &mut Ctx<'_, Member>) {
        for (&p, m) in &self.moves {
            if m.flipped {
                ctx.send(
                    m.to,
                    Msg::Activate {
                        p,
                        id: m.id,
                        version: self.version,
                    },
                );
            } else {
                ctx.send(
                    m.from,
                    Msg::Handoff {
                        p,
                        to: m.to,
                        id: m.id,
                    },
                );
            }
        }
        if !self.moves.is_empty() {
            ctx.set_timer(RETRY_US, Timer::Retry);
        }
    }

    fn table(&self) -> Msg {
        Msg::Table {
            owners: self.owners.clone(),
            version: self.version,
        }
    }

    fn on_message(&mut self, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Member>) {
        match msg {
            Msg::Done { p, id } => {
                let Some(m) = self.moves.get_mut(&p).filter(|m| m.id == id && !m.flipped) else {
                    return;
                };
                m.flipped = true;
                let (to, version) = (m.to, self.version + 1);
                self.version = version;
                if let Some(o) = self.owners.get_mut(super::to_usize(p)) {
                    *o = to;
                }
                ctx.note(Note::Flipped { p, to, version });
                ctx.send(to, Msg::Activate { p, id, version });
                for &r in &self.routers {
                    ctx.send(r, self.table());
                }
            }
            Msg::TableQuery => ctx.send(from, self.table()),
            Msg::Active { p, id }
                if self.moves.get(&p).is_some_and(|m| m.id == id && m.flipped) =>
            {
                self.moves.remove(&p);
            }
            _ => {}
        }
    }
}

impl Storage {
    fn on_message(&mut self, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Member>) {
        match msg {
            Msg::Handoff { p, to, id } => {
                if self.handed.contains(&id) {
                    ctx.send(0, Msg::Done { p, id });
                } else if self.serving.contains(&p) && !self.copying.contains_key(&p) {
                    self.seen.insert(p, id);
                    self.copying.insert(p, (to, id));
                    self.send_transfer(p, ctx);
                    self.arm(ctx);
                }
            }
            Msg::Transfer { p, id, keys } => {
                if self.seen.get(&p).is_some_and(|&s| s > id) {
                    return;
                }
                self.seen.insert(p, id);
                self.store.entry(p).or_default().extend(keys);
                ctx.send(from, Msg::Copied { p, id });
            }
            Msg::Copied { p, id } if self.copying.get(&p).is_some_and(|&(_, i)| i == id) => {
                self.copying.remove(&p);
                self.serving.remove(&p);
                self.store.remove(&p);
                self.handed.insert(id);
                ctx.note(Note::HandedOff { p });
                ctx.send(0, Msg::Done { p, id });
            }
            Msg::Read { key, req } => ctx.send(
                from,
                Msg::ReadReply {
                    req,
                    reply: self.get(key),
                },
            ),
            Msg::Activate { p, id, .. } => {
                if self.seen.get(&p).is_some_and(|&s| s == id) && self.serving.insert(p) {
                    ctx.note(Note::Serving { p });
                }
                ctx.send(0, Msg::Active { p, id });
            }
            _ => {}
        }
    }

    fn arm(&mut self, ctx: &mut Ctx<'_, Member>) {
        if !self.armed && !self.copying.is_empty() {
            self.armed = true;
            ctx.set_timer(RETRY_US, Timer::Retry);
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.armed = false;
        let parts: Vec<u32> = self.copying.keys().copied().collect();
        for p in parts {
            self.send_transfer(p, ctx);
        }
        self.arm(ctx);
    }

    fn send_transfer(&self, p: u32, ctx: &mut Ctx<'_, Member>) {
        if let Some(&(to, id)) = self.copying.get(&p) {
            let keys = self
                .store
                .get(&p)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            ctx.send(to, Msg::Transfer { p, id, keys });
        }
    }

    /// What a read of `key` at this node answers. With fixed partitions the key's
    /// partition is computed (so a served partition lacking the key is `Missing`);
    /// otherwise the node looks the key up among the units it serves.
    pub fn get(&self, key: Key) -> Reply {
        let holds = |u: &u32| self.store.get(u).is_some_and(|s| s.contains(&key));
        match self.partitions {
            Some(parts) => {
                let p = fixed_partition(key, parts);
                if !self.serving.contains(&p) {
                    Reply::NotMine(key)
                } else if holds(&p) {
                    Reply::Value(key)
                } else {
                    Reply::Missing(key)
                }
            }
            None if self.serving.iter().any(holds) => Reply::Value(key),
            None => Reply::NotMine(key),
        }
    }
}

impl Process for Member {
    type Msg = Msg;
    type Timer = Timer;
    type Request = Request;
    type Reply = Reply;
    type Note = Note;
    type Invariant = Invariant;

    fn on_start(&mut self, ctx: &mut Ctx<'_, Self>) {
        if let Member::Coordinator(c) = self {
            c.resend(ctx);
        }
    }

    fn on_message(&mut self, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Self>) {
        match self {
            Member::Coordinator(c) => c.on_message(from, msg, ctx),
            Member::Storage(s) => s.on_message(from, msg, ctx),
            Member::Router(r) => r.on_message(from, msg, ctx),
        }
    }

    fn on_timer(&mut self, _: Timer, ctx: &mut Ctx<'_, Self>) {
        match self {
            Member::Coordinator(c) => c.resend(ctx),
            Member::Storage(s) => s.on_timer(ctx),
            Member::Router(r) => r.on_timer(ctx),
        }
    }

    fn on_client(&mut self, request: Request, ctx: &mut Ctx<'_, Self>) {
        match (self, &request) {
            (Member::Storage(s), Request::Get(k)) => ctx.reply(s.get(*k)),
            (Member::Router(r), Request::Route(k)) => r.route(*k, ctx),
            (Member::Coordinator(c), Request::Approve) => {
                let planned = c.planned.clone();
                c.start(ctx);
                ctx.reply(Reply::Planned(planned));
            }
            (Member::Coordinator(c), Request::Join(_) | Request::Leave(_)) => {
                let reply = c.change(&request);
                if !c.manual {
                    c.start(ctx);
                }
                ctx.reply(reply);
            }
            _ => ctx.reply(Reply::Refused),
        }
    }

    /// A restart keeps the durable state: the coordinator's table and moves, a
    /// storage node's data, served partitions and seen moves; transfers in progress
    /// are forgotten (the coordinator's resent `Handoff` restarts them).
    fn restarted(&self) -> Self {
        match self {
            Member::Coordinator(c) => Member::Coordinator(c.clone()),
            Member::Router(r) => Member::Router(r.restarted()),
            Member::Storage(s) => Member::Storage(Storage {
                copying: BTreeMap::new(),
                armed: false,
                ..s.clone()
            }),
        }
    }
}

/// Checks [`Invariant::OneServer`] and [`Invariant::NoKeyLost`] against the model of
/// the key set (keys per partition).
#[derive(Clone, Debug)]
pub struct RebalanceChecker {
    model: Vec<usize>,
}

impl Checker<Member> for RebalanceChecker {
    fn check(&mut self, _: SimTime, nodes: &[Node<Member>]) -> Result<(), Violation<Invariant>> {
        let stores: Vec<&Storage> = nodes
            .iter()
            .filter_map(|n| match &n.process {
                Member::Storage(s) => Some(s),
                Member::Coordinator(_) | Member::Router(_) => None,
            })
            .collect();
        for (p, &want) in (0..).zip(&self.model) {
            let servers = stores.iter().filter(|s| s.serving.contains(&p)).count();
            if servers > 1 {
                return Err(Violation {
                    invariant: Invariant::OneServer,
                    detail: format!("{servers} nodes serve partition {p}"),
                });
            }
            let whole = stores
                .iter()
                .any(|s| s.store.get(&p).map_or(0, BTreeSet::len) == want);
            if !whole && want > 0 {
                return Err(Violation {
                    invariant: Invariant::NoKeyLost,
                    detail: format!("no node stores all {want} keys of partition {p}"),
                });
            }
        }
        Ok(())
    }
}

/// The coordinator's state in `world`.
pub fn coordinator(world: &World<Member>) -> Option<&Coordinator> {
    match &world.nodes().first()?.process {
        Member::Coordinator(c) => Some(c),
        Member::Storage(_) | Member::Router(_) => None,
    }
}
