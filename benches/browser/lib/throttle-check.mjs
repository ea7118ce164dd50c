// Measures that network emulation slows what a dedicated worker fetches, not only the page:
// a tiny page whose module worker fetches a 1 kB and a 100 kB file (no-store, so that no
// cache answers), timed in the worker, in a fresh profile without emulation and in one with.
// With the conditions applied, the 1 kB fetch must take at least the RTT and the 100 kB one
// at least the RTT plus 100 kB at the download rate, or the check fails.
import { cdpConditions, emulated, watchNetwork } from './network.mjs';
import { startServer } from './server.mjs';

const SMALL = 1_000;
const LARGE = 100_000;

const PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>throttle check</title><script type="module" src="/check.mjs"></script>';
const TIMER = `async function timed(size) {
  const started = performance.now();
  const response = await fetch('/bytes-' + size + '?' + Math.random(), { cache: 'no-store' });
  await response.arrayBuffer();
  return performance.now() - started;
}`;
const PAGE_SCRIPT = `${TIMER}
const page = await timed(${SMALL});
const worker = new Worker('/worker.mjs', { type: 'module' });
worker.onmessage = (event) => { window.__check = { page, worker: event.data }; };`;
const WORKER_SCRIPT = `${TIMER}
postMessage({ small: await timed(${SMALL}), large: await timed(${LARGE}) });`;

/** What the conditions alone make a fetch of `bytes` take, in ms: one RTT, then the body at the download rate. */
export function floorMs(condition, bytes) {
  return condition.rtt + (condition.downKbps > 0 ? (bytes * 8) / condition.downKbps : 0);
}

async function once(launch, url, condition) {
  const browser = await launch();
  try {
    const network = await watchNetwork(browser, condition);
    await browser.goto(`${url}/`);
    const times = await browser.waitFor(() => window.__check, undefined, { timeout: 120_000 });
    const workerRequests = network.requests().filter((r) => r.target === 'worker' && r.path.startsWith('/bytes-')).length;
    return { pageSmall: times.page, workerSmall: times.worker.small, workerLarge: times.worker.large, workerRequests, workers: network.workers };
  } finally {
    await browser.close();
  }
}

/**
 * @param {{rtt: number, downKbps: number, upKbps: number}} condition
 * @param {() => ReturnType<import('./browser.mjs').launch>} launch a fresh browser
 * @param {{tls?: object}} [options]
 * @returns {Promise<{ok: boolean, problems: string[], none: object, emulated: object, floors: object}>}
 */
export async function checkThrottling(condition, launch, { tls = null } = {}) {
  if (!emulated(condition)) throw new Error('checkThrottling: no conditions to check');
  const server = await startServer({
    mounts: {},
    virtual: {
      '/': PAGE,
      '/check.mjs': PAGE_SCRIPT,
      '/worker.mjs': WORKER_SCRIPT,
      [`/bytes-${SMALL}`]: Buffer.alloc(SMALL, 1),
      [`/bytes-${LARGE}`]: Buffer.alloc(LARGE, 1),
    },
    gzip: false,
    tls,
  });
  try {
    const none = await once(launch, server.url, { rtt: 0, downKbps: 0, upKbps: 0 });
    const slowed = await once(launch, server.url, condition);
    const floors = { small: floorMs(condition, SMALL), large: floorMs(condition, LARGE) };
    const problems = [];
    // 5 % below the floor allowed: timers and the throttle's own slicing.
    if (slowed.workerSmall < 0.95 * floors.small) problems.push(`the worker's ${SMALL / 1000} kB fetch took ${slowed.workerSmall.toFixed(0)} ms, under the ${floors.small.toFixed(0)} ms the conditions impose`);
    if (slowed.workerLarge < 0.95 * floors.large) problems.push(`the worker's ${LARGE / 1000} kB fetch took ${slowed.workerLarge.toFixed(0)} ms, under the ${floors.large.toFixed(0)} ms the conditions impose`);
    if (slowed.pageSmall < 0.95 * floors.small) problems.push(`the page's ${SMALL / 1000} kB fetch took ${slowed.pageSmall.toFixed(0)} ms, under the ${floors.small.toFixed(0)} ms the conditions impose`);
    if (slowed.workerRequests < 2) problems.push(`only ${slowed.workerRequests} of the worker's 2 requests were seen through its DevTools session`);
    return { ok: problems.length === 0, problems, none, emulated: slowed, floors, conditions: cdpConditions(condition) };
  } finally {
    await server.close();
  }
}
