//! Named book scenarios of the stream lab (DDIA ch. 11 and 12), each with a caption,
//! the outcome to expect, and a check of that outcome on the lab's state (run by the
//! native tests and shown live on the page). A scenario opens at time zero.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::broker::index;
use super::consumer::{CrashPoint, Guarantee};
use super::delivery::{committed, pending_writes};
use super::lab::StreamLab;
use super::scenario::{StreamAction, StreamInput, StreamScenario, Who};
use super::windowing::{EmissionKind, LatePolicy};
use crate::book::{ensure, BookScenario};

/// A named scenario of the stream lab.
pub type StreamBookScenario = BookScenario<StreamScenario, StreamLab>;

/// The named scenarios.
pub const BOOK: &[StreamBookScenario] = &[
    BookScenario {
        name: "crash-amo",
        title: "At-most-once: a crash after the commit",
        caption: "DDIA ch. 11, \"Fault Tolerance\": consumer C1 commits its batch's offset \
                  before writing the batch's effects to the sink, and crashes in between \
                  (its second batch). After the restart the group resumes at the committed \
                  offset, past the batch. Window state is written with the effects (as a \
                  state store's changelog), so the batch's window updates die with C1's \
                  memory too.",
        expected: "The batch's effects are lost (counted from the sink: events below the \
                   committed offset with no effect, whose write no consumer will make any \
                   more), and none is duplicated.",
        build: || crash(Guarantee::AtMostOnce, CrashPoint::BeforeWrite),
        check: |lab| {
            let b = crashed_batch(lab)?;
            ensure(b.lost == b.events, || {
                format!("only {} of the batch's {} effects are lost", b.lost, b.events)
            })?;
            no_effects(lab.delivery().duplicated, "duplicated")
        },
    },
    BookScenario {
        name: "crash-alo",
        title: "At-least-once: a crash before the commit",
        caption: "DDIA ch. 11, \"Fault Tolerance\": consumer C1 writes its batch's effects \
                  to the sink, then crashes before committing the offset (its second batch). \
                  The group resumes at the old offset and processes the batch again. Window \
                  state is written with the effects, so the batch's events update their \
                  windows twice as well.",
        expected: "No effect is lost, but the batch's effects are in the sink twice, so the \
                   live per-key sums exceed the sums over the log's events, and the batch's \
                   events are counted twice in their windows (or, behind the watermark, \
                   handled by the late policy).",
        build: || crash(Guarantee::AtLeastOnce, CrashPoint::BeforeCommit),
        check: |lab| {
            let b = crashed_batch(lab)?;
            ensure(b.duplicated == b.events, || {
                format!(
                    "only {} of the batch's {} effects are duplicated",
                    b.duplicated, b.events
                )
            })?;
            no_effects(lab.delivery().lost, "lost")?;
            ensure(!lab.view().agrees(), || {
                String::from("the live view still agrees with the log")
            })
        },
    },
    BookScenario {
        name: "crash-eo",
        title: "Exactly-once: the same crash, an idempotent sink",
        caption: "DDIA ch. 11, \"Idempotence\", and ch. 12, \"The end-to-end argument\": the \
                  same crash before the commit, but the sink stores each event's effect \
                  keyed by the event id and ignores an id it already holds, so processing \
                  the batch again changes nothing, neither in the sink nor in the windows \
                  (window updates are written with the effects).",
        expected: "Every event's effect is in the sink exactly once after the group catches \
                   up; the live view equals the sums over the log's events.",
        build: || crash(Guarantee::ExactlyOnceIdempotent, CrashPoint::BeforeCommit),
        check: |lab| {
            lab.run
                .crashed
                .ok_or_else(|| String::from("C1 has not crashed"))?;
            let d = lab.delivery();
            ensure(lab.run.sink().skipped > 0, || {
                String::from("the batch has not been reprocessed")
            })?;
            ensure(d.lost == 0 && d.duplicated == 0, || {
                format!("{} lost, {} duplicated", d.lost, d.duplicated)
            })?;
            ensure(lab.run.settled() && lab.view().agrees(), || {
                String::from("the group has not caught up with the log")
            })
        },
    },
    BookScenario {
        name: "late-drop",
        title: "A late event, dropped",
        caption: "DDIA ch. 11, \"Knowing when you're ready\": each event is a straggler \
                  with probability 10 % (the scenario's own run, seed 1, makes 2 of its 60 \
                  events stragglers), held 400 ms more before it reaches the broker. Each \
                  partition's watermark trails the newest event time read from it by 20 ms, \
                  and the operator's is the slowest partition's (a lagging consumer holds it \
                  back), so a straggler arrives after the watermark passed its 100 ms \
                  tumbling window, which has already fired. The allowed lateness is 0: the window's state is gone.",
        expected: "Stragglers arrive behind the watermark, beyond the allowed lateness, and \
                   are dropped: their windows' results stay as fired, without them.",
        build: || late(LatePolicy::Drop),
        check: |lab| late_check(lab, EmissionKind::Dropped),
    },
    BookScenario {
        name: "late-update",
        title: "A late event corrects its window",
        caption: "DDIA ch. 11, \"Knowing when you're ready\": the same stragglers, under \
                  the update policy, which keeps every window's state, so a late event \
                  however late is added to its window (as any late event within the allowed \
                  lateness is, under every policy). Its window has fired: the operator \
                  retracts the result it emitted and emits the corrected one.",
        expected: "Each straggler yields a retraction and a corrected result for its window \
                   (e.g. count 4, then 5).",
        build: || late(LatePolicy::Update),
        check: |lab| {
            late_check(lab, EmissionKind::Retraction)?;
            late_check(lab, EmissionKind::Corrected)
        },
    },
    BookScenario {
        name: "late-side",
        title: "A late event to a side output",
        caption: "DDIA ch. 11, \"Knowing when you're ready\": the same stragglers, beyond \
                  an allowed lateness of 0, sent to a side output (Flink's late-data output) \
                  for a later correction instead of being dropped.",
        expected: "Each straggler behind the watermark appears on the side output; the fired \
                   results are not changed.",
        build: || late(LatePolicy::Side),
        check: |lab| late_check(lab, EmissionKind::SideOutput),
    },
    BookScenario {
        name: "idle-partition",
        title: "An idle partition holds back every window",
        caption: "DDIA ch. 11, \"Knowing when you're ready\": the operator's watermark is the \
                  minimum of its partitions' watermarks. All events share one key, so they \
                  land in one of the four partitions; the other three never see an event, \
                  their watermarks never rise, and no window ever fires. An idle timeout \
                  (e.g. 200 ms, Windows and watermark panel) leaves silent partitions out \
                  of the minimum.",
        expected: "Events keep arriving, but no window result is emitted.",
        build: || StreamScenario {
            partitions: 4,
            keys: 1,
            ..StreamScenario::default()
        },
        check: |lab| {
            let appended: u64 = lab.run.broker().partitions.iter().map(|l| l.end()).sum();
            ensure(appended >= 50, || {
                format!("only {appended} events appended")
            })?;
            let fired = lab.windows().count(EmissionKind::OnTime);
            ensure(fired == 0, || format!("{fired} windows fired"))
        },
    },
    BookScenario {
        name: "rebuild",
        title: "Rebuild a view from offset 0",
        caption: "DDIA ch. 11, \"Replaying old messages\", and ch. 12, \"Reprocessing data \
                  for application evolution\": the log is kept, so at 1.8 s a new \
                  application, the v2 builder, starts an empty view and reads every \
                  partition from offset 0 with its own positions, outside the consumer \
                  group (nobody pauses, no rebalance). The v2 view fills beside the live \
                  one, catches up with the log, and the two are compared.",
        expected: "The v2 view, replayed from offset 0, catches up with the log and equals \
                   the live view the consumer group built.",
        build: || StreamScenario {
            actions: vec![StreamInput {
                at_us: 1_800_000,
                action: StreamAction::Rebuild,
            }],
            ..StreamScenario::default()
        },
        check: |lab| {
            let v2 = &lab.run.rebuilder();
            ensure(v2.started, || {
                String::from("the v2 builder has not started")
            })?;
            let p = lab.run.producer();
            ensure(p.made == p.config.events && p.pending.is_empty(), || {
                String::from("the producer has not made and delivered all its events")
            })?;
            ensure(lab.v2_caught_up(), || {
                format!("the v2 view has read only {} records", v2.read)
            })?;
            ensure(lab.run.settled(), || {
                String::from("the group has not caught up with the log")
            })?;
            let view = lab.view();
            ensure(view.v2_agrees(), || {
                format!("{} keys differ", view.differences().len())
            })
        },
    },
    BookScenario {
        name: "rebalance",
        title: "A rebalance reprocesses a batch",
        caption: "DDIA ch. 11, \"Fault Tolerance\", and ch. 8, \"Process Pauses\": consumer \
                  C1 is paused (a GC pause) for 600 ms while it holds a batch, longer than \
                  the 300 ms session timeout. The broker declares it dead and rebalances, \
                  pausing the group (C2 commits the batch it holds first); C2 takes C1's \
                  partitions from the committed offset and processes C1's batch. When C1 \
                  wakes, it rejoins (one more rebalance), writes the rest of its batch to the \
                  sink and commits it: the commit is refused, its generation is over, but its \
                  writes are in the sink.",
        expected: "C1 is declared dead; under at-least-once the effects of the one batch C1 \
                   held are in the sink twice (C1's and C2's), no other effect is \
                   duplicated, none is lost.",
        build: || StreamScenario {
            actions: vec![StreamInput {
                at_us: 402_000,
                action: StreamAction::Pause(Who::Consumer(1), 600_000),
            }],
            ..StreamScenario::default()
        },
        check: |lab| {
            let expired = lab.run.broker().group.expirations;
            ensure(expired >= 1, || {
                String::from("C1 has not been declared dead")
            })?;
            no_effects(lab.delivery().lost, "lost")?;
            let twice = duplicated_offsets(lab);
            ensure(!twice.is_empty(), || {
                String::from("no effect is in the sink twice")
            })?;
            let batch = u64::from(lab.scenario().batch);
            let one_batch = twice.windows(2).all(|w| w[0].0 == w[1].0)
                && twice.last().map(|l| l.1) < twice.first().map(|f| f.1 + batch);
            ensure(one_batch, || {
                format!(
                    "{} duplicated effects span more than one batch",
                    twice.len()
                )
            })
        },
    },
];

