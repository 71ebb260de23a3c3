/**
 * The JSON model (`bytescope.dis/1`): shape, schema field, determinism and value encoding. Inputs are crafted
 * code objects and `.pyc` files of the xdis corpus (`xdis/bytecode_3.X/` of `../shared/corpora` next to the repository,
 * or of BYTESCOPE_CORPORA_ROOT); corpus tests are skipped, visibly, when it is absent. The comparison with real CPython's
 * `dis.Instruction`s is in packages/python/test/golden-json.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeObject } from '../src/pyc/code-object.js';
import { BytescopeError } from '../src/errors.js';
import { disInstructionFields, prettyFlagNames, toJsonModel } from '../src/json/model.js';
import { JSON_SCHEMA_ID, type BytescopeJson, type JsonCodeObject, type JsonPyObject, type JsonPyValue } from '../src/json/schema.js';
import type { PyObject } from '../src/pyc/objects.js';
import { PY_ELLIPSIS, PY_NONE, PY_STOP_ITERATION, PY_UNKNOWN } from '../src/pyc/objects.js';
import { readPyc } from '../src/pyc/read-pyc.js';
import { getVersion } from '../src/version/registry.js';
import { versionAtLeast } from '../src/version/py-version.js';
import { makeCode as makeTestCode, type CodeSpec, type Op } from '../testkit/index.js';
import { corporaDir, corpusPycs, readBytes } from '../testkit/corpora.js';

const corpusDir = (version: string) => path.join(corporaDir(), 'xdis', `bytecode_${version}`);
const hasCorpus = (version: string) => existsSync(corpusDir(version));
const readCorpus = (version: string, name: string) => readPyc(new Uint8Array(readFileSync(path.join(corpusDir(version), name))));

/** The keys every instruction has after the version's `dis.Instruction` fields. */
const EXTRAS = ['is_jump_target', 'base_opcode', 'base_opname', 'line', 'jump_target', 'cache', 'exception_entries', 'exception_handler'];

/** A crafted 3.11+ code object (names `print`, one local `x`), with empty line and exception tables. */
function makeCode(version: string, ops: Op[], consts: PyObject[], extra: CodeSpec = {}): CodeObject {
  return makeTestCode(version, { ops, consts, names: ['print'], locals: ['x'], filename: 'crafted.py', stacksize: 1, ...extra });
}

/** Checks what holds for every document: plain JSON, tree order, per-version instruction keys. */
function checkInvariants(doc: BytescopeJson): void {
  const v = getVersion(doc.python_version)!;
  assert.equal(doc.schema, JSON_SCHEMA_ID);
  assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc, 'the model must survive a JSON round trip unchanged');
  const fields = disInstructionFields(v);
  const keys = [...fields, ...EXTRAS.filter((k) => !fields.includes(k))].sort();
  doc.code_objects.forEach((c, i) => {
    assert.equal(c.index, i);
    if (i === 0) assert.equal(c.parent, null);
    else {
      assert.ok(c.parent !== null && c.parent < i, 'parents come before their children');
      assert.equal(c.depth, doc.code_objects[c.parent]!.depth + 1);
      const k = doc.code_objects[c.parent]!.co_consts[c.const_index!]!.value as JsonPyObject;
      assert.equal(k.type, 'code');
      assert.equal(k.value, i, 'the parent constant points at this code object');
    }
    for (const ins of c.instructions) {
      assert.deepEqual(Object.keys(ins).sort(), keys);
      assert.equal(Object.keys(ins).slice(0, fields.length).join(' '), fields.join(' '), 'dis fields come first, in order');
      for (const e of ins.exception_entries) {
        const entry = c.exception_table[e]!;
        assert.ok(entry.start <= ins.offset && ins.offset < entry.end);
      }
      assert.equal(ins.exception_handler?.entry ?? null, ins.exception_entries[0] ?? null);
      if (v.features.labelsInListing) {
        assert.equal(typeof ins.starts_line, 'boolean');
        assert.equal(ins.is_jump_target, ins.label !== null);
        assert.equal(ins.line, ins.line_number, `line of ${c.co_qualname} @${ins.offset}`);
        assert.equal(ins.cache_info === null, ins.cache === null);
      } else {
        assert.ok(ins.starts_line === null || ins.starts_line === ins.line, `starts_line of ${c.co_name} @${ins.offset}`);
      }
      if (ins.cache) assert.equal(ins.cache.fields.reduce((a, f) => a + f.size, 0), ins.cache.units);
    }
  });
}

