//! Control of single messages (issue 18; RaftScope and Oddity allow it), for every
//! network lab: clicking a message in flight (on the stage or in the space-time
//! diagram) pauses the run and opens this bar, which drops it, sends it again or holds
//! it back. Each choice is a recorded action ([`MessageAction`], verbs `D`, `U`, `H`),
//! so the link replays it; this is how a learner builds a split vote or a lost commit
//! by hand.

use super::live_lab::LiveLab;
use crate::shell::context::context;
use ddia_core::sim::{Fate, MessageAction};
use leptos::prelude::*;

/// How long "Hold back" delays a message, µs.
pub const HOLD_US: u64 = 500_000;

/// A message in flight in words, e.g. `S1 → S3: Heartbeat term 2 — will be dropped`.
pub fn in_flight_title(from: &str, to: &str, what: &str, fate: Fate) -> String {
    let fate = match fate {
        Fate::Drop(_) => " — will be dropped",
        Fate::Deliver => "",
    };
    format!("{from} → {to}: {what}{fate}")
}

/// The message the bar acts on (`None`: the bar is closed), shared through context by
/// the lab's messages, the diagram and the bar.
#[derive(Clone, Copy)]
pub struct PickedMessage {
    id: RwSignal<Option<u64>>,
    pause: Callback<()>,
}

impl PickedMessage {
    /// Nothing picked yet; picking pauses `lab`.
    pub fn new<L: LiveLab>(lab: L) -> Self {
        PickedMessage {
            id: RwSignal::new(None),
            pause: Callback::new(move |()| {
                if lab.is_playing() {
                    lab.toggle_play();
                }
            }),
        }
    }

    /// Picks message `id`: pauses the run so it stays put, and opens the bar.
    pub fn pick(&self, id: u64) {
        self.pause.run(());
        self.id.set(Some(id));
    }

    /// The message picked, if any (tracked).
    pub fn id(&self) -> Option<u64> {
        self.id.get()
    }

    /// True if message `id` is the one picked (tracked).
    pub fn is(&self, id: u64) -> bool {
        self.id.get() == Some(id)
    }

    fn close(&self) {
        self.id.set(None);
    }
}

/// The bar for the picked message. `describe` says what a message in flight is
/// (`None` once it has landed: the bar then closes itself); `act` applies a choice.
#[component]
pub fn MessageMenu(
    /// Message id → its description while in flight (tracked by the lab's own signal).
    #[prop(into)]
    describe: Callback<u64, Option<String>>,
    /// Applies and records the learner's choice.
    #[prop(into)]
    act: Callback<MessageAction>,
) -> impl IntoView {
    let picked = context::<PickedMessage>();
    let title = move || describe.run(picked.id.get()?);
    let choose = move |make: fn(u64) -> MessageAction| {
        if let Some(id) = picked.id.get_untracked() {
            act.run(make(id));
        }
        picked.close();
    };
    move || {
        title().map(|t| {
            view! {
                <div class="message-menu" role="group" aria-label="the message you picked">
                    <span class="message-menu-what">{t}</span>
                    <button data-action="drop-message" title="It vanishes now, as if lost" on:click=move |_| choose(MessageAction::Drop)>
                        "Drop"
                    </button>
                    <button
                        data-action="duplicate-message"
                        title="A second copy leaves the sender now, as a network may duplicate"
                        on:click=move |_| choose(MessageAction::Duplicate)
                    >
                        "Duplicate"
                    </button>
                    <button
                        data-action="hold-message"
                        title="It arrives 0.5 s later than it would have (a slow link, a queue)"
                        on:click=move |_| choose(|msg| MessageAction::Hold { msg, for_us: HOLD_US })
                    >
                        "Hold 0.5 s"
                    </button>
                    <button aria-label="Close" title="Close" on:click=move |_| picked.close()>
                        "×"
                    </button>
                </div>
            }
        })
    }
}
