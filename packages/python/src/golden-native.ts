/**
 * Golden data from the native interpreters older than 3.10 (2.7, 3.6–3.9; see native.ts): each compiles its own
 * standard library and records what its own `dis` prints (py/golden_native_gen.py), in the same directory form
 * as the Pyodide runtimes' golden data (golden.ts), cached under `.cache/golden-native/`.
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedDirectory, extraSources, type GoldenSelection } from './golden.js';
import { findNativePython, type NativePython } from './native.js';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATOR = path.join(pkgDir, 'py/golden_native_gen.py');

/** Where native golden data is cached (override with BYTESCOPE_GOLDEN_NATIVE_DIR). */
export function nativeGoldenRoot(): string {
  return process.env.BYTESCOPE_GOLDEN_NATIVE_DIR ?? path.resolve(pkgDir, '../../.cache/golden-native');
}

/** Golden data of one native interpreter: its directory and the interpreter that wrote it. */
export interface NativeGolden {
  readonly dir: string;
  readonly python: NativePython;
}

/** Generates (or reuses) the golden data of native CPython `version`; undefined when that interpreter is absent. */
export async function ensureNativeGolden(version: string, sel: GoldenSelection): Promise<NativeGolden | undefined> {
  const python = findNativePython(version);
  if (!python) return undefined;
  const extra = JSON.stringify(extraSources());
  const key = createHash('sha256').update(readFileSync(GENERATOR)).update(extra).update(python.fullVersion)
    .update(JSON.stringify(sel)).digest('hex').slice(0, 12);
  const dir = path.join(nativeGoldenRoot(), `${version}-${sel.sampleEvery}-${sel.limit}-${key}`);
  await cachedDirectory(dir, async (tmp) => {
    const extraFile = path.join(tmp, '.extra.json');
    writeFileSync(extraFile, extra);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(python.executable, [GENERATOR, tmp, String(sel.sampleEvery), String(sel.limit), extraFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
      child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`${python.executable} golden_native_gen.py failed (${code}): ${stderr.slice(-2000)}`))));
    });
    return `${out} ${python.fullVersion}`;
  });
  return { dir, python };
}
