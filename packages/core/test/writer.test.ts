/**
 * The listing's text writer (`src/text/writer.ts`) writes strings as UTF-8 by two paths: a loop for short strings,
 * the platform's `TextEncoder.encodeInto` for longer ones without a lone surrogate. Both must give the bytes of the
 * string's UTF-8, and a string with a lone surrogate (a file name from `surrogateescape`) must reach the text result
 * unchanged and the byte result as `TextEncoder` writes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextWriter } from '../src/text/writer.js';

const SAMPLES = ['x', 'é', '€', '😀', 'a\ud800b', '\udc00', 'name\udcff'];
const LENGTHS = [1, 7, 15, 16, 17, 40, 300, 4096, 5000];

function strings(): string[] {
  const out: string[] = [];
  for (const piece of SAMPLES) for (const n of LENGTHS) out.push(('ab' + piece).repeat(Math.ceil(n / (piece.length + 2))).slice(0, n));
  return out;
}

test('TextWriter.str writes any string as its UTF-8, short or long, with or without lone surrogates', () => {
  for (const s of strings()) {
    const text = new TextWriter(1e9);
    text.str('<');
    text.str(s);
    text.str('>');
    assert.equal(text.finishText(), `<${s}>`, JSON.stringify(s));
    const parts: Uint8Array[] = [];
    const bytes = new TextWriter(1e9, (b) => parts.push(b.slice()));
    bytes.str('<');
    bytes.str(s);
    bytes.str('>');
    bytes.finishBytes();
    assert.deepEqual(Buffer.concat(parts), Buffer.from(new TextEncoder().encode(`<${s}>`)), JSON.stringify(s));
  }
});
