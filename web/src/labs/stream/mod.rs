//! The stream lab (DDIA ch. 11): a producer, a partitioned log, a consumer group and a
//! sink on the simulation kernel; crash a consumer at an exact point and count what is
//! lost or duplicated under each delivery guarantee; watch windows fire as the watermark
//! passes while late events arrive.
//!
//! Every picture is drawn from `ddia_core::stream`; components only read it and turn
//! clicks into recorded inputs.

pub mod charts;
pub mod counters;
pub mod fork;
pub mod legend;
pub mod messages;
pub mod panel;
pub mod plane;
pub mod session;
pub mod spacetime_tab;
pub mod state;
pub mod topology;

use crate::shell::drawer::{DrawerTab, LogDrawer};
use crate::shell::fork_bar::ForkBar;
use crate::shell::format::{ms, plural};
use crate::shell::live_lab::drive;
use crate::shell::message_menu::PickedMessage;
use crate::shell::page::LabPage;
use crate::shell::timeline::TimelineBar;
use charts::StreamCharts;
use counters::Counters;
use ddia_core::stream::scenario::StreamScenario;
use leptos::prelude::*;
use panel::StreamPanel;
use plane::TimePlane;
use state::StreamState;
use topology::Topology;

/// Default speed: a tenth of real time, so a 3 s story lasts 30 s.
pub const DEFAULT_SPEED: f64 = 0.1;

/// The lab's entry point ([`crate::shell::page::MountLab`]): reads the scenario from
/// the link; a book scenario opens at its start, paused.
pub fn mount(mut page: LabPage) -> AnyView {
    let scenario: StreamScenario = page.scenario();
    let play = page.autoplay(scenario.name.is_none() && scenario.until_us.is_none());
    let st = StreamState::new(
        &scenario,
        page.speed.unwrap_or(DEFAULT_SPEED),
        play,
        page.url,
        page.notice,
    );
    drive(st);
    provide_context(PickedMessage::new(st));
    let status = move || {
        st.with(|s| {
            let b = s.lab().run.broker();
            let appended: u64 = b.partitions.iter().map(|l| l.end()).sum();
            format!(
                "t = {} · {} in {} · generation {} · {}",
                ms(s.now()),
                plural(appended, "record"),
                plural(u64::try_from(b.partitions.len()).unwrap_or(0), "partition"),
                b.group.generation,
                plural(b.group.rebalances, "rebalance")
            )
        })
    };
    view! {
        <main class="workspace stream-lab">
            <section class="stage" aria-label="stage">
                <p class="stream-status" data-status="">{status}</p>
                <Topology />
                <messages::StreamMessageMenu />
                <TimelineBar />
                <ForkBar note=move |()| st.fork_note() compare=move |()| st.side_by_side().unwrap_or_default() forget=move |()| st.forget_fork() />
                {legend::legend("topology legend", &legend::TOPOLOGY)}
                <TimePlane />
                {legend::legend("time plane legend", &legend::PLANE)}
                <Counters />
            </section>
            <aside class="panel" aria-label="controls">
                <StreamPanel />
            </aside>
        </main>
        <LogDrawer tabs=vec![
            DrawerTab::new("Events", view! { <spacetime_tab::EventsOrSpaceTime /> }),
            DrawerTab::new("Charts", view! { <StreamCharts /> }),
        ] />
    }
    .into_any()
}
