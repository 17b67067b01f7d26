//! Reading and writing query strings, shared by every lab ([`super::contract`]), so a
//! key is decoded, checked and reported the same way on every page.
//!
//! Reading: a query is `key=value` pairs joined by `&`, with an optional leading `?`,
//! percent-decoded with `+` as a space (`application/x-www-form-urlencoded`, what
//! `URLSearchParams` reads and writes), in linear time. Every error names the
//! offending key and says, in a sentence, what is allowed. Numbers are plain digits:
//! a sign (`+50`, or `%2B50`) or a space is an error, never silently accepted.
//!
//! Writing: [`QueryWriter`] emits only [`is_link_safe`] characters as they are and
//! percent-encodes any other, so neither a browser's address bar, nor `encodeURI`, nor
//! `URLSearchParams` changes what the link means.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::{self, Write};

use super::{ScenarioError, MAX_ACTIONS, MAX_QUERY_BYTES, MAX_QUERY_PAIRS, PAGE_KEYS};

/// The item of `all` whose link word is `value`.
///
/// # Errors
/// No item has that word; the sentence lists the words there are.
pub(crate) fn word_of<T: Copy>(
    key: &str,
    value: &str,
    all: &[T],
    word: fn(T) -> &'static str,
) -> Result<T, ScenarioError> {
    all.iter()
        .copied()
        .find(|&x| word(x) == value)
        .ok_or_else(|| {
            let words: Vec<&str> = all.iter().map(|&x| word(x)).collect();
            err(key, format!("'{value}' is not one of {}", words.join(", ")))
        })
}

/// An error about query key `key` (empty: the whole query).
pub(crate) fn err(key: &str, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        key: key.to_string(),
        message: message.into(),
    }
}

/// Every percent-decoded `(key, value)` pair of `query`, in order, page keys included
/// (a leading `?` is allowed; a pair without `=` has an empty value). For reading page
/// options, which fall back to defaults rather than fail.
pub fn decoded_pairs(query: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    form_urlencoded::parse(query.as_bytes())
}

/// The percent-decoded `(key, value)` pairs of `query` in order, [`PAGE_KEYS`] left out.
/// Linear in the query's length: at most [`MAX_QUERY_PAIRS`] keys are compared.
///
/// # Errors
/// The first of [`decode_lenient`]'s problems.
pub fn decode(query: &str) -> Result<Vec<(String, String)>, ScenarioError> {
    let (pairs, mut problems) = decode_lenient(query);
    match problems.is_empty() {
        true => Ok(pairs),
        false => Err(problems.swap_remove(0)),
    }
}

/// Like [`decode`], but reads as much as it can: the pairs it could read, and a
/// sentence for each problem. A query over [`MAX_QUERY_BYTES`] is not read at all
/// (no pairs, one problem); a key's repeats are left out (one problem each).
pub fn decode_lenient(query: &str) -> (Vec<(String, String)>, Vec<ScenarioError>) {
    let bytes = query.strip_prefix('?').unwrap_or(query).len();
    if bytes > MAX_QUERY_BYTES {
        let why = format!(
            "the link is {bytes} bytes long; links over {MAX_QUERY_BYTES} bytes are refused"
        );
        return (Vec::new(), alloc::vec![err("", why)]);
    }
    let (mut pairs, mut problems) = (Vec::<(String, String)>::new(), Vec::new());
    for (key, value) in decoded_pairs(query) {
        if PAGE_KEYS.contains(&key.as_ref()) {
            continue;
        }
        if pairs.iter().any(|(k, _)| *k == key) {
            // A key given three times is named once (U8).
            if !problems.iter().any(|p: &ScenarioError| p.key == key) {
                problems.push(err(&key, "appears more than once; the first is used"));
            }
            continue;
        }
        if pairs.len() == MAX_QUERY_PAIRS {
            let why = format!("the link has more than {MAX_QUERY_PAIRS} settings; those after the {MAX_QUERY_PAIRS}th are left out");
            problems.push(err("", why));
            break;
        }
        pairs.push((key.into_owned(), value.into_owned()));
    }
    (pairs, problems)
}

