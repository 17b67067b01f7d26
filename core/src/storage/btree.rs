//! B-tree with fixed-size pages and a redo write-ahead log (DDIA ch. 3, "B-Trees",
//! "Making B-trees reliable").
//!
//! - The tree lives in one page file: page 0 is the meta page (root page number, number
//!   of levels, next free page), every other page is a leaf (sorted key/value pairs) or
//!   an internal page (`n` separator keys, `n + 1` child pages; child `i` holds keys
//!   `k` with `keys[i-1] <= k < keys[i]`).
//! - A page holds at most `max_keys` keys. An insert into a full leaf *splits* it: the
//!   upper half moves to a new page and its first key is inserted into the parent,
//!   which may split in turn, up to the root; a root split creates a new root and the
//!   tree grows one level.
//! - Every page write rewrites a whole page of `page_bytes` bytes, whatever changed.
//!   A page whose contents are larger than one page (more keys, or larger values, than
//!   `page_bytes` holds: [`page_image_bytes`]) spills into overflow pages, as SQLite's
//!   do: its writes cost as many whole pages as its contents need, so the bytes charged
//!   are never fewer than the bytes the page holds.
//! - Deletes remove the key from its leaf; pages are never merged, so leaves may become
//!   empty (underflow), and searches stay correct because separators still bound keys.
//! - Write-ahead log: one operation (insert with all its splits, or delete) changes
//!   several pages. Before writing any page, the engine appends ONE WAL record holding
//!   the operation's redo records ([`Redo`]): the change to each page (put `key = value`
//!   into leaf `p`, split `p` at a separator into the new page `q`, add a child to `p`,
//!   the new meta page), not the pages' after-images. A page the operation creates (a
//!   split's right half, a new root) has no earlier version to change, so its contents
//!   are logged whole, as PostgreSQL's B-tree split record carries the new right page.
//!   The WAL append is atomic, so it is the commit point; recovery redoes every logged
//!   record in order on the pages as the crash left them. Each redo record is
//!   idempotent (a put overwrites, a split cuts the old page at its separator, a child
//!   already present is not added twice), which completes an operation interrupted in
//!   the middle of a split. This is DDIA ch. 3's "every write written twice": once to
//!   the log as a small record, once to the page as a whole page.
//! - Real engines log the same way, per page ("physiological" logging, ARIES), with a
//!   log sequence number in every page so that redo skips changes a page already has.
//!   Because a real page write can be torn half-way (a 16 KB page over 4 KB sectors),
//!   PostgreSQL also logs a full-page image the first time a page changes after each
//!   checkpoint (`full_page_writes`). This disk's page writes are atomic (see
//!   [`super::disk`]), so no page can be torn and no full-page image is logged.
//!   With `wal: false` a crash in the middle of a split leaves a torn tree (the lab
//!   shows the corruption).
//! - The WAL is truncated (checkpoint) once it exceeds `checkpoint_bytes`, which is safe
//!   because pages are written through before an operation is acknowledged.
//!
//! Disk-write numbering for crash injection ([`StorageEngine::crash_after_disk_writes`]
//! or [`BTree::crash_after_page_writes`]): with the WAL on, write 1 of an operation is
//! the WAL append and writes 2.. are pages, in this order: new pages created by splits
//! (bottom-up), then the modified existing pages (bottom-up), then the meta page.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::disk::{saturating_u32, Crashed, Disk, FileId, FileKind};
use super::engine::{
    user_bytes, EngineKind, Key, StorageEngine, StorageError, StorageEvent, StorageResult, Value,
    KEY_BYTES,
};
use super::engine_base::{down, EngineBase};
use super::metrics::{LiveCount, Metrics};

/// A page number in the page file (page 0 is the meta page).
pub type PageNo = u32;

/// The meta page's number.
pub const META_PAGE: PageNo = 0;

/// Encoded header of every page: type, key count, right sibling, checksum.
pub const PAGE_HEADER_BYTES: u32 = 16;

/// Encoded size of a page's contents: the header, then per leaf entry its key, a 4-byte
/// value length and the value; per internal page its separator keys and 4-byte child
/// page numbers. The meta page is its header alone.
pub fn page_image_bytes(img: &PageImage) -> u32 {
    match img {
        PageImage::Meta(_) => PAGE_HEADER_BYTES,
        PageImage::Node(p) => node_bytes(p),
    }
}

/// Encoded size of a tree page's contents ([`page_image_bytes`] of a node).
pub fn node_bytes(page: &Page) -> u32 {
    let body = match page {
        Page::Leaf { entries } => entries
            .iter()
            .map(|(_, v)| KEY_BYTES + 4 + saturating_u32(v.len()))
            .sum(),
        Page::Internal { keys, children } => {
            KEY_BYTES * saturating_u32(keys.len()) + 4 * saturating_u32(children.len())
        }
    };
    PAGE_HEADER_BYTES + body
}

/// Bytes one write of `img` costs with `page_bytes`-byte pages: whole pages, as many as
/// its contents need (at least one).
pub fn page_write_bytes(img: &PageImage, page_bytes: u32) -> u32 {
    let pb = page_bytes.max(1);
    page_image_bytes(img).div_ceil(pb).max(1).saturating_mul(pb)
}

