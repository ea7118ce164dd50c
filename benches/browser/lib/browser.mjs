// Cold runs in Chromium (Debian's, never a downloaded one): a fresh profile each time, the
// page's first query, then the warm queries; the renderer's memory is polled meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../scripts/chromium.mjs';
import { cmdlineOf, descendants, memoryOf, POLL_MS } from './proc.mjs';

export { CHROMIUM, CHROMIUM_ARGS };

/** The harness's page: it only loads the engine's page script (both are logged as harness). */
export const PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title><script type="module" src="/bench.mjs"></script>';
export const BLANK = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>blank</title>';

/**
 * Polls the VmRSS of Chromium's renderer processes (`--type=renderer`) below this Node process
 * (Playwright starts Chromium as our child), keeping the largest single renderer and the
 * largest sum over renderers.
 */
function watchRenderers() {
  const isRenderer = new Map();
  let peak = 0;
  let peakSum = 0;
  const sample = () => {
    let sum = 0;
    for (const pid of descendants(process.pid)) {
      if (!isRenderer.has(pid)) isRenderer.set(pid, cmdlineOf(pid).includes('--type=renderer'));
      if (!isRenderer.get(pid)) continue;
      const rss = memoryOf(pid)?.rss ?? 0;
      peak = Math.max(peak, rss);
      sum += rss;
    }
    peakSum = Math.max(peakSum, sum);
  };
  const timer = setInterval(sample, POLL_MS);
  return {
    /** The peaks so far. */
    peek() {
      sample();
      return { peak, peakSum };
    },
    stop() {
      clearInterval(timer);
      sample();
      return { peak, peakSum, renderers: [...isRenderer.values()].filter(Boolean).length };
    },
  };
}

async function launch() {
  const profile = mkdtempSync(path.join(tmpdir(), 'quire-browser-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The JS heap of the page, from the DevTools protocol. */
async function heap(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? null;
  return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize') };
}

/** Non-harness entries of the server log from `from` on: what the engine fetched. */
function fetched(log, from, to = log.length) {
  const entries = log.slice(from, to).filter((e) => !e.harness);
  return {
    bytes: entries.reduce((sum, e) => sum + e.bytes, 0),
    requests: entries.length,
    entries: entries.map(({ path: p, status, range, encoding, bytes }) => ({ path: p, status, range, encoding, bytes })),
  };
}

/**
 * Waves of requests: how many times the page waited for a response before asking for more.
 * A request opens a new wave when some request of the current wave had already finished when
 * it was issued (it may have depended on that answer); requests issued together (before any
 * of them finished) are one wave, however many connections they queue for. Times come from
 * Chromium's own request timing (worker requests included), not from the server.
 * @param {{start: number, end: number}[]} requests
 */
export function waves(requests) {
  let count = 0;
  let firstEnd = Infinity;
  for (const r of [...requests].sort((a, b) => a.start - b.start)) {
    if (count === 0 || r.start >= firstEnd) {
      count += 1;
      firstEnd = r.end;
    } else {
      firstEnd = Math.min(firstEnd, r.end);
    }
  }
  return count;
}

/**
 * One cold run: a fresh profile, the page, its first query (timed from navigation start), then
 * `passes` passes over the warm queries.
 */
export async function coldRun(server, { queries, passes }) {
  const browser = await launch();
  const watch = watchRenderers();
  try {
    const { page, context } = browser;
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    // Every request the page and its workers made, with Chromium's timing.
    const requests = [];
    page.on('requestfinished', (request) => {
      const t = request.timing();
      const url = new URL(request.url());
      requests.push({ path: url.pathname, mark: url.pathname === '/__mark' ? url.searchParams.get('n') : null, start: t.startTime, end: t.startTime + t.responseEnd });
    });
    const harness = new Set(['/', '/bench.mjs']);
    const mark = server.log.length;
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__first !== undefined);
    const first = await page.evaluate(() => window.__first);
    const firstFetched = fetched(server.log, mark);
    const peakAfterFirst = watch.peek();
    const afterFirst = server.log.length;
    const samples = await page.evaluate(([q, p]) => window.__run(q, p), [queries, passes]);
    const warmFetched = fetched(server.log, afterFirst);
    // Each warm query's requests: the log entries between its mark and the next.
    let current = null;
    for (const entry of server.log.slice(afterFirst)) {
      if (entry.mark !== undefined) current = samples[Number(entry.mark)];
      else if (current && !entry.harness) {
        current.requests = (current.requests ?? 0) + 1;
        current.bytes = (current.bytes ?? 0) + entry.bytes;
        // What a new query fetched, request by request (repeats fetch nothing, or little).
        if (current.pass === 0) (current.entries ??= []).push(`${entry.path.split('/').pop()} ${entry.status} ${entry.range ?? 'whole'} ${entry.bytes}`);
      }
    }
    const jsHeap = await heap(context, page);
    // The events of the last requests may come a little after the page has its answers.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const firstMark = requests.findIndex((r) => r.mark !== null);
    const firstWaves = waves(requests.slice(0, firstMark < 0 ? requests.length : firstMark).filter((r) => !harness.has(r.path)));
    let group = null;
    const groups = new Map();
    for (const r of requests) {
      if (r.mark !== null) group = Number(r.mark);
      else if (group !== null) (groups.get(group) ?? groups.set(group, []).get(group)).push(r);
    }
    for (const [n, list] of groups) if (samples[n]) samples[n].waves = waves(list);
    const rendererAfterFirst = peakAfterFirst;
    return { first: { ...first, waves: firstWaves, rendererPeak: rendererAfterFirst.peak }, firstFetched, samples, warmFetched: { bytes: warmFetched.bytes, requests: warmFetched.requests }, jsHeap, errors, renderer: watch.stop() };
  } finally {
    watch.stop();
    await browser.close();
  }
}

/** The renderer of a blank page from the same server, for reference: what any page costs. */
export async function blankRun(server, settleMs = 1000) {
  const browser = await launch();
  const watch = watchRenderers();
  try {
    await browser.page.goto(`${server.url}/blank.html`, { waitUntil: 'load' });
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return { renderer: watch.stop() };
  } finally {
    watch.stop();
    await browser.close();
  }
}
