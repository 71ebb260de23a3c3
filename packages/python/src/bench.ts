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
 * - The CLI: `bytescope dis DIR` end to end against native `python3 -c` disassembling the same files with `dis`
 *   (interpreter start included); `bytescope dis --jobs N DIR`; and the cold start of `bytescope dis` on one small
 *   file. The CLI runs as the `bytescope` command does: the launcher npm links, which starts the bundle.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { childrenCpu } from './bench-startup.js';
import type { TraceBenchResult } from './bench-trace.js';
import { decodeSurrogatepass, type Comparison, type OursStats, type PassResult } from './bench-ours.js';
import { runPythonInChild } from './child.js';
import { firstDifference, normalizeDis } from './compare.js';
import { ensureGolden, goldenRoot } from './golden.js';
import { RUNTIME_PACKAGES, isPythonVersion, type PythonVersion } from './runtime.js';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OURS_SCRIPT = fileURLToPath(new URL('./bench-ours.js', import.meta.url));
/** What the `bytescope` command runs (node_modules/.bin/bytescope links to it), and the bundle it starts. */
const CLI_BIN = path.resolve(pkgDir, '../cli/bin/bytescope.js');
const CLI_BUNDLE = path.resolve(pkgDir, '../cli/dist/bundle/bin.js');
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
 * `runs` passes per side after the first; for Pyodide, `pyodideRuns` passes in all. `python`: the native
 * interpreter (3.7+: bench_ref.py reads a 16-byte header).
 */
