/**
 * A lab session: one CPython runtime of one version, on another thread or process, that runs, counts, times and
 * inspects user code. Written against {@link LabTransport}, so the same logic serves a Node child process and a
 * browser Web Worker. The session enforces time limits twice: the driver stops counted runs itself (the runtime
 * survives), and the session kills the transport when a request overruns (the runtime is started again on the next
 * request). Requests are queued: a runtime runs one thing at a time.
 */
import { decodeModule, readPyc } from '@bytescope/core';
import type { CompileResult, PythonCompileError } from '../compile.js';
import { TRACE_DEFAULT_TIMEOUT_MS, type TraceResult } from '../trace.js';
import { nameLabCodes } from './code-names.js';
import { LabCrash, LabError, LabStepLimit, LabTimeout, formatDuration } from './errors.js';
import { hintsFromModule, type LabHint } from './hints.js';
import type {
  LabCodeIdentityWire, LabCompareResponse, LabFailureResponse, LabInfoResponse, LabRequest, LabResponse, LabResponseOf,
  LabRunResponse, LabSpecializeResponse, LabStopInfo, LabTransport, LabVariant,
} from './protocol.js';

/** Default time a counted run may take (ms). A runaway program is stopped after this. */
export const LAB_DEFAULT_TIMEOUT_MS = 1500;

/** Instructions a counted pass may execute at the default time limit; a longer limit allows proportionally more. */
export const LAB_DEFAULT_MAX_STEPS = 20_000_000;

/** The step limit that goes with a time limit (unless one is given): the default, scaled up with longer limits. */
export function stepsFor(timeoutMs: number, maxSteps?: number): number {
  return maxSteps ?? Math.max(LAB_DEFAULT_MAX_STEPS, Math.round((timeoutMs / LAB_DEFAULT_TIMEOUT_MS) * LAB_DEFAULT_MAX_STEPS));
}

/**
 * Extra time (ms) the session waits for the driver's own stop before it kills the runtime. The driver checks the
 * clock every few thousand instructions and then reports what it counted; on a busy machine that takes a good part
 * of a second, and a kill loses the output and counts the stop would have kept.
 */
export const LAB_KILL_GRACE_MS = 1000;

/** Options shared by everything that runs user code. */
export interface LabRunLimits {
  /** Milliseconds the user's code may run (per counted pass; default {@link LAB_DEFAULT_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Instructions a counted pass may execute (default 20 000 000, scaled up with a longer time limit: {@link stepsFor}). */
  maxSteps?: number;
  /** Characters of stdout/stderr kept (default 65 536). */
  outputLimit?: number;
}

/** Options of {@link LabSession.trace}. */
export interface LabTraceOptions {
  source: string;
  /** The name the program is compiled under (`co_filename`, tracebacks; default `<lab>`). */
  filename?: string;
  /** An expression evaluated after the program ran (untraced); only this call is traced. */
  call?: string;
  /** Step limit (default 10 000). */
  maxSteps?: number;
  /** Time limit of the traced run, ms (default 5000). */
  timeoutMs?: number;
  /** Testing only: a patch of the frame layout (see `traceInRuntime`); a wrong one gives a `simulated` trace. */
  layoutPatch?: Record<string, unknown> | null;
  /** Testing only: the reader's check fails at this step (see `traceInRuntime`). */
  faultStep?: number;
}

/** Options of {@link LabSession.run}. */
export interface LabRunOptions extends LabRunLimits {
  source: string;
  /** The name the program is compiled under, shown in tracebacks (default `<lab>`; the CLI gives the file's path). */
  filename?: string;
  /** An expression evaluated after the program ran; counts then cover this call only. */
  call?: string;
  /** Count instructions (default true). Without counting only the kill stops a runaway program. */
  counts?: boolean;
}

/** Options of {@link LabSession.compare}. */
export interface LabCompareOptions extends LabRunLimits {
  variants: readonly LabVariant[];
  /** Timed rounds (default 15). */
  repeat?: number;
  /** Milliseconds per measurement (default 20). */
  targetMs?: number;
  /** Milliseconds all timing may take (default 10 000). */
  budgetMs?: number;
  /** Count each variant first (default true); counting is also what stops a runaway variant quickly. */
  counts?: boolean;
}

/** Options of {@link LabSession.specialize}. */
export interface LabSpecializeOptions extends LabRunLimits {
  source: string;
  /** The name the program is compiled under, shown in tracebacks (default `<lab>`). */
  filename?: string;
  call?: string;
  /** Calls (or program runs without a call) before reading the bytecode (default 100 / 1). */
  warmup?: number;
}

/** The outcome of {@link LabSession.hints}. */
export type LabHintsResult =
  | { readonly ok: true; readonly version: string; readonly hints: LabHint[] }
  | { readonly ok: false; readonly error: PythonCompileError };

