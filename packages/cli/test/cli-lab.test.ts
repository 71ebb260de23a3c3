/** The reference and performance-lab commands, as a user runs them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CORPORA, assertOneLineError, cli } from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'bytescope-lab-'));

test('explain gives every field, per version, as text and JSON', () => {
  const j = cli(['explain', '--python', '3.10', '--json', 'BINARY_ADD']);
  assert.equal(j.code, 0, j.err);
  const e = JSON.parse(j.out) as Record<string, unknown> & { history: { replaced_by: { by: string[] }[] } };
  for (const k of ['opname', 'version', 'description', 'stack_effect', 'argument', 'history']) assert.ok(e[k], `missing ${k}`);
  assert.equal(e.version, '3.10');
  assert.ok(e.history.replaced_by.some((r) => r.by.includes('BINARY_OP')));
  const missing = cli(['explain', '--python', '3.12', 'BINARY_ADD']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^bytescope: .*BINARY_ADD/);
  assert.equal(missing.err.trimEnd().split('\n').length, 1);
});

test('versions lists opcode-level differences', () => {
  const r = cli(['versions', '3.10', '3.11']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /BINARY_OP/);
  assert.match(r.out, /BINARY_ADD/);
  const bad = cli(['versions', '3.10', '2.5']);
  assert.equal(bad.code, 2);
});

test('run --counts --json counts *_NAME at module level; a runaway loop is stopped with one line', () => {
  const loop = path.join(tmp, 'loop.py');
  writeFileSync(loop, 'total = 0\nfor i in range(1000):\n    total += i\n');
  const r = cli(['run', '--counts', '--json', '--python', '3.12', loop]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { by_opname: Record<string, number>; code_objects: unknown[] };
  assert.equal(j.by_opname.STORE_NAME, 2001); // total = 0, then i and total on each of 1000 iterations
  assert.equal(j.by_opname.LOAD_FAST ?? 0, 0);
  assert.ok(j.code_objects.length >= 1);
  const inf = path.join(tmp, 'inf.py');
  writeFileSync(inf, 'while True:\n    pass\n');
  const t0 = Date.now();
  const s = cli(['run', '--counts', inf]);
  assert.equal(s.code, 1);
  assert.match(s.err, /^bytescope: stopped after .*infinite loop/);
  assert.equal(s.err.trimEnd().split('\n').length, 1);
  assert.ok(Date.now() - t0 < 60_000);
});

test('hints point at the module-level loop and not at the function', () => {
  const mod = path.join(tmp, 'mod.py');
  writeFileSync(mod, 'total = 0\nfor i in range(10):\n    total += i\n');
  const r = cli(['hints', '--json', '--python', '3.13', mod]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { hints: { rule: string; preset: string }[] };
  assert.ok(j.hints.some((h) => h.rule === 'module-level-loop' && h.preset === 'faster-in-function'), JSON.stringify(j.hints));
  const fn = path.join(tmp, 'fn.py');
  writeFileSync(fn, 'def f():\n    total = 0\n    for i in range(10):\n        total += i\n    return total\n');
  const k = cli(['hints', '--json', '--python', '3.13', fn]);
  assert.equal(k.code, 0, k.err);
  const jf = JSON.parse(k.out) as { hints: { rule: string }[] };
  assert.ok(!jf.hints.some((h) => h.rule === 'module-level-loop'), JSON.stringify(jf.hints));
});

test('hints on bytecode they do not cover, or on bytes that are no .pyc, fail in one line naming the problem', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bytescope-hints-'));
  const random = path.join(dir, 'random.pyc');
  writeFileSync(random, Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255));
  const r = cli(['hints', random]);
  assert.equal(r.code, 1);
  assertOneLineError(r.err, /not a \.pyc file/);
  assert.doesNotMatch(r.err, /internal error/);
  const old = path.join(CORPORA, 'xdis', 'bytecode_3.9');
  const file = path.join(old, readdirSync(old).filter((f) => f.endsWith('.pyc')).sort()[0]!);
  const o = cli(['hints', file]);
  assert.equal(o.code, 1);
  assertOneLineError(o.err, /hints are for Python 3\.10 … 3\.15; this code is Python 3\.9/);
});

test('specialize says how far the warm-up got, names the call expression and the file', () => {
  const ok = path.join(tmp, 'spec_ok.py');
  writeFileSync(ok, 'def f():\n    return list(range(3))\n');
  let r = cli(['specialize', '--python', '3.12', '--call', 'f()', ok]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Specialization after warm-up, CPython 3\.12\.\d+ \(100 calls of f\(\)\)\n/);
  // The call expression's code object is named by its expression, not as a second `<module> (line 1)`.
  assert.match(r.out, /\ncall expression f\(\)\n/);
  assert.equal(r.out.match(/<module> \(line 1\)/g)?.length, 1, r.out);
  const bad = path.join(tmp, 'spec_bad.py');
  writeFileSync(bad, 'def f():\n    return g()\n');
  r = cli(['specialize', '--python', '3.12', '--call', 'f()', '--json', bad]);
  const j = JSON.parse(r.out) as { warmupDone: number; exception: { traceback: string } };
  assert.equal(j.warmupDone, 0);
  assert.match(j.exception.traceback, new RegExp(`File "${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", line 2, in f`));
  r = cli(['specialize', '--python', '3.12', '--call', 'f()', bad]);
  // Not "after 100 warm-up runs" above a NameError from the first call.
  assert.doesNotMatch(r.out, /100 calls|100 runs/);
  assert.match(r.out, /^CPython 3\.12\.\d+: the warm-up stopped \(call 1 of 100 raised NameError\)/);
});
