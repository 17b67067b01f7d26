//! The B-tree drawn from `BTree::view()`: pages by depth, leaves left to right, each
//! internal page centred over its children; the pages the last `put` split (and a new
//! root) and the last `get`'s root-to-leaf path highlighted, and above the tree the
//! last operation's path, small, always in view ([`super::btree_path`]). While crashed: the page
//! file as the crash left it, the pages it holds that no parent points to, and the
//! page versions that were only in memory, drawn as lost (DDIA ch. 3, "Making B-trees
//! reliable").

use super::btree_path::btree_path;
use crate::shell::format::fixed;
use ddia_core::storage::btree::{PageImage, PageNo, PageView};
use ddia_core::storage::lab::{key_list, Lane, ProbeStep};
use ddia_core::storage::lab_values::page_entries;
use ddia_core::storage::{AnyEngine, BTree, StorageEngine, StorageEvent};
use leptos::prelude::*;

/// Narrowest key slot; wider keys get `KEY_CHAR_W` per digit plus `KEY_PAD`.
const KEY_W: f64 = 20.0;
/// Width of one digit of `.page text` (10.5px monospace).
const KEY_CHAR_W: f64 = 6.3;
const KEY_PAD: f64 = 7.0;
const PAGE_H: f64 = 24.0;
const LEVEL_GAP: f64 = 64.0;
const PAGE_GAP: f64 = 10.0;
/// Narrowest drawing, SVG units (room for the lane's crash rows).
const MIN_W: f64 = 420.0;
/// Width of one character of `.off-tree-label` (11px sans), generous.
const OFF_TREE_CHAR_W: f64 = 6.4;

/// One page box: `labels` (its keys) left to right from `x` in slots of `key_w`, its
/// number `no` above; `tip` on hover.
fn page_box(
    (x, y): (f64, f64),
    key_w: f64,
    (no, labels): (PageNo, Vec<String>),
    class: String,
    tip: String,
) -> AnyView {
    let w = page_w(labels.len(), key_w);
    let keys: Vec<AnyView> = labels
        .into_iter()
        .enumerate()
        .map(|(i, k)| view! {
            <text x=fixed(x + 4.0 + (i as f64 + 0.5) * key_w, 1) y=fixed(y + 16.0, 1) text-anchor="middle">{k}</text>
        }.into_any())
        .collect();
    view! {
        <g class=class data-page=no>
            <title>{tip}</title>
            <rect x=fixed(x, 1) y=fixed(y, 1) width=fixed(w, 1) height=fixed(PAGE_H, 1) rx="4"></rect>
            {keys}
            <text class="page-no" x=fixed(x, 1) y=fixed(y - 3.0, 1)>{format!("p{no}")}</text>
        </g>
    }
    .into_any()
}

/// A page's number and its keys as labels.
fn labels(p: &PageView) -> (PageNo, Vec<String>) {
    (p.page, p.keys.iter().map(ToString::to_string).collect())
}

/// Width of a page box holding `n` keys.
fn page_w(n: usize, key_w: f64) -> f64 {
    n.max(1) as f64 * key_w + 8.0
}

/// A page's tooltip: a leaf's `key = value` entries as on disk, an internal page's
/// separators.
fn page_tip(bt: &BTree, p: &PageView) -> String {
    if p.leaf {
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
    }
}

