//! Scenarios are data (DESIGN principle 6): a lab, a seed, parameters, a fault schedule
//! and the user's recorded actions, plus the moment to show. A scenario round-trips
//! through a short URL query string, so a link reproduces a run exactly.
//!
//! Query keys (all optional; defaults are [`Scenario::default`], or the named book
//! scenario given by `scn`, whose settings the other keys override):
//!
//! | key | meaning | example |
//! |---|---|---|
//! | `lab` | which lab | `raft` |
//! | `scn` | start from a named book scenario ([`crate::consensus::raft::book`]) | `split-vote` |
//! | `seed` | PRNG seed, unsigned 64-bit | `42` |
//! | `n` | Raft servers, 3..=9 | `5` |
//! | `el` | election timeout range, ms | `150-300` |
//! | `hb` | heartbeat interval, ms | `50` |
//! | `lat` | link latency range, ms | `5-15` |
//! | `loss` | message loss, percent (up to 4 decimals) | `2.5` |
//! | `dup` | message duplication, percent | `0` |
//! | `t` | simulated time to show, µs | `1200000` |
//! | `act` | actions, `,`-separated `<µs>:<verb>` | `900000:c1,2000000:r1` |
//!
//! Verbs name servers 1-based, like the pictures (S1..Sn): `c3` crash S3, `r3` restart
//! S3, `p3/200000` pause S3 for 200000 µs, `k3/-5000` skew S3's clock by -5000 µs,
//! `P1.2` partition {S1,S2} from the rest, `x1>2` cut the link S1→S2 one way, `h` heal,
//! `L5000-15000/0/0` set every link to latency 5000-15000 µs, loss 0 ppm, duplication
//! 0 ppm, `l1>2/5000-15000/0/0` the same for the one link S1→S2, `q1=5` a client sends
//! command 5 to S1.

use crate::consensus::raft::{self, RaftParams, RaftWorld};
use crate::query::{action_words, err, number, pairs, scaled};
use crate::sim::{Action, LinkFaults, SimTime, Timed, PPM};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

/// Which lab a scenario is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lab {
    /// Raft leader election and log replication (DDIA ch. 9).
    Raft,
}

/// Query keys that belong to the page, not to the scenario; they are skipped.
pub const PAGE_KEYS: &[&str] = &["embed", "speed", "origin"];

/// Most actions a scenario may carry.
pub const MAX_ACTIONS: usize = 10_000;

/// A reproducible run.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scenario {
    /// The lab.
    pub lab: Lab,
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
    /// Raft, seed 1, five servers, 150-300 ms election timeouts, 50 ms heartbeats,
    /// 5-15 ms links without loss, no actions.
    fn default() -> Self {
        Scenario {
            lab: Lab::Raft,
            name: None,
            seed: 1,
            raft: RaftParams::default(),
            links: LinkFaults::default(),
            actions: Vec::new(),
            until_us: None,
        }
    }
}

/// Why a query string was rejected: the offending key and a sentence for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The query key at fault (empty when the whole string is at fault).
    pub key: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "`{}`: {}", self.key, self.message)
        }
    }
}

impl Scenario {
    /// Builds the world this scenario describes, with its actions scheduled, and runs
    /// it to `until_us` if set. `trace_capacity` recent events are kept for display.
    pub fn build_raft(&self, trace_capacity: usize) -> RaftWorld {
        let mut world = raft::cluster(self.raft, self.seed, self.links, trace_capacity);
        for a in &self.actions {
            world.schedule(a.clone());
        }
        if let Some(t) = self.until_us {
            world.run_until(SimTime(t));
        }
        world
    }

    /// The query string (without `?`), keys in a fixed order (`scn` right after `lab`
    /// when named); parsing it gives back an equal scenario.
    pub fn to_query(&self) -> String {
        let r = &self.raft;
        let l = &self.links;
        let scn = match &self.name {
            Some(name) => format!("&scn={name}"),
            None => String::new(),
        };
        let mut q = format!(
            "lab=raft{scn}&seed={}&n={}&el={}-{}&hb={}&lat={}-{}&loss={}&dup={}",
            self.seed,
            r.nodes,
            ms(r.election_min_us),
            ms(r.election_max_us),
            ms(r.heartbeat_us),
            ms(l.latency_min_us),
            ms(l.latency_max_us),
            percent(l.loss_ppm),
            percent(l.dup_ppm),
        );
        if let Some(t) = self.until_us {
            q.push_str(&format!("&t={t}"));
        }
        let base_acts = !crate::book::named_or_default(raft::book::BOOK, self.name.as_deref())
            .actions
            .is_empty();
        if !self.actions.is_empty() || base_acts {
            // An empty `act=` clears a named scenario's actions.
            let acts: Vec<String> = self.actions.iter().map(encode_timed).collect();
            q.push_str("&act=");
            q.push_str(&acts.join(","));
        }
        q
    }

