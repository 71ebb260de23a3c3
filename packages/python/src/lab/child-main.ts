/**
 * The lab's child process (Node): loads one CPython runtime, installs the driver, then answers requests sent over
 * the IPC channel, one at a time. Started by `forkLabTransport`; killed by the parent when a request overruns.
 *
 * Messages in: `{ id, request }`. Out: `{ type: 'ready', fullVersion }`, `{ type: 'response', id, response }`,
 * `{ type: 'fatal', message }`.
 */
import { fileURLToPath } from 'node:url';
import { isPythonVersion, loadRuntime } from '../runtime.js';
import { readLabDriverSource } from './driver-source.js';
import { handleLabRequest, installLabDriver, runnerFromPyodide, type LabRequest } from './protocol.js';

/** Absolute path of this module's compiled file (the script the parent forks). */
export const LAB_CHILD_SCRIPT = fileURLToPath(import.meta.url);

function send(msg: unknown): void {
  if (process.send) process.send(msg);
}

async function main(version: string): Promise<void> {
  if (!isPythonVersion(version)) throw new Error(`unknown Python version ${version}`);
  const rt = await loadRuntime(version);
  const runner = runnerFromPyodide(rt.pyodide);
  const fullVersion = installLabDriver(runner, readLabDriverSource());
  process.on('message', (m: { id: number; request: LabRequest }) => {
    let response: unknown;
    try {
      response = handleLabRequest(runner, m.request);
    } catch (e) {
      response = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    send({ type: 'response', id: m.id, response });
  });
  send({ type: 'ready', fullVersion });
}

if (process.argv[1] === LAB_CHILD_SCRIPT) {
  process.on('disconnect', () => process.exit(0));
  main(process.argv[2] ?? '').catch((e: unknown) => {
    send({ type: 'fatal', message: e instanceof Error ? e.stack ?? e.message : String(e) });
    process.exit(1);
  });
}
