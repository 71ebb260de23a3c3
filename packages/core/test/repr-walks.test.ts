/**
 * `reprObject` reuses one walker per printable table (`text/repr.ts`): a walk that stops with an error must leave
 * nothing behind that a later walk would see (the containers it was inside of, results cut at the nesting limit).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBytescopeError } from '../src/errors.js';
import type { PyObject } from '../src/pyc/objects.js';
import { REPR_MAX_DEPTH, REPR_MAX_LENGTH, reprObject } from '../src/text/repr.js';
import { getVersion } from '../src/version/registry.js';

const tuple = (item: PyObject): PyObject => ({ type: 'tuple', items: [item] });

test('a repr stopped by the length limit leaves no container marked as being walked', () => {
  const table = getVersion('3.14')!.printable;
  // x: 20 tuples around a string too long to print (a rope: its characters are never made).
  let x: PyObject = { type: 'str', value: 'x'.repeat(REPR_MAX_LENGTH) };
  for (let i = 0; i < 20; i++) x = tuple(x);
  // y: x inside REPR_MAX_DEPTH - 10 more tuples: the walk stops at the nesting limit, above the string.
  let y = x;
  for (let i = 0; i < REPR_MAX_DEPTH - 10; i++) y = tuple(y);
  const expected = '('.repeat(REPR_MAX_DEPTH) + '...' + ',)'.repeat(REPR_MAX_DEPTH);
  assert.throws(() => reprObject(x, table), (e) => isBytescopeError(e) && e.kind === 'limit');
  // Had x's tuples stayed marked, y would print x as a cycle: `(...)`.
  assert.equal(reprObject(y, table), expected);
  assert.equal(reprObject(y, table), expected);
});
