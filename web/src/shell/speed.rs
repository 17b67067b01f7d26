//! The speed slider: a logarithmic scale from [`MIN_SPEED`] to [`MAX_SPEED`] times real
//! time, and how much simulated time one animation frame advances.

/// Slowest speed, times real time (1x: one simulated second per wall second).
pub const MIN_SPEED: f64 = 0.01;
/// Fastest speed, times real time.
pub const MAX_SPEED: f64 = 100.0;
/// Speeds in links are decimals with at most three places (see [`speed_label`]): they
/// are read as thousandths, without floating-point parsing.
pub const SPEED_UNIT: u64 = 1_000;
/// Slider positions run from 0 to this value.
pub const SLIDER_STEPS: u32 = 400;
/// Positions one arrow key moves the slider: a tenth of a decade, so each step
/// changes the speed shown to two digits (a step of 1 rounded back to the same speed,
/// and the arrow keys seemed to do nothing: U9).
pub const SLIDER_STEP: u32 = 10;
/// Longest wall-clock frame taken into account, milliseconds: after a tab switch the
/// run continues where it was instead of jumping ahead.
pub const MAX_FRAME_MS: f64 = 100.0;

/// The speed at slider position `pos` (`0..=SLIDER_STEPS`).
pub fn speed_at(pos: u32) -> f64 {
    let t = f64::from(pos.min(SLIDER_STEPS)) / f64::from(SLIDER_STEPS);
    let decades = (MAX_SPEED / MIN_SPEED).log10();
    round_speed(MIN_SPEED * 10f64.powf(t * decades))
}

/// The slider position closest to `speed`.
pub fn position_of(speed: f64) -> u32 {
    let s = clamp_speed(speed);
    let decades = (MAX_SPEED / MIN_SPEED).log10();
    let t = (s / MIN_SPEED).log10() / decades;
    (t * f64::from(SLIDER_STEPS)).round() as u32
}

/// `speed` limited to the slider's range; `NaN` becomes 1x.
pub fn clamp_speed(speed: f64) -> f64 {
    if speed.is_nan() {
        return 1.0;
    }
    speed.clamp(MIN_SPEED, MAX_SPEED)
}

/// The sentence for the page's notice when a link asks for `asked` times real time
/// and the run plays at [`clamp_speed`]`(asked)` instead; `None` when it is in range.
pub fn clamp_note(asked: f64) -> Option<String> {
    let speed = clamp_speed(asked);
    if speed == asked {
        return None;
    }
    let limit = if asked > MAX_SPEED {
        "fastest"
    } else {
        "slowest"
    };
    Some(format!(
        "The link asks for speed={}, beyond the {limit} speed the lab plays: it plays at {}.",
        super::format::short(asked, 3),
        speed_label(speed)
    ))
}

/// Two significant digits, so the label and the URL stay short (0.1, 0.32, 3.2, 32).
fn round_speed(s: f64) -> f64 {
    let magnitude = 10f64.powf(s.log10().floor() - 1.0);
    (s / magnitude).round() * magnitude
}

/// A label such as `0.1x`, `2.5x` or `100x`.
pub fn speed_label(speed: f64) -> String {
    let s = round_speed(clamp_speed(speed));
    let text = super::format::fixed(s, 3);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}x")
}

/// Simulated microseconds to advance for a frame of `dt_ms` wall milliseconds at
/// `speed`. `carry` keeps the sub-microsecond remainder so slow speeds still move.
pub fn frame_advance_us(dt_ms: f64, speed: f64, carry: &mut f64) -> u64 {
    let dt = if dt_ms.is_finite() {
        dt_ms.clamp(0.0, MAX_FRAME_MS)
    } else {
        0.0
    };
    let exact = dt * 1_000.0 * clamp_speed(speed) + *carry;
    let whole = exact.floor();
    *carry = exact - whole;
    whole as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slider_covers_the_range_and_round_trips() {
        assert_eq!(speed_at(0), MIN_SPEED);
        assert_eq!(speed_at(SLIDER_STEPS), MAX_SPEED);
        assert_eq!(speed_at(SLIDER_STEPS * 2), MAX_SPEED);
        for speed in [0.01, 0.1, 1.0, 10.0, 100.0] {
            let back = speed_at(position_of(speed));
            assert!((back - speed).abs() / speed < 0.02, "{speed} -> {back}");
        }
        assert!(speed_at(100) < speed_at(110));
    }

    /// U9: every arrow-key step of the slider reaches a new speed, and that speed's
    /// position rounds to the step's, so the slider does not snap back.
    #[test]
    fn each_arrow_step_changes_the_speed_and_stays_there() {
        for pos in (0..SLIDER_STEPS).step_by(SLIDER_STEP as usize) {
            let (here, next) = (speed_at(pos), speed_at(pos + SLIDER_STEP));
            assert!(next > here, "{pos}: {here} -> {next}");
            // The browser rounds the position the page sets to the nearest step.
            let shown = (position_of(here) + SLIDER_STEP / 2) / SLIDER_STEP * SLIDER_STEP;
            assert_eq!(shown, pos, "{here}");
        }
    }

    #[test]
    fn labels_are_short() {
        assert_eq!(speed_label(0.1), "0.1x");
        assert_eq!(speed_label(1.0), "1x");
        assert_eq!(speed_label(2.5), "2.5x");
        assert_eq!(speed_label(100.0), "100x");
        assert_eq!(speed_label(0.0316), "0.032x");
        assert_eq!(speed_label(1e9), "100x");
    }

    #[test]
    fn a_clamped_speed_says_so() {
        assert_eq!(clamp_note(2.5), None);
        assert_eq!(
            clamp_note(1000.0).as_deref(),
            Some("The link asks for speed=1000, beyond the fastest speed the lab plays: it plays at 100x.")
        );
        assert!(clamp_note(0.001)
            .unwrap()
            .contains("slowest speed the lab plays: it plays at 0.01x"));
    }

    #[test]
    fn frames_advance_by_dt_times_speed_with_a_cap() {
        let mut carry = 0.0;
        assert_eq!(frame_advance_us(16.0, 1.0, &mut carry), 16_000);
        assert_eq!(frame_advance_us(10_000.0, 1.0, &mut carry), 100_000);
        assert_eq!(frame_advance_us(f64::NAN, 1.0, &mut carry), 0);
        assert_eq!(frame_advance_us(-5.0, 1.0, &mut carry), 0);
        // 0.0004 µs per frame accumulates instead of being lost.
        let mut total = 0;
        for _ in 0..10_000 {
            total += frame_advance_us(0.00004, 0.01, &mut carry);
        }
        assert!((3..=4).contains(&total), "{total}");
    }
}
