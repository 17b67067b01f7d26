//! ddia-web: the browser app. Thin Leptos views over `ddia-core`.
//!
//! [`App`] reads the URL (which lab, its scenario, page options), shows a notice when
//! the link cannot be read, and mounts the lab inside the shared page chrome. Shared,
//! lab-independent pieces live in [`shell`], the labs in [`labs`].

pub mod labs;
pub mod shell;

use ddia_core::scenario::Scenario;
use labs::raft::RaftLab;
use leptos::prelude::*;
use shell::notice::Notice;
use shell::page::{page_options, LabKind};
use shell::url::{current_query, UrlSync};

/// The lab shown when the URL names none.
pub const DEFAULT_LAB: &str = "Raft";

/// Default speed: a tenth of real time, so elections (150-300 ms) take seconds and
/// messages (5-15 ms) visibly fly.
pub const DEFAULT_SPEED: f64 = 0.1;

/// The scenario a query describes, or the default one and a sentence for the notice.
pub fn read_scenario(query: &str) -> (Scenario, Option<String>) {
    match Scenario::from_query(query) {
        Ok(s) => (s, None),
        Err(e) => (
            Scenario::default(),
            Some(format!(
                "Could not read the link: {e} — showing the default scenario instead."
            )),
        ),
    }
}

/// The whole page. `query` overrides the address bar's query (tests use it); the page
/// then leaves the address bar alone.
#[component]
pub fn App(#[prop(optional, into)] query: Option<String>) -> impl IntoView {
    let from_address_bar = query.is_none();
    let query = query.unwrap_or_else(current_query);
    let page = page_options(&query);
    let (scenario, problem) = match page.lab {
        LabKind::Storage => (Scenario::default(), None),
        LabKind::Raft => read_scenario(&query),
    };
    let notice = RwSignal::new(problem);
    let reduced_motion = leptos_use_preferences::use_prefers_reduced_motion();
    let play = scenario.until_us.is_none() && !reduced_motion.get_untracked();
    let url = UrlSync::new(from_address_bar, page.embed);
    let speed = page.speed.unwrap_or(DEFAULT_SPEED);
    let lab = match page.lab {
        LabKind::Raft => view! {
            <RaftLab
                scenario=scenario
                speed=speed
                play=play
                url=url
                notice=notice
                reduced_motion=reduced_motion
            />
        }
        .into_any(),
        LabKind::Storage => {
            let (s, problem) = labs::storage::read_storage_scenario(&query);
            notice.set(problem);
            let play = s.actions.is_empty() && !reduced_motion.get_untracked();
            let speed = page.speed.unwrap_or(1.0);
            view! { <labs::storage::StorageLabView scenario=s speed=speed play=play url=url notice=notice /> }
                .into_any()
        }
    };
    view! {
        <div class="app" class:embed=page.embed>
            {(!page.embed).then(|| view! { <Header lab=page.lab /> })}
            <Notice message=notice />
            {lab}
        </div>
    }
}

/// The page header (left out when embedded).
#[component]
fn Header(lab: LabKind) -> impl IntoView {
    let (name, tagline) = match lab {
        LabKind::Raft => (
            DEFAULT_LAB,
            "leader election and log replication · DDIA ch. 9",
        ),
        LabKind::Storage => ("Storage", "LSM-tree, B-tree, hash log · DDIA ch. 3"),
    };
    view! {
        <header class="topbar">
            <span class="brand">"ddia-lab"</span>
            <nav class="lab-switch" aria-label="labs">
                <a href="?lab=raft" class:current=lab == LabKind::Raft>"Raft"</a>
                <a href="?lab=storage" class:current=lab == LabKind::Storage>"Storage"</a>
            </nav>
            <h1 class="lab-name">{name}</h1>
            <span class="tagline">{tagline}</span>
            <span class="spacer"></span>
            <span class="keys" aria-label="keyboard shortcuts">
                <kbd>"space"</kbd> " play/pause " <kbd>"."</kbd> " one event"
            </span>
            <span class="share" title="The address bar always holds a link that replays this run up to now">
                "↗ the URL replays this run"
            </span>
        </header>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_links_fall_back_to_the_default_with_a_sentence() {
        let (s, problem) = read_scenario("?n=12");
        assert_eq!(s, Scenario::default());
        let p = problem.unwrap();
        assert!(p.starts_with("Could not read the link: "), "{p}");
        assert!(p.contains("cluster size 12"), "{p}");
        let (s, problem) = read_scenario("?seed=7&embed=1&speed=3");
        assert_eq!((s.seed, problem), (7, None));
    }
}
