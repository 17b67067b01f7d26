//! The counters under the pictures: what reached the sink, counted from its contents
//! against the log and the committed offsets (never assumed from the guarantee), the
//! windowing operator's outputs by kind, and the derived view (each key's sum in the
//! sink) against the view rebuilt by replaying the log from offset 0.

use super::panel::guarantee_name;
use super::state::StreamState;
use crate::shell::glossary::{entry, stream::STREAM, Gloss};
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::windowing::EmissionKind;
use leptos::prelude::*;

/// One counter: its name, its value, and whether a non-zero value is bad news.
pub type Counter = (&'static str, u64, bool);

/// The delivery counters of `lab` now.
pub fn delivery_counters(lab: &StreamLab) -> [Counter; 5] {
    let d = lab.delivery();
    [
        ("done (below the committed offsets)", d.done, false),
        ("effects exactly once", d.once, false),
        ("lost", d.lost, true),
        ("duplicated", d.duplicated, true),
        ("rewrites the sink ignored", lab.run.sink().skipped, false),
    ]
}

/// The windowing counters of `lab` now.
pub fn window_counters(lab: &StreamLab) -> [Counter; 6] {
    let w = lab.windows();
    let n = |k| w.count(k) as u64;
    [
        ("on-time results", n(EmissionKind::OnTime), false),
        ("late events", w.late.len() as u64, false),
        ("retractions", n(EmissionKind::Retraction), false),
        ("corrected results", n(EmissionKind::Corrected), false),
        ("side output", n(EmissionKind::SideOutput), false),
        ("dropped", n(EmissionKind::Dropped), true),
    ]
}

fn counter_list(items: Vec<Counter>) -> impl IntoView {
    items
        .into_iter()
        .map(|(name, value, bad)| {
            let alarm = bad && value > 0;
            view! {
                <div class="counter" class:bad=alarm data-counter=name>
                    <dt>{name}</dt>
                    <dd>{value.to_string()}</dd>
                </div>
            }
        })
        .collect_view()
}

/// The derived view: each key's sum live (the sink) and rebuilt from offset 0.
fn view_table(lab: &StreamLab) -> impl IntoView {
    let v = lab.view();
    let agrees = v.agrees();
    let diff = v.differences();
    let rows = v
        .rebuilt
        .iter()
        .map(|(k, rebuilt)| {
            let live = v.live.get(k).copied().unwrap_or(0);
            view! {
                <tr class:bad=diff.contains_key(k)>
                    <td>{k.to_string()}</td><td>{live.to_string()}</td><td>{rebuilt.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let settled = lab.run.settled();
    let verdict = if agrees {
        "the live view equals the view rebuilt from the log"
    } else if !v.complete {
        "differs: retention deleted old records, which the rebuild cannot see"
    } else if !settled {
        "differs while the group has not caught up with the log"
    } else {
        "differs: effects lost or counted twice"
    };
    view! {
        <p class="verdict" class:bad=!agrees && settled data-view-agrees=agrees.to_string()>{verdict}</p>
        <table class="view-table">
            <thead><tr><th>"key"</th><th>"sink (live)"</th><th>"rebuilt from offset 0"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The counters and the derived view.
#[component]
pub fn Counters() -> impl IntoView {
    let st = expect_context::<StreamState>();
    let delivery = move || st.with_lab(|l| counter_list(delivery_counters(l).to_vec()));
    let windows = move || st.with_lab(|l| counter_list(window_counters(l).to_vec()));
    let guarantee = move || st.with_lab(|l| guarantee_name(l.scenario().guarantee));
    view! {
        <section class="counters" aria-label="counters">
            <h2>"Sink: effects per event " <span class="muted">{move || format!("({})", guarantee())}</span></h2>
            <dl class="counter-list delivery">{delivery}</dl>
            <h2>"Windows"</h2>
            <dl class="counter-list windows">{windows}</dl>
            <details class="derived">
                <summary>"Derived view: per-key sums"</summary>
                <p class="hint"><Gloss entry=entry(STREAM, "derived view") /> " · the sink's sums against a replay of the log from offset 0"</p>
                {move || st.with_lab(view_table)}
            </details>
        </section>
    }
}
