// The demo server's redirects stay on its own host (issue 14 row 15): a folder asked for
// without its slash is redirected to a path, never to `//another.host/`.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { start } from '../../www/serve.mjs';

/** GET `rawPath` exactly as written (no URL normalization on the way). */
function get(port, rawPath) {
  return new Promise((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (response) => {
      response.resume();
      resolve({ status: response.statusCode, location: response.headers.location });
    });
    call.on('error', reject);
    call.end();
  });
}

test('folder redirects never leave the host', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'quire-serve-'));
  mkdirSync(path.join(root, 'evil.example'));
  writeFileSync(path.join(root, 'evil.example', 'index.html'), '<p>a folder named like a host</p>');
  const site = await start({ root, port: 0 });
  try {
    for (const raw of ['/a/..//evil.example', '//evil.example', '/%2fevil.example', '///evil.example?x=1']) {
      const { status, location } = await get(site.port, raw);
      if (status === 301) {
        assert.ok(location.startsWith('/') && !location.startsWith('//'), `${raw} → ${location}`);
        assert.equal(new URL(location, 'http://127.0.0.1/').host, '127.0.0.1', `${raw} → ${location}`);
      }
    }
    const plain = await get(site.port, '/evil.example');
    assert.deepEqual(plain, { status: 301, location: '/evil.example/' });
    const withQuery = await get(site.port, '/evil.example?q=1');
    assert.equal(withQuery.location, '/evil.example/?q=1');
  } finally {
    await site.close();
    rmSync(root, { recursive: true, force: true });
  }
});
