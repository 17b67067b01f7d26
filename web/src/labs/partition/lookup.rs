//! One key looked up: its hash, its ring angle, its partition and the keys that
//! partition covers, its owner, and whether the last add or remove moved it (DDIA ch. 6:
//! key -> partition -> node). What the inspector shows and what the picture marks.

use ddia_core::partition::hash::{degrees, key_hash};
use ddia_core::partition::{Key, NodeId, PartitionId, PartitionSession, Placement, Span};

/// What the lab knows about one key.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    /// The key.
    pub key: Key,
    /// Its hash (XXH3-64; ring position).
    pub hash: u64,
    /// Its ring angle, degrees clockwise from the top.
    pub deg: f64,
    /// Its partition.
    pub partition: PartitionId,
    /// The keys (or hashes) that partition covers.
    pub span: Span,
    /// The node holding it.
    pub owner: NodeId,
    /// Whether the key is in the lab's key set (any key can be looked up).
    pub stored: bool,
    /// The node it left in the last add or remove, if it moved.
    pub moved_from: Option<NodeId>,
}

/// The one-line answer beside the picture: `key 96 → P3 on N2 (moved from N1)`.
pub fn brief(l: &Lookup) -> String {
    let moved = l
        .moved_from
        .map(|f| format!(" (moved from {f})"))
        .unwrap_or_default();
    format!("key {} → {} on {}{moved}", l.key.0, l.partition, l.owner)
}

/// Looks `key` up in `session`'s current placement.
pub fn lookup(session: &PartitionSession, key: Key) -> Lookup {
    let placement = session.placement();
    let (partition, owner) = placement.locate(key);
    let span = placement
        .partitions()
        .into_iter()
        .find(|p| p.id == partition)
        .map_or(
            Span::Keys {
                from: Key(0),
                to: None,
            },
            |p| p.span,
        );
    let hash = key_hash(key);
    let stored = session
        .keys()
        .records()
        .binary_search_by_key(&key, |r| r.key)
        .is_ok();
    let moved_from = session
        .last_move()
        .and_then(|m| m.moves.iter().find(|mv| mv.key == key))
        .map(|mv| mv.from);
    Lookup {
        key,
        hash,
        deg: degrees(hash),
        partition,
        span,
        owner,
        stored,
        moved_from,
    }
}

/// The span in words, e.g. `hash mod 10 = 3`, `ring arc (120.0°, 240.0°]` or `keys
/// 100..200`.
pub fn describe_span(span: &Span) -> String {
    use crate::shell::format::fixed;
    match *span {
        Span::Residue { modulus, residue } => format!("hash mod {modulus} = {residue}"),
        Span::Arc { after, upto } if after == upto => "the whole ring".into(),
        Span::Arc { after, upto } => format!(
            "ring arc ({}°, {}°]",
            fixed(degrees(after), 1),
            fixed(degrees(upto), 1)
        ),
        Span::Keys { from, to: Some(to) } => format!("keys {}..{}", from.0, to.0),
        Span::Keys { from, to: None } => format!("keys {} and up", from.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::partition::{KeySet, PlacementConfig};

    #[test]
    fn a_key_is_found_with_its_partition_and_owner() {
        let mut s =
            PartitionSession::new(PlacementConfig::default(), 4, KeySet::sequential(400, 8));
        let l = lookup(&s, Key(17));
        assert!(l.stored);
        assert_eq!(l.owner, s.placement().node_of(Key(17)));
        assert!(l.span.contains(Key(17)));
        assert_eq!(l.hash, key_hash(Key(17)));
        assert!(!lookup(&s, Key(10_000)).stored);
        s.add_node().unwrap();
        let moved = s.last_move().unwrap().moves[0];
        let l = lookup(&s, moved.key);
        assert_eq!((l.moved_from, l.owner), (Some(moved.from), moved.to));
    }

    #[test]
    fn spans_in_words() {
        use ddia_core::partition::hash::at_degrees;
        assert_eq!(
            describe_span(&Span::Residue {
                modulus: 10,
                residue: 3
            }),
            "hash mod 10 = 3"
        );
        let arc = Span::Arc {
            after: at_degrees(0),
            upto: at_degrees(60),
        };
        assert_eq!(describe_span(&arc), "ring arc (0.0°, 60.0°]");
        assert_eq!(
            describe_span(&Span::Arc { after: 3, upto: 3 }),
            "the whole ring"
        );
        assert_eq!(
            describe_span(&Span::Keys {
                from: Key(5),
                to: Some(Key(9))
            }),
            "keys 5..9"
        );
        assert_eq!(
            describe_span(&Span::Keys {
                from: Key(5),
                to: None
            }),
            "keys 5 and up"
        );
    }
}
