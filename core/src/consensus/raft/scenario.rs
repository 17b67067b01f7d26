//! The Raft lab's scenario ("runs are data", docs/ARCHITECTURE.md):
//! a seed, the cluster's parameters, the links' faults and the user's recorded actions,
//! plus the moment to show. It is a [`LabLink`]: the shared link code reads and writes
//! the envelope (`lab=raft`, `scn`, `seed`, `t`, `act`), this file the lab's own keys
//! and verbs.
//!
//! Query keys (all optional; defaults are [`Scenario::default`], or the named book
//! scenario given by `scn`, whose settings the other keys override):
//!
//! | key | meaning | range ([`super::params::KNOBS`]) | example |
//! |---|---|---|---|
//! | `lab` | `raft` | | `raft` |
//! | `scn` | start from a named book scenario ([`super::book`]) | | `split-vote` |
//! | `seed` | PRNG seed, unsigned 64-bit | | `42` |
//! | `n` | Raft servers | 3-9 | `5` |
//! | `el` | election timeout range, ms (up to 3 decimals) | 10-10000 | `150-300` |
//! | `hb` | heartbeat interval, ms | 1-5000 | `50` |
//! | `lat` | link latency range, ms | 0-10000 | `5-15` |
//! | `loss` | message loss, percent (up to 4 decimals) | 0-100 | `2.5` |
//! | `dup` | message duplication, percent | 0-100 | `0` |
//! | `t` | simulated time to show, µs | | `1200000` |
//! | `act` | actions, `,`-separated `<µs>:<verb>` | | `900000:c1,2000000:r1` |
//!
//! Numbers are plain digits (no sign) and values are percent-decoded. Verbs name
//! servers 1-based, like the pictures (S1..Sn): `c3` crash S3, `r3` restart S3,
//! `p3/200000` pause S3 for 200000 µs, `k3/-5000` skew S3's clock by -5000 µs,
//! `d3/-100000` make S3's clock run 100000 ppm slow (drift, within ±500000), `P1.2`
//! partition {S1,S2} from the rest, `x1to2` cut the link S1→S2 one way, `h` heal,
//! `L5000-15000/0/0` set every link to latency 5000-15000 µs, loss 0 ppm, duplication
//! 0 ppm, `l1to2/5000-15000/0/0` the same for the one link S1→S2, `q1=5` a client
//! sends command 5 to S1, `D17` drop message #17 (in flight) now, `U17` send it
//! again, `H17/500000` hold it back 500000 µs. Links written before `to` replaced `>` (`x1>2`, or
//! `x1%3E2` as browsers encode it) still read.

use super::book::BOOK;
use super::params::{check_fields, Field, DUP_PERCENT, LATENCY_MS, LOSS_PERCENT, NODES};
use super::{cluster, RaftParams, RaftWorld};
use crate::book::{BookScenario, Named};
use crate::link::query::{decimal, digits, err, scaled, signed, QueryWriter};
use crate::link::{lab_envelope, KnobRange, LabLink, ScenarioError};
use crate::sim::{Action, LinkFaults, MessageAction, SimTime, Timed, MAX_DRIFT_PPM, PPM};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// A reproducible run of the Raft lab.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scenario {
    /// The named book scenario it started from, if any. A label only: it does not
    /// change the run.
    pub name: Option<String>,
    /// Seed of the world's PRNG.
    pub seed: u64,
    /// Raft cluster parameters.
    pub raft: RaftParams,
    /// Behaviour of every link at the start.
    pub links: LinkFaults,
    /// Scheduled and recorded actions, in time order.
    pub actions: Vec<Timed<u64>>,
    /// The moment to show, microseconds of simulated time (`None`: the start).
    pub until_us: Option<u64>,
}

impl Default for Scenario {
    /// Seed 1, five servers, 150-300 ms election timeouts, 50 ms heartbeats, 5-15 ms
    /// links without loss, no actions.
    fn default() -> Self {
        Scenario {
            name: None,
            seed: 1,
            raft: RaftParams::default(),
            links: LinkFaults::default(),
            actions: Vec::new(),
            until_us: None,
        }
    }
}

impl Named for Scenario {
    fn named(self, name: &str) -> Self {
        Scenario {
            name: Some(name.into()),
            ..self
        }
    }
}

