// One list of error kinds (www/quire-errors.js): every module takes its kinds from it, and the
// widget has a message for each.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ENGINE_KINDS, ENGINE_KINDS_NOT_IN_BROWSER, fromEngineKind, KINDS, knownKind, QuireError } from '../../www/quire-errors.js';
import { FAILURES } from '../../www/quire-messages.js';
import { EN } from '../../www/quire-strings.js';
import FA from '../../www/quire-strings-fa.js';

const WWW = new URL('../../www/', import.meta.url);
const MODULES = readdirSync(WWW).filter((name) => /^quire-.*\.js$/.test(name) && name !== 'quire-errors.js');
const source = (name) => readFileSync(new URL(name, WWW), 'utf8');

test('the widget has a message for every kind, and no other', () => {
  assert.deepEqual(Object.keys(FAILURES).sort(), Object.keys(KINDS).sort());
  for (const [kind, keys] of Object.entries(FAILURES)) {
    for (const table of [EN, FA]) {
      const [title, advice] = keys.map((key) => table[key]);
      assert.ok(title?.length > 10 && advice?.length > 10, `${table.locale}: ${kind}`);
    }
  }
  assert.deepEqual(Object.entries(KINDS).filter(([name, kind]) => name !== kind), []);
});

test('every engine kind becomes a kind of the page', () => {
  for (const [engine, kind] of Object.entries(ENGINE_KINDS)) {
    assert.ok(Object.hasOwn(KINDS, kind), `${engine} → ${kind}`);
    assert.equal(fromEngineKind(engine), kind);
  }
  assert.deepEqual(ENGINE_KINDS_NOT_IN_BROWSER.filter((kind) => Object.hasOwn(ENGINE_KINDS, kind)), []);
  for (const unknown of ['fetch', 'no-such-kind', undefined, null, 7, '__proto__', 'toString']) {
    assert.equal(fromEngineKind(unknown), KINDS.engine, String(unknown));
    assert.equal(knownKind(unknown), KINDS.engine, String(unknown));
  }
  assert.equal(knownKind('missing'), 'missing');
  const error = new QuireError(KINDS.corrupt, 'a message', { cause: 1 });
  assert.deepEqual([error.name, error.kind, error.message, error.cause, error instanceof Error], ['QuireError', 'corrupt', 'a message', 1, true]);
});

test('the ENGINE_KINDS block keeps the one-entry-a-line form a Rust test parses', () => {
  const block = /export const ENGINE_KINDS = \{\n((?:  [a-z]+: '[a-z]+',\n)+)\};/.exec(source('quire-errors.js'));
  assert.ok(block, 'ENGINE_KINDS is written as `  name: \'kind\',` lines');
  const parsed = Object.fromEntries(block[1].trim().split('\n').map((line) => /^([a-z]+): '([a-z]+)',$/.exec(line.trim()).slice(1)));
  assert.deepEqual(parsed, ENGINE_KINDS);
});

test('modules use kinds only by name from quire-errors.js, and only kinds it has', () => {
  assert.ok(MODULES.includes('quire-engine.js') && MODULES.includes('quire-worker.js') && MODULES.includes('quire-search.js'));
  let uses = 0;
  for (const name of MODULES) {
    const text = source(name);
    for (const [, kind] of text.matchAll(/\bKINDS\.([A-Za-z_$][\w$]*)/g)) {
      uses += 1;
      assert.ok(Object.hasOwn(KINDS, kind), `${name} uses KINDS.${kind}, which quire-errors.js does not have`);
    }
    for (const [, kind] of text.matchAll(/\bFAILURES\.([A-Za-z_$][\w$]*)/g)) {
      assert.ok(Object.hasOwn(FAILURES, kind), `${name} uses FAILURES.${kind}, which quire-messages.js does not have`);
    }
    // A kind written as a string escapes the list: outside comments, no string is a kind's name.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
    const kindNames = Object.keys(KINDS).join('|');
    const literals = [...code.matchAll(new RegExp(`(['"\`])(${kindNames})\\1`, 'g'))].map((match) => match[0]);
    assert.deepEqual(literals, [], `${name} writes kinds as strings`);
  }
  assert.ok(uses >= 15, `${uses} uses of KINDS`);
});
