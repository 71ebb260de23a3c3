/**
 * Aligning two compilations of one source (src/analysis/align.ts): how opnames relate across versions (from the
 * reference's replacement links), what of an argument is compared, the alignment of instruction sequences (every
 * instruction once, in order; replacements on one row) and the pairing of code objects. The instructions are those
 * CPython 3.10 … 3.15 compiled from one source (test/fixtures/compiled/fg.py, nested.py), decoded by the core;
 * the browser test aligns live compiler output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  alignInstructions, alignModules, alignPycs, comparableArg, opRelation, summarizeAlignment,
  type AlignInstruction, type AlignedRow, type ModuleAlignment,
} from '../src/analysis/align.js';
import { decodeModule, type DecodedModule, type ModuleCode } from '../src/analysis/decoded-module.js';
import type { ArgValue } from '../src/bytecode/arguments.js';
import type { CodeObject } from '../src/pyc/code-object.js';
import { readPyc, type PycFile } from '../src/pyc/read-pyc.js';
import { getVersion, type VersionInfo } from '../src/version/registry.js';
import { PYTHON_VERSIONS } from '../src/version/supported.js';
import { corporaDir } from '../testkit/corpora.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/compiled/', import.meta.url));
/** `name.py` as compiled by CPython `version`. */
const pyc = (name: string, version: string): PycFile => readPyc(new Uint8Array(readFileSync(`${fixtures}${name}.${version}.pyc`)));
const ver = (version: string): VersionInfo => getVersion(version)!;
/** The instructions of the code object `qualname` of `name.py` compiled by `version`. */
function code(name: string, version: string, qualname: string): readonly AlignInstruction[] {
  const co = decodeModule(pyc(name, version)).codeObjects.find((c) => c.qualname === qualname);
  assert.ok(co, `${qualname} in ${name}.${version}`);
  return co.decoded.instructions;
}

// def f(a, b):
//     return a + b
// def g(d, k, xs):
//     xs.append(d[k] < 3)
//     return 1
const F = (version: string) => code('fg', version, 'f');
const G = (version: string) => code('fg', version, 'g');

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

