//! Keeps the last operation in view when a picture is wider than the stage (a B-tree
//! with many leaves scrolls sideways; at first its root can be off to the right). On the
//! animation frame after a change is drawn, a lane whose focus lies outside its visible
//! part is scrolled to centre it. The focus is the deepest page on the last get's path, else a page the last put
//! split, else the root. A lane that fits, or whose focus is visible, is left alone, so
//! scrolling by hand is not undone.

use wasm_bindgen::JsCast;
use web_sys::Element;

/// Scrolls every storage lane on the page whose focus is out of view, then shows the
/// scroll cue of each lane with more picture to its right ([`show_scroll_cue`]).
pub fn follow_focus() {
    for lane in lanes() {
        follow_lane(&lane);
        show_scroll_cue(&lane);
    }
}

/// Shows the scroll cue of every lane with more picture to its right (after a resize).
pub fn update_scroll_cues() {
    for lane in lanes() {
        show_scroll_cue(&lane);
    }
}

/// The storage lanes on the page.
fn lanes() -> Vec<Element> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let Ok(list) = doc.query_selector_all(".storage-stage .lane") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// Marks `lane`'s wrapper `data-more="right"` while part of its picture lies right of the
/// visible part, so a fade and "scroll →" show over its right edge (touch screens hide
/// scroll bars until a scroll starts).
pub fn show_scroll_cue(lane: &Element) {
    let Some(wrap) = lane.parent_element() else {
        return;
    };
    let hidden_right = lane.scroll_width() - lane.client_width() - lane.scroll_left();
    let _ = if more_right(hidden_right) {
        wrap.set_attribute("data-more", "right")
    } else {
        wrap.remove_attribute("data-more")
    };
}

/// True when more than a rounding's worth of pixels (`hidden_right`) lies beyond the
/// right edge.
pub fn more_right(hidden_right: i32) -> bool {
    hidden_right > 2
}

/// Centres `lane`'s focus when it is out of view in a lane wider than the stage.
fn follow_lane(lane: &Element) {
    if lane.scroll_width() <= lane.client_width() {
        return;
    }
    let Some(focus) = focus_of(lane) else {
        return;
    };
    let (l, f) = (
        lane.get_bounding_client_rect(),
        focus.get_bounding_client_rect(),
    );
    if let Some(dx) = scroll_by((l.left(), l.right()), (f.left(), f.right())) {
        lane.set_scroll_left(lane.scroll_left() + dx);
    }
}

/// The element to keep in view in `lane`, if it draws pages.
fn focus_of(lane: &Element) -> Option<Element> {
    let by_top = |a: &Element, b: &Element| top(a).total_cmp(&top(b));
    let deepest = |sel: &str| matching(lane, sel).into_iter().max_by(by_top);
    deepest(".page.probe-found")
        .or_else(|| deepest(".page.split"))
        .or_else(|| matching(lane, ".page").into_iter().min_by(by_top))
}

/// The elements of `lane` that match `sel`.
fn matching(lane: &Element, sel: &str) -> Vec<Element> {
    let Ok(list) = lane.query_selector_all(sel) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// Top edge on screen, pixels.
fn top(e: &Element) -> f64 {
    e.get_bounding_client_rect().top()
}

/// Pixels to scroll right (negative: left) so that `focus` (left, right edges) is
/// centred in `view`, or `None` when it is wholly visible already.
pub fn scroll_by(view: (f64, f64), focus: (f64, f64)) -> Option<i32> {
    if focus.0 >= view.0 && focus.1 <= view.1 {
        return None;
    }
    let centre = |(a, b): (f64, f64)| (a + b) / 2.0;
    Some((centre(focus) - centre(view)).round() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolls_only_when_the_focus_is_out_of_view() {
        assert_eq!(scroll_by((0.0, 900.0), (100.0, 200.0)), None);
        assert_eq!(scroll_by((0.0, 900.0), (0.0, 900.0)), None);
        // Off to the right: bring its centre (2050) to the view's centre (450).
        assert_eq!(scroll_by((0.0, 900.0), (2000.0, 2100.0)), Some(1600));
        // Partly off to the left.
        assert_eq!(scroll_by((100.0, 1000.0), (50.0, 150.0)), Some(-450));
    }

    #[test]
    fn the_cue_shows_only_with_picture_beyond_the_edge() {
        assert!(more_right(300));
        assert!(!more_right(1), "a rounding pixel");
        assert!(!more_right(0));
        assert!(!more_right(-40), "narrower than the lane");
    }
}
