//! Shared pieces of the cross-lab tests (`tests/*.rs`): every lab as a [`LabUnderTest`],
//! proptest strategies that generate any scenario a lab's link can carry, and the
//! encodings a browser applies to a link before it comes back to the app.

use std::fmt::Debug;

use ddia_core::consensus::raft::{RaftParams, RaftWorld, Scenario};
use ddia_core::link::LabLink;
use ddia_core::partition::lab::PartitionLab;
use ddia_core::partition::routing::RoutingMode;
use ddia_core::partition::scenario::{Dist, PartitionAction, PartitionScenario};
use ddia_core::partition::StrategyKind;
use ddia_core::sim::{Action, LinkFaults, MessageAction, SimTime, Timed, MAX_DRIFT_PPM, PPM};
use ddia_core::storage::lab::{LabAction, StorageLab};
use ddia_core::storage::lab_scenario::{LabEngine, StorageScenario};
use ddia_core::stream::assign::Assignor;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::scenario::{StreamAction, StreamInput, StreamScenario, Who, WinKind};
use ddia_core::stream::windowing::LatePolicy;
use ddia_core::stream::{CrashPoint, Guarantee};
use proptest::prelude::*;

/// A lab as the cross-lab tests drive it: play a scenario to the end of its story and
/// read the checker's verdict.
pub trait LabUnderTest: LabLink + PartialEq + Debug {
    /// Runs `self` until its book story is over (network labs: 3 s of simulated time;
    /// single-process labs: every recorded action).
    fn play(&self) -> Self::World;
    /// The live invariant check's verdict on `world`, in words (`None`: all held).
    fn violation(world: &Self::World) -> Option<String>;
}

impl LabUnderTest for Scenario {
    fn play(&self) -> RaftWorld {
        let mut w = self.build_raft(0).unwrap();
        w.run_until(SimTime::from_millis(3_000));
        w
    }
    fn violation(world: &RaftWorld) -> Option<String> {
        world
            .violation()
            .map(|(t, v)| format!("at {t:?}: {}: {}", v.invariant, v.detail))
    }
}

impl LabUnderTest for StorageScenario {
    fn play(&self) -> StorageLab {
        let mut lab = StorageLab::new(self);
        lab.finish();
        lab
    }
    fn violation(world: &StorageLab) -> Option<String> {
        world.violation().map(str::to_string)
    }
}

impl LabUnderTest for PartitionScenario {
    fn play(&self) -> PartitionLab {
        let mut lab = PartitionLab::new(self);
        lab.finish();
        lab
    }
    fn violation(world: &PartitionLab) -> Option<String> {
        world.violation().map(str::to_string)
    }
}

impl LabUnderTest for StreamScenario {
    fn play(&self) -> StreamLab {
        let mut lab = StreamLab::new(self);
        lab.finish();
        lab
    }
    fn violation(world: &StreamLab) -> Option<String> {
        world.violation()
    }
}

// ---- encodings a link goes through ------------------------------------------------

/// What `encodeURI` (ECMAScript) does to a string: percent-encodes every UTF-8 byte of
/// every character outside `A-Z a-z 0-9 ; , / ? : @ & = + $ - _ . ! ~ * ' ( ) #`. A
/// page that builds a link with `encodeURI(link)` sends this.
pub fn encode_uri(s: &str) -> String {
    const KEEP: &str = ";,/?:@&=+$-_.!~*'()#";
    escape(s, |c| c.is_ascii_alphanumeric() || KEEP.contains(c))
}

/// What a browser's address bar does to a typed or pasted query (the WHATWG URL
/// standard's special-query percent-encode set): C0 controls, space, `"`, `#`, `<`,
/// `>`, `'` and every non-ASCII character are percent-encoded, the rest kept.
pub fn address_bar(s: &str) -> String {
    escape(s, |c| {
        c.is_ascii() && !c.is_ascii_control() && !" \"#<>'".contains(c)
    })
}