describe('toJsonModel on crafted code', () => {
  const inner = makeCode('3.12', [['RESUME', 0], ['RETURN_CONST', 0]], [PY_NONE], { name: 'f', qualname: 'f', flags: 3, firstlineno: 2 });
  const innerConst: PyObject = { type: 'code', code: inner };
  const cyclic: { type: 'tuple'; items: PyObject[] } = { type: 'tuple', items: [] };
  cyclic.items.push({ type: 'int', value: 1n }, cyclic);
  const consts: PyObject[] = [
    PY_NONE,                                                                         // 0
    { type: 'int', value: 2n ** 70n },                                               // 1
    { type: 'float', value: -0 },                                                    // 2
    { type: 'float', value: Infinity },                                              // 3
    { type: 'complex', real: 0, imag: 2 },                                           // 4
    { type: 'bytes', value: Uint8Array.of(0xde, 0xad) },                             // 5
    { type: 'frozenset', items: [{ type: 'str', value: 'a' }, { type: 'str', value: 'b' }] }, // 6
    { type: 'tuple', items: [{ type: 'bool', value: true }, { type: 'str', value: 'x' }, { type: 'tuple', items: [] }] }, // 7
    { type: 'dict', entries: [[{ type: 'int', value: 1n }, { type: 'str', value: 'one' }]] }, // 8
    { type: 'slice', start: PY_NONE, stop: { type: 'int', value: -3n }, step: PY_NONE }, // 9
    PY_ELLIPSIS, PY_STOP_ITERATION, PY_UNKNOWN,                                      // 10 11 12
    innerConst,                                                                      // 13
    { type: 'tuple', items: [innerConst] },                                          // 14
    cyclic,                                                                          // 15
  ];
  const ops: Op[] = [['RESUME', 0]];
  for (let i = 1; i < consts.length; i++) ops.push(['LOAD_CONST', i], ['POP_TOP']);
  ops.push(['LOAD_FAST', 0], ['LOAD_GLOBAL', 1], ['RETURN_CONST', 0]);
  const module = makeCode('3.12', ops, consts);
  const doc = toJsonModel({ code: module, version: '3.12' });

  it('has the schema field, version, no header for a bare code object', () => {
    assert.equal(doc.schema, 'bytescope.dis/1');
    assert.equal(doc.python_version, '3.12');
    assert.equal(doc.header, null);
    assert.equal(doc.trailing_bytes, null);
    checkInvariants(doc);
  });

  it('lists code objects in dis order and references them by index', () => {
    assert.deepEqual(doc.code_objects.map((c) => [c.index, c.parent, c.const_index, c.co_name]), [[0, null, null, '<module>'], [1, 0, 13, 'f']]);
    const m = doc.code_objects[0]!;
    assert.deepEqual(m.co_consts[13]!.value, { type: 'code', repr: m.co_consts[13]!.repr, value: 1 });
    // A code object inside a tuple is not in the tree: repr only.
    const inTuple = (m.co_consts[14]!.value as JsonPyValue[])[0] as JsonPyObject;
    assert.equal(inTuple.type, 'code');
    assert.equal(inTuple.value, undefined);
    assert.match(m.co_consts[13]!.repr, /^<code object f at 0x[0-9a-f]+, file "crafted\.py", line 2>$/);
    assert.equal(doc.code_objects[1]!.repr, m.co_consts[13]!.repr);
  });

  it('encodes constants as documented', () => {
    const v = doc.code_objects[0]!.co_consts.map((c) => c.value);
    assert.equal(v[0], null);
    assert.deepEqual(v[1], { type: 'int', repr: '1180591620717411303424', value: '1180591620717411303424' });
    assert.deepEqual(v[2], { type: 'float', repr: '-0.0', value: 0 });
    assert.deepEqual(v[3], { type: 'float', repr: 'inf' });
    assert.deepEqual(v[4], { type: 'complex', repr: '2j', value: [0, 2] });
    assert.deepEqual(v[5], { type: 'bytes', repr: "b'\\xde\\xad'", value: 'dead' });
    assert.deepEqual(v[6], { type: 'frozenset', repr: "frozenset({'a', 'b'})", value: ['a', 'b'] });
    assert.deepEqual(v[7], [true, 'x', []]);
    assert.deepEqual(v[8], { type: 'dict', repr: "{1: 'one'}", value: [[1, 'one']] });
    assert.deepEqual(v[9], { type: 'slice', repr: 'slice(None, -3, None)', value: [null, -3, null] });
    assert.deepEqual(v[10], { type: 'ellipsis', repr: 'Ellipsis' });
    assert.deepEqual(v[11], { type: 'type', repr: "<class 'StopIteration'>", value: 'StopIteration' });
    assert.deepEqual(v[12], { type: 'marshal_unknown', repr: '<unknown>' });
    assert.deepEqual(v[15], [1, { type: 'tuple', repr: '(...)', truncated: true }]);
    assert.equal(doc.code_objects[0]!.co_consts[15]!.repr, '(1, (...))');
  });

  it('gives argval the same encoding as co_consts and names as strings', () => {
    const m = doc.code_objects[0]!;
    const loads = m.instructions.filter((ins) => ins.opname === 'LOAD_CONST');
    assert.equal(loads.length, consts.length - 1);
    for (const ins of loads) assert.deepEqual(ins.argval, m.co_consts[ins.arg!]!.value);
    const last = m.instructions.slice(-3);
    assert.deepEqual(last.map((i) => [i.opname, i.argval, i.argrepr]), [
      ['LOAD_FAST', 'x', 'x'], ['LOAD_GLOBAL', 'print', 'NULL + print'], ['RETURN_CONST', null, 'None'],
    ]);
    const lg = last[1]!;
    assert.equal(lg.cache?.units, 4);
    assert.deepEqual(lg.cache?.fields.map((f) => [f.name, f.offset, f.size, f.data]), [
      ['counter', lg.offset + 2, 1, '0000'], ['index', lg.offset + 4, 1, '0000'],
      ['module_keys_version', lg.offset + 6, 1, '0000'], ['builtin_keys_version', lg.offset + 8, 1, '0000'],
    ]);
  });

  it('reports code_info fields under CPython names', () => {
    const f = doc.code_objects[1]!;
    assert.equal(f.co_name, 'f');
    assert.equal(f.co_qualname, 'f');
    assert.equal(f.co_firstlineno, 2);
    assert.equal(f.co_flags, 3);
    assert.deepEqual(f.flag_names, ['OPTIMIZED', 'NEWLOCALS']);
    assert.equal(f.pretty_flags, 'OPTIMIZED, NEWLOCALS');
    assert.deepEqual([f.co_names, f.co_varnames, f.co_cellvars, f.co_freevars], [['print'], ['x'], [], []]);
    assert.equal(doc.code_objects[0]!.pretty_flags, '0x0');
  });

  it('is deterministic', () => {
    const again = toJsonModel({ code: module, version: '3.12' });
    assert.equal(JSON.stringify(again), JSON.stringify(doc));
  });

  it('honours depth', () => {
    const d0 = toJsonModel({ code: module, version: '3.12' }, { depth: 0 });
    assert.equal(d0.code_objects.length, 1);
    assert.equal((d0.code_objects[0]!.co_consts[13]!.value as JsonPyObject).value, undefined);
    assert.throws(() => toJsonModel({ code: module, version: '3.12' }, { depth: -1 }), BytescopeError);
  });

  it('refuses exponential trees of shared code objects', () => {
    let c = makeCode('3.12', [['RESUME', 0], ['RETURN_CONST', 0]], [PY_NONE]);
    for (let i = 0; i < 17; i++) {
      const k: PyObject = { type: 'code', code: c };
      c = makeCode('3.12', [['RESUME', 0], ['RETURN_CONST', 0]], [k, k]);
    }
    assert.throws(() => toJsonModel({ code: c, version: '3.12' }), (e: unknown) => e instanceof BytescopeError && e.kind === 'limit');
    assert.equal(toJsonModel({ code: c, version: '3.12' }, { depth: 3 }).code_objects.length, 15);
  });

  it('refuses versions without opcode tables', () => {
    assert.throws(() => toJsonModel({ code: module, version: '3.16' }), (e: unknown) => e instanceof BytescopeError && e.kind === 'unsupported');
  });

  it('encodes dis.UNKNOWN, superinstruction pairs and 3.13+ fields', () => {
    const c = makeCode('3.13', [['RESUME', 0], ['LOAD_FAST_LOAD_FAST', 0x00], ['LOAD_CONST', 7], ['RETURN_VALUE']], [PY_NONE]);
    const d = toJsonModel({ code: c, version: '3.13' });
    checkInvariants(d);
    const ins = d.code_objects[0]!.instructions;
    assert.deepEqual(ins[1]!.argval, ['x', 'x']);
    assert.deepEqual(ins[2]!.argval, { type: 'unknown', repr: '<unknown>' });
    assert.deepEqual(Object.keys(ins[0]!).slice(0, 12), disInstructionFields(getVersion('3.13')!));
    assert.equal(ins[0]!.starts_line, false);
    assert.equal(ins[0]!.line_number, null);
    assert.deepEqual(ins[0]!.positions, [null, null, null, null]);
  });
});

