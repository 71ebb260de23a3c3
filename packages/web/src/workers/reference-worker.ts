/**
 * The reference page's Web Worker: one CPython (Pyodide) of one version, started (from the build's memory snapshot
 * when there is one, like the explorer's workers) only when the reader asks to see an example live. It runs the
 * reference's own example snippets with `bytescope_reference` (`py/bytescope_reference.py` of @bytescope/python) —
 * the module the reference check runs, and `bytescope explain --live` too — and answers with its JSON: the `dis`
 * listing of the compiled code, or of the live code after the warm-up / under sys.monitoring.
 *
 * Messages: {id, type: 'load', version} → {id, ok, fullVersion, startedFrom};
 * {id, type: 'run', version, inputs: ExampleInput[]} → {id, ok, output} (the module's JSON text);
 * a failure → {id, ok: false, error}.
 */
import { installPythonModules } from '@bytescope/python/python-modules';
import { examplesCall, type ExampleInput } from '@bytescope/python/reference-example';
import { errorMessage } from '../ui/errors.js';
import { startPyodideRuntime, type StartedRuntime, type WorkerScope } from './pyodide-loader.js';

/** A request to the worker. */
export type ReferenceWorkerRequest =
  | { id: number; type: 'load'; version: string }
  | { id: number; type: 'run'; version: string; inputs: ExampleInput[] };

/** The worker's answer to a request. */
export type ReferenceWorkerResponse =
  | { id: number; ok: true; fullVersion: string; startedFrom: string; output?: string }
  | { id: number; ok: false; error: string };

const scope = self as unknown as WorkerScope;

let runtime: Promise<StartedRuntime> | undefined;

function load(version: string): Promise<StartedRuntime> {
  return (runtime ??= startPyodideRuntime(version, scope.location.href, { snapshot: true }));
}

scope.onmessage = async (e: MessageEvent) => {
  const msg = e.data as ReferenceWorkerRequest;
  let res: ReferenceWorkerResponse;
  try {
    const rt = await load(msg.version);
    res = { id: msg.id, ok: true, fullVersion: rt.fullVersion, startedFrom: rt.started };
    if (msg.type === 'run') {
      installPythonModules(rt.api);
      res.output = String(rt.api.runPython(examplesCall(msg.inputs)));
    }
  } catch (err) {
    res = { id: msg.id, ok: false, error: errorMessage(err).trim().split('\n').pop() ?? 'failed' };
  }
  scope.postMessage(res);
};
