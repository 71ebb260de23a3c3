/**
 * Native CPython interpreters of this machine (not Pyodide): the oracles for versions without an embedded runtime
 * (2.7 and 3.6–3.9, built by pyenv on the development image). Tests and scripts that need one skip or stop with a
 * message naming what they looked for when it is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The versions whose native interpreter serves as an oracle, oldest first. */
export const NATIVE_ORACLE_VERSIONS = ['2.7', '3.6', '3.7', '3.8', '3.9'] as const;

/** One native interpreter: its executable and full version (`3.9.18`). */
export interface NativePython {
  readonly executable: string;
  readonly version: string;
  readonly fullVersion: string;
}

const found = new Map<string, NativePython | undefined>();

/** The environment variable that names the interpreter of `version` explicitly: `BYTESCOPE_PYTHON27`. */
export function nativeEnvVar(version: string): string {
  return `BYTESCOPE_PYTHON${version.replace('.', '')}`;
}

/** The places {@link findNativePython} looks, in order, for a message when it finds nothing. */
export function nativeSearchPlaces(version: string): string {
  return `$${nativeEnvVar(version)}, $PYENV_ROOT/versions/${version}.*/bin/python (default ~/.pyenv), python${version} on PATH`;
}

/** Finds the native CPython `version` (`2.7`, `3.9`, …), or undefined; the answer is remembered. */
export function findNativePython(version: string): NativePython | undefined {
  if (found.has(version)) return found.get(version);
  const candidates: string[] = [];
  const env = process.env[nativeEnvVar(version)];
  if (env) candidates.push(env);
  const root = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  const versions = path.join(root, 'versions');
  if (existsSync(versions)) {
    const dirs = readdirSync(versions).filter((d) => d.startsWith(`${version}.`) && /^\d+\.\d+\.\d+$/.test(d))
      .sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]));
    for (const d of dirs) candidates.push(path.join(versions, d, 'bin', 'python'));
  }
  candidates.push(`python${version}`);
  let result: NativePython | undefined;
  for (const exe of candidates) {
    const r = spawnSync(exe, ['-c', 'import sys; sys.stdout.write("%d.%d %s" % (sys.version_info[0], sys.version_info[1], sys.version.split()[0]))'], { encoding: 'utf8' });
    if (r.status !== 0 || !r.stdout) continue;
    const [minor, full] = r.stdout.split(' ');
    if (minor === version && full) {
      result = { executable: exe, version, fullVersion: full };
      break;
    }
  }
  found.set(version, result);
  return result;
}
