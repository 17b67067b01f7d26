//! The stream lab's scenario ("runs are data", docs/ARCHITECTURE.md): the topic, the
//! group, the producer's events and their delays, the delivery guarantee and a planned
//! crash, the windows and watermark, the links, and the recorded actions with their
//! simulated times. A [`LabLink`]: the shared link code reads and writes the envelope
//! (`lab=stream`, `scn`, `seed`, `t` in µs, `act`), this file the lab's keys and verbs.
//! Only keys that differ from the base (the defaults, or the book scenario `scn`) are
//! written.
//!
//! | key | meaning | range ([`super::knobs::KNOBS`]) | example |
//! |---|---|---|---|
//! | `parts` | topic partitions | 1-8 | `3` |
//! | `consumers` | consumers in the group at the start | 1-6 | `2` |
//! | `assign` | `range` or `rr` (round-robin) | | `rr` |
//! | `guarantee` | `amo`, `alo`, `eo` (idempotent sink), `eot` (atomic output + offset) | | `eo` |
//! | `batch` | most records per fetch | 1-32 | `4` |
//! | `events` | events produced | 1-2000 | `60` |
//! | `every` | ms between events | 1-1000 | `20` |
//! | `keys` | distinct keys | 1-64 | `4` |
//! | `delay` | longest hold before an event is sent, ms (uniform from 0) | 0-10000 | `30` |
//! | `strag` | stragglers, % of events | 0-100 | `5` |
//! | `stragms` | a straggler's extra hold, ms | 0-60000 | `500` |
//! | `keep` | retention: records kept per partition (0 = all) | 0-100000 | `100` |
//! | `age` | retention: ms a record is kept (0 = forever) | 0-600000 | `2000` |
//! | `session` | session timeout, ms | 10-10000 | `300` |
//! | `hb` | heartbeat interval, ms | 1-5000 | `50` |
//! | `crash` | planned crash `<consumer>.<point>.<batch>`, points `commit`, `write`, `mid` (`mid`: the first batch of 2+ records from `<batch>` on) | | `1.commit.2` |
//! | `restart` | the crashed consumer restarts after, ms | 1-60000 | `200` |
//! | `win` | `tumbling`, `hopping`, `sliding`, `session` | | `hopping` |
//! | `size` | window size, ms | 1-60000 | `100` |
//! | `slide` | hopping windows' slide, ms | 1-60000 | `50` |
//! | `gap` | session windows' gap, ms | 1-60000 | `60` |
//! | `wm` | watermark out-of-orderness bound, ms | 0-60000 | `20` |
//! | `idle` | idle-partition timeout, ms (0 = never idle) | 0-60000 | `200` |
//! | `late` | allowed lateness, ms | 0-600000 | `1000` |
//! | `policy` | late events: `drop`, `update`, `side` | | `update` |
//! | `loss` | message loss, % | 0-100 | `5` |
//! | `dup` | message duplication, % | 0-100 | `0` |
//! | `lat` | longest link latency, ms (each message takes half of it to all of it) | 0-10000 | `10` |
//! | `act` | actions, `,`-separated `<µs>:<verb>` | | `900000:c1` |
//!
//! Verbs name consumers 1-based (C1..Cn) and the other nodes by letter (`b` broker, `p`
//! producer, `s` sink): `c1` crash C1, `r1` restart C1, `cs` crash the sink, `z1/200000`
//! pause C1 for 200000 µs, `l2` C2 leaves the group, `j2` C2 joins again, `R0@0` replay
//! partition 0 from offset 0 (its committed offset set back, the group rebalanced), `v`
//! build a fresh v2 view from offset 0 of every partition beside the live one, `D12`
//! drop message #12 in flight, `U12` send it again, `H12/500000` hold it back 500000 µs
//! ([`MessageAction`], the same verbs in every network lab).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::assign::Assignor;
use super::book::BOOK;
use super::consumer::{ConsumerConfig, CrashPoint, Guarantee};
use super::group::GroupTiming;
use super::knobs::*;
use super::lab::StreamLab;
use super::log::Retention;
use super::msg::Request;
use super::producer::ProducerConfig;
use super::run::{CrashPlan, StreamParams};
use super::watermark::WatermarkParams;
use super::window::WindowKind;
use super::windowing::{LatePolicy, WindowParams};
use super::{BROKER, FIRST_CONSUMER, PRODUCER, REBUILDER, SINK};
use crate::book::{BookScenario, Named};
use crate::link::query::{digits, err, word_of, QueryWriter};
use crate::link::{lab_envelope, KnobRange, LabLink, ScenarioError};
use crate::sim::{Action, LinkFaults, MessageAction, NodeId};

