/**
 * Loading a real CPython (Pyodide, CPython compiled to WebAssembly) of a given version, offline, from the
 * npm packages installed beside this one. One process holds one Pyodide: two different Pyodide builds do not
 * coexist in the same JavaScript realm, so callers that need several versions use one worker per version.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';

import { PYTHON_VERSIONS, DEFAULT_PYTHON_VERSION, isPythonVersion, type PythonVersion } from '@bytescope/core/supported';
import { loadGlue, type GlueKind, type LoadedGlue } from './glue-cache.js';
import { builtWarmStartDir, prepareWarmStart, runtimeStem, versionPrefix, warmStartCacheDir, type StartKind } from './warm-start.js';

// The version list and the default live in the core (`version/supported.ts`), runtime-free; re-exported here for
// the runtime's callers.
export { PYTHON_VERSIONS, DEFAULT_PYTHON_VERSION, isPythonVersion, type PythonVersion };

/** The npm alias (see package.json) that holds each version's Pyodide, and that Pyodide's own version. */
export const RUNTIME_PACKAGES: Readonly<Record<PythonVersion, { alias: string; pyodide: string }>> = {
  '3.10': { alias: 'py310', pyodide: '0.22.1' },
  '3.11': { alias: 'py311', pyodide: '0.25.1' },
  '3.12': { alias: 'py312', pyodide: '0.27.7' },
  '3.13': { alias: 'py313', pyodide: '0.29.3' },
  '3.14': { alias: 'py314', pyodide: '314.0.7' },
  '3.15': { alias: 'py315', pyodide: '315.0.0-alpha.2' },
};


/** The small part of Pyodide's API this project uses (stable across Pyodide 0.22 … 315). */
export interface PyodideLike {
  runPython(code: string, options?: { globals?: unknown }): unknown;
  FS: {
    writeFile(path: string, data: string | Uint8Array): void;
    readFile(path: string, opts?: { encoding?: 'binary' }): Uint8Array;
    readFile(path: string, opts: { encoding: 'utf8' }): string;
    mkdirTree?(path: string): void;
    unlink(path: string): void;
    mkdir(path: string): void;
    mount(type: unknown, opts: { root: string }, mountpoint: string): void;
    filesystems: { NODEFS: unknown };
  };
  setStdout?(opts: { batched: (s: string) => void }): void;
  setStderr?(opts: { batched: (s: string) => void }): void;
}

/** Makes the host directory `hostDir` visible to Python at `mountpoint` (Node only). */
export function mountHostDirectory(rt: PythonRuntime, hostDir: string, mountpoint: string): void {
  const fs = rt.pyodide.FS;
  fs.mkdir(mountpoint);
  fs.mount(fs.filesystems.NODEFS, { root: hostDir }, mountpoint);
}

/** A loaded CPython runtime. */
export interface PythonRuntime {
  /** Minor version, e.g. `3.14`. */
  readonly version: PythonVersion;
  /** Full `sys.version` first word, e.g. `3.14.2`. */
  readonly fullVersion: string;
  /** The Pyodide instance. */
  readonly pyodide: PyodideLike;
  /** Runs Python code and returns the value of its last expression converted to a string (or `''`). */
  runText(code: string): string;
  /** How it started: from the cached memory snapshot, with the cached precompiled stdlib, or cold (`warm-start.ts`). */
  readonly startedFrom: StartKind;
}

/** Options for {@link loadRuntime}. */
export interface LoadOptions {
  /** Receives Python's stdout, line by line. Discarded by default. */
  stdout?: (line: string) => void;
  /** Receives Python's stderr, line by line. Discarded by default. */
  stderr?: (line: string) => void;
  /**
   * Compile CPython's WebAssembly with Liftoff alone (`--liftoff-only`, a flag of the whole process, set once the glue
   * is compiled, so that its code cache of Node's default flags fits): for a runtime that only compiles source, where
   * optimising pays off only after seconds of work (see the CLI's `sources.ts`).
   */
  liftoffOnly?: boolean;
}

const require = createRequire(import.meta.url);

