// Network conditions through the Chrome DevTools Protocol, and a record of every request the
// page and its workers make.
//
// `Network.emulateNetworkConditions` is sent on the page's session before navigation, and on
// each dedicated worker's session before the worker runs (auto-attach with
// waitForDebuggerOnStart: the worker waits until its session has been set up). Chromium 156
// answers "Not supported" on a worker's session and throttles the worker's fetches with its
// page's conditions instead; ./throttle-check.mjs measures that a worker's fetch is slowed, and
// every emulated run starts with that check, so that a Chromium that does neither fails loudly
// instead of measuring an unthrottled worker.
//
// The browser is driven over the protocol alone (./cdp.mjs): with a second client attached
// (Playwright), that client would resume each worker before this one had enabled its Network
// domain, and the worker's first requests would go unseen.

/** Named conditions; rtt in ms, throughputs in kbit/s (1 kbit = 1000 bits). */
export const PROFILES = {
  none: { rtt: 0, downKbps: 0, upKbps: 0 },
  broadband: { rtt: 40, downKbps: 20000, upKbps: 5000 },
  mobile: { rtt: 150, downKbps: 1600, upKbps: 750 },
};

/** What issue 16's targets are measured under: broadband and mobile, and broadband on a host without Range. */
export const TARGET_PROFILES = ['broadband', 'mobile', 'broadband-no-range'];

/**
 * A condition from a profile name: `none`, `broadband` or `mobile`, with `-no-range` for a
 * host that ignores `Range`. Null for an unknown name.
 * @returns {{name: string, rtt: number, downKbps: number, upKbps: number, ranges: boolean}|null}
 */
export function profile(name) {
  const ranges = !name.endsWith('-no-range');
  const base = PROFILES[ranges ? name : name.slice(0, -'-no-range'.length)];
  return base ? { name, ...base, ranges } : null;
}

export const emulated = (condition) => condition.rtt > 0 || condition.downKbps > 0 || condition.upKbps > 0;

/** "40 ms RTT, 20 Mbit/s down, 5 Mbit/s up", for reports. */
export function describe(condition) {
  const rate = (kbps) => (kbps >= 1000 ? `${kbps / 1000} Mbit/s` : `${kbps} kbit/s`);
  const link = emulated(condition)
    ? `${condition.rtt} ms RTT, ${condition.downKbps ? rate(condition.downKbps) : 'unlimited'} down, ${condition.upKbps ? rate(condition.upKbps) : 'unlimited'} up`
    : 'no emulation (loopback)';
  return `${link}; ${condition.ranges ? 'host answers Range' : 'host ignores Range (200, whole file)'}`;
}

/** The parameters of Network.emulateNetworkConditions: latency in ms, throughputs in bytes/s (-1: none). */
export function cdpConditions(condition) {
  return {
    offline: false,
    latency: condition.rtt,
    downloadThroughput: condition.downKbps > 0 ? (condition.downKbps * 1000) / 8 : -1,
    uploadThroughput: condition.upKbps > 0 ? (condition.upKbps * 1000) / 8 : -1,
  };
}

/**
 * Applies `condition` to a page (before it navigates) and its dedicated workers, and records
 * every request of either: issue and end times (ms, Chromium's monotonic clock, shared by page
 * and workers), wall-clock issue time (ms since the epoch, to compare with the page's
 * `performance.timeOrigin + performance.now()`), status, whether the HTTP cache answered,
 * bytes on the wire (headers included).
 * @param {{connection: any, page: {send: Function, on: Function}}} browser from ./cdp.mjs
 */
