//! A partitioning-lab scenario (docs/ARCHITECTURE.md, "runs are data"): the strategy,
//! its knobs, the key set and workload, the routing mode and the recorded actions. It
//! round-trips through a short URL query string; only settings that differ from the
//! base (the defaults, or the named book scenario given by `scn`) are written.
//!
//! | key | meaning | range ([`super::knobs::KNOBS`]) | example |
//! |---|---|---|---|
//! | `lab` | must be `partition` | | `partition` |
//! | `scn` | start from a named book scenario ([`super::book`]) | | `ring-60` |
//! | `t` | actions done; absent = all | u64 | `2` |
//! | `seed` | workload seed | u64 | `7` |
//! | `strategy` | `range`, `mod`, `ring`, `fixed`, `prop` | | `mod` |
//! | `nodes` | nodes at the start | 1-64 | `10` |
//! | `tokens` | ring only: one node per token, at whole degrees, `.`-separated | 0-359 | `0.120.240` |
//! | `vnodes` | ring: tokens per node; prop: partitions per node | 1-256 | `8` |
//! | `parts` | fixed: partitions (also the most nodes) | 1-4096 | `64` |
//! | `split` | key range: split a partition past this, bytes | 64-1048576 | `8192` |
//! | `keys` | keys stored at the start (and the key space) | 1-100000 | `1000` |
//! | `val` | value size, bytes | 1-4096 | `64` |
//! | `dist` | requests: `u` uniform, `zipf`, `celeb` (one hot key), `ts` (timestamps) | | `celeb` |
//! | `zipf` | Zipf exponent, hundredths | 0-300 | `100` |
//! | `hot` | the celebrity key's share of requests, % | 1-100 | `30` |
//! | `writes` | share of requests that write, % | 0-100 | `50` |
//! | `salt` | sub-keys of the hot key at the start (1 = none) | 1-64 | `8` |
//! | `route` | `any` (any node forwards), `tier` (routing tier), `client` (partition-aware) | | `tier` |
//! | `rebal` | `auto`, or `manual` (an operator approves each rebalance) | | `manual` |
//! | `hloss` | the last rebalance over the network: link loss, % | 0-50 | `20` |
//! | `hlat` | its largest one-way message delay, ms (the smallest is 5) | 5-500 | `60` |
//! | `hcrash` | `1`: the first transfer's old owner crashes 10 ms in, restarts 50 ms later | 0-1 | `1` |
//! | `act` | actions, `,`-separated | | `a,w500,q42` |
//!
//! Action verbs: `a` add a node, `a@60` add a node with one ring token at 60°, `d3`
//! remove (decommission) N3, `w500` 500 workload requests (1-100000; at most
//! 1,000,000 in a run), `q42` read key 42 through the router, `x` split the hot range,
//! `k8` salt the hot key with 8 sub-keys (`k1`: unsalted), `ok` approve the planned
//! rebalance, `n` the coordination service notifies the routers of the new table, `i500`
//! 500 secondary-index operations (each a write and a read by term) on a local and on a
//! global index (1-100000; counted with the requests), `wt3=2` give ring node N3 weight 2
//! (1-16: `vnodes × 2` tokens), `dist:zipf` requests from now on follow Zipf (`u`,
//! `zipf`, `celeb`, `ts`), `route:tier` reads from now on go through the routing tier
//! (`any`, `tier`, `client`), `rebal:manual` / `rebal:auto` rebalancing from now on
//! waits for the operator / happens at once. The run-wide `dist`, `route` and `rebal`
//! keys set the values the run starts with.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::book::BOOK;
use super::knobs::{
    BATCH, DEGREES, HOT, KEYS, MAX_REQUESTS, NET_CRASH, NET_LATENCY, NET_LOSS, NODES, PARTS, SALT,
    SPLIT, VAL, VNODES, WEIGHT, WRITES, ZIPF,
};
use super::lab::PartitionLab;
use super::routing::RoutingMode;
use super::{PlacementConfig, Skew, StrategyKind};
use crate::book::{BookScenario, Named};
use crate::link::query::{digits, err, word_of, QueryWriter};
use crate::link::{lab_envelope, LabLink, ScenarioError};

