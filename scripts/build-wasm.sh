#!/usr/bin/env bash
# Builds the Wasm module into www/pkg/ (wasm-bindgen, --target web) and prints its size.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash scripts/setup.sh
cargo build --lib --release --target wasm32-unknown-unknown --no-default-features --quiet
rm -rf www/pkg
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir www/pkg "$(target_dir)/wasm32-unknown-unknown/release/quire.wasm"
# Binaryen's -O2 without its inlining: -Oz and inlining make the code smaller but the gzip
# larger (README, "Wasm size").
wasm_opt=scripts/wasm-opt/node_modules/.bin/wasm-opt
if [ -x "$wasm_opt" ]; then
  "$wasm_opt" -O2 --skip-pass=inlining --skip-pass=inlining-optimizing --converge \
    --strip-target-features www/pkg/quire_bg.wasm -o www/pkg/quire_bg.wasm
else
  log "warning: wasm-opt is missing (bash scripts/setup.sh installs it); the module is larger"
fi
raw=$(stat -c %s www/pkg/quire_bg.wasm)
gz=$(gzip -9 -c www/pkg/quire_bg.wasm | wc -c)
echo "www/pkg/quire_bg.wasm: $raw bytes, $gz gzip -9" >&2
