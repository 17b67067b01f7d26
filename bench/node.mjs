// `make bench`, wasm half: times the same workloads as src/main.rs in wasm under Node
// and prints `<name>\t<units per second>` lines (best of three runs).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
const require = createRequire(import.meta.url);
const bench = require(process.argv[2]);
// A second argument keeps only the Raft kernel rows (the shipped build's check).
const raftOnly = process.argv[3] === 'raft';

function bestRate(run) {
  let best = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const units = Number(run().split(' ')[0]);
    best = Math.max(best, units / ((performance.now() - t) / 1000));
  }
  return best.toFixed(0);
}

const engines = ['hash log', 'LSM leveled', 'LSM size-tiered', 'B-tree'];
console.log(`raft 5 nodes, events/s\t${bestRate(() => bench.raft(1, false))}`);
console.log(`raft 5 nodes + live invariant checks, events/s\t${bestRate(() => bench.raft(1, true))}`);
if (raftOnly) process.exit(0);
engines.forEach((name, i) => {
  console.log(`storage ${name}, ops/s\t${bestRate(() => bench.storage(i, 1))}`);
});
console.log(`storage lab race, LSM + B-tree (metrics each op), ops/s\t${bestRate(() => bench.storage_lab_race())}`);
const strategies = ['range', 'mod', 'ring', 'fixed', 'prop'];
strategies.forEach((name, i) => {
  console.log(`partition ${name} lookups/s\t${bestRate(() => bench.partition_lookups(i))}`);
});
console.log(`partition ring: hashring crate lookups/s\t${bestRate(() => bench.partition_lookups(5))}`);
strategies.forEach((name, i) => {
  console.log(`partition ${name} rebalance 10^5 keys, keys/s\t${bestRate(() => bench.partition_rebalance(i))}`);
});
console.log(`partition ring handoff of 10^5 keys over the network, keys/s\t${bestRate(() => bench.partition_handoff())}`);
console.log(`stream broker + consumers, events committed/s\t${bestRate(() => bench.stream_broker())}`);
console.log(`stream windowing, events/s\t${bestRate(() => bench.stream_windows())}`);

// Rewind: seek times (median and worst, µs) in a run with the lab's checkpoints, and the
// linear memory the run and its checkpoints hold (an upper bound: wasm memory never
// shrinks): a 10^6-event Raft run, and a long storage run (10^5 operations, an LSM-tree).
function seekRows(name, make) {
  const memBefore = bench.memory_kib();
  const run = make();
  const seeks = [];
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    run.seek(i);
    seeks.push((performance.now() - t) * 1000);
  }
  seeks.sort((a, b) => a - b);
  console.log(`${name}: median seek, µs\t${seeks[Math.floor(seeks.length / 2)].toFixed(0)}`);
  console.log(`${name}: worst seek, µs\t${seeks[seeks.length - 1].toFixed(0)}`);
  console.log(`${name}: checkpoints kept\t${run.checkpoints()}`);
  console.log(`${name}: wasm memory grown by the run, KiB\t${bench.memory_kib() - memBefore}`);
  return run;
}
const raftRun = seekRows('raft rewind, 10^6 events', () => new bench.RewindBench(1));
seekRows('storage rewind, 10^5 ops', () => new bench.StorageRewindBench(1));
raftRun.free();
