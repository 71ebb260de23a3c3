/**
 * The listing switches of 2.7 and 3.0–3.9 on code objects built by hand, where the golden data (compilers' output)
 * never goes: each expected text follows that version's `Lib/dis.py` (quoted at each case) and, for 3.0–3.5, which
 * have no interpreter here, is the only pin of its layout. The native oracles cover everything a compiler writes
 * (packages/python/test/golden-native.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { disassembleToText } from '../src/text/dis-text.js';
import { decodeCode } from '../src/bytecode/decode.js';
import { PY_NONE, type PyObject } from '../src/pyc/objects.js';
import { makeCode, versionInfo, type CodeSpec, type Op } from '../testkit/index.js';

const text = (version: string, spec: CodeSpec) => disassembleToText(makeCode(version, spec), versionInfo(version));
const lnotab = (...bytes: number[]) => Uint8Array.from(bytes);

/** LOAD_NAME f; LOAD_CONST None; CALL_FUNCTION 1 positional + 2 keyword; POP_TOP; JUMP_ABSOLUTE 0. */
const CALL: Op[] = [['LOAD_NAME', 0], ['LOAD_CONST', 0], ['CALL_FUNCTION', 0x201], ['POP_TOP'], ['JUMP_ABSOLUTE', 0]];

describe('2.7 and 3.0-3.3: disassemble() prints field by field', () => {
  it('3.0-3.3 end every field with a space (print(x, end=" ")), and print (text) for every argument set', () => {
    // 3.3: `print(repr(oparg).rjust(5), end=' ')`, then `print('(' + … + ')', end=' ')` for hasconst … hasnargs.
    assert.equal(text('3.3', { ops: CALL, names: ['f'] }), [
      '  1     >>    0 LOAD_NAME                0 (f) ',
      '              3 LOAD_CONST               0 (None) ',
      '              6 CALL_FUNCTION          513 (1 positional, 2 keyword pair) ',
      '              9 POP_TOP              ',
      '             10 JUMP_ABSOLUTE            0 ',
      '',
    ].join('\n'));
    // 3.0-3.2 have no hasnargs.
    assert.match(text('3.2', { ops: CALL, names: ['f'] }), /\n {14}6 CALL_FUNCTION {10}513 \n/);
  });

  it('2.7 joins the fields with print x, (no space after the last one)', () => {
    assert.equal(text('2.7', { ops: CALL, names: ['f'] }), [
      '  1     >>    0 LOAD_NAME                0 (f)',
      '              3 LOAD_CONST               0 (None)',
      '              6 CALL_FUNCTION          513',
      '              9 POP_TOP             ',
      '             10 JUMP_ABSOLUTE            0',
      '',
    ].join('\n'));
  });

  it('2.7: an argument after EXTENDED_ARG is a long (oparg*65536L), printed with L, and so is a relative target', () => {
    const consts: PyObject[] = new Array<PyObject>(65537).fill(PY_NONE);
    const out = text('2.7', { ops: [['LOAD_CONST', 65536], ['JUMP_FORWARD', 65536], ['POP_TOP']], consts }).split('\n');
    assert.deepEqual(out.slice(0, 4), [
      '  1           0 EXTENDED_ARG             1',
      '              3 LOAD_CONST           65536L (None)',
      '              6 EXTENDED_ARG             1',
      '              9 JUMP_FORWARD         65536L (to 65548L)',
    ]);
  });

  it('2.7 reprs: unicode u\'\', str without prefix, long L, frozenset([...])', () => {
    const consts: PyObject[] = [
      { type: 'str', value: 'é\u1234\u{1f600}' }, { type: 'bytes', value: Uint8Array.from([0x61, 0, 0xff, 0x27]) },
      { type: 'int', value: 5n, long: true }, { type: 'frozenset', items: [{ type: 'int', value: 1n }] },
      { type: 'float', value: 0.1 },
    ];
    const ops: Op[] = consts.map((_, i) => ['LOAD_CONST', i] as const);
    const argreprs = decodeCode(makeCode('2.7', { ops, consts }), versionInfo('2.7')).instructions.map((i) => i.argrepr);
    assert.deepEqual(argreprs, ["u'\\xe9\\u1234\\U0001f600'", `"a\\x00\\xff'"`, '5L', 'frozenset([1])', '0.1']);
  });

  it('3.0 floats and complex numbers have 17 significant digits (%.17g); 3.1 the shortest repr', () => {
    const consts: PyObject[] = [{ type: 'float', value: 0.1 }, { type: 'float', value: 1e22 }, { type: 'float', value: 2 },
      { type: 'complex', real: 0, imag: 0.1 }, { type: 'complex', real: 1.5, imag: -2 }];
    const ops: Op[] = consts.map((_, i) => ['LOAD_CONST', i] as const);
    const reprs = (v: string) => decodeCode(makeCode(v, { ops, consts }), versionInfo(v)).instructions.map((i) => i.argrepr);
    assert.deepEqual(reprs('3.0'), ['0.10000000000000001', '1e+22', '2.0', '0.10000000000000001j', '(1.5-2j)']);
    assert.deepEqual(reprs('3.1'), ['0.1', '1e+22', '2.0', '0.1j', '(1.5-2j)']);
  });

  it('3.0-3.4: findlabels reads a jump\'s own 16 bits, without EXTENDED_ARG; 3.5 applies it', () => {
    // EXTENDED_ARG 1 at 0, JUMP_ABSOLUTE 3 at 3: the jump goes to 65539, but 3.4's findlabels marks 3.
    const ops: Op[] = [['JUMP_ABSOLUTE', 0x10003], ['POP_TOP']];
    assert.match(text('3.4', { ops }), /\n {8}>> {4}3 JUMP_ABSOLUTE {8}65539\n/);
    assert.match(text('3.5', { ops }), /\n {14}3 JUMP_ABSOLUTE {8}65539\n/);
  });
});

