/**
 * Aligning two compilations of one source (src/analysis/align.ts): how opnames relate across versions (from the
 * reference's replacement links), what of an argument is compared, the alignment of instruction sequences (every
 * instruction once, in order; replacements on one row) and the pairing of code objects. The sequences are those
 * CPython 3.10, 3.11, 3.12 and 3.14 compiled (`bytescope dis --format json --python X`), trimmed to the fields the
 * alignment reads; the browser test aligns live compiler output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alignInstructions, alignModels, comparableArg, opRelation, qualnames, summarizeAlignment,
  type AlignCode, type AlignInstruction, type AlignedRow,
} from '../src/analysis/align.js';

/** `[opname, argrepr, arg, line]` as the JSON model gives them. */
type Row = readonly [string, string, number | null, number | null];
const seq = (rows: readonly Row[]): AlignInstruction[] => rows.map(([opname, argrepr, arg, line]) => ({ opname, argrepr, arg, line }));

// def f(a, b):
//     return a + b
const F: Readonly<Record<string, readonly Row[]>> = {
  '3.10': [['LOAD_FAST', 'a', 0, 2], ['LOAD_FAST', 'b', 1, 2], ['BINARY_ADD', '', null, 2], ['RETURN_VALUE', '', null, 2]],
  '3.11': [['RESUME', '', 0, 1], ['LOAD_FAST', 'a', 0, 2], ['LOAD_FAST', 'b', 1, 2], ['BINARY_OP', '+', 0, 2], ['RETURN_VALUE', '', null, 2]],
  '3.14': [['RESUME', '', 0, 1], ['LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'a, b', 1, 2], ['BINARY_OP', '+', 0, 2], ['RETURN_VALUE', '', null, 2]],
};

// def g(d, k, xs):
//     xs.append(d[k] < 3)
//     return 1
const G: Readonly<Record<string, readonly Row[]>> = {
  '3.10': [['LOAD_FAST', 'xs', 2, 4], ['LOAD_METHOD', 'append', 0, 4], ['LOAD_FAST', 'd', 0, 4], ['LOAD_FAST', 'k', 1, 4], ['BINARY_SUBSCR', '', null, 4],
    ['LOAD_CONST', '3', 1, 4], ['COMPARE_OP', '<', 0, 4], ['CALL_METHOD', '', 1, 4], ['POP_TOP', '', null, 4], ['LOAD_CONST', '1', 2, 5], ['RETURN_VALUE', '', null, 5]],
  '3.11': [['RESUME', '', 0, 3], ['LOAD_FAST', 'xs', 2, 4], ['LOAD_METHOD', 'append', 0, 4], ['LOAD_FAST', 'd', 0, 4], ['LOAD_FAST', 'k', 1, 4],
    ['BINARY_SUBSCR', '', null, 4], ['LOAD_CONST', '3', 1, 4], ['COMPARE_OP', '<', 0, 4], ['PRECALL', '', 1, 4], ['CALL', '', 1, 4], ['POP_TOP', '', null, 4],
    ['LOAD_CONST', '1', 2, 5], ['RETURN_VALUE', '', null, 5]],
  '3.12': [['RESUME', '', 0, 3], ['LOAD_FAST', 'xs', 2, 4], ['LOAD_ATTR', 'NULL|self + append', 1, 4], ['LOAD_FAST', 'd', 0, 4], ['LOAD_FAST', 'k', 1, 4],
    ['BINARY_SUBSCR', '', null, 4], ['LOAD_CONST', '3', 1, 4], ['COMPARE_OP', '<', 2, 4], ['CALL', '', 1, 4], ['POP_TOP', '', null, 4], ['RETURN_CONST', '1', 2, 5]],
  '3.14': [['RESUME', '', 0, 3], ['LOAD_FAST_BORROW', 'xs', 2, 4], ['LOAD_ATTR', 'append + NULL|self', 1, 4], ['LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'd, k', 1, 4],
    ['BINARY_OP', '[]', 26, 4], ['LOAD_SMALL_INT', '', 3, 4], ['COMPARE_OP', '<', 2, 4], ['CALL', '', 1, 4], ['POP_TOP', '', null, 4],
    ['LOAD_SMALL_INT', '', 1, 5], ['RETURN_VALUE', '', null, 5]],
};

/** The rows as `A-op A-arg | kind | B-op B-arg` strings. */
function show(rows: readonly AlignedRow[], a: readonly AlignInstruction[], b: readonly AlignInstruction[]): string[] {
  const side = (x: AlignInstruction | undefined) => (x ? `${x.opname}${x.argrepr ? ` ${x.argrepr}` : ''}` : '-');
  return rows.map((r) => `${side(r.a === null ? undefined : a[r.a])} | ${r.kind} | ${side(r.b === null ? undefined : b[r.b])}`);
}

/** Every instruction of each side in exactly one row, in order; paired rows have both sides. */
function assertComplete(rows: readonly AlignedRow[], n: number, m: number): void {
  const as = rows.filter((r) => r.a !== null).map((r) => r.a);
  const bs = rows.filter((r) => r.b !== null).map((r) => r.b);
  assert.deepEqual(as, [...Array(n).keys()], 'A in order, once each');
  assert.deepEqual(bs, [...Array(m).keys()], 'B in order, once each');
  for (const r of rows) {
    assert.equal(r.a === null, r.kind === 'b-only', `${r.kind}: a`);
    assert.equal(r.b === null, r.kind === 'a-only', `${r.kind}: b`);
  }
}

test('opnames relate through the reference: replacements followed through the versions between, with their argument', () => {
  const add = opRelation('BINARY_ADD', 'BINARY_OP', '3.10', '3.14');
  assert.ok(add);
  assert.deepEqual(add.impliedArg, { side: 'newer', value: '+' });
  assert.match(add.note, /^BINARY_ADD → BINARY_OP \(\+\) in 3\.11: /);
  assert.deepEqual(opRelation('INPLACE_ADD', 'BINARY_OP', '3.10', '3.11')?.impliedArg, { side: 'newer', value: '+=' });
  assert.deepEqual(opRelation('BINARY_SUBSCR', 'BINARY_OP', '3.13', '3.14')?.impliedArg, { side: 'newer', value: '[]' });
  // CALL_FUNCTION → PRECALL + CALL (3.11) → CALL (3.12): either way it is CALL.
  assert.ok(opRelation('CALL_FUNCTION', 'CALL', '3.10', '3.12'));
  assert.ok(opRelation('CALL_FUNCTION', 'PRECALL', '3.10', '3.11'));
  assert.ok(opRelation('LOAD_METHOD', 'LOAD_ATTR', '3.11', '3.12'));
  // A chain: CALL_FUNCTION_KW → KW_NAMES + PRECALL + CALL (3.11); KW_NAMES → CALL_KW (3.13).
  assert.match(opRelation('CALL_FUNCTION_KW', 'CALL_KW', '3.10', '3.13')?.note ?? '', /CALL_FUNCTION_KW → .* Then KW_NAMES → CALL_KW in 3\.13/);
  // One link either way, whatever its version: RETURN_CONST (3.12) and the LOAD_CONST + RETURN_VALUE of 3.10.
  assert.ok(opRelation('RETURN_VALUE', 'RETURN_CONST', '3.10', '3.12'));
  // Forms of one instruction.
  assert.ok(opRelation('LOAD_FAST', 'LOAD_FAST_BORROW', '3.13', '3.14'));
  assert.ok(opRelation('LOAD_CONST', 'LOAD_SMALL_INT', '3.10', '3.14'));
  // Unrelated.
  assert.equal(opRelation('LOAD_FAST', 'STORE_FAST', '3.10', '3.14'), null);
  assert.equal(opRelation('BINARY_ADD', 'CALL', '3.10', '3.14'), null);
  assert.equal(opRelation('LOAD_FAST', 'LOAD_FAST', '3.10', '3.14'), null, 'the same opname is no relation');
});

test('arguments are compared without what differs by layout alone', () => {
  const arg = (opname: string, argrepr: string, a: number | null = 0) => comparableArg({ opname, argrepr, arg: a });
  assert.equal(arg('JUMP_BACKWARD', 'to 58'), '');
  assert.equal(arg('FOR_ITER', 'to L3'), '');
  assert.equal(arg('LOAD_GLOBAL', 'NULL + len'), 'len');
  assert.equal(arg('LOAD_GLOBAL', 'len + NULL'), 'len');
  assert.equal(arg('LOAD_ATTR', 'NULL|self + append'), 'append');
  assert.equal(arg('LOAD_ATTR', 'append + NULL|self'), 'append');
  assert.equal(arg('COMPARE_OP', 'bool(<)'), '<');
  assert.equal(arg('LOAD_SMALL_INT', '', 3), '3');
  assert.equal(arg('LOAD_CONST', '<code object f at 0x10000040, file "x.py", line 2>'), '<code object f, file "x.py", line 2>');
  assert.equal(arg('LOAD_CONST', "'to 3'"), "'to 3'", 'a string constant is no jump');
});

test('3.10 against 3.14: BINARY_ADD beside BINARY_OP (+), RESUME alone, a superinstruction beside its first half', () => {
  const a = seq(F['3.10']!);
  const b = seq(F['3.14']!);
  const rows = alignInstructions(a, b, '3.10', '3.14');
  assertComplete(rows, a.length, b.length);
  assert.deepEqual(show(rows, a, b), [
    '- | b-only | RESUME',
    'LOAD_FAST a | renamed | LOAD_FAST_BORROW_LOAD_FAST_BORROW a, b',
    'LOAD_FAST b | a-only | -',
    'BINARY_ADD | renamed | BINARY_OP +',
    'RETURN_VALUE | same | RETURN_VALUE',
  ]);
  assert.match(rows[2]!.note ?? '', /Done by LOAD_FAST_BORROW_LOAD_FAST_BORROW \(a, b\)/);
  assert.match(rows[3]!.note ?? '', /BINARY_ADD → BINARY_OP \(\+\) in 3\.11/);
  // The other way round: the same rows, sides swapped.
  const back = alignInstructions(b, a, '3.14', '3.10');
  assertComplete(back, b.length, a.length);
  assert.deepEqual(back.map((r) => [r.kind.replace('a-only', 'x').replace('b-only', 'a-only').replace('x', 'b-only'), r.b, r.a]),
    rows.map((r) => [r.kind, r.a, r.b]));
});

test('3.10 → 3.11 → 3.12 → 3.14: method calls and calls line up across every step', () => {
  const expect: Record<string, string[]> = {
    '3.10/3.11': [
      '- | b-only | RESUME', 'LOAD_FAST xs | same | LOAD_FAST xs', 'LOAD_METHOD append | same | LOAD_METHOD append', 'LOAD_FAST d | same | LOAD_FAST d',
      'LOAD_FAST k | same | LOAD_FAST k', 'BINARY_SUBSCR | same | BINARY_SUBSCR', 'LOAD_CONST 3 | same | LOAD_CONST 3', 'COMPARE_OP < | same | COMPARE_OP <',
      '- | b-only | PRECALL', 'CALL_METHOD | renamed | CALL', 'POP_TOP | same | POP_TOP', 'LOAD_CONST 1 | same | LOAD_CONST 1', 'RETURN_VALUE | same | RETURN_VALUE',
    ],
    '3.11/3.12': [
      'RESUME | same | RESUME', 'LOAD_FAST xs | same | LOAD_FAST xs', 'LOAD_METHOD append | renamed | LOAD_ATTR NULL|self + append', 'LOAD_FAST d | same | LOAD_FAST d',
      'LOAD_FAST k | same | LOAD_FAST k', 'BINARY_SUBSCR | same | BINARY_SUBSCR', 'LOAD_CONST 3 | same | LOAD_CONST 3', 'COMPARE_OP < | same | COMPARE_OP <',
      'PRECALL | a-only | -', 'CALL | same | CALL', 'POP_TOP | same | POP_TOP', 'LOAD_CONST 1 | renamed | RETURN_CONST 1', 'RETURN_VALUE | a-only | -',
    ],
    '3.12/3.14': [
      'RESUME | same | RESUME', 'LOAD_FAST xs | renamed | LOAD_FAST_BORROW xs', 'LOAD_ATTR NULL|self + append | same | LOAD_ATTR append + NULL|self',
      'LOAD_FAST d | renamed | LOAD_FAST_BORROW_LOAD_FAST_BORROW d, k', 'LOAD_FAST k | a-only | -', 'BINARY_SUBSCR | renamed | BINARY_OP []',
      'LOAD_CONST 3 | renamed | LOAD_SMALL_INT', 'COMPARE_OP < | same | COMPARE_OP <', 'CALL | same | CALL', 'POP_TOP | same | POP_TOP',
      'RETURN_CONST 1 | renamed | LOAD_SMALL_INT', '- | b-only | RETURN_VALUE',
    ],
    '3.10/3.14': [
      '- | b-only | RESUME', 'LOAD_FAST xs | renamed | LOAD_FAST_BORROW xs', 'LOAD_METHOD append | renamed | LOAD_ATTR append + NULL|self',
      'LOAD_FAST d | renamed | LOAD_FAST_BORROW_LOAD_FAST_BORROW d, k', 'LOAD_FAST k | a-only | -', 'BINARY_SUBSCR | renamed | BINARY_OP []',
      'LOAD_CONST 3 | renamed | LOAD_SMALL_INT', 'COMPARE_OP < | same | COMPARE_OP <', 'CALL_METHOD | renamed | CALL', 'POP_TOP | same | POP_TOP',
      'LOAD_CONST 1 | renamed | LOAD_SMALL_INT', 'RETURN_VALUE | same | RETURN_VALUE',
    ],
  };
  for (const [pair, want] of Object.entries(expect)) {
    const [va, vb] = pair.split('/') as [string, string];
    const a = seq(G[va]!);
    const b = seq(G[vb]!);
    const rows = alignInstructions(a, b, va, vb);
    assertComplete(rows, a.length, b.length);
    assert.deepEqual(show(rows, a, b), want, pair);
  }
  const rows = alignInstructions(seq(F['3.10']!), seq(F['3.11']!), '3.10', '3.11');
  const s = summarizeAlignment(rows, seq(F['3.10']!), seq(F['3.11']!));
  assert.deepEqual(s, { a: 4, b: 5, same: 3, renamed: 1, changed: 0, aOnly: 0, bOnly: 1, opnamesOnlyA: ['BINARY_ADD'], opnamesOnlyB: ['BINARY_OP', 'RESUME'] });
});

test('the same version aligns every instruction with itself; an empty side is all one-sided', () => {
  const a = seq(G['3.12']!);
  const rows = alignInstructions(a, a, '3.12', '3.12');
  assert.deepEqual(rows, a.map((_, i) => ({ kind: 'same', a: i, b: i })));
  assert.deepEqual(alignInstructions([], a, '3.10', '3.12').map((r) => r.kind), a.map(() => 'b-only'));
  assert.deepEqual(alignInstructions(a, [], '3.12', '3.10').map((r) => r.kind), a.map(() => 'a-only'));
});

/** A long function: `blocks` copies of g's body on successive lines, in the instructions of `version`. */
function longBody(version: string, blocks: number): AlignInstruction[] {
  const body = G[version]!.filter(([op]) => op !== 'RESUME');
  const out: AlignInstruction[] = [];
  for (let k = 0; k < blocks; k++) out.push(...seq(body).map((i) => ({ ...i, line: (i.line ?? 0) + 2 * k })));
  return out;
}

test('large code objects are cut at source lines before the table; the result equals the one-table alignment', () => {
  const a = longBody('3.10', 60);
  const b = longBody('3.14', 60);
  const whole = alignInstructions(a, b, '3.10', '3.14', { maxCells: 10_000_000 });
  const cut = alignInstructions(a, b, '3.10', '3.14', { maxCells: 500 });
  assertComplete(cut, a.length, b.length);
  assert.deepEqual(cut.map((r) => [r.kind, r.a, r.b]), whole.map((r) => [r.kind, r.a, r.b]));
  // Paired rows are on the same line.
  for (const r of cut) if (r.a !== null && r.b !== null) assert.equal(a[r.a]!.line, b[r.b]!.line);
  // A piece larger than the limit with no line to cut at is shown unpaired, never wrong.
  const flat = (x: AlignInstruction[]) => x.map((i) => ({ ...i, line: 1 }));
  const unpaired = alignInstructions(flat(a), flat(b), '3.10', '3.14', { maxCells: 500 });
  assertComplete(unpaired, a.length, b.length);
});

test('random sequences: every instruction once, in order, and pairs only of related opnames', () => {
  const ops: Row[] = [['LOAD_FAST', 'x', 0, 1], ['LOAD_FAST', 'y', 1, 1], ['STORE_FAST', 'x', 0, 2], ['BINARY_ADD', '', null, 2], ['BINARY_OP', '+', 0, 2],
    ['CALL_FUNCTION', '', 1, 3], ['CALL', '', 1, 3], ['PRECALL', '', 1, 3], ['POP_TOP', '', null, 3], ['RETURN_VALUE', '', null, 4], ['NOP', '', null, 4]];
  let seed = 7;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  for (let t = 0; t < 200; t++) {
    const a = seq(Array.from({ length: rnd(30) }, () => ops[rnd(ops.length)]!));
    const b = seq(Array.from({ length: rnd(30) }, () => ops[rnd(ops.length)]!));
    const rows = alignInstructions(a, b, '3.10', '3.12', { maxCells: t % 2 ? 40 : 2_000_000 });
    assertComplete(rows, a.length, b.length);
    for (const r of rows) {
      if (r.a === null || r.b === null) continue;
      const x = a[r.a]!.opname;
      const y = b[r.b]!.opname;
      assert.ok(x === y || opRelation(x, y, '3.10', '3.12'), `${x} paired with ${y}`);
    }
  }
});

/** A code object for the pairing tests. */
function code(co_name: string, co_qualname: string | null, parent: number | null, co_firstlineno: number, co_flags: number, rows: readonly Row[]): AlignCode {
  return { co_name, co_qualname, parent, co_firstlineno, co_flags, instructions: seq(rows) };
}

test('code objects pair by qualified name (derived in 3.10) and first line; inlined comprehensions are explained', () => {
  const FN = 0x43; // CO_OPTIMIZED | CO_NEWLOCALS | CO_NOFREE
  const ret: Row[] = [['RETURN_VALUE', '', null, 1]];
  // class C: def m(self): return [x for x in self] ; lambda: 0 ; lambda: 1 (two lambdas, lines 6 and 7)
  const a = {
    python_version: '3.10',
    code_objects: [
      code('<module>', null, null, 1, 0x40, ret),
      code('C', null, 0, 2, 0x40, ret),
      code('m', null, 1, 3, FN, ret),
      code('<listcomp>', null, 2, 4, FN, ret),
      code('<lambda>', null, 0, 6, FN, ret),
      code('<lambda>', null, 0, 7, FN, ret),
    ],
  };
  assert.deepEqual(qualnames(a), ['<module>', 'C', 'C.m', 'C.m.<locals>.<listcomp>', '<lambda>', '<lambda>']);
  const b = {
    python_version: '3.12',
    code_objects: [
      code('<module>', '<module>', null, 1, 0, ret),
      code('C', 'C', 0, 2, 0, ret),
      code('m', 'C.m', 1, 3, 3, ret),
      code('<genexpr>', 'C.m.<locals>.<genexpr>', 2, 5, 3, ret),
      code('<lambda>', '<lambda>', 0, 7, 3, ret),
      code('<lambda>', '<lambda>', 0, 6, 3, ret),
    ],
  };
  const r = alignModels(a, b);
  assert.deepEqual(r.objects.map((o) => [o.qualname, o.aIndex, o.bIndex]), [
    ['<module>', 0, 0], ['C', 1, 1], ['C.m', 2, 2], ['C.m.<locals>.<listcomp>', 3, null], ['C.m.<locals>.<genexpr>', null, 3],
    ['<lambda>', 4, 5], ['<lambda>', 5, 4],
  ]);
  assert.match(r.objects[3]!.note ?? '', /CPython 3\.12 inlines list, dict and set comprehensions .*PEP 709/);
  assert.equal(r.objects[4]!.note, undefined, 'a generator expression is not inlined');
  assert.deepEqual(r.objects[3]!.rows, [{ kind: 'a-only', a: 0, b: null }]);
  assert.equal(r.totals.a, 6);
  assert.equal(r.totals.b, 6);
  assert.equal(r.totals.same, 5);
  assert.equal(r.totals.aOnly + r.totals.bOnly, 2);
});
