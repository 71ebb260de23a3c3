/**
 * The trace benchmark of `npm run bench` (bench.ts, `benchTrace`): a program of about 10 000 executed instructions
 * traced in one runtime, in a Node process of its own (one Pyodide per process). Prints one JSON line: the steps,
 * the whole `traceInRuntime` call (compile, analysis, the traced run, building the model) and the traced run alone,
 * best (least CPU time) of `runs` after a first call that installs the modules.
 *   node bench-trace.js VERSION [RUNS]
 */
import { isPythonVersion, loadRuntime } from './runtime.js';
import { traceInRuntime } from './trace.js';
import { isMainScript } from './main-script.js';

/** The traced program: a function with a loop, a call per iteration, a list and a dict (~10 000 steps). */
export const TRACE_BENCH_SOURCE = `def step(x, k=3):
    return (x * k + 1) % 97

def work(n):
    seen = {}
    out = []
    for i in range(n):
        v = step(i, k=i % 5)
        seen[v] = seen.get(v, 0) + 1
        out.append(v)
    return len(out), len(seen)

print(work(330))
`;

/** One measurement. */
export interface TraceBenchResult {
  readonly version: string;
  readonly steps: number;
  readonly stackSource: string;
  /** Best whole `traceInRuntime` call, ms. */
  readonly totalMs: number;
  /** Best traced run inside the runtime, ms. */
  readonly runMs: number;
  /**
   * CPU time of the whole call (user + system, ms) in the best run: what the call costs on a machine to itself,
   * where wall time also counts waiting for a core.
   */
  readonly cpuMs: number;
}

async function main(version: string, runs: number): Promise<void> {
  if (!isPythonVersion(version)) throw new Error(`unknown version ${version}`);
  const rt = await loadRuntime(version);
  let best: TraceBenchResult | undefined;
  for (let i = 0; i <= runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = traceInRuntime(rt.pyodide, TRACE_BENCH_SOURCE, { maxSteps: 100_000, timeoutMs: 60_000 });
    const total = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    if (!r.ok) throw new Error(r.error.message);
    const row = {
      version: r.trace.version, steps: r.trace.steps.length, stackSource: r.trace.stack_source, totalMs: total,
      runMs: r.trace.elapsed_ms, cpuMs: (cpu.user + cpu.system) / 1000,
    };
    if (i > 0 && (!best || row.cpuMs < best.cpuMs)) best = row;
  }
  process.stdout.write(JSON.stringify(best) + '\n');
}

if (isMainScript(import.meta.url)) {
  main(process.argv[2] ?? '', Number(process.argv[3] ?? 3)).catch((e: unknown) => {
    process.stderr.write(String(e instanceof Error ? e.message : e) + '\n');
    process.exit(1);
  });
}
