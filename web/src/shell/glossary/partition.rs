//! The partitioning lab's glossary (DDIA ch. 6, "Partitioning"), as data: the lab places
//! [`super::Gloss`] and [`super::GlossaryList`] where it needs them.

use super::GlossEntry;

/// The partitioning lab's terms, in the order a learner meets them.
pub const PARTITION: &[GlossEntry] = &[
    GlossEntry {
        term: "partition",
        meaning: "A piece of the data set: each key belongs to exactly one partition, and each \
                  partition is stored by one node (MongoDB and Elasticsearch say shard, HBase \
                  region, Cassandra and Riak vnode).",
        source: "DDIA ch. 6, introduction",
    },
    GlossEntry {
        term: "key range",
        meaning: "Partitioning by key range: each partition holds a continuous range of keys, \
                  from some minimum to some maximum, so a range scan reads few partitions; \
                  a range that grows too big is split in two (HBase, RethinkDB).",
        source: "DDIA ch. 6, partitioning by key range",
    },
    GlossEntry {
        term: "dynamic partitioning",
        meaning: "Key ranges that split in two when they grow past a size threshold and merge \
                  when they shrink, so the number of partitions follows the data (HBase, \
                  RethinkDB); an empty database starts with one range, on one node, until the \
                  first split.",
        source: "DDIA ch. 6, dynamic partitioning",
    },
    GlossEntry {
        term: "hash mod N",
        meaning: "Placing a key on node hash(key) mod N. Even, but when N changes almost every \
                  key moves: going from N to N+1 nodes moves about N/(N+1) of them.",
        source: "DDIA ch. 6, how not to do it: hash mod N",
    },
    GlossEntry {
        term: "hash ring",
        meaning: "Consistent hashing: hash values form a circle; each node owns the arc that \
                  ends at its token (its position), so a key belongs to the first token \
                  clockwise from its hash. Adding a node moves only the keys of the arcs it takes \
                  over: 1/(N+1) of them on average, close to that only with many tokens per \
                  node; with one token it takes part of one arc (ring-60 moves 16.6 %, not 25 %).",
        source: "DDIA ch. 6, partitioning by hash of key (consistent hashing)",
    },
    GlossEntry {
        term: "vnode",
        meaning: "Virtual node: one of several tokens a physical node holds on the hash ring. \
                  More vnodes per node make the arcs, and so the load, more even, and spread a \
                  new node's share over all the others.",
        source: "DDIA ch. 6, partitioning proportionally to nodes",
    },
    GlossEntry {
        term: "token",
        meaning: "A position on the hash ring that ends a partition: the partition is the arc \
                  after the previous token up to this one, owned by the token's node; a node \
                  has one token per vnode. Here a token is a fixed hash of the node's id and \
                  the vnode's number, the same for every seed.",
        source: "DDIA ch. 6, partitioning by hash of key",
    },
    GlossEntry {
        term: "fixed partitions",
        meaning: "Many more partitions than nodes, created once (e.g. 1,000 for 10 nodes); a new \
                  node steals whole partitions from the others, and no key changes partition \
                  (Riak, Elasticsearch, Couchbase, Voldemort).",
        source: "DDIA ch. 6, fixed number of partitions",
    },
    GlossEntry {
        term: "proportional",
        meaning: "A fixed number of partitions per node (Cassandra: tokens per node): a new node \
                  picks that many random ring positions as its tokens (here hashed from its \
                  id, the same for every seed), and each splits the partition it falls in: \
                  the new node takes the part up to its token, half of it on average. \
                  Partitions are picked with a chance proportional to their size, so the new \
                  node gets about its fair 1/(n+1) of the data on average; one add can take \
                  more or less.",
        source: "DDIA ch. 6, partitioning proportionally to nodes",
    },
    GlossEntry {
        term: "rebalancing",
        meaning: "Moving load from one node to another when nodes are added or removed: the \
                  data moved should be no more than necessary, and the database keeps serving \
                  while it moves. Automatic or with an operator's approval.",
        source: "DDIA ch. 6, rebalancing partitions",
    },
    GlossEntry {
        term: "handoff",
        meaning: "Moving one group of keys to its new node: the old node copies them over \
                  and keeps serving; the coordination service flips the routing table and \
                  activates the new node; only then is the old node released, and it \
                  deletes its copy and forwards late requests. No moment without a server.",
        source: "DDIA ch. 6, rebalancing partitions; Riak's handoff",
    },
    GlossEntry {
        term: "ideal movement",
        meaning: "The least data any scheme can move and still even the nodes out: adding a \
                  node to N nodes must hand it 1/(N+1) of the data; removing one must move \
                  that node's keys and nothing else; re-weighting one must move the change \
                  in its share; ranges that split or merge as data grows must move the keys \
                  above an even share (none when the nodes were even). Moving less leaves \
                  the nodes uneven. A hot range split by hand is judged on load instead: the \
                  last batch's busiest node before, and after with the batch on the new owners.",
        source: "DDIA ch. 6, rebalancing partitions",
    },
    GlossEntry {
        term: "skew",
        meaning: "Uneven partitioning: some partitions hold more data or get more requests than \
                  others, so part of the cluster idles while a few nodes are overloaded.",
        source: "DDIA ch. 6, skewed workloads and relieving hot spots",
    },
    GlossEntry {
        term: "Zipf",
        meaning: "A skewed request distribution: the k-th most popular key is asked for in \
                  proportion to 1/k^s, so a few keys take most requests (s sets how steep); \
                  one celebrity key is its extreme.",
        source: "Zipf's law; DDIA ch. 6, skewed workloads and relieving hot spots",
    },
    GlossEntry {
        term: "hot spot",
        meaning: "A partition (or key) with disproportionately high load, e.g. the last range \
                  when keys are timestamps, or one celebrity's key.",
        source: "DDIA ch. 6, skewed workloads and relieving hot spots",
    },
    GlossEntry {
        term: "salting",
        meaning: "Appending a random suffix (one of k) to a hot key so its writes spread over k \
                  keys and partitions; a read must then fetch all k keys and combine them.",
        source: "DDIA ch. 6, skewed workloads and relieving hot spots",
    },
    GlossEntry {
        term: "routing tier",
        meaning: "A partition-aware load balancer between clients and nodes: it looks each \
                  request's key up in the routing table and forwards it to the owner (MongoDB's \
                  mongos). The other ways: ask any node, which forwards, or a partition-aware \
                  client.",
        source: "DDIA ch. 6, request routing",
    },
    GlossEntry {
        term: "routing table",
        meaning: "The map from partitions to nodes, kept by a coordination service such as \
                  ZooKeeper, which tells routers and nodes when it changes. Until the news \
                  arrives, a router's copy is stale and a request can reach the old owner.",
        source: "DDIA ch. 6, request routing",
    },
    GlossEntry {
        term: "coordination service",
        meaning: "A separate service (ZooKeeper) that keeps the cluster's authoritative \
                  metadata, such as which node owns which partition; routers and clients \
                  subscribe to it and are notified when the routing table changes (HBase, \
                  SolrCloud, Kafka).",
        source: "DDIA ch. 6, request routing",
    },
    GlossEntry {
        term: "local index",
        meaning: "Document-partitioned secondary index: each partition indexes only its own \
                  documents. A write touches one partition; a read by the indexed value must \
                  ask every partition (scatter/gather).",
        source: "DDIA ch. 6, partitioning secondary indexes by document",
    },
    GlossEntry {
        term: "global index",
        meaning: "Term-partitioned secondary index: the index itself is partitioned by the \
                  indexed value. A read asks one index partition; a write may touch several, \
                  and is usually applied asynchronously, so a read just after a write can miss \
                  it.",
        source: "DDIA ch. 6, partitioning secondary indexes by term",
    },
    GlossEntry {
        term: "scatter/gather",
        meaning: "Sending a query to every partition in parallel and merging the answers; the \
                  slowest partition decides the latency (tail latency amplification).",
        source: "DDIA ch. 6, partitioning secondary indexes by document",
    },
];
