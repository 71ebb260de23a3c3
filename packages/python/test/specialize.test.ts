/**
 * The specialization view tells the truth (issue 14), against real CPython 3.11–3.15 (one child process per
 * version): what ran once is "too few runs", not a type problem; 3.11/3.12 superinstructions and `*_QUICK` forms are
 * quickening, not specialization; a warm-up that raised says how far it got; the call expression is named as such;
 * tracebacks name the file the caller gave, not `<lab>`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PYTHON_VERSIONS } from '../src/runtime.js';
import { loadRuntime } from '../src/runtime.js';
import { installPythonModules } from '../src/python-modules.js';
import { openLab } from '../src/lab/index.js';

/** `BYTESCOPE_LAB_VERSIONS=3.12,3.14` limits the run to some versions (all by default). */
const only = process.env.BYTESCOPE_LAB_VERSIONS?.split(',');
const SPECIALIZING = PYTHON_VERSIONS.filter((v) => v !== '3.10' && (!only || only.includes(v)));

for (const version of SPECIALIZING) {
  test(`specialize tells the truth on CPython ${version}`, { timeout: 120_000 }, async () => {
    const s = openLab(version);
    try {
      const src = 'def f(a, b):\n    x = a\n    y = b\n    return list(range(x + y))\n\nz = list(range(3))\n';
      const r = await s.specialize({ source: src, filename: 'prog.py', call: 'f(1, 2)', warmup: 100 });
      assert.equal(r.exception, null);
      assert.equal(r.warmupDone, 100);
      const mod = r.codeObjects.find((c) => c.qualname === '<module>' && c.expression === undefined)!;
      const fn = r.codeObjects.find((c) => c.name === 'f')!;
      // The call expression is its own code object, named by its expression, not a second <module>.
      const call = r.codeObjects.filter((c) => c.expression !== undefined);
      assert.deepEqual(call.map((c) => c.expression), ['f(1, 2)']);
      assert.equal(r.codeObjects.filter((c) => c.qualname === '<module>' && c.expression === undefined).length, 1);
      // In f (100 calls) the calls specialized; at module level (ran once) they did not, because they ran once.
      const fnCalls = fn.instructions.filter((i) => i.baseOpname === (version === '3.11' ? 'PRECALL' : 'CALL'));
      assert.ok(fnCalls.length === 2 && fnCalls.every((i) => i.state === 'specialized'), JSON.stringify(fnCalls));
      for (const i of mod.instructions.filter((x) => x.state === 'unspecialized')) {
        assert.doesNotMatch(i.reason ?? '', /creates an instance|calls a /, `${i.baseOpname}: ${i.reason}`);
        assert.match(i.reason ?? '', /1 time|ran too little/, `${i.baseOpname}: ${i.reason}`);
      }
      // Nothing fused or merely quickened is counted as specialized.
      for (const c of r.codeObjects) {
        for (const i of c.instructions) {
          if (i.opname.includes('__') || i.opname.endsWith('_QUICK')) {
            assert.equal(i.state, 'quickened', `${i.opname}`);
            assert.match(i.reason ?? '', /quicken/);
          }
        }
      }
      assert.ok(!r.seen.some((n) => n.includes('__') || n.endsWith('_QUICK')), r.seen.join(' '));
      if (version === '3.11' || version === '3.12') {
        assert.ok(fn.instructions.some((i) => i.opname.includes('__') && i.state === 'quickened'), 'a superinstruction in f');
      }

      // A warm-up whose first call raises: how far it got, and a traceback naming the file.
      const bad = await s.specialize({ source: 'def f():\n    return g()\n', filename: 'prog.py', call: 'f()', warmup: 100 });
      assert.equal(bad.exception?.type, 'NameError');
      assert.equal(bad.warmupDone, 0);
      assert.match(bad.exception!.traceback, /File "prog\.py", line 2, in f/);
      assert.doesNotMatch(bad.exception!.traceback, /<lab>/);
      const run = await s.run({ source: 'x = 1\n1 / 0\n', filename: 'prog.py' });
      assert.match(run.exception!.traceback, /File "prog\.py", line 2/);
      assert.equal(run.exception!.lineno, 2);
    } finally {
      s.dispose();
    }
  });
}

test('the reason of an instruction that ran once is "too few runs", whatever its counter and operands (3.12)', { timeout: 60_000 }, async (t) => {
  if (only && !only.includes('3.12')) { t.skip('3.12 not in BYTESCOPE_LAB_VERSIONS'); return; }
  const rt = await loadRuntime('3.12');
  installPythonModules(rt.pyodide);
  // A CALL that ran once (sampled once, its callable the class range) with a counter that looks like a failed
  // attempt: before, this said "creates an instance of range: ..." though nothing had had a chance to specialize.
  const got = String(rt.pyodide.runPython(`
from bytescope_lab.reasons import reason
class Ins:
    argrepr = ''
sample = {'hits': 1, 'operands': {'callable': {'class range': 1}}, 'details': {}}
counter = {'value': 999, 'backoff': 5, 'counterValue': 99}
reason('CALL', 'CALL', Ins(), sample, counter, 17, 1, ['CALL_BUILTIN_CLASS'], None)
`));
  assert.match(got, /executed only 1 time during the warm-up: too few/);
  // The program run `runs` times without a call expression: a site sampled once in one run ran that many times.
  const many = String(rt.pyodide.runPython(`reason('CALL', 'CALL', Ins(), sample, counter, 17, 1, ['CALL_BUILTIN_CLASS'], None, runs=100)`));
  assert.match(many, /creates an instance of range/);
});
