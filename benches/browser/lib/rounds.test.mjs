// node --test benches/browser/lib/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rounds } from './rounds.mjs';

test('no requests, no rounds', () => {
  assert.equal(rounds([]), 0);
});

test('requests issued together are one round, however long each takes', () => {
  assert.equal(rounds([{ start: 0, end: 40 }, { start: 1, end: 400 }, { start: 2, end: 90 }]), 1);
});

test('a request issued after an answer arrived is a round later', () => {
  // manifest → shard → postings, with a record fetched beside the postings
  const chain = [
    { start: 0, end: 40 },
    { start: 41, end: 81 },
    { start: 82, end: 122 },
    { start: 82, end: 130 },
  ];
  assert.equal(rounds(chain), 3);
});

test('the longest chain counts, not the number of distinct start times', () => {
  // A slow request spans two short rounds: the one issued after it is round 3, not 2.
  const requests = [
    { start: 0, end: 300 },
    { start: 0, end: 40 },
    { start: 45, end: 85 },
    { start: 310, end: 350 },
  ];
  assert.equal(rounds(requests), 3);
  // Issued after the short chain but before the slow one finished: still round 3.
  assert.equal(rounds([{ start: 0, end: 300 }, { start: 0, end: 40 }, { start: 45, end: 85 }, { start: 90, end: 130 }]), 3);
});

test('order of the input does not matter', () => {
  const requests = [{ start: 82, end: 122 }, { start: 0, end: 40 }, { start: 41, end: 81 }];
  assert.equal(rounds(requests), 3);
});
