//! Plain-language narration of a stream run for the event log, e.g. "the broker
//! declares C1 dead (no heartbeat for a session timeout): rebalance, generation 3; the
//! group pauses". Nodes are named as the link's verbs name them: the broker, the
//! producer, the sink, consumers C1..Cn. [`windows`] tells the windowing operator's
//! firings and late events.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::consumer::{CrashPoint, Guarantee};
use super::msg::{Note, RebalanceCause, Request};
use super::run::{CrashPlan, Crashed, Missed};
use super::window::{Agg, Window, WindowKind};
use super::windowing::{Emission, EmissionKind, LateEvent, LatePolicy, WindowParams, WindowRun};
use super::{Member, BROKER, FIRST_CONSUMER, PRODUCER, REBUILDER, SINK};
use crate::sim::{Action, Event, EventOf, MessageAction, NodeId};

/// A node's name: `broker`, `producer`, `sink`, or `C<n>` (consumers 1-based).
pub fn node(id: NodeId) -> String {
    match id {
        BROKER => "the broker".into(),
        PRODUCER => "the producer".into(),
        SINK => "the sink".into(),
        REBUILDER => "the v2 builder".into(),
        c => format!("C{}", c + 1 - FIRST_CONSUMER),
    }
}

fn cause(c: RebalanceCause) -> String {
    match c {
        RebalanceCause::Joined(m) => format!("{} joins", node(m)),
        RebalanceCause::Left(m) => format!("{} leaves", node(m)),
        RebalanceCause::Expired(m) => {
            format!(
                "{} is declared dead (no heartbeat for a session timeout)",
                node(m)
            )
        }
        RebalanceCause::Replay(p, offset) => format!(
            "P{p}'s committed offset is set back to {offset} (an admin offset reset: the \
             group must stop, so each owner starts over from there)"
        ),
    }
}

/// ", although its N effects are already in the sink" (nothing for none).
fn in_sink(written: u64) -> String {
    match written {
        0 => String::new(),
        1 => String::from(", although 1 effect of it is already in the sink"),
        n => format!(", although {n} effects of it are already in the sink"),
    }
}

/// One sentence for a narrated state change of `who`.
pub fn note(who: NodeId, n: &Note) -> String {
    match n {
        Note::RebalanceBegins {
            generation,
            cause: c,
        } => format!(
            "{}: rebalance to generation {generation}; the group pauses",
            cause(*c)
        ),
        Note::Assigned {
            generation,
            assignment,
        } => {
            let parts: Vec<String> = assignment
                .iter()
                .map(|(m, ps)| {
                    let list: Vec<String> = ps.iter().map(|p| format!("P{p}")).collect();
                    let list = if list.is_empty() {
                        String::from("nothing")
                    } else {
                        list.join(" ")
                    };
                    format!("{} reads {list}", node(*m))
                })
                .collect();
            format!("generation {generation} assigned: {}", parts.join(", "))
        }
        Note::OffsetCommitted {
            member,
            partition,
            offset,
        } => format!("{} commits offset {offset} of P{partition}", node(*member)),
        Note::BatchAbandoned {
            partition,
            from,
            to,
            written,
            leaving,
        } => format!(
            "{} drops its batch P{partition} {from}..{to} ({}){}",
            node(who),
            match leaving {
                true => "it is leaving the group",
                false => "its generation is over",
            },
            in_sink(*written)
        ),
        Note::CommitRefused {
            partition,
            from,
            to,
            generation,
            written,
        } => format!(
            "{} commits P{partition} up to offset {to}: refused, generation {generation} is \
             over (P{partition} has a new owner, which reads it from offset {from}){}",
            node(who),
            in_sink(*written)
        ),
        Note::SkippedByRetention {
            partition,
            from,
            to,
        } => format!(
            "{} asks P{partition} from offset {from}, but retention already deleted {}: it \
             skips {} (each without an effect in the sink is lost) and reads on from {to}",
            node(who),
            offsets(*from, *to),
            records(to - from)
        ),
        Note::RebuildCaughtUp { read, missed } => {
            let gone = match missed {
                0 => String::new(),
                m => format!("; {m} records were deleted by retention before it got there"),
            };
            format!(
                "the v2 builder has caught up: it read every partition to its end \
                 ({read} records){gone}; compare the v2 view with the live one"
            )
        }
        Note::OffsetReset { partition, offset } => format!(
            "P{partition}'s committed offset is set back to {offset} (an admin reset: the \
             rebalance under way hands it out)"
        ),
        Note::Trimmed { partition, count } => {
            format!(
                "retention deletes the oldest {} of P{partition}",
                records(*count)
            )
        }
    }
}

