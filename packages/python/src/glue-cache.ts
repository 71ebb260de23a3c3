/**
 * Pyodide's Emscripten glue compiled with a V8 code cache. The glue is 1.1–1.5 MB of JavaScript, CommonJS in 3.10–3.13
 * (`pyodide.asm.js`), an ES module from 3.14 (`pyodide.asm.mjs`), which every process that starts CPython compiled
 * again: 25–40 ms of a 0.5–0.6 s start (a lab child, the server's compile thread, the CLI's own compile). Here it runs
 * as a function compiled by `vm.Script` with a cache when one fits (see {@link asFunction} for how each kind becomes one).
 *
 * A cache fits one V8 and one set of V8 flags (the CLI compiles under `--liftoff-only`, the lab and the server do
 * not), so its file name carries both, read from the header of a cache V8 makes of a one-character probe (bytes 4–16:
 * V8's version hash, the probe's source hash, the flag hash); V8 checks the rest (the source's length) and compiles
 * from the source when a cache does not fit after all, with the same result. The caches sit beside the warm starts
 * (`warm-start.ts`): the per-user cache directory first, then the build's (`dist/warm-start`, made by the build with
 * Node's default flags); a start that found none fitting writes one into the per-user directory once the runtime has
 * started (more of the glue is compiled by then), under a temporary name renamed into place. The files are framed as
 * the memory snapshots are (`encodeSnapshot`: a length and a checksum), as V8 checks a cache's header but not its
 * contents: a damaged file is passed over, not given to V8.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { decodeSnapshot, encodeSnapshot } from './warm-start.js';

/** How the glue was compiled: with a cache that fitted, with one V8 refused, or without one. */
export type GlueCacheState = 'used' | 'rejected' | 'none';

