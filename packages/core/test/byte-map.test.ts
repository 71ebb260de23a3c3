/**
 * The byte map (pyc/byte-map.ts) over every `.pyc`/`.pyo` of the shared corpora (`../shared/corpora` beside the
 * clone): each file that `readPyc` reads maps, its leaves tile the file with no gap and no overlap, the tree is well
 * formed, and what the ranges name agrees with what `readPyc` read (every code object's fields, its `co_code` bytes,
 * every reference's target); each file that `readPyc` refuses, the map refuses with the same message. Then the
 * labels and paths of one file, bare marshal streams, and hostile input.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BytescopeError } from '../src/errors.js';
import {
  byteMap, childByLabel, childRanges, formatRangePath, leafAt, rangePath, resolveRef, type ByteMap, type ByteRange,
} from '../src/pyc/byte-map.js';
import type { CodeObject } from '../src/pyc/code-object.js';
import { quoteShort } from '../src/errors.js';
import type { PyObject } from '../src/pyc/objects.js';
import { readPyc } from '../src/pyc/read-pyc.js';

// The compiled test is packages/core/dist/test/byte-map.test.js; the repository root is four levels up.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corporaDir = path.resolve(repoRoot, '../shared/corpora');

/** Every `.pyc`/`.pyo` below the corpora, sorted (the `roundtrip_pyc` link stubs included: they must be refused). */
function corpusFiles(): string[] {
  if (!fs.existsSync(corporaDir)) throw new Error(`the test corpora are missing: expected ${corporaDir} (../shared/corpora beside the clone)`);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.py[co]$/.test(e.name)) out.push(p);
    }
  };
  walk(corporaDir);
  return out;
}

/** The code object and every one nested in its constants. */
function* codeObjects(code: CodeObject): Generator<CodeObject> {
  yield code;
  function* inObject(o: PyObject): Generator<CodeObject> {
    if (o.type === 'code') yield* codeObjects(o.code);
    else if (o.type === 'tuple' || o.type === 'list' || o.type === 'set' || o.type === 'frozenset') for (const x of o.items) yield* inObject(x);
    else if (o.type === 'dict' || o.type === 'frozendict') for (const [k, v] of o.entries) { yield* inObject(k); yield* inObject(v); }
    else if (o.type === 'slice') { yield* inObject(o.start); yield* inObject(o.stop); yield* inObject(o.step); }
  }
  for (const c of code.consts) yield* inObject(c);
}

/** Checks that the leaves tile the input and that the tree is well formed; returns the problems found. */
function structureProblems(map: ByteMap): string[] {
  const problems: string[] = [];
  const { ranges } = map;
  let pos = 0;
  for (const i of map.leaves) {
    const r = ranges[i]!;
    if (r.start !== pos) problems.push(r.start > pos ? `gap [${pos}, ${r.start})` : `overlap at ${r.start} (covered up to ${pos})`);
    pos = r.end;
  }
  if (pos !== map.size) problems.push(`the leaves end at ${pos}, the file at ${map.size}`);
  let leafCount = 0;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    if (!(r.end > r.start)) problems.push(`range ${i} (${r.label}) is empty`);
    if (r.descendants === 0) leafCount++;
    if (r.parent < 0) {
      if (r.depth !== 0) problems.push(`top range ${i} at depth ${r.depth}`);
    } else {
      const p = ranges[r.parent]!;
      if (r.parent >= i || r.depth !== p.depth + 1 || r.start < p.start || r.end > p.end || i > r.parent + p.descendants) {
        problems.push(`range ${i} (${r.label} [${r.start}, ${r.end})) is not inside its parent ${r.parent} (${p.label} [${p.start}, ${p.end}))`);
      }
    }
    if (r.descendants > 0) {
      // The children tile their parent.
      let at = r.start;
      for (const c of childRanges(map, i)) {
        if (ranges[c]!.start !== at) problems.push(`range ${i} (${r.label}): child ${c} starts at ${ranges[c]!.start}, not ${at}`);
        at = ranges[c]!.end;
      }
      if (at !== r.end) problems.push(`range ${i} (${r.label}): its children end at ${at}, it at ${r.end}`);
    }
    if (r.target !== undefined) {
      const t = ranges[r.target];
      if (!t || (t.refIndex ?? t.internIndex) === undefined || r.target >= i || t.end > r.start) problems.push(`reference ${i} has a bad target ${r.target}`);
    }
  }
  if (leafCount !== map.leaves.length) problems.push(`${leafCount} leaves, ${map.leaves.length} listed`);
  return problems.slice(0, 5);
}

