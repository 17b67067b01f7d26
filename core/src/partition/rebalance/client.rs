//! The application's client on the rebalancing network (DDIA ch. 6, "Request
//! Routing", Figure 6-7): it reads keys while a rebalance is under way, routed three
//! ways, and keeps what happened to each read.
//!
//! - [`RoutingMode::AnyNode`]: it asks storage nodes in turn; a node that does not serve
//!   the key's partition passes the read on ([`super::Msg::Ask`]). The lab chooses
//!   Cassandra's and Riak's answer to a stale copy: each node's copy of the table
//!   follows the coordinator by a push (standing in for gossip), and a node that
//!   handed a partition off forwards to where it went (Riak's handoff forwarding); a
//!   read that finds no server after [`super::MAX_HOPS`] forwards gets "not mine", and
//!   the client retries it later.
//! - [`RoutingMode::Tier`]: it asks the router ([`crate::partition::router`]), which
//!   refreshes its stale table and retries on "not mine".
//! - [`RoutingMode::Client`]: it is partition-aware: it asks the owner its own copy of
//!   the table names; "not mine" ends the read with an error to the application, and
//!   the client fetches the current table from the coordinator for the next read.
//!
//! Unanswered reads (lost messages, a crashed node) are resent every [`RETRY_US`].
//! Reads of one mode run one after another, as one application thread would issue
//! them: the next starts when the last ended (after an error, once the client has
//! its fresh table).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::routing::RoutingMode;
use super::super::vec_map::VecMap;
use super::super::Key;
use super::msg::{Msg, Reply, Timer, RETRY_US};
use super::Member;
use crate::sim::{self, Ctx, SimTime};

/// A read under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientRead {
    /// The key.
    pub key: Key,
    /// Its unit (partition or transfer group).
    pub unit: u32,
    /// Who routes it.
    pub mode: RoutingMode,
    /// The first node (or the router) asked.
    pub asked: sim::NodeId,
    /// When it was asked, simulated µs.
    pub at: SimTime,
    /// "Not mine" answers so far (any node forwards; the router counts its own).
    pub not_mine: u32,
    /// Times it was sent again.
    pub resent: u32,
}

/// How a read ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReadEnd {
    /// `by` answered with the value after `forwards` forwards between nodes and
    /// `not_mine` stale-table hits (each one retried).
    Answered {
        /// The node that answered (it served the key's partition then).
        by: sim::NodeId,
        /// Forwards between nodes before the answer (any node forwards).
        forwards: u32,
        /// The node that passed the read on to `by` after answering "not mine" to
        /// itself (the last forward; the client when `forwards` is 0).
        via: sim::NodeId,
        /// "Not mine" answers before it.
        not_mine: u32,
        /// Whether it had the key (false: data lost).
        found: bool,
    },
    /// The partition-aware client's table was stale: `by` answered "not mine" and the
    /// read failed with an error to the application.
    Error {
        /// The node that answered "not mine".
        by: sim::NodeId,
    },
}

/// A read that ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReadDone {
    /// The read.
    pub read: ClientRead,
    /// How it ended.
    pub end: ReadEnd,
    /// When the answer arrived, simulated µs.
    pub at: SimTime,
}

