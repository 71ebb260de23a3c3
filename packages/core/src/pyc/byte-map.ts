/**
 * The byte map of a `.pyc` (or of a bare marshal stream): nested, labelled ranges that tile the input exactly.
 *
 * At depth 0 come the header (its fields below it: magic, flags, mtime or source hash, source size), the
 * marshalled object and any trailing bytes. Every marshal object is a range whose children are its parts: the type
 * code (with the `FLAG_REF` bit), the length or count, the payload, and the objects it holds — a code object's
 * fields by name (`co_argcount`, `co_code`, `co_consts`, …), a tuple's items as `[0]`, `[1]`, …. A reference
 * (`TYPE_REF`) names the range of the object it refers to. The leaves (ranges without children) cover every byte of
 * the input exactly once, in file order.
 *
 * The map is made by reading the input again with the marshal reader itself, watched by a subclass that records
 * where each object starts and ends (the normal reading path is unchanged); the bytes between an object's children
 * are named from its type code. So the map accepts exactly the inputs `readPyc` accepts, fails with the same
 * `BytescopeError` on the others, and is bounded the same way, plus a limit on the number of ranges.
 */
import { BytescopeError, quoteShort } from '../errors.js';
import { reprComplex, reprFloat, reprInt } from '../text/repr.js';
import { pycHeaderFields, type PycHeader } from './header.js';
import { CODE_FIELDS, MarshalReader, codeLayoutFor, latin1, readWith } from './marshal.js';
import type { CodeLayout } from './code-object.js';
import type { PyObject } from './objects.js';
import { locateMarshal, pycFileOf, type PycFile, type ReadPycOptions } from './read-pyc.js';

/**
 * What the bytes of a range are, for colour and for programs:
 * - `header`: the `.pyc` header and its fields;
 * - `object`: a marshal object (its parts are its children);
 * - `type`: a type code byte (with the `FLAG_REF` bit), or a whole object that is nothing else (`None`, `True`, …);
 * - `length`: a length or count prefix;
 * - `number`: the bytes of an int or float, or a 32-bit field of a code object (`co_argcount`, `co_flags`, …);
 * - `text`: the characters of a `str`;
 * - `bytes`: the payload of a `bytes` object (other than the three below);
 * - `bytecode`: the payload of `co_code`;
 * - `table`: the payload of `co_linetable`, `co_lnotab` or `co_exceptiontable`;
 * - `ref`: the index of a back-reference;
 * - `end`: the NULL type code that ends a dict;
 * - `trailing`: bytes after the marshalled object.
 */
export type ByteRangeKind =
  | 'header' | 'object' | 'type' | 'length' | 'number' | 'text' | 'bytes' | 'bytecode' | 'table' | 'ref' | 'end' | 'trailing';

/** The Python type of an object range: a {@link PyObject} type, or `ref` for a back-reference. */
export type ByteObjectType = PyObject['type'] | 'ref';

/** One labelled range of the input. */
export interface ByteRange {
  /** First byte. */
  readonly start: number;
  /** After the last byte (`end > start`: no range is empty). */
  readonly end: number;
  /** Nesting depth: 0 for the header, the marshalled object and trailing bytes. */
  readonly depth: number;
  /** Index of the enclosing range in {@link ByteMap.ranges}, or -1 at depth 0. */
  readonly parent: number;
  /**
   * What the bytes are within their parent: a header field (`magic`, `flags`, `mtime`, `source_size`,
   * `source_hash`), a code object field (`co_code`, `co_consts`, …), an item (`[2]`, `key 0`, `value 0`, `start`,
   * …), a part of an object (`type`, `length`, `value`, `payload`, `ref index`, …), or `header`, `object`,
   * `trailing` at depth 0.
   */
  readonly label: string;
  readonly kind: ByteRangeKind;
  /**
   * What the bytes say, in a few words: `3627: CPython 3.14`, `'s' bytes | FLAG_REF`, `24`, `code f`,
   * `tuple of 3`, `'total'` (strings quoted as JSON, cut after 60 characters).
   */
  readonly detail: string;
  /** For a marshal object: its type. */
  readonly objectType?: ByteObjectType;
  /** For an object stored with `FLAG_REF`: its index in the reference table (what `TYPE_REF` names). */
  readonly refIndex?: number;
  /** For a Python 2 interned string (`t`): its index in the table that Python 2's string references (`R`) name. */
  readonly internIndex?: number;
  /** For a back-reference: the index in {@link ByteMap.ranges} of the object it refers to. */
  readonly target?: number;
  /** For a code object: its `CodeObject.id` (as `readPyc` of the same input numbers them). */
  readonly codeId?: number;
  /** How many ranges follow this one inside it: its descendants are `ranges[i + 1 … i + descendants]`. */
  readonly descendants: number;
}

