/**
 * The trace of a program run in real CPython: one step per executed instruction of the user's code, each with the
 * value stack as it was before the instruction ran (read from the interpreter's frame, or simulated when that is
 * not possible), the frame's locals, the call stack and how much the program had printed.
 *
 * This is the one typed model of a trace: `@bytescope/python`'s `traceInRuntime` records it, the CLI
 * (`bytescope trace`) prints it, the web's stepper replays it. Its JSON form is this object as is
 * (`JSON.stringify(trace)`), documented in `docs/json-schema.md` ("Trace"). Every field is plain JSON: strings,
 * finite numbers, booleans, null, arrays, objects.
 *
 * Field names use snake_case like the rest of the JSON model.
 */

/** Identifier of the trace JSON document; moves to `/2` when a field is removed, renamed or changes meaning. */
export const TRACE_SCHEMA_ID = 'bytescope.trace/1';

/**
 * Where a step's stack came from.
 * - `real`: read from the frame's value stack in the interpreter's memory (reprs of the actual objects).
 * - `simulated`: the reader could not be trusted for this step (a run-time self check failed, or the version has
 *   no verified layout); the slots are the core's symbolic stack (`analysis/symbolic-stack.ts`): expressions of
 *   the source such as `a + b`, not values.
 */
export type StackSource = 'real' | 'simulated';

/** Why a trace stopped early. `steps`: the step limit was reached; `time`: the time limit was. */
export type TruncationReason = 'steps' | 'time';

/** Kind of a step. */
export type TraceEvent =
  /** An instruction about to run, reached the ordinary way (fall-through, jump, call or resume). */
  | 'instruction'
  /**
   * The first instruction of an exception handler, entered by unwinding: an exception was raised in this frame (or
   * came out of a call made from it) and the exception table sent it here. The stack holds what the handler
   * starts with (3.11+: the slots below the handler's depth, then `lasti` if the entry asks for it, then the
   * exception). The step's `exception` names the exception.
   */
  | 'handler';

/** What a stack slot is. */
export type SlotKind =
  /** A Python object: `repr` is its (bounded) repr, `type` its type's name. */
  | 'object'
  /** A NULL slot (`PUSH_NULL`, `LOAD_GLOBAL` with the NULL bit, `LOAD_FAST_AND_CLEAR` of an unbound name, …). */
  | 'null'
  /** 3.14+: a tagged integer that is not an object (an iterator index, the `lasti` of a handler); `repr` is the int. */
  | 'int'
  /** A simulated slot (the step's `stack_source` is `simulated`): `repr` is the symbolic expression. */
  | 'symbolic';

/** One slot of the value stack. */
export interface TraceSlot {
  readonly kind: SlotKind;
  /**
   * The slot as text: an object's `repr` (cut to {@link TRACE_REPR_MAX} characters, ending with `…` when cut; a
   * repr that raised shows `<repr failed: TypeName>`), `NULL`, the tagged int, or the symbolic expression.
   */
  readonly repr: string;
  /** The object's type name (`kind` `object` only). */
  readonly type?: string;
  /**
   * Offset of the instruction that pushed this slot, from the static analysis of the code object; null where the
   * analysis cannot tell (paths that meet with different producers, handler entries, slots passed through).
   */
  readonly pushed_by: number | null;
}

/** Longest repr kept for one slot or local. */
export const TRACE_REPR_MAX = 80;
/** Most stack slots kept per step: deeper stacks keep the top ones and count the rest in `stack_omitted`. */
export const TRACE_STACK_MAX = 64;

/** Kind of a slot of `localsplus`: a fast local (arguments first), a cell variable, or a free variable. */
export type LocalKind = 'local' | 'cell' | 'free';

/** One name of a code object's `localsplus` array (the frame's fixed array of locals, cells and free variables). */
export interface TraceLocalName {
  readonly name: string;
  readonly kind: LocalKind;
}

/** A code object of the traced module, listed once per trace. */
export interface TraceCode {
  /**
   * Index of the code object in `dis` order of the compiled module (the module first, then nested code objects
   * depth first in `co_consts` order): the JSON model's `code_objects[index]`, `decodeModule(...).codeObjects[index]`,
   * so a viewer can find its listing.
   */
  readonly index: number;
  /** Qualified name (`<module>`, `f`, `C.m`, `f.<locals>.g`, `<listcomp>`, …). */
  readonly qualname: string;
  /** `co_firstlineno`. */
  readonly first_line: number;
  /**
   * The slots of the frame's `localsplus` in order (slot number = array index): fast locals (`co_varnames`), then
   * cell variables that are not also arguments, then free variables. A step's `locals` is aligned with it.
   */
  readonly localsplus: readonly TraceLocalName[];
  /** Whether the code uses fast locals (a function body); false for the module body and class bodies. */
  readonly optimized: boolean;
}

