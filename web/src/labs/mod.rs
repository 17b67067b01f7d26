//! One module per lab. Each lab is a component that fills the workspace (stage and
//! panel) and the bottom strip; the shell around it is shared.

pub mod partition;
pub mod raft;
pub mod storage;
pub mod stream;
