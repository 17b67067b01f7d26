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
    /// The chosen scenario's check on the run so far: `Ok` once the expected outcome is
    /// shown, `Err(why not yet)` before; `None` on a free run.
    #[prop(into)]
    check: Signal<Option<Result<(), String>>>,
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
            {move || check.get().map(|r| match r {
                Ok(()) => view! { <p class="check ok">"✓ the run shows the expected outcome"</p> }.into_any(),
                Err(e) => view! { <p class="check pending">"… not (yet) the expected outcome: " {e}</p> }.into_any(),
            })}
            {move || chosen().map(|c| view! {
                // The closed menu cuts long names short: the whole name, then the caption.
                <p class="book-title">{c.title}</p>
                {book_text(c)}
            })}
        </section>
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
