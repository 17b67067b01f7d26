//! How evenly a load is spread over nodes or partitions (DDIA ch. 6, "Skewed Workloads
//! and Relieving Hot Spots": a node with a disproportionate share is a hot spot). For
//! views and charts only: the simulation never decides anything on these floats.

/// Summary of a list of loads (keys, bytes or requests per node or partition).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Spread {
    /// The largest load.
    pub max: u64,
    /// The mean load.
    pub mean: f64,
    /// `max / mean`: 1.0 is perfectly even; a hot spot shows as a large ratio (0 when
    /// there is no load).
    pub max_over_mean: f64,
    /// Population standard deviation of the loads.
    pub stddev: f64,
}

impl Spread {
    /// The spread of `loads` (all zero for an empty list).
    pub fn of(loads: &[u64]) -> Spread {
        if loads.is_empty() {
            return Spread::default();
        }
        let n = loads.len() as f64;
        let mean = loads.iter().map(|&l| l as f64).sum::<f64>() / n;
        let var = loads
            .iter()
            .map(|&l| (l as f64 - mean) * (l as f64 - mean))
            .sum::<f64>()
            / n;
        let max = loads.iter().copied().max().unwrap_or(0);
        Spread {
            max,
            mean,
            max_over_mean: if mean > 0.0 { max as f64 / mean } else { 0.0 },
            stddev: sqrt(var),
        }
    }
}

/// Square root by Newton's method (no_std has no `f64::sqrt`); exact to the last bits
/// for the loads here.
fn sqrt(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let mut r = if x > 1.0 { x / 2.0 } else { 1.0 };
    for _ in 0..64 {
        let next = 0.5 * (r + x / r);
        if (next - r).abs() <= f64::EPSILON * next {
            return next;
        }
        r = next;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn even_loads_have_ratio_one_and_no_deviation() {
        let s = Spread::of(&[5, 5, 5, 5]);
        assert_eq!(
            (s.max, s.mean, s.max_over_mean, s.stddev),
            (5, 5.0, 1.0, 0.0)
        );
        let hot = Spread::of(&[1, 1, 1, 9]);
        assert_eq!(hot.max_over_mean, 3.0);
        assert!((hot.stddev - 12f64.sqrt()).abs() < 1e-12);
        assert_eq!(Spread::of(&[]), Spread::default());
        assert_eq!(Spread::of(&[0, 0]).max_over_mean, 0.0);
    }
}
