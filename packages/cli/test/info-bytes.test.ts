/**
 * `bytescope info --bytes`: the hex dump holds every byte of the file once, in order, each leaf line labelled; the
 * JSON ranges' leaves cover every byte exactly once; source is mapped as the `.pyc` CPython wrote for it; bare
 * marshal streams with --raw; bad files fail in one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../bundle/bin.js', import.meta.url));
const CORPORA = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared/corpora');
const tmp = tempDir('bytes');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Range { start: number; end: number; label: string; depth: number; kind: string; detail: string; leaf: boolean; target?: number; ref_index?: number; intern_index?: number }

/** Checks that the leaves of `ranges` cover [0, size) exactly once, in order, and that every range lies in its parent. */
function assertTiles(ranges: Range[], size: number, what: string): void {
  let pos = 0;
  const open: Range[] = [];
  for (const r of ranges) {
    assert.ok(r.end > r.start, `${what}: empty range ${JSON.stringify(r)}`);
    while (open.length && open[open.length - 1]!.depth >= r.depth) open.pop();
    const parent = open[open.length - 1];
    assert.equal(r.depth, parent ? parent.depth + 1 : 0, `${what}: depth of ${JSON.stringify(r)}`);
    if (parent) assert.ok(r.start >= parent.start && r.end <= parent.end, `${what}: ${r.label} outside ${parent.label}`);
    if (r.leaf) {
      assert.equal(r.start, pos, `${what}: ${r.start > pos ? 'gap' : 'overlap'} at ${Math.min(pos, r.start)}`);
      pos = r.end;
    } else open.push(r);
  }
  assert.equal(pos, size, `${what}: the leaves end at ${pos}, the file at ${size}`);
}

/** The bytes of a text dump, read back from its hex column, in order. */
function dumpedBytes(text: string): number[] {
  const bytes: number[] = [];
  for (const line of text.split('\n').slice(2)) {
    const hex = line.slice(10, 10 + 47).trim();
    if (hex) for (const h of hex.split(' ')) bytes.push(parseInt(h, 16));
  }
  return bytes;
}

const FILES = [
  'xdis/bytecode_2.7/01_hexstring.pyc', 'xdis/bytecode_3.8/01_class.pyc', 'xdis/bytecode_3.10/01_for_continue.pyc',
  'xdis/bytecode_3.12/03_fn_defaults.pyc', 'xdis/bytecode_3.13/01_for_continue.pyc', 'xdis/bytecode_3.14/01_for_continue.pyc',
];

test('info --bytes --json: the leaves cover every byte exactly once, for 2.7 to 3.14 files', () => {
  for (const rel of FILES) {
    const file = path.join(CORPORA, rel);
    const size = readFileSync(file).length;
    const r = cli(['info', '--bytes', '--json', file]);
    assert.equal(r.code, 0, `${rel}: ${r.err}`);
    const doc = JSON.parse(r.out) as { file: string; version: string; size: number; ranges: Range[] };
    assert.equal(doc.size, size);
    assert.equal(doc.file, file);
    assertTiles(doc.ranges, size, rel);
    assert.deepEqual(doc.ranges.filter((x) => x.depth === 0).map((x) => x.label), ['header', 'object']);
    for (const x of doc.ranges) {
      const t = x.target === undefined ? undefined : doc.ranges[x.target]!;
      if (t) assert.notEqual(t.ref_index ?? t.intern_index, undefined, `${rel}: target of ${JSON.stringify(x)}`);
    }
  }
});

test('info --bytes: a hex dump of every byte, in order, each leaf named', () => {
  const file = path.join(CORPORA, 'xdis/bytecode_3.12/03_fn_defaults.pyc');
  const data = readFileSync(file);
  const r = cli(['info', '--bytes', file]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(dumpedBytes(r.out), [...data]);
  const lines = r.out.split('\n');
  assert.match(lines[0]!, /^.*03_fn_defaults\.pyc: \d+ bytes, CPython 3\.12, \d+ ranges$/);
  assert.match(r.out, /\n00000000 +header: 16 bytes, CPython 3\.12\n00000000  cb 0d 0d 0a +\.\.\.\. +magic: 3531: CPython 3\.12\n/);
  assert.match(r.out, /\n0000000c  [0-9a-f ]{11} +.{4} +source_size: \d+ bytes\n00000010 +object: code <module>\n00000010  e3 +\. +type: "c" code \| FLAG_REF \(ref #0\)\n/);
  assert.match(r.out, /^[0-9a-f]{8} +co_code: \d+ bytes$/m);
  assert.match(r.out, /^[0-9a-f]{8} +\[\d+\]: code \S+$/m);
});

test('info --bytes of source: the .pyc that CPython wrote for it', { timeout: 120_000 }, () => {
  const src = path.join(tmp, 'm.py');
  writeFileSync(src, 'def f(x):\n    return x + 1\n');
  const r = cli(['info', '--bytes', '--json', '--python', '3.12', src]);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out) as { version: string; size: number; ranges: Range[] };
  assert.equal(doc.version, '3.12');
  assertTiles(doc.ranges, doc.size, 'm.py');
  assert.ok(doc.ranges.some((x) => x.label === '[0]' && x.detail === 'code f'), 'the function is a constant of the module');
});

test('info --bytes --raw: a bare marshal stream; bad input fails in one line', () => {
  const data = readFileSync(path.join(CORPORA, 'xdis/bytecode_3.13/01_for_continue.pyc'));
  const blob = path.join(tmp, 'blob');
  writeFileSync(blob, data.subarray(16));
  const r = cli(['info', '--bytes', '--json', '--raw', '--force-version', '3.13', blob]);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out) as { size: number; ranges: Range[] };
  assertTiles(doc.ranges, data.length - 16, 'blob');
  assert.equal(doc.ranges[0]!.label, 'object');
  const cut = path.join(tmp, 'cut.pyc');
  writeFileSync(cut, data.subarray(0, 40));
  const bad = cli(['info', '--bytes', cut]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^bytescope: .*cut\.pyc: truncated marshal data: .*\n$/);
  assert.equal(bad.out, '');
});
