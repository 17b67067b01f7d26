//! The counters under the pictures: what reached the sink, counted from its contents
//! against the log and the committed offsets (never assumed from the guarantee), the
//! windowing operator's outputs by kind, and the derived view (each key's sum in the
//! sink) beside a v2 view replayed from offset 0 and the sums over every event.

use super::panel::guarantee_name;
use super::state::StreamState;
use crate::shell::context::context;
use crate::shell::glossary::{entry, stream::STREAM, Gloss};
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::scenario::StreamAction;
use ddia_core::stream::view::{View, ViewCheck};
use ddia_core::stream::windowing::EmissionKind;
use leptos::prelude::*;

/// One counter: its key (`data-counter`, stable for tests and links to it), its label,
/// its value, and whether a non-zero value is bad news.
pub type Counter = (&'static str, &'static str, u64, bool);

/// The delivery counters of `lab` now (events, effects).
pub fn delivery_counters(lab: &StreamLab) -> [Counter; 7] {
    let d = lab.delivery();
    [
        ("done", "done (below the committed offsets)", d.done, false),
        (
            "once",
            "in the whole sink: events with exactly one effect",
            d.once,
            false,
        ),
        ("pending", "write on its way (not lost)", d.pending, false),
        ("lost", "lost", d.lost, true),
        (
            "lost-to-retention",
            "of them deleted by retention unread",
            d.lost_to_retention,
            true,
        ),
        (
            "duplicated",
            "in the whole sink: extra effects (duplicated)",
            d.duplicated,
            true,
        ),
        (
            "rewrites-ignored",
            "rewrites the sink ignored",
            lab.run.sink().skipped,
            false,
        ),
    ]
}

/// The windowing counters of `lab` now: the late events and what became of each, one
/// part per fate (they add up, `WindowRun::late_tally`), then the results emitted.
pub fn window_counters(lab: &StreamLab) -> [Counter; 9] {
    let w = lab.windows();
    let n = |k| w.count(k) as u64;
    let t = w.late_tally();
    [
        (
            "stragglers",
            "stragglers made",
            lab.run.producer().stragglers,
            false,
        ),
        (
            "on-time",
            "on-time results (one per key and window)",
            n(EmissionKind::OnTime),
            false,
        ),
        ("late", "late events", w.late.len() as u64, false),
        (
            "corrected-fired",
            "of them corrected a fired window",
            t.corrected,
            false,
        ),
        (
            "joined-open",
            "of them joined only windows still open",
            t.joined_open,
            false,
        ),
        ("side-output", "side output", t.side_output, false),
        ("dropped", "dropped", t.dropped, true),
        (
            "retractions",
            "retractions (one per key and window)",
            n(EmissionKind::Retraction),
            false,
        ),
        (
            "corrected",
            "corrected results (one per key and window)",
            n(EmissionKind::Corrected),
            false,
        ),
    ]
}

fn counter_list(items: Vec<Counter>) -> impl IntoView {
    items
        .into_iter()
        .map(|(key, name, value, bad)| {
            let alarm = bad && value > 0;
            view! {
                <div class="counter" class:bad=alarm data-counter=key>
                    <dt>{name}</dt>
                    <dd>{value.to_string()}</dd>
                </div>
            }
        })
        .collect_view()
}

/// A view's sum for `key`, or "–" before the view exists.
fn cell(view: Option<&View>, key: u64) -> String {
    view.map_or_else(
        || String::from("–"),
        |v| v.get(&key).copied().unwrap_or(0).to_string(),
    )
}

/// What the comparison shows now, in words, and whether it is bad news.
fn verdict(lab: &StreamLab, v: &ViewCheck) -> (String, bool) {
    let settled = lab.run.settled();
    let live = if v.agrees() {
        "the live view equals the sums over every event appended".to_string()
    } else if !settled {
        "the live view differs while the group has not caught up with the log".to_string()
    } else {
        "the live view differs from the sums over every event: effects lost or counted twice"
            .to_string()
    };
    let v2 = match (&v.v2, lab.v2_caught_up()) {
        (None, _) => String::new(),
        (Some(_), false) => format!(
            "; the v2 view is filling ({} records read from offset 0)",
            lab.run.rebuilder().read
        ),
        (Some(_), true) if v.v2_agrees() => {
            "; the v2 view has caught up and equals the live view".to_string()
        }
        (Some(_), true) => format!(
            "; the v2 view has caught up and differs from the live view{}",
            match lab.run.rebuilder().missed {
                0 => String::new(),
                m => format!(" (retention deleted {m} records before it read them)"),
            }
        ),
    };
    (format!("{live}{v2}"), !v.agrees() && settled)
}

