//! `make bench`, native half: prints one line per workload as
//! `<name>\t<units per second>` (tab-separated, for scripts/bench.sh to join with the
//! wasm figures). Each figure is the best of three runs. An argument keeps only the
//! workloads whose name contains it (e.g. `ddia-bench raft`). The rewind rows are
//! seek times in µs (median and worst), not rates.

use ddia_bench::{
    hashring_lookups, partition_handoff, partition_lookups, partition_rebalance, raft_run,
    storage_lab_race, storage_run, stream_broker, stream_windows, RewindBench, StorageRewindBench,
    ENGINES, REWIND_SEEKS, STRATEGIES,
};
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
    for kind in STRATEGIES {
        report(&format!("partition {} lookups/s", kind.word()), &mut || {
            partition_lookups(kind).0
        });
    }
    report("partition ring: hashring crate lookups/s", &mut || {
        hashring_lookups().0
    });
    for kind in STRATEGIES {
        report(
            &format!("partition {} rebalance 10^5 keys, keys/s", kind.word()),
            &mut || partition_rebalance(kind).0,
        );
    }
    report(
        "partition ring handoff of 10^5 keys over the network, keys/s",
        &mut || partition_handoff().0,
    );
    report("stream broker + consumers, events committed/s", &mut || {
        stream_broker().0
    });
    report("stream windowing, events/s", &mut || stream_windows().0);
    if "raft rewind".contains(&filter) || filter.is_empty() {
        rewind_rows();
    }
    if "storage rewind".contains(&filter) || filter.is_empty() {
        storage_rewind_rows();
    }
}

/// Seek times in a 10^6-event Raft run with the lab's checkpoints: median and worst of
/// [`REWIND_SEEKS`] seeks to random moments, µs (budget: 50 ms in wasm).
fn rewind_rows() {
    let bench = RewindBench::new(1);
    seek_rows("raft rewind, 10^6 events", bench.checkpoints(), |i| {
        std::hint::black_box(bench.seek(i));
    });
}

/// Seek times in a long storage run with the lab's checkpoints (median and worst of
/// [`REWIND_SEEKS`] seeks to random operations, µs).
fn storage_rewind_rows() {
    let bench = StorageRewindBench::new(1);
    seek_rows("storage rewind, 10^5 ops", bench.checkpoints(), |i| {
        std::hint::black_box(bench.seek(i));
    });
}

/// Prints the rows of `name`: median and worst of [`REWIND_SEEKS`] timed `seek`s, µs,
/// and the checkpoints `kept`.
fn seek_rows(name: &str, kept: usize, mut seek: impl FnMut(usize)) {
    let mut us: Vec<f64> = (0..REWIND_SEEKS)
        .map(|i| {
            let t = Instant::now();
            seek(i);
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    us.sort_by(f64::total_cmp);
    println!("{name}: median seek, µs\t{:.0}", us[us.len() / 2]);
    println!("{name}: worst seek, µs\t{:.0}", us[us.len() - 1]);
    println!("{name}: checkpoints kept\t{kept}");
}
