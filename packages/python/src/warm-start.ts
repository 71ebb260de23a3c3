/**
 * Warm starts of the runtimes in Node: what a cold start of CPython (Pyodide) spends, saved once in a per-user
 * cache and reused by every later process. Two mechanisms, chosen per Pyodide build ({@link WARM_START}):
 *
 * - `snapshot` (Pyodide 0.27 and later: 3.12 … 3.15): a memory snapshot of the WebAssembly heap taken after
 *   CPython started and `bytescope_compile` was imported, restored with Pyodide's `_loadSnapshot` (as the web
 *   build's workers do). The file carries a header with its length and a checksum: a damaged file is ignored.
 * - `pyc` (3.10, 3.11, whose Pyodide cannot snapshot): CPython spends most of its start compiling the stdlib's
 *   `.py` sources (Pyodide ships no bytecode). The cache is a directory holding that stdlib precompiled by the same
 *   interpreter as unchecked hash-based `.pyc` (PEP 552; the stdlib of a Pyodide release never changes): for 3.10
 *   in a `sys.pycache_prefix` tree (`pycache/`: `-X pycache_prefix`, the host directory mounted at the same path),
 *   for 3.11 in a copy of `python_stdlib.zip` with a `.pyc` beside every `.py` (`stdlib.zip`, given as
 *   `stdLibURL`; zipimport prefers the `.pyc`). Bytescope's own modules get checked hash-based `.pyc` in the prefix
 *   tree (for both): CPython compares them with the source's hash, so a changed module is compiled afresh. Code
 *   objects carry the same file names as when compiled from source, so tracebacks read the same.
 *
 * The build makes the same entries in the package (`dist/warm-start`, {@link builtWarmStartDir}): a version whose
 * per-user entry is missing starts from the build's, so the first command on a machine starts warm too.
 *
 * A process that finds no cache starts cold and leaves a detached background process to make it (one at a time per
 * cache file: a lock file); a cache that fails to load is deleted and the start falls back to cold. Everything is
 * keyed by the Pyodide version (and, for snapshots, by the embedded Python modules' hash), and written to a
 * temporary name then renamed, so a half-written cache is never read; a version keeps its two most recently used
 * entries ({@link pruneWarmStarts}), so the cache does not grow with every change.
 *
 * `BYTESCOPE_CACHE_DIR` moves the cache (default `$XDG_CACHE_HOME/bytescope`, else `~/.cache/bytescope`);
 * `BYTESCOPE_WARM_START=0` turns both using and making it off, `BYTESCOPE_WARM_START=use` only making it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON_FILES } from './generated/python-files.js';
import type { PythonVersion } from '@bytescope/core';

/** How a runtime was started: restored from a snapshot, with the precompiled stdlib, or cold. */
export type StartKind = 'snapshot' | 'pyc' | 'fresh';

/** Which warm start each version's Pyodide supports (see the module comment). */
export const WARM_START: Readonly<Record<PythonVersion, 'snapshot' | 'pyc-prefix' | 'pyc-zip'>> = {
  '3.10': 'pyc-prefix',
  '3.11': 'pyc-zip',
  '3.12': 'snapshot',
  '3.13': 'snapshot',
  '3.14': 'snapshot',
  '3.15': 'snapshot',
};

/** Bumped when the layout or the content of a cache entry changes: older entries are then never read. */
const FORMAT = 1;

/** The script that makes a cache entry (`warm-start-make.ts`), run detached by {@link scheduleWarmStartMake}. */
export const WARM_START_MAKER = fileURLToPath(new URL('./warm-start-make.js', import.meta.url));

/** The cache directory, or undefined when warm starts are turned off (`BYTESCOPE_WARM_START=0`). */
export function warmStartCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.BYTESCOPE_WARM_START === '0') return undefined;
  if (env.BYTESCOPE_CACHE_DIR) return path.resolve(env.BYTESCOPE_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(base, 'bytescope');
}

/**
 * How the names of everything cached for one Python version begin, whatever its Pyodide (`py311-pyodide-`): what the
 * pruning of a version's old entries and glue caches looks for.
 */
export function versionPrefix(version: PythonVersion): string {
  return `py${version.replace('.', '')}-pyodide-`;
}

/** What names everything cached for one runtime (`py311-pyodide-0.25.1`): its warm start, its glue's code cache. */
export function runtimeStem(version: PythonVersion, pyodide: string): string {
  return `${versionPrefix(version)}${pyodide}`;
}

