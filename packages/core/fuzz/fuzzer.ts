/**
 * The fuzz loop: loads the corpora, makes input after input with {@link mutate} (input `i` of seed `s` is always the
 * same bytes), runs each through {@link runInput}, counts outcomes, and saves crashers as regression fixtures.
 * Node only (reads and writes files); nothing in the library imports it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeSeed, mutate, MUTATOR_ERROR, type Mutant, type Seed } from './mutate.js';
import { fnv1a, Prng } from '../testkit/index.js';
import { runInput, type Crash, type RunResult } from './run.js';

/**
 * The fuzz corpus: every `.pyc`/`.pyo` of `xdis/bytecode_3.1*` and `pycdc/*.3.1*.pyc` (3.10–3.15, and 3.1), three
 * times over so that they are picked most, plus once each the CPython 2.7 and 3.0–3.9 files (for the reader).
 * Sorted, so that the same corpus gives the same inputs. Empty when the directory is missing.
 */
export function loadCorpus(corporaDir: string): Seed[] {
  const primary: string[] = [];
  const secondary: string[] = [];
  const xdis = path.join(corporaDir, 'xdis');
  if (fs.existsSync(xdis)) {
    for (const dir of fs.readdirSync(xdis).sort()) {
      const m = /^bytecode_(2\.7|3\.\d+)$/.exec(dir);
      if (!m) continue;
      const full = path.join(xdis, dir);
      for (const f of fs.readdirSync(full).sort()) {
        if (!/\.py[co]$/.test(f) || !fs.statSync(path.join(full, f)).isFile()) continue;
        (/^3\.1\d?$/.test(m[1]!) ? primary : secondary).push(path.join('xdis', dir, f));
      }
    }
  }
  const pycdc = path.join(corporaDir, 'pycdc');
  if (fs.existsSync(pycdc)) {
    for (const f of fs.readdirSync(pycdc).sort()) {
      const m = /\.(2\.7|3\.\d+)\.pyc$/.exec(f);
      if (!m) continue;
      (/^3\.1\d?$/.test(m[1]!) ? primary : secondary).push(path.join('pycdc', f));
    }
  }
  const seeds = new Map<string, Seed>();
  const load = (rel: string) => {
    let s = seeds.get(rel);
    if (!s) seeds.set(rel, (s = makeSeed(rel, new Uint8Array(fs.readFileSync(path.join(corporaDir, rel))))));
    return s;
  };
  return [...primary, ...primary, ...primary, ...secondary].map(load);
}

/** Input `index` of a run seeded with `seed`. */
export function inputFor(corpus: readonly Seed[], seed: number, index: number): Mutant {
  return mutate(corpus, new Prng(seed, index));
}

/** A saved crasher. */
export interface CrashRecord {
  readonly index: number;
  readonly ops: readonly string[];
  readonly crash: Crash | { readonly stage: string; readonly why: 'hang' | 'oom' | 'worker'; readonly detail: string };
  /** Where it was saved, when it was. */
  readonly file?: string;
}

/** The figures of a run. */
export interface FuzzStats {
  seed: number;
  inputs: number;
  seconds: number;
  /** Overall outcome per input: `ok`, `error:<kind>`, `crash`. */
  outcomes: Record<string, number>;
  /** Per stage: outcome → count. */
  stages: Record<string, Record<string, number>>;
  /** The slowest stage of any input, by CPU time (wall-clock time beside it). */
  slowest: { cpuMs: number; ms: number; index: number; stage: string; ops: readonly string[] } | null;
  peakRss: number;
  peakRssInput: { index: number; ops: readonly string[] } | null;
  /** Largest input tried (bytes). */
  largestInput: number;
  crashes: CrashRecord[];
  /**
   * Inputs on which a mutator threw (a bug of the harness: the input is then the unchanged seed, so the run tested
   * less than it claims), with the first messages.
   */
  mutatorErrors: { count: number; first: string[] };
}

/** Empty figures. */
export function emptyStats(seed: number): FuzzStats {
  return { seed, inputs: 0, seconds: 0, outcomes: {}, stages: {}, slowest: null, peakRss: 0, peakRssInput: null, largestInput: 0, crashes: [], mutatorErrors: { count: 0, first: [] } };
}

/** Adds `b` to `a`. */
export function mergeStats(a: FuzzStats, b: FuzzStats): FuzzStats {
  a.inputs += b.inputs;
  a.seconds += b.seconds;
  for (const [k, n] of Object.entries(b.outcomes)) a.outcomes[k] = (a.outcomes[k] ?? 0) + n;
  for (const [s, m] of Object.entries(b.stages)) {
    const t = (a.stages[s] ??= {});
    for (const [k, n] of Object.entries(m)) t[k] = (t[k] ?? 0) + n;
  }
  if (b.slowest && (!a.slowest || b.slowest.cpuMs > a.slowest.cpuMs)) a.slowest = b.slowest;
  if (b.peakRss > a.peakRss) { a.peakRss = b.peakRss; a.peakRssInput = b.peakRssInput; }
  a.largestInput = Math.max(a.largestInput, b.largestInput);
  a.crashes.push(...b.crashes);
  a.mutatorErrors.count += b.mutatorErrors.count;
  a.mutatorErrors.first.push(...b.mutatorErrors.first.slice(0, 10 - a.mutatorErrors.first.length));
  return a;
}

