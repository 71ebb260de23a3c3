/**
 * `npm run test:golden`: the whole stdlib of every embedded CPython, and of every native CPython older than 3.10
 * found on this machine (2.7, 3.6–3.9; src/native.ts), compiled by that CPython, against our `dis` text in every
 * mode and our JSON model, and every code object's co_stacksize against the stack-depth analysis (3.10+). Prints a
 * table and exits 1 on any difference.
 *   node golden.js [--all] [--every N] [VERSION...]
 */
import { PYTHON_VERSIONS, isPythonVersion, type PythonVersion } from '../src/runtime.js';
import { ensureGolden } from '../src/golden.js';
import { checkGolden } from '../src/golden-check.js';
import { checkGoldenJson } from '../src/golden-json-check.js';
import { checkStackSizes, formatMismatch, pycFilesBelow } from '../src/stack-check.js';
import { ensureNativeGolden } from '../src/golden-native.js';
import { NATIVE_ORACLE_VERSIONS, nativeSearchPlaces } from '../src/native.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let every = 1;
  const versions: PythonVersion[] = [];
  const natives: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--all') continue;
    else if (a === '--every') every = Number(args[++i]);
    else if (isPythonVersion(a)) versions.push(a);
    else if ((NATIVE_ORACLE_VERSIONS as readonly string[]).includes(a)) natives.push(a);
    else { console.error(`golden: unknown argument ${a}`); return 2; }
  }
  const all = !versions.length && !natives.length;
  const list = all ? [...PYTHON_VERSIONS] : versions;
  const nativeList = all ? [...NATIVE_ORACLE_VERSIONS] : natives;
  const t0 = Date.now();
  // Generate two versions at a time (one Pyodide per child process).
  const dirs = new Map<string, string>();
  for (let i = 0; i < list.length; i += 2) {
    const pair = list.slice(i, i + 2);
    const got = await Promise.all(pair.map((v) => ensureGolden(v, { sampleEvery: every, limit: 0 })));
    pair.forEach((v, k) => dirs.set(v, got[k]!));
  }
  const nativeDirs = new Map<string, string>();
  for (const v of nativeList) {
    const g = await ensureNativeGolden(v, { sampleEvery: every, limit: 0 });
    if (g) nativeDirs.set(v, g.dir);
    else console.log(`${v}: skipped, no native CPython ${v} (looked at ${nativeSearchPlaces(v)})`);
  }
  for (const [v, dir] of nativeDirs) dirs.set(v, dir);
  const tGen = Date.now();
  let failed = 0;
  for (const v of [...nativeDirs.keys(), ...list]) {
    const t = Date.now();
    const r = checkGolden(dirs.get(v)!, v);
    failed += r.failures.length;
    console.log(`${v}: ${r.modules} modules, ${r.comparisons} comparisons, ${r.failures.length} different (${Date.now() - t} ms)`);
    for (const f of r.failures.slice(0, 10)) console.log(`  ${f.module} [${f.mode}] line ${f.line}\n    expected: ${f.expected}\n    actual:   ${f.actual}`);
    const j = checkGoldenJson(dirs.get(v)!, v);
    failed += j.failures.length;
    console.log(`${v} json: ${JSON.stringify({ ...j, failures: j.failures.length })}`);
    for (const f of j.failures.slice(0, 10)) console.log(`  ${JSON.stringify(f)}`);
    const s = checkStackSizes(pycFilesBelow(dirs.get(v)!)).byVersion.get(v);
    const mismatches = s ? s.mismatches : [];
    failed += mismatches.length + (s ? 0 : 1);
    console.log(`${v} co_stacksize: ${s?.codeObjects ?? 0} code objects, ${s?.matches ?? 0} equal, ${mismatches.length} different`);
    for (const m of mismatches.slice(0, 10)) console.log(`  ${formatMismatch(m)}`);
  }
  console.log(`golden data ${(tGen - t0) / 1000}s (cached after the first run), comparison ${(Date.now() - tGen) / 1000}s`);
  return failed ? 1 : 0;
}

main().then((c) => { process.exitCode = c; }, (e: unknown) => { console.error(e instanceof Error ? e.message : e); process.exitCode = 1; });
