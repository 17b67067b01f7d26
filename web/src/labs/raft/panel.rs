//! The Raft lab's control panel: transport, book scenarios, cluster settings (which
//! restart the run), live network faults (recorded as actions) and partitions.

use super::partition::PartitionPicker;
use super::state::RaftLabState;
use crate::shell::book_picker::{checked, BookPicker};
use crate::shell::context::context;
use crate::shell::glossary::{raft::RAFT, GlossaryList};
use crate::shell::knob::{knob_sliders, Commit, Knob};
use crate::shell::live_lab::LiveLab;
use crate::shell::transport::Transport;
use ddia_core::consensus::raft::{book, params, RaftParams};
use ddia_core::sim::LinkFaults;
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

/// Cluster settings: changing one restarts the run with the new parameters.
static CLUSTER: [Knob<RaftParams>; 4] = [
    Knob {
        label: "Servers",
        unit: "servers",
        bounds: params::NODES,
        step: 1.0,
        hint: "",
        get: |p| p.nodes as f64,
        set: |p, v| p.nodes = v as usize,
    },
    Knob {
        label: "Heartbeat",
        unit: "ms",
        bounds: params::HEARTBEAT_MS,
        step: 1.0,
        hint: "How often a leader sends AppendEntries; keep it well below the election timeout",
        get: |p| to_ms(p.heartbeat_us),
        set: |p, v| p.heartbeat_us = from_ms(v),
    },
    Knob {
        label: "Timeout min",
        unit: "ms",
        bounds: params::ELECTION_MS,
        step: 10.0,
        hint: "Each server waits a random time in [min, max] before standing for election",
        get: |p| to_ms(p.election_min_us),
        set: |p, v| {
            p.election_min_us = from_ms(v);
            p.election_max_us = p.election_max_us.max(p.election_min_us);
        },
    },
    Knob {
        label: "Timeout max",
        unit: "ms",
        bounds: params::ELECTION_MS,
        step: 10.0,
        hint: "",
        get: |p| to_ms(p.election_max_us),
        set: |p, v| {
            p.election_max_us = from_ms(v);
            p.election_min_us = p.election_min_us.min(p.election_max_us);
        },
    },
];

/// Network faults: changed live, recorded as an action in the link.
static NETWORK: [Knob<LinkFaults>; 4] = [
    Knob {
        label: "Latency min",
        unit: "ms",
        bounds: params::LATENCY_MS,
        step: 1.0,
        hint: "",
        get: |l| to_ms(l.latency_min_us),
        set: |l, v| {
            l.latency_min_us = from_ms(v);
            l.latency_max_us = l.latency_max_us.max(l.latency_min_us);
        },
    },
    Knob {
        label: "Latency max",
        unit: "ms",
        bounds: params::LATENCY_MS,
        step: 1.0,
        hint: "",
        get: |l| to_ms(l.latency_max_us),
        set: |l, v| {
            l.latency_max_us = from_ms(v);
            l.latency_min_us = l.latency_min_us.min(l.latency_max_us);
        },
    },
    Knob {
        label: "Loss",
        unit: "%",
        bounds: params::LOSS_PERCENT,
        step: 1.0,
        hint: "Chance that a message is lost",
        get: |l| to_percent(l.loss_ppm),
        set: |l, v| l.loss_ppm = from_percent(v),
    },
    Knob {
        label: "Duplication",
        unit: "%",
        bounds: params::DUP_PERCENT,
        step: 1.0,
        hint: "Chance that a message is delivered twice",
        get: |l| to_percent(l.dup_ppm),
        set: |l, v| l.dup_ppm = from_percent(v),
    },
];

/// The glossary's run-dependent values: `{majority}` = "3 of 5" for five servers.
fn majority_fill(p: &RaftParams) -> Vec<(&'static str, String)> {
    vec![("majority", format!("{} of {}", p.majority(), p.nodes))]
}

