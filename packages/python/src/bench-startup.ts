/**
 * The start-up part of `npm run bench`: what a user waits for when a command starts CPython. Each command runs as
 * a process from start to exit (output to /dev/null): served (the runtime server running), first (the first command
 * on a machine: an empty cache directory, the build's warm starts, the server started by the command), warm (the
 * per-user cache of `warm-start.ts` in place, no server) and cold (`BYTESCOPE_WARM_START=0`), against a native CPython of the same
 * version where this machine has one (`findNativePython`; else the `python3` on PATH). Both wall time and CPU time
 * (user + sys of the process and its children, from `/proc/self/stat`) are taken: on a shared machine the CPU time
 * is the steadier figure. Runs of the sides alternate; medians are reported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNativePython } from './native.js';
import { RUNTIME_PACKAGES, type PythonVersion } from './runtime.js';
import { ensureServer, serverSocket, stopServers } from './source-compiler.js';
import { warmStartCacheDir, warmStartEntry, warmStartPresent } from './warm-start.js';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI_BIN = path.resolve(pkgDir, '../cli/bin/bytescope.js');
const WARM_SCRIPT = fileURLToPath(new URL('./warm-start-make.js', import.meta.url));

/** One measured command: wall and CPU seconds of each run. */
export interface Timed { readonly wall: number[]; readonly cpu: number[] }

/** One row: a command of one version, warm, cold, and the native reference. */
export interface StartupRow {
  readonly command: string;
  readonly version: PythonVersion;
  /** The first command on a machine: no per-user cache, no server (it starts one), the build's warm starts. */
  readonly first: Timed;
  readonly warm: Timed;
  readonly cold: Timed;
  /** With the runtime server running, what the command needs loaded; undefined when the server is off. */
  readonly served?: Timed;
  /** The native reference's command line and times, or undefined when there is no native CPython. */
  readonly native?: { readonly label: string; readonly times: Timed };
  /** Whether the first, warm and served runs printed exactly what the cold run printed. */
  readonly sameOutput: boolean;
}

/** CPU seconds used so far by the children this process waited for (Linux), or NaN elsewhere. */
export function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat(5) (cutime, cstime), counted from the state field (3): indexes 13 and 14 here.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

interface Command { readonly exe: string; readonly args: readonly string[]; readonly env?: Record<string, string> }

