#!/usr/bin/env bash
# Builds the Wasm module into www/pkg/ (wasm-bindgen, --target web; then wasm-opt, see common.sh)
# and prints its size.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash scripts/setup.sh
cargo build --lib --release --target wasm32-unknown-unknown --no-default-features --quiet
rm -rf www/pkg
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir www/pkg "$(target_dir)/wasm32-unknown-unknown/release/quire.wasm"
if [ -x "$WASM_OPT" ]; then
  "$WASM_OPT" "${WASM_OPT_FLAGS[@]}" www/pkg/quire_bg.wasm -o www/pkg/quire_bg.wasm
else
  log "warning: wasm-opt is missing (bash scripts/setup.sh installs it); the module is larger"
fi
raw=$(stat -c %s www/pkg/quire_bg.wasm)
gz=$(gzip -9 -c www/pkg/quire_bg.wasm | wc -c)
echo "www/pkg/quire_bg.wasm: $raw bytes, $gz gzip -9" >&2
