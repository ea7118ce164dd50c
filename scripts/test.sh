#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust tests, the fuzz regression runs when
# cargo-fuzz is set up, and the browser tests in Chromium. Installs what is missing first.
set -euo pipefail
source "$(dirname "$0")/common.sh"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

step "setting up (wasm32 target, wasm-bindgen-cli, Chromium, npm packages)"
bash scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --check

step "JavaScript tests without a browser (tests/js: URL state, messages, error kinds, entry dates)"
node --test tests/js/

step "cargo clippy"
cargo clippy --all-targets --features fuzzing --quiet -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --quiet -- -D warnings

step "Rust tests (with the fuzz targets' saved inputs replayed as regression tests)"
cargo test --quiet --features fuzzing

step "API documentation (rustdoc, warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

step "large inputs: a 50 MB article, a million tiny articles (optimized build)"
cargo test --profile native --quiet --test scale -- --ignored

step "building the Wasm module and the sample index for the browser tests"
bash scripts/build-wasm.sh
# The module's size budget (README, "Wasm size"): a change that grows it past this fails here.
# Raised from 113000 by the languages work (per-language query stems, CJK bigrams: 114,428
# bytes at its merge with main); the other stemmers are in quire_all_bg.wasm, not counted.
# Raised to 117000 on 2026-12-01: lexicon files (typo lookups walk a dictionary without
# postings, and records are fetched ahead of them: +1.9 kB) and counts by kind (entries and
# articles: +0.3 kB) took it to 116,792 bytes; `bash scripts/wasm-size.sh` shows where
# (search::run 24.8 kB, Reader::add_file 16.1 kB).
# Raised to 118000 later that day: the first page before typo lookups end (Engine.firstResults,
# +0.2 kB) and real-word typos read one word at a time (+0.3 kB) took it to 117,428 bytes.
# Lowered to 113200 when branch wasmcut (an allocator of our own, no substring searcher, no
# join) and format 15 took it to 112,709 bytes (112,971 with branch coldgap's start-up changes).
# Raised to 114600 on 2026-12-02: format 16's title ranks (+0.1 kB, 113,076 bytes) and format
# 17's rotated lexicon (typos at the first letter: +1.3 kB) took it to 114,417 bytes.
# Lowered to 110400 later that day when branch wasmcut3 (scripts/wasm-shrink.mjs: dead closure
# shims out, functions ordered for gzip, imports without hashes; fewer generic instances,
# iterator adapters and bounds checks; more wasm-opt passes) took it to 110,215 bytes.
# Raised to 111500 on its merge with main, whose format 18 and typing-mode typo changes
# (a word being typed that no term is read as the typo first; typos as frequent as a stem
# it may be cut from) made it 111,267 bytes. Raised to 111800 when typing on a slow line
# (fetches marked for typos, the next terms file a prefix runs into, a lookup lacking only
# the rotated lexicon asking for it alone) and the rank of a word being typed far rarer than
# a word it begins made it 111,480 bytes.
wasm_budget=111800
wasm_gzip=$(gzip -9 -c www/pkg/quire_bg.wasm | wc -c)
if [ "$wasm_gzip" -gt "$wasm_budget" ]; then
  log "www/pkg/quire_bg.wasm is $wasm_gzip bytes gzip -9, over its budget of $wasm_budget: see what grew with bash scripts/wasm-size.sh and cut it (README, \"Wasm size\"), or raise the budget in scripts/test.sh on purpose"
  exit 1
fi
cargo build --quiet
"$(target_dir)/debug/quire" build examples/iran-media-review --out www/quire --quiet

step "browser tests (Chromium)"
(cd tests/browser && npm test)

step "relevance benchmark: its query sets and inputs"
node --test benches/relevance/test/

step "browser benchmark: its definition of a round of requests"
node --test benches/browser/lib/

step "all tests passed"