/// The derived view: each key's sum live (the sink), in the v2 view replayed from
/// offset 0 (once started), and over every event appended (the batch oracle).
fn view_table(lab: &StreamLab) -> impl IntoView {
    let v = lab.view();
    let diff = v.differences();
    let rows = v
        .oracle
        .keys()
        .map(|&k| {
            view! {
                <tr class:bad=diff.contains_key(&k)>
                    <td>{k.to_string()}</td><td>{cell(Some(&v.live), k)}</td><td>{cell(v.v2.as_ref(), k)}</td><td>{cell(Some(&v.oracle), k)}</td>
                </tr>
            }
        })
        .collect_view();
    let (text, bad) = verdict(lab, &v);
    view! {
        <p class="verdict" class:bad=bad data-view-agrees=v.agrees().to_string() data-v2-agrees=v.v2_agrees().to_string()>{text}</p>
        <table class="view-table">
            <thead><tr><th>"key"</th><th>"sink (live)"</th><th>"v2 view (replayed from offset 0)"</th><th>"every event appended"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The counters and the derived view.
#[component]
pub fn Counters() -> impl IntoView {
    let st = context::<StreamState>();
    // One reactive view for both counter lists (each change of the run redraws both).
    let lists = move || {
        st.with_lab(|l| {
            view! {
                <h2>"Sink: effects per event " <span class="muted">{format!("({})", guarantee_name(l.scenario().guarantee))}</span></h2>
                <dl class="counter-list delivery">{counter_list(delivery_counters(l).to_vec())}</dl>
                <h2>"Windows"</h2>
                <dl class="counter-list windows">{counter_list(window_counters(l).to_vec())}</dl>
            }
        })
    };
    let derived_open = Memo::new(move |_| {
        st.with_lab(|l| {
            l.run.rebuilder().started || l.scenario().name.as_deref() == Some("rebuild")
        })
    });
    view! {
        <section class="counters" aria-label="counters">
            {lists}
            // Open in the rebuild scenario and once a v2 view is being built (N4).
            <details class="derived" open=move || derived_open.get()>
                <summary>"Derived view: per-key sums"</summary>
                <p class="hint"><Gloss entry=entry(STREAM, "derived view") /> " · the sink's sums, a v2 view a new reader builds from offset 0 of every partition (outside the group: no rebalance), and the sums over every event appended"</p>
                <button data-action="rebuild" title="A new reader starts an empty v2 view and reads every partition from offset 0 beside the live view"
                    on:click=move |_| st.act(StreamAction::Rebuild)>"Build a v2 view from offset 0"</button>
                {move || st.with_lab(view_table)}
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::stream::session::StreamSession;
    use ddia_core::link::LabLink;
    use ddia_core::stream::scenario::StreamScenario;

    /// N4: the rebuild scenario's check is met at the moment the log narrates the v2
    /// builder's catch-up (both read `StreamLab::v2_caught_up`), not before.
    #[test]
    fn the_rebuild_check_is_met_when_the_catch_up_is_narrated() {
        let (mut s, _) = StreamSession::new(&StreamScenario::from_query("scn=rebuild").unwrap());
        let caught_up = |s: &StreamSession| {
            s.log()
                .iter()
                .find(|l| l.text.contains("the v2 builder has caught up"))
                .map(|l| l.at_us)
        };
        while s.book_check() != Some(Ok(())) {
            assert_eq!(
                caught_up(&s),
                None,
                "narrated at {} ms before the check",
                s.now() / 1_000
            );
            assert!(s.step(), "the run ended before the check was met");
        }
        assert_eq!(caught_up(&s), Some(s.now()), "met at the narrated moment");
    }

    #[test]
    fn the_straggler_counter_counts_the_events_held_the_straggler_delay() {
        let mut lab = StreamLab::new(&StreamScenario::from_query("scn=late-drop").unwrap());
        lab.finish();
        let held_long = lab
            .run
            .history
            .records
            .iter()
            .flatten()
            .filter(|r| r.appended_us >= r.event.event_us + 400_000)
            .count() as u64;
        let counters = window_counters(&lab);
        let made = counters.iter().find(|c| c.0 == "stragglers").unwrap().2;
        assert!(made > 0);
        assert_eq!(made, held_long);
    }
}