/// A node as verbs name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Who {
    /// `b`.
    Broker,
    /// `p`.
    Producer,
    /// `s`.
    Sink,
    /// Consumer C`n`, 1-based.
    Consumer(u32),
}

impl Who {
    /// Its node in the world.
    pub fn node(self) -> NodeId {
        match self {
            Who::Broker => BROKER,
            Who::Producer => PRODUCER,
            Who::Sink => SINK,
            Who::Consumer(c) => {
                FIRST_CONSUMER + usize::try_from(c.saturating_sub(1)).unwrap_or(usize::MAX)
            }
        }
    }
}

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Who::Broker => f.write_str("b"),
            Who::Producer => f.write_str("p"),
            Who::Sink => f.write_str("s"),
            Who::Consumer(c) => write!(f, "{c}"),
        }
    }
}

/// One recorded action of the stream lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamAction {
    /// `c<who>`.
    Crash(Who),
    /// `r<who>`.
    Restart(Who),
    /// `z<who>/<µs>`: a process pause.
    Pause(Who, u64),
    /// `l<consumer>`: leave the group.
    Leave(u32),
    /// `j<consumer>`: join again.
    Join(u32),
    /// `v`: build a fresh v2 view by replaying every partition from offset 0.
    Rebuild,
    /// `R<partition>@<offset>`: replay a partition from an offset.
    Replay {
        /// The partition, 0-based.
        partition: u32,
        /// The offset.
        offset: u64,
    },
    /// `D<msg>`, `U<msg>`, `H<msg>/<µs>`: drop, duplicate or hold back one message in
    /// flight (issue 18), as in every network lab.
    Message(MessageAction),
}

impl StreamAction {
    /// The kernel action.
    pub fn action(self) -> Action<Request> {
        match self {
            StreamAction::Crash(w) => Action::Crash(w.node()),
            StreamAction::Restart(w) => Action::Restart(w.node()),
            StreamAction::Pause(w, for_us) => Action::Pause {
                node: w.node(),
                for_us,
            },
            StreamAction::Leave(c) => Action::Client {
                node: Who::Consumer(c).node(),
                request: Request::Leave,
            },
            StreamAction::Join(c) => Action::Client {
                node: Who::Consumer(c).node(),
                request: Request::Join,
            },
            StreamAction::Replay { partition, offset } => Action::Client {
                node: BROKER,
                request: Request::Replay { partition, offset },
            },
            StreamAction::Rebuild => Action::Client {
                node: REBUILDER,
                request: Request::Rebuild,
            },
            StreamAction::Message(m) => m.action(),
        }
    }

    fn consumer(self) -> Option<u32> {
        match self {
            StreamAction::Crash(Who::Consumer(c))
            | StreamAction::Restart(Who::Consumer(c))
            | StreamAction::Pause(Who::Consumer(c), _)
            | StreamAction::Leave(c)
            | StreamAction::Join(c) => Some(c),
            _ => None,
        }
    }
}

/// An action at a moment, µs of simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamInput {
    /// When.
    pub at_us: u64,
    /// What.
    pub action: StreamAction,
}

/// The window kind as the link names it (`win`); sizes come from `size`, `slide`, `gap`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum WinKind {
    /// `tumbling`.
    #[default]
    Tumbling,
    /// `hopping`.
    Hopping,
    /// `sliding`.
    Sliding,
    /// `session`.
    Session,
}