/** Directory of the installed Pyodide package of a version (with a trailing slash). */
export function runtimeDirectory(version: PythonVersion): string {
  const { alias } = RUNTIME_PACKAGES[version];
  let entry: string;
  try {
    entry = require.resolve(`${alias}/pyodide.js`);
  } catch {
    throw new Error(`the Python ${version} runtime (npm package ${alias}) is not installed`);
  }
  return path.dirname(entry) + path.sep;
}

/** Pyodide's `loadPyodide`, as far as this project calls it. */
export type LoadFn = (config: Record<string, unknown>) => Promise<PyodideLike>;

const loaded = new Map<PythonVersion, Promise<PythonRuntime>>();

/**
 * Loads the Pyodide runtime of `version` (once per process; later calls share it). Loading a second,
 * different version in the same process is refused: use a worker thread per version instead.
 */
export function loadRuntime(version: PythonVersion, options: LoadOptions = {}): Promise<PythonRuntime> {
  const existing = loaded.get(version);
  if (existing) return existing;
  if (loaded.size > 0) {
    const other = [...loaded.keys()][0];
    return Promise.reject(new Error(`Python ${other} is already loaded in this process; load ${version} in a worker`));
  }
  const p = doLoad(version, options);
  loaded.set(version, p);
  return p;
}

/** The Emscripten glue of `version`'s Pyodide: CommonJS (`pyodide.asm.js`, 3.10-3.13) or an ES module (3.14+). */
export function glueOf(version: PythonVersion): { file: string; kind: GlueKind } | undefined {
  const { alias } = RUNTIME_PACKAGES[version];
  for (const [name, kind] of [['pyodide.asm.js', 'commonjs'], ['pyodide.asm.mjs', 'module']] as const) {
    try {
      return { file: require.resolve(`${alias}/${name}`), kind };
    } catch { /* not this one */ }
  }
  return undefined;
}

/**
 * Loads Pyodide's Emscripten glue (1.1-1.5 MB of JavaScript) through a V8 code cache (`glue-cache.ts`) kept beside the
 * warm starts. The CommonJS glue of 3.10-3.13 defines the global `_createPyodideModule` that `loadPyodide` then uses
 * (left to itself, `loadPyodide` loads that file with `import()`, and Node's ES module loader first scans all of it for
 * exports: about 0.1 s of CPU measured); the ES module glue of 3.14+ is handed to `loadPyodide` as its
 * `createPyodideModule` option. Returns what saves the cache (by default into the per-user cache directory, unless
 * warm starts are only used: `BYTESCOPE_WARM_START=use`) once the runtime has started; undefined when the glue is
 * loaded already or Pyodide must load it itself.
 */
export function preloadGlue(version: PythonVersion, where: { read?: readonly string[]; write?: string } = defaultGlueCaches()): LoadedGlue | undefined {
  if (typeof (globalThis as { _createPyodideModule?: unknown })._createPyodideModule === 'function') return undefined;
  const glue = glueOf(version);
  if (glue === undefined) return undefined;
  const name = { stem: runtimeStem(version, RUNTIME_PACKAGES[version].pyodide), versionPrefix: versionPrefix(version) };
  return loadGlue(glue.file, glue.kind, name, where.read ?? [], where.write);
}

/** Where a start looks for the glue's cache (the per-user cache, then the build's) and writes one (the per-user cache). */
function defaultGlueCaches(): { read: string[]; write?: string } {
  const own = warmStartCacheDir();
  return {
    read: [own, builtWarmStartDir()].filter((d): d is string => d !== undefined),
    write: process.env.BYTESCOPE_WARM_START === 'use' ? undefined : own,
  };
}

/**
 * `p`, or a rejection when the process runs out of work while `p` is pending: Emscripten's abort (a snapshot whose
 * memory does not fit the module, for one) leaves `loadPyodide`'s promise pending forever, and the process would
 * end there (exit 13) instead of falling back to a cold start.
 */
