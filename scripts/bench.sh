#!/usr/bin/env bash
# Benchmarks (not timed tests). Prints, per lab, kernel speed natively and in wasm, and
# for the app the release wasm + JS glue size after gzip. Budgets: see DESIGN.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"

# ==== kernel benchmarks (events/s native vs wasm under Node, ratio) ====================
# TODO(kernel bench): add the per-lab kernel benchmarks here.
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
