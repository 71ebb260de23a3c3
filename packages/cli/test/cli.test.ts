/**
 * The `bytescope` command as a user runs it: a real process, its stdout, stderr and exit code; and its
 * disassembly of source compared with what real CPython of each version prints for the same source.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DIS_VERSIONS, PYTHON_VERSIONS, pythonVersionRange, referenceVersions } from '@bytescope/core';
import { runPythonInChild } from '@bytescope/python';
import { CORPORA, assertOneLineError, cli, cliAsync, escapeRegExp, truncatedPyc, tempDir } from './helpers.js';

const tmp = tempDir('cli');

const SOURCE = `import sys
GLOBAL = 10

def outer(a, /, b, *args, c=3, **kw):
    total = 0
    def inner(y):
        nonlocal total
        total += y
        return total + GLOBAL
    for i in range(a):
        if i % 2 and i in {1, 2, 3}:
            inner(i)
        elif i > 5:
            break
    try:
        x = [v * 2 for v in args if v]
    except (ValueError, KeyError) as e:
        raise RuntimeError("bad") from e
    finally:
        pass
    with open(__file__) as f:
        data = f.read()
    return f"{total!r:>10} {x}", lambda q: q ** 2

class K(dict):
    attr: int = 1
    def m(self):
        return super().m(self.attr, *self, **self)

async def co(it):
    async for v in it:
        await v
    async with it as z:
        yield z

match sys.argv:
    case [a, b, *rest] if a:
        print(a, b, rest)
    case {"k": v}:
        print(v)
    case _:
        pass
`;

describe('bytescope dis on source matches real CPython', { concurrency: 2 }, () => {
  const file = path.join(tmp, 'sample.py');
  writeFileSync(file, SOURCE);
  for (const v of PYTHON_VERSIONS) {
    test(`--python ${v}`, { timeout: 120_000 }, async () => {
      const [ours, real] = await Promise.all([
        cliAsync(['dis', '--python', v, file]),
        runPythonInChild(v, `import dis, io\nb = io.StringIO()\ndis.dis(compile(open('/mnt/sample.py', 'rb').read(), ${JSON.stringify(file)}, 'exec'), file=b)\nb.getvalue()`,
          { mount: { host: tmp, at: '/mnt' } }),
      ]);
      assert.equal(ours.code, 0, ours.err);
      const mask = (s: string) => s.replace(/ at 0x[0-9a-f]+, file/g, ' at 0xADDR, file');
      assert.equal(mask(ours.out), mask(real));
    });
  }
});

test('--help and --version', () => {
  const h = cli(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.out, /usage: bytescope <command>/);
  for (const cmd of ['dis', 'info']) {
    const r = cli([cmd, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, new RegExp(`usage: bytescope ${cmd}`));
  }
  const v = cli(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.out, /^bytescope \d+\.\d+\.\d+\n$/);
});

test('usage errors exit 2 with one line', () => {
  for (const args of [['frobnicate'], ['dis'], ['dis', '--bogus', 'x.pyc'], ['dis', '--python', '2.5', '-c', 'x'], ['dis', '--format', 'xml', 'x.pyc'], ['dis', '--depth', '-1', 'x.pyc']]) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assertOneLineError(r.err, /./);
  }
});

test('every command that takes --python checks it alike, before reading or running anything', () => {
  const file = path.join(tmp, 'ok.py');
  writeFileSync(file, 'x = 1\n');
  const expected = `bytescope: --python must be ${pythonVersionRange()}, not "2.5"\n`;
  for (const args of [['dis', '-c', 'x'], ['info', file], ['run', '--counts', file], ['specialize', file], ['compare', file, file], ['hints', file]]) {
    const r = cli([...args, '--python', '2.5']);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err, expected, args.join(' '));
  }
  // explain describes the versions of the reference (2.7 and 3.0 on), not only those with a runtime.
  const r = cli(['explain', 'NOP', '--python', '2.5']);
  assert.equal(r.code, 2);
  assert.equal(r.err, `bytescope: --python must be a version the reference describes (${referenceVersions().join(', ')}), not "2.5"\n`);
});

test('bad input files exit 1 with one line naming the problem', () => {
  const junk = path.join(tmp, 'junk.pyc');
  writeFileSync(junk, Buffer.from([0x01, 0x02, 0x0d, 0x0a, 0, 0, 0, 0]));
  let r = cli(['dis', junk]);
  assert.equal(r.code, 1);
  assertOneLineError(r.err, /unknown magic number 513.*--force-version/);

  const truncated = path.join(tmp, 'trunc.pyc');
  writeFileSync(truncated, truncatedPyc());
  r = cli(['dis', truncated]);
  assert.equal(r.code, 1);
  assertOneLineError(r.err, /truncated/);

  r = cli(['dis', path.join(tmp, 'missing.pyc')]);
  assert.equal(r.code, 1);
  assertOneLineError(r.err, /no such file/);

  // A directory is searched for .pyc files (cli-dir.test.ts); one without any is a bad input.
  const noPyc = tempDir('nopyc');
  r = cli(['dis', noPyc]);
  assert.equal(r.code, 1);
  assertOneLineError(r.err, /no \.pyc files in this directory/);
});

test('a syntax error prints CPython\'s message with file, line and column, exit 1', () => {
  const bad = path.join(tmp, 'bad.py');
  writeFileSync(bad, 'x = 1\ny = (\n');
  const r = cli(['dis', bad]);
  assert.equal(r.code, 1);
  assertOneLineError(r.err, new RegExp(`${escapeRegExp(bad)}:2:5: SyntaxError: '\\(' was never closed`));
});

test('options refused for versions whose dis lacks them', () => {
  const r = cli(['dis', '--python', '3.12', '-O', '-c', 'x = 1']);
  assert.equal(r.code, 2);
  assertOneLineError(r.err, /--show-offsets needs Python 3\.13/);
});

test('several files print one after another, in order, each after its "# PATH" header; -c and stdin work', () => {
  const a = path.join(tmp, 'a.py');
  const b = path.join(tmp, 'b.py');
  writeFileSync(a, 'A = 1\n');
  writeFileSync(b, 'B = 2\n');
  const both = cli(['dis', a, b]);
  assert.equal(both.code, 0, both.err);
  const one = cli(['dis', a]).out;
  const two = cli(['dis', b]).out;
  assert.equal(both.out, `# ${a}\n${one}\n# ${b}\n${two}`);
  assert.match(one, /STORE_NAME +0 \(A\)/);
  const s = cli(['dis', '-'], 'C = 3\n');
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /STORE_NAME +0 \(C\)/);
});

test('info on corpus .pyc files of 3.12 and 3.8; a version without a table is read, not disassembled', () => {
  const dir = path.join(CORPORA, 'xdis', 'bytecode_3.12');
  const file = readdirSync(dir).filter((f) => f.endsWith('.pyc')).sort()[0]!;
  const r = cli(['info', path.join(dir, file)]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Python: +3\.12/);
  assert.match(r.out, /Magic: +3531 \(cb 0d 0d 0a\)/);
  const j = cli(['info', '--json', path.join(dir, file)]);
  const report = JSON.parse(j.out) as { version: string; magic: number; code_objects: unknown[] };
  assert.equal(report.version, '3.12');
  assert.equal(report.magic, 3531);
  assert.ok(report.code_objects.length >= 1);
  const old = readdirSync(path.join(CORPORA, 'xdis', 'bytecode_3.8')).filter((f) => f.endsWith('.pyc')).sort()[0]!;
  const r8 = cli(['info', path.join(CORPORA, 'xdis', 'bytecode_3.8', old)]);
  assert.equal(r8.code, 0, r8.err);
  assert.match(r8.out, /Python: +3\.8/);
  assert.match(r8.out, /Bytecode: +\d+ bytes, \d+ instructions/);
  const d8 = cli(['dis', path.join(CORPORA, 'xdis', 'bytecode_3.8', old)]);
  assert.equal(d8.code, 0, d8.err);
  assert.match(d8.out, /^ +\d+ +0 [A-Z_]+/);
  // A 3.15 file whose magic says 3.16 (2900 + 50 * 16, an alpha's number): read, but no table to disassemble it.
  const future = readFileSync(path.join(CORPORA, 'xdis', 'bytecode_3.15', readdirSync(path.join(CORPORA, 'xdis', 'bytecode_3.15')).filter((f) => f.endsWith('.pyc')).sort()[0]!));
  future.writeUInt16LE(3700, 0);
  const f16 = path.join(tmp, 'future.pyc');
  writeFileSync(f16, future);
  const r16 = cli(['info', f16]);
  assert.equal(r16.code, 0, r16.err);
  assert.match(r16.out, /not disassembled/);
  const d16 = cli(['dis', f16]);
  assert.equal(d16.code, 1);
  assertOneLineError(d16.err, new RegExp(`Python 3\\.16 \\.pyc read, but disassembly needs ${escapeRegExp(DIS_VERSIONS[0]!)} `));
});

test('--raw reads a bare marshalled code object', () => {
  const dir = path.join(CORPORA, 'xdis', 'bytecode_3.13');
  const file = path.join(dir, readdirSync(dir).filter((f) => f.endsWith('.pyc')).sort()[0]!);
  const raw = path.join(tmp, 'raw.bin');
  writeFileSync(raw, readFileSync(file).subarray(16));
  const r = cli(['dis', '--raw', '--force-version', '3.13', raw]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, cli(['dis', file]).out);
  const noVersion = cli(['dis', '--raw', raw]);
  assert.equal(noVersion.code, 2);
  assertOneLineError(noVersion.err, /--raw needs --force-version/);
});