/** The cache entry of a version: a file (snapshot, zip) or a directory (pycache prefix tree). */
export function warmStartEntry(dir: string, version: PythonVersion, pyodide: string): string {
  const kind = WARM_START[version];
  const stem = `${runtimeStem(version, pyodide)}-f${FORMAT}`;
  if (kind === 'snapshot') {
    // The snapshot holds bytescope_compile imported: a change of the embedded modules makes a new one.
    const h = createHash('sha256').update(JSON.stringify(PYTHON_FILES)).digest('hex').slice(0, 12);
    return path.join(dir, `${stem}-${h}.snapshot`);
  }
  return path.join(dir, `${stem}-pyc`);
}

/** The file a `.pyc` entry's maker writes last, before the rename: the entry is whole when it is there. */
export const PYC_ENTRY_COMPLETE = 'complete';

/** Whether the entry of `version` at `entry` is there (a snapshot file, or a `.pyc` tree its maker finished). */
export function warmStartPresent(version: PythonVersion, entry: string): boolean {
  return existsSync(WARM_START[version] === 'snapshot' ? entry : path.join(entry, PYC_ENTRY_COMPLETE));
}

// --- snapshot file: header (magic, payload length, checksum) + the raw memory snapshot ---

const MAGIC = 'BYTESCOPE-SNAP-1';
const HEADER = 32;

/** A 32-bit checksum of `b` (FNV-1a over 32-bit words, then the tail bytes): cheap next to reading the file. */
export function checksum(b: Uint8Array): number {
  let h = 0x811c9dc5;
  const words = b.byteLength >>> 2;
  if (b.byteOffset % 4 === 0) {
    const w = new Uint32Array(b.buffer, b.byteOffset, words);
    for (let i = 0; i < words; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
  } else {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < words; i++) h = Math.imul(h ^ dv.getUint32(i * 4, true), 0x01000193);
  }
  for (let i = words * 4; i < b.byteLength; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** The snapshot file's bytes for a raw memory snapshot. */
export function encodeSnapshot(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + raw.byteLength);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(16, raw.byteLength, true);
  dv.setUint32(20, checksum(raw), true);
  out.set(raw, HEADER);
  return out;
}

/** The raw memory snapshot in a snapshot file's bytes, or undefined when the file is not intact. */
export function decodeSnapshot(file: Uint8Array): Uint8Array | undefined {
  if (file.byteLength < HEADER || new TextDecoder().decode(file.subarray(0, 16)) !== MAGIC) return undefined;
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const len = dv.getUint32(16, true);
  if (file.byteLength !== HEADER + len) return undefined;
  const raw = file.subarray(HEADER);
  return checksum(raw) === dv.getUint32(20, true) ? raw : undefined;
}

/** What {@link prepareWarmStart} found: extra `loadPyodide` options to try, and what to do when they fail. */
export interface WarmStart {
  /** Options to add to `loadPyodide`'s for a warm start, or undefined when there is no usable cache. */
  readonly config?: Record<string, unknown>;
  /** How the runtime starts with `config`. */
  readonly kind: StartKind;
  /** Python code to run once the runtime started with `config`, before anything else. */
  readonly afterStart?: string;
  /** Called when the warm start failed: drops the cache entry (a later process makes it again). */
  discard(): void;
  /** Called after a cold start: starts making the cache entry in the background when there is none. */
  scheduleMake(): void;
}

/**
 * After a snapshot is restored: `random`, imported by Pyodide's start, would otherwise draw the same numbers in every
 * process (its state is in the snapshot); seeded afresh from the OS, as a cold start seeds it. (The `str` hash
 * secret cannot change once strings are hashed: it is the snapshot's, the same in every process restored from it.)
 */
const RESEED = "import sys\nif 'random' in sys.modules: sys.modules['random'].seed()";

const COLD: WarmStart = { kind: 'fresh', discard() {}, scheduleMake() {} };

/**
 * The warm starts the build made (`npm run build` runs `warm-start-make.js build`), in the package's `dist/warm-start`:
 * used when the per-user cache has no entry of a version yet, so that even the first command on a machine starts
 * warm. `BYTESCOPE_BUILT_WARM_START=0` ignores them (as the tests of the per-user cache do), a path looks there instead;
 * `BYTESCOPE_WARM_START=0` turns them off too.
 */
export function builtWarmStartDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const where = env.BYTESCOPE_BUILT_WARM_START;
  if (where === '0' || env.BYTESCOPE_WARM_START === '0') return undefined;
  return where ? path.resolve(where) : BUILT_DIR;
}

