/**
 * Golden data from real CPython: each runtime compiles its own standard library and records what its `dis`
 * prints. The data is generated on demand into a cache directory (not committed) and reused while the
 * runtime version and generator stay the same.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_PACKAGES, type PythonVersion } from './runtime.js';
import { runPythonInChild } from './child.js';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const generator = () => readFileSync(path.join(pkgDir, 'py/golden_gen.py'), 'utf8');
const extraDir = path.join(pkgDir, 'py/extra');

/** The extra test sources (py/extra/*.py): name → source. */
export function extraSources(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(extraDir).filter((n) => n.endsWith('.py')).sort()) out[`_extra/${f}`] = readFileSync(path.join(extraDir, f), 'utf8');
  return out;
}

/** Where golden data is cached (override with BYTESCOPE_GOLDEN_DIR). */
export function goldenRoot(): string {
  return process.env.BYTESCOPE_GOLDEN_DIR ?? path.resolve(pkgDir, '../../.cache/golden');
}

/** Which part of the stdlib to take: every `sampleEvery`-th module, at most `limit` (0: no limit). */
export interface GoldenSelection { readonly sampleEvery: number; readonly limit: number }

/** Generates (or reuses) the golden data of `version` and returns its directory. */
export async function ensureGolden(version: PythonVersion, sel: GoldenSelection): Promise<string> {
  const extra = JSON.stringify(extraSources());
  const key = createHash('sha256').update(generator()).update(extra).update(RUNTIME_PACKAGES[version].pyodide)
    .update(JSON.stringify(sel)).digest('hex').slice(0, 12);
  const dir = path.join(goldenRoot(), `${version}-${sel.sampleEvery}-${sel.limit}-${key}`);
  return cachedDirectory(dir, async (tmp) => {
    const code = [
      `_g = {'__name__': '__golden__', 'OUT': '/golden', 'LIMIT': ${sel.limit}, 'SAMPLE_EVERY': ${sel.sampleEvery}, 'EXTRA': __import__('json').loads(${JSON.stringify(extra)})}`,
      `exec(compile(${JSON.stringify(generator())}, 'golden_gen.py', 'exec'), _g)`,
      "str(_g.get('written'))",
    ].join('\n');
    return runPythonInChild(version, code, { mount: { host: tmp, at: '/golden' } });
  });
}

/**
 * Returns `dir`, made first when it is not there yet: `make` fills a temporary directory (and returns what the
 * DONE marker records), which then becomes `dir` by an atomic rename. Several processes may ask for the same data
 * at once: one makes it (holding a lock directory), the others wait for its DONE marker.
 */
export async function cachedDirectory(dir: string, make: (tmp: string) => Promise<string>): Promise<string> {
  if (existsSync(path.join(dir, 'DONE'))) return dir;
  mkdirSync(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(path.join(dir, 'DONE'))) return dir;
      if (Date.now() > deadline) throw new Error(`golden data ${dir} still locked by ${lock} after 30 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (existsSync(path.join(dir, 'DONE'))) return dir;
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const n = await make(tmp);
    writeFileSync(path.join(tmp, 'DONE'), `${n}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The module names (without extension) present in a golden directory. */
export function goldenModules(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.pyc')).map((f) => f.slice(0, -4)).sort();
}
