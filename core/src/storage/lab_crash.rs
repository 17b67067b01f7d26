//! What the storage lab says about a crash and a recovery (DDIA ch. 3, "Making B-trees
//! reliable", and the LSM-tree's write-ahead log): the files an interrupted job left
//! half-written (orphans), what recovery did with a write that was never acknowledged,
//! and what a B-tree without a WAL loses. Read from the engines' own disks; the lab
//! ([`super::lab`]) calls these after each action.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::any_engine::AnyEngine;
use super::checker::{OpResult, Oracle};
use super::disk::{FileId, FileKind};
use super::engine::{Key, StorageEngine, Value};
use super::lab::{describe_op, key_list, show_value, Lane};
use super::lsm::LsmJob;
use super::workload::Op;

/// A file on disk that the engine before the crash did not list: the half-written
/// output of the flush, compaction or merge the crash interrupted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Orphan {
    /// File id on the engine's disk.
    pub id: FileId,
    /// Bytes written before the crash.
    pub bytes: u64,
}

/// The SSTables (LSM-tree) or segments (hash log) on `now`'s disk that `before` (the
/// same engine just before the crash) did not list, oldest first. A B-tree keeps its
/// pages in one file: none.
pub fn orphans(now: &AnyEngine, before: &AnyEngine) -> Vec<Orphan> {
    let (on_disk, listed): (Vec<FileId>, Vec<FileId>) = match (now, before) {
        (AnyEngine::Lsm(n), AnyEngine::Lsm(b)) => (
            n.disk().list(FileKind::SsTable),
            b.levels().iter().flatten().map(|t| t.id).collect(),
        ),
        (AnyEngine::HashLog(n), AnyEngine::HashLog(b)) => (
            n.disk().list(FileKind::Segment),
            b.disk().list(FileKind::Segment),
        ),
        _ => return Vec::new(),
    };
    on_disk
        .into_iter()
        .filter(|id| !listed.contains(id))
        .map(|id| Orphan {
            id,
            bytes: file_bytes(now, id),
        })
        .collect()
}

fn file_bytes(engine: &AnyEngine, id: FileId) -> u64 {
    match engine {
        AnyEngine::Lsm(l) => l.disk().file_bytes(id),
        AnyEngine::HashLog(h) => h.disk().file_bytes(id),
        AnyEngine::BTree(b) => b.disk().file_bytes(id),
    }
}

/// Sentences for a crash of `lane` that just happened in the middle of `what`:
/// `armed` when an armed disk fault fired (not the Crash button), `in_doubt` the write
/// that failed with it.
pub fn crash_notes(lane: &Lane, armed: bool, what: &str, in_doubt: Option<&Op>) -> Vec<String> {
    let mut notes = Vec::new();
    if armed {
        notes.push(format!(
            "the armed disk failed in the middle of {what}: the writes before the failing one \
             are on disk, the rest never happened"
        ));
    }
    let orphans = lane.orphans();
    if !orphans.is_empty() {
        notes.push(orphan_note(lane, &orphans));
    }
    if lane.without_wal() && armed {
        notes.push(
            "without a WAL the pages written so far are on disk and the others are not: the \
             tree may be torn"
                .into(),
        );
    }
    if let Some(op) = in_doubt {
        notes.push(format!(
            "{} was not acknowledged: its client cannot know whether it happened",
            describe_op(op)
        ));
    }
    notes
}

/// The half-written files a crash left, said for the job that wrote them: a flush (its
/// memtable is still in the WAL), a compaction (its inputs are still listed) or a
/// hash-log merge (its inputs are still on disk).
fn orphan_note(lane: &Lane, orphans: &[Orphan]) -> String {
    let files: Vec<String> = orphans
        .iter()
        .map(|o| match o.bytes {
            0 => format!("#{} (created, nothing written yet)", o.id),
            b => format!("#{} ({b} B, half-written)", o.id),
        })
        .collect();
    let files = files.join(" ");
    let job = match lane.engine() {
        AnyEngine::Lsm(l) => l.interrupted(),
        _ => None,
    };
    match (lane.engine(), job) {
        (AnyEngine::HashLog(_), _) => format!(
            "the crash interrupted a merge: segment {files} is an orphan that the index does \
             not point to; the segments it was merging are intact, and recovery deletes the \
             orphan"
        ),
        (_, Some(LsmJob::Flush)) => format!(
            "the crash interrupted the flush of the memtable: SSTable {files} is an orphan \
             that the manifest does not list; the memtable's writes are still in the WAL, so \
             recovery replays them and deletes the orphan"
        ),
        _ => format!(
            "the crash interrupted a compaction: SSTable {files} is an orphan that the \
             manifest does not list; the manifest still lists the tables it was merging, \
             intact, and recovery deletes the orphan"
        ),
    }
}

