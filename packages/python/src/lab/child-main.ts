/**
 * The lab's child process (Node): loads one CPython runtime, installs the driver, then answers requests over the
 * IPC channel with the protocol of `transport.ts`. Started by {@link forkLabTransport}; killed by the parent when
 * a request overruns.
 */
import { fileURLToPath } from 'node:url';
import { isPythonVersion, loadRuntime } from '../runtime.js';
import { runnerFromPyodide } from './protocol.js';
import { serveLab } from './transport.js';

/** Absolute path of this module's compiled file (the script the parent forks). */
export const LAB_CHILD_SCRIPT = fileURLToPath(import.meta.url);

if (process.argv[1] === LAB_CHILD_SCRIPT) {
  process.on('disconnect', () => process.exit(0));
  const version = process.argv[2] ?? '';
  void serveLab(
    {
      postMessage: (m) => { process.send?.(m); },
      onMessage: (h) => { process.on('message', h); },
    },
    async () => {
      if (!isPythonVersion(version)) throw new Error(`unknown Python version ${version}`);
      return runnerFromPyodide((await loadRuntime(version)).pyodide);
    },
  );
}