/// One recorded action of the partitioning lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartitionAction {
    /// Add a node (`a`).
    AddNode,
    /// Add a node with one ring token at these whole degrees (`a@60`).
    AddNodeAt(u32),
    /// Remove node `N<id>` (`d3`).
    RemoveNode(u32),
    /// Run this many workload requests (`w500`).
    Requests(u32),
    /// Read one key through the router (`q42`).
    Read(u64),
    /// Split the hot range (`x`).
    SplitHot,
    /// Salt the hot key with this many sub-keys (`k8`).
    Salt(u32),
    /// Approve the planned rebalance (`ok`).
    Approve,
    /// Notify the routers of the current routing table (`n`).
    Notify,
    /// Give ring node `N<node>` this weight (`wt3=2`).
    Weight {
        /// The node's id.
        node: u32,
        /// Its weight, 1-16.
        weight: u32,
    },
    /// Run this many secondary-index operations (a write, then a read) on a local and
    /// on a global index over the nodes (`i500`).
    Index(u32),
    /// Requests from now on pick keys this way (`dist:zipf`; `dist=` sets the start).
    Dist(Dist),
    /// Reads from now on are routed this way (`route:tier`; `route=` sets the start).
    Route(RoutingMode),
    /// Rebalancing from now on: `true` an operator approves each one (`rebal:manual`,
    /// `rebal:auto`; `rebal=` sets the start).
    Manual(bool),
}

/// How requests pick keys, as the link names it (`dist`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dist {
    /// `u`.
    #[default]
    Uniform,
    /// `zipf`, exponent from `zipf`.
    Zipf,
    /// `celeb`, share from `hot`.
    Celebrity,
    /// `ts`.
    Timestamps,
}

impl Dist {
    /// Every distribution.
    pub const ALL: [Dist; 4] = [Dist::Uniform, Dist::Zipf, Dist::Celebrity, Dist::Timestamps];

    /// Its name in menus and narration.
    pub fn name(self) -> &'static str {
        match self {
            Dist::Uniform => "uniform",
            Dist::Zipf => "Zipf (a few keys are popular)",
            Dist::Celebrity => "one celebrity key",
            Dist::Timestamps => "timestamp keys (ever increasing)",
        }
    }

    /// Its link word.
    pub fn word(self) -> &'static str {
        match self {
            Dist::Uniform => "u",
            Dist::Zipf => "zipf",
            Dist::Celebrity => "celeb",
            Dist::Timestamps => "ts",
        }
    }
}

/// A partitioning-lab run.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PartitionScenario {
    /// The named book scenario it started from, if any.
    pub name: Option<String>,
    /// Workload seed.
    pub seed: u64,
    /// The strategy shown (all five run side by side on the same keys).
    pub strategy: StrategyKind,
    /// Nodes at the start (ignored when `tokens` is set).
    pub nodes: u32,
    /// Ring only: one node per token, at these whole degrees (empty: hashed vnodes).
    pub tokens: Vec<u32>,
    /// Tokens per node (ring), partitions per node (proportional).
    pub vnodes: u32,
    /// Fixed partitions.
    pub partitions: u32,
    /// Key range split threshold, bytes (merges below a quarter of it).
    pub split_bytes: u64,
    /// Keys at the start.
    pub keys: u64,
    /// Value size, bytes.
    pub value_bytes: u32,
    /// Request distribution.
    pub dist: Dist,
    /// Zipf exponent, hundredths.
    pub zipf: u32,
    /// Celebrity share, percent.
    pub hot_pct: u32,
    /// Writes, percent.
    pub writes_pct: u32,
    /// Sub-keys of the hot key at the start.
    pub salt: u32,
    /// Who routes requests.
    pub routing: RoutingMode,
    /// Whether an operator approves each rebalance.
    pub manual: bool,
    /// The last rebalance over the network: link loss, percent.
    pub net_loss_pct: u32,
    /// Its largest one-way message delay, ms (the smallest is 5 ms).
    pub net_latency_ms: u32,
    /// Whether the first transfer's old owner crashes mid-handoff (and restarts).
    pub net_crash: bool,
    /// Recorded actions, in order: the whole run, done and still to do.
    pub actions: Vec<PartitionAction>,
    /// Actions done (`t`); `None` = all of them. Book scenarios start at `Some(0)`. Any
    /// count is accepted: past the actions means all of them.
    pub position: Option<u64>,
}

