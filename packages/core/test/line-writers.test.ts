/**
 * The line writers of the listing (`src/text/writer.ts`, `putChunks` in `src/text/instruction-line.ts`) store padding
 * and opnames eight bytes at a time through the buffer's DataView, writing spaces past the position they return. What
 * they return must still be exactly `str.rjust`'s text and the opname's bytes, and nothing before the position they
 * were given may change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIS_VERSIONS, getVersion } from '../src/index.js';
import { opnamesOf, putChunks } from '../src/text/instruction-line.js';
import { putNumPad, putSpaces } from '../src/text/writer.js';

const SIZE = 256;
const START = 16;

/** Runs a writer on a buffer of 'x' at START; returns the text from START to the returned position, and the prefix. */
function run(write: (b: Uint8Array, v: DataView, p: number) => number): { text: string; prefix: string; end: number } {
  const b = new Uint8Array(SIZE).fill(0x78);
  const end = write(b, new DataView(b.buffer), START);
  return { text: Buffer.from(b.subarray(START, end)).toString('latin1'), prefix: Buffer.from(b.subarray(0, START)).toString('latin1'), end };
}

test('putNumPad writes String(x) right-aligned in width columns, for every width and number of digits', () => {
  const numbers = [0, 1, 7, 9, 10, 42, 99, 100, 999, 1000, 9999, 10000, 12345, 99999, 100000, 1234567, 99999999, 100000000,
    123456789, 2147483647, 2147483648, 1e12, -1, -42, 0.5, NaN, Infinity];
  for (let width = 0; width <= 12; width++) {
    for (const x of numbers) {
      const r = run((b, v, p) => putNumPad(b, v, p, x, width));
      assert.equal(r.text, String(x).padStart(width), `x=${x} width=${width}`);
      assert.equal(r.prefix, 'x'.repeat(START));
    }
  }
});

test('putSpaces writes n spaces, none for n <= 0', () => {
  for (let n = -3; n <= 20; n++) {
    const r = run((b, v, p) => putSpaces(b, v, p, n));
    assert.equal(r.text, ' '.repeat(Math.max(0, n)), `n=${n}`);
    assert.equal(r.prefix, 'x'.repeat(START));
  }
});

test('putChunks writes every opname of every version, bare and padded, byte for byte', () => {
  for (const version of DIS_VERSIONS) {
    const names = opnamesOf(getVersion(version)!);
    for (let op = 0; op < names.bare.length; op++) {
      for (const [bytes, chunks] of [[names.bare[op]!, names.bareChunks[op]!], [names.padded[op]!, names.paddedChunks[op]!]] as const) {
        const r = run((_b, v, p) => putChunks(v, p, chunks, bytes.length));
        assert.equal(r.text, Buffer.from(bytes).toString('latin1'), `${version} opcode ${op}`);
        assert.equal(r.prefix, 'x'.repeat(START));
      }
    }
  }
});