/** `dist/warm-start` of this package (this module is `dist/src/warm-start.js`). */
const BUILT_DIR = fileURLToPath(new URL('../warm-start', import.meta.url));

/**
 * Looks for the warm start of `version`, in the per-user cache first, then among the build's, and says how to use it.
 * A per-user entry that fails is dropped; one of the build's is left as it is (the build makes it again only when its
 * key changes), and the cold start that follows makes a per-user entry, which later starts use first. Never throws.
 */
export function prepareWarmStart(version: PythonVersion, pyodide: string): WarmStart {
  const dir = warmStartCacheDir();
  if (!dir) return COLD;
  const entry = warmStartEntry(dir, version, pyodide);
  const scheduleMake = () => { if (process.env.BYTESCOPE_WARM_START !== 'use') scheduleWarmStartMake(version, dir, entry); };
  const own = useEntry(version, entry, () => { try { rmSync(entry, { recursive: true, force: true }); } catch { /* nothing to drop */ } });
  if (own) {
    touch(entry); // the per-user cache keeps its most recently used entries; the build's are kept by key
    return own;
  }
  const builtDir = builtWarmStartDir();
  const built = builtDir === undefined ? undefined : useEntry(version, warmStartEntry(builtDir, version, pyodide), () => {});
  return { ...(built ?? COLD), scheduleMake };
}

/** How to start from `entry` when it is there and intact (a damaged snapshot is `discard`ed), else undefined. */
function useEntry(version: PythonVersion, entry: string, discard: () => void): WarmStart | undefined {
  try {
    switch (WARM_START[version]) {
      case 'snapshot': {
        if (!warmStartPresent(version, entry)) return undefined;
        const raw = decodeSnapshot(readFileSync(entry));
        if (!raw) { discard(); return undefined; }
        return { kind: 'snapshot', config: { _loadSnapshot: raw }, afterStart: RESEED, discard, scheduleMake: () => {} };
      }
      case 'pyc-zip':
      case 'pyc-prefix': {
        if (!warmStartPresent(version, entry)) return undefined;
        const prefix = path.join(entry, 'pycache');
        const config: Record<string, unknown> = { args: ['-X', `pycache_prefix=${prefix}`], _node_mounts: [prefix] };
        if (WARM_START[version] === 'pyc-zip') config.stdLibURL = path.join(entry, 'stdlib.zip');
        return { kind: 'pyc', config, discard, scheduleMake: () => {} };
      }
    }
  } catch {
    return undefined;
  }
}

/**
 * How many entries of one version the cache keeps (a Pyodide upgrade or a change of Bytescope's Python modules makes a
 * new one; two checkouts of different Bytescope versions may alternate): the most recently used ones.
 */
export const KEEP_PER_VERSION = 2;

/** Drops the entries of `version` beyond the {@link KEEP_PER_VERSION} most recently used (`keep` stays in any case). */
export function pruneWarmStarts(dir: string, version: PythonVersion, keep: string): void {
  const prefix = versionPrefix(version);
  const entries = readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && /(\.snapshot|-pyc)$/.test(n))
    .map((n) => path.join(dir, n))
    .filter((p) => p !== keep)
    .map((p) => ({ p, used: statSync(p).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { p } of entries.slice(KEEP_PER_VERSION - 1)) rmSync(p, { recursive: true, force: true });
}

/** Marks an entry as just used (its modification time: what {@link pruneWarmStarts} keeps by). */
function touch(entry: string): void {
  try { const now = new Date(); utimesSync(entry, now, now); } catch { /* read-only cache: no matter */ }
}

/** A lock older than this is taken to be left by a maker that died. */
const STALE_LOCK_MS = 10 * 60_000;

/** Starts a detached process that makes the cache entry, unless another one is at it. */
function scheduleWarmStartMake(version: PythonVersion, dir: string, entry: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const lock = entry + '.lock';
    try {
      if (Date.now() - statSync(lock).mtimeMs < STALE_LOCK_MS) return;
      rmSync(lock, { force: true });
    } catch { /* no lock */ }
    closeSync(openSync(lock, 'wx'));
    const child = spawn(process.execPath, [WARM_START_MAKER, 'make', version, dir], { detached: true, stdio: 'ignore' });
    child.on('error', () => rmSync(lock, { force: true }));
    child.unref();
  } catch {
    // No cache this time (read-only home, a race with another process): the next start tries again.
  }
}
