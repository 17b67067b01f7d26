//! The LSM-tree drawn from `Lsm::view()`: the memtable and WAL on top, then one row
//! per level with each SSTable spanning its key range on a shared key axis (ticks =
//! keys, red = tombstones), the flushed / compacted tables and the last `get`'s path
//! highlighted, and the last compaction's merge below.

use super::draw::{bytes, cell_row, cell_title, cells_per_row, merge_panel, orphan_row, W, X0};
use crate::shell::format::fixed;
use ddia_core::storage::lab::{KeyCell, Lane, ProbeStep, TableProbe};
use ddia_core::storage::{AnyEngine, CompactionStrategy, StorageEvent};
use leptos::prelude::*;

/// Height of one SSTable bar.
const BAR_H: f64 = 22.0;

/// The SVG of an LSM lane.
pub fn lsm_svg(lane: &Lane) -> AnyView {
    // While down: the tree as it was just before the crash, its memtable drawn as lost.
    let (AnyEngine::Lsm(lsm), AnyEngine::Lsm(live)) = (lane.shown(), lane.engine()) else {
        return ().into_any();
    };
    let down = lane.on_disk().is_some();
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
    // Centre-to-centre distance of two key labels that do not touch: the widest key's
    // digits in `.tick-label`'s 9-unit monospace (0.6 em a digit), plus a gap.
    let label_gap = hi.to_string().len() as f64 * 5.4 + 4.0;
    // Size-tiered runs keep room on the right for their "tier k" tag.
    let tiered = matches!(cfg.strategy, CompactionStrategy::SizeTiered { .. });
    let x_right = W - if tiered { 64.0 } else { 24.0 };
    let xk = move |k: u64| X0 + 6.0 + (k.saturating_sub(lo)) as f64 / span * (x_right - X0 - 12.0);

    let mut parts: Vec<AnyView> = Vec::new();
    // Memtable + WAL.
    let mem_cells: Vec<KeyCell> = v
        .memtable
        .iter()
        .map(|(k, seq, value)| KeyCell {
            key: *k,
            seq: *seq,
            value: value.clone(),
            kept: true,
        })
        .collect();
    let fill = (v.memtable_bytes as f64 / cfg.memtable_bytes.max(1) as f64).min(1.0);
    let mem_class = match mem_hit {
        _ if down => "memtable lost",
        Some(true) => "memtable probe-found",
        Some(false) => "memtable probe-miss",
        None => "memtable",
    };
    let mem_sub = if down {
        format!("LOST: {} entries", v.memtable.len())
    } else {
        format!(
            "{} / {}",
            bytes(v.memtable_bytes),
            bytes(cfg.memtable_bytes)
        )
    };
    parts.push(view! {
        <g class=mem_class>
            <text class="row-label" x=fixed(X0 - 8.0, 1) y="24" text-anchor="end">"memtable"</text>
            <text class="row-sub" x=fixed(X0 - 8.0, 1) y="38" text-anchor="end">
                {mem_sub}
            </text>
            <rect class="mem-fill-bg" x=fixed(X0, 1) y="44" width=fixed(x_right - X0, 1) height="4" rx="2"></rect>
            <rect class="mem-fill" x=fixed(X0, 1) y="44" width=fixed((x_right - X0) * fill, 1) height="4" rx="2"></rect>
        </g>
    }.into_any());
    parts.push(cell_row(X0, 14.0, &mem_cells, cells_per_row(), |c| {
        let mut s = String::from(if down { "mem lost " } else { "mem " });
        if c.is_tombstone() {
            s.push_str("tomb ");
        }
        if get_key == Some(c.key) {
            s.push_str("probe-found ");
        }
        s
    }));
    parts.push(view! {
        <text class="wal-label" x=fixed(x_right, 1) y="62" text-anchor="end">
            {if down {
                format!("WAL on disk: {}: recovery replays it into a new memtable", bytes(live.view().wal_bytes))
            } else {
                format!("WAL on disk: {} (replayed into the memtable after a crash)", bytes(v.wal_bytes))
            }}
        </text>
    }.into_any());

    // Levels (size-tiered: one list of runs, grouped into tiers).
    let tiers = match cfg.strategy {
        CompactionStrategy::SizeTiered { size_ratio_pct, .. } => v.levels.first().map(|runs| {
            tier_of_runs(
                &runs.iter().map(|t| t.bytes).collect::<Vec<_>>(),
                size_ratio_pct,
            )
        }),
        CompactionStrategy::Leveled { .. } => None,
    };
    let mut y = 74.0;
    for (n, level) in v.levels.iter().enumerate() {
        let size: u64 = level.iter().map(|t| t.bytes).sum();
        let target = v.level_targets.get(n).copied().unwrap_or(u64::MAX);
        let (name, sub) = if tiers.is_some() {
            (
                "runs".to_string(),
                format!("{} · {}", plural_runs(level.len()), bytes(size)),
            )
        } else if n == 0 {
            (
                format!("L{n}"),
                format!("{} · {}", plural_tables(level.len()), bytes(size)),
            )
        } else if target == u64::MAX {
            (format!("L{n}"), format!("{} / no limit", bytes(size)))
        } else {
            (
                format!("L{n}"),
                format!("{} / {}", bytes(size), bytes(target)),
            )
        };
        let last = tiers.is_none() && n > 0 && target == u64::MAX;
        // L0 (and size-tiered runs) overlap: one sub-row per table. Deeper levels: one row.
        let overlapping = n == 0;
        let rows = if overlapping { level.len().max(1) } else { 1 };
        let h = rows as f64 * (BAR_H + 4.0) + 14.0;
        parts.push(view! {
            <g class="level" data-level=n>
                <rect class="level-bg" x="4" y=fixed(y, 1) width=fixed(W - 8.0, 1) height=fixed(h - 4.0, 1) rx="6"></rect>
                <text class="row-label" x=fixed(X0 - 8.0, 1) y=fixed(y + 18.0, 1) text-anchor="end">{name}</text>
                <text class="row-sub" x=fixed(X0 - 8.0, 1) y=fixed(y + 32.0, 1) text-anchor="end">
                    {sub}
                    {last.then(|| view! { <title>"the last level has no size target: it grows with the data"</title> })}
                </text>
            </g>
        }.into_any());
        // Key labels keep `label_gap` apart along a row; a level's tables share a row.
        let mut row_label = f64::NEG_INFINITY;
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
            let mut class = String::from("sstable");
            if flushed.contains(&t.id) {
                class.push_str(" new");
            }
            if outputs.contains(&t.id) {
                class.push_str(" out");
            }
            match probe_of(t.id) {
                Some(TableProbe::BloomNo) => class.push_str(" probe-bloomno"),
                Some(TableProbe::Miss | TableProbe::Unfiltered) => {
                    class.push_str(" probe-miss");
                }
                Some(TableProbe::Found) => class.push_str(" probe-found"),
                None => {}
            }
            let cells = lane.file_keys(t.id).unwrap_or(&[]);
            let xs: Vec<f64> = cells.iter().map(|c| xk(c.key)).collect();
            let after = if overlapping {
                f64::NEG_INFINITY
            } else {
                row_label
            };
            let labelled = label_spots(&xs, after, label_gap);
            let labels: Vec<f64> = labelled.iter().map(|&i| xs[i]).collect();
            row_label = labels.last().copied().unwrap_or(after);
            let ticks: Vec<AnyView> = cells
                .iter()
                .zip(&xs)
                .enumerate()
                .map(|(i, (c, &x))| {
                    let cls = if c.is_tombstone() { "tick tomb" } else { "tick" };
                    // A tick under a label stops short of it.
                    let short = labels.iter().any(|&l| (x - l).abs() < label_gap / 2.0);
                    let label = labelled.contains(&i).then(|| view! {
                        <text class="tick-label" x=fixed(x, 1) y=fixed(ty + BAR_H - 5.0, 1) text-anchor="middle">{c.key.to_string()}</text>
                    });
                    view! {
                        <g>
                            <title>{cell_title(c)}</title>
                            <line class=cls x1=fixed(x, 1) x2=fixed(x, 1) y1=fixed(ty + 2.0, 1) y2=fixed(ty + if short { 8.0 } else { BAR_H - 2.0 }, 1)></line>
                            {label}
                        </g>
                    }
                    .into_any()
                })
                .collect();
            // A run's tier, right of its bar (where a get's badge goes when there is one).
            let tier_tag = tiers
                .as_ref()
                .and_then(|t| t.get(i))
                .filter(|_| probe_of(t.id).is_none())
                .map(|k| view! {
                    <text class="tier-tag" x=fixed(x_right + 12.0, 1) y=fixed(ty + 15.0, 1)>{format!("tier {k}")}</text>
                });
            let tip = format!(
                "SSTable #{} (L{n}): keys {}..{}, {} entries, {} tombstones, {}, Bloom filter {} bits, sparse index {} blocks",
                t.id, t.min_key, t.max_key, t.entries, t.tombstones, bytes(t.bytes), t.bloom_bits, t.sparse_index.len()
            );
            let badge = match probe_of(t.id) {
                Some(TableProbe::BloomNo) => Some("Bloom: no"),
                Some(TableProbe::Miss) => Some("Bloom: maybe → miss"),
                Some(TableProbe::Unfiltered) => Some("no filter → read, miss"),
                Some(TableProbe::Found) => Some("found"),
                None => None,
            };
            parts.push(view! {
                <g class=class data-id=t.id>
                    <title>{tip}</title>
                    <rect x=fixed(x1, 1) y=fixed(ty, 1) width=fixed((x2 - x1).max(8.0), 1) height=fixed(BAR_H, 1) rx="4"></rect>
                    {ticks}
                    {tier_tag}
                    {badge.map(|b| {
                        let (bx, anchor) = if x2 + 120.0 < W {
                            (x2 + 4.0, "start")
                        } else if x1 - 120.0 > X0 {
                            (x1 - 4.0, "end")
                        } else {
                            (x1 + 4.0, "start")
                        };
                        view! { <text class="probe-badge" x=fixed(bx, 1) y=fixed(ty + 15.0, 1) text-anchor=anchor>{b}</text> }
                    })}
                </g>
            }.into_any());
        }
        y += h;
    }
    let orphans = lane.orphans();
    if !orphans.is_empty() {
        let (row, h) = orphan_row(y, &orphans, "SSTable");
        parts.push(row);
        y += h;
    }
    // Key axis labels.
    parts.push(
        view! {
            <g class="axis">
                <text x=fixed(xk(lo), 1) y=fixed(y + 10.0, 1) text-anchor="start">{format!("key {lo}")}</text>
                <text x=fixed(xk(hi), 1) y=fixed(y + 10.0, 1) text-anchor="end">{format!("key {hi}")}</text>
            </g>
        }
        .into_any(),
    );
    y += 18.0;
    if let Some(m) = last.merges.last() {
        let (mv, h) = merge_panel(m, y, "compaction");
        parts.push(mv);
        y += h;
    }
    view! {
        <svg class="storage-svg lsm" viewBox=format!("0 0 {} {}", fixed(W, 0), fixed(y, 0)) preserveAspectRatio="xMidYMin meet" role="img" aria-label="LSM-tree: memtable, levels of SSTables">
            {parts}
        </svg>
    }
    .into_any()
}

