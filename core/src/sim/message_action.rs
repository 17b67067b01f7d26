//! A learner's hand on one message in flight (issue 18; RaftScope and Oddity allow it):
//! drop it, send it again or hold it back. One type for every network lab, so each
//! lab's link writes the same verbs (`D<id>`, `U<id>`, `H<id>/<µs>`) and its event log
//! the same sentence.

use super::action::Action;
use super::trace::MsgId;
use crate::link::query::{decimal, digits};
use alloc::format;
use alloc::string::String;

/// What a learner does to message `MsgId` (a kernel [`Action`] once applied).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageAction {
    /// `D<id>`: it vanishes now ([`Action::DropMessage`]).
    Drop(MsgId),
    /// `U<id>`: a second copy leaves its sender now ([`Action::DuplicateMessage`]).
    Duplicate(MsgId),
    /// `H<id>/<µs>`: it arrives `for_us` µs later ([`Action::HoldMessage`]).
    Hold {
        /// The message.
        msg: MsgId,
        /// The delay, µs.
        for_us: u64,
    },
}

impl MessageAction {
    /// The kernel action.
    pub fn action<R>(self) -> Action<R> {
        match self {
            MessageAction::Drop(id) => Action::DropMessage(id),
            MessageAction::Duplicate(id) => Action::DuplicateMessage(id),
            MessageAction::Hold { msg, for_us } => Action::HoldMessage { msg, for_us },
        }
    }

    /// The message action a kernel action is, if it is one.
    pub fn of<R>(a: &Action<R>) -> Option<Self> {
        match *a {
            Action::DropMessage(id) => Some(MessageAction::Drop(id)),
            Action::DuplicateMessage(id) => Some(MessageAction::Duplicate(id)),
            Action::HoldMessage { msg, for_us } => Some(MessageAction::Hold { msg, for_us }),
            _ => None,
        }
    }

    /// The link verb: `D12`, `U12`, `H12/500000`.
    pub fn verb(self) -> String {
        match self {
            MessageAction::Drop(id) => format!("D{id}"),
            MessageAction::Duplicate(id) => format!("U{id}"),
            MessageAction::Hold { msg, for_us } => format!("H{msg}/{for_us}"),
        }
    }

    /// Reads a verb [`MessageAction::verb`] wrote; `None` if it is not one.
    pub fn parse(verb: &str) -> Option<Self> {
        let rest = verb.get(1..)?;
        Some(match verb.as_bytes().first()? {
            b'D' => MessageAction::Drop(digits(rest)?),
            b'U' => MessageAction::Duplicate(digits(rest)?),
            b'H' => {
                let (msg, us) = rest.split_once('/')?;
                MessageAction::Hold {
                    msg: digits(msg)?,
                    for_us: digits(us)?,
                }
            }
            _ => return None,
        })
    }

    /// The event log's sentence, e.g. `you hold message #12 back for 500 ms`.
    pub fn describe(self) -> String {
        match self {
            MessageAction::Drop(id) => format!("you drop message #{id}"),
            MessageAction::Duplicate(id) => format!("you send message #{id} again"),
            MessageAction::Hold { msg, for_us } => {
                format!(
                    "you hold message #{msg} back for {} ms",
                    decimal(for_us, 1_000)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_round_trip_and_match_the_kernel_actions() {
        for m in [
            MessageAction::Drop(12),
            MessageAction::Duplicate(0),
            MessageAction::Hold {
                msg: 7,
                for_us: 500_000,
            },
        ] {
            assert_eq!(MessageAction::parse(&m.verb()), Some(m));
            assert_eq!(MessageAction::of(&m.action::<u64>()), Some(m));
        }
        assert_eq!(
            MessageAction::Hold {
                msg: 7,
                for_us: 500_500
            }
            .verb(),
            "H7/500500"
        );
        for bad in ["", "D", "Dx", "H7", "H7/", "X1", "D-1", "é"] {
            assert_eq!(MessageAction::parse(bad), None, "{bad}");
        }
        assert_eq!(MessageAction::of(&Action::<u64>::Heal), None);
    }

    #[test]
    fn the_sentence_names_the_message_and_the_delay() {
        let held = MessageAction::Hold {
            msg: 3,
            for_us: 500_500,
        };
        assert_eq!(held.describe(), "you hold message #3 back for 500.5 ms");
        assert_eq!(MessageAction::Drop(4).describe(), "you drop message #4");
    }
}
