// Measures that the benchmark's network emulation slows a dedicated worker's fetches, as it
// must for Quire and Pagefind (both fetch from a worker): prints the times of a page's and a
// worker's fetches without and with the conditions, and exits 1 when the worker's are not
// slowed to at least what the conditions impose. run.mjs makes the same check before every
// emulated condition. From any folder:
//   node benches/browser/check-throttle.mjs [--rtt 150] [--down-kbps 1600] [--up-kbps 750] [--http1]
import { parseArgs } from 'node:util';
import { launch } from './lib/browser.mjs';
import { cdpConditions } from './lib/network.mjs';
import { checkThrottling } from './lib/throttle-check.mjs';
import { makeCertificate } from './lib/tls.mjs';

const USAGE = 'usage: node benches/browser/check-throttle.mjs [--rtt 150] [--down-kbps 1600] [--up-kbps 750] [--http1]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      rtt: { type: 'string', default: '150' },
      'down-kbps': { type: 'string', default: '1600' },
      'up-kbps': { type: 'string', default: '750' },
      http1: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const condition = { rtt: Number(values.rtt), downKbps: Number(values['down-kbps']), upKbps: Number(values['up-kbps']), ranges: true };
for (const [name, value] of Object.entries(condition)) {
  if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) {
    console.error(`--${name}: a number ≥ 0, not ${value}`);
    process.exit(2);
  }
}
const tls = values.http1 ? null : makeCertificate();
const result = await checkThrottling(condition, () => launch({ spki: tls?.spki ?? null }), { tls });
const f = (x) => `${x.toFixed(1)} ms`;
console.log(`Conditions: ${JSON.stringify(cdpConditions(condition))} (${tls ? 'HTTP/2' : 'HTTP/1.1'})\n`);
console.log('| fetch | no emulation | emulated | at least |');
console.log('|---|---:|---:|---:|');
console.log(`| page, 1 kB | ${f(result.none.pageSmall)} | ${f(result.emulated.pageSmall)} | ${f(result.floors.small)} |`);
console.log(`| worker, 1 kB | ${f(result.none.workerSmall)} | ${f(result.emulated.workerSmall)} | ${f(result.floors.small)} |`);
console.log(`| worker, 100 kB | ${f(result.none.workerLarge)} | ${f(result.emulated.workerLarge)} | ${f(result.floors.large)} |`);
console.log(`\nWorker sessions: ${result.emulated.workers.map((w) => `${w.type} ${new URL(w.url).pathname}: ${w.emulation}`).join('; ')}`);
console.log(`Worker requests seen through its session: ${result.emulated.workerRequests}`);
if (!result.ok) {
  console.log(`\nFAILED: ${result.problems.join('; ')}`);
  process.exit(1);
}
console.log('\nThe worker\'s fetches are slowed as asked.');
