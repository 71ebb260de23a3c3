/**
 * A Web Worker holding one CPython (Pyodide) of one version. It compiles source to `.pyc` bytes and never
 * runs the user's code. Messages: {id, type: 'load'|'compile', version, source} → {id, ok, ...}.
 */
import COMPILE_PY from '@bytescope/python/py/compile_helper.py?raw';
import { errorMessage } from '../ui/errors.js';
import { startPyodideRuntime, type PyodideApi, type WorkerScope } from './pyodide-loader.js';

const scope = self as unknown as WorkerScope;

let py: Promise<PyodideApi> | undefined;
let fullVersion = '';
let startedFrom = '';

function load(version: string): Promise<PyodideApi> {
  if (!py) {
    py = (async () => {
      const rt = await startPyodideRuntime(version, scope.location.href, { snapshot: true });
      const api = rt.api;
      startedFrom = rt.started;
      fullVersion = rt.fullVersion;
      if (rt.started === 'fresh' || api.runPython("'_bytescope_compile' in globals()") !== true) api.runPython(COMPILE_PY);
      return api;
    })();
  }
  return py;
}

/** The compile options a request may carry, as compile() takes them (checked: they are written into Python code). */
function compileArgs(mode: unknown, optimize: unknown): string {
  const m = mode === 'eval' || mode === 'single' ? mode : 'exec';
  const o = optimize === 0 || optimize === 1 || optimize === 2 ? optimize : -1;
  return `'${m}', ${o}`;
}

scope.onmessage = async (e: MessageEvent) => {
  const msg = e.data as { id: number; type: 'load' | 'compile'; version: string; source?: string; mode?: unknown; optimize?: unknown };
  try {
    const api = await load(msg.version);
    if (msg.type === 'load') {
      scope.postMessage({ id: msg.id, ok: true, fullVersion, startedFrom });
      return;
    }
    api.FS.writeFile('/tmp/bytescope_src', new TextEncoder().encode(msg.source ?? ''));
    const t0 = performance.now();
    const r = JSON.parse(String(api.runPython(`_bytescope_compile("<editor>", ${compileArgs(msg.mode, msg.optimize)})`))) as Record<string, unknown>;
    const ms = performance.now() - t0;
    if (r.ok) {
      const pyc = api.FS.readFile('/tmp/bytescope_pyc').slice();
      scope.postMessage({ id: msg.id, ok: true, fullVersion, startedFrom, pyc, ms }, [pyc.buffer]);
    } else {
      scope.postMessage({ id: msg.id, ok: false, fullVersion, startedFrom, syntaxError: r, ms });
    }
  } catch (err) {
    scope.postMessage({ id: msg.id, ok: false, fatal: errorMessage(err) });
  }
};
