//! Query-string parsing helpers shared by every lab's scenario (the Raft lab's
//! [`crate::scenario`] and the storage lab's [`crate::storage::lab_scenario`]), so that
//! a key is split, checked and reported the same way on every page.
//!
//! A query is `key=value` pairs joined by `&`, with an optional leading `?`. Every
//! error names the offending key and says, in a sentence, what is allowed.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::scenario::{ScenarioError, MAX_ACTIONS, PAGE_KEYS};

/// An error about query key `key` (empty: the whole query).
pub(crate) fn err(key: &str, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        key: key.to_string(),
        message: message.into(),
    }
}

/// The `(key, value)` pairs of `query` in order (a leading `?` is allowed; a pair
/// without `=` has an empty value), [`PAGE_KEYS`] left out. A key seen before yields
/// an "appears twice" error at its second place, so a caller that stops at the first
/// error reports problems in query order.
pub(crate) fn pairs(query: &str) -> impl Iterator<Item = Result<(&str, &str), ScenarioError>> + '_ {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut seen: Vec<&str> = Vec::new();
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .filter(|(key, _)| !PAGE_KEYS.contains(key))
        .map(move |(key, value)| {
            if seen.contains(&key) {
                return Err(err(key, "appears twice"));
            }
            seen.push(key);
            Ok((key, value))
        })
}

/// `value` as an unsigned 64-bit whole number.
pub(crate) fn number(key: &str, value: &str) -> Result<u64, ScenarioError> {
    value
        .parse::<u64>()
        .map_err(|_| err(key, format!("'{value}' is not a whole number")))
}

/// `value` as a whole number in `lo..=hi`; the error names the allowed range.
pub(crate) fn number_in(key: &str, value: &str, lo: u64, hi: u64) -> Result<u64, ScenarioError> {
    let n = number(key, value).map_err(|e| ScenarioError {
        message: format!("{} (expected {lo}-{hi})", e.message),
        ..e
    })?;
    if n < lo || n > hi {
        return Err(err(key, format!("{n} is out of range {lo}-{hi}")));
    }
    Ok(n)
}

/// Parses a decimal like `2.5` into `value * unit` without floating point: `unit` is a
/// power of ten and `value` has at most log10(`unit`) decimals (`scaled("speed", "0.25",
/// 1000)` is 250). Errors: not a plain decimal (signs, exponents, too many decimals), or
/// a result above `u64::MAX`; both name `key`.
pub fn scaled(key: &str, value: &str, unit: u64) -> Result<u64, ScenarioError> {
    let bad = || err(key, format!("'{value}' is not a number"));
    let (whole, frac) = value.split_once('.').unwrap_or((value, ""));
    let places = unit.ilog10() as usize;
    if whole.is_empty() || frac.len() > places || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let w: u64 = whole.parse().map_err(|_| bad())?;
    let f: u64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<places$}").parse().map_err(|_| bad())?
    };
    w.checked_mul(unit)
        .and_then(|x| x.checked_add(f))
        .ok_or_else(|| err(key, "is too large"))
}

/// `value` as an on/off switch: `1`, `true`, `on` or `0`, `false`, `off`.
pub(crate) fn flag(key: &str, value: &str) -> Result<bool, ScenarioError> {
    match value {
        "1" | "true" | "on" => Ok(true),
        "0" | "false" | "off" => Ok(false),
        _ => Err(err(key, format!("'{value}' is not 1 or 0"))),
    }
}

/// The non-empty `,`-separated action words of `value`, at most [`MAX_ACTIONS`].
pub(crate) fn action_words<'a>(key: &str, value: &'a str) -> Result<Vec<&'a str>, ScenarioError> {
    let words: Vec<&str> = value.split(',').filter(|w| !w.is_empty()).collect();
    if words.len() > MAX_ACTIONS {
        return Err(err(key, format!("more than {MAX_ACTIONS} actions")));
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_skip_page_keys_and_name_repeats_in_order() {
        let got: Vec<_> = pairs("?a=1&&embed=1&b&a=2&c=3").collect();
        assert_eq!(got[0], Ok(("a", "1")));
        assert_eq!(got[1], Ok(("b", "")));
        assert_eq!(got[2], Err(err("a", "appears twice")));
        assert_eq!(got[3], Ok(("c", "3")));
    }

    #[test]
    fn decimals_scale_without_floating_point() {
        assert_eq!(scaled("speed", "0.25", 1000), Ok(250));
        assert_eq!(scaled("speed", "3", 1000), Ok(3000));
        assert_eq!(scaled("speed", "0.032", 1000), Ok(32));
        for bad in ["", ".5", "1.2345", "1e2", "-1", "1.x", "abc"] {
            assert_eq!(
                scaled("speed", bad, 1000).unwrap_err().message,
                format!("'{bad}' is not a number"),
                "{bad}"
            );
        }
        assert_eq!(
            scaled("speed", "18446744073709551615", 1000)
                .unwrap_err()
                .message,
            "is too large"
        );
    }

    #[test]
    fn numbers_and_flags_say_what_is_allowed() {
        assert_eq!(number("n", "7"), Ok(7));
        assert_eq!(
            number("n", "x").unwrap_err().message,
            "'x' is not a whole number"
        );
        assert_eq!(number_in("n", "5", 1, 9), Ok(5));
        assert_eq!(
            number_in("n", "-1", 1, 9).unwrap_err().message,
            "'-1' is not a whole number (expected 1-9)"
        );
        assert_eq!(
            number_in("n", "10", 1, 9).unwrap_err().message,
            "10 is out of range 1-9"
        );
        assert_eq!(flag("w", "on"), Ok(true));
        assert_eq!(flag("w", "0"), Ok(false));
        assert!(flag("w", "2").is_err());
        assert_eq!(action_words("act", ",a,,b,"), Ok(alloc::vec!["a", "b"]));
    }
}
