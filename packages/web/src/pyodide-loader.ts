/**
 * Loads the Pyodide build of one CPython version inside a Web Worker, from this site's own copy
 * (`pyodide/<version>/`, put there by the build): nothing is fetched from elsewhere.
 */

/** The part of Pyodide's API the workers use. */
export interface PyodideApi {
  runPython(code: string): unknown;
  FS: { writeFile(p: string, d: Uint8Array | string): void; readFile(p: string): Uint8Array; mkdirTree?(p: string): void };
}

/** The worker global scope, typed for what the workers need (the DOM lib has no worker scope type). */
export interface WorkerScope {
  postMessage(msg: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
  location: { href: string };
}

/** The URL of the runtime files of `version`, relative to the worker's script. */
export function runtimeBase(version: string, workerHref: string): string {
  return new URL(`pyodide/${version}/`, new URL('../', workerHref)).href;
}

/** Starts CPython `version` (Pyodide) with its output discarded unless `out` is given. */
export async function loadPyodideRuntime(
  version: string,
  workerHref: string,
  out?: { stdout?(s: string): void; stderr?(s: string): void },
): Promise<PyodideApi> {
  const base = runtimeBase(version, workerHref);
  const mod = (await import(/* @vite-ignore */ base + 'pyodide.mjs')) as {
    loadPyodide(o: Record<string, unknown>): Promise<PyodideApi>;
  };
  return mod.loadPyodide({ indexURL: base, stdout: out?.stdout ?? (() => {}), stderr: out?.stderr ?? (() => {}) });
}
