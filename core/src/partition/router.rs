//! A routing tier on the network (DDIA ch. 6, "Request Routing", Figure 6-8): a router
//! holds a copy of the routing table it got from the coordination service (ZooKeeper-
//! like, node 0 of [`super::rebalance`]), which pushes the table to it (a watch) over
//! the same faulty network as each move completes. During a rebalance the copy can be
//! stale: a read then reaches the key's old owner, which answers "not mine" once
//! released; the router asks the
//! coordinator for the current table and retries. Unanswered reads are resent every
//! [`RETRY_US`]. A read comes from an operator's request ([`Request::Route`], answered
//! to the kernel's client) or from the client process ([`Msg::Read`], answered with a
//! [`Msg::ReadReply`]).

use super::vec_map::VecMap;
use alloc::vec::Vec;

use super::fixed::fixed_partition;
#[cfg(doc)]
use super::rebalance::Request;
use super::rebalance::{Member, Msg, Reply, Timer, RETRY_US};
use super::Key;
use crate::sim::{self, Ctx};

/// A read the router has not answered yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PendingRead {
    /// The key.
    pub key: Key,
    /// Its unit.
    pub unit: u32,
    /// "Not mine" answers it got so far (stale-table hits).
    pub stale_hits: u32,
    /// The client process and its request number, or `None` for the kernel's client.
    pub asker: Option<(sim::NodeId, u64)>,
}

/// A read the router answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Routed {
    /// The key.
    pub key: Key,
    /// The node that answered.
    pub by: sim::NodeId,
    /// "Not mine" answers before it (0: the table was current).
    pub stale_hits: u32,
    /// Whether the node had the key (false: data lost).
    pub found: bool,
}

/// The router's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Router {
    /// Its copy of the table: the owner of each partition.
    pub table: Vec<sim::NodeId>,
    /// The copy's version.
    pub version: u64,
    /// Reads under way, by request number (volatile).
    pub pending: VecMap<u64, PendingRead>,
    /// Reads answered, in order (the router's log).
    pub answered: Vec<Routed>,
    next_req: u64,
    partitions: u32,
    armed: bool,
}

impl Router {
    /// A router holding `table` (version `version`) over `partitions` fixed partitions.
    pub fn new(table: Vec<sim::NodeId>, version: u64, partitions: u32) -> Self {
        Router {
            table,
            version,
            partitions,
            ..Router::default()
        }
    }

    fn send_read(&self, req: u64, read: &PendingRead, ctx: &mut Ctx<'_, Member>) {
        let owner = self.table.get(super::to_usize(read.unit)).copied();
        let (key, unit) = (read.key, read.unit);
        ctx.send(owner.unwrap_or(0), Msg::Read { key, unit, req });
    }

    fn arm(&mut self, ctx: &mut Ctx<'_, Member>) {
        if !self.armed && !self.pending.is_empty() {
            self.armed = true;
            ctx.set_timer(RETRY_US, Timer::Retry);
        }
    }

    /// The kernel's client asks for `key` (its unit is its fixed partition).
    pub(crate) fn route(&mut self, key: Key, ctx: &mut Ctx<'_, Member>) {
        let unit = fixed_partition(key, self.partitions);
        self.start(key, unit, None, ctx);
    }

    fn start(
        &mut self,
        key: Key,
        unit: u32,
        asker: Option<(sim::NodeId, u64)>,
        ctx: &mut Ctx<'_, Member>,
    ) {
        let req = self.next_req;
        self.next_req += 1;
        let read = PendingRead {
            key,
            unit,
            stale_hits: 0,
            asker,
        };
        self.send_read(req, &read, ctx);
        self.pending.insert(req, read);
        self.arm(ctx);
    }

    pub(crate) fn on_message(&mut self, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Member>) {
        match msg {
            // A resent read the router already has under way is not started twice.
            Msg::Read { key, unit, req } => {
                let asker = Some((from, req));
                if !self.pending.values().any(|r| r.asker == asker) {
                    self.start(key, unit, asker, ctx);
                }
            }
            Msg::ReadReply { req, reply } => self.on_reply(from, req, &reply, ctx),
            Msg::Table { owners, version } if version > self.version => {
                self.table = owners;
                self.version = version;
                self.resend(ctx);
            }
            _ => {}
        }
    }

    fn on_reply(&mut self, from: sim::NodeId, req: u64, reply: &Reply, ctx: &mut Ctx<'_, Member>) {
        let Some(read) = self.pending.get_mut(&req) else {
            return;
        };
        let found = match reply {
            Reply::Value(_) => true,
            Reply::Missing(_) => false,
            _ => {
                read.stale_hits += 1;
                ctx.send(0, Msg::TableQuery);
                return;
            }
        };
        let done = Routed {
            key: read.key,
            by: from,
            stale_hits: read.stale_hits,
            found,
        };
        let asker = read.asker;
        self.pending.remove(&req);
        self.answered.push(done);
        match asker {
            Some((client, req)) => ctx.send(
                client,
                Msg::ReadReply {
                    req,
                    reply: Reply::Routed(done),
                },
            ),
            None => ctx.reply(Reply::Routed(done)),
        }
    }

    fn resend(&self, ctx: &mut Ctx<'_, Member>) {
        for (&req, read) in self.pending.iter() {
            self.send_read(req, read, ctx);
        }
    }

    pub(crate) fn on_timer(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.armed = false;
        self.resend(ctx);
        self.arm(ctx);
    }

    /// After a crash: the table copy and the log survive; reads under way are lost.
    pub(crate) fn restarted(&self) -> Self {
        Router {
            pending: VecMap::new(),
            armed: false,
            ..self.clone()
        }
    }
}
