/**
 * `bytescope dis --python` through the runtime server, and `bytescope server` (status, start, stop): the first
 * command compiles by itself and leaves a server, the next one is served by it with the same output and warnings.
 * A cache directory of its own; everything started is stopped.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, assertOneLineError, type CliResult } from './helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-cli-srv-'));
after(() => {
  run(['server', 'stop']);
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], extra: Record<string, string> = {}): CliResult {
  // Warm starts used, never made here (a maker left running would write into the directory after it is removed).
  const env: NodeJS.ProcessEnv = { ...process.env, BYTESCOPE_CACHE_DIR: dir, BYTESCOPE_WARM_START: 'use', ...extra };
  if (!('BYTESCOPE_SERVER' in extra)) delete env.BYTESCOPE_SERVER;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000, env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('dis --python: the first run leaves a runtime server, the next is served by it with the same output; server status/stop', { timeout: 600_000 }, async () => {
  const file = path.join(dir, 'warns.py');
  writeFileSync(file, 'x = 1 is 1\ndef f(a):\n    return a is "s"\n');
  assert.equal(run(['server']).out, 'no runtime server running\n');
  const first = run(['dis', '--python', '3.14', file]);
  assert.equal(first.code, 0, first.err);
  assert.match(first.err, /SyntaxWarning/);
  await until(() => /^runtime server pid \d+: CPython 3\.14; /.test(run(['server']).out), 180_000, 'the server to load 3.14');
  const second = run(['dis', '--python', '3.14', file]);
  assert.deepEqual(second, first);
  const served = run(['server', 'status']).out;
  assert.match(served, /: CPython 3\.14; [1-9]\d* compiles? served, up /);
  const json = [run(['dis', '--python', '3.14', '--format', 'json', file]), run(['dis', '--python', '3.14', '--format', 'json', file], { BYTESCOPE_SERVER: '0' })];
  assert.deepEqual(json[0], json[1]);
  assert.notEqual(run(['server']).out, served, 'the served JSON compile was counted');
  assert.deepEqual(run(['server', 'stop']), { code: 0, out: 'stopped 1 runtime server\n', err: '' });
  await until(() => run(['server']).out === 'no runtime server running\n', 30_000, 'the server to stop');
});

test('server start loads a version ahead of use; with the server off, status says so and start/stop fail in one line', { timeout: 600_000 }, () => {
  const started = run(['server', 'start', '--python', '3.12']);
  assert.equal(started.code, 0, started.err);
  assert.match(started.out, /^runtime server pid \d+: CPython 3\.12 loaded, and a lab runtime of it\n$/);
  assert.match(run(['server']).out, /: CPython 3\.12, a lab runtime of CPython 3\.12; /);
  assert.equal(run(['server', 'stop']).code, 0);
  assert.deepEqual(run(['server'], { BYTESCOPE_SERVER: '0' }), { code: 0, out: 'the runtime server is off (BYTESCOPE_SERVER=0 or BYTESCOPE_WARM_START=0)\n', err: '' });
  const stop = run(['server', 'stop'], { BYTESCOPE_SERVER: '0' });
  assert.equal(stop.code, 1);
  assertOneLineError(stop.err, /the runtime server is off/);
  const bad = run(['server', 'restart']);
  assert.equal(bad.code, 2);
  assertOneLineError(bad.err, /unknown server action restart/);
});
