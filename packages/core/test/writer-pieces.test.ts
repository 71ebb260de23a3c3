/**
 * The writer's pieces (`src/text/writer.ts`): every piece but the last is 64 KB, from the first writer of a process
 * on. The first writer is made after `TextWriter.prime` has run `room()`'s flush with its limit lowered (so that V8
 * has seen the call before it optimizes the listing loops `room` is inlined into): the limit must be back, and nothing
 * of the priming may reach a listing. (A fresh process per test file: this is the first writer of the process.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextWriter } from '../src/text/writer.js';

test("a process's first writer and the later ones flush pieces of 64 KB, with nothing but what was written", () => {
  const line = 'LOAD_FAST 1 (x)'; // 15 bytes and the newline
  for (const lines of [20000, 5000]) {
    const pieces: Uint8Array[] = [];
    const w = new TextWriter(1e9, (b) => { pieces.push(b.slice()); });
    for (let i = 0; i < lines; i++) { w.room(); w.str(line); w.newline(); }
    w.finishBytes();
    assert.equal(Buffer.concat(pieces).toString('latin1'), `${line}\n`.repeat(lines));
    const sizes = pieces.map((p) => p.length);
    assert.ok(sizes.slice(0, -1).every((n) => n > 65536 && n <= 65536 + 16), `pieces ${sizes.join(', ')}`);
    assert.ok(sizes.length >= 2, `pieces ${sizes.join(', ')}`);
  }
});
