//! Shared drawing pieces of the storage views: key cells, the merge panel (inputs
//! above, outputs below, dropped versions struck through) and the half-written files a
//! crash left.

use crate::shell::format::{fixed, plural, translate};
use ddia_core::storage::lab::{KeyCell, MergeView};
use ddia_core::storage::lab_crash::Orphan;
use ddia_core::storage::lab_values::entry;
use leptos::prelude::*;

/// Width of the drawing in SVG units (the SVG scales to the stage).
pub const W: f64 = 1000.0;
/// Left column for labels.
pub const X0: f64 = 120.0;
/// Width of one key cell.
pub const CELL_W: f64 = 30.0;
/// Height of one key cell.
pub const CELL_H: f64 = 20.0;

/// One key cell at `(x, y)`: a box with the key; `class` adds state classes.
pub fn cell(x: f64, y: f64, key: u64, class: String, title: String) -> AnyView {
    let struck = class.contains("dropped");
    view! {
        <g class=format!("cell {class}") transform=translate(x, y)>
            <title>{title}</title>
            <rect width=fixed(CELL_W - 2.0, 1) height=fixed(CELL_H, 1) rx="3"></rect>
            <text x=fixed((CELL_W - 2.0) / 2.0, 1) y=fixed(CELL_H / 2.0 + 4.0, 1) text-anchor="middle">
                {key.to_string()}
            </text>
            {struck.then(|| view! { <line class="strike" x1="3" y1=fixed(CELL_H - 3.0, 1) x2=fixed(CELL_W - 5.0, 1) y2="3"></line> })}
        </g>
    }
    .into_any()
}

/// A key version's tooltip: `key 5 = "hello" (seq 12)`, or `= tombstone`.
pub fn cell_title(c: &KeyCell) -> String {
    format!("key {} (seq {})", entry(c.key, c.value.as_deref()), c.seq)
}

/// A row of cells starting at `x`, at most `max` shown; returns the view.
pub fn cell_row(
    x: f64,
    y: f64,
    cells: &[KeyCell],
    max: usize,
    class_of: impl Fn(&KeyCell) -> String,
) -> AnyView {
    let shown: Vec<AnyView> = cells
        .iter()
        .take(max)
        .enumerate()
        .map(|(i, c)| cell(x + i as f64 * CELL_W, y, c.key, class_of(c), cell_title(c)))
        .collect();
    let more = cells.len().saturating_sub(max);
    view! {
        <g>
            {shown}
            {(more > 0).then(|| view! {
                <text class="more" x=fixed(x + max as f64 * CELL_W + 4.0, 1) y=fixed(y + 14.0, 1)>{format!("+{more}")}</text>
            })}
        </g>
    }
    .into_any()
}

/// Cells per row that fit between [`X0`] and the right edge.
pub fn cells_per_row() -> usize {
    ((W - X0 - 40.0) / CELL_W) as usize
}

/// The merge panel at `y`; returns the view and its height.
pub fn merge_panel(m: &MergeView, y: f64, what: &str) -> (AnyView, f64) {
    let max = cells_per_row();
    let mut rows: Vec<AnyView> = Vec::new();
    let mut yy = y + 26.0;
    let title = if what == "compaction" {
        format!(
            "Compaction L{} → L{}: {} dropped, {} tombstone{} dropped",
            m.from_level,
            m.to_level,
            plural(m.dropped_versions, "old version"),
            m.dropped_tombstones,
            if m.dropped_tombstones == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "Segment merge: {} dropped",
            plural(m.dropped_versions, "stale record")
        )
    };
    for f in &m.inputs {
        rows.push(view! {
            <text class="row-label" x=fixed(X0 - 8.0, 1) y=fixed(yy + 14.0, 1) text-anchor="end">{format!("in #{}", f.id)}</text>
        }.into_any());
        rows.push(cell_row(X0, yy, &f.cells, max, |c| {
            let mut s = String::new();
            if !c.kept {
                s.push_str("dropped ");
            }
            if c.is_tombstone() {
                s.push_str("tomb ");
            }
            s
        }));
        yy += CELL_H + 6.0;
    }
    rows.push(
        view! {
            <text class="merge-arrow" x=fixed(X0, 1) y=fixed(yy + 12.0, 1)>"⇩ merged by key, newest version wins"</text>
        }
        .into_any(),
    );
    yy += 20.0;
    for f in &m.outputs {
        rows.push(view! {
            <text class="row-label" x=fixed(X0 - 8.0, 1) y=fixed(yy + 14.0, 1) text-anchor="end">{format!("out #{}", f.id)}</text>
        }.into_any());
        rows.push(cell_row(X0, yy, &f.cells, max, |c| {
            if c.is_tombstone() {
                "out tomb".into()
            } else {
                "out".into()
            }
        }));
        yy += CELL_H + 6.0;
    }
    let h = yy - y + 6.0;
    let v = view! {
        <g class="merge-view">
            <rect class="merge-bg" x="4" y=fixed(y, 1) width=fixed(W - 8.0, 1) height=fixed(h, 1) rx="6"></rect>
            <text class="merge-title" x="14" y=fixed(y + 17.0, 1)>{title}</text>
            {rows}
        </g>
    }
    .into_any();
    (v, h + 8.0)
}

/// The half-written files a crash left (orphans) as a row at `y`: a dashed box each,
/// named `file` (`SSTable`, `segment`) with its bytes; the view and its height.
pub fn orphan_row(y: f64, orphans: &[Orphan], file: &str) -> (AnyView, f64) {
    let boxes: Vec<AnyView> = orphans
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let x = X0 + i as f64 * 190.0;
            let state = match o.bytes {
                0 => "created, nothing written".to_string(),
                b => format!("half-written, {}", bytes(b)),
            };
            view! {
                <g class="orphan" data-id=o.id>
                    <title>{format!("{file} #{} ({}): written by the job the crash interrupted, listed nowhere; recovery deletes it", o.id, bytes(o.bytes))}</title>
                    <rect x=fixed(x, 1) y=fixed(y + 6.0, 1) width="180" height="22" rx="4"></rect>
                    <text x=fixed(x + 8.0, 1) y=fixed(y + 21.0, 1)>{format!("#{} {state}", o.id)}</text>
                </g>
            }
            .into_any()
        })
        .collect();
    let v = view! {
        <g class="orphans">
            <text class="row-label lost-label" x=fixed(X0 - 8.0, 1) y=fixed(y + 21.0, 1) text-anchor="end">"orphans"</text>
            {boxes}
        </g>
    }
    .into_any();
    (v, 34.0)
}

/// Bytes as `512 B`, `1.5 KB`, `2.0 MB`.
pub fn bytes(n: u64) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{} KB", fixed(n as f64 / 1024.0, 1))
    } else {
        format!("{} MB", fixed(n as f64 / (1024.0 * 1024.0), 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 KB");
        assert_eq!(plural(1, "old version"), "1 old version");
        assert_eq!(plural(3, "old version"), "3 old versions");
        assert!(cells_per_row() > 20);
    }
}
