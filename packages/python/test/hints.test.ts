/**
 * The lab's static hints (src/lab/hints.ts) over `.pyc` files compiled by CPython 3.10 … 3.15 from the sources in
 * test/fixtures/hints (see its README): which rules fire where in each version, and that the rules read the decoded
 * code's typed fields (base opcode, argument value, own source line), never the display texts. No runtime needed;
 * lab.test.ts runs the hints on live compiler output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PYTHON_VERSIONS, decodeModule, readPyc, type DecodedModule, type Instruction } from '@bytescope/core';
import { codeSpans, hintsFromModule, hintsFromPyc, type LabHint } from '../src/lab/hints.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/hints/', import.meta.url));
const bytes = (name: string, version: string) => new Uint8Array(readFileSync(`${fixtures}${name}.${version}.pyc`));
const brief = (hs: readonly LabHint[]) => hs.map((h) => `${h.rule}@${h.codeObject}:${h.lines.join(',')}[${h.names.join(';')}]`);

test('the mixed sample: the rules of each version, where and on what', () => {
  for (const v of PYTHON_VERSIONS) {
    const got = brief(hintsFromPyc(bytes('mixed', v)));
    const want = [
      ...(v === '3.10' ? ['global-in-loop@Acc.feed:16[print]'] : []),
      'attribute-in-loop@Acc.feed:13[self.items]', 'string-concat-in-loop@Acc.feed:14[self.log]', 'membership-in-list@Acc.feed:15[a list built on each iteration]',
      'old-formatting-in-loop@Acc.feed:14,16[]',
      ...(v === '3.10' ? ['global-in-loop@clean:23[len]'] : []),
      'membership-in-list@clean:22[seen]',
      ...(v === '3.10' ? ['append-in-loop@clean:23[out.append]'] : []),
    ];
    assert.deepEqual(got.filter((h) => !h.includes('@<module>')).sort(), want.sort(), v);
    assert.deepEqual(got.filter((h) => h.includes('@<module>')), ['module-level-loop@<module>:3,4[n;report]', 'string-concat-in-loop@<module>:4[report]'], v);
  }
});

test('names are compared as names, constants by value, and a list comprehension is a list in every version', () => {
  for (const v of PYTHON_VERSIONS) {
    const hs = hintsFromPyc(bytes('more', v));
    const got = brief(hs);
    // A global whose name contains NULL is no callee pushed with a NULL (3.11+ marks those by a bit of the argument).
    assert.ok(got.some((h) => h.startsWith('membership-in-list@uses_null:5') || h.startsWith('membership-in-list@uses_null:5,8')), `${v}: ${got.join(' ')}`);
    // `keep = [x for x in xs if x]`: before 3.12 a LOAD_CONST of the comprehension's code object.
    assert.ok(got.includes('membership-in-list@comp_list:13[keep]'), `${v}: ${got.join(' ')}`);
    // A constant tuple is shown by its repr.
    const tuple = hs.find((h) => h.rule === 'membership-in-list' && h.lines.includes(8))!;
    assert.ok(tuple.names.includes("('red', 'green', 'blue', 'c..."), v);
    assert.ok(got.includes('module-level-loop@Table:18,19[i;rows]'), v);
    assert.match(hs.find((h) => h.rule === 'module-level-loop')!.message, /in the body of class `Table` \(line 18\)/);
    assert.ok(got.includes('string-concat-in-loop@text:24[s]') && got.includes('old-formatting-in-loop@text:25[]'), v);
  }
});

/** `m` with every instruction changed by `f` (a decoy that the hints must not read). */
function decoy(m: DecodedModule, f: (i: Instruction) => Partial<Instruction>): DecodedModule {
  return {
    version: m.version,
    codeObjects: m.codeObjects.map((c) => ({ ...c, decoded: { ...c.decoded, instructions: c.decoded.instructions.map((i) => ({ ...i, ...f(i) })) } })),
  };
}

test('the hints read typed fields: display texts, dis line numbers and specialized names change nothing', () => {
  for (const v of PYTHON_VERSIONS) {
    for (const name of ['mixed', 'more']) {
      const file = readPyc(bytes(name, v));
      const m = decodeModule(file);
      const want = hintsFromModule(m);
      assert.ok(want.length > 0);
      assert.deepEqual(hintsFromPyc(file), want);
      assert.deepEqual(hintsFromPyc(bytes(name, v)), want);
      const d = decoy(m, () => ({ argrepr: 'NULL + DECOY NULL|self +=', opname: 'DECOY', lineNumber: -1, startsLine: true }));
      assert.deepEqual(hintsFromModule(d), want, `${name} ${v}`);
    }
  }
});

test('names resolve per code object, and nothing the loop may change is hoisted (scopes.py)', () => {
  for (const v of PYTHON_VERSIONS) {
    const got = brief(hintsFromPyc(bytes('scopes', v)));
    assert.deepEqual(got, [
      ...(v === '3.10' ? ['global-in-loop@build:5[str]'] : []),
      // `out = ''` in build: a string there; `out = []` in collect is another variable, so `out += [x]` is no hint.
      'string-concat-in-loop@build:5[out]',
      // `line = [1, 2, 3]` in make says nothing about tabs' `line`: no membership hint for `"\t" in line`.
      // A global assigned a string at module level, extended in a function that declares it global.
      ...(v === '3.10' ? ['global-in-loop@note:30[log]'] : []),
      'string-concat-in-loop@note:30[log]',
      // A cell of outer, extended in inner.
      'string-concat-in-loop@outer.<locals>.inner:37[s]',
      // `while self.n < 10: self.step()` and `f(self)`: self may change there, so self.n is no hint; self.limit in a
      // loop that only reads attributes of self is one.
      'attribute-in-loop@Counter.total:60[self.limit]',
    ], v);
  }
});

test('hints come in the order of the source lines', () => {
  for (const v of PYTHON_VERSIONS) {
    for (const name of ['mixed', 'more', 'scopes']) {
      const lines = hintsFromPyc(bytes(name, v)).map((h) => h.lines[0] ?? h.firstLineno);
      assert.deepEqual(lines, [...lines].sort((a, b) => a - b), `${name} ${v}`);
    }
  }
});

test('names and values in a message are code spans; the plain message puts them between backquotes', () => {
  for (const v of PYTHON_VERSIONS) {
    const hs = hintsFromPyc(bytes('more', v));
    for (const h of hs) {
      assert.equal(h.message, h.messageSpans.map((s) => (s.code ? '`' + s.text + '`' : s.text)).join(''));
      for (const n of h.names) if (n !== 'a list built on each iteration') assert.ok(h.messageSpans.some((s) => s.code && s.text === n), `${v} ${h.rule} ${n}`);
      assert.ok(h.messageSpans.every((s) => s.code || !s.text.includes('`')), `${v}: prose without backquotes: ${h.message}`);
    }
    const tuple = hs.find((h) => h.rule === 'membership-in-list' && h.lines.includes(8))!;
    assert.ok(tuple.messageSpans.some((s) => s.code && s.text.startsWith("('red'")), v);
    assert.deepEqual(codeSpans('`in` on a list'), [{ text: 'in', code: true }, { text: ' on a list' }]);
  }
});
