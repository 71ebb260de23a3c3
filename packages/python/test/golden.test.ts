/**
 * Our `dis` text against real CPython's, for every embedded version: a sample of each runtime's own
 * stdlib (every 25th module), compiled by that runtime, in every `dis` mode the version has.
 * `npm run test:golden` runs the whole stdlib.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareLineStarts } from '@bytescope/core/testkit';
import { PYTHON_VERSIONS } from '../src/runtime.js';
import { ensureGolden } from '../src/golden.js';
import { checkGolden } from '../src/golden-check.js';

const SAMPLE_EVERY = Number(process.env.BYTESCOPE_GOLDEN_SAMPLE ?? 25);

for (const version of PYTHON_VERSIONS) {
  test(`dis text of CPython ${version} stdlib sample is identical`, { timeout: 600_000 }, async () => {
    const dir = await ensureGolden(version, { sampleEvery: SAMPLE_EVERY, limit: 0 });
    const report = checkGolden(dir, version);
    assert.ok(report.modules >= 15, `only ${report.modules} modules in the golden sample of ${version}`);
    const shown = report.failures.slice(0, 5).map((f) => `${f.module} [${f.mode}] line ${f.line}:\n  expected: ${f.expected}\n  actual:   ${f.actual}`);
    assert.equal(report.failures.length, 0, `${report.failures.length} of ${report.comparisons} comparisons differ:\n${shown.join('\n')}`);
    console.log(`# ${version}: ${report.modules} modules, ${report.comparisons} comparisons identical`);
    // The listing's line starts (read off the line table) equal dis.findlinestarts through co_lines(), here too.
    const pycs = readdirSync(dir).filter((f) => f.endsWith('.pyc')).sort();
    const starts = compareLineStarts(version, pycs.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(path.join(dir, f))) })));
    assert.deepEqual(starts.bad.slice(0, 5), [], `${starts.bad.length} code objects of ${version}: line starts differ`);
    assert.ok(starts.codes > pycs.length && starts.starts > starts.codes, `${starts.codes} code objects, ${starts.starts} line starts`);
  });
}
