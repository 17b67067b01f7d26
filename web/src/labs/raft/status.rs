//! The status line over the stage (time, leader, events, messages) and the red banner
//! shown when an invariant breaks.

use super::snapshot::Snapshot;
use super::state::RaftLabState;
use crate::shell::context::context;
use crate::shell::format::{count, ms};
use crate::shell::speed::speed_label;
use leptos::prelude::*;

/// The leader part of the status line.
pub fn leader_text(s: &Snapshot) -> String {
    match s.leader {
        Some(l) => format!("leader S{}, term {}", l.id + 1, l.term),
        None => format!("no leader (highest term {})", s.max_term),
    }
}

/// The status line.
#[component]
pub fn StatusLine() -> impl IntoView {
    let st = context::<RaftLabState>();
    let s = st.snap;
    view! {
        <div class="status" role="status" aria-live="off">
            <span class="stat time" title="simulated time">{move || format!("t = {}", s.with(|s| ms(s.now_us)))}</span>
            <span
                class="stat leader"
                data-leader=move || s.with(|s| s.leader.map(|l| l.id + 1).unwrap_or(0))
                data-term=move || s.with(|s| s.leader.map(|l| l.term).unwrap_or(0))
            >
                {move || s.with(leader_text)}
            </span>
            <span class="stat">{move || s.with(|s| format!("{} events", count(s.events)))}</span>
            <span class="stat">{move || s.with(|s| format!("{} in flight", s.messages.len()))}</span>
            <span class="stat speed">
                {move || format!("{} {}", if st.playing.get() { "▶" } else { "❚❚" }, speed_label(st.speed.get()))}
            </span>
            <Show when=move || !st.playing.get()>
                <span class="stat last" title="the last event the kernel processed">
                    {move || s.with(|s| s.last_event.clone().map(|e| format!("last: {e}")).unwrap_or_default())}
                </span>
            </Show>
        </div>
    }
}

/// The invariant-violation banner.
#[component]
pub fn ViolationBanner() -> impl IntoView {
    let st = context::<RaftLabState>();
    let v = Memo::new(move |_| st.snap.with(|s| s.violation.clone()));
    move || {
        v.get().map(|v| {
            view! {
                <div class="error-banner violation" role="alert">
                    <strong>{format!("Invariant violated: {}", v.invariant)}</strong>
                    <span>{format!(" at {}: {}. The run stopped here.", ms(v.at_us), v.detail)}</span>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::raft::snapshot::LeaderSnap;

    #[test]
    fn leader_text_names_leader_or_highest_term() {
        let mut s = Snapshot {
            max_term: 3,
            ..Snapshot::default()
        };
        assert_eq!(leader_text(&s), "no leader (highest term 3)");
        s.leader = Some(LeaderSnap { id: 1, term: 3 });
        assert_eq!(leader_text(&s), "leader S2, term 3");
    }
}
