//! ddia-web: the browser app. Thin Leptos views over `ddia-core`.
//!
//! `App` is the shell every lab lives in: a header bar, a stage (SVG) on the left, a
//! control panel on the right and an event log at the bottom. The labs themselves go
//! into `labs/`, the shared controls into `shell/`.

use leptos::prelude::*;

/// The lab shown when the URL names none.
pub const DEFAULT_LAB: &str = "Raft";

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="app">
            <header class="topbar">
                <span class="brand">"ddia-lab"</span>
                <h1 class="lab-name">{DEFAULT_LAB}</h1>
            </header>
            <main class="workspace">
                <section class="stage" aria-label="stage">
                    <svg class="stage-svg" viewBox="0 0 800 500" role="img" aria-label="simulation"></svg>
                </section>
                <aside class="panel" aria-label="controls"></aside>
            </main>
            <footer class="log" aria-label="event log"></footer>
        </div>
    }
}