/// Why a planned crash did not happen, for the log and beside the crash control, e.g.
/// "C1 fetches 1 record per batch: a 1-record write has no inside, so the planned
/// crash did not happen".
pub fn missed(m: &Missed, guarantee: Guarantee) -> String {
    let who = node(FIRST_CONSUMER + usize::try_from(m.plan.consumer).unwrap_or(0));
    let batch = m.plan.batch;
    let why = match (m.plan.point, m.records) {
        (_, None) => format!("{who} never held a batch {batch} (it restarted and counts again)"),
        (CrashPoint::MidWrite, _) if guarantee == Guarantee::ExactlyOnceAtomic => {
            format!("{who}'s batch {batch} was written in one atomic write, which has no inside")
        }
        (CrashPoint::MidWrite, _) => {
            format!("{who} fetches 1 record per batch: a 1-record write has no inside")
        }
        (CrashPoint::BeforeWrite, _) if guarantee == Guarantee::ExactlyOnceAtomic => format!(
            "{who} writes batch {batch}'s output and offset in one atomic write: there is no \
             moment between commit and write"
        ),
        (CrashPoint::BeforeWrite, _) if guarantee != Guarantee::AtMostOnce => format!(
            "{who} writes batch {batch} before it commits it ({}): it never stood between \
             commit and write",
            guarantee.name()
        ),
        _ => format!("{who}'s batch {batch} was dropped before it reached the point"),
    };
    format!("{why}, so the planned crash did not happen")
}

/// The planned crash's line, naming where it caught its consumer (U3), e.g. "C1
/// crashes after committing offset 6, before writing its batch's output (offsets
/// 4-5)"; other crashes read "C1 crashes" ([`event`]).
pub fn planned_crash(plan: &CrashPlan, c: &Crashed) -> String {
    let who = node(FIRST_CONSUMER + usize::try_from(plan.consumer).unwrap_or(0));
    let batch = offsets(c.first, c.next);
    let at = match plan.point {
        CrashPoint::BeforeCommit => format!(
            "after writing its batch's output ({batch}) to the sink, before committing \
             offset {}",
            c.next
        ),
        CrashPoint::BeforeWrite => format!(
            "after committing offset {}, before writing its batch's output ({batch})",
            c.next
        ),
        CrashPoint::MidWrite => format!(
            "inside the sink write of its batch ({batch}): {} of its {} written",
            c.written,
            records(c.records())
        ),
    };
    format!("{who} crashes {at}")
}

/// Why a planned crash did not happen by the end of a complete run: its consumer
/// began `begun` batches, fewer than the plan's (B2), e.g. "C1 began 12 batches, never
/// batch 99, so the planned crash did not happen".
pub fn unreached(plan: &CrashPlan, begun: u64) -> String {
    let who = node(FIRST_CONSUMER + usize::try_from(plan.consumer).unwrap_or(0));
    let s = if begun == 1 { "" } else { "es" };
    format!(
        "{who} began {begun} batch{s}, never batch {}, so the planned crash did not happen",
        plan.batch
    )
}

