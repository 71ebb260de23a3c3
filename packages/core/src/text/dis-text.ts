/**
 * The text of `dis.dis(code)` for the code object's version, byte for byte: one formatter for every
 * version, steered by the version's switches (offset/`>>` era up to 3.12, label era from 3.13).
 */
import { codeAddress, type CodeObject } from '../pyc/code-object.js';
import type { PyObject } from '../pyc/objects.js';
import type { Instruction } from '../bytecode/decode.js';
import { scanCode, type ScannedCode } from '../bytecode/scan.js';
import { BytescopeError, isStackOverflow, outputBudget } from '../errors.js';
import { positionsFrom311, type Position } from '../bytecode/line-table.js';
import { OpFlag, type OpcodeTable } from '../bytecode/opcode-table.js';
import type { VersionInfo } from '../version/registry.js';

/** Options of `dis.dis`, each refused for versions whose `dis` lacks it. */
export interface DisOptions {
  /** `show_caches=True` / `-C` (3.11+). */
  readonly showCaches?: boolean;
  /** `show_offsets=True` / `-O` (3.13+). */
  readonly showOffsets?: boolean;
  /** `show_positions=True` / `-P` (3.14+). */
  readonly showPositions?: boolean;
  /** Nesting depth for code objects in constants (`depth`); undefined: unlimited. */
  readonly depth?: number;
  /**
   * The most characters (UTF-8 bytes when writing bytes) the listing may have; beyond, a {@link BytescopeError}
   * of kind `limit`. Default {@link DIS_TEXT_MAX_OUTPUT}; for a file, pass {@link textOutputBudget} of its size.
   */
  readonly maxOutputChars?: number;
}

/** The longest listing written by default (256 Mi characters). */
export const DIS_TEXT_MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * The text budget for a file of `inputBytes` bytes: 64 characters per byte (CPython's stdlib needs about 4.5),
 * at least 8 Mi and at most {@link DIS_TEXT_MAX_OUTPUT}.
 */
export function textOutputBudget(inputBytes?: number): number {
  return outputBudget(inputBytes, 64, 8 * 1024 * 1024, DIS_TEXT_MAX_OUTPUT);
}

function budgetOf(options: DisOptions): number {
  const max = options.maxOutputChars ?? DIS_TEXT_MAX_OUTPUT;
  if (!(max > 0)) throw new BytescopeError('usage', `maxOutputChars must be a number > 0, not ${max}`);
  return max;
}

/** Runs a listing, turning a JavaScript stack overflow (absurdly nested code objects) into a limit error. */
function guardStack(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (isStackOverflow(e)) throw new BytescopeError('limit', 'code objects nested too deeply for the JavaScript stack');
    throw e;
  }
}

/** Throws a usage error when the version's `dis` does not have an option that is set. */
export function checkDisOptions(v: VersionInfo, o: DisOptions): void {
  const has = v.features.options;
  const refuse = (flag: string, since: string) => {
    throw new BytescopeError('usage', `${flag} needs Python ${since} or newer; this code is Python ${v.version}, whose dis has no such option`);
  };
  if (o.showCaches && !has.showCaches) refuse('--show-caches', '3.11');
  if (o.showOffsets && !has.showOffsets) refuse('--show-offsets', '3.13');
  if (o.showPositions && !has.showPositions) refuse('--show-positions', '3.14');
}

/** `repr()` of a code object, as in `Disassembly of <code object …>:` headers. */
export function codeRepr(code: CodeObject): string {
  return `<code object ${code.name} at ${codeAddress(code)}, file "${code.filename}", line ${code.firstlineno === 0 ? -1 : code.firstlineno}>`;
}

/** The full `dis.dis(code)` text (the module code object and every nested one), ending with a newline. */
export function disassembleToText(code: CodeObject, v: VersionInfo, options: DisOptions = {}): string {
  checkDisOptions(v, options);
  const w = new TextWriter(budgetOf(options));
  guardStack(() => disRecursive(code, v, options, options.depth, w, new Map()));
  return w.finishText();
}

