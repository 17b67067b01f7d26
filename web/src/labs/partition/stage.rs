//! The stage: a status line, the picture (the hash ring, or the key-range bar for key
//! range partitioning) with the picked key, the movement counter of the last add or
//! remove, and the per-node load bars. A click on the picture picks the nearest key.

use super::bar_view::{bar_layers, picked_bar};
use super::compare::AllStrategies;
use super::dots::travel_dots;
use super::geometry::{client_to_view, dot_width, view_box, view_rect, Frame, ASPECT};
use super::handoff_run::HandoffRun;
use super::handoff_view::HandoffView;
use super::legend::PartitionLegend;
use super::load_bars::LoadBars;
use super::lookup::{brief, lookup};
use super::movement_view::MoveCounter;
use super::ring_view::{picked_ring, ring_layers};
use super::route_view::RouteView;
use super::scatter_view::ScatterGather;
use super::state::{PartitionState, StageView};
use super::travel::{parcels, travel_layers};
use crate::shell::book_picker::book_text;
use crate::shell::context::context;
use ddia_core::partition::book::BOOK;
use ddia_core::partition::scenario::PartitionAction;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How far from a click a key may be and still be picked, user units.
pub const PICK_REACH: f64 = 14.0;

/// The picture: ring or bar, the picked key over it.
#[component]
fn Picture() -> impl IntoView {
    let st = context::<PartitionState>();
    let pic = st.picture;
    let dot = Memo::new(move |_| {
        let keys = st.with_session(|s| s.keys().len());
        pic.with(|p| dot_width(p.frame, keys))
    });
    let layers = move || {
        pic.with(|p| match p.frame {
            Frame::Ring => ring_layers(p, dot.get(), false),
            Frame::Bar { .. } => bar_layers(p, dot.get(), false),
        })
    };
    // The moved keys' parcels change with the picture; where they are, every frame.
    let run = context::<HandoffRun>();
    let parcels = Memo::new(move |_| {
        st.version.track();
        let plan = st.with(|l| l.handoff_plan());
        pic.with(|p| parcels(p, &plan))
    });
    let travel = move || {
        run.transits(|_, transits, now| {
            parcels.with(|ps| travel_dots(&travel_layers(ps, transits, now), dot.get()))
        })
    };
    let frame = Memo::new(move |_| pic.with(|p| p.frame));
    let picked = move || {
        let key = st.selected.get()?;
        let f = frame.get();
        let l = st.with_session(|s| lookup(s, key));
        let at = f.point(key);
        Some(match f {
            Frame::Ring => picked_ring(&l, at),
            Frame::Bar { .. } => picked_bar(at),
        })
    };
    let view_box = move || view_box(frame.get());
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let r = el.get_bounding_client_rect();
        let at = client_to_view(
            (f64::from(ev.client_x()), f64::from(ev.client_y())),
            (r.left(), r.top(), r.width(), r.height()),
            view_rect(frame.get_untracked()),
        );
        st.pick_at(at, PICK_REACH);
    };
    view! {
        <svg
            class="partition-svg"
            class:ring=move || frame.get() == Frame::Ring
            viewBox=view_box
            preserveAspectRatio=ASPECT
            role="img"
            aria-label=move || st.picture_summary()
            on:click=on_click
        >
            {layers}
            {picked}
        </svg>
        // The moved keys on their own SVG over the picture, composited apart (a layer of
        // its own: static/partition.css), so their flight each frame repaints only them,
        // not the 10^4 dots under them (`make bench`: 37 -> 60 fps while a node joins).
        <svg class="travel-layer" viewBox=view_box preserveAspectRatio=ASPECT aria-hidden="true">
            {travel}
        </svg>
    }
}

/// One line above the picture: strategy, nodes, partitions, keys, progress through
/// the recorded actions, the last thing that happened, a broken invariant.
#[component]
fn StatusLine() -> impl IntoView {
    let st = context::<PartitionState>();
    let text = move || st.status_text();
    let last = move || st.with(|l| l.status_line().map(|line| format!("last: {}", line.text)));
    let sampled = move || {
        let every = st.picture.with(|p| p.every);
        (every > 1).then(|| format!("drawing one key in {every}"))
    };
    let violation = move || st.with(|l| l.violation().map(str::to_string));
    // The picked key's answer, where the click was (the full lookup is in the panel).
    let picked = move || {
        let key = st.selected.get()?;
        Some(st.with_session(|s| brief(&lookup(s, key))))
    };
    view! {
        <div class="status-line partition-status">
            <span class="progress">{text}</span>
            {move || sampled().map(|t| view! { <span class="muted">{t}</span> })}
            {move || last().map(|t| view! { <span class="last-op">{t}</span> })}
            {move || picked().map(|t| view! { <span class="picked-key" data-figure="picked">{t}</span> })}
            {move || violation().map(|v| view! { <span class="violation" role="alert">{v}</span> })}
        </div>
    }
}

/// On a phone, the book scenario's caption and expected outcome above the stage, folded
/// to its title so the picture is in the first screen, and opened by a tap on it (the
/// panel's strip under the stage is too short to read them; CSS shows this only on
/// narrow screens and hides the panel's copy there).
#[component]
fn BookBrief() -> impl IntoView {
    let st = context::<PartitionState>();
    let chosen = move || st.with(|l| ddia_core::book::find(BOOK, l.scenario().name.as_deref()?));
    move || {
        chosen().map(|c| {
            view! {
                <details class="book-brief">
                    <summary>{c.title}</summary>
                    {book_text(c)}
                </details>
            }
        })
    }
}

/// The stage.
#[component]
pub fn PartitionStage() -> impl IntoView {
    let st = context::<PartitionState>();
    let run = HandoffRun::start(st);
    st.handoff.set_value(Some(run));
    provide_context(run);
    let shown = st.view;
    // After an index run the scatter/gather diagram takes the picture's place, large
    // enough to read (play16b N14); the picture returns with the next action.
    let index_first =
        Memo::new(move |_| st.with(|l| matches!(l.last_action(), Some(PartitionAction::Index(_)))));
    let tab = move |v: StageView, label: &'static str, word: &'static str| {
        view! {
            <button role="tab" class="tab" data-view=word
                aria-selected=move || (shown.get() == v).to_string()
                class:active=move || shown.get() == v
                on:click=move |_| if shown.get_untracked() != v { shown.set(v) }>
                {label}
            </button>
        }
    };
    view! {
        <BookBrief />
        <StatusLine />
        <div class="tabs stage-tabs" role="tablist" aria-label="stage view">
            {tab(StageView::One, "Picture", "one")}
            {tab(StageView::All, "All five strategies", "all")}
            {tab(StageView::Handoff, "Over the network", "handoff")}
        </div>
        {move || match shown.get() {
            StageView::All => view! { <AllStrategies /> }.into_any(),
            StageView::Handoff => view! { <HandoffView /> }.into_any(),
            StageView::One => view! {
                <div class="partition-stage">
                    <div class="picture-box" class:index-first=index_first>
                        {move || if index_first.get() {
                            view! { <ScatterGather /> }.into_any()
                        } else {
                            view! { <Picture /> }.into_any()
                        }}
                    </div>
                    <div class="stage-side">
                        {move || (!index_first.get()).then(|| view! { <ScatterGather /> })}
                        <MoveCounter />
                        <RouteView />
                        <LoadBars />
                        <PartitionLegend />
                    </div>
                </div>
            }
            .into_any(),
        }}
    }
}