/// One sentence for a trace event worth narrating (state changes, crashes, restarts,
/// broken invariants, a message dropped, duplicated or held by hand); `None` for
/// message traffic and timers.
pub fn event(e: &EventOf<Member>) -> Option<String> {
    match e {
        Event::Note { node: who, note: n } => Some(note(*who, n)),
        Event::ClientRequest {
            request: Request::Rebuild,
            ..
        } => Some(String::from(
            "the v2 builder starts an empty view and reads every partition from offset 0, \
             with its own positions outside the group (no rebalance)",
        )),
        Event::Crashed(n) => Some(format!("{} crashes", node(*n))),
        Event::Restarted(n) => Some(format!("{} restarts", node(*n))),
        Event::Resumed(n) => Some(format!("{} resumes after a pause", node(*n))),
        Event::Applied(Action::Pause { node: n, for_us }) => Some(format!(
            "{} pauses for {} (a GC pause): it sends no heartbeats",
            node(*n),
            ms(*for_us)
        )),
        Event::InvariantViolated { invariant, detail } => {
            Some(format!("{invariant} broken: {detail}"))
        }
        Event::Applied(a) => MessageAction::of(a).map(MessageAction::describe),
        _ => None,
    }
}

/// µs as ms for a sentence: "520 ms", or "519.999 ms" when not a whole ms.
/// "1 record", "3 records".
fn records(n: u64) -> String {
    if n == 1 {
        String::from("1 record")
    } else {
        format!("{n} records")
    }
}

/// Offsets `[from, to)` in words: "offset 34", "offsets 77-78".
fn offsets(from: u64, to: u64) -> String {
    match to.saturating_sub(from) {
        0 | 1 => format!("offset {from}"),
        _ => format!("offsets {from}-{}", to - 1),
    }
}

/// `us` in ms, exact: "500", "519.999".
fn bound(us: u64) -> String {
    match us % 1_000 {
        0 => format!("{}", us / 1_000),
        frac => format!("{}.{frac:03}", us / 1_000),
    }
}

fn ms(us: u64) -> String {
    format!("{} ms", bound(us))
}

/// A window's bounds in ms as the learner reads them, in the convention of
/// [`super::window`]: "[500, 600) ms" (start in, end out), and a sliding window, which
/// ends at its event inclusive, "(760, 860] ms" (the same µs: `[s, e)` is
/// `(s - 1, e - 1]`), so its bounds are the event's time and that less the size.
pub fn window(w: Window, kind: WindowKind) -> String {
    match kind {
        WindowKind::Sliding { .. } => format!(
            "({}, {}] ms",
            bound(w.start.saturating_sub(1)),
            bound(w.end.saturating_sub(1))
        ),
        _ => format!("[{}, {}) ms", bound(w.start), bound(w.end)),
    }
}

/// How far the window narration has got: emissions and late events told.
pub type WindowsTold = (usize, usize);

/// A sentence about the windowing operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowLine {
    /// Processing time, µs.
    pub at_us: u64,
    /// The sentence.
    pub text: String,
    /// About a late event (else a window firing).
    pub late: bool,
}

/// Sentences for what the windowing operator did since `told`, each with its
/// processing time (µs), and how far they go: one per window firing, all keys
/// together ("the watermark reaches 519.999 ms: window [400, 500) ms fires, count 9
/// over 4 keys"), and one per late event with how far past its window the watermark
/// was, the allowed lateness of `params`, and what became of it ("event 17 (event time
/// 510 ms) arrives at 946 ms: late, its window [500, 600) ms has closed: the watermark
/// 1039.999 ms is 440 ms past its end; allowed lateness 0 ms -> retract [500, 600) ms
/// key 3 count 4, emit count 5"). Per key would flood the log (every key fires at
/// once).
pub fn windows(
    run: &WindowRun,
    params: &WindowParams,
    told: WindowsTold,
) -> (Vec<WindowLine>, WindowsTold) {
    let (mut e, mut l) = told;
    let mut out = Vec::new();
    while let Some(first) = run.emissions.get(e) {
        // On-time results carry no event; a late event's emissions carry its id.
        let group = run.emissions[e..]
            .iter()
            .take_while(|m| m.at_us == first.at_us && m.event == first.event)
            .count();
        let (earlier, batch) = run.emissions[..e + group].split_at(e);
        e += group;
        let Some(id) = first.event else {
            out.extend(fired(run, params.kind, batch));
            continue;
        };
        // Late events before this one that emitted nothing, then this one.
        while let Some(late) = run.late_events.get(l) {
            l += 1;
            let mine = late.id == id && late.arrival_us == first.at_us;
            let emitted = if mine { batch } else { &[] };
            out.push(late_line(run, late, params, (earlier, emitted)));
            if mine {
                break;
            }
        }
    }
    for late in run.late_events.get(l..).unwrap_or(&[]) {
        out.push(late_line(run, late, params, (&run.emissions, &[])));
    }
    (out, (run.emissions.len(), run.late_events.len()))
}