/** Checks that the code objects of the map are those `readPyc` read, with their fields where the labels say. */
function contentProblems(map: ByteMap, file: ReturnType<typeof readPyc>, data: Uint8Array): string[] {
  const problems: string[] = [];
  const codes = [...codeObjects(file.code)];
  const byId = new Map(codes.map((c) => [c.id, c]));
  const seen = new Set<number>();
  const int = (co: number, label: string) => map.ranges[childByLabel(map, co, label)]?.detail;
  for (let i = 0; i < map.ranges.length; i++) {
    const r = map.ranges[i]!;
    if (r.objectType !== 'code' || r.kind !== 'object') continue;
    const c = byId.get(r.codeId ?? -1);
    if (!c) { problems.push(`code range ${i} has no code object`); continue; }
    seen.add(c.id);
    const where = `code ${c.qualname} at ${r.start}`;
    if (r.detail !== `code ${c.name}`) problems.push(`${where}: detail ${r.detail}`);
    if (int(i, 'co_argcount') !== String(c.argcount)) problems.push(`${where}: co_argcount ${int(i, 'co_argcount')}`);
    if (int(i, 'co_stacksize') !== String(c.stacksize)) problems.push(`${where}: co_stacksize ${int(i, 'co_stacksize')}`);
    if (int(i, 'co_flags') !== `0x${(c.flags >>> 0).toString(16)}`) problems.push(`${where}: co_flags ${int(i, 'co_flags')}`);
    if (int(i, 'co_firstlineno') !== String(c.firstlineno)) problems.push(`${where}: co_firstlineno ${int(i, 'co_firstlineno')}`);
    const name = resolveRef(map, childByLabel(map, i, 'co_name'));
    if (c.layout !== '2.7' && map.ranges[name]?.detail !== quoteShort(c.name)) problems.push(`${where}: co_name ${map.ranges[name]?.detail}`);
    const consts = resolveRef(map, childByLabel(map, i, 'co_consts'));
    if (map.ranges[consts]?.detail !== `tuple of ${c.consts.length}`) problems.push(`${where}: co_consts ${map.ranges[consts]?.detail}`);
    // co_code: the payload's bytes are the code object's bytecode.
    const co = resolveRef(map, childByLabel(map, i, 'co_code'));
    const payload = childByLabel(map, co, 'payload');
    const p = map.ranges[payload];
    const bytes = p ? data.subarray(p.start, p.end) : new Uint8Array(0);
    if (c.code.length && (!p || p.kind !== 'bytecode' || Buffer.compare(bytes, c.code) !== 0)) problems.push(`${where}: co_code payload differs`);
    const table = resolveRef(map, childByLabel(map, i, c.layout === '3.10' || c.layout === '3.11' ? 'co_linetable' : 'co_lnotab'));
    if (!map.ranges[table]?.detail.startsWith(`${c.linetable.length} byte`)) problems.push(`${where}: line table ${map.ranges[table]?.detail}`);
  }
  // Every code object has its range (none is only reached through a reference in CPython's files).
  for (const c of codes) if (!seen.has(c.id)) problems.push(`code ${c.qualname} has no range`);
  return problems.slice(0, 5);
}

