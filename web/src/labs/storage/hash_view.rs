//! The hash log drawn from `HashLog::segments_view()`: one row per segment (the active
//! one last), each record a cell (grey = overwritten, red = tombstone), the record the
//! last `get` found via the in-memory index highlighted, and the last merge below.

use super::draw::{bytes, cell, cells_per_row, merge_panel, row_label, CELL_H, CELL_W, W, X0};
use crate::shell::format::fixed;
use crate::shell::svg::Svg;
use ddia_core::storage::lab::{Lane, ProbeStep};
use ddia_core::storage::AnyEngine;

/// The SVG markup of a hash-log lane (empty if the lane is not a hash log).
pub fn hash_svg(lane: &Lane) -> String {
    let AnyEngine::HashLog(h) = lane.engine() else {
        return String::new();
    };
    let segs = h.segments_view();
    let last = lane.last();
    let found = last.path.iter().find_map(|p| match p {
        ProbeStep::Index { at } => *at,
        _ => None,
    });
    let per_row = cells_per_row();
    // The <svg> root is written last, once the height is known.
    let mut body = Svg::new();
    let index_note = format!(
        "in-memory hash index: {} keys → (segment, offset), about {} of RAM · segments close at {}",
        h.index().len(),
        bytes(h.index_memory_bytes()),
        bytes(h.config().segment_bytes)
    );
    body.el("text")
        .attr("class", "row-sub")
        .attr("x", "8")
        .attr("y", "16")
        .text(&index_note);
    let mut y = 28.0;
    for s in &segs {
        let rows = s.records.len().div_ceil(per_row).max(1);
        let hgt = rows as f64 * (CELL_H + 4.0) + 10.0;
        let class = if s.active {
            "segment active"
        } else {
            "segment"
        };
        body.el("g")
            .attr("class", class)
            .attr("data-id", &s.id.to_string())
            .open();
        body.el("rect")
            .attr("class", "level-bg")
            .attr("x", "4")
            .num("y", y)
            .num("width", W - 8.0)
            .num("height", hgt)
            .attr("rx", "6")
            .empty();
        row_label(
            &mut body,
            "row-label",
            y + 18.0,
            &format!("segment #{}", s.id),
        );
        row_label(
            &mut body,
            "row-sub",
            y + 32.0,
            &format!(
                "{}{}",
                bytes(s.bytes),
                if s.active { " · active" } else { " · closed" }
            ),
        );
        body.close();
        for (i, r) in s.records.iter().enumerate() {
            let x = X0 + (i % per_row) as f64 * CELL_W;
            let ry = y + 5.0 + (i / per_row) as f64 * (CELL_H + 4.0);
            let mut class = String::new();
            if !r.live {
                class.push_str("stale ");
            }
            if r.tombstone {
                class.push_str("tomb ");
            }
            if found == Some((s.id, r.offset)) {
                class.push_str("probe-found ");
            }
            let title = format!(
                "key {} at offset {} ({} B){}",
                r.key,
                r.offset,
                r.bytes,
                if r.live { ", live" } else { ", overwritten" }
            );
            cell(&mut body, x, ry, r.key, &class, &title);
        }
        y += hgt + 6.0;
    }
    if let Some(m) = last.merges.last() {
        y += merge_panel(&mut body, m, y, "merge");
    }
    let mut svg = Svg::new();
    svg.el("svg")
        .attr("class", "storage-svg hashlog")
        .attr("viewBox", &format!("0 0 {} {}", fixed(W, 0), fixed(y, 0)))
        .attr("preserveAspectRatio", "xMidYMin meet")
        .attr("role", "img")
        .attr("aria-label", "hash log segments")
        .open();
    svg.raw(&body.finish()).close();
    svg.finish()
}
