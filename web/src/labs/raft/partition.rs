//! Picking a partition: toggle servers into group B, then cut every link between the
//! groups; "heal" repairs every cut. Also a shortcut to send a client request to the
//! current leader.

use super::state::RaftLabState;
use crate::shell::context::context;
use ddia_core::sim::Action;
use leptos::prelude::*;

/// True when `group_b` splits `n` servers into two non-empty groups.
pub fn is_split(group_b: u64, n: usize) -> bool {
    let all = (1u64 << n) - 1;
    let b = group_b & all;
    b != 0 && b != all
}

/// Why Partition does nothing now, if it does nothing: a partition is in place (heal it
/// first: cutting again would only record the same cut twice), or group B does not split
/// the cluster.
pub fn partition_blocked(group_b: u64, n: usize, partitioned: bool) -> Option<&'static str> {
    if partitioned {
        Some("A partition is in place already: Heal it first")
    } else if !is_split(group_b, n) {
        Some("Pick the servers of group B first (some, not all)")
    } else {
        None
    }
}

/// Why Heal does nothing now, if it does nothing: no link is cut.
pub fn heal_blocked(partitioned: bool) -> Option<&'static str> {
    (!partitioned).then_some("Nothing to heal: no link is cut")
}

/// The partition picker.
#[component]
pub fn PartitionPicker() -> impl IntoView {
    let st = context::<RaftLabState>();
    let n = Memo::new(move |_| st.snap.with(|s| s.nodes.len()));
    let partitioned = Memo::new(move |_| st.snap.with(|s| !s.cut.is_empty()));
    let leader = Memo::new(move |_| st.snap.with(|s| s.leader.map(|l| l.id)));
    let chips = move || {
        (0..n.get())
            .map(|i| {
                let on = move || st.group_b.get() & (1 << i) != 0;
                view! {
                    <button
                        class="chip"
                        class:on=on
                        aria-pressed=move || on().to_string()
                        aria-label=format!("Put S{} in group B", i + 1)
                        on:click=move |_| st.group_b.update(|g| *g ^= 1 << i)
                    >
                        {format!("S{}", i + 1)}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <section class="group" aria-label="partition and client">
            <h2>"Partition " <span class="muted">"(group B vs the rest)"</span></h2>
            <div class="chips">{chips}</div>
            <div class="button-row">
                <button
                    data-action="partition"
                    aria-label="Partition: cut every link between group B and the rest"
                    title=move || partition_blocked(st.group_b.get(), n.get(), partitioned.get())
                        .unwrap_or("Cut every link between group B and the rest")
                    disabled=move || partition_blocked(st.group_b.get(), n.get(), partitioned.get()).is_some()
                    on:click=move |_| st.act(Action::Partition { side: st.group_b.get_untracked() })
                >
                    "✂ Partition"
                </button>
                <button
                    data-action="heal"
                    aria-label="Heal: repair every partition"
                    title=move || heal_blocked(partitioned.get()).unwrap_or("Repair every cut link")
                    disabled=move || heal_blocked(partitioned.get()).is_some()
                    on:click=move |_| st.act(Action::Heal)
                >
                    "⇄ Heal"
                </button>
                <button
                    data-action="client-leader"
                    aria-label=move || format!("x={} → leader: a client sends it to the current leader", st.next_command())
                    title="A client sends the next command to the current leader"
                    disabled=move || leader.get().is_none()
                    on:click=move |_| {
                        if let Some(l) = leader.get_untracked() {
                            st.client_request(l);
                        }
                    }
                >
                    {move || format!("✉ x={} → leader", st.next_command())}
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_and_heal_say_why_they_are_off() {
        assert_eq!(partition_blocked(0b00011, 5, false), None);
        assert!(partition_blocked(0b00011, 5, true)
            .unwrap()
            .contains("Heal it first"));
        assert!(partition_blocked(0, 5, false).unwrap().contains("group B"));
        assert_eq!(heal_blocked(true), None);
        assert!(heal_blocked(false).unwrap().contains("Nothing to heal"));
    }

    #[test]
    fn a_split_needs_two_non_empty_groups() {
        assert!(!is_split(0, 5));
        assert!(!is_split(0b11111, 5));
        assert!(is_split(0b00011, 5));
        assert!(
            !is_split(0b100000, 5),
            "servers beyond the cluster do not count"
        );
    }
}
