//! Keeping the address bar in step with the run: read the query at start, replace it
//! (without a new history entry) as the run goes on. A forced update (a user action, a
//! pause) is written at once; otherwise one trailing update is scheduled
//! [`SYNC_INTERVAL_MS`] later (a `gloo-timers` timeout) and writes the run as it is
//! then, so the address bar is at most that far behind the picture while playing and
//! exactly in step once the run stops.

use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;

/// Wall time between a throttled change and the address-bar update that shows it,
/// milliseconds.
pub const SYNC_INTERVAL_MS: u32 = 500;

/// The page's query string including the leading `?` (empty if none or unreadable).
pub fn current_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Replaces the address bar's query with `query` (no leading `?`), keeping the path and
/// adding no history entry. Failures (e.g. a sandboxed iframe) are ignored.
pub fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let url = format!("{path}?{query}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Writes the run's link into the address bar: at once when forced, else once per
/// [`SYNC_INTERVAL_MS`] at the trailing edge.
#[derive(Default)]
pub struct UrlSync {
    /// False when the page was not opened from its own URL (e.g. in tests).
    pub enabled: bool,
    /// Keep `embed=1` in the link.
    embed: bool,
    /// The `origin=` allow-list to keep in the link (`&origin=…`, or empty).
    origins: Rc<str>,
    /// The scheduled trailing update (dropping it cancels it).
    trailing: Option<Timeout>,
    /// True from scheduling the trailing update until it has run.
    due: Rc<Cell<bool>>,
    /// True while the address bar keeps a link that could not all be read.
    held: bool,
}

impl UrlSync {
    /// A syncer; `enabled = false` makes [`UrlSync::publish`] a no-op. `embed` and the
    /// embedding API's allowed `origins` are kept in the link.
    pub fn new(enabled: bool, embed: bool, origins: &[String]) -> Self {
        let origins = if origins.is_empty() {
            String::new()
        } else {
            format!("&origin={}", origins.join(","))
        };
        UrlSync {
            enabled,
            embed,
            origins: origins.into(),
            ..UrlSync::default()
        }
    }

    /// Keeps the address bar as it is (a link with a typo stays correctable) until the
    /// next forced publish, which a learner's action makes.
    pub fn hold(&mut self) {
        self.held = true;
    }

    /// True while [`UrlSync::hold`] keeps the address bar as it is.
    pub fn held(&self) -> bool {
        self.held
    }

    /// Writes `run()`'s scenario query and speed, with the page keys, into the address
    /// bar: now if `force` (dropping a scheduled update, and ending a hold), else at the
    /// end of the current interval, reading `run` then (nothing while held).
    pub fn publish(&mut self, run: impl Fn() -> (String, f64) + 'static, force: bool) {
        if !self.enabled || (self.held && !force) {
            return;
        }
        self.held = false;
        let (embed, origins) = (self.embed, Rc::clone(&self.origins));
        let write = move || {
            let (query, speed) = run();
            replace_query(&(query + &super::page::page_suffix(speed, embed) + &origins));
        };
        if force {
            self.trailing = None;
            self.due.set(false);
            write();
        } else if !self.due.get() {
            self.due.set(true);
            let due = Rc::clone(&self.due);
            self.trailing = Some(Timeout::new(SYNC_INTERVAL_MS, move || {
                due.set(false);
                write();
            }));
        }
    }
}
