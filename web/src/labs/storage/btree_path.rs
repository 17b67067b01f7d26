//! The root-to-leaf path of the B-tree's last operation, drawn small above the tree and
//! kept in view: a tree with many leaves is far wider than the stage, and its root sits
//! over the middle of the leaves, so the root and the leaf a get or put reached are
//! rarely in view together. Each page of the path shows the separators around the
//! branch the key took (`254 ▾ 414`: `254 <= key < 414`) and the leaf the key's
//! neighbours (DDIA ch. 3, "B-Trees": a lookup reads one page per level).

use ddia_core::storage::btree::{descent, PageView};
use ddia_core::storage::workload::Op;
use ddia_core::storage::Key;
use leptos::prelude::*;

/// The key an operation descends to, and its verb; `None` for a scan.
fn op_key(op: &Op) -> Option<(&'static str, Key)> {
    match op {
        Op::Put { key, .. } => Some(("put", *key)),
        Op::Get { key } => Some(("get", *key)),
        Op::Delete { key } => Some(("delete", *key)),
        Op::Scan { .. } => None,
    }
}

/// What a page of the path shows: the keys before the spot the search reached, then
/// the keys after it, each side cut to its nearest key (`more_before` / `more_after`
/// when keys were left out). On an internal page the spot is the branch taken; on a
/// leaf it is the key itself when the leaf `holds` it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathWindow {
    /// Keys were left out before the first shown.
    pub more_before: bool,
    /// The key just before the spot, if any.
    pub before: Option<Key>,
    /// The leaf holds the searched key (always false on an internal page).
    pub holds: bool,
    /// The key just after the spot (after the key itself on a leaf that holds it).
    pub after: Option<Key>,
    /// Keys were left out after the last shown.
    pub more_after: bool,
}

/// The window of `page` around `key`: on an internal page the separators either side
/// of the child `key` descends to, on a leaf the neighbours of where `key` is or would go.
pub fn window(page: &PageView, key: Key) -> PathWindow {
    let keys = &page.keys;
    let (at, holds) = if page.leaf {
        let i = keys.partition_point(|k| *k < key);
        (i, keys.get(i) == Some(&key))
    } else {
        (page.child_slot(key), false)
    };
    let next = at + usize::from(holds);
    PathWindow {
        more_before: at > 1,
        before: at.checked_sub(1).and_then(|i| keys.get(i).copied()),
        holds,
        after: keys.get(next).copied(),
        more_after: next + 1 < keys.len(),
    }
}

/// The markup of a page's keys around the spot: `… 254 ▾ 414 …` (only digits, fixed
/// words and marks: nothing to escape).
fn keys_html(page: &PageView, key: Key, w: &PathWindow) -> String {
    let spot = match (page.leaf, w.holds) {
        (true, true) => format!("<b class=\"path-key\">{key}</b>"),
        (true, false) => {
            format!("<span class=\"path-miss\" title=\"{key} is not on this leaf\">✗{key}</span>")
        }
        (false, _) => format!(
            "<span class=\"path-branch\" title=\"the branch to the child page for {key}\">▾</span>"
        ),
    };
    let mut html = String::new();
    if w.more_before {
        html.push_str("… ");
    }
    if let Some(k) = w.before {
        html.push_str(&format!("{k} "));
    }
    html.push_str(&spot);
    if let Some(k) = w.after {
        html.push_str(&format!(" {k}"));
    }
    if w.more_after {
        html.push_str(" …");
    }
    html
}

/// A page's tooltip: why the search went where it went.
fn page_tip(page: &PageView, key: Key, w: &PathWindow) -> String {
    let no = page.page;
    match (page.leaf, w.before, w.after) {
        (true, _, _) if w.holds => format!("page {no} (leaf): holds {key}"),
        (true, _, _) => format!("page {no} (leaf): {key} would go here; it is not on the page"),
        (false, Some(lo), Some(hi)) => {
            format!("page {no} (internal): {lo} <= {key} < {hi}, so down this branch")
        }
        (false, Some(lo), None) => {
            format!("page {no} (internal): {key} >= {lo}, so down the last branch")
        }
        (false, None, Some(hi)) => {
            format!("page {no} (internal): {key} < {hi}, so down the first branch")
        }
        (false, None, None) => format!("page {no} (internal)"),
    }
}

