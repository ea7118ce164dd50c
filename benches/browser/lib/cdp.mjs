// Chromium driven over the DevTools protocol alone, through a pipe (--remote-debugging-pipe:
// JSON messages separated by NUL bytes, commands on fd 3, answers and events on fd 4), with
// flat sessions. The benchmark is this pipe's only client: a worker started with
// waitForDebuggerOnStart then waits until the benchmark has enabled its Network domain (and
// set its conditions), so that its first request is seen. With a second client (Playwright),
// the other one resumes the worker at once and its first requests go unseen.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Flags that keep a headless page from being treated as hidden (timers throttled) during a measurement. */
const FOREGROUND = ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--disable-extensions', '--no-default-browser-check', '--mute-audio', '--hide-scrollbars', '--password-store=basic'];

class Connection {
  #out;
  #next = 0;
  #pending = new Map();
  /** `${sessionId} ${method}` → listeners; '' for the browser's own session. */
  #listeners = new Map();
  #closed = null;

  constructor(input, output) {
    this.#out = output;
    let buffer = '';
    input.setEncoding('utf8');
    input.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        this.#receive(message);
      }
    });
    input.on('close', () => this.#close('the browser closed its end of the pipe'));
  }

  #receive(message) {
    if (message.id !== undefined) {
      const call = this.#pending.get(message.id);
      if (!call) return;
      this.#pending.delete(message.id);
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}${message.error.data ? ` (${message.error.data})` : ''}`));
      else call.resolve(message.result);
      return;
    }
    for (const listener of this.#listeners.get(`${message.sessionId ?? ''} ${message.method}`) ?? []) listener(message.params);
  }

  #close(reason) {
    this.#closed = reason;
    for (const call of this.#pending.values()) call.reject(new Error(`${call.method}: ${reason}`));
    this.#pending.clear();
  }

  send(method, params = {}, sessionId = undefined) {
    if (this.#closed) return Promise.reject(new Error(`${method}: ${this.#closed}`));
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { method, resolve, reject });
      this.#out.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  on(sessionId, method, listener) {
    const key = `${sessionId ?? ''} ${method}`;
    (this.#listeners.get(key) ?? this.#listeners.set(key, []).get(key)).push(listener);
  }

  /** A session's commands and events. */
  session(sessionId) {
    return {
      id: sessionId,
      send: (method, params) => this.send(method, params, sessionId),
      on: (method, listener) => this.on(sessionId, method, listener),
    };
  }
}

/**
 * Starts Chromium with a fresh profile and attaches to its first page.
 * @param {string} executable
 * @param {string[]} args
 * @returns {Promise<{connection: Connection, page: ReturnType<Connection['session']>, process: import('node:child_process').ChildProcess, close: () => Promise<void>}>}
 */
export async function launchChromium(executable, args) {
  const profile = mkdtempSync(path.join(tmpdir(), 'quire-browser-profile-'));
  const child = spawn(executable, [...args, ...FOREGROUND, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const connection = new Connection(child.stdio[4], child.stdio[3]);
  const close = async () => {
    await connection.send('Browser.close').catch(() => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const spawned = new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', resolve);
    });
    await spawned;
    let target;
    for (let tries = 0; !target; tries += 1) {
      const { targetInfos } = await connection.send('Target.getTargets');
      target = targetInfos.find((t) => t.type === 'page');
      if (!target && tries > 100) throw new Error('Chromium opened no page');
      if (!target) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { sessionId } = await connection.send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
    return { connection, page: connection.session(sessionId), process: child, close };
  } catch (error) {
    await close();
    throw new Error(`${error.message}; Chromium said: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
  }
}
