/**
 * How exception-table entries nest (3.11+). The table is flat: CPython splits an outer range around the inner ones,
 * so nesting is not written in it. It is in where the handlers lead. An exception raised in an entry's range goes to
 * its handler; if the handler does not deal with it, it is raised again inside the handler's own code, which another
 * entry covers, and so on: the chain of handlers. A handler that begins with PUSH_EXC_INFO
 * ({@link BLOCK_HANDLER_STARTS}) handles a `try` or `with` block (an `except`/`finally` clause, a `with`'s exit); the
 * others are cleanup code (`COPY 3; POP_EXCEPT; RERAISE 1` after an `except` clause, the StopIteration guard of a
 * generator). An entry's nesting level is the number of block handlers on its chain: 2 inside a `try` inside a `try`,
 * 1 in the `except` clause of the inner one (its cleanup leads to the outer handler), 0 in code that only cleanup
 * handlers cover.
 */
import type { DecodedCode } from '../bytecode/decode.js';
import { BLOCK_HANDLER_STARTS } from './categories.js';

/** Where the handler of one exception-table entry leads. */
export interface HandlerNesting {
  /** The handler begins with PUSH_EXC_INFO: it handles a `try` or `with` block (not cleanup code). */
  readonly block: boolean;
  /**
   * Index of the entry that covers the handler's first instruction (where an exception the handler raises again
   * goes), or null when none does (or only the entry itself, in a hand-made table).
   */
  readonly next: number | null;
  /** The number of block handlers on the chain from this entry, itself included. */
  readonly level: number;
}

/** Longest chain followed: a corrupt table could make a long one. */
const MAX_CHAIN = 64;

/** Most entries of an unordered table (never written by CPython) searched one by one for each handler. */
const MAX_UNORDERED_ENTRIES = 2000;

/**
 * The nesting of every entry of a code object's exception table, in table order (empty before 3.11). An offset is
 * covered by the first entry whose range holds it, as CPython searches the table.
 */
export function exceptionNesting(d: DecodedCode): HandlerNesting[] {
  const table = d.exceptionTable;
  if (!table.length) return [];
  const opnameAt = new Map<number, string>();
  for (const ins of d.instructions) opnameAt.set(ins.offset, ins.opname);
  // CPython writes entries in offset order without overlaps: a binary search finds the one covering an offset.
  const ordered = table.every((e, i) => i === 0 || table[i - 1]!.end <= e.start);
  const entryAt = (offset: number): number | null => {
    if (ordered) {
      let lo = 0;
      let hi = table.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const e = table[mid]!;
        if (offset < e.start) hi = mid - 1;
        else if (offset >= e.end) lo = mid + 1;
        else return mid;
      }
      return null;
    }
    if (table.length > MAX_UNORDERED_ENTRIES) return null;
    const i = table.findIndex((e) => e.start <= offset && offset < e.end);
    return i < 0 ? null : i;
  };
  const block = table.map((e) => BLOCK_HANDLER_STARTS.has(opnameAt.get(e.target) ?? ''));
  const step = table.map((e) => entryAt(e.target));
  return table.map((_, i) => {
    const seen = new Set<number>([i]);
    let level = block[i] ? 1 : 0;
    for (let j = step[i] ?? null; j !== null && !seen.has(j) && seen.size < MAX_CHAIN; j = step[j] ?? null) {
      seen.add(j);
      if (block[j]) level++;
    }
    const next = step[i] ?? null;
    return { block: block[i] ?? false, next: next !== null && next !== i ? next : null, level };
  });
}
