/** `bytescope info` says only what is true of the file: header fields its version has, times as numbers, and for
 * source compiled here, which CPython patch release compiled it (not a 1970 mtime). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { assemblePyc, makeCode } from '@bytescope/core/testkit';
import { cli, tempDir } from './helpers.js';

const tmp = tempDir('info');

test('source compiled in memory: the CPython patch release that compiled it, and no made-up mtime', () => {
  const src = path.join(tmp, 'a.py');
  writeFileSync(src, 'x = 1\n');
  const j = cli(['info', '--json', '--python', '3.10', src]);
  assert.equal(j.code, 0, j.err);
  const r = JSON.parse(j.out) as { mtime: unknown; compiled_by: string; compiled_in: string };
  assert.equal(r.mtime, null);
  // The runtime behind --python 3.10 is a 3.10 patch release of its own (3.10.2), whose bytecode can differ from another's.
  assert.match(r.compiled_by, /^3\.10\.\d+$/);
  assert.match(r.compiled_in, /^Pyodide \d/);
  const t = cli(['info', '--python', '3.10', src]);
  assert.match(t.out, new RegExp(`\\nCompiled by: +CPython ${r.compiled_by.replace(/\./g, '\\.')} \\(Pyodide [^)]+\\), in memory\\n`));
  assert.doesNotMatch(t.out, /1970/);
});

test('mtime is the header\'s integer in info --json, as in dis --format json', () => {
  const file = path.join(tmp, 'b.pyc');
  writeFileSync(file, assemblePyc('3.12', makeCode('3.12'), { mtime: 1_700_000_000 }));
  const info = JSON.parse(cli(['info', '--json', file]).out) as { mtime: unknown; compiled_by: unknown };
  const dis = JSON.parse(cli(['dis', '--format', 'json', file]).out) as { header: { mtime: unknown } };
  assert.equal(info.mtime, 1_700_000_000);
  assert.equal(dis.header.mtime, info.mtime);
  assert.equal(info.compiled_by, null);
  assert.match(cli(['info', file]).out, /\nSource mtime: +2023-11-14T22:13:20\.000Z \(1700000000\)\n/);
});

/** A `.pyc` written by a native CPython (pyenv), or null when that version is not installed. */
function nativePyc(version: string): string | null {
  const exe = path.join(homedir(), '.pyenv', 'versions');
  const dirs = existsSync(exe) ? execFileSync('ls', [exe], { encoding: 'utf8' }).split('\n').filter((d) => d.startsWith(version + '.')) : [];
  if (!dirs.length) return null;
  const src = path.join(tmp, `m${version.replace('.', '')}.py`);
  writeFileSync(src, 'x = 1\n');
  const out = path.join(tmp, `m${version.replace('.', '')}.pyc`);
  execFileSync(path.join(exe, dirs[0]!, 'bin', 'python'), ['-c', `import py_compile; py_compile.compile(${JSON.stringify(src)}, cfile=${JSON.stringify(out)}, doraise=True)`]);
  return out;
}

test('no Flags field for versions whose header has none (before 3.7, PEP 552)', (t) => {
  for (const v of ['2.7', '3.6', '3.8']) {
    const file = nativePyc(v);
    if (!file) { t.diagnostic(`skipped ${v}: no native CPython ${v} under ~/.pyenv/versions`); continue; }
    const r = cli(['info', '--json', file]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { flags: number | null; mtime: number };
    assert.equal(j.flags, v === '3.8' ? 0 : null, v);
    assert.equal(typeof j.mtime, 'number');
    const text = cli(['info', file]).out;
    assert.equal(/\nFlags:/.test(text), v === '3.8', `${v}: ${text}`);
  }
});