/// C1 crashes at `point` in its second batch under `guarantee`.
fn crash(guarantee: Guarantee, point: CrashPoint) -> StreamScenario {
    StreamScenario {
        guarantee,
        crash: Some((1, point, 2)),
        ..StreamScenario::default()
    }
}

/// How the planned crash's batch fared so far.
struct BatchFate {
    /// Events in the batch.
    events: u64,
    /// Of those, lost (no effect, and none coming).
    lost: u64,
    /// Of those, with more than one effect in the sink.
    duplicated: u64,
}

/// The planned crash's batch, once it has happened: each of its events counted from
/// the sink, the pending writes and the committed offset.
fn crashed_batch(lab: &StreamLab) -> Result<BatchFate, String> {
    let crash = lab
        .run
        .crashed
        .ok_or_else(|| String::from("C1 has not crashed"))?;
    let sink = lab.run.sink();
    let coming = pending_writes(&lab.run);
    let committed = committed(lab.run.broker(), sink);
    let done = committed.get(index(crash.partition)).copied().unwrap_or(0);
    let batch = lab.run.history.below(index(crash.partition), crash.next);
    let mut fate = BatchFate {
        events: crash.records(),
        lost: 0,
        duplicated: 0,
    };
    for r in batch.iter().filter(|r| r.offset >= crash.first) {
        let copies = sink.outputs.iter().filter(|o| o.id == r.event.id).count();
        let lost = copies == 0 && r.offset < done && !coming.contains(&r.event.id);
        fate.lost += u64::from(lost);
        fate.duplicated += u64::from(copies > 1);
    }
    Ok(fate)
}