impl Default for PartitionScenario {
    /// Consistent hashing, 4 nodes with 8 vnodes each, 1,000 keys of 64 bytes, uniform
    /// requests, half of them writes, any node forwards, automatic rebalancing; fixed:
    /// 64 partitions; key range: split past 8 KiB.
    fn default() -> Self {
        PartitionScenario {
            name: None,
            seed: 1,
            strategy: StrategyKind::Ring,
            nodes: 4,
            tokens: Vec::new(),
            vnodes: 8,
            partitions: 64,
            split_bytes: 8192,
            keys: 1000,
            value_bytes: 64,
            dist: Dist::Uniform,
            zipf: 100,
            hot_pct: 30,
            writes_pct: 50,
            salt: 1,
            routing: RoutingMode::AnyNode,
            manual: false,
            net_loss_pct: 0,
            net_latency_ms: 15,
            net_crash: false,
            actions: Vec::new(),
            position: None,
        }
    }
}

impl PartitionScenario {
    /// The placement knobs of `kind`.
    pub fn config(&self, kind: StrategyKind) -> PlacementConfig {
        PlacementConfig {
            kind,
            vnodes: self.vnodes,
            partitions: self.partitions,
            split_bytes: self.split_bytes,
            merge_bytes: self.split_bytes / 4,
        }
    }

    /// The request distribution at the start.
    pub fn skew(&self) -> Skew {
        self.skew_of(self.dist)
    }

    /// Distribution `dist` with this run's Zipf exponent and celebrity share.
    pub fn skew_of(&self, dist: Dist) -> Skew {
        match dist {
            Dist::Uniform => Skew::Uniform,
            Dist::Zipf => Skew::Zipf {
                s_hundredths: self.zipf,
            },
            Dist::Celebrity => Skew::Celebrity {
                share_pct: self.hot_pct,
            },
            Dist::Timestamps => Skew::Timestamps,
        }
    }

    /// Nodes at the start: one per token, or `nodes`.
    pub fn initial_nodes(&self) -> u32 {
        if self.tokens.is_empty() {
            self.nodes
        } else {
            super::to_u32(self.tokens.len())
        }
    }
}

impl Named for PartitionScenario {
    fn named(self, name: &str) -> Self {
        PartitionScenario {
            name: Some(name.into()),
            ..self
        }
    }
}

fn encode_action(a: &PartitionAction) -> String {
    match *a {
        PartitionAction::AddNode => "a".into(),
        PartitionAction::AddNodeAt(d) => format!("a@{d}"),
        PartitionAction::RemoveNode(n) => format!("d{n}"),
        PartitionAction::Requests(n) => format!("w{n}"),
        PartitionAction::Read(k) => format!("q{k}"),
        PartitionAction::SplitHot => "x".into(),
        PartitionAction::Salt(k) => format!("k{k}"),
        PartitionAction::Approve => "ok".into(),
        PartitionAction::Notify => "n".into(),
        PartitionAction::Index(n) => format!("i{n}"),
        PartitionAction::Weight { node, weight } => format!("wt{node}={weight}"),
        PartitionAction::Dist(d) => format!("dist:{}", d.word()),
        PartitionAction::Route(m) => format!("route:{}", m.word()),
        PartitionAction::Manual(on) => format!("rebal:{}", rebal_word(on)),
    }
}

/// The link word of a rebalancing mode (`rebal=`, `rebal:`).
fn rebal_word(manual: bool) -> &'static str {
    if manual {
        "manual"
    } else {
        "auto"
    }
}

/// `rebal`'s value as a mode (`true`: manual).
fn rebal_of(key: &str, value: &str) -> Result<bool, ScenarioError> {
    match value {
        "auto" => Ok(false),
        "manual" => Ok(true),
        _ => Err(err(key, format!("'{value}' is not one of auto, manual"))),
    }
}

/// One `act` verb, the single source for the parser and the bad-`act` notice: its
/// word, what follows the word (as the notice shows it; `""` for a bare verb, which
/// must match whole) and how the rest after the word reads.
struct Verb {
    word: &'static str,
    arg: &'static str,
    read: ReadVerb,
}

/// A [`Verb`] row.
const fn verb(word: &'static str, arg: &'static str, read: ReadVerb) -> Verb {
    Verb { word, arg, read }
}

