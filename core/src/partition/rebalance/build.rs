//! Building a rebalancing world: fixed partitions with `Join`/`Leave` planned by the
//! coordinator ([`rebalance_world`]), or a plan computed by any strategy
//! ([`handoff_world`], [`plan_of`]); and reading its coordinator.

use alloc::vec::Vec;

use super::super::fixed::fixed_partition;
use super::super::owners::round_robin;
use super::super::router::Router;
use super::super::vec_map::{VecMap, VecSet};
use super::super::{Key, KeySet, Movement, NodeId};
use super::checker::RebalanceChecker;
use super::client::Client;
use super::coordinator::Coordinator;
use super::storage::Storage;
use super::Member;
use super::RebalanceWorld;
use crate::sim::{self, LinkFaults, World};

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

pub(super) fn pid(n: sim::NodeId) -> NodeId {
    NodeId(u32::try_from(n).unwrap_or(u32::MAX))
}

pub(super) fn sid(n: NodeId) -> sim::NodeId {
    usize::try_from(n.0).unwrap_or(usize::MAX)
}

/// The world: the coordinator and `params.nodes` storage nodes, `keys` stored by
/// partition on their round-robin owners, checked by [`RebalanceChecker`].
pub fn rebalance_world(
    params: RebalanceParams,
    keys: &KeySet,
    seed: u64,
    links: LinkFaults,
) -> RebalanceWorld {
    let parts = params.partitions.max(1);
    let nodes = params.nodes.max(1);
    let members: Vec<NodeId> = (1..=params.initial.clamp(1, nodes)).map(pid).collect();
    let owners: Vec<sim::NodeId> = round_robin(super::super::to_usize(parts), &members)
        .into_iter()
        .map(sid)
        .collect();
    let mut units: Vec<VecSet<Key>> = (0..parts).map(|_| VecSet::default()).collect();
    for r in keys.records() {
        units[super::super::to_usize(fixed_partition(r.key, parts))].insert(r.key);
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
        (nodes, params.routers, false),
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
    let mut groups: VecMap<(u32, NodeId, NodeId), Vec<Key>> = VecMap::new();
    for mv in &m.moves {
        groups
            .entry_or_default((mv.partition.0, mv.from, mv.to))
            .push(mv.key);
    }
    let plan: Vec<PlannedTransfer> = groups
        .into_iter()
        .map(|((_, from, to), keys)| PlannedTransfer { from, to, keys })
        .collect();
    // A group always has a key (it was created by one).
    super::super::order::sorted_by(plan, |t| t.keys.first().map_or(0, |k| k.0))
}

/// A world that carries out `plan` over the network: transfer `i` is unit `i`, stored
/// and served by its old owner at the start (node ids are the lab's: `N3` is sim node
/// 3; node 0 is the coordinator). The moves start at once, or on `Approve` when
/// `manual`. Only the moving keys are modelled. With `reads`, a router and a client
/// ([`Client`], the last node) join, and the storage nodes watch the table: send the
/// client [`super::Request::Read`] of a key of unit `u` to read it during the handoff
/// (the lab sends it as the old owner releases `u`).
/// Checked by [`RebalanceChecker`].
pub fn handoff_world(
    plan: &[PlannedTransfer],
    seed: u64,
    links: LinkFaults,
    (manual, reads): (bool, bool),
) -> RebalanceWorld {
    let nodes = plan
        .iter()
        .flat_map(|t| [t.from.0, t.to.0])
        .max()
        .map_or(1, |n| sid(NodeId(n)));
    let units: Vec<VecSet<Key>> = plan
        .iter()
        .map(|t| {
            let mut unit = VecSet::default();
            unit.extend(t.keys.iter().copied());
            unit
        })
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
    world_of(
        coordinator,
        units,
        (nodes, usize::from(reads), reads),
        None,
        seed,
        links,
    )
}

/// The coordinator, `nodes` storage nodes, `routers` routers and, with `client`, the
/// client (whose reads the storage nodes may forward, so they watch the table too),
/// unit `u`'s keys stored and served by `coordinator.owners[u]`; `partitions`: keys map
/// to units by fixed partition (routers need it).
fn world_of(
    mut coordinator: Coordinator,
    units: Vec<VecSet<Key>>,
    (nodes, routers, client): (usize, usize, bool),
    partitions: Option<u32>,
    seed: u64,
    links: LinkFaults,
) -> RebalanceWorld {
    let model = units.iter().map(VecSet::len).collect();
    let table = (coordinator.owners.clone(), coordinator.version);
    let mut stores: Vec<Storage> = (0..nodes)
        .map(|_| Storage {
            partitions,
            table: table.clone(),
            ..Storage::default()
        })
        .collect();
    for ((u, keys), &owner) in (0..).zip(units).zip(&coordinator.owners) {
        if let Some(s) = owner.checked_sub(1).and_then(|i| stores.get_mut(i)) {
            s.serving.insert(u);
            s.store.insert(u, keys);
        }
    }
    let watched_from = if client { 1 } else { nodes + 1 };
    coordinator.watchers = (watched_from..=nodes + routers).collect();
    let router = Router::new(table.0.clone(), table.1, partitions.unwrap_or(1));
    let client = client.then(|| Client::new(table, (1..=nodes).collect(), nodes + 1));
    let procs = core::iter::once(Member::Coordinator(coordinator))
        .chain(stores.into_iter().map(Member::Storage))
        .chain((0..routers).map(|_| Member::Router(router.clone())))
        .chain(client.map(Member::Client))
        .collect();
    World::with_checker(seed, procs, links, 0, RebalanceChecker { model })
}

/// The coordinator's state in `world`.
pub fn coordinator(world: &RebalanceWorld) -> Option<&Coordinator> {
    match &world.nodes().first()?.process {
        Member::Coordinator(c) => Some(c),
        Member::Storage(_) | Member::Router(_) | Member::Client(_) => None,
    }
}

/// The client's state in `world` (the last node of a world with reads).
pub fn client(world: &RebalanceWorld) -> Option<&Client> {
    match &world.nodes().last()?.process {
        Member::Client(c) => Some(c),
        _ => None,
    }
}
