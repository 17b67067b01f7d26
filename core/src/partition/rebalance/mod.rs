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
//! 4. `o` tells the coordinator `Done` (resent `Handoff`s get `Done` again) and still
//!    serves `p`;
//! 5. the coordinator sends `n` `Activate` (resent until `Active`); `n` serves `p`
//!    from then on;
//! 6. the coordinator sends `o` `Release` (resent until `Released`): only now does `o`
//!    stop serving `p`, delete it and forward its reads to `n`;
//! 7. on `Released` the move is over: the coordinator flips the table (version + 1)
//!    and pushes it to its watchers.
//!
//! So some node serves every partition at every moment (DDIA ch. 6, "Rebalancing
//! Partitions": the database keeps accepting reads and writes while it rebalances);
//! from the activation to the release both owners serve it, each holding it whole.
//! A read reaches the old owner after its release only through a table without the
//! flip (stale until the push lands), and gets "not mine".
//!
//! Durable state (survives a crash): the coordinator's table, version and pending
//! moves; each node's stored partitions, the partitions it serves, and the moves it has
//! seen. Volatile: the transfers in progress and the retry timers. With `manual`
//! rebalancing a planned change waits for an operator's `Approve`.
//!
//! [`rebalance_world`] runs fixed partitions with `Join`/`Leave` requests planned by the
//! coordinator; [`handoff_world`] carries out a plan computed by any strategy
//! ([`plan_of`] a [`super::Movement`]): each group of keys moving together is one unit.
//!
//! Reads during the handoff ([`client`]): with `reads` on, a router and a client
//! process join the world, and the client reads keys routed three ways (any node
//! forwards, a routing tier, a partition-aware client) while partitions move; each
//! storage node then keeps its own copy of the table, pushed by the coordinator (7.).
//!
//! Invariants, checked after every event by [`RebalanceChecker`]: at most one node
//! serves a partition (two during its cut-over), some node serves each partition, and
//! no key is lost (some node stores each partition whole).

mod build;
mod checker;
pub mod client;
mod coordinator;
mod msg;
mod storage;
mod transit;

pub use build::{
    client, coordinator, handoff_world, plan_of, rebalance_world, PlannedTransfer, RebalanceParams,
};
pub use checker::RebalanceChecker;
pub use client::{Client, ClientRead, ReadDone, ReadEnd};
pub use coordinator::{Coordinator, Move};
pub use msg::{Invariant, MoveId, Msg, Note, Reply, Request, Timer, MAX_HOPS, RETRY_US};
pub use storage::Storage;
pub use transit::{transits, Transit};

use super::vec_map::VecMap;

use super::router::Router;
use crate::sim::{self, Ctx, Process, World};

/// The rebalancing world: its processes, checked after every event by
/// [`RebalanceChecker`].
pub type RebalanceWorld = World<Member, RebalanceChecker>;

/// One process of the rebalancing world.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Member {
    /// Node 0.
    Coordinator(Coordinator),
    /// Nodes 1..=storage nodes.
    Storage(Storage),
    /// The nodes after them.
    Router(Router),
    /// The application's client, last (in a world with reads).
    Client(Client),
}

impl Process for Member {
    type Msg = Msg;
    type Timer = Timer;
    type Request = Request;
    type Reply = Reply;
    type Note = Note;
    type Invariant = Invariant;

    fn on_start(&mut self, ctx: &mut Ctx<'_, Self>) {
        match self {
            Member::Coordinator(c) => c.resend(ctx),
            Member::Client(c) => c.arm(ctx),
            Member::Storage(_) | Member::Router(_) => {}
        }
    }

    fn on_message(&mut self, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Self>) {
        match self {
            Member::Coordinator(c) => c.on_message(from, msg, ctx),
            Member::Storage(s) => s.on_message(from, msg, ctx),
            Member::Router(r) => r.on_message(from, msg, ctx),
            Member::Client(c) => c.on_message(from, msg, ctx),
        }
    }

    fn on_timer(&mut self, _: Timer, ctx: &mut Ctx<'_, Self>) {
        match self {
            Member::Coordinator(c) => c.resend(ctx),
            Member::Storage(s) => s.on_timer(ctx),
            Member::Router(r) => r.on_timer(ctx),
            Member::Client(c) => c.on_timer(ctx),
        }
    }

    fn on_client(&mut self, request: Request, ctx: &mut Ctx<'_, Self>) {
        match (self, &request) {
            (Member::Storage(s), Request::Get(k)) => ctx.reply(s.get(*k)),
            (Member::Router(r), Request::Route(k)) => r.route(*k, ctx),
            (Member::Client(c), &Request::Read { key, unit, mode }) => c.read(key, unit, mode, ctx),
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
    /// storage node's data, served partitions, seen moves and table copy; transfers in
    /// progress are forgotten (the coordinator's resent `Handoff` restarts them). The
    /// client keeps its reads (the application asks again).
    fn restarted(&self) -> Self {
        match self {
            Member::Coordinator(c) => Member::Coordinator(c.clone()),
            Member::Router(r) => Member::Router(r.restarted()),
            Member::Client(c) => Member::Client(c.restarted()),
            Member::Storage(s) => Member::Storage(Storage {
                copying: VecMap::new(),
                armed: false,
                ..s.clone()
            }),
        }
    }
}
