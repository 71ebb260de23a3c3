/**
 * The JSON model of a disassembly (`bytescope.dis/1`): a plain, JSON-serializable, deterministic object with the
 * file's header, then every code object in `dis` order with what `dis.code_info` shows, its exception table, line
 * starts, and per instruction the fields of that version's `dis.Instruction` with CPython's semantics, plus a few
 * documented extras. The schema is described field by field in `docs/json-schema.md`.
 *
 * The model is a view of {@link decodeCode}: it computes nothing about instructions that the decoder does not.
 */
import type { CodeObject } from '../pyc/code-object.js';
import { codeRepr } from '../text/dis-text.js';
import { BytescopeError, isStackOverflow, outputBudget } from '../errors.js';
import type { ExceptionTableEntry } from '../bytecode/exception-table.js';
import { decodeCode, type ArgValue, type DecodedCode, type Instruction } from '../bytecode/decode.js';
import type { PyObject } from '../pyc/objects.js';
import type { PycFile } from '../pyc/read-pyc.js';
import { MAX_CODE_TREE_NODES, codeTree, type CodeTreeNode } from '../pyc/code-tree.js';
import { REPR_MAX_DEPTH, reprInt, reprObject } from '../text/repr.js';
import { getVersion, type VersionInfo } from '../version/registry.js';

/** The schema identifier written in {@link BytescopeJson.schema}. Bumped on any incompatible change. */
export const JSON_SCHEMA_ID = 'bytescope.dis/1';

/**
 * A Python value in JSON: `None` → `null`, `bool` → boolean, `str` → string, `int` → number when it is a safe
 * integer (|n| < 2**53), `tuple` → array of encoded items; anything else → {@link JsonPyObject}.
 */
export type JsonPyValue = null | boolean | number | string | readonly JsonPyValue[] | JsonPyObject;

/** The `type` of a {@link JsonPyObject}. */
export type JsonPyType =
  | 'int' | 'float' | 'complex' | 'bytes' | 'tuple' | 'list' | 'set' | 'frozenset' | 'dict' | 'frozendict'
  | 'slice' | 'code' | 'ellipsis' | 'type' | 'marshal_unknown' | 'unknown';

/**
 * A Python value that has no direct JSON form. `repr` is always CPython's `repr()` of the value (code objects carry
 * Bytescope's synthetic address). `value`, when present, is a typed encoding:
 *
 * - `int` (only outside the safe range): the decimal digits, as a string (absent, with `truncated: true`, for an int of
 *   more than {@link REPR_MAX_INT_DIGITS} digits, whose `repr` is then the marker described there);
 * - `float`: the number (absent for `inf`, `-inf`, `nan`; `-0.0` encodes as `0`, `repr` keeps the sign);
 * - `complex`: `[real, imag]` (absent when either part is not finite);
 * - `bytes`: lowercase hex of the bytes;
 * - `list`, `set`, `frozenset`: the encoded items in marshal order;
 * - `dict`, `frozendict`: `[key, value]` pairs, encoded, in marshal order;
 * - `slice`: `[start, stop, step]`, encoded;
 * - `code`: the index of this code object in {@link BytescopeJson.code_objects} (absent when it is not there,
 *   e.g. a code object inside a tuple, or beyond the requested depth);
 * - `type`: the class name (`StopIteration`);
 * - `ellipsis`, `marshal_unknown` (marshal's `?` marker), `unknown` (`dis.UNKNOWN`): no value.
 *
 * `truncated: true` marks a container that contains itself (`repr` is then CPython's `(...)`, `[...]`, …) or one
 * nested deeper than the repr depth limit, and an int too long to print; it has no `value`. A `tuple` only appears as a
 * `JsonPyObject` in that case; otherwise tuples are arrays.
 */
export interface JsonPyObject {
  readonly type: JsonPyType;
  readonly repr: string;
  readonly value?: string | number | readonly JsonPyValue[] | readonly (readonly [JsonPyValue, JsonPyValue])[];
  readonly truncated?: true;
}

/** One entry of `co_consts`: its `repr` (as `dis.code_info` prints it) and its typed encoding. */
export interface JsonConst {
  readonly repr: string;
  readonly value: JsonPyValue;
}

/** `dis.Positions`: `[lineno, end_lineno, col_offset, end_col_offset]`, each possibly null. */
export type JsonPositions = readonly [number | null, number | null, number | null, number | null];

/** One element of CPython 3.13+'s `Instruction.cache_info`: `(name, size, data)` with `data` as hex. */
export type JsonCacheInfoItem = readonly [name: string, size: number, data: string];

/** One field of an instruction's inline cache (extra). */
export interface JsonCacheField {
  readonly name: string;
  /** Byte offset of the field's first code unit. */
  readonly offset: number;
  /** Size in code units. */
  readonly size: number;
  /** The field's bytes, lowercase hex (all zero in a `.pyc`). */
  readonly data: string;
}

/** An instruction's inline cache (extra; 3.11+). */
export interface JsonCache {
  /** Byte offset of the first cache unit (`Instruction.cache_offset` in 3.13+). */
  readonly offset: number;
  /** Number of cache code units. */
  readonly units: number;
  readonly fields: readonly JsonCacheField[];
}

/** The exception-table entry in effect for an instruction (extra; 3.11+). */
export interface JsonExceptionHandler {
  /** Index of the entry in the code object's `exception_table`. */
  readonly entry: number;
  readonly target: number;
  /** 3.13+: label of the target; null before. */
  readonly target_label: number | null;
  readonly depth: number;
  readonly lasti: boolean;
}

/**
 * One instruction: the fields of the version's `dis.Instruction` (as `dis.Bytecode` yields them, i.e. with the
 * labels of the `dis()` listing), then extras. Optional members are present exactly in the versions noted.
 */
