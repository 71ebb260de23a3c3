/**
 * `npm run bench`: Bytescope's disassembly against CPython's own `dis` on the same `.pyc` files, per version.
 *
 * - Corpus: a whole standard library compiled by the CPython of that version. For the native row, the
 *   `python3` of this machine compiles its own stdlib (py/bench_compile.py, cached in .cache/bench); for the
 *   other versions, the golden data of the Pyodide runtime (golden.ts, the whole stdlib).
 * - Reference: `marshal.loads` + `dis.dis` into a StringIO over all files in one process (py/bench_ref.py),
 *   natively, or inside Pyodide (CPython compiled to WebAssembly: slower than native), timed inside Python.
 * - Ours: `readPyc` + `disassembleToText` over the same files, single-threaded, in a Node process of its own
 *   (bench-ours.ts); then every file's text is compared with the reference's (normalizeDis).
 * - The CLI: `bytescope dis --jobs N DIR` end to end, and the cold start of `bytescope dis` on one small file.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Comparison, OursStats, PassResult } from './bench-ours.js';
import { runPythonInChild } from './child.js';
import { ensureGolden, goldenRoot } from './golden.js';
import { RUNTIME_PACKAGES, type PythonVersion } from './runtime.js';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OURS_SCRIPT = fileURLToPath(new URL('./bench-ours.js', import.meta.url));
const CLI_BIN = path.resolve(pkgDir, '../cli/dist/bundle/bin.js');
const REF_SCRIPT = path.join(pkgDir, 'py/bench_ref.py');
const COMPILE_SCRIPT = path.join(pkgDir, 'py/bench_compile.py');

/** Where the benchmark keeps its corpora and scratch files. */
export function benchRoot(): string {
  return path.resolve(goldenRoot(), '../bench');
}

/** The native `python3` of this machine, when there is one: its full version (`3.11.7`) and minor (`3.11`). */
export function nativePython(): { full: string; minor: string } | undefined {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) return undefined;
  const full = r.stdout.trim();
  const m = /^(\d+\.\d+)\./.exec(full);
  return m ? { full, minor: m[1]! } : undefined;
}

/** The native python3's stdlib compiled by itself (cached). */
export function nativeCorpus(full: string): string {
  const key = createHash('sha256').update(readFileSync(COMPILE_SCRIPT)).digest('hex').slice(0, 12);
  const dir = path.join(benchRoot(), `native-${full}-${key}`);
  if (existsSync(path.join(dir, 'DONE'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('python3', [COMPILE_SCRIPT, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 could not compile its stdlib: ${r.stderr.slice(-500)}`);
  writeFileSync(path.join(dir, 'DONE'), r.stdout);
  return dir;
}

/** The Pyodide runtime's whole stdlib compiled by it (the golden data, generated on first use). */
export function pyodideCorpus(version: PythonVersion): Promise<string> {
  return ensureGolden(version, { sampleEvery: 1, limit: 0 });
}

/** What the reference side reports about itself (py/bench_ref.py). */
interface RefStats {
  readonly python: string;
  readonly files: number;
  readonly bytes: number;
  readonly maxrss_kb: number | null;
}

/** A scratch directory holding the corpus's `.pyc` files (hard links where possible) and an empty `out/`. */
function workDir(name: string, corpus: string): string {
  const dir = path.join(benchRoot(), `work-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'pyc'), { recursive: true });
  mkdirSync(path.join(dir, 'out'));
  for (const f of readdirSync(corpus)) {
    if (!f.endsWith('.pyc')) continue;
    const to = path.join(dir, 'pyc', f);
    try {
      linkSync(path.join(corpus, f), to);
    } catch {
      copyFileSync(path.join(corpus, f), to);
    }
  }
  return dir;
}

/** A child process that answers each line sent to it with one line of JSON (bench_ref.py, bench-ours.ts). */
class LineProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';
  private exited: string | undefined;

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString('utf8')).slice(-2000); });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (l) => this.waiting.shift()?.(l));
    this.child.on('close', (code) => {
      this.exited = `${command} ${args.join(' ')} exited (${code}): ${this.stderr}`;
      for (const w of this.waiting.splice(0)) w('');
    });
  }

  /** Sends one command and parses the answer. */
  ask<T>(command: string): Promise<T> {
    return new Promise((resolve, reject) => {
      if (this.exited) { reject(new Error(this.exited)); return; }
      this.waiting.push((line) => {
        if (!line) reject(new Error(this.exited ?? `no answer to ${command}`));
        else resolve(JSON.parse(line) as T);
      });
      this.child.stdin.write(command + '\n');
    });
  }

  /** Ends the process. */
  quit(): void {
    this.child.stdin.end('quit\n');
  }
}

