// Runs in Chromium (Debian's, never a downloaded one), each in a fresh profile, under the
// network conditions of ./network.mjs:
//  - apiRun: the API page's first query (navigation → results), then each query given whole,
//    one call each, timed in the page; the renderer's memory is polled meanwhile;
//  - typingRun: the engine's own search box, typed into one character at a time, timed from
//    the input event of the last character to the results of the whole query on screen.
// Each request the page and its workers made (from the DevTools protocol) is given to the
// query during which it was issued, with its body bytes from the server's log.
import { CHROMIUM, CHROMIUM_ARGS } from '../../../scripts/chromium.mjs';
import { launchChromium } from './cdp.mjs';
import { watchNetwork } from './network.mjs';
import { cmdlineOf, descendants, memoryOf, POLL_MS } from './proc.mjs';
import { rounds } from './rounds.mjs';

export { CHROMIUM, CHROMIUM_ARGS };

/** The API page: it only loads the engine's page script (both are the harness's, not counted). */
export const PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title><script type="module" src="/bench.mjs"></script>';
export const BLANK = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>blank</title>';

/** How long a page may take for anything: MiniSearch's 21 MB at 1.6 Mbit/s is ~2 min. */
const TIMEOUT_MS = 15 * 60_000;
/** Quiet network before each new query (no request in flight nor event for so long). */
const QUIET_MS = 300;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

/**
 * A fresh browser profile, with helpers on its page. `spki`: the key of the HTTPS server's
 * certificate, trusted for this run (see ./tls.mjs).
 */
