//! The logs under a lab's stage (log table, event log, charts): side by side in the
//! wide layout, tabs of a drawer in the compact one ([`super::compact`]), closed until
//! a tab is picked so that the stage and the controls keep the screen. Which of the two
//! shows is decided by `static/app.css`; the markup is the same.

use leptos::prelude::*;

/// One tab of the drawer.
pub struct DrawerTab {
    /// The tab's label, e.g. "Events".
    pub label: &'static str,
    /// What the tab shows.
    pub view: AnyView,
    /// Shown only in the compact layout (e.g. a legend the wide stage draws itself).
    pub compact_only: bool,
}

impl DrawerTab {
    /// A tab shown in every layout.
    pub fn new(label: &'static str, view: impl IntoView + 'static) -> Self {
        DrawerTab {
            label,
            view: view.into_any(),
            compact_only: false,
        }
    }

    /// A tab shown only in the compact layout.
    pub fn compact_only(label: &'static str, view: impl IntoView + 'static) -> Self {
        DrawerTab {
            compact_only: true,
            ..DrawerTab::new(label, view)
        }
    }
}

/// The next open tab after a click on tab `clicked`: a click on the open tab closes
/// the drawer, a click on another tab opens that one.
pub fn toggled(open: Option<usize>, clicked: usize) -> Option<usize> {
    (open != Some(clicked)).then_some(clicked)
}

/// The drawer: a tab bar (compact layout only) and one panel per tab.
#[component]
pub fn LogDrawer(
    /// The tabs, in order; in the wide layout their panels sit side by side.
    tabs: Vec<DrawerTab>,
) -> impl IntoView {
    let open = RwSignal::new(None::<usize>);
    let (buttons, panels): (Vec<_>, Vec<_>) = tabs
        .into_iter()
        .enumerate()
        .map(|(i, tab)| {
            let selected = move || open.get() == Some(i);
            let (tab_id, panel_id) = (format!("drawer-tab-{i}"), format!("drawer-panel-{i}"));
            let button = view! {
                <button
                    role="tab"
                    class="drawer-tab"
                    id=tab_id.clone()
                    aria-controls=panel_id.clone()
                    aria-selected=move || selected().to_string()
                    class:open=selected
                    on:click=move |_| open.update(|o| *o = toggled(*o, i))
                >
                    {tab.label}
                    <span class="drawer-caret" aria-hidden="true">{move || if selected() { "▾" } else { "▴" }}</span>
                </button>
            };
            let panel = view! {
                <div
                    role="tabpanel"
                    class="drawer-panel"
                    id=panel_id
                    aria-labelledby=tab_id
                    class:open=selected
                    class:compact-only=tab.compact_only
                >
                    {tab.view}
                </div>
            };
            (button, panel)
        })
        .unzip();
    view! {
        <footer class="bottom drawer" class:open=move || open.get().is_some()>
            <div class="drawer-tabs" role="tablist" aria-label="logs">{buttons}</div>
            {panels}
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_opens_a_tab_and_a_second_click_closes_it() {
        assert_eq!(toggled(None, 1), Some(1));
        assert_eq!(toggled(Some(1), 1), None);
        assert_eq!(toggled(Some(0), 1), Some(1));
    }
}
