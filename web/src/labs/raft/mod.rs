//! The Raft lab: a cluster on a circle, messages in flight, every server's log, and
//! the controls to break it (DDIA ch. 9; Raft paper Figure 2).

pub mod describe;
pub mod layout;
pub mod legend;
pub mod log_table;
pub mod message_view;
pub mod node_menu;
pub mod node_view;
pub mod palette;
pub mod panel;
pub mod partition;
pub mod session;
pub mod snapshot;
pub mod stage;
pub mod state;
pub mod status;

use crate::shell::event_log::EventLog;
use crate::shell::frame_loop::use_frame_loop;
use crate::shell::keyboard::{use_shortcuts, Shortcut};
use crate::shell::url::UrlSync;
use ddia_core::scenario::Scenario;
use leptos::prelude::*;
use panel::RaftPanel;
use stage::RaftStage;
use state::RaftLabState;
use status::{StatusLine, ViolationBanner};

/// The lab: stage and panel side by side, logs and events below.
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
    provide_context(st);
    use_frame_loop(move |dt_ms, _| st.frame(dt_ms));
    use_shortcuts(move |s| match s {
        Shortcut::TogglePlay => st.toggle_play(),
        Shortcut::Step => st.step(),
    });
    st.sync_url(true);
    view! {
        <main class="workspace">
            <section class="stage" aria-label="stage">
                <StatusLine />
                <ViolationBanner />
                <RaftStage />
            </section>
            <aside class="panel" aria-label="controls">
                <RaftPanel />
            </aside>
        </main>
        <footer class="bottom">
            <log_table::LogTable />
            <EventLog lines=st.log />
        </footer>
    }
}