function settles<T>(p: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stuck = () => reject(new Error('the runtime stopped starting'));
    process.once('beforeExit', stuck);
    p.then(resolve, reject).finally(() => process.off('beforeExit', stuck));
  });
}

/** Web Crypto's random source (`globalThis.crypto` in Node 19+), marked once {@link poolSingleByteRandom} wrapped it. */
interface RandomSource {
  getRandomValues<T extends ArrayBufferView | null>(view: T): T;
  bytescopePooled?: true;
}

/** How many random bytes {@link poolSingleByteRandom} draws at a time. */
const RANDOM_POOL = 4096;

/**
 * Pyodide 0.22's Emscripten (3.10) draws entropy a byte at a time, one `crypto.getRandomValues` call on a one-byte
 * array per byte: CPython's start asks for about 2.5 KB (the hash secret, `random`'s seed), 14 ms of calls, and a
 * program's `os.urandom(n)` makes n calls. Those one-byte requests are served from a pool that the platform's
 * `getRandomValues` fills 4096 bytes at a time (the same generator; larger requests go to it directly). Later
 * Pyodides fill whole buffers and are left alone.
 */
function poolSingleByteRandom(): void {
  const c = (globalThis as { crypto?: RandomSource }).crypto;
  if (!c || typeof c.getRandomValues !== 'function' || c.bytescopePooled) return;
  const platform = c.getRandomValues.bind(c);
  const pool = new Uint8Array(RANDOM_POOL);
  let left = 0;
  c.getRandomValues = <T extends ArrayBufferView | null>(view: T): T => {
    if (!(view instanceof Uint8Array) || view.length !== 1) return platform(view);
    if (left === 0) {
      platform(pool);
      left = RANDOM_POOL;
    }
    view[0] = pool[--left]!;
    pool[left] = 0; // a byte handed out is not kept
    return view;
  };
  c.bytescopePooled = true;
}

/** The `loadPyodide` of `version`'s Pyodide. */
export async function pyodideLoader(version: PythonVersion): Promise<LoadFn> {
  const { alias } = RUNTIME_PACKAGES[version];
  // Pyodide 0.22 (3.10) ships no ES module entry that works in Node: its CommonJS file.
  if (version === '3.10') return (require(`${alias}/pyodide.js`) as { loadPyodide: LoadFn }).loadPyodide;
  return ((await import(alias)) as { loadPyodide: LoadFn }).loadPyodide;
}

async function doLoad(version: PythonVersion, options: LoadOptions): Promise<PythonRuntime> {
  const dir = runtimeDirectory(version);
  if (version === '3.10') poolSingleByteRandom();
  const loadPyodide = await pyodideLoader(version);
  const glue = preloadGlue(version);
  if (options.liftoffOnly) setFlagsFromString('--liftoff-only');
  const sink = () => {};
  const config = {
    indexURL: dir,
    ...glue?.pyodideOptions,
    stdout: options.stdout ?? sink,
    stderr: options.stderr ?? sink,
    fullStdLib: false,
  };
  const start = async (extra: Record<string, unknown>, afterStart?: string) => {
    const py = await settles(loadPyodide({ ...config, ...extra }));
    if (afterStart) py.runPython(afterStart);
    const runText = (code: string): string => {
      const v = py.runPython(code);
      return v === undefined || v === null ? '' : String(v);
    };
    return { py, runText, fullVersion: runText('import sys; sys.version.split()[0]') };
  };
  // A warm start from the per-user cache when there is one; a cold start (and the cache made in the background) else.
  const warm = prepareWarmStart(version, RUNTIME_PACKAGES[version].pyodide);
  if (warm.config) {
    try {
      const s = await start(warm.config, warm.afterStart);
      glue?.save(); // once per machine, version and V8 flags: when no cache fitted
      return { version, fullVersion: s.fullVersion, pyodide: s.py, runText: s.runText, startedFrom: warm.kind };
    } catch {
      warm.discard();
    }
  }
  const s = await start({});
  glue?.save();
  warm.scheduleMake();
  return { version, fullVersion: s.fullVersion, pyodide: s.py, runText: s.runText, startedFrom: 'fresh' };
}
