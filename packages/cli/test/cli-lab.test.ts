/** The reference and performance-lab commands, as a user runs them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CORPORA, assertOneLineError, cli, tempDir } from './helpers.js';

const tmp = tempDir('lab');

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
  const s = cli(['run', '--counts', '--timeout', '1000', inf]);
  assert.equal(s.code, 1);
  assertOneLineError(s.err, /^bytescope: stopped: the program took longer than 1\.0 s \(the time limit\); what it printed and counted until then is shown, marked partial; raise the limit with --timeout MS \(it was 1000\)$/);
  assert.ok(Date.now() - t0 < 60_000);
});

test('a stop keeps the output and the counts so far, marked partial, in text and JSON', () => {
  const file = path.join(tmp, 'partial.py');
  writeFileSync(file, "print('started')\nn = 0\nwhile True:\n    n += 1\n");
  const j = cli(['run', '--json', '--timeout', '800', file]);
  assert.equal(j.code, 1);
  const r = JSON.parse(j.out) as { partial: boolean; stopped: { kind: string; limit_ms: number; after_ms: number } | null; stdout: string; total: number; by_opname: Record<string, number> };
  assert.equal(r.partial, true);
  assert.equal(r.stopped?.kind, 'time');
  assert.equal(r.stopped?.limit_ms, 800);
  assert.equal(r.stdout, 'started\n');
  assert.ok(r.total > 1000 && (r.by_opname.STORE_NAME ?? 0) > 100, JSON.stringify(r.by_opname));
  assertOneLineError(j.err, /took longer than 800 ms \(the time limit\).*--timeout MS \(it was 800\)$/);
  const txt = cli(['run', '--counts', '--timeout', '800', file]);
  assert.equal(txt.code, 1);
  assert.match(txt.out, /^started\n\nInstruction counts, CPython 3\.14\.\d+ \(sys\.monitoring INSTRUCTION events\): \d+ executed before it was stopped \(partial\)\n/);
  assert.match(txt.out, /\n {2}STORE_NAME +\d+\n/);
});

test('run without --counts prints the output and the instruction total', () => {
  const file = path.join(tmp, 'hello.py');
  writeFileSync(file, "for i in range(3):\n    print('hello', i)\n");
  const r = cli(['run', '--python', '3.12', file]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^hello 0\nhello 1\nhello 2\n\n\d+ instructions executed, CPython 3\.12\.\d+ \(bytescope run --counts shows them per instruction\)\n$/);
  assert.doesNotMatch(r.out, /STORE_NAME/);
});

test('a 10⁶-iteration module-vs-function comparison completes with --timeout and shows the function faster', { timeout: 300_000 }, () => {
  const mod = path.join(tmp, 'mod-1e6.py');
  const fn = path.join(tmp, 'fn-1e6.py');
  writeFileSync(mod, 'total = 0\nfor i in range(10**6):\n    total += i\n');
  writeFileSync(fn, 'def main():\n    total = 0\n    for i in range(10**6):\n        total += i\n    return total\n\nmain()\n');
  // The default 30 s limit is per counted pass; the talk's example needs no more here, but a loaded machine may.
  const r = cli(['compare', '--timeout', '120000', '--json', mod, fn]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { partial: boolean; fastest: string; measurable: boolean; interval: { low: number; high: number }; ratio: number; rounds: number; verdicts: string[]; variants: { name: string; total: number; number: number; counts: Record<string, number> }[] };
  assert.equal(j.partial, false);
  assert.equal(j.fastest, fn);
  assert.equal(j.measurable, true, JSON.stringify(j.interval));
  assert.ok(j.interval.low > 1, JSON.stringify(j.interval));
  assert.equal(j.variants[0]!.counts.STORE_NAME, 10 ** 6 * 2 + 1);
  assert.ok(j.rounds >= 3);
  assert.match(j.verdicts[0]!, new RegExp(`^${fn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is \\d+\\.\\d\\d× faster than `));
});

test('compare names the variants, shows preset sources, loop counts and rounds; noise is "no measurable difference"', { timeout: 300_000 }, () => {
  const p = cli(['compare', '--preset', 'faster-in-function', '--python', '3.13']);
  assert.equal(p.code, 0, p.err);
  assert.match(p.out, /\nmodule level:\n {4}total = 0\n {4}for i in range\(20000\):\n {8}total \+= i\n/);
  assert.match(p.out, /\ninstructions executed, by opname:\n +module level +in a function\n/);
  assert.match(p.out, /\nin a function is \d+\.\d\d× faster than module level \(\d+ % interval \d+\.\d\d–\d+\.\d\d, median of \d+ rounds\)\.\n/);
  assert.match(p.out, /\nTiming: \d+ interleaved rounds after \d+ warm-up rounds?( \([^)]*\))?(, \d+ timed again \([^)]*\))?; in each, every variant ran its calibrated loop count \(module level ×\d+, in a function ×\d+\); /);
  assert.doesNotMatch(p.out, /#1|e\+\d/);
  // Two empty programs, and a file against itself: noise, not a result.
  const a = path.join(tmp, 'empty-a.py');
  const b = path.join(tmp, 'empty-b.py');
  writeFileSync(a, 'pass\n');
  writeFileSync(b, 'pass\n');
  for (const files of [[a, b], [a, a]]) {
    const r = cli(['compare', '--json', ...files]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { measurable: boolean; verdicts: string[]; interval: unknown };
    assert.equal(j.measurable, false, `${JSON.stringify(j.interval)} ${j.verdicts[0]}`);
    assert.match(j.verdicts[0]!, /^no measurable difference between .* \(per-round ratio \d+\.\d\d, \d+ % interval \d+\.\d\d–\d+\.\d\d, median of \d+ rounds, (which includes 1|within 5 % of 1)\)$/);
  }
});

test('a program that does not compile is named by its path, its line given once, in run and in compare (nothing timed)', () => {
  const good = path.join(tmp, 'good.py');
  const bad = path.join(tmp, 'bad.py');
  writeFileSync(good, 'pass\n');
  writeFileSync(bad, 'x = 1\ndef f(:\n');
  const esc = bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const r = cli(['run', bad]);
  assert.equal(r.code, 1);
  // SyntaxError's text names the file by its base name.
  assertOneLineError(r.err, /^bytescope: the program raised SyntaxError: [^()]*\(bad\.py, line 2\)$/);
  const c = cli(['compare', good, bad]);
  assert.equal(c.code, 1, c.err);
  assert.match(c.out, new RegExp(`\\n${esc}: 0 instructions\\n  the program raised SyntaxError: [^()]*\\(bad\\.py, line 2\\)\\n`));
  assert.match(c.out, /\nnot timed: a variant raised an exception or was stopped; nothing was timed\n/);
});

test('dis -S is python -m dis -S: the plain listing of code just compiled, a pointer to specialize, 3.14+ only', () => {
  const file = path.join(tmp, 'spec.py');
  writeFileSync(file, 'def add(a, b):\n    return a + b\nadd(1, 2)\n');
  const plain = cli(['dis', file]);
  const s = cli(['dis', '-S', file]);
  assert.equal(s.code, 0, s.err);
  assert.equal(s.out, plain.out);
  assert.match(s.err, /^bytescope: note: -S shows specialized instructions of code that has run; .* bytescope specialize FILE\.py --call EXPR\n$/);
  const long = cli(['dis', '--specialized', '--python', '3.15', file]);
  assert.equal(long.code, 0, long.err);
  const old = cli(['dis', '-S', '--python', '3.13', file]);
  assert.equal(old.code, 2);
  assertOneLineError(old.err, /--specialized needs Python 3\.14 or newer; this code is Python 3\.13/);
});

test('specialize rows show their arguments: which global, which attribute', () => {
  const file = path.join(tmp, 'args.py');
  writeFileSync(file, 'class P:\n    def __init__(self):\n        self.x = 1\n\ndef f(p):\n    return len([p.x])\n');
  const r = cli(['specialize', '--python', '3.14', '--call', 'f(P())', file]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\n +\d+ LOAD_GLOBAL \(len \+ NULL\) +→ LOAD_GLOBAL_BUILTIN /);
  assert.match(r.out, /\n +\d+ LOAD_ATTR \(x\) +→ LOAD_ATTR_INSTANCE_VALUE /);
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
  const dir = tempDir('hints');
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
