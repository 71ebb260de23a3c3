/**
 * The writer's pieces (`src/text/writer.ts`): a process's first listing flushes its first piece from `room()` at about
 * 1 KB, so that the call has run before V8 optimizes the listing loops it is inlined into; every later piece is 64 KB.
 * (A fresh process per test file: this is the first writer of the process.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextWriter } from '../src/text/writer.js';

test("the process's first flush from room() comes at 1 KB, the later ones at 64 KB", () => {
  const line = 'LOAD_FAST 1 (x)'; // 15 bytes and the newline
  const sizes: number[] = [];
  const w = new TextWriter(1e9, (b) => { sizes.push(b.length); });
  for (let i = 0; i < 20000; i++) { w.room(); w.str(line); w.newline(); }
  w.finishBytes();
  assert.equal(sizes.reduce((a, b) => a + b, 0), 20000 * 16);
  assert.ok(sizes[0]! > 1024 && sizes[0]! <= 1024 + 16, `first piece ${sizes[0]}`);
  const middle = sizes.slice(1, -1);
  assert.ok(middle.length >= 3 && middle.every((n) => n > 65536 && n <= 65536 + 16), `pieces ${sizes.join(', ')}`);
  // A second writer of the same process: 64 KB from the start.
  const again: number[] = [];
  const w2 = new TextWriter(1e9, (b) => { again.push(b.length); });
  for (let i = 0; i < 5000; i++) { w2.room(); w2.str(line); w2.newline(); }
  w2.finishBytes();
  assert.ok(again[0]! > 65536, `second writer's first piece ${again[0]}`);
});
