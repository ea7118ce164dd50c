// Groups `twiggy top -f csv` output (read on stdin) by what the code is for, and prints a
// Markdown table: what each part of the Wasm module costs. Used by scripts/wasm-size.sh.
import { readFileSync } from 'node:fs';

// First match wins; the order matters (serde before fmt, glue before the engine).
const GROUPS = [
  ['serde + serde-wasm-bindgen', /serde/],
  ['wasm-bindgen + js-sys glue', /wasm_bindgen|js_sys|__wbg|__wbindgen|externref|shim|^(import|export|table|elem|type\[|global)/],
  ['rust-stemmers', /rust_stemmers/],
  ['fst', /\bfst::/],
  ['std/core fmt + panics', /fmt|panic|Debug|Display|unwrap_failed|expect_failed|slice_error_fail|_fail\b|index_out_of_bounds|escape|is_printable|abort|handle_alloc_error|capacity_overflow|Arguments/],
  ['Unicode tables of core (case, printable)', /unicode|to_lowercase|to_uppercase|conversions/],
  ['engine (quire::*)', /quire::/],
  ['alloc, collections, iterators, sort, malloc', /alloc|hashbrown|dlmalloc|sort|Vec|vec::|RawVec|drop_in_place|core::iter|core::slice|core::str|mem(cpy|set|move|cmp)|compiler_builtins|__rdl/],
  ['constant data (.rodata: fold table, messages, stemmer tables)', /^data/],
];

function parseCsv(text) {
  const rows = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    // Name is the only quoted field; sizes follow it.
    const m = line.match(/^(?:"((?:[^"]|"")*)"|([^,]*)),(\d+),/);
    if (m) rows.push({ name: (m[1] ?? m[2]).replaceAll('""', '"'), bytes: Number(m[3]) });
  }
  return rows;
}

const rows = parseCsv(readFileSync(0, 'utf8')).filter((r) => !/names" subsection|producers/.test(r.name));
const totals = new Map([...GROUPS.map(([g]) => [g, 0]), ['other (core str search, UTF-8, thread-locals, ...)', 0]]);
for (const { name, bytes } of rows) {
  const group = GROUPS.find(([, re]) => re.test(name))?.[0] ?? 'other (core str search, UTF-8, thread-locals, ...)';
  totals.set(group, totals.get(group) + bytes);
}
const all = [...totals.values()].reduce((a, b) => a + b, 0);
console.log('| part | bytes | share |\n|---|---:|---:|');
for (const [group, bytes] of totals) {
  console.log(`| ${group} | ${bytes.toLocaleString('en')} | ${((100 * bytes) / all).toFixed(1)} % |`);
}
console.log(`| **all (raw, without the names section)** | ${all.toLocaleString('en')} | |`);
