/**
 * Hand-crafted hostile `.pyc` files, built in code: each aims at one way bad bytes could make the core crash, hang or
 * allocate without bound. `npm run fuzz -- --write-fixtures` writes them into `test/fixtures/hostile/`;
 * `test/fuzz.test.ts` builds them afresh and checks how each ends.
 */
import type { CodeObject } from '../src/pyc/code-object.js';
import { CO_FAST_LOCAL } from '../src/pyc/code-object.js';
import type { PyObject } from '../src/pyc/objects.js';
import { PY_NONE } from '../src/pyc/objects.js';
import { getVersion } from '../src/version/registry.js';
import {
  assemble, assemblePyc as pyc, exceptionTableEntry, le32, makeCode, rawNode, returnConst, selfRefNode, type CodeSpec, type Op,
} from '../testkit/index.js';

/** A hand-crafted fixture. */
export interface Fixture {
  /** File name in the fixtures directory. */
  readonly name: string;
  readonly description: string;
  readonly data: Uint8Array;
  /**
   * The outcome {@link runInput} must report (`ok` or `error:<kind>` of the first failing stage), or a list of
   * acceptable ones.
   */
  readonly expect: string | readonly string[];
  /**
   * What the default listing must be (for files that list): the whole text, or lines it must include (a string: the
   * line exactly; a RegExp: some line matching it). Where CPython's `dis` can list the file at all, these are its lines
   * (checked against CPython 3.10, 3.12 and 3.14); where it cannot (it raises), they are the listing's own designed
   * markers.
   */
  readonly listing?: string | readonly (string | RegExp)[];
}

/** Instruction bytes of `version`, as a list. */
function ops(version: string, list: readonly Op[]): number[] {
  return [...assemble(version, list)];
}

/** A module code object for `version` (the test kit's, in file `hostile.py`). */
function module(version: string, patch: CodeSpec = {}): CodeObject {
  return makeCode(version, { filename: 'hostile.py', id: 0, ...patch });
}

/** A `.pyc` whose module has `k` as its only constant, loaded and returned. */
function withConst(version: string, k: PyObject, patch: CodeSpec = {}): Uint8Array {
  return pyc(version, module(version, { consts: [k], ...patch }));
}

/** A shared-reference bomb: `depth` levels, each a `kind` holding the level below twice. */
function bomb(kind: 'tuple' | 'list' | 'dict' | 'frozenset', depth: number): PyObject {
  let o: PyObject = { type: 'str', value: 'boom' };
  for (let i = 0; i < depth; i++) o = kind === 'dict' ? { type: 'dict', entries: [[{ type: 'int', value: BigInt(i) }, o], [{ type: 'int', value: -1n }, o]] } : { type: kind, items: [o, o] };
  return o;
}

