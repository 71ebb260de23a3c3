/**
 * marshal's ASCII string types are decoded as Latin-1 (`latin1` in `src/pyc/marshal.ts`): up to 8192 bytes in one
 * `String.fromCharCode` call, longer strings in slices. Every byte must come out as its own code point, on both sides.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latin1 } from '../src/pyc/marshal.js';

test('latin1 decodes every byte as its code point, in one call up to 8192 bytes and in slices beyond', () => {
  for (const n of [0, 1, 7, 8191, 8192, 8193, 20000]) {
    const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
    assert.equal(latin1(b), Buffer.from(b).toString('latin1'), `${n} bytes`);
  }
});