impl WinKind {
    /// Every kind.
    pub const ALL: [WinKind; 4] = [
        WinKind::Tumbling,
        WinKind::Hopping,
        WinKind::Sliding,
        WinKind::Session,
    ];

    /// The link word.
    pub fn word(self) -> &'static str {
        match self {
            WinKind::Tumbling => "tumbling",
            WinKind::Hopping => "hopping",
            WinKind::Sliding => "sliding",
            WinKind::Session => "session",
        }
    }
}

/// A stream-lab run.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StreamScenario {
    /// The named book scenario it started from, if any.
    pub name: Option<String>,
    /// Seed of the world's PRNG.
    pub seed: u64,
    /// Topic partitions.
    pub partitions: u32,
    /// Consumers at the start.
    pub consumers: u32,
    /// The assignor.
    pub assignor: Assignor,
    /// The delivery guarantee.
    pub guarantee: Guarantee,
    /// Records per fetch, at most.
    pub batch: u32,
    /// Events produced.
    pub events: u64,
    /// Between events, ms.
    pub every_ms: u64,
    /// Distinct keys.
    pub keys: u64,
    /// Longest hold, ms.
    pub delay_ms: u64,
    /// Stragglers, percent.
    pub straggler_pct: u32,
    /// A straggler's extra hold, ms.
    pub straggler_ms: u64,
    /// Retention: records per partition (0 = all).
    pub keep: u64,
    /// Retention: ms (0 = forever).
    pub age_ms: u64,
    /// Session timeout, ms.
    pub session_ms: u64,
    /// Heartbeat interval, ms.
    pub heartbeat_ms: u64,
    /// The planned crash: consumer (1-based), point, batch (from 1).
    pub crash: Option<(u32, CrashPoint, u64)>,
    /// The crashed consumer restarts after, ms.
    pub restart_ms: u64,
    /// The window kind.
    pub win: WinKind,
    /// Window size, ms.
    pub size_ms: u64,
    /// Hopping slide, ms.
    pub slide_ms: u64,
    /// Session gap, ms.
    pub gap_ms: u64,
    /// Watermark bound, ms.
    pub bound_ms: u64,
    /// Idle timeout, ms.
    pub idle_ms: u64,
    /// Allowed lateness, ms.
    pub lateness_ms: u64,
    /// The late policy.
    pub policy: LatePolicy,
    /// Message loss, percent.
    pub loss_pct: u32,
    /// Message duplication, percent.
    pub dup_pct: u32,
    /// Longest link latency, ms.
    pub latency_ms: u64,
    /// Recorded actions, in time order.
    pub actions: Vec<StreamInput>,
    /// The moment to show (`t`), microseconds of simulated time (`None`: the start).
    pub until_us: Option<u64>,
}

impl Default for StreamScenario {
    /// Three partitions, two consumers (range), at-least-once, batches of 4; 60 events
    /// every 20 ms over 8 keys (they hash to every one of the 3 partitions), held up to 30 ms, no stragglers; all retained; 300 ms
    /// sessions, 50 ms heartbeats; no planned crash (a crash restarts after 200 ms);
    /// 100 ms tumbling windows (hopping slide 50 ms, session gap 60 ms), a 20 ms
    /// watermark bound, no idle timeout, no lateness, late events dropped; healthy links
    /// of up to 10 ms.
    fn default() -> Self {
        StreamScenario {
            name: None,
            seed: 1,
            partitions: 3,
            consumers: 2,
            assignor: Assignor::Range,
            guarantee: Guarantee::AtLeastOnce,
            batch: 4,
            events: 60,
            every_ms: 20,
            keys: 8,
            delay_ms: 30,
            straggler_pct: 0,
            straggler_ms: 500,
            keep: 0,
            age_ms: 0,
            session_ms: 300,
            heartbeat_ms: 50,
            crash: None,
            restart_ms: 200,
            win: WinKind::Tumbling,
            size_ms: 100,
            slide_ms: 50,
            gap_ms: 60,
            bound_ms: 20,
            idle_ms: 0,
            lateness_ms: 0,
            policy: LatePolicy::Drop,
            loss_pct: 0,
            dup_pct: 0,
            latency_ms: 10,
            actions: Vec::new(),
            until_us: None,
        }
    }
}

