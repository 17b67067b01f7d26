//! Secondary indexes on partitioned data (DDIA ch. 6, "Partitioning and Secondary
//! Indexes"): documents are partitioned by id (hash); each carries terms (say, colours)
//! a query looks up.
//!
//! - **Local** (document-partitioned) index: each partition indexes its own documents.
//!   A write touches one partition; a read by term must scatter to every partition and
//!   gather, so the slowest partition decides its latency (tail latency amplification).
//! - **Global** (term-partitioned) index: the index entries for a term live on the
//!   partition `hash(term) mod P`. A read touches one partition; a write touches its
//!   document's partition and the partition of each of its terms. The index is updated
//!   asynchronously (as in DynamoDB's global secondary indexes): an entry becomes
//!   visible `lag_us` after the write, so a read right after a write can miss it.
//!
//! Latency is simulated: each partition answers in a uniform draw from the latency
//! range, and with probability `slow_ppm` it is slow (ten times the maximum), a GC
//! pause or a busy disk. Percentiles are nearest-rank ([`percentile`]).

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use super::hash::key_hash;
use super::vec_map::{VecMap, VecSet};
use super::Key;
use crate::sim::rng::SimRng;

/// Which secondary index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndexKind {
    /// Document-partitioned: scatter/gather reads.
    Local,
    /// Term-partitioned, updated asynchronously.
    Global,
}

/// The knobs of an index run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IndexParams {
    /// Partitions.
    pub partitions: u32,
    /// Distinct terms.
    pub terms: u32,
    /// Terms per document.
    pub terms_per_doc: u32,
    /// A partition's answer time, microseconds: `lo..=hi`.
    pub latency_us: (u64, u64),
    /// Chance a partition is slow (10 × `hi`), parts per million.
    pub slow_ppm: u32,
    /// Global index: delay before a written entry is visible, microseconds.
    pub lag_us: u64,
    /// Simulated time between two operations, microseconds.
    pub gap_us: u64,
}

impl Default for IndexParams {
    /// 8 partitions, 20 terms, 2 terms per document, 1-5 ms per partition, 1% slow,
    /// a 50 ms index lag, an operation every 10 ms.
    fn default() -> Self {
        IndexParams {
            partitions: 8,
            terms: 20,
            terms_per_doc: 2,
            latency_us: (1_000, 5_000),
            slow_ppm: 10_000,
            lag_us: 50_000,
            gap_us: 10_000,
        }
    }
}

/// What one read by term did.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReadResult {
    /// The documents found.
    pub docs: Vec<Key>,
    /// Partitions asked.
    pub partitions: u32,
    /// Latency, microseconds: the slowest partition asked.
    pub latency_us: u64,
    /// Documents with the term that were written but are not visible yet.
    pub missed: u32,
    /// Each partition asked and its answer time, microseconds (the read waits for the
    /// slowest: scatter/gather).
    pub answers: Vec<(u32, u64)>,
}

/// One secondary index over partitioned documents.
#[derive(Clone, Debug)]
pub struct SecondaryIndex {
    kind: IndexKind,
    params: IndexParams,
    now: u64,
    rng: SimRng,
    /// Every document's terms (the truth).
    /// (Sorted-`Vec` maps, the storage nodes' kind: each `BTreeMap` type would be
    /// another copy of its code in the page.)
    docs: VecMap<Key, Vec<u32>>,
    /// Per partition: term -> documents, visible entries only.
    entries: Vec<VecMap<u32, VecSet<Key>>>,
    /// Global: entries waiting to become visible, `(visible_at, term, doc)` in time order.
    pending: VecDeque<(u64, u32, Key)>,
}

fn index_of(hash: u64, partitions: u32) -> usize {
    usize::try_from(hash % u64::from(partitions.max(1))).unwrap_or(0)
}

impl SecondaryIndex {
    /// An empty index of `kind`, drawing latencies from `rng`.
    pub fn new(kind: IndexKind, params: IndexParams, rng: SimRng) -> Self {
        SecondaryIndex {
            kind,
            params,
            now: 0,
            rng,
            docs: VecMap::new(),
            entries: (0..params.partitions.max(1))
                .map(|_| VecMap::new())
                .collect(),
            pending: VecDeque::new(),
        }
    }

    /// The partition holding document `doc`.
    pub fn doc_partition(&self, doc: Key) -> usize {
        index_of(key_hash(doc), self.params.partitions)
    }

    /// The partition holding the global index entries of `term`.
    pub fn term_partition(&self, term: u32) -> usize {
        index_of(key_hash(Key(u64::from(term))), self.params.partitions)
    }

    /// Simulated time now, microseconds.
    pub fn now(&self) -> u64 {
        self.now
    }

