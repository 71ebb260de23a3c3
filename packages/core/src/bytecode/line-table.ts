/**
 * Line and position information of a code object, in the three formats CPython has stored:
 * `co_lnotab` (≤ 3.9), the PEP 626 line table (3.10) and the PEP 657 location table (3.11+).
 * The functions return what `co_lines()` and `co_positions()` return in the matching CPython.
 */

/** One `co_lines()` range: bytes `[start, end)` belong to `line` (`null`: no line). */
export interface LineRange {
  readonly start: number;
  readonly end: number;
  readonly line: number | null;
}

/** `(lineno, end_lineno, col_offset, end_col_offset)` of one code unit, each possibly `null`. */
export type Position = readonly [number | null, number | null, number | null, number | null];

const NO_POSITION: Position = Object.freeze([null, null, null, null]) as Position;

/** `co_lines()` of a 3.10 code object (PEP 626 table, `Objects/lnotab_notes.txt`). */
export function linesFrom310(table: Uint8Array, firstLine: number): LineRange[] {
  const out: LineRange[] = [];
  let line = firstLine;
  let addr = 0;
  for (let i = 0; i + 1 < table.length; i += 2) {
    const bdelta = table[i]!;
    const raw = table[i + 1]!;
    const ldelta = raw >= 128 ? raw - 256 : raw;
    let l: number | null = null;
    if (ldelta !== -128) {
      line += ldelta;
      l = line;
    }
    if (bdelta) out.push({ start: addr, end: addr + bdelta, line: l });
    addr += bdelta;
  }
  return out;
}

/**
 * Line ranges of a code object older than 3.10, from `co_lnotab` (pairs of unsigned byte increment and
 * line increment, signed from 3.6), following `findlinestarts` of CPython 3.9's `dis`: each line start
 * runs to the next one.
 */
export function linesFromLnotab(lnotab: Uint8Array, firstLine: number, codeLength: number, signedLines: boolean): LineRange[] {
  const starts: [number, number][] = [];
  let last: number | null = null;
  let line = firstLine;
  let addr = 0;
  let ended = false;
  for (let i = 0; i + 1 < lnotab.length; i += 2) {
    const byteIncr = lnotab[i]!;
    const raw = lnotab[i + 1]!;
    if (byteIncr) {
      if (line !== last) {
        starts.push([addr, line]);
        last = line;
      }
      addr += byteIncr;
      if (addr >= codeLength) { ended = true; break; }
    }
    line += signedLines && raw >= 0x80 ? raw - 0x100 : raw;
  }
  if (!ended && line !== last && addr < codeLength) starts.push([addr, line]);
  return starts.map(([start, l], k) => ({ start, end: k + 1 < starts.length ? starts[k + 1]![0] : codeLength, line: l }));
}

/** One decoded entry of a 3.11+ location table. */
interface LocationEntry {
  readonly units: number;
  readonly position: Position;
}

function* locationEntries(t: Uint8Array, firstLine: number): Generator<LocationEntry> {
  let i = 0;
  let line = firstLine;
  const byte = () => (i < t.length ? t[i++]! : 0);
  const varint = () => {
    let b = byte();
    let v = b & 63;
    let shift = 0;
    while (b & 64 && i < t.length && shift < 30) {
      b = byte();
      shift += 6;
      v |= (b & 63) << shift;
    }
    return v >>> 0;
  };
  const svarint = () => {
    const v = varint();
    return v & 1 ? -(v >>> 1) : v >>> 1;
  };
  while (i < t.length) {
    const first = t[i++]!;
    const code = (first >> 3) & 15;
    const units = (first & 7) + 1;
    let p: Position;
    if (code === 15) p = NO_POSITION;
    else if (code === 14) {
      line += svarint();
      const end = line + varint();
      const c = varint() - 1;
      const e = varint() - 1;
      p = [line, end, c < 0 ? null : c, e < 0 ? null : e];
    } else if (code === 13) {
      line += svarint();
      p = [line, line, null, null];
    } else if (code >= 10) {
      line += code - 10;
      const c = byte();
      p = [line, line, c, byte()];
    } else {
      const b = byte();
      const c = code * 8 + ((b >> 4) & 7);
      p = [line, line, c, c + (b & 15)];
    }
    yield { units, position: p };
  }
}

/** `co_positions()` of a 3.11+ code object: one position per code unit (caches included). */
export function positionsFrom311(table: Uint8Array, firstLine: number, codeUnits: number): Position[] {
  const out: Position[] = [];
  for (const { units, position } of locationEntries(table, firstLine)) {
    for (let k = 0; k < units && out.length < codeUnits; k++) out.push(position);
    if (out.length >= codeUnits) break;
  }
  while (out.length < codeUnits) out.push(NO_POSITION);
  return out;
}

/**
 * `co_lines()` of a 3.11+ code object. 3.11 yields one range per table entry; 3.12+ merge consecutive
 * entries that carry the same line (`merge`).
 */
export function linesFrom311(table: Uint8Array, firstLine: number, merge: boolean): LineRange[] {
  const out: LineRange[] = [];
  let addr = 0;
  for (const { units, position } of locationEntries(table, firstLine)) {
    const end = addr + units * 2;
    const line = position[0];
    const last = out[out.length - 1];
    if (merge && last && last.line === line && last.end === addr) out[out.length - 1] = { start: last.start, end, line };
    else out.push({ start: addr, end, line });
    addr = end;
  }
  return out;
}