impl Named for StreamScenario {
    fn named(self, name: &str) -> Self {
        StreamScenario {
            name: Some(name.into()),
            ..self
        }
    }
}

const MS: u64 = 1_000;

impl StreamScenario {
    /// The world's parameters.
    pub fn params(&self) -> StreamParams {
        let timing = GroupTiming {
            session_us: self.session_ms * MS,
            heartbeat_us: self.heartbeat_ms * MS,
            ..GroupTiming::default()
        };
        StreamParams {
            partitions: self.partitions,
            consumers: self.consumers,
            assignor: self.assignor,
            consumer: ConsumerConfig {
                guarantee: self.guarantee,
                batch: self.batch,
                ..ConsumerConfig::default()
            },
            producer: ProducerConfig {
                events: self.events,
                interval_us: self.every_ms * MS,
                keys: self.keys,
                delay_min_us: 0,
                delay_max_us: self.delay_ms * MS,
                straggler_ppm: self.straggler_pct * 10_000,
                straggler_us: self.straggler_ms * MS,
                ..ProducerConfig::default()
            },
            retention: Retention {
                max_records: self.keep,
                max_age_us: self.age_ms * MS,
            },
            timing,
        }
    }

    /// The links at the start.
    pub fn links(&self) -> LinkFaults {
        LinkFaults {
            latency_min_us: self.latency_ms * MS / 2,
            latency_max_us: self.latency_ms * MS,
            loss_ppm: self.loss_pct * 10_000,
            dup_ppm: self.dup_pct * 10_000,
        }
    }

    /// The planned crash.
    pub fn crash_plan(&self) -> Option<CrashPlan> {
        self.crash.map(|(consumer, point, batch)| CrashPlan {
            consumer: consumer.saturating_sub(1),
            point,
            batch,
            restart_after_us: self.restart_ms * MS,
        })
    }

    /// The windowing operator's parameters.
    pub fn window_params(&self) -> WindowParams {
        let kind = match self.win {
            WinKind::Tumbling => WindowKind::Tumbling {
                size_us: self.size_ms * MS,
            },
            WinKind::Hopping => WindowKind::Hopping {
                size_us: self.size_ms * MS,
                slide_us: self.slide_ms * MS,
            },
            WinKind::Sliding => WindowKind::Sliding {
                size_us: self.size_ms * MS,
            },
            WinKind::Session => WindowKind::Session {
                gap_us: self.gap_ms * MS,
            },
        };
        WindowParams {
            kind,
            watermark: WatermarkParams {
                bound_us: self.bound_ms * MS,
                idle_us: self.idle_ms * MS,
            },
            lateness_us: self.lateness_ms * MS,
            policy: self.policy,
            partitions: self.partitions,
        }
    }
}

fn encode_input(i: &StreamInput) -> String {
    let verb = match i.action {
        StreamAction::Crash(w) => format!("c{w}"),
        StreamAction::Restart(w) => format!("r{w}"),
        StreamAction::Pause(w, us) => format!("z{w}/{us}"),
        StreamAction::Leave(c) => format!("l{c}"),
        StreamAction::Join(c) => format!("j{c}"),
        StreamAction::Replay { partition, offset } => format!("R{partition}@{offset}"),
        StreamAction::Rebuild => String::from("v"),
        StreamAction::Message(m) => m.verb(),
    };
    format!("{}:{verb}", i.at_us)
}

const VERBS: &str = "the verbs are c<who>, r<who>, z<who>/<µs>, l<consumer>, j<consumer>, \
                     R<partition>@<offset>, v, D<message>, U<message>, H<message>/<µs>, with \
                     <who> b, p, s or a consumer's number";

