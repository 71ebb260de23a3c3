/** How the lab's results read (`lab/format.ts`): the order of counts per opname. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byCount } from '../src/lab/portable.js';

test('counts list largest first, equal counts by name in code-unit order', () => {
  const counts = { LOAD_FAST: 3, FOR_ITER: 5, FORMAT_SIMPLE: 5, CALL: 1, CALL_KW: 3, Z: 5 };
  const expected: [string, number][] = [['FORMAT_SIMPLE', 5], ['FOR_ITER', 5], ['Z', 5], ['CALL_KW', 3], ['LOAD_FAST', 3], ['CALL', 1]];
  // Python's sorted(): '_' (0x5f) after the capitals, where an ICU collation puts it before them.
  assert.deepEqual(byCount(counts), expected);
  assert.deepEqual(byCount(new Map(Object.entries(counts))), expected);
  assert.deepEqual(byCount(Object.entries(counts)), expected);
  assert.deepEqual(byCount({}), []);
});
