/**
 * The exception table of a 3.11+ code object (`InternalDocs/exception_handling.md`): entries of
 * start, size, target and depth/lasti, each a big-endian varint of 6-bit chunks, in code units.
 */
import { BytescopeError } from '../errors.js';

/** One entry, in bytes: instructions in `[start, end)` jump to `target` with the stack at `depth`. */
export interface ExceptionTableEntry {
  readonly start: number;
  readonly end: number;
  readonly target: number;
  readonly depth: number;
  /** Whether the offset of the raising instruction is pushed too. */
  readonly lasti: boolean;
}

/**
 * The largest value one varint of an exception table may have (2**50 code units). CPython's `dis` would print any
 * size; beyond this, offsets in bytes would no longer be exact JavaScript numbers, and no code object is that long.
 */
export const MAX_EXCEPTION_TABLE_VALUE = 2 ** 50;

/**
 * Parses an exception table. As `dis._parse_exception_table` does, an entry cut short by the end of the
 * table is dropped. A value above {@link MAX_EXCEPTION_TABLE_VALUE} (only in a hostile table: a long run of
 * continuation bytes) is a {@link BytescopeError} of kind `bad-code`.
 */
export function parseExceptionTable(table: Uint8Array): ExceptionTableEntry[] {
  const out: ExceptionTableEntry[] = [];
  let i = 0;
  const varint = (): number | undefined => {
    if (i >= table.length) return undefined;
    const at = i;
    let b = table[i++]!;
    let v = b & 63;
    while (b & 64) {
      if (i >= table.length) return undefined;
      b = table[i++]!;
      v = v * 64 + (b & 63);
      if (v > MAX_EXCEPTION_TABLE_VALUE) {
        throw new BytescopeError('bad-code', `exception table: a value starting at byte ${at} of the table exceeds 2**50`);
      }
    }
    return v;
  };
  for (;;) {
    const start = varint();
    const size = varint();
    const target = varint();
    const dl = varint();
    if (start === undefined || size === undefined || target === undefined || dl === undefined) return out;
    out.push({ start: start * 2, end: (start + size) * 2, target: target * 2, depth: Math.floor(dl / 2), lasti: (dl & 1) === 1 });
  }
}