/** Makes a new transport (loads a runtime); called again after a kill. */
export type LabConnect = () => Promise<LabTransport>;

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function stopError(stop: LabStopInfo, partial: unknown, limitMs: number, prefix = ''): LabError {
  if (stop.kind === 'steps') return new LabStepLimit(stop.steps, prefix + stop.message, partial);
  return new LabTimeout(stop.afterMs, false, partial, prefix + stop.message, limitMs);
}

/** The grace before a kill: {@link LAB_KILL_GRACE_MS}, more with long limits (a busy machine delays the driver's check). */
function graceFor(timeoutMs: number): number {
  return Math.max(LAB_KILL_GRACE_MS, Math.round(timeoutMs / 5));
}

/** One runtime of one version, driven through a {@link LabTransport}. */
export class LabSession {
  /** The CPython minor version this session runs (`3.12`), as given. */
  readonly version: string;
  private readonly connect: LabConnect;
  private transport: Promise<LabTransport> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(version: string, connect: LabConnect) {
    this.version = version;
    this.connect = connect;
  }

  /** Loads the runtime now (otherwise the first request does); resolves with its full version (`3.12.7`). */
  async ready(): Promise<string> {
    return (await this.live()).fullVersion;
  }

  private live(): Promise<LabTransport> {
    if (this.disposed) return Promise.reject(new LabCrash('the lab session was disposed'));
    if (!this.transport) {
      const t = this.connect();
      this.transport = t;
      t.catch(() => { if (this.transport === t) this.transport = null; });
    }
    return this.transport;
  }