/// What `new URLSearchParams(query).toString()` gives (the
/// `application/x-www-form-urlencoded` serializer): every pair re-encoded, `,` `:` `/`
/// `>` and the like as `%XX`, spaces as `+`.
pub fn url_search_params(query: &str) -> String {
    let pairs = form_urlencoded::parse(query.trim_start_matches('?').as_bytes());
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if keep(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Every way a link the app wrote can come back to it: as written, through the address
/// bar, through `encodeURI`, through `URLSearchParams`, and through the address bar
/// after `URLSearchParams`.
pub fn browser_encodings(query: &str) -> Vec<(&'static str, String)> {
    vec![
        ("as written", query.to_string()),
        ("address bar", address_bar(query)),
        ("encodeURI", encode_uri(query)),
        ("URLSearchParams", url_search_params(query)),
        (
            "URLSearchParams, address bar",
            address_bar(&url_search_params(query)),
        ),
    ]
}

// ---- scenario generators ------------------------------------------------------------

/// Any Raft action on a cluster of `n` servers (ids 0-based), every verb.
pub fn raft_action(n: usize) -> impl Strategy<Value = Action<u64>> {
    let node = 0..n;
    let links =
        (0u64..50_000, 0u64..50_000, 0..=PPM, 0..=PPM).prop_map(|(a, b, loss, dup)| LinkFaults {
            latency_min_us: a.min(b),
            latency_max_us: a.max(b),
            loss_ppm: loss,
            dup_ppm: dup,
        });
    prop_oneof![
        node.clone().prop_map(Action::Crash),
        node.clone().prop_map(Action::Restart),
        (node.clone(), 0u64..1_000_000).prop_map(|(node, for_us)| Action::Pause { node, for_us }),
        (node.clone(), -100_000i64..100_000)
            .prop_map(|(node, skew_us)| Action::Skew { node, skew_us }),
        (node.clone(), -MAX_DRIFT_PPM..=MAX_DRIFT_PPM)
            .prop_map(|(node, ppm)| Action::Drift { node, ppm }),
        (1u64..(1u64 << n)).prop_map(|side| Action::Partition { side }),
        (node.clone(), node.clone()).prop_map(|(from, to)| Action::CutLink { from, to }),
        Just(Action::Heal),
        links.clone().prop_map(Action::SetLinks),
        (node.clone(), node.clone(), links).prop_map(|(from, to, faults)| Action::SetLink {
            from,
            to,
            faults
        }),
        (node, 0u64..1_000).prop_map(|(node, request)| Action::Client { node, request }),
        message_action().prop_map(MessageAction::action),
    ]
}

/// Any drop, duplicate or hold of one message (every network lab's message verbs).
pub fn message_action() -> impl Strategy<Value = MessageAction> {
    prop_oneof![
        (0u64..5_000).prop_map(MessageAction::Drop),
        (0u64..5_000).prop_map(MessageAction::Duplicate),
        (0u64..5_000, 0u64..1_000_000)
            .prop_map(|(msg, for_us)| MessageAction::Hold { msg, for_us }),
    ]
}

/// Any valid Raft scenario: a seed, any cluster size, timeouts and link settings the
/// link can carry, up to 30 actions in time order, maybe a book name and a moment.
pub fn raft_scenario() -> impl Strategy<Value = Scenario> {
    let book: Vec<Option<String>> = std::iter::once(None)
        .chain(Scenario::book().iter().map(|b| Some(b.name.to_string())))
        .collect();
    (3usize..=9, any::<u64>(), prop::sample::select(book))
        .prop_flat_map(|(n, seed, name)| {
            let actions = prop::collection::vec((0u64..5_000_000, raft_action(n)), 0..30);
            (
                Just((n, seed, name)),
                (20u64..400, 0u64..400, 1u64..20),
                (0u64..40, 0u64..40, 0..=PPM, 0..=PPM),
                actions,
                prop::option::of(0u64..10_000_000),
            )
        })
        .prop_map(
            |(
                (n, seed, name),
                (el, spread, hb),
                (lat_a, lat_b, loss, dup),
                mut actions,
                until_us,
            )| {
                actions.sort_by_key(|(at, _)| *at);
                let base = match &name {
                    Some(name) => ddia_core::book::find(Scenario::book(), name)
                        .expect("a book name")
                        .scenario(),
                    None => Scenario::default(),
                };
                Scenario {
                    seed,
                    raft: RaftParams {
                        nodes: n,
                        election_min_us: el * 1_000,
                        election_max_us: (el + spread) * 1_000,
                        heartbeat_us: hb * 1_000,
                    },
                    links: LinkFaults {
                        latency_min_us: lat_a.min(lat_b) * 1_000,
                        latency_max_us: lat_a.max(lat_b) * 1_000,
                        loss_ppm: loss,
                        dup_ppm: dup,
                    },
                    actions: actions
                        .into_iter()
                        .map(|(at_us, action)| Timed { at_us, action })
                        .collect(),
                    until_us,
                    ..base
                }
            },
        )
}

/// Any storage-lab action, every verb (values of the letters, digits and `_.-` a `p`
/// action may carry).
pub fn storage_action() -> impl Strategy<Value = LabAction> {
    prop_oneof![
        (1u32..50).prop_map(LabAction::Workload),
        (0u64..1_000, "[a-zA-Z0-9_.-]{0,32}").prop_map(|(k, v)| LabAction::Put(k, v.into_bytes())),
        (0u64..1_000).prop_map(LabAction::Get),
        (0u64..1_000).prop_map(LabAction::Delete),
        Just(LabAction::Flush),
        Just(LabAction::Compact),
        Just(LabAction::Crash),
        Just(LabAction::Recover),
        (0u32..100).prop_map(LabAction::CrashAfter),
    ]
}

/// Any valid storage scenario: an engine, a seed, the knobs the link carries and up to
/// 20 actions whose workload steps fit the workload.
pub fn storage_scenario() -> impl Strategy<Value = StorageScenario> {
    let engine = prop::sample::select(vec![
        LabEngine::Lsm,
        LabEngine::BTree,
        LabEngine::HashLog,
        LabEngine::Race,
    ]);
    (
        engine,
        any::<u64>(),
        (32u64..2_000, 1u32..64, 0u32..=32, 3u32..=64, any::<bool>()),
        prop::collection::vec(storage_action(), 0..20),
    )
        .prop_map(|(engine, seed, (mem, blk, bloom, fan, wal), actions)| {
            let mut s = StorageScenario {
                engine,
                actions,
                ..StorageScenario::default()
            };
            s.workload.seed = seed;
            s.lsm.memtable_bytes = mem;
            s.lsm.block_entries = blk;
            s.lsm.bloom_bits_per_key = bloom;
            s.btree.max_keys = fan;
            s.btree.wal = wal;
            s
        })
}

/// Any partitioning-lab action, every verb.
pub fn partition_action() -> impl Strategy<Value = PartitionAction> {
    prop_oneof![
        Just(PartitionAction::AddNode),
        (0u32..360).prop_map(PartitionAction::AddNodeAt),
        (0u32..12).prop_map(PartitionAction::RemoveNode),
        (1u32..300).prop_map(PartitionAction::Requests),
        (0u64..3_000).prop_map(PartitionAction::Read),
        Just(PartitionAction::SplitHot),
        (1u32..=64).prop_map(PartitionAction::Salt),
        Just(PartitionAction::Approve),
        Just(PartitionAction::Notify),
        (1u32..300).prop_map(PartitionAction::Index),
        (0u32..12, 1u32..=16).prop_map(|(node, weight)| PartitionAction::Weight { node, weight }),
        prop::sample::select(Dist::ALL.to_vec()).prop_map(PartitionAction::Dist),
        prop::sample::select(RoutingMode::ALL.to_vec()).prop_map(PartitionAction::Route),
        any::<bool>().prop_map(PartitionAction::Manual),
    ]
}

/// Any valid partitioning scenario: a strategy (a ring maybe with explicit tokens),
/// the knobs the link carries, up to 12 actions, maybe a moment.
pub fn partition_scenario() -> impl Strategy<Value = PartitionScenario> {
    let strategy = prop::sample::select(StrategyKind::ALL.to_vec());
    let dist = prop::sample::select(Dist::ALL.to_vec());
    let routing = prop::sample::select(RoutingMode::ALL.to_vec());
    (
        (
            strategy,
            any::<u64>(),
            1u32..=8,
            // Different angles: two nodes cannot stand at one (a link refuses it).
            prop::collection::btree_set(0u32..360, 0..5),
        ),
        (1u32..=32, 0u32..100, 64u64..20_000, 1u64..2_000, 1u32..=256),
        (dist, 0u32..=300, 1u32..=100, 0u32..=100, 1u32..=16),
        (
            routing,
            any::<bool>(),
            prop::collection::vec(partition_action(), 0..12),
        ),
        (
            prop::option::of(0u64..15),
            0u32..=50,
            5u32..=500,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (strategy, seed, nodes, tokens),
                (vnodes, extra, split_bytes, keys, value_bytes),
                (dist, zipf, hot_pct, writes_pct, salt),
                (routing, manual, actions),
                (position, net_loss_pct, net_latency_ms, net_crash),
            )| {
                let tokens: Vec<u32> = if strategy == StrategyKind::Ring {
                    tokens.into_iter().collect()
                } else {
                    Vec::new()
                };
                let most = nodes.max(u32::try_from(tokens.len()).unwrap_or(0));
                PartitionScenario {
                    name: None,
                    seed,
                    strategy,
                    nodes,
                    tokens,
                    vnodes,
                    partitions: most + extra,
                    split_bytes,
                    keys,
                    value_bytes,
                    dist,
                    zipf,
                    hot_pct,
                    writes_pct,
                    salt,
                    routing,
                    manual,
                    net_loss_pct,
                    net_latency_ms,
                    net_crash,
                    actions,
                    position,
                }
            },
        )
}

/// Any stream-lab action on a group of `consumers` and a topic of `partitions`, every
/// verb.
pub fn stream_action(consumers: u32, partitions: u32) -> impl Strategy<Value = StreamAction> {
    let who = prop_oneof![
        Just(Who::Broker),
        Just(Who::Producer),
        Just(Who::Sink),
        (1..=consumers).prop_map(Who::Consumer),
    ];
    prop_oneof![
        who.clone().prop_map(StreamAction::Crash),
        who.clone().prop_map(StreamAction::Restart),
        (who, 0u64..1_000_000).prop_map(|(w, us)| StreamAction::Pause(w, us)),
        (1..=consumers).prop_map(StreamAction::Leave),
        (1..=consumers).prop_map(StreamAction::Join),
        (0..partitions, 0u64..100)
            .prop_map(|(partition, offset)| StreamAction::Replay { partition, offset }),
        message_action().prop_map(StreamAction::Message),
    ]
}

/// Any valid stream scenario: every key the link carries, a planned crash maybe, up to
/// 12 actions in time order, maybe a book name and a moment.
pub fn stream_scenario() -> impl Strategy<Value = StreamScenario> {
    let book: Vec<Option<String>> = std::iter::once(None)
        .chain(
            StreamScenario::book()
                .iter()
                .map(|b| Some(b.name.to_string())),
        )
        .collect();
    (1u32..=6, 1u32..=8, prop::sample::select(book))
        .prop_flat_map(|(consumers, partitions, name)| {
            let actions = prop::collection::vec(
                (0u64..3_000_000, stream_action(consumers, partitions)),
                0..12,
            );
            (
                Just((consumers, partitions, name)),
                (
                    any::<u64>(),
                    prop::sample::select(Assignor::ALL.to_vec()),
                    prop::sample::select(Guarantee::ALL.to_vec()),
                    1u32..=32,
                ),
                (
                    1u64..=2000,
                    1u64..=1000,
                    1u64..=64,
                    0u64..=10_000,
                    0u32..=100,
                    0u64..=60_000,
                ),
                (
                    0u64..=100_000,
                    0u64..=600_000,
                    10u64..=10_000,
                    1u64..=5_000,
                    1u64..=60_000,
                ),
                prop::option::of((
                    1..=consumers,
                    prop::sample::select(CrashPoint::ALL.to_vec()),
                    1u64..=10_000,
                )),
                (
                    prop::sample::select(WinKind::ALL.to_vec()),
                    1u64..=60_000,
                    1u64..=60_000,
                    1u64..=60_000,
                ),
                (
                    0u64..=60_000,
                    0u64..=60_000,
                    0u64..=600_000,
                    prop::sample::select(LatePolicy::ALL.to_vec()),
                ),
                (
                    0u32..=100,
                    0u32..=100,
                    0u64..=10_000,
                    actions,
                    prop::option::of(0u64..10_000_000),
                ),
            )
        })
        .prop_map(
            |(
                (consumers, partitions, name),
                (seed, assignor, guarantee, batch),
                (events, every_ms, keys, delay_ms, straggler_pct, straggler_ms),
                (keep, age_ms, session_ms, heartbeat_ms, restart_ms),
                crash,
                (win, size_ms, slide_ms, gap_ms),
                (bound_ms, idle_ms, lateness_ms, policy),
                (loss_pct, dup_pct, latency_ms, mut actions, until_us),
            )| {
                actions.sort_by_key(|(at, _)| *at);
                let base = match &name {
                    Some(name) => ddia_core::book::find(StreamScenario::book(), name)
                        .expect("a book name")
                        .scenario(),
                    None => StreamScenario::default(),
                };
                StreamScenario {
                    seed,
                    partitions,
                    consumers,
                    assignor,
                    guarantee,
                    batch,
                    events,
                    every_ms,
                    keys,
                    delay_ms,
                    straggler_pct,
                    straggler_ms,
                    keep,
                    age_ms,
                    session_ms,
                    heartbeat_ms,
                    crash,
                    restart_ms,
                    win,
                    size_ms,
                    slide_ms,
                    gap_ms,
                    bound_ms,
                    idle_ms,
                    lateness_ms,
                    policy,
                    loss_pct,
                    dup_pct,
                    latency_ms,
                    actions: actions
                        .into_iter()
                        .map(|(at_us, action)| StreamInput { at_us, action })
                        .collect(),
                    until_us,
                    ..base
                }
            },
        )
}
