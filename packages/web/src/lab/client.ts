/**
 * The page's side of the performance lab: one {@link LabSession} for the version in use, over a dedicated Web Worker
 * (workers/lab-worker.ts). The session enforces the time limits; when it has to kill the worker (a runaway program the
 * driver could not stop), the next request starts a new one. Switching versions disposes the old worker.
 */
import {
  LabSession, LabTimeout, connectLab, type LabError, type LabCompareOptions, type LabCompareResponse, type LabPort,
  type LabRunOptions, type LabRunResponse, type LabSpecializeOptions, type LabSpecializeResponse, type LabTransport,
  type LabTraceOptions, type TraceResult,
} from '@bytescope/python/lab/portable';
import { errorMessage } from '../ui/errors.js';
import type { LabWorkerInit } from '../workers/lab-worker.js';

/** What the lab runtime is doing, for a status line. */
export type LabRuntimeState =
  | { kind: 'idle' }
  | { kind: 'loading'; version: string }
  | { kind: 'ready'; version: string; fullVersion: string }
  | { kind: 'failed'; version: string; message: string };

/** Starts a lab worker for `version` and connects a transport to it. */
function connectWorker(version: string): Promise<LabTransport> {
  const worker = new Worker(new URL('../workers/lab-worker.ts', import.meta.url), { type: 'module', name: `bytescope-lab-${version}` });
  const port: LabPort = {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (handler) => { worker.onmessage = (e: MessageEvent) => handler(e.data); },
  };
  worker.postMessage({ type: 'lab-init', version } satisfies LabWorkerInit);
  return connectLab(port, {
    kill: () => worker.terminate(),
    onExit: (handler) => {
      worker.onerror = (e: ErrorEvent) => { e.preventDefault(); handler(`failed: ${e.message || 'worker error'}`); };
    },
    label: `Python ${version}`,
  });
}

/** The lab runtime of the version in use, started on first use. */
export class LabClient {
  private session: LabSession | null = null;
  private generation = 0;
  private stateNow: LabRuntimeState = { kind: 'idle' };
  private readonly listeners = new Set<(s: LabRuntimeState) => void>();

  /** The current state of the runtime. */
  get state(): LabRuntimeState { return this.stateNow; }

  /** Calls `fn` on every state change (and now). Returns a function that unsubscribes. */
  onState(fn: (s: LabRuntimeState) => void): () => void {
    this.listeners.add(fn);
    fn(this.stateNow);
    return () => this.listeners.delete(fn);
  }

  private set(s: LabRuntimeState): void {
    this.stateNow = s;
    for (const fn of this.listeners) fn(s);
  }

  /** The session of `version`, replacing (and stopping) the session of another version. */
  private sessionFor(version: string): LabSession {
    if (this.session?.version === version) return this.session;
    this.session?.dispose();
    const gen = ++this.generation;
    this.session = new LabSession(version, () => {
      if (gen === this.generation) this.set({ kind: 'loading', version });
      const t = connectWorker(version);
      t.then(
        (tr) => { if (gen === this.generation) this.set({ kind: 'ready', version, fullVersion: tr.fullVersion }); },
        (e: unknown) => { if (gen === this.generation) this.set({ kind: 'failed', version, message: errorMessage(e) }); },
      );
      return t;
    });
    return this.session;
  }

  /** Loads the runtime of `version` now (otherwise the first request does). */
  async warm(version: string): Promise<void> {
    try { await this.sessionFor(version).ready(); } catch { /* reported through the state */ }
  }

  /** Runs the program once with instruction counts. Throws a {@link LabError} when stopped. */
  run(version: string, options: LabRunOptions): Promise<LabRunResponse> {
    return this.restartAfterKill(version, this.sessionFor(version).run(options));
  }

  /** Warms the code up and reads the adaptive bytecode (3.11+). */
  specialize(version: string, options: LabSpecializeOptions): Promise<LabSpecializeResponse> {
    return this.restartAfterKill(version, this.sessionFor(version).specialize(options));
  }

  /** Counts, then times the variants side by side. */
  compare(version: string, options: LabCompareOptions): Promise<LabCompareResponse> {
    return this.restartAfterKill(version, this.sessionFor(version).compare(options));
  }

  /** Records a trace of the program (the stepper's): the trace and the `.pyc` that ran, or the compile error. */
  trace(version: string, options: LabTraceOptions): Promise<TraceResult> {
    return this.restartAfterKill(version, this.sessionFor(version).trace(options));
  }

  /** When the session had to kill the worker, starts the next one now, so that the next request need not wait. */
  private restartAfterKill<T>(version: string, p: Promise<T>): Promise<T> {
    p.catch((e: unknown) => { if (e instanceof LabTimeout && e.killed && this.session?.version === version) void this.warm(version); });
    return p;
  }

  /**
   * Stops the runtime at once (whatever it runs is rejected with a {@link LabError}); the next request starts a
   * new one.
   */
  stop(): void {
    this.generation++;
    this.session?.dispose();
    this.session = null;
    this.set({ kind: 'idle' });
  }
}