  /**
   * Sends a request and waits at most `hostTimeoutMs` (from the moment the runtime is loaded and the request
   * sent) before killing the runtime and rejecting with {@link LabTimeout}.
   */
  request<K extends keyof LabResponseOf>(request: LabRequest & { op: K }, hostTimeoutMs: number, limitMs?: number): Promise<LabResponseOf[K]> {
    const run = async (): Promise<LabResponseOf[K]> => {
      const pending = this.live();
      const transport = await pending;
      const start = Date.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // Reject first, so that the race settles with the timeout rather than with the kill's own rejection.
          const took = Date.now() - start;
          reject(new LabTimeout(took, true, undefined, limitMs !== undefined
            ? `stopped after ${formatDuration(took)}: the program took longer than ${formatDuration(limitMs)} (the time limit) inside code the lab cannot interrupt, so its runtime was stopped (its output is lost)`
            : undefined, limitMs));
          if (this.transport === pending) this.transport = null;
          transport.kill();
        }, hostTimeoutMs);
      });
      try {
        const res: LabResponse = await Promise.race([transport.send(request), timeout]);
        if (!res.ok) {
          const f = res as LabFailureResponse;
          if (f.fatal) {
            // The runtime cannot run anything again: the next request starts a fresh one.
            if (this.transport === pending) this.transport = null;
            transport.kill();
            if (!this.disposed) void this.live().catch(() => undefined); // a fresh runtime, loading at once
            throw new LabCrash(fatalMessage(this.version, f.error));
          }
          throw new LabError('protocol', `lab driver failed: ${f.error}${f.traceback ? '\n' + f.traceback : ''}`);
        }
        return res as LabResponseOf[K];
      } catch (e) {
        // The runtime died under the request (its process exited, the runtime server went away): the next request
        // starts a fresh one.
        if (e instanceof LabCrash && this.transport === pending) this.transport = null;
        if (!(e instanceof LabError)) {
          if (this.transport === pending) this.transport = null;
          transport.kill();
          throw new LabCrash(`the Python ${this.version} runtime failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        throw e;
      } finally {
        clearTimeout(timer);
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * Runs a program (then `call`, if given) once and counts every instruction executed, per code object and per
   * opname. Throws {@link LabTimeout} / {@link LabStepLimit} when a limit stops it (with the partial result).
   */
  async run(options: LabRunOptions): Promise<LabRunResponse> {
    const t = options.timeoutMs ?? LAB_DEFAULT_TIMEOUT_MS;
    const res = await this.request({
      op: 'run', source: options.source, filename: options.filename, call: options.call, counts: options.counts ?? true, timeLimitMs: t,
      maxSteps: stepsFor(t, options.maxSteps), outputLimit: options.outputLimit,
    }, t + graceFor(t), t);
    if (res.counts) nameLabCodes(res.counts.codeObjects as readonly LabCodeIdentityWire[]);
    if (res.stopped) throw stopError(res.stopped, res, t);
    return res;
  }

  /**
   * Counts each variant once, then times them side by side (interleaved rounds, best of `repeat`, autorange).
   * `ratio` is the slowest variant's best time over the fastest's. Throws {@link LabTimeout} /
   * {@link LabStepLimit} when a variant is stopped in its counted pass; a variant that raises is reported in the
   * result (`error`, and the variant's `exception`), nothing is timed then.
   */
  async compare(options: LabCompareOptions): Promise<LabCompareResponse> {
    const t = options.timeoutMs ?? LAB_DEFAULT_TIMEOUT_MS;
    const budget = options.budgetMs ?? 10_000;
    const target = options.targetMs ?? 20;
    const k = options.variants.length;
    // One timed run of a variant is shorter than its counted run, which the time limit bounds: counting passes
    // (at most 3k runs), calibration (k runs at most as long), the warm-up's last round (k runs) and at least three
    // rounds (3k runs; none timed again) past the budget.
    const host = 8 * k * t + budget + 4 * k * target + graceFor(t) + 1000;
    const res = await this.request({
      op: 'compare', variants: options.variants.map((v) => ({ ...v })), repeat: options.repeat, targetMs: target,
      budgetMs: budget, counts: options.counts ?? true, timeLimitMs: t, maxSteps: stepsFor(t, options.maxSteps),
      outputLimit: options.outputLimit,
    }, host, t);
    for (const v of res.variants) {
      if (v.stopped) throw stopError(v.stopped, res, t, `variant "${v.name}": `);
    }
    return res;
  }

  /**
   * Warms the code up (3.11+), then returns the adaptive bytecode next to the base bytecode of every code object:
   * what specialized into what, what stayed unspecialized and a plain-words reason, inline cache contents. On 3.10
   * the result says `supported: false`.
   */
  async specialize(options: LabSpecializeOptions): Promise<LabSpecializeResponse> {
    const t = options.timeoutMs ?? LAB_DEFAULT_TIMEOUT_MS;
    const res = await this.request({
      op: 'specialize', source: options.source, filename: options.filename, call: options.call, warmup: options.warmup, timeLimitMs: t,
      maxSteps: stepsFor(t, options.maxSteps), outputLimit: options.outputLimit,
    }, t + graceFor(t), t);
    nameLabCodes(res.codeObjects as readonly LabCodeIdentityWire[]);
    return res;
  }

  /** Compiles (never runs) `source` with this runtime's CPython into `.pyc` bytes. */
  async compile(source: string, filename = '<lab>'): Promise<CompileResult> {
    const res = await this.request({ op: 'compile', source, filename }, 30_000);
    if (res.compiled) return { ok: true, pyc: base64ToBytes(res.pyc) };
    return { ok: false, error: res.error };
  }

  /**
   * Records a trace of `source` (or of `call` after it ran): every instruction of its code with the value stack
   * (see `traceInRuntime`). The result is the trace and the `.pyc` that ran, or the compile error.
   */
  async trace(options: LabTraceOptions): Promise<TraceResult> {
    const t = options.timeoutMs ?? TRACE_DEFAULT_TIMEOUT_MS;
    const res = await this.request({
      op: 'trace', source: options.source, call: options.call, maxSteps: options.maxSteps, timeoutMs: t,
      ...(options.filename !== undefined ? { filename: options.filename } : {}),
      ...(options.layoutPatch !== undefined ? { layoutPatch: options.layoutPatch } : {}),
      ...(options.faultStep !== undefined ? { faultStep: options.faultStep } : {}),
    }, t + LAB_KILL_GRACE_MS + 10_000);
    if (res.compiled) return { ok: true, trace: res.trace, pyc: base64ToBytes(res.pyc) };
    return { ok: false, error: res.error };
  }

  /** Compiles `source` (as `filename`) and returns the static hints over its bytecode (see {@link hintsFromModule}). */
  async hints(source: string, filename?: string): Promise<LabHintsResult> {
    const c = await this.compile(source, filename);
    if (!c.ok) return c;
    const module = decodeModule(readPyc(c.pyc));
    return { ok: true, version: module.version.version, hints: hintsFromModule(module) };
  }

  /**
   * Runs a Python program as it is (see {@link LabProgramRequest}) and resolves the value of its last expression as
   * text; the runtime is killed after `timeoutMs`.
   */
  async program(code: string, timeoutMs = 60_000): Promise<string> {
    return (await this.request({ op: 'program', code }, timeoutMs)).value;
  }

  /** The runtime's version and what it supports. */
  info(): Promise<LabInfoResponse> {
    return this.request({ op: 'info' }, 30_000);
  }

  /** Stops the runtime. The session cannot be used afterwards. */
  dispose(): void {
    this.disposed = true;
    const t = this.transport;
    this.transport = null;
    if (t) t.then((x) => x.kill(), () => undefined);
  }
}

/** What a runtime's fatal error means for the user (the JavaScript stack overflowing is the usual one). */
function fatalMessage(version: string, error: string): string {
  if (/Maximum call stack size exceeded|too much recursion/i.test(error)) {
    return `RecursionError: the program recursed too deeply for the WebAssembly runtime: the JavaScript stack overflowed before CPython's recursion limit (the Python ${version} runtime was restarted)`;
  }
  return `the Python ${version} runtime failed: ${error.split('\n')[0]} (it was restarted)`;
}