/** An instruction of `version` made by hand (for what no fixture has). */
function ins(version: string, opname: string, argval: ArgValue, argrepr = '', arg: number | null = 0, line: number | null = 1): AlignInstruction {
  const op = ver(version).table.op(opname);
  assert.ok(op >= 0, `${opname} in ${version}`);
  return { opname, baseOpcode: op, arg, argval, argrepr, line };
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

test('arguments are compared by their typed values, without what differs by layout alone', () => {
  const cmp = (version: string, x: AlignInstruction) => comparableArg(x, ver(version));
  const name = (value: string): ArgValue => ({ kind: 'name', value });
  assert.equal(cmp('3.12', ins('3.12', 'JUMP_BACKWARD', { kind: 'offset', value: 58 }, 'to 58')), '');
  assert.equal(cmp('3.14', ins('3.14', 'FOR_ITER', { kind: 'offset', value: 80 }, 'to L3')), '');
  assert.equal(cmp('3.14', ins('3.14', 'END_ASYNC_FOR', { kind: 'offset', value: 20 }, 'from L1')), '', 'a target the other way is layout too');
  assert.equal(cmp('3.12', ins('3.12', 'LOAD_GLOBAL', name('len'), 'NULL + len', 1)), 'len');
  assert.equal(cmp('3.14', ins('3.14', 'LOAD_GLOBAL', name('len'), 'len + NULL', 1)), 'len');
  assert.equal(cmp('3.12', ins('3.12', 'LOAD_ATTR', name('append'), 'NULL|self + append', 1)), 'append');
  assert.equal(cmp('3.14', ins('3.14', 'LOAD_ATTR', name('append'), 'append + NULL|self', 1)), 'append');
  assert.equal(cmp('3.13', ins('3.13', 'LOAD_FAST_LOAD_FAST', { kind: 'names', value: ['d', 'k'] }, 'd, k', 1)), 'd, k');
  assert.equal(cmp('3.13', ins('3.13', 'COMPARE_OP', { kind: 'compare', value: '<' }, 'bool(<)', 18)), '<');
  assert.equal(cmp('3.14', ins('3.14', 'LOAD_SMALL_INT', { kind: 'int', value: 3 }, '', 3)), '3');
  assert.equal(cmp('3.14', ins('3.14', 'BINARY_OP', { kind: 'int', value: 26 }, '[]', 26)), '[]', 'an operator by its text');
  assert.equal(cmp('3.15', ins('3.15', 'IMPORT_NAME', name('os'), 'os + lazy', 1)), 'os + lazy', 'a lazy import is not an import');
  assert.equal(cmp('3.15', ins('3.15', 'IMPORT_NAME', name('os'), 'os', 0)), 'os');
  // Constants: by value; a code object by name, file and first line, not by address.
  const str = (value: string): ArgValue => ({ kind: 'const', value: { type: 'str', value } });
  assert.equal(cmp('3.10', ins('3.10', 'LOAD_CONST', str('to 3'), "'to 3'")), "'to 3'", 'a string constant is no jump');
  assert.equal(cmp('3.10', ins('3.10', 'LOAD_CONST', str('at 0x1f'), "'at 0x1f'")), "'at 0x1f'");
  const [f, g] = decodeModule(pyc('fg', '3.10')).codeObjects.slice(1).map((c) => c.code);
  const codeConst = (c: CodeObject, id: number): AlignInstruction =>
    ins('3.10', 'LOAD_CONST', { kind: 'const', value: { type: 'code', code: { ...c, id } } }, `<code object ${c.name} at 0x${id.toString(16)}>`);
  assert.equal(cmp('3.10', codeConst(f!, 1)), cmp('3.10', codeConst(f!, 2)), 'the same code object at another address');
  assert.notEqual(cmp('3.10', codeConst(f!, 1)), cmp('3.10', codeConst(g!, 1)));
  assert.match(cmp('3.10', codeConst(f!, 1)), /^<code object f, file "fg\.py", line 1>$/);
});

test('3.10 against 3.14: BINARY_ADD beside BINARY_OP (+), RESUME alone, a superinstruction beside its first half', () => {
  const a = F('3.10');
  const b = F('3.14');
  const rows = alignInstructions(a, b, ver('3.10'), ver('3.14'));
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
  const back = alignInstructions(b, a, ver('3.14'), ver('3.10'));
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
    const a = G(va);
    const b = G(vb);
    const rows = alignInstructions(a, b, ver(va), ver(vb));
    assertComplete(rows, a.length, b.length);
    assert.deepEqual(show(rows, a, b), want, pair);
  }
  const rows = alignInstructions(F('3.10'), F('3.11'), ver('3.10'), ver('3.11'));
  const s = summarizeAlignment(rows, F('3.10'), F('3.11'));
  assert.deepEqual(s, { a: 4, b: 5, same: 3, renamed: 1, changed: 0, aOnly: 0, bOnly: 1, opnamesOnlyA: ['BINARY_ADD'], opnamesOnlyB: ['BINARY_OP', 'RESUME'] });
});

test('the same version aligns every instruction with itself; an empty side is all one-sided', () => {
  for (const v of PYTHON_VERSIONS) {
    const a = G(v);
    assert.ok(a.length > 0, v);
    const rows = alignInstructions(a, a, ver(v), ver(v));
    assert.deepEqual(rows, a.map((_, i) => ({ kind: 'same', a: i, b: i })), v);
  }
  const a = G('3.12');
  assert.deepEqual(alignInstructions([], a, ver('3.10'), ver('3.12')).map((r) => r.kind), a.map(() => 'b-only'));
  assert.deepEqual(alignInstructions(a, [], ver('3.12'), ver('3.10')).map((r) => r.kind), a.map(() => 'a-only'));
});

/** A long function: `blocks` copies of g's body on successive lines, in the instructions of `version`. */
function longBody(version: string, blocks: number): AlignInstruction[] {
  const body = G(version).filter((i) => i.opname !== 'RESUME');
  const out: AlignInstruction[] = [];
  for (let k = 0; k < blocks; k++) out.push(...body.map((i) => ({ ...i, line: (i.line ?? 0) + 2 * k })));
  return out;
}

test('large code objects are cut at source lines before the table; the result equals the one-table alignment', () => {
  const a = longBody('3.10', 60);
  const b = longBody('3.14', 60);
  const whole = alignInstructions(a, b, ver('3.10'), ver('3.14'), { maxCells: 10_000_000 });
  const cut = alignInstructions(a, b, ver('3.10'), ver('3.14'), { maxCells: 500 });
  assertComplete(cut, a.length, b.length);
  assert.deepEqual(cut.map((r) => [r.kind, r.a, r.b]), whole.map((r) => [r.kind, r.a, r.b]));
  // Paired rows are on the same line.
  for (const r of cut) if (r.a !== null && r.b !== null) assert.equal(a[r.a]!.line, b[r.b]!.line);
  // A piece larger than the limit with no line to cut at is shown unpaired, never wrong.
  const flat = (x: AlignInstruction[]) => x.map((i) => ({ ...i, line: 1 }));
  const unpaired = alignInstructions(flat(a), flat(b), ver('3.10'), ver('3.14'), { maxCells: 500 });
  assertComplete(unpaired, a.length, b.length);
});