/// `s` as an unsigned number of type `T` if it is one or more ASCII digits and fits:
/// no sign, no space, no `_` (which Rust's own `parse` would partly accept).
pub fn digits<T: core::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `s` as a signed 64-bit number: [`digits`] with an optional leading `-`.
pub fn signed(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(rest) => digits::<i64>(rest).map(|n| -n),
        None => digits(s),
    }
}

/// `value` as an unsigned 64-bit whole number.
///
/// # Errors
/// Anything but digits (a sign, a space, a decimal point), or a number above
/// `u64::MAX`.
pub fn number(key: &str, value: &str) -> Result<u64, ScenarioError> {
    digits(value).ok_or_else(|| match signed(value) {
        Some(_) => err(key, format!("'{value}' is below 0: it must be 0 or more")),
        None => err(key, format!("'{value}' is not a whole number")),
    })
}

/// `value` as a whole number in `lo..=hi`, converted to `T` (e.g. `usize` on wasm32).
///
/// # Errors
/// Not a [`number`], or outside `lo..=hi` (a negative number too); the message names
/// the allowed range.
pub fn number_in<T: TryFrom<u64>>(
    key: &str,
    value: &str,
    lo: u64,
    hi: u64,
) -> Result<T, ScenarioError> {
    let n: u64 = digits(value).ok_or_else(|| match signed(value) {
        Some(_) => err(key, format!("{value} is out of range {lo}-{hi}")),
        None => err(
            key,
            format!("'{value}' is not a whole number (expected {lo}-{hi})"),
        ),
    })?;
    if n < lo || n > hi {
        return Err(err(key, format!("{n} is out of range {lo}-{hi}")));
    }
    T::try_from(n).map_err(|_| err(key, format!("{n} is out of range {lo}-{hi}")))
}

/// Parses a decimal like `2.5` into `value * unit` without floating point: `unit` is a
/// power of ten and `value` has at most log10(`unit`) decimals (`scaled("speed", "0.25",
/// 1000)` is 250).
///
/// # Errors
/// Not a plain decimal (signs, spaces, exponents, too many decimals), or a result above
/// `u64::MAX`; both name `key`.
pub fn scaled(key: &str, value: &str, unit: u64) -> Result<u64, ScenarioError> {
    let bad = || err(key, format!("'{value}' is not a number"));
    let (whole, frac) = value.split_once('.').unwrap_or((value, ""));
    let places = usize::try_from(unit.ilog10()).map_err(|_| bad())?;
    if frac.len() > places || !(frac.is_empty() || frac.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let w: u64 = digits(whole).ok_or_else(bad)?;
    let f: u64 = if frac.is_empty() {
        0
    } else {
        digits(&format!("{frac:0<places$}")).ok_or_else(bad)?
    };
    w.checked_mul(unit)
        .and_then(|x| x.checked_add(f))
        .ok_or_else(|| err(key, "is too large"))
}

/// `value / unit` written exactly, with the decimals it needs and no trailing zeros
/// (`decimal(2500, 1000)` is `2.5`, `decimal(3000, 1000)` is `3`): the inverse of
/// [`scaled`], so a number written with it reads back the same. `unit` is a power of
/// ten.
pub fn decimal(value: u64, unit: u64) -> String {
    let whole = value / unit;
    let frac = value % unit;
    if frac == 0 {
        return whole.to_string();
    }
    let width = usize::try_from(unit.ilog10()).unwrap_or(0);
    let digits = format!("{frac:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// `value` as an on/off switch: `1`, `true`, `on` or `0`, `false`, `off`.
///
/// # Errors
/// Any other word.
pub fn flag(key: &str, value: &str) -> Result<bool, ScenarioError> {
    match value {
        "1" | "true" | "on" => Ok(true),
        "0" | "false" | "off" => Ok(false),
        _ => Err(err(key, format!("'{value}' is not 1 or 0"))),
    }
}

/// The non-empty `,`-separated action words of `value`.
///
/// # Errors
/// More than [`MAX_ACTIONS`] words.
pub fn action_words<'a>(key: &str, value: &'a str) -> Result<Vec<&'a str>, ScenarioError> {
    let words: Vec<&str> = value.split(',').filter(|w| !w.is_empty()).collect();
    if words.len() > MAX_ACTIONS {
        return Err(err(key, format!("more than {MAX_ACTIONS} actions")));
    }
    Ok(words)
}

/// True for the characters a link carries as they are: letters, digits and
/// `- . _ ~ ! * ( ) , : ; @ / =`. Browsers' address bars, `encodeURI` and
/// `URLSearchParams` leave them alone or encode them reversibly; `+` (a space to
/// `URLSearchParams`), `%`, `#`, `&`, `'`, `<`, `>`, quotes and spaces are not in it.
pub fn is_link_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!*(),:;@/=".contains(c)
}

