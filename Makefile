# ddia-lab: `make serve` and `make test` work on a fresh machine (they install what is missing).
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# Same PATH as scripts/env.sh: project-local wasm-opt first, then cargo-installed tools.
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

WASM := wasm32-unknown-unknown
# Screenshot: make screenshot OUT=shot.png QUERY='?lab=raft'
OUT ?= screenshot.png
QUERY ?=

.PHONY: help setup setup-build serve build test test-native test-wasm lint bench screenshot clean

help:
	@echo "make serve       install what is missing, build, serve on http://127.0.0.1:8080"
	@echo "make test        install what the tests need, run all tests (native, wasm/Node, Chromium, release build)"
	@echo "make bench       benchmarks and app size"
	@echo "make screenshot  OUT=shot.png QUERY='?...'  release build + headless Chromium screenshot"

setup:
	@scripts/setup.sh all

setup-build:
	@scripts/setup.sh build

serve: setup-build
	trunk serve

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

test-wasm:
	cargo build -p ddia-core --no-default-features --target $(WASM)
	cargo test --target $(WASM) -p ddia-core
	CHROMEDRIVER=$(CHROMEDRIVER) cargo test --target $(WASM) -p ddia-web

test: setup
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-native
	$(MAKE) --no-print-directory test-wasm
	trunk build --release
	@echo "make test: all steps passed"

bench: setup
	scripts/bench.sh

screenshot: setup
	scripts/screenshot.sh "$(OUT)" "$(QUERY)"

clean:
	cargo clean
	rm -rf dist