describe('3.4-3.9: Instruction._disassemble', () => {
  it('3.4 strips the line and shows no target for an absolute jump; hasnargs from the two argument bytes', () => {
    assert.equal(text('3.4', { ops: CALL, names: ['f'] }), [
      '  1     >>    0 LOAD_NAME                0 (f)',
      '              3 LOAD_CONST               0 (None)',
      '              6 CALL_FUNCTION          513 (1 positional, 2 keyword pair)',
      '              9 POP_TOP',
      '             10 JUMP_ABSOLUTE            0',
      '',
    ].join('\n'));
    // `code[i-2], code[i-1]` (3.4) against `arg%256, arg//256` (3.5) with EXTENDED_ARG 1 before the call.
    const ext: Op[] = [['CALL_FUNCTION', 0x10201]];
    assert.match(text('3.4', { ops: ext }), /CALL_FUNCTION {8}66049 \(1 positional, 2 keyword pair\)/);
    assert.match(text('3.5', { ops: ext }), /CALL_FUNCTION {8}66049 \(1 positional, 258 keyword pair\)/);
  });

  it('3.6 keeps the line-number column 3 wide; 3.7 widens it for line 1000', () => {
    // "%3d" % 1000 is 4 wide anyway; the blank column of the next instruction shows the width.
    const spec: CodeSpec = { firstlineno: 1000 };
    assert.match(text('3.6', spec), /^1000 {11}0 LOAD_CONST {15}0 \(None\)\n {14}2 RETURN_VALUE\n$/);
    assert.match(text('3.7', spec), /^1000 {11}0 LOAD_CONST {15}0 \(None\)\n {15}2 RETURN_VALUE\n$/);
  });

  it('3.7 counts a line start past the end of the code when sizing the line column; 3.8 stops at the end', () => {
    // LOAD_CONST; RETURN_VALUE (4 bytes); co_lnotab (4, +127), then 7 x (0, +127): line 1017 starts at 4, the end.
    const spec: CodeSpec = { linetable: lnotab(4, 127, 0, 127, 0, 127, 0, 127, 0, 127, 0, 127, 0, 127, 0, 127) };
    assert.match(text('3.7', spec), /^ {3}1 {11}0 LOAD_CONST/);
    assert.match(text('3.8', spec), /^ {2}1 {11}0 LOAD_CONST/);
  });

  it('3.6 lists one code object; 3.7 the ones in its constants too', () => {
    const inner = makeCode('3.6', { name: 'f' });
    assert.doesNotMatch(text('3.6', { consts: [{ type: 'code', code: inner }, PY_NONE] }), /Disassembly of/);
    const inner7 = makeCode('3.7', { name: 'f' });
    assert.match(text('3.7', { consts: [{ type: 'code', code: inner7 }, PY_NONE] }), /\nDisassembly of <code object f at 0x[0-9a-f]+, file "testkit.py", line 1>:\n/);
  });

  it('up to 3.9 an EXTENDED_ARG stays pending across an instruction without argument', () => {
    // EXTENDED_ARG 1; POP_TOP; LOAD_CONST 0: _unpack_opargs of 3.9 reads LOAD_CONST 256.
    const code = Uint8Array.from([144, 1, 1, 0, 100, 0]);
    const consts: PyObject[] = new Array<PyObject>(257).fill(PY_NONE);
    const ins = decodeCode(makeCode('3.9', { code, consts }), versionInfo('3.9')).instructions;
    assert.equal(ins[2]!.arg, 256);
    const ins10 = decodeCode(makeCode('3.10', { code, consts }), versionInfo('3.10')).instructions;
    assert.equal(ins10[2]!.arg, 0);
  });
});
