# Sourced by the other scripts: run from the repository's top folder, whatever folder the
# script was started from, and know where cargo puts what it builds (CARGO_TARGET_DIR, a
# `build.target-dir` setting, or ./target).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

# The folder cargo builds into, as cargo itself reports it.
target_dir() {
  cargo metadata --format-version 1 --no-deps \
    | sed -E 's/.*"target_directory":"([^"]*)".*/\1/'
}

# Binaryen's wasm-opt as scripts/build-wasm.sh and scripts/wasm-size.sh run it: -O2 without
# its inlining, because -Oz and inlining make the code smaller but its gzip larger (README,
# "Wasm size"), with the functions' effects known to it, then constants propagated through
# locals and the tails of branches that end alike folded (0.1 kB gzip). Installed by
# scripts/setup.sh.
WASM_OPT="$ROOT/scripts/wasm-opt/node_modules/.bin/wasm-opt"
WASM_OPT_FLAGS=(--generate-global-effects -O2 --skip-pass=inlining --skip-pass=inlining-optimizing
  --converge --strip-target-features --precompute-propagate --code-folding)
