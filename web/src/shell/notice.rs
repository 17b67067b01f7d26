//! A dismissible notice at the top of the page, e.g. for a link that could not be read.

use leptos::prelude::*;

/// Shows `message` while it is `Some`; the close button clears it.
#[component]
pub fn Notice(message: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div class="notice" role="alert">
                <span class="notice-text">{move || message.get().unwrap_or_default()}</span>
                <button
                    class="notice-close"
                    aria-label="Dismiss this notice"
                    title="Dismiss"
                    on:click=move |_| message.set(None)
                >
                    "×"
                </button>
            </div>
        </Show>
    }
}
