//! The LSM-tree drawn from `Lsm::view()`: the memtable and WAL on top, then one row
//! per level with each SSTable spanning its key range on a shared key axis (ticks =
//! keys, red = tombstones), the flushed / compacted tables and the last `get`'s path
//! highlighted, and the last compaction's merge below.

use super::draw::{bytes, cell_row, cells_per_row, merge_panel, row_label, W, X0};
use crate::shell::format::fixed;
use crate::shell::svg::Svg;
use ddia_core::storage::lab::{KeyCell, Lane, ProbeStep, TableProbe};
use ddia_core::storage::{AnyEngine, StorageEvent};

/// Height of one SSTable bar.
const BAR_H: f64 = 22.0;

/// The SVG markup of an LSM lane (empty if the lane is not an LSM-tree).
pub fn lsm_svg(lane: &Lane) -> String {
    let AnyEngine::Lsm(lsm) = lane.engine() else {
        return String::new();
    };
    let v = lsm.view();
    let cfg = lsm.config();
    let last = lane.last();
    let mut flushed = Vec::new();
    let mut outputs = Vec::new();
    for e in &last.events {
        match e {
            StorageEvent::Flushed { sstable, .. } => flushed.push(*sstable),
            StorageEvent::Compacted { outputs: o, .. } => outputs.extend(o.iter().copied()),
            _ => {}
        }
    }
    let probe_of = |id: u32| {
        last.path.iter().find_map(|p| match p {
            ProbeStep::Table { id: t, outcome, .. } if *t == id => Some(*outcome),
            _ => None,
        })
    };
    let mem_hit = last.path.iter().find_map(|p| match p {
        ProbeStep::Memtable { hit } => Some(*hit),
        _ => None,
    });
    let get_key = match &last.op {
        Some(ddia_core::storage::Op::Get { key }) => Some(*key),
        _ => None,
    };

    // Key axis over every key on screen.
    let mut lo = u64::MAX;
    let mut hi = 0u64;
    for (k, _, _) in &v.memtable {
        lo = lo.min(*k);
        hi = hi.max(*k);
    }
    for t in v.levels.iter().flatten() {
        lo = lo.min(t.min_key);
        hi = hi.max(t.max_key);
    }
    if lo > hi {
        (lo, hi) = (0, 1);
    }
    let span = (hi - lo).max(1) as f64;
    let x_right = W - 24.0;
    let xk = move |k: u64| X0 + 6.0 + (k.saturating_sub(lo)) as f64 / span * (x_right - X0 - 12.0);

    // The <svg> root is written last, once the height is known.
    let mut body = Svg::new();
    // Memtable + WAL.
    let mem_cells: Vec<KeyCell> = v
        .memtable
        .iter()
        .map(|(k, seq, tomb)| KeyCell {
            key: *k,
            seq: *seq,
            tombstone: *tomb,
            kept: true,
        })
        .collect();
    let fill = (v.memtable_bytes as f64 / cfg.memtable_bytes.max(1) as f64).min(1.0);
    let mem_class = match mem_hit {
        Some(true) => "memtable probe-found",
        Some(false) => "memtable probe-miss",
        None => "memtable",
    };
    body.el("g").attr("class", mem_class).open();
    body.el("text")
        .attr("class", "row-label")
        .num("x", X0 - 8.0)
        .attr("y", "24")
        .attr("text-anchor", "end")
        .text("memtable");
    body.el("text")
        .attr("class", "row-sub")
        .num("x", X0 - 8.0)
        .attr("y", "38")
        .attr("text-anchor", "end")
        .text(&format!(
            "{} / {}",
            bytes(v.memtable_bytes),
            bytes(cfg.memtable_bytes)
        ));
    body.el("rect")
        .attr("class", "mem-fill-bg")
        .num("x", X0)
        .attr("y", "44")
        .num("width", x_right - X0)
        .attr("height", "4")
        .attr("rx", "2")
        .empty();
    body.el("rect")
        .attr("class", "mem-fill")
        .num("x", X0)
        .attr("y", "44")
        .num("width", (x_right - X0) * fill)
        .attr("height", "4")
        .attr("rx", "2")
        .empty();
    body.close();
    cell_row(&mut body, X0, 14.0, &mem_cells, cells_per_row(), |c| {
        let mut s = String::from("mem ");
        if c.tombstone {
            s.push_str("tomb ");
        }
        if get_key == Some(c.key) {
            s.push_str("probe-found ");
        }
        s
    });
    body.el("text")
        .attr("class", "wal-label")
        .num("x", x_right)
        .attr("y", "62")
        .attr("text-anchor", "end")
        .text(&format!(
            "WAL on disk: {} (replayed into the memtable after a crash)",
            bytes(v.wal_bytes)
        ));

    // Levels.
    let mut y = 74.0;
    for (n, level) in v.levels.iter().enumerate() {
        let size: u64 = level.iter().map(|t| t.bytes).sum();
        let target = v.level_targets.get(n).copied().unwrap_or(u64::MAX);
        let sub = if target == u64::MAX {
            format!("{} · {}", plural_tables(level.len()), bytes(size))
        } else {
            format!("{} / {}", bytes(size), bytes(target))
        };
        // L0 (and size-tiered runs) overlap: one sub-row per table. Deeper levels: one row.
        let overlapping = n == 0;
        let rows = if overlapping { level.len().max(1) } else { 1 };
        let h = rows as f64 * (BAR_H + 4.0) + 14.0;
        body.el("g")
            .attr("class", "level")
            .attr("data-level", &n.to_string())
            .open();
        body.el("rect")
            .attr("class", "level-bg")
            .attr("x", "4")
            .num("y", y)
            .num("width", W - 8.0)
            .num("height", h - 4.0)
            .attr("rx", "6")
            .empty();
        row_label(&mut body, "row-label", y + 18.0, &format!("L{n}"));
        row_label(&mut body, "row-sub", y + 32.0, &sub);
        body.close();
        for (i, t) in level.iter().enumerate() {
            let ty = y
                + 6.0
                + if overlapping {
                    i as f64 * (BAR_H + 4.0)
                } else {
                    0.0
                };
            let x1 = xk(t.min_key) - 5.0;
            let x2 = xk(t.max_key) + 5.0;
            let probe = probe_of(t.id);
            let mut class = String::from("sstable");
            if flushed.contains(&t.id) {
                class.push_str(" new");
            }
            if outputs.contains(&t.id) {
                class.push_str(" out");
            }
            let badge = match probe {
                Some(TableProbe::BloomNo) => {
                    class.push_str(" probe-bloomno");
                    Some("Bloom: no")
                }
                Some(TableProbe::Miss) => {
                    class.push_str(" probe-miss");
                    Some("Bloom: maybe → miss")
                }
                Some(TableProbe::Found) => {
                    class.push_str(" probe-found");
                    Some("found")
                }
                None => None,
            };
            let tip = format!(
                "SSTable #{} (L{n}): keys {}..{}, {} entries, {} tombstones, {}, Bloom filter {} bits, sparse index {} blocks",
                t.id, t.min_key, t.max_key, t.entries, t.tombstones, bytes(t.bytes), t.bloom_bits, t.sparse_index.len()
            );
            body.el("g")
                .attr("class", &class)
                .attr("data-id", &t.id.to_string())
                .open();
            body.title(&tip);
            body.el("rect")
                .num("x", x1)
                .num("y", ty)
                .num("width", (x2 - x1).max(8.0))
                .num("height", BAR_H)
                .attr("rx", "4")
                .empty();
            // Key ticks, labelled where there is room.
            let mut last_label = f64::NEG_INFINITY;
            for c in lane.file_keys(t.id).unwrap_or(&[]) {
                let x = xk(c.key);
                let room = x - last_label >= 18.0;
                if room {
                    last_label = x;
                }
                body.el("g").open();
                body.el("line")
                    .attr("class", if c.tombstone { "tick tomb" } else { "tick" })
                    .num("x1", x)
                    .num("x2", x)
                    .num("y1", ty + 2.0)
                    .num("y2", ty + if room { 8.0 } else { BAR_H - 2.0 })
                    .empty();
                if room {
                    body.el("text")
                        .attr("class", "tick-label")
                        .num("x", x)
                        .num("y", ty + BAR_H - 5.0)
                        .attr("text-anchor", "middle")
                        .text(&c.key.to_string());
                }
                body.close();
            }
            if let Some(b) = badge {
                let (bx, anchor) = if x2 + 120.0 < W {
                    (x2 + 4.0, "start")
                } else if x1 - 120.0 > X0 {
                    (x1 - 4.0, "end")
                } else {
                    (x1 + 4.0, "start")
                };
                body.el("text")
                    .attr("class", "probe-badge")
                    .num("x", bx)
                    .num("y", ty + 15.0)
                    .attr("text-anchor", anchor)
                    .text(b);
            }
            body.close();
        }
        y += h;
    }
    // Key axis labels.
    body.el("g").attr("class", "axis").open();
    body.el("text")
        .num("x", xk(lo))
        .num("y", y + 10.0)
        .attr("text-anchor", "start")
        .text(&format!("key {lo}"));
    body.el("text")
        .num("x", xk(hi))
        .num("y", y + 10.0)
        .attr("text-anchor", "end")
        .text(&format!("key {hi}"));
    body.close();
    y += 18.0;
    if let Some(m) = last.merges.last() {
        y += merge_panel(&mut body, m, y, "compaction");
    }
    let mut svg = Svg::new();
    svg.el("svg")
        .attr("class", "storage-svg lsm")
        .attr("viewBox", &format!("0 0 {} {}", fixed(W, 0), fixed(y, 0)))
        .attr("preserveAspectRatio", "xMidYMin meet")
        .attr("role", "img")
        .attr("aria-label", "LSM-tree: memtable, levels of SSTables")
        .open();
    svg.raw(&body.finish()).close();
    svg.finish()
}

fn plural_tables(n: usize) -> String {
    if n == 1 {
        "1 table".into()
    } else {
        format!("{n} tables")
    }
}