/// Which of the tick positions `xs` (ascending) get a key label: greedily from the left,
/// each at least `gap` after the previous label, the first at least `gap` after `after`
/// (the row's last label so far). Returns the indices of the labelled positions.
fn label_spots(xs: &[f64], after: f64, gap: f64) -> Vec<usize> {
    let mut last = after;
    let mut spots = Vec::new();
    for (i, &x) in xs.iter().enumerate() {
        if x - last >= gap {
            spots.push(i);
            last = x;
        }
    }
    spots
}

/// The tier of each run (newest first): adjacent runs whose sizes stay within
/// `ratio_pct` % of each other share a tier, numbered from 1 (the newest, smallest).
/// The same similarity rule size-tiered compaction merges by.
fn tier_of_runs(sizes: &[u64], ratio_pct: u32) -> Vec<u32> {
    let mut tiers = Vec::with_capacity(sizes.len());
    let (mut tier, mut lo, mut hi) = (0u32, u64::MAX, 0u64);
    for &b in sizes {
        let (nlo, nhi) = (lo.min(b), hi.max(b));
        let similar = u128::from(nhi) * 100 <= u128::from(nlo) * u128::from(ratio_pct.max(100));
        if tier == 0 || !similar {
            tier += 1;
            (lo, hi) = (b, b);
        } else {
            (lo, hi) = (nlo, nhi);
        }
        tiers.push(tier);
    }
    tiers
}

fn plural_runs(n: usize) -> String {
    if n == 1 {
        "1 run".into()
    } else {
        format!("{n} runs")
    }
}

fn plural_tables(n: usize) -> String {
    if n == 1 {
        "1 table".into()
    } else {
        format!("{n} tables")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_their_distance_across_a_row() {
        assert_eq!(
            label_spots(&[0.0, 5.0, 20.0, 25.0, 41.0], -100.0, 20.0),
            [0, 2, 4]
        );
        // The row's previous table labelled 95: 100 is too close, 120 is not.
        assert_eq!(label_spots(&[100.0, 120.0], 95.0, 20.0), [1]);
        assert!(label_spots(&[], 0.0, 20.0).is_empty());
    }

    #[test]
    fn runs_of_similar_size_share_a_tier() {
        assert_eq!(
            tier_of_runs(&[100, 120, 90, 400, 500, 2000], 200),
            [1, 1, 1, 2, 2, 3]
        );
        assert!(tier_of_runs(&[], 200).is_empty());
    }
}