/// One line per window among on-time results emitted at one moment.
fn fired(run: &WindowRun, kind: WindowKind, batch: &[Emission]) -> Vec<WindowLine> {
    let Some(at) = batch.first().map(|m| m.at_us) else {
        return Vec::new();
    };
    let watermark = run.watermarks.iter().rev().find(|(t, _)| *t <= at).map_or(
        String::from("the watermark"),
        |&(_, w)| match w {
            u64::MAX => String::from("the end of the input"),
            w => format!("the watermark reaches {}", ms(w)),
        },
    );
    // A Vec, not a BTreeMap: one more map type is page size; results of one moment
    // are few.
    let mut by_window: Vec<(Window, Agg, u64, u64)> = Vec::new();
    for m in batch {
        let Some(w) = m.window else { continue };
        match by_window.iter_mut().find(|b| b.0 == w) {
            Some(b) => {
                b.1.merge(m.agg);
                b.2 += 1;
            }
            None => by_window.push((w, m.agg, 1, m.key)),
        }
    }
    by_window
        .into_iter()
        .map(|(w, agg, keys, key)| {
            let what = match keys {
                1 => format!("key {key} count {}", agg.count),
                n => format!("count {} over {n} keys", agg.count),
            };
            WindowLine {
                at_us: at,
                text: format!("{watermark}: window {} fires, {what}", window(w, kind)),
                late: false,
            }
        })
        .collect()
}

/// A late event, where the watermark stood against its window (play17c F4) and what
/// its policy did: the windows it was added to, the purged ones it skipped, and the
/// retractions and corrections it caused (`emitted`, after the operator's `earlier`
/// emissions).
fn late_line(
    run: &WindowRun,
    late: &LateEvent,
    params: &WindowParams,
    (earlier, emitted): (&[Emission], &[Emission]),
) -> WindowLine {
    let head = format!(
        "event {} (event time {}) arrives at {}: late, {}; allowed lateness {}",
        late.id,
        ms(late.event_us),
        ms(late.arrival_us),
        against_window(late, params.kind),
        ms(params.lateness_us)
    );
    use super::windowing::LatenessReach;
    // Purged at the end of the lateness, that instant included (U6).
    let within = late.reach(params.lateness_us) == LatenessReach::Within;
    let reach = match late.reach(params.lateness_us) {
        LatenessReach::Within => "within it",
        LatenessReach::AtEnd => "the watermark has reached the end of it",
        LatenessReach::Beyond => "beyond it",
    };
    let why = match params.policy {
        _ if within => "",
        LatePolicy::Update => ", but the update policy keeps every window",
        // Kept: a later (hopping, sliding) window.
        LatePolicy::Drop | LatePolicy::Side => " for that window",
    };
    let kind = params.kind;
    // Its windows, each named once (an event processed twice is late twice), but for
    // those whose results it corrected, which the corrections name.
    let named = |pairs: &[(u64, Window)]| {
        let mut ws: Vec<String> = Vec::new();
        for &(_, w) in pairs.iter().filter(|p| p.0 == late.id) {
            let told = emitted.iter().any(|m| m.window == Some(w));
            let w = window(w, kind);
            if !told && !ws.contains(&w) {
                ws.push(w);
            }
        }
        ws.join(", ")
    };
    let skipped = match named(&run.skipped) {
        s if s.is_empty() => s,
        // Beyond the lateness whether it fired and was purged or, a sliding window the
        // event would have made, was never made (play17f U3).
        s => format!("{s} beyond the allowed lateness, skipped; "),
    };
    let entered = run.entered.iter().any(|p| p.0 == late.id);
    let added = match (named(&run.entered), emitted.is_empty()) {
        // Sliding: every window made so far is purged; a later one may hold it.
        _ if !entered => String::from(
            "kept for a later window of its key, not made yet, that still may hold it \
             (a late sliding event is dropped only when every window that can hold it \
             is past its close time, as in Kafka Streams)",
        ),
        (a, true) => format!("added to {a}, not fired"),
        (a, false) if a.is_empty() => corrections(earlier, emitted, kind),
        (a, false) => format!(
            "added to {a}, not fired; {}",
            corrections(earlier, emitted, kind)
        ),
    };
    // The sliding rule, said where it decides (Kafka Streams').
    let every = match kind {
        WindowKind::Sliding { .. } => " (every window that can hold it, later ones too, is closed)",
        _ => "",
    };
    let tail = match late.fate {
        EmissionKind::Dropped => format!(", dropped{every}"),
        EmissionKind::SideOutput => format!(", sent to the side output{every}"),
        _ => format!("{why}: {skipped}{added}"),
    };
    WindowLine {
        at_us: late.arrival_us,
        text: format!("{head} -> {reach}{tail}"),
        late: true,
    }
}

