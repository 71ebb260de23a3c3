/**
 * Making a warm-start cache entry (see `warm-start.ts`): a memory snapshot, or the precompiled stdlib, written under
 * a temporary name then renamed. Run as `node warm-start-make.js make VERSION DIR` (a detached process started after a
 * cold start, the tests, the bench): a snapshot is made by a runtime started for it, one runtime per process.
 */
import { createRequire } from 'node:module';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PythonVersion } from '@bytescope/core';
import { PYTHON_MODULES_DIR, installPythonModules, type PythonCodeRunner } from './python-modules.js';
import { RUNTIME_PACKAGES, runtimeDirectory } from './runtime.js';
import { WARM_START, encodeSnapshot, pruneWarmStarts, warmStartEntry } from './warm-start.js';
import { isMainScript } from './main-script.js';

/** The Python program that writes 3.11's stdlib zip with an unchecked hash-based `.pyc` beside every `.py`. */
function pycZipProgram(out: string): string {
  return `
import zipfile, importlib.util, importlib._bootstrap_external as be
src = '/lib/python311.zip'
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(${JSON.stringify(out)}, 'w', zipfile.ZIP_STORED) as zout:
    for info in zin.infolist():
        data = zin.read(info)
        zout.writestr(info, data)
        if info.filename.endswith('.py'):
            try:
                code = compile(data, src + '/' + info.filename, 'exec', dont_inherit=True)
            except SyntaxError:
                continue
            pyc = be._code_to_hash_pyc(code, importlib.util.source_hash(data), False)
            zout.writestr(zipfile.ZipInfo(info.filename + 'c', info.date_time), bytes(pyc))
'ok'`;
}

/**
 * The Python program that compiles into the pycache prefix tree: 3.10's stdlib as unchecked hash-based `.pyc`
 * (`stdlib`), and Bytescope's own modules (installed first) as checked ones.
 */
function pycPrefixProgram(stdlib: boolean): string {
  return `
import compileall, py_compile, sys
if ${stdlib ? 'True' : 'False'}:
    compileall.compile_dir(sys.prefix + '/lib/python%d.%d' % sys.version_info[:2], quiet=2, workers=1,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
compileall.compile_dir(${JSON.stringify(PYTHON_MODULES_DIR)}, quiet=2, workers=1,
    invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
'ok'`;
}

/**
 * Makes the cache entry of `version` in `dir` (in this process, which must not have loaded a runtime: a snapshot is
 * made by a runtime started for it). Written beside the entry under a temporary name, then renamed.
 */
export async function makeWarmStart(version: PythonVersion, dir: string): Promise<string> {
  const { pyodide, alias } = RUNTIME_PACKAGES[version];
  const entry = warmStartEntry(dir, version, pyodide);
  mkdirSync(dir, { recursive: true });
  const tmp = `${entry}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const indexURL = runtimeDirectory(version);
  type Loaded = PythonCodeRunner & { makeMemorySnapshot?(): Uint8Array };
  const load = async (config: Record<string, unknown>): Promise<Loaded> => {
    const mod = (version === '3.10'
      ? createRequire(import.meta.url)(`${alias}/pyodide.js`)
      : await import(alias)) as { loadPyodide(c: Record<string, unknown>): Promise<Loaded> };
    return mod.loadPyodide({ indexURL, fullStdLib: false, stdout: () => {}, stderr: () => {}, ...config });
  };
  try {
    switch (WARM_START[version]) {
      case 'snapshot': {
        const py = await load({ _makeSnapshot: true });
        if (typeof py.makeMemorySnapshot !== 'function') throw new Error(`Pyodide ${pyodide} cannot make a memory snapshot`);
        installPythonModules(py);
        // Every module of Bytescope's imported: compiling, the lab and the reference's examples start from there.
        py.runPython('import bytescope_compile, bytescope_lab, bytescope_reference');
        writeFileSync(tmp, encodeSnapshot(py.makeMemorySnapshot()));
        break;
      }
      case 'pyc-zip':
      case 'pyc-prefix': {
        // Made under the final name's prefix path (the .pyc do not record it, but the mount must exist at start).
        const prefix = path.join(tmp, 'pycache');
        mkdirSync(prefix, { recursive: true });
        const py = await load({ args: ['-X', `pycache_prefix=${prefix}`], _node_mounts: [tmp] });
        installPythonModules(py);
        const zip = WARM_START[version] === 'pyc-zip';
        py.runPython(pycPrefixProgram(!zip));
        if (zip) py.runPython(pycZipProgram(path.join(tmp, 'stdlib.zip')));
        writeFileSync(path.join(tmp, 'complete'), '');
        break;
      }
    }
    rmSync(entry, { recursive: true, force: true });
    renameSync(tmp, entry);
    pruneWarmStarts(dir, version, entry);
    return entry;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The background maker: `node warm-start-make.js make VERSION DIR`; removes the lock its parent took. */
async function makerMain(version: PythonVersion, dir: string): Promise<void> {
  const lock = warmStartEntry(dir, version, RUNTIME_PACKAGES[version].pyodide) + '.lock';
  try {
    await makeWarmStart(version, dir);
  } finally {
    rmSync(lock, { force: true });
  }
}

if (isMainScript(import.meta.url) && process.argv[2] === 'make') {
  makerMain(process.argv[3] as PythonVersion, process.argv[4] ?? '').then(
    () => process.exit(0),
    (e: unknown) => { process.stderr.write(String(e instanceof Error ? e.message : e) + '\n'); process.exit(1); },
  );
}
