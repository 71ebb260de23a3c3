/**
 * Stack depth of 2.7 and 3.0–3.9 against their compilers (src/analysis/stack-depth.ts, `compilerStackWalk`): the
 * stack effects come from each release's Python/compile.c (py/compile_c_effects.py) and the walk is its
 * stackdepth_walk. Checked against native CPython 2.7's own `co_stacksize` over a sample of its stdlib compiled by
 * itself (every 25th module, as the golden tests; skipped with a message when 2.7 is absent), and over the
 * 2.7 and 3.0–3.5 files of ../shared/corpora.
 *
 * 3.7 and 3.8 (`compilerDeepestStart`: their compiler's `stackdepth()`, each block at its deepest start) and 3.9 (the
 * block-stack flow of 3.10) are checked over each native interpreter's whole stdlib compiled by itself (every module
 * but tests and site-packages: all equal, none fails), and 3.6's whole stdlib too.
 *
 * `co_stacksize` is counted before the peephole optimizer runs; the analysis reads the code after it. Folded
 * constant displays are accounted for (compilerStacksize); what cannot be seen any more is a folded binary operation
 * on constants (`1 << 16` became one constant) or a jump the optimizer retargeted, so a few code objects have
 * `co_stacksize` above the analysis, never below it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNativeGolden } from '../src/golden-native.js';
import { nativeSearchPlaces } from '../src/native.js';
import { checkStackSizes, formatMismatch, pycFilesBelow, type StackCheckReport } from '../src/stack-check.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpora = path.resolve(repoRoot, '../shared/corpora');
const OLD = ['2.7', '3.0', '3.1', '3.2', '3.3', '3.4', '3.5'];

/** No analysis fails, no computed depth exceeds `co_stacksize`, and at least `share` of the code objects are equal. */
function assertReport(version: string, r: StackCheckReport | undefined, minCodeObjects: number, share: number, above = false): void {
  assert.ok(r && r.codeObjects >= minCodeObjects, `${version}: only ${r?.codeObjects ?? 0} code objects`);
  const failed = r.mismatches.filter((m) => m.computed === null || (!above && m.computed > m.declared)).map(formatMismatch);
  assert.deepEqual(failed, [], `${version}: analyses that failed or exceed co_stacksize`);
  assert.ok(r.matches >= share * r.codeObjects,
    `${version}: ${r.matches} of ${r.codeObjects} equal:\n${r.mismatches.slice(0, 10).map(formatMismatch).join('\n')}`);
  console.log(`# ${version}: ${r.files} files, ${r.codeObjects} code objects, ${r.matches} co_stacksize equal; ` +
    `the others (computed, co_stacksize): ${r.mismatches.map((m) => `${m.qualname} ${m.computed}, ${m.declared}`).join('; ') || 'none'}`);
}

test('co_stacksize of the native CPython 2.7 stdlib sample, compiled by itself', { timeout: 600_000 }, async (t) => {
  const g = await ensureNativeGolden('2.7', { sampleEvery: 25, limit: 0 });
  if (!g) { t.skip(`no native CPython 2.7 (looked at ${nativeSearchPlaces('2.7')})`); return; }
  const { byVersion } = checkStackSizes(pycFilesBelow(g.dir));
  assert.equal(byVersion.size, 1);
  assertReport('2.7', byVersion.get('2.7'), 500, 0.99);
});

test('co_stacksize of the native CPython 3.6 stdlib sample, compiled by itself (the walk with 3.6\'s jump rules)', { timeout: 600_000 }, async (t) => {
  const g = await ensureNativeGolden('3.6', { sampleEvery: 25, limit: 0 });
  if (!g) { t.skip(`no native CPython 3.6 (looked at ${nativeSearchPlaces('3.6')})`); return; }
  const { byVersion } = checkStackSizes(pycFilesBelow(g.dir));
  // One code object of the sample (unittest.case's _AssertRaisesContext.__exit__) is counted one deeper than its
  // co_stacksize: a path the peephole optimizer changed after the count.
  assertReport('3.6', byVersion.get('3.6'), 500, 0.99, true);
});

test('co_stacksize of the 2.7 and 3.0–3.5 files of ../shared/corpora', { skip: !existsSync(corpora) && 'no ../shared/corpora' }, () => {
  const files: string[] = [];
  for (const v of OLD) {
    const dir = path.join(corpora, 'xdis', `bytecode_${v}`);
    if (existsSync(dir)) files.push(...pycFilesBelow(dir));
  }
  const pycdc = path.join(corpora, 'pycdc');
  if (existsSync(pycdc)) files.push(...readdirSync(pycdc).filter((f) => /\.(2\.7|3\.[0-5])\.pyc$/.test(f)).map((f) => path.join(pycdc, f)));
  const { byVersion } = checkStackSizes(files);
  for (const v of OLD) assertReport(v, byVersion.get(v), 1, 0.5);
  const all = OLD.map((v) => byVersion.get(v)!);
  const total = all.reduce((s, r) => s + r.codeObjects, 0);
  const equal = all.reduce((s, r) => s + r.matches, 0);
  assert.ok(equal >= 0.9 * total, `${equal} of ${total} equal`);
});

/**
 * The whole stdlib of native CPython `version` compiled by itself: no analysis fails (graph and depths), and
 * `co_stacksize` equals the computed depth for at least `share` of the code objects (1: all).
 */
async function wholeStdlib(t: { skip(message: string): void }, version: string, share: number, above: boolean): Promise<void> {
  const g = await ensureNativeGolden(version, { sampleEvery: 1, limit: 0 });
  if (!g) { t.skip(`no native CPython ${version} (looked at ${nativeSearchPlaces(version)})`); return; }
  const { byVersion } = checkStackSizes(pycFilesBelow(g.dir));
  assert.equal(byVersion.size, 1);
  assertReport(version, byVersion.get(version), 15000, share, above);
}

test('co_stacksize of the whole native CPython 3.7 stdlib (the compiler\'s deepest-start flow, 3.7\'s jump figures)', { timeout: 900_000 }, (t) => wholeStdlib(t, '3.7', 1, false));
test('co_stacksize of the whole native CPython 3.8 stdlib (the compiler\'s deepest-start flow, CALL_FINALLY)', { timeout: 900_000 }, (t) => wholeStdlib(t, '3.8', 1, false));
test('co_stacksize of the whole native CPython 3.9 stdlib (the block-stack flow)', { timeout: 900_000 }, (t) => wholeStdlib(t, '3.9', 1, false));
// 3.6 (the compiler's stackdepth_walk): 20,138 of 20,162 equal on 3.6.15; the rest are paths the peephole optimizer
// changed after the count (21 below: folded binary operations, retargeted jumps; 3 above).
test('co_stacksize of the whole native CPython 3.6 stdlib', { timeout: 900_000 }, (t) => wholeStdlib(t, '3.6', 0.998, true));
