/**
 * `npm run fuzz -- [options]`: the hostile-input fuzz harness.
 *
 *   --seconds N       how long to fuzz (default 60)
 *   --seed S          PRNG seed (default 1); input i of seed S is always the same bytes
 *   --start I         first input index (default 0)
 *   --inputs N        stop after N inputs
 *   --time-limit MS   a stage slower than this is a crasher (default 1000)
 *   --heap MB         heap limit of the fuzzing worker (default 2048); exceeding it makes the input a crasher
 *   --hang S          an input running longer than this is a hang: the worker is stopped and restarted (default 30)
 *   --corpora DIR     the corpora (default ../shared/corpora beside the repository)
 *   --save DIR        where crashers go (default packages/core/test/fixtures/hostile); --no-save to keep none
 *   --replay FILE…    run files through every stage and print what happened
 *   --show I          print the mutations of input I (with --seed) and save it with --save
 *   --write-fixtures  (re)write the hand-crafted fixtures of at most 16 KiB into the save directory (the larger ones
 *                     are built in code by test/fuzz.test.ts)
 *
 * The fuzzing runs in a worker thread with a heap limit; the main thread watches it, so that a hang or a heap
 * exhaustion is recorded as a crasher (the input is rebuilt from its index) and fuzzing goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { handcraftedFixtures } from './fixtures.js';
import { corporaDir, repoRoot } from '../testkit/corpora.js';
import {
  emptyStats, formatStats, fuzz, inputFor, loadCorpus, mergeStats, saveCrasher, type CrashRecord,
  type FuzzStats,
} from './fuzzer.js';
import { runInput } from './run.js';

interface Args {
  seconds: number;
  seed: number;
  start: number;
  inputs?: number;
  timeLimit: number;
  heap: number;
  hang: number;
  corpora: string;
  save?: string;
  replay: string[];
  show?: number;
  writeFixtures: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    seconds: 60, seed: 1, start: 0, timeLimit: 1000, heap: 2048, hang: 30, corpora: corporaDir(),
    save: path.join(repoRoot, 'packages/core/test/fixtures/hostile'), replay: [], writeFixtures: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const val = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    const num = () => {
      const x = Number(val());
      if (!Number.isFinite(x)) throw new Error(`${k} needs a number`);
      return x;
    };
    switch (k) {
      case '--seconds': a.seconds = num(); break;
      case '--seed': a.seed = num() | 0; break;
      case '--start': a.start = num(); break;
      case '--inputs': a.inputs = num(); break;
      case '--time-limit': a.timeLimit = num(); break;
      case '--heap': a.heap = num(); break;
      case '--hang': a.hang = num(); break;
      case '--corpora': a.corpora = path.resolve(val()); break;
      case '--save': a.save = path.resolve(val()); break;
      case '--no-save': a.save = undefined; break;
      case '--show': a.show = num(); break;
      case '--write-fixtures': a.writeFixtures = true; break;
      case '--replay': while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) a.replay.push(argv[++i]!); break;
      default: throw new Error(`unknown option ${k} (see the top of packages/core/fuzz/main.ts)`);
    }
  }
  return a;
}

/** Worker: fuzz a segment, report the index being run through shared memory, post crashes and the figures. */
function workerMain(): void {
  const d = workerData as { args: Args; start: number; seconds: number; progress: SharedArrayBuffer };
  const progress = new Int32Array(d.progress);
  const corpus = loadCorpus(d.args.corpora);
  Atomics.store(progress, 1, 1); // corpus loaded
  const stats = fuzz({
    corpus, seed: d.args.seed, seconds: d.seconds, startIndex: d.start, timeLimitMs: d.args.timeLimit, saveDir: d.args.save,
    maxInputs: d.args.inputs === undefined ? undefined : Math.max(0, d.args.inputs - (d.start - d.args.start)),
    onInput: (i) => { Atomics.store(progress, 0, i); Atomics.add(progress, 2, 1); },
    onCrash: (c) => parentPort!.postMessage({ crash: c }),
    onProgress: (s) => parentPort!.postMessage({ partial: s }),
  });
  parentPort!.postMessage({ stats });
}

