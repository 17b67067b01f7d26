//! The simulation kernel shared by every networked lab: simulated time, seeded
//! randomness, a network with one fault model, an event queue, a typed trace with a
//! stable digest, and live invariant checks.
//!
//! Models: tikv/raft-rs and openraft (events in, effects out), quinn-proto (no I/O,
//! no OS time), turmoil (fault verbs, one world RNG and a child RNG per host),
//! TigerBeetle's VOPR (integer probabilities, seeds that expand into runs).

pub mod action;
pub mod chaos;
pub mod clock;
pub mod digest;
pub mod diverge;
pub mod logical_clock;
pub mod message_action;
pub mod net;
pub mod process;
pub(crate) mod queue;
pub mod rewind;
pub mod rewind_vec;
pub mod rng;
pub mod spacetime;
pub mod time;
pub mod trace;
pub mod vec_map;
pub mod world;

/// A node's index in its cluster, `0..cluster_size`.
pub type NodeId = usize;

pub use action::{Action, Timed, MAX_DRIFT_PPM};
pub use clock::LocalClock;
pub use message_action::MessageAction;
pub use net::{LinkFaults, Network};
pub use process::{ClientRetry, Ctx, Labelled, Process, TimerId};
pub use rewind::{Checkpoint, Checkpoints};
pub use rng::{SimRng, PPM};
pub use time::SimTime;
pub use trace::{DropReason, Event, EventOf, MsgId, Record, Trace};
pub use world::{Checker, Fate, InFlight, Node, Unchecked, Violation, World};

#[cfg(test)]
mod world_tests;
