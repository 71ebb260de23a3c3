/**
 * Replaying a recorded trace (`@bytescope/core`'s {@link Trace}): the stepper records a program once, in the lab's
 * worker, and every move after that is a look-up in the recorded steps. This module is the navigation (by
 * instruction, line, call or return, forward and back; to the next breakpoint) and what a step means beyond its own
 * fields (where a NAME/GLOBAL lookup found its value). No DOM here.
 */
import type { Trace, TraceStep } from '@bytescope/core';

/** What one move covers. */
export type StepUnit = 'instruction' | 'line' | 'call' | 'return';
/** The units in the order the controls show them. */
export const STEP_UNITS: readonly StepUnit[] = ['instruction', 'line', 'call', 'return'];

/** A breakpoint: an instruction, as `codeIndex:offset` (the listing's row key). */
export type BreakpointKey = string;

/** The row key of a step's instruction: `codeIndex:offset`, as the listing names its rows. */
export function stepKey(step: TraceStep): BreakpointKey {
  return `${step.code}:${step.offset}`;
}

/** Where a name was found (or stored) by a NAME/GLOBAL instruction. */
export interface NameLookup {
  readonly op: string;
  readonly name: string;
  /** `load`: read; `store` / `delete`: written into a namespace. */
  readonly access: 'load' | 'store' | 'delete';
  /**
   * Namespaces searched, in order, each with whether the name was there (null: the trace cannot tell, as for a
   * call traced without its module body).
   */
  readonly searched: readonly { readonly scope: 'locals' | 'globals' | 'builtins'; readonly found: boolean | null }[];
  /** The value it pushed (a load that completed in the same frame), as a repr. */
  readonly value?: string;
}

/** A trace ready for stepping: per-step facts computed once, so that each move is cheap. */
export class Replay {
  /** Call depth of each step (`call_stack.length`). */
  private readonly depth: Int32Array;
  /** For each step, the index of the latest step of the module body at or before it (−1: none). */
  private readonly moduleStep: Int32Array;

  constructor(readonly trace: Trace) {
    const n = trace.steps.length;
    this.depth = new Int32Array(n);
    this.moduleStep = new Int32Array(n);
    let lastModule = -1;
    const moduleCode = trace.codes.find((c) => c.index === 0);
    trace.steps.forEach((s, i) => {
      this.depth[i] = s.call_stack.length;
      if (moduleCode && s.code === 0 && s.call_stack.length === 1) lastModule = i;
      this.moduleStep[i] = lastModule;
    });
  }

  /** Number of steps. */
  get length(): number {
    return this.trace.steps.length;
  }

  /** Step `i` (clamped to the trace). */
  step(i: number): TraceStep | undefined {
    return this.trace.steps[Math.min(Math.max(i, 0), this.length - 1)];
  }

  /** Identity of the source line a step runs: its frame (depth, code) and line. */
  private lineKey(i: number): string {
    const s = this.trace.steps[i]!;
    return `${this.depth[i]}|${s.code}|${s.line}`;
  }

  /** True when step `i` enters a frame (its call stack is deeper than the previous step's). */
  private isCall(i: number): boolean {
    return i > 0 && this.depth[i]! > this.depth[i - 1]!;
  }

  /** True when step `i` leaves its frame (the next step is shallower, or it is the last step). */
  private isReturn(i: number): boolean {
    return i === this.length - 1 || this.depth[i + 1]! < this.depth[i]!;
  }

  /** The first step of the run of steps on the same line (same frame) that contains `i`. */
  private lineStart(i: number): number {
    const k = this.lineKey(i);
    while (i > 0 && this.lineKey(i - 1) === k) i--;
    return i;
  }

  /**
   * The step one move by `unit` away from `from` in direction `dir`; `from` itself when there is none that way.
   * By line, forward: the first step on another line (or in another frame: calls are stepped into; on the last line,
   * its last step); back: the first step of the previous line (on the first line, the first step). By call: the first step of the next (previous) frame entered. By return: the next
   * (previous) step that leaves its frame (a return or a yield), where the returned value is on the stack.
   */
  move(from: number, unit: StepUnit, dir: 1 | -1): number {
    const n = this.length;
    if (n === 0) return 0;
    const i = Math.min(Math.max(from, 0), n - 1);
    switch (unit) {
      case 'instruction':
        return Math.min(Math.max(i + dir, 0), n - 1);
      case 'line': {
        if (dir > 0) {
          const k = this.lineKey(i);
          for (let j = i + 1; j < n; j++) if (this.lineKey(j) !== k) return j;
          return n - 1; // the last line: to its last step
        }
        const start = this.lineStart(i);
        return start === 0 ? 0 : this.lineStart(start - 1);
      }
      case 'call':
        return this.find(i, dir, (j) => this.isCall(j));
      case 'return':
        return this.find(i, dir, (j) => this.isReturn(j));
    }
  }