/** The median of some numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The time of a side: the median of its passes after the first (the first warms up), and the first. */
function timing(times: readonly number[]): { seconds: number; first: number } {
  return { seconds: median(times.length > 1 ? times.slice(1) : times), first: times[0]! };
}

/** One row of the table. */
export interface BenchRow {
  readonly version: string;
  /** Which CPython was the reference: native, or Pyodide (WebAssembly). */
  readonly reference: string;
  readonly native: boolean;
  readonly files: number;
  readonly bytes: number;
  /** Seconds per pass over all files: median of the passes after the first. */
  readonly ours: number;
  /** Seconds of our first pass (the JIT compiler still warming up: what one run of the CLI sees). */
  readonly oursFirst: number;
  readonly ref: number;
  readonly refFirst: number;
  /** Passes made by each side (the first included). */
  readonly oursPasses: number;
  readonly refPasses: number;
  readonly oursMaxrssKb: number;
  readonly refMaxrssKb: number | null;
  readonly compared: number;
  readonly different: number;
  readonly differences: Comparison['differences'];
  readonly corpus: string;
}

/**
 * Measures one version on the same files: natively, the reference's passes alternate with ours (each side
 * first makes one pass of its own to warm up); with Pyodide, the reference makes its passes, then we make ours.
 * `runs` passes per side after the first; for Pyodide, `pyodideRuns` passes in all.
 */
export async function benchVersion(version: string, corpus: string, native: boolean, runs: number, pyodideRuns: number): Promise<BenchRow> {
  const work = workDir(version + (native ? '-native' : ''), corpus);
  const ours = new LineProcess(process.execPath, [OURS_SCRIPT, path.join(work, 'pyc')]);
  try {
    const oursTimes: number[] = [];
    const refTimes: number[] = [];
    let reference: string;
    let refMaxrssKb: number | null = null;
    if (native) {
      const ref = new LineProcess('python3', [REF_SCRIPT, path.join(work, 'pyc')]);
      try {
        for (let r = 0; r <= runs; r++) {
          refTimes.push((await ref.ask<PassResult>('pass')).seconds);
          oursTimes.push((await ours.ask<PassResult>('pass')).seconds);
        }
        const st = await ref.ask<RefStats>('stats');
        reference = `CPython ${st.python} (native)`;
        refMaxrssKb = st.maxrss_kb;
        await ref.ask('write ' + path.join(work, 'out'));
      } finally {
        ref.quit();
      }
    } else {
      const v = version as PythonVersion;
      const code = [
        `_g = {'__name__': '__bench__', 'DIR': '/bench/pyc', 'OUT': '/bench/out', 'RUNS': ${pyodideRuns}}`,
        `exec(compile(${JSON.stringify(readFileSync(REF_SCRIPT, 'utf8'))}, 'bench_ref.py', 'exec'), _g)`,
        "_g['result']",
      ].join('\n');
      const r = JSON.parse(await runPythonInChild(v, code, { mount: { host: work, at: '/bench' } })) as RefStats & { times: number[] };
      refTimes.push(...r.times);
      reference = `CPython ${r.python} in Pyodide ${RUNTIME_PACKAGES[v].pyodide} (WebAssembly)`;
      for (let i = 0; i <= runs; i++) oursTimes.push((await ours.ask<PassResult>('pass')).seconds);
    }
    const st = await ours.ask<OursStats>('stats');
    const cmp = await ours.ask<Comparison>('compare ' + path.join(work, 'out'));
    const o = timing(oursTimes);
    const f = timing(refTimes);
    return {
      version, reference, native, files: st.files, bytes: st.bytes,
      ours: o.seconds, oursFirst: o.first, ref: f.seconds, refFirst: f.first,
      oursPasses: oursTimes.length, refPasses: refTimes.length,
      oursMaxrssKb: st.maxrssKb, refMaxrssKb,
      compared: cmp.compared, different: cmp.different, differences: cmp.differences, corpus,
    };
  } finally {
    ours.quit();
    rmSync(work, { recursive: true, force: true });
  }
}

