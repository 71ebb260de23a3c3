/**
 * A reader for CPython's marshal format (`Python/marshal.c`), versions 0–6: every type code of CPython
 * 2.7 and 3.0–3.15, FLAG_REF/TYPE_REF references, and the code-object layouts of 2.7, 3.0–3.7, 3.8–3.9,
 * 3.10 and 3.11+. Hostile input ends in a {@link BytescopeError}: every length is checked against the bytes
 * that remain before anything is allocated, nesting is bounded, and a reference to an object that is still
 * being built is refused (so the result never contains cycles).
 */
import { BytescopeError } from './errors.js';
import type { CodeLayout, CodeObject } from './code-object.js';
import { CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL } from './code-object.js';
import {
  PY_ELLIPSIS, PY_FALSE, PY_NONE, PY_STOP_ITERATION, PY_TRUE, PY_UNKNOWN, type PyObject,
} from './objects.js';

/** Deepest nesting accepted (CPython's `MAX_MARSHAL_STACK_DEPTH` is 2000). */
export const MAX_MARSHAL_DEPTH = 2000;

/** Options of {@link readMarshal}. */
export interface MarshalOptions {
  /** Which code-object layout to expect, from the file's version. */
  readonly layout: CodeLayout;
  /** First id to give code objects (see `CodeObject.id`). Default 0. */
  readonly firstCodeId?: number;
}

/** The layout of code objects written by CPython `major.minor`. */
export function codeLayoutFor(version: string): CodeLayout {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  if (major === 2) return '2.7';
  if (minor >= 11) return '3.11';
  if (minor === 10) return '3.10';
  if (minor >= 8) return '3.8';
  return '3.0';
}

const INCOMPLETE: unique symbol = Symbol('incomplete');
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads one marshalled object from `data` starting at `start`; returns it and the offset after it. */
export function readMarshal(data: Uint8Array, start: number, options: MarshalOptions): { value: PyObject; end: number } {
  const r = new MarshalReader(data, start, options);
  const value = r.object(0);
  return { value, end: r.pos };
}

class MarshalReader {
  pos: number;
  private readonly refs: (PyObject | typeof INCOMPLETE)[] = [];
  private readonly interned: PyObject[] = []; // Python 2 TYPE_INTERNED / TYPE_STRINGREF table
  private nextCodeId: number;
  private readonly view: DataView;

