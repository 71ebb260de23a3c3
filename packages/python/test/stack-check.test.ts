/**
 * Stack depth against CPython's compiler: for every code object, the maximum depth the core computes along the
 * control-flow graph (src/analysis/stack-depth.ts, with the compiler's own rules) equals the stored `co_stacksize`.
 * Over a sample of each runtime's own stdlib (every 25th module, as golden.test.ts) and over the 3.10–3.15 `.pyc`
 * files of ../shared/corpora. `npm run test:golden` checks the whole stdlib of every runtime.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON_VERSIONS } from '../src/runtime.js';
import { ensureGolden } from '../src/golden.js';
import { checkStackSizes, formatMismatch, pycFilesBelow } from '../src/stack-check.js';

const SAMPLE_EVERY = Number(process.env.BYTESCOPE_GOLDEN_SAMPLE ?? 25);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpora = path.resolve(repoRoot, '../shared/corpora');

for (const version of PYTHON_VERSIONS) {
  test(`co_stacksize of every code object of the CPython ${version} stdlib sample`, { timeout: 600_000 }, async () => {
    const dir = await ensureGolden(version, { sampleEvery: SAMPLE_EVERY, limit: 0 });
    const { byVersion } = checkStackSizes(pycFilesBelow(dir));
    const r = byVersion.get(version);
    assert.ok(r && r.codeObjects >= 500, `only ${r?.codeObjects ?? 0} code objects`);
    assert.equal(byVersion.size, 1);
    assert.deepEqual(r.mismatches.slice(0, 5).map(formatMismatch), []);
    assert.equal(r.matches, r.codeObjects);
    console.log(`# ${version}: ${r.files} files, ${r.codeObjects} code objects, all co_stacksize equal`);
  });
}

test('co_stacksize of every code object of the 3.10–3.15 files of ../shared/corpora', { skip: !existsSync(corpora) && 'no ../shared/corpora' }, () => {
  const files: string[] = [];
  for (const d of ['3.10', '3.11', '3.12', '3.13', '3.14', '3.15']) {
    const dir = path.join(corpora, 'xdis', `bytecode_${d}`);
    if (existsSync(dir)) files.push(...pycFilesBelow(dir));
  }
  const pycdc = path.join(corpora, 'pycdc');
  if (existsSync(pycdc)) files.push(...readdirSync(pycdc).filter((f) => /\.3\.1[0-5]\.pyc$/.test(f)).map((f) => path.join(pycdc, f)));
  const { byVersion } = checkStackSizes(files);
  // At least this many code objects per version (the corpora's README: ~100 files for 3.10, 3.12–3.14).
  const minimum: Record<string, number> = { '3.10': 300, '3.11': 10, '3.12': 300, '3.13': 300, '3.14': 300, '3.15': 10 };
  for (const [version, min] of Object.entries(minimum)) {
    const r = byVersion.get(version);
    assert.ok(r && r.codeObjects >= min, `${version}: only ${r?.codeObjects ?? 0} code objects`);
    assert.deepEqual(r.mismatches.slice(0, 5).map(formatMismatch), [], version);
    console.log(`# corpora ${version}: ${r.files} files, ${r.codeObjects} code objects, all co_stacksize equal`);
  }
});
