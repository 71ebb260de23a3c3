/**
 * The listing's text writer: lines are written as UTF-8 into one reused byte buffer, numbers digit by digit and
 * padding eight spaces a store, so a listing makes no string per line; the result is a rope of pieces (or bytes handed
 * to a sink). Also the line writers (`put*`) that the layouts use on the buffer directly.
 */
import { BytescopeError } from '../errors.js';

/** Size of a piece of the result: pieces stay below V8's large-object size (128 KB). */
const PIECE = 1 << 16;
/** Room made in the buffer before a line is started: enough for everything but the strings in it. */
const LINE_ROOM = 1024;
/** Strings longer than this become pieces of their own. */
const LONG_STRING = 4096;
/**
 * Strings at least this long (and without a lone surrogate) are encoded by the platform's `TextEncoder.encodeInto`,
 * shorter ones by the loop in {@link TextWriter.str}: over the 799 files of a stdlib, the loop spent 9.6 ns a
 * character, most of them in long constants, and a warm pass of `writeDisassembly` took 0.34 s instead of 0.41 s.
 */
const ENCODE_INTO_MIN = 16;
/** A string with ES2024's `isWellFormed` (no lone surrogate). */
type WellFormedString = string & { isWellFormed(): boolean };
/** Whether the platform has `String.prototype.isWellFormed` (else every string takes the loop). */
const HAS_WELL_FORMED = typeof (String.prototype as Partial<WellFormedString>).isWellFormed === 'function';
/** Bytes left free after a string, for the end of its line (`)` and the newline). */
const LINE_TAIL = 16;

/** The buffer every listing writes into, and its view (JavaScript runs one listing at a time). */
let shared: { buf: Uint8Array; view: DataView } | undefined;
/** Whether this process has run `room`'s flush once ({@link TextWriter.prime}). */
let primed = false;
const utf8Decoder = new TextDecoder();

const utf8Encoder = new TextEncoder();
const NEWLINE = Uint8Array.of(10);

/**
 * Builds the listing's text. Lines are written as UTF-8 into a byte buffer. For a string result, the buffer
 * becomes a string piece whenever it holds more than {@link PIECE} bytes; long strings (and any string holding
 * a lone surrogate, which UTF-8 cannot carry) become pieces as they are; the result is the concatenation of
 * the pieces, left as V8's rope (no large string is copied together unless the caller flattens it). For bytes,
 * the buffer goes to a sink instead. Numbers are written digit by digit and padding eight spaces a store, so a
 * listing makes no string per line.
 */
export class TextWriter {
  /** The buffer and the write position in it (the line writers below use them directly). */
  readonly buf: Uint8Array;
  /** {@link buf} as a `DataView`, for the line writers' eight-byte stores of padding. */
  readonly view: DataView;
  pos = 0;
  private result = '';
  private written = 0;
  /** How full the buffer may get before {@link room} flushes it ({@link TextWriter.prime} lowers it for a while). */
  private limit = PIECE;

  constructor(private readonly max: number, private readonly sink?: (utf8: Uint8Array) => void) {
    if (!primed) TextWriter.prime();
    // One buffer serves every listing (JavaScript runs one listing at a time).
    const b = shared ?? newBuffer();
    shared = undefined;
    this.buf = b.buf;
    this.view = b.view;
  }

  /**
   * Runs `room`'s flush (with nothing to flush), once in a process, before its first listing. V8 optimizes the
   * listing loops `room` is inlined into with the type feedback gathered so far, and a call that has never run in
   * them becomes a deoptimization when a listing reaches it: the loop runs unoptimized until it is compiled again
   * (`formatOffsetEra`: 20-40 ms of compiling). A first flush early in the first listing did not always come in time
   * (V8 records feedback only once a function has been called a few times): over a directory, the listing loop was
   * thrown away at `room`'s first flush in a quarter of the runs. (The same for `str`'s rare paths made the listings
   * slower: 5.56 against 5.22 G instructions for the 3.11 stdlib.)
   */
  private static prime(): void {
    primed = true;
    const w = new TextWriter(Infinity);
    for (let i = 0; i < 32; i++) {
      w.limit = -1;
      w.room();
    }
    w.limit = PIECE;
    w.finishText();
  }

  /** Gives the buffer back for the next writer (not the writer itself: its result and sink stay the caller's). */
  private release(): void {
    shared = { buf: this.buf, view: this.view };
  }

