//! Messages at the top of the page or beside a control: a dismissible notice (e.g. for
//! a link that could not be read), a notice about a condition that is withdrawn once
//! the condition is gone ([`Condition`]), and a confirmation that fades ([`Flash`]).

use gloo_timers::callback::Timeout;
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

/// A notice about a condition that lasts (a setting with a surprising consequence, a
/// run cut short of the time asked for): [`Condition::set`] shows its sentence in the
/// page's notice while the condition holds and withdraws it once it is gone, unless
/// another notice (or the user's ×) has replaced it since.
#[derive(Clone, Copy)]
pub struct Condition {
    notice: RwSignal<Option<String>>,
    shown: StoredValue<Option<String>, LocalStorage>,
}

impl Condition {
    /// A condition shown in the page's `notice`; nothing shown yet.
    pub fn new(notice: RwSignal<Option<String>>) -> Self {
        Condition {
            notice,
            shown: StoredValue::new_local(None),
        }
    }

    /// `Some(sentence)`: the condition holds, show it. `None`: it is gone, withdraw
    /// the sentence this condition showed if the notice still shows it.
    pub fn set(&self, sentence: Option<String>) {
        match sentence {
            Some(text) => {
                self.notice.set(Some(text.clone()));
                self.shown.set_value(Some(text));
            }
            None => {
                let mine = self.shown.get_value();
                if mine.is_some() && self.notice.with_untracked(|n| *n == mine) {
                    self.notice.set(None);
                }
                self.shown.set_value(None);
            }
        }
    }
}

/// How long a [`Flash`] stays before it is gone, milliseconds (the CSS fade ends then).
pub const FLASH_MS: u32 = 4_000;

/// A short confirmation that fades (e.g. "Copied the link to this run."): set with
/// [`Flash::show`], cleared by a `gloo-timers` timeout [`FLASH_MS`] later.
#[derive(Clone, Copy)]
pub struct Flash {
    text: RwSignal<Option<String>>,
    timer: StoredValue<Option<Timeout>, LocalStorage>,
}

impl Flash {
    /// No text; the timer lives as long as the calling component.
    pub fn new() -> Self {
        Flash {
            text: RwSignal::new(None),
            timer: StoredValue::new_local(None),
        }
    }

    /// Shows `text` for [`FLASH_MS`] (replacing a text still shown, and its timer).
    pub fn show(&self, text: impl Into<String>) {
        self.text.set(Some(text.into()));
        let shown = self.text;
        self.timer
            .set_value(Some(Timeout::new(FLASH_MS, move || shown.set(None))));
    }
}

impl Default for Flash {
    fn default() -> Self {
        Self::new()
    }
}

/// A polite live region that reads out and shows `flash`'s text while it lasts.
#[component]
pub fn FlashLine(flash: Flash) -> impl IntoView {
    view! {
        <p class="flash" role="status" aria-live="polite">
            {move || flash.text.get().map(|t| view! { <span class="flash-text">{t}</span> })}
        </p>
    }
}