    /// Parses a query string (a leading `?` is allowed). Missing keys keep the base's
    /// values (the named book scenario's if `scn` is given, else the defaults);
    /// [`PAGE_KEYS`] are skipped.
    ///
    /// # Errors
    /// The first malformed, unknown, repeated or out-of-range key, with a sentence
    /// saying what is allowed. Never panics, whatever the input.
    pub fn from_query(query: &str) -> Result<Scenario, ScenarioError> {
        let settings: Vec<(&str, &str)> = pairs(query).collect::<Result<_, _>>()?;
        let mut s = crate::book::base(raft::book::BOOK, &settings)?;
        for (key, value) in settings {
            if key != "scn" {
                s.set(key, value)?;
            }
        }
        s.raft.validate().map_err(|m| err("", m))?;
        s.validate_actions()?;
        Ok(s)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), ScenarioError> {
        match key {
            "lab" if value == "raft" => self.lab = Lab::Raft,
            "lab" => {
                return Err(err(
                    key,
                    format!("unknown lab '{value}'; the labs are lab=raft and lab=storage"),
                ))
            }
            "seed" => self.seed = number(key, value)?,
            "n" => self.raft.nodes = number(key, value)? as usize,
            "el" => {
                let (lo, hi) = ms_range(key, value)?;
                self.raft.election_min_us = lo;
                self.raft.election_max_us = hi;
            }
            "hb" => self.raft.heartbeat_us = ms_value(key, value)?,
            "lat" => {
                let (lo, hi) = ms_range(key, value)?;
                if hi > 10_000_000 {
                    return Err(err(key, "latency above 10000 ms is not allowed"));
                }
                self.links.latency_min_us = lo;
                self.links.latency_max_us = hi;
            }
            "loss" => self.links.loss_ppm = percent_value(key, value)?,
            "dup" => self.links.dup_ppm = percent_value(key, value)?,
            "t" => self.until_us = Some(number(key, value)?),
            "act" => self.actions = decode_actions(value)?,
            _ => return Err(err(key, "unknown key")),
        }
        Ok(())
    }

