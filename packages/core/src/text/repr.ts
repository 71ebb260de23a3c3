/**
 * A byte-exact reimplementation of CPython 3's `repr()` for every constant a `.pyc` can hold.
 *
 * The C sources are the specification: `Objects/unicodeobject.c` (`unicode_repr`), `Objects/bytesobject.c`
 * (`PyBytes_Repr`), `Python/pystrtod.c` (`format_float_short`, `float_repr_style == 'short'`),
 * `Objects/complexobject.c` (`complex_repr`), `Objects/listobject.c`, `Objects/tupleobject.c`,
 * `Objects/setobject.c`, `Objects/dictobject.c`, `Objects/sliceobject.c` and `Objects/codeobject.c`
 * (`code_repr`). Zero dependencies and no Node APIs: this module also runs in browsers.
 */
import { CYCLE_TEXT, MAX_VALUE_NESTING, Taint, ValueGraphWalk, type Remembered } from '../pyc/value-graph.js';
import { codeAddress, codeRepr } from '../pyc/code-object.js';
import { BytescopeError, isStackOverflow } from '../errors.js';
import type { PyObject } from '../pyc/objects.js';

/** Tells whether a code point is printable in the sense of `str.isprintable()` of a given CPython version. */
export interface PrintableTable {
  /** `chr(cp).isprintable()` for `0 <= cp < 0x110000`. */
  isPrintable(cp: number): boolean;
  /**
   * Where the version's `repr()` differs in more than printability: `python2` (2.7: `u'…'` for text, `'…'` for
   * bytes, `1L` for a long, `frozenset([…])`, truncated code-object names), `float17` (3.0: floats and complex
   * parts with 17 significant digits, `%.17g`). Absent: CPython 3.1+'s `repr`.
   */
  readonly dialect?: ReprDialect;
}

/** See {@link PrintableTable.dialect}. */
export type ReprDialect = 'python2' | 'float17';

/**
 * Builds a {@link PrintableTable} from a sorted flat list of half-open ranges `[start0, end0, start1, end1, ...]`
 * of NON-printable code points. Lookups are a binary search over the range starts.
 */
export function printableTableFromRanges(nonPrintable: readonly number[], dialect?: ReprDialect): PrintableTable {
  if (nonPrintable.length % 2 !== 0) throw new Error('printable table: odd number of range bounds');
  const bounds = Uint32Array.from(nonPrintable);
  for (let i = 1; i < bounds.length; i++) {
    if (bounds[i]! < bounds[i - 1]!) throw new Error('printable table: ranges are not sorted');
  }
  const count = bounds.length >>> 1;
  return {
    dialect,
    isPrintable(cp: number): boolean {
      // Find the last range whose start is <= cp; cp is non-printable iff it lies before that range's end.
      let lo = 0;
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (bounds[2 * mid]! <= cp) lo = mid + 1;
        else hi = mid;
      }
      return lo === 0 || cp >= bounds[2 * lo - 1]!;
    },
  };
}

const HEX = '0123456789abcdef';

/** `\xNN` for a value below 0x100. */
function hexEscape2(c: number): string {
  return '\\x' + HEX[c >> 4] + HEX[c & 15];
}