  /** Everything written, as one string; the writer is finished after this. */
  finishText(): string {
    this.flush();
    this.release();
    // `dis` prints the lines joined by newlines and a newline after the last: an empty listing is one newline.
    return this.result === '' ? '\n' : this.result;
  }

  /** Hands the rest to the sink; the writer is finished after this. */
  finishBytes(): void {
    this.flush();
    this.release();
    if (!this.written) this.sink!(NEWLINE);
  }

  /** Refuses to grow beyond the budget (`extra`: characters about to be added). */
  private check(extra: number): void {
    if ((this.sink ? this.written : this.result.length) + this.pos + extra > this.max) {
      this.release();
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
    if (this.pos > this.limit) this.flush();
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
    this.pos = putSpaces(this.buf, this.view, this.pos, n);
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
    if (n >= ENCODE_INTO_MIN && HAS_WELL_FORMED && (s as WellFormedString).isWellFormed()) {
      this.pos = p + utf8Encoder.encodeInto(s, b.subarray(p)).written;
      return;
    }
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
    this.pos = putNumPad(this.buf, this.view, this.pos, x, width);
  }

  /** `s` right-aligned in `width` columns. */
  strPad(s: string, width: number): void {
    this.spaces(width - s.length);
    this.str(s);
  }
}

function newBuffer(): { buf: Uint8Array; view: DataView } {
  const buf = new Uint8Array(PIECE + LINE_ROOM + 3 * LONG_STRING);
  return { buf, view: new DataView(buf.buffer) };
}

/** Powers of ten: `POWERS[n]` is the least number of n + 1 digits. */
const POWERS = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

/**
 * Number of decimal digits of a whole number 0 <= x < 2**31. A loop, not a chain of comparisons: in a chain, the first
 * number with more digits than any before reaches a comparison that never ran, and V8 throws away the optimized
 * listing loop this is inlined into ("insufficient type feedback for compare operation").
 */
function digits(x: number): number {
  let n = 1;
  while (n < 10 && x >= POWERS[n]!) n++;
  return n;
}

/** `String(x).length`. */
export function numLength(x: number): number {
  return x >= 0 && x < 0x80000000 && x === (x | 0) ? digits(x) : String(x).length;
}

// Line writers: each writes into `b` at `p` and returns the position after what it wrote. The caller has made
// room (TextWriter.room) for a line; numbers and padding are bounded by the widths of a listing. Padding of up to
// eight columns is one eight-byte store through `v`, the buffer's DataView: it may write spaces past the position
// returned, where nothing has been written yet (room leaves kilobytes free).

/** Eight spaces as the bits of a float64 (`DataView.setFloat64` stores them at once). */
const SPACES8 = new DataView(new Uint8Array(8).fill(32).buffer).getFloat64(0, true);

/** `n` spaces (none when n <= 0). */
export function putSpaces(b: Uint8Array, v: DataView, p: number, n: number): number {
  if (n <= 8) {
    v.setFloat64(p, SPACES8, true);
    return n > 0 ? p + n : p;
  }
  for (let i = 0; i < n; i++) b[p++] = 32;
  return p;
}

/** ASCII bytes. */
export function putBytes(b: Uint8Array, p: number, src: Uint8Array): number {
  b.set(src, p);
  return p + src.length;
}

/** `String(x)` (always ASCII for a number). */
export function putNum(b: Uint8Array, p: number, x: number): number {
  if (!(x >= 0 && x < 0x80000000 && x === (x | 0))) {
    const s = String(x);
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    return p;
  }
  const end = p + digits(x);
  putDigitsBefore(b, end, x);
  return end;
}

/** The digits of a whole number 0 <= x < 2**31, the last one just before `end`. */
function putDigitsBefore(b: Uint8Array, end: number, x: number): void {
  // In int32 arithmetic: on a double (numbers read from a Float64Array are), % would be a call to fmod.
  let v = x | 0;
  do {
    const q = (v / 10) | 0;
    b[--end] = 48 + v - q * 10;
    v = q;
  } while (v);
}

/**
 * `String(x)` right-aligned in `width` columns (`str.rjust`). A whole number that fits a field of at most eight:
 * the field's spaces in one store, then the digits from its right end (no count of them first).
 */
export function putNumPad(b: Uint8Array, v: DataView, p: number, x: number, width: number): number {
  if (width > 0 && width <= 8 && x >= 0 && x < POWERS[width]! && x === (x | 0)) {
    v.setFloat64(p, SPACES8, true);
    putDigitsBefore(b, p + width, x);
    return p + width;
  }
  return putNum(b, putSpaces(b, v, p, width - numLength(x)), x);
}