/** The byte map of an input. */
export interface ByteMap {
  /** Every range, parents before their children, children in file order (a pre-order walk of the tree). */
  readonly ranges: readonly ByteRange[];
  /** Indexes into {@link ranges} of the leaves, in file order: they tile the input, each byte in exactly one. */
  readonly leaves: Int32Array;
  /** The input's length. */
  readonly size: number;
  /** The CPython `major.minor` whose layout read the object. */
  readonly version: string;
  /** The header (absent for a bare marshal stream). */
  readonly header: PycHeader | undefined;
  /** The marshalled object. */
  readonly value: PyObject;
  /** The input read as `readPyc` reads it, when the object is a code object. */
  readonly file: PycFile | undefined;
}

/** Options of {@link byteMap}: those of `readPyc`, and a limit. */
export interface ByteMapOptions extends ReadPycOptions {
  /**
   * The most ranges the map may have (default {@link MAX_BYTE_MAP_RANGES}); beyond it the map fails with a
   * `limit` error. With `raw`, the object need not be a code object.
   */
  readonly maxRanges?: number;
}

/**
 * Default bound on the ranges of a map (about a million). Files CPython writes have under one range per two bytes
 * (a 200 KB `.pyc` has about 100,000), so this stops only inputs of several megabytes of tiny objects.
 */
export const MAX_BYTE_MAP_RANGES = 1 << 20;

/** Names of the marshal type codes (without the FLAG_REF bit), for {@link ByteRange.detail}. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  '0': 'NULL', N: 'None', F: 'False', T: 'True', S: 'StopIteration', '.': 'Ellipsis', '?': 'unknown',
  i: 'int (32-bit)', I: 'int (64-bit)', l: 'int (long)', f: 'float (text)', g: 'float', x: 'complex (text)', y: 'complex',
  s: 'bytes', t: 'interned str', u: 'str', a: 'ASCII str', A: 'interned ASCII str', z: 'short ASCII str', Z: 'short interned ASCII str',
  '(': 'tuple', ')': 'small tuple', '[': 'list', '{': 'dict', '}': 'frozendict', '<': 'set', '>': 'frozenset', ':': 'slice',
  c: 'code', r: 'reference', R: 'string reference',
};

/** Type codes that are the whole object (CPython registers none of them as a reference, even when flagged). */
const SINGLETONS = 'NFTS.';

/** A range being built (its end and details are set when its object is finished). */
interface MutableRange {
  start: number;
  end: number;
  depth: number;
  parent: number;
  label: string;
  kind: ByteRangeKind;
  detail: string;
  objectType?: ByteObjectType;
  refIndex?: number;
  internIndex?: number;
  target?: number;
  codeId?: number;
  descendants: number;
}

/** An object being read: its range, type code, how many of its children were read, and the next unnamed byte. */
interface Frame {
  readonly index: number;
  readonly start: number;
  readonly byte: number;
  readonly refSlot: number;
  children: number;
  cursor: number;
}

const u32 = (d: Uint8Array, i: number) => (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> 0;
const i32 = (d: Uint8Array, i: number) => d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24);

/**
 * The marshal reader, recording a range for every object it reads and naming the bytes between an object's
 * children from its type code as it goes.
 */
