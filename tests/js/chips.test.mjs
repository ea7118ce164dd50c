// www/quire-chips.js: the chips of the active filters and dates, and what removing one does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chipsFor, dateText, filterNames } from '../../www/quire-chips.js';
import FA from '../../www/quire-strings-fa.js';
import { Strings } from '../../www/quire-strings.js';
import { emptyState } from '../../www/quire-url-state.js';

const t = new Strings();
const labelOf = (name) => ({ leaning: 'Leaning', outlet: 'Outlet' })[name] ?? name;

test('a chip per selected value, then one for the dates; each removes only itself', () => {
  const state = { ...emptyState(), q: 'talks', filters: { leaning: ['reformist'], outlet: ['Shargh', 'Kayhan'] }, from: '2025-01', to: '2025-05' };
  const chips = chipsFor(state, t, labelOf);
  assert.deepEqual(
    chips.map((chip) => [chip.key, chip.text]),
    [
      ['leaning=reformist', 'Leaning: reformist'],
      ['outlet=Shargh', 'Outlet: Shargh'],
      ['outlet=Kayhan', 'Outlet: Kayhan'],
      ['dates', 'Jan 2025 – May 2025'],
    ],
  );
  assert.deepEqual(chips[0].patch, { filters: { outlet: ['Shargh', 'Kayhan'] } });
  assert.deepEqual(chips[1].patch, { filters: { leaning: ['reformist'], outlet: ['Kayhan'] } });
  assert.deepEqual(chips[3].patch, { from: '', to: '' });
  // The state is not changed by building chips.
  assert.deepEqual(state.filters.outlet, ['Shargh', 'Kayhan']);
  assert.deepEqual(chipsFor(emptyState(), t, labelOf), []);
});

test('the names the status line gives the filters', () => {
  const state = { ...emptyState(), filters: { outlet: ['Shargh', 'Kayhan'], kind: [] }, from: '2024', to: '2025' };
  assert.deepEqual(filterNames(state, t, labelOf), ['Outlet: Shargh or Kayhan', '2024–2025']);
  assert.deepEqual(filterNames(emptyState(), t, labelOf), []);
});

test('date ranges in words', () => {
  assert.equal(dateText('', '', t), '');
  assert.equal(dateText('2024', '2025', t), '2024–2025');
  assert.equal(dateText('2024', '2024', t), '2024');
  assert.equal(dateText('2025-03', '2025-03', t), 'March 2025');
  assert.equal(dateText('2025-01', '2025-05-31', t), 'Jan 2025 – 31 May 2025');
  assert.equal(dateText('2025-01', '', t), 'since Jan 2025');
  assert.equal(dateText('', '2024', t), 'until 2024');
  // What is not a date is shown as it is.
  assert.equal(dateText('someday', '', t), 'since someday');
  const fa = new Strings(FA);
  assert.equal(dateText('2024', '2025', fa), '۲۰۲۴ تا ۲۰۲۵');
  assert.equal(chipsFor({ ...emptyState(), filters: { leaning: ['reformist'] } }, fa, (name) => fa.facetLabel(name))[0].text, 'گرایش: اصلاح‌طلب');
});
