//! Number formatting shared by the labs.

/// Simulated time in milliseconds with one decimal, e.g. `152.3 ms`.
pub fn ms(us: u64) -> String {
    format!("{}.{} ms", us / 1_000, (us % 1_000) / 100)
}

/// `value` rounded to `decimals` places (at most 6), e.g. `fixed(2.345, 1)` is `2.3`
/// and `fixed(-0.04, 1)` is `0.0`. Integer arithmetic: the page needs no float
/// formatting code, which is large in wasm. Not finite values read `–`.
pub fn fixed(value: f64, decimals: u32) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let scale = 10i64.pow(decimals.min(6));
    let n = (value * scale as f64).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let (whole, frac) = (
        n.unsigned_abs() / scale as u64,
        n.unsigned_abs() % scale as u64,
    );
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{frac:0width$}",
            width = decimals.min(6) as usize
        )
    }
}

/// `value` with at most `decimals` places and no trailing zeros, e.g. `short(2.50, 2)`
/// is `2.5` and `short(150.0, 2)` is `150`.
pub fn short(value: f64, decimals: u32) -> String {
    let text = fixed(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// An SVG `transform` moving to `(x, y)`, in tenths of a unit.
pub fn translate(x: f64, y: f64) -> String {
    format!("translate({} {})", fixed(x, 1), fixed(y, 1))
}

/// `n thing` or `n things` ("1 key", "4 partitions").
pub fn plural(n: u64, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// Appends path command `cmd` at `(x, y)` to SVG path data `d`, e.g. `M12.5 -3.0`, to
/// a tenth of a unit, digit by digit with no allocation and no `fmt` machinery (path
/// data of thousands of shapes and lines a frame: issue 18).
pub fn push_point(d: &mut String, cmd: char, x: f64, y: f64) {
    d.push(cmd);
    push_tenths(d, x);
    d.push(' ');
    push_tenths(d, y);
}

/// Appends `v` to a tenth, e.g. `-3.0`.
fn push_tenths(d: &mut String, v: f64) {
    let t = (v * 10.0).round() as i64;
    if t < 0 {
        d.push('-');
    }
    let t = t.unsigned_abs();
    push_digits(d, t / 10);
    d.push('.');
    push_digits(d, t % 10);
}

/// Appends the decimal digits of `n`.
fn push_digits(d: &mut String, n: u64) {
    if n >= 10 {
        push_digits(d, n / 10);
    }
    d.push(char::from(b'0' + (n % 10) as u8));
}

/// A count with narrow no-break spaces between thousands (U+202F, SI style), e.g.
/// `12 345`: a number never breaks across lines ("3 / 600 keys" on a phone, play16i U7).
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

/// `n` things, singular or plural: `1 node`, `12 345 keys` (narrow no-break separators).
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_written_to_a_tenth() {
        let mut d = String::new();
        push_point(&mut d, 'M', 12.46, -3.0);
        push_point(&mut d, 'L', -0.04, 0.05);
        push_point(&mut d, 'a', 1234567.0, -0.06);
        assert_eq!(d, "M12.5 -3.0L0.0 0.1a1234567.0 -0.1");
    }

    #[test]
    fn counted_things_agree_in_number() {
        assert_eq!(counted(1, "node", "nodes"), "1 node");
        assert_eq!(counted(0, "node", "nodes"), "0 nodes");
        assert_eq!(counted(2_000, "key", "keys"), "2\u{202F}000 keys");
    }

    #[test]
    fn formats() {
        assert_eq!(ms(152_345), "152.3 ms");
        assert_eq!(ms(0), "0.0 ms");
        assert_eq!(short(150.0, 2), "150");
        assert_eq!(short(2.5, 2), "2.5");
        assert_eq!(short(0.126, 2), "0.13");
        assert_eq!(short(0.0, 2), "0");
        assert_eq!(short(100.0, 0), "100");
        assert_eq!(fixed(2.345, 1), "2.3");
        assert_eq!(fixed(2.35, 2), "2.35");
        assert_eq!(fixed(1.005, 0), "1");
        assert_eq!(fixed(0.05, 1), "0.1");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-12.25, 1), "-12.3");
        assert_eq!(fixed(7.0, 2), "7.00");
        assert_eq!(fixed(f64::NAN, 1), "–");
        assert_eq!(translate(8.0, -2.25), "translate(8.0 -2.3)");
        assert_eq!(count(999), "999");
        assert_eq!(count(12_345), "12\u{202F}345");
        assert_eq!(count(1_234_567), "1\u{202F}234\u{202F}567");
    }
}
