//! Consensus protocols (DDIA ch. 9).
pub mod raft;
