/**
 * The start-up bundle (the repository's scripts/bundle.js): `bytescope dis` and `info` start without the chunks that the command
 * table loads on demand (the reference data, the lab, the `--jobs` pool, ordered-results.js), which keeps their cold start fast;
 * the core is compiled with the build's V8 code cache (scripts/code-cache.js) when it fits, and from its source otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN, CORPORA, cli } from './helpers.js';

const BUNDLE = path.dirname(BIN);

/** The chunks that `bin.js` imports with `import("./…")`: loaded only when a command asks for them. */
function lazyChunks(): string[] {
  const text = readFileSync(BIN, 'utf8');
  return [...new Set([...text.matchAll(/\bimport\(\s*"\.\/([^"]+)"\s*\)/g)].map((m) => m[1]!))];
}

test('dis and info run without the chunks loaded on demand; explain needs its chunk', (t) => {
  const lazy = lazyChunks();
  for (const chunk of ['reference.js', 'lab.js', 'ordered-results.js']) assert.ok(lazy.includes(chunk), `bin.js does not load ${chunk} on demand (${lazy.join(', ')})`);
  // The bundle without them, beside the real one (so that packages resolve the same).
  const copy = mkdtempSync(path.join(path.dirname(BUNDLE), 'bundle-eager-'));
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  for (const f of readdirSync(BUNDLE)) if (!lazy.includes(f)) copyFileSync(path.join(BUNDLE, f), path.join(copy, f));
  const run = (args: string[]) => spawnSync(process.execPath, [path.join(copy, 'bin.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  const dir = path.join(CORPORA, 'xdis', 'bytecode_3.13');
  const file = path.join(dir, readdirSync(dir).filter((f) => f.endsWith('.pyc')).sort()[0]!);
  for (const args of [['dis', file], ['dis', '-C', '--format', 'json', file], ['info', file], ['--help']]) {
    const r = run(args);
    const expected = cli(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, expected.out, args.join(' '));
  }
  const explain = run(['explain', 'NOP']);
  assert.equal(explain.status, 1);
  assert.match(explain.stderr, /^bytescope: internal error: Cannot find module .*reference\.js/);
});

/** `codeCache` of the module at `file` (a loader made by scripts/code-cache.js), imported by a fresh `node`. */
function codeCacheOf(file: string): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(m.codeCache);`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test("the CLI's core chunk and the core's bundle are compiled with the build's V8 code cache", () => {
  // Made with V8's default flags, as both are loaded (the CLI sets --liftoff-only only before starting a CPython).
  assert.equal(codeCacheOf(path.join(BUNDLE, 'core.js')), 'used');
  const coreBundle = fileURLToPath(import.meta.resolve('@bytescope/core'));
  assert.match(coreBundle, /[\\/]dist[\\/]bundle[\\/]index\.js$/);
  assert.equal(codeCacheOf(coreBundle), 'used');
});

test("a code cache that is not the build's own, or that V8 refuses, is not used; the output stays the same", (t) => {
  const dir = path.join(CORPORA, 'xdis', 'bytecode_3.12');
  const file = path.join(dir, readdirSync(dir).filter((f) => f.endsWith('.pyc')).sort()[0]!);
  const expected = cli(['dis', file]).out;
  const cache = readFileSync(path.join(BUNDLE, 'core.cache'));
  const cases: [string, Buffer | undefined, string][] = [
    // Another build's token (the script's first line names the token of its own build).
    ['another token', Buffer.concat([Buffer.from('0'.repeat(40), 'latin1'), cache.subarray(40)]), 'none'],
    // The right token, a payload V8 does not take (its header's checks fail).
    ['a damaged payload', Buffer.concat([cache.subarray(0, 40), Buffer.alloc(cache.length - 40, 0x5a)]), 'rejected'],
    // Cut short (V8 checks the cache's length).
    ['a truncated cache', cache.subarray(0, cache.length - 1000), 'rejected'],
    ['no cache file', undefined, 'none'],
  ];
  for (const [what, bytes, state] of cases) {
    const copy = mkdtempSync(path.join(tmpdir(), 'bytescope-cache-'));
    t.after(() => rmSync(copy, { recursive: true, force: true }));
    for (const f of readdirSync(BUNDLE)) if (f !== 'core.cache') copyFileSync(path.join(BUNDLE, f), path.join(copy, f));
    if (bytes) writeFileSync(path.join(copy, 'core.cache'), bytes);
    assert.equal(codeCacheOf(path.join(copy, 'core.js')), state, what);
    const r = spawnSync(process.execPath, [path.join(copy, 'bin.js'), 'dis', file], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${what}: ${r.stderr}`);
    assert.equal(r.stdout, expected, what);
  }
});

test("the core's scripts are ASCII, read as Latin-1, and their other characters come out as written", () => {
  const coreBundle = fileURLToPath(import.meta.resolve('@bytescope/core'));
  for (const script of [path.join(BUNDLE, 'core.script.js'), coreBundle.replace(/\.js$/, '.script.js')]) {
    const bytes = readFileSync(script);
    assert.ok(bytes.every((b) => b < 0x80), `${script} has bytes above 0x7f`);
  }
  // The reference's texts (in the core) have dashes and ellipses; printed as UTF-8 by the CLI.
  const r = cli(['explain', 'BINARY_OP']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /BINARY_OP \u2014 CPython 3\.14/);
  assert.match(r.out, /`-=`, \u2026\)/);
});
