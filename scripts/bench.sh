#!/usr/bin/env bash
# Benchmarks (not timed tests). Prints, per lab, kernel speed natively and in wasm, and
# for the app the release wasm + JS glue size after gzip. Budgets: see DESIGN.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"

# ==== kernel benchmarks (events/s native vs wasm under Node, ratio) ====================
echo "== kernel benchmarks (best of 3; wasm = wasm32 under Node $(node --version)) =="
native=$(cargo run --quiet --release -p ddia-bench)
cargo build --quiet --release --target wasm32-unknown-unknown -p ddia-bench --lib
target="${CARGO_TARGET_DIR:-$ROOT/target}"
wasm-bindgen --target nodejs --out-dir "$target/bench-wasm" \
  "$target/wasm32-unknown-unknown/release/ddia_bench.wasm"
wasm=$(node bench/node.mjs "$target/bench-wasm/ddia_bench.js")
printf '%-52s %14s %14s %7s\n' "workload" "native" "wasm" "ratio"
while IFS=$'\t' read -r name rate; do
  w=$(printf '%s\n' "$wasm" | awk -F'\t' -v n="$name" '$1 == n { print $2 }')
  awk -v n="$name" -v a="$rate" -v b="$w" \
    'BEGIN { printf "%-52s %14.0f %14.0f %6.2fx\n", n, a, b, (a > 0 ? b / a : 0) }'
done <<<"$native"
echo "budgets: raft >= 5,000,000 events/s native; wasm >= 0.6x native"
echo
# ==== end of kernel benchmarks ==========================================================

# ---- app size ---------------------------------------------------------------------------
echo "== app size (release, trunk build --release) =="
trunk build --release >/dev/null 2>&1 || trunk build --release

gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

shopt -s nullglob
wasm=(dist/*.wasm)
js=(dist/*.js)
[ "${#wasm[@]}" -gt 0 ] || { echo "no dist/*.wasm after trunk build" >&2; exit 1; }
total=0
for f in "${wasm[@]}" "${js[@]}"; do
  raw=$(wc -c <"$f")
  z=$(gz "$f")
  total=$((total + z))
  printf '%-48s %10s raw %10s gzip\n' "$f" "$(kb "$raw")" "$(kb "$z")"
done
printf '%-48s %10s     %10s gzip (budget 250 KB)\n' "total wasm + JS glue" "" "$(kb "$total")"
