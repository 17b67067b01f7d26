//! The "Book scenarios" group every lab shows: a menu of named scenarios from the book,
//! whether the run shows the chosen one's outcome yet (right under the menu, so it is
//! seen without scrolling; the check is the lab's own, computed from `ddia-core` state),
//! then its caption and expected outcome.

use ddia_core::book::BookScenario;
use leptos::prelude::*;

/// The picker.
#[component]
pub fn BookPicker<S: 'static, W: 'static>(
    /// The lab's book: the scenarios offered, in menu order.
    book: &'static [BookScenario<S, W>],
    /// The name of the scenario the run started from (`None`: a free run).
    #[prop(into)]
    current: Signal<Option<String>>,
    /// The chosen scenario's check on the run so far ([`checked`]); `None` on a free
    /// run.
    #[prop(into)]
    check: Signal<Option<BookCheck>>,
    /// Called with the picked name, or `None` for the free run.
    #[prop(into)]
    on_pick: Callback<Option<&'static str>>,
) -> impl IntoView {
    let chosen = move || ddia_core::book::find(book, &current.get()?);
    let pick = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        on_pick.run(ddia_core::book::find(book, &value).map(|b| b.name));
    };
    view! {
        <section class="group book" aria-label="book scenarios">
            <h2>"Book scenarios"</h2>
            <select
                aria-label="Load a scenario from the book"
                prop:value=move || current.get().unwrap_or_default()
                on:change=pick
            >
                <option value="">"— free run —"</option>
                {book
                    .iter()
                    .map(|c| view! { <option value=c.name>{c.title}</option> })
                    .collect::<Vec<_>>()}
            </select>
            {move || check.get().map(|c| {
                let (class, verdict) = verdict(&c);
                view! { <p class=class>{verdict} {c.outcome.err()}</p> }
            })}
            {move || chosen().map(|c| view! {
                // The closed menu cuts long names short: the whole name, then the caption.
                <p class="book-title">{c.title}</p>
                {book_text(c)}
            })}
        </section>
    }
}

/// A book scenario's check on the run so far, as the picker shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookCheck {
    /// `Ok` once the expected outcome is shown, `Err(why not)` before.
    pub outcome: Result<(), String>,
    /// True once the run has nothing left to play (its last action done, the run
    /// complete): an outcome not shown by then is not shown, rather than "not yet"
    /// (play17d N4a).
    pub finished: bool,
}

/// The lab's check (`None` on a free run) with whether its run has `finished`.
pub fn checked(outcome: Option<Result<(), String>>, finished: bool) -> Option<BookCheck> {
    outcome.map(|outcome| BookCheck { outcome, finished })
}

/// The check line's class and its words before the lab's reason.
pub fn verdict(c: &BookCheck) -> (&'static str, &'static str) {
    match (&c.outcome, c.finished) {
        (Ok(()), _) => ("check ok", "✓ the run shows the expected outcome"),
        (Err(_), false) => ("check pending", "… not (yet) the expected outcome: "),
        (Err(_), true) => (
            "check missed",
            "✗ not the expected outcome (the run is over): ",
        ),
    }
}

/// A book scenario's caption and expected outcome, as the picker shows them (a lab may
/// show them again where a phone sees them first).
pub fn book_text<S: 'static, W: 'static>(c: &BookScenario<S, W>) -> impl IntoView {
    view! {
        <p class="caption">{c.caption}</p>
        <p class="expected"><strong>"Expected: "</strong>{c.expected}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// play17d N4a: "(yet)" only while the run can still play; a finished run's unmet
    /// check says it is not the outcome, and the met one says so either way.
    #[test]
    fn a_finished_run_is_not_told_yet() {
        let c = |ok: bool, finished| BookCheck {
            outcome: if ok { Ok(()) } else { Err("why".into()) },
            finished,
        };
        assert_eq!(verdict(&c(false, false)).0, "check pending");
        assert_eq!(verdict(&c(false, true)).0, "check missed");
        assert_ne!(verdict(&c(false, true)).1, verdict(&c(false, false)).1);
        assert_eq!(verdict(&c(true, true)), verdict(&c(true, false)));
        assert_eq!(checked(None, true), None);
    }
}