fn decode_input(item: &str) -> Result<StreamInput, ScenarioError> {
    let bad = || err("act", format!("'{item}' is not <µs>:<verb>; {VERBS}"));
    let (at, verb) = item.split_once(':').ok_or_else(bad)?;
    let at_us = digits(at).ok_or_else(bad)?;
    let who = |s: &str| match s {
        "b" => Some(Who::Broker),
        "p" => Some(Who::Producer),
        "s" => Some(Who::Sink),
        n => digits(n).filter(|&c| c > 0).map(Who::Consumer),
    };
    let consumer = |s: &str| digits::<u32>(s).filter(|&c| c > 0);
    let (head, rest) = verb.split_at(verb.chars().next().map_or(0, char::len_utf8));
    let action = match head {
        "c" => who(rest).map(StreamAction::Crash),
        "r" => who(rest).map(StreamAction::Restart),
        "z" => rest
            .split_once('/')
            .and_then(|(w, us)| Some(StreamAction::Pause(who(w)?, digits(us)?))),
        "l" => consumer(rest).map(StreamAction::Leave),
        "j" => consumer(rest).map(StreamAction::Join),
        "R" => rest.split_once('@').and_then(|(p, o)| {
            Some(StreamAction::Replay {
                partition: digits(p)?,
                offset: digits(o)?,
            })
        }),
        "v" if rest.is_empty() => Some(StreamAction::Rebuild),
        "D" | "U" | "H" => MessageAction::parse(verb).map(StreamAction::Message),
        _ => None,
    };
    action
        .map(|action| StreamInput { at_us, action })
        .ok_or_else(bad)
}

fn parse_crash(value: &str) -> Result<Option<(u32, CrashPoint, u64)>, ScenarioError> {
    if value == "none" {
        return Ok(None);
    }
    let bad = || {
        err(
            "crash",
            format!(
                "'{value}' is not <consumer>.<point>.<batch> (points commit, write, mid) or none"
            ),
        )
    };
    let mut parts = value.split('.');
    let (Some(c), Some(p), Some(b), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let consumer = digits::<u32>(c).filter(|&c| c > 0).ok_or_else(bad)?;
    let point = CrashPoint::ALL
        .into_iter()
        .find(|x| x.word() == p)
        .ok_or_else(bad)?;
    Ok(Some((consumer, point, CRASH_BATCH.parse(b)?)))
}

struct Crash(Option<(u32, CrashPoint, u64)>);

impl fmt::Display for Crash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("none"),
            Some((c, p, b)) => write!(f, "{c}.{}.{b}", p.word()),
        }
    }
}

impl LabLink for StreamScenario {
    const LAB: &'static str = "stream";
    type World = StreamLab;
    type Input = StreamInput;

