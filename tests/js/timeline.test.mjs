// The periods of www/quire-timeline.js: the engine's timeline (months with results) as the
// bars to draw, without a browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodName, periodsOf } from '../../www/quire-timeline.js';

test('months between the first and the last are filled in with zeros', () => {
  assert.deepEqual(periodsOf([{ month: '2024-11', count: 2 }, { month: '2025-02', count: 1 }]), {
    unit: 'month',
    periods: [
      { key: '2024-11', count: 2 },
      { key: '2024-12', count: 0 },
      { key: '2025-01', count: 0 },
      { key: '2025-02', count: 1 },
    ],
  });
  assert.deepEqual(periodsOf([]), { unit: 'month', periods: [] });
  assert.deepEqual(periodsOf(), { unit: 'month', periods: [] });
});

test('periods keep how many of their units are articles without entries, when the engine says', () => {
  assert.deepEqual(periodsOf([{ month: '2025-03', count: 3, articles: 1 }, { month: '2025-05', count: 1, articles: 0 }]).periods, [
    { key: '2025-03', count: 3, articles: 1 },
    { key: '2025-04', count: 0, articles: 0 },
    { key: '2025-05', count: 1, articles: 0 },
  ]);
  const { unit, periods } = periodsOf([
    { month: '1990-01', count: 1, articles: 1 },
    { month: '1990-07', count: 2, articles: 0 },
    { month: '2010-01', count: 4, articles: 3 },
  ]);
  assert.equal(unit, 'year');
  assert.deepEqual([periods[0], periods.at(-1)], [
    { key: '1990', count: 3, articles: 1 },
    { key: '2010', count: 4, articles: 3 },
  ]);
});

test('junk months and empty counts are left out', () => {
  const { periods } = periodsOf([
    { month: '2025-00', count: 3 },
    { month: '2025-13', count: 3 },
    { month: 'May 2025', count: 3 },
    { month: '2025-03', count: 0 },
    { month: '2025-04', count: 5 },
  ]);
  assert.deepEqual(periods, [{ key: '2025-04', count: 5 }]);
});

test('beyond twenty years, years are counted instead of months', () => {
  const { unit, periods } = periodsOf([
    { month: '1990-01', count: 1 },
    { month: '1990-07', count: 2 },
    { month: '2010-01', count: 4 },
  ]);
  assert.equal(unit, 'year');
  assert.equal(periods.length, 21);
  assert.deepEqual(periods[0], { key: '1990', count: 3 });
  assert.deepEqual(periods.at(-1), { key: '2010', count: 4 });
  assert.equal(periods.reduce((sum, period) => sum + period.count, 0), 7);
  // Just under the limit stays in months.
  assert.equal(periodsOf([{ month: '1990-01', count: 1 }, { month: '2009-12', count: 1 }]).unit, 'month');
});

test('period names', () => {
  assert.equal(periodName('2025-01'), 'January 2025');
  assert.equal(periodName('2025-01', true), 'Jan 2025');
  assert.equal(periodName('1990'), '1990');
});