class RecordingReader extends MarshalReader {
  readonly ranges: MutableRange[] = [];
  private readonly frames: Frame[] = [];
  /** Range of each reference slot, and of each Python 2 interned string (what `R` names). */
  private readonly refRanges: number[] = [];
  private readonly internedRanges: number[] = [];

  constructor(data: Uint8Array, start: number, private readonly layout: CodeLayout, private readonly maxRanges: number) {
    super(data, start, { layout });
  }

  push(r: MutableRange): number {
    if (this.ranges.length >= this.maxRanges) {
      throw new BytescopeError('limit', `byte map of more than ${this.maxRanges} ranges`, r.start);
    }
    this.ranges.push(r);
    return this.ranges.length - 1;
  }

  private leaf(start: number, end: number, depth: number, parent: number, label: string, kind: ByteRangeKind, detail: string): void {
    if (end > start) this.push({ start, end, depth, parent, label, kind, detail, descendants: 0 });
  }

  // The reader recurses once per level of nesting, and this override adds a frame to each: it keeps to two locals
  // (the work is in `enter` and `leave`), so that nesting up to MAX_MARSHAL_DEPTH, which `readPyc` reads, fits Node's
  // default stack here too (with everything inline, 1,990 nested tuples overflowed it).
  override object(depth: number): PyObject {
    const frame = this.enter();
    const value = super.object(depth);
    this.leave(frame, value);
    return value;
  }

  /** Opens the range of the object that starts at the reader's position. */
  private enter(): Frame {
    const at = this.pos;
    const parent = this.frames[this.frames.length - 1];
    let label = 'object';
    if (parent) {
      this.fillGap(parent, at, false);
      label = this.childLabel(parent);
      parent.children++;
    }
    const byte = this.data[at] ?? 0;
    const index = this.push({
      start: at, end: at, depth: this.frames.length, parent: parent ? parent.index : -1, label, kind: 'object', detail: '', descendants: 0,
    });
    const code = String.fromCharCode(byte & 0x7f);
    const refSlot = byte & 0x80 && !SINGLETONS.includes(code) && code !== 'r' ? this.refCount : -1;
    const frame: Frame = { index, start: at, byte, refSlot, children: 0, cursor: at };
    this.frames.push(frame);
    return frame;
  }

  /** Closes `frame`'s range, its object read as `value`. */
  private leave(frame: Frame, value: PyObject): void {
    this.frames.pop();
    this.finish(frame, value);
    const parent = this.frames[this.frames.length - 1];
    if (parent) parent.cursor = this.pos;
  }

  /** Sets the range of a finished object: its last parts, its end and what it is. */
  private finish(f: Frame, value: PyObject): void {
    const r = this.ranges[f.index]!;
    const code = String.fromCharCode(f.byte & 0x7f);
    r.end = this.pos;
    if (this.pos === f.start + 1 && (SINGLETONS.includes(code) || code === '?')) {
      // Nothing but its type code: one leaf.
      r.kind = 'type';
      r.detail = this.typeDetail(f);
    } else this.fillGap(f, this.pos, true);
    r.descendants = this.ranges.length - 1 - f.index;
    if (code === 'r' || code === 'R') {
      const i = i32(this.data, f.start + 1);
      const target = (code === 'r' ? this.refRanges : this.internedRanges)[i];
      r.objectType = 'ref';
      if (target !== undefined) {
        r.target = target;
        const t = this.ranges[target]!;
        r.detail = `→ ${code === 'r' ? 'ref' : 'interned'} #${i}: ${t.detail}`;
      }
    } else {
      r.objectType = value.type;
      if (r.kind === 'object') r.detail = describe(value, this.data, f.start, this.layout);
      if (value.type === 'code') r.codeId = value.code.id;
    }
    if (f.refSlot >= 0) {
      r.refIndex = f.refSlot;
      this.refRanges[f.refSlot] = f.index;
    }
    if (code === 't' && this.layout === '2.7') {
      r.internIndex = this.internedRanges.length;
      this.internedRanges.push(f.index);
    }
  }

