/**
 * A script started through a symbolic link (as a parent that loaded this package through the workspace's
 * `node_modules/@bytescope/python` link starts the lab child) still knows it is the main script: without that the
 * child did nothing and exited 0 ("the Python 3.14 lab runtime exited (0)").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const helper = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/main-script.js')).href;

test('isMainScript: true for the script Node runs, through a link or not; false for an imported module', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bytescope-main-'));
  try {
    const probe = path.join(dir, 'probe.mjs');
    writeFileSync(probe, `import { isMainScript } from ${JSON.stringify(helper)};\nprocess.stdout.write(String(isMainScript(import.meta.url)));\n`);
    const real = path.join(dir, 'real');
    symlinkSync(dir, real);
    const other = path.join(dir, 'other.mjs');
    writeFileSync(other, `import ${JSON.stringify(pathToFileURL(path.join(dir, 'probe.mjs')).href)};\n`);
    assert.equal(execFileSync(process.execPath, [probe], { encoding: 'utf8' }), 'true');
    assert.equal(execFileSync(process.execPath, [path.join(real, 'probe.mjs')], { encoding: 'utf8' }), 'true', 'started through a linked directory');
    assert.equal(execFileSync(process.execPath, [other], { encoding: 'utf8' }), 'false', 'imported by another script');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
