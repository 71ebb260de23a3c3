/**
 * The lab child's runtime thread (started by `child-main.ts`): starts loading CPython first, then loads the lab's
 * modules while the runtime's WebAssembly compiles in the background, and serves the lab protocol (`serveLab`).
 *
 * Once ready, the thread never returns to its event loop: it waits for requests with `Atomics.wait` and takes them
 * from their port with `receiveMessageOnPort`. At each turn of a thread's event loop Node waits until the background
 * compiles V8 has queued are done, and CPython's hottest WebAssembly functions are being optimised in the background
 * right after the runtime starts: the first request waited for them (a `run` of `print(1)`: 84-135 ms from request to
 * answer, against 16-37 ms now). Optimised code still replaces the baseline code as it is compiled: V8 publishes it
 * from the compiling thread.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { isPythonVersion, loadRuntime } from '../runtime.js';
import type { LabThreadSetup } from './child-main.js';
import type { LabPort } from './transport.js';

const setup = workerData as LabThreadSetup;
const version = setup.version;
const runtime = isPythonVersion(version) ? loadRuntime(version) : Promise.reject(new Error(`unknown Python version ${version}`));
// Handled where serveLab awaits it; marked handled now, as the imports below come first.
runtime.catch(() => {});
const [{ serveLab }, { runnerFromPyodide }] = await Promise.all([import('./transport.js'), import('./protocol.js')]);

/** Hands every request to `handle`, in order, for ever (the process ends the thread). */
function serveBlocking(handle: (message: unknown) => void): never {
  for (;;) {
    // Read the count before looking: a request posted after the look bumps it, and the wait then returns at once.
    const seen = Atomics.load(setup.signal, 0);
    const got = receiveMessageOnPort(setup.requests);
    if (got) handle(got.message);
    else Atomics.wait(setup.signal, 0, seen);
  }
}

const port: LabPort = {
  postMessage: (m) => { parentPort!.postMessage(m); },
  // After serveLab has posted `ready` (it registers its handler first).
  onMessage: (h) => { queueMicrotask(() => serveBlocking(h)); },
};
void serveLab(port, async () => runnerFromPyodide((await runtime).pyodide));