  /** The label of the next child of `f`. */
  private childLabel(f: Frame): string {
    const code = String.fromCharCode(f.byte & 0x7f);
    const k = f.children;
    if (code === 'c') return CODE_FIELDS[this.layout].objects[k] ?? `field ${k}`;
    if (code === '{' || code === '}') return `${k % 2 ? 'value' : 'key'} ${k >> 1}`;
    if (code === ':') return ['start', 'stop', 'step'][k] ?? `[${k}]`;
    return `[${k}]`;
  }

  private typeDetail(f: Frame): string {
    const code = String.fromCharCode(f.byte & 0x7f);
    const name = code === 's' && this.layout === '2.7' ? 'str' : TYPE_NAMES[code] ?? 'unknown type';
    const flag = f.byte & 0x80 ? ` | FLAG_REF${f.refSlot >= 0 ? ` (ref #${f.refSlot})` : ''}` : '';
    return `${JSON.stringify(code)} ${name}${flag}`;
  }

  /**
   * Names the bytes of object `f` from its next unnamed byte up to `to` (where its next child starts, or, when
   * `last`, where it ends): its type code first, then what its type code says comes before this child.
   */
  private fillGap(f: Frame, to: number, last: boolean): void {
    const d = this.data;
    const depth = this.ranges[f.index]!.depth + 1;
    const leaf = (n: number, label: string, kind: ByteRangeKind, detail: string) => {
      const end = Math.min(f.cursor + n, to);
      this.leaf(f.cursor, end, depth, f.index, label, kind, detail);
      f.cursor = end;
    };
    const code = String.fromCharCode(f.byte & 0x7f);
    if (f.cursor === f.start) leaf(1, 'type', 'type', this.typeDetail(f));
    const k = f.children;
    switch (code) {
      case '(': case '[': case '<': case '>':
        if (k === 0) leaf(4, 'length', 'length', String(i32(d, f.cursor)));
        break;
      case ')':
        if (k === 0) leaf(1, 'length', 'length', String(d[f.cursor]));
        break;
      case '{': case '}':
        if (last) leaf(1, 'end', 'end', 'NULL: end of the entries');
        break;
      case 'c': {
        const fields = CODE_FIELDS[this.layout];
        if (k === 0) {
          let ints = fields.ints;
          if ((to - f.cursor) / 4 === ints.length - 1) ints = ints.filter((n) => n !== 'co_posonlyargcount'); // 3.8 alphas
          for (const name of ints) {
            const v = i32(d, f.cursor);
            leaf(4, name, 'number', name === 'co_flags' ? `0x${(v >>> 0).toString(16)}` : String(v));
          }
        } else if (k === 8) leaf(4, 'co_firstlineno', 'number', String(i32(d, f.cursor)));
        break;
      }
      case 'i': leaf(4, 'value', 'number', String(i32(d, f.cursor))); break;
      case 'I': case 'g': leaf(8, 'value', 'number', ''); break;
      case 'y': leaf(8, 'real', 'number', ''); leaf(8, 'imag', 'number', ''); break;
      case 'l': {
        const n = i32(d, f.cursor);
        leaf(4, 'digit count', 'length', `${n} (${Math.abs(n)} digits of 15 bits${n < 0 ? ', negative' : ''})`);
        leaf(to - f.cursor, 'digits', 'number', '');
        break;
      }
      case 'f':
        leaf(1, 'length', 'length', String(d[f.cursor]));
        leaf(to - f.cursor, 'value', 'number', '');
        break;
      case 'x': {
        leaf(1, 'real length', 'length', String(d[f.cursor]));
        leaf(d[f.start + 1]!, 'real', 'number', '');
        leaf(1, 'imag length', 'length', String(d[f.cursor]));
        leaf(to - f.cursor, 'imag', 'number', '');
        break;
      }
      case 's': case 't': case 'u': case 'a': case 'A':
        leaf(4, 'length', 'length', String(u32(d, f.cursor)));
        leaf(to - f.cursor, 'payload', payloadKind(code, this.ranges[f.index]!.label, this.layout), '');
        break;
      case 'z': case 'Z':
        leaf(1, 'length', 'length', String(d[f.cursor]));
        leaf(to - f.cursor, 'payload', 'text', '');
        break;
      case 'r': case 'R':
        leaf(4, 'ref index', 'ref', `#${i32(d, f.cursor)}`);
        break;
      default:
        break;
    }
    if (f.cursor !== to) {
      // The reader accepted bytes that the type code does not account for: a bug here, never bad input.
      throw new Error(`byte map: ${to - f.cursor} unnamed bytes at ${f.cursor} in a ${JSON.stringify(code)} object at ${f.start}`);
    }
  }
}

/** The kind of a string object's payload: by the code object field that holds it. */
function payloadKind(code: string, label: string, layout: CodeLayout): ByteRangeKind {
  if (label === 'co_code') return 'bytecode';
  if (label === 'co_linetable' || label === 'co_lnotab' || label === 'co_exceptiontable') return 'table';
  return code === 's' && layout !== '2.7' ? 'bytes' : 'text';
}

/** A few words on a value (its range's {@link ByteRange.detail}). */
function describe(v: PyObject, data: Uint8Array, at: number, layout: CodeLayout): string {
  switch (v.type) {
    case 'None': case 'Ellipsis': case 'StopIteration': return v.type;
    case 'Unknown': return 'unknown';
    case 'bool': return v.value ? 'True' : 'False';
    case 'int': {
      // A huge int in decimal would cost time for nothing: its size is shown instead.
      const bits = (data[at]! & 0x7f) === 0x6c ? Math.abs(i32(data, at + 1)) * 15 : 64;
      return bits <= 256 ? reprInt(v.value) : `int of about ${Math.ceil(bits * 0.30103)} digits`;
    }
    case 'float': return reprFloat(v.value);
    case 'complex': return reprComplex(v.real, v.imag);
    case 'str': return quoteShort(v.value);
    case 'bytes': {
      const size = `${v.value.length} byte${v.value.length === 1 ? '' : 's'}`;
      // A Python 2 str is bytes: its text is shown too.
      return layout === '2.7' ? `${size}: ${quoteShort(latin1(v.value.subarray(0, 61)))}` : size;
    }
    case 'tuple': case 'list': case 'set': case 'frozenset': return `${v.type} of ${v.items.length}`;
    case 'dict': case 'frozendict': return `${v.type} of ${v.entries.length}`;
    case 'slice': return 'slice';
    case 'code': return `code ${v.code.name}`;
  }
}

/**
 * The byte map of a `.pyc` (or, with `raw` and `forceVersion`, of a bare marshal stream holding any object).
 * Throws a {@link BytescopeError} where `readPyc` would, and a `limit` one beyond `maxRanges` ranges.
 */
export function byteMap(data: Uint8Array, options: ByteMapOptions = {}): ByteMap {
  const at = locateMarshal(data, options);
  const maxRanges = options.maxRanges ?? MAX_BYTE_MAP_RANGES;
  const head: MutableRange[] = [];
  if (at.header) {
    const h = at.header;
    head.push({ start: 0, end: h.size, depth: 0, parent: -1, label: 'header', kind: 'header', detail: `${h.size} bytes, CPython ${h.magic.version}`, descendants: 0 });
    for (const f of pycHeaderFields(h)) head.push({ start: f.start, end: f.end, depth: 1, parent: 0, label: f.name, kind: 'header', detail: headerDetail(h, f.name), descendants: 0 });
    head[0]!.descendants = head.length - 1;
  }
  const reader = new RecordingReader(data, at.start, codeLayoutFor(at.version), maxRanges - head.length);
  const { value, end } = readWith(reader);
  const file = value.type === 'code' || !options.raw ? pycFileOf(data, at, value, end) : undefined;
  const ranges: MutableRange[] = head;
  // The object's ranges follow the header's: shift their parent and target indexes.
  const shift = head.length;
  for (const r of reader.ranges) {
    if (r.parent >= 0) r.parent += shift;
    if (r.target !== undefined) r.target += shift;
    ranges.push(r);
  }
  if (end < data.length) {
    if (ranges.length >= maxRanges) throw new BytescopeError('limit', `byte map of more than ${maxRanges} ranges`, end);
    ranges.push({ start: end, end: data.length, depth: 0, parent: -1, label: 'trailing', kind: 'trailing', detail: `${data.length - end} bytes after the object`, descendants: 0 });
  }
  let n = 0;
  for (const r of ranges) if (r.descendants === 0) n++;
  const leaves = new Int32Array(n);
  n = 0;
  for (let i = 0; i < ranges.length; i++) if (ranges[i]!.descendants === 0) leaves[n++] = i;
  return { ranges, leaves, size: data.length, version: at.version, header: at.header, value, file };
}

function headerDetail(h: PycHeader, field: string): string {
  switch (field) {
    case 'magic': return `${h.magic.magic}: CPython ${h.magic.version}${h.magic.prerelease ? ' (a pre-release)' : ''}`;
    case 'flags': return `0x${h.flags.toString(16)}: ${h.invalidation}`;
    case 'mtime': return h.mtime === undefined ? '' : `${h.mtime} (${new Date(h.mtime * 1000).toISOString().replace('.000Z', 'Z')})`;
    case 'source_size': return `${h.sourceSize} bytes`;
    default: return h.sourceHash ?? '';
  }
}

/** The index (into {@link ByteMap.ranges}) of the leaf holding byte `offset`, or -1 outside the input. */
export function leafAt(map: ByteMap, offset: number): number {
  const { leaves, ranges } = map;
  let lo = 0;
  let hi = leaves.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[leaves[mid]!]!;
    if (offset < r.start) hi = mid - 1;
    else if (offset >= r.end) lo = mid + 1;
    else return leaves[mid]!;
  }
  return -1;
}

