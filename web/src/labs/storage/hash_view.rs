//! The hash log drawn from `HashLog::segments_view()`: one row per segment (the active
//! one last), each record a cell (grey = overwritten, red = tombstone), the record the
//! last `get` found via the in-memory index highlighted, and the last merge below.

use super::draw::{bytes, cell, cells_per_row, merge_panel, orphan_row, CELL_H, CELL_W, W, X0};
use crate::shell::format::fixed;
use ddia_core::storage::lab::{Lane, ProbeStep};
use ddia_core::storage::lab_values::record_entry;
use ddia_core::storage::AnyEngine;
use leptos::prelude::*;

/// The SVG of a hash-log lane.
pub fn hash_svg(lane: &Lane) -> AnyView {
    // While down: the segments as they were before the crash (the log is the disk), the
    // index drawn as lost, and the half-written output of an interrupted merge.
    let AnyEngine::HashLog(h) = lane.shown() else {
        return ().into_any();
    };
    let down = lane.on_disk().is_some();
    let segs = h.segments_view();
    let last = lane.last();
    let found = last.path.iter().find_map(|p| match p {
        ProbeStep::Index { at } => *at,
        _ => None,
    });
    let per_row = cells_per_row();
    let mut parts: Vec<AnyView> = Vec::new();
    let index_note = if down {
        format!(
            "in-memory hash index: LOST ({} keys); recovery rebuilds it by scanning the segments on disk",
            h.index().len()
        )
    } else {
        format!(
            "in-memory hash index: {} keys → (segment, offset), about {} of RAM · a segment closes after the write that takes it to {} or more",
            h.index().len(),
            bytes(h.index_memory_bytes()),
            bytes(h.config().segment_bytes)
        )
    };
    let note_class = if down {
        "row-sub lost-label"
    } else {
        "row-sub"
    };
    parts.push(view! { <text class=note_class x="8" y="16">{index_note}</text> }.into_any());
    let mut y = 28.0;
    for s in &segs {
        let rows = s.records.len().div_ceil(per_row).max(1);
        let hgt = rows as f64 * (CELL_H + 4.0) + 10.0;
        let class = if s.active {
            "segment active"
        } else {
            "segment"
        };
        parts.push(view! {
            <g class=class data-id=s.id>
                <rect class="level-bg" x="4" y=fixed(y, 1) width=fixed(W - 8.0, 1) height=fixed(hgt, 1) rx="6"></rect>
                <text class="row-label" x=fixed(X0 - 8.0, 1) y=fixed(y + 18.0, 1) text-anchor="end">{format!("segment #{}", s.id)}</text>
                <text class="row-sub" x=fixed(X0 - 8.0, 1) y=fixed(y + 32.0, 1) text-anchor="end">
                    {format!("{}{}", bytes(s.bytes), match (s.active, down) {
                        (true, true) => " · was active",
                        (true, false) => " · active",
                        (false, _) => " · closed",
                    })}
                </text>
            </g>
        }.into_any());
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
            let written = record_entry(h, s.id, u32::try_from(i).unwrap_or(u32::MAX))
                .unwrap_or_else(|| format!("key {}", r.key));
            let title = format!(
                "{written} at offset {} ({} B){}",
                r.offset,
                r.bytes,
                if r.live { ", live" } else { ", overwritten" }
            );
            parts.push(cell(x, ry, r.key, class, title));
        }
        y += hgt + 6.0;
    }
    let orphans = lane.orphans();
    if !orphans.is_empty() {
        let (row, h) = orphan_row(y, &orphans, "segment");
        parts.push(row);
        y += h;
    }
    if let Some(m) = last.merges.last() {
        let (mv, h) = merge_panel(m, y, "merge");
        parts.push(mv);
        y += h;
    }
    view! {
        <svg class="storage-svg hashlog" viewBox=format!("0 0 {} {}", fixed(W, 0), fixed(y, 0)) preserveAspectRatio="xMidYMin meet" role="img" aria-label="hash log segments">
            {parts}
        </svg>
    }
    .into_any()
}
