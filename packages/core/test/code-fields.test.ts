/** A code object's counts that cannot be negative (`pyc/marshal.ts`): each refused by name, in one line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBytescopeError } from '../src/errors.js';
import { readPyc } from '../src/pyc/read-pyc.js';
import { assemblePyc, makeCode } from '../testkit/index.js';

test('negative co_argcount, co_posonlyargcount, co_kwonlyargcount, co_stacksize are bad code, named', () => {
  for (const version of ['3.8', '3.11', '3.14']) {
    assert.equal(readPyc(assemblePyc(version, makeCode(version))).code.stacksize, 2);
    for (const field of ['argcount', 'posonlyargcount', 'kwonlyargcount', 'stacksize'] as const) {
      const pyc = assemblePyc(version, makeCode(version, { [field]: -3 }));
      assert.throws(() => readPyc(pyc), (e) => isBytescopeError(e) && e.kind === 'bad-code' && e.message.startsWith(`code object "<module>": negative co_${field} -3 `), `${version} ${field}`);
    }
  }
});
