/**
 * Pyodide's CommonJS glue (3.10-3.13) compiled with a V8 code cache kept beside the warm starts (`src/glue-cache.ts`):
 * a start that finds none fitting writes one; later starts use it; one per set of V8 flags; a damaged one is refused
 * by V8 and the runtime starts all the same; `BYTESCOPE_WARM_START=use` writes none. Each start is a process of its own
 * (one Pyodide per process).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { RUNTIME_PACKAGES } from '../src/runtime.js';
import { GLUE_CACHES_KEPT, pruneGlueCaches } from '../src/glue-cache.js';
import { encodeSnapshot, runtimeStem, versionPrefix, warmStartEntry } from '../src/warm-start.js';

const RUNTIME = new URL('../src/runtime.js', import.meta.url).href;

/** Starts `version` (3.11 by default) in a new process with the cache in `dir`; `probe`: load the glue first and report how. */
function start(dir: string, probe: boolean, extra: { flags?: string[]; env?: NodeJS.ProcessEnv; version?: string; liftoffOnly?: boolean } = {}): string {
  const v = JSON.stringify(extra.version ?? '3.11');
  const program = probe
    ? `const r = await import(${JSON.stringify(RUNTIME)}); const g = r.preloadGlue(${v}); const rt = await r.loadRuntime(${v}); g.save(); process.stdout.write(g.state + ' ' + rt.runText('6 * 7'));`
    : `const r = await import(${JSON.stringify(RUNTIME)}); const rt = await r.loadRuntime(${v}, { liftoffOnly: ${extra.liftoffOnly === true} }); process.stdout.write(rt.runText('6 * 7'));`;
  const res = spawnSync(process.execPath, [...(extra.flags ?? []), '--input-type=module', '-e', program], {
    encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, BYTESCOPE_CACHE_DIR: dir, BYTESCOPE_BUILT_WARM_START: '0', BYTESCOPE_SERVER: '0', ...extra.env },
  });
  assert.equal(res.status, 0, res.stderr);
  return res.stdout;
}

const glues = (dir: string, prefix = 'py311-') => readdirSync(dir).filter((n) => n.startsWith(prefix) && n.includes('-glue-')).sort();

test('3.11: the glue cache is written by a start that had none, used by the next, one per set of V8 flags', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bytescope-glue-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // These starts are cold (no warm start in `dir`, the build's ignored): the lock of the background maker a cold start
  // would leave, taken here, keeps it from running (it writes a glue cache too, which these checks would race with).
  writeFileSync(warmStartEntry(dir, '3.11', RUNTIME_PACKAGES['3.11'].pyodide) + '.lock', '');
  assert.equal(start(dir, false, { env: { BYTESCOPE_WARM_START: 'use' } }), '42');
  assert.deepEqual(glues(dir), [], 'BYTESCOPE_WARM_START=use writes no cache');
  // Under `liftoffOnly` the flags change after the glue is compiled: a cache made then would not fit its name; none is.
  assert.equal(start(dir, false, { liftoffOnly: true }), '42');
  assert.deepEqual(glues(dir), [], 'a runtime whose flags changed writes no cache');
  assert.equal(start(dir, false), '42');
  const [first] = glues(dir);
  assert.ok(first, 'a start without a cache writes one');
  assert.equal(start(dir, true), 'used 42');
  // Other V8 flags: that cache does not fit; a second one is written beside it and fits the next such start.
  assert.equal(start(dir, true, { flags: ['--liftoff-only'] }), 'none 42');
  assert.equal(glues(dir).length, 2);
  assert.equal(start(dir, true, { flags: ['--liftoff-only'] }), 'used 42');
  // A damaged cache (its headers kept, V8's too, the rest overwritten: V8 would take it and crash) is passed over by
  // its checksum; the start is the same, and writes a good one.
  const file = path.join(dir, first!);
  const bytes = readFileSync(file);
  bytes.fill(0x5a, 32 + 64);
  writeFileSync(file, bytes);
  assert.equal(start(dir, true), 'none 42');
  assert.equal(start(dir, true), 'used 42');
  // A cache that fits no V8 (another version's: its version hash changed) is refused by V8, with the same start.
  const other = readFileSync(file);
  other[32 + 4] = other[32 + 4]! ^ 0xff;
  writeFileSync(file, encodeSnapshot(other.subarray(32)));
  assert.equal(start(dir, true), 'rejected 42');
});

test('3.14: the ES module glue, run as a function with its cache, handed to Pyodide as its createPyodideModule', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bytescope-glue-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(warmStartEntry(dir, '3.14', RUNTIME_PACKAGES['3.14'].pyodide) + '.lock', '');
  assert.equal(start(dir, true, { version: '3.14' }), 'none 42');
  assert.equal(glues(dir, 'py314-').length, 1);
  assert.equal(start(dir, true, { version: '3.14' }), 'used 42');
  // A runtime that compiles under --liftoff-only sets that flag after its glue is compiled: the cache of the default
  // flags fits it (had the flag come first, it would not, and a second cache would be written).
  assert.equal(start(dir, false, { version: '3.14', liftoffOnly: true }), '42');
  assert.equal(glues(dir, 'py314-').length, 1);
});

test("pruning keeps a version's newest glue caches of its Pyodide, drops another Pyodide's, leaves the rest", (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bytescope-glue-prune-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const stem = runtimeStem('3.11', '0.25.1');
  const mine = Array.from({ length: GLUE_CACHES_KEPT + 2 }, (_, i) => `${stem}-glue-v8fit${i}.cache`);
  const others = [`${runtimeStem('3.11', '0.23.0')}-glue-a.cache`, `${runtimeStem('3.11', '0.25.10')}-glue-b.cache`];
  const kept = [`${runtimeStem('3.10', '0.22.1')}-glue-c.cache`, `${stem}-f3-pyc`, 'unrelated.cache'];
  [...mine, ...others, ...kept].forEach((name, i) => {
    writeFileSync(path.join(dir, name), '');
    utimesSync(path.join(dir, name), 1_000_000 + i, 1_000_000 + i);
  });
  pruneGlueCaches(dir, stem, versionPrefix('3.11'));
  assert.deepEqual(readdirSync(dir).sort(), [...mine.slice(2), ...kept].sort());
});
