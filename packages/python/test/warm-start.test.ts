/**
 * Warm starts (src/warm-start.ts): a runtime started from the per-user cache answers exactly as a cold one, and a
 * cache that is damaged or does not load is dropped for a cold start with the same answers. One Pyodide per
 * process, so every start is a child process with its own `BYTESCOPE_CACHE_DIR`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RUNTIME_PACKAGES, type PythonVersion } from '../src/runtime.js';
import { PYTHON_VERSIONS } from '@bytescope/core';
import { KEEP_PER_VERSION, builtWarmStartDir, warmStartPresent, checksum, decodeSnapshot, encodeSnapshot, pruneWarmStarts, warmStartEntry, WARM_START } from '../src/warm-start.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const WARM_SCRIPT = path.join(SRC, 'warm-start-make.js');

/**
 * What a child reports: how it started, and answers that depend on the interpreter's state and on code objects'
 * file names: a compiled `.pyc` (header aside), a traceback through the stdlib, Bytescope's modules once imported.
 */
const PROBE = `
import { loadRuntime } from ${JSON.stringify(pathToFileURL(path.join(SRC, 'runtime.js')).href)};
import { compileSource as cs } from ${JSON.stringify(pathToFileURL(path.join(SRC, 'compile.js')).href)};
const rt = await loadRuntime(process.argv[1]);
const r = cs(rt, new TextEncoder().encode('def f(x):\\n    return [y * 2 for y in x if y]\\n'), 'probe.py');
const pyc = r.ok ? Buffer.from(r.pyc.subarray(16)).toString('hex') : 'error';
const tb = rt.runText("import json, traceback\\ntry:\\n    json.loads('{')\\nexcept ValueError:\\n    t = traceback.format_exc()\\nt");
const mods = rt.runText("import sys, bytescope_lab, bytescope_reference\\nstr(sorted(m for m in sys.modules if m.startswith('bytescope')))");
process.stdout.write(JSON.stringify({ started: rt.startedFrom, pyc, tb, mods }));
`;

interface Probe { started: string; pyc: string; tb: string; mods: string }

