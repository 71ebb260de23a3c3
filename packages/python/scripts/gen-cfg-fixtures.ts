/**
 * Writes the control-flow test fixtures (packages/core/test/fixtures/cfg/): every snippet of `snippets/*.py`
 * compiled by each embedded CPython 3.10–3.15, and by the native CPython 3.7, 3.8 and 3.9 (pyenv; see native.ts),
 * into `<version>/<name>.pyc`, with `<name>.trace.json`, what running it really did, instruction by instruction
 * (py/cfg_fixtures.py; a snippet the version cannot compile, like `match` before 3.10, is left out). Run it when a
 * runtime or a snippet changes, and commit the result:
 *   npm run build && node packages/python/dist/scripts/gen-cfg-fixtures.js [VERSION...]
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON_VERSIONS, isPythonVersion, type PythonVersion } from '../src/runtime.js';
import { runPythonInChild } from '../src/child.js';
import { execFileSync } from 'node:child_process';
import { findNativePython } from '../src/native.js';

/** The native interpreters with fixtures (f_trace_opcodes exists from 3.7). */
const NATIVE = ['3.7', '3.8', '3.9'];

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(pkgDir, '../core/test/fixtures/cfg');

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const bad = asked.filter((a) => !isPythonVersion(a) && !NATIVE.includes(a));
  if (bad.length) throw new Error(`unknown version(s): ${bad.join(' ')}`);
  const versions = asked.length ? asked : [...NATIVE, ...PYTHON_VERSIONS];
  const dir = path.join(fixtures, 'snippets');
  const snippets: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.py')).sort()) snippets[f.slice(0, -3)] = readFileSync(path.join(dir, f), 'utf8');
  const driver = readFileSync(path.join(pkgDir, 'py/cfg_fixtures.py'), 'utf8');
  for (const v of versions) {
    const out = path.join(fixtures, v);
    if (NATIVE.includes(v)) {
      const python = findNativePython(v);
      if (!python) { console.log(`${v}: no native CPython ${v}, left as it is`); continue; }
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      const code = [
        `import json; _g = {'__name__': '__cfg__', 'OUT': ${JSON.stringify(out)}, 'SNIPPETS': json.loads(${JSON.stringify(JSON.stringify(snippets))})}`,
        `exec(compile(${JSON.stringify(driver)}, 'cfg_fixtures.py', 'exec'), _g)`,
        "print(','.join(_g['written']))",
      ].join('\n');
      console.log(`${v} (${python.fullVersion}): ${execFileSync(python.executable, ['-c', code], { encoding: 'utf8' }).trim()}`);
      continue;
    }
    if (!isPythonVersion(v)) continue;
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const code = [
      `_g = {'__name__': '__cfg__', 'OUT': '/cfg', 'SNIPPETS': __import__('json').loads(${JSON.stringify(JSON.stringify(snippets))})}`,
      `exec(compile(${JSON.stringify(driver)}, 'cfg_fixtures.py', 'exec'), _g)`,
      "','.join(_g['written'])",
    ].join('\n');
    const written = await runPythonInChild(v, code, { mount: { host: out, at: '/cfg' } });
    console.log(`${v}: ${written}`);
  }
}

main().catch((e: unknown) => { console.error(e instanceof Error ? e.message : e); process.exitCode = 1; });
