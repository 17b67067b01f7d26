//! Request routing (DDIA ch. 6, "Request Routing", Figure 6-7): which node does a
//! request for a key go to, three ways. The routing table (key -> partition -> node)
//! lives in a coordination service (ZooKeeper-like) with a version; whoever routes
//! holds a copy, which is stale after a rebalance until it learns the new version.
//!
//! - [`RoutingMode::AnyNode`]: the client contacts any node (round-robin); a node that
//!   does not hold the key forwards the request to the one that does (nodes learn the
//!   table from the cluster at once, as Cassandra's gossip aims to).
//! - [`RoutingMode::Tier`]: a routing tier with its own copy of the table sends the
//!   request on; a stale copy reaches the old owner, which answers "not mine", and the
//!   tier refreshes its table from the coordination service and retries.
//! - [`RoutingMode::Client`]: a partition-aware client uses its own copy; a stale copy
//!   gets "not mine" back and the request fails with an error to the application; the
//!   client then refreshes its table, so the next request goes to the right node.

use alloc::vec::Vec;

use super::{Key, NodeId, Placement};

/// Who routes requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RoutingMode {
    /// Any node, which forwards.
    #[default]
    AnyNode,
    /// A routing tier.
    Tier,
    /// A partition-aware client.
    Client,
}

impl RoutingMode {
    /// Every mode.
    pub const ALL: [RoutingMode; 3] =
        [RoutingMode::AnyNode, RoutingMode::Tier, RoutingMode::Client];

    /// The word in links (`route=`): `any`, `tier`, `client`.
    pub fn word(self) -> &'static str {
        match self {
            RoutingMode::AnyNode => "any",
            RoutingMode::Tier => "tier",
            RoutingMode::Client => "client",
        }
    }

    /// The mode a link word names.
    pub fn from_word(w: &str) -> Option<RoutingMode> {
        RoutingMode::ALL.into_iter().find(|m| m.word() == w)
    }

    /// The name in menus.
    pub fn name(self) -> &'static str {
        match self {
            RoutingMode::AnyNode => "any node forwards",
            RoutingMode::Tier => "routing tier",
            RoutingMode::Client => "partition-aware client",
        }
    }
}

/// A party a request passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// The client.
    Client,
    /// The routing tier.
    Tier,
    /// The coordination service holding the routing table.
    Coordinator,
    /// A node.
    Node(NodeId),
}

/// What one hop carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HopKind {
    /// The request for the key.
    Request,
    /// A node passing the request to the owner.
    Forward,
    /// "Not mine": the asked node does not hold the key (any more).
    NotMine,
    /// A request for the current routing table.
    Refresh,
    /// The current routing table.
    Table,
    /// The value.
    Reply,
    /// The request failed; the error goes to the application.
    Error,
}

/// One message of a request's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hop {
    /// Sender.
    pub from: Endpoint,
    /// Receiver.
    pub to: Endpoint,
    /// What it carries.
    pub kind: HopKind,
}

/// How a request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The first node asked held the key.
    Served,
    /// A node forwarded it to the owner.
    Forwarded,
    /// The router's table was stale: it refreshed and retried.
    Retried,
    /// The client's table was stale: the request failed (the client has refreshed).
    Failed,
}

/// A request's whole path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Route {
    /// The key asked for.
    pub key: Key,
    /// Who routed it.
    pub mode: RoutingMode,
    /// The messages, in order.
    pub hops: Vec<Hop>,
    /// How it ended.
    pub outcome: Outcome,
    /// The node first asked (by the table the router held, or the contacted node).
    pub asked: NodeId,
    /// The node that holds the key now.
    pub owner: NodeId,
    /// Whether the router's table must be refreshed (it was stale and learned so).
    pub refreshed: bool,
}