/** CPython's escape for a non-printable code point: `\xNN`, `\uNNNN` or `\UNNNNNNNN`. */
function codePointEscape(cp: number): string {
  if (cp < 0x100) return hexEscape2(cp);
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/**
 * Python's `repr()` of a `str`. `s` is iterated by code point; an unpaired surrogate is its own code point and is
 * always escaped (`'\ud800'`), as CPython does (surrogates are category Cs, never printable). Non-ASCII code points
 * are escaped when `table` says they are not printable and emitted as they are otherwise.
 */
export function reprStr(s: string, table: PrintableTable): string {
  const n = s.length;
  let hasSingle = false;
  let hasDouble = false;
  let plain = true; // only printable ASCII other than backslash
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x27) hasSingle = true;
    else if (c === 0x22) hasDouble = true;
    else if (c < 0x20 || c >= 0x7f || c === 0x5c) {
      plain = false;
      break;
    }
  }
  if (!plain) {
    // The quote scan stopped early; finish it (cheap, and keeps the loop above tight for the common case).
    hasSingle = s.includes("'");
    hasDouble = s.includes('"');
  }
  // unicode_repr: use double quotes only if the string contains single quotes but no double quotes.
  const quote = hasSingle && !hasDouble ? '"' : "'";
  if (plain && !(hasSingle && hasDouble)) return quote + s + quote;

  const qc = quote.charCodeAt(0);
  let out = quote;
  let start = 0; // start of the pending run of characters copied verbatim
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    let len = 1;
    if (c < 0x7f) {
      if (c >= 0x20) {
        if (c !== qc && c !== 0x5c) continue;
        esc = c === 0x5c ? '\\\\' : '\\' + quote;
      } else {
        esc = c === 9 ? '\\t' : c === 10 ? '\\n' : c === 13 ? '\\r' : hexEscape2(c);
      }
    } else if (c === 0x7f) {
      esc = '\\x7f';
    } else {
      let cp = c;
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          len = 2;
        }
      }
      const surrogate = cp >= 0xd800 && cp < 0xe000;
      if (!surrogate && table.isPrintable(cp)) {
        i += len - 1;
        continue;
      }
      esc = codePointEscape(cp);
    }
    if (start < i) out += s.slice(start, i);
    out += esc;
    i += len - 1;
    start = i + 1;
  }
  if (start < n) out += s.slice(start);
  return out + quote;
}

/**
 * Python 2's `repr()` of a `unicode` (`u'…'`, UCS-4 build): the quote chosen as for `str`, backslash and quote
 * escaped, `\t` `\n` `\r`, other characters below space and from 0x7f escaped as `\xNN`, `\uNNNN` or `\UNNNNNNNN`
 * (every non-ASCII character: Python 2 has no notion of printable here).
 */
export function reprUnicode2(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const qc = quote.charCodeAt(0);
  let out = 'u' + quote;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      out += c === qc || c === 0x5c ? '\\' + s[i] : s[i];
      continue;
    }
    if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else {
      let cp = c;
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
        }
      }
      out += codePointEscape(cp);
    }
  }
  return out + quote;
}

/** C's `%.17g` (`%+.17g` with `sign`) of a finite double. */
function formatG17(x: number, sign: boolean): string {
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const prefix = neg ? '-' : sign ? '+' : '';
  if (x === 0) return prefix + '0';
  const e = (neg ? -x : x).toExponential(16); // 17 significant digits, correctly rounded: d.dddddddddddddddde±X
  const at = e.indexOf('e');
  const digits = e[0]! + e.slice(2, at);
  const exp = Number(e.slice(at + 1));
  let body: string;
  if (exp < -4 || exp >= 17) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const ax = Math.abs(exp);
    body = digits[0]! + (frac ? '.' + frac : '') + (exp < 0 ? 'e-' : 'e+') + (ax < 10 ? '0' : '') + ax;
  } else if (exp < 0) {
    body = ('0.' + '0'.repeat(-exp - 1) + digits).replace(/0+$/, '');
  } else {
    const int = digits.slice(0, exp + 1);
    const frac = digits.slice(exp + 1).replace(/0+$/, '');
    body = int + (frac ? '.' + frac : '');
  }
  return prefix + body;
}

/** 3.0's `repr()` of a float: `%.17g`, then `.0` when that looks like an integer; `inf`, `-inf`, `nan`. */
export function reprFloat17(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity || x === -Infinity) return x < 0 ? '-inf' : 'inf';
  const s = formatG17(x, false);
  return /^-?\d+$/.test(s) ? s + '.0' : s;
}

