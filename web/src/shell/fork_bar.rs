//! The run a fork discarded, beside the one kept (issue 18; Runway and Oddity keep
//! several branches): after an action at a past moment, a bar says where the two runs
//! first differ (clicking the moment goes there) and, on request, shows both at the
//! moment the timeline shows, side by side. A lab fills [`ForkNote`] and [`SideBySide`]
//! from its own state; the bar only draws them.

use super::format::ms;
use super::timeline::Timeline;
use ddia_core::sim::diverge::{first_difference, MaybeInput};
use ddia_core::sim::Record;
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where a fork happened and where the two runs part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForkNote {
    /// The moment the learner acted, µs.
    pub at_us: u64,
    /// The first event the runs disagree on: its moment (µs), this run's event and the
    /// discarded run's, in words; `None` if none was found within the look-ahead.
    pub parted: Option<(u64, String, String)>,
}

impl ForkNote {
    /// The note of a fork at `at_us`, given each run's events from the fork on (kept
    /// run first) and whether that run ended there (rather than a look-ahead budget);
    /// `say` puts an event in words.
    pub fn new<'a, E: MaybeInput + 'a>(
        at_us: u64,
        (ours, ours_ended): (impl IntoIterator<Item = &'a Record<E>>, bool),
        (theirs, theirs_ended): (impl IntoIterator<Item = &'a Record<E>>, bool),
        say: impl Fn(&E) -> String,
    ) -> Self {
        let say = |r: Option<&Record<E>>| {
            r.map_or_else(|| String::from("nothing more happens"), |r| say(&r.event))
        };
        let parted = first_difference(ours, theirs, (ours_ended, theirs_ended)).map(|p| {
            let at = [p.ours, p.theirs]
                .into_iter()
                .flatten()
                .map(|r| r.at.as_micros())
                .min()
                .unwrap_or(at_us);
            (at, say(p.ours), say(p.theirs))
        });
        ForkNote { at_us, parted }
    }
}

/// Both runs at one moment: a row per node, (name, this run, the discarded run).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SideBySide {
    /// The moment the discarded run shows, µs (the timeline's, or its own end if it did
    /// not go that far).
    pub at_us: u64,
    /// One row per node.
    pub rows: Vec<(String, String, String)>,
}

/// The bar: nothing until a fork; `note` says where the runs part, `compare` gives
/// both at the moment shown (called only while the comparison is open; it tracks the
/// lab's own signal), `forget` drops the discarded run. Its contents are markup with
/// one click handler for its buttons (the labs' pages are near their size budget).
#[component]
pub fn ForkBar(
    /// The fork (tracked by the lab's own signal).
    #[prop(into)]
    note: Callback<(), Option<ForkNote>>,
    /// Both runs at the moment shown.
    #[prop(into)]
    compare: Callback<(), SideBySide>,
    /// Drops the discarded run.
    #[prop(into)]
    forget: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let timeline = use_context::<Timeline>();
    // The buttons are in the markup: a click is theirs if it lands inside one.
    let click = move |ev: MouseEvent| {
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let on = |class: &str| target.closest(class).ok().flatten().is_some();
        if on(".fork-first") {
            let at = untrack(|| note.run(())).and_then(|n| n.parted).map(|p| p.0);
            if let (Some(t), Some(at)) = (timeline, at) {
                t.seek(at);
            }
        } else if on(".fork-compare") {
            open.update(|o| *o = !*o);
        } else if on(".fork-forget") {
            open.set(false);
            forget.run(());
        }
    };
    // Rewritten only when it changes (its buttons stay under the pointer).
    let head = Memo::new(move |_| {
        note.run(())
            .map(|n| head_html(&n, open.get()))
            .unwrap_or_default()
    });
    let rows = move || {
        open.get().then(|| {
            let t = compare.run(());
            view! { <table class="fork-table" inner_html=table_html(&t)></table> }
        })
    };
    let shown = Memo::new(move |_| note.run(()).is_some());
    move || {
        shown.get().then(|| {
            view! {
                <div class="fork-bar" role="region" aria-label="the run before your change" on:click=click>
                    <div class="fork-head" inner_html=head></div>
                    {rows}
                </div>
            }
        })
    }
}

/// The bar's sentence (where the runs part) and its buttons, as markup.
fn head_html(n: &ForkNote, open: bool) -> String {
    let parted = match &n.parted {
        Some((at, ours, theirs)) => format!(
            " First difference at <button class=\"fork-first\" title=\"Go to that moment\">\
             {}</button>: this run: <b class=\"fork-ours\">{}</b> · the run before: \
             <b class=\"fork-theirs\">{}</b>",
            ms(*at),
            escape(ours),
            escape(theirs)
        ),
        None => String::from(" The two runs agree on every event the lab looked ahead at."),
    };
    format!(
        "<p class=\"fork-what\">You changed the run at {}; the run before is kept.{parted}</p>\
         <span class=\"fork-buttons\"><button class=\"fork-compare\" \
         aria-pressed=\"{open}\">Compare side by side</button>\
         <button class=\"fork-forget\">Forget it</button></span>",
        ms(n.at_us)
    )
}

/// The comparison table's markup: a caption, a header row, then a row per node (class
/// `differ` where the runs differ); texts escaped.
fn table_html(t: &SideBySide) -> String {
    let mut out = format!(
        "<caption>Both runs at {} (rows that differ are marked)</caption><thead><tr>\
         <th scope=\"col\">node</th><th scope=\"col\">this run</th>\
         <th scope=\"col\">the run before</th></tr></thead><tbody>",
        ms(t.at_us)
    );
    for (name, ours, theirs) in &t.rows {
        let class = if ours == theirs {
            ""
        } else {
            " class=\"differ\""
        };
        out.push_str(&format!(
            "<tr{class}><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            escape(name),
            escape(ours),
            escape(theirs)
        ));
    }
    out.push_str("</tbody>");
    out
}

/// `text` safe inside HTML markup (`&`, `<`, `>` and `"` escaped).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_names_both_events_and_the_buttons_say_what_they_do() {
        let n = ForkNote {
            at_us: 300_000,
            parted: Some((300_000, "S3 is down".into(), "S1 <sends>".into())),
        };
        let html = head_html(&n, true);
        assert!(
            html.starts_with("<p class=\"fork-what\">You changed the run at 300.0 ms;"),
            "{html}"
        );
        assert!(
            html.contains("<b class=\"fork-ours\">S3 is down</b>"),
            "{html}"
        );
        assert!(
            html.contains("<b class=\"fork-theirs\">S1 &lt;sends&gt;</b>"),
            "{html}"
        );
        assert!(html.contains("aria-pressed=\"true\""), "{html}");
        for class in ["fork-first", "fork-compare", "fork-forget"] {
            assert!(
                html.contains(&format!("<button class=\"{class}\"")),
                "{html}"
            );
        }
        let agree = head_html(
            &ForkNote {
                at_us: 0,
                parted: None,
            },
            false,
        );
        assert!(agree.contains("agree on every event") && !agree.contains("fork-first"));
    }

    #[test]
    fn the_table_marks_rows_that_differ_and_escapes_text() {
        let t = SideBySide {
            at_us: 1_500,
            rows: vec![
                ("S1".into(), "leader".into(), "leader".into()),
                ("S2".into(), "down".into(), "a <b> & \"c\"".into()),
            ],
        };
        let html = table_html(&t);
        assert!(html.starts_with("<caption>Both runs at 1.5 ms"), "{html}");
        assert!(
            html.contains("<tr><th scope=\"row\">S1</th><td>leader</td><td>leader</td></tr>"),
            "{html}"
        );
        assert!(html.contains("<tr class=\"differ\"><th scope=\"row\">S2</th><td>down</td><td>a &lt;b&gt; &amp; &quot;c&quot;</td></tr>"), "{html}");
    }
}
