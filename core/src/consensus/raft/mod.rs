//! Raft (Ongaro & Ousterhout 2014), after the paper's Figure 2: randomized leader
//! election, log replication with the consistency check, commitment by majority of
//! current-term entries, and the five safety properties of Figure 3 checked live.
//! DDIA ch. 9, "Consensus algorithms and total order broadcast".

pub mod blocked;
pub mod book;
pub mod cluster;
mod election;
pub mod invariants;
pub mod log;
pub mod msg;
pub mod narrate;
pub mod node;
pub mod params;
mod replication;
pub mod scenario;

pub use blocked::Blocked;
pub use cluster::{cluster, history, leader, RaftWorld};
pub use invariants::{RaftChecker, RaftInvariant, TermHistory};
pub use log::RaftLog;
pub use msg::{
    Entry, LogIndex, RaftMsg, RaftNote, RaftReply, RaftTimer, Role, Term, CLIENT_RETRY_US,
};
pub use node::RaftNode;
pub use params::RaftParams;
pub use replication::MAX_ENTRIES_PER_MESSAGE;
pub use scenario::Scenario;

#[cfg(test)]
mod tests;
