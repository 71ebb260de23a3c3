/**
 * Recording a trace of a program run in real CPython (the Trace model of `@bytescope/core`, trace/model.ts): the one
 * entry the CLI (`bytescope trace`) and the web's lab worker both call. Platform-neutral: no Node imports.
 *
 * The source is compiled by the runtime itself (`compileInRuntime`); the core decodes that very `.pyc` and computes,
 * for every code object in `dis` order, the static stack depth before each instruction, the handler entries and the
 * frame's `localsplus` names. The Python side (`py/bytescope_trace`) gets those BEFORE it runs anything: on 3.12 and
 * 3.13 the static depth is the only depth there is, and elsewhere the stack pointer is checked against it, so no slot
 * above the true top of the stack is ever read. Where the reader's self checks fail, steps carry no stack and this
 * module fills in the core's symbolic stack, labelled `simulated`.
 */
import {
  TRACE_SCHEMA_ID, TRACE_STACK_MAX, buildCfg, computeStackDepths, decodeModule, readPyc, slotFlow, symbolicStack,
  type DecodedModule, type ModuleCode, type StackDepths, type Trace, type TraceCode, type TraceLocalName,
  type TraceSlot, type TraceStep, type LocalKind,
} from '@bytescope/core';
import { compileInRuntime, type PyodideCompileHost, type PythonCompileError } from './compile.js';
import { installPythonModules } from './python-modules.js';

/** Default step limit of a trace. */
export const TRACE_DEFAULT_MAX_STEPS = 10_000;
/** Default time limit of a trace, in milliseconds of the traced run. */
export const TRACE_DEFAULT_TIMEOUT_MS = 5_000;
/** The most steps a trace may be asked for (each step is kept in memory). */
export const TRACE_MAX_STEPS = 1_000_000;

/** Options of {@link traceInRuntime}. */
export interface TraceOptions {
  /** An expression evaluated after the module ran (untraced); only this call is traced. */
  readonly call?: string;
  /** Step limit (default {@link TRACE_DEFAULT_MAX_STEPS}, at most {@link TRACE_MAX_STEPS}). */
  readonly maxSteps?: number;
  /** Time limit of the traced run in ms (default {@link TRACE_DEFAULT_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /** The file name the source is compiled under (default `<trace>`). */
  readonly filename?: string;
  /**
   * Testing only: fields that replace those of the version's entry of the generated layout table (`null`: no layout
   * at all). A wrong layout must fail the start-up calibration and give a trace labelled `simulated`.
   */
  readonly layoutPatch?: Readonly<Record<string, unknown>> | null;
  /** Testing only: the reader's self check fails at this step (the fallback must engage from there, labelled). */
  readonly faultStep?: number;
}

/** The outcome of {@link traceInRuntime}: a trace, or the compile error of the source. */
export type TraceResult =
  | { readonly ok: true; readonly trace: Trace; /** The `.pyc` the runtime compiled and ran (its listings are the trace's code objects). */ readonly pyc: Uint8Array }
  | { readonly ok: false; readonly error: PythonCompileError };

const TRACE_DIR = '/tmp/bytescope_trace';
const REQUEST_PATH = `${TRACE_DIR}/request.json`;
const PYC_PATH = `${TRACE_DIR}/module.pyc`;

/** CO_OPTIMIZED: the code uses fast locals (functions). */
const CO_OPTIMIZED = 0x1;
const CO_FAST_LOCAL = 0x20, CO_FAST_CELL = 0x40, CO_FAST_FREE = 0x80;

/** One localsplus slot as sent to Python: name, kind, and whether f_locals must show the slot's value itself. */
type SlotInfo = [string, LocalKind, boolean];

/** What the core knows of one code object, sent to the tracer before it runs anything. */
interface CodeFacts {
  /** Pairs offset, depth (flattened) for every reached instruction. */
  depths: number[];
  /** Offsets where an exception handler begins. */
  handlers: number[];
  localsplus: SlotInfo[];
  optimized: boolean;
}

/** The frame's localsplus of a code object: names, kinds, and which are plain fast locals. */
function localsplusOf(mc: ModuleCode, m: DecodedModule): SlotInfo[] {
  const code = mc.code;
  if (m.version.features.cellsShareArgSlots) {
    return code.localsplusnames.map((name, i): SlotInfo => {
      const k = code.localspluskinds[i] ?? 0;
      const kind: LocalKind = k & CO_FAST_FREE ? 'free' : k & CO_FAST_CELL ? 'cell' : 'local';
      return [name, kind, k === CO_FAST_LOCAL];
    });
  }
  const cells = new Set(code.cellvars);
  return [
    ...code.varnames.map((n): SlotInfo => [n, 'local', !cells.has(n)]),
    ...code.cellvars.map((n): SlotInfo => [n, 'cell', false]),
    ...code.freevars.map((n): SlotInfo => [n, 'free', false]),
  ];
}