/** 3.0's `repr()` of a complex (`complex_to_buf` with precision 17). */
export function reprComplex17(re: number, im: number): string {
  const nonFinite = (v: number, sign: boolean) => (v !== v ? (sign ? '+nan*' : 'nan') : v > 0 ? (sign ? '+inf*' : 'inf') : '-inf' + (sign ? '*' : ''));
  if (re === 0) {
    if (!Number.isFinite(im)) return im !== im ? 'nan*j' : im > 0 ? 'inf*j' : '-inf*j';
    return formatG17(im, false) + 'j';
  }
  const r = Number.isFinite(re) ? formatG17(re, false) : nonFinite(re, false);
  const i = Number.isFinite(im) ? formatG17(im, true) : nonFinite(im, true);
  return '(' + r + i + 'j)';
}

/** Byte → escaped text inside a bytes literal; the two quote characters are decided per call. */
const BYTE_TEXT: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  if (b === 0x5c) return '\\\\';
  if (b === 9) return '\\t';
  if (b === 10) return '\\n';
  if (b === 13) return '\\r';
  if (b < 0x20 || b >= 0x7f) return hexEscape2(b);
  return String.fromCharCode(b);
});

/** Python's `repr()` of a `bytes` object (`b'...'`, same quote choice as `str`). */
export function reprBytes(b: Uint8Array): string {
  const quote = b.includes(0x27) && !b.includes(0x22) ? '"' : "'";
  const quoteText = '\\' + quote;
  const qc = quote.charCodeAt(0);
  const n = b.length;
  // Build in chunks so that huge bytes constants neither make giant arrays nor deep ropes.
  const chunks: string[] = [];
  let out = 'b' + quote;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    out += c === qc ? quoteText : BYTE_TEXT[c]!;
    if ((i & 0xffff) === 0xffff) {
      chunks.push(out);
      out = '';
    }
  }
  chunks.push(out + quote);
  return chunks.length === 1 ? chunks[0]! : chunks.join('');
}

/**
 * Formats a double like CPython's `PyOS_double_to_string(x, 'r', 0, flags)`: the shortest digit string that
 * round-trips (JavaScript's `Number.prototype.toString` computes the same digits as `_Py_dg_dtoa` mode 0), laid out
 * as in `format_float_short`: with `value = 0.d1d2… × 10**decpt`, fixed notation if `-4 < decpt <= 16`, else
 * `d.ddde±XX`. `addDot0` is `Py_DTSF_ADD_DOT_0` (float repr), `sign` is `Py_DTSF_SIGN` (imaginary part of a
 * complex: `+` for non-negative values, also for NaN; NaN never gets `-`).
 */
function formatDouble(x: number, addDot0: boolean, sign: boolean): string {
  if (x !== x) return sign ? '+nan' : 'nan';
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const prefix = neg ? '-' : sign ? '+' : '';
  if (x === Infinity || x === -Infinity) return prefix + 'inf';
  if (x === 0) return prefix + (addDot0 ? '0.0' : '0');

  // Recover (digits, decpt) from JS's shortest representation, e.g. "123.45", "1e-7", "1.5e+300", "0.00012".
  const s = (neg ? -x : x).toString();
  const e = s.indexOf('e');
  const mantissa = e < 0 ? s : s.slice(0, e);
  const dot = mantissa.indexOf('.');
  const intPart = dot < 0 ? mantissa : mantissa.slice(0, dot);
  let digits = dot < 0 ? intPart : intPart + mantissa.slice(dot + 1);
  let decpt = intPart.length + (e < 0 ? 0 : Number(s.slice(e + 1)));
  let lead = 0;
  while (digits.charCodeAt(lead) === 0x30) lead++;
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 0x30) end--;
  digits = digits.slice(lead, end);
  decpt -= lead;
  const nd = digits.length;

  let body: string;
  if (decpt <= -4 || decpt > 16) {
    const exp = decpt - 1;
    const absExp = exp < 0 ? -exp : exp;
    body = digits[0]! + (nd > 1 ? '.' + digits.slice(1) : '') + (exp < 0 ? 'e-' : 'e+') + (absExp < 10 ? '0' : '') + absExp;
  } else if (decpt <= 0) {
    body = '0.' + '0'.repeat(-decpt) + digits;
  } else if (decpt >= nd) {
    body = digits + '0'.repeat(decpt - nd) + (addDot0 ? '.0' : '');
  } else {
    body = digits.slice(0, decpt) + '.' + digits.slice(decpt);
  }
  return prefix + body;
}

