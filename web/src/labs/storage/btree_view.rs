//! The B-tree drawn from `BTree::view()`: pages by depth, leaves left to right, each
//! internal page centred over its children; the pages the last `put` split (and a new
//! root) and the last `get`'s root-to-leaf path highlighted.

use super::draw::W;
use crate::shell::format::fixed;
use ddia_core::storage::lab::{key_list, Lane, ProbeStep};
use ddia_core::storage::lab_values::page_entries;
use ddia_core::storage::{AnyEngine, StorageEvent};
use leptos::prelude::*;

/// Narrowest key slot; wider keys get `KEY_CHAR_W` per digit plus `KEY_PAD`.
const KEY_W: f64 = 20.0;
/// Width of one digit of `.page text` (10.5px monospace).
const KEY_CHAR_W: f64 = 6.3;
const KEY_PAD: f64 = 7.0;
const PAGE_H: f64 = 24.0;
const LEVEL_GAP: f64 = 64.0;
const PAGE_GAP: f64 = 10.0;

/// The SVG of a B-tree lane.
pub fn btree_svg(lane: &Lane) -> AnyView {
    // While down: the pages as they were on disk before the crash (pages are written
    // through, so that is the disk); only the page cache is lost.
    let AnyEngine::BTree(bt) = lane.shown() else {
        return ().into_any();
    };
    let down = lane.on_disk().is_some();
    let pages = bt.view();
    if pages.is_empty() {
        return view! { <p class="empty-note">"No page of the tree can be read: its meta page is missing."</p> }.into_any();
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
    let ytop = |d: u32| 22.0 + f64::from(d) * LEVEL_GAP;
    let mut edges: Vec<AnyView> = Vec::new();
    let mut boxes: Vec<AnyView> = Vec::new();
    for p in &pages {
        let cx = centre[&p.page] + shift;
        let w = page_w(p.keys.len());
        let y = ytop(p.depth);
        for (i, c) in p.children.iter().enumerate() {
            let Some(ccx) = centre.get(c) else { continue };
            let sx = cx - w / 2.0 + 4.0 + i as f64 * key_w;
            let hot = on_path(p.page) && on_path(*c);
            edges.push(view! {
                <line class=if hot { "edge hot" } else { "edge" } x1=fixed(sx, 1) y1=fixed(y + PAGE_H, 1) x2=fixed(ccx + shift, 1) y2=fixed(ytop(p.depth + 1), 1)></line>
            }.into_any());
        }
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
        let keys: Vec<AnyView> = p
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| view! {
                <text x=fixed(cx - w / 2.0 + 4.0 + (i as f64 + 0.5) * key_w, 1) y=fixed(y + 16.0, 1) text-anchor="middle">{k.to_string()}</text>
            }.into_any())
            .collect();
        let tip = if p.leaf {
            format!(
                "page {} (leaf): {}",
                p.page,
                page_entries(bt, p.page).join(", ")
            )
        } else {
            format!(
                "page {} (internal): separator keys {}",
                p.page,
                key_list(&p.keys)
            )
        };
        boxes.push(
            view! {
                <g class=class data-page=p.page>
                    <title>{tip}</title>
                    <rect x=fixed(cx - w / 2.0, 1) y=fixed(y, 1) width=fixed(w, 1) height=fixed(PAGE_H, 1) rx="4"></rect>
                    {keys}
                    <text class="page-no" x=fixed(cx - w / 2.0, 1) y=fixed(y - 3.0, 1)>{format!("p{}", p.page)}</text>
                </g>
            }
            .into_any(),
        );
    }
    let levels = bt.meta().map_or(0, |m| m.levels);
    let h = ytop(depth) + PAGE_H + 30.0;
    let state = if down {
        "on disk, as last written (the page cache is lost) · "
    } else {
        ""
    };
    let note = format!(
        "{state}{} level{} · {} pages · at most {} keys per page · page write = {} bytes",
        levels,
        if levels == 1 { "" } else { "s" },
        pages.len(),
        bt.config().max_keys,
        bt.config().page_bytes
    );
    // The note is HTML, sticky at the lane's left edge: it stays put when a wide tree
    // scrolls sideways.
    view! {
        <p class="lane-note">{note}</p>
        <svg class="storage-svg btree" viewBox=format!("0 0 {} {}", fixed(width, 0), fixed(h, 0)) style=format!("min-width: {}px", fixed(width * 0.8, 0)) preserveAspectRatio="xMidYMin meet" role="img" aria-label="B-tree pages">
            {edges}
            {boxes}
        </svg>
    }
    .into_any()
}
