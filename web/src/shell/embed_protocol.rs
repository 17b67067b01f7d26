//! The embedding API, protocol version 1: the messages a lab in an `<iframe>` and the
//! page around it exchange with `window.postMessage`, and the `origin=` allow-list.
//! (The wiring is in [`super::embed`]; every lab gets it through
//! [`super::live_lab::LiveLab`].)
//!
//! Every message is a plain object `{ns: "ddia-lab", v: 1, type: "…", …}`.
//!
//! **From the lab**, to `window.parent` (only when the lab is in a frame):
//!
//! | `type` | fields | when |
//! |---|---|---|
//! | `ready` | `lab` (`"raft"`, `"storage"`), `unit` | once, when the lab has mounted |
//! | `state` | `lab`, `position`, `unit`, `playing`, `numbers` | when it changed, at most every [`STATE_INTERVAL_MS`] |
//! | `outcome` | `lab`, `scenario` (the book scenario's `scn` name) | the run first shows that scenario's expected outcome |
//! | `violation` | `lab`, `detail` | an invariant (or the storage oracle) broke; the run stopped |
//! | `error` | `detail` | an accepted command could not be carried out (e.g. a `load` query that cannot be read) |
//!
//! `position` counts `unit`s from the start of the run: `"us"` (simulated microseconds,
//! Raft) or `"op"` (actions, workload operations one by one: storage). `numbers` holds a
//! few headline figures in the lab's terms (Raft: `term`, `leader` (1-based, 0 = none),
//! `events`, `in_flight`; storage: `workload_done`, `workload_ops`, `down`).
//!
//! **To the lab**, accepted only from an origin on the link's allow-list:
//!
//! | `type` | fields | effect |
//! |---|---|---|
//! | `play` | | plays |
//! | `pause` | | pauses |
//! | `step` | | pauses and runs one event (Raft) or operation (storage) |
//! | `seek` | `position` (whole number, in the lab's `unit`) | moves there, paused; backwards replays from the start (exact: runs are deterministic) |
//! | `load` | `query` (a scenario query, e.g. `scn=split-vote`) | starts that scenario, paused at its `t` (or the start) |
//!
//! **Origins.** `origin=https://course.example.edu,http://localhost:8000` in the lab's
//! link lists the pages (scheme, host and port; no path) that may drive it. Without
//! it the lab accepts no command at all and only posts. A command from any other origin
//! is ignored, one that cannot be read is rejected; both with a console warning, never
//! a panic. Where the lab posts: to each allowed origin when there is an allow-list
//! (the browser delivers only to the one that is the parent), else to `"*"`: every
//! message carries only the simulation's public state (positions, counts, scenario
//! names), never what the user typed, so any page embedding the lab may read it.

use ddia_core::sim::vec_map::VecMap;
use serde::{Deserialize, Deserializer, Serialize};

/// The namespace every message carries in `ns`.
pub const NS: &str = "ddia-lab";
/// The protocol version every message carries in `v`.
pub const VERSION: u32 = 1;
/// Least wall time between two `state` messages, milliseconds.
pub const STATE_INTERVAL_MS: u32 = 250;