/// What [`recovery_notes`] found.
#[derive(Debug)]
pub struct Recovery {
    /// Sentences for the log.
    pub notes: Vec<String>,
    /// Acknowledged keys the crash lost (counted only without a WAL).
    pub lost: u64,
    /// Without a WAL: the oracle restarted from what survived.
    pub oracle: Option<Oracle>,
}

/// After `engine` recovered: for each write `in_doubt` (it failed in the middle of a
/// crash), whether it happened after all; without a WAL (`no_wal`), the acknowledged
/// keys of `oracle` that did not survive, and an oracle restarted from what did.
pub fn recovery_notes(
    engine: &AnyEngine,
    in_doubt: &[Op],
    oracle: &Oracle,
    no_wal: bool,
) -> Recovery {
    let mut out = Recovery {
        notes: Vec::new(),
        lost: 0,
        oracle: None,
    };
    if in_doubt.is_empty() && !no_wal {
        return out;
    }
    let now = contents(engine);
    for op in in_doubt {
        if let Some(note) = doubt_note(op, &now) {
            out.notes.push(note);
        }
    }
    if no_wal {
        let lost: Vec<Key> = oracle
            .certain()
            .into_iter()
            .filter(|(k, v)| now.get(k) != Some(v))
            .map(|(k, _)| k)
            .collect();
        if !lost.is_empty() {
            out.notes.push(format!(
                "without a WAL, {} acknowledged key{} lost {}: pages written half-way through \
                 a split are not redone, so losing these writes is the expected outcome, not a \
                 fault of the engine (DDIA ch. 3, \"Making B-trees reliable\")",
                lost.len(),
                if lost.len() == 1 { " was" } else { "s were" },
                key_list(&lost)
            ));
        }
        out.lost = lost.len() as u64;
        let mut fresh = Oracle::new();
        for (key, value) in now {
            let _ = fresh.check(&Op::Put { key, value }, &OpResult::Ack);
        }
        out.oracle = Some(fresh);
    }
    out
}

/// Every key's value (uncounted: read on a copy).
fn contents(engine: &AnyEngine) -> BTreeMap<Key, Value> {
    let mut copy = engine.clone();
    // `extend`, not `collect`: collecting into a BTreeMap adds a sort to the wasm.
    let mut all = BTreeMap::new();
    all.extend(copy.scan(0, Key::MAX).unwrap_or_default());
    all
}

