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

/** True for an error after which Pyodide cannot run anything (it marks them; a JavaScript stack overflow is one). */
function isFatal(err: unknown): boolean {
  return (typeof err === 'object' && err !== null && (err as { pyodide_fatal_error?: unknown }).pyodide_fatal_error === true)
    || (err instanceof RangeError && /call stack|recursion/i.test(err.message));
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
    let r;
    try {
      r = compileInRuntime(api, new TextEncoder().encode(msg.source ?? ''), EDITOR_FILENAME, compileOptions(msg.mode, msg.optimize));
    } catch (err) {
      if (!isFatal(err)) throw err;
      // Pyodide cannot run again after this: say what happened as a compile error, and that this worker is dead
      // (the page replaces it).
      const message = /Maximum call stack size exceeded|too much recursion/i.test(errorMessage(err))
        ? "the source nests too deeply for the browser: the JavaScript stack overflowed before CPython's own recursion check (the runtime was restarted)"
        : `the runtime failed: ${errorMessage(err)} (it was restarted)`;
      const error = { type: 'RecursionError', message, filename: EDITOR_FILENAME, lineno: null, offset: null, endLineno: null, endOffset: null, text: null };
      scope.postMessage({ id: msg.id, ok: false, fullVersion, startedFrom, error, ms: performance.now() - t0, dead: true });
      return;
    }
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
