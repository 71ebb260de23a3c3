/**
 * What the two listing layouts share: the instruction's opname and argument columns (`dis`'s `_OPNAME_WIDTH` and
 * `_OPARG_WIDTH`), opnames prepared once per version as bytes, and the inline cache lines' fields and values.
 */
import type { OpcodeTable } from '../bytecode/opcode-table.js';
import type { Position } from '../bytecode/line-table.js';
import type { VersionInfo } from '../version/registry.js';
import type { TextWriter } from './writer.js';

/** Width the opname is padded to before an argument (`dis._OPNAME_WIDTH`). */
export const OPNAME_WIDTH = 20;
/** Width the argument is right-aligned in (`dis._OPARG_WIDTH`); 3.13+ narrow it by an opname's excess length. */
export const OPARG_WIDTH = 5;

/** A location column without a line (BLANK is no line number: lines are finite). */
export const BLANK = -Infinity;

export const padEnd = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));

/** Opnames as bytes: alone, and padded to {@link OPNAME_WIDTH} columns plus the space before an argument (`dis` pads them so). */
export interface OpnameBytes {
  readonly bare: readonly Uint8Array[];
  readonly padded: readonly Uint8Array[];
  /** {@link bare} as eight-byte chunks for {@link putChunks} (the last one filled up with spaces). */
  readonly bareChunks: readonly Float64Array[];
  /** {@link padded} as eight-byte chunks for {@link putChunks}. */
  readonly paddedChunks: readonly Float64Array[];
  /** The argument's width after the padded opname (narrower when the opname is longer than 20). */
  readonly argWidth: Uint8Array;
}

const opnameBytes = new WeakMap<VersionInfo, OpnameBytes>();
export const CACHE_OPNAME = { bare: ascii('CACHE'), padded: ascii(padEnd('CACHE', OPNAME_WIDTH) + ' ') };

/**
 * ASCII bytes as eight-byte chunks, each read as a little-endian float64, the last filled up with spaces. Printable
 * ASCII never makes a NaN (that needs 0x7f or above in a chunk's last byte), so every chunk goes through a float64
 * register bit for bit.
 */
function chunks(b: Uint8Array): Float64Array {
  const bytes = new Uint8Array(Math.ceil(b.length / 8) * 8).fill(0x20);
  bytes.set(b);
  return new Float64Array(bytes.buffer);
}

/**
 * Writes `length` bytes given as {@link chunks} at `p` through the buffer's view, a store per eight bytes (up to
 * seven spaces land past the returned position, in the free part of the buffer; see `writer.ts`).
 */
export function putChunks(v: DataView, p: number, c: Float64Array, length: number): number {
  for (let i = 0; i < c.length; i++) v.setFloat64(p + 8 * i, c[i]!, true);
  return p + length;
}

function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0x7f;
  return b;
}

export function opnamesOf(v: VersionInfo): OpnameBytes {
  let o = opnameBytes.get(v);
  if (!o) {
    const names = v.table.opname;
    for (const n of names) if (!/^[\x21-\x7e]+$/.test(n)) throw new Error(`opname ${JSON.stringify(n)} is not printable ASCII`);
    const bare = names.map(ascii);
    const padded = names.map((n) => ascii(padEnd(n, OPNAME_WIDTH) + ' '));
    o = {
      bare, padded, bareChunks: bare.map(chunks), paddedChunks: padded.map(chunks),
      argWidth: Uint8Array.from(names, (n) => Math.max(0, OPARG_WIDTH - Math.max(0, n.length - OPNAME_WIDTH))),
    };
    opnameBytes.set(v, o);
  }
  return o;
}

/**
 * The end of an instruction line from the opname on: the opname, then the argument and `(argrepr)`. `dis`
 * pads the opname to 20 columns and strips the line's trailing spaces, so a line without an argument ends
 * with its opname.
 */
export function writeOp(w: TextWriter, bare: Uint8Array, padded: Uint8Array, arg: number | null, argrepr: string, argWidth: number): void {
  if (arg === null) {
    w.bytes(bare);
    return;
  }
  w.bytes(padded);
  w.numPad(arg, argWidth);
  if (argrepr) {
    w.byte(0x20);
    w.byte(0x28); // '('
    w.str(argrepr);
    w.byte(0x29); // ')'
  }
}

/** ` (argrepr)` when there is an argrepr (which may flush the writer: the position is returned, not kept). */
export function putArgrepr(w: TextWriter, p: number, argrepr: string): number {
  if (!argrepr) return p;
  const b = w.buf;
  b[p++] = 32; b[p++] = 40; // ' ('
  w.pos = p;
  w.str(argrepr);
  p = w.pos;
  b[p++] = 41; // ')'
  return p;
}

/**
 * Calls `each` for every inline cache unit after the instruction at `offset`, in order: the unit's offset, whether it
 * is the first unit of its field, and the field's name and size in units (from the base instruction's cache format).
 */
export function forEachCacheUnit(
  t: OpcodeTable, op: number, offset: number,
  each: (unitOffset: number, first: boolean, name: string, size: number) => void,
): void {
  let unit = offset;
  for (const [name, size] of t.data.cacheFormat[t.opname[t.deopt[op]!]!] ?? []) {
    for (let i = 0; i < size; i++) each((unit += 2), i === 0, name, size);
  }
}

/** Little-endian unsigned value of `units` code units at `offset` (`int.from_bytes(…, 'little')`). */
export function cacheValue(code: Uint8Array, offset: number, units: number): string {
  let v = 0n;
  const end = Math.min(offset + units * 2, code.length);
  for (let i = end - 1; i >= offset; i--) v = (v << 8n) | BigInt(code[i]!);
  return v.toString();
}

export function positionText(p: Position | null): string {
  if (!p || (p[0] === null && p[1] === null && p[2] === null && p[3] === null)) return '  --';
  const s = (x: number | null) => (x === null ? '?' : String(x));
  return `${s(p[0])}:${s(p[2])}-${s(p[1])}:${s(p[3])}`;
}

