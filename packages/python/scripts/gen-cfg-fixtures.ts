/**
 * Writes the control-flow test fixtures (packages/core/test/fixtures/cfg/): every snippet of `snippets/*.py`
 * compiled by each embedded CPython 3.10–3.15 into `<version>/<name>.pyc`, with `<name>.trace.json`, what running
 * it really did, instruction by instruction (py/cfg_fixtures.py). Run it when a runtime or a snippet changes, and
 * commit the result:   npm run build && node packages/python/dist/scripts/gen-cfg-fixtures.js [VERSION...]
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON_VERSIONS, isPythonVersion, type PythonVersion } from '../src/runtime.js';
import { runPythonInChild } from '../src/child.js';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(pkgDir, '../core/test/fixtures/cfg');

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const bad = asked.filter((a) => !isPythonVersion(a));
  if (bad.length) throw new Error(`unknown version(s): ${bad.join(' ')}`);
  const versions = asked.length ? (asked as PythonVersion[]) : [...PYTHON_VERSIONS];
  const dir = path.join(fixtures, 'snippets');
  const snippets: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.py')).sort()) snippets[f.slice(0, -3)] = readFileSync(path.join(dir, f), 'utf8');
  const driver = readFileSync(path.join(pkgDir, 'py/cfg_fixtures.py'), 'utf8');
  for (const v of versions) {
    const out = path.join(fixtures, v);
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
