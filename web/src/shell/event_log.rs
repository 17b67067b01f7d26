//! The narrated event log: one sentence per interesting event, newest at the top,
//! stamped with simulated time.

use super::format::ms;
use leptos::prelude::*;

/// One line of the narrated event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// Position of its event in the run (a stable key).
    pub index: u64,
    /// Simulated time, µs.
    pub at_us: u64,
    /// The sentence.
    pub text: String,
    /// True for an invariant violation.
    pub alarm: bool,
}

/// The event log panel. `lines` is oldest first; it is shown newest first.
#[component]
pub fn EventLog(
    #[prop(into)] lines: Signal<Vec<LogLine>>,
    /// How a line's `at_us` is shown; simulated milliseconds when not given.
    #[prop(optional)]
    stamp: Option<fn(u64) -> String>,
) -> impl IntoView {
    let stamp = stamp.unwrap_or(ms);
    let newest_first = move || {
        let mut v = lines.get();
        v.reverse();
        v
    };
    view! {
        <section class="event-log" aria-label="event log">
            <h2>"Events"</h2>
            <ol class="entries" aria-live="off">
                <Show when=move || lines.with(Vec::is_empty)>
                    <li class="entry empty">"Nothing yet: press play (space) or step (.)"</li>
                </Show>
                {move || {
                    newest_first()
                        .into_iter()
                        .map(|line| {
                            view! {
                                <li class="entry" class:violation=line.alarm>
                                    <span class="at">{stamp(line.at_us)}</span>
                                    <span class="text">{line.text}</span>
                                </li>
                            }
                        })
                        .collect::<Vec<_>>()
                }}
            </ol>
        </section>
    }
}