/// Reads the rest of an `act` word after its verb (the whole word for the notice).
type ReadVerb = fn(word: &str, rest: &str) -> Result<PartitionAction, ScenarioError>;

/// Every `act` verb, tried in order (`dist:` before `d`, `a@` before `a`, `wt` before `w`).
const VERBS: [Verb; 14] = [
    verb("dist:", "<u|zipf|celeb|ts>", |_, r| {
        setting_action("dist", r)
    }),
    verb("route:", "<any|tier|client>", |_, r| {
        setting_action("route", r)
    }),
    verb("rebal:", "<auto|manual>", |_, r| setting_action("rebal", r)),
    verb("a@", "<degrees 0-359>", |w, r| {
        num(w, r, &DEGREES).map(PartitionAction::AddNodeAt)
    }),
    verb("a", "", |_, _| Ok(PartitionAction::AddNode)),
    verb("d", "<node>", |w, r| {
        digits(r)
            .map(PartitionAction::RemoveNode)
            .ok_or_else(|| bad(w))
    }),
    verb("wt", "<node>=<weight 1-16>", read_weight),
    verb("w", "<requests 1-100000>", |w, r| {
        num(w, r, &BATCH).map(PartitionAction::Requests)
    }),
    verb("q", "<key>", |w, r| {
        digits(r).map(PartitionAction::Read).ok_or_else(|| bad(w))
    }),
    verb("x", "", |_, _| Ok(PartitionAction::SplitHot)),
    verb("k", "<sub-keys 1-64>", |w, r| {
        num(w, r, &SALT).map(PartitionAction::Salt)
    }),
    verb("i", "<operations 1-100000>", |w, r| {
        num(w, r, &BATCH).map(PartitionAction::Index)
    }),
    verb("ok", "", |_, _| Ok(PartitionAction::Approve)),
    verb("n", "", |_, _| Ok(PartitionAction::Notify)),
];

/// The bad-`act` notice: `'<word>' is not an action; the verbs are …`, every verb of
/// [`VERBS`] with what follows it.
fn bad(word: &str) -> ScenarioError {
    let mut m = format!("'{word}' is not an action; the verbs are");
    for (i, v) in VERBS.iter().enumerate() {
        let sep = if i == 0 { " " } else { ", " };
        m.push_str(sep);
        m.push_str(v.word);
        m.push_str(v.arg);
    }
    err("act", m)
}

/// `rest` as a number in `range` (the notice names `word` and the range when not).
fn num(word: &str, rest: &str, range: &crate::link::KnobRange) -> Result<u32, ScenarioError> {
    let v: u64 = digits(rest).ok_or_else(|| bad(word))?;
    if !range.contains(v) {
        return Err(err(
            "act",
            format!("'{word}': {v} is out of range {}", range.span()),
        ));
    }
    u32::try_from(v).map_err(|_| bad(word))
}

/// `wt<node>=<weight>`'s rest.
fn read_weight(word: &str, rest: &str) -> Result<PartitionAction, ScenarioError> {
    let (node, weight) = rest.split_once('=').ok_or_else(|| bad(word))?;
    Ok(PartitionAction::Weight {
        node: digits(node).ok_or_else(|| bad(word))?,
        weight: num(word, weight, &WEIGHT)?,
    })
}

/// A `dist:`, `route:` or `rebal:` action: the run-wide key's value, read as the
/// key itself is.
fn setting_action(key: &str, value: &str) -> Result<PartitionAction, ScenarioError> {
    let mut s = PartitionScenario::default();
    s.set_param(key, value).map_err(|e| err("act", e.message))?;
    Ok(match key {
        "dist" => PartitionAction::Dist(s.dist),
        "route" => PartitionAction::Route(s.routing),
        _ => PartitionAction::Manual(s.manual),
    })
}

/// The verb of [`VERBS`] that `word` starts with (a bare verb: that is all of `word`)
/// and the rest after it.
fn verb_of(word: &str) -> Option<(&'static Verb, &str)> {
    VERBS.iter().find_map(|v| match word.strip_prefix(v.word) {
        Some(rest) if !v.arg.is_empty() || rest.is_empty() => Some((v, rest)),
        _ => None,
    })
}

fn decode_action(word: &str) -> Result<PartitionAction, ScenarioError> {
    let (verb, rest) = verb_of(word).ok_or_else(|| bad(word))?;
    (verb.read)(word, rest)
}

