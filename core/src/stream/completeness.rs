//! Window completeness against watermark delay (DDIA ch. 11, "Knowing when you're
//! ready": wait too short and results miss stragglers, wait too long and they come
//! late): the same events run through the windowing operator once per watermark bound,
//! measuring how many events each bound leaves out as late and how long after its
//! window's end a result fires.

use alloc::vec::Vec;

use super::watermark::WatermarkParams;
use super::window::TimedEvent;
use super::windowing::{run_windows, EmissionKind, WindowParams};

/// One watermark bound's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Completeness {
    /// The watermark bound, µs.
    pub bound_us: u64,
    /// Events that arrived after their window fired (late, whatever the policy did).
    pub late: u64,
    /// On-time results emitted.
    pub fired: u64,
    /// Mean processing time from a window's end to its on-time result, µs (0 when none
    /// fired).
    pub mean_wait_us: u64,
}

/// Runs `events` with `params` once for each of `bounds` (the input never ends, so
/// only windows the watermark passes fire).
pub fn completeness(
    events: &[TimedEvent],
    params: &WindowParams,
    bounds: &[u64],
) -> Vec<Completeness> {
    bounds
        .iter()
        .map(|&bound_us| {
            let p = WindowParams {
                watermark: WatermarkParams {
                    bound_us,
                    ..params.watermark
                },
                ..*params
            };
            let run = run_windows(events, &p, None);
            let waits: Vec<u64> = run
                .emissions
                .iter()
                .filter(|e| e.kind == EmissionKind::OnTime)
                .filter_map(|e| e.window.map(|w| e.at_us.saturating_sub(w.end)))
                .collect();
            let fired = waits.len() as u64;
            Completeness {
                bound_us,
                late: run.late.len() as u64,
                fired,
                mean_wait_us: waits.iter().sum::<u64>().checked_div(fired).unwrap_or(0),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::window::WindowKind;
    use crate::stream::windowing::LatePolicy;

    #[test]
    fn a_looser_watermark_leaves_fewer_events_late_and_fires_later() {
        // One event per ms; every fifth arrives 50 ms late, the others 1 ms.
        let events: Vec<TimedEvent> = (0..400u64)
            .map(|i| TimedEvent {
                partition: 0,
                key: 0,
                event_us: i * 1_000,
                arrival_us: i * 1_000 + if i % 5 == 0 { 50_000 } else { 1_000 },
                value: 1,
                id: i,
            })
            .collect();
        let params = WindowParams {
            kind: WindowKind::Tumbling { size_us: 20_000 },
            watermark: WatermarkParams::default(),
            lateness_us: 0,
            policy: LatePolicy::Drop,
            partitions: 1,
        };
        let c = completeness(&events, &params, &[0, 20_000, 60_000]);
        assert!(c[0].late > c[1].late && c[1].late > c[2].late, "{c:?}");
        assert_eq!(c[2].late, 0, "60 ms covers every straggler");
        assert!(
            c[0].mean_wait_us < c[1].mean_wait_us && c[1].mean_wait_us < c[2].mean_wait_us,
            "{c:?}"
        );
    }
}
