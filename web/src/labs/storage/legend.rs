//! The storage pictures' legend, always visible (touch screens have no hover): every
//! colour, outline and badge the LSM-tree, B-tree and hash-log pictures use, each drawn
//! with the same classes as the picture (static/storage.css), so the swatch is the mark.
//! Only the current engine's marks are listed (both engines' in the race). The field's
//! terms in an entry's text are explained in place (the shared glossary).

use super::state::StorageState;
use crate::shell::context::context;
use crate::shell::glossary::{glossed, storage::STORAGE};
use ddia_core::storage::lab_scenario::LabEngine;
use leptos::prelude::*;

/// What a swatch draws.
#[derive(Clone, Copy)]
enum Swatch {
    /// A key cell (memtable entry, segment record, merge input or output).
    Cell(&'static str),
    /// An SSTable bar with a key tick.
    Table(&'static str),
    /// An SSTable tick alone (a tombstone inside a table).
    Tick(&'static str),
    /// A B-tree page.
    Page(&'static str),
    /// A B-tree edge.
    Edge(&'static str),
    /// A segment's outline.
    Segment(&'static str),
    /// A half-written file a crash left (an orphan).
    Orphan,
    /// A fill bar (memtable or WAL).
    Fill,
    /// A text badge, drawn as the picture draws it.
    Badge(&'static str),
}

/// One legend entry: the mark and what it means.
struct Entry {
    swatch: Swatch,
    text: &'static str,
}

const fn e(swatch: Swatch, text: &'static str) -> Entry {
    Entry { swatch, text }
}

/// Marks of the LSM-tree picture (DDIA ch. 3, "SSTables and LSM-Trees").
const LSM: [Entry; 11] = [
    e(Swatch::Cell(""), "memtable entry (a key, in memory)"),
    e(
        Swatch::Cell("tomb"),
        "tombstone: a delete, kept until compaction drops it",
    ),
    e(
        Swatch::Table(""),
        "SSTable on disk, in its level: a bar over its key range, one tick per key",
    ),
    e(
        Swatch::Tick("tomb"),
        "red tick: a tombstone inside an SSTable",
    ),
    e(Swatch::Table("new"), "just flushed from the memtable"),
    e(Swatch::Table("out"), "written by the last compaction"),
    e(
        Swatch::Table("probe-bloomno"),
        "dashed, faded: the Bloom filter said no, not read",
    ),
    e(
        Swatch::Table("probe-miss"),
        "orange outline: read for a get, key not there",
    ),
    e(
        Swatch::Table("probe-found"),
        "green outline: the get found its key here",
    ),
    e(Swatch::Fill, "memtable fill: flushes when full"),
    e(
        Swatch::Badge("Bloom: maybe → miss"),
        "what the last get learnt from each table",
    ),
];

/// Marks of the merge panel (LSM compaction, hash-log merge) and of a crash that
/// interrupted one (or a flush).
const MERGE: [Entry; 3] = [
    e(
        Swatch::Cell("dropped"),
        "struck out: an older version or tombstone the merge dropped",
    ),
    e(
        Swatch::Cell("out"),
        "a version the merge kept in its output",
    ),
    e(
        Swatch::Orphan,
        "orphan: a file half-written by a flush, compaction or merge a crash interrupted; recovery deletes it",
    ),
];

/// Marks of the B-tree picture (DDIA ch. 3, "B-Trees").
const BTREE: [Entry; 9] = [
    e(
        Swatch::Page(""),
        "leaf page: keys in order (p = page number)",
    ),
    e(
        Swatch::Page("internal"),
        "internal page: separator keys, one child per gap",
    ),
    e(
        Swatch::Page("split"),
        "page split by the last write: full, cut in two",
    ),
    e(
        Swatch::Page("new-root"),
        "new root: the tree grew one level",
    ),
    e(
        Swatch::Page("stray"),
        "after a crash: on disk, but no page points to it (a split written half-way)",
    ),
    e(
        Swatch::Page("lost"),
        "after a crash: faded, dashed: a page version only in memory, never written",
    ),
    e(
        Swatch::Edge("edge hot"),
        "the path the last get walked, root to leaf",
    ),
    e(
        Swatch::Badge("p21 ▾ → p3 → p73"),
        "above the tree: the last get's or put's path, root to leaf; ▾ the branch its key took, ✗ a key not on its leaf",
    ),
    e(
        Swatch::Fill,
        "WAL (write-ahead log): redo records since the last checkpoint",
    ),
];

/// Marks of the hash-log picture (DDIA ch. 3, "Hash Indexes").
const HASH: [Entry; 4] = [
    e(
        Swatch::Cell(""),
        "record: the key's latest value, the hash index points here",
    ),
    e(
        Swatch::Cell("stale"),
        "grey: overwritten or deleted, space a merge reclaims",
    ),
    e(Swatch::Cell("tomb"), "tombstone: a delete record"),
    e(
        Swatch::Segment("segment active"),
        "dashed outline: the active segment, still appended to",
    ),
];

/// The swatch's frame: a small SVG.
fn svg(inner: AnyView) -> AnyView {
    view! { <svg class="legend-swatch" viewBox="0 0 34 18" width="34" height="18" aria-hidden="true">{inner}</svg> }
    .into_any()
}

/// A box drawn as the picture draws its marks: a group of class `group` around a
/// rectangle of class `rect_class` and an optional inner mark (a tick, a strike).
fn boxed(group: String, rect_class: &'static str, mark: Option<AnyView>) -> AnyView {
    svg(view! {
        <g class=group>
            <rect class=rect_class x="2" y="2" width="30" height="14" rx="3"></rect>
            {mark}
        </g>
    }
    .into_any())
}

/// A key tick of class `class` in the middle of a box.
fn tick(class: String) -> AnyView {
    view! { <line class=class x1="17" x2="17" y1="4" y2="14"></line> }.into_any()
}

fn swatch_view(s: Swatch) -> AnyView {
    match s {
        Swatch::Cell(c) => boxed(
            format!("cell {c}"),
            "",
            (c == "dropped").then(|| {
                view! { <line class="strike" x1="5" y1="15" x2="29" y2="3"></line> }.into_any()
            }),
        ),
        Swatch::Table(c) => boxed(format!("sstable {c}"), "", Some(tick("tick".into()))),
        Swatch::Tick(c) => boxed("sstable".into(), "", Some(tick(format!("tick {c}")))),
        Swatch::Page(c) => boxed(format!("page {c}"), "", None),
        Swatch::Segment(c) => boxed(c.into(), "level-bg", None),
        Swatch::Orphan => boxed("orphan".into(), "", None),
        Swatch::Edge(c) => {
            svg(view! { <line class=c x1="4" y1="15" x2="30" y2="3"></line> }.into_any())
        }
        Swatch::Fill => svg(view! {
            <g>
                <rect class="legend-fill-bg" x="2" y="7" width="30" height="4" rx="2"></rect>
                <rect class="legend-fill" x="2" y="7" width="18" height="4" rx="2"></rect>
            </g>
        }
        .into_any()),
        Swatch::Badge(b) => view! { <span class="legend-badge">{b}</span> }.into_any(),
    }
}

fn entries(list: &'static [Entry]) -> Vec<AnyView> {
    list.iter()
        .map(|x| {
            view! { <li>{swatch_view(x.swatch)}<span>{glossed(x.text, STORAGE)}</span></li> }
                .into_any()
        })
        .collect()
}

/// The legend of the current engine's picture.
#[component]
pub fn StorageLegend() -> impl IntoView {
    let st = context::<StorageState>();
    let engine = Memo::new(move |_| st.with(|l| l.engine()));
    let list = move || {
        let mut out = Vec::new();
        let (lsm, btree, hash) = match engine.get() {
            LabEngine::Lsm => (true, false, false),
            LabEngine::BTree => (false, true, false),
            LabEngine::HashLog => (false, false, true),
            LabEngine::Race => (true, true, false),
        };
        if lsm {
            out.extend(entries(&LSM));
        }
        if btree {
            out.extend(entries(&BTREE));
        }
        if hash {
            out.extend(entries(&HASH));
        }
        if lsm || hash {
            out.extend(entries(&MERGE));
        }
        out
    };
    view! {
        <section class="storage-legend" aria-label="legend">
            <h2>"Legend"</h2>
            <ul>{list}</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every storage term is explained in place somewhere on the page: in a legend
    /// entry, or on a figure's row.
    #[test]
    fn every_storage_term_is_placed() {
        use crate::shell::glossary::gloss_spans;
        let mut placed: Vec<&str> = LSM
            .iter()
            .chain(&BTREE)
            .chain(&HASH)
            .chain(&MERGE)
            .flat_map(|x| gloss_spans(x.text, STORAGE))
            .filter_map(|(_, e)| e.map(|e| e.term))
            .collect();
        placed.extend(super::super::panel::GLOSSED_ROWS.iter().map(|r| r.1));
        for e in STORAGE {
            assert!(placed.contains(&e.term), "{} is explained nowhere", e.term);
        }
    }

    /// Every class a picture draws with has an entry (the tick and badge included).
    #[test]
    fn every_picture_class_has_an_entry() {
        let classes: Vec<&str> = LSM
            .iter()
            .chain(&BTREE)
            .chain(&HASH)
            .chain(&MERGE)
            .filter_map(|x| match x.swatch {
                Swatch::Cell(c)
                | Swatch::Table(c)
                | Swatch::Tick(c)
                | Swatch::Page(c)
                | Swatch::Edge(c)
                | Swatch::Segment(c) => Some(c),
                Swatch::Fill | Swatch::Badge(_) | Swatch::Orphan => None,
            })
            .collect();
        for c in [
            "tomb",
            "stale",
            "dropped",
            "out",
            "new",
            "probe-bloomno",
            "probe-miss",
            "probe-found",
            "internal",
            "split",
            "new-root",
            "stray",
            "lost",
            "edge hot",
            "segment active",
        ] {
            assert!(classes.contains(&c), "no legend entry for {c}");
        }
    }
}
