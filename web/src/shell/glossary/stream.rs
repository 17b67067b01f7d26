//! The stream lab's glossary (DDIA ch. 11, "Stream Processing", and ch. 12), as data:
//! the lab places [`super::Gloss`] and [`super::GlossaryList`] where it needs them.

use super::GlossEntry;

/// The stream lab's terms, in the order a learner meets them.
pub const STREAM: &[GlossEntry] = &[
    GlossEntry {
        term: "partition",
        meaning: "One append-only log of a topic. A producer sends each event to the partition \
                  its key hashes to, so the events of one key stay in order; partitions are \
                  read in parallel by different consumers.",
        source: "DDIA ch. 11, partitioned logs",
    },
    GlossEntry {
        term: "offset",
        meaning: "A record's position in its partition, increasing by one per record. A consumer \
                  only has to remember the offset it has reached in each partition.",
        source: "DDIA ch. 11, consumer offsets",
    },
    GlossEntry {
        term: "committed offset",
        meaning: "The offset a consumer group has recorded with the broker as done: every record \
                  before it has been processed. After a crash or a rebalance, reading resumes \
                  there, so work after it is done again and work before it is never repeated.",
        source: "DDIA ch. 11, consumer offsets",
    },
    GlossEntry {
        term: "consumer group",
        meaning: "Consumers sharing the work of reading a topic: each partition is assigned to \
                  one member, which reads it in order. More members than partitions leaves some \
                  idle.",
        source: "DDIA ch. 11, multiple consumers",
    },
    GlossEntry {
        term: "rebalance",
        meaning: "Reassigning partitions when a consumer joins, leaves or is declared dead for \
                  missing heartbeats for a session timeout. The group pauses until the new \
                  assignment is in place; a partition's new owner starts at its committed offset.",
        source: "DDIA ch. 11, consumer offsets; Kafka group protocol",
    },
    GlossEntry {
        term: "consumer lag",
        meaning: "Records a partition's log end is ahead of the group's committed offset: how far \
                  behind the consumer is.",
        source: "DDIA ch. 11, disk space usage / consumer lag",
    },
    GlossEntry {
        term: "at-most-once",
        meaning: "Commit the offset before writing the effects: a crash in between loses the \
                  batch's effects (never duplicated, maybe lost).",
        source: "DDIA ch. 11, fault tolerance",
    },
    GlossEntry {
        term: "at-least-once",
        meaning: "Write the effects, then commit the offset: a crash in between makes the group \
                  process the batch again, so its effects are written twice (never lost, maybe \
                  duplicated).",
        source: "DDIA ch. 11, fault tolerance",
    },
    GlossEntry {
        term: "exactly-once",
        meaning: "Effectively once: every event's effect is in the output once despite crashes \
                  and retries, by an idempotent sink or by committing the output and the offset \
                  in one atomic transaction.",
        source: "DDIA ch. 11, exactly-once semantics; ch. 12, the end-to-end argument",
    },
    GlossEntry {
        term: "idempotent sink",
        meaning: "A sink that stores each effect keyed by its event id and ignores an id it \
                  already holds, so writing a batch again changes nothing.",
        source: "DDIA ch. 11, idempotence",
    },
    GlossEntry {
        term: "event time",
        meaning: "When the event happened, stamped by its producer. Windows group events by event \
                  time, so a result does not depend on how late the events arrive.",
        source: "DDIA ch. 11, event time versus processing time",
    },
    GlossEntry {
        term: "processing time",
        meaning: "When the stream processor handles the event: here, when a consumer of the \
                  group has written its effect and its window update to the sink. Delays, \
                  retries, stragglers, a lagging or crashed consumer make it lag event time by \
                  different amounts, so events arrive out of order, and a backlog makes \
                  processing time jump.",
        source: "DDIA ch. 11, event time versus processing time",
    },
    GlossEntry {
        term: "watermark",
        meaning: "The operator's belief that no event older than it will arrive: per partition, \
                  the newest event time seen minus the out-of-orderness bound (and 1 µs); the operator's \
                  watermark is the minimum over its partitions. A window fires when the \
                  watermark passes its end.",
        source: "DDIA ch. 11, knowing when you're ready; Flink BoundedOutOfOrdernessWatermarks",
    },
    GlossEntry {
        term: "idle timeout",
        meaning: "A partition without events processed for this long (processing time) is left \
                  out of the watermark's minimum. Without it, one silent partition holds the watermark back and no \
                  window ever fires.",
        source: "DDIA ch. 11, knowing when you're ready; Flink withIdleness",
    },
    GlossEntry {
        term: "late event",
        meaning: "An event whose window has already fired: the watermark passed the window's \
                  end before the event arrived. An event behind the watermark whose window is \
                  still open is not late: it is simply counted. Within the allowed lateness a \
                  late event corrects its window (a retraction and a corrected result); beyond \
                  it the late policy drops it, sends it to a side output, or (update) corrects \
                  its window all the same, as if the lateness were unlimited.",
        source: "DDIA ch. 11, knowing when you're ready",
    },
    GlossEntry {
        term: "allowed lateness",
        meaning: "How long a fired window keeps its state: until the watermark passes its end \
                  plus the lateness, a late event still corrects its result (a late firing), \
                  under every late policy; after that Flink purges the window, and late events \
                  are dropped or sent to the side output. The update policy keeps every \
                  window's state, so under it the lateness changes nothing.",
        source: "DDIA ch. 11, knowing when you're ready; Flink allowedLateness",
    },
    GlossEntry {
        term: "window state",
        meaning: "The windowing operator's partial results. Here each event's window update \
                  is written with its effect, as a state store's changelog is written with the \
                  outputs: a crash loses the updates not yet written, at-least-once \
                  reprocessing counts an event twice, at-most-once may lose it, exactly-once \
                  counts it once, and a replay from offset 0 delivers the events again, now \
                  behind the watermark (late).",
        source: "DDIA ch. 11, rebuilding state after a failure; Kafka Streams state stores",
    },
    GlossEntry {
        term: "straggler",
        meaning: "An event held back much longer than the others (a phone offline, a slow \
                  network path), so it arrives long after events that happened later.",
        source: "DDIA ch. 11, knowing when you're ready",
    },
    GlossEntry {
        term: "tumbling window",
        meaning: "Fixed length, no overlap: every event belongs to exactly one window, e.g. \
                  [0, 100) ms, [100, 200) ms ([ includes, ) excludes).",
        source: "DDIA ch. 11, types of windows",
    },
    GlossEntry {
        term: "hopping window",
        meaning: "Fixed length, starting every slide: windows overlap when the slide is shorter \
                  than the size, and an event counts in each window that covers it.",
        source: "DDIA ch. 11, types of windows",
    },
    GlossEntry {
        term: "sliding window",
        meaning: "All events within the window's length of each other: here, one window per \
                  event, ending at it inclusive, e.g. (760, 860] ms. A late event is dropped \
                  only when every window that can hold it is past its close (end plus \
                  allowed lateness), including a later event's window not made yet.",
        source: "DDIA ch. 11, types of windows; Kafka Streams' SlidingWindows",
    },
    GlossEntry {
        term: "session window",
        meaning: "No fixed length: a key's events closer than the gap form one session; a quiet \
                  spell longer than the gap ends it.",
        source: "DDIA ch. 11, types of windows",
    },
    GlossEntry {
        term: "derived view",
        meaning: "Data computed from the log, here each key's sum in the sink. Because the log is \
                  kept, a new reader can build a fresh v2 view by replaying it from offset 0 \
                  beside the live one, catch up, and be compared with it (or replace it).",
        source: "DDIA ch. 11, replaying old messages; ch. 12, derived data",
    },
];