/// Ring tokens as whole degrees 0-359, one node each: `0.120.240` in a link (dots),
/// spaces or commas as typed in the panel; empty means hashed vnodes.
///
/// # Errors
/// A value that is not a degree, more tokens than the most nodes, or an angle twice
/// (two nodes cannot stand at one).
pub fn parse_tokens(value: &str) -> Result<Vec<u32>, ScenarioError> {
    let tokens = value
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|d| !d.is_empty())
        .map(|d| DEGREES.parse::<u32>(d))
        .collect::<Result<Vec<u32>, _>>()?;
    if tokens.len() > super::to_usize(u32::try_from(NODES.hi).unwrap_or(u32::MAX)) {
        return Err(NODES.out_of_range(&format!("{} tokens", tokens.len())));
    }
    if let Some(d) = tokens
        .iter()
        .find(|d| tokens.iter().filter(|e| e == d).count() > 1)
    {
        return Err(err(
            "tokens",
            format!("{d}° appears twice: each token is a different angle"),
        ));
    }
    Ok(tokens)
}

struct Dots<'a>(&'a [u32]);

impl fmt::Display for Dots<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl LabLink for PartitionScenario {
    const LAB: &'static str = "partition";
    type World = PartitionLab;
    type Input = PartitionAction;

    fn book() -> &'static [BookScenario<Self, PartitionLab>] {
        BOOK
    }
    // `t` is actions done ([`PartitionScenario::position`]).
    lab_envelope!(name: name, seed: seed, position: position, inputs: actions);
    fn encode_input(a: &PartitionAction) -> String {
        encode_action(a)
    }
    fn decode_input(word: &str) -> Result<PartitionAction, ScenarioError> {
        decode_action(word)
    }

    fn write_params(&self, b: &Self, out: &mut QueryWriter) {
        out.pair_if(
            self.strategy != b.strategy,
            "strategy",
            &self.strategy.word(),
        );
        out.pair_if(self.nodes != b.nodes, "nodes", &self.nodes);
        out.pair_if(self.tokens != b.tokens, "tokens", &Dots(&self.tokens));
        out.pair_if(self.vnodes != b.vnodes, "vnodes", &self.vnodes);
        out.pair_if(self.partitions != b.partitions, "parts", &self.partitions);
        out.pair_if(
            self.split_bytes != b.split_bytes,
            "split",
            &self.split_bytes,
        );
        out.pair_if(self.keys != b.keys, "keys", &self.keys);
        out.pair_if(self.value_bytes != b.value_bytes, "val", &self.value_bytes);
        out.pair_if(self.dist != b.dist, "dist", &self.dist.word());
        out.pair_if(self.zipf != b.zipf, "zipf", &self.zipf);
        out.pair_if(self.hot_pct != b.hot_pct, "hot", &self.hot_pct);
        out.pair_if(self.writes_pct != b.writes_pct, "writes", &self.writes_pct);
        out.pair_if(self.salt != b.salt, "salt", &self.salt);
        out.pair_if(self.routing != b.routing, "route", &self.routing.word());
        out.pair_if(self.manual != b.manual, "rebal", &rebal_word(self.manual));
        out.pair_if(
            self.net_loss_pct != b.net_loss_pct,
            "hloss",
            &self.net_loss_pct,
        );
        out.pair_if(
            self.net_latency_ms != b.net_latency_ms,
            "hlat",
            &self.net_latency_ms,
        );
        out.pair_if(
            self.net_crash != b.net_crash,
            "hcrash",
            &u32::from(self.net_crash),
        );
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), ScenarioError> {
        match key {
            "strategy" => {
                self.strategy = word_of(key, value, &StrategyKind::ALL, StrategyKind::word)?
            }
            "nodes" => self.nodes = NODES.parse(value)?,
            "tokens" => self.tokens = parse_tokens(value)?,
            "vnodes" => self.vnodes = VNODES.parse(value)?,
            "parts" => self.partitions = PARTS.parse(value)?,
            "split" => self.split_bytes = SPLIT.parse(value)?,
            "keys" => self.keys = KEYS.parse(value)?,
            "val" => self.value_bytes = VAL.parse(value)?,
            "dist" => self.dist = word_of(key, value, &Dist::ALL, Dist::word)?,
            "zipf" => self.zipf = ZIPF.parse(value)?,
            "hot" => self.hot_pct = HOT.parse(value)?,
            "writes" => self.writes_pct = WRITES.parse(value)?,
            "salt" => self.salt = SALT.parse(value)?,
            "route" => self.routing = word_of(key, value, &RoutingMode::ALL, RoutingMode::word)?,
            "rebal" => self.manual = rebal_of(key, value)?,
            "hloss" => self.net_loss_pct = NET_LOSS.parse(value)?,
            "hlat" => self.net_latency_ms = NET_LATENCY.parse(value)?,
            "hcrash" => self.net_crash = NET_CRASH.parse::<u32>(value)? == 1,
            _ => return Err(err(key, "unknown key for the partition lab".to_string())),
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        if !self.tokens.is_empty() && self.strategy != StrategyKind::Ring {
            return Err(err(
                "tokens",
                format!(
                    "tokens place a ring's nodes by hand: use strategy=ring, not {}",
                    self.strategy.word()
                ),
            ));
        }
        if self.strategy == StrategyKind::Fixed && self.initial_nodes() > self.partitions {
            return Err(err(
                "parts",
                format!(
                    "{} fixed partitions cannot hold {} nodes: every node needs one",
                    self.partitions,
                    self.initial_nodes()
                ),
            ));
        }
        let requests: u64 = self
            .actions
            .iter()
            .map(|a| match a {
                PartitionAction::Requests(n) | PartitionAction::Index(n) => u64::from(*n),
                _ => 0,
            })
            .sum();
        if requests > MAX_REQUESTS {
            return Err(err(
                "act",
                format!("{requests} requests in all: at most {MAX_REQUESTS} in one run"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::knob::assert_documented;

    /// Every action, one of each kind.
    fn one_of_each() -> [PartitionAction; 15] {
        use PartitionAction::*;
        [
            AddNode,
            AddNodeAt(60),
            RemoveNode(3),
            Weight { node: 3, weight: 2 },
            Requests(500),
            Read(42),
            SplitHot,
            Salt(8),
            Index(300),
            Approve,
            Notify,
            Dist(super::Dist::Timestamps),
            Route(RoutingMode::Client),
            Manual(true),
            Manual(false),
        ]
    }

    /// The verbs the bad-`act` notice lists, each as `(word, what follows it)`.
    fn listed_verbs() -> Vec<(String, String)> {
        let notice = decode_action("zz").unwrap_err().message;
        let list = notice.split_once("the verbs are ").unwrap().1;
        list.split(", ")
            .map(|v| {
                let at = v.find('<').unwrap_or(v.len());
                (v[..at].to_string(), v[at..].to_string())
            })
            .collect()
    }

    /// Every verb the parser accepts is in the bad-`act` notice, and every verb the
    /// notice lists is read as it says: each `<a|b>` word, and a `<what lo-hi>` number
    /// at both ends of its range but not past them (play16 C8).
    #[test]
    fn the_verbs_notice_lists_what_the_parser_reads() {
        let listed = listed_verbs();
        for a in one_of_each() {
            let word = encode_action(&a);
            let (verb, _) = verb_of(&word).unwrap();
            assert!(
                listed.iter().any(|(w, _)| w == verb.word),
                "{word} is not in the notice: {listed:?}"
            );
        }
        for (word, arg) in &listed {
            for ok in listed_examples(arg) {
                let w = format!("{word}{ok}");
                assert!(decode_action(&w).is_ok(), "{w}: {:?}", decode_action(&w));
            }
            for past in past_the_range(arg) {
                let w = format!("{word}{past}");
                assert!(
                    decode_action(&w).is_err(),
                    "{w} is read though past the range"
                );
            }
        }
        assert!(listed
            .iter()
            .any(|(w, a)| w == "i" && a == "<operations 1-100000>"));
        assert!(listed
            .iter()
            .any(|(w, a)| w == "wt" && a == "<node>=<weight 1-16>"));
    }

    /// Words the placeholder `arg` allows: its `<a|b>` choices, or its numbers with
    /// each `<what lo-hi>` at its low end and at its high end.
    fn listed_examples(arg: &str) -> Vec<String> {
        if arg.contains('|') {
            return arg
                .trim_matches(['<', '>'])
                .split('|')
                .map(String::from)
                .collect();
        }
        let ends = |high: bool| {
            let mut out = String::new();
            for part in arg.split_inclusive('>') {
                let (text, inner) = part.split_once('<').unwrap_or((part, ""));
                out.push_str(text);
                let inner = inner.trim_end_matches('>');
                if inner.is_empty() && !part.contains('<') {
                    continue;
                }
                out.push_str(&match range_of(inner) {
                    Some((lo, hi)) => if high { hi } else { lo }.to_string(),
                    None => "1".to_string(),
                });
            }
            out
        };
        alloc::vec![ends(false), ends(true)]
    }

    /// Words just past the ranges in `arg` (one past `hi`, and one under `lo` when
    /// `lo` is above 0), with every other placeholder at 1.
    fn past_the_range(arg: &str) -> Vec<String> {
        let Some(inner) = arg.rsplit('<').next().map(|s| s.trim_end_matches('>')) else {
            return Vec::new();
        };
        let Some((lo, hi)) = range_of(inner) else {
            return Vec::new();
        };
        let head = arg
            .rsplit_once('<')
            .map_or("", |(h, _)| h)
            .replace("<node>", "1");
        let mut out = alloc::vec![format!("{head}{}", hi + 1)];
        if lo > 0 {
            out.push(format!("{head}{}", lo - 1));
        }
        out
    }

    /// `lo-hi` at the end of a placeholder such as `requests 1-100000`.
    fn range_of(inner: &str) -> Option<(u64, u64)> {
        let (lo, hi) = inner.rsplit(' ').next()?.split_once('-')?;
        Some((lo.parse().ok()?, hi.parse().ok()?))
    }

    #[test]
    fn the_key_table_gives_every_knob_its_range() {
        assert_documented(include_str!("scenario.rs"), &super::super::knobs::KNOBS);
    }

    #[test]
    fn every_verb_round_trips() {
        let all = one_of_each();
        for a in all {
            assert_eq!(decode_action(&encode_action(&a)), Ok(a));
        }
        let s = PartitionScenario {
            strategy: StrategyKind::Ring,
            tokens: alloc::vec![0, 120, 240],
            dist: Dist::Celebrity,
            routing: RoutingMode::Client,
            manual: true,
            net_loss_pct: 20,
            net_latency_ms: 60,
            net_crash: true,
            actions: all.to_vec(),
            ..PartitionScenario::default()
        };
        let q = s.to_query();
        assert!(q.contains("tokens=0.120.240"), "{q}");
        assert!(q.contains("hloss=20&hlat=60&hcrash=1"), "{q}");
        assert_eq!(PartitionScenario::from_query(&q), Ok(s));
        assert_eq!(
            PartitionScenario::from_query(""),
            Ok(PartitionScenario::default())
        );
    }

    #[test]
    fn bad_links_name_their_key() {
        for (q, key, words) in [
            ("strategy=chord", "strategy", "not one of range, mod, ring, fixed, prop"),
            ("nodes=0", "nodes", "out of range"),
            ("tokens=0.400", "tokens", "out of range"),
            ("tokens=10.10", "tokens", "appears twice"),
            ("tokens=0.120&strategy=mod", "tokens", "use strategy=ring"),
            ("strategy=fixed&parts=2&nodes=3", "parts", "every node needs one"),
            ("act=w0", "act", "out of range"),
            ("act=z", "act", "the verbs are"),
            ("act=a@360", "act", "out of range"),
            ("act=w100000,w100000,w100000,w100000,w100000,w100000,w100000,w100000,w100000,w100000,w1", "act", "at most"),
            ("rebal=sometimes", "rebal", "auto, manual"),
            ("act=dist:pareto", "act", "u, zipf, celeb, ts"),
            ("act=route:gossip", "act", "any, tier, client"),
            ("act=rebal:never", "act", "auto, manual"),
            ("act=colour:red", "act", "the verbs are"),
            ("hloss=60", "hloss", "out of range"),
            ("hlat=1", "hlat", "out of range"),
            ("hcrash=2", "hcrash", "out of range"),
        ] {
            let e = PartitionScenario::from_query(q).unwrap_err();
            assert_eq!(e.key, key, "{q}: {e}");
            assert!(e.message.contains(words), "{q}: {e}");
        }
    }
}