/**
 * The same text as {@link disassembleToText}, as UTF-8 bytes handed to `sink` piece by piece, without making
 * strings: for writing to a file or a stream. A piece is only valid during the call (copy it to keep it).
 * Lone surrogates (possible in `str` constants), which UTF-8 cannot carry, become U+FFFD, as when Node
 * writes such a string.
 */
export function writeDisassembly(code: CodeObject, v: VersionInfo, options: DisOptions, sink: (utf8: Uint8Array) => void): void {
  checkDisOptions(v, options);
  const w = new TextWriter(budgetOf(options), sink);
  guardStack(() => disRecursive(code, v, options, options.depth, w, new Map()));
  w.finishBytes();
}

/** One code object's listing, then its nested ones'. `reprs`: constant reprs, shared within the listing. */
function disRecursive(code: CodeObject, v: VersionInfo, o: DisOptions, depth: number | undefined, w: TextWriter, reprs: Map<PyObject, string>): void {
  formatCode(scanCode(code, v, reprs), v, o, w);
  if (depth !== undefined && depth <= 0) return;
  const next = depth === undefined ? undefined : depth - 1;
  for (const c of code.consts) {
    if (c.type !== 'code') continue;
    w.newline();
    w.str('Disassembly of ');
    w.str(codeRepr(c.code));
    w.byte(0x3a); // ':'
    w.newline();
    disRecursive(c.code, v, o, next, w, reprs);
  }
}

/** Size of a piece of the result: pieces stay below V8's large-object size (128 KB). */
const PIECE = 1 << 16;
/** Room made in the buffer before a line is started: enough for everything but the strings in it. */
const LINE_ROOM = 1024;
/** Strings longer than this become pieces of their own. */
const LONG_STRING = 4096;
/** Bytes left free after a string, for the end of its line (`)` and the newline). */
const LINE_TAIL = 16;

let sharedBuffer: Uint8Array | undefined;
const utf8Decoder = new TextDecoder();

const utf8Encoder = new TextEncoder();
const NEWLINE = Uint8Array.of(10);

/**
 * Builds the listing's text. Lines are written as UTF-8 into a byte buffer. For a string result, the buffer
 * becomes a string piece whenever it holds more than {@link PIECE} bytes; long strings (and any string holding
 * a lone surrogate, which UTF-8 cannot carry) become pieces as they are; the result is the concatenation of
 * the pieces, left as V8's rope (no large string is copied together unless the caller flattens it). For bytes,
 * the buffer goes to a sink instead. Numbers are written digit by digit and padding space by space, so a
 * listing makes no string per line.
 */
class TextWriter {
  /** The buffer and the write position in it (the line writers below use them directly). */
  readonly buf: Uint8Array;
  pos = 0;
  private result = '';
  private written = 0;

  constructor(private readonly max: number, private readonly sink?: (utf8: Uint8Array) => void) {
    // One buffer serves every listing (JavaScript runs one listing at a time).
    this.buf = sharedBuffer ?? new Uint8Array(PIECE + LINE_ROOM + 3 * LONG_STRING);
    sharedBuffer = undefined;
  }

  /** Everything written, as one string; the writer is finished after this. */
  finishText(): string {
    this.flush();
    sharedBuffer = this.buf;
    // `dis` prints the lines joined by newlines and a newline after the last: an empty listing is one newline.
    return this.result === '' ? '\n' : this.result;
  }

  /** Hands the rest to the sink; the writer is finished after this. */
  finishBytes(): void {
    this.flush();
    sharedBuffer = this.buf;
    if (!this.written) this.sink!(NEWLINE);
  }

  /** Refuses to grow beyond the budget (`extra`: characters about to be added). */
  private check(extra: number): void {
    if ((this.sink ? this.written : this.result.length) + this.pos + extra > this.max) {
      sharedBuffer = this.buf;
      this.pos = 0;
      throw new BytescopeError('limit', `the listing would exceed ${this.max} characters (a large constant loaded many times, or code objects shared through marshal back-references and listed at every occurrence)`);
    }
  }