impl ReadDone {
    /// The read in words for the event log, `node` naming sim nodes, e.g. `over the
    /// network, read k42 (routing tier) sent to router at 30.0 ms: a stale table got 1
    /// "not mine" and was retried, N5 answered at 61.2 ms`.
    pub fn describe(&self, node: impl Fn(sim::NodeId) -> String) -> String {
        let r = &self.read;
        let mut s = format!(
            "over the network, read {} ({}) sent to {} at {}",
            r.key,
            r.mode.name(),
            node(r.asked),
            ms(r.at)
        );
        if r.resent > 0 {
            s += &format!(", resent {}×", r.resent);
        }
        let (by, found) = match self.end {
            ReadEnd::Error { by } => {
                return s + &format!(": the client's table was stale: {} answered \"not mine\", an error to the application; the client fetches the current table", node(by));
            }
            ReadEnd::Answered {
                by,
                forwards,
                via,
                not_mine,
                found,
            } => {
                s += ": ";
                if forwards > 1 {
                    s += &format!("forwarded {forwards}× between nodes, last ");
                }
                if forwards > 0 {
                    // The last forward, named by the answer's message (hp11 H7).
                    s += &format!("{}: not mine, forwards to {}; ", node(via), node(by));
                }
                if not_mine > 0 {
                    s += &format!("a stale table got {not_mine} \"not mine\" and was retried, ");
                }
                if forwards + not_mine == 0 {
                    s += "straight to the node its table names, ";
                }
                (by, found)
            }
        };
        let what = if found {
            "answered"
        } else {
            "had lost the key"
        };
        s + &format!("{} {what} at {}", node(by), ms(self.at))
    }
}

/// Microseconds as milliseconds with one decimal, `30.0 ms`.
fn ms(t: SimTime) -> String {
    let us = t.as_micros();
    format!("{}.{} ms", us / 1000, us % 1000 / 100)
}

/// The client's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Client {
    /// Its own copy of the table (partition-aware mode) and the copy's version.
    pub table: (Vec<sim::NodeId>, u64),
    /// Reads under way, by request number.
    pub pending: VecMap<u64, ClientRead>,
    /// Reads that ended, in order.
    pub done: Vec<ReadDone>,
    /// The storage nodes it contacts in turn (any node forwards).
    pub(super) contacts: Vec<sim::NodeId>,
    /// The router (routing tier).
    pub(super) router: sim::NodeId,
    /// Reads waiting for the last read of their mode to end.
    queued: Vec<(Key, u32, RoutingMode)>,
    /// Whether it is fetching the table after an error.
    refreshing: bool,
    next_req: u64,
    next_contact: usize,
    armed: bool,
}

impl Client {
    /// A client holding `table` (version `version`) that contacts `contacts` in turn
    /// and reaches the routing tier at `router`.
    pub fn new(
        table: (Vec<sim::NodeId>, u64),
        contacts: Vec<sim::NodeId>,
        router: sim::NodeId,
    ) -> Self {
        Client {
            table,
            contacts,
            router,
            ..Client::default()
        }
    }

    /// The application reads `key` (of `unit`) routed by `mode`, once the last read
    /// of that mode has ended.
    pub(crate) fn read(
        &mut self,
        key: Key,
        unit: u32,
        mode: RoutingMode,
        ctx: &mut Ctx<'_, Member>,
    ) {
        self.queued.push((key, unit, mode));
        self.start_queued(ctx);
    }

    /// Whether a read of `mode` must wait: one is under way, or (partition-aware) the
    /// client is fetching the table.
    fn busy(&self, mode: RoutingMode) -> bool {
        self.pending.values().any(|r| r.mode == mode)
            || (mode == RoutingMode::Client && self.refreshing)
    }

    fn start_queued(&mut self, ctx: &mut Ctx<'_, Member>) {
        let mut i = 0;
        while let Some(&(key, unit, mode)) = self.queued.get(i) {
            if self.busy(mode) {
                i += 1;
            } else {
                self.queued.remove(i);
                self.start(key, unit, mode, ctx);
            }
        }
    }

    fn start(&mut self, key: Key, unit: u32, mode: RoutingMode, ctx: &mut Ctx<'_, Member>) {
        let req = self.next_req;
        self.next_req += 1;
        let mut read = ClientRead {
            key,
            unit,
            mode,
            asked: 0,
            at: ctx.now(),
            not_mine: 0,
            resent: 0,
        };
        read.asked = self.send(req, &read, ctx);
        self.pending.insert(req, read);
        self.arm(ctx);
    }