/// Tuning knobs of the B-tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BTreeConfig {
    /// Maximum keys per page (the branching factor minus one); at least 3. Default 4.
    pub max_keys: u32,
    /// Bytes written per page write (the page size). Default 512 (4 keys of ~100-byte
    /// values; real engines use 4096-16384 with hundreds of keys per page). A page
    /// holding more costs whole overflow pages (see the module docs).
    pub page_bytes: u32,
    /// Write-ahead logging on (default) or off (crashes mid-split corrupt the tree).
    pub wal: bool,
    /// Truncate the WAL when it exceeds this many bytes. Default 65536.
    pub checkpoint_bytes: u64,
}

impl Default for BTreeConfig {
    fn default() -> Self {
        BTreeConfig {
            max_keys: 4,
            page_bytes: 512,
            wal: true,
            checkpoint_bytes: 65_536,
        }
    }
}

/// A tree page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// A leaf: sorted (key, value) pairs.
    Leaf {
        /// Entries in ascending key order.
        entries: Vec<(Key, Value)>,
    },
    /// An internal page: separator keys and child page numbers (`children.len() ==
    /// keys.len() + 1`).
    Internal {
        /// Separator keys, ascending.
        keys: Vec<Key>,
        /// Child pages.
        children: Vec<PageNo>,
    },
}

/// The meta page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MetaPage {
    /// The root page.
    pub root: PageNo,
    /// Number of levels (1 = the root is a leaf).
    pub levels: u32,
    /// Next unallocated page number.
    pub next_page: PageNo,
}

/// The content of one page slot.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PageImage {
    /// The meta page.
    Meta(MetaPage),
    /// A tree page.
    Node(Page),
}

/// One change to one page, as the B-tree's WAL logs it (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Redo {
    /// Insert or overwrite `key = value` in leaf `page`.
    Put {
        /// The leaf.
        page: PageNo,
        /// The key.
        key: Key,
        /// Its new value.
        value: Value,
    },
    /// Remove `key` from leaf `page`.
    Delete {
        /// The leaf.
        page: PageNo,
        /// The key.
        key: Key,
    },
    /// `page` split at `separator`: it keeps what lies below the separator, and the
    /// new page `new_page` holds `right` (logged whole: it is new).
    Split {
        /// The page that split.
        page: PageNo,
        /// The separator key (the right page's first key, or the key moved up).
        separator: Key,
        /// The new right page.
        new_page: PageNo,
        /// Its contents.
        right: Page,
    },
    /// Internal page `page` gains `separator` and, right of it, the child `child`.
    AddChild {
        /// The internal page.
        page: PageNo,
        /// The separator key.
        separator: Key,
        /// The new child page.
        child: PageNo,
    },
    /// A new root page, logged whole.
    NewRoot {
        /// Its page number.
        page: PageNo,
        /// Its contents.
        root: Page,
    },
    /// The new meta page.
    Meta(MetaPage),
}

/// Encoded bytes of one redo record's header: type, page number, length.
pub const REDO_HEADER_BYTES: u32 = 8;

/// Encoded bytes of a WAL record's header: LSN, record count, checksum.
pub const WAL_HEADER_BYTES: u32 = 16;

/// Encoded size of one redo record: its header and what it carries (a key and value,
/// a separator and page number, or a new page's contents).
pub fn redo_bytes(r: &Redo) -> u32 {
    let body = match r {
        Redo::Put { value, .. } => KEY_BYTES + 4 + saturating_u32(value.len()),
        Redo::Delete { .. } => KEY_BYTES,
        Redo::Split { right, .. } => KEY_BYTES + 4 + node_bytes(right),
        Redo::AddChild { .. } => KEY_BYTES + 4,
        Redo::NewRoot { root, .. } => node_bytes(root),
        Redo::Meta(_) => 12,
    };
    REDO_HEADER_BYTES + body
}

/// One WAL record: the redo records of one operation, in the order they apply.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WalRecord {
    /// Log sequence number.
    pub lsn: u64,
    /// The operation's changes, page by page.
    pub changes: Vec<Redo>,
}

/// The block type of the B-tree's disk.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BtBlock {
    /// A page of the page file.
    Image(PageImage),
    /// A WAL record.
    Wal(WalRecord),
}

/// A structural defect found by [`BTree::verify`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TreeDefect {
    /// A page that should exist is missing or not a tree page.
    MissingPage(PageNo),
    /// A key lies outside the bounds its parents' separators allow, or keys are not
    /// strictly ascending.
    KeyOutOfOrder {
        /// The page.
        page: PageNo,
        /// The key.
        key: Key,
    },
    /// Leaves at different depths.
    UnevenDepth(PageNo),
    /// A page with more than `max_keys` keys, or an internal page whose child count is
    /// not its key count + 1.
    BadShape(PageNo),
}

/// One page as drawn by the lab.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageView {
    /// Page number.
    pub page: PageNo,
    /// Depth below the root (root = 0).
    pub depth: u32,
    /// Is it a leaf?
    pub leaf: bool,
    /// Keys (separators for internal pages).
    pub keys: Vec<Key>,
    /// Children (internal pages only).
    pub children: Vec<PageNo>,
}

/// The B-tree engine. See the module docs.
#[derive(Clone, Debug)]
pub struct BTree {
    cfg: BTreeConfig,
    /// Disk, crashed flag, counters and events.
    base: EngineBase<BtBlock>,
    pagefile: FileId,
    // --- volatile state (lost on crash) ---
    wal: Option<FileId>,
    meta: Option<MetaPage>,
    next_lsn: u64,
    /// The page writes the operation a crash interrupted never made (new versions held
    /// in memory only), in write order; kept for the picture until recovery.
    unwritten: Vec<(PageNo, PageImage)>,
    /// The live data for [`StorageEngine::metrics`], kept as operations complete.
    live: LiveCount,
}

