//! Named book scenarios, the same shape in every lab: a name for links (`scn=`), a title,
//! a caption saying what is set up and where it comes from, the outcome to expect, and a
//! check of that outcome on the lab's state. Each lab keeps its own list
//! ([`crate::storage::lab_book::BOOK`], [`crate::consensus::raft::book::BOOK`]); the
//! page shows the check live, and the native tests run every scenario to its outcome.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::link::query::err;
use crate::link::ScenarioError;

/// A lab scenario that can carry the name of the book scenario it came from.
pub trait Named {
    /// The scenario with its book name set.
    fn named(self, name: &str) -> Self;
}

/// A named scenario of a lab whose scenarios are `S` and whose running state is `W`.
pub struct BookScenario<S, W> {
    /// URL name (`scn=`).
    pub name: &'static str,
    /// Short title, for the menu.
    pub title: &'static str,
    /// What it shows and where it comes from.
    pub caption: &'static str,
    /// The outcome to expect, in words.
    pub expected: &'static str,
    pub(crate) build: fn() -> S,
    pub(crate) check: fn(&W) -> Result<(), String>,
}

impl<S: Named, W> BookScenario<S, W> {
    /// The scenario, its name set.
    pub fn scenario(&self) -> S {
        (self.build)().named(self.name)
    }

    /// Checks the expected outcome on a lab running this scenario, at whatever point
    /// it has reached.
    ///
    /// # Errors
    /// What has not happened yet, or what differs from the expected outcome, in words.
    pub fn check(&self, lab: &W) -> Result<(), String> {
        (self.check)(lab)
    }
}

impl<S, W> fmt::Debug for BookScenario<S, W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BookScenario")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// `Ok` if `cond` holds, else `Err(what())`: the step of a book check that says, in
/// words, what has not happened (yet).
pub(crate) fn ensure(cond: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(what())
    }
}

/// The scenario of `book` called `name`.
pub fn find<S, W>(
    book: &'static [BookScenario<S, W>],
    name: &str,
) -> Option<&'static BookScenario<S, W>> {
    book.iter().find(|b| b.name == name)
}

/// The scenario of `book` called `name`, or `S::default()` when there is no such name.
pub fn named_or_default<S: Named + Default, W>(
    book: &'static [BookScenario<S, W>],
    name: Option<&str>,
) -> S {
    name.and_then(|n| find(book, n))
        .map(BookScenario::scenario)
        .unwrap_or_default()
}

/// The scenario a query's other keys apply to: the one of `book` its `scn` key names,
/// or `S::default()` without `scn`.
///
/// # Errors
/// `scn` names no scenario of `book`; the message lists the names there are.
pub fn base<S: Named + Default, W>(
    book: &'static [BookScenario<S, W>],
    settings: &[(&str, &str)],
) -> Result<S, ScenarioError> {
    let Some((_, name)) = settings.iter().find(|(k, _)| *k == "scn") else {
        return Ok(S::default());
    };
    match find(book, name) {
        Some(b) => Ok(b.scenario()),
        None => {
            let names: Vec<&str> = book.iter().map(|b| b.name).collect();
            Err(err(
                "scn",
                format!("unknown scenario '{name}'; try one of {}", names.join(", ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Sc(Option<String>, u32);

    impl Named for Sc {
        fn named(self, name: &str) -> Self {
            Sc(Some(name.into()), self.1)
        }
    }

    static BOOK: [BookScenario<Sc, u32>; 2] = [
        BookScenario {
            name: "one",
            title: "One",
            caption: "",
            expected: "",
            build: || Sc(None, 1),
            check: |w| {
                if *w == 1 {
                    Ok(())
                } else {
                    Err("not yet".into())
                }
            },
        },
        BookScenario {
            name: "two",
            title: "Two",
            caption: "",
            expected: "",
            build: || Sc(None, 2),
            check: |_| Ok(()),
        },
    ];

    #[test]
    fn a_query_starts_from_the_named_scenario_or_the_default() {
        assert_eq!(base(&BOOK, &[("seed", "3")]), Ok(Sc(None, 0)));
        assert_eq!(
            base(&BOOK, &[("scn", "two")]),
            Ok(Sc(Some("two".into()), 2))
        );
        let e = base(&BOOK, &[("scn", "three")]).unwrap_err();
        assert_eq!(e.key, "scn");
        assert_eq!(e.message, "unknown scenario 'three'; try one of one, two");
    }

    #[test]
    fn scenarios_are_found_by_name_and_checked() {
        let one = find(&BOOK, "one").unwrap();
        assert_eq!(one.scenario(), Sc(Some("one".into()), 1));
        assert_eq!(one.check(&1), Ok(()));
        assert_eq!(one.check(&0), Err("not yet".into()));
        assert!(find(&BOOK, "none").is_none());
    }
}
