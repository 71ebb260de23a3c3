/**
 * Our `dis` text and JSON model against the native CPythons older than 3.10 (2.7, 3.6, 3.7, 3.8, 3.9; see
 * src/native.ts): a sample of each interpreter's own stdlib (every 25th module, BYTESCOPE_GOLDEN_SAMPLE overrides),
 * compiled by it, in every mode its `dis` has (the default, and `depth=0` from 3.7), and its `dis.get_instructions`
 * field by field (3.6+; 2.7's dis has none). A version whose interpreter is absent is skipped, saying where it was
 * looked for. `npm run test:golden` runs the whole stdlib.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { versionAtLeast } from '@bytescope/core';
import { ensureNativeGolden } from '../src/golden-native.js';
import { checkGolden } from '../src/golden-check.js';
import { checkGoldenJson } from '../src/golden-json-check.js';
import { findNativePython, nativeSearchPlaces, NATIVE_ORACLE_VERSIONS } from '../src/native.js';

const SAMPLE_EVERY = Number(process.env.BYTESCOPE_GOLDEN_SAMPLE ?? 25);

for (const version of NATIVE_ORACLE_VERSIONS) {
  const python = findNativePython(version);
  const skip = python ? false : `no native CPython ${version} (looked at ${nativeSearchPlaces(version)})`;
  test(`dis text and JSON of native CPython ${version}'s stdlib sample are identical`, { skip, timeout: 600_000 }, async () => {
    const g = await ensureNativeGolden(version, { sampleEvery: SAMPLE_EVERY, limit: 0 });
    assert.ok(g);
    const report = checkGolden(g.dir, version);
    assert.ok(report.modules >= 15, `only ${report.modules} modules in the golden sample of ${version}`);
    const modes = versionAtLeast(version, 3, 7) ? 2 : 1;
    assert.equal(report.comparisons, report.modules * modes, `expected ${modes} mode(s) per module`);
    const shown = report.failures.slice(0, 5).map((f) => `${f.module} [${f.mode}] line ${f.line}:\n  expected: ${f.expected}\n  actual:   ${f.actual}`);
    assert.equal(report.failures.length, 0, `${report.failures.length} of ${report.comparisons} comparisons differ:\n${shown.join('\n')}`);
    let json = '';
    if (version !== '2.7') {
      const j = checkGoldenJson(g.dir, version);
      assert.ok(j.instructions > 1000, `only ${j.instructions} instructions compared for ${version}`);
      const shownJ = j.failures.slice(0, 8).map((f) => `${f.module} ${f.code} @${f.offset ?? '-'} ${f.field}:\n  expected: ${f.expected}\n  actual:   ${f.actual}`);
      assert.equal(j.failureCount, 0, `${j.failureCount} of ${j.comparisons} field comparisons differ (${version}):\n${shownJ.join('\n')}`);
      json = `; JSON: ${j.codeObjects} code objects, ${j.instructions} instructions, ${j.comparisons} field comparisons identical`;
    }
    console.log(`# ${version} (CPython ${g.python.fullVersion}): ${report.modules} modules, ${report.comparisons} text comparisons identical${json}`);
  });
}
