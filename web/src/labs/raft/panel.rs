//! The Raft lab's control panel: transport, cluster settings (which restart the run),
//! live network faults (recorded as actions) and partitions.

use super::partition::PartitionPicker;
use super::state::RaftLabState;
use crate::shell::live_lab::LiveLab;
use crate::shell::slider::Slider;
use crate::shell::transport::Transport;
use leptos::prelude::*;

/// Microseconds as milliseconds for a slider.
fn to_ms(us: u64) -> f64 {
    us as f64 / 1_000.0
}

/// Slider milliseconds as microseconds.
fn from_ms(ms: f64) -> u64 {
    (ms.max(0.0) * 1_000.0).round() as u64
}

/// Parts per million as a slider percentage.
fn to_percent(ppm: u32) -> f64 {
    f64::from(ppm) / 10_000.0
}

/// A slider percentage as parts per million.
fn from_percent(p: f64) -> u32 {
    (p.clamp(0.0, 100.0) * 10_000.0).round() as u32
}

/// The panel.
#[component]
pub fn RaftPanel() -> impl IntoView {
    let st = expect_context::<RaftLabState>();
    let settings = st.settings;
    let params = move || settings.get().1;
    let links = Memo::new(move |_| st.snap.with(|s| s.links));
    let can_run = Signal::derive(move || st.snap.with(|s| s.violation.is_none()));
    view! {
        <Transport
            playing=st.playing
            can_run=can_run
            on_toggle=move |()| st.toggle_play()
            on_step=move |()| st.step()
            on_reset=move |()| st.reset()
            speed=st.speed
            seed=Signal::derive(move || settings.get().0)
            on_seed=move |seed: u64| st.rebuild(|s| s.seed = seed)
        />
        <section class="group" aria-label="cluster settings">
            <h2>"Cluster " <span class="muted">"(changes restart the run)"</span></h2>
            <div class="pair">
                <Slider
                    label="Servers"
                    unit="servers"
                    min=3.0
                    max=9.0
                    step=1.0
                    value=Signal::derive(move || params().nodes as f64)
                    on_commit=move |v: f64| st.rebuild(|s| s.raft.nodes = v as usize)
                />
                <Slider
                    label="Heartbeat"
                    unit="ms"
                    min=10.0
                    max=500.0
                    step=5.0
                    hint="How often a leader sends AppendEntries; keep it well below the election timeout"
                    value=Signal::derive(move || to_ms(params().heartbeat_us))
                    on_commit=move |v: f64| st.rebuild(|s| s.raft.heartbeat_us = from_ms(v))
                />
            </div>
            <div class="pair">
                <Slider
                    label="Timeout min"
                    unit="ms"
                    min=50.0
                    max=2000.0
                    step=10.0
                    hint="Each server waits a random time in [min, max] before standing for election"
                    value=Signal::derive(move || to_ms(params().election_min_us))
                    on_commit=move |v: f64| {
                        st.rebuild(|s| {
                            s.raft.election_min_us = from_ms(v);
                            s.raft.election_max_us = s.raft.election_max_us.max(from_ms(v));
                        })
                    }
                />
                <Slider
                    label="Timeout max"
                    unit="ms"
                    min=50.0
                    max=2000.0
                    step=10.0
                    value=Signal::derive(move || to_ms(params().election_max_us))
                    on_commit=move |v: f64| {
                        st.rebuild(|s| {
                            s.raft.election_max_us = from_ms(v);
                            s.raft.election_min_us = s.raft.election_min_us.min(from_ms(v));
                        })
                    }
                />
            </div>
        </section>
        <section class="group" aria-label="network faults">
            <h2>"Network " <span class="muted">"(live, recorded in the link)"</span></h2>
            <div class="pair">
                <Slider
                    label="Latency min"
                    unit="ms"
                    min=1.0
                    max=300.0
                    step=1.0
                    value=Signal::derive(move || to_ms(links.get().latency_min_us))
                    on_commit=move |v: f64| {
                        st.set_links(|l| {
                            l.latency_min_us = from_ms(v);
                            l.latency_max_us = l.latency_max_us.max(from_ms(v));
                        })
                    }
                />
                <Slider
                    label="Latency max"
                    unit="ms"
                    min=1.0
                    max=300.0
                    step=1.0
                    value=Signal::derive(move || to_ms(links.get().latency_max_us))
                    on_commit=move |v: f64| {
                        st.set_links(|l| {
                            l.latency_max_us = from_ms(v);
                            l.latency_min_us = l.latency_min_us.min(from_ms(v));
                        })
                    }
                />
            </div>
            <div class="pair">
                <Slider
                    label="Loss"
                    unit="%"
                    min=0.0
                    max=50.0
                    step=1.0
                    hint="Chance that a message is lost"
                    value=Signal::derive(move || to_percent(links.get().loss_ppm))
                    on_commit=move |v: f64| st.set_links(|l| l.loss_ppm = from_percent(v))
                />
                <Slider
                    label="Duplication"
                    unit="%"
                    min=0.0
                    max=50.0
                    step=1.0
                    hint="Chance that a message is delivered twice"
                    value=Signal::derive(move || to_percent(links.get().dup_ppm))
                    on_commit=move |v: f64| st.set_links(|l| l.dup_ppm = from_percent(v))
                />
            </div>
        </section>
        <PartitionPicker />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_conversions_round_trip() {
        assert_eq!(from_ms(to_ms(150_000)), 150_000);
        assert_eq!(from_ms(-3.0), 0);
        assert_eq!(from_percent(to_percent(25_000)), 25_000);
        assert_eq!(from_percent(250.0), 1_000_000);
    }
}