/** Per code object: the CFG's depths (null where the analysis fails: the reader then cannot vouch for any slot). */
function analyse(m: DecodedModule): { facts: CodeFacts[]; depths: (StackDepths | null)[]; symbolic: (i: number, k: number) => string[] | null } {
  const cfgs = m.codeObjects.map((mc) => {
    try {
      return buildCfg(mc.decoded, m.version);
    } catch {
      return null;
    }
  });
  const depths = cfgs.map((cfg) => {
    if (!cfg) return null;
    try {
      return computeStackDepths(cfg, m.version);
    } catch {
      return null;
    }
  });
  const facts = m.codeObjects.map((mc, i): CodeFacts => {
    const d = depths[i];
    const cfg = cfgs[i];
    const flat: number[] = [];
    const ins = mc.decoded.instructions;
    if (d) ins.forEach((x, k) => { if (d.before[k]! >= 0) flat.push(x.offset, d.before[k]!); });
    const handlers = new Set<number>();
    if (cfg) for (const e of cfg.edges) if (e.kind === 'exception') handlers.add(ins[cfg.blocks[e.to]!.first]!.offset);
    return { depths: flat, handlers: [...handlers].sort((a, b) => a - b), localsplus: localsplusOf(mc, m), optimized: (mc.code.flags & CO_OPTIMIZED) !== 0 };
  });
  const sym = new Map<number, ReturnType<typeof symbolicStack> | null>();
  const symbolic = (i: number, k: number): string[] | null => {
    if (!sym.has(i)) {
      const cfg = cfgs[i], d = depths[i];
      let s: ReturnType<typeof symbolicStack> | null = null;
      try {
        if (cfg && d) s = symbolicStack(cfg, d, m.version);
      } catch {
        s = null;
      }
      sym.set(i, s);
    }
    return sym.get(i)?.before(k) ?? null;
  };
  return { facts, depths, symbolic };
}

/** A stack slot as the Python side sends it: [kind, repr, type?]; kind `o` object, `n` NULL, `i` tagged int. */
type RawSlot = [string, string, string?];
/** A step as the Python side sends it. */
type RawStep = [number, number, string | null, RawSlot[] | null, (string | null)[], [string, string][] | null, number[], number];

interface PythonTraceAnswer {
  ok: boolean;
  error?: string;
  version: string;
  steps: RawStep[];
  stdout: string;
  outcome: Trace['outcome'];
  elapsed_ms: number;
  truncated: Trace['truncated'];
  fallback: Trace['fallback'];
}

/**
 * Runs `source` in the CPython that `host` (a Pyodide instance) runs, with a step before every instruction of its
 * code, and returns the trace; or the compile error when the source does not compile. Throws when the tracer
 * itself fails (a one-line message). The runtime stays usable afterwards.
 */
export function traceInRuntime(host: PyodideCompileHost, source: string | Uint8Array, options: TraceOptions = {}): TraceResult {
  const filename = options.filename ?? '<trace>';
  const maxSteps = Math.floor(options.maxSteps ?? TRACE_DEFAULT_MAX_STEPS);
  if (!(maxSteps >= 1 && maxSteps <= TRACE_MAX_STEPS)) throw new RangeError(`the step limit must be 1 … ${TRACE_MAX_STEPS}, not ${options.maxSteps}`);
  const timeoutMs = options.timeoutMs ?? TRACE_DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError(`the time limit must be a positive number of ms, not ${options.timeoutMs}`);
  const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
  const compiled = compileInRuntime(host, bytes, filename);
  if (!compiled.ok) return compiled;
  const module = decodeModule(readPyc(compiled.pyc));
  const { facts, depths, symbolic } = analyse(module);

  installPythonModules(host);
  host.runPython(`import os; os.makedirs(${JSON.stringify(TRACE_DIR)}, exist_ok=True)`);
  host.FS.writeFile(PYC_PATH, compiled.pyc);
  const request: Record<string, unknown> = {
    pyc_path: PYC_PATH, call: options.call ?? null, max_steps: maxSteps, timeout_ms: timeoutMs, codes: facts,
  };
  if (options.layoutPatch !== undefined) request.layout_patch = options.layoutPatch;
  if (options.faultStep !== undefined) request.fault_step = options.faultStep;
  host.FS.writeFile(REQUEST_PATH, new TextEncoder().encode(JSON.stringify(request)));
  const answer = JSON.parse(String(host.runPython(`__import__('bytescope_trace').trace_file(${JSON.stringify(REQUEST_PATH)})`))) as PythonTraceAnswer;
  if (!answer.ok) throw new Error(`the tracer failed: ${answer.error ?? 'no reason given'}`);
  return { ok: true, trace: buildTrace(module, answer, filename, options.call ?? null, depths, symbolic), pyc: compiled.pyc };
}

