//! The partitioning lab (DDIA ch. 6): the same keys placed by key range, hash mod N,
//! consistent hashing with vnodes, fixed partitions or partitions proportional to
//! nodes; add and remove nodes and see which keys move, against the ideal.
//!
//! Every picture is drawn from `ddia_core::partition`; components only read it and turn
//! clicks into inputs.

pub mod bar_view;
pub mod charts;
pub mod compare;
pub mod controls;
pub mod dots;
pub mod geometry;
pub mod handoff_label;
pub mod handoff_run;
pub mod handoff_title;
pub mod handoff_view;
pub mod index_view;
pub mod legend;
pub mod load_bars;
pub mod lookup;
pub mod measure;
pub mod movement_view;
pub mod palette;
pub mod panel;
pub mod picture;
pub mod ring_view;
pub mod route_view;
pub mod scatter_view;
pub mod stage;
pub mod state;
pub mod travel;

use crate::shell::drawer::{DrawerTab, LogDrawer};
use crate::shell::event_log::EventLog;
use crate::shell::live_lab::drive;
use crate::shell::page::LabPage;
use crate::shell::timeline::TimelineBar;
use charts::PartitionCharts;
use ddia_core::partition::scenario::PartitionScenario;
use leptos::prelude::*;
use panel::PartitionPanel;
use stage::PartitionStage;
use state::PartitionState;

/// Default speed: one recorded action a second.
pub const DEFAULT_SPEED: f64 = 1.0;

/// The lab's entry point ([`crate::shell::page::MountLab`]): reads the scenario from
/// the link; a book scenario opens at its start, paused (Play runs its actions).
pub fn mount(mut page: LabPage) -> AnyView {
    let scenario: PartitionScenario = page.scenario();
    let st = PartitionState::new(
        &scenario,
        page.speed.unwrap_or(DEFAULT_SPEED),
        page.autoplay(false),
        page.url,
        page.notice,
    );
    if let Some(note) = state::past_end_note(scenario.position, st.with(|l| l.total())) {
        let notice = page.notice;
        notice.update(|n| *n = Some(n.take().map_or(note.clone(), |n| format!("{n} {note}"))));
    }
    drive(st);
    view! {
        <main class="workspace partition-lab">
            <section class="stage" aria-label="stage">
                <PartitionStage />
                <TimelineBar />
            </section>
            <aside class="panel" aria-label="controls">
                <PartitionPanel />
            </aside>
        </main>
        <LogDrawer tabs=vec![
            DrawerTab::new("Charts", view! { <PartitionCharts /> }),
            DrawerTab::new("Events", view! { <EventLog lines=st.log stamp=action_stamp milestones="node changes, rebalances, splits, salting, routing and request changes" /> }),
        ] />
    }
    .into_any()
}

/// The log's stamp: the lab counts actions, not time.
fn action_stamp(n: u64) -> String {
    format!("#{n}")
}