/// Where the watermark a late event arrived behind stands against the latest of its
/// windows that has fired (the one its allowed lateness is measured from; a session's
/// is the merged session it would join): "its window [500, 600) ms has closed: the
/// watermark 659.999 ms is 60 ms past its end", and how many of its later windows
/// (hopping) are still open (a window closes when the watermark reaches its last µs,
/// `end - 1`).
fn against_window(late: &LateEvent, kind: WindowKind) -> String {
    let (w, win) = (late.watermark_us, late.window);
    let still_open = match late.open_windows {
        0 => String::new(),
        1 => String::from(" (a later window of it is still open)"),
        n => format!(" ({n} later windows of it are still open)"),
    };
    let past = match (w + 1).saturating_sub(win.end) {
        0 => format!("has reached its last instant, {}", ms(w)),
        d => format!("{} is {} past its end", ms(w), ms(d)),
    };
    // A sliding window is the event's own only when it ends at it (U1).
    let whose = match kind {
        WindowKind::Sliding { .. } if win.end - 1 != late.event_us => "the window holding it",
        _ => "its window",
    };
    format!(
        "{whose} {} has closed: the watermark {past}{still_open}",
        window(win, kind)
    )
}

/// A window's total count over its keys after the emissions `earlier` then `emitted`
/// (each key's latest result; nothing once retracted).
fn window_total(earlier: &[Emission], emitted: &[Emission], w: Window) -> u64 {
    // A Vec, not a map (page size): a window holds few keys.
    let mut latest: Vec<(u64, u64)> = Vec::new();
    for m in earlier
        .iter()
        .chain(emitted)
        .filter(|m| m.window == Some(w))
    {
        let count = match m.kind {
            EmissionKind::Retraction => 0,
            _ => m.agg.count,
        };
        match latest.iter_mut().find(|k| k.0 == m.key) {
            Some(k) => k.1 = count,
            None => latest.push((m.key, count)),
        }
    }
    latest.iter().map(|k| k.1).sum()
}

