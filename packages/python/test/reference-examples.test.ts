/**
 * Every example snippet of the instruction reference, compiled by real CPython of its version (and, for
 * specialized and instrumented instructions, run with a warm-up or with sys.monitoring on), really contains the
 * instruction it illustrates, on a line of its dis listing (what `bytescope explain --live` shows);
 * pseudo-instructions turn into what their entry says. One lab runtime per version, two versions at a time
 * (see src/reference-check.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { versionAtLeast } from '@bytescope/core';
import { PYTHON_VERSIONS } from '../src/runtime.js';
import { checkReferenceExamples, type ExampleReport } from '../src/reference-check.js';

test('reference examples contain their instruction in real CPython', { timeout: 180_000, concurrency: 2 }, async (t) => {
  const reports: ExampleReport[] = [];
  await Promise.all(PYTHON_VERSIONS.map((version) => t.test(`CPython ${version}`, async () => {
    const r = await checkReferenceExamples(version);
    reports.push(r);
    const shown = r.failures.slice(0, 10).map((f) =>
      `${f.opname} (${f.status}): wanted ${f.expected.join(' or ')}${f.error ? `; raised ${f.error}` : ''}\n` +
      `  compiled: ${f.static.join(' ')}\n  live: ${f.live.join(' ')}`);
    assert.equal(r.failures.length, 0, `${r.failures.length} of ${r.results.length} examples of ${version} fail:\n${shown.join('\n')}`);
    // What `bytescope explain --live` and the reference page show: the listing marks the instruction.
    const unlisted = r.results.filter((x) => x.status !== 'unproducible' && !x.listed).map((x) => x.opname);
    assert.deepEqual(unlisted, [], `${version}: no marked line in the listing of ${unlisted.join(', ')}`);
    assert.ok(r.results.length > 100, `only ${r.results.length} examples checked for ${version}`);
    // Only a few instructions may be declared unproducible, each with its reason.
    assert.ok(r.unproducible.length <= 8, `${version}: ${r.unproducible.map((u) => u.opname).join(', ')}`);
    for (const u of r.unproducible) assert.ok(u.reason.length > 30, `${version} ${u.opname}: no reason`);
    if (versionAtLeast(version, 3, 11)) {
      assert.ok((r.byStatus.specialized ?? 0) >= 40, `${version}: only ${r.byStatus.specialized ?? 0} specialized examples verified`);
    }
    if (versionAtLeast(version, 3, 12)) {
      assert.ok((r.byStatus.instrumented ?? 0) >= 15, `${version}: only ${r.byStatus.instrumented ?? 0} instrumented examples verified`);
      assert.ok((r.byStatus.pseudo ?? 0) >= 8, `${version}: only ${r.byStatus.pseudo ?? 0} pseudo examples verified`);
    }
    console.log(`# ${version} (${r.fullVersion}): ${r.results.length} examples verified ` +
      `(${Object.entries(r.byStatus).map(([k, n]) => `${n} ${k}`).join(', ')}); unproducible: ` +
      (r.unproducible.map((u) => u.opname).join(', ') || 'none'));
  })));
  assert.equal(reports.length, PYTHON_VERSIONS.length);
});
