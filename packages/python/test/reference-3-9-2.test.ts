/**
 * The reference outputs of real CPython 3.9.2 (`../shared/reference/cpython-3.9.2-stdlib.tar.xz`, see its README:
 * `in/NAME.pyc` compiled by Debian's python3.9, `out/NAME.dis` what its `dis.dis` printed): our text must be
 * identical module for module, code-object addresses and frozenset order aside. The archive is unpacked into
 * `.cache/reference-3.9.2/` (with `tar -xJf`) on first use. Skipped, saying why, when the archive is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { disassembleToText, getVersion, readPyc } from '@bytescope/core';
import { firstDifference, normalizeDis } from '../src/compare.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const archive = process.env.BYTESCOPE_REFERENCE_392 ?? path.resolve(repoRoot, '../shared/reference/cpython-3.9.2-stdlib.tar.xz');
const cache = path.join(repoRoot, '.cache', 'reference-3.9.2');

/** The unpacked archive (in/, out/), unpacked once. */
function unpacked(): string {
  if (existsSync(path.join(cache, 'DONE'))) return cache;
  const tmp = `${cache}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const r = spawnSync('tar', ['-xJf', archive, '-C', tmp], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar -xJf ${archive} failed: ${r.stderr || r.error}`);
  writeFileSync(path.join(tmp, 'DONE'), '');
  rmSync(cache, { recursive: true, force: true });
  renameSync(tmp, cache);
  return cache;
}

test('CPython 3.9.2 reference: every module of its stdlib disassembles to the text its dis printed', { skip: existsSync(archive) ? false : `no ${archive}` }, () => {
  const dir = unpacked();
  const v = getVersion('3.9');
  assert.ok(v);
  const names = readdirSync(path.join(dir, 'in')).filter((f) => f.endsWith('.pyc')).map((f) => f.slice(0, -4)).sort();
  const outs = readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.dis')).map((f) => f.slice(0, -4)).sort();
  assert.deepEqual(names, outs, 'every in/NAME.pyc has its out/NAME.dis');
  assert.ok(names.length >= 400, `only ${names.length} modules in ${archive}`);
  const failures: string[] = [];
  for (const name of names) {
    const pyc = readPyc(new Uint8Array(readFileSync(path.join(dir, 'in', `${name}.pyc`))));
    if (pyc.version !== '3.9') { failures.push(`${name}: read as ${pyc.version}`); continue; }
    const expected = normalizeDis(readFileSync(path.join(dir, 'out', `${name}.dis`), 'utf8'));
    const d = firstDifference(expected, normalizeDis(disassembleToText(pyc.code, v)));
    if (d) failures.push(`${name} line ${d.line}:\n  expected: ${d.expected}\n  actual:   ${d.actual}`);
  }
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${names.length} modules differ`);
  console.log(`# CPython 3.9.2 reference: ${names.length} modules identical`);
});
