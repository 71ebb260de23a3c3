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

/** The memory snapshot a build leaves beside a runtime (see scripts/make-snapshots.js). */
export const SNAPSHOT_FILE = 'bytescope-snapshot.bin.gz';

/** How a runtime was started: from the build's memory snapshot, or from scratch. */
export type StartKind = 'snapshot' | 'fresh';

/** Options of {@link loadPyodideRuntime}. */
export interface LoadOptions {
  stdout?(s: string): void;
  stderr?(s: string): void;
  /**
   * Restore the build's memory snapshot when there is one (CPython already started, the compile helper
   * imported): most of a cold start saved. Falls back to a fresh start when it is missing or does not load.
   */
  snapshot?: boolean;
}

/** The snapshot's bytes, gunzipped (unless the server already did), or undefined when there is none. */
async function fetchSnapshot(base: string): Promise<Uint8Array | undefined> {
  try {
    const res = await fetch(base + SNAPSHOT_FILE);
    if (!res.ok || !res.body) return undefined;
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return undefined;
  }
}

/** A started runtime: its API, how it started, and its exact version (`3.14.2`). */
export interface StartedRuntime {
  readonly api: PyodideApi;
  readonly started: StartKind;
  readonly fullVersion: string;
}

/**
 * Starts CPython `version` (Pyodide), from the build's memory snapshot when `options.snapshot` asks for it, and
 * says which way it started. Output is discarded unless `stdout`/`stderr` are given.
 */
export async function startPyodideRuntime(version: string, workerHref: string, options: LoadOptions = {}): Promise<StartedRuntime> {
  const base = runtimeBase(version, workerHref);
  const snapshot = options.snapshot ? fetchSnapshot(base) : undefined;
  const mod = (await import(/* @vite-ignore */ base + 'pyodide.mjs')) as {
    loadPyodide(o: Record<string, unknown>): Promise<PyodideApi>;
  };
  const config = { indexURL: base, stdout: options.stdout ?? (() => {}), stderr: options.stderr ?? (() => {}) };
  const started = (api: PyodideApi, kind: StartKind): StartedRuntime =>
    ({ api, started: kind, fullVersion: String(api.runPython('import sys; sys.version.split()[0]')) });
  const snap = await snapshot;
  if (snap) {
    try {
      return started(await mod.loadPyodide({ ...config, _loadSnapshot: snap }), 'snapshot');
    } catch {
      // A snapshot that does not fit this build: start the normal way.
    }
  }
  return started(await mod.loadPyodide(config), 'fresh');
}
