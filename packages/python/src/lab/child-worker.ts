/**
 * The lab child's runtime thread (started by `child-main.ts`): starts loading CPython first, then loads the lab's
 * modules while the runtime's WebAssembly compiles in the background, and serves the lab protocol (`serveLab`).
 *
 * Once ready, the thread never returns to its event loop: it waits for requests with `Atomics.wait` and takes them
 * from their port with `receiveMessageOnPort`. Right after the runtime starts, V8 optimises CPython's hottest
 * WebAssembly functions on background threads, and the thread's event loop stood still until those compiles were
 * done (gone under `--liftoff-only`): the first request waited for them (a `run` of `print(1)`: 84-135 ms from request
 * to answer, against 16-37 ms now). The optimised code still replaces the baseline code as it is compiled (a Python
 * loop runs as fast as before: 0.21 s against 0.40 s under Liftoff alone).
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
