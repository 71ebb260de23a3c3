/**
 * The message protocol between a lab session and the thread or process that holds the runtime, for any message
 * channel: a Node child process (IPC), a Node worker thread, a browser Web Worker. Both ends are here and import
 * nothing platform-specific.
 *
 * Runtime side → session: `{ type: 'ready', fullVersion }` once loaded, `{ type: 'response', id, response }` per
 * request, `{ type: 'fatal', message }` if loading failed. Session → runtime side: `{ id, request }`.
 */
import { LabCrash } from './errors.js';
import { handleLabRequest, installLabDriver, type LabRequest, type LabResponse, type LabTransport, type PythonRunner } from './protocol.js';

/** One end of a message channel. */
export interface LabPort {
  postMessage(message: unknown): void;
  /** Registers the handler of incoming messages (the message itself, not an event). */
  onMessage(handler: (message: unknown) => void): void;
}

/** Messages the runtime side sends. */
export type LabWorkerMessage =
  | { type: 'ready'; fullVersion: string }
  | { type: 'response'; id: number; response: LabResponse }
  | { type: 'fatal'; message: string };

/** Messages the session side sends. */
export interface LabRequestMessage {
  id: number;
  request: LabRequest;
}

/**
 * The runtime side: loads the runtime, installs the driver, announces `ready`, then answers each request
 * synchronously (a runaway program blocks this thread until the driver's limits stop it, or the other side kills
 * it). In a Web Worker: `serveLab(port, async () => runnerFromPyodide(await loadPyodide(...)))`.
 */
export async function serveLab(port: LabPort, load: () => Promise<PythonRunner>): Promise<void> {
  let runner: PythonRunner;
  let fullVersion: string;
  try {
    runner = await load();
    fullVersion = installLabDriver(runner);
  } catch (e) {
    port.postMessage({ type: 'fatal', message: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies LabWorkerMessage);
    return;
  }
  port.onMessage((raw) => {
    const m = raw as LabRequestMessage;
    let response: LabResponse;
    try {
      response = handleLabRequest(runner, m.request);
    } catch (e) {
      // Pyodide marks the errors after which it cannot run anything again (a JavaScript stack overflow…).
      const fatal = typeof e === 'object' && e !== null && (e as { pyodide_fatal_error?: unknown }).pyodide_fatal_error === true;
      response = { ok: false, error: e instanceof Error ? e.message : String(e), ...(fatal ? { fatal } : {}) };
    }
    port.postMessage({ type: 'response', id: m.id, response } satisfies LabWorkerMessage);
  });
  port.postMessage({ type: 'ready', fullVersion } satisfies LabWorkerMessage);
}

/** Options of {@link connectLab}. */
export interface ConnectLabOptions {
  /** Stops the other side at once (`worker.terminate()`, `child.kill('SIGKILL')`). */
  kill: () => void;
  /** Registers a handler for the other side dying (process exit, worker error). */
  onExit?: (handler: (reason: string) => void) => void;
  /** Names the runtime in error messages (`Python 3.12`). */
  label?: string;
  /** Milliseconds to wait for `ready` (default 180 000). */
  loadTimeoutMs?: number;
}

/**
 * The session side: waits until the other side is loaded, then returns a {@link LabTransport} over the port.
 * Rejects with {@link LabCrash} if loading fails, times out or the other side dies.
 */
export function connectLab(port: LabPort, options: ConnectLabOptions): Promise<LabTransport> {
  const label = options.label ?? 'Python';
  return new Promise((resolve, reject) => {
    const pending = new Map<number, { resolve: (r: LabResponse) => void; reject: (e: Error) => void }>();
    let nextId = 1;
    let dead = false;
    let ready = false;
    const fail = (why: string) => {
      if (dead) return;
      dead = true;
      clearTimeout(timer);
      const err = new LabCrash(`the ${label} lab runtime ${why}`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      if (!ready) reject(err);
    };
    const timer = setTimeout(() => {
      options.kill();
      fail(`did not load within ${options.loadTimeoutMs ?? 180_000} ms`);
    }, options.loadTimeoutMs ?? 180_000);
    options.onExit?.((reason) => fail(reason));
    port.onMessage((raw) => {
      const m = raw as LabWorkerMessage;
      if (m.type === 'ready') {
        ready = true;
        clearTimeout(timer);
        resolve({
          fullVersion: m.fullVersion,
          send(request: LabRequest): Promise<LabResponse> {
            if (dead) return Promise.reject(new LabCrash(`the ${label} lab runtime is not running`));
            const id = nextId++;
            return new Promise<LabResponse>((res, rej) => {
              pending.set(id, { resolve: res, reject: rej });
              port.postMessage({ id, request } satisfies LabRequestMessage);
            });
          },
          kill(): void {
            fail('was stopped');
            options.kill();
          },
        });
      } else if (m.type === 'response') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        p?.resolve(m.response);
      } else if (m.type === 'fatal') {
        options.kill();
        fail(`failed to load: ${m.message}`);
      }
    });
  });
}
