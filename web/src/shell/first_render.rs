//! Time to first render, for `make bench` (DESIGN.md budget: <= 200 ms on localhost).

/// Writes the whole milliseconds since navigation start (`performance.now()`) into the
/// body's `data-first-render-ms`. Called once, right after the lab is mounted.
pub fn stamp() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(ms) = window.performance().map(|p| p.now()) else {
        return;
    };
    if let Some(body) = window.document().and_then(|d| d.body()) {
        let _ = body.set_attribute("data-first-render-ms", &(ms.round() as u64).to_string());
    }
}
