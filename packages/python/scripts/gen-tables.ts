/**
 * `npm run gen:tables`: asks every embedded CPython (3.10 … 3.15) for its opcode tables, magic number, cache
 * layouts, argument-kind sets, stack effects and Unicode printability, and writes them as generated
 * TypeScript data into packages/core/src/tables/. Run it again whenever a runtime version changes.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPythonInChild } from '../src/child.js';
import { PYTHON_VERSIONS, RUNTIME_PACKAGES, isPythonVersion, type PythonVersion } from '../src/runtime.js';
import { TABLES_DIR, generatedHeader, pretty, tableModuleBody, writeFinalMagic } from './table-files.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '../..');
const outDir = TABLES_DIR;
// table_common.py (shared with gen-old-tables.ts's extractor) runs first, in the same namespace.
const extract = readFileSync(path.join(pkg, 'py/table_common.py'), 'utf8') + '\n' + readFileSync(path.join(pkg, 'py/extract_tables.py'), 'utf8');

type Raw = Record<string, unknown> & { magicHistory: [string, string, number][]; version: string };

async function one(v: PythonVersion): Promise<Raw> {
  const code = `import io, contextlib\n_buf = io.StringIO()\nwith contextlib.redirect_stdout(_buf):\n    exec(${JSON.stringify(extract)}, {'__name__': '__extract__'})\n_buf.getvalue()`;
  return JSON.parse(await runPythonInChild(v, code)) as Raw;
}

const header = (what: string) => generatedHeader('gen-tables.ts (npm run gen:tables)', what);

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !isPythonVersion(a));
  if (unknown.length) throw new Error(`unknown version ${unknown.join(', ')} (${PYTHON_VERSIONS.join(', ')})`);
  const versions: PythonVersion[] = args.length ? args.filter(isPythonVersion) : [...PYTHON_VERSIONS];
  const results: Raw[] = [];
  for (let i = 0; i < versions.length; i += 2) {
    results.push(...(await Promise.all(versions.slice(i, i + 2).map(one))));
  }
  const history = new Map<number, [string, string]>();
  for (const [i, r] of results.entries()) {
    const v = versions[i]!;
    if (r.version !== v) throw new Error(`the Python ${v} runtime reports version ${r.version}`);
    const { magicHistory, ...table } = r;
    for (const [ver, tag, magic] of magicHistory) if (!history.has(magic)) history.set(magic, [ver, tag]);
    const file = `cpython-${v.replace('.', '')}.ts`;
    const src = header(`CPython ${String(table.fullVersion)} (Pyodide ${RUNTIME_PACKAGES[v].pyodide})`) + tableModuleBody(table);
    writeFileSync(path.join(outDir, file), src);
    console.log(`wrote ${file}`);
  }
  if (history.size) {
    const entries = [...history.entries()].sort((a, b) => a[0] - b[0]);
    const src = header("the magic-number history in importlib/_bootstrap_external.py of the embedded runtimes") +
      `/** Magic number → [CPython version, release tag it first appeared in] (CPython 1.5 … 3.13). */\n` +
      `export const MAGIC_HISTORY: ReadonlyArray<readonly [number, string, string]> = ${pretty(entries.map(([m, [v, t]]) => [m, v, t]))};\n`;
    writeFileSync(path.join(outDir, 'magic-history.ts'), src);
    console.log('wrote magic-history.ts');
  }
  writeFinalMagic('gen-tables.ts (npm run gen:tables)');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
