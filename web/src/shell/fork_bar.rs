//! The run a fork discarded, beside the one kept (issue 18; Runway and Oddity keep
//! several branches): after an action at a past moment, a bar says where the two runs
//! first differ (clicking the moment goes there) and, on request, shows both at the
//! moment the timeline shows, side by side. A lab fills [`ForkNote`] and [`SideBySide`]
//! from its own state; the bar only draws them.

use super::format::ms;
use super::timeline::Timeline;
use leptos::prelude::*;

/// Where a fork happened and where the two runs part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForkNote {
    /// The moment the learner acted, µs.
    pub at_us: u64,
    /// The first event the runs disagree on: its moment (µs), this run's event and the
    /// discarded run's, in words; `None` if none was found within the look-ahead.
    pub parted: Option<(u64, String, String)>,
}

/// Both runs at one moment: a row per node, (name, this run, the discarded run).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SideBySide {
    /// The moment the discarded run shows, µs (the timeline's, or its own end if it did
    /// not go that far).
    pub at_us: u64,
    /// One row per node.
    pub rows: Vec<(String, String, String)>,
}

/// The bar: nothing until a fork; `note` says where the runs part, `compare` gives
/// both at the moment shown (called only while the comparison is open; it tracks the
/// lab's own signal), `forget` drops the discarded run.
#[component]
pub fn ForkBar(
    /// The fork, tracked.
    #[prop(into)]
    note: Signal<Option<ForkNote>>,
    /// Both runs at the moment shown.
    #[prop(into)]
    compare: Callback<(), SideBySide>,
    /// Drops the discarded run.
    #[prop(into)]
    forget: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let timeline = use_context::<Timeline>();
    let table = Memo::new(move |_| open.get().then(|| compare.run(())));
    let parted = move |n: &ForkNote| match &n.parted {
        Some((at, ours, theirs)) => {
            let at = *at;
            view! {
                " First difference at "
                <button class="fork-first" title="Go to that moment" on:click=move |_| if let Some(t) = timeline { t.seek(at) }>
                    {ms(at)}
                </button>
                ": this run: " <b class="fork-ours">{ours.clone()}</b>
                " · the run before: " <b class="fork-theirs">{theirs.clone()}</b>
            }
            .into_any()
        }
        None => " The two runs agree on every event the lab looked ahead at.".into_any(),
    };
    let rows = move || {
        table.get().map(|t| {
            let body = t
                .rows
                .into_iter()
                .map(|(name, ours, theirs)| {
                    let differ = ours != theirs;
                    view! {
                        <tr class:differ=differ>
                            <th scope="row">{name}</th>
                            <td>{ours}</td>
                            <td>{theirs}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="fork-table">
                    <caption>{format!("Both runs at {} (rows that differ are marked)", ms(t.at_us))}</caption>
                    <thead>
                        <tr><th scope="col">"node"</th><th scope="col">"this run"</th><th scope="col">"the run before"</th></tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            }
        })
    };
    move || {
        note.get().map(|n| {
            view! {
                <div class="fork-bar" role="region" aria-label="the run before your change">
                    <p class="fork-what">
                        {format!("You changed the run at {}; the run before is kept.", ms(n.at_us))}
                        {parted(&n)}
                    </p>
                    <span class="fork-buttons">
                        <button class="fork-compare" aria-pressed=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                            "Compare side by side"
                        </button>
                        <button class="fork-forget" on:click=move |_| { open.set(false); forget.run(()) }>"Forget it"</button>
                    </span>
                    {rows}
                </div>
            }
        })
    }
}