  constructor(private readonly data: Uint8Array, start: number, private readonly options: MarshalOptions) {
    this.pos = start;
    this.nextCodeId = options.firstCodeId ?? 0;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
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

  private textFloat(): number {
    const n = this.u8();
    const s = latin1(this.bytes(n));
    const v = Number(s.trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
    if (Number.isNaN(v) && !/^[+-]?nan$/i.test(s.trim())) this.fail(`invalid float literal ${JSON.stringify(s)}`);
    return v;
  }

  object(depth: number): PyObject {
    if (depth > MAX_MARSHAL_DEPTH) throw new BytescopeError('limit', `marshal data nested deeper than ${MAX_MARSHAL_DEPTH} levels`, this.pos);
    const at = this.pos;
    const byte = this.u8();
    const flag = (byte & 0x80) !== 0;
    const code = byte & 0x7f;
    // Objects flagged with FLAG_REF get their ref slot before their children are read (pre-order).
    let slot = -1;
    const reserve = () => {
      if (flag) {
        slot = this.refs.length;
        this.refs.push(INCOMPLETE);
      }
    };
    const done = (v: PyObject): PyObject => {
      if (flag) {
        if (slot < 0) this.refs.push(v);
        else this.refs[slot] = v;
      }
      return v;
    };
    switch (code) {
      case 0x30: this.fail('NULL object where a value was expected', at); // '0'
      // Singletons never take a ref slot, even when flagged (CPython's r_object registers none of them).
      case 0x4e: return PY_NONE;           // 'N'
      case 0x46: return PY_FALSE;          // 'F'
      case 0x54: return PY_TRUE;           // 'T'
      case 0x53: return PY_STOP_ITERATION; // 'S'
      case 0x2e: return PY_ELLIPSIS;       // '.'
      case 0x3f: return done(PY_UNKNOWN);       // '?'
      case 0x69: return done({ type: 'int', value: BigInt(this.i32()) }); // 'i'
      case 0x49: { // 'I' int64
        this.need(8, 'a 64-bit integer');
        const v = this.view.getBigInt64(this.pos, true);
        this.pos += 8;
        return done({ type: 'int', value: v });
      }
      case 0x6c: return done({ type: 'int', value: this.long() }); // 'l'
      case 0x66: return done({ type: 'float', value: this.textFloat() }); // 'f'
      case 0x67: return done({ type: 'float', value: this.f64() });       // 'g'
      case 0x78: { const real = this.textFloat(); return done({ type: 'complex', real, imag: this.textFloat() }); } // 'x'
      case 0x79: { const real = this.f64(); return done({ type: 'complex', real, imag: this.f64() }); }             // 'y'
      case 0x73: { // 's' bytes (str in Python 2)
        const b = this.bytes(this.length(false, 'bytes', 1));
        return done({ type: 'bytes', value: b });
      }
      case 0x74: case 0x75: { // 't' interned, 'u' unicode: UTF-8 (surrogatepass); in Python 2 't' is an interned byte str
        const b = this.bytes(this.length(false, 'string', 1));
        if (this.options.layout === '2.7' && code === 0x74) {
          const v: PyObject = { type: 'bytes', value: b };
          this.interned.push(v);
          return done(v);
        }
        return done({ type: 'str', value: decodeUtf8Surrogatepass(b, at) });
      }
      case 0x52: { // 'R' Python 2 string reference
        const i = this.i32();
        const v = this.interned[i];
        if (v === undefined) this.fail(`string reference ${i} out of range`, at);
        return done(v);
      }
      case 0x61: case 0x41: // 'a' 'A'
        return done({ type: 'str', value: latin1(this.bytes(this.length(false, 'string', 1))) });
      case 0x7a: case 0x5a: // 'z' 'Z'
        return done({ type: 'str', value: latin1(this.bytes(this.length(true, 'string', 1))) });
      case 0x28: case 0x29: case 0x5b: case 0x3c: case 0x3e: { // '(' ')' '[' '<' '>'
        const n = this.length(code === 0x29, 'container', 1);
        reserve();
        const items: PyObject[] = new Array(n);
        for (let i = 0; i < n; i++) items[i] = this.object(depth + 1);
        const type = code === 0x5b ? 'list' : code === 0x3c ? 'set' : code === 0x3e ? 'frozenset' : 'tuple';
        return done({ type, items });
      }
      case 0x7b: case 0x7d: { // '{' dict, '}' frozendict (3.15)
        reserve();
        const entries: [PyObject, PyObject][] = [];
        for (;;) {
          this.need(1, 'a dict key');
          if ((this.data[this.pos]! & 0x7f) === 0x30) { this.pos++; break; }
          const k = this.object(depth + 1);
          entries.push([k, this.object(depth + 1)]);
        }
        return done({ type: code === 0x7b ? 'dict' : 'frozendict', entries });
      }
      case 0x3a: { // ':' slice (3.14)
        reserve();
        const start = this.object(depth + 1);
        const stop = this.object(depth + 1);
        return done({ type: 'slice', start, stop, step: this.object(depth + 1) });
      }
      case 0x72: { // 'r' reference
        const i = this.i32();
        const v = this.refs[i];
        if (v === undefined) this.fail(`reference ${i} out of range (${this.refs.length} objects so far)`, at);
        if (v === INCOMPLETE) this.fail(`reference ${i} to an object that is still being read`, at);
        return v;
      }
      case 0x63: { // 'c' code
        reserve();
        return done({ type: 'code', code: this.codeObject(depth + 1, at) });
      }
      default:
        this.fail(`unknown type code 0x${byte.toString(16).padStart(2, '0')}`, at);
    }
  }

  private long(): bigint {
    const at = this.pos;
    const n = this.i32();
    if (n === -2147483648) this.fail('long size out of range', at);
    const size = Math.abs(n);
    this.need(size * 2, 'a long');
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) {
      const d = this.view.getUint16(this.pos + i * 2, true);
      if (d >= 0x8000) this.fail('digit out of range in long', at);
      v = (v << 15n) | BigInt(d);
    }
    if (size > 0 && this.view.getUint16(this.pos + (size - 1) * 2, true) === 0) this.fail('unnormalized long data', at);
    this.pos += size * 2;
    return n < 0 ? -v : v;
  }

  private codeObject(depth: number, at: number): CodeObject {
    const layout = this.options.layout;
    const int = () => this.i32();
    const argcount = int();
    const hasPosonly = layout === '3.10' || layout === '3.11' || (layout === '3.8' && this.posonlyFieldPresent());
    const posonlyargcount = hasPosonly ? int() : 0;
    const kwonlyargcount = layout === '2.7' ? 0 : int();
    const storedNlocals = layout === '3.11' ? -1 : int();
    const stacksize = int();
    const flags = int();
    const obj = () => this.object(depth);
    const code = this.bytesField(obj(), 'co_code', at);
    const consts = this.tupleField(obj(), 'co_consts', at);
    const names = this.strTuple(obj(), 'co_names', at);
    let varnames: string[], freevars: string[], cellvars: string[];
    let localsplusnames: string[], kinds: Uint8Array;
    if (layout === '3.11') {
      localsplusnames = this.strTuple(obj(), 'co_localsplusnames', at);
      kinds = this.bytesField(obj(), 'co_localspluskinds', at);
      if (kinds.length !== localsplusnames.length) this.fail(`co_localspluskinds has ${kinds.length} entries for ${localsplusnames.length} names`, at);
      varnames = []; cellvars = []; freevars = [];
      for (let i = 0; i < kinds.length; i++) {
        const k = kinds[i]!;
        if (k & CO_FAST_LOCAL) varnames.push(localsplusnames[i]!);
        if (k & CO_FAST_CELL) cellvars.push(localsplusnames[i]!);
        if (k & CO_FAST_FREE) freevars.push(localsplusnames[i]!);
      }
    } else {
      varnames = this.strTuple(obj(), 'co_varnames', at);
      freevars = this.strTuple(obj(), 'co_freevars', at);
      cellvars = this.strTuple(obj(), 'co_cellvars', at);
      localsplusnames = [...varnames];
      const k: number[] = varnames.map(() => CO_FAST_LOCAL);
      for (const c of cellvars) {
        const i = varnames.indexOf(c);
        if (i >= 0) k[i]! |= CO_FAST_CELL;
        else { localsplusnames.push(c); k.push(CO_FAST_CELL); }
      }
      for (const f of freevars) { localsplusnames.push(f); k.push(CO_FAST_FREE); }
      kinds = Uint8Array.from(k);
    }
    const filename = this.strField(obj(), 'co_filename', at);
    const name = this.strField(obj(), 'co_name', at);
    const qualname = layout === '3.11' ? this.strField(obj(), 'co_qualname', at) : name;
    const firstlineno = int();
    const linetable = this.bytesField(obj(), layout === '3.10' || layout === '3.11' ? 'co_linetable' : 'co_lnotab', at);
    const exceptiontable = layout === '3.11' ? this.bytesField(obj(), 'co_exceptiontable', at) : new Uint8Array(0);
    for (const [v, n] of [[argcount, 'co_argcount'], [posonlyargcount, 'co_posonlyargcount'], [kwonlyargcount, 'co_kwonlyargcount'], [stacksize, 'co_stacksize']] as const) {
      if (v < 0) throw new BytescopeError('bad-code', `code object ${JSON.stringify(name)}: negative ${n} ${v}`, at);
    }
    return {
      layout, argcount, posonlyargcount, kwonlyargcount,
      nlocals: storedNlocals >= 0 ? storedNlocals : varnames.length,
      stacksize, flags, code, consts, names, varnames, cellvars, freevars,
      localsplusnames, localspluskinds: kinds, filename, name, qualname, firstlineno,
      linetable, exceptiontable, id: this.nextCodeId++,
    };
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
    return this.tupleField(o, field, at).map((x) => this.strField(x, field, at));
  }
}

/** Decodes bytes as Latin-1 (marshal's ASCII string types are read this way). */
export function latin1(b: Uint8Array): string {
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