    fn tick(&mut self) {
        self.now += self.params.gap_us;
        while self.pending.front().is_some_and(|e| e.0 <= self.now) {
            if let Some((_, term, doc)) = self.pending.pop_front() {
                let p = self.term_partition(term);
                self.entries[p].entry_or_default(term).insert(doc);
            }
        }
    }

    /// Writes `doc` with `terms`; returns the partitions it touches, the document's
    /// own first, then the others in order.
    pub fn write(&mut self, doc: Key, terms: &[u32]) -> Vec<u32> {
        self.tick();
        self.docs.insert(doc, terms.to_vec());
        let home = self.doc_partition(doc);
        let mut touched = VecSet::default();
        touched.insert(super::to_u32(home));
        for &t in terms {
            match self.kind {
                IndexKind::Local => {
                    self.entries[home].entry_or_default(t).insert(doc);
                }
                IndexKind::Global => {
                    touched.insert(super::to_u32(self.term_partition(t)));
                    self.pending
                        .push_back((self.now + self.params.lag_us, t, doc));
                }
            }
        }
        let home = super::to_u32(home);
        let others = touched.iter().copied().filter(|&p| p != home);
        core::iter::once(home).chain(others).collect()
    }

    fn partition_latency(&mut self) -> u64 {
        let (lo, hi) = self.params.latency_us;
        if self.rng.chance_ppm(self.params.slow_ppm) {
            hi.max(lo) * 10
        } else {
            self.rng.range_inclusive(lo, hi)
        }
    }

    /// Reads the documents with `term`.
    pub fn read(&mut self, term: u32) -> ReadResult {
        self.tick();
        let asked: Vec<usize> = match self.kind {
            IndexKind::Local => (0..self.entries.len()).collect(),
            IndexKind::Global => alloc::vec![self.term_partition(term)],
        };
        // A document's entries live in one partition (its own, or its term's), so
        // the partitions' lists are disjoint: no set is needed to merge them.
        let mut docs = Vec::new();
        let mut answers = Vec::with_capacity(asked.len());
        for &p in &asked {
            answers.push((super::to_u32(p), self.partition_latency()));
            if let Some(d) = self.entries[p].get(&term) {
                docs.extend(d.iter().copied());
            }
        }
        let latency_us = answers.iter().map(|a| a.1).max().unwrap_or(0);
        let truth = self.docs.values().filter(|t| t.contains(&term)).count();
        ReadResult {
            missed: super::to_u32(truth.saturating_sub(docs.len())),
            docs,
            partitions: super::to_u32(asked.len()),
            latency_us,
            answers,
        }
    }
}

/// The nearest-rank `pct`-th percentile of `sorted` (ascending): the value at 1-based
/// rank `ceil(pct/100 × n)`; 0 for no samples. DDIA ch. 1, "Describing Performance".
pub fn percentile(sorted: &[u64], pct: u32) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let n = sorted.len() as u64;
    let rank = (u64::from(pct.min(100)) * n).div_ceil(100).max(1);
    sorted[usize::try_from(rank - 1).unwrap_or(0)]
}

/// What a workload did on one index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct IndexReport {
    /// Writes.
    pub writes: u32,
    /// Reads.
    pub reads: u32,
    /// Partitions touched by all writes.
    pub write_partitions: u64,
    /// Partitions touched by all reads.
    pub read_partitions: u64,
    /// Read latency percentiles p50, p95, p99 (nearest-rank), microseconds.
    pub p50_p95_p99_us: (u64, u64, u64),
    /// The empirical distribution of read latency: element `i` is the nearest-rank
    /// `(i + 1)`-th percentile, microseconds (100 values; empty before any read).
    pub quantiles_us: Vec<u64>,
    /// Reads right after a write of a document with the term: about half the reads
    /// ([`run_workload`]; the rest read a random term).
    pub reads_after_write: u32,
    /// Of [`IndexReport::reads_after_write`], those that missed the write.
    pub stale_reads: u32,
    /// The last write's partitions, its document's own first.
    pub last_write: Vec<u32>,
    /// The last read's partitions and their answer times, microseconds.
    pub last_read: Vec<(u32, u64)>,
}

