/** `bytescope trace`, as a user runs it: text view, JSON, limits, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Trace } from '@bytescope/core';
import { assertOneLineError, cli, tempDir } from './helpers.js';

const tmp = tempDir('trace');
const file = path.join(tmp, 'prog.py');
writeFileSync(file, 'def f(a, b):\n    c = a + b * 2\n    return [c, a][0]\nprint(f(3, 4))\n');

test('trace --json: every step of f with the real stack; the text view prints one line per step', () => {
  const j = cli(['trace', '--python', '3.13', '--json', file]);
  assert.equal(j.code, 0, j.err);
  const t = JSON.parse(j.out) as Trace;
  assert.equal(t.schema, 'bytescope.trace/1');
  assert.match(t.version, /^3\.13\.\d+/);
  assert.equal(t.stack_source, 'real');
  assert.equal(t.stdout, '11\n');
  const f = t.codes.find((c) => c.qualname === 'f')!;
  assert.deepEqual(f.localsplus.map((l) => l.name), ['a', 'b', 'c']);
  const inF = t.steps.filter((s) => s.code === f.index);
  // The stack before BINARY_OP * holds a, b and the constant 2; before RETURN_VALUE the result.
  const mul = inF.find((s) => s.opname === 'BINARY_OP')!;
  assert.deepEqual(mul.stack.map((x) => x.repr), ['3', '4', '2']);
  assert.deepEqual(inF.at(-1)!.stack.map((x) => x.repr), ['11']);
  assert.deepEqual(inF.at(-1)!.call_stack, [0, f.index]);

  const text = cli(['trace', '--python', '3.13', file]);
  assert.equal(text.code, 0, text.err);
  const lines = text.out.split('\n').filter((l) => /^\s+\d+\s/.test(l));
  assert.equal(lines.length, t.steps.length);
  assert.match(text.out, /f\+6\s+2\s+BINARY_OP \*\s+\[3, 4, 2\]/);
  assert.match(text.out, /\| 11/);
  assert.match(text.out, /finished/);
});

test('trace --max-steps marks the trace truncated; --call traces only the call; bad input is one line', () => {
  const r = cli(['trace', '--python', '3.10', '--max-steps', '3', file]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /trace truncated: the step limit \(3 steps\)/);
  const c = cli(['trace', '--python', '3.10', '--json', '--call', 'f(1, 1)', file]);
  assert.equal(c.code, 0, c.err);
  const t = JSON.parse(c.out) as Trace;
  assert.equal(t.outcome.result, '3');
  assert.ok(t.steps.every((s) => s.code !== 0));
  assertOneLineError(cli(['trace', path.join(tmp, 'missing.py')]).err, /missing\.py: no such file/);
  const bad = path.join(tmp, 'bad.py');
  writeFileSync(bad, 'x = (\n');
  assertOneLineError(cli(['trace', bad]).err, /SyntaxError/);
  assert.equal(cli(['trace', '--max-steps', '0', file]).code, 2);
});
