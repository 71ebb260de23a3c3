/**
 * The performance lab's Web Worker: one CPython (Pyodide) of one version that runs, counts, times, inspects and
 * traces the user's code with the lab driver (`@bytescope/python`'s portable lab: the same engine as the CLI; a
 * `trace` request, `LabSession.trace`, records the stepper's trace with the real value stack). It is separate
 * from the compile worker (compile-worker.ts), so that a runaway program is stopped by terminating this worker only;
 * the page's {@link LabSession} starts a new one on the next request.
 *
 * Protocol: the page first posts a {@link LabWorkerInit} naming the version; from then on the messages are those of
 * the lab transport (`serveLab` / `connectLab`).
 */
import { runnerFromPyodide, serveLab, type LabPort } from '@bytescope/python/lab/portable';
import { startPyodideRuntime, type WorkerScope } from './pyodide-loader.js';

/** The first message the page sends: which CPython to load. */
export interface LabWorkerInit {
  type: 'lab-init';
  version: string;
}

const scope = self as unknown as WorkerScope;

function isInit(m: unknown): m is LabWorkerInit {
  return typeof m === 'object' && m !== null && (m as LabWorkerInit).type === 'lab-init' && typeof (m as LabWorkerInit).version === 'string';
}

scope.onmessage = (e: MessageEvent) => {
  const init: unknown = e.data;
  if (!isInit(init)) return;
  scope.onmessage = null;
  const port: LabPort = {
    postMessage: (message) => scope.postMessage(message),
    onMessage: (handler) => { scope.onmessage = (ev: MessageEvent) => handler(ev.data); },
  };
  // The build's memory snapshot (CPython already started) when there is one: a (re)start in about a second.
  const load = async () => runnerFromPyodide((await startPyodideRuntime(init.version, scope.location.href, { snapshot: true })).api);
  void serveLab(port, load);
};