/** A dynamic `import(` in the glue (not a method or property named `import`). */
const DYNAMIC_IMPORT = /(?<![\w$.])import\(/g;
/** The name the glue's dynamic imports call instead. */
const GLUE_IMPORT = '__bytescopeImport';
const importForGlue = (specifier: string): Promise<unknown> => import(specifier);

/**
 * V8's version and flags as a code cache records them now (see the module comment), as 24 hex digits; flags can change
 * while a process runs (`setFlagsFromString`), so this is asked again each time (a probe takes about 0.3 ms).
 */
export function v8CacheFit(): string {
  return Buffer.from(new Script('0').createCachedData()).subarray(4, 16).toString('hex');
}

/** The cache file of the glue `stem` (`py310-pyodide-0.22.1`) in `dir` for V8 as `fit` says (default: now). */
export function glueCacheFile(dir: string, stem: string, fit = v8CacheFit()): string {
  return path.join(dir, `${stem}-glue-${fit}.cache`);
}

/** Whether the file name `name` is one of {@link glueCacheFile} for the glue `stem` (any V8). */
export function isGlueCacheOf(name: string, stem: string): boolean {
  return name.startsWith(`${stem}-glue-`) && name.endsWith('.cache');
}

/** How many caches of one runtime's glue a directory keeps (a V8 and its flags each: two flag sets, a Node upgrade). */
export const GLUE_CACHES_KEPT = 4;

/**
 * Drops the glue caches in `dir` of the same Python version as `stem` (their names begin with `prefix`) but another
 * Pyodide, and those of `stem` beyond the {@link GLUE_CACHES_KEPT} newest.
 */
export function pruneGlueCaches(dir: string, stem: string, prefix: string): void {
  const mine: { file: string; at: number }[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.cache') || !name.includes('-glue-')) continue;
    const file = path.join(dir, name);
    if (!isGlueCacheOf(name, stem)) rmSync(file, { force: true });
    else mine.push({ file, at: statSync(file).mtimeMs });
  }
  for (const { file } of mine.sort((a, b) => b.at - a.at).slice(GLUE_CACHES_KEPT)) rmSync(file, { force: true });
}

/** How a glue is written: CommonJS (`pyodide.asm.js`, 3.10-3.13) or an ES module (`pyodide.asm.mjs`, 3.14+). */
export type GlueKind = 'commonjs' | 'module';

/** The ES module glue's one export, at its end: `export default _createPyodideModule;`. */
const MODULE_EXPORT = /\bexport default (_createPyodideModule);\s*$/;
/** The name `import.meta.url` becomes in the ES module glue run as a script. */
const GLUE_URL = '__bytescopeImportMetaUrl';

/**
 * The glue's source as the body of a function run by `vm.Script`, and its parameters. CommonJS: Node's own module
 * wrapper (the glue sees what it sees under `require`; it defines `globalThis._createPyodideModule`). ES module (one
 * function and its default export; `import.meta.url` its only use of `import.meta`): strict, as a module is, its
 * `import.meta.url` a parameter, returning the function it exported; undefined when the file is not of that shape.
 * Both: a script compiled by `vm` has no `import()` of its own in Node 20 (only behind --experimental-vm-modules), so
 * the glue's dynamic imports (of Node's modules: `node:fs`, `node:url`…) go through this module's.
 */
function asFunction(source: string, kind: GlueKind): { params: string[]; body: string } | undefined {
  const imports = source.replace(DYNAMIC_IMPORT, `${GLUE_IMPORT}(`);
  if (kind === 'commonjs') return { params: ['exports', 'require', 'module', '__filename', '__dirname', GLUE_IMPORT], body: imports };
  const end = MODULE_EXPORT.exec(imports);
  if (!end) return undefined;
  const body = imports.slice(0, end.index).replace(/\bimport\.meta\.url\b/g, GLUE_URL);
  if (/\bimport\.meta\b|^\s*(import|export)\b/m.test(body)) return undefined;
  return { params: [GLUE_URL, GLUE_IMPORT], body: `"use strict";\n${body}\nreturn ${end[1]};` };
}

/** The glue, run; {@link save} writes its cache when none fitted. */
export interface LoadedGlue {
  readonly state: GlueCacheState;
  /**
   * What to add to `loadPyodide`'s options: the ES module glue's export as `createPyodideModule`; nothing for the
   * CommonJS glue, which defined its global.
   */
  readonly pyodideOptions: Readonly<Record<string, unknown>>;
  /** Writes the cache into the directory given for it, if any, unless one fitted (call once the runtime has started); never throws. */
  save(): void;
}

/** What a runtime's glue caches are named by: its stem (`runtimeStem`) and its Python version's prefix (`versionPrefix`). */
export interface GlueName {
  readonly stem: string;
  readonly versionPrefix: string;
}

/**
 * Runs the glue at `file` with the first cache of `dirs` that is there; {@link LoadedGlue.save} writes one into
 * `writeDir` when none fitted. Undefined when an ES module glue is not of the shape {@link asFunction} takes (then
 * Pyodide imports it itself).
 */
export function loadGlue(file: string, kind: GlueKind, name: GlueName, dirs: readonly string[], writeDir?: string): LoadedGlue | undefined {
  const stem = name.stem;
  const fn = asFunction(readFileSync(file, 'utf8'), kind);
  if (!fn) return undefined;
  const fit = v8CacheFit();
  let cachedData: Uint8Array | undefined;
  for (const dir of dirs) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(glueCacheFile(dir, stem, fit));
    } catch {
      continue; // none there
    }
    // V8 checks a cache's header, not its contents (a damaged one can crash the process): the file carries a checksum.
    cachedData = decodeSnapshot(bytes);
    if (cachedData) break;
  }
  const script = new Script(`(function (${fn.params.join(', ')}) { ${fn.body}\n})`, { filename: file, cachedData });
  const run = script.runInThisContext() as (...args: unknown[]) => unknown;
  let createPyodideModule: unknown;
  if (kind === 'commonjs') {
    const module = { exports: {} as unknown };
    run(module.exports, createRequire(file), module, file, path.dirname(file), importForGlue);
  } else {
    createPyodideModule = run(pathToFileURL(file).href, importForGlue);
  }
  const state: GlueCacheState = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  let saved = state === 'used';
  return {
    state,
    pyodideOptions: kind === 'module' ? { createPyodideModule } : {},
    save() {
      const dir = writeDir;
      if (saved || dir === undefined) return;
      saved = true;
      // A cache records the flags of when it is made: after a flag changed (`liftoffOnly`) it would not be the one its
      // name says, and is not made.
      if (v8CacheFit() !== fit) return;
      const target = glueCacheFile(dir, stem, fit);
      const tmp = `${target}.tmp-${process.pid}`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, encodeSnapshot(script.createCachedData()));
        renameSync(tmp, target);
        pruneGlueCaches(dir, stem, name.versionPrefix);
      } catch {
        rmSync(tmp, { force: true }); // a read-only cache: the next start compiles again
      }
    },
  };
}
