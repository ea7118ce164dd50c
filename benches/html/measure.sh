#!/usr/bin/env bash
# Build time and peak memory of indexing a corpus as a built site: Quire on the HTML rendition,
# Quire on the JSON Lines, and Pagefind on the same HTML folder. Prints a Markdown table.
#
#   bash benches/html/measure.sh [bbc|tehrantimes] [runs]
#
# Renders the site with render.mjs into a temporary folder, builds the CLI with the `native`
# profile (opt-level 3, as the README's install line does), installs
# Pagefind 1.6.0 here (npm ci) when missing, and removes what it wrote at the end. Timing is
# by /usr/bin/time -v (wall clock and maximum resident set size); each command runs `runs`
# times (default 3) and the median is printed, with the range.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
corpus="${1:-bbc}"
runs="${2:-3}"
corpora="${QUIRE_CORPORA:-$repo/../shared/corpora}"
jsonl="$corpora/$corpus.jsonl.gz"
if [ ! -f "$jsonl" ]; then
  echo "skipped: $jsonl not found" >&2
  exit 0
fi
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

target="$(cd "$repo" && cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
(cd "$repo" && cargo build --profile native --quiet)
quire="$target/native/quire"
[ -x "$here/node_modules/.bin/pagefind" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
pagefind="$here/node_modules/.bin/pagefind"

work="$(mktemp -d "${TMPDIR:-/tmp}/quire-html-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
node "$here/render.mjs" --corpus "$jsonl" --out "$work/site"
pages=$(find "$work/site" -name index.html | wc -l)
bytes=$(du -sb "$work/site" | cut -f1)

# Runs a command `runs` times; prints "median_s min_s max_s median_MB".
measure() {
  local log="$work/time.log" walls=() mems=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    /usr/bin/time -v -o "$log" "$@" >"$work/stdout.log" 2>"$work/stderr.log" || { cat "$work/stderr.log" >&2; exit 1; }
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")")
    mems+=("$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")")
  done
  local sorted_walls sorted_mems
  sorted_walls=($(printf '%s\n' "${walls[@]}" | sort -g))
  sorted_mems=($(printf '%s\n' "${mems[@]}" | sort -g))
  local mid=$(( (runs - 1) / 2 ))
  echo "${sorted_walls[$mid]} ${sorted_walls[0]} ${sorted_walls[$((runs - 1))]} ${sorted_mems[$mid]}"
}

echo "$corpus: $pages pages, $((bytes / 1000000)) MB of HTML; $runs runs each, median (range)" >&2
printf '| %s | wall s | peak RSS MB |\n|---|---|---|\n' "$corpus ($pages pages)"
read -r m lo hi mem < <(measure "$quire" build --quiet "$work/site" --out "$work/out")
printf '| Quire, HTML (`quire build site/`) | %s (%s–%s) | %s |\n' "$m" "$lo" "$hi" "$mem"
read -r m lo hi mem < <(measure "$quire" build --quiet "$jsonl" --out "$work/out")
printf '| Quire, JSON Lines | %s (%s–%s) | %s |\n' "$m" "$lo" "$hi" "$mem"
read -r m lo hi mem < <(measure "$pagefind" --site "$work/site" --output-path "$work/out")
printf '| Pagefind 1.6.0, HTML (`pagefind --site site/`) | %s (%s–%s) | %s |\n' "$m" "$lo" "$hi" "$mem"
