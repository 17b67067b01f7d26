//! The values the storage lab's pictures show beside their keys (DDIA ch. 3 stores
//! key-value pairs; the engines' views carry keys only): read uncounted from what the
//! engine has on its disk, a B-tree leaf page's entries or one hash-log record.

use alloc::string::String;
use alloc::vec::Vec;

use super::btree::{BTree, BtBlock, Page, PageImage, PageNo};
use super::disk::{FileId, FileKind};
use super::engine::Key;
use super::hash_log::HashLog;
use super::lab::show_value;

/// A B-tree page's entries as `key = value` (leaves), as written on disk; empty for an
/// internal page or a page that cannot be read.
pub fn page_entries(tree: &BTree, page: PageNo) -> Vec<String> {
    let Some(file) = tree.disk().list(FileKind::PageFile).first().copied() else {
        return Vec::new();
    };
    match tree.disk().peek(file, page) {
        Some(BtBlock::Image(PageImage::Node(Page::Leaf { entries }))) => entries
            .iter()
            .map(|(k, v)| entry(*k, Some(v.as_slice())))
            .collect(),
        _ => Vec::new(),
    }
}

/// Record `no` of hash-log segment `segment` as `key = value` (`key = tombstone` for a
/// delete), if it is on disk.
pub fn record_entry(log: &HashLog, segment: FileId, no: u32) -> Option<String> {
    let r = log.disk().peek(segment, no)?;
    Some(entry(r.key, r.value.as_deref()))
}

/// One key version as `key = value`, or `key = tombstone` for a delete.
pub fn entry(key: Key, value: Option<&[u8]>) -> String {
    match value {
        Some(v) => alloc::format!("{key} = {}", show_value(v)),
        None => alloc::format!("{key} = tombstone"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::LabLink;
    use crate::storage::any_engine::AnyEngine;
    use crate::storage::lab::StorageLab;
    use crate::storage::lab_scenario::StorageScenario;

    fn lab(query: &str) -> StorageLab {
        StorageLab::new(&StorageScenario::from_query(query).unwrap())
    }

    #[test]
    fn leaf_pages_and_records_show_their_values() {
        let l = lab("engine=btree&ops=0&act=p1=Alice,p2=Bob");
        let AnyEngine::BTree(b) = l.lanes()[0].engine() else {
            panic!()
        };
        let root = b.view()[0].page;
        assert_eq!(page_entries(b, root), ["1 = \"Alice\"", "2 = \"Bob\""]);
        let l = lab("engine=hash&ops=0&act=p1=Alice,d1");
        let AnyEngine::HashLog(h) = l.lanes()[0].engine() else {
            panic!()
        };
        let seg = h.segments_view()[0].id;
        assert_eq!(record_entry(h, seg, 0).as_deref(), Some("1 = \"Alice\""));
        assert_eq!(record_entry(h, seg, 1).as_deref(), Some("1 = tombstone"));
        assert_eq!(record_entry(h, seg, 2), None);
    }
}
