#!/usr/bin/env bash
# Release build with trunk into dist/, serve dist/ on 127.0.0.1:$PORT (default 8080),
# take a headless Chromium screenshot, stop the server.
#
#   scripts/screenshot.sh OUT.png ['?query']      e.g. scripts/screenshot.sh raft.png '?seed=7'
#
# Env: PORT (8080), SIZE (1280,800), BUDGET_MS (virtual time budget, 5000), SKIP_BUILD=1,
#      DARK=1 (prefers-color-scheme: dark), CHROMIUM_FLAGS (extra flags).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-screenshot.png}"
QUERY="${2:-}"
PORT="${PORT:-8080}"
SIZE="${SIZE:-1280,800}"
BUDGET_MS="${BUDGET_MS:-5000}"

case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac
case "$QUERY" in "" | "?"*) ;; *) QUERY="?$QUERY" ;; esac

cd "$ROOT"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || { echo "no $CHROMIUM: run scripts/setup.sh" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  trunk build --release
fi
[ -f dist/index.html ] || { echo "dist/index.html missing" >&2; exit 1; }

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "port $PORT is already in use (stop the other server or set PORT=...)" >&2
  exit 1
fi

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
SERVER=$!
PROFILE="$(mktemp -d)"
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$PROFILE"
}
trap cleanup EXIT

for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/" || { echo "static server did not start" >&2; exit 1; }

URL="http://127.0.0.1:$PORT/$QUERY"
# shellcheck disable=SC2206
EXTRA=(${CHROMIUM_FLAGS:-})
[ "${DARK:-0}" = 1 ] && EXTRA+=(--blink-settings=preferredColorScheme=0)
rm -f "$OUT"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$PROFILE" --window-size="$SIZE" --virtual-time-budget="$BUDGET_MS" \
  "${EXTRA[@]}" --screenshot="$OUT" "$URL" >/dev/null 2>&1 </dev/null || true
[ -s "$OUT" ] || { echo "no screenshot written for $URL" >&2; exit 1; }
echo "screenshot of $URL -> $OUT"