/** The indexes of range `index` and its ancestors, outermost first. */
export function rangePath(map: ByteMap, index: number): number[] {
  const path: number[] = [];
  for (let i = index; i >= 0; i = map.ranges[i]!.parent) path.push(i);
  return path.reverse();
}

/**
 * How range `index` reads in a path: its label, and a code object's name after it (`[2] › code f`; the module's
 * code object is just `code <module>`).
 */
export function rangeName(map: ByteMap, index: number): string {
  const r = map.ranges[index]!;
  if (r.objectType !== 'code' || r.kind !== 'object') return r.label;
  return r.depth > 0 ? `${r.label} › ${r.detail}` : r.detail;
}

/**
 * The path of a range as people read it, outermost first, each code object named:
 * `code <module> › co_consts › [2] › code f › co_code › payload`.
 */
export function formatRangePath(map: ByteMap, index: number): string {
  return rangePath(map, index).map((i) => rangeName(map, i)).join(' › ');
}

/** The indexes of the children of range `index` (of the ranges at depth 0 when `index` is -1), in file order. */
export function childRanges(map: ByteMap, index: number): number[] {
  const out: number[] = [];
  const stop = index < 0 ? map.ranges.length : index + map.ranges[index]!.descendants + 1;
  for (let i = index + 1; i < stop; i += map.ranges[i]!.descendants + 1) out.push(i);
  return out;
}

/** The child of range `index` (-1: depth 0) labelled `label`, or -1. */
export function childByLabel(map: ByteMap, index: number, label: string): number {
  for (const i of childRanges(map, index)) if (map.ranges[i]!.label === label) return i;
  return -1;
}

/** The range a back-reference refers to (followed through references to references); any other range itself. */
export function resolveRef(map: ByteMap, index: number): number {
  let i = index;
  for (let n = 0; n < map.ranges.length && map.ranges[i]?.target !== undefined; n++) i = map.ranges[i]!.target!;
  return i;
}