impl Scenario {
    /// Builds the world this scenario describes, with its actions scheduled, and runs
    /// it to `until_us` if set. `trace_capacity` recent events are kept for display.
    ///
    /// # Errors
    /// The scenario is not valid ([`LabLink::validate`]); [`LabLink::from_query`] only
    /// returns valid ones.
    pub fn build_raft(&self, trace_capacity: usize) -> Result<RaftWorld, ScenarioError> {
        self.validate_actions()?;
        let mut world = cluster(self.raft, self.seed, self.links, trace_capacity)?;
        for a in &self.actions {
            world.schedule(a.clone());
        }
        if let Some(t) = self.until_us {
            world.run_until(SimTime(t));
        }
        Ok(world)
    }

    /// Checks that the actions are in time order and name servers of the cluster.
    ///
    /// # Errors
    /// The first action out of order or naming a server beyond `n`, under key `act`.
    pub fn validate_actions(&self) -> Result<(), ScenarioError> {
        let n = self.raft.nodes;
        let mut last = 0;
        for a in &self.actions {
            if a.at_us < last {
                return Err(err("act", "actions must be in time order"));
            }
            last = a.at_us;
            let bad_node = match &a.action {
                Action::CutLink { from, to } | Action::SetLink { from, to, .. } => {
                    *from >= n || *to >= n
                }
                Action::Partition { side } => *side >= (1u64 << n),
                other => other.node().is_some_and(|x| x >= n),
            };
            if bad_node {
                return Err(err(
                    "act",
                    format!("an action at {} µs names a server beyond S{n}", a.at_us),
                ));
            }
        }
        Ok(())
    }
}

impl LabLink for Scenario {
    const LAB: &'static str = "raft";
    type World = RaftWorld;
    type Input = Timed<u64>;

    fn book() -> &'static [BookScenario<Self, RaftWorld>] {
        BOOK
    }
    // `t` is simulated µs ([`Scenario::until_us`]).
    lab_envelope!(name: name, seed: seed, position: until_us, inputs: actions);
    fn encode_input(t: &Timed<u64>) -> String {
        format!("{}:{}", t.at_us, encode_action(&t.action))
    }
    fn decode_input(item: &str) -> Result<Timed<u64>, ScenarioError> {
        let bad = || err("act", format!("'{item}' is not <µs>:<verb>"));
        let (at, verb) = item.split_once(':').ok_or_else(bad)?;
        let at_us = digits(at).ok_or_else(bad)?;
        let action = decode_action(verb)
            .ok_or_else(|| err("act", format!("'{verb}' is not a known action")))?;
        Ok(Timed { at_us, action })
    }

    /// Every Raft key is written, so a link reads the same to a person whatever the
    /// defaults become.
    fn write_params(&self, _base: &Self, out: &mut QueryWriter) {
        let (r, l) = (&self.raft, &self.links);
        out.pair("n", r.nodes);
        out.pair(
            "el",
            format!("{}-{}", ms(r.election_min_us), ms(r.election_max_us)),
        );
        out.pair("hb", ms(r.heartbeat_us));
        out.pair(
            "lat",
            format!("{}-{}", ms(l.latency_min_us), ms(l.latency_max_us)),
        );
        out.pair("loss", percent(l.loss_ppm));
        out.pair("dup", percent(l.dup_ppm));
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), ScenarioError> {
        match key {
            "n" => self.raft.nodes = NODES.parse(value)?,
            "el" => {
                let (lo, hi) = ms_range(key, value)?;
                self.raft.election_min_us = lo;
                self.raft.election_max_us = hi;
            }
            "hb" => self.raft.heartbeat_us = ms_value(key, value)?,
            "lat" => {
                let (lo, hi) = ms_range(key, value)?;
                self.links.latency_min_us = lo;
                self.links.latency_max_us = hi;
            }
            "loss" => self.links.loss_ppm = percent_value(&LOSS_PERCENT, value)?,
            "dup" => self.links.dup_ppm = percent_value(&DUP_PERCENT, value)?,
            _ => return Err(err(key, "unknown key")),
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        self.raft.validate()?;
        let l = &self.links;
        check_fields(&[
            Field::ms(&LATENCY_MS, "minimum latency", l.latency_min_us),
            Field::ms(&LATENCY_MS, "maximum latency", l.latency_max_us),
        ])?;
        self.validate_actions()
    }
}

/// Microseconds as milliseconds, exactly (`150500` is `150.5`): how links and the
/// narration write durations.
pub(super) fn ms(us: u64) -> String {
    decimal(us, 1_000)
}

