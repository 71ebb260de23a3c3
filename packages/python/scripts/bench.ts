/**
 * `npm run bench`: our disassembly against CPython's own `dis` on a whole stdlib per version (see
 * src/bench.ts), then the CLI end to end on the native corpus against native `python3 -c` with `dis`, with
 * `--jobs N` on a directory, and its cold start; then the start-up of the commands that start CPython
 * (src/bench-startup.ts) and the trace table. Prints tables; exits 1 when any output differs from CPython's (or warm
 * from cold).
 *   node bench.js [--versions 3.11,3.14] [--old 3.9|none] [--quick] [--runs N] [--ref-runs N] [--jobs 1,2,4] [--markdown] [--startup-only] [--trace-only] [--e2e-only]
 * --startup-only: only the start-up table. --e2e-only: only the end-to-end table (the native corpus, with the
 * --jobs counts beside --jobs 1). --trace-only: only the trace table (recording about 10 000 steps per
 * version, bench-trace.ts).
 * --old: native interpreters older than 3.10 (3.7–3.9, found by src/native.ts), each against our listing of its
 * own stdlib compiled by itself (its golden data, src/golden-native.ts); default 3.9.
 * --runs N: passes per side after the first (default 5; --quick 3). --ref-runs N: passes of a Pyodide reference
 * (default 1: tens of seconds each). --quick: the native python3's version (its native row, when it has a runtime)
 * and the default version only, fewer passes and CLI runs.
 * Native CPython (`python3` of this machine) is the reference for its version; the Pyodide runtimes
 * (WebAssembly, slower than native) for the others. Without python3 the native row is skipped.
 */
