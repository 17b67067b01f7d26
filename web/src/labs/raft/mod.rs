//! The Raft lab: a cluster on a circle, messages in flight, every server's log, and
//! the controls to break it (DDIA ch. 9; Raft paper Figure 2).

pub mod describe;
pub mod fork;
pub mod layout;
pub mod legend;
pub mod log_table;
pub mod message_layer;
pub mod message_paths;
pub mod message_view;
pub mod narration;
pub mod node_menu;
pub mod node_view;
pub mod palette;
pub mod panel;
pub mod partition;
pub mod session;
pub mod snapshot;
pub mod spacetime_tab;
pub mod stage;
pub mod state;
pub mod status;
pub mod term_key;

use crate::shell::drawer::{DrawerTab, LogDrawer};
use crate::shell::event_log::EventLog;
use crate::shell::fork_bar::ForkBar;
use crate::shell::live_lab::drive;
use crate::shell::message_menu::{MessageMenu, PickedMessage};
use crate::shell::page::LabPage;
use crate::shell::timeline::TimelineBar;
use crate::shell::url::UrlSync;
use ddia_core::consensus::raft::Scenario;
use legend::LegendCard;
use leptos::prelude::*;
use panel::RaftPanel;
use stage::RaftStage;
use state::RaftLabState;
use status::{StatusLine, ViolationBanner};

/// Default speed: a tenth of real time, so elections (150-300 ms) take seconds and
/// messages (5-15 ms) visibly fly.
pub const DEFAULT_SPEED: f64 = 0.1;

/// The lab's entry point ([`crate::shell::page::MountLab`]): plays at once unless the
/// link stops at a time (`t=`) or the user prefers reduced motion.
pub fn mount(mut page: LabPage) -> AnyView {
    let scenario: Scenario = page.scenario();
    let play = page.autoplay(scenario.until_us.is_none());
    view! {
        <RaftLab
            scenario=scenario
            speed=page.speed.unwrap_or(DEFAULT_SPEED)
            play=play
            url=page.url
            notice=page.notice
            reduced_motion=page.reduced_motion
        />
    }
    .into_any()
}

/// The lab: stage and panel side by side, the log table and the events below (in a
/// drawer in the compact layout, with the legend).
#[component]
pub fn RaftLab(
    /// The run to show.
    scenario: Scenario,
    /// Starting speed.
    speed: f64,
    /// Start playing at once.
    play: bool,
    /// How the address bar follows the run.
    url: UrlSync,
    /// The page's notice banner.
    notice: RwSignal<Option<String>>,
    /// True when the user prefers reduced motion.
    #[prop(into)]
    reduced_motion: Signal<bool>,
) -> impl IntoView {
    let st = RaftLabState::new(scenario, speed, play, url, notice, reduced_motion);
    drive(st);
    provide_context(PickedMessage::new(st));
    view! {
        <main class="workspace raft-lab">
            <section class="stage" aria-label="stage">
                <StatusLine />
                <ViolationBanner />
                <RaftStage />
                <MessageMenu
                    describe=move |id| {
                        st.snap.track();
                        st.message_title(id)
                    }
                    act=move |m: ddia_core::sim::MessageAction| st.act(m.action())
                />
                <TimelineBar />
                <ForkBar note=move |()| st.fork_note() compare=move |()| st.side_by_side().unwrap_or_default() forget=move |()| st.forget_fork() />
            </section>
            <aside class="panel" aria-label="controls">
                <RaftPanel />
            </aside>
        </main>
        <LogDrawer tabs=vec![
            DrawerTab::new("Logs", view! { <spacetime_tab::LogsOrSpaceTime /> }),
            DrawerTab::new("Events", view! { <EventLog lines=st.log milestones="election timeouts, new leaders and step-downs, commits and applies, log truncations, restarts" /> }),
            DrawerTab::compact_only("Legend", view! { <LegendCard /> }),
        ] />
    }
}
