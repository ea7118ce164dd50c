// Memory of process trees, read from /proc (Linux only): the resident set (VmRSS) of a process
// and all its descendants, polled every ~50 ms, and the peak of the sum.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const POLL_MS = 50;

/** pid → parent pid, for every process visible now. */
function parents() {
  const map = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      // The command name may hold spaces and parentheses: the fields after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  return map;
}

/** `root` and every process below it. */
export function descendants(root) {
  const children = new Map();
  for (const [pid, ppid] of parents()) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** VmRSS and VmHWM (peak RSS) of a process, in bytes; null when it is gone. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** The command line of a process, '' when it is gone. */
export function cmdlineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * Polls the tree under `root` every POLL_MS until stopped. Keeps the peak of the summed
 * VmRSS, and each process's last VmHWM (the kernel's own peak of that process), whose sum
 * bounds the tree's true peak from above (the peaks of different processes need not coincide).
 * @param {number} root
 */
export function watchTree(root) {
  let peakRss = 0;
  let samples = 0;
  const hwm = new Map();
  const names = new Map();
  const sample = () => {
    let sum = 0;
    for (const pid of descendants(root)) {
      const memory = memoryOf(pid);
      if (!memory) continue;
      sum += memory.rss;
      hwm.set(pid, Math.max(hwm.get(pid) ?? 0, memory.hwm));
      if (!names.has(pid)) names.set(pid, cmdlineOf(pid).split(' ')[0]);
    }
    samples += 1;
    peakRss = Math.max(peakRss, sum);
  };
  sample();
  const timer = setInterval(sample, POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      return {
        peakRss,
        hwmSum: [...hwm.values()].reduce((a, b) => a + b, 0),
        samples,
        processes: [...hwm].map(([pid, bytes]) => ({ pid, command: names.get(pid), hwm: bytes })),
      };
    },
  };
}

/**
 * Runs a command and measures its wall time and the memory of its process tree.
 * Its stdout is ignored; its stderr goes to ours (progress) unless `quiet`.
 * @returns {Promise<{seconds: number, memory: ReturnType<ReturnType<typeof watchTree>['stop']>}>}
 */
export function measureCommand(command, args, { cwd, env, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', quiet ? 'ignore' : 'inherit'] });
    const watch = watchTree(child.pid);
    child.on('error', (error) => {
      watch.stop();
      reject(error);
    });
    // 'exit' rather than 'close': the time stops when the process ends.
    child.on('exit', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      const memory = watch.stop();
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`));
      else resolve({ seconds, memory });
    });
  });
}
