/**
 * A reader for CPython's marshal format (`Python/marshal.c`), versions 0–6: every type code of CPython
 * 2.7 and 3.0–3.15, FLAG_REF/TYPE_REF references, and the code-object layouts of 2.7, 3.0–3.7, 3.8–3.9,
 * 3.10 and 3.11+. Hostile input ends in a {@link BytescopeError}:
 *
 * - every length is checked against the bytes that remain before anything is allocated, and containers grow only
 *   as their items are actually read, so a length field claiming 4 GiB allocates nothing;
 * - nesting is bounded ({@link MAX_MARSHAL_DEPTH}, kind `limit`);
 * - a reference to an object that is still being built is refused (so the result never contains cycles);
 * - back-references make the result a graph in which one object can appear at many places, so a small file can
 *   describe an exponentially large tree (a "reference bomb": a tuple holding the same tuple twice, nested 60
 *   deep; or a code object listed twice in the constants of each of 40 nested code objects). Every object's
 *   expanded size, its marshal bytes with each reference counted as the bytes of what it refers to, is therefore
 *   bounded by {@link MAX_MARSHAL_EXPANSION} times the input plus {@link MARSHAL_EXPANSION_SLACK} bytes (kind
 *   `limit`). Files CPython writes stay far below that (their references point at interned names and merged
 *   constants), and everything that walks the tree (repr, `dis` text, JSON) stays proportional to the input;
 * - a long integer is converted in linear time (never digit by digit), and one of more than
 *   {@link MAX_LONG_DIGITS} digits is refused (kind `limit`).
 */
import { asPyVersion, versionAtLeast, type PyVersion } from '../version/py-version.js';
import { BytescopeError, isStackOverflow, quoteShort } from '../errors.js';
import type { CodeLayout, CodeObject } from './code-object.js';
import { CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL } from './code-object.js';
import {
  PY_ELLIPSIS, PY_FALSE, PY_NONE, PY_STOP_ITERATION, PY_TRUE, PY_UNKNOWN, type PyObject,
} from './objects.js';

/** Deepest nesting accepted (CPython's `MAX_MARSHAL_STACK_DEPTH` is 2000). */
export const MAX_MARSHAL_DEPTH = 2000;

/**
 * How many times its input an object may expand to when back-references are followed (see the module comment);
 * the bound is `MAX_MARSHAL_EXPANSION * input length + MARSHAL_EXPANSION_SLACK` bytes.
 */
export const MAX_MARSHAL_EXPANSION = 64;

/** Bytes of expansion always allowed on top of {@link MAX_MARSHAL_EXPANSION} times the input (1 MiB). */
export const MARSHAL_EXPANSION_SLACK = 1 << 20;

/**
 * The most 15-bit digits a marshalled long may have (2**25 digits, about 150 million decimal digits; a JavaScript
 * `bigint` cannot hold much more).
 */
export const MAX_LONG_DIGITS = 1 << 25;

/** Options of {@link readMarshal}. */
export interface MarshalOptions {
  /** Which code-object layout to expect, from the file's version. */
  readonly layout: CodeLayout;
  /** First id to give code objects (see `CodeObject.id`). Default 0. */
  readonly firstCodeId?: number;
}

/** The layout of code objects written by CPython `major.minor`. */
export function codeLayoutFor(version: string | PyVersion): CodeLayout {
  const v = asPyVersion(version);
  if (v.major === 2) return '2.7';
  if (versionAtLeast(v, 3, 11)) return '3.11';
  if (versionAtLeast(v, 3, 10)) return '3.10';
  if (versionAtLeast(v, 3, 8)) return '3.8';
  return '3.0';
}

const INCOMPLETE: unique symbol = Symbol('incomplete');
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads one marshalled object from `data` starting at `start`; returns it and the offset after it. */
export function readMarshal(data: Uint8Array, start: number, options: MarshalOptions): { value: PyObject; end: number } {
  return readWith(new MarshalReader(data, start, options));
}

