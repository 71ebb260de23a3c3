/**
 * The performance lab in a native CPython (`--python-exe`): the machine's `python3` when it is CPython 3.10+
 * (else the newest pyenv CPython 3.10+), against the embedded runtime of the same minor version. Counts must be
 * equal instruction by instruction; the exact version is reported; specialization, timing and both kinds of stop
 * work there too. Skipped, with a message, where no native CPython 3.10+ is found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { isPythonVersion } from '../src/runtime.js';
import {
  LabCrash, LabTimeout, PRESETS, openLab, openNativeLab, probePythonExe, type LabRunResponse, type NativePythonInfo,
} from '../src/lab/index.js';

/** The machine's `python3` if it can serve the lab, else the newest pyenv CPython 3.10+ with an embedded twin. */
function findNative(): NativePythonInfo | null {
  const candidates = ['python3'];
  const pyenv = path.join(homedir(), '.pyenv', 'versions');
  if (existsSync(pyenv)) {
    for (const v of readdirSync(pyenv).sort().reverse()) candidates.push(path.join(pyenv, v, 'bin', 'python'));
  }
  for (const exe of candidates) {
    try {
      const info = probePythonExe(exe);
      if (isPythonVersion(info.version)) return info;
    } catch { /* not usable */ }
  }
  return null;
}

const native = findNative();

const PROGRAM = [
  'class Point:',
  '    def __init__(self, x, y):',
  '        self.x = x',
  '        self.y = y',
  '',
  'def norm2(p):',
  '    return p.x * p.x + p.y * p.y',
  '',
  'total = 0',
  'for i in range(200):',
  '    p = Point(i, -i)',
  '    try:',
  '        total += norm2(p) // (i % 7)',
  '    except ZeroDivisionError:',
  '        total -= 1',
  'squares = [k * k for k in range(50) if k % 3]',
  "print(total, len(squares), f'{total:>12,}')",
  '',
].join('\n');

test('native CPython: counts equal to the embedded runtime of the same minor version, exact version reported', {
  timeout: 240_000, skip: native ? false : 'no native CPython 3.10+ found (python3 on PATH, ~/.pyenv/versions/*)',
}, async (t) => {
  const info = native!;
  const reported = execFileSync(info.exe, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
  const n = openNativeLab(info.exe);
  const e = openLab(info.version as Parameters<typeof openLab>[0]);
  try {
    assert.equal(await n.ready(), reported, 'the native session reports the interpreter\'s exact version');
    const embeddedVersion = await e.ready();
    t.diagnostic(`native ${info.exe} = CPython ${reported}; embedded ${embeddedVersion}`);
    const rn = await n.run({ source: PROGRAM });
    const re = await e.run({ source: PROGRAM });
    assert.equal(rn.version, reported);
    assert.equal(rn.exception, null);
    assert.equal(rn.stdout, re.stdout);
    const perInstruction = (r: LabRunResponse) => r.counts!.codeObjects.map((c) => ({ key: c.key, counts: c.instructions.map((i) => `${i.offset} ${i.opname} ${i.count}`) }));
    assert.deepEqual(rn.counts!.byOpname, re.counts!.byOpname);
    assert.deepEqual(perInstruction(rn), perInstruction(re));
    assert.ok(rn.counts!.total > 5000, `total ${rn.counts!.total}`);
    t.diagnostic(`${rn.counts!.total} instructions counted in both, ${rn.counts!.codeObjects.length} code objects, each instruction equal`);
  } finally {
    n.dispose();
    e.dispose();
  }
});

test('native CPython: specialization, a trustworthy comparison, and both kinds of stop', {
  timeout: 240_000, skip: native ? false : 'no native CPython 3.10+ found (python3 on PATH, ~/.pyenv/versions/*)',
}, async (t) => {
  const info = native!;
  const n = openNativeLab(info.exe);
  try {
    const spec = await n.specialize({ source: 'def add(a, b):\n    return a + b\n', call: 'add(1, 2)', warmup: 50 });
    if (info.version === '3.10') assert.equal(spec.supported, false);
    else assert.ok(spec.seen.includes('BINARY_OP_ADD_INT'), spec.seen.join(' '));

    const p = PRESETS['faster-in-function'];
    const c = await n.compare({ variants: p.variants, repeat: p.repeat, targetMs: p.targetMs });
    assert.equal(c.fastest, 'in a function', JSON.stringify(c.ratios));
    assert.equal(c.measurable, true, JSON.stringify(c.interval));
    assert.ok(c.interval!.low > 1.2, JSON.stringify(c.interval));
    assert.match(c.clock ?? '', /^CPU time/);
    assert.match(c.timingNote, /^Times are CPU time of the timing thread in a native CPython/);
    t.diagnostic(`native faster-in-function: ${c.ratio!.toFixed(2)} (${c.interval!.low.toFixed(2)}–${c.interval!.high.toFixed(2)}, ${c.rounds} rounds)`);

    // A Python loop: the driver stops it at the limit, keeps the output and counts, and the process lives on.
    await assert.rejects(n.run({ source: "print('before')\nwhile True:\n    pass\n", timeoutMs: 500 }), (err: unknown) => {
      assert.ok(err instanceof LabTimeout && !err.killed, String(err));
      assert.match(err.message, /^stopped: the program took longer than 500 ms \(the time limit\)$/);
      const partial = err.partial as LabRunResponse;
      assert.equal(partial.stdout, 'before\n');
      assert.ok(partial.counts!.total > 1000);
      return true;
    });
    // A loop in C: the process is killed at the limit and the next request starts a new one.
    await assert.rejects(n.run({ source: 'import itertools\nsum(itertools.count())\n', timeoutMs: 500 }), (err: unknown) => err instanceof LabTimeout && err.killed);
    const after = await n.run({ source: 'print(6 * 7)\n' });
    assert.equal(after.stdout, '42\n');
  } finally {
    n.dispose();
  }
});

test('--python-exe refuses what cannot serve the lab, in one line', () => {
  assert.throws(() => probePythonExe('/nonexistent/python'), (e: unknown) => e instanceof LabCrash && e.message === '/nonexistent/python: no such file');
  const old = path.join(homedir(), '.pyenv', 'versions', '2.7.18', 'bin', 'python');
  if (existsSync(old)) {
    assert.throws(() => probePythonExe(old), (e: unknown) => e instanceof LabCrash && /CPython 2\.7\.18; the lab needs CPython 3\.10 or newer$/.test(e.message));
  }
});
