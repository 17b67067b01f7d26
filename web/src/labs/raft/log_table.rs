//! Every server's log side by side, one column per index: entries coloured by term,
//! committed ones solid, the rest hollow, and each server's commitIndex marked. This
//! is the table to study Log Matching and Leader Completeness on.

use super::palette::{command_text, term_color, EntryMark, Look};
use super::state::RaftLabState;
use super::term_key::{repeats, TermKey};
use crate::shell::context::context;
use crate::shell::glossary::{entry, raft::RAFT, Gloss};
use ddia_core::consensus::raft::Entry;
use leptos::prelude::*;
use std::sync::Arc;

/// Most index columns shown; longer logs show their last ones.
pub const MAX_COLUMNS: usize = 24;
/// Fewest columns, so that an empty table already reads as a table.
pub const MIN_COLUMNS: usize = 8;

/// The log indices (1-based) to show as columns for logs of at most `longest` entries.
pub fn columns(longest: usize) -> std::ops::RangeInclusive<usize> {
    let last = longest.max(MIN_COLUMNS);
    let first = last.saturating_sub(MAX_COLUMNS - 1).max(1);
    first..=last
}

/// One server's row.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: usize,
    look: Look,
    log: Arc<[Entry]>,
    commit: Option<u64>,
}

/// The log table.
#[component]
pub fn LogTable() -> impl IntoView {
    let st = context::<RaftLabState>();
    let rows = Memo::new(move |_| {
        st.snap.with(|s| {
            s.nodes
                .iter()
                .map(|n| Row {
                    id: n.id,
                    look: n.look,
                    log: n.log.clone(),
                    commit: n.commit,
                })
                .collect::<Vec<_>>()
        })
    });
    let cols = Memo::new(move |_| {
        let longest = rows.with(|r| r.iter().map(|r| r.log.len()).max().unwrap_or(0));
        columns(longest)
    });
    view! {
        <section class="log-table-wrap" aria-label="server logs">
            <h2>
                "Logs "
                <span class="muted">
                    "(solid = committed, ▏= " <Gloss entry=entry(RAFT, "commitIndex") />
                    ", · = " <Gloss entry=entry(RAFT, "no-op") /> ")"
                </span>
            </h2>
            <TermKey />
            <table class="log-table">
                <thead>
                    <tr>
                        <th scope="col">"server"</th>
                        <th scope="col" title="commitIndex">"commit"</th>
                        {move || cols.get().map(|i| view! { <th scope="col">{i}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| view! { <LogRow row=r cols=cols.get() /> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn LogRow(row: Row, cols: std::ops::RangeInclusive<usize>) -> impl IntoView {
    let cells = cols
        .map(|i| {
            let entry = row.log.get(i - 1).copied();
            let mark = EntryMark::of(i as u64, row.commit);
            let edge = row.commit == Some(i as u64);
            match entry {
                Some(e) => view! {
                    <td
                        class=format!("cell {}", mark.class())
                        class:commit-edge=edge
                        style=format!("--term: {}", term_color(e.term))
                        title=format!(
                            "S{} index {i}: {} from term {}, {}",
                            row.id + 1,
                            command_text(e.command),
                            e.term,
                            mark.words(),
                        )
                    >
                        {e.command.map_or_else(|| "·".to_string(), |c| c.to_string())}
                        {repeats(e.term).then(|| view! { <sup class="cell-term">{format!("t{}", e.term)}</sup> })}
                    </td>
                }
                .into_any(),
                None => view! { <td class="cell empty" class:commit-edge=edge></td> }.into_any(),
            }
        })
        .collect_view();
    view! {
        <tr class=row.look.class().replace("node ", "row ")>
            <th scope="row">
                {format!("S{}", row.id + 1)}
                <span class="row-role">{row.look.word()}</span>
            </th>
            {match row.commit {
                Some(c) => view! { <td class="commit">{c}</td> }.into_any(),
                None => view! {
                    <td class="commit lost" title="commitIndex is volatile (Raft Figure 2): lost in the crash; a restart starts it at 0">
                        "lost"
                    </td>
                }
                .into_any(),
            }}
            {cells}
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_longest_log() {
        assert_eq!(columns(0), 1..=MIN_COLUMNS);
        assert_eq!(columns(12), 1..=12);
        assert_eq!(columns(MAX_COLUMNS), 1..=MAX_COLUMNS);
        assert_eq!(columns(30), 7..=30);
        assert_eq!(columns(30).count(), MAX_COLUMNS);
    }
}
