/**
 * The test kit (packages/core/testkit), which the fuzz harness and the tests build their input with: a kit that
 * wrote wrong bytes would make those tests test something else. Its marshal writer reads back as what it wrote on
 * every CPython file of the corpora; its code objects, instructions, exception-table entries and headers read back
 * through the core as built; its walk visits every code object once, in order.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { decodeCode } from '../src/bytecode/decode.js';
import { parseExceptionTable } from '../src/bytecode/exception-table.js';
import type { CodeObject } from '../src/pyc/code-object.js';
import { parsePycHeader } from '../src/pyc/header.js';
import { versionAtLeast } from '../src/version/py-version.js';
import { readMarshal } from '../src/pyc/marshal.js';
import type { PyObject } from '../src/pyc/objects.js';
import { PY_NONE } from '../src/pyc/objects.js';
import { readPyc } from '../src/pyc/read-pyc.js';
import { disassembleToText } from '../src/text/dis-text.js';
import { DIS_VERSIONS, getVersion } from '../src/version/registry.js';
import {
  assemble, assemblePyc, codeObjectsOf, exceptionTableEntry, makeCode, pycHeader, rawNode, refNode, selfRefNode, writeMarshal,
} from '../testkit/index.js';
import { corporaDir, corpusPycs, readBytes } from '../testkit/corpora.js';

/** The versions whose files the reader reads: 2.7 and 3.0–3.15. */
const READ_VERSIONS = ['2.7', ...Array.from({ length: 16 }, (_, i) => `3.${i}`)];
/** PyPy 2.7 writes CPython 2.7's magic + 7; the corpora hold four such files among the CPython 2.7 ones. */
const PYPY27_MAGIC = 62218;

/** A code-object tree without the reader's ids (which count objects in read order). */
function withoutIds(code: CodeObject): unknown {
  const seen = new Map<CodeObject, unknown>();
  const strip = (o: PyObject): unknown => {
    switch (o.type) {
      case 'code': return code2(o.code);
      case 'tuple': case 'list': case 'set': case 'frozenset': return { type: o.type, items: o.items.map(strip) };
      case 'dict': case 'frozendict': return { type: o.type, entries: o.entries.map(([k, v]) => [strip(k), strip(v)]) };
      case 'slice': return { type: 'slice', start: strip(o.start), stop: strip(o.stop), step: strip(o.step) };
      default: return o;
    }
  };
  const code2 = (c: CodeObject): unknown => {
    let r = seen.get(c);
    if (r === undefined) {
      const { id: _id, consts, ...rest } = c;
      seen.set(c, (r = { ...rest, consts: consts.map(strip) }));
    }
    return r;
  };
  return code2(code);
}

describe('the marshal writer', () => {
  it('writes every code object of the corpora (2.7, 3.0–3.15) so that it reads back the same', { skip: !fs.existsSync(corporaDir()) && 'no corpora' }, (t) => {
    let files = 0;
    const perVersion: string[] = [];
    for (const version of READ_VERSIONS) {
      let n = 0;
      for (const file of corpusPycs(version)) {
        const data = readBytes(file);
        if (version === '2.7' && (data[0]! | (data[1]! << 8)) === PYPY27_MAGIC) continue;
        const pyc = readPyc(data);
        assert.equal(pyc.version, version, file);
        const layout = pyc.code.layout;
        const written = writeMarshal({ type: 'code', code: pyc.code }, layout);
        const back = readMarshal(written, 0, { layout });
        assert.equal(back.end, written.length, `${file}: bytes left after the code object`);
        assert.ok(back.value.type === 'code');
        assert.deepEqual(withoutIds(back.value.code), withoutIds(pyc.code), file);
        n++;
      }
      assert.ok(n >= 2, `only ${n} files of ${version}`);
      perVersion.push(`${version}: ${n}`);
      files += n;
    }
    assert.ok(files >= 590, `only ${files} files`);
    t.diagnostic(`${files} files (${perVersion.join(', ')})`);
  });

  it('writes shared objects once and refers back to them; raw, ref and self-ref markers as told', () => {
    const shared: PyObject = { type: 'str', value: 'shared' };
    const tuple: PyObject = { type: 'tuple', items: [shared, shared, { type: 'int', value: -(2n ** 70n) }, { type: 'float', value: 0.5 }] };
    const bytes = writeMarshal(tuple, '3.11');
    // ')' | FLAG_REF, 4 items; 'z' | FLAG_REF, "shared" (reference 1); 'r' 1; then the long and the float
    assert.deepEqual([...bytes.subarray(0, 15)], [0xa9, 4, 0xfa, 6, ...Buffer.from('shared'), 0x72, 1, 0, 0, 0]);
    assert.deepEqual(readMarshal(bytes, 0, { layout: '3.11' }).value, tuple);
    assert.deepEqual([...writeMarshal(rawNode(Uint8Array.of(1, 2)), '3.11')], [1, 2]);
    assert.deepEqual([...writeMarshal(refNode(0x01020304), '3.11')], [0x72, 4, 3, 2, 1]);
    const selfRef = writeMarshal({ type: 'list', items: [selfRefNode()] }, '3.11');
    assert.deepEqual([...selfRef], [0xdb, 1, 0, 0, 0, 0x72, 0, 0, 0, 0]);
  });
});

