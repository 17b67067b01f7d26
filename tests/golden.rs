//! Golden digests of every lab: fixed scenarios whose traces must not change. Runs
//! natively (`cargo test -p ddia-tests`) and on wasm32 under Node (`wasm-pack test
//! --node tests`), so equal constants prove native and wasm runs identical.

#[path = "golden_partition.rs"]
mod partition;
#[path = "golden_raft.rs"]
mod raft;
#[path = "golden_storage.rs"]
mod storage;
#[path = "golden_stream.rs"]
mod stream;
