//! One allowed range per knob a link carries, in the link's unit: the one place a bound
//! is written. The parser reads a key through its [`KnobRange`], the error names the
//! range, the module documentation tables are checked against it by tests, and the
//! page's sliders take their minimum and maximum from it.

use alloc::format;
use alloc::string::String;

use super::query::{err, number_in};
use super::ScenarioError;

/// The allowed values of one link key, `lo..=hi`, in the key's unit (ms, %, bytes...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnobRange {
    /// The query key, e.g. `n`.
    pub key: &'static str,
    /// Smallest allowed value.
    pub lo: u64,
    /// Largest allowed value.
    pub hi: u64,
    /// The unit after a number in sentences (`""` for a count).
    pub unit: &'static str,
}

impl KnobRange {
    /// The knob `key` allowing `lo..=hi` `unit`s.
    pub const fn new(key: &'static str, lo: u64, hi: u64, unit: &'static str) -> Self {
        KnobRange { key, lo, hi, unit }
    }

    /// Whether `v` is allowed.
    pub fn contains(&self, v: u64) -> bool {
        (self.lo..=self.hi).contains(&v)
    }

    /// `lo-hi` as the documentation tables write it.
    pub fn span(&self) -> String {
        format!("{}-{}", self.lo, self.hi)
    }

    /// Reads `value` as a whole number in range, converted to `T`.
    ///
    /// # Errors
    /// Not a whole number, or out of range; the message names the range.
    pub fn parse<T: TryFrom<u64>>(&self, value: &str) -> Result<T, ScenarioError> {
        number_in(self.key, value, self.lo, self.hi)
    }

    /// The error for `what` (a field, e.g. "cluster size 12") out of range, saying the
    /// allowed range in the knob's unit.
    pub fn out_of_range(&self, what: &str) -> ScenarioError {
        let space = if matches!(self.unit, "" | "%") {
            ""
        } else {
            " "
        };
        err(
            self.key,
            format!(
                "{what} is out of range: use {} to {}{space}{}",
                self.lo, self.hi, self.unit
            ),
        )
    }
}

/// Checks that the documentation table in `source` (a module's text, `//! | \`key\` |
/// ... |` rows) gives each knob's range as `lo-hi`, so the docs cannot drift from the
/// constants.
#[cfg(test)]
pub(crate) fn assert_documented(source: &str, knobs: &[KnobRange]) {
    for k in knobs {
        let row = format!("//! | `{}` |", k.key);
        let line = source
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("no documentation row for `{}`", k.key));
        let cell = format!("| {} |", k.span());
        assert!(
            line.contains(&cell),
            "`{}` is documented as {line:?}, not {cell}",
            k.key
        );
    }
}