test('random sequences: every instruction once, in order, and pairs only of related opnames', () => {
  const pool = (v: string): AlignInstruction[] => {
    const t = ver(v).table;
    const none: ArgValue = { kind: 'none' };
    const all: [string, ArgValue, string, number | null, number][] = [
      ['LOAD_FAST', { kind: 'name', value: 'x' }, 'x', 0, 1], ['LOAD_FAST', { kind: 'name', value: 'y' }, 'y', 1, 1],
      ['STORE_FAST', { kind: 'name', value: 'x' }, 'x', 0, 2], ['BINARY_ADD', none, '', null, 2], ['BINARY_OP', { kind: 'int', value: 0 }, '+', 0, 2],
      ['CALL_FUNCTION', { kind: 'int', value: 1 }, '', 1, 3], ['CALL', { kind: 'int', value: 1 }, '', 1, 3],
      ['PRECALL', { kind: 'int', value: 1 }, '', 1, 3], ['POP_TOP', none, '', null, 3], ['RETURN_VALUE', none, '', null, 4], ['NOP', none, '', null, 4],
    ];
    return all.filter(([op]) => t.op(op) >= 0).map(([op, val, repr, arg, line]) => ins(v, op, val, repr, arg, line));
  };
  const [opsA, opsB] = [pool('3.10'), pool('3.12')];
  let seed = 7;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  for (let t = 0; t < 200; t++) {
    const a = Array.from({ length: rnd(30) }, () => opsA[rnd(opsA.length)]!);
    const b = Array.from({ length: rnd(30) }, () => opsB[rnd(opsB.length)]!);
    const rows = alignInstructions(a, b, ver('3.10'), ver('3.12'), { maxCells: t % 2 ? 40 : 2_000_000 });
    assertComplete(rows, a.length, b.length);
    for (const r of rows) {
      if (r.a === null || r.b === null) continue;
      const x = a[r.a]!.opname;
      const y = b[r.b]!.opname;
      assert.ok(x === y || opRelation(x, y, '3.10', '3.12'), `${x} paired with ${y}`);
    }
  }
});

/** The module with code objects `order` (indices into its list) in that order, as if compiled so. */
function reordered(m: DecodedModule, order: readonly number[]): DecodedModule {
  return { version: m.version, codeObjects: order.map((i, index): ModuleCode => ({ ...m.codeObjects[i]!, index })) };
}

test('code objects pair by qualified name (derived in 3.10) and first line; inlined comprehensions are explained', () => {
  const a = decodeModule(pyc('nested', '3.10'));
  const b0 = decodeModule(pyc('nested', '3.12'));
  // The two module-level lambdas (lines 5 and 6) listed the other way round in B: they pair by first line.
  const l5 = b0.codeObjects.findIndex((c) => c.qualname === '<lambda>' && c.code.firstlineno === 5);
  const order = b0.codeObjects.map((_, i) => i);
  [order[l5], order[l5 + 1]] = [order[l5 + 1]!, order[l5]!];
  const b = reordered(b0, order);
  const r = alignModules(a, b);
  const at = (q: string, line?: number) => r.objects.find((o) => o.qualname === q && (line === undefined || o.firstLine === line))!;
  assert.deepEqual([at('<lambda>', 5).aIndex, at('<lambda>', 5).bIndex], [a.codeObjects.findIndex((c) => c.qualname === '<lambda>' && c.code.firstlineno === 5), l5 + 1]);
  assert.deepEqual([at('<lambda>', 6).bIndex], [l5]);
  assert.equal(at('C.m').a?.qualname, 'C.m');
  assert.equal(at('C.m').b?.qualname, 'C.m');
  const comp = at('C.m.<locals>.<listcomp>');
  assert.equal(comp.b, null);
  assert.match(comp.note ?? '', /CPython 3\.12 inlines list, dict and set comprehensions .*PEP 709/);
  assert.ok(comp.rows.every((row) => row.kind === 'a-only'));
  assert.equal(at('outer.<locals>.<genexpr>').note, undefined, 'a generator expression is not inlined');
  assert.ok(at('outer.<locals>.<genexpr>').a && at('outer.<locals>.<genexpr>').b);
  // 3.10 has no co_qualname: derived, the names pair with 3.12's.
  for (const q of ['outer.<locals>.K.__priv.<locals>.__deep', 'gf', 'nl.<locals>.w.<locals>.h', 'outer.<locals>.<genexpr>.<genexpr>']) {
    assert.ok(at(q).a && at(q).b, q);
  }
  // Code objects only in B come after what precedes them in B.
  const onlyB = r.objects.findIndex((o) => o.qualname === 'outer.<locals>.inner.<locals>.<lambda>');
  assert.equal(r.objects[onlyB - 1]!.qualname, 'outer.<locals>.inner.<locals>.<listcomp>.<lambda>');
  assert.equal(r.totals.a, a.codeObjects.reduce((n, c) => n + c.decoded.instructions.length, 0));
  assert.equal(r.totals.b, b.codeObjects.reduce((n, c) => n + c.decoded.instructions.length, 0));
  assert.equal(r.totals.same + r.totals.renamed + r.totals.changed + r.totals.aOnly, r.totals.a);
});

