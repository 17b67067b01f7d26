//! Shared drawing pieces of the storage views: key cells and the merge panel (inputs
//! above, outputs below, dropped versions struck through).

use crate::shell::format::{fixed, translate};
use crate::shell::svg::Svg;
use ddia_core::storage::lab::{KeyCell, MergeView};

/// Width of the drawing in SVG units (the SVG scales to the stage).
pub const W: f64 = 1000.0;
/// Left column for labels.
pub const X0: f64 = 120.0;
/// Width of one key cell.
pub const CELL_W: f64 = 30.0;
/// Height of one key cell.
pub const CELL_H: f64 = 20.0;

/// One key cell at `(x, y)`: a box with the key; `class` adds state classes.
pub fn cell(svg: &mut Svg, x: f64, y: f64, key: u64, class: &str, title: &str) {
    svg.el("g")
        .attr("class", &format!("cell {class}"))
        .attr("transform", &translate(x, y))
        .open();
    svg.title(title);
    svg.el("rect")
        .num("width", CELL_W - 2.0)
        .num("height", CELL_H)
        .attr("rx", "3")
        .empty();
    svg.el("text")
        .num("x", (CELL_W - 2.0) / 2.0)
        .num("y", CELL_H / 2.0 + 4.0)
        .attr("text-anchor", "middle")
        .text(&key.to_string());
    if class.contains("dropped") {
        svg.el("line")
            .attr("class", "strike")
            .attr("x1", "3")
            .num("y1", CELL_H - 3.0)
            .num("x2", CELL_W - 5.0)
            .attr("y2", "3")
            .empty();
    }
    svg.close();
}

/// A row of cells starting at `x`, at most `max` shown, then `+n` for the rest.
pub fn cell_row(
    svg: &mut Svg,
    x: f64,
    y: f64,
    cells: &[KeyCell],
    max: usize,
    class_of: impl Fn(&KeyCell) -> String,
) {
    svg.el("g").open();
    for (i, c) in cells.iter().take(max).enumerate() {
        let title = format!(
            "key {} (seq {}){}",
            c.key,
            c.seq,
            if c.tombstone { ", tombstone" } else { "" }
        );
        cell(svg, x + i as f64 * CELL_W, y, c.key, &class_of(c), &title);
    }
    let more = cells.len().saturating_sub(max);
    if more > 0 {
        svg.el("text")
            .attr("class", "more")
            .num("x", x + max as f64 * CELL_W + 4.0)
            .num("y", y + 14.0)
            .text(&format!("+{more}"));
    }
    svg.close();
}

/// Cells per row that fit between [`X0`] and the right edge.
pub fn cells_per_row() -> usize {
    ((W - X0 - 40.0) / CELL_W) as usize
}

/// Text right-aligned left of [`X0`] (`class` `row-label` or `row-sub`), baseline at `y`.
pub fn row_label(svg: &mut Svg, class: &str, y: f64, text: &str) {
    svg.el("text")
        .attr("class", class)
        .num("x", X0 - 8.0)
        .num("y", y)
        .attr("text-anchor", "end")
        .text(text);
}

/// The merge panel at `y`; returns its height.
pub fn merge_panel(svg: &mut Svg, m: &MergeView, y: f64, what: &str) -> f64 {
    let max = cells_per_row();
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
    // Title 26, a row per input and output, the arrow 20, bottom margin 6.
    let h = 26.0 + (m.inputs.len() + m.outputs.len()) as f64 * (CELL_H + 6.0) + 20.0 + 6.0;
    svg.el("g").attr("class", "merge-view").open();
    svg.el("rect")
        .attr("class", "merge-bg")
        .attr("x", "4")
        .num("y", y)
        .num("width", W - 8.0)
        .num("height", h)
        .attr("rx", "6")
        .empty();
    svg.el("text")
        .attr("class", "merge-title")
        .attr("x", "14")
        .num("y", y + 17.0)
        .text(&title);
    let mut yy = y + 26.0;
    for f in &m.inputs {
        row_label(svg, "row-label", yy + 14.0, &format!("in #{}", f.id));
        cell_row(svg, X0, yy, &f.cells, max, |c| {
            let mut s = String::new();
            if !c.kept {
                s.push_str("dropped ");
            }
            if c.tombstone {
                s.push_str("tomb ");
            }
            s
        });
        yy += CELL_H + 6.0;
    }
    svg.el("text")
        .attr("class", "merge-arrow")
        .num("x", X0)
        .num("y", yy + 12.0)
        .text("⇩ merged by key, newest version wins");
    yy += 20.0;
    for f in &m.outputs {
        row_label(svg, "row-label", yy + 14.0, &format!("out #{}", f.id));
        cell_row(svg, X0, yy, &f.cells, max, |c| {
            if c.tombstone {
                "out tomb".into()
            } else {
                "out".into()
            }
        });
        yy += CELL_H + 6.0;
    }
    svg.close();
    h + 8.0
}

/// `n thing` or `n things`.
pub fn plural(n: u64, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
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
