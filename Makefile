# The two commands a fresh machine needs: `make serve` and `make test`.
# Each first installs, idempotently, whatever it is missing (scripts/setup.sh).

SHELL := /bin/bash
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CHROMEDRIVER := /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner

ADDRESS ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test setup check native-tests wasm-tests dist e2e bench browser-bench lesson-shots soak

serve:
	scripts/setup.sh wasm
	@echo "nnlab: serving on http://$(ADDRESS):$(PORT)/"
	trunk serve --release --no-autoreload --address $(ADDRESS) --port $(PORT)

test: setup check native-tests wasm-tests e2e

setup:
	scripts/setup.sh browser

# Formatting and lints are part of the test: a warning fails the build.
check:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings

native-tests:
	cargo test --all-targets

# The trainer compiled to wasm, in headless Chromium, must match the native golden runs.
wasm-tests:
	cargo test --target wasm32-unknown-unknown --test wasm_golden

dist:
	trunk build --release

# The e2e tests compare the page's runs with the CLI's, so they need the release CLI too.
e2e: dist
	cargo build --release --bin nnlab
	cd e2e && npx playwright test

bench:
	cargo bench --bench trainer

# Browser benchmark, run by hand (numbers in the README): needs `make dist` first.
browser-bench:
	cd e2e && node bench/browser-bench.js

# Every scenario's failure and first remedy at 1280x800, into test-output/lessons (by hand).
lesson-shots:
	cargo build --release --bin nnlab
	cd e2e && node bench/lesson-shots.js

# Memory soak at full speed, one line a minute (by hand): make soak MINUTES=30
soak:
	cd e2e && MINUTES=$(or $(MINUTES),30) node bench/soak.js
