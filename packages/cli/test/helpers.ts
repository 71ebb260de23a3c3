/** What the CLI tests share: the `bytescope` executable run as a process, and checks of its output. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemblePyc, makeCode } from '@bytescope/core/testkit';
import { corporaDir } from '@bytescope/core/testkit/corpora';

/** The bundle is what `bytescope` runs (see the repository's scripts/bundle.js). */
export const BIN = fileURLToPath(new URL('../bundle/bin.js', import.meta.url));

/** The shared corpora, beside the repository. */
export const CORPORA = corporaDir();

/** A 3.14 .pyc cut off two bytes into its code object. */
export const truncatedPyc = (): Uint8Array => assemblePyc('3.14', makeCode('3.14')).subarray(0, 18);

/** What one run of the CLI gave. */
export interface CliResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs `bytescope ARGS` (stdin: `input`) and waits for it. */
export function cli(args: string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, timeout: 120_000, maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs `bytescope ARGS` without blocking the test process (for slow runs, several at a time). */
export function cliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, ...args]);
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    c.stderr.on('data', (d: Buffer) => { err += d.toString('utf8'); });
    c.on('close', (code) => resolve({ code, out, err }));
  });
}

/** One line on stderr, prefixed, without a stack trace. */
export function assertOneLineError(err: string, pattern: RegExp): void {
  const lines = err.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${err}`);
  assert.match(lines[0]!, /^bytescope: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(err, /\n\s+at /);
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A fresh temporary directory (`bytescope-PREFIX-…`), removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `bytescope-${prefix}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
