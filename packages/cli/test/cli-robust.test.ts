/**
 * Issue 14's CLI items: runtimes that recover (deep expressions compiled at 3.14, deep recursion in the lab, the
 * lab's child killed with the CLI), output that stays bounded (JSON over a directory written one document at a
 * time, `--max-output`), user errors that are user errors, and the command line's own wording (help, unknown
 * options, several files, options a version lacks in a directory).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assemblePyc, makeCode } from '@bytescope/core/testkit';
import { BIN, assertOneLineError, cli, cliAsync, tempDir } from './helpers.js';

const dir = tempDir('robust');
const file = (name: string, data: string | Uint8Array) => { const p = path.join(dir, name); writeFileSync(p, data); return p; };
/** `x = 0+1+…+(n-1)`. */
const sumOf = (n: number) => `x = ${Array.from({ length: n }, (_, i) => i).join('+')}\n`;

test('a 10,000-term expression at 3.14 compiles as CPython does, with no JavaScript stack overflow', { timeout: 120_000 }, async () => {
  const big = file('big10k.py', sumOf(10_000));
  const r = await cliAsync(['dis', '--python', '3.14', big]);
  // With the compile thread's stack, 3.14 (whose check measures the C stack) compiles it: no error, no trace.
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /BINARY_OP\s+0 \(\+\)|LOAD_CONST/);
  assert.doesNotMatch(r.err, /wasm|internal error|Maximum call stack/);
});

test('deeper still, 3.14 gives CPython\'s own RecursionError in one line', { timeout: 120_000 }, async () => {
  const r = await cliAsync(['dis', '--python', '3.14', file('big100k.py', sumOf(100_000))]);
  assert.equal(r.code, 1);
  assertOneLineError(r.err, /big100k\.py: RecursionError: Stack overflow \(used \d+ kB\) during compilation$/);
});