/** Python's `repr()` of a `float` (`1.0`, `1e+16`, `1e-05`, `-0.0`, `inf`, `nan`, …). */
export function reprFloat(x: number): string {
  return formatDouble(x, true, false);
}

/**
 * Python's `repr()` of a `complex` (`complex_repr`): the real part is omitted (and no parentheses written) only
 * when it is +0.0; otherwise `(<real><signed imag>j)`. Parts are repr-formatted without a trailing `.0`:
 * `2j`, `-0j`, `(-0+2j)`, `(1+nanj)`, `(nan+infj)`.
 */
export function reprComplex(re: number, im: number): string {
  if (re === 0 && 1 / re > 0) return formatDouble(im, false, false) + 'j';
  return '(' + formatDouble(re, false, false) + formatDouble(im, false, true) + 'j)';
}

/** Containers nested deeper than this are rendered as `...` (see {@link MAX_VALUE_NESTING}). */
export const REPR_MAX_DEPTH = MAX_VALUE_NESTING;

/**
 * The longest `repr()` {@link reprObject} produces (64 Mi characters); a longer one is a {@link BytescopeError} of
 * kind `limit`. Marshal back-references let a few bytes describe a value whose repr is exponentially long (a tuple
 * holding the same tuple twice, 60 levels deep), and CPython would print it all; we refuse instead.
 */
export const REPR_MAX_LENGTH = 64 * 1024 * 1024;

/**
 * The most decimal digits an `int` is printed with. CPython (3.11+, and 3.10.7+) refuses by default to convert an
 * int of more than 4300 digits to text (`sys.int_info.default_max_str_digits`), so its `dis` raises ValueError on
 * such a constant. Bytescope prints the digits as CPython does with the limit lifted (`sys.set_int_max_str_digits(0)`)
 * up to this many digits, and beyond it (where the conversion itself would get slow) the marker
 * `<int with more than 100000 digits: N bits>` (`<negative int …>` for a negative one).
 */
export const REPR_MAX_INT_DIGITS = 100_000;

/** Bit lengths up to this may have at most {@link REPR_MAX_INT_DIGITS} + 1 digits; longer ones certainly have more. */
const INT_EXACT_MAX_BITS = Math.ceil(REPR_MAX_INT_DIGITS * Math.log2(10)) + 1;
const SMALL_INT = 10n ** 15n;

