/**
 * `bytescope dis DIR` and `info DIR`: recursion in sorted path order with `# PATH` headers, keep-going (bad
 * files reported at the end, one line each, exit 1), `--fail-fast`, and `--jobs N` giving exactly the output
 * of one job. Runs the real executable on .pyc files of the shared corpora copied into temporary directories.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DIS_VERSIONS } from '@bytescope/core';
import { CORPORA, cli, escapeRegExp, truncatedPyc, tempDir } from './helpers.js';

const XDIS = path.join(CORPORA, 'xdis');

function firstPycs(version: string, n: number): string[] {
  const dir = path.join(XDIS, `bytecode_${version}`);
  return readdirSync(dir).filter((f) => f.endsWith('.pyc')).sort().slice(0, n).map((f) => path.join(dir, f));
}

/** The `# PATH` headers of a directory listing, in order. */
const headers = (out: string) => out.split('\n').filter((l) => l.startsWith('# ')).map((l) => l.slice(2));

/**
 * A tree of good files of several versions (3.8 among them), bad files (unknown magic, truncated, a file of a
 * version that has no opcode table: a 3.15 file whose magic says 3.16) and files that are not .pyc (ignored):
 *   root/b.pyc  root/a/z.pyc  root/a/m/x.pyc  root/a/bad.pyc  root/c/trunc.pyc  root/c/old.pyc  root/c/new.pyc
 *   root/notes.txt  root/s.py
 */
function makeTree(): { root: string; good: string[]; bad: string[] } {
  const root = tempDir('dir');
  mkdirSync(path.join(root, 'a', 'm'), { recursive: true });
  mkdirSync(path.join(root, 'c'));
  const [p312] = firstPycs('3.12', 1);
  const [p313] = firstPycs('3.13', 1);
  const [p314] = firstPycs('3.14', 1);
  const [p38] = firstPycs('3.8', 1);
  const [p315] = firstPycs('3.15', 1);
  copyFileSync(p312!, path.join(root, 'b.pyc'));
  copyFileSync(p313!, path.join(root, 'a', 'z.pyc'));
  copyFileSync(p314!, path.join(root, 'a', 'm', 'x.pyc'));
  copyFileSync(p38!, path.join(root, 'c', 'old.pyc'));
  const future = readFileSync(p315!);
  future.writeUInt16LE(3700, 0); // 2900 + 50 * 16: a 3.16 alpha's magic, read with 3.15's layout, no table
  writeFileSync(path.join(root, 'c', 'new.pyc'), future);
  writeFileSync(path.join(root, 'a', 'bad.pyc'), Buffer.from([0x01, 0x02, 0x0d, 0x0a, 0, 0, 0, 0]));
  writeFileSync(path.join(root, 'c', 'trunc.pyc'), truncatedPyc());
  writeFileSync(path.join(root, 'notes.txt'), 'not bytecode\n');
  writeFileSync(path.join(root, 's.py'), 'x = 1\n');
  // Sorted path order: a/ (bad.pyc, m/x.pyc, z.pyc), b.pyc, c/ (new.pyc, old.pyc, trunc.pyc).
  return {
    root,
    good: ['a/m/x.pyc', 'a/z.pyc', 'b.pyc', 'c/old.pyc'].map((p) => path.join(root, p)),
    bad: ['a/bad.pyc', 'c/new.pyc', 'c/trunc.pyc'].map((p) => path.join(root, p)),
  };
}

const tree = makeTree();

test('dis DIR: every .pyc in sorted path order after a "# PATH" header, each as dis FILE prints it', () => {
  const r = cli(['dis', tree.root]);
  assert.deepEqual(headers(r.out), tree.good);
  const expected = tree.good.map((f, i) => {
    const one = cli(['dis', f]);
    assert.equal(one.code, 0, one.err);
    return `${i ? '\n' : ''}# ${f}\n${one.out}`;
  }).join('');
  assert.equal(r.out, expected);
});

test('dis DIR keeps going: bad files are reported at the end, one line each, exit 1', () => {
  const r = cli(['dis', tree.root]);
  assert.equal(r.code, 1);
  const lines = r.err.trimEnd().split('\n');
  assert.equal(lines.length, tree.bad.length, r.err);
  tree.bad.forEach((f, i) => assert.ok(lines[i]!.startsWith(`bytescope: ${f}: `), lines[i]));
  assert.match(lines[0]!, /unknown magic number 513/);
  assert.match(lines[1]!, /Python 3\.16 \.pyc read, but disassembly needs/);
  assert.match(lines[2]!, /truncated/);
  assert.doesNotMatch(r.err, /\n\s+at /);
});

