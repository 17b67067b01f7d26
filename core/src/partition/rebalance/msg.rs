//! The messages, requests, replies, timers, notes and invariants of the rebalancing
//! world.

use alloc::vec::Vec;
use core::fmt;

use super::super::router::Routed;
use super::super::routing::RoutingMode;
use super::super::Key;
use crate::sim::{self, Labelled};

/// How long a sender waits before resending an unanswered message, microseconds.
pub const RETRY_US: u64 = 200_000;

/// How many times a read may be passed on between nodes before the last node answers
/// "not mine" (a stale table can send it back and forth during a cut-over).
pub const MAX_HOPS: u32 = 3;

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
    /// Old owner -> coordinator: the new owner has a copy (the old owner still
    /// serves).
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
    /// Coordinator -> old owner, once the new owner is active: stop serving `p`,
    /// delete it, and forward its reads to `to`.
    Release {
        /// The partition.
        p: u32,
        /// The move.
        id: MoveId,
        /// The new owner, who serves `p` now.
        to: sim::NodeId,
    },
    /// Old owner -> coordinator: released (stopped serving and deleted).
    Released {
        /// The partition.
        p: u32,
        /// The move.
        id: MoveId,
    },
    /// Router or partition-aware client -> storage node: read a key of unit `unit`
    /// (the partition the key maps to: every party knows the partitioning function).
    Read {
        /// The key.
        key: Key,
        /// Its unit (partition or transfer group).
        unit: u32,
        /// The sender's request number.
        req: u64,
    },
    /// Storage node -> its asker: [`Reply::Value`], [`Reply::Missing`] or
    /// [`Reply::NotMine`]; router -> client: [`Reply::Routed`].
    ReadReply {
        /// The router's request number.
        req: u64,
        /// The answer.
        reply: Reply,
    },
    /// Client -> any node, or node -> node (any node forwards, Cassandra-style): read a
    /// key; a node that does not serve `unit` passes it on by its own copy of the table
    /// (or, having handed `unit` off, to its new owner, as Riak forwards during
    /// handoff), at most [`MAX_HOPS`] times.
    Ask {
        /// The key.
        key: Key,
        /// Its unit.
        unit: u32,
        /// The client's request number.
        req: u64,
        /// The client, who gets the answer directly.
        client: sim::NodeId,
        /// Forwards so far.
        hops: u32,
    },
    /// Node -> client: the answer to an [`Msg::Ask`] after `hops` forwards.
    Answer {
        /// The client's request number.
        req: u64,
        /// [`Reply::Value`], [`Reply::Missing`] or [`Reply::NotMine`].
        reply: Reply,
        /// Forwards before it.
        hops: u32,
        /// Who passed the read to the answering node (the client when `hops` is 0).
        via: sim::NodeId,
    },
    /// Router or client -> coordinator: send me the current table.
    TableQuery,
    /// Coordinator -> router, storage node or client: the table (asked for, or pushed
    /// to routers and storage nodes at each flip: a watch, standing in for gossip).
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
            Msg::Release { .. } => "Release",
            Msg::Released { .. } => "Released",
            Msg::Read { .. } => "Read",
            Msg::ReadReply { .. } => "ReadReply",
            Msg::Ask { .. } => "Ask",
            Msg::Answer { .. } => "Answer",
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
    /// To the client process: read `key` (of unit `unit`) routed by `mode`.
    Read {
        /// The key.
        key: Key,
        /// Its unit.
        unit: u32,
        /// Who routes it.
        mode: RoutingMode,
    },
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
    /// The coordinator flipped `p` to `to` (its move completed): table version `version`.
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
    /// A node answered a read of a key of `p` with its value (it serves `p`).
    Answered {
        /// The partition.
        p: u32,
    },
}

/// The invariants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Invariant {
    /// At most one node serves a partition, except during its cut-over: from the new
    /// owner's activation until the old owner is released, both serve it (each holds
    /// it whole, so either answers right).
    OneServer,
    /// Some node serves each partition at every moment (DDIA ch. 6: the database keeps
    /// accepting reads while rebalancing); a crashed server still counts (it answers
    /// again when it restarts).
    Served,
    /// Some node stores each partition whole.
    NoKeyLost,
}

impl fmt::Display for Invariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Invariant::OneServer => "one server per partition (two during its cut-over)",
            Invariant::Served => "every partition served",
            Invariant::NoKeyLost => "no key lost",
        })
    }
}
