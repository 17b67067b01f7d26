# Sourced by the scripts (and mirrored in the Makefile): puts the project's tools on PATH.
# Project-local tools (wasm-opt from npm binaryen) come first, so a system wasm-opt
# (Debian's binaryen 108, which breaks the app) is never picked up.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$ROOT/.tools/node_modules/.bin:$CARGO_BIN:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export GECKODRIVER="${GECKODRIVER:-$CARGO_BIN/geckodriver}"