test('a runtime that still dies is replaced: the file fails in one line, the next file compiles', { timeout: 120_000 }, () => {
  // A 1 MB stack (as Node's main thread has) makes Pyodide die on the 10,000 terms.
  const r = spawnSync(process.execPath, [BIN, 'dis', '--keep-going', '--python', '3.14', file('deep.py', sumOf(10_000)), file('ok.py', 'y = 2\n')], {
    encoding: 'utf8', env: { ...process.env, BYTESCOPE_STACK_MB: '1' }, timeout: 120_000,
  });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /# .*ok\.py\n[\s\S]*STORE_NAME\s+0 \(y\)/);
  assertOneLineError(r.stderr, /deep\.py: RecursionError: the source nests too deeply for the WebAssembly runtime: its JavaScript stack \(1 MB\) overflowed before CPython's own recursion check \(the runtime was restarted\)$/);
});

test('deep recursion in the lab is CPython\'s RecursionError at 3.10 and 3.14, never a driver failure', { timeout: 180_000 }, async () => {
  const rec = file('rec.py', 'def r(n): return r(n+1)\nr(0)\n');
  const ex = file('ex.py', `exec(${JSON.stringify(sumOf(10_000))})\nprint('compiled')\n`);
  const runs = await Promise.all([
    cliAsync(['run', '--counts', '--python', '3.10', rec]),
    cliAsync(['run', '--counts', '--python', '3.14', rec]),
    cliAsync(['run', '--counts', '--python', '3.14', ex]),
  ]);
  for (const r of runs.slice(0, 2)) {
    assert.equal(r.code, 1);
    assertOneLineError(r.err, /the program raised RecursionError: maximum recursion depth exceeded/);
  }
  assert.equal(runs[2]!.code, 0, runs[2]!.err); // 3.14 compiles the 10,000 terms given to exec, as above
  assert.match(runs[2]!.out, /^compiled$/m);
});

test('a lab runtime killed by a JavaScript stack overflow is reported in one line, not as a driver failure', { timeout: 120_000 }, () => {
  const ex = file('ex1.py', `exec(${JSON.stringify(sumOf(10_000))})\n`);
  const r = spawnSync(process.execPath, [BIN, 'run', '--counts', '--python', '3.14', ex], {
    encoding: 'utf8', env: { ...process.env, BYTESCOPE_STACK_MB: '1' }, timeout: 120_000,
  });
  assert.equal(r.status, 1);
  assertOneLineError(r.stderr, /RecursionError: the program recursed too deeply for the WebAssembly runtime: .*\(the Python 3\.14 runtime was restarted\)$/);
});

/** The process ids of the children of `pid` (Linux `ps`). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
  } catch {
    return [];
  }
}
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to bytescope kills the lab's Python child, busy in a loop`, { timeout: 120_000, skip: process.platform !== 'linux' && 'needs Linux ps' }, async () => {
    const loop = file('loop.py', 'while True: pass\n');
    const p = spawn(process.execPath, [BIN, 'run', '--counts', '--timeout', '100000', loop], { stdio: 'ignore' });
    let kids: number[] = [];
    for (let i = 0; i < 600 && !kids.length; i++) { await sleep(100); kids = childrenOf(p.pid!); }
    assert.ok(kids.length, 'the lab child started');
    await sleep(3000); // loaded and running the loop
    const exited = new Promise<NodeJS.Signals | null>((r) => p.on('exit', (_code, sig) => r(sig)));
    p.kill(signal);
    assert.equal(await exited, signal);
    for (let i = 0; i < 50 && kids.some(alive); i++) await sleep(100);
    assert.deepEqual(kids.filter(alive), [], 'the child outlived bytescope');
  });
}

test('JSON over a directory is the array of each file\'s document, written as it goes, in bounded memory', { timeout: 300_000 }, () => {
  // One larger 3.14 file (many code objects) copied 150 times: some 150 × 2 MB of JSON.
  const functions = Array.from({ length: 400 }, (_, i) => ({ type: 'code' as const, code: makeCode('3.14', { name: `f${i}` }) }));
  const code = makeCode('3.14', { consts: [{ type: 'None' as const }, ...functions] });
  const one = assemblePyc('3.14', code);
  const d = path.join(dir, 'many');
  mkdirSync(d);
  for (let i = 0; i < 150; i++) writeFileSync(path.join(d, `m${String(i).padStart(3, '0')}.pyc`), one);
  const single = cli(['dis', '--format', 'json', path.join(d, 'm000.pyc')]);
  assert.equal(single.code, 0, single.err);
  // Peak RSS of the whole run, measured by the process itself at exit (worker threads included).
  const probe = `process.argv = [process.argv[0], ${JSON.stringify(BIN)}, 'dis', '--format', 'json', ${JSON.stringify(d)}];
process.on('exit', () => process.stderr.write('maxRSS ' + process.resourceUsage().maxRSS + '\\n'));
await import(${JSON.stringify(BIN)});`;
  const script = file('probe.mjs', probe);
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const docs = JSON.parse(r.stdout) as { file: string }[];
  assert.equal(docs.length, 150);
  assert.equal(JSON.stringify(docs[0], null, 1) + '\n', single.out);
  assert.equal(r.stdout, JSON.stringify(docs, null, 1) + '\n');
  const rssMb = Number(/maxRSS (\d+)/.exec(r.stderr)![1]) / 1024;
  const outMb = r.stdout.length / 2 ** 20;
  assert.ok(rssMb < 250, `peak RSS ${rssMb.toFixed(0)} MB for ${outMb.toFixed(0)} MB of JSON`);
});

test('--max-output limits one file\'s listing or document, with one line', () => {
  const p = file('m.pyc', assemblePyc('3.14', makeCode('3.14')));
  for (const extra of [[], ['--format', 'json']]) {
    const r = cli(['dis', ...extra, '--max-output', '50', p]);
    assert.equal(r.code, 1);
    assertOneLineError(r.err, /m\.pyc: the (listing|JSON model) would exceed 50 characters/);
    assert.equal(cli(['dis', ...extra, '--max-output', '1000000', p]).code, 0);
  }
  assertOneLineError(cli(['dis', '--max-output', 'x', p]).err, /--max-output must be a whole number >= 1/);
});

test('.pyc bytes piped to dis - are disassembled, not compiled as source', () => {
  const pyc = assemblePyc('3.12', makeCode('3.12'));
  const r = spawnSync(process.execPath, [BIN, 'dis', '-'], { input: pyc, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, cli(['dis', file('p.pyc', pyc)]).out);
});

test('a compile error without a position names the file, not <source>; run - and hints - read stdin', { timeout: 120_000 }, async () => {
  const nul = file('nul.txt', 'x\0y\n');
  assertOneLineError(cli(['dis', nul]).err, new RegExp(`^bytescope: ${nul.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: SyntaxError: source code string cannot contain null bytes$`));
  const run = spawnSync(process.execPath, [BIN, 'run', '--counts', '-'], { input: 'print(6 * 7)\n', encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^42$/m);
  const hints = spawnSync(process.execPath, [BIN, 'hints', '-'], { input: 'x = (\n', encoding: 'utf8' });
  assert.equal(hints.status, 1);
  assertOneLineError(hints.stderr, /^bytescope: <stdin>:1: SyntaxError: '\(' was never closed$/);
});

test('hints on a 3.9 .pyc or on random bytes are user errors', () => {
  const old = file('old.pyc', assemblePyc('3.9', makeCode('3.9')));
  const r = cli(['hints', old]);
  assert.equal(r.code, 1);
  assertOneLineError(r.err, /hints are for Python 3\.10 … 3\.15; this code is Python 3\.9/);
  const rand = file('rand.pyc', new Uint8Array(300).map((_, i) => (i * 131 + 7) % 256));
  const q = cli(['hints', rand]);
  assert.equal(q.code, 1);
  assertOneLineError(q.err, /not a \.pyc file/);
  assert.doesNotMatch(r.err + q.err, /internal error/);
});

test('specialize exits 1 when the program raises or the version cannot specialize', { timeout: 120_000 }, async () => {
  const bad = file('bad.py', 'def f(): return 1/0\n');
  const [raised, json, old] = await Promise.all([
    cliAsync(['specialize', '--call', 'f()', bad]),
    cliAsync(['specialize', '--json', '--call', 'f()', bad]),
    cliAsync(['specialize', '--python', '3.10', '--call', 'f()', bad]),
  ]);
  assert.equal(raised.code, 1);
  assert.match(raised.err, /ZeroDivisionError/);
  assert.equal(json.code, 1);
  assert.equal(old.code, 1);
  assertOneLineError(old.err, /CPython 3\.10 has no specializing interpreter/);
});

test('the main help lines the commands up in one column; help COMMAND is that command\'s help', () => {
  const help = cli(['--help']).out;
  const rows = help.split('\n').filter((l) => /^ {2}[a-z]+ +\S/.test(l));
  assert.ok(rows.length >= 9);
  const column = (l: string) => /^ {2}[a-z]+ +/.exec(l)![0].length;
  assert.deepEqual([...new Set(rows.map(column))].length, 1, rows.join('\n'));
  const dis = cli(['help', 'dis']);
  assert.equal(dis.code, 0);
  assert.equal(dis.out, cli(['dis', '--help']).out);
});

test('unknown options and missing values are usage errors in one line of our own words', () => {
  for (const [args, pattern] of [
    [['--frobnicate'], /^bytescope: unknown option --frobnicate \(a command comes first/],
    [['dis', '--frobnicate', 'x.pyc'], /^bytescope: unknown option --frobnicate \(see bytescope dis --help/],
    [['dis', '--depth'], /^bytescope: --depth needs a value \(see bytescope dis --help\)$/],
    [['dis', '--stack=1', 'x.pyc'], /^bytescope: --stack takes no value \(see bytescope dis --help\)$/],
  ] as const) {
    const r = cli([...args]);
    assert.equal(r.code, 2, args.join(' '));
    assertOneLineError(r.err, pattern);
    assert.doesNotMatch(r.err, /To specify a positional argument|unknown command/);
  }
});

test('several files given to dis: each listing after a "# PATH" header, separated by a blank line', () => {
  const a = file('a.pyc', assemblePyc('3.12', makeCode('3.12')));
  const b = file('b.pyc', assemblePyc('3.13', makeCode('3.13')));
  const r = cli(['dis', a, b]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `# ${a}\n${cli(['dis', a]).out}\n# ${b}\n${cli(['dis', b]).out}`);
  // One file: dis's text alone.
  assert.doesNotMatch(cli(['dis', a]).out, /^# /m);
  copyFileSync(a, path.join(dir, 'copy.pyc'));
  assert.equal(readFileSync(path.join(dir, 'copy.pyc')).length, readFileSync(a).length);
});
