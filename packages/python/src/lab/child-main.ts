/**
 * The lab's child process (Node): loads one CPython runtime, installs the driver, then answers requests over the
 * IPC channel with the protocol of `transport.ts`. Started as a `LabChild` (`child-fork.ts`); killed by the parent when
 * a request overruns.
 *
 * The runtime runs in a worker thread of this process (`child-worker.ts`) with a large stack (`runtimeStackMb()`, as
 * the compile thread's), the IPC messages passed through: CPython in WebAssembly makes a JavaScript frame for each C
 * call, and on the main thread's stack (about 1 MB) deep recursion (a long expression given to `exec`, a recursive
 * function under the tracer) overflows the JavaScript engine's stack before CPython's own recursion check, which
 * kills the runtime. With the larger stack, CPython raises its RecursionError, as it does natively. This thread
 * loads nothing but what starting the worker takes: every module it imported would be loaded twice, before the
 * runtime could start.
 */
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { runtimeStackMb } from '../runtime-stack.js';
import { isMainScript } from '../main-script.js';

/** Absolute path of this module's compiled file (the script the parent forks). */
export const LAB_CHILD_SCRIPT = fileURLToPath(import.meta.url);

/** What the runtime thread is started with: the version, and where its requests come from (see `child-worker.ts`). */
export interface LabThreadSetup {
  readonly version: string;
  /** Bumped (and notified) after each request is posted to `requests`. */
  readonly signal: Int32Array;
  readonly requests: MessagePort;
}

/** The worker's module (`child-worker.ts`). */
const WORKER_SCRIPT = fileURLToPath(new URL('./child-worker.js', import.meta.url));

if (isMainScript(import.meta.url)) {
  const version = process.argv[2] ?? '';
  process.on('disconnect', () => process.exit(0));
  // Requests reach the thread on a port of their own, each followed by a bump of `signal`: the thread waits for them
  // without returning to its event loop (see `child-worker.ts`).
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1: requests, port2 } = new MessageChannel();
  const setup: LabThreadSetup = { version, signal, requests: port2 };
  const worker = new Worker(WORKER_SCRIPT, { workerData: setup, transferList: [port2], resourceLimits: { stackSizeMb: runtimeStackMb() } });
  process.on('message', (m) => {
    requests.postMessage(m);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
  worker.on('message', (m) => { process.send?.(m); });
  worker.on('error', (e) => { process.stderr.write(`${e.stack ?? e.message}\n`); process.exit(1); });
  worker.on('exit', (code) => process.exit(code));
}