describe('prettyFlagNames', () => {
  const v = getVersion('3.14')!;
  it('follows dis.pretty_flags', () => {
    assert.deepEqual(prettyFlagNames(0, v), ['0x0']);
    assert.deepEqual(prettyFlagNames(0x1000003, v), ['OPTIMIZED', 'NEWLOCALS', '0x1000000']);
    assert.deepEqual(prettyFlagNames(0x4000000 | 0x20, v), ['GENERATOR', 'HAS_DOCSTRING']);
    // co_flags is a C int: a negative value walks like Python's arbitrary-precision int.
    assert.deepEqual(prettyFlagNames(-2147483648, v), ['0x80000000', '-0x100000000']);
    assert.deepEqual(prettyFlagNames(0x80000001 | 0, v), ['OPTIMIZED', '0x80000000', '-0x100000000']);
  });
});

describe('toJsonModel on corpus .pyc files', { skip: !hasCorpus('3.12') && 'xdis corpus not found' }, () => {
  it('models a 3.12 pyc with try/finally', () => {
    const pyc = readCorpus('3.12', '04_try_finally.pyc');
    const doc = toJsonModel(pyc);
    checkInvariants(doc);
    assert.equal(doc.python_version, '3.12');
    assert.deepEqual(doc.header, {
      magic: pyc.header!.magic.magic, magic_version: '3.12', prerelease: false, flags: 0, invalidation: 'timestamp',
      mtime: pyc.header!.mtime, source_size: pyc.header!.sourceSize, source_hash: null, size: 16,
    });
    assert.equal(doc.trailing_bytes, 0);
    assert.deepEqual(doc.code_objects.map((c) => c.co_name), ['<module>', 'getvalue', 'getvalue1', 'handle_read', '__exit__']);
    const getvalue: JsonCodeObject = doc.code_objects[1]!;
    assert.deepEqual(Object.keys(getvalue).slice(5, 25), [
      'co_name', 'co_qualname', 'co_filename', 'co_firstlineno', 'co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount',
      'co_nlocals', 'co_stacksize', 'co_flags', 'flag_names', 'pretty_flags', 'co_consts', 'co_names', 'co_varnames',
      'co_cellvars', 'co_freevars', 'code_size', 'co_lines', 'line_starts',
    ]);
    assert.ok(getvalue.exception_table.length > 0);
    const covered = getvalue.instructions.filter((i) => i.exception_handler !== null);
    assert.ok(covered.length > 0);
    const e = getvalue.exception_table[covered[0]!.exception_handler!.entry]!;
    assert.equal(covered[0]!.exception_handler!.target, e.target);
    assert.equal(e.start_label, null, 'no labels before 3.13');
    // 3.12: the handler target is a jump target in dis's sense.
    assert.ok(getvalue.instructions.find((i) => i.offset === e.target)!.is_jump_target);
    assert.equal(JSON.stringify(toJsonModel(readCorpus('3.12', '04_try_finally.pyc'))), JSON.stringify(doc), 'deterministic');
  });

  it('keeps the output budget in a lazy model: reading instructions past it throws the limit error', () => {
    const pyc = readCorpus('3.12', '04_try_finally.pyc');
    const built = (o: { maxOutputChars: number; lazyInstructions?: boolean }) => {
      try { return toJsonModel(pyc, o); } catch (e) { assert.ok(e instanceof BytescopeError && e.kind === 'limit', String(e)); return undefined; }
    };
    let checked = 0;
    for (let max = 500; max < 200_000; max = Math.ceil(max * 1.1)) {
      const lazy = built({ maxOutputChars: max, lazyInstructions: true });
      if (!lazy) continue;
      if (built({ maxOutputChars: max })) break; // from here on everything fits
      assert.throws(() => { for (const c of lazy.code_objects) void c.instructions.length; }, (e) => e instanceof BytescopeError && e.kind === 'limit');
      checked++;
    }
    assert.ok(checked > 0, 'some budget fits the code objects but not their instructions');
  });

  for (const version of ['3.10', '3.11', '3.12', '3.13', '3.14', '3.15']) {
    it(`keeps its invariants on the ${version} corpus`, { skip: !hasCorpus(version) && `no bytecode_${version}` }, () => {
      let modelled = 0;
      const files = corpusPycs(version);
      for (const file of files) {
        const name = path.basename(file);
        const pyc = readPyc(readBytes(file));
        assert.equal(pyc.version, version, `${name} read as ${pyc.version}`);
        const doc = toJsonModel(pyc);
        checkInvariants(doc);
        for (const c of doc.code_objects) assert.equal(c.instruction_count, c.instructions.length);
        // A lazy model reads the same, whichever code object is read first.
        const lazy = toJsonModel(pyc, { lazyInstructions: true });
        const last = lazy.code_objects.at(-1)!;
        assert.deepEqual(last.instructions, doc.code_objects.at(-1)!.instructions);
        assert.equal(JSON.stringify(lazy), JSON.stringify(doc), `lazy model of ${name}`);
        if (versionAtLeast(version, 3, 13)) {
          for (const c of doc.code_objects) {
            for (const x of c.exception_table) assert.ok(x.start_label !== null && x.end_label !== null && x.target_label !== null);
            for (const ins of c.instructions) if (ins.cache_info) assert.equal(ins.cache_info.length, ins.cache!.fields.length);
          }
        }
        modelled++;
      }
      assert.ok(modelled >= 10 && modelled === files.length, `${modelled} of ${files.length} ${version} files modelled`);
    });
  }
});
