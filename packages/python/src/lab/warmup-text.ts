/**
 * What the specialization view says about its warm-up, in one place for the CLI and the web page: how much warm-up
 * ran (`100 calls of f()`), or where an exception stopped it, and the title of a code object (the call expression's
 * own code object is named by its expression, not as a second `<module>`).
 */
import type { LabSpecCode, LabSpecializeResponse } from './protocol.js';

function unit(k: number, call: string | undefined): string {
  return call !== undefined ? `${k} call${k === 1 ? '' : 's'} of ${call}` : `${k} run${k === 1 ? '' : 's'} of the program`;
}

/**
 * The heading of a specialization result: `Specialization after warm-up, CPython 3.12.7 (100 calls of f())`, or
 * `CPython 3.12.7: the warm-up stopped (call 1 of 100 raised NameError); …` when the warm-up did not finish.
 * `call`: the call expression the request gave (undefined: the program itself was the warm-up); `runtime`: how to name
 * the interpreter (`CPython 3.12.1 (native: python3)`). A warm-up the time limit cut short says so.
 */
export function warmupHeading(
  r: Pick<LabSpecializeResponse, 'version' | 'warmup' | 'warmupDone' | 'exception' | 'stopped'>, call: string | undefined,
  runtime = `CPython ${r.version}`,
): string {
  const n = r.warmup;
  const done = r.warmupDone ?? n;
  const e = r.exception;
  if (r.stopped && done !== undefined && n !== undefined && done < n) {
    return `Specialization after a partial warm-up, ${runtime} (${unit(done, call)} of ${n}: the time limit stopped it)`;
  }
  if (e && done !== undefined && n !== undefined && done < n) {
    const what = e.phase === 'compile' ? 'the program did not compile'
      : e.phase === 'run' && call !== undefined ? `the program raised ${e.type} before the first call`
        : `${call !== undefined ? 'call' : 'run'} ${done + 1} of ${n} raised ${e.type}`;
    return `${runtime}: the warm-up stopped (${what}); the bytecode below is as it stood then` +
      (done ? `, after ${unit(done, call)}` : '');
  }
  return `Specialization after warm-up, ${runtime}${n !== undefined ? ` (${unit(n, call)})` : ''}`;
}

/** The title of a code object in the specialization view: `f (line 3)`, or `call expression f(10)`. */
export function specCodeTitle(co: Pick<LabSpecCode, 'expression' | 'qualname' | 'firstLineno'>): string {
  return co.expression !== undefined ? `call expression ${co.expression}` : `${co.qualname} (line ${co.firstLineno})`;
}
