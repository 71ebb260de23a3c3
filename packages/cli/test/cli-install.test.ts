/**
 * The CLI as the README runs it: `npx bytescope …` from the repository root, after `npm ci`. That goes through
 * the link npm makes at install time, node_modules/.bin/bytescope, to the package's bin; npm makes no link to a
 * file that does not exist yet, so the bin must not be a build output (the build runs after the links).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, type CliResult } from './helpers.js';

// The compiled test is packages/cli/dist/test/: the repository root is four levels up.
const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const PKG = path.join(ROOT, 'packages/cli');

/** `npx bytescope ARGS` in the repository root (never from the registry: --no and --offline). */
function npx(args: string[]): CliResult {
  const r = spawnSync('npx', ['--no', '--offline', '--', 'bytescope', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the bin npm links is committed, not built', () => {
  const bin = (JSON.parse(readFileSync(path.join(PKG, 'package.json'), 'utf8')) as { bin: { bytescope: string } }).bin.bytescope;
  assert.ok(!path.normalize(bin).startsWith('dist' + path.sep), `bin ${bin} is built after npm links bins`);
  // npm ci links the bins the lockfile names.
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { bin?: Record<string, string> }> };
  assert.deepEqual(lock.packages['packages/cli']?.bin, { bytescope: bin }, 'package-lock.json names another bin: run npm install');
  const tracked = spawnSync('git', ['ls-files', '--error-unmatch', bin], { cwd: PKG, encoding: 'utf8' });
  if (tracked.error === undefined && !/not a git repository/.test(tracked.stderr)) assert.equal(tracked.status, 0, `${bin} is not committed`);
  const link = path.join(ROOT, 'node_modules/.bin/bytescope');
  assert.ok(existsSync(link), `no ${link}: npm made no link, and npx bytescope fails with "bytescope: not found"`);
  assert.equal(realpathSync(link), realpathSync(path.join(PKG, bin)));
});

test('npx bytescope from the repository root runs the CLI: output and exit status as the bundle gives them', { timeout: 120_000 }, () => {
  for (const args of [['--version'], ['dis', '--help'], ['versions', '3.12', '3.13'], ['frobnicate']]) {
    const viaNpx = npx(args);
    const direct = cli(args);
    assert.equal(viaNpx.code, direct.code, `npx bytescope ${args.join(' ')}: ${viaNpx.err}`);
    assert.equal(viaNpx.out, direct.out, `npx bytescope ${args.join(' ')}`);
    assert.equal(viaNpx.err, direct.err, `npx bytescope ${args.join(' ')}`);
  }
});
