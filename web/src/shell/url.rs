//! Keeping the address bar in step with the run: read the query at start, replace it
//! (without a new history entry) as the run goes on, at most every
//! [`SYNC_INTERVAL_MS`] of wall time unless forced.

/// Least wall time between two throttled URL updates, milliseconds.
pub const SYNC_INTERVAL_MS: f64 = 500.0;

/// Decides when the URL may be rewritten again.
#[derive(Clone, Copy, Debug, Default)]
pub struct Throttle {
    last_ms: Option<f64>,
}

impl Throttle {
    /// True (and remembers `now_ms`) when `force` is set or the last update is at least
    /// [`SYNC_INTERVAL_MS`] ago.
    pub fn ready(&mut self, now_ms: f64, force: bool) -> bool {
        let due = match self.last_ms {
            None => true,
            Some(last) => now_ms - last >= SYNC_INTERVAL_MS || now_ms < last,
        };
        if force || due {
            self.last_ms = Some(now_ms);
            return true;
        }
        false
    }
}

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

/// Wall-clock milliseconds for throttling (never used for simulated time).
pub fn wall_ms() -> f64 {
    js_sys::Date::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_lets_one_update_through_per_interval() {
        let mut t = Throttle::default();
        assert!(t.ready(0.0, false));
        assert!(!t.ready(100.0, false));
        assert!(t.ready(120.0, true));
        assert!(!t.ready(600.0, false));
        assert!(t.ready(620.0, false));
        assert!(
            t.ready(10.0, false),
            "a clock going backwards does not block updates"
        );
    }
}

/// Writes the run's link into the address bar, throttled.
#[derive(Clone, Copy, Debug, Default)]
pub struct UrlSync {
    /// False when the page was not opened from its own URL (e.g. in tests).
    pub enabled: bool,
    /// Keep `embed=1` in the link.
    pub embed: bool,
    throttle: Throttle,
}

impl UrlSync {
    /// A syncer; `enabled = false` makes [`UrlSync::publish`] a no-op.
    pub fn new(enabled: bool, embed: bool) -> Self {
        UrlSync {
            enabled,
            embed,
            throttle: Throttle::default(),
        }
    }

    /// Replaces the URL with `scenario_query()` plus the page keys when due (or when
    /// `force`d, e.g. after a user action or on pause).
    pub fn publish(&mut self, scenario_query: impl FnOnce() -> String, speed: f64, force: bool) {
        if !self.enabled || !self.throttle.ready(wall_ms(), force) {
            return;
        }
        let query = scenario_query() + &super::page::page_suffix(speed, self.embed);
        replace_query(&query);
    }
}
