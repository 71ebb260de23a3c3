/**
 * `readInputFile` (`src/sources.ts`), through which every command reads its files: a regular file by its descriptor
 * into memory of its size, anything else to its end; plain `Uint8Array`s (a `Buffer`'s `slice` would not copy);
 * one-line errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readInputFile } from '../src/sources.js';
import { tempDir } from './helpers.js';

test('a regular file: its bytes, as a plain Uint8Array', () => {
  const dir = tempDir('read');
  for (const size of [1, 4095, 65536, 1_000_003]) {
    const bytes = new Uint8Array(size).map((_, i) => (i * 7 + size) & 255);
    const f = path.join(dir, `f${size}`);
    writeFileSync(f, bytes);
    const got = readInputFile(f);
    assert.equal(Buffer.isBuffer(got), false);
    assert.equal(got.constructor, Uint8Array);
    assert.deepEqual(got, bytes);
  }
});

test('an empty file, and a file that reports no size (procfs), are read to their end', (t) => {
  const dir = tempDir('read');
  writeFileSync(path.join(dir, 'empty'), '');
  assert.equal(readInputFile(path.join(dir, 'empty')).length, 0);
  if (!existsSync('/proc/self/cmdline')) { t.diagnostic('no /proc: the size-0 case is not run'); return; }
  const got = readInputFile('/proc/self/cmdline');
  assert.ok(got.length > 0);
  assert.deepEqual(got, new Uint8Array(readFileSync('/proc/self/cmdline')));
});

test('errors in one line: no such file, a directory', () => {
  const dir = tempDir('read');
  mkdirSync(path.join(dir, 'sub'));
  assert.throws(() => readInputFile(path.join(dir, 'missing')), { message: `${path.join(dir, 'missing')}: no such file` });
  assert.throws(() => readInputFile(path.join(dir, 'sub')), { message: `${path.join(dir, 'sub')}: is a directory` });
});