/// One page box of the path.
fn page_item(page: &PageView, key: Key) -> AnyView {
    let w = window(page, key);
    let kind = if page.leaf { "leaf" } else { "internal" };
    view! {
        <li class=format!("path-page {kind}") data-page=page.page data-depth=page.depth title=page_tip(page, key, &w)>
            <span class="page-no">{format!("p{}", page.page)}</span>
            <span class="path-keys" inner_html=keys_html(page, key, &w)></span>
        </li>
    }
    .into_any()
}

/// The path of `op` through `pages` (a `BTree::view()`), root first, when the tree has
/// more than one level and the operation reads a key; otherwise nothing.
pub fn btree_path(pages: &[PageView], op: Option<&Op>) -> Option<AnyView> {
    let (verb, key) = op.and_then(op_key)?;
    let path = descent(pages, key);
    if path.len() < 2 {
        return None;
    }
    let items: Vec<AnyView> = path.iter().map(|p| page_item(p, key)).collect();
    let title = format!("{verb} {key}, root to leaf:");
    Some(
        view! {
            <div class="btree-path" role="group" aria-label=format!("Path of {verb} {key} from the root page to a leaf")>
                <span class="path-title">{title}</span>
                <ol>{items}</ol>
            </div>
        }
        .into_any(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(leaf: bool, keys: &[Key]) -> PageView {
        PageView {
            page: 7,
            depth: 1,
            leaf,
            keys: keys.to_vec(),
            children: if leaf {
                Vec::new()
            } else {
                (0..=keys.len() as u32).collect()
            },
        }
    }

    #[test]
    fn an_internal_page_shows_the_separators_around_the_branch() {
        let p = page(false, &[100, 200, 300, 400]);
        let w = window(&p, 250);
        assert_eq!(
            (w.more_before, w.before, w.after, w.more_after),
            (true, Some(200), Some(300), true)
        );
        assert!(!w.holds);
        // Equal to a separator: right of it.
        assert_eq!(window(&p, 200).before, Some(200));
        let first = window(&p, 5);
        assert_eq!(
            (first.more_before, first.before, first.after),
            (false, None, Some(100))
        );
        let last = window(&p, 999);
        assert_eq!(
            (last.before, last.after, last.more_after),
            (Some(400), None, false)
        );
    }

    #[test]
    fn a_leaf_shows_the_key_or_where_it_would_go() {
        let p = page(true, &[1, 2, 3, 5, 8]);
        let found = window(&p, 3);
        assert_eq!(
            (found.before, found.holds, found.after),
            (Some(2), true, Some(5))
        );
        assert!(found.more_before && found.more_after);
        let missing = window(&p, 4);
        assert_eq!(
            (missing.before, missing.holds, missing.after),
            (Some(3), false, Some(5))
        );
        let end = window(&p, 8);
        assert_eq!((end.holds, end.after, end.more_after), (true, None, false));
    }

    #[test]
    fn the_keys_read_around_the_spot() {
        let inner = page(false, &[100, 200, 300, 400]);
        let html = keys_html(&inner, 250, &window(&inner, 250));
        assert!(
            html.starts_with("… 200 <span class=\"path-branch\""),
            "{html}"
        );
        assert!(html.ends_with("▾</span> 300 …"), "{html}");
        let leaf = page(true, &[1, 2]);
        assert_eq!(
            keys_html(&leaf, 1, &window(&leaf, 1)),
            "<b class=\"path-key\">1</b> 2"
        );
        assert!(page_tip(&inner, 250, &window(&inner, 250)).contains("200 <= 250 < 300"));
    }

    #[test]
    fn scans_have_no_single_path() {
        assert_eq!(op_key(&Op::Scan { lo: 1, hi: 9 }), None);
        assert_eq!(op_key(&Op::Get { key: 4 }), Some(("get", 4)));
    }
}