describe('byte map over the corpora', () => {
  it('tiles every file readPyc reads, names what it read, and refuses the others as readPyc does', () => {
    const files = corpusFiles();
    const perVersion = new Map<string, { files: number; ranges: number; bytes: number }>();
    let refused = 0;
    const failures: string[] = [];
    for (const full of files) {
      const rel = path.relative(corporaDir, full);
      const data = new Uint8Array(fs.readFileSync(full));
      let file: ReturnType<typeof readPyc> | undefined;
      let readError: unknown;
      try {
        file = readPyc(data);
      } catch (e) {
        readError = e;
      }
      let map: ByteMap | undefined;
      let mapError: unknown;
      try {
        map = byteMap(data);
      } catch (e) {
        mapError = e;
      }
      if (!file) {
        refused++;
        if (!(mapError instanceof BytescopeError) || (readError as Error).message !== mapError.message) {
          failures.push(`${rel}: readPyc says ${(readError as Error).message}; the map says ${map ? 'nothing' : (mapError as Error).message}`);
        }
        continue;
      }
      if (!map) { failures.push(`${rel}: read, but the map fails: ${(mapError as Error).message}`); continue; }
      const problems = [...structureProblems(map), ...contentProblems(map, file, data)];
      if (problems.length) failures.push(`${rel}: ${problems.join('; ')}`);
      const s = perVersion.get(file.version) ?? { files: 0, ranges: 0, bytes: 0 };
      s.files++;
      s.ranges += map.ranges.length;
      s.bytes += data.length;
      perVersion.set(file.version, s);
    }
    const versions = [...perVersion.keys()].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]) + (Number(a[0]) - Number(b[0])) * 100);
    for (const v of versions) {
      const s = perVersion.get(v)!;
      console.log(`${v}: ${s.files} files, ${s.bytes} bytes, ${s.ranges} ranges`);
    }
    const total = [...perVersion.values()].reduce((a, s) => ({ files: a.files + s.files, ranges: a.ranges + s.ranges }), { files: 0, ranges: 0 });
    console.log(`${total.files} files mapped (${total.ranges} ranges), ${refused} refused like readPyc refuses them`);
    assert.deepEqual(failures, []);
    // As many files as the corpora hold today (minimums: an empty or misplaced corpus must not pass).
    const MIN: Record<string, number> = { '2.7': 25, '3.8': 23, '3.9': 19, '3.10': 113, '3.11': 10, '3.12': 112, '3.13': 105, '3.14': 104, '3.15': 16 };
    for (const [v, n] of Object.entries(MIN)) assert.ok((perVersion.get(v)?.files ?? 0) >= n, `${v}: ${perVersion.get(v)?.files ?? 0} files mapped, expected at least ${n}`);
  });
});