    fn validate_actions(&self) -> Result<(), ScenarioError> {
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

fn ms(us: u64) -> String {
    decimal(us, 1_000)
}

fn percent(ppm: u32) -> String {
    decimal(ppm as u64, 10_000)
}

/// `value / unit` with the needed decimals and no trailing zeros.
fn decimal(value: u64, unit: u64) -> String {
    let whole = value / unit;
    let frac = value % unit;
    if frac == 0 {
        return whole.to_string();
    }
    let width = unit.ilog10() as usize;
    let digits = format!("{frac:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
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

fn percent_value(key: &str, value: &str) -> Result<u32, ScenarioError> {
    let ppm = scaled(key, value, 10_000)?;
    if ppm > PPM as u64 {
        return Err(err(key, format!("{value}% is more than 100%")));
    }
    Ok(ppm as u32)
}

fn encode_timed(t: &Timed<u64>) -> String {
    format!("{}:{}", t.at_us, encode_action(&t.action))
}

/// The verb of one action (see the module documentation).
pub fn encode_action(a: &Action<u64>) -> String {
    match a {
        Action::Crash(n) => format!("c{}", n + 1),
        Action::Restart(n) => format!("r{}", n + 1),
        Action::Pause { node, for_us } => format!("p{}/{for_us}", node + 1),
        Action::Skew { node, skew_us } => format!("k{}/{skew_us}", node + 1),
        Action::Partition { side } => {
            let names: Vec<String> = (0..64)
                .filter(|i| side & (1u64 << i) != 0)
                .map(|i| (i + 1).to_string())
                .collect();
            format!("P{}", names.join("."))
        }
        Action::CutLink { from, to } => format!("x{}>{}", from + 1, to + 1),
        Action::Heal => String::from("h"),
        Action::SetLinks(l) => format!("L{}", encode_links(l)),
        Action::SetLink { from, to, faults } => {
            format!("l{}>{}/{}", from + 1, to + 1, encode_links(faults))
        }
        Action::Client { node, request } => format!("q{}={request}", node + 1),
    }
}

fn decode_actions(value: &str) -> Result<Vec<Timed<u64>>, ScenarioError> {
    let items = action_words("act", value)?;
    items.into_iter().map(decode_timed).collect()
}

fn decode_timed(item: &str) -> Result<Timed<u64>, ScenarioError> {
    let (at, verb) = item
        .split_once(':')
        .ok_or_else(|| err("act", format!("'{item}' is not <µs>:<verb>")))?;
    let at_us = number("act", at)?;
    let action =
        decode_action(verb).ok_or_else(|| err("act", format!("'{verb}' is not a known action")))?;
    Ok(Timed { at_us, action })
}

/// A 1-based server number as a 0-based node id.
fn server(s: &str) -> Option<usize> {
    s.parse::<usize>().ok()?.checked_sub(1)
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
        latency_min_us: lo.parse().ok()?,
        latency_max_us: hi.parse().ok()?,
        loss_ppm: loss.parse().ok().filter(|&p| p <= PPM)?,
        dup_ppm: dup.parse().ok().filter(|&p| p <= PPM)?,
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
                for_us: us.parse().ok()?,
            }
        }
        'k' => {
            let (n, us) = rest.split_once('/')?;
            Action::Skew {
                node: server(n)?,
                skew_us: us.parse().ok()?,
            }
        }
        'P' => {
            let mut side = 0u64;
            for s in rest.split('.') {
                let id = server(s)?;
                side |= 1u64.checked_shl(id as u32).filter(|_| id < 64)?;
            }
            Action::Partition { side }
        }
        'x' => {
            let (a, b) = rest.split_once('>')?;
            Action::CutLink {
                from: server(a)?,
                to: server(b)?,
            }
        }
        'h' if rest.is_empty() => Action::Heal,
        'L' => Action::SetLinks(decode_links(rest)?),
        'l' => {
            let (link, faults) = rest.split_once('/')?;
            let (a, b) = link.split_once('>')?;
            Action::SetLink {
                from: server(a)?,
                to: server(b)?,
                faults: decode_links(faults)?,
            }
        }
        'q' => {
            let (n, cmd) = rest.split_once('=')?;
            Action::Client {
                node: server(n)?,
                request: cmd.parse().ok()?,
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "P1.2",
            "x1>2",
            "h",
            "L1000-2000/5/6",
            "l2>3/1000-2000/5/6",
            "q4=77",
        ];
        for v in verbs {
            let a = decode_action(v).unwrap_or_else(|| panic!("{v}"));
            assert_eq!(encode_action(&a), v);
        }
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
            ("n=12", "cluster size 12"),
            ("n=abc", "not a whole number"),
            ("el=300-200", "below its lower end"),
            ("el=5-6", "out of range"),
            ("loss=150", "more than 100%"),
            ("loss=1.23456", "not a number"),
            ("lab=paxos", "unknown lab"),
            ("zzz=1", "unknown key"),
            ("seed=1&seed=2", "appears twice"),
            ("act=5:c9", "beyond S5"),
            ("act=5:c0", "not a known action"),
            ("act=9:h,5:h", "time order"),
            ("act=oops", "not <µs>:<verb>"),
            ("t=-1", "not a whole number"),
            ("lat=0-99999999", "10000 ms"),
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
        assert_eq!(named.build_raft(0).digest(), plain.build_raft(0).digest());
    }

    #[test]
    fn building_replays_the_actions() {
        let s =
            Scenario::from_query("seed=3&act=600000:c1,600000:c2,1200000:r1&t=2000000").unwrap();
        let w = s.build_raft(0);
        assert_eq!(w.now(), SimTime(2_000_000));
        assert!(w.nodes()[0].up && !w.nodes()[1].up);
        assert_eq!(w.digest(), s.build_raft(16).digest());
    }
}
