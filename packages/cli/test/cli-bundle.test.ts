/**
 * The start-up bundle (the repository's scripts/bundle.js): `bytescope dis` and `info` start without the chunks that the command
 * table loads on demand (the reference data, the lab, the `--jobs` pool, ordered-results.js), which keeps their cold start fast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
