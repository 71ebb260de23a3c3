/**
 * The exception nesting of a code object's instructions (3.11+), read off the JSON model: the core's
 * `analysis/exception-nesting` gives each exception-table entry its `level`, whether its handler handles a `try`/`with`
 * block (`block`) and the entry its handler's code falls in (`next`); an instruction's chain starts at its handler's
 * entry and follows `next`.
 */
import type { JsonCodeObject, JsonExceptionEntry } from '@bytescope/core';

/** One handler of an instruction's chain. */
export interface ChainHandler {
  readonly entry: JsonExceptionEntry;
  /** The handler handles a `try` or `with` block (not cleanup code). */
  readonly block: boolean;
}

/** Where an exception raised at one offset goes: the handlers in turn, innermost first, and the nesting level. */
export interface ExceptionNesting {
  readonly chain: readonly ChainHandler[];
  /** The number of `try`/`with` handlers in the chain. */
  readonly level: number;
}

/** Longest chain listed (the core stops counting at the same length). */
const MAX_CHAIN = 64;

/** The exception nesting of every covered offset of `co` (3.11+; empty when it has no exception table). */
export function exceptionNesting(co: JsonCodeObject): Map<number, ExceptionNesting> {
  const out = new Map<number, ExceptionNesting>();
  const table = co.exception_table;
  if (!table.length) return out;
  /** Chains by entry, shared by every instruction that entry covers. */
  const memo = new Map<number, ExceptionNesting>();
  const chainFrom = (first: number): ExceptionNesting => {
    const known = memo.get(first);
    if (known) return known;
    const chain: ChainHandler[] = [];
    const seen = new Set<number>();
    for (let i: number | null = first; i !== null && !seen.has(i) && chain.length < MAX_CHAIN; i = table[i]?.next ?? null) {
      const e = table[i];
      if (!e) break;
      seen.add(i);
      chain.push({ entry: e, block: e.block });
    }
    const n: ExceptionNesting = { chain, level: table[first]?.level ?? 0 };
    memo.set(first, n);
    return n;
  };
  for (const ins of co.instructions) {
    if (ins.exception_handler) out.set(ins.offset, chainFrom(ins.exception_handler.entry));
  }
  return out;
}

/** The deepest nesting level of a code object (0 without an exception table). */
export function maxNestingLevel(nesting: ReadonlyMap<number, ExceptionNesting>): number {
  let m = 0;
  for (const n of nesting.values()) m = Math.max(m, n.level);
  return m;
}