/// The path of a request for `key` under `mode`: `table` is the coordination service's
/// current table, `held` the router's copy (tier or client), `contact` the node an
/// any-node client contacts.
pub fn route(
    mode: RoutingMode,
    key: Key,
    table: &impl Placement,
    held: &impl Placement,
    contact: NodeId,
) -> Route {
    use Endpoint::{Client, Coordinator, Node, Tier};
    let owner = table.node_of(key);
    let hop = |from, to, kind| Hop { from, to, kind };
    let (asked, hops, outcome) = match mode {
        RoutingMode::AnyNode if contact == owner => (
            contact,
            alloc::vec![
                hop(Client, Node(owner), HopKind::Request),
                hop(Node(owner), Client, HopKind::Reply)
            ],
            Outcome::Served,
        ),
        RoutingMode::AnyNode => (
            contact,
            alloc::vec![
                hop(Client, Node(contact), HopKind::Request),
                hop(Node(contact), Node(owner), HopKind::Forward),
                hop(Node(owner), Node(contact), HopKind::Reply),
                hop(Node(contact), Client, HopKind::Reply),
            ],
            Outcome::Forwarded,
        ),
        RoutingMode::Tier => {
            let asked = held.node_of(key);
            let mut hops = alloc::vec![
                hop(Client, Tier, HopKind::Request),
                hop(Tier, Node(asked), HopKind::Request)
            ];
            let outcome = if asked == owner {
                Outcome::Served
            } else {
                hops.extend([
                    hop(Node(asked), Tier, HopKind::NotMine),
                    hop(Tier, Coordinator, HopKind::Refresh),
                    hop(Coordinator, Tier, HopKind::Table),
                    hop(Tier, Node(owner), HopKind::Request),
                ]);
                Outcome::Retried
            };
            hops.extend([
                hop(Node(owner), Tier, HopKind::Reply),
                hop(Tier, Client, HopKind::Reply),
            ]);
            (asked, hops, outcome)
        }
        RoutingMode::Client => {
            let asked = held.node_of(key);
            let mut hops = alloc::vec![hop(Client, Node(asked), HopKind::Request)];
            let outcome = if asked == owner {
                hops.push(hop(Node(owner), Client, HopKind::Reply));
                Outcome::Served
            } else {
                hops.extend([
                    hop(Node(asked), Client, HopKind::NotMine),
                    hop(Client, Client, HopKind::Error),
                    hop(Client, Coordinator, HopKind::Refresh),
                    hop(Coordinator, Client, HopKind::Table),
                ]);
                Outcome::Failed
            };
            (asked, hops, outcome)
        }
    };
    Route {
        key,
        mode,
        hops,
        outcome,
        asked,
        owner,
        refreshed: matches!(outcome, Outcome::Retried | Outcome::Failed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partition::hash_mod::HashMod;

    /// A key whose owner differs between `a` and `b`.
    fn moved_key(a: &HashMod, b: &HashMod) -> Key {
        (0..)
            .map(Key)
            .find(|&k| a.node_of(k) != b.node_of(k))
            .unwrap()
    }

    #[test]
    fn a_stale_table_is_forwarded_retried_or_an_error_by_mode() {
        let old = HashMod::new(&[NodeId(1), NodeId(2), NodeId(3)]);
        let mut new = old.clone();
        new.add_node(NodeId(4)).unwrap();
        let k = moved_key(&old, &new);
        let owner = new.node_of(k);
        let tier = route(RoutingMode::Tier, k, &new, &old, NodeId(1));
        assert_eq!(tier.outcome, Outcome::Retried);
        assert_eq!(tier.asked, old.node_of(k));
        assert!(tier.hops.contains(&Hop {
            from: Endpoint::Node(tier.asked),
            to: Endpoint::Tier,
            kind: HopKind::NotMine
        }));
        assert_eq!(tier.hops.last().unwrap().kind, HopKind::Reply);
        let client = route(RoutingMode::Client, k, &new, &old, NodeId(1));
        assert_eq!(client.outcome, Outcome::Failed);
        assert!(client.refreshed);
        assert!(
            client.hops.iter().all(|h| h.to != Endpoint::Node(owner)),
            "never reaches the owner"
        );
        let fresh = route(RoutingMode::Client, k, &new, &new, NodeId(1));
        assert_eq!(
            (fresh.outcome, fresh.hops.len(), fresh.refreshed),
            (Outcome::Served, 2, false)
        );
        let other = if owner == NodeId(1) {
            NodeId(2)
        } else {
            NodeId(1)
        };
        let any = route(RoutingMode::AnyNode, k, &new, &old, other);
        assert_eq!(any.outcome, Outcome::Forwarded);
        assert_eq!(
            route(RoutingMode::AnyNode, k, &new, &old, owner).outcome,
            Outcome::Served
        );
    }
}