  private flush(): void {
    if (!this.pos) return;
    this.check(0);
    if (this.sink) {
      this.written += this.pos;
      this.sink(this.buf.subarray(0, this.pos));
    } else this.result += utf8Decoder.decode(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** `s` as a piece of its own (what was written before it first becomes one). */
  private piece(s: string): void {
    this.check(s.length);
    this.flush();
    if (this.sink) {
      const b = utf8Encoder.encode(s);
      this.written += b.length;
      if (b.length) this.sink(b);
    } else this.result += s;
  }

  /** Makes room for a line: call before each. */
  room(): void {
    if (this.pos > PIECE) this.flush();
  }

  newline(): void {
    this.room();
    this.buf[this.pos++] = 10;
  }

  /** One ASCII character. */
  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** `n` spaces (n may be 0 or negative: nothing); counts against the line's room. */
  spaces(n: number): void {
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = 32;
    this.pos = p;
  }

  /** ASCII bytes; counts against the line's room. */
  bytes(src: Uint8Array): void {
    this.pos = putBytes(this.buf, this.pos, src);
  }

  /** A string, whatever its length or characters. */
  str(s: string): void {
    const n = s.length;
    if (n > LONG_STRING) {
      this.piece(s);
      return;
    }
    if (this.pos + 3 * n + LINE_TAIL > this.buf.length) this.flush();
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) b[p++] = c;
      else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 63);
        b[p++] = 0x80 | (c & 63);
      } else {
        const lo = c < 0xdc00 && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (lo < 0xdc00 || lo > 0xdfff) {
          this.piece(s); // a lone surrogate: keep the string as it is
          return;
        }
        const cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 63);
        b[p++] = 0x80 | ((cp >> 6) & 63);
        b[p++] = 0x80 | (cp & 63);
        i++;
      }
    }
    this.pos = p;
  }

  /** `String(x)` of a number; counts against the line's room. */
  num(x: number): void {
    this.pos = putNum(this.buf, this.pos, x);
  }

  /** `String(x)` right-aligned in `width` columns (`str.rjust`). */
  numPad(x: number, width: number): void {
    this.spaces(width - numLength(x));
    this.num(x);
  }

  /** `s` right-aligned in `width` columns. */
  strPad(s: string, width: number): void {
    this.spaces(width - s.length);
    this.str(s);
  }
}

/** Number of decimal digits of a whole number 0 <= x < 2**31. */
function digits(x: number): number {
  return x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6
    : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
}

/** `String(x).length`. */
function numLength(x: number): number {
  return x >= 0 && x < 0x80000000 && x === (x | 0) ? digits(x) : String(x).length;
}

// Line writers: each writes into `b` at `p` and returns the position after what it wrote. The caller has made
// room (TextWriter.room) for a line; numbers and padding are bounded by the widths of a listing.

/** `n` spaces (none when n <= 0). */
function putSpaces(b: Uint8Array, p: number, n: number): number {
  for (let i = 0; i < n; i++) b[p++] = 32;
  return p;
}

/** ASCII bytes. */
function putBytes(b: Uint8Array, p: number, src: Uint8Array): number {
  b.set(src, p);
  return p + src.length;
}

/** `String(x)` (always ASCII for a number). */
function putNum(b: Uint8Array, p: number, x: number): number {
  if (!(x >= 0 && x < 0x80000000 && x === (x | 0))) {
    const s = String(x);
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    return p;
  }
  const end = p + digits(x);
  p = end;
  // In int32 arithmetic: on a double (numbers read from a Float64Array are), % would be a call to fmod.
  let v = x | 0;
  do {
    const q = (v / 10) | 0;
    b[--p] = 48 + v - q * 10;
    v = q;
  } while (v);
  return end;
}

/** `String(x)` right-aligned in `width` columns (`str.rjust`). */
function putNumPad(b: Uint8Array, p: number, x: number, width: number): number {
  return putNum(b, putSpaces(b, p, width - numLength(x)), x);
}