import { DEFAULT_PYTHON_VERSION, PYTHON_VERSIONS, isPythonVersion, type PythonVersion } from '../src/runtime.js';
import { ensureNativeGolden } from '../src/golden-native.js';
import { findNativePython, nativeSearchPlaces } from '../src/native.js';
import {
  benchColdStart, benchEndToEnd, benchRoot, benchJobs, benchTrace, benchVersion, cores, median, nativeCorpus, nativePython, pyodideCorpus, smallPyc,
  type BenchRow, type JobsRow,
} from '../src/bench.js';
import { benchStartupCommand, ensureWarmStart, moduleSource, startupSource, type StartupRow, type Timed } from '../src/bench-startup.js';
import { serverDirectory, stopServers } from '../src/source-compiler.js';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Args {
  versions: PythonVersion[];
  old: string[];
  quick: boolean;
  runs: number;
  refRuns: number;
  jobs: number[] | undefined;
  markdown: boolean;
  startupOnly: boolean;
  traceOnly: boolean;
  e2eOnly: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { versions: [...PYTHON_VERSIONS], old: ['3.9'], quick: false, runs: 0, refRuns: 0, jobs: undefined, markdown: false, startupOnly: false, traceOnly: false, e2eOnly: false };
  let versionsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${x} needs a value`);
      return v;
    };
    const count = (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${x} needs a whole number >= 1, not ${v}`);
      return n;
    };
    try {
      if (x === '--quick') a.quick = true;
      else if (x === '--markdown') a.markdown = true;
      else if (x === '--startup-only') a.startupOnly = true;
      else if (x === '--trace-only') a.traceOnly = true;
      else if (x === '--e2e-only') a.e2eOnly = true;
      else if (x === '--runs') a.runs = count(value());
      else if (x === '--ref-runs') a.refRuns = count(value());
      else if (x === '--jobs') a.jobs = value().split(',').map(count);
      else if (x === '--old') {
        const list = value();
        a.old = list === 'none' ? [] : list.split(',');
        for (const v of a.old) if (!['3.7', '3.8', '3.9'].includes(v)) throw new Error(`--old takes 3.7, 3.8, 3.9 or none, not ${v}`);
      }
      else if (x === '--versions') {
        versionsGiven = true;
        a.versions = value().split(',').map((v) => {
          if (!isPythonVersion(v)) throw new Error(`unknown version ${v} (${PYTHON_VERSIONS.join(', ')})`);
          return v;
        });
      } else return `unknown argument ${x}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (a.quick && !versionsGiven) {
    const native = nativePython()?.minor;
    a.versions = [...new Set([...(native !== undefined && isPythonVersion(native) ? [native] : []), DEFAULT_PYTHON_VERSION])];
  }
  if (!a.runs) a.runs = a.quick ? 3 : 5;
  return a;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const sec = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const ms = (s: number) => (s * 1000).toFixed(0);

function table(head: string[], rows: string[][], markdown: boolean): string {
  if (markdown) {
    const line = (r: string[]) => `| ${r.join(' | ')} |`;
    return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
  }
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 1 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

/**
 * Start-up: the commands that start CPython (`dis --python` of a few lines and of a real module, `run --counts`,
 * `explain --live`), warm and cold, against native CPython (src/bench-startup.ts). Returns 1 when a warm run printed something else
 * than the cold one.
 */
async function startupSection(args: Args, notes: string[]): Promise<number> {
  const runs = args.quick ? 3 : 5;
  const dir = path.join(benchRoot(), 'startup');
  const file = startupSource(dir);
  const printOne = path.join(dir, 'print1.py');
  writeFileSync(printOne, 'print(1)\n');
  const rows: StartupRow[] = [];
  for (const v of args.versions) {
    const err = ensureWarmStart(v);
    if (err) notes.push(err);
    // dis of a few lines (the start alone) and of a real module (the start and the work), run, explain --live.
    const module = moduleSource(dir, v);
    if (module === undefined) notes.push(`${v}: no native CPython to give argparse.py: no row of a real module`);
    type Command = readonly [what: 'dis' | 'run' | 'explain', source: string];
    const commands: Command[] = [['dis', file], ...(module ? [['dis', module] as Command] : []), ['run', file], ['explain', file]];
    for (const [what, source] of commands) {
      process.stderr.write(`bench: start-up, ${what}${what === 'dis' ? ` ${path.basename(source)}` : ''} ${v}…\n`);
      const r = await benchStartupCommand(what, v, source, printOne, runs);
      if (typeof r === 'string') notes.push(r);
      else rows.push(r);
    }
  }
  // The servers the served runs used (started by ensureServer) are not left running.
  const cacheDir = serverDirectory();
  if (cacheDir !== undefined) await stopServers(cacheDir);
  const cell = (t: Timed) => `${sec(median(t.wall))} / ${sec(median(t.cpu))}`;
  console.log(`\nStart-up: commands that start CPython, each a process from start to exit with output to /dev/null; "wall / CPU" seconds (CPU: user + sys of the process and its children), median of ${runs} alternating runs. First: the first command on a machine after the build (an empty cache directory: the build's warm starts, no runtime server yet; the command starts one in the background). Warm: the per-user cache of memory snapshots (3.12+) and precompiled stdlib (3.10, 3.11) in place (every run after the first), no runtime server (BYTESCOPE_SERVER=0); cold: BYTESCOPE_WARM_START=0; served: the runtime server running with what the command needs loaded (its compile runtime for dis, a spare lab child for run and explain --live: what every command after the first sees). Native: CPython of the same version where this machine has one. ${cores()} CPUs.`);
  // A native median under 10 ms (CPU time is counted in 10 ms ticks) makes no ratio.
  const ratio = (ours: readonly number[] | undefined, native: readonly number[] | undefined) => (ours && native && median(native) >= 0.01 ? `${(median(ours) / median(native)).toFixed(1)}x` : 'n/a');
  console.log(table(['command', 'version', 'served', 'first', 'warm', 'cold', 'native', 'native command', 'served / native (wall)', 'first / native (wall)', 'warm / native (wall)', 'same output'], rows.map((r) => [
    r.command, r.version, r.served ? cell(r.served) : 'n/a', cell(r.first), cell(r.warm), cell(r.cold), r.native ? cell(r.native.times) : 'n/a', r.native?.label ?? 'n/a',
    ratio(r.served?.wall, r.native?.times.wall), ratio(r.first.wall, r.native?.times.wall), ratio(r.warm.wall, r.native?.times.wall), r.sameOutput ? 'yes' : 'NO',
  ]), args.markdown));
  return rows.every((r) => r.sameOutput) ? 0 : 1;
}

/** The `--jobs` counts of the CLI rows: those asked for, else 1, 2, 4 and the CPU count, at most the CPU count. */
function jobCounts(args: Args): number[] {
  return args.jobs ?? [...new Set([1, 2, 4, cores()])].filter((j) => j <= Math.max(cores(), 1)).sort((a, b) => a - b);
}

/**
 * The CLI end to end against native CPython on the native corpus: `bytescope dis DIR` (and with each --jobs
 * count above 1) and `python3 -c` with dis, processes from start to exit, runs alternating. Returns false when
 * an output differs.
 */
function endToEndSection(corpus: string, files: number, version: string, reference: string, args: Args, notes: string[]): boolean {
  const e2eRuns = args.quick ? 3 : 5;
  const jobs = jobCounts(args).filter((j) => j > 1);
  process.stderr.write(`bench: end to end, bytescope dis DIR${jobs.map((j) => `, --jobs ${j}`).join('')} and python3 -c, ${e2eRuns} runs each…\n`);
  const e = benchEndToEnd(corpus, e2eRuns, jobs);
  if (typeof e === 'string') { notes.push(e); return true; }
  const ref = median(e.ref);
  const refCpu = median(e.refCpu);
  console.log(`\nEnd to end: bytescope dis DIR against python3 -c that reads every .pyc of DIR and prints the same "# PATH" header and dis.dis of each, in one process; both from process start to exit, output to /dev/null, on the ${files} files of ${version} (${reference}); median of ${e2eRuns} alternating runs each, wall and CPU seconds (CPU: user + sys of the process, every thread). ${cores()} CPUs.`);
  const row = (what: string, wall: readonly number[], cpu: readonly number[], same: string) => [
    what, String(files), sec(median(wall)), sec(median(cpu)), sec(ref), sec(refCpu), `${(ref / median(wall)).toFixed(1)}x`, `${(refCpu / median(cpu)).toFixed(1)}x`,
    sec(Math.min(...wall)), sec(Math.min(...e.ref)), same,
  ];
  console.log(table(['bytescope', 'files', 'wall s', 'CPU s', 'python3 wall s', 'python3 CPU s', 'ratio (wall)', 'ratio (CPU)', 'best wall s', 'python3 best s', 'same output'], [
    row('dis DIR (--jobs 1)', e.ours, e.oursCpu, e.sameOutput ? 'yes' : `NO (${e.difference})`),
    ...e.jobs.map((j) => row(`dis --jobs ${j.jobs} DIR`, j.wall, j.cpu, j.sameOutput ? 'yes (= --jobs 1)' : 'NO (differs from --jobs 1)')),
  ], args.markdown));
  return e.sameOutput && e.jobs.every((j) => j.sameOutput);
}

/** Recording a trace (bytescope trace, the stepper): about 10 000 steps per version. */
function traceTable(args: Args): void {
  const runs = args.quick ? 2 : 3;
  const body: string[][] = [];
  for (const v of args.versions) {
    process.stderr.write(`bench: trace ${v}…\n`);
    const r = benchTrace(v, runs);
    if (typeof r === 'string') { body.push([v, r, '', '', '', '', '']); continue; }
    const per10k = (msTotal: number) => ((msTotal / r.steps) * 10).toFixed(2); // ms per step × 10 000 / 1000
    const whole = (x: number) => x.toFixed(0);
    body.push([r.version, r.stackSource, String(r.steps), whole(r.cpuMs), whole(r.totalMs), whole(r.runMs), per10k(r.cpuMs)]);
  }
  console.log(`\nRecording a trace in Node (traceInRuntime: compile, static analysis, the traced run, the model), best of ${runs} by CPU time; goal: 10 000 steps under 2 s. Wall time also counts waiting for a core on a busy machine.`);
  console.log(table(['version', 'stack', 'steps', 'CPU ms', 'wall ms', 'run ms', 'CPU s / 10k steps'], body, args.markdown));
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') { console.error(`bench: ${args}`); return 2; }
  if (args.startupOnly) {
    const notes: string[] = [];
    const code = await startupSection(args, notes);
    for (const n of notes) console.log(`note: ${n}`);
    return code;
  }
  const t0 = Date.now();
  const notes: string[] = [];
  if (args.traceOnly) {
    traceTable(args);
    return 0;
  }
  if (args.e2eOnly) {
    const native = nativePython();
    if (!native) { console.error('bench: --e2e-only needs a native python3'); return 1; }
    const corpus = nativeCorpus(native.full);
    const files = readdirSync(corpus).filter((f) => f.endsWith('.pyc')).length;
    const same = endToEndSection(corpus, files, native.minor, `CPython ${native.full} (native)`, args, notes);
    for (const n of notes) console.log(`note: ${n}`);
    return same ? 0 : 1;
  }

  // Corpora: native python3 for its own version, Pyodide golden data for the others (two generated at a time).
  const native = nativePython();
  const plan: { version: PythonVersion; native: boolean; corpus: Promise<string> | string }[] = [];
  for (const v of args.versions) {
    if (native?.minor === v) {
      plan.push({ version: v, native: true, corpus: nativeCorpus(native.full) });
    } else plan.push({ version: v, native: false, corpus: '' });
  }
  if (!native) notes.push('no python3 on this machine: every reference is a Pyodide runtime (WebAssembly).');
  else if (!isPythonVersion(native.minor) || !args.versions.includes(native.minor)) notes.push(`python3 here is ${native.full}, a version not asked for: no native row.`);
  const pending = plan.filter((p) => !p.native);
  for (let i = 0; i < pending.length; i += 2) {
    const pair = pending.slice(i, i + 2);
    const dirs = await Promise.all(pair.map((p) => pyodideCorpus(p.version)));
    pair.forEach((p, k) => { p.corpus = dirs[k]!; });
  }
  const tCorpora = Date.now();

  const rows: BenchRow[] = [];
  for (const p of plan) {
    process.stderr.write(`bench: ${p.version} (${p.native ? 'native' : 'Pyodide'} reference)…\n`);
    rows.push(await benchVersion(p.version, p.corpus as string, p.native, args.runs, args.refRuns || 1));
  }
  // Native interpreters older than 3.10: their own stdlib compiled by themselves, against their own dis.
  const oldRows: BenchRow[] = [];
  for (const v of args.old) {
    const py = findNativePython(v);
    if (!py) { notes.push(`no native CPython ${v} (looked at ${nativeSearchPlaces(v)}): no ${v} row.`); continue; }
    process.stderr.write(`bench: ${v} (native ${py.fullVersion} reference)…\n`);
    const g = await ensureNativeGolden(v, { sampleEvery: 1, limit: 0 });
    oldRows.push(await benchVersion(v, g!.dir, true, args.runs, 1, py.executable));
  }

  const head = ['version', 'reference', 'files', '.pyc MB', 'ours s', 'ref s', 'ratio', 'ours 1st s', 'ref 1st s', 'ours peak MB', 'ref peak MB', 'identical'];
  const body = [...oldRows, ...rows].map((r) => [
    r.version, r.reference, String(r.files), mb(r.bytes), sec(r.ours), sec(r.ref), `${(r.ref / r.ours).toFixed(1)}x`, sec(r.oursFirst), sec(r.refFirst),
    (r.oursMaxrssKb / 1024).toFixed(0), r.refMaxrssKb === null ? 'n/a' : (r.refMaxrssKb / 1024).toFixed(0),
    r.different === 0 && r.compared === r.files ? 'yes' : `NO (${r.different} of ${r.compared})`,
  ]);
  console.log(`\nDisassembling a whole stdlib, single-threaded, seconds per pass over all files. Ours: readPyc + disassembleToText (Node ${process.version}); ref: CPython's marshal.loads + dis.dis into a StringIO. Each side makes a first pass ("1st": JIT and caches warming up), then ${args.runs} more whose median is the time; natively, the two sides' passes alternate. Pyodide references make ${args.refRuns || 1} pass(es) in all. ${cores()} CPUs.`);
  console.log(table(head, body, args.markdown));
  if (rows.some((r) => !r.native)) console.log('Pyodide references run CPython compiled to WebAssembly, which is slower than native CPython: compare the native row for "faster than CPython".');
  for (const r of [...oldRows, ...rows]) {
    for (const d of r.differences) console.log(`  ${r.version} ${d.file} line ${d.line}\n    expected: ${d.expected}\n    actual:   ${d.actual}`);
  }

  // The CLI end to end against native CPython, on the native corpus: both are processes, start to exit.
  const nativeRow = rows.find((r) => r.native);
  if (nativeRow) {
    if (!endToEndSection(nativeRow.corpus, nativeRow.files, nativeRow.version, nativeRow.reference, args, notes)) rows.push({ ...nativeRow, different: 1 });
  } else notes.push('no native row: no end-to-end figure against python3.');

  // The CLI: --jobs on the first corpus (native when there is one), then the cold start.
  const jobsCorpus = (rows.find((r) => r.native) ?? rows[0])?.corpus;
  if (jobsCorpus) {
    const jobList = jobCounts(args);
    const jr = benchJobs(jobsCorpus, jobList, args.quick ? 1 : 3);
    const row = rows.find((r) => r.corpus === jobsCorpus)!;
    console.log(`\nbytescope dis --jobs N DIR (${row.files} files of ${row.version}, output to a file, end to end, median of ${args.quick ? 1 : 3})`);
    if (typeof jr === 'string') notes.push(jr);
    else {
      const base = jr[0]!.seconds;
      console.log(table(['jobs', 'seconds', 'speed-up', 'same output as --jobs 1'], jr.map((j: JobsRow) => [String(j.jobs), sec(j.seconds), `${(base / j.seconds).toFixed(2)}x`, j.sameOutput ? 'yes' : 'NO']), args.markdown));
      if (jr.some((j) => !j.sameOutput)) rows.push({ ...row, different: 1 });
    }
    const file = smallPyc(jobsCorpus);
    const cs = benchColdStart(file, args.quick ? 5 : 15);
    if (typeof cs === 'string') notes.push(cs);
    else {
      console.log(`\nCold start: bytescope dis ${file.split('/').pop()} (${cs.bytes} bytes) > /dev/null, process start to exit, ${cs.cli.length} runs`);
      console.log(`  bytescope: median ${ms(median(cs.cli))} ms, best ${ms(Math.min(...cs.cli))} ms (goal: under 150 ms)`);
      console.log(`  node -e 0: median ${ms(median(cs.bareNode))} ms, best ${ms(Math.min(...cs.bareNode))} ms (Node's own start, the floor)`);
    }
  }
  const startupCode = await startupSection(args, notes);
  traceTable(args);
  for (const n of notes) console.log(`note: ${n}`);
  console.log(`\ncorpora ${((tCorpora - t0) / 1000).toFixed(0)} s (cached after the first run), measurements ${((Date.now() - tCorpora) / 1000).toFixed(0)} s`);
  return [...oldRows, ...rows].some((r) => r.different > 0 || r.compared !== r.files) || startupCode !== 0 ? 1 : 0;
}

main().then((c) => { process.exitCode = c; }, (e: unknown) => { console.error(`bench: ${e instanceof Error ? e.message : String(e)}`); process.exitCode = 1; });
