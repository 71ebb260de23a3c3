/**
 * Making a warm-start cache entry (see `warm-start.ts`): a memory snapshot, or the precompiled stdlib, written under
 * a temporary name then renamed. Run as `node warm-start-make.js make VERSION DIR` (a detached process started after a
 * cold start, the tests, the bench): a snapshot is made by a runtime started for it, one runtime per process; and as
 * `node warm-start-make.js build` by `npm run build`, which makes the build's entries of every version.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON_VERSIONS, type PythonVersion } from '@bytescope/core';
import { PYTHON_MODULES_DIR, installPythonModules, type PythonCodeRunner } from './python-modules.js';
import { glueCacheFile, isGlueCacheOf } from './glue-cache.js';
import { RUNTIME_PACKAGES, glueOf, preloadGlue, pyodideLoader, runtimeDirectory } from './runtime.js';
import { PYC_ENTRY_COMPLETE, WARM_START, builtWarmStartDir, encodeSnapshot, pruneWarmStarts, runtimeStem, warmStartEntry, warmStartPresent } from './warm-start.js';
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
  const { pyodide } = RUNTIME_PACKAGES[version];
  const entry = warmStartEntry(dir, version, pyodide);
  mkdirSync(dir, { recursive: true });
  const tmp = `${entry}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const indexURL = runtimeDirectory(version);
  // The glue's code cache too, for the V8 flags of this process (Node's defaults: those of lab children and the server),
  // compiled afresh (none read) and written into `dir` once the runtime has started.
  const glue = preloadGlue(version, { write: dir });
  type Loaded = PythonCodeRunner & { makeMemorySnapshot?(): Uint8Array };
  const load = async (config: Record<string, unknown>): Promise<Loaded> => {
    const loadPyodide = await pyodideLoader(version);
    return (await loadPyodide({ indexURL, fullStdLib: false, stdout: () => {}, stderr: () => {}, ...config, ...glue?.pyodideOptions })) as Loaded;
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
        writeFileSync(path.join(tmp, PYC_ENTRY_COMPLETE), '');
        break;
      }
    }
    glue?.save();
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
    try { rmSync(lock, { force: true }); } catch { /* no lock where no directory could be made: the error is makeWarmStart's */ }
  }
}

/**
 * The build's warm starts (`node warm-start-make.js build [DIR]`, run by `npm run build`; DIR defaults to
 * {@link builtWarmStartDir}): makes the entry of every version that has none for the current key, each in a process of
 * its own (one Pyodide per process), two at a time, and drops the directory's other entries. An entry that cannot be
 * made is reported on stderr and left out, and the build goes on: those commands then start cold (and make a per-user
 * entry), as without the build's entries; `npm test` fails on a missing entry (`warm-start.test.ts`).
 */
async function buildMain(dir: string): Promise<void> {
  // A version is made again when its entry or its glue's code cache is missing (this
  // process has the V8 flags of the makers it starts: Node's defaults).
  const missing = PYTHON_VERSIONS.filter((v) => !warmStartPresent(v, warmStartEntry(dir, v, RUNTIME_PACKAGES[v].pyodide))
    || (glueOf(v) !== undefined && !existsSync(glueCacheFile(dir, runtimeStem(v, RUNTIME_PACKAGES[v].pyodide)))));
  const makeOne = (version: PythonVersion) => new Promise<void>((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'make', version, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('close', (code) => {
      if (code === 0) process.stdout.write(`warm start ${version}: made in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      else process.stderr.write(`warm start ${version}: not made, its commands will start cold (${err.trim().split('\n').pop() || `exit ${code}`})\n`);
      resolve();
    });
  });
  const queue = [...missing];
  const lane = async () => { for (let v = queue.shift(); v; v = queue.shift()) await makeOne(v); };
  await Promise.all([lane(), lane()]);
  const current = new Set(PYTHON_VERSIONS.map((v) => path.basename(warmStartEntry(dir, v, RUNTIME_PACKAGES[v].pyodide))));
  const stems = PYTHON_VERSIONS.map((v) => runtimeStem(v, RUNTIME_PACKAGES[v].pyodide));
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      if (!current.has(name) && !stems.some((stem) => isGlueCacheOf(name, stem))) rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

if (isMainScript(import.meta.url) && process.argv[2] === 'make') {
  makerMain(process.argv[3] as PythonVersion, process.argv[4] ?? '').then(
    () => process.exit(0),
    (e: unknown) => { process.stderr.write(String(e instanceof Error ? e.message : e) + '\n'); process.exit(1); },
  );
} else if (isMainScript(import.meta.url) && process.argv[2] === 'build') {
  const dir = process.argv[3] ? path.resolve(process.argv[3]) : builtWarmStartDir();
  if (dir === undefined) process.stdout.write('warm starts: not made (BYTESCOPE_WARM_START=0 or BYTESCOPE_BUILT_WARM_START=0)\n');
  else void buildMain(dir);
}
