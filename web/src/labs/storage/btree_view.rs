//! The B-tree drawn from `BTree::view()`: pages by depth, leaves left to right, each
//! internal page centred over its children; the pages the last `put` split (and a new
//! root) and the last `get`'s root-to-leaf path highlighted.

use super::draw::W;
use crate::shell::format::fixed;
use crate::shell::svg::Svg;
use ddia_core::storage::lab::{Lane, ProbeStep};
use ddia_core::storage::{AnyEngine, StorageEvent};

/// Narrowest key slot; wider keys get `KEY_CHAR_W` per digit plus `KEY_PAD`.
const KEY_W: f64 = 20.0;
/// Width of one digit of `.page text` (10.5px monospace).
const KEY_CHAR_W: f64 = 6.3;
const KEY_PAD: f64 = 7.0;
const PAGE_H: f64 = 24.0;
const LEVEL_GAP: f64 = 64.0;
const PAGE_GAP: f64 = 10.0;

/// The SVG markup of a B-tree lane (empty if the lane is not a B-tree), or a note
/// while the tree is down.
pub fn btree_svg(lane: &Lane) -> String {
    let AnyEngine::BTree(bt) = lane.engine() else {
        return String::new();
    };
    let pages = bt.view();
    if pages.is_empty() {
        let mut note = Svg::new();
        note.el("p")
            .attr("class", "empty-note")
            .text("The B-tree is down: press Recover.");
        return note.finish();
    }
    let digits = pages
        .iter()
        .flat_map(|p| p.keys.iter())
        .map(|k| k.to_string().len())
        .max()
        .unwrap_or(1);
    let key_w = KEY_W.max(digits as f64 * KEY_CHAR_W + KEY_PAD);
    let page_w = |n: usize| n.max(1) as f64 * key_w + 8.0;
    let last = lane.last();
    let mut split = Vec::new();
    let mut new_root = None;
    for e in &last.events {
        match e {
            StorageEvent::PageSplit { page, new_page, .. } => {
                split.push(*page);
                split.push(*new_page);
            }
            StorageEvent::NewRoot { root, .. } => new_root = Some(*root),
            _ => {}
        }
    }
    let on_path = |p: u32| {
        last.path
            .iter()
            .any(|s| matches!(s, ProbeStep::Page { page, .. } if *page == p))
    };
    let depth = pages.iter().map(|p| p.depth).max().unwrap_or(0);
    // x centre of each page: leaves in order, parents over their children.
    let mut centre = std::collections::BTreeMap::new();
    let mut next_x = 0.0;
    for p in pages.iter().filter(|p| p.depth == depth) {
        let w = page_w(p.keys.len());
        centre.insert(p.page, next_x + w / 2.0);
        next_x += w + PAGE_GAP;
    }
    for d in (0..depth).rev() {
        for p in pages.iter().filter(|p| p.depth == d) {
            let xs: Vec<f64> = p
                .children
                .iter()
                .filter_map(|c| centre.get(c).copied())
                .collect();
            let x = if xs.is_empty() {
                0.0
            } else {
                xs.iter().sum::<f64>() / xs.len() as f64
            };
            centre.insert(p.page, x);
        }
    }
    let width = (next_x + 20.0).max(W);
    let shift = (width - next_x) / 2.0;
    let ytop = |d: u32| 34.0 + f64::from(d) * LEVEL_GAP;
    let levels = bt.meta().map_or(0, |m| m.levels);
    let h = ytop(depth) + PAGE_H + 30.0;
    let note = format!(
        "{} level{} · {} pages · at most {} keys per page · page write = {} bytes",
        levels,
        if levels == 1 { "" } else { "s" },
        pages.len(),
        bt.config().max_keys,
        bt.config().page_bytes
    );
    let mut svg = Svg::new();
    svg.el("svg")
        .attr("class", "storage-svg btree")
        .attr(
            "viewBox",
            &format!("0 0 {} {}", fixed(width, 0), fixed(h, 0)),
        )
        .attr("style", &format!("min-width: {}px", fixed(width * 0.8, 0)))
        .attr("preserveAspectRatio", "xMidYMin meet")
        .attr("role", "img")
        .attr("aria-label", "B-tree pages")
        .open();
    svg.el("text")
        .attr("class", "row-sub")
        .attr("x", "8")
        .attr("y", "16")
        .text(&note);
    // Edges first, so that the pages are drawn over them.
    for p in &pages {
        let cx = centre[&p.page] + shift;
        let w = page_w(p.keys.len());
        let y = ytop(p.depth);
        for (i, c) in p.children.iter().enumerate() {
            let Some(ccx) = centre.get(c) else { continue };
            let hot = on_path(p.page) && on_path(*c);
            svg.el("line")
                .attr("class", if hot { "edge hot" } else { "edge" })
                .num("x1", cx - w / 2.0 + 4.0 + i as f64 * key_w)
                .num("y1", y + PAGE_H)
                .num("x2", ccx + shift)
                .num("y2", ytop(p.depth + 1))
                .empty();
        }
    }
    for p in &pages {
        let cx = centre[&p.page] + shift;
        let w = page_w(p.keys.len());
        let y = ytop(p.depth);
        let mut class = String::from(if p.leaf { "page leaf" } else { "page internal" });
        if split.contains(&p.page) {
            class.push_str(" split");
        }
        if new_root == Some(p.page) {
            class.push_str(" new-root");
        }
        if on_path(p.page) {
            class.push_str(" probe-found");
        }
        let keys: Vec<String> = p.keys.iter().map(u64::to_string).collect();
        let tip = format!(
            "page {} ({}): keys [{}]",
            p.page,
            if p.leaf { "leaf" } else { "internal" },
            keys.join(", ")
        );
        svg.el("g")
            .attr("class", &class)
            .attr("data-page", &p.page.to_string())
            .open();
        svg.title(&tip);
        svg.el("rect")
            .num("x", cx - w / 2.0)
            .num("y", y)
            .num("width", w)
            .num("height", PAGE_H)
            .attr("rx", "4")
            .empty();
        for (i, k) in keys.iter().enumerate() {
            svg.el("text")
                .num("x", cx - w / 2.0 + 4.0 + (i as f64 + 0.5) * key_w)
                .num("y", y + 16.0)
                .attr("text-anchor", "middle")
                .text(k);
        }
        svg.el("text")
            .attr("class", "page-no")
            .num("x", cx - w / 2.0)
            .num("y", y - 3.0)
            .text(&format!("p{}", p.page));
        svg.close();
    }
    svg.close();
    svg.finish()
}
