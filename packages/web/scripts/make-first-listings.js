// The explorer's first listing, made at build time: the default example (first-listing.json, written by vite.config.ts)
// compiled by each version's own CPython, the same Pyodide runtime the page loads, with the compile module the page's
// worker uses (compileInRuntime). The page shows it while the runtime loads (src/explorer/first-listing.ts).
// Usage: node scripts/make-first-listings.js [distDir]   (run by `npm run build` after `vite build`)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON_VERSIONS } from '@bytescope/core';
import { compileInRuntime, loadRuntime } from '@bytescope/python';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, '../dist'));
/** `FIRST_LISTING_FILE` of src/explorer/first-listing.ts. */
const FILE = path.join(dist, 'first-listing.json');

/** Compiles the seed's source with one version (one runtime per process) and prints {fullVersion, pyc} as JSON. */
async function compileOne(version) {
  const seed = JSON.parse(readFileSync(FILE, 'utf8'));
  const rt = await loadRuntime(version);
  const r = compileInRuntime(rt.pyodide, new TextEncoder().encode(seed.source), seed.filename, { mode: seed.mode, optimize: seed.optimize });
  if (!r.ok) throw new Error(`the default example does not compile with ${version}: ${r.error.type}: ${r.error.message}`);
  process.stdout.write(JSON.stringify({ fullVersion: rt.fullVersion, pyc: Buffer.from(r.pyc).toString('base64') }));
}

if (process.argv[3] === '--one') {
  await compileOne(process.argv[4]);
  process.exit(0);
} else {
  const t0 = performance.now();
  const seed = JSON.parse(readFileSync(FILE, 'utf8'));
  const versions = {};
  // Two at a time: each is one process and mostly one core. The per-user warm-start cache is used when present
  // (the same interpreter's memory), never made here.
  const queue = [...PYTHON_VERSIONS];
  const runOne = (version) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), dist, '--one', version], {
      stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BYTESCOPE_WARM_START: process.env.BYTESCOPE_WARM_START ?? 'use' },
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      if (code !== 0) { reject(new Error(`first listing ${version} failed (exit ${code})`)); return; }
      versions[version] = JSON.parse(out);
      resolve();
    });
  });
  const lane = async () => { for (let v = queue.shift(); v; v = queue.shift()) await runOne(v); };
  await Promise.all([lane(), lane()]);
  const ordered = Object.fromEntries(PYTHON_VERSIONS.map((v) => [v, versions[v]]));
  writeFileSync(FILE, JSON.stringify({ ...seed, versions: ordered }));
  console.log(`first listings: ${PYTHON_VERSIONS.join(', ')} (${Math.round(performance.now() - t0)} ms)`);
}
