//! The messages, timers, requests, notes and invariants of the stream world.

use alloc::vec::Vec;
use core::fmt;

use super::log::{Event, Record};
use crate::sim::Labelled;

/// One effect a consumer writes to the sink: the event it came from and the amount
/// added to the key's aggregate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Output {
    /// The event's id (the idempotency key).
    pub id: u64,
    /// The event's key.
    pub key: u64,
    /// The amount.
    pub value: i64,
}

/// How the sink applies a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WriteKind {
    /// Appends every output (at-most-once, at-least-once).
    Plain,
    /// Skips an output whose event id it already holds (exactly-once by an idempotent
    /// sink, DDIA ch. 11, "Idempotence").
    Idempotent,
    /// Applies the outputs and stores `offset` as the partition's next offset in one
    /// atomic write (exactly-once by an atomic commit of output and offset, DDIA ch. 11,
    /// "Atomic commit revisited"), only if the batch starts at the offset the sink holds
    /// (or the sink holds none yet). A batch the sink already holds whole (`offset` at or
    /// below the held one) is acknowledged without applying it again; any other is
    /// refused as fenced: its writer is a zombie, or behind (Kafka fences zombies by a
    /// producer epoch; here the stored offset does).
    Atomic {
        /// The topic partition.
        partition: u32,
        /// The batch's first offset.
        from: u64,
        /// The offset after the batch.
        offset: u64,
    },
}

/// Messages between the broker, the producer, the sink and the consumers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// Producer -> broker: append this event (resent until `Produced`).
    Produce(Event),
    /// Broker -> producer: appended (or already appended: the broker dedups by id).
    Produced(u64),
    /// Consumer -> broker: join the group.
    Join,
    /// Consumer -> broker: leave the group.
    Leave,
    /// Consumer -> broker: alive, in this generation.
    Heartbeat(u64),
    /// Broker -> consumer: the group's generation, and whether the consumer is a member.
    HeartbeatAck {
        /// The group's generation.
        generation: u64,
        /// False once the member has been expired or never joined.
        member: bool,
    },
    /// Consumer -> broker: send me the current generation's assignment again.
    Sync,
    /// Broker -> consumer: your partitions in this generation and their committed
    /// offsets (same order).
    Assign {
        /// The generation.
        generation: u64,
        /// Partitions, ascending.
        partitions: Vec<u32>,
        /// Their committed offsets.
        offsets: Vec<u64>,
    },
    /// Consumer -> broker: read up to `max` records of `partition` from `offset`.
    Fetch {
        /// The consumer's generation.
        generation: u64,
        /// The partition.
        partition: u32,
        /// The first offset wanted.
        offset: u64,
        /// Most records.
        max: u32,
        /// The request number, echoed.
        seq: u64,
    },
    /// v2 builder -> broker: read up to `max` records of `partition` from `offset`,
    /// outside the consumer group (no generation, no assignment).
    Read {
        /// The partition.
        partition: u32,
        /// The first offset wanted.
        offset: u64,
        /// Most records.
        max: u32,
        /// The request number, echoed.
        seq: u64,
    },
    /// Broker -> consumer: records from `first` on (none and `fenced` when the
    /// consumer's generation is stale or the group is rebalancing).
    Records {
        /// The request number.
        seq: u64,
        /// The first offset returned.
        first: u64,
        /// The records.
        records: Vec<Record>,
        /// The fetch was refused (rebalance in progress or stale generation).
        fenced: bool,
    },
    /// Consumer -> broker: the group has processed `partition` up to `offset`
    /// (exclusive).
    Commit {
        /// The consumer's generation.
        generation: u64,
        /// The partition.
        partition: u32,
        /// The next offset to read.
        offset: u64,
        /// The request number, echoed.
        seq: u64,
    },
    /// Broker -> consumer: the commit was stored (`ok`) or refused (stale generation).
    Committed {
        /// The request number.
        seq: u64,
        /// Stored.
        ok: bool,
    },
    /// Consumer -> sink: apply these outputs. `session` and `seq` identify the request
    /// like a TCP connection and sequence number: a copy the network duplicated is
    /// applied once, a retry (a new `seq`) again.
    Write {
        /// The consumer's session (drawn at start).
        session: u64,
        /// The request number.
        seq: u64,
        /// The outputs.
        outputs: Vec<Output>,
        /// How to apply them.
        kind: WriteKind,
    },
    /// Sink -> consumer: applied (or already held), or refused (`fenced`: an atomic
    /// write that does not continue the offset the sink holds).
    Written {
        /// The request number.
        seq: u64,
        /// Refused.
        fenced: bool,
    },
    /// Consumer -> sink (atomic commit): which offsets do you hold for these partitions?
    Offsets {
        /// The request number.
        seq: u64,
        /// The partitions.
        partitions: Vec<u32>,
    },
    /// Sink -> consumer: the offsets it holds (`None`: nothing yet), same order.
    OffsetsAre {
        /// The request number.
        seq: u64,
        /// The offsets.
        offsets: Vec<Option<u64>>,
    },
}