/// A command from the embedding page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Play.
    Play,
    /// Pause.
    Pause,
    /// Pause and run one step.
    Step,
    /// Move to this position (the lab's unit), paused.
    Seek(u64),
    /// Start the scenario of this query, paused.
    Load(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum CommandType {
    Play,
    Pause,
    Step,
    Seek,
    Load,
}

/// An incoming message as read, before its fields are checked against its type.
#[derive(Deserialize)]
struct Incoming {
    ns: String,
    v: u32,
    #[serde(rename = "type")]
    kind: CommandType,
    #[serde(default)]
    position: Option<u64>,
    #[serde(default)]
    query: Option<String>,
}

/// Reads a command from a message's data (a JS value through `serde-wasm-bindgen`, or
/// JSON in tests); the error says in a sentence what is wrong with it.
pub fn parse_command<'de, D: Deserializer<'de>>(data: D) -> Result<Command, String> {
    let m = Incoming::deserialize(data).map_err(|e| format!("not a ddia-lab command ({e})"))?;
    if m.ns != NS {
        return Err(format!("`ns` is \"{}\", not \"{NS}\"", m.ns));
    }
    if m.v != VERSION {
        return Err(format!(
            "protocol version {} is not supported (this lab speaks v{VERSION})",
            m.v
        ));
    }
    match m.kind {
        CommandType::Play => Ok(Command::Play),
        CommandType::Pause => Ok(Command::Pause),
        CommandType::Step => Ok(Command::Step),
        CommandType::Seek => m
            .position
            .map(Command::Seek)
            .ok_or_else(|| String::from("`seek` needs a `position` (a whole number ≥ 0)")),
        CommandType::Load => m
            .query
            .map(Command::Load)
            .ok_or_else(|| String::from("`load` needs a `query` (a scenario query string)")),
    }
}

/// The target origins a report is posted to: with no allow-list, `"*"` (reports carry
/// only simulation state); with one, only the parent's origin when the browser names it
/// and it is listed (posting to a listed origin that is not the parent's only makes the
/// browser log an error), else every listed origin.
pub fn post_targets(allowed: &[String], parent: Option<&str>) -> Vec<String> {
    match parent {
        _ if allowed.is_empty() => vec![String::from("*")],
        Some(p) => allowed.iter().filter(|a| *a == p).cloned().collect(),
        None => allowed.to_vec(),
    }
}

/// The run as a `state` message shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunState {
    /// The lab's `lab=` word.
    pub lab: &'static str,
    /// How far the run is, in `unit`s.
    pub position: u64,
    /// `"us"` or `"op"`.
    pub unit: &'static str,
    /// True while it plays.
    pub playing: bool,
    /// Headline figures by name, in name order (a JSON object). A [`VecMap`], not a
    /// `BTreeMap`: a handful of entries, and no B-tree code in every page's wasm.
    pub numbers: VecMap<&'static str, u64>,
}

/// A message from the lab to the embedding page (its `type` and fields).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Report {
    /// The lab has mounted.
    Ready {
        /// The lab's `lab=` word.
        lab: &'static str,
        /// What its positions count.
        unit: &'static str,
    },
    /// Where the run is.
    State(RunState),
    /// The run shows the book scenario's expected outcome.
    Outcome {
        /// The lab's `lab=` word.
        lab: &'static str,
        /// The scenario's `scn` name.
        scenario: String,
    },
    /// An invariant broke; the run stopped.
    Violation {
        /// The lab's `lab=` word.
        lab: &'static str,
        /// What broke, in words.
        detail: String,
    },
    /// A command could not be carried out.
    Error {
        /// Why, in words.
        detail: String,
    },
}

/// A report in its envelope: `{ns, v, type, …}` once serialized.
#[derive(Serialize)]
pub struct Envelope<'a> {
    ns: &'static str,
    v: u32,
    #[serde(flatten)]
    report: &'a Report,
}

impl<'a> Envelope<'a> {
    /// `report` with this protocol's namespace and version.
    pub fn new(report: &'a Report) -> Self {
        Envelope {
            ns: NS,
            v: VERSION,
            report,
        }
    }
}

/// The pages allowed to drive the lab (`origin=`), and the entries that were not
/// origins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowList {
    /// Origins as browsers write them (`https://host[:port]`, lower case, no path).
    pub origins: Vec<String>,
    /// Entries of the list that are not an `http(s)` origin, as given.
    pub rejected: Vec<String>,
}

impl AllowList {
    /// Reads a comma-separated list of origins (already percent-decoded). A trailing
    /// `/` is dropped; anything else with a path, a `*`, or a scheme other than `http`
    /// or `https` is rejected.
    pub fn parse(list: &str) -> Self {
        let mut allow = AllowList::default();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match origin(entry) {
                Some(o) if !allow.origins.contains(&o) => allow.origins.push(o),
                Some(_) => {}
                None => allow.rejected.push(entry.to_string()),
            }
        }
        allow
    }

    /// True when `origin` (a `MessageEvent.origin`) is on the list.
    pub fn allows(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == origin)
    }
}

