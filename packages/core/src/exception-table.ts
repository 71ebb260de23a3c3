/**
 * The exception table of a 3.11+ code object (`InternalDocs/exception_handling.md`): entries of
 * start, size, target and depth/lasti, each a big-endian varint of 6-bit chunks, in code units.
 */

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
 * Parses an exception table. As `dis._parse_exception_table` does, an entry cut short by the end of the
 * table is dropped.
 */
export function parseExceptionTable(table: Uint8Array): ExceptionTableEntry[] {
  const out: ExceptionTableEntry[] = [];
  let i = 0;
  const varint = (): number | undefined => {
    if (i >= table.length) return undefined;
    let b = table[i++]!;
    let v = b & 63;
    while (b & 64) {
      if (i >= table.length) return undefined;
      b = table[i++]!;
      v = v * 64 + (b & 63);
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
