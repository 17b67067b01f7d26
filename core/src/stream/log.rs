//! A topic partition: an append-only log of events with offsets, trimmed from the front
//! by retention (DDIA ch. 11, "Partitioned Logs": "within each partition, the broker
//! assigns a monotonically increasing sequence number, or offset, to every message";
//! "Disk space usage": old segments are deleted once the log exceeds its retention).

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::partition::hash::key_hash;
use crate::partition::Key;

/// One event as a producer made it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Event {
    /// Unique id (the producer's sequence number), the sink's idempotency key.
    pub id: u64,
    /// The partitioning key.
    pub key: u64,
    /// Event time: the producer's clock when the event happened, µs.
    pub event_us: u64,
    /// The payload: an amount added to the key's aggregate.
    pub value: i64,
}

/// An event stored in a partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Record {
    /// Its position in the partition, from 0, never reused.
    pub offset: u64,
    /// The event.
    pub event: Event,
    /// When the broker appended it (its processing time at the broker), µs.
    pub appended_us: u64,
}

/// How long a partition keeps records: whichever limit is hit first trims the oldest
/// (0 = no limit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Retention {
    /// Most records kept per partition (size-based retention, in records).
    pub max_records: u64,
    /// Oldest record kept, µs of simulated time since it was appended.
    pub max_age_us: u64,
}

/// The partition of `key` among `partitions`: the partitioning lab's key hash
/// ([`key_hash`], XXH3-64) mod the partition count, as Kafka's default partitioner
/// hashes the key (murmur2) mod the partition count. `partitions` must be non-zero.
pub fn partition_of(key: u64, partitions: u32) -> u32 {
    let p = key_hash(Key(key)) % u64::from(partitions.max(1));
    u32::try_from(p).unwrap_or(0)
}

/// One partition's log: records `start..end` by offset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PartitionLog {
    start: u64,
    records: VecDeque<Record>,
}

impl PartitionLog {
    /// The offset the next record gets (the log-end offset, or high-water mark).
    pub fn end(&self) -> u64 {
        self.start + self.records.len() as u64
    }

    /// The oldest offset still stored (the log-start offset).
    pub fn start(&self) -> u64 {
        self.start
    }

    /// The stored records, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &Record> + '_ {
        self.records.iter()
    }

    /// Appends `event` at time `now_us`; returns its offset.
    pub fn append(&mut self, event: Event, now_us: u64) -> u64 {
        let offset = self.end();
        self.records.push_back(Record {
            offset,
            event,
            appended_us: now_us,
        });
        offset
    }

    /// Up to `max` records from `from` on. A `from` below the log start (trimmed by
    /// retention) reads from the log start instead, as Kafka's `auto.offset.reset =
    /// earliest` does; the first offset read is returned with the records.
    pub fn read(&self, from: u64, max: usize) -> (u64, Vec<Record>) {
        let first = from.max(self.start);
        let skip = usize::try_from(first - self.start).unwrap_or(usize::MAX);
        (
            first,
            self.records.iter().skip(skip).take(max).copied().collect(),
        )
    }

    /// Deletes the oldest records beyond `retention` at time `now_us`; returns how many.
    pub fn trim(&mut self, retention: Retention, now_us: u64) -> u64 {
        let mut trimmed = 0;
        while let Some(oldest) = self.records.front() {
            let too_many =
                retention.max_records > 0 && self.records.len() as u64 > retention.max_records;
            let too_old = retention.max_age_us > 0
                && now_us.saturating_sub(oldest.appended_us) > retention.max_age_us;
            if !(too_many || too_old) {
                break;
            }
            self.records.pop_front();
            self.start += 1;
            trimmed += 1;
        }
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: u64) -> Event {
        Event {
            id,
            key: id,
            event_us: id,
            value: 1,
        }
    }

    #[test]
    fn offsets_grow_and_retention_trims_the_front() {
        let mut log = PartitionLog::default();
        for i in 0..5 {
            assert_eq!(log.append(ev(i), i * 10), i);
        }
        let by_size = Retention {
            max_records: 3,
            max_age_us: 0,
        };
        assert_eq!(log.trim(by_size, 40), 2);
        assert_eq!((log.start(), log.end()), (2, 5));
        assert_eq!(log.read(0, 2).0, 2, "a trimmed offset reads from the start");
        assert_eq!(log.read(3, 9).1.len(), 2);
        let by_age = Retention {
            max_records: 0,
            max_age_us: 15,
        };
        assert_eq!(
            log.trim(by_age, 40),
            1,
            "only the record appended at 20 is too old"
        );
        assert_eq!(log.read(0, 9).1[0].offset, 3);
    }

    #[test]
    fn a_key_always_lands_in_the_same_partition() {
        let spread: alloc::collections::BTreeSet<u32> =
            (0..100).map(|k| partition_of(k, 4)).collect();
        assert_eq!(spread.len(), 4);
        assert!(
            (0..100).all(|k| partition_of(k, 4) == partition_of(k, 4) && partition_of(k, 4) < 4)
        );
        assert_eq!(partition_of(7, 0), 0);
    }
}