describe('code objects, instructions and .pyc files', () => {
  for (const version of DIS_VERSIONS) {
    it(`makeCode and assemblePyc give a ${version} module that reads back and lists as \`return None\``, () => {
      const code = makeCode(version);
      const pyc = readPyc(assemblePyc(version, code));
      assert.equal(pyc.version, version);
      assert.equal(pyc.trailingBytes, 0);
      assert.deepEqual(withoutIds(pyc.code), withoutIds(code));
      const v = getVersion(version)!;
      const ops = decodeCode(pyc.code, v).instructions.map((i) => `${i.opname} ${i.argrepr}`.trim());
      assert.deepEqual(ops, [...(v.table.op('RESUME') < 0 ? [] : ['RESUME']), 'LOAD_CONST None', 'RETURN_VALUE']);
      // (2.7 and 3.0-3.3 print field by field: a line may end in spaces.)
      assert.match(disassembleToText(pyc.code, v), /LOAD_CONST +0 \(None\) ?\n.*RETURN_VALUE *\n$/);
      assert.equal(code.qualname, '<module>');
      assert.equal(makeCode(version, { name: 'f' }).qualname, 'f');
      assert.notEqual(makeCode(version).id, code.id, 'a fresh id for each code object');
    });
  }

  it('assembles EXTENDED_ARG prefixes and zeroed caches, and knows each version\'s opnames', () => {
    const v = getVersion('3.12')!;
    const code = assemble('3.12', [['LOAD_GLOBAL', 0x10203], ['LOAD_CONST', 7], ['RETURN_VALUE']]);
    const ins = decodeCode(makeCode('3.12', { code, names: ['x'], consts: [PY_NONE] }), v).instructions;
    assert.deepEqual(ins.map((i) => [i.offset, i.opname, i.arg]), [[0, 'EXTENDED_ARG', 1], [2, 'EXTENDED_ARG', 0x102], [4, 'LOAD_GLOBAL', 0x10203], [14, 'LOAD_CONST', 7], [16, 'RETURN_VALUE', null]]);
    assert.deepEqual([...code.subarray(6, 14)], new Array<number>(8).fill(0), 'four zeroed cache units');
    assert.throws(() => assemble('3.12', [['BINARY_ADD']]), /no opcode BINARY_ADD in 3\.12/);
    assert.throws(() => makeCode('3.16'), /no opcode table for 3\.16/);
  });

  it('writes exception-table entries that parse back', () => {
    const first = exceptionTableEntry(3, 70, 5000, 5);
    assert.deepEqual(first, [0x83, 0x41, 0x06, 0x41, 0x4e, 0x08, 0x05], 'start mark, then 6-bit chunks, most significant first');
    const bytes = [...first, ...exceptionTableEntry(0, 1, 2, 0)];
    assert.deepEqual(parseExceptionTable(Uint8Array.from(bytes)), [
      { start: 6, end: 146, target: 10000, depth: 2, lasti: true }, { start: 0, end: 2, target: 4, depth: 0, lasti: false },
    ]);
  });

  it('writes a timestamp header with the final magic number', () => {
    for (const version of DIS_VERSIONS) {
      const h = parsePycHeader(pycHeader(version, { mtime: 1_700_000_000, sourceSize: 123 }));
      // 16 bytes from 3.7 (PEP 552), 12 in 3.3-3.6 (the source size), 8 before.
      const size = versionAtLeast(version, 3, 7) ? 16 : versionAtLeast(version, 3, 3) ? 12 : 8;
      assert.deepEqual([h.magic.version, h.magic.prerelease, h.flags, h.invalidation, h.mtime, h.sourceSize, h.size],
        [version, false, 0, 'timestamp', 1_700_000_000, size > 8 ? 123 : undefined, size], version);
    }
  });
});

describe('codeObjectsOf', () => {
  it('visits every code object once, the root first, depth first in constant order, through containers unless told', () => {
    const leaf = makeCode('3.12', { name: 'leaf' });
    const k: PyObject = { type: 'code', code: leaf };
    const a = makeCode('3.12', { name: 'a', consts: [k] });
    const b = makeCode('3.12', { name: 'b', consts: [{ type: 'tuple', items: [k, { type: 'code', code: makeCode('3.12', { name: 'c' }) }] }] });
    const root = makeCode('3.12', { consts: [{ type: 'code', code: a }, PY_NONE, { type: 'code', code: b }, k] });
    const names = (o?: Parameters<typeof codeObjectsOf>[1]) => codeObjectsOf(root, o).map((c) => c.name);
    assert.deepEqual(names(), ['<module>', 'a', 'leaf', 'b', 'c']);
    assert.deepEqual(names({ inContainers: false }), ['<module>', 'a', 'leaf', 'b']);
    assert.deepEqual(names({ max: 2 }), ['<module>', 'a']);
  });

  it('walks a chain of 100,000 code objects without overflowing the stack', () => {
    let c = makeCode('3.12');
    for (let i = 0; i < 100_000; i++) c = makeCode('3.12', { consts: [{ type: 'code', code: c }] });
    assert.equal(codeObjectsOf(c).length, 100_001);
  });
});