/// Whether the unacknowledged write `op` happened after all, in words.
fn doubt_note(op: &Op, now: &BTreeMap<Key, Value>) -> Option<String> {
    let (key, wrote) = match op {
        Op::Put { key, value } => (*key, Some(value)),
        Op::Delete { key } => (*key, None),
        _ => return None,
    };
    let found = now.get(&key);
    let shown = found.map_or_else(|| "absent".into(), |v| show_value(v));
    Some(if found == wrote {
        format!(
            "{} was never acknowledged, yet after recovery key {key} is {shown}: its WAL record \
             reached the disk before the crash. A client that saw the failure cannot know \
             whether its write happened; only reading the key again tells (DDIA ch. 8: a \
             request without a response may or may not have been processed)",
            describe_op(op)
        )
    } else {
        format!(
            "{} was never acknowledged, and after recovery key {key} is {shown}: the write \
             did not reach the disk",
            describe_op(op)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::LabLink;
    use crate::storage::lab::{LabAction, StorageLab};
    use crate::storage::lab_scenario::StorageScenario;

    fn lab(query: &str) -> StorageLab {
        StorageLab::new(&StorageScenario::from_query(query).unwrap())
    }

    fn said(lab: &StorageLab, words: &str) -> bool {
        lab.log().any(|l| l.text.contains(words))
    }

    #[test]
    fn an_unacknowledged_put_that_recovery_keeps_is_narrated() {
        let l = lab("engine=btree&act=w20,x2,w10,r");
        let failed = l
            .log()
            .find(|x| x.text.contains("FAILED"))
            .map(|x| x.text.clone())
            .expect("a failed put");
        assert!(
            said(&l, "was not acknowledged: its client cannot know"),
            "{failed}"
        );
        assert!(said(&l, "was never acknowledged, yet after recovery"));
        assert!(l.violation().is_none());
    }

    #[test]
    fn without_a_wal_lost_keys_are_counted_not_flagged() {
        // Seed 1: the put of key 30 dies half-way through a leaf split.
        let mut l = lab("engine=btree&wal=0&act=w20,x2,w10,r");
        assert!(!said(&l, "the WAL is on disk"));
        assert!(!said(&l, "WAL records redone"));
        assert!(said(&l, "there is no WAL"));
        assert!(said(&l, "recovered without a WAL"));
        assert_eq!(l.lanes()[0].lost_keys(), 2);
        assert!(said(&l, "2 acknowledged keys were lost [68, 89]"));
        assert!(said(&l, "expected outcome"));
        l.apply(LabAction::Workload(500));
        // 21 operations ran before the crash (the rest of w10 found the engine down).
        assert_eq!(l.workload_done(), 521, "the run goes on");
        assert!(l.violation().is_none(), "{:?}", l.violation());
    }

    /// A B-tree that crashed in the middle of a split is drawn from its disk: the old
    /// leaf as rewritten (68 and 89 gone from it), the new page that no parent points
    /// to, and the parent and meta page that were only in memory, lost.
    #[test]
    fn a_torn_btree_is_drawn_as_the_disk_holds_it() {
        let l = lab("engine=btree&wal=0&act=w20,x2,w10");
        let AnyEngine::BTree(b) = l.lanes()[0].engine() else {
            panic!("not a B-tree")
        };
        assert!(b.is_crashed());
        let keys = |p: &crate::storage::btree::PageView| (p.page, p.keys.clone());
        let tree: Vec<_> = b.view().iter().map(keys).collect();
        assert!(tree.contains(&(1, alloc::vec![21, 29])), "{tree:?}");
        let stray: Vec<_> = b.unreachable_pages().iter().map(keys).collect();
        assert_eq!(stray, [(4, alloc::vec![30, 68, 89])]);
        let lost: Vec<u32> = b.unwritten().iter().map(|w| w.0).collect();
        assert_eq!(
            lost,
            [3, 0],
            "the parent and the meta page never reached the disk"
        );
        let mut l = l;
        l.apply(LabAction::Recover);
        let AnyEngine::BTree(b) = l.lanes()[0].engine() else {
            panic!("not a B-tree")
        };
        assert!(b.unwritten().is_empty());
    }

    /// A crash in the middle of a flush (put 88 fills the memtable) is narrated as a
    /// flush, with an empty orphan said to be empty, not as a compaction.
    #[test]
    fn an_interrupted_flush_is_narrated_as_a_flush() {
        let l = lab("act=w30,x3,w10");
        assert!(l.is_down());
        assert_eq!(l.lanes()[0].orphans().len(), 1);
        assert!(said(&l, "the crash interrupted the flush of the memtable"));
        assert!(said(&l, "(created, nothing written yet)"));
        assert!(!said(&l, "merging"));
        assert!(!said(&l, "0 B"));
    }

    #[test]
    fn a_crash_keeps_the_disk_in_the_picture() {
        let l = lab("act=w100,c");
        let lane = &l.lanes()[0];
        let AnyEngine::Lsm(before) = lane.on_disk().expect("down: the disk is kept") else {
            panic!("not an LSM-tree")
        };
        assert!(
            before.levels().iter().flatten().count() >= 3,
            "SSTables on disk"
        );
        assert!(
            lane.orphans().is_empty(),
            "a crash between operations leaves none"
        );
        let mut l = l;
        l.apply(LabAction::Recover);
        assert!(l.lanes()[0].on_disk().is_none());
    }

    #[test]
    fn an_interrupted_compaction_leaves_an_orphan_that_recovery_deletes() {
        let mut s = crate::storage::lab_book::find("crash-compaction")
            .unwrap()
            .scenario();
        s.position = Some(82); // w80, x3, m: the compaction has crashed
        let l = StorageLab::new(&s);
        assert!(l.is_down());
        let orphans = l.lanes()[0].orphans();
        assert!(!orphans.is_empty(), "the half-written output is on disk");
        assert!(said(&l, "the crash interrupted a compaction: SSTable #"));
        assert!(said(
            &l,
            "the armed disk failed in the middle of the compaction"
        ));
    }
}
