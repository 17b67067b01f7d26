//! The legend: every mark of the two pictures, drawn as it appears there, with what
//! it means. Data rows, one component.

use leptos::prelude::*;

/// A legend row: the swatch's SVG class, its path in a 16x16 box, and the meaning.
pub type Entry = (&'static str, &'static str, &'static str);

/// The topology's marks.
pub const TOPOLOGY: [Entry; 10] = [
    (
        "rec",
        "M2 3h12v10H2z",
        "a record in a partition (offset order, newest right)",
    ),
    (
        "offset",
        "M6 2L4 14M12 2l-2 12M3 6h11M2 10h11",
        "offsets: the first drawn (left), the end offset, next to be written (right)",
    ),
    (
        "rec done",
        "M2 3h12v10H2z",
        "a record below the committed offset",
    ),
    (
        "committed",
        "M8 4l-5 8h10z",
        "the partition's committed offset",
    ),
    (
        "v2pos",
        "M3 4h10l-5 8z",
        "the v2 builder's next offset (its own position, outside the group)",
    ),
    (
        "assign own-0",
        "M1 8H15",
        "the consumer that reads the partition",
    ),
    (
        "assign paused",
        "M1 8H15",
        "assignment paused by a rebalance",
    ),
    (
        "node down",
        "M2 2h12v12H2z",
        "crashed: memory lost, disk (log, sink) kept",
    ),
    (
        "msg data",
        "M8 8m-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0",
        "message with events or effects",
    ),
    (
        "msg lost",
        "M8 8m-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0",
        "message lost on the way (control: grey)",
    ),
];

/// The plane's marks.
pub const PLANE: [Entry; 8] = [
    (
        "ev own-0",
        "M8 8m-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0",
        "an event's window update on time, one per effect in the sink (a duplicated effect \
         twice, a lost one never), coloured by partition (session windows: by key)",
    ),
    ("ev dropped", "M4 4l8 8m0-8l-8 8", "late event dropped"),
    (
        "ev side",
        "M8 3l5 5l-5 5l-5-5z",
        "late event sent to the side output",
    ),
    (
        "ev corrected own-0",
        "M8 8m-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0",
        "late event that corrected its window (retraction + new result)",
    ),
    (
        "band",
        "M3 2h10v13H3z",
        "a window, up to when its result fired (count on top)",
    ),
    (
        "band pending",
        "M3 2h10v13H3z",
        "a window still waiting for the watermark",
    ),
    (
        "watermark",
        "M1 15V10H8V4H15",
        "the watermark: all events up to here are believed in",
    ),
    (
        "diagonal",
        "M1 15L15 1",
        "no delay (event time = processing time); now: dashed line",
    ),
];

/// The legend of `entries`, as a list.
pub fn legend(label: &'static str, entries: &'static [Entry]) -> impl IntoView {
    view! {
        <ul class="legend" aria-label=label>
            {entries
                .iter()
                .map(|(class, d, text)| view! {
                    <li><svg viewBox="0 0 16 16" aria-hidden="true"><path class=*class d=*d /></svg>{*text}</li>
                })
                .collect_view()}
        </ul>
    }
}