/** Starts `version` in a child with `env` added; the build's warm starts are left out unless `env` names them. */
function probe(version: PythonVersion, env: Record<string, string>): Probe {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE, version], {
    env: { ...process.env, BYTESCOPE_BUILT_WARM_START: '0', ...env }, encoding: 'utf8', timeout: 240_000,
  });
  assert.equal(r.status, 0, `probe ${version} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as Probe;
}

function make(version: PythonVersion, dir: string): string {
  const r = spawnSync(process.execPath, [WARM_SCRIPT, 'make', version, dir], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(r.status, 0, `making the ${version} cache failed: ${r.stderr.slice(-2000)}`);
  const entry = warmStartEntry(dir, version, RUNTIME_PACKAGES[version].pyodide);
  assert.ok(existsSync(entry), `no cache entry at ${entry}`);
  assert.ok(!existsSync(entry + '.lock'), 'the maker leaves no lock');
  return entry;
}

/** Without the cache (and without making one): the answers of a cold start. */
function cold(version: PythonVersion): Probe {
  const p = probe(version, { BYTESCOPE_WARM_START: '0' });
  assert.equal(p.started, 'fresh');
  return p;
}

const withoutStarted = (p: Probe) => ({ ...p, started: undefined });

/**
 * Damages a cache entry so that starting from it fails: a snapshot's bytes (its checksum then fails), or a stdlib
 * module every start imports, its `.pyc` code replaced by garbage behind a valid header. Returns the file changed.
 */
function damage(version: PythonVersion, entry: string): string {
  const file = WARM_START[version] === 'snapshot' ? entry
    : WARM_START[version] === 'pyc-prefix' ? path.join(entry, 'pycache', 'lib', 'python3.10', 'json', 'decoder.cpython-310.pyc')
      : path.join(entry, 'stdlib.zip');
  assert.ok(existsSync(file), file);
  const bytes = readFileSync(file);
  if (WARM_START[version] === 'snapshot') bytes[bytes.length >> 1]! ^= 0xff;
  else if (WARM_START[version] === 'pyc-prefix') bytes.fill(0x5a, 16);
  else {
    // In the zip: the stored json/decoder.pyc's code, after its local header's name and the 16-byte .pyc header.
    const name = Buffer.from('json/decoder.pyc');
    const at = bytes.lastIndexOf(name);
    assert.ok(at > 0, 'json/decoder.pyc is in the zip');
    const data = at + name.length + 16 + 16;
    bytes.fill(0x5a, data, data + 200);
  }
  writeFileSync(file, bytes);
  return file;
}

test('snapshot files: a damaged or truncated file is refused, an intact one gives back its bytes', () => {
  const raw = new Uint8Array(1003).map((_, i) => (i * 7919) & 0xff);
  const file = encodeSnapshot(raw);
  assert.deepEqual(decodeSnapshot(file), raw);
  for (const at of [0, 20, 32, 500, file.length - 1]) {
    const bad = file.slice();
    bad[at]! ^= 0x10;
    assert.equal(decodeSnapshot(bad), undefined, `a byte changed at ${at}`);
  }
  assert.equal(decodeSnapshot(file.subarray(0, file.length - 1)), undefined, 'truncated');
  // The checksum reads unaligned views too (a Buffer from readFileSync may sit at any offset of its pool).
  const shifted = new Uint8Array(file.length + 1);
  shifted.set(file, 1);
  assert.equal(checksum(shifted.subarray(1 + 32)), checksum(raw));
  assert.deepEqual(decodeSnapshot(shifted.subarray(1)), raw);
});

test('the cache keeps the most recently used entries of a version and leaves the others alone', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bytescope-warm-prune-'));
  try {
    const names = ['py314-pyodide-314.0.6-f1-aaa.snapshot', 'py314-pyodide-314.0.7-f1-bbb.snapshot', 'py314-pyodide-314.0.7-f1-ccc.snapshot',
      'py310-pyodide-0.22.1-f1-pyc', 'py314-pyodide-314.0.7-f1-ddd.snapshot.lock', 'unrelated.txt'];
    names.forEach((n, i) => {
      const p = path.join(dir, n);
      if (n.endsWith('-pyc')) mkdirSync(p); else writeFileSync(p, 'x');
      utimesSync(p, 1_000_000 + i, 1_000_000 + i);
    });
    const keep = path.join(dir, 'py314-pyodide-314.0.7-f1-new.snapshot');
    writeFileSync(keep, 'x');
    utimesSync(keep, 1, 1);
    pruneWarmStarts(dir, '3.14', keep);
    assert.equal(KEEP_PER_VERSION, 2);
    assert.deepEqual(readdirSync(dir).sort(), [
      'py310-pyodide-0.22.1-f1-pyc', 'py314-pyodide-314.0.7-f1-ccc.snapshot', 'py314-pyodide-314.0.7-f1-ddd.snapshot.lock',
      'py314-pyodide-314.0.7-f1-new.snapshot', 'unrelated.txt',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const version of ['3.14', '3.10', '3.11'] as const) {
  test(`warm start of ${version} (${WARM_START[version]}): same answers as a cold start; a damaged cache falls back to one`, { timeout: 900_000 }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `bytescope-warm-${version}-`));
    try {
      const env = { BYTESCOPE_CACHE_DIR: dir };
      const reference = cold(version);
      assert.equal(readdirSync(dir).length, 0, 'BYTESCOPE_WARM_START=0 makes no cache');

      const entry = make(version, dir);
      const warm = probe(version, env);
      assert.equal(warm.started, WARM_START[version] === 'snapshot' ? 'snapshot' : 'pyc');
      assert.deepEqual(withoutStarted(warm), withoutStarted(reference));

      // Damage the cache: the start falls back to cold, answers the same, and drops the entry.
      damage(version, entry);
      const fallback = probe(version, { ...env, BYTESCOPE_WARM_START: 'use' });
      assert.equal(fallback.started, 'fresh');
      assert.deepEqual(withoutStarted(fallback), withoutStarted(reference));
      assert.ok(!existsSync(entry), 'the damaged entry is dropped');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a snapshot with a valid header that does not restore falls back to a cold start', { timeout: 600_000 }, () => {
  const version = '3.13';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bytescope-warm-bad-'));
  try {
    const entry = warmStartEntry(dir, version, RUNTIME_PACKAGES[version].pyodide);
    writeFileSync(entry, encodeSnapshot(new Uint8Array(1 << 20).fill(7)));
    const p = probe(version, { BYTESCOPE_CACHE_DIR: dir, BYTESCOPE_WARM_START: 'use' });
    assert.equal(p.started, 'fresh');
    assert.ok(p.tb.includes('JSONDecodeError'), p.tb);
    assert.ok(!existsSync(entry), 'the entry that failed is dropped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cold start leaves a background process that makes the cache; the next start uses it', { timeout: 600_000 }, async () => {
  const version = '3.12';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bytescope-warm-bg-'));
  try {
    const env = { BYTESCOPE_CACHE_DIR: dir };
    assert.equal(probe(version, env).started, 'fresh');
    const entry = warmStartEntry(dir, version, RUNTIME_PACKAGES[version].pyodide);
    const deadline = Date.now() + 500_000;
    while (existsSync(entry + '.lock') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    assert.ok(existsSync(entry), 'the background process made the snapshot');
    assert.equal(probe(version, env).started, 'snapshot');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the build made a warm start of every version (npm run build: warm-start-make.js build)', () => {
  const dir = builtWarmStartDir({});
  assert.ok(dir, 'the build\'s warm starts have a directory');
  for (const version of PYTHON_VERSIONS) {
    const entry = warmStartEntry(dir, version, RUNTIME_PACKAGES[version].pyodide);
    assert.ok(warmStartPresent(version, entry), `the build made no warm start of ${version}: ${entry}`);
  }
  assert.equal(builtWarmStartDir({ BYTESCOPE_WARM_START: '0' }), undefined);
  assert.equal(builtWarmStartDir({ BYTESCOPE_BUILT_WARM_START: '0' }), undefined);
});

for (const version of ['3.13', '3.11'] as const) {
  test(`the first start on a machine (${version}: no per-user entry) starts from the build's; one that fails is kept and a per-user one made`, { timeout: 600_000 }, async () => {
    const built = mkdtempSync(path.join(os.tmpdir(), 'bytescope-built-'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bytescope-user-'));
    try {
      const reference = cold(version);
      const entry = make(version, built);
      // `use`: were the build's entry not found, the cold start would leave no maker behind the test.
      const first = probe(version, { BYTESCOPE_CACHE_DIR: dir, BYTESCOPE_BUILT_WARM_START: built, BYTESCOPE_WARM_START: 'use' });
      assert.equal(first.started, WARM_START[version] === 'snapshot' ? 'snapshot' : 'pyc');
      assert.deepEqual(withoutStarted(first), withoutStarted(reference));
      assert.deepEqual(readdirSync(dir), [], 'a start from the build\'s entry makes no per-user one');

      // The build's entry damaged: a cold start with the same answers, the entry left, a per-user one made.
      const damaged = damage(version, entry);
      const fallback = probe(version, { BYTESCOPE_CACHE_DIR: dir, BYTESCOPE_BUILT_WARM_START: built });
      assert.equal(fallback.started, 'fresh');
      assert.deepEqual(withoutStarted(fallback), withoutStarted(reference));
      assert.ok(existsSync(damaged), 'the build\'s entry is left in place');
      const own = warmStartEntry(dir, version, RUNTIME_PACKAGES[version].pyodide);
      const deadline = Date.now() + 300_000;
      while (!existsSync(own) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
      while (existsSync(own + '.lock') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
      assert.ok(existsSync(own), 'a per-user entry was made in the background');
      assert.equal(probe(version, { BYTESCOPE_CACHE_DIR: dir, BYTESCOPE_BUILT_WARM_START: built }).started, first.started, 'the per-user entry comes first');
    } finally {
      // A maker still at work (the test failed before waiting for it) would write into the removed directory.
      const lock = warmStartEntry(dir, version, RUNTIME_PACKAGES[version].pyodide) + '.lock';
      for (const end = Date.now() + 120_000; existsSync(lock) && Date.now() < end;) await new Promise((r) => setTimeout(r, 500));
      rmSync(built, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
