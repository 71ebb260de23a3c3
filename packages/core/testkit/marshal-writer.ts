/**
 * The test kit's marshal writer (used by the fuzz harness and the tests): turns {@link PyObject} trees (including code objects of every layout the
 * reader knows) back into marshal bytes, with FLAG_REF/TYPE_REF back-references for objects that occur more than
 * once (by identity), which is how reference bombs and shared code objects are built. A few marker nodes write
 * what no well-formed value would: raw bytes, a reference to any index, a reference to an enclosing container that
 * is still being read.
 */
import type { CodeLayout, CodeObject } from '../src/pyc/code-object.js';
import type { PyObject } from '../src/pyc/objects.js';

/** Marker nodes, disguised as {@link PyObject} so that they can sit anywhere in a tree. */
type Marker =
  | { readonly type: '$raw'; readonly bytes: Uint8Array }
  | { readonly type: '$ref'; readonly index: number }
  | { readonly type: '$self'; readonly up: number };

/** Bytes written as they are where an object is expected. */
export function rawNode(bytes: Uint8Array): PyObject {
  return { type: '$raw', bytes } as Marker as unknown as PyObject;
}

/** A TYPE_REF to any index (in range or not). */
export function refNode(index: number): PyObject {
  return { type: '$ref', index } as Marker as unknown as PyObject;
}

/** A TYPE_REF to the container `up` levels above (0: the innermost), which the reader is still building. */
export function selfRefNode(up = 0): PyObject {
  return { type: '$self', up } as Marker as unknown as PyObject;
}

const SINGLETONS: Readonly<Record<string, number>> = { None: 0x4e, Ellipsis: 0x2e, StopIteration: 0x53 };

/** Writes marshal data. */
export class MarshalWriter {
  private buf = new Uint8Array(4096);
  private pos = 0;
  private readonly refs = new Map<object, number>();
  private nextRef = 0;
  /** Ref slots of the containers being written, innermost last. */
  private readonly open: number[] = [];

  /** A writer of code objects in `layout` (the other types are written alike for every layout). */
  constructor(private readonly layout: CodeLayout) {}

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  /** Appends raw bytes. */
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Appends one byte. */
  u8(x: number): void {
    this.ensure(1);
    this.buf[this.pos++] = x & 0xff;
  }

  /** Appends a little-endian signed 32-bit integer. */
  i32(x: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setInt32(this.pos, x | 0, true);
    this.pos += 4;
  }

  private f64(x: number): void {
    this.ensure(8);
    new DataView(this.buf.buffer).setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  /** The bytes written so far. */
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private sized(code: number, b: Uint8Array, flag: number): void {
    this.u8(code | flag);
    this.i32(b.length);
    this.raw(b);
  }

  private str(s: string, flag = 0): void {
    let ascii = true;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) { ascii = false; break; }
    if (ascii && s.length < 256) {
      this.u8(0x7a | flag); // 'z' short ASCII
      this.u8(s.length);
      this.raw(Uint8Array.from(s, (c) => c.charCodeAt(0)));
    } else this.sized(0x75, utf8Surrogatepass(s), flag);
  }

  private strTuple(names: readonly string[]): void {
    this.u8(names.length < 256 ? 0x29 : 0x28);
    if (names.length < 256) this.u8(names.length);
    else this.i32(names.length);
    for (const n of names) this.str(n);
  }

