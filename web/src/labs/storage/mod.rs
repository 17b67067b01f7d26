//! The storage lab (DDIA ch. 3): an LSM-tree, a B-tree or a hash log drawn from the
//! engine's own state as it runs a seeded workload and your operations; crash and
//! recover at any moment; amplification charts; the LSM vs B-tree race.
//!
//! Every picture is drawn from `ddia_core::storage::lab::StorageLab`; components only
//! read it and turn clicks into `LabAction`s.

pub mod btree_path;
pub mod btree_view;
pub mod charts;
pub mod draw;
pub mod follow;
pub mod hash_view;
pub mod legend;
pub mod lsm_view;
pub mod panel;
pub mod state;
pub mod wal_view;

use crate::shell::context::context;
use crate::shell::drawer::{DrawerTab, LogDrawer};
use crate::shell::event_log::EventLog;
use crate::shell::live_lab::drive;
use crate::shell::page::LabPage;
use crate::shell::timeline::TimelineBar;
use crate::shell::url::UrlSync;
use charts::AmpCharts;
use ddia_core::storage::lab::{describe_last, kind_name, Lane};
use ddia_core::storage::lab_scenario::StorageScenario;
use ddia_core::storage::{AnyEngine, EngineKind, StorageEngine};
use leptos::prelude::*;
use panel::{Figures, StoragePanel};
use state::StorageState;

/// Default speed: real time ([`state::OPS_PER_SECOND_AT_1X`] workload operations a second).
pub const DEFAULT_SPEED: f64 = 1.0;

/// The lab's entry point ([`crate::shell::page::MountLab`]): plays the workload at once
/// unless the link carries your own actions or the user prefers reduced motion.
pub fn mount(mut page: LabPage) -> AnyView {
    let scenario: StorageScenario = page.scenario();
    let play = page.autoplay(scenario.actions.is_empty());
    view! {
        <StorageLabView
            scenario=scenario
            speed=page.speed.unwrap_or(DEFAULT_SPEED)
            play=play
            url=page.url
            notice=page.notice
        />
    }
    .into_any()
}

fn lane_svg(lane: &Lane) -> AnyView {
    match lane.engine() {
        AnyEngine::Lsm(_) => lsm_view::lsm_svg(lane),
        AnyEngine::BTree(_) => btree_view::btree_svg(lane),
        AnyEngine::HashLog(_) => hash_view::hash_svg(lane),
    }
}