export async function launch({ spki = null } = {}) {
  const args = spki ? [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spki}`] : CHROMIUM_ARGS;
  const browser = await launchChromium(CHROMIUM, args);
  const { page } = browser;
  const errors = [];
  page.on('Runtime.exceptionThrown', ({ exceptionDetails }) => errors.push(exceptionDetails.exception?.description ?? exceptionDetails.text));
  await Promise.all([page.send('Page.enable'), page.send('Runtime.enable')]);

  /** The value of `fn(arg)` in the page, promises awaited. */
  const evaluate = async (fn, arg) => {
    const expression = `(${fn})(${arg === undefined ? '' : JSON.stringify(arg)})`;
    const { result, exceptionDetails } = await page.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  };
  /** Polls `fn(arg)` until it is truthy, and returns it. */
  const waitFor = async (fn, arg, { timeout = TIMEOUT_MS, every = 20 } = {}) => {
    const until = performance.now() + timeout;
    for (;;) {
      const value = await evaluate(fn, arg);
      if (value) return value;
      if (performance.now() > until) throw new Error(`timed out after ${timeout / 1000} s waiting for ${String(fn).slice(0, 80)}`);
      await sleep(every);
    }
  };
  /** Loads a URL and waits for its load event. */
  const goto = async (url) => {
    const loaded = new Promise((resolve) => page.on('Page.loadEventFired', resolve));
    const { errorText } = await page.send('Page.navigate', { url });
    if (errorText) throw new Error(`${url}: ${errorText}`);
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${url} did not load within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    });
    // The timer is cleared once the page has loaded: left running, it kept the program alive
    // for 15 minutes after its report.
    await Promise.race([loaded, late]).finally(() => clearTimeout(timer));
  };
  /** A left click in the middle of the element `locate()` returns, once it is laid out. */
  const click = async (locate) => {
    const { x, y } = await waitFor(`() => {
      const element = (${locate})();
      if (!element) return null;
      element.scrollIntoView({ block: 'center' });
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null;
    }`);
    await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    await page.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
    await page.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
  };
  /** One printable character, as a keyboard sends it: keydown (with its text: keypress and input follow), keyup. */
  const typeChar = async (char) => {
    const upper = char.toUpperCase();
    const key = /^[a-z]$/i.test(char)
      ? { code: `Key${upper}`, windowsVirtualKeyCode: upper.charCodeAt(0) }
      : /^[0-9]$/.test(char)
        ? { code: `Digit${char}`, windowsVirtualKeyCode: char.charCodeAt(0) }
        : char === ' '
          ? { code: 'Space', windowsVirtualKeyCode: 32 }
          : { code: '', windowsVirtualKeyCode: 0 };
    await page.send('Input.dispatchKeyEvent', { type: 'keyDown', key: char, text: char, unmodifiedText: char, ...key });
    await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: char, ...key });
  };
  /** Select-all then Backspace in the focused box, as a visitor clears it. */
  const clearBox = async () => {
    await page.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'a', code: 'KeyA', windowsVirtualKeyCode: 65, modifiers: 2, commands: ['selectAll'] });
    await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'a', code: 'KeyA', windowsVirtualKeyCode: 65, modifiers: 2 });
    await page.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 });
    await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 });
  };
  return { ...browser, errors, evaluate, waitFor, goto, click, typeChar, clearBox };
}

/** The JS heap of the page, from the DevTools protocol. */
async function heap(page) {
  await page.send('Performance.enable');
  const { metrics } = await page.send('Performance.getMetrics');
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? null;
  return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize') };
}

/**
 * The engine's requests of a run (the harness's own pages left out), each with its body
 * bytes from the server's log: a request the HTTP cache answered never reached the server;
 * every other one is paired with the first unpaired log entry of the same path and Range
 * header. What stays unpaired on either side is returned, so that a report can say the
 * accounting missed something.
 */
function account(requests, log, harness) {
  const entries = log.filter((e) => !e.harness && e.mark === undefined);
  const byKey = new Map();
  for (const entry of entries) {
    const key = `${entry.path} ${entry.rangeHeader ?? ''}`;
    (byKey.get(key) ?? byKey.set(key, []).get(key)).push(entry);
  }
  const engine = [];
  let unpairedRequests = 0;
  for (const request of requests) {
    if (harness.has(request.path)) continue;
    const item = { ...request, bytes: 0, logged: null };
    if (!request.fromCache) {
      const entry = byKey.get(`${request.path} ${request.range ?? ''}`)?.shift();
      if (entry) {
        item.bytes = entry.bytes;
        item.logged = { status: entry.status, range: entry.range, encoding: entry.encoding, http: entry.http };
      } else if (!request.failed) {
        unpairedRequests += 1;
      }
    }
    engine.push(item);
  }
  const unpairedLog = [...byKey.values()].reduce((n, list) => n + list.length, 0);
  return { requests: engine, unpairedRequests, unpairedLog };
}

/** Requests, bytes and rounds of a set of requests (those the HTTP cache answered count apart). */
function tally(requests) {
  const network = requests.filter((r) => !r.fromCache && r.end !== null);
  return {
    requests: network.length,
    cached: requests.filter((r) => r.fromCache).length,
    bytes: network.reduce((sum, r) => sum + r.bytes, 0),
    rounds: rounds(network),
    list: network.map((r) => `${r.target} ${r.path.split('/').pop()} ${r.logged?.status ?? r.status} ${r.range ?? 'whole'} ${r.bytes}${r.logged?.encoding === 'gzip' ? ' gzip' : ''} @${(r.start - network[0].start).toFixed(0)}-${(r.end - network[0].start).toFixed(0)}`),
  };
}

/** The requests issued (wall clock) in [from, to). */
const issuedIn = (requests, from, to) => requests.filter((r) => r.wallStart >= from && r.wallStart < to);

/**
 * One run of the API page: the first query from navigation, then `queries` each `passes`
 * times, one call each. Before each query's first pass the network is left to go quiet, so
 * that what one query left in flight does not slow or join the next.
 */
export async function apiRun(server, { queries, passes, condition, spki, harness }) {
  const browser = await launch({ spki });
  const watch = watchRenderers();
  try {
    const network = await watchNetwork(browser, condition);
    const logFrom = server.log.length;
    await browser.goto(`${server.url}/`);
    await browser.waitFor(() => window.__first !== undefined);
    const first = await browser.evaluate(() => window.__first);
    // After the first query, so as not to slow it: when each step of the start-up happened.
    first.timings = await browser.evaluate(() => window.__timings?.() ?? null);
    const peakAfterFirst = watch.peek();
    await network.quiet(QUIET_MS, TIMEOUT_MS);

    const samples = [];
    for (let pass = 0; pass < passes; pass += 1) {
      for (const query of queries) {
        if (pass === 0) await network.quiet(QUIET_MS, TIMEOUT_MS);
        const sample = await browser.evaluate((q) => window.__search(q), query);
        samples.push({ ...sample, pass });
      }
    }
    const jsHeap = await heap(browser.page);
    await network.quiet(QUIET_MS, TIMEOUT_MS);

    const { requests, unpairedRequests, unpairedLog } = account(network.requests(), server.log.slice(logFrom), harness);
    const firstRequests = issuedIn(requests, -Infinity, first.wallAt);
    for (const sample of samples) {
      Object.assign(sample, tally(issuedIn(requests, sample.wallStart, sample.wallEnd)));
      if (sample.pass > 0 || !sample.requests) delete sample.list;
    }
    const firstTally = tally(firstRequests);
    // When each request of the first query went out and its answer was in, ms after navigation.
    first.network = firstRequests
      .filter((r) => !r.fromCache && r.end !== null)
      .map((r) => ({ file: r.path.split('/').pop(), sent: r.wallStart - first.timeOrigin, in: r.wallStart + (r.end - r.start) - first.timeOrigin }));
    // Issued outside the first query and every timed query (in the quiet gaps between them):
    // background fetches, or a clock that does not line up; a report should show them.
    const attributed = new Set([...firstRequests, ...samples.flatMap((s) => issuedIn(requests, s.wallStart, s.wallEnd))]);
    const between = tally(requests.filter((r) => !attributed.has(r)));
    return {
      first: { ...first, ...firstTally, rendererPeak: peakAfterFirst.peak },
      between,
      samples,
      all: { requests: requests.filter((r) => !r.fromCache).length, bytes: requests.reduce((sum, r) => sum + r.bytes, 0) },
      unpairedRequests,
      unpairedLog,
      workers: network.workers,
      cdpErrors: network.errors,
      jsHeap,
      errors: browser.errors,
      renderer: watch.stop(),
    };
  } finally {
    watch.stop();
    await browser.close();
  }
}

/**
 * One run of the typing page: load it, let the network go quiet, click the search box and type
 * each query at `cps` characters a second (the first right after the click: the index may
 * still be loading), wait for its results on screen, let the network go quiet, select the
 * box's text and delete it, let the network go quiet again, type the next.
 */
export async function typingRun(server, { queries, cps, input, condition, spki, harness }) {
  const browser = await launch({ spki });
  try {
    const network = await watchNetwork(browser, condition);
    const logFrom = server.log.length;
    await browser.goto(`${server.url}/typing.html`);
    await network.quiet(QUIET_MS, TIMEOUT_MS);
    const timeOrigin = await browser.evaluate(() => performance.timeOrigin);

    const typed = [];
    for (const [n, query] of queries.entries()) {
      if (n === 0) {
        await browser.click(input);
      } else {
        await browser.clearBox();
        await network.quiet(QUIET_MS, TIMEOUT_MS);
      }
      await browser.evaluate((q) => Object.assign(window.__typing, { expect: q, shownAt: null, hits: null, inputs: [] }) && null, query);
      // Keystrokes at fixed times from the first, whatever each took to send.
      const began = performance.now();
      for (let i = 0; i < query.length; i += 1) {
        const wait = began + (i * 1000) / cps - performance.now();
        if (wait > 0) await sleep(wait);
        await browser.typeChar(query[i]);
      }
      await browser.waitFor(() => window.__typing.shownAt !== null);
      const state = await browser.evaluate(() => window.__typing);
      const last = state.inputs.findLast((e) => e.value === query);
      const firstInput = state.inputs[0];
      typed.push({
        query,
        cold: n === 0,
        ms: last ? state.shownAt - last.t : NaN,
        hits: state.hits,
        inputs: state.inputs.length,
        // The pace the page saw: from the first input event to the last, per keystroke.
        interval: last && firstInput && query.length > 1 ? (last.t - firstInput.t) / (query.length - 1) : null,
        wallFirstInput: firstInput ? timeOrigin + firstInput.t : NaN,
        wallLastInput: last ? timeOrigin + last.t : NaN,
        wallShown: timeOrigin + state.shownAt,
      });
      await network.quiet(QUIET_MS, TIMEOUT_MS);
    }

    const { requests, unpairedRequests, unpairedLog } = account(network.requests(), server.log.slice(logFrom), harness);
    for (const t of typed) {
      const during = tally(issuedIn(requests, t.wallFirstInput, t.wallShown));
      const afterLast = tally(issuedIn(requests, t.wallLastInput, t.wallShown));
      Object.assign(t, { requests: during.requests, bytes: during.bytes, roundsAfterLast: afterLast.rounds, requestsAfterLast: afterLast.requests, list: afterLast.list });
    }
    return { typed, unpairedRequests, unpairedLog, workers: network.workers, cdpErrors: network.errors, errors: browser.errors };
  } finally {
    await browser.close();
  }
}

/** The renderer of a blank page from the same server, for reference: what any page costs. */
export async function blankRun(server, { spki = null, settleMs = 1000 } = {}) {
  const browser = await launch({ spki });
  const watch = watchRenderers();
  try {
    await browser.goto(`${server.url}/blank.html`);
    await sleep(settleMs);
    return { renderer: watch.stop() };
  } finally {
    watch.stop();
    await browser.close();
  }
}
