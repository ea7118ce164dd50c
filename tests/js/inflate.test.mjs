// The worker's text-record decompression (`inflate`): a record's plain text comes back byte
// for byte whether its deflate data is one piece or many; a record that inflates past the size
// it claims, or is no deflate data, is `corrupt`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { QuireError } from '../../www/quire-errors.js';
import { inflate } from '../../www/quire-worker.js';
import { random } from './random.mjs';

const URL_OF = new URL('https://archive.example/quire/docs.00000000000000aa.qi');

/** A text record: the plain text's size (u32 LE), then its raw deflate. */
function record(text, claimed = text.length) {
  const deflated = deflateRawSync(text);
  const out = new Uint8Array(4 + deflated.length);
  new DataView(out.buffer).setUint32(0, claimed, true);
  out.set(deflated, 4);
  return out;
}

test('a text comes back byte for byte, from one piece of deflate data or many', async () => {
  const draw = random(0x1f1a7e);
  // Letters at random hardly compress: 200 kB of them deflate to well over one 16 kB piece.
  for (const size of [0, 1, 900, 200_000]) {
    const text = Buffer.from(Array.from({ length: size }, () => String.fromCharCode(97 + draw.int(26))).join(''));
    const packed = record(text);
    if (size === 200_000) assert.ok(packed.length > 3 * 16384, `${packed.length} bytes of deflate`);
    assert.deepEqual(Buffer.from(await inflate(URL_OF, packed)), text, `${size} bytes`);
  }
});

test('a record that inflates past its size, or is no deflate data, is corrupt', async () => {
  // A million zeros claimed as a thousand bytes: stopped at the first piece past the size.
  const bomb = record(Buffer.alloc(1_000_000), 1000);
  await assert.rejects(inflate(URL_OF, bomb), (error) => error instanceof QuireError && error.kind === 'corrupt' && /more than the 1000 bytes/.test(error.message));
  const short = record(Buffer.from('some text'), 20);
  await assert.rejects(inflate(URL_OF, short), (error) => error instanceof QuireError && error.kind === 'corrupt' && /not the 20 it records/.test(error.message));
  const garbage = new Uint8Array([5, 0, 0, 0, 0xff, 0xff, 0xff]);
  await assert.rejects(inflate(URL_OF, garbage), (error) => error instanceof QuireError && error.kind === 'corrupt' && /not valid raw deflate/.test(error.message));
});
