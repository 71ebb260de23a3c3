/**
 * The page's side of the CPython workers: one Web Worker per version, started on first use, compiling
 * source to `.pyc` bytes. User code is only compiled, never run, so a runaway program cannot freeze the page.
 */
import type { CompileResult, PythonCompileError } from '@bytescope/python/compile';
import { WorkerRequests } from './requests.js';

/** `SyntaxError: invalid syntax (line 1, column 6)`: the error and where it is, as CPython reported it. */
export function syntaxErrorText(e: PythonCompileError): string {
  return `${e.type}: ${e.message}` + (e.lineno !== null ? ` (line ${e.lineno}${e.offset !== null ? `, column ${e.offset}` : ''})` : '');
}

/** How source is compiled: `compile()`'s mode, and its optimization level (`-O` is 1, `-OO` is 2). */
export interface CompileOptions {
  readonly mode: 'exec' | 'eval' | 'single';
  readonly optimize: 0 | 1 | 2;
}

/** What every compile answer says of the runtime: its exact version and how it started (`snapshot` or `fresh`). */
interface RuntimeFacts { fullVersion: string; startedFrom: string }

/**
 * Result of compiling (`ms`: how long CPython took): the `.pyc`, or the compile error as Node's compile reports it.
 * `restarted`: the runtime died on this source (the JavaScript stack overflowed) and a fresh one is loading.
 */
export type CompileOutcome = CompileResult & { ms: number; restarted?: boolean } & RuntimeFacts;

/** What a compile worker answers: a result, or `fatal` when the runtime failed. */
interface WorkerAnswer { id: number; fatal?: string }

class RuntimeWorker {
  private readonly worker: Worker;
  private readonly requests: WorkerRequests<WorkerAnswer>;
  ready = false;
  readonly loaded: Promise<string>;

  constructor(readonly version: string) {
    this.worker = new Worker(new URL('./compile-worker.ts', import.meta.url), { type: 'module' });
    this.requests = new WorkerRequests<WorkerAnswer>(this.worker, (m) => m.fatal ?? null);
    this.worker.onerror = (e) => this.requests.failAll(new Error(e.message || 'the Python worker failed'));
    this.loaded = this.call({ type: 'load' }).then((m) => {
      this.ready = true;
      return (m as { fullVersion: string }).fullVersion;
    });
  }

  call(msg: Record<string, unknown>, timeoutMs = 120_000): Promise<unknown> {
    return this.requests.call({ version: this.version, ...msg }, timeoutMs, `Python ${this.version} did not answer within ${timeoutMs / 1000} s`);
  }

  /** True while a request (the load included) waits for its answer. */
  get busy(): boolean {
    return this.requests.busy;
  }

  terminate(): void {
    this.worker.terminate();
    this.requests.failAll(new Error('worker stopped'));
  }
}

/**
 * Keeps at most two runtimes alive (the current version and the previous one). Beyond two, the least recently used
 * one goes — one that is not answering a request if there is one, so that a compile under way (the listing's, say)
 * is not cut off by another page part compiling in a third version.
 */
export class Runtimes {
  private readonly workers = new Map<string, RuntimeWorker>();

  /** The worker of `version`, started if needed. */
  get(version: string): RuntimeWorker {
    let w = this.workers.get(version);
    if (w) {
      this.workers.delete(version);
      this.workers.set(version, w); // most recently used last
      return w;
    }
    w = new RuntimeWorker(version);
    this.workers.set(version, w);
    while (this.workers.size > 2) {
      const older = [...this.workers].filter(([, x]) => x !== w);
      const [oldest, ow] = older.find(([, x]) => !x.busy) ?? older[0]!;
      ow.terminate();
      this.workers.delete(oldest);
    }
    return w;
  }

  /** True when the runtime of `version` is loaded and ready. */
  isReady(version: string): boolean {
    return this.workers.get(version)?.ready ?? false;
  }

  /** Compiles `source` with CPython `version` (by default as a module, without optimization). */
  async compile(version: string, source: string, options: CompileOptions = { mode: 'exec', optimize: 0 }): Promise<CompileOutcome> {
    const w = this.get(version);
    try {
      await w.loaded;
    } catch (e) {
      // It could not load (the runtime's files did not download…): the next compile starts a new worker that tries again.
      if (this.workers.get(version) === w) this.workers.delete(version);
      w.terminate();
      throw e;
    }
    const answer = (await w.call({ type: 'compile', source, mode: options.mode, optimize: options.optimize }, 30_000)) as CompileOutcome & { dead?: boolean };
    if (!answer.dead) return answer;
    // The runtime is dead: a fresh worker, loading at once, for the next compile.
    if (this.workers.get(version) === w) this.workers.delete(version);
    w.terminate();
    this.get(version);
    const { dead: _dead, ...outcome } = answer;
    return { ...outcome, restarted: true };
  }
}