/// `entry` as a browser writes an origin, if it is one.
fn origin(entry: &str) -> Option<String> {
    let entry = entry.strip_suffix('/').unwrap_or(entry);
    let (scheme, host) = entry.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    ((scheme == "http" || scheme == "https") && host_ok)
        .then(|| format!("{scheme}://{}", host.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: serde_json::Value) -> Result<Command, String> {
        parse_command(v)
    }

    #[test]
    fn reads_every_command() {
        let m = |t: &str| json!({"ns": "ddia-lab", "v": 1, "type": t});
        assert_eq!(parse(m("play")), Ok(Command::Play));
        assert_eq!(parse(m("pause")), Ok(Command::Pause));
        assert_eq!(parse(m("step")), Ok(Command::Step));
        let seek = json!({"ns": "ddia-lab", "v": 1, "type": "seek", "position": 1_200_000});
        assert_eq!(parse(seek), Ok(Command::Seek(1_200_000)));
        let load = json!({"ns": "ddia-lab", "v": 1, "type": "load", "query": "scn=split-vote", "extra": 3});
        assert_eq!(parse(load), Ok(Command::Load("scn=split-vote".into())));
    }

    #[test]
    fn rejects_malformed_messages_with_a_sentence() {
        let cases = [
            (json!("play"), "not a ddia-lab command"),
            (json!(null), "not a ddia-lab command"),
            (json!({"type": "play"}), "not a ddia-lab command"),
            (
                json!({"ns": "other", "v": 1, "type": "play"}),
                "`ns` is \"other\"",
            ),
            (
                json!({"ns": "ddia-lab", "v": 2, "type": "play"}),
                "version 2",
            ),
            (
                json!({"ns": "ddia-lab", "v": 1, "type": "jump"}),
                "unknown variant `jump`",
            ),
            (
                json!({"ns": "ddia-lab", "v": 1, "type": "seek"}),
                "needs a `position`",
            ),
            (
                json!({"ns": "ddia-lab", "v": 1, "type": "seek", "position": -5}),
                "not a ddia-lab command",
            ),
            (
                json!({"ns": "ddia-lab", "v": 1, "type": "seek", "position": 1.5}),
                "not a ddia-lab command",
            ),
            (
                json!({"ns": "ddia-lab", "v": 1, "type": "seek", "position": "9"}),
                "not a ddia-lab command",
            ),
            (
                json!({"ns": "ddia-lab", "v": 1, "type": "load"}),
                "needs a `query`",
            ),
        ];
        for (msg, why) in cases {
            let e = parse(msg.clone()).expect_err(&msg.to_string());
            assert!(e.contains(why), "{msg}: {e}");
        }
    }

    #[test]
    fn reports_go_to_the_parent_only_when_it_is_listed() {
        let allowed = vec![
            String::from("https://course.example.edu"),
            String::from("http://127.0.0.1:8311"),
        ];
        assert_eq!(
            post_targets(&allowed, Some("http://127.0.0.1:8311")),
            ["http://127.0.0.1:8311"]
        );
        assert!(post_targets(&allowed, Some("https://elsewhere.org")).is_empty());
        assert_eq!(post_targets(&allowed, None), allowed);
        assert_eq!(post_targets(&[], Some("https://a.org")), ["*"]);
    }

    #[test]
    fn reports_are_flat_namespaced_objects() {
        let ready = Report::Ready {
            lab: "raft",
            unit: "us",
        };
        assert_eq!(
            serde_json::to_value(Envelope::new(&ready)).unwrap(),
            json!({"ns": "ddia-lab", "v": 1, "type": "ready", "lab": "raft", "unit": "us"})
        );
        let state = Report::State(RunState {
            lab: "storage",
            position: 12,
            unit: "op",
            playing: false,
            numbers: [("term", 2), ("down", 0)].into_iter().collect(),
        });
        assert_eq!(
            serde_json::to_value(Envelope::new(&state)).unwrap(),
            json!({"ns": "ddia-lab", "v": 1, "type": "state", "lab": "storage", "position": 12,
                   "unit": "op", "playing": false, "numbers": {"down": 0, "term": 2}})
        );
        // In name order, as a BTreeMap wrote them.
        let text = serde_json::to_string(&state).unwrap();
        assert!(text.contains(r#""numbers":{"down":0,"term":2}"#), "{text}");
        let e = Report::Error { detail: "x".into() };
        assert_eq!(
            serde_json::to_value(Envelope::new(&e)).unwrap(),
            json!({"ns": "ddia-lab", "v": 1, "type": "error", "detail": "x"})
        );
    }

    #[test]
    fn allow_list_keeps_origins_and_names_the_rest() {
        let a = AllowList::parse(
            " https://Course.Example.edu/ ,http://127.0.0.1:8000,*,ftp://x,https://a.b/path,,http://127.0.0.1:8000",
        );
        assert_eq!(
            a.origins,
            ["https://course.example.edu", "http://127.0.0.1:8000"]
        );
        assert_eq!(a.rejected, ["*", "ftp://x", "https://a.b/path"]);
        assert!(a.allows("http://127.0.0.1:8000"));
        assert!(!a.allows("http://127.0.0.1:8001"));
        assert!(!a.allows("null"));
        assert!(!AllowList::parse("").allows(""));
    }
}