export async function benchVersion(version: string, corpus: string, native: boolean, runs: number, pyodideRuns: number, python = 'python3'): Promise<BenchRow> {
  const work = workDir(version + (native ? '-native' : ''), corpus);
  const ours = new LineProcess(process.execPath, [OURS_SCRIPT, path.join(work, 'pyc')]);
  try {
    const oursTimes: number[] = [];
    const refTimes: number[] = [];
    let reference: string;
    let refMaxrssKb: number | null = null;
    if (native) {
      const ref = new LineProcess(python, [REF_SCRIPT, path.join(work, 'pyc')]);
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
      if (!isPythonVersion(version)) throw new Error(`no embedded CPython ${version} to measure against`);
      const code = [
        `_g = {'__name__': '__bench__', 'DIR': '/bench/pyc', 'OUT': '/bench/out', 'RUNS': ${pyodideRuns}}`,
        `exec(compile(${JSON.stringify(readFileSync(REF_SCRIPT, 'utf8'))}, 'bench_ref.py', 'exec'), _g)`,
        "_g['result']",
      ].join('\n');
      const r = JSON.parse(await runPythonInChild(version, code, { mount: { host: work, at: '/bench' } })) as RefStats & { times: number[] };
      refTimes.push(...r.times);
      reference = `CPython ${r.python} in Pyodide ${RUNTIME_PACKAGES[version].pyodide} (WebAssembly)`;
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

/**
 * The reference of the end-to-end row: native CPython disassembling every `.pyc` below a directory with `dis`
 * in one process, as `bytescope dis DIR` does: the same files in the same order (sorted names, a directory's
 * files and subdirectories interleaved), each after the same `# PATH` header.
 */
const E2E_PYTHON = `
import dis, marshal, os, sys
def walk(d):
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if os.path.isdir(p):
            yield from walk(p)
        elif name.endswith(".pyc"):
            yield p
out = sys.stdout
for i, p in enumerate(walk(sys.argv[1])):
    with open(p, "rb") as f:
        data = f.read()
    out.write(("\\n" if i else "") + "# " + p + "\\n")
    dis.dis(marshal.loads(memoryview(data)[16:]), file=out)
`;

/** End to end on a directory: wall and CPU times of each side's runs, from process start to exit. */
export interface EndToEnd {
  readonly ours: readonly number[];
  readonly ref: readonly number[];
  /** CPU seconds (user + sys) of the same runs, NaN where /proc is missing. */
  readonly oursCpu: readonly number[];
  readonly refCpu: readonly number[];
  /** `bytescope dis --jobs N DIR` for each N > 1 asked for, in the same alternation: wall and CPU seconds. */
  readonly jobs: readonly { readonly jobs: number; readonly wall: readonly number[]; readonly cpu: readonly number[]; readonly sameOutput: boolean }[];
  /** Whether the two outputs are the same text (addresses and frozenset order aside), and the first difference. */
  readonly sameOutput: boolean;
  readonly difference?: string;
}

/**
 * `bytescope dis DIR` (and `bytescope dis --jobs N DIR` for each N > 1 of `jobList`) against native `python3 -c`
 * (E2E_PYTHON) on the same directory, each a process from start to exit with its output discarded (/dev/null);
 * `runs` runs per side, alternating, after one untimed run per side whose outputs are compared (which also
 * brings the files into the page cache for all). Wall time, and CPU time (user + sys of the process, all its
 * threads) from /proc/self/stat's children fields.
 */
export function benchEndToEnd(dir: string, runs: number, jobList: readonly number[] = []): EndToEnd | string {
  if (!existsSync(CLI_BUNDLE)) return `the CLI is not built (${CLI_BUNDLE})`;
  const sides: { name: string; command: string; args: string[] }[] = [
    { name: 'ours', command: process.execPath, args: [CLI_BIN, 'dis', dir] },
    ...jobList.filter((j) => j > 1).map((j) => ({ name: `jobs${j}`, command: process.execPath, args: [CLI_BIN, 'dis', '--jobs', String(j), dir] })),
    { name: 'ref', command: 'python3', args: ['-c', E2E_PYTHON, dir] },
  ];
  const label = (name: string) => name === 'ref' ? 'python3' : name === 'ours' ? 'bytescope dis' : `bytescope dis --jobs ${name.slice(4)}`;
  // Lone surrogates (which a code object's file name may hold) are written as CPython's own files hold them.
  const env = { ...process.env, PYTHONIOENCODING: 'utf-8:surrogatepass' };
  const outputs = new Map<string, Buffer>();
  for (const s of sides) {
    const r = spawnSync(s.command, s.args, { env, maxBuffer: 1 << 30 });
    if (r.status !== 0) return `end to end: ${label(s.name)} ${dir} failed (${r.status}): ${r.stderr.toString('utf8').slice(0, 500)}`;
    outputs.set(s.name, r.stdout);
  }
  const d = firstDifference(normalizeDis(decodeSurrogatepass(outputs.get('ref')!)), normalizeDis(new TextDecoder().decode(outputs.get('ours')!)));
  const wall = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  const cpu = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  for (let r = 0; r < runs; r++) {
    for (const s of sides) {
      const c0 = childrenCpu();
      const t0 = performance.now();
      const res = spawnSync(s.command, s.args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      wall.get(s.name)!.push((performance.now() - t0) / 1000);
      cpu.get(s.name)!.push(childrenCpu() - c0);
      if (res.status !== 0) return `end to end: ${label(s.name)} ${dir} failed (${res.status})`;
    }
  }
  return {
    ours: wall.get('ours')!, ref: wall.get('ref')!, oursCpu: cpu.get('ours')!, refCpu: cpu.get('ref')!,
    jobs: sides.filter((s) => s.name.startsWith('jobs')).map((s) => ({
      jobs: Number(s.name.slice(4)), wall: wall.get(s.name)!, cpu: cpu.get(s.name)!, sameOutput: outputs.get(s.name)!.equals(outputs.get('ours')!),
    })),
    sameOutput: !d, difference: d && `line ${d.line}: expected ${d.expected} / actual ${d.actual}`,
  };
}

/** `bytescope dis --jobs N DIR` end to end, for each N: median wall time, and whether the output is that of N = 1. */
export interface JobsRow { readonly jobs: number; readonly seconds: number; readonly sameOutput: boolean }

/** Times the CLI on a directory with several job counts (output to a file, compared by hash). */
export function benchJobs(corpus: string, jobList: readonly number[], runs: number): JobsRow[] | string {
  if (!existsSync(CLI_BUNDLE)) return `the CLI is not built (${CLI_BUNDLE})`;
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
  if (!existsSync(CLI_BUNDLE)) return `the CLI is not built (${CLI_BUNDLE})`;
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

/**
 * The trace benchmark (bench-trace.ts) in a process of its own per version: about 10 000 steps recorded by
 * `traceInRuntime`, best of `runs` by CPU time. The goal is under 2 s per 10 000 steps.
 */
export function benchTrace(version: PythonVersion, runs: number): TraceBenchResult | string {
  const script = fileURLToPath(new URL('./bench-trace.js', import.meta.url));
  const r = spawnSync(process.execPath, [script, version, String(runs)], { encoding: 'utf8' });
  if (r.status !== 0) return `trace bench ${version} failed: ${(r.stderr || '').trim().split('\n').pop() ?? ''}`;
  return JSON.parse(r.stdout) as TraceBenchResult;
}