export interface JsonInstruction {
  readonly opname: string;
  readonly opcode: number;
  readonly arg: number | null;
  readonly argval: JsonPyValue;
  readonly argrepr: string;
  readonly offset: number;
  /** 3.13+: offset of the first EXTENDED_ARG prefix (= `offset` when none). */
  readonly start_offset?: number;
  /** 3.10–3.12: the line number when a line starts here, else null. 3.13+: whether a line starts here. */
  readonly starts_line: number | boolean | null;
  /** 3.13+: the current source line (null: none). */
  readonly line_number?: number | null;
  /** 3.10–3.12: an `Instruction` field; 3.13+: the property `label is not None`. Present in every version. */
  readonly is_jump_target: boolean;
  /** 3.13+: the label number (`L<n>`), or null. */
  readonly label?: number | null;
  /** 3.11+: source positions. */
  readonly positions?: JsonPositions;
  /** 3.13+: `(name, size, data)` per cache field, or null when the instruction has no cache. */
  readonly cache_info?: readonly JsonCacheInfoItem[] | null;
  // Extras (every version).
  /** The de-specialized opcode (`baseopcode`). */
  readonly base_opcode: number;
  /** `baseopname`. */
  readonly base_opname: string;
  /**
   * The instruction's own source line in every version: the line `co_lines()` gives for its offset (null: none).
   * Unlike 3.10–3.12's `starts_line` it is set on every instruction; unlike `line_number` it exists before 3.13.
   */
  readonly line: number | null;
  /** Byte offset a jump goes to, or null for non-jumps. */
  readonly jump_target: number | null;
  /** Inline cache, or null when the instruction has none. */
  readonly cache: JsonCache | null;
  /** Indices of the `exception_table` entries whose range covers this instruction, in table order. */
  readonly exception_entries: readonly number[];
  /** The entry an exception raised here goes to (the first covering entry, as CPython searches), or null. */
  readonly exception_handler: JsonExceptionHandler | null;
}

/** One exception-table entry, in bytes: `[start, end)` → `target`. Labels are 3.13+ only (null before). */
export interface JsonExceptionEntry {
  readonly start: number;
  /** Exclusive end. (3.11/3.12 `dis` prints `end - 2`.) */
  readonly end: number;
  readonly target: number;
  readonly depth: number;
  readonly lasti: boolean;
  readonly start_label: number | null;
  readonly end_label: number | null;
  readonly target_label: number | null;
}

/** One code object, with its place in the tree. */
export interface JsonCodeObject {
  /** Position in {@link BytescopeJson.code_objects}. */
  readonly index: number;
  /** Index of the code object whose `co_consts` holds this one, or null for the module. */
  readonly parent: number | null;
  /** Index in the parent's `co_consts`, or null for the module. */
  readonly const_index: number | null;
  /** Nesting depth (module: 0). */
  readonly depth: number;
  /** `repr(code)` with Bytescope's synthetic address. */
  readonly repr: string;
  readonly co_name: string;
  /** 3.11+ (stored in the marshalled code object); null in 3.10. */
  readonly co_qualname: string | null;
  readonly co_filename: string;
  readonly co_firstlineno: number;
  readonly co_argcount: number;
  readonly co_posonlyargcount: number;
  readonly co_kwonlyargcount: number;
  readonly co_nlocals: number;
  readonly co_stacksize: number;
  readonly co_flags: number;
  /** The names `pretty_flags` joins: known flags by name, unknown bits as hex, `["0x0"]` when none. */
  readonly flag_names: readonly string[];
  /** `dis.pretty_flags(co_flags)`, as `code_info` prints it after `Flags:`. */
  readonly pretty_flags: string;
  readonly co_consts: readonly JsonConst[];
  readonly co_names: readonly string[];
  readonly co_varnames: readonly string[];
  readonly co_cellvars: readonly string[];
  readonly co_freevars: readonly string[];
  /** Length of `co_code` in bytes. */
  readonly code_size: number;
  /** `co_lines()`: `[start, end, line]` ranges (line null: none). */
  readonly co_lines: readonly (readonly [number, number, number | null])[];
  /** `dis.findlinestarts` of the version: `[offset, line]` (3.13+: line may be null for a line-less block). */
  readonly line_starts: readonly (readonly [number, number | null])[];
  /** 3.13+ labels as `[offset, label]`, sorted by offset (jump targets and exception-table bounds); empty before. */
  readonly labels: readonly (readonly [number, number])[];
  /** 3.11+ exception table, in table order; empty before. */
  readonly exception_table: readonly JsonExceptionEntry[];
  /** `instructions.length`, known without building them (see {@link JsonModelOptions.lazyInstructions}). */
  readonly instruction_count: number;
  readonly instructions: readonly JsonInstruction[];
}

/** The `.pyc` header. */
export interface JsonHeader {
  readonly magic: number;
  /** The version the magic number names. */
  readonly magic_version: string;
  /** True for a magic number of an alpha/beta/rc. */
  readonly prerelease: boolean;
  /** The PEP 552 flags word. */
  readonly flags: number;
  readonly invalidation: 'timestamp' | 'checked-hash' | 'unchecked-hash';
  /** Source mtime, seconds since the epoch (timestamp pycs), else null. */
  readonly mtime: number | null;
  /** Source size modulo 2**32 (timestamp pycs), else null. */
  readonly source_size: number | null;
  /** Source hash, 16 hex digits as stored (hash-based pycs), else null. */
  readonly source_hash: string | null;
  /** Header length in bytes. */
  readonly size: number;
}