    /// Sends read `req` the way its mode routes it; the node (or router) asked.
    fn send(&mut self, req: u64, r: &ClientRead, ctx: &mut Ctx<'_, Member>) -> sim::NodeId {
        let (key, unit) = (r.key, r.unit);
        let (to, msg) = match r.mode {
            RoutingMode::AnyNode => {
                let to = self
                    .contacts
                    .get(self.next_contact % self.contacts.len().max(1))
                    .copied()
                    .unwrap_or(0);
                self.next_contact += 1;
                let client = ctx.id();
                (
                    to,
                    Msg::Ask {
                        key,
                        unit,
                        req,
                        client,
                        hops: 0,
                    },
                )
            }
            RoutingMode::Tier => (self.router, Msg::Read { key, unit, req }),
            RoutingMode::Client => {
                let to = self.table.0.get(super::super::to_usize(unit)).copied();
                (to.unwrap_or(0), Msg::Read { key, unit, req })
            }
        };
        ctx.send(to, msg);
        to
    }

    /// Whether every read it was asked for has ended.
    pub fn idle(&self) -> bool {
        self.pending.is_empty() && self.queued.is_empty()
    }

    /// After a crash: the reads (the application's) survive, the retry timer not.
    pub(super) fn restarted(&self) -> Self {
        Client {
            armed: false,
            ..self.clone()
        }
    }

    pub(super) fn arm(&mut self, ctx: &mut Ctx<'_, Member>) {
        if !self.armed && (!self.pending.is_empty() || self.refreshing) {
            self.armed = true;
            ctx.set_timer(RETRY_US, Timer::Retry);
        }
    }

    pub(crate) fn on_message(&mut self, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Member>) {
        match msg {
            Msg::ReadReply { req, reply } => self.on_reply(from, req, &reply, (0, from), ctx),
            Msg::Answer {
                req,
                reply,
                hops,
                via,
            } => self.on_reply(from, req, &reply, (hops, via), ctx),
            Msg::Table { owners, version } => {
                if version > self.table.1 {
                    self.table = (owners, version);
                }
                self.refreshing = false;
                self.start_queued(ctx);
            }
            _ => {}
        }
    }

    fn on_reply(
        &mut self,
        from: sim::NodeId,
        req: u64,
        reply: &Reply,
        (hops, via): (u32, sim::NodeId),
        ctx: &mut Ctx<'_, Member>,
    ) {
        let Some(read) = self.pending.get_mut(&req) else {
            return;
        };
        let end = match *reply {
            Reply::Routed(r) => ReadEnd::Answered {
                by: r.by,
                forwards: 0,
                via: from,
                not_mine: r.stale_hits,
                found: r.found,
            },
            Reply::Value(_) | Reply::Missing(_) => ReadEnd::Answered {
                by: from,
                forwards: hops,
                via,
                not_mine: read.not_mine,
                found: matches!(reply, Reply::Value(_)),
            },
            _ if read.mode == RoutingMode::Client => {
                self.refreshing = true;
                ctx.send(0, Msg::TableQuery);
                ReadEnd::Error { by: from }
            }
            // Any node forwards: no node served it this time; the timer retries.
            _ => {
                read.not_mine += 1;
                return;
            }
        };
        let done = ReadDone {
            read: *read,
            end,
            at: ctx.now(),
        };
        self.pending.remove(&req);
        self.done.push(done);
        self.start_queued(ctx);
        self.arm(ctx);
    }

    pub(crate) fn on_timer(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.armed = false;
        if self.refreshing {
            ctx.send(0, Msg::TableQuery);
        }
        let reqs: Vec<u64> = self.pending.keys().copied().collect();
        for req in reqs {
            if let Some(mut r) = self.pending.get(&req).copied() {
                r.resent += 1;
                self.send(req, &r, ctx);
                self.pending.insert(req, r);
            }
        }
        self.arm(ctx);
    }
}
