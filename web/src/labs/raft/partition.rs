//! Picking a partition: toggle servers into group B, then cut every link between the
//! groups; "heal" repairs every cut. Also a shortcut to send a client request to the
//! current leader.

use super::state::RaftLabState;
use ddia_core::sim::Action;
use leptos::prelude::*;

/// True when `group_b` splits `n` servers into two non-empty groups.
pub fn is_split(group_b: u64, n: usize) -> bool {
    let all = (1u64 << n) - 1;
    let b = group_b & all;
    b != 0 && b != all
}

/// The partition picker.
#[component]
pub fn PartitionPicker() -> impl IntoView {
    let st = expect_context::<RaftLabState>();
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
                    disabled=move || !is_split(st.group_b.get(), n.get())
                    on:click=move |_| st.act(Action::Partition { side: st.group_b.get_untracked() })
                >
                    "✂ Partition"
                </button>
                <button
                    data-action="heal"
                    aria-label="Heal: repair every partition"
                    disabled=move || !partitioned.get()
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
