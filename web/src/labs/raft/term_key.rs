//! The term key: which colour is which term, for the terms the run has reached. Colours
//! repeat after [`TERM_HUES`]'s length, so every swatch prints its number, and a log cell
//! whose colour is shared with an earlier term prints its term too ([`repeats`]).

use super::palette::{term_color, TERM_HUES};
use super::state::RaftLabState;
use crate::shell::context::context;
use crate::shell::glossary::{entry, raft::RAFT, Gloss};
use leptos::prelude::*;

/// The terms the key shows when the highest term reached is `max_term`: the last
/// [`TERM_HUES`]`.len()` of them (each colour once), none before term 1.
pub fn shown_terms(max_term: u64) -> std::ops::RangeInclusive<u64> {
    let hues = TERM_HUES.len() as u64;
    max_term.saturating_sub(hues - 1).max(1)..=max_term
}

/// True when `term`'s colour alone does not name it (an earlier term has the same
/// colour), so its number must be printed.
pub fn repeats(term: u64) -> bool {
    term > TERM_HUES.len() as u64
}

/// The key: numbered swatches of the last terms reached.
#[component]
pub fn TermKey() -> impl IntoView {
    let st = context::<RaftLabState>();
    let max_term = Memo::new(move |_| st.snap.with(|s| s.max_term));
    view! {
        <div class="term-key" aria-label="term colours">
            <Gloss entry=entry(RAFT, "term") label="term colours" />
            {move || {
                let terms = shown_terms(max_term.get());
                if terms.is_empty() {
                    return view! { <span class="muted">" none yet (term 0: no election so far)"</span> }.into_any();
                }
                terms
                    .map(|t| view! {
                        <span class="swatch" style=format!("--term: {}", term_color(t)) data-term=t>{t}</span>
                    })
                    .collect_view()
                    .into_any()
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_shows_each_colour_once_and_numbers_repeats() {
        assert!(shown_terms(0).is_empty());
        assert_eq!(shown_terms(3), 1..=3);
        assert_eq!(shown_terms(8), 1..=8);
        assert_eq!(shown_terms(20), 13..=20);
        assert!(!repeats(8) && repeats(9));
    }
}