/** Every hand-crafted fixture. */
export function handcraftedFixtures(): Fixture[] {
  const out: Fixture[] = [];
  const add = (name: string, description: string, expect: Fixture['expect'], data: Uint8Array, listing?: Fixture['listing']) =>
    out.push({ name, description, data, expect, listing });
  /** The listing of a module `LOAD_CONST 0; RETURN_VALUE` (3.12: after RESUME) whose constant prints as `repr`. */
  const returning = (repr: string) => [
    '          0 RESUME                   0', `          2 LOAD_CONST               0 (${repr})`, '          4 RETURN_VALUE', '',
  ].join('\n');
  const V = '3.12';

  // Length fields. Marshal lengths are signed 32-bit: 0xffffffff is -1, 0x7fffffff claims 2 GiB.
  add('hand-length-4gib-bytes.pyc', 'co_consts[0] is bytes whose length field is 0xffffffff (a 4 GiB claim, -1 as marshal reads it)',
    'error:bad-marshal', withConst(V, rawNode(Uint8Array.of(0x73, ...le32(0xffffffff), 1, 2, 3))));
  add('hand-length-2gib-str.pyc', 'a str whose length field claims 2 GiB (0x7fffffff) with 3 bytes left',
    'error:truncated', withConst(V, rawNode(Uint8Array.of(0x75, ...le32(0x7fffffff), 0x61, 0x62, 0x63))));
  add('hand-length-2gib-tuple.pyc', 'a tuple claiming 0x7fffffff items (nothing may be allocated up front)',
    'error:truncated', withConst(V, rawNode(Uint8Array.of(0x28, ...le32(0x7fffffff), 0x4e, 0x4e))));
  add('hand-length-2gib-long.pyc', 'a long claiming 0x7fffffff digits',
    'error:truncated', withConst(V, rawNode(Uint8Array.of(0x6c, ...le32(0x7fffffff), 1, 0))));
  add('hand-length-4gib-code.pyc', 'co_code whose length field is 0xfffffffe',
    'error:bad-marshal', (() => {
      const d = pyc(V, module(V));
      // header 16, 'c'|FLAG (1), five ints (20), then co_code: 's'|FLAG and its length
      d.set(le32(0xfffffffe), 16 + 1 + 20 + 1);
      return d;
    })());

  // References.
  add('hand-ref-incomplete.pyc', 'a tuple holding a reference to itself while it is being read',
    'error:bad-marshal', withConst(V, { type: 'tuple', items: [PY_NONE, selfRefNode(0)] }));
  add('hand-ref-incomplete-code.pyc', 'a code object whose co_consts refers to the code object itself',
    'error:bad-marshal', withConst(V, selfRefNode(1)));
  add('hand-ref-out-of-range.pyc', 'a reference to index 0x7fffffff',
    'error:bad-marshal', withConst(V, rawNode(Uint8Array.of(0x72, ...le32(0x7fffffff)))));

  // Nesting.
  const deep = (n: number) => {
    const b = new Uint8Array(2 * n + 1);
    for (let i = 0; i < n; i++) { b[2 * i] = 0x29; b[2 * i + 1] = 1; }
    b[2 * n] = 0x4e;
    return b;
  };
  add('hand-deep-100k.pyc', '100,000 nested one-item tuples in co_consts', 'error:limit', withConst(V, rawNode(deep(100_000))));
  add('hand-deep-1990.pyc', '1,990 nested tuples: within the marshal limit, beyond the repr limit (printed with ...)', 'ok', withConst(V, rawNode(deep(1990))),
    [/^ {10}2 LOAD_CONST {15}0 \(\({200,}\.\.\.,\)(,\)){200,}\)$/, '          4 RETURN_VALUE']);
  {
    // 900 nested code objects: deep recursion through code objects (each also nests its consts tuple).
    let c = module(V);
    for (let i = 0; i < 900; i++) c = module(V, { consts: [{ type: 'code', code: c }], name: `f${i}` });
    add('hand-deep-code-900.pyc', '900 code objects nested through co_consts', ['ok', 'error:limit'], pyc(V, c), [
      /^ {10}2 LOAD_CONST {15}0 \(<code object f898 at 0x[0-9a-f]+, file "hostile\.py", line 1>\)$/,
      /^Disassembly of <code object f0 at 0x[0-9a-f]+, file "hostile\.py", line 1>:$/,
      /^Disassembly of <code object <module> at 0x[0-9a-f]+, file "hostile\.py", line 1>:$/,
    ]);
  }

  // Shared-reference bombs.
  for (const kind of ['tuple', 'list', 'dict', 'frozenset'] as const) {
    add(`hand-bomb-${kind}-60.pyc`, `a ${kind} holding the same ${kind} twice, 60 levels deep (2**60 leaves)`, 'error:limit', withConst(V, bomb(kind, 60)));
  }
  add('hand-bomb-tuple-16.pyc', 'a tuple bomb of 16 levels (65,536 leaves): small enough to print', 'ok', withConst(V, bomb('tuple', 16)),
    [/^ {10}2 LOAD_CONST {15}0 \({17}'boom', 'boom'\), \('boom', 'boom'\)\), .{600000,}\('boom', 'boom'\){17}$/]);
  {
    let inner: PyObject = { type: 'code', code: module(V, { name: 'leaf' }) };
    for (let i = 0; i < 40; i++) inner = { type: 'code', code: module(V, { name: `level${i}`, consts: [PY_NONE, inner, inner] }) };
    add('hand-bomb-code-40.pyc', 'each of 40 nested code objects lists the next one twice in co_consts (dis would list 2**40 code objects)',
      'error:limit', withConst(V, { type: 'tuple', items: [] }, { consts: [PY_NONE, inner] }));
  }

  // EXTENDED_ARG chains.
  for (const version of ['3.10', '3.12', '3.14']) {
    const ext = getVersion(version)!.table.data.extendedArg;
    const chain: number[] = [];
    for (let i = 0; i < 100_000; i++) chain.push(ext, 0xff);
    // The argument wraps at 2**31 as in CPython; 3.10 refuses chains this long, 3.12 prints offsets, 3.14 does not.
    const listing = version === '3.10' ? undefined : version === '3.12'
      ? ['            2 EXTENDED_ARG         65535', '            6 EXTENDED_ARG            -1', '       200000 RESUME                -256', '       200004 RETURN_VALUE']
      : ['          EXTENDED_ARG         65535', '          RESUME                -256', '          LOAD_CONST               0 (None)'];
    add(`hand-extended-arg-100k-${version}.pyc`, `100,000 EXTENDED_ARG 255 before a LOAD_CONST (${version})`,
      ['ok', 'error:limit'], pyc(version, module(version, { code: Uint8Array.from([...chain, ...ops(version, returnConst(version))]) })), listing);
  }

  // Odd-length code.
  // CPython refuses these when it reads them; the listing leaves the dangling byte out.
  add('hand-odd-code.pyc', 'co_code of odd length (a dangling opcode byte)', 'ok',
    pyc(V, module(V, { code: Uint8Array.from([...ops(V, returnConst(V)), getVersion(V)!.table.op('LOAD_CONST')]) })), returning('None'));
  add('hand-odd-code-3.10.pyc', 'co_code of odd length (3.10)', 'ok',
    pyc('3.10', module('3.10', { code: Uint8Array.from([...ops('3.10', returnConst('3.10')), 100]) })),
    '          0 LOAD_CONST               0 (None)\n          2 RETURN_VALUE\n');

  // Line and location tables claiming far more than there is code.
  {
    const b = new Uint8Array(200_000).fill(0x80 | (13 << 3) | 7); // "short form" entries of 8 code units each, no line change
    add('hand-location-overclaim.pyc', 'a 3.12 location table of 200,000 entries (1.6 million code units) for 3 instructions', 'ok',
      pyc(V, module(V, { linetable: b })));
    const t = new Uint8Array(200_000);
    for (let i = 0; i < t.length; i += 2) { t[i] = 254; t[i + 1] = 1; }
    add('hand-linetable-overclaim-3.10.pyc', 'a 3.10 line table of 100,000 entries covering 25 MB of code for 2 instructions', 'ok',
      pyc('3.10', module('3.10', { linetable: t })), '     2           0 LOAD_CONST               0 (None)\n                 2 RETURN_VALUE\n');
    const v = new Uint8Array(4096).fill(0x7f);
    v[0] = 0xf0 | 7;
    add('hand-location-varint-run.pyc', 'a location entry whose varints never end (4,096 continuation bytes)', 'ok', pyc(V, module(V, { linetable: v })));
  }

  // Exception tables pointing outside the code.
  {
    const e = [...exceptionTableEntry(0, 1000, 5000, 3), ...exceptionTableEntry(70_000, 2, 0, 1), ...exceptionTableEntry(1, 1, 2 ** 40, 0)];
    // Listed as dis lists it; the control-flow analysis refuses a handler that is not an instruction (bad-code).
    add('hand-exctable-outside.pyc', 'exception table entries whose ranges and targets lie far outside co_code', 'error:bad-code',
      pyc(V, module(V, { exceptiontable: Uint8Array.from(e) })), [
        '    >>    0 RESUME                   0', '          2 LOAD_CONST               0 (None)', '          4 RETURN_VALUE', 'ExceptionTable:',
        '  0 to 1998 -> 10000 [1] lasti', '  140000 to 140002 -> 0 [0] lasti', '  2 to 2 -> 2199023255552 [0]', '',
      ].join('\n'));
    const run = new Array<number>(200).fill(0x7f);
    add('hand-exctable-huge-varint.pyc', 'an exception table varint of 200 continuation bytes (a number of 1,200 bits)', 'error:bad-code',
      pyc(V, module(V, { exceptiontable: Uint8Array.from([0xc0, ...run, 0x01, 0x01, 0x01, 0x01]) })));
    // 2,000 entries, each covering all of 20,000 instructions: a quadratic JSON exception_entries list.
    const units = 20_000;
    const code: number[] = ops(V, [['RESUME', 0]]);
    const nop = ops(V, [['NOP', 0]]);
    while (code.length < 2 * (units - 2)) code.push(...nop);
    code.push(...ops(V, [['LOAD_CONST', 0], ['RETURN_VALUE', 0]]));
    const entries: number[] = [];
    for (let i = 0; i < 2000; i++) entries.push(...exceptionTableEntry(0, units, units - 2, 0));
    // The analysis refuses it (a handler reached at two stack depths) before the JSON model meets its budget.
    add('hand-exctable-quadratic.pyc', '2,000 exception table entries each covering all 20,000 instructions', ['error:bad-code', 'error:limit'],
      pyc(V, module(V, { code: Uint8Array.from(code), exceptiontable: Uint8Array.from(entries) })),
      ['           0 RESUME                   0', '           2 NOP', '    >> 39996 LOAD_CONST               0 (None)', '       39998 RETURN_VALUE', 'ExceptionTable:', '  0 to 39998 -> 39996 [0]']);
  }

  // Huge ints and a large constant loaded many times.
  {
    const digits = 200_000; // 3 million bits, about 900,000 decimal digits
    const b: number[] = [0x6c, ...le32(digits)];
    for (let i = 0; i < digits; i++) b.push(0xff, i === digits - 1 ? 0x3f : 0x7f);
    add('hand-int-900k-digits.pyc', 'an int of 200,000 marshal digits (3 million bits): converted in linear time, printed as a marker', 'ok',
      withConst(V, rawNode(Uint8Array.from(b))), returning('<int with more than 100000 digits: 2999999 bits>'));
    const big: PyObject = { type: 'str', value: 'x'.repeat(1 << 20) };
    const code: number[] = ops(V, [['RESUME', 0]]);
    const load = ops(V, [['LOAD_CONST', 0], ['POP_TOP', 0]]);
    for (let i = 0; i < 20_000; i++) code.push(...load);
    code.push(...ops(V, [['LOAD_CONST', 0], ['RETURN_VALUE', 0]]));
    add('hand-bigconst-20k-loads.pyc', 'a 1 MiB str constant loaded by 20,000 instructions (a 20 GB listing)', 'error:limit',
      pyc(V, module(V, { consts: [big], code: Uint8Array.from(code) })));
  }

  // Names that are not plain identifiers.
  add('hand-names-odd.pyc', 'names, filename and qualname with newlines, quotes, NUL, lone surrogates and 100 kB length', 'ok',
    pyc(V, module(V, {
      name: 'a\nb"\\\x00\ud800', filename: 'x'.repeat(100_000) + '\r\n', qualname: '\udfff',
      localsplusnames: ['\n', 'é'], localspluskinds: Uint8Array.of(CO_FAST_LOCAL, 0xff), names: ['\t'],
      code: Uint8Array.from(ops(V, [['RESUME', 0], ['LOAD_FAST', 0], ['LOAD_FAST', 1], ['LOAD_FAST', 7], ['LOAD_GLOBAL', 9], ['LOAD_CONST', 0], ['RETURN_VALUE', 0]])),
    })), [
      // CPython lists the first two and then raises IndexError; the listing marks the bad indexes instead.
      '          0 RESUME                   0', '          2 LOAD_FAST                0 (', ')', '          4 LOAD_FAST                1 (é)',
      '          6 LOAD_FAST                7 (<invalid local index 7: table has 2>)',
      '          8 LOAD_GLOBAL              9 (NULL + <invalid name index 4: table has 1>)', '         18 LOAD_CONST               0 (None)',
      '         20 RETURN_VALUE', '',
    ].join('\n'));
  return out;
}