/// Changes an operation will write: new pages, modified pages, the new meta page, and
/// the redo records that log them.
#[derive(Default)]
struct Changes {
    new_pages: Vec<(PageNo, Page)>,
    modified: Vec<(PageNo, Page)>,
    meta: Option<MetaPage>,
    redo: Vec<Redo>,
}

impl BTree {
    /// A new tree with one empty leaf as root, on a fresh disk.
    pub fn new(cfg: BTreeConfig) -> Self {
        let cfg = BTreeConfig {
            max_keys: cfg.max_keys.max(3),
            ..cfg
        };
        let mut disk = Disk::new();
        let pagefile = disk.create(FileKind::PageFile).expect("fresh disk");
        let meta = MetaPage {
            root: 1,
            levels: 1,
            next_page: 2,
        };
        let pb = cfg.page_bytes;
        for (no, img) in [
            (
                1,
                PageImage::Node(Page::Leaf {
                    entries: Vec::new(),
                }),
            ),
            (META_PAGE, PageImage::Meta(meta)),
        ] {
            let bytes = page_write_bytes(&img, pb);
            disk.write(pagefile, no, BtBlock::Image(img), bytes)
                .expect("fresh disk");
        }
        let wal = if cfg.wal {
            Some(disk.create(FileKind::Wal).expect("fresh disk"))
        } else {
            None
        };
        let mut base = EngineBase::new(disk);
        base.counters.data_bytes_written = base.disk.stats().bytes_written;
        BTree {
            cfg,
            base,
            pagefile,
            wal,
            meta: Some(meta),
            next_lsn: 1,
            unwritten: Vec::new(),
            live: LiveCount::default(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &BTreeConfig {
        &self.cfg
    }

    /// The simulated disk (read-only; for drawing).
    pub fn disk(&self) -> &Disk<BtBlock> {
        &self.base.disk
    }

    /// The meta page as cached in memory (`None` while crashed).
    pub fn meta(&self) -> Option<MetaPage> {
        self.meta
    }

    /// The meta page as the page file holds it (uncounted; readable while crashed).
    pub fn meta_on_disk(&self) -> Option<MetaPage> {
        match self.base.disk.peek(self.pagefile, META_PAGE) {
            Some(BtBlock::Image(PageImage::Meta(m))) => Some(*m),
            _ => None,
        }
    }

    /// The page versions the operation a crash interrupted had in memory and never
    /// wrote (page number, contents), in write order: what the crash lost of the page
    /// file. Empty after a clean crash, and again after recovery.
    pub fn unwritten(&self) -> &[(PageNo, PageImage)] {
        &self.unwritten
    }

    /// Tree pages in the page file that no page reachable from the on-disk meta page
    /// points to (a split's new page written before its parent, by a crash without a
    /// WAL), ascending; `depth` is 0 as they hang from no parent (uncounted).
    pub fn unreachable_pages(&self) -> Vec<PageView> {
        let reachable: Vec<PageNo> = self.view().iter().map(|p| p.page).collect();
        (1..self.base.disk.len_blocks(self.pagefile))
            .filter(|no| !reachable.contains(no))
            .filter_map(|no| Some(PageView::of(no, 0, self.peek_page(no)?)))
            .collect()
    }

    /// Crash after the `k`-th *page* write of the next operation(s): the WAL append (if
    /// the WAL is on) is allowed to complete first.
    pub fn crash_after_page_writes(&mut self, k: u32) {
        let wal = u32::from(self.cfg.wal);
        self.base.disk.arm_crash_after(k + wal);
    }

    /// The cached meta page, or `Err` while down (or after a crash without WAL left
    /// the meta page unreadable).
    fn check_up(&self) -> StorageResult<MetaPage> {
        self.base.check_up()?;
        self.meta.ok_or(StorageError::Crashed)
    }

    /// Read a tree page (counted). `None` if missing or not a tree page (corruption).
    fn read_page(&mut self, no: PageNo) -> Option<Page> {
        match self.base.disk.read(self.pagefile, no) {
            Some(BtBlock::Image(PageImage::Node(p))) => Some(p.clone()),
            _ => None,
        }
    }

    fn peek_page(&self, no: PageNo) -> Option<&Page> {
        match self.base.disk.peek(self.pagefile, no) {
            Some(BtBlock::Image(PageImage::Node(p))) => Some(p),
            _ => None,
        }
    }

    /// Walk from the root to the leaf for `key`. Returns the internal pages on the path
    /// (page number, page, child index taken) and the leaf. Counts pages read.
    #[allow(clippy::type_complexity)]
    fn descend(
        &mut self,
        meta: MetaPage,
        key: Key,
    ) -> (Vec<(PageNo, Page, usize)>, Option<(PageNo, Page)>, u64) {
        let mut path = Vec::new();
        let mut no = meta.root;
        let mut reads = 0;
        for _ in 0..=meta.levels.max(1) + 64 {
            reads += 1;
            let Some(page) = self.read_page(no) else {
                return (path, None, reads);
            };
            match page {
                Page::Leaf { .. } => return (path, Some((no, page)), reads),
                Page::Internal {
                    ref keys,
                    ref children,
                } => {
                    let idx = keys.partition_point(|k| *k <= key);
                    let Some(&child) = children.get(idx) else {
                        return (path, None, reads);
                    };
                    path.push((no, page, idx));
                    no = child;
                }
            }
        }
        (path, None, reads)
    }

    /// Split an overfull leaf: returns the new right page and its separator.
    fn split_leaf(entries: &mut Vec<(Key, Value)>) -> (Key, Page) {
        let right = entries.split_off(entries.len() / 2);
        let sep = right[0].0;
        (sep, Page::Leaf { entries: right })
    }

    /// Split an overfull internal page: the middle key moves up.
    fn split_internal(keys: &mut Vec<Key>, children: &mut Vec<PageNo>) -> (Key, Page) {
        let mid = keys.len() / 2;
        let right_keys = keys.split_off(mid + 1);
        let up = keys.pop().expect("mid key");
        let right_children = children.split_off(mid + 1);
        (
            up,
            Page::Internal {
                keys: right_keys,
                children: right_children,
            },
        )
    }

    /// Plan an insert: the pages to write, with splits propagated upwards.
    fn plan_insert(
        &mut self,
        meta: MetaPage,
        path: Vec<(PageNo, Page, usize)>,
        leaf_no: PageNo,
        mut leaf: Page,
        key: Key,
        value: Value,
    ) -> Changes {
        let max = self.cfg.max_keys as usize;
        let mut ch = Changes::default();
        let mut new_meta = meta;
        let mut carry: Option<(Key, PageNo)> = None;
        if let Page::Leaf { entries } = &mut leaf {
            upsert(entries, key, value.clone());
            ch.redo.push(Redo::Put {
                page: leaf_no,
                key,
                value,
            });
            if entries.len() > max {
                let (sep, right) = Self::split_leaf(entries);
                let right_no = new_meta.next_page;
                new_meta.next_page += 1;
                self.split_event(leaf_no, right_no, sep, 0);
                ch.split(leaf_no, sep, right_no, right);
                carry = Some((sep, right_no));
            }
        }
        ch.modified.push((leaf_no, leaf));
        let mut height = 0;
        for (no, mut page, idx) in path.into_iter().rev() {
            let Some((sep, right)) = carry.take() else {
                break;
            };
            height += 1;
            if let Page::Internal { keys, children } = &mut page {
                keys.insert(idx, sep);
                children.insert(idx + 1, right);
                ch.redo.push(Redo::AddChild {
                    page: no,
                    separator: sep,
                    child: right,
                });
                if keys.len() > max {
                    let (up, rpage) = Self::split_internal(keys, children);
                    let rno = new_meta.next_page;
                    new_meta.next_page += 1;
                    self.split_event(no, rno, up, height);
                    ch.split(no, up, rno, rpage);
                    carry = Some((up, rno));
                }
            }
            ch.modified.push((no, page));
        }
        if let Some((sep, right)) = carry {
            let root_no = new_meta.next_page;
            new_meta.next_page += 1;
            let root = Page::Internal {
                keys: alloc::vec![sep],
                children: alloc::vec![new_meta.root, right],
            };
            ch.redo.push(Redo::NewRoot {
                page: root_no,
                root: root.clone(),
            });
            ch.new_pages.push((root_no, root));
            new_meta.root = root_no;
            new_meta.levels += 1;
            self.base.events.push(StorageEvent::NewRoot {
                root: root_no,
                levels: new_meta.levels,
            });
        }
        if new_meta != meta {
            ch.meta = Some(new_meta);
            ch.redo.push(Redo::Meta(new_meta));
        }
        ch
    }

    fn split_event(&mut self, page: PageNo, new_page: PageNo, separator: Key, height: u32) {
        self.base.counters.page_splits += 1;
        self.base.events.push(StorageEvent::PageSplit {
            page,
            new_page,
            separator,
            height,
        });
    }

    /// Log (if the WAL is on) and then write all pages of one operation.
    fn apply(&mut self, ch: Changes) -> Result<(), Crashed> {
        self.unwritten.clear();
        let mut writes: Vec<(PageNo, PageImage)> = Vec::new();
        for (no, p) in ch.new_pages.into_iter().chain(ch.modified) {
            writes.push((no, PageImage::Node(p)));
        }
        if let Some(m) = ch.meta {
            writes.push((META_PAGE, PageImage::Meta(m)));
        }
        if let Some(wal) = self.wal {
            let bytes = WAL_HEADER_BYTES + ch.redo.iter().map(redo_bytes).sum::<u32>();
            let rec = WalRecord {
                lsn: self.next_lsn,
                changes: ch.redo,
            };
            self.next_lsn += 1;
            if let Err(c) = self.base.disk.append(wal, BtBlock::Wal(rec), bytes) {
                self.unwritten = writes;
                return Err(c);
            }
            self.base.counters.wal_bytes_written += u64::from(bytes);
        }
        let mut pending = writes.into_iter();
        while let Some((no, img)) = pending.next() {
            if let Err(c) = self.write_page(no, img.clone()) {
                self.unwritten = core::iter::once((no, img)).chain(pending).collect();
                return Err(c);
            }
        }
        if let Some(m) = ch.meta {
            self.meta = Some(m);
        }
        self.maybe_checkpoint()
    }

    /// Write one page image in place, charged [`page_write_bytes`] as page bytes.
    fn write_page(&mut self, no: PageNo, img: PageImage) -> Result<(), Crashed> {
        let bytes = page_write_bytes(&img, self.cfg.page_bytes);
        self.base
            .disk
            .write(self.pagefile, no, BtBlock::Image(img), bytes)?;
        self.base.counters.data_bytes_written += u64::from(bytes);
        Ok(())
    }

    /// Truncate the WAL once it is larger than `checkpoint_bytes`.
    fn maybe_checkpoint(&mut self) -> Result<(), Crashed> {
        let Some(wal) = self.wal else {
            return Ok(());
        };
        if self.base.disk.file_bytes(wal) < self.cfg.checkpoint_bytes {
            return Ok(());
        }
        let fresh = self.base.disk.create(FileKind::Wal)?;
        self.base.disk.delete(wal)?;
        self.wal = Some(fresh);
        self.base.events.push(StorageEvent::WalTruncated { wal });
        Ok(())
    }

    fn put_inner(&mut self, meta: MetaPage, key: Key, value: Value) -> Result<(), Crashed> {
        let (path, leaf, _) = self.descend(meta, key);
        let Some((leaf_no, leaf)) = leaf else {
            return Ok(()); // a corrupted tree (no WAL): the write is lost
        };
        let len = value.len();
        let ch = self.plan_insert(meta, path, leaf_no, leaf, key, value);
        self.apply(ch)?;
        self.live.set(key, Some(len));
        Ok(())
    }

    fn delete_inner(&mut self, meta: MetaPage, key: Key) -> Result<(), Crashed> {
        let (_, leaf, _) = self.descend(meta, key);
        let Some((leaf_no, mut leaf)) = leaf else {
            return Ok(());
        };
        if let Page::Leaf { entries } = &mut leaf {
            if !remove(entries, key) {
                return Ok(());
            }
        }
        let ch = Changes {
            modified: alloc::vec![(leaf_no, leaf)],
            redo: alloc::vec![Redo::Delete { page: leaf_no, key }],
            ..Changes::default()
        };
        self.apply(ch)?;
        self.live.set(key, None);
        Ok(())
    }

    fn scan_page(&mut self, no: PageNo, lo: Key, hi: Key, depth: u32, out: &mut Vec<(Key, Value)>) {
        if depth > 64 {
            return;
        }
        match self.read_page(no) {
            Some(Page::Leaf { entries }) => {
                out.extend(entries.into_iter().filter(|(k, _)| lo <= *k && *k <= hi));
            }
            Some(Page::Internal { keys, children }) => {
                for (i, child) in children.iter().enumerate() {
                    let above_lo = i == keys.len() || keys[i] > lo;
                    let below_hi = i == 0 || keys[i - 1] <= hi;
                    if above_lo && below_hi {
                        self.scan_page(*child, lo, hi, depth + 1, out);
                    }
                }
            }
            None => {}
        }
    }

    /// Redo every WAL record in order, then checkpoint. Returns records replayed.
    fn redo(&mut self) -> Result<u64, Crashed> {
        let wals = self.base.disk.list(FileKind::Wal);
        let mut replayed = 0;
        for &w in &wals {
            for no in 0..self.base.disk.len_blocks(w) {
                let Some(BtBlock::Wal(rec)) = self.base.disk.read(w, no).cloned() else {
                    continue;
                };
                replayed += 1;
                self.next_lsn = self.next_lsn.max(rec.lsn + 1);
                for change in &rec.changes {
                    self.redo_change(change)?;
                }
            }
        }
        if self.cfg.wal {
            let fresh = self.base.disk.create(FileKind::Wal)?;
            for w in wals {
                self.base.disk.delete(w)?;
            }
            self.wal = Some(fresh);
        }
        Ok(replayed)
    }

    /// Redo one logged change on the page as the disk holds it (see [`Redo`]: each is
    /// idempotent). A page that cannot be read is left alone.
    fn redo_change(&mut self, change: &Redo) -> Result<(), Crashed> {
        let (no, page) = match change {
            Redo::Meta(m) => return self.write_page(META_PAGE, PageImage::Meta(*m)),
            Redo::NewRoot { page, root } => (*page, root.clone()),
            Redo::Split {
                page,
                separator,
                new_page,
                right,
            } => {
                self.write_page(*new_page, PageImage::Node(right.clone()))?;
                let Some(mut left) = self.read_page(*page) else {
                    return Ok(());
                };
                cut_at(&mut left, *separator);
                (*page, left)
            }
            Redo::Put { page, key, value } => {
                let Some(mut leaf) = self.read_page(*page) else {
                    return Ok(());
                };
                if let Page::Leaf { entries } = &mut leaf {
                    upsert(entries, *key, value.clone());
                }
                (*page, leaf)
            }
            Redo::Delete { page, key } => {
                let Some(mut leaf) = self.read_page(*page) else {
                    return Ok(());
                };
                if let Page::Leaf { entries } = &mut leaf {
                    remove(entries, *key);
                }
                (*page, leaf)
            }
            Redo::AddChild {
                page,
                separator,
                child,
            } => {
                let Some(mut node) = self.read_page(*page) else {
                    return Ok(());
                };
                if let Page::Internal { keys, children } = &mut node {
                    if !children.contains(child) {
                        let idx = keys.partition_point(|k| k <= separator);
                        keys.insert(idx, *separator);
                        children.insert(idx + 1, *child);
                    }
                }
                (*page, node)
            }
        };
        self.write_page(no, PageImage::Node(page))
    }

    fn rebuild(&mut self) -> Result<u64, Crashed> {
        self.next_lsn = 1;
        let replayed = self.redo()?;
        self.meta = match self.base.disk.read(self.pagefile, META_PAGE) {
            Some(BtBlock::Image(PageImage::Meta(m))) => Some(*m),
            _ => None,
        };
        let contents = self.peek_contents();
        self.live = LiveCount::recount(contents.into_iter().map(|(k, len)| (k, Some(len))));
        Ok(replayed)
    }

    /// Check the tree's structure (uncounted): key order within separator bounds,
    /// equal leaf depth, page shapes. Empty = healthy.
    pub fn verify(&self) -> Vec<TreeDefect> {
        let mut defects = Vec::new();
        let Some(BtBlock::Image(PageImage::Meta(meta))) =
            self.base.disk.peek(self.pagefile, META_PAGE)
        else {
            defects.push(TreeDefect::MissingPage(META_PAGE));
            return defects;
        };
        let mut leaf_depth = None;
        self.verify_page(meta.root, None, None, 0, &mut leaf_depth, &mut defects);
        defects
    }

    fn verify_page(
        &self,
        no: PageNo,
        lo: Option<Key>,
        hi: Option<Key>,
        depth: u32,
        leaf_depth: &mut Option<u32>,
        defects: &mut Vec<TreeDefect>,
    ) {
        let Some(page) = self.peek_page(no).filter(|_| depth <= 64) else {
            defects.push(TreeDefect::MissingPage(no));
            return;
        };
        let keys: Vec<Key> = match page {
            Page::Leaf { entries } => entries.iter().map(|e| e.0).collect(),
            Page::Internal { keys, .. } => keys.clone(),
        };
        if keys.len() > self.cfg.max_keys as usize {
            defects.push(TreeDefect::BadShape(no));
        }
        let mut prev: Option<Key> = None;
        for &k in &keys {
            let ordered = prev.is_none_or(|p| p < k);
            let in_bounds = lo.is_none_or(|l| l <= k) && hi.is_none_or(|h| k < h);
            if !ordered || !in_bounds {
                defects.push(TreeDefect::KeyOutOfOrder { page: no, key: k });
            }
            prev = Some(k);
        }
        match page {
            Page::Leaf { .. } => match *leaf_depth {
                None => *leaf_depth = Some(depth),
                Some(d) if d != depth => defects.push(TreeDefect::UnevenDepth(no)),
                Some(_) => {}
            },
            Page::Internal { keys, children } => {
                if children.len() != keys.len() + 1 {
                    defects.push(TreeDefect::BadShape(no));
                    return;
                }
                for (i, &c) in children.iter().enumerate() {
                    let clo = if i == 0 { lo } else { Some(keys[i - 1]) };
                    let chi = if i == keys.len() { hi } else { Some(keys[i]) };
                    self.verify_page(c, clo, chi, depth + 1, leaf_depth, defects);
                }
            }
        }
    }

    /// All pages reachable from the meta page on disk, breadth-first from the root, for
    /// drawing (uncounted). Pages are written through, so while up this is the tree;
    /// while crashed it is what the disk holds (a tree torn by a crash looks torn).
    pub fn view(&self) -> Vec<PageView> {
        let mut out = Vec::new();
        let Some(meta) = self.meta_on_disk() else {
            return out;
        };
        let mut frontier = alloc::vec![meta.root];
        let mut depth = 0;
        while !frontier.is_empty() && depth <= 64 {
            let mut next = Vec::new();
            for no in frontier {
                if let Some(page) = self.peek_page(no) {
                    if let Page::Internal { children, .. } = page {
                        next.extend(children.iter().copied());
                    }
                    out.push(PageView::of(no, depth, page));
                }
            }
            frontier = next;
            depth += 1;
        }
        out
    }

    /// Every reachable (key, value), uncounted (metrics and checkers).
    fn peek_contents(&self) -> BTreeMap<Key, usize> {
        let mut out = BTreeMap::new();
        for pv in self.view().into_iter().filter(|p| p.leaf) {
            if let Some(Page::Leaf { entries }) = self.peek_page(pv.page) {
                for (k, v) in entries {
                    out.insert(*k, v.len());
                }
            }
        }
        out
    }
}

impl Changes {
    /// `page` split at `separator` into the new page `new_no` holding `right`.
    fn split(&mut self, page: PageNo, separator: Key, new_no: PageNo, right: Page) {
        self.redo.push(Redo::Split {
            page,
            separator,
            new_page: new_no,
            right: right.clone(),
        });
        self.new_pages.push((new_no, right));
    }
}

impl PageView {
    /// Page `no` at `depth` below the root as drawn: its keys (separators of an
    /// internal page) and children.
    pub fn of(no: PageNo, depth: u32, page: &Page) -> PageView {
        let (leaf, keys, children) = match page {
            Page::Leaf { entries } => (true, entries.iter().map(|e| e.0).collect(), Vec::new()),
            Page::Internal { keys, children } => (false, keys.clone(), children.clone()),
        };
        PageView {
            page: no,
            depth,
            leaf,
            keys,
            children,
        }
    }

    /// The index of the child a lookup of `key` descends to: the number of separators
    /// `<= key` (an internal page with separators `s0 < s1 < ...` sends `key < s0` to
    /// child 0, `s0 <= key < s1` to child 1, and so on; DDIA ch. 3, "B-Trees").
    pub fn child_slot(&self, key: Key) -> usize {
        self.keys.partition_point(|k| *k <= key)
    }
}

/// The pages a lookup of `key` visits in `pages` (a [`BTree::view`], root first): from
/// the root down to the leaf where `key` is or would go, one page per level. Empty for
/// an empty view; it stops at a child the view lacks (a tree torn by a crash).
pub fn descent(pages: &[PageView], key: Key) -> Vec<&PageView> {
    let mut path = Vec::new();
    let mut at = pages.first();
    while let Some(page) = at {
        path.push(page);
        if page.leaf || path.len() > 64 {
            break;
        }
        at = page
            .children
            .get(page.child_slot(key))
            .and_then(|c| pages.iter().find(|p| p.page == *c));
    }
    path
}

/// Insert or overwrite `key = value` in sorted leaf entries.
fn upsert(entries: &mut Vec<(Key, Value)>, key: Key, value: Value) {
    match entries.binary_search_by_key(&key, |e| e.0) {
        Ok(i) => entries[i].1 = value,
        Err(i) => entries.insert(i, (key, value)),
    }
}

/// Remove `key` from sorted leaf entries; false if it was not there.
fn remove(entries: &mut Vec<(Key, Value)>, key: Key) -> bool {
    match entries.binary_search_by_key(&key, |e| e.0) {
        Ok(i) => {
            entries.remove(i);
            true
        }
        Err(_) => false,
    }
}

/// The left half of a split, redone: a leaf keeps its keys below `separator`; an
/// internal page its separators below it and one child more.
fn cut_at(page: &mut Page, separator: Key) {
    match page {
        Page::Leaf { entries } => entries.retain(|(k, _)| *k < separator),
        Page::Internal { keys, children } => {
            keys.retain(|k| *k < separator);
            children.truncate(keys.len() + 1);
        }
    }
}

impl StorageEngine for BTree {
    fn kind(&self) -> EngineKind {
        EngineKind::BTree
    }

    fn put(&mut self, key: Key, value: Value) -> StorageResult<()> {
        let meta = self.check_up()?;
        let ub = user_bytes(Some(&value));
        self.put_inner(meta, key, value).map_err(|_| down(self))?;
        self.base.count_put(ub);
        Ok(())
    }

    fn get(&mut self, key: Key) -> StorageResult<Option<Value>> {
        let meta = self.check_up()?;
        self.base.counters.gets += 1;
        let before = self.base.disk.stats().bytes_read;
        let (_, leaf, reads) = self.descend(meta, key);
        self.base.counters.get_touches += reads;
        self.base.counters.get_bytes_read += self.base.disk.stats().bytes_read - before;
        Ok(match leaf {
            Some((_, Page::Leaf { entries })) => entries
                .binary_search_by_key(&key, |e| e.0)
                .ok()
                .map(|i| entries[i].1.clone()),
            _ => None,
        })
    }

    fn delete(&mut self, key: Key) -> StorageResult<()> {
        let meta = self.check_up()?;
        self.delete_inner(meta, key).map_err(|_| down(self))?;
        self.base.count_delete();
        Ok(())
    }

    fn scan(&mut self, lo: Key, hi: Key) -> StorageResult<Vec<(Key, Value)>> {
        let meta = self.check_up()?;
        self.base.counters.scans += 1;
        let mut out = Vec::new();
        if lo <= hi {
            self.scan_page(meta.root, lo, hi, 0, &mut out);
        }
        Ok(out)
    }

    fn crash(&mut self) {
        self.meta = None;
        self.wal = None;
        self.live = LiveCount::default();
        self.base.mark_crashed();
    }

    fn recover(&mut self) -> StorageResult<()> {
        self.base.mark_up();
        self.unwritten.clear();
        let rebuilt = self.rebuild().map(|replayed| (replayed, 0));
        self.base.recovered(rebuilt).map_err(|_| down(self))
    }

    fn is_crashed(&self) -> bool {
        self.base.is_crashed()
    }

    fn crash_after_disk_writes(&mut self, k: u32) {
        self.base.crash_after_disk_writes(k);
    }

    fn metrics(&self) -> Metrics {
        let mut m = self.base.metrics();
        self.live.fill(&mut m);
        m
    }

    fn drain_events(&mut self) -> Vec<StorageEvent> {
        self.base.drain_events()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::engine::low_byte;
    use alloc::vec;

    fn tree(wal: bool) -> BTree {
        BTree::new(BTreeConfig {
            max_keys: 3,
            page_bytes: 100,
            wal,
            checkpoint_bytes: 1_000_000,
        })
    }

    /// A lookup descends root to leaf, one page a level, to the leaf that holds the
    /// key, or would: a separator equal to the key sends it right.
    #[test]
    fn descent_walks_root_to_the_keys_leaf() {
        let mut t = tree(true);
        for k in 1..=30u64 {
            t.put(k * 10, vec![low_byte(k)]).unwrap();
        }
        let pages = t.view();
        let levels = t.meta().unwrap().levels;
        assert!(levels >= 3, "{levels} levels");
        for key in [5, 10, 150, 155, 300, 999] {
            let path = descent(&pages, key);
            assert_eq!(u32::try_from(path.len()), Ok(levels), "key {key}");
            assert!(path
                .iter()
                .enumerate()
                .all(|(d, p)| u32::try_from(d) == Ok(p.depth)));
            let leaf = path.last().unwrap();
            assert!(leaf.leaf);
            let holds = leaf.keys.contains(&key);
            assert_eq!(holds, key % 10 == 0 && key <= 300, "key {key} in {leaf:?}");
        }
        let root = &pages[0];
        let s0 = root.keys[0];
        assert_eq!(root.child_slot(s0 - 1), 0);
        assert_eq!(root.child_slot(s0), 1, "equal to a separator: right of it");
        assert!(descent(&[], 5).is_empty());
    }

    #[test]
    fn split_propagates_to_a_new_root() {
        let mut t = tree(true);
        for k in 1..=4u64 {
            t.put(k * 10, vec![low_byte(k)]).unwrap();
        }
        // 4 keys > max 3: the root leaf split, a new root was made.
        assert_eq!(t.meta().unwrap().levels, 2);
        let ev = t.drain_events();
        assert!(ev.contains(&StorageEvent::PageSplit {
            page: 1,
            new_page: 2,
            separator: 30,
            height: 0
        }));
        assert!(ev.contains(&StorageEvent::NewRoot { root: 3, levels: 2 }));
        for k in 5..=30u64 {
            t.put(k * 10, vec![low_byte(k)]).unwrap();
        }
        assert!(t.meta().unwrap().levels >= 3);
        assert!(t.verify().is_empty(), "{:?}", t.verify());
        let ev = t.drain_events();
        assert!(ev
            .iter()
            .any(|e| matches!(e, StorageEvent::PageSplit { height: 1, .. })));
        assert_eq!(t.get(170).unwrap(), Some(vec![17]));
        let got: Vec<Key> = t.scan(95, 125).unwrap().iter().map(|x| x.0).collect();
        assert_eq!(got, vec![100, 110, 120]);
        // Read amplification = tree height.
        let m0 = t.metrics();
        t.get(10).unwrap();
        let m1 = t.metrics();
        assert_eq!(
            m1.get_touches - m0.get_touches,
            u64::from(t.meta().unwrap().levels)
        );
    }

    #[test]
    fn deletes_underflow_but_stay_searchable() {
        let mut t = tree(true);
        for k in 0..40u64 {
            t.put(k, vec![1]).unwrap();
        }
        for k in 0..35u64 {
            t.delete(k).unwrap();
        }
        assert!(t.verify().is_empty());
        assert_eq!(t.scan(0, 100).unwrap().len(), 5);
        assert_eq!(t.get(36).unwrap(), Some(vec![1]));
        t.put(3, vec![2]).unwrap();
        assert_eq!(t.get(3).unwrap(), Some(vec![2]));
    }

    #[test]
    fn one_byte_change_rewrites_a_whole_page() {
        let mut t = tree(false);
        t.put(1, vec![0]).unwrap();
        let m = t.metrics();
        let before = m.io.bytes_written;
        t.put(1, vec![1]).unwrap();
        assert_eq!(t.metrics().io.bytes_written - before, 100);
    }

    /// DDIA ch. 3's "written twice": a put costs one small redo record in the log (its
    /// key and value) and one whole page in the page file, not a page image twice.
    #[test]
    fn the_wal_logs_the_change_not_the_page() {
        let mut t = tree(true);
        t.put(1, vec![7; 10]).unwrap();
        let before = t.metrics();
        t.put(2, vec![7; 10]).unwrap();
        let after = t.metrics();
        let logged = after.wal_bytes_written - before.wal_bytes_written;
        assert_eq!(
            logged,
            u64::from(WAL_HEADER_BYTES + REDO_HEADER_BYTES + KEY_BYTES + 4 + 10)
        );
        let paged = after.data_bytes_written - before.data_bytes_written;
        assert_eq!(paged, 100, "one whole page");
        assert!(logged < paged);
    }

    /// Redo on pages newer than the log (the log is replayed from its start after every
    /// crash) ends where the operations ended, splits included.
    #[test]
    fn redo_onto_newer_pages_changes_nothing() {
        let mut t = tree(true);
        for k in 0..40u64 {
            t.put((k * 7) % 41, vec![low_byte(k)]).unwrap();
        }
        for k in 0..10u64 {
            t.delete(k * 3).unwrap();
        }
        let want = t.scan(0, Key::MAX).unwrap();
        let levels = t.meta().unwrap().levels;
        t.crash();
        t.recover().unwrap();
        assert!(t.verify().is_empty(), "{:?}", t.verify());
        assert_eq!(t.scan(0, Key::MAX).unwrap(), want);
        assert_eq!(t.meta().unwrap().levels, levels);
    }

    /// Insert keys until the next insert splits the root's child, then crash after
    /// `k` page writes of that insert.
    fn crash_mid_split(wal: bool, k: u32) -> (BTree, Vec<Key>) {
        let mut t = tree(wal);
        let mut keys = Vec::new();
        for key in 1..=9u64 {
            t.put(key, vec![low_byte(key)]).unwrap();
            keys.push(key);
        }
        t.drain_events();
        t.crash_after_page_writes(k);
        let r = t.put(10, vec![10]);
        assert!(r.is_err());
        (t, keys)
    }

    #[test]
    fn wal_makes_a_split_atomic() {
        for k in 0..4 {
            let (mut t, keys) = crash_mid_split(true, k);
            t.recover().unwrap();
            assert!(t.verify().is_empty(), "k={k}: {:?}", t.verify());
            for key in keys {
                assert_eq!(t.get(key).unwrap(), Some(vec![low_byte(key)]), "k={k}");
            }
            // The WAL record was durable, so redo completed the insert of 10.
            assert_eq!(t.get(10).unwrap(), Some(vec![10]));
        }
    }

    #[test]
    fn without_wal_a_crash_mid_split_loses_keys() {
        // Inserting 10 into leaf [7,8,9] splits it and the root. Page writes: new leaf
        // [9,10], new internal page, new root, old leaf now [7,8], old root, meta.
        // Crash after 4: the old leaf lost 9, but no reachable page points at [9,10].
        let (mut t, keys) = crash_mid_split(false, 4);
        t.recover().unwrap();
        let lost = keys
            .iter()
            .filter(|k| t.get(**k).unwrap().is_none())
            .count();
        assert!(lost > 0, "expected lost keys without WAL");
    }
}
