/**
 * The lab child's runtime thread (started by `child-main.ts`): starts loading CPython first, then loads the lab's
 * modules while the runtime's WebAssembly compiles in the background, and serves the lab protocol over the thread's
 * port (`serveLab`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isPythonVersion, loadRuntime } from '../runtime.js';
import type { LabPort } from './transport.js';

const version = String((workerData as { version?: unknown } | null)?.version ?? '');
const runtime = isPythonVersion(version) ? loadRuntime(version) : Promise.reject(new Error(`unknown Python version ${version}`));
// Handled where serveLab awaits it; marked handled now, as the imports below come first.
runtime.catch(() => {});
const [{ serveLab }, { runnerFromPyodide }] = await Promise.all([import('./transport.js'), import('./protocol.js')]);
const port: LabPort = {
  postMessage: (m) => { parentPort!.postMessage(m); },
  onMessage: (h) => { parentPort!.on('message', h); },
};
void serveLab(port, async () => runnerFromPyodide((await runtime).pyodide));