/** The whole document. */
export interface BytescopeJson {
  /** Always {@link JSON_SCHEMA_ID}. */
  readonly schema: typeof JSON_SCHEMA_ID;
  /** The CPython `major.minor` whose `dis` the instructions follow. */
  readonly python_version: string;
  /** The `.pyc` header, or null for a bare code object. */
  readonly header: JsonHeader | null;
  /** Bytes after the marshalled code object, or null when unknown (bare code object input). */
  readonly trailing_bytes: number | null;
  /** The module code object first, then nested code objects depth-first in `co_consts` order (`dis` order). */
  readonly code_objects: readonly JsonCodeObject[];
}

/** Options of {@link toJsonModel}. */
export interface JsonModelOptions {
  /** Like `dis`'s `depth`: how many levels of nested code objects to include (undefined: all; 0: the module only). */
  readonly depth?: number;
  /**
   * The most characters the document may take as `JSON.stringify(model, null, 1)` writes it (estimated from the
   * model as it is built, and never below the compact form). Default: see {@link jsonOutputBudget}.
   */
  readonly maxOutputChars?: number;
  /**
   * Build each code object's `instructions` when it is first read instead of at once (for a viewer that shows a
   * few code objects of a large file). Everything else is built at once. The output budget still holds: an access
   * that would exceed it throws the `limit` error there. `instruction_count` is known without building them.
   */
  readonly lazyInstructions?: boolean;
}

/** The largest JSON document {@link toJsonModel} builds by default, in characters (256 Mi). */
export const JSON_MAX_OUTPUT = 256 * 1024 * 1024;

/** The JSON output always allowed for a `.pyc`, however small (16 Mi characters). */
export const JSON_MIN_OUTPUT = 16 * 1024 * 1024;

/**
 * Characters of JSON allowed per byte of a `.pyc` above {@link JSON_MIN_OUTPUT}: the modules of CPython's stdlib take
 * 30 to 45 (written with `JSON.stringify(model, null, 1)`), so this leaves room for constants loaded many times.
 */
export const JSON_OUTPUT_PER_BYTE = 256;

/**
 * The default output budget of {@link toJsonModel}: for a `.pyc` of `inputBytes` bytes, `inputBytes *`
 * {@link JSON_OUTPUT_PER_BYTE} characters, at least {@link JSON_MIN_OUTPUT} and at most {@link JSON_MAX_OUTPUT};
 * {@link JSON_MAX_OUTPUT} when the input size is unknown. Proportional to the input, so that a small hostile file
 * (a constant or code object shared through marshal back-references and listed at every occurrence, a large constant
 * loaded by thousands of instructions) fails fast with a `limit` error instead of building hundreds of megabytes.
 */
export function jsonOutputBudget(inputBytes?: number): number {
  return outputBudget(inputBytes, JSON_OUTPUT_PER_BYTE, JSON_MIN_OUTPUT, JSON_MAX_OUTPUT);
}

/** Input of {@link toJsonModel}: a loaded `.pyc`, or a code object and the version to disassemble it as. */
export type JsonModelInput = PycFile | { readonly code: CodeObject; readonly version: string };

/**
 * The names of `dis.Instruction`'s namedtuple fields in `version`, in order (3.10: 8 fields; 3.11/3.12: + positions;
 * 3.13+: 12 fields). Every one of them is present in a {@link JsonInstruction} of that version.
 */
export function disInstructionFields(v: VersionInfo): readonly string[] {
  if (v.features.labelsInListing) {
    return ['opname', 'opcode', 'arg', 'argval', 'argrepr', 'offset', 'start_offset', 'starts_line', 'line_number',
      'label', 'positions', 'cache_info'];
  }
  const base = ['opname', 'opcode', 'arg', 'argval', 'argrepr', 'offset', 'starts_line', 'is_jump_target'];
  return v.features.locationTable ? [...base, 'positions'] : base;
}

