#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust tests, the fuzz regression runs when
# cargo-fuzz is set up, and the browser tests in Chromium. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

step "setting up (wasm32 target, wasm-bindgen-cli, Chromium, npm packages)"
bash scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --quiet -- -D warnings

step "Rust tests (with the fuzz targets' saved inputs replayed as regression tests)"
cargo test --quiet

step "large inputs: a 50 MB article, a million tiny articles (optimized build)"
cargo test --profile native --quiet --test scale -- --ignored

step "building the Wasm module and the sample index for the browser tests"
bash scripts/build-wasm.sh
cargo build --quiet
./target/debug/quire build examples/iran-media-review --out www/quire --quiet

step "browser tests (Chromium)"
(cd tests/browser && npm test)

step "relevance benchmark: its query sets and inputs"
node --test benches/relevance/test/

step "all tests passed"