/// (partition, offset) of every event with more than one effect in the sink, in order.
fn duplicated_offsets(lab: &StreamLab) -> Vec<(usize, u64)> {
    let sink = lab.run.sink();
    let copies = |id| sink.outputs.iter().filter(|o| o.id == id).count();
    lab.run
        .history
        .records
        .iter()
        .enumerate()
        .flat_map(|(p, records)| records.iter().map(move |r| (p, r)))
        .filter(|(_, r)| copies(r.event.id) > 1)
        .map(|(p, r)| (p, r.offset))
        .collect()
}

/// None of `what` effects in the whole run.
fn no_effects(count: u64, what: &str) -> Result<(), String> {
    ensure(count == 0, || {
        format!("{count} effects {what}, none expected")
    })
}

/// Stragglers against a 20 ms watermark bound, no allowed lateness, under `policy`.
fn late(policy: LatePolicy) -> StreamScenario {
    StreamScenario {
        straggler_pct: 10,
        straggler_ms: 400,
        lateness_ms: 0,
        policy,
        ..StreamScenario::default()
    }
}

fn late_check(lab: &StreamLab, kind: EmissionKind) -> Result<(), String> {
    let n = lab.windows().count(kind);
    // Worded to be true while the run goes and after it is over (no "yet").
    let none = match kind {
        EmissionKind::OnTime => "no window has fired",
        EmissionKind::Corrected => "no window result has been corrected",
        EmissionKind::Retraction => "no window result has been retracted",
        EmissionKind::SideOutput => "no event has been sent to the side output",
        EmissionKind::Dropped => "no event has been dropped",
    };
    ensure(n > 0, || String::from(none))
}