/// Runs the same seeded workload on an index of `kind`: `ops` operations, every one a
/// write of a new document (random terms) followed by a read of one of its terms
/// half of the time, else a read of a random term.
pub fn run_workload(kind: IndexKind, params: IndexParams, ops: u32, seed: u64) -> IndexReport {
    let root = SimRng::new(seed);
    let mut ix = SecondaryIndex::new(kind, params, root.child(1));
    let mut draw = root.child(2);
    let terms = u64::from(params.terms.max(1));
    let mut report = IndexReport::default();
    let mut latencies = Vec::new();
    for i in 0..ops {
        let doc_terms: Vec<u32> = (0..params.terms_per_doc.max(1))
            .map(|_| u32::try_from(draw.range_inclusive(0, terms - 1)).unwrap_or(0))
            .collect();
        report.last_write = ix.write(Key(u64::from(i)), &doc_terms);
        report.write_partitions += report.last_write.len() as u64;
        report.writes += 1;
        let right_after = draw.chance_ppm(500_000);
        let term = if right_after {
            doc_terms[0]
        } else {
            u32::try_from(draw.range_inclusive(0, terms - 1)).unwrap_or(0)
        };
        let r = ix.read(term);
        report.reads += 1;
        report.read_partitions += u64::from(r.partitions);
        if right_after {
            report.reads_after_write += 1;
            if !r.docs.contains(&Key(u64::from(i))) {
                report.stale_reads += 1;
            }
        }
        latencies.push(r.latency_us);
        report.last_read = r.answers;
    }
    let latencies = super::order::sorted_by(latencies, |&us| us);
    report.p50_p95_p99_us = (
        percentile(&latencies, 50),
        percentile(&latencies, 95),
        percentile(&latencies, 99),
    );
    if !latencies.is_empty() {
        report.quantiles_us = (1..=100).map(|p| percentile(&latencies, p)).collect();
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quantiles_are_the_whole_distribution_the_percentiles_are_read_from() {
        let r = run_workload(IndexKind::Local, IndexParams::default(), 300, 7);
        assert_eq!(r.quantiles_us.len(), 100);
        assert!(r.quantiles_us.windows(2).all(|w| w[0] <= w[1]));
        let (p50, p95, p99) = r.p50_p95_p99_us;
        assert_eq!(
            (r.quantiles_us[49], r.quantiles_us[94], r.quantiles_us[98]),
            (p50, p95, p99)
        );
        assert!(run_workload(IndexKind::Local, IndexParams::default(), 0, 7)
            .quantiles_us
            .is_empty());
    }

    #[test]
    fn nearest_rank_percentiles() {
        // Ten samples: p95 is rank ceil(9.5) = 10, the largest (a floor rank would give
        // the ninth).
        let ten = [100, 150, 200, 250, 300, 350, 400, 450, 500, 1000];
        assert_eq!(percentile(&ten, 95), 1000);
        assert_eq!(percentile(&ten, 50), 300);
        assert_eq!(percentile(&ten, 0), 100);
        assert_eq!(percentile(&[], 99), 0);
    }

    #[test]
    fn local_reads_scatter_global_writes_fan_out() {
        let p = IndexParams::default();
        let local = run_workload(IndexKind::Local, p, 2_000, 7);
        let global = run_workload(IndexKind::Global, p, 2_000, 7);
        assert_eq!(
            local.read_partitions,
            8 * 2_000,
            "every local read asks all 8"
        );
        assert_eq!(global.read_partitions, 2_000, "a global read asks one");
        assert_eq!(
            local.write_partitions, 2_000,
            "a local write touches its own"
        );
        assert!(
            global.write_partitions > 2 * 2_000,
            "a global write touches its terms' too"
        );
        // One partition in 100 is slow: 1 - 0.99^8 = 7.7% of scatter/gather reads meet
        // one, so the local p95 is a slow answer; the global p95 is not.
        assert!(
            local.p50_p95_p99_us.1 > 5 * global.p50_p95_p99_us.1,
            "{local:?} {global:?}"
        );
        // The last operation of each, as the page draws it: a local read asks all 8 and
        // waits for the slowest; a global read asks one; a global write touches more.
        assert_eq!(local.last_read.len(), 8);
        assert!(local.last_read.iter().map(|a| a.0).eq(0..8));
        assert_eq!(global.last_read.len(), 1);
        assert_eq!(local.last_write.len(), 1);
        assert!(global.last_write.len() >= 2);
        let home = global.last_write[0];
        assert!(global.last_write[1..].iter().all(|&p| p != home));
        assert_eq!(local.stale_reads, 0);
        // Every read right after a write misses it on the asynchronous global index (its
        // 50 ms lag is longer than a read): the rate is of those reads, not of all reads
        // (play16i W1: 50% read as "half of them miss").
        assert!(global.reads_after_write > 0 && global.reads_after_write < global.reads);
        assert_eq!(global.stale_reads, global.reads_after_write);
        let synchronous = IndexParams { lag_us: 0, ..p };
        assert_eq!(
            run_workload(IndexKind::Global, synchronous, 500, 7).stale_reads,
            0
        );
    }
}
