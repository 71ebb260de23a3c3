/**
 * The performance lab's protocol, independent of where CPython runs. The Python side is the package
 * `py/bytescope_lab/` (installed into the runtime with Bytescope's other Python modules, see
 * `python-modules.ts`); it answers JSON requests with JSON responses. This module defines those messages, how to
 * install and initialise the driver in a runtime through a small {@link PythonRunner} interface (a Node
 * `PythonRuntime` and a browser Pyodide both fit it), and the {@link LabTransport} a {@link LabSession} drives (a
 * Node child process, a browser Web Worker). Nothing here imports Node modules.
 */
import { PAIR_LOADS, SIMPLE_LOADS, TYPE_FAMILIES, type Trace } from '@bytescope/core';
import type { PyodideCompileHost, PythonCompileError } from '../compile.js';
import { installPythonModules } from '../python-modules.js';
import { traceInRuntime } from '../trace.js';

// ---------------------------------------------------------------------------------------------------------------
// Running Python

/** The little a runtime must offer for the lab driver: run code and return its last value as text, write files. */
export interface PythonRunner {
  /** Runs Python code; returns the value of its last expression as a string (`''` for None). */
  runPython(code: string): string;
  /** Writes a file into the runtime's virtual file system. */
  writeFile(path: string, data: string | Uint8Array): void;
  /** Reads a file of the runtime's virtual file system (needed by `trace` requests). */
  readFile?(path: string): Uint8Array;
}

/** The part of a Pyodide instance {@link runnerFromPyodide} needs. */
export interface PyodideRunnerSource {
  runPython(code: string): unknown;
  FS: { writeFile(path: string, data: string | Uint8Array): void; readFile?(path: string): Uint8Array };
}

/** A {@link PythonRunner} over a Pyodide instance (Node or browser). */
export function runnerFromPyodide(py: PyodideRunnerSource): PythonRunner {
  return {
    runPython(code: string): string {
      const v = py.runPython(code);
      return v === undefined || v === null ? '' : String(v);
    },
    writeFile(path: string, data: string | Uint8Array): void {
      py.FS.writeFile(path, data);
    },
    ...(py.FS.readFile ? { readFile: (path: string): Uint8Array => py.FS.readFile!(path) } : {}),
  };
}

/** Where each request is written inside the runtime. */
export const LAB_DIR = '/tmp/bytescope_lab';
const REQUEST_PATH = `${LAB_DIR}/request.json`;

/**
 * What the driver is given when it is loaded (`bytescope_lab.init`): the opname categories it reads, from their
 * one home in @bytescope/core (`analysis/categories.ts`).
 */
export interface LabDriverConfig {
  /** Loads that push one value and read nothing from the stack (operands the driver can sample). */
  readonly simpleLoads: readonly string[];
  /** Superinstructions loading two locals. */
  readonly pairLoads: readonly string[];
  /** Families whose specialization depends on the operand types met. */
  readonly typeFamilies: readonly string[];
}

/** The driver's configuration. */
export const LAB_DRIVER_CONFIG: LabDriverConfig = {
  simpleLoads: [...SIMPLE_LOADS], pairLoads: [...PAIR_LOADS], typeFamilies: [...TYPE_FAMILIES],
};

/**
 * Installs the driver (the package `bytescope_lab`, with Bytescope's other Python modules) into the runtime and
 * initialises it with {@link LAB_DRIVER_CONFIG}. Idempotent for a given runner. Returns the runtime's full
 * CPython version (`3.12.7`).
 */
export function installLabDriver(runner: PythonRunner): string {
  installPythonModules(runner);
  runner.runPython(`import os; os.makedirs(${JSON.stringify(LAB_DIR)}, exist_ok=True)`);
  return runner.runPython(`__import__('bytescope_lab').init(${JSON.stringify(JSON.stringify(LAB_DRIVER_CONFIG))})`);
}

/**
 * Sends one request to an installed driver, synchronously, and returns the parsed response. Runs on the thread
 * that owns the runtime (a worker or a child process): a runaway program blocks it until its own limits stop it,
 * which is why callers that must stay responsive talk to that thread through a {@link LabTransport}.
 */