/** Runs one worker segment from `start`; resolves with its figures, or with how it died. */
function runSegment(args: Args, start: number, seconds: number): Promise<{ stats?: FuzzStats; partial?: FuzzStats; crashes: CrashRecord[]; died?: { index: number; why: 'hang' | 'oom' | 'worker'; detail: string } }> {
  return new Promise((resolve) => {
    const progress = new SharedArrayBuffer(12);
    const p = new Int32Array(progress);
    Atomics.store(p, 0, start);
    const worker = new Worker(fileURLToPath(import.meta.url), {
      workerData: { args, start, seconds, progress },
      resourceLimits: { maxOldGenerationSizeMb: args.heap, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
    });
    let done = false;
    let partial: FuzzStats | undefined;
    const crashes: CrashRecord[] = [];
    let lastCount = -1;
    let lastChange = Date.now();
    const finish = (r: Omit<Parameters<typeof resolve>[0], 'crashes'>) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      resolve({ ...r, crashes });
    };
    const timer = setInterval(() => {
      if (!Atomics.load(p, 1)) { lastChange = Date.now(); return; } // still loading the corpus
      const count = Atomics.load(p, 2);
      if (count !== lastCount) { lastCount = count; lastChange = Date.now(); return; }
      if (Date.now() - lastChange > args.hang * 1000) {
        const index = Atomics.load(p, 0);
        void worker.terminate();
        finish({ partial, died: { index, why: 'hang', detail: `no progress for ${args.hang} s` } });
      }
    }, 250);
    worker.on('message', (m: { crash?: CrashRecord; stats?: FuzzStats; partial?: FuzzStats }) => {
      if (m.partial) partial = m.partial;
      if (m.crash) crashes.push(m.crash);
      if (m.crash) console.log(`crash: #${m.crash.index} ${m.crash.crash.stage} ${m.crash.crash.why}: ${m.crash.crash.detail}${m.crash.file ? ` -> ${m.crash.file}` : ''}`);
      if (m.stats) finish({ stats: m.stats });
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const index = Atomics.load(p, 0);
      finish({ partial, died: { index, why: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'worker', detail: `${e.code ?? e.name}: ${e.message.split('\n')[0]}` } });
    });
    worker.on('exit', (code) => {
      const index = Atomics.load(p, 0);
      finish({ partial, died: { index, why: 'worker', detail: `worker exited with code ${code}` } });
    });
  });
}

async function parentMain(args: Args): Promise<number> {
  if (args.writeFixtures) {
    const dir = args.save ?? path.join(repoRoot, 'packages/core/test/fixtures/hostile');
    fs.mkdirSync(dir, { recursive: true });
    for (const f of handcraftedFixtures()) {
      if (f.data.length > 16 * 1024) continue;
      fs.writeFileSync(path.join(dir, f.name), f.data);
      console.log(`wrote ${path.join(dir, f.name)} (${f.data.length} bytes): ${f.description}`);
    }
    return 0;
  }
  if (args.replay.length) {
    for (const file of args.replay) {
      const r = runInput(new Uint8Array(fs.readFileSync(file)), { timeLimitMs: args.timeLimit });
      console.log(`${file}: ${r.outcome}${r.crash ? ` (${r.crash.stage} ${r.crash.why}: ${r.crash.detail})` : ''}, ${r.cpuMs.toFixed(0)} ms of CPU (${r.ms.toFixed(0)} ms)`);
      for (const s of r.stages) console.log(`  ${s.stage.padEnd(12)} ${s.cpuMs.toFixed(1).padStart(8)} ms CPU ${s.ms.toFixed(1).padStart(8)} ms  ${s.outcome}${s.error ? `  ${s.error}` : ''}`);
    }
    return 0;
  }
  if (args.show !== undefined) {
    const corpus = loadCorpus(args.corpora);
    const input = inputFor(corpus, args.seed, args.show);
    console.log(`input #${args.show} of seed ${args.seed}: ${input.data.length} bytes: ${input.ops.join(' ')}`);
    if (args.save) console.log(`saved to ${saveCrasher(args.save, input.data, 'show', 'input', input.ops)}`);
    return 0;
  }
  if (!fs.existsSync(args.corpora)) {
    console.error(`fuzz: no corpora at ${args.corpora} (use --corpora DIR)`);
    return 2;
  }
  console.log(`fuzzing for ${args.seconds} s with seed ${args.seed} from input #${args.start}; corpora ${args.corpora}; crashers -> ${args.save ?? '(not saved)'}`);
  const total = emptyStats(args.seed);
  const t0 = Date.now();
  let start = args.start;
  for (;;) {
    const left = args.seconds - (Date.now() - t0) / 1000;
    if (left <= 0 || (args.inputs !== undefined && total.inputs >= args.inputs)) break;
    const r = await runSegment(args, start, left);
    if (r.stats) r.stats.crashes = [];
    if (r.partial) r.partial.crashes = [];
    total.crashes.push(...r.crashes); // as reported one by one (a dying worker's last figures may lack some)
    if (r.stats) {
      mergeStats(total, r.stats);
      break;
    }
    // The worker died on input `index`: keep its figures so far, rebuild the input, save it, and go on after it.
    const died = r.died!;
    const before = total.inputs;
    if (r.partial) mergeStats(total, r.partial);
    const corpus = loadCorpus(args.corpora);
    const input = inputFor(corpus, args.seed, died.index);
    const file = args.save ? saveCrasher(args.save, input.data, 'worker', died.why, input.ops) : undefined;
    const record: CrashRecord = { index: died.index, ops: input.ops, crash: { stage: 'worker', why: died.why, detail: died.detail }, file };
    console.log(`crash: #${died.index} ${died.why}: ${died.detail}${file ? ` -> ${file}` : ''}`);
    total.crashes.push(record);
    total.outcomes.crash = (total.outcomes.crash ?? 0) + 1;
    total.inputs = before + (died.index - start + 1); // the partial figures lag behind: count what was tried
    start = died.index + 1;
  }
  total.seconds = (Date.now() - t0) / 1000;
  console.log(formatStats(total));
  return total.crashes.length || total.mutatorErrors.count ? 1 : 0;
}

if (isMainThread) {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fuzz: ${(e as Error).message}`);
    process.exit(2);
  }
  parentMain(args).then((code) => { process.exitCode = code; }, (e: unknown) => { console.error(e); process.exitCode = 1; });
} else {
  workerMain();
}