/** A short file name for a crasher: stage, reason, first mutations, hash. */
export function crasherName(data: Uint8Array, stage: string, why: string, ops: readonly string[]): string {
  const tag = ops.slice(1, 3).join('+').replace(/[^A-Za-z0-9+]/g, '').slice(0, 40) || 'seed';
  return `${stage}-${why}-${tag}-${fnv1a(data)}.pyc`;
}

/** Saves a crasher into `dir` (created when missing); returns the path. */
export function saveCrasher(dir: string, data: Uint8Array, stage: string, why: string, ops: readonly string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, crasherName(data, stage, why, ops));
  fs.writeFileSync(file, data);
  return file;
}

/** Options of {@link fuzz}. */
export interface FuzzOptions {
  readonly corpus: readonly Seed[];
  readonly seed: number;
  /** Stop after this long (default: no limit). */
  readonly seconds?: number;
  /** Stop after this many inputs (default: no limit). */
  readonly maxInputs?: number;
  /** First input index (to resume after a hang). */
  readonly startIndex?: number;
  /** Per-stage time limit (default 1000 ms). */
  readonly timeLimitMs?: number;
  /** Where to save crashers (default: not saved). */
  readonly saveDir?: string;
  /** Called before each input with its index (a watchdog can tell a hang from it). */
  readonly onInput?: (index: number) => void;
  /** Called with each crash as it is found. */
  readonly onCrash?: (record: CrashRecord) => void;
  /** Called with the figures so far about every two seconds (a watchdog keeps them in case the loop dies). */
  readonly onProgress?: (stats: FuzzStats) => void;
}

/** Runs the fuzz loop. */
export function fuzz(options: FuzzOptions): FuzzStats {
  const stats = emptyStats(options.seed);
  if (!options.corpus.length) return stats;
  const t0 = performance.now();
  const deadline = options.seconds === undefined ? Infinity : t0 + options.seconds * 1000;
  const max = options.maxInputs ?? Infinity;
  let index = options.startIndex ?? 0;
  let lastReport = t0;
  while (stats.inputs < max && performance.now() < deadline) {
    if (options.onProgress && performance.now() - lastReport > 2000) {
      lastReport = performance.now();
      stats.seconds = (lastReport - t0) / 1000;
      options.onProgress(stats);
    }
    options.onInput?.(index);
    const input = inputFor(options.corpus, options.seed, index);
    const r: RunResult = runInput(input.data, { timeLimitMs: options.timeLimitMs });
    stats.inputs++;
    const broken = input.ops.find((o) => o.startsWith(MUTATOR_ERROR));
    if (broken !== undefined) {
      stats.mutatorErrors.count++;
      if (stats.mutatorErrors.first.length < 10) stats.mutatorErrors.first.push(`#${index}: ${broken}`);
    }
    stats.largestInput = Math.max(stats.largestInput, input.data.length);
    stats.outcomes[r.outcome] = (stats.outcomes[r.outcome] ?? 0) + 1;
    let slow = r.stages[0];
    for (const s of r.stages) {
      const m = (stats.stages[s.stage] ??= {});
      m[s.outcome] = (m[s.outcome] ?? 0) + 1;
      if (s.cpuMs > (slow?.cpuMs ?? 0)) slow = s;
    }
    if (slow && (!stats.slowest || slow.cpuMs > stats.slowest.cpuMs)) stats.slowest = { cpuMs: slow.cpuMs, ms: slow.ms, index, stage: slow.stage, ops: input.ops };
    const rss = process.memoryUsage.rss();
    if (rss > stats.peakRss) { stats.peakRss = rss; stats.peakRssInput = { index, ops: input.ops }; }
    if (r.crash) {
      const file = options.saveDir ? saveCrasher(options.saveDir, input.data, r.crash.stage, r.crash.why, input.ops) : undefined;
      const record: CrashRecord = { index, ops: input.ops, crash: r.crash, file };
      stats.crashes.push(record);
      options.onCrash?.(record);
    }
    index++;
  }
  stats.seconds = (performance.now() - t0) / 1000;
  return stats;
}

/** The figures as text, one item a line. */
export function formatStats(s: FuzzStats): string {
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  const sorted = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  const lines = [
    `seed ${s.seed}: ${s.inputs} inputs in ${s.seconds.toFixed(1)} s (${(s.inputs / Math.max(s.seconds, 1e-9)).toFixed(1)}/s), largest ${s.largestInput} bytes`,
    `outcomes: ${sorted(s.outcomes)}`,
    ...Object.entries(s.stages).map(([stage, m]) => `  ${stage}: ${sorted(m)}`),
    s.slowest ? `slowest: ${s.slowest.cpuMs.toFixed(0)} ms of CPU (${s.slowest.ms.toFixed(0)} ms) in ${s.slowest.stage}, input #${s.slowest.index} (${s.slowest.ops.join(' ')})` : 'slowest: -',
    `peak RSS: ${mib(s.peakRss)}${s.peakRssInput ? ` (reached at input #${s.peakRssInput.index}: ${s.peakRssInput.ops.join(' ')})` : ''}`,
    `mutator errors: ${s.mutatorErrors.count}${s.mutatorErrors.first.length ? ` (${s.mutatorErrors.first.join('; ')})` : ''}`,
    `crashes: ${s.crashes.length}`,
    ...s.crashes.slice(0, 50).map((c) => `  #${c.index} ${c.crash.stage} ${c.crash.why}: ${c.crash.detail} [${c.ops.join(' ')}]${c.file ? ` -> ${c.file}` : ''}`),
  ];
  return lines.join('\n');
}