export async function watchNetwork(browser, condition) {
  const { connection, page } = browser;
  /** requestId → request */
  const requests = new Map();
  const workers = [];
  const errors = [];
  let lastActivity = performance.now();

  // Keyed by request id alone: a worker's main script is announced on the page's session and
  // finishes on the worker's. Ids are unique within the renderer, which holds both.
  const onNetwork = (target, method, params) => {
    const key = params.requestId;
    lastActivity = performance.now();
    if (method === 'Network.requestWillBeSent') {
      const url = new URL(params.request.url);
      if (!url.protocol.startsWith('http')) return;
      const headers = params.request.headers ?? {};
      requests.set(key, {
        target,
        path: decodeURIComponent(url.pathname),
        range: headers.Range ?? headers.range ?? null,
        start: params.timestamp * 1000,
        wallStart: params.wallTime * 1000,
        end: null,
        status: null,
        fromCache: false,
        protocol: null,
        wire: 0,
        failed: null,
      });
      return;
    }
    const request = requests.get(key);
    if (!request) return;
    if (method === 'Network.requestServedFromCache') request.fromCache = true;
    else if (method === 'Network.responseReceived') {
      request.status = params.response.status;
      request.protocol = params.response.protocol ?? null;
      if (params.response.fromDiskCache || params.response.fromPrefetchCache || params.response.fromServiceWorker) request.fromCache = true;
    } else if (method === 'Network.loadingFinished') {
      request.end = params.timestamp * 1000;
      request.wire = params.encodedDataLength;
    } else if (method === 'Network.loadingFailed') {
      request.end = params.timestamp * 1000;
      request.failed = params.canceled ? 'canceled' : params.errorText;
    }
  };
  const NETWORK_EVENTS = ['Network.requestWillBeSent', 'Network.requestServedFromCache', 'Network.responseReceived', 'Network.loadingFinished', 'Network.loadingFailed'];
  for (const method of NETWORK_EVENTS) page.on(method, (params) => onNetwork('page', method, params));

  // A dedicated worker waits (waitForDebuggerOnStart) until its session is set up: its
  // Network domain on, so that its first request is seen, and the conditions sent to it.
  page.on('Target.attachedToTarget', async ({ sessionId, targetInfo, waitingForDebugger }) => {
    const session = connection.session(sessionId);
    const worker = { type: targetInfo.type, url: targetInfo.url, waitingForDebugger, emulation: null };
    workers.push(worker);
    for (const method of NETWORK_EVENTS) session.on(method, (params) => onNetwork('worker', method, params));
    session.on('Runtime.exceptionThrown', ({ exceptionDetails }) => errors.push(`worker ${targetInfo.url}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`));
    try {
      await session.send('Network.enable');
      await session.send('Runtime.enable');
      if (emulated(condition)) {
        try {
          await session.send('Network.emulateNetworkConditions', cdpConditions(condition));
          worker.emulation = 'set on the worker';
        } catch (error) {
          // Chromium 156: "Not supported"; the page's conditions apply (throttle-check.mjs).
          worker.emulation = `refused by the worker (${error.message.replace(/^[\w.]+: /, '')}): the page's conditions apply`;
        }
      }
    } catch (error) {
      errors.push(`worker ${targetInfo.url}: ${error.message}`);
    } finally {
      if (waitingForDebugger) await session.send('Runtime.runIfWaitingForDebugger').catch((error) => errors.push(`worker ${targetInfo.url}: ${error.message}`));
    }
  });

  await page.send('Network.enable');
  if (emulated(condition)) await page.send('Network.emulateNetworkConditions', cdpConditions(condition));
  await page.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });

  return {
    /** Every request so far, in issue order. */
    requests: () => [...requests.values()].sort((a, b) => a.start - b.start),
    workers,
    errors,
    /** Resolves once no request has been in flight, nor any network event seen, for `quietMs`. */
    async quiet(quietMs = 500, timeoutMs = 600_000) {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const idle = performance.now() - lastActivity;
        if (idle >= quietMs && [...requests.values()].every((r) => r.end !== null)) return;
        if (performance.now() > until) {
          const open = [...requests.values()].filter((r) => r.end === null).map((r) => `${r.target} ${r.path} ${r.range ?? ''}`);
          throw new Error(`the network did not go quiet within ${timeoutMs / 1000} s; in flight: ${open.join(', ') || 'none'}`);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(20, Math.min(100, quietMs - idle))));
      }
    },
  };
}