/// While crashed, the pages off the tree in one row at `y`: those on disk that no page
/// points to (a split's new page written before its parent), then the new versions the
/// interrupted operation held in memory and never wrote (lost). The view and its
/// height; nothing when there are none.
fn off_tree_row(bt: &BTree, y: f64, key_w: f64) -> Option<(AnyView, f64, f64)> {
    let stray: Vec<((PageNo, Vec<String>), String)> = bt
        .unreachable_pages()
        .iter()
        .map(|p| {
            let tip = format!(
                "{}; on disk, but no page of the tree points to it: a split written half-way",
                page_tip(bt, p)
            );
            (labels(p), tip)
        })
        .collect();
    let what = if bt.config().wal {
        "the WAL record on disk holds its change, recovery redoes it"
    } else {
        "without a WAL nothing can redo it"
    };
    let lost: Vec<((PageNo, Vec<String>), String)> = bt
        .unwritten()
        .iter()
        .map(|(no, img)| match img {
            PageImage::Node(page) => (
                labels(&PageView::of(*no, 0, page)),
                format!("page {no}: its new version was in memory only, never written; {what}"),
            ),
            PageImage::Meta(m) => (
                (*no, vec!["meta".to_string()]),
                format!(
                    "meta page: its new version (root p{}, {} levels) was in memory only, never written; {what}",
                    m.root, m.levels
                ),
            ),
        })
        .collect();
    if stray.is_empty() && lost.is_empty() {
        return None;
    }
    let mut x = 10.0;
    let mut marks = Vec::new();
    for (title, class, pages) in [
        ("on disk, no parent points to it", "page stray", stray),
        ("lost with memory, never written", "page lost", lost),
    ] {
        if pages.is_empty() {
            continue;
        }
        marks.push(view! { <text class="row-label lost-label off-tree-label" x=fixed(x, 1) y=fixed(y + 12.0, 1)>{title}</text> }.into_any());
        let label_end = x + title.len() as f64 * OFF_TREE_CHAR_W;
        // Wide enough for "meta" too.
        let slot = key_w.max(4.0 * KEY_CHAR_W + KEY_PAD);
        for (page, tip) in pages {
            let n = page.1.len();
            marks.push(page_box((x, y + 32.0), slot, page, class.into(), tip));
            x += page_w(n, slot) + PAGE_GAP;
        }
        x = x.max(label_end) + 24.0;
    }
    let v = view! { <g class="off-tree">{marks}</g> }.into_any();
    Some((v, 32.0 + PAGE_H + 10.0, x))
}

/// The SVG of a B-tree lane: the tree as the page file holds it (pages are written
/// through, so while down this is what the crash left on disk, torn or not), and while
/// down the pages off the tree ([`off_tree_row`]).
pub fn btree_svg(lane: &Lane) -> AnyView {
    let AnyEngine::BTree(bt) = lane.engine() else {
        return ().into_any();
    };
    let down = bt.is_crashed();
    let pages = bt.view();
    if pages.is_empty() {
        return view! { <p class="empty-note">"No page of the tree can be read: its meta page is missing."</p> }.into_any();
    }
    let digits = pages
        .iter()
        .chain(&bt.unreachable_pages())
        .flat_map(|p| p.keys.iter())
        .map(|k| k.to_string().len())
        .max()
        .unwrap_or(1);
    let key_w = KEY_W.max(digits as f64 * KEY_CHAR_W + KEY_PAD);
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
        let w = page_w(p.keys.len(), key_w);
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
    let ytop = |d: u32| 22.0 + f64::from(d) * LEVEL_GAP;
    let tree_h = ytop(depth) + PAGE_H + 30.0;
    let off = if down {
        off_tree_row(bt, tree_h, key_w)
    } else {
        None
    };
    let off_w = off.as_ref().map_or(0.0, |o| o.2);
    // The drawing's own width: a small tree is drawn no larger than life (it does not
    // fill a wide stage at 3x) and a wide one no smaller than 0.8 (it scrolls).
    let width = (next_x + 20.0).max(off_w + 10.0).max(MIN_W);
    let shift = (width - next_x) / 2.0;
    let mut edges: Vec<AnyView> = Vec::new();
    let mut boxes: Vec<AnyView> = Vec::new();
    for p in &pages {
        let cx = centre[&p.page] + shift;
        let w = page_w(p.keys.len(), key_w);
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
        boxes.push(page_box(
            (cx - w / 2.0, y),
            key_w,
            labels(p),
            class,
            page_tip(bt, p),
        ));
    }
    let levels = bt.meta_on_disk().map_or(0, |m| m.levels);
    let h = tree_h + off.as_ref().map_or(0.0, |o| o.1);
    let state = if down {
        "on disk, as the crash left it (pages in memory are lost) · "
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
    // While down the tree is torn: no lookup path to draw.
    let path = (!down)
        .then(|| btree_path(&pages, last.op.as_ref()))
        .flatten();
    view! {
        <p class="lane-note">{note}</p>
        {path}
        <svg class="storage-svg btree" viewBox=format!("0 0 {} {}", fixed(width, 0), fixed(h, 0)) style=format!("min-width: {}px; max-width: {}px; margin: 0 auto", fixed(width * 0.8, 0), fixed(width, 0)) preserveAspectRatio="xMidYMin meet" role="img" aria-label="B-tree pages">
            {edges}
            {boxes}
            {off.map(|o| o.0)}
        </svg>
    }
    .into_any()
}
