/**
 * One compile path and one error shape: Node's `compileSource` (what the CLI and the explorer's compile worker use)
 * and the lab driver's `compile` request both go through `py/bytescope_compile.py`, and report the same source's
 * failure as the same {@link PythonCompileError}.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPyc } from '@bytescope/core';
import { compileSource, formatCompileError, type PythonCompileError } from '../src/compile.js';
import { openLab } from '../src/lab/index.js';
import { DEFAULT_PYTHON_VERSION, loadRuntime } from '../src/runtime.js';

const bytes = (s: string) => new TextEncoder().encode(s);

test(`compiling with CPython ${DEFAULT_PYTHON_VERSION}: .pyc bytes, or one error shape in Node and in the lab`, { timeout: 180_000 }, async () => {
  const rt = await loadRuntime(DEFAULT_PYTHON_VERSION);
  const lab = openLab(DEFAULT_PYTHON_VERSION);
  try {
    const good = compileSource(rt, bytes('def f(x):\n    return x + 1\n'), 'good.py');
    assert.ok(good.ok);
    const pyc = readPyc(good.pyc);
    assert.equal(pyc.version, DEFAULT_PYTHON_VERSION);
    // The lab's compile answers with the same bytes.
    const fromLab = await lab.compile('def f(x):\n    return x + 1\n', 'good.py');
    assert.ok(fromLab.ok);
    assert.deepEqual(fromLab.pyc, good.pyc);

    const source = 'x = 1\ny = (2,\n';
    const bad = compileSource(rt, bytes(source), 'bad.py');
    assert.ok(!bad.ok);
    const expected: Partial<PythonCompileError> = { type: 'SyntaxError', message: "'(' was never closed", filename: 'bad.py', lineno: 2, offset: 5, text: 'y = (2,\n' };
    for (const [k, v] of Object.entries(expected)) assert.equal(bad.error[k as keyof PythonCompileError], v, k);
    assert.equal(typeof bad.error.endLineno, 'number');
    assert.equal(formatCompileError(bad.error), "bad.py:2:5: SyntaxError: '(' was never closed");
    const badFromLab = await lab.compile(source, 'bad.py');
    assert.ok(!badFromLab.ok);
    assert.deepEqual(badFromLab.error, bad.error);

    // A coding cookie is honoured (the source is compiled as bytes, as a file is read).
    const latin = compileSource(rt, new Uint8Array([...bytes('# -*- coding: latin-1 -*-\ns = "'), 0xe9, ...bytes('"\n')]), 'latin.py');
    assert.ok(latin.ok);
    assert.ok(readPyc(latin.pyc).code.consts.some((c) => c.type === 'str' && c.value === 'é'));
  } finally {
    lab.dispose();
  }
});
