/**
 * A Web Worker holding one CPython (Pyodide) of one version. It compiles source to `.pyc` bytes and never
 * runs the user's code. Messages: {id, type: 'load'|'compile', version, source} → {id, ok, ...}.
 */
import { compileInRuntime, type CompileOptions } from '@bytescope/python/compile';
import { installPythonModules } from '@bytescope/python/python-modules';
import { EDITOR_FILENAME } from '../explorer/first-listing.js';
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
      installPythonModules(api);
      return api;
    })();
  }
  return py;
}

/** The compile options a request may carry, checked (anything else: the defaults). */
function compileOptions(mode: unknown, optimize: unknown): CompileOptions {
  return {
    mode: mode === 'eval' || mode === 'single' ? mode : 'exec',
    optimize: optimize === 0 || optimize === 1 || optimize === 2 ? optimize : -1,
  };
}

scope.onmessage = async (e: MessageEvent) => {
  const msg = e.data as { id: number; type: 'load' | 'compile'; version: string; source?: string; mode?: unknown; optimize?: unknown };
  try {
    const api = await load(msg.version);
    if (msg.type === 'load') {
      scope.postMessage({ id: msg.id, ok: true, fullVersion, startedFrom });
      return;
    }
    const t0 = performance.now();
    const r = compileInRuntime(api, new TextEncoder().encode(msg.source ?? ''), EDITOR_FILENAME, compileOptions(msg.mode, msg.optimize));
    const ms = performance.now() - t0;
    if (r.ok) {
      scope.postMessage({ id: msg.id, ok: true, fullVersion, startedFrom, pyc: r.pyc, ms }, [r.pyc.buffer]);
    } else {
      scope.postMessage({ id: msg.id, ok: false, fullVersion, startedFrom, error: r.error, ms });
    }
  } catch (err) {
    scope.postMessage({ id: msg.id, ok: false, fatal: errorMessage(err) });
  }
};