/// Parts per million as a percentage, exactly (`25000` is `2.5`): how links and the
/// narration write loss and duplication.
pub(super) fn percent(ppm: u32) -> String {
    decimal(u64::from(ppm), 10_000)
}

fn ms_value(key: &str, value: &str) -> Result<u64, ScenarioError> {
    scaled(key, value, 1_000)
}

fn ms_range(key: &str, value: &str) -> Result<(u64, u64), ScenarioError> {
    let (lo, hi) = value
        .split_once('-')
        .ok_or_else(|| err(key, format!("'{value}' is not a range like 150-300")))?;
    let (lo, hi) = (ms_value(key, lo)?, ms_value(key, hi)?);
    if hi < lo {
        return Err(err(key, "the range's upper end is below its lower end"));
    }
    Ok((lo, hi))
}

/// A percentage with up to 4 decimals, as parts per million within `range`.
fn percent_value(range: &KnobRange, value: &str) -> Result<u32, ScenarioError> {
    let ppm = scaled(range.key, value, 10_000)?;
    let allowed = range.lo.saturating_mul(10_000)..=range.hi.saturating_mul(10_000);
    u32::try_from(ppm)
        .ok()
        .filter(|p| allowed.contains(&u64::from(*p)) && *p <= PPM)
        .ok_or_else(|| range.out_of_range(&format!("{value}%")))
}

/// The verb of one action (see the module documentation).
pub fn encode_action(a: &Action<u64>) -> String {
    match a {
        Action::Crash(n) => format!("c{}", n + 1),
        Action::Restart(n) => format!("r{}", n + 1),
        Action::Pause { node, for_us } => format!("p{}/{for_us}", node + 1),
        Action::Skew { node, skew_us } => format!("k{}/{skew_us}", node + 1),
        Action::Drift { node, ppm } => format!("d{}/{ppm}", node + 1),
        Action::Partition { side } => {
            let names: Vec<String> = (0..64)
                .filter(|i| side & (1u64 << i) != 0)
                .map(|i| (i + 1).to_string())
                .collect();
            format!("P{}", names.join("."))
        }
        Action::CutLink { from, to } => format!("x{}to{}", from + 1, to + 1),
        Action::Heal => String::from("h"),
        Action::SetLinks(l) => format!("L{}", encode_links(l)),
        Action::SetLink { from, to, faults } => {
            format!("l{}to{}/{}", from + 1, to + 1, encode_links(faults))
        }
        Action::Client { node, request } => format!("q{}={request}", node + 1),
        Action::DropMessage(id) => MessageAction::Drop(*id).verb(),
        Action::DuplicateMessage(id) => MessageAction::Duplicate(*id).verb(),
        &Action::HoldMessage { msg, for_us } => MessageAction::Hold { msg, for_us }.verb(),
    }
}

/// A 1-based server number as a 0-based node id.
fn server(s: &str) -> Option<usize> {
    digits::<usize>(s)?.checked_sub(1)
}

/// `<from>to<to>` (or the older `<from>><to>`): a one-way link between servers.
fn link(s: &str) -> Option<(usize, usize)> {
    let (a, b) = s.split_once("to").or_else(|| s.split_once('>'))?;
    Some((server(a)?, server(b)?))
}

/// `min-max/loss/dup`, microseconds and parts per million.
fn encode_links(l: &LinkFaults) -> String {
    format!(
        "{}-{}/{}/{}",
        l.latency_min_us, l.latency_max_us, l.loss_ppm, l.dup_ppm
    )
}

fn decode_links(s: &str) -> Option<LinkFaults> {
    let (lat, probs) = s.split_once('/')?;
    let (lo, hi) = lat.split_once('-')?;
    let (loss, dup) = probs.split_once('/')?;
    Some(LinkFaults {
        latency_min_us: digits(lo)?,
        latency_max_us: digits(hi)?,
        loss_ppm: digits(loss).filter(|&p| p <= PPM)?,
        dup_ppm: digits(dup).filter(|&p| p <= PPM)?,
    })
}

