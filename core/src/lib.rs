//! ddia-core: deterministic, sans-IO simulations of the mechanisms in
//! *Designing Data-Intensive Applications* (Kleppmann).
#![cfg_attr(not(feature = "std"), no_std)]
extern crate alloc;

pub mod sim;