/// "retract [500, 600) ms key 3 count 4, emit count 5 (window total 9 → 10); ..." for
/// a late event's retractions and corrected results (`emitted`, after the operator's
/// `earlier` emissions), per window and key; the window's total over its keys (the
/// count the plane writes on its band) when other keys share the window (U2).
fn corrections(earlier: &[Emission], emitted: &[Emission], kind: WindowKind) -> String {
    let mut by_window: Vec<(Window, u64, Option<u64>, Option<u64>)> = Vec::new();
    for m in emitted {
        let Some(w) = m.window else { continue };
        let i = match by_window.iter().position(|b| b.0 == w && b.1 == m.key) {
            Some(i) => i,
            None => {
                by_window.push((w, m.key, None, None));
                by_window.len() - 1
            }
        };
        match m.kind {
            EmissionKind::Retraction => by_window[i].2 = Some(m.agg.count),
            _ => by_window[i].3 = Some(m.agg.count),
        }
    }
    let parts: Vec<String> = by_window
        .into_iter()
        .map(|(w, key, old, new)| {
            let (before, after) = (
                window_total(earlier, &[], w),
                window_total(earlier, emitted, w),
            );
            let total = match (before, after) == (old.unwrap_or(0), new.unwrap_or(0)) {
                true => String::new(),
                false => format!(" (window total {before} → {after})"),
            };
            let w = window(w, kind);
            let line = match (old, new) {
                (Some(old), Some(new)) => {
                    format!("retract {w} key {key} count {old}, emit count {new}")
                }
                (Some(old), None) => format!("retract {w} key {key} count {old}"),
                (None, new) => format!("emit {w} key {key} count {}", new.unwrap_or(0)),
            };
            line + &total
        })
        .collect();
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn notes_read_as_sentences() {
        let expired = Note::RebalanceBegins {
            generation: 3,
            cause: RebalanceCause::Expired(FIRST_CONSUMER),
        };
        assert_eq!(
            note(BROKER, &expired),
            "C1 is declared dead (no heartbeat for a session timeout): rebalance to \
             generation 3; the group pauses"
        );
        let assigned = Note::Assigned {
            generation: 3,
            assignment: vec![
                (FIRST_CONSUMER + 1, vec![0, 2]),
                (FIRST_CONSUMER + 2, vec![]),
            ],
        };
        assert_eq!(
            note(BROKER, &assigned),
            "generation 3 assigned: C2 reads P0 P2, C3 reads nothing"
        );
        assert_eq!(
            event(&Event::Crashed(SINK)).as_deref(),
            Some("the sink crashes")
        );
        let dropped = Event::Applied(MessageAction::Drop(9).action());
        assert_eq!(event(&dropped).as_deref(), Some("you drop message #9"));
    }

    #[test]
    fn window_firings_and_late_events_read_as_one_line_each() {
        use super::super::watermark::WatermarkParams;
        use super::super::window::{TimedEvent, WindowKind};
        use super::super::windowing::{run_windows, LatePolicy, WindowParams};
        let ev = |key, event_ms: u64, arrival_ms: u64, id| TimedEvent {
            partition: 0,
            key,
            event_us: event_ms * 1_000,
            arrival_us: arrival_ms * 1_000,
            value: 1,
            id,
        };
        let events = [
            ev(1, 10, 11, 0),
            ev(2, 20, 21, 1),
            ev(1, 30, 31, 2),
            ev(1, 250, 251, 3),
            ev(1, 50, 300, 4),
            ev(2, 60, 310, 5),
        ];
        let params = |policy| WindowParams {
            kind: WindowKind::Tumbling { size_us: 100_000 },
            watermark: WatermarkParams {
                bound_us: 10_000,
                idle_us: 0,
            },
            lateness_us: 0,
            policy,
            partitions: 1,
        };
        let update = params(LatePolicy::Update);
        let run = run_windows(&events, &update, None);
        let (lines, told) = windows(&run, &update, (0, 0));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "the watermark reaches 239.999 ms: window [0, 100) ms fires, count 3 over 2 keys",
                "event 4 (event time 50 ms) arrives at 300 ms: late, its window [0, 100) ms \
                 has closed: the watermark 239.999 ms is 140 ms past its end; allowed \
                 lateness 0 ms -> beyond it, but the update policy keeps every window: \
                 retract [0, 100) ms key 1 count 2, emit count 3 (window total 3 → 4)",
                "event 5 (event time 60 ms) arrives at 310 ms: late, its window [0, 100) ms \
                 has closed: the watermark 239.999 ms is 140 ms past its end; allowed \
                 lateness 0 ms -> beyond it, but the update policy keeps every window: \
                 retract [0, 100) ms key 2 count 1, emit count 2 (window total 4 → 5)",
            ]
        );
        assert_eq!(told, (run.emissions.len(), run.late_events.len()));
        assert_eq!(windows(&run, &update, told).0, [], "nothing told twice");
        let (rest, _) = windows(&run, &update, (2, 0));
        assert_eq!(rest, lines[1..], "told in steps, the same lines");
        let side = params(LatePolicy::Side);
        let (lines, _) = windows(&run_windows(&events, &side, None), &side, (0, 0));
        assert!(lines[1].late && !lines[0].late);
        assert!(lines[1].text.ends_with(
            "140 ms past its end; allowed lateness 0 ms -> beyond it, sent to the side output"
        ));
    }

    /// play17d N5: a sliding window ends at its event inclusive, so it is written
    /// `(t - size, t]`, round numbers for an event at a round time; the other kinds
    /// `[start, end)`.
    #[test]
    fn window_bounds_follow_each_kinds_convention() {
        let ev = [(860_000, 1)];
        let sliding = WindowKind::Sliding { size_us: 100_000 };
        let w = *sliding.windows(&ev).keys().next().unwrap();
        assert_eq!(window(w, sliding), "(760, 860] ms");
        let tumbling = WindowKind::Tumbling { size_us: 100_000 };
        let w = *tumbling.windows(&ev).keys().next().unwrap();
        assert_eq!(window(w, tumbling), "[800, 900) ms");
        let odd = WindowKind::Sliding { size_us: 100_500 };
        let w = *odd.windows(&[(1_000_250, 1)]).keys().next().unwrap();
        assert_eq!(window(w, odd), "(899.750, 1000.250] ms");
    }

    /// Hopping windows: the lateness runs from the latest window of the event, so the
    /// line measures from the latest one that has closed and says if a later one is open.
    #[test]
    fn a_late_hopping_event_is_measured_from_its_latest_closed_window() {
        use super::super::watermark::WatermarkParams;
        use super::super::window::{TimedEvent, WindowKind};
        use super::super::windowing::{run_windows, LatePolicy, WindowParams};
        let ev = |event_ms: u64, arrival_ms: u64, id| TimedEvent {
            partition: 0,
            key: 1,
            event_us: event_ms * 1_000,
            arrival_us: arrival_ms * 1_000,
            value: 1,
            id,
        };
        let line = |ahead_ms: u64, lateness_ms: u64| {
            let params = WindowParams {
                kind: WindowKind::Hopping {
                    size_us: 100_000,
                    slide_us: 50_000,
                },
                watermark: WatermarkParams {
                    bound_us: 10_000,
                    idle_us: 0,
                },
                lateness_us: lateness_ms * 1_000,
                policy: LatePolicy::Drop,
                partitions: 1,
            };
            let events = [ev(10, 11, 0), ev(ahead_ms, ahead_ms + 1, 1), ev(60, 250, 2)];
            let run = run_windows(&events, &params, None);
            let (lines, _) = windows(&run, &params, (0, 0));
            lines
                .into_iter()
                .find(|l| l.late)
                .expect("event 2 is late")
                .text
        };
        // Watermark 189.999 ms: both [0, 100) and [50, 150) have closed.
        assert!(line(200, 0).contains(
            "its window [50, 150) ms has closed: the watermark 189.999 ms is 40 ms past its \
             end; allowed lateness 0 ms -> beyond it, dropped"
        ));
        // Lateness 50 ms keeps [50, 150) (it never had an event: a first, late result)
        // and purges [0, 100), which the event does not enter.
        let l = line(200, 50);
        assert!(
            l.ends_with(
                "40 ms past its end; allowed lateness 50 ms -> within it: [0, 100) ms beyond \
                 the allowed lateness, skipped; emit [50, 150) ms key 1 count 1"
            ),
            "{l}"
        );
        // Watermark 119.999 ms: [0, 100) has closed and is purged (lateness 0),
        // [50, 150) is open: the event enters only [50, 150), as in Flink.
        assert!(line(130, 0).contains(
            "its window [0, 100) ms has closed: the watermark 119.999 ms is 20 ms past its \
             end (a later window of it is still open); allowed lateness 0 ms -> beyond it \
             for that window: [0, 100) ms beyond the allowed lateness, skipped; added to \
             [50, 150) ms, not fired"
        ));
    }
}
