//! ddia-core: deterministic, sans-IO simulations of the mechanisms in
//! *Designing Data-Intensive Applications* (Kleppmann).
//!
//! No I/O, no wall-clock time, no unseeded randomness: every run is a pure function of
//! its [`scenario`]-style inputs, natively and on wasm32.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(clippy::cast_possible_truncation)]
extern crate alloc;

pub mod book;
pub mod consensus;
pub mod link;
pub mod partition;
pub mod sim;
pub mod storage;
pub mod stream;