/// Writes a query string: `key=value` pairs joined by `&`, each value written through
/// [`is_link_safe`] (any other character is percent-encoded as UTF-8).
#[derive(Clone, Debug, Default)]
pub struct QueryWriter {
    out: String,
}

impl QueryWriter {
    /// An empty query.
    pub fn new() -> Self {
        QueryWriter::default()
    }

    /// Appends `key=value` (`key` must be [`is_link_safe`]: every key is a constant).
    pub fn pair(&mut self, key: &str, value: impl fmt::Display) {
        debug_assert!(key.chars().all(is_link_safe), "unsafe key {key}");
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.push_str(key);
        self.out.push('=');
        let _ = write!(Escaped(&mut self.out), "{value}");
    }

    /// Appends `key=value` if `cond` holds: a lab's `write_params` writes a key only when
    /// it differs from the base. `value` is a `dyn` so every lab shares one instance of
    /// [`QueryWriter::pair`] (page size).
    pub fn pair_if(&mut self, cond: bool, key: &str, value: &dyn fmt::Display) {
        if cond {
            self.pair(key, value);
        }
    }

    /// The query (no leading `?`).
    pub fn finish(self) -> String {
        self.out
    }
}

/// A `fmt::Write` that percent-encodes what is not [`is_link_safe`].
struct Escaped<'a>(&'a mut String);

