//! The embedding API's wiring (the protocol is [`super::embed_protocol`]): when a lab
//! mounts, [`connect`] posts `ready` to the parent frame, reports the run's `state`,
//! `outcome` and `violation` from a `gloo-timers` interval, and carries out the
//! commands that arrive from an allowed origin. One copy for every lab: it speaks to
//! the lab only through [`LiveLab`].

use super::embed_protocol::{
    parse_command, post_targets, AllowList, Command, Envelope, Report, RunState, NS,
    STATE_INTERVAL_MS,
};
use super::export::to_js;
use super::live_lab::{LabStatus, LiveLab};
use ddia_core::sim::vec_map::VecMap;
use gloo_timers::callback::Interval;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// The page's embedding settings from its link, provided as context by the page.
#[derive(Clone, Debug, Default)]
pub struct EmbedConfig {
    /// Who may drive the lab (`origin=`).
    pub origins: AllowList,
}

/// Says `text` on the browser console as a warning (for the embedding page's author).
fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("ddia-lab: {text}")));
}

/// The window this page is framed in, if it is in a frame.
fn framed_parent() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// The parent frame's origin as the browser tells it (`location.ancestorOrigins`, or
/// the referrer's origin where that is missing), if it does.
fn parent_origin() -> Option<String> {
    let window = web_sys::window()?;
    let ancestors = js_sys::Reflect::get(&window.location(), &JsValue::from_str("ancestorOrigins"))
        .ok()
        .and_then(|list| js_sys::Reflect::get(&list, &JsValue::from_f64(0.0)).ok())
        .and_then(|o| o.as_string());
    ancestors.or_else(|| {
        let referrer = window.document()?.referrer();
        web_sys::Url::new(&referrer).ok().map(|u| u.origin())
    })
}

