//! The narrated event log: one sentence per interesting event, newest at the top,
//! stamped with simulated time. Repeats in a row are coalesced into one line with a
//! count, and a filter keeps only the milestones (each lab names its own: role and
//! term changes, flushes, rebalances...; your actions, violations), so they stay findable when
//! routine lines flood in (a partition blocks a message every heartbeat). A line's
//! stamp is a button that takes the run back to that moment.

use super::format::ms;
use super::timeline::Timeline;
use leptos::prelude::*;

/// How much a line matters to the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Traffic and routine results: hidden by the milestone filter.
    Routine,
    /// A turn in the story: kept by the filter.
    Milestone,
    /// An invariant or oracle violation: kept by the filter, drawn in red.
    Alarm,
}

/// One line of the narrated event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// Position of its event in the run (a stable key).
    pub index: u64,
    /// Simulated time, µs (or the lab's own position unit).
    pub at_us: u64,
    /// The sentence.
    pub text: String,
    /// How much it matters.
    pub kind: LineKind,
}

/// A line as shown: the newest of `count` equal sentences in a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The newest line of the run of repeats.
    pub line: LogLine,
    /// How many equal sentences in a row it stands for (1: no repeat).
    pub count: usize,
}

/// The rows to show for `lines` (oldest first), newest first: runs of equal sentences
/// coalesced, and with `milestones_only` the routine lines left out first (so repeats
/// that routine lines separated coalesce too).
pub fn rows(lines: &[LogLine], milestones_only: bool) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    let kept = lines
        .iter()
        .rev()
        .filter(|l| !milestones_only || l.kind != LineKind::Routine);
    for line in kept {
        match out.last_mut() {
            Some(row) if row.line.text == line.text => row.count += 1,
            _ => out.push(Row {
                line: line.clone(),
                count: 1,
            }),
        }
    }
    out
}

/// The event log panel. `lines` is oldest first; it is shown newest first.
#[component]
pub fn EventLog(
    #[prop(into)] lines: Signal<Vec<LogLine>>,
    /// How a line's `at_us` is shown; simulated milliseconds when not given.
    #[prop(optional)]
    stamp: Option<fn(u64) -> String>,
    /// What the lab's milestone filter keeps, for its tooltip (e.g. "elections and
    /// commits"), before "your actions, violations".
    milestones: &'static str,
) -> impl IntoView {
    let stamp = stamp.unwrap_or(ms);
    // Clicking a line's stamp seeks there (issue 18), through the mounted lab's timeline.
    let timeline = use_context::<Timeline>();
    let milestones_only = RwSignal::new(false);
    let shown = move || lines.with(|l| rows(l, milestones_only.get()));
    view! {
        <section class="event-log" aria-label="event log">
            <div class="event-log-head">
                <h2>"Events"</h2>
                <label
                    class="log-filter"
                    title=format!("Show only the turns of the story: {milestones}, your actions, violations")
                >
                    <input
                        type="checkbox"
                        prop:checked=move || milestones_only.get()
                        on:change=move |ev| milestones_only.set(event_target_checked(&ev))
                    />
                    "milestones only"
                </label>
            </div>
            <ol class="entries" aria-live="off" tabindex="0" aria-label="events, newest first">
                <Show when=move || lines.with(Vec::is_empty)>
                    <li class="entry empty">"Nothing has happened yet."</li>
                </Show>
                {move || {
                    shown()
                        .into_iter()
                        .map(|row| {
                            let at = row.line.at_us;
                            let repeats = (row.count > 1)
                                .then(|| {
                                    view! {
                                        <span
                                            class="repeat"
                                            title=format!("{} times in a row", row.count)
                                        >
                                            {format!("×{}", row.count)}
                                        </span>
                                    }
                                });
                            view! {
                                <li
                                    class="entry"
                                    class:violation=row.line.kind == LineKind::Alarm
                                    class:milestone=row.line.kind == LineKind::Milestone
                                >
                                    <button
                                        class="at"
                                        title="Go back to this moment (the timeline keeps the rest of the run)"
                                        on:click=move |_| {
                                            if let Some(t) = timeline {
                                                t.seek(at);
                                            }
                                        }
                                    >
                                        {stamp(at)}
                                    </button>
                                    <span class="text">{row.line.text}</span>
                                    {repeats}
                                </li>
                            }
                        })
                        .collect::<Vec<_>>()
                }}
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(index: u64, text: &str, kind: LineKind) -> LogLine {
        LogLine {
            index,
            at_us: index * 10,
            text: text.into(),
            kind,
        }
    }

    #[test]
    fn repeats_in_a_row_become_one_row_with_a_count() {
        let blocked = "the partition blocks a message S4 → S3";
        let lines = [
            line(1, "S3 becomes leader of term 3", LineKind::Milestone),
            line(2, blocked, LineKind::Routine),
            line(3, blocked, LineKind::Routine),
            line(4, blocked, LineKind::Routine),
            line(5, "S3 commits up to index 2", LineKind::Milestone),
            line(6, blocked, LineKind::Routine),
        ];
        let all = rows(&lines, false);
        let shown: Vec<(u64, usize)> = all.iter().map(|r| (r.line.index, r.count)).collect();
        assert_eq!(shown, [(6, 1), (5, 1), (4, 3), (1, 1)]);
        let key = rows(&lines, true);
        let shown: Vec<u64> = key.iter().map(|r| r.line.index).collect();
        assert_eq!(shown, [5, 1], "only milestones, newest first");
    }

    #[test]
    fn the_filter_keeps_alarms_and_coalesces_across_routine_lines() {
        let lines = [
            line(1, "S1 crashes", LineKind::Milestone),
            line(2, "noise", LineKind::Routine),
            line(3, "S1 crashes", LineKind::Milestone),
            line(4, "INVARIANT", LineKind::Alarm),
        ];
        let key = rows(&lines, true);
        assert_eq!(key.len(), 2);
        assert_eq!((key[0].line.kind, key[1].count), (LineKind::Alarm, 2));
    }
}
