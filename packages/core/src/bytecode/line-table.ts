/**
 * Line and position information of a code object, in the three formats CPython has stored:
 * `co_lnotab` (≤ 3.9), the PEP 626 line table (3.10) and the PEP 657 location table (3.11+).
 * Each format is decoded by exactly one walker here ({@link walkLnotab}, {@link walkLines310}, {@link walkLocations}); the functions
 * built on them return what `co_lines()` and `co_positions()` return in the matching CPython, and the decoder's
 * line starts (`scan.ts`) use the same walkers.
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

/**
 * Walks a 3.10 line table (PEP 626, `Objects/lnotab_notes.txt`): pairs of an unsigned byte delta and a signed
 * line delta, -128 meaning "no line". Calls `range` for every entry that covers bytes, in order.
 */
export function walkLines310(table: Uint8Array, firstLine: number, range: (start: number, end: number, line: number | null) => void): void {
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
    if (bdelta) range(addr, addr + bdelta, l);
    addr += bdelta;
  }
}

/** `co_lines()` of a 3.10 code object. */
export function linesFrom310(table: Uint8Array, firstLine: number): LineRange[] {
  const out: LineRange[] = [];
  walkLines310(table, firstLine, (start, end, line) => { out.push({ start, end, line }); });
  return out;
}

/**
 * Walks `co_lnotab` (≤ 3.9: pairs of an unsigned byte increment and a line increment, signed from 3.6) exactly as
 * that version's `dis.findlinestarts` does, calling `start` for each `(offset, line)` it yields, in increasing
 * offset order. The last one may lie at or past the end of the code (3.7 and older yield it: `dis` then never
 * matches it to an instruction, but 3.7 counts its line when it sizes the line-number column); `stopAtCodeEnd`
 * (3.8–3.9) stops at the first increment that reaches the end of the code instead.
 */
export function walkLnotab(lnotab: Uint8Array, firstLine: number, codeLength: number, signedLines: boolean,
  stopAtCodeEnd: boolean, start: (offset: number, line: number) => void): void {
  let last: number | null = null;
  let line = firstLine;
  let addr = 0;
  for (let i = 0; i + 1 < lnotab.length; i += 2) {
    const byteIncr = lnotab[i]!;
    const raw = lnotab[i + 1]!;
    if (byteIncr) {
      if (line !== last) {
        start(addr, line);
        last = line;
      }
      addr += byteIncr;
      if (stopAtCodeEnd && addr >= codeLength) return;
    }
    line += signedLines && raw >= 0x80 ? raw - 0x100 : raw;
  }
  if (line !== last) start(addr, line);
}

/**
 * Line ranges of a code object older than 3.10, from its `co_lnotab` line starts ({@link walkLnotab}): each start
 * inside the code runs to the next one or to the end of the code.
 */
export function linesFromLnotab(lnotab: Uint8Array, firstLine: number, codeLength: number, signedLines: boolean): LineRange[] {
  const starts: [number, number][] = [];
  walkLnotab(lnotab, firstLine, codeLength, signedLines, true, (offset, line) => {
    if (offset < codeLength) starts.push([offset, line]);
  });
  return starts.map(([start, l], k) => ({ start, end: k + 1 < starts.length ? starts[k + 1]![0] : codeLength, line: l }));
}

/**
 * What {@link walkLocations} reports for one location-table entry: it covers `units` code units; `line` is null
 * for an entry without location (then so are the others); `col`/`endCol` are -1 when absent.
 */
export type LocationVisitor = (units: number, line: number | null, endLine: number, col: number, endCol: number) => void;

/** The read position of {@link varint} in the table being walked (module state: no closure per table). */
let at = 0;

/** An unsigned varint at {@link at} (6 bits a byte, bit 6 says another byte follows). */
function varint(t: Uint8Array): number {
  const len = t.length;
  let b = at < len ? t[at++]! : 0;
  let v = b & 63;
  let shift = 0;
  while (b & 64 && at < len && shift < 30) {
    b = at < len ? t[at++]! : 0;
    shift += 6;
    v |= (b & 63) << shift;
  }
  return v >>> 0;
}