  /** The nearest step after (dir 1) or before (−1) `from` for which `hit` holds; `from` when none does. */
  find(from: number, dir: 1 | -1, hit: (j: number) => boolean): number {
    for (let j = from + dir; j >= 0 && j < this.length; j += dir) if (hit(j)) return j;
    return from;
  }

  /**
   * Where a move from `from` to `to` stops when breakpoints are set: the first step strictly after `from` (up to and
   * including `to`, going forward) whose instruction is a breakpoint, else `to`. Going back, the nearest before.
   */
  stopAt(from: number, to: number, breakpoints: ReadonlySet<BreakpointKey>): number {
    if (!breakpoints.size || to === from) return to;
    const dir = to > from ? 1 : -1;
    for (let j = from + dir; j !== to + dir; j += dir) if (breakpoints.has(stepKey(this.trace.steps[j]!))) return j;
    return to;
  }

  /** The next (previous) step whose instruction is a breakpoint; `from` when there is none. */
  nextBreakpoint(from: number, dir: 1 | -1, breakpoints: ReadonlySet<BreakpointKey>): number {
    if (!breakpoints.size) return from;
    return this.find(from, dir, (j) => breakpoints.has(stepKey(this.trace.steps[j]!)));
  }

  /** The next step after `i` in the same frame (same depth, nothing shallower between), or undefined. */
  private nextInFrame(i: number): TraceStep | undefined {
    const d = this.depth[i]!;
    for (let j = i + 1; j < this.length; j++) {
      const dj = this.depth[j]!;
      if (dj === d) return this.trace.steps[j];
      if (dj < d) return undefined;
    }
    return undefined;
  }

  /**
   * For a NAME or GLOBAL instruction at step `i` (its name given, from the listing's model): the namespaces it
   * searches and what it found. `LOAD_NAME` looks in the frame's locals, then the globals, then the builtins;
   * `LOAD_GLOBAL` in the globals, then the builtins; stores write to the frame's namespace (`STORE_NAME`) or the
   * globals (`STORE_GLOBAL`). The globals are the module body's names as its latest step before `i` saw them.
   */
  lookup(i: number, name: string): NameLookup | undefined {
    const s = this.trace.steps[i];
    if (!s) return undefined;
    const m = /^(LOAD|STORE|DELETE)_(NAME|GLOBAL)$/.exec(s.opname);
    if (!m) return undefined;
    const access = m[1] === 'LOAD' ? 'load' : m[1] === 'STORE' ? 'store' : 'delete';
    const isName = m[2] === 'NAME';
    const mod = this.moduleStep[i]!;
    const globals = mod >= 0 ? this.trace.steps[mod]!.names : undefined;
    // At module level the frame's locals are the globals: its names are read at this very step.
    const inModule = s.code === 0 && s.call_stack.length === 1;
    const globalHas = (inModule ? s.names : globals)?.some(([k]) => k === name) ?? null;
    if (access !== 'load') return { op: s.opname, name, access, searched: [{ scope: isName && !inModule ? 'locals' : 'globals', found: null }] };
    const searched: { scope: 'locals' | 'globals' | 'builtins'; found: boolean | null }[] = [];
    if (isName && !inModule) {
      const here = s.names?.some(([k]) => k === name) ?? null;
      searched.push({ scope: 'locals', found: here });
      if (here) return this.withValue(i, { op: s.opname, name, access, searched });
    }
    searched.push({ scope: 'globals', found: globalHas });
    if (globalHas === false) searched.push({ scope: 'builtins', found: true });
    return this.withValue(i, { op: s.opname, name, access, searched });
  }

  private withValue(i: number, l: NameLookup): NameLookup {
    // A load pops nothing: what it pushed is above its depth before, in the next step of the frame (a NULL pushed
    // beside the value, as LOAD_GLOBAL does for a call, is skipped).
    const next = this.nextInFrame(i);
    const s = this.trace.steps[i]!;
    if (next?.stack_source !== 'real' || s.stack_source !== 'real') return l;
    for (let k = s.stack.length + s.stack_omitted - next.stack_omitted; k < next.stack.length; k++) {
      const x = next.stack[k];
      if (x?.kind === 'object') return { ...l, value: x.repr };
    }
    return l;
  }
}