impl Labelled for Msg {
    fn label(&self) -> &'static str {
        match self {
            Msg::Produce(_) => "Produce",
            Msg::Produced(_) => "Produced",
            Msg::Join => "JoinGroup",
            Msg::Leave => "LeaveGroup",
            Msg::Heartbeat(_) => "Heartbeat",
            Msg::HeartbeatAck { .. } => "HeartbeatAck",
            Msg::Sync => "SyncGroup",
            Msg::Assign { .. } => "Assignment",
            Msg::Fetch { .. } => "Fetch",
            Msg::Read { .. } => "Read",
            Msg::Records { .. } => "Records",
            Msg::Commit { .. } => "OffsetCommit",
            Msg::Committed { .. } => "CommitAck",
            Msg::Write { .. } => "SinkWrite",
            Msg::Written { .. } => "SinkAck",
            Msg::Offsets { .. } => "OffsetQuery",
            Msg::OffsetsAre { .. } => "Offsets",
        }
    }
}

/// What a timer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timer {
    /// Producer: make the next event.
    Tick,
    /// Producer: the event with this id leaves its (delayed) buffer.
    Send(u64),
    /// Producer: resend the event with this id if it is still unacknowledged.
    Resend(u64),
    /// Broker: expire members whose heartbeats stopped.
    Expire,
    /// Broker: the rebalance of this generation is over.
    Rebalanced(u64),
    /// Consumer: send a heartbeat.
    Heartbeat,
    /// Consumer: take the next step of its pipeline, if its epoch is still this one.
    Step(u64),
    /// Consumer: resend request `seq` if it is still unanswered.
    Retry(u64),
}

/// Requests from outside (the page's buttons, a scenario's schedule).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Request {
    /// To a consumer: leave the group cleanly.
    Leave,
    /// To a consumer: join (again) after leaving.
    Join,
    /// To the v2 builder: build a fresh view from offset 0 of every partition.
    Rebuild,
    /// To the broker: set `partition`'s committed offset to `offset`, even backwards
    /// (an explicit replay), and rebalance so its owner reads from there.
    Replay {
        /// The partition.
        partition: u32,
        /// The offset to read from.
        offset: u64,
    },
}

/// Narrated state changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Note {
    /// The broker began a rebalance: the group is paused.
    RebalanceBegins {
        /// The new generation.
        generation: u64,
        /// Why.
        cause: RebalanceCause,
    },
    /// The rebalance is over: each member's partitions.
    Assigned {
        /// The generation.
        generation: u64,
        /// (member, partitions), by member.
        assignment: Vec<(usize, Vec<u32>)>,
    },
    /// The broker stored `member`'s commit of `partition` up to `offset`
    /// (exclusive): the next offset the group reads there.
    OffsetCommitted {
        /// The consumer that committed.
        member: usize,
        /// The partition.
        partition: u32,
        /// The next offset.
        offset: u64,
    },
    /// A consumer dropped its batch of `partition`, offsets `from..to`: the group's
    /// generation moved on (a new assignment, a fenced write, leaving).
    BatchAbandoned {
        /// The partition.
        partition: u32,
        /// The batch's first offset.
        from: u64,
        /// The offset after the batch.
        to: u64,
        /// Its effects already written to the sink.
        written: u64,
        /// Dropped because the consumer is leaving the group (else its generation is
        /// over).
        leaving: bool,
    },
    /// The broker refused a consumer's offset commit for `partition`, offsets
    /// `from..to`: its `generation` is over (it was declared dead while paused, and the
    /// partition has a new owner). Its effects already written stay in the sink; the
    /// new owner processes the batch again (DDIA ch. 8, "Process pauses": the
    /// generation acts as a fencing token for the commit, not for the writes).
    CommitRefused {
        /// The partition.
        partition: u32,
        /// The batch's first offset.
        from: u64,
        /// The offset after the batch.
        to: u64,
        /// The consumer's generation.
        generation: u64,
        /// Its effects already written to the sink.
        written: u64,
    },
    /// A consumer asked `partition` from offset `from`, but retention had deleted the
    /// records up to `to` (exclusive) before it read them: it reads on from `to`, and
    /// their effects are lost (DDIA ch. 11, "Disk space usage").
    SkippedByRetention {
        /// The partition.
        partition: u32,
        /// The offset asked for.
        from: u64,
        /// The log start it reads from instead.
        to: u64,
    },
    /// The v2 builder has read every partition to its end once: `read` records, and
    /// `missed` that retention had deleted before it got there.
    RebuildCaughtUp {
        /// Records read.
        read: u64,
        /// Records it could not read.
        missed: u64,
    },
    /// An admin offset reset set `partition`'s committed offset back to `offset`
    /// during a rebalance, which hands it out (DDIA ch. 11, "Replaying old messages").
    OffsetReset {
        /// The partition.
        partition: u32,
        /// The committed offset it was set to.
        offset: u64,
    },
    /// Retention deleted `count` records of `partition`.
    Trimmed {
        /// The partition.
        partition: u32,
        /// How many.
        count: u64,
    },
}

/// Why a rebalance began.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RebalanceCause {
    /// A consumer joined.
    Joined(usize),
    /// A consumer left.
    Left(usize),
    /// A consumer missed its heartbeats for a session timeout: declared dead.
    Expired(usize),
    /// An explicit replay (an admin offset reset) set partition `.0`'s committed
    /// offset back to `.1`.
    Replay(u32, u64),
}

/// The stream world's invariants, checked after every event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Invariant {
    /// A partition only grows at its end; its records keep their offsets.
    AppendOnly,
    /// A committed offset never goes backwards except by an explicit replay.
    OffsetsForward,
}

impl fmt::Display for Invariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Invariant::AppendOnly => "Append-only log",
            Invariant::OffsetsForward => "Offsets move forward",
        })
    }
}
