//! The partitioning lab (DDIA ch. 6): the same keys placed by key range, hash mod N,
//! consistent hashing with vnodes, fixed partitions or partitions proportional to
//! nodes; add and remove nodes and see which keys move, against the ideal.
//!
//! Every picture is drawn from `ddia_core::partition`; components only read it and turn
//! clicks into inputs.

pub mod geometry;
pub mod palette;
pub mod picture;

use crate::shell::page::LabPage;
use leptos::prelude::*;

/// The lab's `lab=` word (its entry in `ddia_core::link::LABS`).
pub const LAB: &str = "partition";

/// The lab's entry point ([`crate::shell::page::MountLab`]).
pub fn mount(_page: LabPage) -> AnyView {
    view! { <main class="workspace partition-lab"></main> }.into_any()
}
