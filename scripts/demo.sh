#!/usr/bin/env bash
# Builds the sample index and the Wasm module, renders the sample's article pages, then serves
# the demo on 127.0.0.1: the archive page (www/index.html, and www/fa/ in Persian) and an
# article page for every result, whose entry links land on the entry, highlighted.
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
# The site: www/ (with its index and engine) and the article pages, in cargo's target folder
# so that nothing generated lands among the sources.
site="$(target_dir)/demo-site"
rm -rf "$site"
mkdir -p "$site"
cp -R www/. "$site/"
node scripts/render-demo.mjs examples/iran-media-review "$site"
exec node www/serve.mjs "$site"
