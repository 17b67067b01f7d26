//! ddia-web: the browser app. Thin Leptos views over `ddia-core`.
//!
//! Each lab is its own binary (`src/bin/*.rs`), so a page downloads only the lab it
//! shows; `static/loader.js` picks the binary from the URL's `lab=` key. Every binary
//! calls [`start`] with its lab, and [`App`] wraps that lab in the shared page chrome
//! (header with the Share control, notice for links that cannot be read) and gives it
//! the page's embedding settings (`origin=`). Shared, lab-independent pieces live
//! in [`shell`], the labs in [`labs`].

pub mod labs;
pub mod shell;

use leptos::prelude::*;
use shell::embed::EmbedConfig;
use shell::keys_help::{KeysButton, KeysDialog, KeysHelp};
use shell::live_lab::MountedRun;
use shell::notice::Notice;
use shell::page::{page_options, LabKind, LabPage, MountLab};
use shell::share::Share;
use shell::url::{current_query, UrlSync};

/// Mounts `lab` on the page's body: what each lab binary's `main` calls. Once the lab
/// is in the DOM, the body's `data-first-render-ms` holds the milliseconds since the
/// page's navigation started (`make bench` reads it: time to first render).
pub fn start(lab: LabKind, mount: MountLab) {
    leptos::mount::mount_to_body(move || view! { <App lab=lab mount=mount /> });
    shell::first_render::stamp();
}

/// The whole page around one lab. `query` overrides the address bar's query (tests use
/// it); the page then leaves the address bar alone.
#[component]
pub fn App(
    /// Which lab this page holds (the header names it).
    lab: LabKind,
    /// The lab's entry point: reads its scenario from the query and builds its view.
    mount: MountLab,
    /// The query to read instead of the address bar's.
    #[prop(optional, into)]
    query: Option<String>,
) -> impl IntoView {
    let from_address_bar = query.is_none();
    let query = query.unwrap_or_else(current_query);
    let options = page_options(&query);
    let page = LabPage {
        notice: RwSignal::new(None),
        reduced_motion: leptos_use_preferences::use_prefers_reduced_motion(),
        url: UrlSync::new(from_address_bar, options.embed, &options.origins.origins),
        speed: options.speed,
        query,
    };
    let notice = page.notice;
    provide_context(MountedRun::new());
    shell::glossary::use_tip_dismissal();
    let help = KeysHelp::new();
    provide_context(help);
    provide_context(EmbedConfig {
        origins: options.origins,
    });
    let lab_view = mount(page);
    if let Some(note) = options.speed_note {
        notice.update(|n| {
            *n = Some(
                n.take()
                    .map_or_else(|| note.clone(), |text| format!("{text} {note}")),
            );
        });
    }
    view! {
        <div class="app" class:embed=options.embed>
            {if options.embed {
                view! { <Share lab=lab corner=true /> }.into_any()
            } else {
                view! { <Header lab=lab help=help /> }.into_any()
            }}
            <Notice message=notice />
            {lab_view}
            <KeysDialog help=help />
        </div>
    }
}

/// The page header (left out when embedded): the lab switcher, the lab's name, the
/// keys (a hint, and the button that lists them all) and the Share control.
#[component]
fn Header(lab: LabKind, help: KeysHelp) -> impl IntoView {
    let links = LabKind::ALL.map(|other| {
        view! {
            <a href=format!("?lab={}", other.word()) class:current=other == lab>{other.name()}</a>
        }
    });
    // A phone's nav scrolls sideways: the current lab's tab is scrolled into it.
    shell::reveal::reveal_soon("nav.lab-switch a.current".to_string());
    view! {
        <header class="topbar">
            <a class="brand" href="./" title="All labs, by book chapter">"ddia-lab"</a>
            <nav class="lab-switch" aria-label="labs">{links}</nav>
            <h1 class="lab-name">{lab.name()}</h1>
            <span class="tagline">{lab.tagline()}</span>
            <span class="spacer"></span>
            <span class="keys" aria-label="keyboard shortcuts">
                <kbd>"space"</kbd> " play/pause " <kbd>"."</kbd> " one step " <kbd>","</kbd> " back"
            </span>
            <KeysButton help=help />
            <span class="share" title="The address bar always holds a link that replays this run up to now">
                "↗ the URL replays this run"
            </span>
            <Share lab=lab />
        </header>
    }
}
