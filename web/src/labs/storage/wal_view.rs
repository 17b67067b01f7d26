//! The B-tree's write-ahead log, drawn under its pages (DDIA ch. 3, "Making B-trees
//! reliable"): how many bytes of redo records are on disk against the checkpoint size
//! that truncates them, and the truncation when it happens. The log survives a crash
//! (it is on disk), so it stays drawn while the tree is down.

use super::draw::bytes;
use crate::shell::format::fixed;
use ddia_core::storage::lab::Lane;
use ddia_core::storage::{AnyEngine, FileKind, StorageEvent};
use leptos::prelude::*;

/// What the strip says: (log bytes on disk, checkpoint bytes, truncated by the last
/// action), or `None` without a WAL.
fn wal_state(lane: &Lane) -> Option<(u64, u64, bool)> {
    let AnyEngine::BTree(b) = lane.engine() else {
        return None;
    };
    let cfg = b.config();
    if !cfg.wal {
        return None;
    }
    let disk = b.disk();
    let on_disk = disk.kind_bytes(FileKind::Wal);
    let truncated = lane
        .last()
        .events
        .iter()
        .any(|e| matches!(e, StorageEvent::WalTruncated { .. }));
    Some((on_disk, cfg.checkpoint_bytes, truncated))
}

/// The WAL strip of a B-tree lane (nothing for other engines).
pub fn wal_strip(lane: &Lane) -> Option<AnyView> {
    if !matches!(lane.engine(), AnyEngine::BTree(_)) {
        return None;
    }
    let Some((on_disk, checkpoint, truncated)) = wal_state(lane) else {
        return Some(
            view! {
                <p class="wal-strip off">
                    "No write-ahead log (wal=0): pages are written in place with nothing to redo, so a crash in the middle of a split can leave a torn tree."
                </p>
            }
            .into_any(),
        );
    };
    let fill = (on_disk as f64 / checkpoint.max(1) as f64).min(1.0) * 100.0;
    let note = if truncated {
        "checkpoint: every logged page is already in the page file, so the log was truncated"
            .to_string()
    } else {
        format!(
            "redo records since the last checkpoint; truncated at {}",
            bytes(checkpoint)
        )
    };
    Some(
        view! {
            <div class="wal-strip" class:truncated=truncated data-wal-bytes=on_disk>
                <span class="wal-name">"Write-ahead log on disk"</span>
                <span class="wal-bar" role="img" aria-label=format!("{} of {}", bytes(on_disk), bytes(checkpoint))>
                    <span class="wal-fill" style=format!("width: {}%", fixed(fill, 1))></span>
                </span>
                <span class="wal-bytes">{format!("{} / {}", bytes(on_disk), bytes(checkpoint))}</span>
                <span class="wal-note">{note}</span>
            </div>
        }
        .into_any(),
    )
}
