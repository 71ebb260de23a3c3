/**
 * A Web Worker holding one CPython (Pyodide) of one version. It compiles source to `.pyc` bytes and never
 * runs the user's code. Messages: {id, type: 'load'|'compile', version, source} → {id, ok, ...}.
 */
import { loadPyodideRuntime, type PyodideApi, type WorkerScope } from './pyodide-loader.js';

const scope = self as unknown as WorkerScope;

const COMPILE_PY = `
def _bytescope_compile(filename):
    import json, importlib._bootstrap_external as be
    with open('/tmp/bytescope_src', 'rb') as f:
        src = f.read()
    try:
        code = compile(src, filename, 'exec', dont_inherit=True)
    except SyntaxError as e:
        return json.dumps({'ok': False, 'type': type(e).__name__, 'message': str(e.msg),
            'lineno': e.lineno, 'offset': e.offset,
            'end_lineno': getattr(e, 'end_lineno', None), 'end_offset': getattr(e, 'end_offset', None)})
    except (ValueError, TypeError, MemoryError, RecursionError) as e:
        return json.dumps({'ok': False, 'type': type(e).__name__, 'message': str(e), 'lineno': None,
            'offset': None, 'end_lineno': None, 'end_offset': None})
    with open('/tmp/bytescope_pyc', 'wb') as f:
        f.write(be._code_to_timestamp_pyc(code, 0, len(src)))
    return json.dumps({'ok': True})
`;

let py: Promise<PyodideApi> | undefined;
let fullVersion = '';

function load(version: string): Promise<PyodideApi> {
  if (!py) {
    py = (async () => {
      const api = await loadPyodideRuntime(version, scope.location.href);
      api.runPython(COMPILE_PY);
      fullVersion = String(api.runPython('import sys; sys.version.split()[0]'));
      return api;
    })();
  }
  return py;
}

scope.onmessage = async (e: MessageEvent) => {
  const msg = e.data as { id: number; type: 'load' | 'compile'; version: string; source?: string };
  try {
    const api = await load(msg.version);
    if (msg.type === 'load') {
      scope.postMessage({ id: msg.id, ok: true, fullVersion });
      return;
    }
    api.FS.writeFile('/tmp/bytescope_src', new TextEncoder().encode(msg.source ?? ''));
    const t0 = performance.now();
    const r = JSON.parse(String(api.runPython('_bytescope_compile("<editor>")'))) as Record<string, unknown>;
    const ms = performance.now() - t0;
    if (r.ok) {
      const pyc = api.FS.readFile('/tmp/bytescope_pyc').slice();
      scope.postMessage({ id: msg.id, ok: true, fullVersion, pyc, ms }, [pyc.buffer]);
    } else {
      scope.postMessage({ id: msg.id, ok: false, fullVersion, syntaxError: r, ms });
    }
  } catch (err) {
    scope.postMessage({ id: msg.id, ok: false, fatal: String(err instanceof Error ? err.message : err) });
  }
};
