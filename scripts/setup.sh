#!/usr/bin/env bash
# Installs, idempotently, every tool the build and the tests need.
# Everything comes from the package registries (rustup's target, crates.io, npm, Debian).
# Usage: scripts/setup.sh [native|wasm|browser]   (each level includes the previous ones)
set -euo pipefail
cd "$(dirname "$0")/.."

level="${1:-browser}"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"

say() { printf '[setup] %s\n' "$*"; }

# The wasm-bindgen CLI must match the crate in Cargo.lock exactly, or the generated glue breaks.
bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

install_native() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust 1.95 with rustup" >&2; exit 1; }
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
}

install_wasm() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (takes about 10 minutes once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
  local want; want="$(bindgen_version)"
  if [ -n "$want" ] && ! wasm-bindgen --version 2>/dev/null | grep -q "$want"; then
    say "installing wasm-bindgen-cli $want (takes about 5 minutes once)"
    # Not --locked: its lock file pins a crate version the registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$want"
  fi
  if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
    say "installing wasm-opt (binaryen@$BINARYEN_VERSION from npm) into tools/"
    (cd tools && npm install --no-audit --no-fund)
  fi
}

install_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian chromium and chromium-driver"
    apt-get update -qq && apt-get install -y -qq chromium chromium-driver
  fi
  if [ ! -x e2e/node_modules/.bin/playwright ]; then
    say "installing Playwright's test runner into e2e/ (it uses Debian's chromium, downloads no browser)"
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

install_native
case "$level" in
  native) ;;
  wasm) install_wasm ;;
  browser) install_wasm; install_browser ;;
  *) echo "unknown level '$level': use native, wasm or browser" >&2; exit 2 ;;
esac
say "tools ready ($level)"
