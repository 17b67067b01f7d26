//! The Raft lab's glossary (Ongaro & Ousterhout 2014, "Raft §N"; DDIA ch. 8-9).

use super::GlossEntry;

/// The Raft lab's terms, in the order a learner meets them.
pub const RAFT: &[GlossEntry] = &[
    GlossEntry {
        term: "term",
        meaning: "A numbered period with at most one leader. Every message carries its sender's \
                  term; a server that sees a higher term adopts it and becomes a follower, so an \
                  old leader's messages are refused (the term acts as a fencing token).",
        source: "Raft §5.1; DDIA ch. 8, fencing tokens",
    },
    GlossEntry {
        term: "majority",
        meaning:
            "More than half of all servers ({majority}). A candidate needs a majority of votes \
                  to lead, and an entry is committed once a majority stores it; any two \
                  majorities share a server, which is why two leaders cannot decide differently.",
        source: "Raft §5.2, §5.3; DDIA ch. 9",
    },
    GlossEntry {
        term: "election timeout",
        meaning: "How long a follower waits without hearing from a leader before it becomes a \
                  candidate and starts an election. Drawn at random from a range (the ring around \
                  a server shows what is left) so that one server usually times out first.",
        source: "Raft §5.2",
    },
    GlossEntry {
        term: "heartbeat",
        meaning: "An AppendEntries message without entries that a leader sends every heartbeat \
                  interval to keep followers from timing out. It must be much shorter than the \
                  election timeout.",
        source: "Raft §5.2, §5.6",
    },
    GlossEntry {
        term: "split vote",
        meaning: "Two or more candidates stand in the same term and none gets a majority; the \
                  term ends without a leader and the next timeout starts a new election.",
        source: "Raft §5.2",
    },
    GlossEntry {
        term: "log entry",
        meaning: "A command (x=5) with the term of the leader that received it, at an index. \
                  A solid cell is committed, a hollow one not yet; the colour is its term.",
        source: "Raft §5.3",
    },
    GlossEntry {
        term: "commitIndex",
        meaning: "The highest log index a server knows to be committed: stored on a majority, so \
                  it will never be lost or changed. The leader advances it; followers learn it \
                  from the next AppendEntries.",
        source: "Raft §5.3, Figure 2",
    },
    GlossEntry {
        term: "no-op",
        meaning:
            "The entry without a command (a dot in the log table) a new leader appends at the \
                  start of its term: once it commits, the leader knows what is committed, and \
                  any earlier entry still uncommitted commits with it, because a leader never \
                  commits an older term's entry by counting copies.",
        source: "Raft §5.4.2, §8",
    },
    GlossEntry {
        term: "matchIndex",
        meaning: "For each follower, the highest index the leader knows that follower stores. \
                  The leader commits an index once a majority's matchIndex reaches it.",
        source: "Raft Figure 2",
    },
    GlossEntry {
        term: "nextIndex",
        meaning: "For each follower, the next index the leader will send. A follower that \
                  rejects AppendEntries (its log differs) makes the leader step nextIndex back.",
        source: "Raft §5.3",
    },
    GlossEntry {
        term: "RequestVote",
        meaning: "The message a candidate sends to ask for votes. A server grants at most one \
                  vote per term, and only to a candidate whose log is at least as up to date.",
        source: "Raft §5.2, §5.4.1",
    },
    GlossEntry {
        term: "AppendEntries",
        meaning: "The message a leader sends to replicate entries (or, empty, as a heartbeat). \
                  It names the entry just before the new ones; a follower whose log lacks it \
                  refuses, so logs that agree at an index agree before it.",
        source: "Raft §5.3",
    },
    GlossEntry {
        term: "partition",
        meaning: "The network splits: servers on one side cannot reach the other. Only the side \
                  with a majority can elect a leader and commit.",
        source: "DDIA ch. 8, network faults; Raft §5",
    },
    GlossEntry {
        term: "clock skew",
        meaning: "A server's clock reads ahead of or behind the others. Raft's timers measure \
                  durations on the server's own clock, so a steady offset changes nothing: \
                  safety never depends on clocks.",
        source: "DDIA ch. 8, unreliable clocks; Raft §5.6",
    },
    GlossEntry {
        term: "clock drift",
        meaning:
            "A clock that runs fast or slow, in parts per million (ppm; a quartz clock drifts \
                  by tens to hundreds). A fast clock ends its timeouts sooner in real time, so \
                  its server starts elections more often; votes and terms keep Raft safe.",
        source: "DDIA ch. 8, unreliable clocks",
    },
];