  /** Writes one object (and, first time, registers it for back-references). */
  object(o: PyObject): void {
    const m = o as unknown as Marker | PyObject;
    switch (m.type) {
      case '$raw': this.raw(m.bytes); return;
      case '$ref': this.u8(0x72); this.i32(m.index); return;
      case '$self': this.u8(0x72); this.i32(this.open[this.open.length - 1 - m.up] ?? 0); return;
      default: break;
    }
    const p = o;
    if (p.type in SINGLETONS) { this.u8(SINGLETONS[p.type]!); return; }
    if (p.type === 'bool') { this.u8(p.value ? 0x54 : 0x46); return; }
    if (p.type === 'Unknown') { this.u8(0x3f); return; }
    const seen = this.refs.get(p);
    if (seen !== undefined) { this.u8(0x72); this.i32(seen); return; }
    const slot = this.nextRef++;
    this.refs.set(p, slot);
    const F = 0x80;
    switch (p.type) {
      case 'int': {
        const v = p.value;
        if (v >= -(2n ** 31n) && v < 2n ** 31n) { this.u8(0x69 | F); this.i32(Number(v)); return; }
        const digits = digits15(v < 0n ? -v : v);
        this.u8(0x6c | F);
        this.i32(v < 0n ? -digits.length : digits.length);
        for (const d of digits) { this.u8(d & 0xff); this.u8(d >> 8); }
        return;
      }
      case 'float': this.u8(0x67 | F); this.f64(p.value); return;
      case 'complex': this.u8(0x79 | F); this.f64(p.real); this.f64(p.imag); return;
      case 'str': this.str(p.value, F); return;
      case 'bytes': this.sized(0x73, p.value, F); return;
      case 'tuple': case 'list': case 'set': case 'frozenset': {
        const n = p.items.length;
        if (p.type === 'tuple' && n < 256) { this.u8(0x29 | F); this.u8(n); }
        else { this.u8((p.type === 'tuple' ? 0x28 : p.type === 'list' ? 0x5b : p.type === 'set' ? 0x3c : 0x3e) | F); this.i32(n); }
        this.open.push(slot);
        for (const x of p.items) this.object(x);
        this.open.pop();
        return;
      }
      case 'dict': case 'frozendict':
        this.u8((p.type === 'dict' ? 0x7b : 0x7d) | F);
        this.open.push(slot);
        for (const [k, v] of p.entries) { this.object(k); this.object(v); }
        this.open.pop();
        this.u8(0x30);
        return;
      case 'slice':
        this.u8(0x3a | F);
        this.open.push(slot);
        this.object(p.start); this.object(p.stop); this.object(p.step);
        this.open.pop();
        return;
      case 'code':
        this.u8(0x63 | F);
        this.open.push(slot);
        this.code(p.code);
        this.open.pop();
        return;
      default: break;
    }
  }

  private code(c: CodeObject): void {
    const L = this.layout;
    this.i32(c.argcount);
    if (L === '3.8' || L === '3.10' || L === '3.11') this.i32(c.posonlyargcount);
    if (L !== '2.7') this.i32(c.kwonlyargcount);
    if (L !== '3.11') this.i32(c.nlocals);
    this.i32(c.stacksize);
    this.i32(c.flags);
    this.object({ type: 'bytes', value: c.code });
    this.object({ type: 'tuple', items: c.consts as PyObject[] });
    this.strTuple(c.names);
    if (L === '3.11') {
      this.strTuple(c.localsplusnames);
      this.object({ type: 'bytes', value: c.localspluskinds });
    } else {
      this.strTuple(c.varnames);
      this.strTuple(c.freevars);
      this.strTuple(c.cellvars);
    }
    this.str(c.filename);
    this.str(c.name);
    if (L === '3.11') this.str(c.qualname);
    this.i32(c.firstlineno);
    this.object({ type: 'bytes', value: c.linetable });
    if (L === '3.11') this.object({ type: 'bytes', value: c.exceptiontable });
  }
}

/** The four bytes of a little-endian 32-bit integer, as marshal writes lengths and ints. */
export function le32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** Marshal bytes of `o` for a file of `layout`. */
export function writeMarshal(o: PyObject, layout: CodeLayout): Uint8Array {
  const w = new MarshalWriter(layout);
  w.object(o);
  return w.result();
}

/** The 15-bit digits of a non-negative bigint, least significant first (linear time, through hex). */
function digits15(a: bigint): number[] {
  const hex = a.toString(16);
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = hex.length - 1; i >= 0; i--) {
    acc |= parseInt(hex[i]!, 16) << bits;
    bits += 4;
    if (bits >= 15) { out.push(acc & 0x7fff); acc >>>= 15; bits -= 15; }
  }
  if (acc) out.push(acc);
  while (out.length && out[out.length - 1] === 0) out.pop();
  return out;
}

/** UTF-8 with lone surrogates encoded as three bytes (Python's `surrogatepass`). */
export function utf8Surrogatepass(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}