/** Reads one object with `r` (a {@link MarshalReader} or a subclass that watches it read: pyc/byte-map). */
export function readWith(r: MarshalReader): { value: PyObject; end: number } {
  try {
    const value = r.object(0);
    return { value, end: r.pos };
  } catch (e) {
    // Nesting within MAX_MARSHAL_DEPTH fits Node's default stack; a smaller stack (some browsers' workers) may not.
    if (isStackOverflow(e)) throw new BytescopeError('limit', 'marshal data nested too deeply for the JavaScript stack', r.pos);
    throw e;
  }
}

/**
 * The fields of a marshalled code object of each layout, in the order {@link MarshalReader} reads them: `ints`
 * (32-bit each), then eight objects, then `co_firstlineno` (32-bit), then the rest of `objects`. 3.8 alphas before
 * magic 3410 lack `co_posonlyargcount` (see `posonlyFieldPresent`). For the byte map, which names the bytes.
 */
export const CODE_FIELDS: Readonly<Record<CodeLayout, { readonly ints: readonly string[]; readonly objects: readonly string[] }>> = (() => {
  const before = ['co_code', 'co_consts', 'co_names', 'co_varnames', 'co_freevars', 'co_cellvars', 'co_filename', 'co_name'];
  const counts = ['co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_nlocals', 'co_stacksize', 'co_flags'];
  return {
    '2.7': { ints: ['co_argcount', 'co_nlocals', 'co_stacksize', 'co_flags'], objects: [...before, 'co_lnotab'] },
    '3.0': { ints: counts.filter((n) => n !== 'co_posonlyargcount'), objects: [...before, 'co_lnotab'] },
    '3.8': { ints: counts, objects: [...before, 'co_lnotab'] },
    '3.10': { ints: counts, objects: [...before, 'co_linetable'] },
    '3.11': {
      ints: counts.filter((n) => n !== 'co_nlocals'),
      objects: ['co_code', 'co_consts', 'co_names', 'co_localsplusnames', 'co_localspluskinds', 'co_filename', 'co_name', 'co_qualname', 'co_linetable', 'co_exceptiontable'],
    },
  };
})();

/**
 * CPython's marshal reader (one per read). Exported within the core only, for pyc/byte-map's subclass, which
 * overrides {@link object} to record where each object lies.
 */
export class MarshalReader {
  pos: number;
  private readonly refs: (PyObject | typeof INCOMPLETE)[] = [];
  /** Expanded size of each entry of `refs` (see {@link MAX_MARSHAL_EXPANSION}). */
  private readonly refWeights: number[] = [];
  private readonly interned: PyObject[] = []; // Python 2 TYPE_INTERNED / TYPE_STRINGREF table
  private readonly internedWeights: number[] = [];
  private nextCodeId: number;
  private readonly view: DataView;
  /** Expanded size of the object {@link object} returned last. */
  private weight = 0;
  private readonly maxWeight: number;
  /** Conversions of name tuples to string arrays, by tuple (a shared tuple is converted once). */
  private readonly strTuples = new Map<PyObject, string[]>();
  /** Variable-name lists derived from one localsplus layout, shared by the code objects that share it. */
  private readonly derivedNames = new Map<object, Map<object, Map<object, DerivedNames>>>();

  constructor(protected readonly data: Uint8Array, start: number, private readonly options: MarshalOptions) {
    this.pos = start;
    this.nextCodeId = options.firstCodeId ?? 0;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.maxWeight = MAX_MARSHAL_EXPANSION * data.length + MARSHAL_EXPANSION_SLACK;
  }

  /**
   * How many objects have a reference slot so far: the slot a FLAG_REF object (other than a singleton) gets is
   * the count when its type code is read.
   */
  protected get refCount(): number {
    return this.refs.length;
  }

  /** Records the expanded size of the object being finished, refusing a reference bomb. */
  private setWeight(w: number, at: number): void {
    if (w > this.maxWeight) {
      throw new BytescopeError('limit', `marshal data expands to more than ${this.maxWeight} bytes through back-references (${MAX_MARSHAL_EXPANSION} times the input plus 1 MiB): a reference bomb`, at);
    }
    this.weight = w;
  }