/** The alignment without the code objects it carries, to compare two alignments. */
function plain(al: ModuleAlignment): unknown {
  return { ...al, objects: al.objects.map((o) => ({ ...o, a: o.a?.index ?? null, b: o.b?.index ?? null })) };
}

/** `m` with every instruction changed by `f` (a decoy that the alignment must not read). */
function decoy(m: DecodedModule, f: (i: AlignInstruction) => object): DecodedModule {
  return {
    version: m.version,
    codeObjects: m.codeObjects.map((c) => ({ ...c, decoded: { ...c.decoded, instructions: c.decoded.instructions.map((i) => ({ ...i, ...f(i) })) } })),
  };
}

test('the alignment reads typed fields: display texts, dis line numbers and specialized names change nothing', () => {
  const typedArg = new Set(['offset', 'name', 'names', 'compare']);
  for (const va of PYTHON_VERSIONS) for (const vb of PYTHON_VERSIONS) {
    for (const name of ['fg', 'nested']) {
      const a = decodeModule(pyc(name, va));
      const b = decodeModule(pyc(name, vb));
      const want = alignModules(a, b);
      assert.deepEqual(plain(alignPycs(pyc(name, va), pyc(name, vb))), plain(want));
      // argrepr of arguments that have a typed value, and dis's carried-over line numbers.
      const texts = (i: AlignInstruction) => ({
        argrepr: typedArg.has(i.argval.kind) || (i.argval.kind === 'const' && i.argval.value.type === 'code') ? 'DECOY' : i.argrepr,
        lineNumber: -1,
      });
      assert.deepEqual(plain(alignModules(decoy(a, texts), decoy(b, texts))), plain(want), `${name} ${va}/${vb}: texts`);
      // The opname as shown (a specialized form in adaptive code): only the summary's opname lists may read it.
      const shown = () => ({ opname: 'DECOY_SPECIALIZED' });
      const rows = alignModules(decoy(a, shown), decoy(b, shown)).objects.map((o) => o.rows);
      assert.deepEqual(rows, want.objects.map((o) => o.rows), `${name} ${va}/${vb}: opnames`);
    }
  }
});

test('2.7 and 3.0-3.9 align too: with themselves, and 2.7 against 3.x (the reference orders 2.7 before 3.0)', { skip: !existsSync(corporaDir()) && `no corpora at ${corporaDir()}` }, () => {
  // Once the alignment numbered versions by their 3.x minor: a 2.7 file threw a plain Error ("not a 3.x version").
  const file = (name: string, version: string) => readPyc(new Uint8Array(readFileSync(path.join(corporaDir(), 'pycdc', `${name}.${version}.pyc`))));
  for (const name of ['if_elif_else', 'unpack_assign']) {
    const old = file(name, '2.7');
    const same = alignPycs(old, old);
    assert.equal(same.totals.same, same.totals.a, `${name} 2.7 with itself`);
    for (const other of ['3.0', '3.7']) {
      const b = file(name, other);
      for (const [x, y] of [[old, b], [b, old]] as const) {
        const r = alignPycs(x, y);
        assert.equal(r.totals.a, decodeModule(x).codeObjects.reduce((n, c) => n + c.decoded.instructions.length, 0));
        assert.equal(r.totals.same + r.totals.renamed + r.totals.changed + r.totals.aOnly, r.totals.a, `${name} ${x.version} / ${y.version}`);
        assert.equal(r.totals.same + r.totals.renamed + r.totals.changed + r.totals.bOnly, r.totals.b, `${name} ${x.version} / ${y.version}`);
        assert.ok(r.totals.same > 0, `${name} ${x.version} / ${y.version}: something in common`);
      }
    }
  }
});