/// The engine picture(s): one lane, or both lanes of the race one above the other.
#[component]
fn StorageStage() -> impl IntoView {
    let st = context::<StorageState>();
    let lanes = move || {
        st.with(|lab| {
            let race = lab.lanes().len() > 1;
            lab.lanes()
                .iter()
                .map(|lane| {
                    let down = lane.engine().is_crashed();
                    view! {
                        <div class="lane-wrap">
                            <div
                                class="lane"
                                class:down=down
                                data-engine=kind_name(lane.kind())
                                tabindex="0"
                                role="region"
                                aria-label=format!("{} picture (scrolls sideways when wider than the stage)", kind_name(lane.kind()))
                                on:scroll=|ev| follow::show_scroll_cue(&event_target::<web_sys::Element>(&ev))
                            >
                                {race.then(|| view! { <h3 class="lane-title">{kind_name(lane.kind())}</h3> })}
                                {down.then(|| view! { <div class="down-banner">{down_banner(lane)}</div> })}
                                {lane_svg(lane)}
                                {wal_view::wal_strip(lane)}
                            </div>
                            <div class="scroll-cue" aria-hidden="true"><span>"scroll →"</span></div>
                        </div>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! { <div class="storage-stage">{lanes}</div> }
}

/// The banner over a crashed lane: what the picture shows of it.
fn down_banner(lane: &Lane) -> &'static str {
    match lane.kind() {
        EngineKind::Lsm => {
            "CRASHED: the memtable is lost (drawn faded; its writes are in the WAL). The SSTables and the WAL on disk are drawn as they are. Press Recover."
        }
        EngineKind::BTree if lane.without_wal() => {
            "CRASHED: the pages are drawn as the crash left them on disk; page versions that were only in memory are drawn faded, lost. There is no WAL to redo from. Press Recover."
        }
        EngineKind::BTree => {
            "CRASHED: the pages are drawn as the crash left them on disk; page versions that were only in memory are drawn faded, lost. The WAL on disk survives: recovery redoes its records. Press Recover."
        }
        EngineKind::HashLog => {
            "CRASHED: the in-memory hash index is lost. The segments on disk are drawn as they are; recovery scans them to rebuild the index. Press Recover."
        }
    }
}

/// One line above the picture: progress (through a book scenario's own actions), the
/// end of a scenario with the choice to carry on, a violation.
#[component]
fn StorageStatus() -> impl IntoView {
    let st = context::<StorageState>();
    let text = move || {
        st.with(|lab| {
            let w = lab.settings().workload;
            let in_scenario = lab.settings().name.is_some() && lab.script_end() > 0;
            if in_scenario && !lab.workload_continues() {
                format!("scenario action {} of {}", lab.clock(), lab.script_end())
            } else {
                format!(
                    "workload op {} of {} (seed {}) · {} actions",
                    lab.workload_done(),
                    w.ops,
                    w.seed,
                    lab.clock()
                )
            }
        })
    };
    let last = move || {
        st.with(|lab| {
            let race = lab.lanes().len() > 1;
            let lines: Vec<String> = lab
                .lanes()
                .iter()
                .filter_map(|lane| {
                    let line = describe_last(lane.last())?;
                    Some(if race {
                        format!("{}: {line}", kind_name(lane.kind()))
                    } else {
                        line
                    })
                })
                .collect();
            (!lines.is_empty()).then(|| format!("last: {}", lines.join(" · ")))
        })
    };
    let over = move || st.with(|lab| lab.scenario_over());
    let violation = move || st.with(|lab| lab.violation().map(str::to_string));
    view! {
        <div class="status-line storage-status">
            <span class="progress">{text}</span>
            {move || last().map(|l| view! { <span class="last-op">{l}</span> })}
            <Show when=over>
                <span class="scenario-end">"The scenario is over: Play stops here."</span>
                <button data-action="continue" title="Run the seeded random workload from here on" on:click=move |_| st.continue_workload()>
                    "Continue with the random workload"
                </button>
            </Show>
            {move || violation().map(|v| view! { <span class="violation" role="alert">{v}</span> })}
        </div>
    }
}

/// The lab: stage and panel side by side, charts and the log below (in a drawer in the
/// compact layout).
#[component]
pub fn StorageLabView(
    /// The run to show.
    scenario: StorageScenario,
    /// Starting speed.
    speed: f64,
    /// Start playing at once.
    play: bool,
    /// How the address bar follows the run.
    url: UrlSync,
    /// The page's notice banner.
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let st = StorageState::new(&scenario, speed, play, url, notice);
    drive(st);
    let resize = window_event_listener(leptos::ev::resize, |_| follow::update_scroll_cues());
    on_cleanup(move || resize.remove());
    view! {
        <main class="workspace storage-lab">
            <section class="stage" aria-label="stage">
                <StorageStatus />
                <TimelineBar />
                <StorageStage />
                <legend::StorageLegend />
            </section>
            <aside class="panel" aria-label="controls">
                <StoragePanel />
                <Figures />
            </aside>
        </main>
        <LogDrawer tabs=vec![
            DrawerTab::new("Charts", view! { <AmpCharts /> }),
            DrawerTab::new("Events", view! { <EventLog lines=st.log stamp=op_stamp milestones="flushes, compactions, page splits and merges, crashes and recoveries" /> }),
        ] />
    }
}

/// The log's stamp: the lab counts actions, not time.
fn op_stamp(n: u64) -> String {
    format!("#{n}")
}