  private fail(message: string, at = this.pos): never {
    throw new BytescopeError('bad-marshal', `bad marshal data: ${message}`, at);
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.data.length) {
      throw new BytescopeError('truncated', `truncated marshal data: ${what} needs ${n} bytes, ${this.data.length - this.pos} left`, this.pos);
    }
  }

  private u8(): number {
    this.need(1, 'a byte');
    return this.data[this.pos++]!;
  }

  private i32(): number {
    this.need(4, 'a 32-bit integer');
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  private f64(): number {
    this.need(8, 'a binary float');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A length prefix (i32 or u8) checked against what remains: each unit needs at least `minBytes`. */
  private length(short: boolean, what: string, minBytes: number): number {
    const at = this.pos;
    const n = short ? this.u8() : this.i32();
    if (n < 0) this.fail(`negative ${what} length ${n}`, at);
    if (n * minBytes > this.data.length - this.pos) {
      throw new BytescopeError('truncated', `truncated marshal data: ${what} of length ${n} exceeds the ${this.data.length - this.pos} bytes left`, at);
    }
    return n;
  }

  private bytes(n: number): Uint8Array {
    this.need(n, 'a byte string');
    const b = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /**
   * The next `n` bytes as a string of marshal's ASCII types (read as Latin-1). Up to eight bytes (most names) from
   * the bytes themselves, longer ones through {@link latin1At}: no view of them is made.
   */
  private ascii(n: number): string {
    this.need(n, 'a byte string');
    const d = this.data;
    const p = this.pos;
    this.pos = p + n;
    switch (n) {
      case 0: return '';
      case 1: return String.fromCharCode(d[p]!);
      case 2: return String.fromCharCode(d[p]!, d[p + 1]!);
      case 3: return String.fromCharCode(d[p]!, d[p + 1]!, d[p + 2]!);
      case 4: return String.fromCharCode(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!);
      case 5: return String.fromCharCode(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!);
      case 6: return String.fromCharCode(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!);
      case 7: return String.fromCharCode(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!);
      case 8: return String.fromCharCode(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!);
      default: return latin1At(d, p, n);
    }
  }

  private textFloat(): number {
    const n = this.u8();
    const s = latin1(this.bytes(n));
    const v = Number(s.trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
    if (Number.isNaN(v) && !/^[+-]?nan$/i.test(s.trim())) this.fail(`invalid float literal ${quoteShort(s)}`);
    return v;
  }

  /**
   * Reads one object. Containers and code objects recurse through here, so the methods on that path keep few locals:
   * 2000 levels (CPython's limit) must fit the JavaScript stack.
   */
  object(depth: number): PyObject {
    if (depth > MAX_MARSHAL_DEPTH) throw new BytescopeError('limit', `marshal data nested deeper than ${MAX_MARSHAL_DEPTH} levels`, this.pos);
    const at = this.pos;
    const byte = this.u8();
    const code = byte & 0x7f;
    this.weight = 1;
    switch (code) {
      case 0x30: this.fail('NULL object where a value was expected', at); // '0'
      // Singletons never take a ref slot, even when flagged (CPython's r_object registers none of them).
      case 0x4e: return PY_NONE;           // 'N'
      case 0x46: return PY_FALSE;          // 'F'
      case 0x54: return PY_TRUE;           // 'T'
      case 0x53: return PY_STOP_ITERATION; // 'S'
      case 0x2e: return PY_ELLIPSIS;       // '.'
      case 0x28: case 0x29: case 0x5b: case 0x3c: case 0x3e: // '(' ')' '[' '<' '>'
        return this.sequence(code, byte >= 0x80, depth, at);
      case 0x7b: case 0x7d: return this.dict(code, byte >= 0x80, depth, at); // '{' dict, '}' frozendict (3.15)
      case 0x3a: return this.slice(byte >= 0x80, depth, at); // ':' slice (3.14)
      case 0x63: return this.code(byte >= 0x80, depth, at); // 'c'
      case 0x72: { // 'r' reference
        const i = this.i32();
        const v = this.refs[i];
        if (v === undefined) this.fail(`reference ${i} out of range (${this.refs.length} objects so far)`, at);
        if (v === INCOMPLETE) this.fail(`reference ${i} to an object that is still being read`, at);
        this.weight = this.refWeights[i]!;
        return v;
      }
      default: return this.scalar(byte, at);
    }
  }

  /** Takes a ref slot for a flagged container before its items are read (CPython registers them pre-order). */
  private reserve(flag: boolean): number {
    if (!flag) return -1;
    this.refs.push(INCOMPLETE);
    this.refWeights.push(0);
    return this.refs.length - 1;
  }

  /** Finishes an object of expanded size `w`: records the size and fills its ref slot (-1: none; -2: a new one). */
  private done(v: PyObject, w: number, slot: number, at: number): PyObject {
    this.setWeight(w, at);
    if (slot === -2) { this.refs.push(v); this.refWeights.push(w); }
    else if (slot >= 0) { this.refs[slot] = v; this.refWeights[slot] = w; }
    return v;
  }

  private sequence(code: number, flag: boolean, depth: number, at: number): PyObject {
    const n = this.length(code === 0x29, 'container', 1);
    const slot = this.reserve(flag);
    // Grown item by item: the length is only a claim until the items have been read.
    const items: PyObject[] = [];
    let w = this.pos - at;
    for (let i = 0; i < n; i++) {
      items.push(this.object(depth + 1));
      w += this.weight;
      if (w > this.maxWeight) this.setWeight(w, at);
    }
    const type = code === 0x5b ? 'list' : code === 0x3c ? 'set' : code === 0x3e ? 'frozenset' : 'tuple';
    return this.done({ type, items }, w, slot, at);
  }

  private dict(code: number, flag: boolean, depth: number, at: number): PyObject {
    const slot = this.reserve(flag);
    const entries: [PyObject, PyObject][] = [];
    let w = 2;
    for (;;) {
      this.need(1, 'a dict key');
      if ((this.data[this.pos]! & 0x7f) === 0x30) { this.pos++; break; }
      const k = this.object(depth + 1);
      w += this.weight;
      entries.push([k, this.object(depth + 1)]);
      w += this.weight;
      if (w > this.maxWeight) this.setWeight(w, at);
    }
    return this.done({ type: code === 0x7b ? 'dict' : 'frozendict', entries }, w, slot, at);
  }

  private slice(flag: boolean, depth: number, at: number): PyObject {
    const slot = this.reserve(flag);
    const start = this.object(depth + 1);
    let w = 1 + this.weight;
    const stop = this.object(depth + 1);
    w += this.weight;
    const step = this.object(depth + 1);
    return this.done({ type: 'slice', start, stop, step }, w + this.weight, slot, at);
  }

  private code(flag: boolean, depth: number, at: number): PyObject {
    const slot = this.reserve(flag);
    const weight = { w: 0 };
    const c = this.codeObject(depth + 1, at, weight);
    return this.done({ type: 'code', code: c }, 33 + weight.w, slot, at); // + the type code and up to 8 int fields
  }

  /** Every object without items; scalars weigh the bytes they occupy. */
  private scalar(byte: number, at: number): PyObject {
    const code = byte & 0x7f;
    const slot = byte >= 0x80 ? -2 : -1;
    let v: PyObject;
    switch (code) {
      case 0x3f: v = PY_UNKNOWN; break; // '?'
      case 0x69: v = { type: 'int', value: BigInt(this.i32()) }; break; // 'i'
      case 0x49: { // 'I' int64
        this.need(8, 'a 64-bit integer');
        v = { type: 'int', value: this.view.getBigInt64(this.pos, true) };
        this.pos += 8;
        break;
      }
      case 0x6c: v = this.options.layout === '2.7' ? { type: 'int', value: this.long(), long: true } : { type: 'int', value: this.long() }; break; // 'l'
      case 0x66: v = { type: 'float', value: this.textFloat() }; break; // 'f'
      case 0x67: v = { type: 'float', value: this.f64() }; break;       // 'g'
      case 0x78: { const real = this.textFloat(); v = { type: 'complex', real, imag: this.textFloat() }; break; } // 'x'
      case 0x79: { const real = this.f64(); v = { type: 'complex', real, imag: this.f64() }; break; }             // 'y'
      case 0x73: // 's' bytes (str in Python 2)
        v = { type: 'bytes', value: this.bytes(this.length(false, 'bytes', 1)) };
        break;
      case 0x74: case 0x75: { // 't' interned, 'u' unicode: UTF-8 (surrogatepass); in Python 2 't' is an interned byte str
        const b = this.bytes(this.length(false, 'string', 1));
        if (this.options.layout === '2.7' && code === 0x74) {
          v = { type: 'bytes', value: b };
          this.interned.push(v);
          this.internedWeights.push(this.pos - at);
        } else v = { type: 'str', value: decodeUtf8Surrogatepass(b, at) };
        break;
      }
      case 0x52: { // 'R' Python 2 string reference
        const i = this.i32();
        const r = this.interned[i];
        if (r === undefined) this.fail(`string reference ${i} out of range`, at);
        return this.done(r, this.internedWeights[i]!, slot, at);
      }
      case 0x61: case 0x41: // 'a' 'A'
        v = { type: 'str', value: this.ascii(this.length(false, 'string', 1)) };
        break;
      case 0x7a: case 0x5a: // 'z' 'Z'
        v = { type: 'str', value: this.ascii(this.length(true, 'string', 1)) };
        break;
      default:
        this.fail(`unknown type code 0x${byte.toString(16).padStart(2, '0')}`, at);
    }
    return this.done(v, this.pos - at, slot, at);
  }

  /**
   * A long: a signed digit count, then that many 15-bit digits, least significant first. Built through a hex string
   * in linear time (shifting a `bigint` digit by digit would be quadratic: minutes for a million digits).
   */
  private long(): bigint {
    const at = this.pos;
    const n = this.i32();
    if (n === -2147483648) this.fail('long size out of range', at);
    const size = Math.abs(n);
    this.need(size * 2, 'a long');
    if (size > MAX_LONG_DIGITS) throw new BytescopeError('limit', `long of ${size} digits exceeds the ${MAX_LONG_DIGITS}-digit limit`, at);
    const base = this.pos;
    for (let i = 0; i < size; i++) {
      if (this.view.getUint16(base + i * 2, true) >= 0x8000) this.fail('digit out of range in long', at);
    }
    if (size > 0 && this.view.getUint16(base + (size - 1) * 2, true) === 0) this.fail('unnormalized long data', at);
    let v = 0n;
    if (size <= 3) {
      for (let i = size - 1; i >= 0; i--) v = (v << 15n) | BigInt(this.view.getUint16(base + i * 2, true));
    } else {
      // Hex digits, most significant first, written from the end: 15 bits per marshal digit.
      const hex = new Uint8Array(Math.ceil((size * 15) / 4));
      let k = hex.length;
      let acc = 0;
      let bits = 0;
      for (let i = 0; i < size; i++) {
        acc |= this.view.getUint16(base + i * 2, true) << bits;
        bits += 15;
        while (bits >= 4) {
          hex[--k] = HEX_CODES[acc & 15]!;
          acc >>>= 4;
          bits -= 4;
        }
      }
      if (bits > 0) hex[--k] = HEX_CODES[acc & 15]!;
      v = BigInt('0x' + latin1(hex.subarray(k)));
    }
    this.pos += size * 2;
    return n < 0 ? -v : v;
  }

  /** Reads a code object's fields; adds the expanded size of its object fields to `weight.w`. */
  /**
   * Reads a code object's fields; adds the expanded size of its object fields to `weight.w`. This method is on the
   * recursive path (co_consts holds nested code objects), so it only reads; {@link buildCode} checks and converts.
   */
  private codeObject(depth: number, at: number, weight: { w: number }): CodeObject {
    const layout = this.options.layout;
    // argcount, posonlyargcount, kwonlyargcount, nlocals (-1: not stored), stacksize, flags, then firstlineno.
    const ints: number[] = [this.i32()];
    const hasPosonly = layout === '3.10' || layout === '3.11' || (layout === '3.8' && this.posonlyFieldPresent());
    ints.push(hasPosonly ? this.i32() : 0, layout === '2.7' ? 0 : this.i32(), layout === '3.11' ? -1 : this.i32(), this.i32(), this.i32());
    // 3.11+: code, consts, names, localsplusnames, localspluskinds, filename, name, qualname; before: code, consts,
    // names, varnames, freevars, cellvars, filename, name. Then firstlineno, then the line table (and 3.11+ the
    // exception table).
    const fields: PyObject[] = [];
    for (let i = 0; i < 8; i++) {
      fields.push(this.field(depth, at, weight));
      if (i === 0) this.bytesField(fields[0]!, 'co_code', at);
      else if (i === 1) this.tupleField(fields[1]!, 'co_consts', at);
    }
    ints.push(this.i32());
    fields.push(this.field(depth, at, weight));
    if (layout === '3.11') fields.push(this.field(depth, at, weight));
    return this.buildCode(ints, fields, at);
  }

  /** Checks the fields {@link codeObject} read and builds the code object. */
  private buildCode(ints: readonly number[], fields: readonly PyObject[], at: number): CodeObject {
    const layout = this.options.layout;
    const [argcount, posonlyargcount, kwonlyargcount, storedNlocals, stacksize, flags, firstlineno] = ints as [number, number, number, number, number, number, number];
    let f = 0;
    const obj = () => fields[f++]!;
    const code = this.bytesField(obj(), 'co_code', at);
    const consts = this.tupleField(obj(), 'co_consts', at);
    const names = this.strTuple(obj(), 'co_names', at);
    let varnames: string[], freevars: string[], cellvars: string[];
    let localsplusnames: string[], kinds: Uint8Array;
    // Shared name tuples and kind bytes (back-references) are converted once, not once per code object.
    if (layout === '3.11') {
      localsplusnames = this.strTuple(obj(), 'co_localsplusnames', at);
      kinds = this.bytesField(obj(), 'co_localspluskinds', at);
      if (kinds.length !== localsplusnames.length) this.fail(`co_localspluskinds has ${kinds.length} entries for ${localsplusnames.length} names`, at);
      ({ varnames, cellvars, freevars } = this.derived(localsplusnames, kinds, NO_NAMES, () => {
        const r: DerivedNames = { varnames: [], cellvars: [], freevars: [], localsplusnames, kinds };
        for (let i = 0; i < kinds.length; i++) {
          const k = kinds[i]!;
          if (k & CO_FAST_LOCAL) r.varnames.push(localsplusnames[i]!);
          if (k & CO_FAST_CELL) r.cellvars.push(localsplusnames[i]!);
          if (k & CO_FAST_FREE) r.freevars.push(localsplusnames[i]!);
        }
        return r;
      }));
    } else {
      const vn = this.strTuple(obj(), 'co_varnames', at);
      const fv = this.strTuple(obj(), 'co_freevars', at);
      const cv = this.strTuple(obj(), 'co_cellvars', at);
      ({ varnames, cellvars, freevars, localsplusnames, kinds } = this.derived(vn, fv, cv, () => {
        const names = [...vn];
        const k: number[] = vn.map(() => CO_FAST_LOCAL);
        const index = new Map<string, number>();
        for (let i = vn.length - 1; i >= 0; i--) index.set(vn[i]!, i); // first occurrence, as indexOf
        for (const c of cv) {
          const i = index.get(c);
          if (i !== undefined) k[i]! |= CO_FAST_CELL;
          else { names.push(c); k.push(CO_FAST_CELL); }
        }
        for (const f of fv) { names.push(f); k.push(CO_FAST_FREE); }
        return { varnames: vn, freevars: fv, cellvars: cv, localsplusnames: names, kinds: Uint8Array.from(k) };
      }));
    }
    const filename = this.strField(obj(), 'co_filename', at);
    const name = this.strField(obj(), 'co_name', at);
    const qualname = layout === '3.11' ? this.strField(obj(), 'co_qualname', at) : name;
    const linetable = this.bytesField(obj(), layout === '3.10' || layout === '3.11' ? 'co_linetable' : 'co_lnotab', at);
    const exceptiontable = layout === '3.11' ? this.bytesField(obj(), 'co_exceptiontable', at) : new Uint8Array(0);
    if (argcount < 0 || posonlyargcount < 0 || kwonlyargcount < 0 || stacksize < 0) {
      // The check is a comparison per field; the list of the fields is made only for the message.
      for (const [v, n] of [[argcount, 'co_argcount'], [posonlyargcount, 'co_posonlyargcount'], [kwonlyargcount, 'co_kwonlyargcount'], [stacksize, 'co_stacksize']] as const) {
        if (v < 0) throw new BytescopeError('bad-code', `code object ${quoteShort(name)}: negative ${n} ${v}`, at);
      }
    }
    return {
      layout, argcount, posonlyargcount, kwonlyargcount,
      nlocals: storedNlocals >= 0 ? storedNlocals : varnames.length,
      stacksize, flags, code, consts, names, varnames, cellvars, freevars,
      localsplusnames, localspluskinds: kinds, filename, name, qualname, firstlineno,
      linetable, exceptiontable, id: this.nextCodeId++,
    };
  }

  /** One object field of a code object, its expanded size added to `weight.w`. */
  private field(depth: number, at: number, weight: { w: number }): PyObject {
    const o = this.object(depth);
    weight.w += this.weight;
    if (weight.w > this.maxWeight) this.setWeight(weight.w, at);
    return o;
  }

  /**
   * 3.8 alphas before magic 3410 (PEP 570, #36540; e.g. 3.8a1's 3401) wrote code objects without
   * co_posonlyargcount, and the version alone does not tell them apart. The marshal data does: co_code (bytes
   * 's', or a reference 'r') follows either the sixth int or the fifth. When it follows the fifth, the byte where
   * the six-int reading expects co_code is the top byte of co_code's length or reference index, which is never
   * 0x72/0x73 (that would be a length of over 1.9 GB), so the two readings cannot both look valid. Called just
   * after co_argcount, so the four or five ints left end at +16 or +20.
   */
  private posonlyFieldPresent(): boolean {
    const d = this.data;
    const isCodeField = (i: number) => i < d.length && ((d[i]! & 0x7f) === 0x73 || (d[i]! & 0x7f) === 0x72);
    return isCodeField(this.pos + 20) || !isCodeField(this.pos + 16);
  }

  private bytesField(o: PyObject, field: string, at: number): Uint8Array {
    if (o.type === 'bytes') return o.value;
    throw new BytescopeError('bad-code', `code object field ${field} is a ${o.type}, not bytes`, at);
  }

  private tupleField(o: PyObject, field: string, at: number): PyObject[] {
    if (o.type === 'tuple') return o.items;
    throw new BytescopeError('bad-code', `code object field ${field} is a ${o.type}, not a tuple`, at);
  }

  private strField(o: PyObject, field: string, at: number): string {
    if (o.type === 'str') return o.value;
    if (o.type === 'bytes' && this.options.layout === '2.7') return latin1(o.value);
    throw new BytescopeError('bad-code', `code object field ${field} is a ${o.type}, not a str`, at);
  }

  private strTuple(o: PyObject, field: string, at: number): string[] {
    let r = this.strTuples.get(o);
    if (r === undefined) {
      const items = this.tupleField(o, field, at);
      // A loop into `new Array(n)`, not `.map`: with `.map` (an empty tuple's array of another elements kind than a
      // filled one's) the listing's optimized name lookups deoptimized five times a `dis DIR` run on "wrong map"; with
      // this, never (V8 11.3, `--trace-deopt`; 0.64 s against 0.625 s, medians of 20).
      r = new Array<string>(items.length);
      for (let i = 0; i < items.length; i++) r[i] = this.strField(items[i]!, field, at);
      this.strTuples.set(o, r);
    }
    return r;
  }

  /** The name lists derived from three keys (arrays or bytes, compared by identity), computed once per triple. */
  private derived(a: object, b: object, c: object, make: () => DerivedNames): DerivedNames {
    let m1 = this.derivedNames.get(a);
    if (!m1) this.derivedNames.set(a, (m1 = new Map()));
    let m2 = m1.get(b);
    if (!m2) m1.set(b, (m2 = new Map()));
    let r = m2.get(c);
    if (!r) m2.set(c, (r = make()));
    return r;
  }
}

/** What {@link MarshalReader.derived} caches. */
interface DerivedNames {
  readonly varnames: string[];
  readonly cellvars: string[];
  readonly freevars: string[];
  readonly localsplusnames: string[];
  readonly kinds: Uint8Array;
}

const NO_NAMES: readonly string[] = Object.freeze([]);
const HEX_CODES = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** The longest string {@link latin1At} makes through {@link CHAR_ARRAYS}. */
const CHAR_ARRAY_MAX = 64;
/** An array of small integers of each length up to {@link CHAR_ARRAY_MAX}, filled and spread by {@link latin1At}. */
const CHAR_ARRAYS: number[][] = Array.from({ length: CHAR_ARRAY_MAX + 1 }, (_, n) => new Array<number>(n).fill(0));

/**
 * `n` bytes of `d` from `p` decoded as Latin-1. Up to {@link CHAR_ARRAY_MAX} of them are copied into an array
 * that `String.fromCharCode.apply` spreads (twice as fast as spreading a typed array's view: 60 against 130 ns for
 * 12 bytes).
 */
export function latin1At(d: Uint8Array, p: number, n: number): string {
  if (n > CHAR_ARRAY_MAX) return latin1(d.subarray(p, p + n));
  const a = CHAR_ARRAYS[n]!;
  for (let i = 0; i < n; i++) a[i] = d[p + i]!;
  return String.fromCharCode.apply(null, a);
}

/**
 * Decodes bytes as Latin-1 (marshal's ASCII string types are read this way). Short ones by {@link latin1At}; longer
 * ones as UTF-8, the same text when every byte is ASCII, which the length shows (any other valid UTF-8 makes fewer
 * units than bytes, invalid UTF-8 throws): 0.1 ns a byte against 3.3 for `String.fromCharCode.apply`, which
 * decodes the rest (bytes above 0x7f, in files not written by CPython) in pieces of 8192.
 */
export function latin1(b: Uint8Array): string {
  if (b.length <= CHAR_ARRAY_MAX) return latin1At(b, 0, b.length);
  try {
    const s = utf8.decode(b);
    if (s.length === b.length) return s;
  } catch {
    // not UTF-8: not ASCII either
  }
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

/** Decodes UTF-8 accepting encoded surrogates (Python's `surrogatepass`), rejecting anything else invalid. */
export function decodeUtf8Surrogatepass(b: Uint8Array, at = 0): string {
  try {
    return utf8.decode(b);
  } catch {
    // fall through: the slow path accepts encoded surrogates (ED A0..BF xx)
  }
  const units: number[] = [];
  let out = '';
  const bad = (i: number): never => {
    throw new BytescopeError('bad-marshal', `bad marshal data: invalid UTF-8 in a string at byte ${i} of it`, at);
  };
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    let cp: number, n: number;
    if (c < 0x80) { cp = c; n = 1; }
    else if (c >= 0xc2 && c < 0xe0) { cp = c & 0x1f; n = 2; }
    else if (c >= 0xe0 && c < 0xf0) { cp = c & 0x0f; n = 3; }
    else if (c >= 0xf0 && c < 0xf5) { cp = c & 0x07; n = 4; }
    else return bad(i);
    if (i + n > b.length) bad(i);
    for (let k = 1; k < n; k++) {
      const cc = b[i + k]!;
      if ((cc & 0xc0) !== 0x80) bad(i);
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff))) bad(i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(cp);
    i += n;
    if (units.length > 8000) { out += String.fromCharCode(...units); units.length = 0; }
  }
  return out + String.fromCharCode(...units);
}