test('a directory of good files exits 0 with nothing on stderr; one without .pyc files is a bad input', () => {
  const good = tempDir('good');
  for (const [i, f] of firstPycs('3.13', 3).entries()) copyFileSync(f, path.join(good, `f${i}.pyc`));
  const r = cli(['dis', good]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  assert.equal(headers(r.out).length, 3);
  const empty = tempDir('empty');
  writeFileSync(path.join(empty, 'x.py'), 'x = 1\n');
  const e = cli(['dis', empty]);
  assert.equal(e.code, 1);
  assert.equal(e.err, `bytescope: ${empty}: no .pyc files in this directory\n`);
});

test('--fail-fast stops at the first bad file', () => {
  const r = cli(['dis', '--fail-fast', tree.root]);
  assert.equal(r.code, 1);
  assert.equal(r.err.trimEnd().split('\n').length, 1);
  assert.match(r.err, new RegExp(`^bytescope: ${escapeRegExp(tree.bad[0]!)}: unknown magic`));
  assert.deepEqual(headers(r.out), []); // a/bad.pyc comes first
});

test('--keep-going on named files lists the good ones and reports the bad ones at the end', () => {
  const r = cli(['dis', '--keep-going', tree.bad[0]!, tree.good[0]!, tree.bad[2]!]);
  assert.equal(r.code, 1);
  assert.equal(r.out, `# ${tree.good[0]!}\n${cli(['dis', tree.good[0]!]).out}`); // several files: each after its header
  assert.equal(r.err.trimEnd().split('\n').length, 2);
  const plain = cli(['dis', tree.bad[0]!, tree.good[0]!]);
  assert.equal(plain.code, 1);
  assert.equal(plain.out, '');
});

test('--jobs N gives exactly the output of one job (text, JSON, info, options, errors)', () => {
  // A dozen files of every disassembled version the corpora have a dozen of.
  const PER_VERSION = 12;
  const versions = DIS_VERSIONS.filter((v) => {
    const dir = path.join(XDIS, `bytecode_${v}`);
    return existsSync(dir) && readdirSync(dir).filter((f) => f.endsWith('.pyc')).length >= PER_VERSION;
  });
  assert.ok(versions.length >= 3, `corpora of ${versions.join(', ')}`);
  const files = versions.length * PER_VERSION;
  const big = tempDir('jobs');
  for (const v of versions) {
    mkdirSync(path.join(big, v));
    for (const f of firstPycs(v, PER_VERSION)) copyFileSync(f, path.join(big, v, path.basename(f)));
  }
  writeFileSync(path.join(big, versions[1]!, 'zz-bad.pyc'), Buffer.from([0x01, 0x02, 0x0d, 0x0a]));
  // -C is ignored for the files before 3.11 (their dis has no show_caches), with a warning; JSON has no headers.
  for (const extra of [[], ['-C'], ['--format', 'json'], ['--depth', '0']]) {
    const one = cli(['dis', ...extra, big]);
    assert.equal(one.code, 1);
    assert.equal(headers(one.out).length, extra[0] === '--format' ? 0 : files);
    for (const jobs of ['2', '3', '0']) {
      const many = cli(['dis', '--jobs', jobs, ...extra, big]);
      assert.equal(many.code, one.code);
      assert.equal(many.out, one.out, `dis --jobs ${jobs} ${extra.join(' ')}`);
      assert.equal(many.err, one.err);
    }
  }
  const json = JSON.parse(cli(['dis', '--format', 'json', '-j', '2', big]).out) as { file: string }[];
  assert.equal(json.length, files);
  assert.ok(json.every((d) => d.file.startsWith(big)));
  const info1 = cli(['info', big]);
  const info2 = cli(['info', '-j', '2', big]);
  assert.equal(info2.out, info1.out);
  assert.equal(info2.err, info1.err);
  assert.equal(headers(info1.out).length, files);
  const infoJson = JSON.parse(cli(['info', '--json', '-j', '2', big]).out) as { file: string; version: string }[];
  assert.equal(infoJson.length, files);
  assert.ok(infoJson.every((d) => d.file.startsWith(big) && versions.includes(d.version)));
});

test('usage errors of the directory options exit 2 with one line', () => {
  for (const args of [['dis', '--jobs', 'x', tree.root], ['dis', '--jobs', '-1', tree.root], ['dis', '--keep-going', '--fail-fast', tree.root]]) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err.trimEnd().split('\n').length, 1);
    assert.match(r.err, /^bytescope: /);
  }
});

test('in a directory, an option a version lacks is ignored for its files, and said once per version', () => {
  const r = cli(['dis', '-O', '-C', tree.root]);
  assert.equal(r.code, 1); // the bad files, as without the options
  assert.deepEqual(headers(r.out), tree.good); // 3.14 and 3.13 have -O; b.pyc (3.12) and c/old.pyc (3.8) are listed without
  const warnings = r.err.split('\n').filter((l) => l.includes('warning'));
  assert.deepEqual(warnings, [
    "bytescope: warning: --show-offsets ignored for the Python 3.12 files (that version's dis has no such option)",
    "bytescope: warning: --show-caches ignored for the Python 3.8 files (that version's dis has no such option)",
    "bytescope: warning: --show-offsets ignored for the Python 3.8 files (that version's dis has no such option)",
  ]);
  // Each file as `dis FILE` lists it with the options its version has.
  const sections = r.out.split(/^# .*\n/m).slice(1).map((t, i, all) => (i < all.length - 1 ? t.slice(0, -1) : t));
  const withOptions = [['-O', '-C'], ['-O', '-C'], ['-C'], []];
  tree.good.forEach((f, i) => assert.equal(sections[i], cli(['dis', ...withOptions[i]!, f]).out, f));
});
