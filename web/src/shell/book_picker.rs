//! The "Book scenarios" group every lab shows: a menu of named scenarios from the book,
//! the chosen one's caption and expected outcome, and whether the run shows that outcome
//! yet (the check is the lab's own, computed from `ddia-core` state).

use leptos::prelude::*;

/// One named scenario as the menu shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookChoice {
    /// URL name (`scn=`), also the menu value.
    pub name: &'static str,
    /// Menu text.
    pub title: &'static str,
    /// What it sets up and where it comes from.
    pub caption: &'static str,
    /// The outcome to expect, in words.
    pub expected: &'static str,
}

/// The picker.
#[component]
pub fn BookPicker(
    /// The scenarios offered, in menu order.
    choices: Vec<BookChoice>,
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
    let chosen = {
        let choices = choices.clone();
        move || {
            let name = current.get()?;
            choices.iter().copied().find(|c| c.name == name)
        }
    };
    let pick = {
        let choices = choices.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            on_pick.run(choices.iter().find(|c| c.name == value).map(|c| c.name));
        }
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
                {choices
                    .iter()
                    .map(|c| view! { <option value=c.name>{c.title}</option> })
                    .collect::<Vec<_>>()}
            </select>
            {move || chosen().map(|c| view! {
                <p class="caption">{c.caption}</p>
                <p class="expected"><strong>"Expected: "</strong>{c.expected}</p>
            })}
            {move || check.get().map(|r| match r {
                Ok(()) => view! { <p class="check ok">"✓ the run shows the expected outcome"</p> }.into_any(),
                Err(e) => view! { <p class="check pending" title=e>"… not (yet) the expected outcome"</p> }.into_any(),
            })}
        </section>
    }
}