function timeOnce(c: Command, into: Timed): { status: number | null; stdout: Buffer } {
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(c.exe, c.args, { env: { ...process.env, ...c.env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  into.wall.push((performance.now() - t0) / 1000);
  into.cpu.push(childrenCpu() - cpu0);
  return { status: r.status, stdout: r.stdout };
}

/** The executable `python3` runs (not a launcher script such as pyenv's shim, whose own start would be timed). */
function realPython3(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/** Makes the warm-start cache entry of `version` when it is missing (in a child: one runtime per process). */
export function ensureWarmStart(version: PythonVersion): string | undefined {
  const dir = warmStartCacheDir();
  if (!dir) return 'BYTESCOPE_WARM_START=0: no warm figures';
  if (warmStartPresent(version, warmStartEntry(dir, version, RUNTIME_PACKAGES[version].pyodide))) return undefined;
  const r = spawnSync(process.execPath, [WARM_SCRIPT, 'make', version, dir], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `making the ${version} warm-start cache failed: ${r.stderr.slice(-300)}`;
}

/** The source file the compile commands start on: small, valid in every version. */
export function startupSource(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'startup.py');
  writeFileSync(file, [
    'import sys', '', '', 'def mean(xs):', '    total = 0', '    for x in xs:', '        total += x', '    return total / len(xs)', '',
    '', 'class Point:', '    def __init__(self, x, y):', '        self.x, self.y = x, y', '', '    def __repr__(self):',
    "        return f'Point({self.x}, {self.y})'", '', '', "if __name__ == '__main__':", '    print(mean([1, 2, 3]), Point(1, 2))', '',
  ].join('\n'));
  return file;
}

/** The native reference of `version`: its own CPython where this machine has one, else the `python3` on PATH. */
function nativeReference(version: PythonVersion): { exe: string | undefined; label: string } {
  const py = findNativePython(version);
  return { exe: py?.executable ?? realPython3(), label: py ? `python${version}` : 'python3' };
}

/**
 * A real module to compile beside {@link startupSource}'s few lines: the native reference's own `argparse.py` (about
 * 2,600 lines in 3.10-3.13), copied into `dir/VERSION/`, so that both sides read the same file. Undefined without a
 * native CPython.
 */
export function moduleSource(dir: string, version: PythonVersion): string | undefined {
  const { exe } = nativeReference(version);
  if (exe === undefined) return undefined;
  const r = spawnSync(exe, ['-c', 'import argparse; print(argparse.__file__)'], { encoding: 'utf8' });
  const from = r.status === 0 ? r.stdout.trim() : '';
  if (!from.endsWith('.py')) return undefined;
  const into = path.join(dir, version);
  mkdirSync(into, { recursive: true });
  const file = path.join(into, 'argparse.py');
  writeFileSync(file, readFileSync(from));
  return file;
}

/**
 * Times `what` (`dis`: `bytescope dis --python V FILE`; `run`: `bytescope run --counts` of `print(1)`; `explain`:
 * `bytescope explain --live --python V LOAD_CONST`) for `version`, `runs` times per side, the sides alternating:
 * warm (the cache, no server: `BYTESCOPE_SERVER=0`), cold, served (the runtime server running), first (see
 * {@link timeFirst}) and native.
 */
export async function benchStartupCommand(what: 'dis' | 'run' | 'explain', version: PythonVersion, file: string, printOne: string, runs: number): Promise<StartupRow | string> {
  const cliArgs = what === 'dis' ? ['dis', '--python', version, file]
    : what === 'run' ? ['run', '--counts', '--python', version, printOne]
      : ['explain', '--live', '--python', version, 'LOAD_CONST'];
  const warm: Command = { exe: process.execPath, args: [CLI_BIN, ...cliArgs], env: { BYTESCOPE_SERVER: '0' } };
  const cold: Command = { ...warm, env: { BYTESCOPE_WARM_START: '0' } };
  // The runtime server (source-compiler.ts), started with what the command needs (a compile runtime for dis, a
  // spare lab child for run and explain --live) loaded before each timed run: what every command after the first sees.
  const serve = () => ensureServer(version, what !== 'dis');
  const served: Command | undefined = (await serve()) ? { ...warm, env: {} } : undefined;
  const reference = nativeReference(version);
  const nativeArgs = what === 'run' ? [printOne] : ['-m', 'dis', file];
  const native: Command = { exe: reference.exe ?? 'python3', args: nativeArgs };
  const hasNative = reference.exe !== undefined;
  const label = `${reference.label} ${what === 'run' ? path.basename(printOne) : `-m dis ${path.basename(file)}`}`;
  const emptyTimes = (): Timed => ({ wall: [], cpu: [] });
  const times = { first: emptyTimes(), warm: emptyTimes(), cold: emptyTimes(), served: emptyTimes(), native: emptyTimes() };
  // One untimed warm run: the files in the page cache, a cache entry checked.
  const first = timeOnce(warm, emptyTimes());
  if (first.status !== 0) return `bytescope ${cliArgs.join(' ')} failed (${first.status})`;
  let sameOutput = true;
  for (let r = 0; r < runs; r++) {
    const w = timeOnce(warm, times.warm);
    const c = timeOnce(cold, times.cold);
    const f = await timeFirst(warm, version, what !== 'dis', times.first);
    if (w.status !== 0 || c.status !== 0 || f.status !== 0) return `bytescope ${cliArgs.join(' ')} failed (${w.status}, ${c.status}, ${f.status})`;
    if (!w.stdout.equals(c.stdout) || !f.stdout.equals(c.stdout)) sameOutput = false;
    if (served && (await serve())) {
      const s = timeOnce(served, times.served);
      if (s.status !== 0 || !s.stdout.equals(c.stdout)) sameOutput = false;
      // A served lab command took the server's spare: the new one it starts would compete with the next runs.
      await serve();
    }
    if (hasNative) timeOnce(native, times.native);
  }
  return {
    command: `bytescope ${cliArgs.map((a) => (a === file || a === printOne ? path.basename(a) : a)).join(' ')}`,
    version, first: times.first, warm: times.warm, cold: times.cold, served: served ? times.served : undefined, native: hasNative ? { label, times: times.native } : undefined, sameOutput,
  };
}

/**
 * Times `c` as the first command on a machine after the build: a new, empty cache directory (no per-user warm start,
 * no server), so the runtime starts from the build's warm start (`builtWarmStartDir`) and the command starts the
 * runtime server in the background, as it would. Untimed afterwards: the server it started is waited for and stopped
 * (it would compete with the next runs), and the directory removed.
 */
async function timeFirst(c: Command, version: PythonVersion, lab: boolean, into: Timed): Promise<{ status: number | null; stdout: Buffer }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bsf-'));
  const env = { BYTESCOPE_CACHE_DIR: dir, BYTESCOPE_WARM_START: 'use' };
  try {
    const r = timeOnce({ ...c, env }, into);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const socket = serverSocket();
      await ensureServer(version, lab, 120_000);
      await stopServers(dir);
      for (let i = 0; i < 200 && socket !== undefined && existsSync(socket); i++) await new Promise((res) => setTimeout(res, 50));
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