/** `dis.pretty_flags(flags)` as its list of names (joined with `", "` it is the text `code_info` prints). */
export function prettyFlagNames(flags: number, v: VersionInfo): string[] {
  const known = new Map<bigint, string>(v.table.data.compilerFlagNames.map(([bit, name]) => [BigInt(bit), name]));
  const names: string[] = [];
  let f = BigInt(flags);
  const hex = (n: bigint) => (n < 0n ? '-0x' + (-n).toString(16) : '0x' + n.toString(16));
  for (let i = 0n; i < 32n; i++) {
    const flag = 1n << i;
    if (f & flag) {
      names.push(known.get(flag) ?? hex(flag));
      f ^= flag;
      if (!f) return names;
    }
  }
  names.push(hex(f));
  return names;
}

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function hexBytes(b: Uint8Array, start = 0, end = b.length): string {
  end = Math.min(end, b.length);
  if (end - start <= 64) {
    let s = '';
    for (let i = start; i < end; i++) s += HEX_PAIRS[b[i]!]!;
    return s;
  }
  const chunks: string[] = [];
  for (let i = start; i < end; i += 8192) {
    const part: string[] = [];
    for (let j = i; j < Math.min(i + 8192, end); j++) part.push(HEX_PAIRS[b[j]!]!);
    chunks.push(part.join(''));
  }
  return chunks.join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Output accounting

/**
 * The size of a JSON value as `JSON.stringify(value, null, 1)` writes it, relative to the indentation `L` of the line
 * its first character is on: `c` characters without line breaks and indentation (`": "` counted with its space),
 * `n` line breaks, and `r` indentation of those lines beyond `L`; the total is `c + n * (1 + L) + r`.
 */
interface Cost { readonly c: number; readonly n: number; readonly r: number }

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(s).length`. */
function jsonStringLength(s: string): number {
  let n = s.length + 2;
  if (!NEEDS_ESCAPE.test(s)) return n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 1 : 5;
    else if (c === 0x22 || c === 0x5c) n += 1;
    else if (c >= 0xd800 && c < 0xe000) {
      if (c < 0xdc00 && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) { i++; continue; }
      }
      n += 5; // a lone surrogate is written as \\udXXX
    }
  }
  return n;
}

const NO_COST: Cost = { c: 0, n: 0, r: 0 };

/** Accumulates the {@link Cost} of an array or object from its elements (or members, with their keys' length). */
class CostSum {
  private c = 2;
  private n = 0;
  private r = 0;
  private k = 0;

  add(x: Cost, keyChars = 0): void {
    this.c += x.c + (keyChars ? keyChars + 2 : 0); // `"key": `
    this.n += 1 + x.n;
    this.r += 1 + x.r + x.n;
    this.k++;
  }

  /** Adds a value written on one line of `chars` characters. */
  leaf(chars: number, keyChars = 0): void {
    this.c += chars + (keyChars ? keyChars + 2 : 0);
    this.n += 1;
    this.r += 1;
    this.k++;
  }

  get partialChars(): number {
    return this.c;
  }

  done(): Cost {
    return this.k ? { c: this.c + this.k - 1, n: this.n + 1, r: this.r } : { c: 2, n: 0, r: 0 };
  }
}

/** Tracks the estimated size of the document being built against its budget. */
class Meter {
  private total = 0;

  constructor(private readonly max: number) {}

  private fail(): never {
    throw new BytescopeError('limit', `the JSON model would exceed ${this.max} characters (constants or code objects shared through marshal back-references are written at every occurrence); see JsonModelOptions.maxOutputChars`);
  }

  /** Fails unless `chars` more characters would still fit. */
  need(chars: number): void {
    if (this.total + chars > this.max) this.fail();
  }

  /** Adds a value placed at indentation `level` to the total. */
  charge(cost: Cost, level: number): void {
    this.total += cost.c + cost.n * (1 + level) + cost.r;
    if (this.total > this.max) this.fail();
  }

  /** `JSON.stringify(s).length`, refusing a string that cannot fit before scanning it. */
  str(s: string): Cost {
    this.need(s.length);
    return { c: jsonStringLength(s), n: 0, r: 0 };
  }

  /**
   * The {@link Cost} of a small JSON value walked in full (no sharing assumed); `special` supplies the cost of
   * particular members of the top object (e.g. a shared encoded constant).
   */
  walk(v: unknown, special?: Readonly<Record<string, Cost | undefined>>): Cost {
    switch (typeof v) {
      case 'string': return this.str(v);
      case 'number': return { c: numberChars(v), n: 0, r: 0 };
      case 'boolean': return { c: v ? 4 : 5, n: 0, r: 0 };
      case 'object': break;
      default: return { c: 4, n: 0, r: 0 };
    }
    if (v === null) return { c: 4, n: 0, r: 0 };
    const sum = new CostSum();
    if (Array.isArray(v)) {
      for (const x of v) this.walkInto(sum, x, 0);
    } else {
      const o = v as Record<string, unknown>;
      for (const key in o) {
        const x = o[key];
        if (x === undefined) continue;
        const known = special && special[key];
        if (known) sum.add(known, key.length + 2);
        else this.walkInto(sum, x, key.length + 2);
      }
    }
    this.need(sum.partialChars);
    return sum.done();
  }

  private walkInto(sum: CostSum, x: unknown, keyChars: number): void {
    switch (typeof x) {
      case 'string':
        if (x.length < 32) sum.leaf(shortStringChars(x), keyChars);
        else sum.add(this.str(x), keyChars);
        return;
      case 'number': sum.leaf(numberChars(x), keyChars); return;
      case 'boolean': sum.leaf(x ? 4 : 5, keyChars); return;
      case 'object':
        if (x === null) sum.leaf(4, keyChars);
        else sum.add(this.walk(x), keyChars);
        return;
      default: sum.leaf(4, keyChars);
    }
  }
}

/** `String(x).length` of a JSON number. */
function numberChars(x: number): number {
  if (x >= 0 && x < 1e9 && x === Math.floor(x)) return x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 1e4 ? 4 : x < 1e5 ? 5 : x < 1e6 ? 6 : x < 1e7 ? 7 : x < 1e8 ? 8 : 9;
  return String(x).length;
}

/** {@link jsonStringLength} of a short string, without a regular expression. */
function shortStringChars(s: string): number {
  let n = s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c < 0xe000)) return jsonStringLength(s);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** What an encoding depends on besides the value (see `ReprBuilder` in repr.ts). */
const enum Taint { None = 0, Depth = 1, Cycle = 2 }

/** An encoded value and its size. */
interface Encoded { readonly value: JsonPyValue; readonly cost: Cost }

/** Strings, bytes and ints at least this long are remembered by the encoder. */
const ENCODE_MEMO_MIN = 64;

/**
 * Encodes Python values for one document. Encodings are remembered by value object, so a value shared through
 * marshal back-references is encoded once and appears as one shared JavaScript object at each of its occurrences
 * (`JSON.stringify` writes it out at each); the remembered {@link Cost} lets the {@link Meter} account for every
 * occurrence without walking it again.
 */
class ValueEncoder {
  private readonly memo = new Map<PyObject, Encoded & { readonly height: number }>();
  private readonly depthMemo = new Map<PyObject, Map<number, Encoded>>();
  private readonly active = new Set<PyObject>();
  private h = 0;
  private taint = Taint.None;

  constructor(private readonly v: VersionInfo, private readonly meter: Meter) {}

  private repr(o: PyObject): string {
    return reprObject(o, this.v.printable);
  }

  /** The encoding of a constant; a code object gets `codeIndex` as its value when it is listed. */
  encode(o: PyObject, codeIndex?: number): Encoded {
    if (o.type === 'code') {
      const value: JsonPyValue = codeIndex === undefined ? { type: 'code', repr: this.repr(o) } : { type: 'code', repr: this.repr(o), value: codeIndex };
      return { value, cost: this.meter.walk(value) };
    }
    return this.at(o, 0);
  }

  /** A small value, walked for its size. */
  private small(value: JsonPyValue): Encoded {
    return { value, cost: this.meter.walk(value) };
  }

  private at(o: PyObject, depth: number): Encoded {
    this.h = 0;
    this.taint = Taint.None;
    switch (o.type) {
      case 'None': return { value: null, cost: { c: 4, n: 0, r: 0 } };
      case 'bool': return { value: o.value, cost: { c: o.value ? 4 : 5, n: 0, r: 0 } };
      case 'str':
        return o.value.length < ENCODE_MEMO_MIN ? { value: o.value, cost: this.meter.str(o.value) }
          : this.scalar(o, () => ({ value: o.value, cost: this.meter.str(o.value) }));
      case 'int': {
        const n = Number(o.value);
        if (Number.isSafeInteger(n)) return { value: n, cost: { c: String(n).length, n: 0, r: 0 } };
        return this.scalar(o, () => {
          const s = reprInt(o.value);
          return this.small(s.startsWith('<') ? { type: 'int', repr: s, truncated: true } : { type: 'int', repr: s, value: s });
        });
      }
      case 'float':
        return this.small(Number.isFinite(o.value) ? { type: 'float', repr: this.repr(o), value: o.value === 0 ? 0 : o.value } : { type: 'float', repr: this.repr(o) });
      case 'complex':
        return this.small(Number.isFinite(o.real) && Number.isFinite(o.imag)
          ? { type: 'complex', repr: this.repr(o), value: [o.real === 0 ? 0 : o.real, o.imag === 0 ? 0 : o.imag] }
          : { type: 'complex', repr: this.repr(o) });
      case 'bytes': {
        const make = () => {
          this.meter.need(2 * o.value.length);
          return this.small({ type: 'bytes', repr: this.repr(o), value: hexBytes(o.value) });
        };
        return o.value.length < ENCODE_MEMO_MIN ? make() : this.scalar(o, make);
      }
      case 'Ellipsis': return this.small({ type: 'ellipsis', repr: 'Ellipsis' });
      case 'StopIteration': return this.small({ type: 'type', repr: this.repr(o), value: 'StopIteration' });
      case 'Unknown': return this.small({ type: 'marshal_unknown', repr: this.repr(o) });
      case 'code': return this.small({ type: 'code', repr: this.repr(o) }); // not a co_consts entry itself: no index
      default: break;
    }
    // Containers: guard against self-containment (marshal back-references) and excessive depth, like repr().
    const m = this.memo.get(o);
    if (m && depth + m.height - 1 < REPR_MAX_DEPTH) {
      this.h = m.height;
      return m;
    }
    this.h = 1;
    if (depth >= REPR_MAX_DEPTH || this.active.has(o)) {
      this.taint = depth >= REPR_MAX_DEPTH ? Taint.Depth : Taint.Cycle;
      return this.small({ type: o.type, repr: depth >= REPR_MAX_DEPTH ? '...' : CYCLE_TEXT[o.type] ?? '...', truncated: true });
    }
    const byDepth = this.depthMemo.get(o)?.get(depth);
    if (byDepth !== undefined) {
      this.taint = Taint.Depth;
      return byDepth;
    }
    this.active.add(o);
    // Items are visited in plain loops (no closures, no Array.map): one stack frame per level of nesting, as the
    // repr of each nested container recurses too.
    const d = depth + 1;
    let height = 0;
    let taint = Taint.None;
    const sum = new CostSum();
    let value: JsonPyValue;
    let cost: Cost;
    const isDict = o.type === 'dict' || o.type === 'frozendict';
    const xs: readonly PyObject[] = o.type === 'slice' ? [o.start, o.stop, o.step] : 'items' in o ? o.items : o.entries.flat();
    const items: JsonPyValue[] = [];
    let pair: CostSum | undefined;
    for (let i = 0; i < xs.length; i++) {
      const e = this.at(xs[i]!, d);
      if (this.h > height) height = this.h;
      if (this.taint > taint) taint = this.taint;
      if (isDict) {
        // Each entry is a two-element array [key, value].
        if (i % 2 === 0) { pair = new CostSum(); pair.add(e.cost); items.push([e.value] as unknown as JsonPyValue); continue; }
        pair!.add(e.cost);
        (items[items.length - 1] as unknown as JsonPyValue[]).push(e.value);
        sum.add(pair!.done());
      } else {
        items.push(e.value);
        sum.add(e.cost);
      }
      this.meter.need(sum.partialChars);
    }
    if (o.type === 'tuple') {
      value = items;
      cost = sum.done();
    } else {
      const repr = this.repr(o);
      value = { type: o.type, repr, value: items };
      const obj = new CostSum();
      obj.add(this.meter.str(o.type), 4);
      obj.add(this.meter.str(repr), 4);
      obj.add(sum.done(), 5);
      cost = obj.done();
    }
    this.active.delete(o);
    this.h = height + 1;
    this.taint = taint;
    const r: Encoded = { value, cost };
    if (taint === Taint.None) this.memo.set(o, { value, cost, height: this.h });
    else if (taint === Taint.Depth) {
      let byObject = this.depthMemo.get(o);
      if (!byObject) this.depthMemo.set(o, (byObject = new Map()));
      byObject.set(depth, r);
    }
    return r;
  }

  /** A scalar's encoding, remembered (for shared long strings, ints and bytes). */
  private scalar(o: PyObject, make: () => Encoded): Encoded {
    const m = this.memo.get(o);
    if (m) return m;
    const e = make();
    this.memo.set(o, { ...e, height: 0 });
    return e;
  }

  /** The encoding of an instruction's `argval` (a code object constant without its index: see `CodeEntry`). */
  argval(a: ArgValue): Encoded {
    switch (a.kind) {
      case 'none': return { value: null, cost: { c: 4, n: 0, r: 0 } };
      case 'int': case 'offset': return { value: a.value, cost: { c: String(a.value).length, n: 0, r: 0 } };
      case 'name': case 'compare': return { value: a.value, cost: this.meter.str(a.value) };
      case 'names': return this.small([a.value[0], a.value[1]]);
      case 'const': return this.encode(a.value);
      case 'format': return this.small([a.converter, a.withSpec]);
      case 'converter': return { value: a.value, cost: a.value === null ? { c: 4, n: 0, r: 0 } : this.meter.str(a.value) };
      case 'object': return this.small({ type: 'type', repr: a.repr });
      case 'unknown': return this.small({ type: 'unknown', repr: '<unknown>' });
    }
  }
}

const CYCLE_TEXT: Readonly<Record<string, string>> = {
  tuple: '(...)', list: '[...]', dict: '{...}', set: 'set(...)', frozenset: 'frozenset(...)', frozendict: 'frozendict(...)',
};

/**
 * The most code objects one document may list. Marshal back-references let a small file name the same code object
 * many times (and `dis` expands every occurrence), so a hostile file could otherwise ask for an exponential tree.
 */
export const JSON_MAX_CODE_OBJECTS = MAX_CODE_TREE_NODES;

function instructionJson(
  ins: Instruction, d: DecodedCode, v: VersionInfo, argval: JsonPyValue, entries: readonly number[],
): JsonInstruction {
  const f = v.features;
  const t = v.table;
  const r: Record<string, unknown> = {
    opname: ins.opname, opcode: ins.opcode, arg: ins.arg, argval, argrepr: ins.argrepr, offset: ins.offset,
  };
  const positions: JsonPositions = ins.positions ? [ins.positions[0], ins.positions[1], ins.positions[2], ins.positions[3]] : [null, null, null, null];
  const fields = t.data.cacheFormat[t.opname[ins.baseOpcode]!] ?? [];
  const code = d.code.code;
  if (f.labelsInListing) {
    r.start_offset = ins.startOffset;
    r.starts_line = ins.startsLine;
    r.line_number = ins.lineNumber;
    r.label = ins.label;
    r.positions = positions;
    if (ins.cacheUnits) {
      // As `dis` builds it; 3.13 reads every field from the first cache unit.
      let at = ins.offset + 2;
      r.cache_info = fields.map(([name, size]): JsonCacheInfoItem => {
        const item: JsonCacheInfoItem = [name, size, hexBytes(code, at, at + 2 * size)];
        if (!f.cacheValueFromFirstUnit) at += 2 * size;
        return item;
      });
    } else r.cache_info = null;
    r.is_jump_target = ins.isJumpTarget;
  } else {
    r.starts_line = ins.startsLine ? ins.lineNumber : null;
    r.is_jump_target = ins.isJumpTarget;
    if (f.locationTable) r.positions = positions;
  }
  r.base_opcode = ins.baseOpcode;
  r.base_opname = t.opname[ins.baseOpcode]!;
  r.line = ins.line;
  r.jump_target = ins.jumpTarget;
  if (ins.cacheUnits) {
    let at = ins.offset + 2;
    const cacheFields = fields.map(([name, size]): JsonCacheField => {
      const field = { name, offset: at, size, data: hexBytes(code, at, at + 2 * size) };
      at += 2 * size;
      return field;
    });
    r.cache = { offset: ins.offset + 2, units: ins.cacheUnits, fields: cacheFields };
  } else r.cache = null;
  r.exception_entries = entries;
  const first = entries.length ? d.exceptionTable[entries[0]!]! : undefined;
  r.exception_handler = first === undefined ? null : {
    entry: entries[0]!, target: first.target, target_label: f.labelsInListing ? d.labels.get(first.target) ?? null : null,
    depth: first.depth, lasti: first.lasti,
  };
  return r as unknown as JsonInstruction;
}

/**
 * For each instruction (offsets ascending), the indices of the exception-table entries covering it, in table order.
 * One sweep over the entries sorted by start and by end; while the covering set does not change, instructions share
 * one array. The size of the result (which a few hundred entries covering thousands of instructions make quadratic) is
 * checked against the budget as the sweep goes, before anything is written out.
 */
function coveringEntries(table: readonly ExceptionTableEntry[], offsets: readonly number[], meter: Meter): number[][] {
  const none: number[] = [];
  if (!table.length) return offsets.map(() => none);
  const live = table.map((_, i) => i).filter((i) => table[i]!.start < table[i]!.end);
  const byStart = [...live].sort((a, b) => table[a]!.start - table[b]!.start || a - b);
  const byEnd = [...live].sort((a, b) => table[a]!.end - table[b]!.end || a - b);
  const active = new Set<number>();
  let nextStart = 0;
  let nextEnd = 0;
  let current = none;
  let changed = false;
  let emitted = 0;
  return offsets.map((offset) => {
    while (nextStart < byStart.length && table[byStart[nextStart]!]!.start <= offset) { active.add(byStart[nextStart++]!); changed = true; }
    while (nextEnd < byEnd.length && table[byEnd[nextEnd]!]!.end <= offset) { active.delete(byEnd[nextEnd++]!); changed = true; }
    if (changed) {
      current = active.size ? [...active].sort((a, b) => a - b) : none;
      changed = false;
    }
    emitted += current.length;
    meter.need(emitted * 8); // each number costs at least its digits, a comma or a line break, and indentation
    return current;
  });
}

function exceptionEntryJson(e: ExceptionTableEntry, d: DecodedCode, labels: boolean): JsonExceptionEntry {
  const l = (off: number) => (labels ? d.labels.get(off) ?? null : null);
  return {
    start: e.start, end: e.end, target: e.target, depth: e.depth, lasti: e.lasti,
    start_label: l(e.start), end_label: l(e.end), target_label: l(e.target),
  };
}

/** The smallest an instruction's JSON gets (a little below the real minimum), to refuse huge code early. */
const MIN_INSTRUCTION_CHARS = 200;

/**
 * Everything about one code object that does not depend on where it is listed, built and measured once however many
 * times marshal back-references list it. Only code-object constants differ between occurrences (their `value` is the
 * index of the listed child): `codeConsts` and `codeArgs` say where they are.
 */
interface CodeEntry {
  readonly fields: Omit<JsonCodeObject, 'index' | 'parent' | 'const_index' | 'depth' | 'co_consts' | 'instruction_count' | 'instructions'>;
  /** Size of `fields` written as an object (without the members left out). */
  readonly fieldsCost: Cost;
  readonly consts: readonly JsonConst[];
  readonly constsCost: Cost;
  readonly instructionCount: number;
  /** Builds (once) and measures the instructions. */
  instructions(): InstructionsEntry;
  /** Indices in `co_consts` of code objects. */
  readonly codeConsts: readonly number[];
}

/** A code object's instructions as JSON, with their size and where code-object constants are loaded. */
interface InstructionsEntry {
  readonly list: readonly JsonInstruction[];
  readonly cost: Cost;
  /** Indices in `list` whose argval is a code object constant, with that constant. */
  readonly codeArgs: readonly (readonly [number, PyObject])[];
}

function codeEntry(c: CodeObject, v: VersionInfo, enc: ValueEncoder, meter: Meter): CodeEntry {
  meter.need((c.code.length >> 1) * MIN_INSTRUCTION_CHARS / 8); // an instruction with the longest caches spans 8+ units
  const d = decodeCode(c, v);
  meter.need(d.instructions.length * MIN_INSTRUCTION_CHARS);
  const flagNames = prettyFlagNames(c.flags, v);
  const table = d.exceptionTable;
  const covering = coveringEntries(table, d.instructions.map((ins) => ins.offset), meter);

  const constsSum = new CostSum();
  const consts = c.consts.map((k): JsonConst => {
    const repr = reprObject(k, v.printable);
    const e = enc.encode(k);
    const item = new CostSum();
    item.add(meter.str(repr), 4);
    item.add(e.cost, 5);
    constsSum.add(item.done());
    meter.need(constsSum.partialChars);
    return { repr, value: e.value };
  });
  const codeConsts: number[] = [];
  c.consts.forEach((k, i) => { if (k.type === 'code') codeConsts.push(i); });

  let built: InstructionsEntry | undefined;
  const instructions = (): InstructionsEntry => {
    if (built) return built;
    const codeArgs: [number, PyObject][] = [];
    const instructionsSum = new CostSum();
    const argreprCost = new Map<PyObject, Cost>(); // the repr of a constant loaded many times is measured once
    const entriesCost = new Map<readonly number[], Cost>(); // instructions in the same try block share their list
    const special: Record<string, Cost | undefined> = { argval: undefined, argrepr: undefined, exception_entries: undefined };
    const list = d.instructions.map((ins, i) => {
      const a = ins.argval;
      if (a.kind === 'const' && a.value.type === 'code') codeArgs.push([i, a.value]);
      const argval = enc.argval(a);
      const json = instructionJson(ins, d, v, argval.value, covering[i]!);
      let argrepr: Cost | undefined;
      if (a.kind === 'const' && ins.argrepr.length > 256) {
        argrepr = argreprCost.get(a.value);
        if (!argrepr) argreprCost.set(a.value, (argrepr = meter.str(ins.argrepr)));
      }
      const entries = covering[i]!;
      let entriesC = entriesCost.get(entries);
      if (!entriesC) entriesCost.set(entries, (entriesC = meter.walk(entries)));
      special.argval = argval.cost;
      special.argrepr = argrepr;
      special.exception_entries = entriesC;
      instructionsSum.add(meter.walk(json, special));
      meter.need(instructionsSum.partialChars);
      return json;
    });
    return (built = { list, cost: instructionsSum.done(), codeArgs });
  };

  const fields: CodeEntry['fields'] = {
    repr: codeRepr(c),
    co_name: c.name,
    co_qualname: c.layout === '3.11' ? c.qualname : null,
    co_filename: c.filename,
    co_firstlineno: c.firstlineno,
    co_argcount: c.argcount,
    co_posonlyargcount: c.posonlyargcount,
    co_kwonlyargcount: c.kwonlyargcount,
    co_nlocals: c.nlocals,
    co_stacksize: c.stacksize,
    co_flags: c.flags,
    flag_names: flagNames,
    pretty_flags: flagNames.join(', '),
    co_names: [...c.names],
    co_varnames: [...c.varnames],
    co_cellvars: [...c.cellvars],
    co_freevars: [...c.freevars],
    code_size: c.code.length,
    co_lines: d.lines.map((r) => [r.start, r.end, r.line] as const),
    line_starts: [...d.lineStarts].sort((a, b) => a[0] - b[0]),
    labels: [...d.labels].sort((a, b) => a[0] - b[0]),
    exception_table: table.map((e) => exceptionEntryJson(e, d, v.features.labelsInListing)),
  };
  return {
    fields, fieldsCost: meter.walk(fields),
    consts, constsCost: constsSum.done(),
    instructionCount: d.instructions.length, instructions,
    codeConsts,
  };
}

/** Room for the members of a code object that {@link CodeEntry} leaves out, beyond their values. */
const OCCURRENCE_CHARS = 120;

/** The JSON of one listed code object: its cached entry, with the indices of its listed children filled in. */
function codeJson(node: CodeTreeNode, index: number, e: CodeEntry, enc: ValueEncoder, meter: Meter, lazy: boolean): JsonCodeObject {
  const c = node.code;
  const f = e.fields;
  // Charge before copying anything: a code object listed many times fails here, cheaply. Members sit at level 3.
  meter.charge(e.fieldsCost, 2);
  meter.charge(e.constsCost, 3);
  meter.charge({ c: OCCURRENCE_CHARS, n: 6, r: 6 }, 2);
  let consts = e.consts;
  if (node.children.size && e.codeConsts.length) {
    meter.charge({ c: 16 * e.codeConsts.length, n: e.codeConsts.length, r: 3 * e.codeConsts.length }, 3);
    const copy = consts.slice();
    for (const i of e.codeConsts) copy[i] = { repr: copy[i]!.repr, value: enc.encode(c.consts[i]!, node.children.get(c.consts[i]!)).value };
    consts = copy;
  }
  /** This occurrence's instructions: the entry's, with the indices of listed children filled in. */
  const instructions = (): readonly JsonInstruction[] => {
    const ie = e.instructions();
    meter.charge(ie.cost, 3);
    if (!node.children.size || !ie.codeArgs.length) return ie.list;
    meter.charge({ c: 16 * ie.codeArgs.length, n: ie.codeArgs.length, r: 3 * ie.codeArgs.length }, 3);
    const copy = ie.list.slice();
    for (const [i, k] of ie.codeArgs) copy[i] = { ...copy[i]!, argval: enc.encode(k, node.children.get(k)).value };
    return copy;
  };
  const json = {
    index,
    parent: node.parent,
    const_index: node.constIndex,
    depth: node.depth,
    repr: f.repr,
    co_name: f.co_name,
    co_qualname: f.co_qualname,
    co_filename: f.co_filename,
    co_firstlineno: f.co_firstlineno,
    co_argcount: f.co_argcount,
    co_posonlyargcount: f.co_posonlyargcount,
    co_kwonlyargcount: f.co_kwonlyargcount,
    co_nlocals: f.co_nlocals,
    co_stacksize: f.co_stacksize,
    co_flags: f.co_flags,
    flag_names: f.flag_names,
    pretty_flags: f.pretty_flags,
    co_consts: consts,
    co_names: f.co_names,
    co_varnames: f.co_varnames,
    co_cellvars: f.co_cellvars,
    co_freevars: f.co_freevars,
    code_size: f.code_size,
    co_lines: f.co_lines,
    line_starts: f.line_starts,
    labels: f.labels,
    exception_table: f.exception_table,
    instruction_count: e.instructionCount,
  };
  if (!lazy) return { ...json, instructions: instructions() };
  let list: readonly JsonInstruction[] | undefined;
  // An enumerable accessor: JSON.stringify and spreading see a plain member.
  return Object.defineProperty(json, 'instructions', {
    enumerable: true,
    get: () => (list ??= instructions()),
  }) as JsonCodeObject;
}

/**
 * Builds the JSON model of a `.pyc` (or of a code object read as `version`). Throws a {@link BytescopeError}:
 * `unsupported` when the version has no opcode table, `usage` for a bad `depth` or `maxOutputChars`, `limit` beyond
 * {@link JSON_MAX_CODE_OBJECTS} code objects or when the document would exceed its output budget
 * ({@link jsonOutputBudget}, or `maxOutputChars`). The result holds only plain objects, arrays, strings, finite
 * numbers, booleans and null, so `JSON.stringify` of it is deterministic. It is a tree when the file's code objects and
 * constants are: what marshal back-references share (a constant, a code object listed twice) is one shared
 * JavaScript object in the model too, written out at each occurrence by `JSON.stringify`; treat the model as read-only.
 */
export function toJsonModel(input: JsonModelInput, options: JsonModelOptions = {}): BytescopeJson {
  try {
    return buildJsonModel(input, options);
  } catch (e) {
    // Values nested REPR_MAX_DEPTH deep fit Node's default stack with room to spare; a much smaller stack may not.
    if (isStackOverflow(e)) throw new BytescopeError('limit', 'a constant is nested too deeply for the JavaScript stack');
    throw e;
  }
}

function buildJsonModel(input: JsonModelInput, options: JsonModelOptions): BytescopeJson {
  const v = getVersion(input.version);
  if (!v) throw new BytescopeError('unsupported', `no opcode table for Python ${input.version}: the JSON model needs 3.10 … 3.15`);
  if (options.depth !== undefined && !(Number.isInteger(options.depth) && options.depth >= 0)) {
    throw new BytescopeError('usage', `depth must be a whole number >= 0, not ${options.depth}`);
  }
  const max = options.maxOutputChars;
  if (max !== undefined && !(typeof max === 'number' && max > 0)) {
    throw new BytescopeError('usage', `maxOutputChars must be a number > 0, not ${max}`);
  }
  const pyc = 'header' in input ? input : undefined;
  const meter = new Meter(max ?? jsonOutputBudget(pyc?.size));
  const h = pyc?.header;
  const header: JsonHeader | null = h ? {
    magic: h.magic.magic,
    magic_version: h.magic.version,
    prerelease: h.magic.prerelease,
    flags: h.flags,
    invalidation: h.invalidation,
    mtime: h.mtime ?? null,
    source_size: h.sourceSize ?? null,
    source_hash: h.sourceHash ?? null,
    size: h.size,
  } : null;
  meter.charge({ c: 512, n: 16, r: 16 }, 0); // the document's own members and the header
  const nodes = codeTree(input.code, options.depth);
  const enc = new ValueEncoder(v, meter);
  const entries = new Map<CodeObject, CodeEntry>();
  const codeObjects = nodes.map((n, i) => {
    let e = entries.get(n.code);
    if (!e) entries.set(n.code, (e = codeEntry(n.code, v, enc, meter)));
    return codeJson(n, i, e, enc, meter, options.lazyInstructions === true);
  });
  return {
    schema: JSON_SCHEMA_ID,
    python_version: v.version,
    header,
    trailing_bytes: pyc ? pyc.trailingBytes : null,
    code_objects: codeObjects,
  };
}
