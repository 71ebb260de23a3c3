/**
 * Pyodide 0.22 (3.10) asks Web Crypto for entropy a byte at a time; the runtime serves those one-byte requests from a
 * pool the platform fills 4096 bytes at a time (`poolSingleByteRandom` in `src/runtime.ts`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuntime } from '../src/runtime.js';

test('3.10: one-byte entropy requests come from a pool, random all the same', async () => {
  const c = (globalThis as { crypto: { getRandomValues<T extends ArrayBufferView | null>(v: T): T } }).crypto;
  const platform = c.getRandomValues.bind(c);
  const sizes: number[] = [];
  c.getRandomValues = (v) => { sizes.push(v?.byteLength ?? 0); return platform(v); };
  const rt = await loadRuntime('3.10');
  sizes.length = 0;
  // 20,000 bytes through os.urandom: a call of the platform per 4096 bytes, not per byte.
  const distinct = Number(rt.runText('import os\nb = os.urandom(20000)\nlen(set(b))'));
  assert.ok(sizes.length >= 4 && sizes.length <= 6, `platform calls: ${sizes.length}`);
  assert.ok(sizes.every((n) => n === 4096), `sizes: ${sizes.join(', ')}`);
  assert.ok(distinct > 250, `${distinct} distinct byte values in 20,000`);
  // Two draws differ (the pool hands out each byte once).
  assert.notEqual(rt.runText('import os\nos.urandom(64).hex()'), rt.runText('import os\nos.urandom(64).hex()'));
});