/**
 * For every step, the offset of the instruction that pushed each slot (null: not known), following the run itself:
 * each frame's slots are carried from one of its steps to the next through the instruction in between, which takes
 * the slots its signature names and pushes new ones (inputs it passes through keep their producer; see `slotFlow`).
 * A frame seen for the first time, and the exception a handler starts with, have unknown producers.
 */
function pushedBy(m: DecodedModule, raw: readonly RawStep[], indexAt: readonly Map<number, number>[]): (number | null)[][] {
  const frames: ({ code: number; k: number; slots: (number | null)[] } | undefined)[] = [];
  return raw.map(([ci, offset, exc, stack, , , calls]) => {
    const depth = stack ? stack.length : -1;
    const level = calls.length;
    frames.length = Math.min(frames.length, level + 1);
    const k = indexAt[ci]!.get(offset);
    const prev = frames[level];
    let slots: (number | null)[] = [];
    if (prev && prev.code === ci && k !== undefined) {
      const ins = m.codeObjects[ci]!.decoded.instructions;
      const p = ins[prev.k]!;
      const jumped = p.jumpTarget !== null && offset === p.jumpTarget && ins[prev.k + 1]?.offset !== offset;
      const flow = exc === null ? slotFlow(p, m.version, jumped, prev.slots.length) : null;
      if (flow) {
        slots = prev.slots.slice(0, prev.slots.length - flow.inputs + flow.kept);
        for (let j = flow.kept; j < flow.outputs; j++) slots.push(p.offset);
      } else {
        // A handler: the slots below what unwinding pushes are those the raising instruction found.
        slots = prev.slots.slice(0, Math.max(0, depth - 1));
      }
    }
    const n = depth < 0 ? slots.length : depth;
    slots = slots.slice(0, n);
    while (slots.length < n) slots.push(null);
    if (k !== undefined) frames[level] = { code: ci, k, slots };
    return slots;
  });
}

function buildTrace(
  m: DecodedModule, a: PythonTraceAnswer, filename: string, call: string | null,
  depths: readonly (StackDepths | null)[], symbolic: (i: number, k: number) => string[] | null,
): Trace {
  const indexAt = m.codeObjects.map((mc) => new Map(mc.decoded.instructions.map((x, k) => [x.offset, k])));
  const used = new Set<number>();
  const producers = pushedBy(m, a.steps, indexAt);
  const steps = a.steps.map((r, n): TraceStep => {
    const [ci, offset, exc, rawStack, locals, names, calls, stdoutLength] = r;
    used.add(ci);
    const mc = m.codeObjects[ci]!;
    const k = indexAt[ci]!.get(offset);
    const ins = k === undefined ? undefined : mc.decoded.instructions[k];
    let stack: TraceSlot[];
    let source: TraceStep['stack_source'];
    if (rawStack) {
      source = 'real';
      stack = rawStack.map(([kind, repr, type]): TraceSlot =>
        kind === 'o' ? { kind: 'object', repr, type: type ?? '', pushed_by: null }
          : kind === 'n' ? { kind: 'null', repr: 'NULL', pushed_by: null }
            : { kind: 'int', repr, pushed_by: null });
    } else {
      source = 'simulated';
      const sym = k === undefined ? null : symbolic(ci, k);
      stack = (sym ?? []).map((text): TraceSlot => ({ kind: 'symbolic', repr: text, pushed_by: null }));
    }
    const by = producers[n]!;
    if (by.length === stack.length) stack = stack.map((slot, j) => ({ ...slot, pushed_by: by[j] ?? null }));
    const omitted = Math.max(0, stack.length - TRACE_STACK_MAX);
    if (omitted) stack = stack.slice(omitted);
    const step: TraceStep = {
      code: ci, offset, opname: ins?.opname ?? '?', line: ins?.line ?? null,
      event: exc !== null ? 'handler' : 'instruction', ...(exc ? { exception: exc } : {}),
      stack_source: source, stack, stack_omitted: omitted, locals,
      ...(names ? { names: names.map(([n, v]) => [n, v] as const) } : {}),
      call_stack: calls, stdout_length: stdoutLength,
    };
    return step;
  });
  void depths;
  const codes = m.codeObjects.filter((mc) => used.has(mc.index)).map((mc): TraceCode => ({
    index: mc.index, qualname: mc.qualname, first_line: mc.code.firstlineno,
    localsplus: localsplusOf(mc, m).map(([name, kind]): TraceLocalName => ({ name, kind })),
    optimized: (mc.code.flags & CO_OPTIMIZED) !== 0,
  }));
  const simulated = a.fallback !== null || steps.some((s) => s.stack_source === 'simulated');
  return {
    schema: TRACE_SCHEMA_ID, version: a.version, stack_source: simulated ? 'simulated' : 'real', fallback: a.fallback,
    truncated: a.truncated, filename, call, codes, steps, stdout: a.stdout, outcome: a.outcome, elapsed_ms: a.elapsed_ms,
  };
}
