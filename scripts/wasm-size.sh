#!/usr/bin/env bash
# What each part of the Wasm module costs: builds it as scripts/build-wasm.sh does but keeps
# the function names, then prints twiggy's largest items and their sums by part
# (scripts/wasm-size.mjs). Needs twiggy (`cargo install twiggy`).
set -euo pipefail
source "$(dirname "$0")/common.sh"
command -v twiggy >/dev/null || { log "twiggy is missing: cargo install twiggy"; exit 1; }
cargo build --lib --release --target wasm32-unknown-unknown --no-default-features --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-bindgen --target web --no-typescript --remove-producers-section --out-dir "$out" \
  "$(target_dir)/wasm32-unknown-unknown/release/quire.wasm"
if [ -x "$WASM_OPT" ]; then
  node scripts/wasm-shrink.mjs "$out/quire_bg.wasm" "$out/quire_bg.wasm" "$out/quire.js"
  # --debuginfo keeps the names section through wasm-opt.
  "$WASM_OPT" "${WASM_OPT_FLAGS[@]}" --debuginfo "$out/quire_bg.wasm" -o "$out/quire_bg.wasm"
fi
twiggy top -n "${1:-40}" "$out/quire_bg.wasm"
echo
twiggy top -n 1000000 -f csv "$out/quire_bg.wasm" | node scripts/wasm-size.mjs