export function handleLabRequest(runner: PythonRunner, request: LabRequest): LabResponse {
  if (request.op === 'trace') return traceLabRequest(runner, request);
  if (request.op === 'program') return { ok: true, value: runner.runPython(request.code) };
  runner.writeFile(REQUEST_PATH, JSON.stringify(request));
  const text = runner.runPython(`__import__('bytescope_lab').handle_file(${JSON.stringify(REQUEST_PATH)})`);
  return JSON.parse(text) as LabResponse;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** Limits every request that runs user code may carry. */
export interface LabLimits {
  /** Milliseconds user code may run in one pass (counted run, warm-up) before the driver stops it (default 1500). */
  timeLimitMs?: number;
  /** Instructions one counted pass may execute (default 20 000 000). */
  maxSteps?: number;
  /** Characters of stdout and of stderr kept (default 65 536); the rest is replaced by a truncation marker. */
  outputLimit?: number;
}

/** Run a program once, counting instructions (or not). */
export interface LabRunRequest extends LabLimits {
  op: 'run';
  source: string;
  /** The name the program is compiled under (`co_filename`, tracebacks); default `<lab>`. */
  filename?: string;
  /** An expression evaluated after the program ran; when given, counts cover this call only. */
  call?: string;
  /** Count instructions (default true). Without counting, only the host's kill stops a runaway program. */
  counts?: boolean;
}

/** One program of a comparison. */
export interface LabVariant {
  /** A short label shown next to its results. */
  name: string;
  source: string;
  /** The name its code is compiled under (its file's path), as errors and tracebacks show it; `<lab>` when absent. */
  filename?: string;
  /** An expression timed instead of the whole program (the program then runs once, as set-up). */
  call?: string;
}

/** Count each variant once, then time them interleaved, best of `repeat`. */
export interface LabCompareRequest extends LabLimits {
  op: 'compare';
  variants: LabVariant[];
  /** Timed rounds (default 15); each round times every variant once, in rotating order. */
  repeat?: number;
  /** Milliseconds one measurement aims at (`autorange` picks the loop count; default 20). */
  targetMs?: number;
  /** Milliseconds all timing may take; later rounds are skipped past it (default 20 000). */
  budgetMs?: number;
  /** Count instructions of each variant first (default true). */
  counts?: boolean;
}

/** Warm up, then read the adaptive bytecode (3.11+). */
export interface LabSpecializeRequest extends LabLimits {
  op: 'specialize';
  source: string;
  /** The name the program is compiled under (`co_filename`, tracebacks); default `<lab>`. */
  filename?: string;
  /** The call to warm up with; without it the program itself runs `warmup` times. */
  call?: string;
  /** Calls (or program runs) before the bytecode is read (default 100 with a call, 1 without). */
  warmup?: number;
}

/** Compile (never run) a source into `.pyc` bytes. */
export interface LabCompileRequest {
  op: 'compile';
  source: string;
  filename?: string;
}

/** The runtime's version and capabilities. */
export interface LabInfoRequest {
  op: 'info';
}

/**
 * Run a Python program as it is (no counting, no limits but the host's kill) and answer the value of its last
 * expression as text: what `runPythonInChild` does, in a lab runtime (`explain --live` runs its example so).
 */
export interface LabProgramRequest {
  op: 'program';
  code: string;
}

/** Any request the driver answers. */
/**
 * Record a trace of a program (or of one call after it ran): the stepper's data (`traceInRuntime`, trace.ts).
 * Answered in the runtime's thread by TypeScript, not by the lab driver.
 */
export interface LabTraceRequest {
  op: 'trace';
  source: string;
  call?: string;
  /** Step limit (default 10 000). */
  maxSteps?: number;
  /** Time limit of the traced run, ms (default 5000). */
  timeoutMs?: number;
  filename?: string;
  /** Testing only: `traceInRuntime`'s `layoutPatch` (a wrong frame layout makes the trace fall back to `simulated`). */
  layoutPatch?: Record<string, unknown> | null;
  /** Testing only: `traceInRuntime`'s `faultStep` (the reader's check fails at this step). */
  faultStep?: number;
}

export type LabRequest = LabRunRequest | LabCompareRequest | LabSpecializeRequest | LabCompileRequest | LabInfoRequest | LabTraceRequest | LabProgramRequest;

// ---------------------------------------------------------------------------------------------------------------
// Responses

/** A Python exception raised by the user's code (or its compilation). */
export interface LabException {
  /** Class name, e.g. `ZeroDivisionError`. */
  type: string;
  message: string;
  /** The traceback, limited to the user's frames. */
  traceback: string;
  /** Where it happened: compiling, running the program, or evaluating the call expression. */
  phase: 'compile' | 'run' | 'call';
  /** The user's source line, when known. */
  lineno: number | null;
}

/** How a counted run was stopped by the driver's limits. */
export interface LabStopInfo {
  kind: 'time' | 'steps';
  message: string;
  /** Instructions executed when it stopped. */
  steps: number;
  afterMs: number;
}

/** Captured output. */
export interface LabOutput {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
}

/** How many times one instruction ran. */
export interface LabInstructionCount {
  offset: number;
  /** As `dis` shows it (the base instruction, never a specialized form). */
  opname: string;
  arg: number | null;
  argrepr: string;
  line: number | null;
  count: number;
}

/**
 * Which code object of the program a result is about. The driver sends `index`, `parent`, `name`, `firstLineno`, and
 * `co_qualname` where the version stores it (else null, with the scope facts of {@link LabCodeScope}); the session
 * fills in `qualname` (the core's `qualnames` rule) and `key` before a result leaves it.
 */
export interface LabCodeIdentity {
  /** Position in dis order among the program's code objects (the call expression's follow the program's). */
  index: number;
  /** Index of the enclosing code object; null for the program and for the call expression. */
  parent: number | null;
  /** `qualname:firstLineno`, with `#2`… appended for a second code object of the same name and line. */
  key: string;
  /** The qualified name: `co_qualname` (3.11+), derived from the nesting on 3.10. */
  qualname: string;
  name: string;
  firstLineno: number;
}

/** What the driver sends of a code object without `co_qualname` (3.10): what the naming rule reads of its scope. */
export interface LabCodeScope {
  flags: number;
  varnames: string[];
  cellvars: string[];
  freevars: string[];
}

/** A {@link LabCodeIdentity} as the driver sends it, before the session names it. */
export interface LabCodeIdentityWire extends Omit<LabCodeIdentity, 'key' | 'qualname'> {
  qualname: string | null;
  scope?: LabCodeScope;
}

/** The counts of one code object. */
export interface LabCodeCounts extends LabCodeIdentity {
  filename: string;
  total: number;
  byOpname: Record<string, number>;
  /** Every instruction of the code object, executed or not. */
  instructions: LabInstructionCount[];
}

/** Instruction counts of one run. */
export interface LabCounts {
  /** Instructions executed in the user's code objects. */
  total: number;
  byOpname: Record<string, number>;
  codeObjects: LabCodeCounts[];
  /** `sys.monitoring INSTRUCTION events` (3.12+) or `sys.settrace opcode events` (3.10, 3.11). */
  method: string;
  /** A caveat about exactness, when there is one (3.10). */
  note?: string;
}

/** The driver's answer to a {@link LabRunRequest}. */
export interface LabRunResponse extends LabOutput {
  ok: true;
  /** The runtime's full CPython version. */
  version: string;
  exception: LabException | null;
  stopped: LabStopInfo | null;
  counts: LabCounts | null;
  /** `repr()` of the call expression's value, when there was a call and it returned. */
  value: string | null;
  /** Wall time of the counted run (slowed by counting: not a measurement). */
  elapsedMs: number;
  steps: number;
}

/** Timing of one variant. All times are seconds per run of the program (or per call). */
export interface LabTiming {
  /** Runs per measurement, chosen by autorange. */
  number: number;
  /** Measurements made. */
  repeat: number;
  /** Each measurement, in seconds per run. */
  times: number[];
  best: number;
  median: number;
  worst: number;
}

/** One variant's results in a comparison. */
export interface LabVariantResult extends LabOutput {
  name: string;
  exception: LabException | null;
  stopped: LabStopInfo | null;
  /** Counts of the counted pass (totals only). */
  counts: Pick<LabCounts, 'total' | 'byOpname' | 'method' | 'note'> | null;
  value: string | null;
  elapsedMs: number;
  steps: number;
  /** Absent when nothing was timed (a variant failed). */
  timing?: LabTiming;
}

/** min / median / max of a sample. */
export interface LabSpread {
  min: number;
  median: number;
  max: number;
}

/**
 * One variant against the fastest: the median of the per-round ratios (its time over the fastest's in the same
 * round) with a distribution-free confidence interval of that median.
 */
export interface LabRatio {
  /** The variant. */
  name: string;
  /** The fastest variant it is compared with. */
  against: string;
  median: number;
  /** The interval's ends (order statistics of the per-round ratios). */
  low: number;
  high: number;
  /** The interval's coverage (0.94 for 5 rounds, about 0.96–0.98 from 7 on). */
  level: number;
  min: number;
  max: number;
  rounds: number;
  /** How far beyond 1 the whole interval must lie for a difference to count (0.05: two copies of one program can differ by 1–3 %). */
  negligible: number;
  /** False when the interval includes 1, or does not lie beyond 1 ± {@link negligible}: no measurable difference. */
  measurable: boolean;
}

/** The driver's answer to a {@link LabCompareRequest}. */
export interface LabCompareResponse {
  ok: true;
  version: string;
  variants: LabVariantResult[];
  /** The slowest variant (by median time) against the fastest: the median of per-round ratios; null when nothing was timed. */
  ratio: number | null;
  /** The per-round ratios of the same pair: min / median / max. */
  ratioSpread: LabSpread | null;
  /** The confidence interval of {@link ratio}. */
  interval?: { low: number; high: number; level: number };
  /** False when the interval includes 1: no measurable difference between the slowest and the fastest. */
  measurable?: boolean;
  /** Every other variant against the fastest. */
  ratios?: LabRatio[];
  /** The slowest variant's best time over the fastest's best (the old, less robust measure). */
  bestRatio?: number | null;
  fastest: string | null;
  slowest: string | null;
  /** Rounds actually timed. */
  rounds?: number;
  /**
   * The untimed rounds run first, until every variant's times had stopped falling (the median of its last three
   * rounds no more than 5 % below that of the three before, with no other thread of the process at work in the last
   * three); `settled` is false when the warm-up's share of the budget ran out first.
   */
  warmup?: { rounds: number; seconds: number; settled: boolean };
  /** Timed rounds run again because a measurement counted another thread's work (the process's CPU clock in Node). */
  retimed?: number;
  /** What the times measure: `CPU time of the timing thread` (native) or `wall clock` (WebAssembly). */
  clock?: string;
  /** Why nothing was timed, when so. */
  error?: string;
  /** The caveat that WebAssembly is slower than native CPython: the ratio is what matters. */
  timingNote: string;
}

/** One field of an instruction's inline cache, read from the adaptive bytecode. */
export interface LabCacheField {
  name: string;
  /** Size in 16-bit code units. */
  size: number;
  /** The field as a little-endian unsigned integer. */
  value: number;
  /** What CPython keeps there, in words. */
  meaning: string;
  /** `counter`: the countdown part of an adaptive counter. */
  counterValue?: number;
  /** `counter`: the backoff exponent (grows with each failed specialization). */
  backoff?: number;
  /** `descr`: the cached object's address. */
  hex?: string;
}

/** Specialization state of one instruction after warm-up. */
export type LabSpecState = 'specialized' | 'unspecialized' | 'quickened' | 'plain';

/** One instruction in the specialization view. */
export interface LabSpecInstruction {
  offset: number;
  line: number | null;
  /** The instruction the compiler wrote. */
  baseOpname: string;
  /** What runs now (the adaptive bytecode): a specialized name, the base name, or 3.11's `*_ADAPTIVE`. */
  opname: string;
  arg: number | null;
  argrepr: string;
  /**
   * `specialized`: rewritten into a specialized form; `unspecialized`: has specialized forms that depend on the
   * values met, but none applies (yet); `quickened`: rewritten into a type-independent form (3.11's `*_QUICK`, the
   * superinstructions 3.11 and 3.12 fuse when quickening, such as `LOAD_FAST__LOAD_FAST`); `plain`: nothing to
   * specialize.
   */
  state: LabSpecState;
  /** The specialized forms of the base instruction in this version. */
  family?: string[];
  /** Inline cache fields (3.11+). */
  cache?: LabCacheField[];
  /** Operand kinds seen at this instruction in a second, sampled run (unspecialized instructions only). */
  observed?: Record<string, string[]>;
  observedDetails?: Record<string, Record<string, string>>;
  sampledExecutions?: number;
  /**
   * Plain-words reason why an `unspecialized` instruction stayed so (a heuristic; says when unknown), or what a
   * `quickened` one is.
   */
  reason?: string;
}

/** The specialization view of one code object. */
export interface LabSpecCode extends LabCodeIdentity {
  /** False when (3.11) the code object ran too little to be quickened. */
  quickened: boolean;
  /** For the code object of the call expression (`--call`): that expression. Absent for the program's own code. */
  expression?: string;
  instructions: LabSpecInstruction[];
}

/** The driver's answer to a {@link LabSpecializeRequest}. */
export interface LabSpecializeResponse extends Partial<LabOutput> {
  ok: true;
  version: string;
  /** False on 3.10 (no specializing interpreter). */
  supported: boolean;
  message?: string;
  exception?: LabException | null;
  warmup?: number;
  /** Warm-up runs (or calls) that finished: fewer than `warmup` when one raised (see `exception`) or the time limit
   * stopped the warm-up (see `stopped`). */
  warmupDone?: number;
  warmupMs?: number;
  /** Set when the time limit cut the warm-up short: the view shows the code as it was then. */
  stopped?: LabStopInfo | null;
  codeObjects: LabSpecCode[];
  /** Specialized instruction names seen, sorted. */
  seen: string[];
  seenCounts?: Record<string, number>;
  summary: Record<LabSpecState, number> | null;
  /** The raw adaptive counter of a quickened instruction that never ran (this version's start value). */
  counterStart?: number | null;
  backoffBits?: number;
  note?: string;
}

/** The driver's answer to a {@link LabCompileRequest}. */
export type LabCompileResponse =
  | { ok: true; version: string; compiled: true; /** base64 */ pyc: string }
  | { ok: true; version: string; compiled: false; error: PythonCompileError };

/** The answer to a {@link LabTraceRequest}: the trace and the `.pyc` that ran (base64), or the compile error. */
export type LabTraceResponse =
  | { ok: true; version: string; compiled: true; trace: Trace; /** base64 */ pyc: string }
  | { ok: true; version: string; compiled: false; error: PythonCompileError };

/** The driver's answer to a {@link LabInfoRequest}. */
export interface LabInfoResponse {
  ok: true;
  version: string;
  counting: 'sys.monitoring' | 'sys.settrace';
  specialization: boolean;
}

/** The value of a {@link LabProgramRequest}'s last expression, as text (`''` for None). */
export interface LabProgramResponse {
  ok: true;
  value: string;
}

/** The driver could not handle the request (a bug or a bad request, never the user's exception). */
export interface LabFailureResponse {
  ok: false;
  error: string;
  traceback?: string;
  /**
   * The runtime is dead (Pyodide's fatal error: the JavaScript engine's stack overflowed under CPython, which no
   * Python code can catch): the session replaces it.
   */
  fatal?: boolean;
}

/** Any response. */
export type LabResponse =
  | LabRunResponse | LabCompareResponse | LabSpecializeResponse | LabCompileResponse | LabInfoResponse
  | LabTraceResponse | LabProgramResponse | LabFailureResponse;

/** The response type of each request type. */
export interface LabResponseOf {
  run: LabRunResponse;
  compare: LabCompareResponse;
  specialize: LabSpecializeResponse;
  compile: LabCompileResponse;
  info: LabInfoResponse;
  trace: LabTraceResponse;
  program: LabProgramResponse;
}

// ---------------------------------------------------------------------------------------------------------------
// Transport

/**
 * A connection to one loaded runtime on another thread or process (a Node child process, a Web Worker). The
 * session sends one request at a time and kills the transport when a request overruns its time.
 */
export interface LabTransport {
  /** The runtime's full CPython version. */
  readonly fullVersion: string;
  /** Sends a request; resolves with the driver's response (rejects if the runtime dies). */
  send(request: LabRequest): Promise<LabResponse>;
  /** Stops the runtime at once (terminates the worker, kills the process). */
  kill(): void;
}

/** The compile host over a runner, one per runner (Bytescope's modules are installed once per host). */
const traceHosts = new WeakMap<PythonRunner, PyodideCompileHost>();

/** Answers a {@link LabTraceRequest} with {@link traceInRuntime} over the runner's runtime. */
function traceLabRequest(runner: PythonRunner, request: LabTraceRequest): LabTraceResponse | LabFailureResponse {
  const readFile = runner.readFile;
  if (!readFile) return { ok: false, error: 'this runtime cannot record traces (its runner reads no files)' };
  let host = traceHosts.get(runner);
  if (!host) {
    host = { runPython: (code: string) => runner.runPython(code), FS: { writeFile: (p: string, d: Uint8Array) => runner.writeFile(p, d), readFile: (p: string) => readFile(p) } };
    traceHosts.set(runner, host);
  }
  const r = traceInRuntime(host, request.source, {
    call: request.call, maxSteps: request.maxSteps, timeoutMs: request.timeoutMs, filename: request.filename ?? '<lab>',
    ...(request.layoutPatch !== undefined ? { layoutPatch: request.layoutPatch } : {}),
    ...(request.faultStep !== undefined ? { faultStep: request.faultStep } : {}),
  });
  if (!r.ok) return { ok: true, version: '', compiled: false, error: r.error };
  let bin = '';
  for (const b of r.pyc) bin += String.fromCharCode(b);
  return { ok: true, version: r.trace.version, compiled: true, trace: r.trace, pyc: btoa(bin) };
}
