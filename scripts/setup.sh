#!/usr/bin/env bash
# Installs what the demo and the tests need when it is missing: the wasm32 target,
# wasm-bindgen-cli at the version of the wasm-bindgen crate in Cargo.lock, wasm-opt, and (with
# --browser) Debian's Chromium and Hugo (for the built-site test) and the npm packages of the
# browser tests.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wanted" ]; then
  cargo generate-lockfile
  wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$wanted" ]; then
  log "installing wasm-bindgen-cli $wanted (about 2.5 minutes, once)"
  cargo install wasm-bindgen-cli --version "$wanted"
fi

# wasm-opt (npm `binaryen`, pinned in scripts/wasm-opt/package.json) makes the module smaller;
# without it scripts/build-wasm.sh still builds, with a warning.
if [ ! -x scripts/wasm-opt/node_modules/.bin/wasm-opt ]; then
  log "installing wasm-opt (npm binaryen)"
  (cd scripts/wasm-opt && npm ci --no-audit --no-fund --loglevel=error) \
    || log "warning: could not install wasm-opt; the Wasm module will be built without it"
fi

if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian's Chromium"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  if ! command -v hugo >/dev/null; then
    log "installing Debian's Hugo"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null
  fi
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    log "installing the browser tests' npm packages"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
