//! The partitioning lab (DDIA ch. 6): the same keys placed by key range, hash mod N,
//! consistent hashing with vnodes, fixed partitions or partitions proportional to
//! nodes; add and remove nodes and see which keys move, against the ideal.
//!
//! Every picture is drawn from `ddia_core::partition`; components only read it and turn
//! clicks into inputs.

pub mod bar_view;
pub mod charts;
pub mod geometry;
pub mod load_bars;
pub mod lookup;
pub mod measure;
pub mod movement_view;
pub mod palette;
pub mod panel;
pub mod picture;
pub mod ring_view;
pub mod stage;
pub mod state;

use crate::shell::page::LabPage;
use leptos::prelude::*;
use panel::PartitionPanel;
use stage::PartitionStage;
use state::{default_session, PartitionState};

/// The lab's `lab=` word (its entry in `ddia_core::link::LABS`).
pub const LAB: &str = "partition";

/// The lab's entry point ([`crate::shell::page::MountLab`]).
pub fn mount(page: LabPage) -> AnyView {
    let st = PartitionState::new(default_session(), page.notice);
    provide_context(st);
    view! {
        <main class="workspace partition-lab">
            <section class="stage" aria-label="stage">
                <PartitionStage />
            </section>
            <aside class="panel" aria-label="controls">
                <PartitionPanel />
            </aside>
        </main>
    }
    .into_any()
}
