/**
 * Typed failures of the performance lab. A user program that raises an exception is not one of these (it is a
 * result, with the exception described); these are the cases where the lab had to stop or could not run it.
 */

/** What went wrong: a limit stopped the program, the runtime died, or the driver reported a failure. */
export type LabErrorKind = 'timeout' | 'steps' | 'crash' | 'protocol';

/** Base class of the lab's errors. `partial` holds what the runtime reported before it stopped, when anything. */
export class LabError extends Error {
  /** What happened. */
  readonly kind: LabErrorKind;
  /** The driver's partial result (counts so far, captured output), when the runtime could still report it. */
  readonly partial: unknown;
  constructor(kind: LabErrorKind, message: string, partial?: unknown) {
    super(message);
    this.name = 'LabError';
    this.kind = kind;
    this.partial = partial;
  }
}

/**
 * The program ran past its time limit and was stopped: either by the counting callback inside Python (the runtime
 * survives, `partial` has the counts so far) or by killing the worker or child process that ran it (the runtime is
 * reloaded on the next request).
 */
export class LabTimeout extends LabError {
  /** Milliseconds from the start of the run (the runtime already loaded) to the stop. */
  readonly elapsedMs: number;
  /** True when the worker or child process had to be killed (nothing of the run could be kept then). */
  readonly killed: boolean;
  /** The time limit that stopped it (ms), when known: what a host offers to raise. */
  readonly limitMs: number | undefined;
  constructor(elapsedMs: number, killed: boolean, partial?: unknown, message?: string, limitMs?: number) {
    super('timeout', message ?? `stopped after ${formatDuration(elapsedMs)}: the program took longer than the time limit`, partial);
    this.name = 'LabTimeout';
    this.elapsedMs = elapsedMs;
    this.killed = killed;
    this.limitMs = limitMs;
  }
}

/** A duration for a message, as the driver writes it: `250 ms`, `1.5 s`, `12 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The program executed more instructions than its step limit allows (only while counting). */
export class LabStepLimit extends LabError {
  /** Instructions executed when it was stopped. */
  readonly steps: number;
  constructor(steps: number, message: string, partial?: unknown) {
    super('steps', message, partial);
    this.name = 'LabStepLimit';
    this.steps = steps;
  }
}

/** The runtime (worker or child process) died or could not be started. */
export class LabCrash extends LabError {
  constructor(message: string) {
    super('crash', message);
    this.name = 'LabCrash';
  }
}