/// `text`, cut to at most `chars` characters with `…` when longer.
fn clip(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Where reports go: the parent frame, at [`post_targets`].
struct Port {
    parent: Option<web_sys::Window>,
    targets: Vec<String>,
}

impl Port {
    /// Posts `report` in its envelope; nothing when the page is not framed.
    fn post(&self, report: &Report) {
        let Some(parent) = &self.parent else {
            return;
        };
        let data = match to_js(&Envelope::new(report)) {
            Ok(data) => data,
            Err(e) => return warn(&format!("could not post a message: {e}")),
        };
        for origin in &self.targets {
            // Delivered only if the parent is at `origin`; a mismatch is not an error.
            let _ = parent.post_message(&data, origin);
        }
    }
}

/// Connects `lab` to the embedding API, if the page provides an [`EmbedConfig`]:
/// warns about unusable `origin=` entries, listens for commands when there is an
/// allow-list, and, in a frame, posts `ready` and then reports.
pub fn connect<L: LiveLab>(lab: L) {
    let Some(config) = use_context::<EmbedConfig>() else {
        return;
    };
    for entry in &config.origins.rejected {
        warn(&format!(
            "`{entry}` in origin= is not an origin like https://course.example.edu; ignored"
        ));
    }
    let port = Rc::new(Port {
        parent: framed_parent(),
        targets: post_targets(&config.origins.origins, parent_origin().as_deref()),
    });
    listen(lab, config.origins, Rc::clone(&port));
    if port.parent.is_some() {
        port.post(&Report::Ready {
            lab: L::KIND.word(),
            unit: L::UNIT,
        });
        report(lab, port);
    }
}

/// Carries out the commands posted to this window from an allowed origin.
fn listen<L: LiveLab>(lab: L, allow: AllowList, port: Rc<Port>) {
    super::listen::listen(window(), "message", move |ev: web_sys::MessageEvent| {
        let origin = ev.origin();
        let data = ev.data();
        if !in_namespace(&data) {
            return; // another script's message, not ours
        }
        if !allow.allows(&origin) {
            warn(&format!(
                    "ignored a command from {origin}: the lab takes commands only from the origins its link lists in origin= (none: it only reports)"
                ));
            return;
        }
        match parse_command(serde_wasm_bindgen::Deserializer::from(data)) {
            Ok(command) => obey(lab, command, &port),
            Err(e) => warn(&format!("rejected a message from {origin}: {e}")),
        }
    });
}

/// True when `data` is an object whose `ns` is ours.
fn in_namespace(data: &JsValue) -> bool {
    data.is_object()
        && js_sys::Reflect::get(data, &JsValue::from_str("ns"))
            .ok()
            .and_then(|ns| ns.as_string())
            .is_some_and(|ns| ns == NS)
}

/// Does what `command` asks of `lab`.
fn obey<L: LiveLab>(lab: L, command: Command, port: &Port) {
    match command {
        Command::Play => lab.set_playing(true),
        Command::Pause => lab.set_playing(false),
        Command::Step => lab.step(),
        Command::Seek(position) => lab.seek(position),
        Command::Load(query) => {
            if let Err(e) = lab.load_query(&query) {
                let detail = format!("could not load `{}`: {e}", clip(&query, 120));
                warn(&detail);
                port.post(&Report::Error { detail });
            }
        }
    }
}

/// What has been reported so far, to post only changes.
#[derive(Default)]
struct Reported {
    state: Option<RunState>,
    outcome: Option<String>,
    violation: Option<String>,
}

impl Reported {
    /// The reports that `status` calls for since the last call, in order.
    /// `lab` and `unit` as in [`RunState`].
    fn changes(&mut self, lab: &'static str, unit: &'static str, status: LabStatus) -> Vec<Report> {
        let mut out = Vec::new();
        let mut numbers = VecMap::new();
        numbers.extend(status.numbers);
        let state = RunState {
            lab,
            position: status.position,
            unit,
            playing: status.playing,
            numbers,
        };
        if self.state.as_ref() != Some(&state) {
            out.push(Report::State(state.clone()));
            self.state = Some(state);
        }
        if status.outcome != self.outcome {
            if let Some(scenario) = status.outcome.clone() {
                out.push(Report::Outcome { lab, scenario });
            }
            self.outcome = status.outcome;
        }
        if status.violation != self.violation {
            if let Some(detail) = status.violation.clone() {
                out.push(Report::Violation { lab, detail });
            }
            self.violation = status.violation;
        }
        out
    }
}

/// Every [`STATE_INTERVAL_MS`], posts what changed in `lab`'s status. The interval
/// lives as long as the calling component.
fn report<L: LiveLab>(lab: L, port: Rc<Port>) {
    let mut reported = Reported::default();
    let mut tick = move || {
        for r in reported.changes(L::KIND.word(), L::UNIT, lab.status()) {
            port.post(&r);
        }
    };
    tick();
    let interval = Interval::new(STATE_INTERVAL_MS, tick);
    // Stored with the lab's owner: dropped (and cleared) when the lab unmounts.
    let _ = StoredValue::new_local(interval);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(position: u64, outcome: Option<&str>, violation: Option<&str>) -> LabStatus {
        LabStatus {
            position,
            playing: true,
            numbers: vec![("term", 1)],
            outcome: outcome.map(String::from),
            violation: violation.map(String::from),
        }
    }

    fn types(reports: &[Report]) -> Vec<&'static str> {
        reports
            .iter()
            .map(|r| match r {
                Report::Ready { .. } => "ready",
                Report::State(_) => "state",
                Report::Outcome { .. } => "outcome",
                Report::Violation { .. } => "violation",
                Report::Error { .. } => "error",
            })
            .collect()
    }

    #[test]
    fn reports_only_what_changed_and_each_outcome_once() {
        let mut r = Reported::default();
        let mut next = |s| types(&r.changes("raft", "us", s));
        assert_eq!(next(status(0, None, None)), ["state"]);
        assert_eq!(next(status(0, None, None)), Vec::<&str>::new());
        assert_eq!(
            next(status(5, Some("split-vote"), None)),
            ["state", "outcome"]
        );
        assert_eq!(next(status(9, Some("split-vote"), None)), ["state"]);
        assert_eq!(next(status(2, None, None)), ["state"], "a seek back");
        assert_eq!(
            next(status(9, Some("split-vote"), None)),
            ["state", "outcome"]
        );
        assert_eq!(
            next(status(9, Some("split-vote"), Some("Election Safety"))),
            ["violation"]
        );
        assert_eq!(
            next(status(9, Some("split-vote"), Some("Election Safety"))),
            Vec::<&str>::new()
        );
    }
}
