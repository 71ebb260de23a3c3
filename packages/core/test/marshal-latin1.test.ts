/**
 * marshal's ASCII string types are decoded as Latin-1 (`src/pyc/marshal.ts`): up to eight bytes from the bytes
 * themselves, up to 64 spread from a plain array (`latin1At`), longer ones as UTF-8 when they are ASCII and by
 * `String.fromCharCode` in slices of 8192 when they are not (bytes above 0x7f, valid UTF-8 or not). Every byte must
 * come out as its own code point on every path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latin1, latin1At, readMarshal } from '../src/pyc/marshal.js';

const LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 63, 64, 65, 100, 255, 256, 8191, 8192, 8193, 20000];

/** Bytes of length n: printable ASCII, every byte value, or ASCII with one valid UTF-8 sequence ('é') in it. */
const SAMPLES: Record<string, (n: number) => Uint8Array> = {
  ascii: (n) => Uint8Array.from({ length: n }, (_, i) => 0x20 + ((i * 7) % 95)),
  'every byte': (n) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff),
  'UTF-8 é': (n) => {
    const b = Uint8Array.from({ length: n }, (_, i) => 0x61 + (i % 26));
    if (n >= 2) b.set([0xc3, 0xa9], (n - 2) >> 1);
    return b;
  },
};

test('latin1 and latin1At decode every byte as its code point, on every path', () => {
  for (const [kind, make] of Object.entries(SAMPLES)) {
    for (const n of LENGTHS) {
      const b = make(n);
      const expected = Buffer.from(b).toString('latin1');
      assert.equal(latin1(b), expected, `${kind}, ${n} bytes`);
      const padded = new Uint8Array(n + 6).fill(0x3f);
      padded.set(b, 3);
      assert.equal(latin1At(padded, 3, n), expected, `${kind}, ${n} bytes at 3`);
    }
  }
});

test("marshal's short and long ASCII strings ('z', 'a') read as Latin-1 at every length", () => {
  for (const [kind, make] of Object.entries(SAMPLES)) {
    for (const n of LENGTHS) {
      const b = make(n);
      const data = n < 256 ? Uint8Array.of(0x7a, n, ...b) : Uint8Array.of(0x61, n & 0xff, (n >> 8) & 0xff, 0, 0, ...b);
      const { value, end } = readMarshal(data, 0, { layout: '3.11' });
      assert.deepEqual(value, { type: 'str', value: Buffer.from(b).toString('latin1') }, `${kind}, ${n} bytes`);
      assert.equal(end, data.length);
    }
  }
});
