/**
 * A worker thread of trace.test.ts: loads one CPython runtime (one Pyodide per realm) and answers trace requests
 * with the trace and the `.pyc` it ran.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadRuntime, type PythonVersion } from '../src/runtime.js';
import { traceInRuntime, type TraceOptions } from '../src/trace.js';

const port = parentPort!;
const rt = await loadRuntime(workerData as PythonVersion);
port.on('message', (m: { id: number; source: string; options: TraceOptions }) => {
  try {
    const r = traceInRuntime(rt.pyodide, m.source, m.options);
    port.postMessage({ id: m.id, result: r });
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true, version: rt.fullVersion });
