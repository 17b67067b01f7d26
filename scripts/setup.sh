#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing. Idempotent; takes
# seconds when everything is present. Works as root without stdin (CI=true).
#
#   scripts/setup.sh          everything (build + tests: also wasm-pack, Chromium, chromedriver,
#                             Firefox ESR, geckodriver)
#   scripts/setup.sh build    only what `make serve` / `make dev` need (trunk build, python3)
#
# Versions are pinned: see ../shared/TOOLCHAIN.md and Trunk.toml.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"

MODE="${1:-all}"
case "$MODE" in all | test | build) ;; *) echo "usage: $0 [all|build]" >&2; exit 2 ;; esac

TRUNK_VERSION="0.21.14"
WASM_PACK_VERSION="0.15.0" # builds on rustc 1.95; uses the installed wasm-bindgen and chromedriver
BINARYEN_VERSION="132" # npm package binaryen@132: `wasm-opt version 132`; Trunk.toml says version_132
PLAYWRIGHT_VERSION="1.64.1"
AXE_CORE_VERSION="4.14.1"
GECKODRIVER_VERSION="0.36.0" # Firefox's WebDriver; not packaged in Debian, so from crates.io
WASM_TARGET="wasm32-unknown-unknown"

start=$(date +%s)
log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "need root for: $*"; fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install these by hand: $*"
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" </dev/null
}

# --- Rust toolchain pieces -------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || die "cargo not found (install Rust with rustup first)"
command -v rustup >/dev/null 2>&1 || die "rustup not found (needed to add the $WASM_TARGET target)"

if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
  log "rustup target add $WASM_TARGET"
  rustup target add "$WASM_TARGET"
fi

if [ "$MODE" != build ]; then
  for comp in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$comp"; then
      log "rustup component add $comp"
      rustup component add "$comp"
    fi
  done
fi

# --- wasm-bindgen CLI: exactly the version of the wasm-bindgen crate in Cargo.lock ------
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$WB_VERSION" ] || die "no wasm-bindgen in Cargo.lock"
have_wb() {
  command -v wasm-bindgen >/dev/null 2>&1 &&
    command -v wasm-bindgen-test-runner >/dev/null 2>&1 &&
    [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$WB_VERSION" ]
}
if ! have_wb; then
  log "cargo install wasm-bindgen-cli --version $WB_VERSION (about 2 min)"
  # No --locked: the CLI's own lockfile wants a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
  have_wb || die "wasm-bindgen $WB_VERSION still not on PATH"
fi

# --- trunk -----------------------------------------------------------------------------
have_trunk() {
  command -v trunk >/dev/null 2>&1 && [ "$(trunk --version 2>/dev/null | awk '{print $2}')" = "$TRUNK_VERSION" ]
}
if ! have_trunk; then
  log "cargo install --locked trunk --version $TRUNK_VERSION (about 8 min)"
  # trunk 0.22 needs a newer rustc than 1.95.
  cargo install --locked trunk --version "$TRUNK_VERSION" --force
  have_trunk || die "trunk $TRUNK_VERSION still not on PATH"
fi

# --- wasm-pack: runs the wasm tests (`make test`); offline with the tools above ----------
if [ "$MODE" != build ]; then
  have_wasm_pack() {
    command -v wasm-pack >/dev/null 2>&1 &&
      [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" = "$WASM_PACK_VERSION" ]
  }
  if ! have_wasm_pack; then
    log "cargo install --locked wasm-pack --version $WASM_PACK_VERSION (about 2 min)"
    cargo install --locked wasm-pack --version "$WASM_PACK_VERSION" --force
    have_wasm_pack || die "wasm-pack $WASM_PACK_VERSION still not on PATH"
  fi
fi

# --- node + npm (wasm-opt wrapper, wasm tests under Node) --------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi

# --- wasm-opt from npm binaryen, project-local in .tools/ (never Debian's binaryen) ------
have_wasm_opt() {
  [ -x "$ROOT/.tools/node_modules/.bin/wasm-opt" ] &&
    [ "$(command -v wasm-opt)" = "$ROOT/.tools/node_modules/.bin/wasm-opt" ] &&
    wasm-opt --version 2>/dev/null | grep -q "(version_$BINARYEN_VERSION)"
}
if ! have_wasm_opt; then
  log "npm install binaryen@$BINARYEN_VERSION into .tools/"
  mkdir -p "$ROOT/.tools"
  npm install --prefix "$ROOT/.tools" --no-audit --no-fund --loglevel=error \
    "binaryen@$BINARYEN_VERSION" </dev/null
  hash -r
  have_wasm_opt || die "wasm-opt version_$BINARYEN_VERSION not working from .tools/"
fi

# --- python3: the static server of `make serve`, `make bench` and the screenshots ---------
command -v python3 >/dev/null 2>&1 || apt_install python3

# --- browser for wasm-bindgen-test (run_in_browser) and screenshots ----------------------
if [ "$MODE" != build ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
  # Firefox runs the same browser tests (`make test-wasm`): Debian's ESR and geckodriver.
  [ -x /usr/bin/firefox-esr ] || apt_install firefox-esr
  have_geckodriver() {
    [ -x "$GECKODRIVER" ] &&
      [ "$("$GECKODRIVER" --version 2>/dev/null | awk 'NR == 1 { print $2 }')" = "$GECKODRIVER_VERSION" ]
  }
  if ! have_geckodriver; then
    log "cargo install --locked geckodriver --version $GECKODRIVER_VERSION (about 5 min)"
    cargo install --locked geckodriver --version "$GECKODRIVER_VERSION" --force
    have_geckodriver || die "geckodriver $GECKODRIVER_VERSION not at $GECKODRIVER"
  fi
  command -v gzip >/dev/null 2>&1 || apt_install gzip
  # playwright-core (driver only, no browser download) times first render in `make bench`.
  if [ ! -f "$ROOT/.tools/node_modules/playwright-core/package.json" ]; then
    log "npm install playwright-core@$PLAYWRIGHT_VERSION into .tools/"
    npm install --prefix "$ROOT/.tools" --no-audit --no-fund --loglevel=error \
      "playwright-core@$PLAYWRIGHT_VERSION" </dev/null
  fi
  # axe-core (the accessibility engine) is injected into pages by scripts/e2e/a11y.test.cjs.
  if [ ! -f "$ROOT/.tools/node_modules/axe-core/axe.min.js" ]; then
    log "npm install axe-core@$AXE_CORE_VERSION into .tools/"
    npm install --prefix "$ROOT/.tools" --no-audit --no-fund --loglevel=error \
      "axe-core@$AXE_CORE_VERSION" </dev/null
  fi
fi

log "ok in $(($(date +%s) - start)) s: $(rustc --version | awk '{print "rustc " $2}'), wasm-bindgen $WB_VERSION, trunk $TRUNK_VERSION, wasm-opt $BINARYEN_VERSION$([ "$MODE" != build ] && printf ', wasm-pack %s, %s, %s, geckodriver %s' "$WASM_PACK_VERSION" "$(/usr/bin/chromium --version 2>/dev/null | awk '{print $1 " " $2}')" "$(/usr/bin/firefox-esr --version 2>/dev/null | awk '{print $2 " " $3}')" "$GECKODRIVER_VERSION")"