    fn book() -> &'static [BookScenario<Self, StreamLab>] {
        BOOK
    }
    // `t` is simulated µs ([`StreamScenario::until_us`]).
    lab_envelope!(name: name, seed: seed, position: until_us, inputs: actions);
    fn encode_input(i: &StreamInput) -> String {
        encode_input(i)
    }
    fn decode_input(word: &str) -> Result<StreamInput, ScenarioError> {
        decode_input(word)
    }

    fn write_params(&self, b: &Self, out: &mut QueryWriter) {
        out.pair_if(self.partitions != b.partitions, "parts", &self.partitions);
        out.pair_if(self.consumers != b.consumers, "consumers", &self.consumers);
        out.pair_if(self.assignor != b.assignor, "assign", &self.assignor.word());
        out.pair_if(
            self.guarantee != b.guarantee,
            "guarantee",
            &self.guarantee.word(),
        );
        out.pair_if(self.batch != b.batch, "batch", &self.batch);
        out.pair_if(self.events != b.events, "events", &self.events);
        out.pair_if(self.every_ms != b.every_ms, "every", &self.every_ms);
        out.pair_if(self.keys != b.keys, "keys", &self.keys);
        out.pair_if(self.delay_ms != b.delay_ms, "delay", &self.delay_ms);
        out.pair_if(
            self.straggler_pct != b.straggler_pct,
            "strag",
            &self.straggler_pct,
        );
        out.pair_if(
            self.straggler_ms != b.straggler_ms,
            "stragms",
            &self.straggler_ms,
        );
        out.pair_if(self.keep != b.keep, "keep", &self.keep);
        out.pair_if(self.age_ms != b.age_ms, "age", &self.age_ms);
        out.pair_if(self.session_ms != b.session_ms, "session", &self.session_ms);
        out.pair_if(
            self.heartbeat_ms != b.heartbeat_ms,
            "hb",
            &self.heartbeat_ms,
        );
        out.pair_if(self.crash != b.crash, "crash", &Crash(self.crash));
        out.pair_if(self.restart_ms != b.restart_ms, "restart", &self.restart_ms);
        out.pair_if(self.win != b.win, "win", &self.win.word());
        out.pair_if(self.size_ms != b.size_ms, "size", &self.size_ms);
        out.pair_if(self.slide_ms != b.slide_ms, "slide", &self.slide_ms);
        out.pair_if(self.gap_ms != b.gap_ms, "gap", &self.gap_ms);
        out.pair_if(self.bound_ms != b.bound_ms, "wm", &self.bound_ms);
        out.pair_if(self.idle_ms != b.idle_ms, "idle", &self.idle_ms);
        out.pair_if(self.lateness_ms != b.lateness_ms, "late", &self.lateness_ms);
        out.pair_if(self.policy != b.policy, "policy", &self.policy.word());
        out.pair_if(self.loss_pct != b.loss_pct, "loss", &self.loss_pct);
        out.pair_if(self.dup_pct != b.dup_pct, "dup", &self.dup_pct);
        out.pair_if(self.latency_ms != b.latency_ms, "lat", &self.latency_ms);
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), ScenarioError> {
        let n = |k: &KnobRange| k.parse::<u64>(value);
        let small = |k: &KnobRange| k.parse::<u32>(value);
        match key {
            "parts" => self.partitions = small(&PARTS)?,
            "consumers" => self.consumers = small(&CONSUMERS)?,
            "assign" => self.assignor = word_of(key, value, &Assignor::ALL, Assignor::word)?,
            "guarantee" => self.guarantee = word_of(key, value, &Guarantee::ALL, Guarantee::word)?,
            "batch" => self.batch = small(&BATCH)?,
            "events" => self.events = n(&EVENTS)?,
            "every" => self.every_ms = n(&EVERY)?,
            "keys" => self.keys = n(&KEYS)?,
            "delay" => self.delay_ms = n(&DELAY)?,
            "strag" => self.straggler_pct = small(&STRAG)?,
            "stragms" => self.straggler_ms = n(&STRAG_MS)?,
            "keep" => self.keep = n(&KEEP)?,
            "age" => self.age_ms = n(&AGE)?,
            "session" => self.session_ms = n(&SESSION)?,
            "hb" => self.heartbeat_ms = n(&HEARTBEAT)?,
            "crash" => self.crash = parse_crash(value)?,
            "restart" => self.restart_ms = n(&RESTART)?,
            "win" => self.win = word_of(key, value, &WinKind::ALL, WinKind::word)?,
            "size" => self.size_ms = n(&SIZE)?,
            "slide" => self.slide_ms = n(&SLIDE)?,
            "gap" => self.gap_ms = n(&GAP)?,
            "wm" => self.bound_ms = n(&BOUND)?,
            "idle" => self.idle_ms = n(&IDLE)?,
            "late" => self.lateness_ms = n(&LATENESS)?,
            "policy" => self.policy = word_of(key, value, &LatePolicy::ALL, LatePolicy::word)?,
            "loss" => self.loss_pct = small(&LOSS)?,
            "dup" => self.dup_pct = small(&DUP)?,
            "lat" => self.latency_ms = n(&LATENCY)?,
            _ => return Err(err(key, "unknown key for the stream lab".to_string())),
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        if let Some((c, _, _)) = self.crash.filter(|(c, _, _)| *c > self.consumers) {
            return Err(err(
                "crash",
                format!(
                    "the crash names C{c}, but the group has {} consumer{}",
                    self.consumers,
                    if self.consumers == 1 { "" } else { "s" }
                ),
            ));
        }
        let mut last = 0;
        for i in &self.actions {
            if i.at_us < last {
                return Err(err("act", "actions must be in time order"));
            }
            last = i.at_us;
            if let Some(c) = i.action.consumer().filter(|&c| c > self.consumers) {
                return Err(err(
                    "act",
                    format!(
                        "an action at {} µs names C{c}, beyond C{}",
                        i.at_us, self.consumers
                    ),
                ));
            }
            if let StreamAction::Replay { partition, .. } = i.action {
                if partition >= self.partitions {
                    return Err(err(
                        "act",
                        format!(
                            "an action at {} µs replays partition {partition}; the topic has {}",
                            i.at_us, self.partitions
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::knob::assert_documented;

    #[test]
    fn the_key_table_gives_every_knob_its_range() {
        assert_documented(include_str!("scenario.rs"), &KNOBS);
    }

    /// play17c F3: a link that changes a book scenario's settings names them.
    #[test]
    fn a_link_names_what_it_changed_from_the_book() {
        let changed = |q| StreamScenario::from_query(q).unwrap().changed_from_book();
        assert_eq!(changed("scn=late-drop"), [] as [&str; 0]);
        assert_eq!(changed("scn=late-drop&size=1000"), ["size"]);
        assert_eq!(
            changed("scn=late-drop&late=20&seed=3&act=5:c1"),
            ["seed", "late", "act"]
        );
        assert_eq!(
            changed("size=1000"),
            [] as [&str; 0],
            "a free run has no caption"
        );
    }

    #[test]
    fn every_verb_and_key_round_trips() {
        let all = [
            StreamAction::Crash(Who::Consumer(2)),
            StreamAction::Restart(Who::Broker),
            StreamAction::Crash(Who::Sink),
            StreamAction::Pause(Who::Producer, 5_000),
            StreamAction::Leave(1),
            StreamAction::Join(1),
            StreamAction::Replay {
                partition: 2,
                offset: 0,
            },
            StreamAction::Rebuild,
            StreamAction::Message(MessageAction::Drop(4)),
            StreamAction::Message(MessageAction::Duplicate(5)),
            StreamAction::Message(MessageAction::Hold {
                msg: 6,
                for_us: 500_000,
            }),
        ];
        let actions: Vec<StreamInput> = (0..)
            .zip(all)
            .map(|(at_us, action)| StreamInput { at_us, action })
            .collect();
        let s = StreamScenario {
            partitions: 4,
            assignor: Assignor::RoundRobin,
            guarantee: Guarantee::ExactlyOnceAtomic,
            crash: Some((2, CrashPoint::MidWrite, 3)),
            win: WinKind::Session,
            policy: LatePolicy::Side,
            actions,
            until_us: Some(7),
            ..StreamScenario::default()
        };
        let q = s.to_query();
        assert!(q.contains("crash=2.mid.3"), "{q}");
        assert_eq!(StreamScenario::from_query(&q), Ok(s));
        assert_eq!(
            StreamScenario::from_query(""),
            Ok(StreamScenario::default())
        );
    }

    #[test]
    fn bad_links_name_their_key() {
        for (q, key, words) in [
            ("parts=9", "parts", "out of range 1-8"),
            (
                "guarantee=twice",
                "guarantee",
                "not one of amo, alo, eo, eot",
            ),
            ("crash=1.boom.2", "crash", "<consumer>.<point>.<batch>"),
            ("crash=3.commit.1", "crash", "has 2 consumers"),
            ("act=5:c3", "act", "beyond C2"),
            ("act=5:R3@0", "act", "the topic has 3"),
            ("act=9:cb,5:cb", "act", "time order"),
            ("act=5:x", "act", "the verbs are"),
            ("win=rolling", "win", "tumbling, hopping, sliding, session"),
        ] {
            let e = StreamScenario::from_query(q).unwrap_err();
            assert_eq!(e.key, key, "{q}: {e}");
            assert!(e.message.contains(words), "{q}: {e}");
        }
    }
}