/** `bytescope dis --jobs N DIR` end to end, for each N: median wall time, and whether the output is that of N = 1. */
export interface JobsRow { readonly jobs: number; readonly seconds: number; readonly sameOutput: boolean }

/** Times the CLI on a directory with several job counts (output to a file, compared by hash). */
export function benchJobs(corpus: string, jobList: readonly number[], runs: number): JobsRow[] | string {
  if (!existsSync(CLI_BIN)) return `the CLI is not built (${CLI_BIN})`;
  const outFile = path.join(benchRoot(), 'jobs-out.txt');
  mkdirSync(benchRoot(), { recursive: true });
  const rows: JobsRow[] = [];
  let baseline: string | undefined;
  try {
    for (const jobs of jobList) {
      const times: number[] = [];
      let hash = '';
      for (let r = 0; r < runs; r++) {
        const fd = openSync(outFile, 'w');
        const t0 = performance.now();
        const res = spawnSync(process.execPath, [CLI_BIN, 'dis', '--jobs', String(jobs), corpus], { stdio: ['ignore', fd, 'pipe'] });
        times.push((performance.now() - t0) / 1000);
        closeSync(fd);
        // The golden corpus holds only good files, so any failure is the CLI's.
        if (res.status !== 0) return `bytescope dis --jobs ${jobs} failed (${res.status}): ${res.stderr.toString('utf8').slice(0, 500)}`;
        hash = createHash('sha256').update(readFileSync(outFile)).digest('hex');
      }
      baseline ??= hash;
      rows.push({ jobs, seconds: median(times), sameOutput: hash === baseline });
    }
  } finally {
    rmSync(outFile, { force: true });
  }
  return rows;
}

/** Cold start: process start to exit of `bytescope dis FILE` (and of `node -e 0`, the floor). */
export interface ColdStart { readonly file: string; readonly bytes: number; readonly cli: number[]; readonly bareNode: number[] }

/** Times `bytescope dis FILE > /dev/null` from a cold process `runs` times. */
export function benchColdStart(file: string, runs: number): ColdStart | string {
  if (!existsSync(CLI_BIN)) return `the CLI is not built (${CLI_BIN})`;
  const cli: number[] = [];
  const bareNode: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    const res = spawnSync(process.execPath, [CLI_BIN, 'dis', file], { stdio: 'ignore' });
    cli.push((performance.now() - t0) / 1000);
    if (res.status !== 0) return `bytescope dis ${file} failed (${res.status})`;
    t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    bareNode.push((performance.now() - t0) / 1000);
  }
  return { file, bytes: statSync(file).size, cli, bareNode };
}

/** A small `.pyc` of a corpus for the cold start: the one closest to 2 KB. */
export function smallPyc(corpus: string): string {
  let best = '';
  let bestDist = Infinity;
  for (const f of readdirSync(corpus).filter((n) => n.endsWith('.pyc')).sort()) {
    const d = Math.abs(statSync(path.join(corpus, f)).size - 2048);
    if (d < bestDist) { best = f; bestDist = d; }
  }
  return path.join(corpus, best);
}

/** How many cores the `--jobs` rows may use. */
export function cores(): number {
  return availableParallelism();
}
