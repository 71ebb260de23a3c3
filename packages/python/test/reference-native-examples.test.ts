/**
 * The reference examples of 2.7 and 3.6–3.9 (versions without a Pyodide runtime), compiled by the native
 * interpreters of those versions (src/native.ts): each snippet must contain the instruction it illustrates, in its
 * code object or one nested in it (py/reference_native_check.py). A version whose interpreter is absent is skipped
 * with a message; 3.0–3.5 have no interpreter here, so their snippets are facts of the sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceExamples } from '@bytescope/core';
import { findNativePython, nativeSearchPlaces, NATIVE_ORACLE_VERSIONS } from '../src/native.js';

const CHECK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../py/reference_native_check.py');

for (const version of NATIVE_ORACLE_VERSIONS) {
  const py = findNativePython(version);
  test(`reference examples of ${version} contain their instruction in native CPython ${version}`,
    { skip: !py && `no native CPython ${version} (looked at ${nativeSearchPlaces(version)})` }, () => {
      const examples = referenceExamples(version).filter((e) => e.example.status === 'compiled');
      assert.ok(examples.length > 100, `only ${examples.length} examples`);
      const input = JSON.stringify(examples.map((e) => ({ opname: e.opname, code: e.example.code, mode: e.example.mode })));
      const r = spawnSync(py!.executable, [CHECK], { input, encoding: 'utf8', maxBuffer: 16 << 20 });
      assert.equal(r.status, 0, r.stderr);
      const results = JSON.parse(r.stdout) as { opname: string; found: boolean; error: string | null }[];
      assert.equal(results.length, examples.length);
      const bad = results.filter((x) => !x.found).map((x) => `${x.opname}${x.error ? ` (${x.error})` : ''}`);
      assert.deepEqual(bad, [], `${version}: snippets without their instruction`);
    });
}
