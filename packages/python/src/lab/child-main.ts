/**
 * The lab's child process (Node): loads one CPython runtime, installs the driver, then answers requests over the
 * IPC channel with the protocol of `transport.ts`. Started by {@link forkLabTransport}; killed by the parent when
 * a request overruns.
 *
 * The runtime runs in a worker thread of this process with a large stack (`runtimeStackMb()`, as the compile thread's), the IPC messages
 * passed through: CPython in WebAssembly makes a JavaScript frame for each C call, and on the main thread's stack
 * (about 1 MB) deep recursion (a long expression given to `exec`, a recursive function under the tracer) overflows
 * the JavaScript engine's stack before CPython's own recursion check, which kills the runtime. With the larger
 * stack, CPython raises its RecursionError, as it does natively.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { runtimeStackMb } from '../compile-thread.js';
import { isPythonVersion, loadRuntime } from '../runtime.js';
import { runnerFromPyodide } from './protocol.js';
import { serveLab, type LabPort } from './transport.js';
import { isMainScript } from '../main-script.js';

/** Absolute path of this module's compiled file (the script the parent forks). */
export const LAB_CHILD_SCRIPT = fileURLToPath(import.meta.url);

if (isMainScript(import.meta.url)) {
  const version = process.argv[2] ?? '';
  if (isMainThread) {
    process.on('disconnect', () => process.exit(0));
    const worker = new Worker(LAB_CHILD_SCRIPT, { argv: [version], resourceLimits: { stackSizeMb: runtimeStackMb() } });
    process.on('message', (m) => worker.postMessage(m));
    worker.on('message', (m) => { process.send?.(m); });
    worker.on('error', (e) => { process.stderr.write(`${e.stack ?? e.message}\n`); process.exit(1); });
    worker.on('exit', (code) => process.exit(code));
  } else {
    const port: LabPort = {
      postMessage: (m) => { parentPort!.postMessage(m); },
      onMessage: (h) => { parentPort!.on('message', h); },
    };
    void serveLab(port, async () => {
      if (!isPythonVersion(version)) throw new Error(`unknown Python version ${version}`);
      return runnerFromPyodide((await loadRuntime(version)).pyodide);
    });
  }
}