/** A signed varint at {@link at} (sign in the lowest bit). */
function svarint(t: Uint8Array): number {
  const v = varint(t);
  return v & 1 ? -(v >>> 1) : v >>> 1;
}

/**
 * The entry of a 3.11+ location table that {@link nextLocation} read last (module state, as {@link at} is: a walk
 * makes no object per entry). `line` is null for an entry without location (then the others are meaningless);
 * `col`/`endCol` are -1 when absent.
 */
export const location = { units: 0, line: 0 as number | null, endLine: 0, col: -1, endCol: -1 };

/** The line of the last entry with one, for {@link nextLocation}'s deltas. */
let locationLine = 0;

/** Starts reading a location table with {@link nextLocation}, for a code object whose first line is `firstLine`. */
export function startLocations(firstLine: number): void {
  at = 0;
  locationLine = firstLine;
}

/**
 * Reads the next entry of the 3.11+ location table `t` (PEP 657, `Objects/locations.md`) into {@link location};
 * false at the table's end. The entry codes: 15 no location, 14 long form, 13 line only, 10–12 one-line forms with
 * two column bytes, 0–9 short forms. The one decoder of the format: {@link walkLocations} and the listing's line
 * starts (`scan.ts`, which reads the entries in a loop of its own, without a call per entry) both use it.
 */
export function nextLocation(t: Uint8Array): boolean {
  const len = t.length;
  if (at >= len) return false;
  const loc = location;
  const first = t[at++]!;
  const code = (first >> 3) & 15;
  loc.units = (first & 7) + 1;
  if (code === 15) {
    loc.line = null;
    loc.endLine = 0;
    loc.col = loc.endCol = -1;
  } else if (code === 14) {
    const line = (locationLine += svarint(t));
    loc.line = line;
    loc.endLine = line + varint(t);
    loc.col = varint(t) - 1;
    loc.endCol = varint(t) - 1;
  } else if (code === 13) {
    loc.line = loc.endLine = locationLine += svarint(t);
    loc.col = loc.endCol = -1;
  } else if (code >= 10) {
    loc.line = loc.endLine = locationLine += code - 10;
    loc.col = at < len ? t[at++]! : 0;
    loc.endCol = at < len ? t[at++]! : 0;
  } else {
    const b = at < len ? t[at++]! : 0;
    const c = code * 8 + ((b >> 4) & 7);
    loc.line = loc.endLine = locationLine;
    loc.col = c;
    loc.endCol = c + (b & 15);
  }
  return true;
}

/** Walks a 3.11+ location table entry by entry ({@link nextLocation}), calling `visit` for each. */
export function walkLocations(t: Uint8Array, firstLine: number, visit: LocationVisitor): void {
  const loc = location;
  startLocations(firstLine);
  while (nextLocation(t)) visit(loc.units, loc.line, loc.endLine, loc.col, loc.endCol);
}

/** `co_positions()` of a 3.11+ code object: one position per code unit (caches included). */
export function positionsFrom311(table: Uint8Array, firstLine: number, codeUnits: number): Position[] {
  const out: Position[] = [];
  walkLocations(table, firstLine, (units, line, endLine, col, endCol) => {
    const p: Position = line === null ? NO_POSITION : [line, endLine, col < 0 ? null : col, endCol < 0 ? null : endCol];
    for (let k = 0; k < units && out.length < codeUnits; k++) out.push(p);
  });
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
  walkLocations(table, firstLine, (units, line) => {
    const end = addr + units * 2;
    const last = out[out.length - 1];
    if (merge && last && last.line === line && last.end === addr) out[out.length - 1] = { start: last.start, end, line };
    else out.push({ start: addr, end, line });
    addr = end;
  });
  return out;
}
