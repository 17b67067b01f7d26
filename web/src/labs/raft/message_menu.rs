//! Control of single messages (issue 18; RaftScope and Oddity allow it): clicking a
//! message in flight pauses the run and opens this bar, which drops it, sends it again
//! or holds it back. Each choice is a recorded action ([`Action::DropMessage`] and its
//! kin), so the link replays it; this is how a learner builds a split vote or a lost
//! commit by hand.

use super::state::RaftLabState;
use crate::shell::live_lab::LiveLab;
use ddia_core::sim::Action;
use leptos::prelude::*;

/// How long "Hold back" delays a message, µs.
pub const HOLD_US: u64 = 500_000;

/// The message the bar acts on (`None`: the bar is closed), shared by the stage's
/// messages and the bar.
#[derive(Clone, Copy)]
pub struct PickedMessage(pub RwSignal<Option<u64>>);

/// Picks message `id`: pauses the run so it stays put, and opens the bar.
pub fn pick(st: RaftLabState, picked: PickedMessage, id: u64) {
    st.set_playing(false);
    picked.0.set(Some(id));
}

/// The bar for the picked message, at the foot of the stage; it closes itself when the
/// message has landed.
#[component]
pub fn MessageMenu() -> impl IntoView {
    let st = expect_context::<RaftLabState>();
    let picked = expect_context::<PickedMessage>();
    let title = move || {
        let id = picked.0.get()?;
        st.snap.track();
        st.message_title(id)
    };
    let act = move |make: fn(u64) -> Action<u64>| {
        if let Some(id) = picked.0.get_untracked() {
            st.act(make(id));
        }
        picked.0.set(None);
    };
    view! {
        {move || {
            title()
                .map(|t| {
                    view! {
                        <div class="message-menu" role="group" aria-label="the message you picked">
                            <span class="message-menu-what">{t}</span>
                            <button data-action="drop-message" title="It vanishes now, as if lost" on:click=move |_| act(Action::DropMessage)>
                                "Drop"
                            </button>
                            <button
                                data-action="duplicate-message"
                                title="A second copy leaves the sender now, as a network may duplicate"
                                on:click=move |_| act(Action::DuplicateMessage)
                            >
                                "Duplicate"
                            </button>
                            <button
                                data-action="hold-message"
                                title="It arrives 0.5 s later than it would have (a slow link, a queue)"
                                on:click=move |_| act(|msg| Action::HoldMessage { msg, for_us: HOLD_US })
                            >
                                "Hold 0.5 s"
                            </button>
                            <button aria-label="Close" title="Close" on:click=move |_| picked.0.set(None)>
                                "×"
                            </button>
                        </div>
                    }
                })
        }}
    }
}
