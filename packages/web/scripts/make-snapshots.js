// Memory snapshots of the compile runtimes, taken at build time: CPython started, Bytescope's compile module imported,
// the WebAssembly memory saved (gzip). A worker that finds one restores it instead of starting CPython from
// scratch (Pyodide's `_loadSnapshot`), which is most of a cold start. Pyodide builds without snapshot support
// (those of 3.10 and 3.11 today) are skipped: their workers start the normal way.
// Usage: node scripts/make-snapshots.js [distDir]   (run by `npm run build` after `vite build`)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PYTHON_VERSIONS } from '@bytescope/core';
import { installPythonModules, runtimeDirectory } from '@bytescope/python';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, '../dist'));
/**
 * The runtime versions whose Pyodide can make a memory snapshot: those whose API declares `makeMemorySnapshot`
 * (Pyodide 0.27 and later; 3.10's cannot even be loaded as a module in Node, 3.11's has no snapshots).
 */
const VERSIONS = PYTHON_VERSIONS.filter((v) => readFileSync(path.join(runtimeDirectory(v), 'pyodide.d.ts'), 'utf8').includes('makeMemorySnapshot'));

/** The file name a worker looks for in `pyodide/<version>/` (`SNAPSHOT_FILE` of src/workers/pyodide-loader.ts). */
const SNAPSHOT_FILE = 'bytescope-snapshot.bin.gz';

/** Makes the snapshot of one version (one Pyodide per process: a second one in the same process breaks). */
async function makeOne(version) {
  const dir = path.join(dist, 'pyodide', version);
  if (!existsSync(dir)) throw new Error(`${dir} is missing: run vite build first`);
  const t0 = performance.now();
  const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDirectory(version), 'pyodide.mjs')).href);
  const py = await loadPyodide({ _makeSnapshot: true, stdout: () => {}, stderr: () => {} });
  if (typeof py.makeMemorySnapshot !== 'function') {
    console.log(`snapshot ${version}: this Pyodide cannot make one; its worker starts the normal way`);
    return;
  }
  installPythonModules(py);
  py.runPython('import bytescope_compile');
  const raw = py.makeMemorySnapshot();
  const gz = gzipSync(raw, { level: 6 });
  writeFileSync(path.join(dir, SNAPSHOT_FILE), gz);
  console.log(`snapshot ${version}: ${(raw.length / 2 ** 20).toFixed(1)} MiB → ${(gz.length / 2 ** 20).toFixed(1)} MiB gzip (${Math.round(performance.now() - t0)} ms)`);
}

if (process.argv[3] === '--one') {
  await makeOne(process.argv[4]);
} else {
  // Two at a time: each is one process and mostly one core.
  const queue = [...VERSIONS];
  const runOne = (version) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), dist, '--one', version], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`snapshot ${version} failed (exit ${code})`))));
  });
  const lane = async () => { for (let v = queue.shift(); v; v = queue.shift()) await runOne(v); };
  await Promise.all([lane(), lane()]);
}