/** Python's `repr()` of an `int`, or the marker of {@link REPR_MAX_INT_DIGITS} for one with more digits. */
export function reprInt(v: bigint): string {
  if (v < SMALL_INT && v > -SMALL_INT) return v.toString();
  const neg = v < 0n;
  const hex = (neg ? -v : v).toString(16); // linear time, unlike decimal conversion
  const bits = (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
  if (bits <= INT_EXACT_MAX_BITS) {
    const s = v.toString();
    if (s.length - (neg ? 1 : 0) <= REPR_MAX_INT_DIGITS) return s;
  }
  return `<${neg ? 'negative ' : ''}int with more than ${REPR_MAX_INT_DIGITS} digits: ${bits} bits>`;
}

/**
 * Python's `repr()` of any marshalled value. Containers list their items in the given (marshal) order.
 *
 * - `int` is printed in full even beyond CPython's 4300-digit `int_max_str_digits` limit (where CPython raises), up to
 *   {@link REPR_MAX_INT_DIGITS} digits (see there).
 * - `StopIteration` is the class object: `<class 'StopIteration'>`; marshal's unknown marker prints `<unknown>`.
 * - Code objects print `<code object NAME at ADDR, file "FILENAME", line N>` with the raw name and filename and
 *   {@link codeAddress} as the address. Like `code_repr` in `Objects/codeobject.c` (`lineno = co_firstlineno != 0 ?
 *   co_firstlineno : -1`), a first line number of 0 prints as `-1`; other values, even negative ones, as they are.
 * - A container that contains itself (possible through marshal back-references for tuples, lists and dicts)
 *   prints as `(...)`, `[...]`, `{...}` at the point of recursion, like `Py_ReprEnter`.
 * - Nesting deeper than {@link REPR_MAX_DEPTH} containers prints `...` in place of the too-deep value.
 * - A sub-object shared by several parents (marshal back-references) is printed at every occurrence, as CPython
 *   does; dict keys and set items are not deduplicated here (that is the marshal reader's business). The text of a
 *   shared sub-object is computed once and reused (also across calls: reprs of 64 characters or more are remembered
 *   for as long as the value object lives), so the time taken is proportional to the number of distinct objects,
 *   not to the length of the result; a result longer than {@link REPR_MAX_LENGTH} is a {@link BytescopeError} of kind
 *   `limit`.
 */
export function reprObject(o: PyObject, table: PrintableTable): string {
  let builder = builders.get(table);
  if (!builder) builders.set(table, (builder = new ReprBuilder(table)));
  try {
    return builder.walk(o);
  } catch (e) {
    // REPR_MAX_DEPTH levels fit Node's default stack with room to spare; a much smaller stack may not.
    if (isStackOverflow(e)) throw new BytescopeError('limit', 'constant nested too deeply for the JavaScript stack');
    throw e;
  }
}

/** Whether this process has run {@link reprStr}'s escapes ({@link primeReprStr}). */
let reprStrPrimed = false;
/** A string with every kind of character {@link reprStr} treats apart: quotes, backslash, controls, non-ASCII. */
const REPR_STR_SAMPLE = '\'"\\\t\n\r\x01\x7f\u00e9\u0378\ud83d\ude00\ud800';

/**
 * Runs {@link reprStr}'s escapes, once in a process, before the first repr. V8 optimizes `reprStr` on the strings
 * of the first files, nearly all plain; the first escape of each kind met later (a tab, a backslash, a character to
 * escape as `\\uXXXX`) was a call or comparison it had never run, and a deoptimization: three or four a directory.
 */
function primeReprStr(table: PrintableTable): void {
  reprStrPrimed = true;
  for (let i = 0; i < 32; i++) reprStr(REPR_STR_SAMPLE, table);
}

/** Reprs shorter than this are recomputed rather than remembered. */
const MEMO_MIN_LENGTH = 64;
/** Strings, bytes and ints at least this long are looked up in the memo. */
const MEMO_MIN_SCALAR = 32;
/** Containers whose text is at most this long are built flat with `join`; longer ones as ropes (`+`), sharing their items. */
const FLAT_MAX_LENGTH = 1 << 16;

/** What a container prints where the walk stops: `...` at the nesting limit, `(...)` & co. inside itself. */
const stoppedText = (o: PyObject, taint: Taint): string => (taint === Taint.Depth ? '...' : CYCLE_TEXT[o.type] ?? '...');

/**
 * One builder per printable table (reprs depend on the version's Unicode data), reused by every call (each a
 * {@link ReprBuilder.walk}): its memo keeps the reprs worth remembering across calls.
 */
const builders = new WeakMap<PrintableTable, ReprBuilder>();
const keepText = (s: string) => s.length >= MEMO_MIN_LENGTH;

function tooLong(): never {
  throw new BytescopeError('limit', `repr of a constant exceeds ${REPR_MAX_LENGTH} characters (a value shared through marshal back-references is printed at every occurrence)`);
}

/**
 * The `reprObject` computations of one printable table: `at` returns the text; the walk's bookkeeping (sharing,
 * cycles, the nesting limit) is a {@link ValueGraphWalk} whose memo of context-free texts outlives each computation.
 */
class ReprBuilder {
  private readonly w: ValueGraphWalk<string>;

  constructor(private readonly table: PrintableTable) {
    this.w = new ValueGraphWalk(new WeakMap<object, Remembered<string>>(), keepText);
    if (!reprStrPrimed) primeReprStr(table);
  }

  /** The repr of `o`, a walk of its own. */
  walk(o: PyObject): string {
    this.w.begin();
    return this.at(o, 0);
  }

  /**
   * A long scalar's text, through the memo (callers compute short ones, below {@link MEMO_MIN_SCALAR}, directly: no
   * closure is made for the commonest constants).
   */
  private scalar(o: PyObject, make: () => string): string {
    return this.w.scalar(o, () => {
      const s = make();
      if (s.length > REPR_MAX_LENGTH) tooLong();
      return s;
    });
  }

  /** The repr of a scalar where the dialect differs from CPython 3.1+ (undefined: it does not). */
  private dialectScalar(o: PyObject, dialect: ReprDialect): string | undefined {
    if (dialect === 'float17') {
      if (o.type === 'float') return reprFloat17(o.value);
      if (o.type === 'complex') return reprComplex17(o.real, o.imag);
      return undefined;
    }
    switch (o.type) {
      case 'int': return o.long ? reprInt(o.value) + 'L' : undefined;
      case 'str': {
        const v = o.value;
        if (6 * v.length + 3 > REPR_MAX_LENGTH) tooLong();
        return v.length < MEMO_MIN_SCALAR ? reprUnicode2(v) : this.scalar(o, () => reprUnicode2(v));
      }
      case 'bytes': {
        const v = o.value;
        if (v.length + 2 > REPR_MAX_LENGTH) tooLong();
        return v.length < MEMO_MIN_SCALAR ? reprBytes(v).slice(1) : this.scalar(o, () => reprBytes(v).slice(1));
      }
      case 'StopIteration': return "<type 'exceptions.StopIteration'>";
      case 'code': {
        // code_repr of 2.7: "<code object %.100s at %p, file \"%.300s\", line %d>".
        const c = o.code;
        return `<code object ${c.name.slice(0, 100)} at ${codeAddress(c)}, file "${c.filename.slice(0, 300)}", line ${c.firstlineno !== 0 ? c.firstlineno : -1}>`;
      }
      default: return undefined;
    }
  }

  at(o: PyObject, depth: number): string {
    const w = this.w;
    w.leaf();
    const dialect = this.table.dialect;
    if (dialect !== undefined) {
      const s = this.dialectScalar(o, dialect);
      if (s !== undefined) return s;
    }
    switch (o.type) {
      case 'None': return 'None';
      case 'Ellipsis': return 'Ellipsis';
      case 'StopIteration': return "<class 'StopIteration'>";
      case 'Unknown': return '<unknown>';
      case 'bool': return o.value ? 'True' : 'False';
      case 'int': {
        const v = o.value;
        return v < SMALL_INT && v > -SMALL_INT ? v.toString() : this.scalar(o, () => reprInt(v));
      }
      case 'float': return reprFloat(o.value);
      case 'complex': return reprComplex(o.real, o.imag);
      case 'str': {
        const v = o.value;
        if (v.length + 2 > REPR_MAX_LENGTH) tooLong(); // each code unit prints as at least one character
        return v.length < MEMO_MIN_SCALAR ? reprStr(v, this.table) : this.scalar(o, () => reprStr(v, this.table));
      }
      case 'bytes': {
        const v = o.value;
        if (v.length + 3 > REPR_MAX_LENGTH) tooLong();
        return v.length < MEMO_MIN_SCALAR ? reprBytes(v) : this.scalar(o, () => reprBytes(v));
      }
      case 'code': {
        const c = o.code;
        if (c.name.length + c.filename.length > REPR_MAX_LENGTH) tooLong();
        return c.name.length + c.filename.length < MEMO_MIN_SCALAR ? codeRepr(c) : this.scalar(o, () => codeRepr(c));
      }
      default: break;
    }
    const known = w.enter(o, depth, stoppedText);
    if (known !== undefined) return known;
    // Items are visited in plain loops (no closures, no Array.map): one stack frame per level of nesting.
    const d = depth + 1;
    let height = 0;
    let taint = Taint.None;
    let total = 0;
    const parts: string[] = [];
    let result: string;
    if (o.type === 'dict' && o.entries.length === 1) {
      // The commonest deep shape of a dict: no arrays, no join.
      const [k, v] = o.entries[0]!;
      const ks = this.at(k, d);
      const kh = w.h;
      const kt = w.taint;
      const vs = this.at(v, d);
      const r = '{' + ks + ': ' + vs + '}';
      if (r.length > REPR_MAX_LENGTH) tooLong();
      return w.close(o, depth, r, Math.max(kh, w.h), Math.max(kt, w.taint));
    }
    if (o.type === 'slice' || o.type === 'dict' || o.type === 'frozendict') {
      const xs: PyObject[] = [];
      if (o.type === 'slice') xs.push(o.start, o.stop, o.step);
      else for (const [k, v] of o.entries) xs.push(k, v);
      for (let i = 0; i < xs.length; i++) {
        const s = this.at(xs[i]!, d);
        if (w.h > height) height = w.h;
        if (w.taint > taint) taint = w.taint;
        total += s.length + 2;
        if (total > REPR_MAX_LENGTH) tooLong();
        if (o.type !== 'slice' && i % 2 === 1) parts[parts.length - 1] = parts[parts.length - 1]! + ': ' + s;
        else parts.push(s);
      }
      if (o.type === 'slice') result = 'slice(' + parts[0] + ', ' + parts[1] + ', ' + parts[2] + ')';
      else {
        const body = '{' + joinParts(parts, total) + '}';
        result = o.type === 'dict' ? body : parts.length === 0 ? 'frozendict()' : 'frozendict(' + body + ')';
      }
    } else {
      const items = 'items' in o ? o.items : [];
      if (items.length === 1) {
        // The commonest deep shape: no array, no join.
        const s = this.at(items[0]!, d);
        const py2 = this.table.dialect === 'python2';
        const r = o.type === 'tuple' ? '(' + s + ',)' : o.type === 'list' ? '[' + s + ']'
          : o.type === 'set' ? (py2 ? 'set([' + s + '])' : '{' + s + '}') : py2 ? 'frozenset([' + s + '])' : 'frozenset({' + s + '})';
        if (r.length > REPR_MAX_LENGTH) tooLong();
        return w.close(o, depth, r, w.h, w.taint);
      }
      for (let i = 0; i < items.length; i++) {
        const s = this.at(items[i]!, d);
        if (w.h > height) height = w.h;
        if (w.taint > taint) taint = w.taint;
        total += s.length;
        if (total > REPR_MAX_LENGTH) tooLong();
        parts.push(s);
      }
      const body = joinParts(parts, total);
      switch (o.type) {
        case 'tuple': result = parts.length === 1 ? '(' + body + ',)' : '(' + body + ')'; break;
        case 'list': result = '[' + body + ']'; break;
        case 'set': result = this.table.dialect === 'python2' ? 'set([' + body + '])' : parts.length === 0 ? 'set()' : '{' + body + '}'; break;
        case 'frozenset': result = this.table.dialect === 'python2' ? 'frozenset([' + body + '])' : parts.length === 0 ? 'frozenset()' : 'frozenset({' + body + '})'; break;
      }
    }
    if (result.length > REPR_MAX_LENGTH) tooLong();
    return w.close(o, depth, result, height, taint);
  }
}

/** `', '.join(parts)`: flat when short, else a rope that shares the (possibly huge, possibly repeated) parts. */
function joinParts(parts: readonly string[], total: number): string {
  if (total + 2 * parts.length > REPR_MAX_LENGTH) tooLong();
  if (total <= FLAT_MAX_LENGTH) return parts.join(', ');
  let s = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) s = s + ', ' + parts[i];
  return s;
}
