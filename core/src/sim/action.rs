//! Inputs from outside the protocol: fault injections and client requests. Every one
//! can be scheduled in a scenario or applied live; a live one is recorded with its
//! simulated time so the run replays exactly.

use super::net::LinkFaults;
use super::trace::MsgId;
use super::NodeId;
use serde::{Deserialize, Serialize};

/// One input to the world. `R` is the lab's client request type.
///
/// Variants are hashed into trace digests by position: add new ones at the end.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action<R> {
    /// The node stops; its volatile state is lost, its durable state kept.
    Crash(NodeId),
    /// A crashed node boots again from its durable state.
    Restart(NodeId),
    /// The node's process is frozen (a GC or VM pause) for `for_us` microseconds:
    /// deliveries and timers wait until it resumes.
    Pause { node: NodeId, for_us: u64 },
    /// The node's clock is set to read `skew_us` microseconds ahead of simulated time
    /// (negative: behind), like a clock stepped by hand or by NTP; its drift rate stays.
    Skew { node: NodeId, skew_us: i64 },
    /// Symmetric partition: nodes whose bit is set in `side` cannot talk to the rest.
    Partition { side: u64 },
    /// One-way partition: messages `from -> to` are lost.
    CutLink { from: NodeId, to: NodeId },
    /// Repairs every partition.
    Heal,
    /// New behaviour for every link without an override of its own (latency range,
    /// loss, duplication).
    SetLinks(LinkFaults),
    /// A client request sent to `node`.
    Client { node: NodeId, request: R },
    /// New behaviour for the one directed link `from -> to`.
    SetLink {
        from: NodeId,
        to: NodeId,
        faults: LinkFaults,
    },
    /// From now on the node's clock runs `ppm` parts per million fast (negative: slow),
    /// as a quartz oscillator drifts (DDIA ch. 8, "Unreliable Clocks": Google assumes
    /// 200 ppm). Its timers last their local duration on that clock, so a fast clock
    /// times out sooner in simulated time. Clamped to [`MAX_DRIFT_PPM`] either way.
    Drift { node: NodeId, ppm: i32 },
    /// Message `MsgId` (in flight) vanishes now, as a learner drops it by hand
    /// (RaftScope, Oddity). Nothing if it has landed already.
    DropMessage(MsgId),
    /// Message `MsgId` (in flight) is sent again: a second copy leaves its sender now
    /// with a fresh latency from its link. Nothing if it has landed already.
    DuplicateMessage(MsgId),
    /// Message `msg` (in flight) arrives `for_us` microseconds later than it would
    /// have. Nothing if it has landed already.
    HoldMessage { msg: MsgId, for_us: u64 },
}

/// The largest clock drift the world applies, parts per million either way (50 %: a
/// clock that stops or runs twice as fast is no longer a clock).
pub const MAX_DRIFT_PPM: i32 = 500_000;

impl<R> Action<R> {
    /// The node the action is about, if any.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Action::Crash(n) | Action::Restart(n) => Some(*n),
            Action::Pause { node, .. } | Action::Skew { node, .. } | Action::Drift { node, .. } => {
                Some(*node)
            }
            Action::Client { node, .. } => Some(*node),
            Action::CutLink { from, .. } | Action::SetLink { from, .. } => Some(*from),
            Action::Partition { .. } | Action::Heal | Action::SetLinks(_) => None,
            Action::DropMessage(_) | Action::DuplicateMessage(_) | Action::HoldMessage { .. } => {
                None
            }
        }
    }
}

/// An action at a point of simulated time (microseconds). At equal times, actions run
/// after every protocol event of that instant, in the order they were scheduled.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Timed<R> {
    /// When, microseconds since the start.
    pub at_us: u64,
    /// What.
    pub action: Action<R>,
}
