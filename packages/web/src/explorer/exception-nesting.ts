/**
 * How deeply an instruction sits in nested exception ranges (3.11+), from its code object's exception table.
 *
 * The table is flat: CPython splits an outer range around the inner ones, so nesting is not written in it. It is in
 * where the handlers lead. An exception raised at an instruction goes to the handler of the entry covering it; if that
 * handler does not deal with it, it is raised again inside the handler's own code, which another entry covers, and so
 * on: the chain of handlers. A handler that begins with PUSH_EXC_INFO is the handler of a `try` or `with` block (an
 * `except`/`finally` clause, a `with`'s exit); the others are cleanup code (`COPY 3; POP_EXCEPT; RERAISE 1` after an
 * `except` clause, the StopIteration guard of a generator). The nesting level is the number of `try`/`with` handlers
 * in the chain: 2 inside a `try` inside a `try`, 1 in the `except` clause of the inner one (its cleanup leads to the
 * outer handler), 0 in code covered by cleanup handlers only.
 */
import type { JsonCodeObject, JsonExceptionEntry } from '@bytescope/core';

/** One handler of an instruction's chain. */
export interface ChainHandler {
  readonly entry: JsonExceptionEntry;
  /** The handler's code begins with PUSH_EXC_INFO: the handler of a `try` or `with` block (not cleanup code). */
  readonly block: boolean;
}

/** Where an exception raised at one offset goes: the handlers in turn, innermost first, and the nesting level. */
export interface ExceptionNesting {
  readonly chain: readonly ChainHandler[];
  /** The number of `try`/`with` handlers in the chain. */
  readonly level: number;
}

/** Longest chain followed (a corrupt table could make a long one; a cycle ends at the first repeat). */
const MAX_CHAIN = 64;

/** The exception nesting of every covered offset of `co` (3.11+; empty when it has no exception table). */
export function exceptionNesting(co: JsonCodeObject): Map<number, ExceptionNesting> {
  const out = new Map<number, ExceptionNesting>();
  const table = co.exception_table;
  if (!table.length) return out;
  const entryAt = (offset: number) => table.find((e) => e.start <= offset && offset < e.end);
  const opAt = new Map<number, string>();
  for (const ins of co.instructions) opAt.set(ins.offset, ins.base_opname);
  /** Chains by entry, shared by every instruction that entry covers. */
  const memo = new Map<JsonExceptionEntry, ExceptionNesting>();
  const chainFrom = (first: JsonExceptionEntry): ExceptionNesting => {
    const known = memo.get(first);
    if (known) return known;
    const chain: ChainHandler[] = [];
    const seen = new Set<JsonExceptionEntry>();
    for (let e: JsonExceptionEntry | undefined = first; e && !seen.has(e) && chain.length < MAX_CHAIN; e = entryAt(e.target)) {
      seen.add(e);
      chain.push({ entry: e, block: opAt.get(e.target) === 'PUSH_EXC_INFO' });
    }
    const n: ExceptionNesting = { chain, level: chain.filter((h) => h.block).length };
    memo.set(first, n);
    return n;
  };
  for (const ins of co.instructions) {
    const e = entryAt(ins.offset);
    if (e) out.set(ins.offset, chainFrom(e));
  }
  return out;
}

/** The deepest nesting level of a code object (0 without an exception table). */
export function maxNestingLevel(nesting: ReadonlyMap<number, ExceptionNesting>): number {
  let m = 0;
  for (const n of nesting.values()) m = Math.max(m, n.level);
  return m;
}