impl Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            if is_link_safe(c) {
                self.0.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    write!(self.0, "%{b:02X}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn decode_skips_page_keys_and_names_repeats() {
        assert_eq!(
            decode("?a=1&&embed=1&b&c=3&origin=x").unwrap(),
            owned(&[("a", "1"), ("b", ""), ("c", "3")])
        );
        assert_eq!(
            decode("a=1&b=2&a=3").unwrap_err(),
            err("a", "appears more than once; the first is used")
        );
        let (pairs, problems) = decode_lenient("a=1&b=2&a=3");
        assert_eq!(pairs, owned(&[("a", "1"), ("b", "2")]));
        assert_eq!(
            problems,
            [err("a", "appears more than once; the first is used")]
        );
        // U8: a key given three times is named once, not once per repeat.
        let (pairs, problems) = decode_lenient("lab=stream&lab=raft&lab=x&b=1&b=2");
        assert_eq!(pairs, owned(&[("lab", "stream"), ("b", "1")]));
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["lab", "b"]);
    }

    #[test]
    fn decode_reads_what_browsers_encode() {
        assert_eq!(
            decode("act=500000%3Ax1%3E2&k%3Dy=%2C").unwrap(),
            owned(&[("act", "500000:x1>2"), ("k=y", ",")])
        );
        assert_eq!(decode("hb=+50").unwrap(), owned(&[("hb", " 50")]));
        assert_eq!(decode("hb=%2B50").unwrap(), owned(&[("hb", "+50")]));
    }

    #[test]
    fn over_long_links_are_refused_and_many_keys_stay_linear() {
        let long = "a".repeat(MAX_QUERY_BYTES + 1);
        let e = decode(&long).unwrap_err();
        assert!(e.message.contains("refused"), "{e}");
        // 40,000 distinct keys: the first MAX_QUERY_PAIRS are read, the rest named once
        // (a duplicate check over all of them took seconds here).
        let many: Vec<String> = (0..40_000).map(|i| format!("k{i}=1")).collect();
        let (pairs, problems) = decode_lenient(&many.join("&"));
        assert_eq!(pairs.len(), MAX_QUERY_PAIRS);
        assert_eq!(
            pairs[MAX_QUERY_PAIRS - 1].0,
            format!("k{}", MAX_QUERY_PAIRS - 1)
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("left out"), "{}", problems[0]);
        // Repeats of a read key past the bound are still named as repeats.
        let (_, problems) = decode_lenient(&(many[..MAX_QUERY_PAIRS].join("&") + "&k0=2"));
        assert_eq!(
            problems,
            [err("k0", "appears more than once; the first is used")]
        );
    }

    #[test]
    fn numbers_are_digits_only() {
        assert_eq!(number("n", "7"), Ok(7));
        for bad in ["+5", " 5", "5 ", "-", "1_000", "", "0x10", "1.0"] {
            assert_eq!(
                number("n", bad).unwrap_err().message,
                format!("'{bad}' is not a whole number"),
                "{bad:?}"
            );
        }
        // U8: a negative number is told what is allowed, not that it is no number.
        let negative = number("t", "-5").unwrap_err().message;
        assert!(negative.contains("0 or more"), "{negative}");
        assert_ne!(negative, number("t", "abc").unwrap_err().message);
        assert_eq!(number_in::<u32>("n", "5", 1, 9), Ok(5));
        assert_eq!(
            number_in::<u32>("n", "-1", 1, 9).unwrap_err().message,
            "-1 is out of range 1-9"
        );
        assert_eq!(
            number_in::<u32>("n", "10", 1, 9).unwrap_err().message,
            "10 is out of range 1-9"
        );
        assert_eq!(
            number_in::<u8>("n", "300", 0, 1000).unwrap_err().message,
            "300 is out of range 0-1000"
        );
        assert_eq!(signed("-5000"), Some(-5000));
        assert_eq!(signed("+5000"), None);
        assert_eq!(signed("--5"), None);
        assert_eq!(digits::<u8>("256"), None);
    }

    #[test]
    fn decimals_scale_without_floating_point() {
        assert_eq!(scaled("speed", "0.25", 1000), Ok(250));
        assert_eq!(scaled("speed", "3", 1000), Ok(3000));
        assert_eq!(scaled("speed", "0.032", 1000), Ok(32));
        for bad in [
            "", ".5", "1.2345", "1e2", "-1", "+1", " 1", "1.x", "1.+5", "abc",
        ] {
            assert_eq!(
                scaled("speed", bad, 1000).unwrap_err().message,
                format!("'{bad}' is not a number"),
                "{bad}"
            );
        }
        for (value, text) in [
            (250, "0.25"),
            (3000, "3"),
            (32, "0.032"),
            (1_000_500, "1000.5"),
        ] {
            assert_eq!(decimal(value, 1000), text);
            assert_eq!(scaled("speed", text, 1000), Ok(value));
        }
        assert_eq!(
            scaled("speed", "18446744073709551615", 1000)
                .unwrap_err()
                .message,
            "is too large"
        );
    }

    #[test]
    fn flags_and_action_words() {
        assert_eq!(flag("w", "on"), Ok(true));
        assert_eq!(flag("w", "0"), Ok(false));
        assert!(flag("w", "2").is_err());
        assert_eq!(action_words("act", ",a,,b,"), Ok(alloc::vec!["a", "b"]));
        let too_many = "h,".repeat(MAX_ACTIONS + 1);
        assert!(action_words("act", &too_many).is_err());
    }

    #[test]
    fn the_writer_escapes_what_is_not_link_safe_and_decode_reverses_it() {
        let mut w = QueryWriter::new();
        w.pair("lab", "raft");
        w.pair("act", "1:x1>2,2:q1=5");
        w.pair("v", "a b+c%d#é&");
        let q = w.finish();
        assert_eq!(
            q,
            "lab=raft&act=1:x1%3E2,2:q1=5&v=a%20b%2Bc%25d%23%C3%A9%26"
        );
        assert_eq!(
            decode(&q).unwrap(),
            owned(&[
                ("lab", "raft"),
                ("act", "1:x1>2,2:q1=5"),
                ("v", "a b+c%d#é&")
            ])
        );
    }
}
