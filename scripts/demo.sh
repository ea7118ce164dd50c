#!/usr/bin/env bash
# Builds the sample index and the Wasm module, then serves the demo page on 127.0.0.1.
# Installs what is missing first (the wasm32 target and wasm-bindgen-cli).
set -euo pipefail
source "$(dirname "$0")/common.sh"

bash scripts/setup.sh
cargo build --release --quiet
"$(target_dir)/release/quire" build examples/iran-media-review --out www/quire
bash scripts/build-wasm.sh
if ! command -v node >/dev/null; then
  echo "error: the demo server needs Node.js 20 or later (https://nodejs.org/)" >&2
  exit 1
fi
exec node www/serve.mjs www