describe('byte map labels', () => {
  const file = path.join(corporaDir, 'xdis/bytecode_3.12/01_for_continue.pyc');

  it('names the header fields and the code object fields in file order', () => {
    const map = byteMap(new Uint8Array(fs.readFileSync(file)));
    const top = childRanges(map, -1).map((i) => map.ranges[i]!.label);
    assert.deepEqual(top, ['header', 'object']);
    assert.deepEqual(childRanges(map, 0).map((i) => map.ranges[i]!.label), ['magic', 'flags', 'mtime', 'source_size']);
    assert.match(map.ranges[1]!.detail, /^3531: CPython 3\.12$/);
    const root = childByLabel(map, -1, 'object');
    assert.equal(map.ranges[root]!.detail, 'code <module>');
    assert.deepEqual(childRanges(map, root).map((i) => map.ranges[i]!.label), [
      'type', 'co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_stacksize', 'co_flags', 'co_code', 'co_consts',
      'co_names', 'co_localsplusnames', 'co_localspluskinds', 'co_filename', 'co_name', 'co_qualname', 'co_firstlineno',
      'co_linetable', 'co_exceptiontable',
    ]);
    const type = map.ranges[childByLabel(map, root, 'type')]!;
    assert.equal(type.end - type.start, 1);
    assert.match(type.detail, /^"c" code \| FLAG_REF \(ref #0\)$/);
    assert.equal(map.ranges[root]!.refIndex, 0);
  });

  it('gives the path of a byte, and its leaf by binary search', () => {
    const map = byteMap(new Uint8Array(fs.readFileSync(file)));
    const root = childByLabel(map, -1, 'object');
    const code = childByLabel(map, root, 'co_code');
    const payload = map.ranges[childByLabel(map, code, 'payload')]!;
    for (const at of [payload.start, payload.end - 1]) {
      const leaf = leafAt(map, at);
      assert.equal(map.ranges[leaf], payload);
      assert.equal(formatRangePath(map, leaf), 'code <module> › co_code › payload');
      assert.deepEqual(rangePath(map, leaf), [root, code, leaf]);
    }
    assert.equal(leafAt(map, -1), -1);
    assert.equal(leafAt(map, map.size), -1);
    for (let at = 0; at < map.size; at++) {
      const r = map.ranges[leafAt(map, at)]!;
      assert.ok(r.start <= at && at < r.end && r.descendants === 0);
    }
  });

  it('names nested code objects and references in the path', () => {
    // A module with a function whose name is a reference to the interned string of its qualname's.
    const map = byteMap(new Uint8Array(fs.readFileSync(path.join(corporaDir, 'xdis/bytecode_3.12/03_fn_defaults.pyc'))));
    const paths = new Set<string>();
    for (const i of map.leaves) paths.add(formatRangePath(map, i));
    const nested = [...paths].filter((p) => /^code <module> › co_consts › \[\d+\] › code \S+ › co_code › payload$/.test(p));
    assert.ok(nested.length >= 1, [...paths].join('\n'));
    const refs = map.ranges.filter((r: ByteRange) => r.objectType === 'ref');
    assert.ok(refs.length > 0);
    for (const r of refs) assert.match(r.detail, /^→ ref #\d+: /);
  });
});

describe('byte map of mutated files', () => {
  it('either tiles the input or fails with readPyc\'s BytescopeError', () => {
    // A seeded generator (xorshift32): the same mutations on every run.
    let seed = 0x2545f491;
    const rand = (n: number) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
    const files = corpusFiles().filter((f) => /bytecode_3\.1[0-5]|bytecode_2\.7\/|\.(2\.7|3\.1[0-5])\.pyc$/.test(f));
    let mapped = 0;
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const data = new Uint8Array(fs.readFileSync(files[rand(files.length)]!));
      for (let k = 1 + rand(3); k > 0; k--) data[16 + rand(Math.max(1, data.length - 16))] = rand(256);
      const cut = rand(4) === 0 ? data.subarray(0, 16 + rand(Math.max(1, data.length - 16))) : data;
      let expected: unknown;
      try { readPyc(cut); } catch (e) { expected = e; }
      let map: ByteMap | undefined;
      try {
        map = byteMap(cut);
      } catch (e) {
        assert.ok(e instanceof BytescopeError, `mutation ${n}: ${(e as Error).message}`);
        assert.equal(e.message, (expected as Error | undefined)?.message, `mutation ${n}`);
        refused++;
        continue;
      }
      assert.equal(expected, undefined, `mutation ${n}: the map reads what readPyc refuses`);
      assert.deepEqual(structureProblems(map), [], `mutation ${n}`);
      mapped++;
    }
    console.log(`mutations: ${mapped} mapped, ${refused} refused`);
  });
});

describe('byte map of other inputs', () => {
  it('maps a bare marshal stream of any object with raw', () => {
    // (1, 'ab', None) as marshal 4 writes it: a small tuple of an int, a short ASCII string and None.
    const data = Uint8Array.from([0x29, 3, 0xe9, 1, 0, 0, 0, 0x7a, 2, 0x61, 0x62, 0x4e]);
    const map = byteMap(data, { raw: true, forceVersion: '3.12' });
    assert.equal(map.file, undefined);
    assert.deepEqual(structureProblems(map), []);
    assert.deepEqual([...map.leaves].map((i) => `${formatRangePath(map, i)}: ${map.ranges[i]!.detail}`), [
      'object › type: ")" small tuple', 'object › length: 3', 'object › [0] › type: "i" int (32-bit) | FLAG_REF (ref #0)',
      'object › [0] › value: 1', 'object › [1] › type: "z" short ASCII str', 'object › [1] › length: 2', 'object › [1] › payload: ',
      'object › [2]: "N" None',
    ]);
    assert.equal(map.ranges[childByLabel(map, 0, '[1]')]!.detail, '"ab"');
    // Without raw a .pyc must hold a code object, as for readPyc.
    assert.throws(() => byteMap(data, { forceVersion: '3.12' }), BytescopeError);
  });

  it('names trailing bytes', () => {
    const data = Uint8Array.from([0x4e, 1, 2]);
    const map = byteMap(data, { raw: true, forceVersion: '3.12' });
    assert.deepEqual(map.ranges.map((r) => `${r.label} ${r.start}-${r.end}`), ['object 0-1', 'trailing 1-3']);
  });

  it('follows references to their targets, Python 2 string references included', () => {
    // ['x' (interned, FLAG_REF), ref 0] in marshal 3; then Python 2's interned 't' and its 'R' reference.
    const v3 = Uint8Array.from([0x5b, 2, 0, 0, 0, 0xda, 1, 0x78, 0x72, 0, 0, 0, 0]);
    const map = byteMap(v3, { raw: true, forceVersion: '3.12' });
    const ref = map.ranges[childByLabel(map, 0, '[1]')]!;
    assert.equal(ref.objectType, 'ref');
    assert.equal(ref.target, childByLabel(map, 0, '[0]'));
    assert.equal(ref.detail, '→ ref #0: "x"');
    const v2 = Uint8Array.from([0x28, 2, 0, 0, 0, 0x74, 1, 0, 0, 0, 0x78, 0x52, 0, 0, 0, 0]);
    const map2 = byteMap(v2, { raw: true, forceVersion: '2.7' });
    assert.equal(map2.ranges[childByLabel(map2, 0, '[1]')]!.target, childByLabel(map2, 0, '[0]'));
    assert.deepEqual(structureProblems(map2), []);
  });

  it('fails like readPyc on broken input, and on too many ranges', () => {
    const data = new Uint8Array(fs.readFileSync(path.join(corporaDir, 'xdis/bytecode_3.12/01_for_continue.pyc')));
    for (const cut of [3, 10, 17, 40, data.length - 1]) {
      const part = data.subarray(0, cut);
      let expected = '';
      try { readPyc(part); } catch (e) { expected = (e as Error).message; }
      assert.notEqual(expected, '');
      assert.throws(() => byteMap(part), (e: unknown) => e instanceof BytescopeError && e.message === expected);
    }
    const full = byteMap(data);
    assert.throws(() => byteMap(data, { maxRanges: full.ranges.length - 1 }), (e: unknown) => e instanceof BytescopeError && e.kind === 'limit' && /byte map of more than/.test(e.message));
    assert.equal(byteMap(data, { maxRanges: full.ranges.length }).ranges.length, full.ranges.length);
    // A tuple of a million Nones: two million bytes... stopped by the default limit well before.
    const many = new Uint8Array(5 + 1_100_000).fill(0x4e);
    many.set([0x28, 0x60, 0xc8, 0x10, 0x00]); // length 1,100,000
    assert.throws(() => byteMap(many, { raw: true, forceVersion: '3.12' }), (e: unknown) => e instanceof BytescopeError && e.kind === 'limit');
  });
});
