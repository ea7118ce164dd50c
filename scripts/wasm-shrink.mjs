// Three changes to the module between wasm-bindgen and wasm-opt (scripts/build-wasm.sh,
// scripts/wasm-size.sh) that make it smaller without changing what it does:
//
//     node scripts/wasm-shrink.mjs in.wasm out.wasm glue.js
//
// 1. It drops code that only wasm-bindgen's interface descriptions ever referred to. js-sys
//    describes every closure type its imports take (`&mut dyn FnMut(..)`, ...) with the
//    address of a shim that lets JavaScript call such a closure, and ships a JSPI task
//    executor (`js_sys::futures::jspi`) behind an export of its own. wasm-bindgen runs the
//    descriptions, removes them and the exports no JavaScript uses, but leaves the shims and
//    the executor's waker in the function table, where neither LLVM nor wasm-opt can see that
//    they are dead: about 2.3 kB of code (0.9 kB gzip) that the engine never runs (it passes
//    no closure to JavaScript and spawns no task). Those functions get an `unreachable` body,
//    so that wasm-opt removes what they alone call. Nothing is changed, and the build stops,
//    when any of them could be reached after all: when JavaScript could call into the
//    function table (it is exported), when one of them is exported, or when a function that
//    stays calls one directly.
//
// 2. It orders the functions so that the instances of one generic function (the 60 of
//    `Map::fold`, the 80 of `Vec::from_iter`, ...) sit side by side, where gzip finds their
//    likenesses within its 32 kB window: each group takes the place of its last member in
//    the order LLVM wrote them, the rest keeps that order (0.5 kB gzip; by name, or each
//    group at its first member, did worse). Calls name their callee, so only the layout
//    changes.
//
// 3. It names the imports without the hashes wasm-bindgen gives them
//    (`__wbg_get_unchecked_e6325ad374eff861` becomes `__wbg_get_unchecked`, a second
//    `__wbg_new` becomes `__wbg_new_2`), in the module and in its JavaScript glue (`glue.js`,
//    rewritten in place), where each is the key of one function of the imports object: 16 hex
//    digits per import that gzip cannot compress (0.8 kB gzip for 30 imports). The glue and
//    the module ship together; the functions and their order stay.
//
// The module must keep its names (wasm-bindgen without --remove-name-section); they stay in
// the output for wasm-opt's --debuginfo (scripts/wasm-size.sh), and --strip-debug removes
// them (scripts/build-wasm.sh).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const binaryen = (await import(fileURLToPath(new URL('wasm-opt/node_modules/binaryen/index.js', import.meta.url)))).default;

const DEAD = /^(wasm_bindgen::convert::closures::_::invoke::|js_sys::futures::jspi::)/;

const [input, output, glue] = process.argv.slice(2);
if (!input || !output || !glue) {
  console.error('usage: node scripts/wasm-shrink.mjs in.wasm out.wasm glue.js');
  process.exit(2);
}
const module = binaryen.readBinary(readFileSync(input));
const fail = (why) => {
  console.error(`scripts/wasm-shrink.mjs: ${why}; what this script expects of wasm-bindgen's output no longer holds: adapt or drop that step (README, "Wasm size")`);
  process.exit(1);
};

const dead = [];
for (let i = 0; i < module.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
  if (!info.module && DEAD.test(info.name)) dead.push(info);
}
const names = new Set(dead.map((f) => f.name));
if (dead.length > 0) {
  const tables = new Set();
  for (let i = 0; i < module.getNumElementSegments(); i++) {
    tables.add(binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(i)).table);
  }
  for (let i = 0; i < module.getNumExports(); i++) {
    const info = binaryen.getExportInfo(module.getExportByIndex(i));
    if (info.kind === binaryen.ExternalTable && tables.has(info.value)) {
      fail(`the function table is exported as \`${info.name}\``);
    }
    if (info.kind === binaryen.ExternalFunction && names.has(info.value)) {
      fail(`\`${info.value}\` is exported`);
    }
  }
  // Direct calls, read from the text form: `(call $name` with the name quoted when it holds
  // characters the text format does not allow bare.
  const text = module.emitText();
  for (const func of text.split('\n (func ').slice(1)) {
    const name = func.match(/^\$("(?:[^"\\]|\\.)*"|[^\s()]+)/)[1].replace(/^"|"$/g, '');
    if (names.has(name)) continue;
    for (const call of func.matchAll(/\((?:call|return_call) \$("(?:[^"\\]|\\.)*"|[^\s()]+)/g)) {
      const callee = call[1].replace(/^"|"$/g, '');
      if (names.has(callee)) fail(`\`${name}\` calls \`${callee}\``);
    }
  }
}

// The other functions defined here, in the order LLVM wrote them, grouped by their generic
// function: the name without its hash and every `<...>`.
const groups = new Map();
for (let i = 0; i < module.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
  if (info.module || names.has(info.name)) continue;
  let key = info.name.replace(/::h[0-9a-f]{16}$/, '');
  for (let before = ''; before !== key; ) {
    before = key;
    key = key.replace(/<[^<>]*>/g, '');
  }
  const group = groups.get(key) ?? [];
  groups.delete(key);
  groups.set(key, group);
  group.push(info);
}
const functions = [...groups.values()].flat();
for (const info of [...functions, ...dead]) module.removeFunction(info.name);
for (const info of functions) {
  module.addFunction(info.name, info.params, info.results, info.vars, info.body);
}
// The dead ones last, with an `unreachable` body.
for (const info of dead) {
  module.addFunction(info.name, info.params, info.results, [], module.unreachable());
}
// Imports without their hashes. Each old name must be in the glue exactly once (its key in
// the imports object), and no new name anywhere, or the glue is not what this expects.
let script = readFileSync(glue, 'utf8');
const imports = [];
for (let i = 0; i < module.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
  if (info.module) imports.push(info);
}
const taken = new Set(imports.map((info) => info.base));
const word = (name) => new RegExp(`\\b${name}\\b`, 'g');
for (const info of imports) {
  const base = info.base.replace(/_[0-9a-f]{16}$/, '');
  if (base === info.base) continue;
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
  const found = script.match(word(info.base))?.length ?? 0;
  if (found !== 1) fail(`the glue names the import \`${info.base}\` ${found} times, not once`);
  if (word(name).test(script)) fail(`the glue already names \`${name}\``);
  taken.add(name);
  script = script.replace(word(info.base), name);
  module.removeFunction(info.name);
  module.addFunctionImport(info.name, info.module, name, info.params, info.results);
}
writeFileSync(glue, script);

// Names kept for wasm-opt's --debuginfo (scripts/wasm-size.sh); --strip-debug drops them.
binaryen.setDebugInfo(true);
writeFileSync(output, module.emitBinary());
