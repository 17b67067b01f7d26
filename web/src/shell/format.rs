//! Number formatting shared by the labs.

/// Simulated time in milliseconds with one decimal, e.g. `152.3 ms`.
pub fn ms(us: u64) -> String {
    format!("{}.{} ms", us / 1_000, (us % 1_000) / 100)
}

/// Parts per million as a percentage without trailing zeros, e.g. `2.5%`.
pub fn percent(ppm: u32) -> String {
    let text = format!("{:.2}", f64::from(ppm) / 10_000.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// A count with thin thousands separators, e.g. `12 345`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{2009}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(ms(152_345), "152.3 ms");
        assert_eq!(ms(0), "0.0 ms");
        assert_eq!(percent(25_000), "2.5%");
        assert_eq!(percent(0), "0%");
        assert_eq!(percent(1_000_000), "100%");
        assert_eq!(count(999), "999");
        assert_eq!(count(12_345), "12\u{2009}345");
        assert_eq!(count(1_234_567), "1\u{2009}234\u{2009}567");
    }
}
