// What the benchmark reads from elsewhere: the widget's request, and a corpus file given by
// path. Run: node --test benches/relevance/test/
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readCorpus } from '../../corpora.mjs';
import { modes, widgetRequest } from '../lib/engines/quire.mjs';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

test("the widget's request is built by the widget's own code, and Quire runs it both ways", async () => {
  const request = await widgetRequest(REPO);
  assert.equal(typeof request.typing, 'boolean');
  assert.equal(typeof request.limit, 'number');
  assert.ok(request.limit >= 10, 'the page holds the top 10');
  assert.equal(request.offset, 0);
  assert.ok(!('query' in request));
  const [widget, other] = await modes(REPO);
  assert.deepEqual(widget.request, request);
  assert.deepEqual(other.request, { ...request, typing: !request.typing });
});

test('a corpus line without an id, or not JSON, is named with its line number', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'quire-relevance-test-'));
  try {
    const file = path.join(dir, 'held-out.jsonl');
    writeFileSync(file, '{"id": 1, "title": "A", "body": "b"}\n\n{"title": "B", "body": "c"}\n');
    await assert.rejects(readCorpus(file), { message: `${file}:3: field \`id\` is missing or not a string or number; each article needs one` });
    writeFileSync(file, '{"id": 1, "title": "A", "body": "b"}\n{"id": 2, "title": \n');
    await assert.rejects(readCorpus(file), (error) => error.message.startsWith(`${file}:2: this line is not valid JSON`));
    writeFileSync(file, '{"id": 7, "title": "A"}\n');
    assert.deepEqual(await readCorpus(file), [{ id: '7', title: 'A', body: '' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
