//! "Export run": the scenario and the recent trace of the run on screen, downloaded as a
//! JSON file named after the lab and the seed. The data crosses into JS with
//! `serde-wasm-bindgen`, `JSON.stringify` writes it, and a `Blob` behind an object URL
//! is handed to an `<a download>`.

use super::page::LabKind;
use gloo_timers::callback::Timeout;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// What the file's `format` field says it is.
pub const FORMAT: &str = "ddia-lab run";

/// One event of the recent trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceLine {
    /// Position among all the run's events (Raft) or log lines (storage), from 0.
    pub index: u64,
    /// When, in the file's `unit`s (simulated µs or operations).
    pub at: u64,
    /// What happened, in words.
    pub text: String,
}

/// The exported run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunExport {
    /// Always [`FORMAT`].
    pub format: &'static str,
    /// The `lab=` word.
    pub lab: &'static str,
    /// The seed of the run (a string above 2^53 - 1, where JSON numbers stop being
    /// exact).
    #[serde(serialize_with = "exact_u64")]
    pub seed: u64,
    /// The scenario query that replays the run (open `?` + this to see it again).
    pub scenario: String,
    /// How far the run is, in `unit`s.
    pub position: u64,
    /// `"us"` (simulated microseconds) or `"op"` (operations).
    pub unit: &'static str,
    /// The most recent events the lab keeps, oldest first.
    pub trace: Vec<TraceLine>,
}

impl RunExport {
    /// The export of a run of `lab` (fields as in [`RunExport`]).
    pub fn new(
        lab: LabKind,
        seed: u64,
        scenario: String,
        position: u64,
        unit: &'static str,
        trace: Vec<TraceLine>,
    ) -> Self {
        RunExport {
            format: FORMAT,
            lab: lab.word(),
            seed,
            scenario,
            position,
            unit,
            trace,
        }
    }

    /// The download's file name, e.g. `ddia-lab-raft-seed-3.json`.
    pub fn file_name(&self) -> String {
        format!("ddia-lab-{}-seed-{}.json", self.lab, self.seed)
    }
}

/// Largest whole number a JSON (JS) number holds exactly: 2^53 - 1.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// `n` as a number if JSON holds it exactly, else as its decimal string.
fn exact_u64<S: serde::Serializer>(n: &u64, s: S) -> Result<S::Ok, S::Error> {
    if *n <= MAX_SAFE_INTEGER {
        s.serialize_u64(*n)
    } else {
        s.serialize_str(&n.to_string())
    }
}

/// A serde value as a plain JS value (maps as plain objects), for `postMessage` and
/// `JSON.stringify`.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, String> {
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&ser).map_err(|e| e.to_string())
}

/// Saves `run` as a JSON file through the browser's download; the error says why not.
pub fn download(run: &RunExport) -> Result<(), String> {
    let json = js_sys::JSON::stringify_with_replacer_and_space(
        &to_js(run)?,
        &JsValue::NULL,
        &JsValue::from(2),
    )
    .map_err(|_| String::from("the run could not be written as JSON"))?;
    let parts = js_sys::Array::of1(&json);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| String::from("the browser refused to make the file"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| String::from("the browser refused a link to the file"))?;
    let clicked = click_download(&url, &run.file_name());
    // The browser has taken the file once the click is handled; free it a little later.
    Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    clicked
}

/// Clicks a temporary `<a download=name href=url>`.
fn click_download(url: &str, name: &str) -> Result<(), String> {
    let refused = || String::from("the page could not start the download");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(refused)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| refused())?
        .dyn_into()
        .map_err(|_| refused())?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_lab_seed_and_carries_scenario_and_trace() {
        let run = RunExport::new(
            LabKind::Raft,
            3,
            "lab=raft&seed=3&t=5".into(),
            5,
            "us",
            vec![TraceLine {
                index: 0,
                at: 5,
                text: "S1 times out".into(),
            }],
        );
        assert_eq!(run.file_name(), "ddia-lab-raft-seed-3.json");
        let v = serde_json::to_value(&run).unwrap();
        assert_eq!(v["format"], "ddia-lab run");
        assert_eq!(v["lab"], "raft");
        assert_eq!(v["scenario"], "lab=raft&seed=3&t=5");
        assert_eq!(v["trace"][0]["text"], "S1 times out");
        assert_eq!(v["unit"], "us");
        assert_eq!(v["seed"], 3);
        let big = RunExport::new(LabKind::Storage, u64::MAX, String::new(), 0, "op", vec![]);
        let v = serde_json::to_value(&big).unwrap();
        assert_eq!(v["seed"], "18446744073709551615");
    }
}