/** One executed instruction. */
export interface TraceStep {
  /** The code object: an index into {@link Trace.codes} (which is its index in `dis` order). */
  readonly code: number;
  /** Byte offset of the instruction in `co_code` (as `dis` shows it). */
  readonly offset: number;
  /** The instruction's name as `dis` shows it (specialized forms are shown by their base name). */
  readonly opname: string;
  /** Source line of the instruction, or null when it has none. */
  readonly line: number | null;
  readonly event: TraceEvent;
  /** For `handler` steps: the exception being handled, as `TypeName: message` (cut like a repr). */
  readonly exception?: string;
  /** Where this step's stack came from (see {@link StackSource}). */
  readonly stack_source: StackSource;
  /** The value stack before the instruction runs, bottom first; at most {@link TRACE_STACK_MAX} slots (the top ones). */
  readonly stack: readonly TraceSlot[];
  /** Slots below `stack[0]` that were left out (0 normally). The full depth is `stack.length + stack_omitted`. */
  readonly stack_omitted: number;
  /**
   * The frame's `localsplus`, aligned with the code's {@link TraceCode.localsplus}: the repr of each slot's value,
   * null for an unbound one. For cells and free variables, the cell's contents (null when empty).
   */
  readonly locals: readonly (string | null)[];
  /**
   * For code without fast locals (module and class bodies): the names the frame's namespace binds, as
   * `[name, repr]` pairs in insertion order, leaving out dunder names and modules. Absent for functions.
   */
  readonly names?: readonly (readonly [string, string])[];
  /**
   * The call stack of traced frames, outermost first, ending with this step's frame: indexes into {@link Trace.codes}.
   * Frames of code that is not traced (the standard library, builtins) are not listed.
   */
  readonly call_stack: readonly number[];
  /** How many characters of {@link Trace.stdout} the program had written before this step. */
  readonly stdout_length: number;
}

/** The fallback: why and from which step the stack is simulated. */
export interface TraceFallback {
  /** Index of the first step whose stack is simulated. */
  readonly first_step: number;
  /** What failed, in one line (`layout calibration: ...`, `depth 3 != static depth 2 at f+10`, ...). */
  readonly reason: string;
}

/** How the trace ended early. */
export interface TraceTruncation {
  readonly reason: TruncationReason;
  /** The limit that was reached: a step count, or milliseconds. */
  readonly limit: number;
}

/** How the traced run ended. */
export interface TraceOutcome {
  /** `ok`: the program (or the call) finished; `error`: it raised; `truncated`: the trace stopped it. */
  readonly status: 'ok' | 'error' | 'truncated';
  /** With `--call`: the repr of the call's result. */
  readonly result?: string;
  /** For `error`: the uncaught exception, `TypeName: message`. */
  readonly error?: string;
}

/** A recorded trace (see the module's doc). */
export interface Trace {
  readonly schema: typeof TRACE_SCHEMA_ID;
  /** The exact CPython version that ran the program (`3.12.7`). */
  readonly version: string;
  /**
   * `real` when every step's stack was read from the interpreter; `simulated` when at least one step's was
   * simulated (see {@link fallback} for where it began; each step says its own).
   */
  readonly stack_source: StackSource;
  /** Set when the stack reader fell back to the simulated stack; null when every step is real. */
  readonly fallback: TraceFallback | null;
  /** Null when the trace is complete. */
  readonly truncated: TraceTruncation | null;
  /** The traced program's file name (as given to `compile`). */
  readonly filename: string;
  /** With `--call`: the expression called after the module ran (the module body itself is not traced then). */
  readonly call: string | null;
  /** The code objects that steps refer to (by `dis` index); only those that ran, in `dis` order. */
  readonly codes: readonly TraceCode[];
  /** The executed instructions, in order. */
  readonly steps: readonly TraceStep[];
  /** Everything the program wrote to stdout while traced; a step's `stdout_length` is the prefix written before it. */
  readonly stdout: string;
  readonly outcome: TraceOutcome;
  /** Milliseconds the traced run took inside the runtime (recording included). */
  readonly elapsed_ms: number;
}

/** The code entry of a step (codes are listed by `dis` index, not by position). */
export function traceCodeOf(trace: Trace, step: TraceStep): TraceCode | undefined {
  return trace.codes.find((c) => c.index === step.code);
}

/** The program's output up to (not including) step `i`. */
export function stdoutBefore(trace: Trace, i: number): string {
  const s = trace.steps[i];
  return s ? trace.stdout.slice(0, s.stdout_length) : trace.stdout;
}