/** A location column without a line (BLANK is no line number: lines are finite). */
const BLANK = -Infinity;

const padEnd = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));

/** Opnames as bytes: alone, and padded to 20 columns plus the space before an argument (`dis` pads them so). */
interface OpnameBytes {
  readonly bare: readonly Uint8Array[];
  readonly padded: readonly Uint8Array[];
  /** The argument's width after the padded opname (narrower when the opname is longer than 20). */
  readonly argWidth: Uint8Array;
}

const opnameBytes = new WeakMap<VersionInfo, OpnameBytes>();
const CACHE_OPNAME = { bare: ascii('CACHE'), padded: ascii(padEnd('CACHE', 20) + ' ') };

function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0x7f;
  return b;
}

function opnamesOf(v: VersionInfo): OpnameBytes {
  let o = opnameBytes.get(v);
  if (!o) {
    const names = v.table.opname;
    for (const n of names) if (!/^[\x21-\x7e]+$/.test(n)) throw new Error(`opname ${JSON.stringify(n)} is not printable ASCII`);
    o = {
      bare: names.map(ascii),
      padded: names.map((n) => ascii(padEnd(n, 20) + ' ')),
      argWidth: Uint8Array.from(names, (n) => Math.max(0, 5 - Math.max(0, n.length - 20))),
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
function writeOp(w: TextWriter, bare: Uint8Array, padded: Uint8Array, arg: number | null, argrepr: string, argWidth: number): void {
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
function putArgrepr(w: TextWriter, p: number, argrepr: string): number {
  if (!argrepr) return p;
  const b = w.buf;
  b[p++] = 32; b[p++] = 40; // ' ('
  w.pos = p;
  w.str(argrepr);
  p = w.pos;
  b[p++] = 41; // ')'
  return p;
}

/** Writes the listing of one code object (no nested code objects). */
function formatCode(d: ScannedCode, v: VersionInfo, o: DisOptions, w: TextWriter): void {
  if (v.features.labelsInListing) formatLabelEra(d, v, o, w);
  else formatOffsetEra(d, v, o, w);
}

/** 3.10–3.12: `Instruction._disassemble` and `_disassemble_bytes`. */
function formatOffsetEra(d: ScannedCode, v: VersionInfo, o: DisOptions, w: TextWriter): void {
  const f = v.features;
  const t = v.table;
  const flags = t.flags;
  const names = opnamesOf(v);
  let linenoWidth = 0;
  if (d.lineStartCount) {
    let max = -Infinity;
    for (let k = 0; k < d.lineStartCount; k++) {
      const l = d.lineStartLine[k]!;
      if (!Number.isNaN(l) && l > max) max = l;
    }
    linenoWidth = max >= 1000 ? String(max).length : 3;
  }
  const maxOffset = d.code.code.length - 2;
  const offsetWidth = maxOffset >= 10000 ? String(maxOffset).length : 4;
  const resolver = d.resolver;
  const nls = d.lineStartCount;
  let ls = 0;
  for (let k = 0; k < d.count; k++) {
    const offset = d.offset[k]!;
    const op = d.op[k]!;
    while (ls < nls && d.lineStartOffset[ls]! < offset) ls++;
    const lineno = ls < nls && d.lineStartOffset[ls] === offset ? d.lineStartLine[ls]! : NaN;
    const starts = !Number.isNaN(lineno);
    if (linenoWidth && starts && offset > 0) w.newline();
    w.room();
    const b = w.buf;
    let p = w.pos;
    if (linenoWidth) {
      p = starts ? putNumPad(b, p, lineno, linenoWidth) : putSpaces(b, p, linenoWidth);
      b[p++] = 32;
    }
    if (d.mark[offset >> 1]) {
      p = putSpaces(b, p, 4);
      b[p++] = 62; b[p++] = 62; b[p++] = 32; // '>> '
    } else p = putSpaces(b, p, 7);
    p = putNumPad(b, p, offset, offsetWidth);
    b[p++] = 32;
    if (flags[op]! & OpFlag.Arg) {
      const arg = d.arg[k]!;
      p = putNumPad(b, putBytes(b, p, names.padded[op]!), arg, 5);
      p = putArgrepr(w, p, resolver.argrepr(op, arg, offset));
    } else p = putBytes(b, p, names.bare[op]!);
    b[p++] = 10;
    w.pos = p;
    if (o.showCaches && t.cacheUnits[op]) {
      // 3.11/3.12 show a field's value only for a specialized instruction (unless cacheValuesAlways).
      const values = f.cacheValuesAlways || op !== t.deopt[op];
      forEachCacheUnit(t, op, offset, (cacheOffset, first, name, size) => {
        w.room();
        if (linenoWidth) w.spaces(linenoWidth + 1);
        w.spaces(7);
        w.numPad(cacheOffset, offsetWidth);
        w.byte(0x20);
        const argrepr = first && values ? `${name}: ${cacheValue(d.code.code, cacheOffset, size)}` : '';
        writeOp(w, CACHE_OPNAME.bare, CACHE_OPNAME.padded, 0, argrepr, 5);
        w.newline();
      });
    }
  }
  if (d.exceptionTable.length) {
    w.str('ExceptionTable:');
    w.newline();
    for (const e of d.exceptionTable) {
      w.room();
      w.spaces(2);
      w.num(e.start);
      w.str(' to ');
      w.num(e.end - 2);
      w.str(' -> ');
      w.num(e.target);
      w.str(' [');
      w.num(e.depth);
      w.str(e.lasti ? '] lasti' : ']');
      w.newline();
    }
  }
}

/**
 * Calls `each` for every inline cache unit after the instruction at `offset`, in order: the unit's offset, whether it
 * is the first unit of its field, and the field's name and size in units (from the base instruction's cache format).
 */
function forEachCacheUnit(
  t: OpcodeTable, op: number, offset: number,
  each: (unitOffset: number, first: boolean, name: string, size: number) => void,
): void {
  let unit = offset;
  for (const [name, size] of t.data.cacheFormat[t.opname[t.deopt[op]!]!] ?? []) {
    for (let i = 0; i < size; i++) each((unit += 2), i === 0, name, size);
  }
}

/** Little-endian unsigned value of `units` code units at `offset` (`int.from_bytes(…, 'little')`). */
function cacheValue(code: Uint8Array, offset: number, units: number): string {
  let v = 0n;
  const end = Math.min(offset + units * 2, code.length);
  for (let i = end - 1; i >= offset; i--) v = (v << 8n) | BigInt(code[i]!);
  return v.toString();
}

function positionText(p: Position | null): string {
  if (!p || (p[0] === null && p[1] === null && p[2] === null && p[3] === null)) return '  --';
  const s = (x: number | null) => (x === null ? '?' : String(x));
  return `${s(p[0])}:${s(p[2])}-${s(p[1])}:${s(p[3])}`;
}

/** 3.13+: `Formatter.print_instruction` and friends. */
function formatLabelEra(d: ScannedCode, v: VersionInfo, o: DisOptions, w: TextWriter): void {
  const f = v.features;
  const t = v.table;
  const flags = t.flags;
  const names = opnamesOf(v);
  const code = d.code;
  const positions = o.showPositions ? positionsFrom311(code.linetable, code.firstlineno, code.code.length >> 1) : [];
  let locWidth = 0;
  if (o.showPositions) {
    let hasValue = false;
    let widest = 0;
    for (const p of positions) {
      let wd = 0;
      for (const x of p) {
        if (x === null) wd += 1;
        else { hasValue = true; wd += String(x).length; }
      }
      if (wd > widest) widest = wd;
    }
    locWidth = hasValue ? 1 + Math.max(4, 3 + widest) : 0;
  } else {
    let max = -1;
    let hasNone = false;
    for (let k = 0; k < d.lineStartCount; k++) {
      const l = d.lineStartLine[k]!;
      if (Number.isNaN(l)) hasNone = true;
      else if (l && l > max) max = l;
    }
    if (max !== -1) {
      locWidth = Math.max(3, String(max).length);
      if (locWidth < 4 && hasNone) locWidth = 4;
    }
  }
  const labelWidth = 4 + String(d.labelCount).length;
  const offsetWidth = o.showOffsets ? String(Math.max(code.code.length - 2, 9999)).length : 0;
  const resolver = d.resolver;
  const nls = d.lineStartCount;
  let ls = 0;
  /**
   * Everything before the opname: the location (`text` with positions; else `line`: a line number, NaN for
   * `--`, BLANK for none), the label (0: none) and the offset.
   */
  const prefix = (text: string | undefined, line: number, label: number, offset: number) => {
    w.room();
    const b = w.buf;
    let p = w.pos;
    if (locWidth) {
      if (text !== undefined) {
        w.str(text);
        p = w.pos;
      } else if (line === BLANK) p = putSpaces(b, p, locWidth);
      else if (Number.isNaN(line)) {
        p = putSpaces(b, p, locWidth - 4);
        b[p++] = 32; b[p++] = 32; b[p++] = 45; b[p++] = 45; // '  --'
      } else p = putNumPad(b, p, line, locWidth);
      b[p++] = 32;
    }
    if (label) {
      p = putSpaces(b, p, labelWidth - 2 - numLength(label));
      b[p++] = 76; // 'L'
      p = putNum(b, p, label);
      b[p++] = 58; // ':'
    } else p = putSpaces(b, p, labelWidth);
    if (offsetWidth) {
      b[p++] = 32;
      p = putSpaces(b, putNumPad(b, p, offset, offsetWidth), 2);
    }
    w.pos = putSpaces(b, p, 5);
  };
  for (let k = 0; k < d.count; k++) {
    const offset = d.offset[k]!;
    const op = d.op[k]!;
    while (ls < nls && d.lineStartOffset[ls]! < offset) ls++;
    const startsLine = ls < nls && d.lineStartOffset[ls] === offset;
    if (locWidth && startsLine && offset > 0) w.newline();
    const text = o.showPositions && locWidth ? padEnd(positionText(positions[offset >> 1] ?? null), locWidth) : undefined;
    const line = startsLine ? d.lineStartLine[ls]! : BLANK;
    prefix(text, line, d.mark[offset >> 1]!, offset);
    const b = w.buf;
    let p = w.pos;
    if (flags[op]! & OpFlag.Arg) {
      const arg = d.arg[k]!;
      p = putNumPad(b, putBytes(b, p, names.padded[op]!), arg, names.argWidth[op]!);
      p = putArgrepr(w, p, resolver.argrepr(op, arg, offset));
    } else p = putBytes(b, p, names.bare[op]!);
    b[p++] = 10;
    w.pos = p;
    if (o.showCaches && t.cacheUnits[op]) {
      forEachCacheUnit(t, op, offset, (cacheOffset, first, name, size) => {
        // Cache lines repeat the instruction's positions (with -P), else leave the location blank.
        prefix(text, BLANK, 0, cacheOffset);
        // Some versions read every field's value from the first cache unit (cacheValueFromFirstUnit).
        const value = first ? `${name}: ${cacheValue(code.code, f.cacheValueFromFirstUnit ? offset + 2 : cacheOffset, size)}` : '';
        writeOp(w, CACHE_OPNAME.bare, CACHE_OPNAME.padded, 0, value, 5);
        w.newline();
      });
    }
  }
  if (d.exceptionTable.length) {
    w.str('ExceptionTable:');
    w.newline();
    for (const e of d.exceptionTable) {
      w.room();
      w.str(`  L${d.labelOf(e.start)} to L${d.labelOf(e.end)} -> L${d.labelOf(e.target)} [${e.depth}]${e.lasti ? ' lasti' : ''}`);
      w.newline();
    }
  }
}

export type { Instruction };