#[component]
fn RaftBook() -> impl IntoView {
    let st = context::<RaftLabState>();
    // A Raft run never runs out (timeouts and heartbeats go on): never finished.
    let check = Signal::derive(move || checked(st.book_check(), false));
    let on_pick = move |name: Option<&'static str>| st.load_book(name);
    view! { <BookPicker book=book::BOOK current=st.book check=check on_pick=on_pick /> }
}

/// The panel.
#[component]
pub fn RaftPanel() -> impl IntoView {
    let st = context::<RaftLabState>();
    let settings = st.settings;
    let params = move || settings.get().1;
    let links = Memo::new(move |_| st.snap.with(|s| s.links));
    let can_run = Signal::derive(move || st.snap.with(|s| s.violation.is_none()));
    let restart: Commit<RaftParams> = Callback::new(move |(k, v): (&Knob<RaftParams>, f64)| {
        st.rebuild(|s| (k.set)(&mut s.raft, v))
    });
    let record: Commit<LinkFaults> =
        Callback::new(move |(k, v): (&Knob<LinkFaults>, f64)| st.set_links(|l| (k.set)(l, v)));
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
        <RaftBook />
        <section class="group" aria-label="cluster settings">
            <h2>"Cluster " <span class="muted">"(changes restart the run)"</span></h2>
            {knob_sliders(&CLUSTER, Signal::derive(params), restart, 2)}
        </section>
        <section class="group" aria-label="network faults">
            <h2>"Network " <span class="muted">"(live, recorded in the link)"</span></h2>
            {knob_sliders(&NETWORK, links.into(), record, 2)}
        </section>
        <PartitionPicker />
        <GlossaryList entries=RAFT fill=Signal::derive(move || majority_fill(&params())) />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::consensus::raft::Scenario;
    use ddia_core::link::LabLink;

    /// Every slider's ends are core's range for its key, and a link carrying either end
    /// reads back to the same scenario.
    #[test]
    fn the_sliders_span_the_ranges_the_link_accepts() {
        let keys: Vec<&str> = params::KNOBS.iter().map(|k| k.key).collect();
        for k in &CLUSTER {
            assert!(keys.contains(&k.bounds.key), "{}", k.label);
            for v in [k.min(), k.max()] {
                let mut s = Scenario::default();
                (k.set)(&mut s.raft, v);
                assert_eq!(
                    Scenario::from_query(&s.to_query()),
                    Ok(s),
                    "{} = {v}",
                    k.label
                );
            }
        }
        for k in &NETWORK {
            assert!(keys.contains(&k.bounds.key), "{}", k.label);
            for v in [k.min(), k.max()] {
                let mut s = Scenario::default();
                (k.set)(&mut s.links, v);
                assert_eq!(
                    Scenario::from_query(&s.to_query()),
                    Ok(s),
                    "{} = {v}",
                    k.label
                );
            }
        }
    }

    #[test]
    fn unit_conversions_round_trip() {
        assert_eq!(from_ms(to_ms(150_000)), 150_000);
        assert_eq!(from_ms(-3.0), 0);
        assert_eq!(from_percent(to_percent(25_000)), 25_000);
        assert_eq!(from_percent(250.0), 1_000_000);
    }

    #[test]
    fn timeout_and_latency_knobs_keep_min_at_most_max() {
        let mut p = RaftParams::default();
        (CLUSTER[2].set)(&mut p, 900.0);
        assert_eq!((p.election_min_us, p.election_max_us), (900_000, 900_000));
        (CLUSTER[3].set)(&mut p, 400.0);
        assert_eq!((p.election_min_us, p.election_max_us), (400_000, 400_000));
        let mut l = LinkFaults::default();
        (NETWORK[1].set)(&mut l, 2.0);
        assert!(l.latency_min_us <= 2_000 && l.latency_max_us == 2_000);
        for k in CLUSTER.iter() {
            let v = (k.get)(&p);
            assert!((k.min()..=k.max()).contains(&v), "{} = {v}", k.label);
        }
    }
}
