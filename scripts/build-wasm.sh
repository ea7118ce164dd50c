#!/usr/bin/env bash
# Builds the Wasm engine into www/pkg/ (wasm-bindgen, --target web; then wasm-opt, see
# common.sh) and prints the sizes: the default module, quire_bg.wasm, with the English stemmer
# only, and quire_all_bg.wasm with every stemmer (feature `all-stemmers`), which the worker
# loads only for an index whose manifest says `allStemmers` (see src/language.rs).
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash scripts/setup.sh
built="$(target_dir)/wasm32-unknown-unknown/release/quire.wasm"
rm -rf www/pkg
# name:cargo feature flags
for variant in "quire:" "quire_all:--features all-stemmers"; do
  name=${variant%%:*}
  features=${variant#*:}
  # shellcheck disable=SC2086 # the flags are words
  cargo build --lib --release --target wasm32-unknown-unknown --no-default-features $features --quiet
  if [ -x "$WASM_OPT" ]; then
    # Names kept for scripts/wasm-shrink.mjs (it finds the dead closure shims by name);
    # wasm-opt's --strip-debug removes them.
    wasm-bindgen --target web --no-typescript --remove-producers-section \
      --out-dir www/pkg --out-name "$name" "$built"
    node scripts/wasm-shrink.mjs "www/pkg/${name}_bg.wasm" "www/pkg/${name}_bg.wasm" "www/pkg/${name}.js"
    "$WASM_OPT" "${WASM_OPT_FLAGS[@]}" --strip-debug "www/pkg/${name}_bg.wasm" -o "www/pkg/${name}_bg.wasm"
  else
    wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
      --out-dir www/pkg --out-name "$name" "$built"
    log "warning: wasm-opt is missing (bash scripts/setup.sh installs it); the module is larger"
  fi
  raw=$(stat -c %s "www/pkg/${name}_bg.wasm")
  gz=$(gzip -9 -c "www/pkg/${name}_bg.wasm" | wc -c)
  echo "www/pkg/${name}_bg.wasm: $raw bytes, $gz gzip -9" >&2
done
