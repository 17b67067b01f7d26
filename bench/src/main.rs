//! `make bench`, native half: prints one line per workload as
//! `<name>\t<units per second>` (tab-separated, for scripts/bench.sh to join with the
//! wasm figures). Each figure is the best of three runs. An argument keeps only the
//! workloads whose name contains it (e.g. `ddia-bench raft`).

use ddia_bench::{raft_run, storage_lab_race, storage_run, ENGINES};
use std::time::Instant;

/// Best units/s over three runs of `run`, which returns the units it processed.
fn best_rate(mut run: impl FnMut() -> u64) -> f64 {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let units = run();
            units as f64 / t.elapsed().as_secs_f64()
        })
        .fold(0.0, f64::max)
}

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let report = |name: &str, run: &mut dyn FnMut() -> u64| {
        if name.contains(&filter) {
            println!("{name}\t{:.0}", best_rate(run));
        }
    };
    report("raft 5 nodes, events/s", &mut || raft_run(1, false).0);
    report(
        "raft 5 nodes + live invariant checks, events/s",
        &mut || raft_run(1, true).0,
    );
    for (i, engine) in ENGINES.iter().enumerate() {
        report(&format!("storage {engine}, ops/s"), &mut || {
            storage_run(i, 1).0
        });
    }
    report(
        "storage lab race, LSM + B-tree (metrics each op), ops/s",
        &mut || storage_lab_race().0,
    );
}
