# ddia-lab: `make serve` and `make test` work on a fresh machine (they install what is missing).
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# Same PATH as scripts/env.sh: project-local wasm-opt first, then cargo-installed tools.
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
# geckodriver (Firefox's WebDriver) is not packaged in Debian: scripts/setup.sh cargo-installs it.
export GECKODRIVER ?= $(or $(CARGO_HOME),$(HOME)/.cargo)/bin/geckodriver
# Browser tests on a loaded machine outlast wasm-bindgen-test's default 20 s wait for a
# test file's output ("Failed to detect test as having been run").
export WASM_BINDGEN_TEST_TIMEOUT ?= 300

WASM := wasm32-unknown-unknown
# `make serve` port: PORT=8090 make serve
PORT ?= 8080
# Screenshot: make screenshot OUT=shot.png QUERY='?lab=raft'
OUT ?= screenshot.png
QUERY ?=

.PHONY: help setup setup-build serve dev build test test-native test-wasm test-e2e lint bench screenshot clean

help:
	@echo "make serve       install what is missing, release build, serve dist/ on http://127.0.0.1:$(PORT)/"
	@echo "make dev         debug build served by trunk: rebuilds and reloads on every change (developers)"
	@echo "make test        install what the tests need, run all tests (native, wasm/Node, Chromium, end-to-end)"
	@echo "make bench       benchmarks and app size"
	@echo "make screenshot  OUT=shot.png QUERY='?...'  release build + headless Chromium screenshot"

setup:
	@scripts/setup.sh all

setup-build:
	@scripts/setup.sh build

# What a learner gets: the release build (wasm-opt'd, about 0.5 MB of wasm per lab), served
# as the static files any host would serve.
serve: build
	@echo "serving the release build on http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist

# For developers: a debug build (fast to rebuild, about 5 MB of wasm per lab), rebuilt and
# reloaded by trunk on every change.
dev: setup-build
	trunk serve --port $(PORT)

build: setup-build
	trunk build --release

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p ddia-web -p ddia-core --all-targets --target $(WASM) -- -D warnings

test-native:
	@if command -v cargo-nextest >/dev/null 2>&1; then \
	  echo "+ cargo nextest run --workspace"; cargo nextest run --workspace; \
	else \
	  echo "+ cargo test --workspace --all-targets"; cargo test --workspace --all-targets; \
	fi
	cargo test --workspace --doc

# wasm tests with wasm-pack, offline: `--mode no-install` makes it use the wasm-bindgen
# test runner on PATH (scripts/setup.sh), the system chromedriver and the cargo-installed
# geckodriver, never a download. The browser tests run in Chromium, then in Firefox.
test-wasm:
	cargo build -p ddia-core --no-default-features --target $(WASM)
	wasm-pack test --mode no-install --node core
	wasm-pack test --mode no-install --node tests
	wasm-pack test --mode no-install --headless --chrome --chromedriver $(CHROMEDRIVER) web
	wasm-pack test --mode no-install --headless --firefox --geckodriver $(GECKODRIVER) web

# The built app in headless Chromium (scripts/e2e/): sub-path hosting, a clean console,
# the landing page. Each test file serves dist/ on a free port of its own.
test-e2e:
	trunk build --release
	node --test scripts/e2e/*.test.cjs

test: setup
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-native
	$(MAKE) --no-print-directory test-wasm
	$(MAKE) --no-print-directory test-e2e
	@echo "make test: all steps passed"

bench: setup
	scripts/bench.sh

screenshot: setup
	scripts/screenshot.sh "$(OUT)" "$(QUERY)"

clean:
	cargo clean
	rm -rf dist
