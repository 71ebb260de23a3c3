/**
 * The JSON model's instructions against real CPython's `dis.Instruction`s, for every embedded version: a sample
 * of each runtime's own stdlib (every 25th module, the same sample as golden.test.ts; BYTESCOPE_GOLDEN_SAMPLE overrides), compiled by that
 * runtime. Every `Instruction` field CPython records must be identical (see golden-json-check.ts).
 * Golden data is generated in a child process per version and cached (see golden.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PYTHON_VERSIONS } from '../src/runtime.js';
import { ensureGolden } from '../src/golden.js';
import { checkGoldenJson } from '../src/golden-json-check.js';

const SAMPLE_EVERY = Number(process.env.BYTESCOPE_GOLDEN_SAMPLE ?? 25);

for (const version of PYTHON_VERSIONS) {
  test(`JSON instructions of CPython ${version} stdlib sample match dis.Instruction`, { timeout: 600_000 }, async () => {
    const dir = await ensureGolden(version, { sampleEvery: SAMPLE_EVERY, limit: 0 });
    const report = checkGoldenJson(dir, version);
    assert.ok(report.modules >= 10, `only ${report.modules} modules with JSON in the golden sample of ${version}`);
    assert.ok(report.instructions > 1000, `only ${report.instructions} instructions compared for ${version}`);
    const shown = report.failures.slice(0, 8).map((f) =>
      `${f.module} ${f.code} @${f.offset ?? '-'} ${f.field}:\n  expected: ${f.expected}\n  actual:   ${f.actual}`);
    assert.equal(report.failureCount, 0,
      `${report.failureCount} of ${report.comparisons} field comparisons differ (${version}):\n${shown.join('\n')}`);
    console.log(`# ${version}: ${report.modules} modules, ${report.codeObjects} code objects, ${report.instructions} instructions, ` +
      `${report.comparisons} field comparisons identical`);
  });
}