/// Parses one verb; `None` if malformed.
pub fn decode_action(verb: &str) -> Option<Action<u64>> {
    let mut chars = verb.chars();
    let tag = chars.next()?;
    let rest = chars.as_str();
    Some(match tag {
        'c' => Action::Crash(server(rest)?),
        'r' => Action::Restart(server(rest)?),
        'p' => {
            let (n, us) = rest.split_once('/')?;
            Action::Pause {
                node: server(n)?,
                for_us: digits(us)?,
            }
        }
        'k' => {
            let (n, us) = rest.split_once('/')?;
            Action::Skew {
                node: server(n)?,
                skew_us: signed(us)?,
            }
        }
        'd' => {
            let (n, ppm) = rest.split_once('/')?;
            Action::Drift {
                node: server(n)?,
                ppm: signed(ppm)
                    .and_then(|p| i32::try_from(p).ok())
                    .filter(|p| p.abs() <= MAX_DRIFT_PPM)?,
            }
        }
        'P' => {
            let mut side = 0u64;
            for s in rest.split('.') {
                let id = server(s)?;
                side |= 1u64.checked_shl(u32::try_from(id).ok()?)?;
            }
            Action::Partition { side }
        }
        'x' => {
            let (from, to) = link(rest)?;
            Action::CutLink { from, to }
        }
        'h' if rest.is_empty() => Action::Heal,
        'L' => Action::SetLinks(decode_links(rest)?),
        'l' => {
            let (ends, faults) = rest.split_once('/')?;
            let (from, to) = link(ends)?;
            Action::SetLink {
                from,
                to,
                faults: decode_links(faults)?,
            }
        }
        'D' | 'U' | 'H' => MessageAction::parse(verb)?.action(),
        'q' => {
            let (n, cmd) = rest.split_once('=')?;
            Action::Client {
                node: server(n)?,
                request: digits(cmd)?,
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_table_gives_every_knob_its_range() {
        crate::link::knob::assert_documented(
            include_str!("scenario.rs"),
            &super::super::params::KNOBS,
        );
    }

    #[test]
    fn default_round_trips_and_reads_well() {
        let s = Scenario::default();
        assert_eq!(
            s.to_query(),
            "lab=raft&seed=1&n=5&el=150-300&hb=50&lat=5-15&loss=0&dup=0"
        );
        assert_eq!(Scenario::from_query(&s.to_query()), Ok(s));
        assert_eq!(Scenario::from_query(""), Ok(Scenario::default()));
    }

    #[test]
    fn every_verb_round_trips() {
        let verbs = [
            "c1",
            "r9",
            "p3/200000",
            "k2/-5000",
            "d3/-100000",
            "d1/500000",
            "P1.2",
            "x1to2",
            "h",
            "L1000-2000/5/6",
            "l2to3/1000-2000/5/6",
            "q4=77",
        ];
        for v in verbs {
            let a = decode_action(v).unwrap_or_else(|| panic!("{v}"));
            assert_eq!(encode_action(&a), v);
        }
        // Links written before `to`, as typed and as a browser encodes them.
        assert_eq!(decode_action("x1>2"), decode_action("x1to2"));
        let old = Scenario::from_query("act=5:x1%3E2,6:l2%3E3/1-2/3/4").unwrap();
        assert_eq!(old.actions[0].action, decode_action("x1to2").unwrap());
        assert_eq!(
            old.to_query(),
            "lab=raft&seed=1&n=5&el=150-300&hb=50&lat=5-15&loss=0&dup=0&act=5:x1to2,6:l2to3/1-2/3/4"
        );
    }

    #[test]
    fn a_cut_link_opens_again_after_a_browser_encodes_it() {
        // Issue 8: `?seed=3&act=500000:x1>2` came back from the address bar as
        // `x1%3E2` and the whole link was rejected.
        let q = "seed=3&act=500000:x1%3E2";
        let s = Scenario::from_query(q).unwrap();
        assert_eq!(s.seed, 3);
        assert!(s
            .to_query()
            .chars()
            .all(|c| crate::link::query::is_link_safe(c) || c == '&'));
    }

    #[test]
    fn a_full_scenario_round_trips() {
        let q = "?embed=1&lab=raft&seed=42&n=7&el=100.5-250&hb=20&lat=1-50&loss=2.5&dup=0.0001&t=1500000&act=10:c1,10:P1.2.3,900:h";
        let s = Scenario::from_query(q).unwrap();
        assert_eq!(s.raft.nodes, 7);
        assert_eq!(s.raft.election_min_us, 100_500);
        assert_eq!(s.links.loss_ppm, 25_000);
        assert_eq!(s.links.dup_ppm, 1);
        assert_eq!(s.actions.len(), 3);
        assert_eq!(s.actions[1].action, Action::Partition { side: 0b111 });
        assert_eq!(Scenario::from_query(&s.to_query()), Ok(s));
    }

    #[test]
    fn bad_input_is_named_never_panics() {
        let cases = [
            ("n=12", "12 is out of range 3-9"),
            ("n=2", "2 is out of range 3-9"),
            ("n=4294967301", "out of range"),
            ("hb=+50", "not a number"),
            ("hb=%2B50", "not a number"),
            ("seed=+3", "not a whole number"),
            ("act=+5:c1", "not <µs>:<verb>"),
            ("act=5:c+1", "not a known action"),
            ("act=5:k1/+5", "not a known action"),
            ("n=abc", "not a whole number"),
            ("el=300-200", "below its lower end"),
            (
                "el=5-6",
                "“el”: minimum election timeout 5 ms is out of range: use 10 to 10000 ms",
            ),
            (
                "el=10-10000.001",
                "maximum election timeout 10000.001 ms is out of range",
            ),
            (
                "hb=5001",
                "heartbeat interval 5001 ms is out of range: use 1 to 5000 ms",
            ),
            ("loss=150", "“loss”: 150% is out of range: use 0 to 100%"),
            ("dup=100.0001", "“dup”: 100.0001% is out of range"),
            ("loss=1.23456", "not a number"),
            (
                "lab=paxos",
                "unknown lab 'paxos'; the labs are lab=raft, lab=storage",
            ),
            ("lab=storage", "this page holds the raft lab, not Storage"),
            ("zzz=1", "unknown key"),
            ("seed=1&seed=2", "appears more than once"),
            ("act=5:c9", "beyond S5"),
            ("act=5:c0", "not a known action"),
            ("act=9:h,5:h", "time order"),
            ("act=oops", "not <µs>:<verb>"),
            ("t=-1", "must be 0 or more"),
            (
                "lat=0-99999999",
                "“lat”: maximum latency 99999999 ms is out of range: use 0 to 10000 ms",
            ),
            (
                "scn=nope",
                "unknown scenario 'nope'; try one of three-servers, split-vote",
            ),
            ("scn=split-vote&act=5:c5", "beyond S4"),
        ];
        for (q, needle) in cases {
            let e = Scenario::from_query(q).expect_err(q);
            assert!(e.to_string().contains(needle), "{q}: {e}");
        }
    }

    #[test]
    fn named_scenarios_round_trip_and_other_keys_override_them() {
        let s = Scenario::from_query("lab=raft&scn=split-vote").unwrap();
        assert_eq!(s.name.as_deref(), Some("split-vote"));
        assert_eq!(s.seed, 12);
        assert_eq!(
            s.to_query(),
            "lab=raft&scn=split-vote&seed=12&n=4&el=150-300&hb=50&lat=5-15&loss=0&dup=0"
        );
        let mut more = s.clone();
        more.actions.push(Timed {
            at_us: 900_000,
            action: Action::Crash(0),
        });
        more.until_us = Some(1_000_000);
        let q = more.to_query();
        assert!(q.starts_with("lab=raft&scn=split-vote&seed=12&"), "{q}");
        assert!(q.ends_with("&t=1000000&act=900000:c1"), "{q}");
        assert_eq!(Scenario::from_query(&q), Ok(more));
        let reseeded = Scenario::from_query("seed=3&scn=three-servers").unwrap();
        assert_eq!((reseeded.seed, reseeded.raft.nodes), (3, 3));
        assert_eq!(Scenario::from_query(&reseeded.to_query()), Ok(reseeded));
        let mut cleared = Scenario::from_query("scn=three-servers").unwrap();
        cleared.actions.clear();
        assert!(cleared.to_query().ends_with("&act="));
        assert_eq!(Scenario::from_query(&cleared.to_query()), Ok(cleared));
    }

    #[test]
    fn the_name_is_only_a_label() {
        let named = Scenario::from_query("scn=paused-leader&t=2000000").unwrap();
        let plain = Scenario {
            name: None,
            ..named.clone()
        };
        assert!(plain.to_query().starts_with("lab=raft&seed=18&"));
        assert_eq!(
            named.build_raft(0).unwrap().digest(),
            plain.build_raft(0).unwrap().digest()
        );
    }

    #[test]
    fn building_replays_the_actions() {
        let s =
            Scenario::from_query("seed=3&act=600000:c1,600000:c2,1200000:r1&t=2000000").unwrap();
        let w = s.build_raft(0).unwrap();
        assert_eq!(w.now(), SimTime(2_000_000));
        assert!(w.nodes()[0].up && !w.nodes()[1].up);
        assert_eq!(w.digest(), s.build_raft(16).unwrap().digest());
    }
}
