/**
 * The JSON model of a disassembly (`bytescope.dis/1`): a plain, JSON-serializable, deterministic object with the
 * file's header, then every code object in `dis` order with what `dis.code_info` shows, its exception table, line
 * starts, and per instruction the fields of that version's `dis.Instruction` with CPython's semantics, plus a few
 * documented extras. The schema is described field by field in `docs/json-schema.md`.
 *
 * The model is a view of {@link decodeCode}: it computes nothing about instructions that the decoder does not.
 */
import type { CodeObject } from './code-object.js';
import { codeRepr } from './dis-text.js';
import { BytescopeError } from './errors.js';
import type { ExceptionTableEntry } from './exception-table.js';
import { decodeCode, type ArgValue, type DecodedCode, type Instruction } from './instructions.js';
import type { PyObject } from './objects.js';
import type { PycFile } from './pyc.js';
import { REPR_MAX_DEPTH, reprObject } from './repr.js';
import { getVersion, type VersionInfo } from './versions.js';

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
 * - `int` (only outside the safe range): the decimal digits, as a string;
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
 * nested deeper than the repr depth limit; it has no `value`. A `tuple` only appears as a `JsonPyObject` in that
 * case; otherwise tuples are arrays.
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

function hexBytes(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  for (let i = start; i < end && i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/** Encodes Python values of one code object; `codeIndex` maps a top-level code constant to its tree index. */
class ValueEncoder {
  private readonly cache = new Map<PyObject, JsonPyValue>();

  constructor(private readonly v: VersionInfo, private readonly codeIndex: ReadonlyMap<PyObject, number>) {}

  /** The encoding of `o` (cached per object). */
  encode(o: PyObject): JsonPyValue {
    let r = this.cache.get(o);
    if (r === undefined) {
      r = this.at(o, 0, new Set<PyObject>(), true);
      this.cache.set(o, r);
    }
    return r;
  }

  private repr(o: PyObject): string {
    return reprObject(o, this.v.printable);
  }

  private at(o: PyObject, depth: number, active: Set<PyObject>, top: boolean): JsonPyValue {
    switch (o.type) {
      case 'None': return null;
      case 'bool': return o.value;
      case 'str': return o.value;
      case 'int': {
        const n = Number(o.value);
        if (Number.isSafeInteger(n)) return n;
        const s = o.value.toString();
        return { type: 'int', repr: s, value: s };
      }
      case 'float':
        return Number.isFinite(o.value) ? { type: 'float', repr: this.repr(o), value: o.value === 0 ? 0 : o.value } : { type: 'float', repr: this.repr(o) };
      case 'complex':
        return Number.isFinite(o.real) && Number.isFinite(o.imag)
          ? { type: 'complex', repr: this.repr(o), value: [o.real === 0 ? 0 : o.real, o.imag === 0 ? 0 : o.imag] }
          : { type: 'complex', repr: this.repr(o) };
      case 'bytes': return { type: 'bytes', repr: this.repr(o), value: hexBytes(o.value) };
      case 'Ellipsis': return { type: 'ellipsis', repr: 'Ellipsis' };
      case 'StopIteration': return { type: 'type', repr: this.repr(o), value: 'StopIteration' };
      case 'Unknown': return { type: 'marshal_unknown', repr: this.repr(o) };
      case 'code': {
        const idx = top ? this.codeIndex.get(o) : undefined;
        return idx === undefined ? { type: 'code', repr: this.repr(o) } : { type: 'code', repr: this.repr(o), value: idx };
      }
      default: break;
    }
    // Containers: guard against self-containment (marshal back-references) and excessive depth, like repr().
    if (depth >= REPR_MAX_DEPTH || active.has(o)) {
      return { type: o.type, repr: depth >= REPR_MAX_DEPTH ? '...' : CYCLE_TEXT[o.type] ?? '...', truncated: true };
    }
    active.add(o);
    const d = depth + 1;
    let r: JsonPyValue;
    switch (o.type) {
      case 'tuple': r = o.items.map((x) => this.at(x, d, active, false)); break;
      case 'list': case 'set': case 'frozenset':
        r = { type: o.type, repr: this.repr(o), value: o.items.map((x) => this.at(x, d, active, false)) };
        break;
      case 'dict': case 'frozendict':
        r = { type: o.type, repr: this.repr(o), value: o.entries.map(([k, x]) => [this.at(k, d, active, false), this.at(x, d, active, false)] as const) };
        break;
      case 'slice':
        r = { type: 'slice', repr: this.repr(o), value: [this.at(o.start, d, active, false), this.at(o.stop, d, active, false), this.at(o.step, d, active, false)] };
        break;
    }
    active.delete(o);
    return r;
  }

  /** The encoding of an instruction's `argval`. */
  argval(a: ArgValue): JsonPyValue {
    switch (a.kind) {
      case 'none': return null;
      case 'int': case 'offset': return a.value;
      case 'name': case 'compare': return a.value;
      case 'names': return [a.value[0], a.value[1]];
      case 'const': return this.encode(a.value);
      case 'format': return [a.converter, a.withSpec];
      case 'converter': return a.value;
      case 'object': return { type: 'type', repr: a.repr };
      case 'unknown': return { type: 'unknown', repr: '<unknown>' };
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
export const JSON_MAX_CODE_OBJECTS = 50_000;

/** A node of the code tree in `dis` order. */
interface TreeNode { code: CodeObject; parent: number | null; constIndex: number | null; depth: number; children: Map<PyObject, number> }

/** Lists the code objects in `dis` order (pre-order, `co_consts` order), iteratively. */
function codeTree(root: CodeObject, maxDepth: number | undefined): TreeNode[] {
  const nodes: TreeNode[] = [];
  const stack: { code: CodeObject; parent: number | null; constIndex: number | null; depth: number }[] = [
    { code: root, parent: null, constIndex: null, depth: 0 },
  ];
  while (stack.length) {
    const item = stack.pop()!;
    const index = nodes.length;
    if (index >= JSON_MAX_CODE_OBJECTS) {
      throw new BytescopeError('limit', `more than ${JSON_MAX_CODE_OBJECTS} code objects to list (shared code objects are listed at every occurrence)`);
    }
    nodes.push({ ...item, children: new Map() });
    if (item.parent !== null) {
      const parent = nodes[item.parent]!;
      const k = parent.code.consts[item.constIndex!]!;
      if (!parent.children.has(k)) parent.children.set(k, index);
    }
    if (maxDepth !== undefined && item.depth >= maxDepth) continue;
    const consts = item.code.consts;
    for (let k = consts.length - 1; k >= 0; k--) {
      const c = consts[k]!;
      if (c.type === 'code') stack.push({ code: c.code, parent: index, constIndex: k, depth: item.depth + 1 });
    }
  }
  return nodes;
}

/** `offset → line` over `co_lines()` ranges (sorted by start, non-overlapping). */
function lineLookup(lines: DecodedCode['lines']): (offset: number) => number | null {
  return (offset) => {
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lines[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    const r = lines[lo];
    return r !== undefined && r.start <= offset && offset < r.end ? r.line : null;
  };
}

function instructionJson(
  ins: Instruction, d: DecodedCode, v: VersionInfo, enc: ValueEncoder, handlers: (offset: number) => number[],
  lineAt: (offset: number) => number | null,
): JsonInstruction {
  const f = v.features;
  const t = v.table;
  const r: Record<string, unknown> = {
    opname: ins.opname, opcode: ins.opcode, arg: ins.arg, argval: enc.argval(ins.argval), argrepr: ins.argrepr, offset: ins.offset,
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
  r.line = lineAt(ins.offset);
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
  const entries = handlers(ins.offset);
  r.exception_entries = entries;
  const first = entries.length ? d.exceptionTable[entries[0]!]! : undefined;
  r.exception_handler = first === undefined ? null : {
    entry: entries[0]!, target: first.target, target_label: f.labelsInListing ? d.labels.get(first.target) ?? null : null,
    depth: first.depth, lasti: first.lasti,
  };
  return r as unknown as JsonInstruction;
}

function exceptionEntryJson(e: ExceptionTableEntry, d: DecodedCode, labels: boolean): JsonExceptionEntry {
  const l = (off: number) => (labels ? d.labels.get(off) ?? null : null);
  return {
    start: e.start, end: e.end, target: e.target, depth: e.depth, lasti: e.lasti,
    start_label: l(e.start), end_label: l(e.end), target_label: l(e.target),
  };
}

function codeJson(node: TreeNode, index: number, v: VersionInfo): JsonCodeObject {
  const c = node.code;
  const d = decodeCode(c, v);
  const enc = new ValueEncoder(v, node.children);
  const flagNames = prettyFlagNames(c.flags, v);
  const table = d.exceptionTable;
  const lineAt = lineLookup(d.lines);
  const handlers = (offset: number): number[] => {
    const out: number[] = [];
    table.forEach((e, i) => { if (e.start <= offset && offset < e.end) out.push(i); });
    return out;
  };
  return {
    index,
    parent: node.parent,
    const_index: node.constIndex,
    depth: node.depth,
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
    co_consts: c.consts.map((k) => ({ repr: reprObject(k, v.printable), value: enc.encode(k) })),
    co_names: [...c.names],
    co_varnames: [...c.varnames],
    co_cellvars: [...c.cellvars],
    co_freevars: [...c.freevars],
    code_size: c.code.length,
    co_lines: d.lines.map((r) => [r.start, r.end, r.line] as const),
    line_starts: [...d.lineStarts].sort((a, b) => a[0] - b[0]),
    labels: [...d.labels].sort((a, b) => a[0] - b[0]),
    exception_table: table.map((e) => exceptionEntryJson(e, d, v.features.labelsInListing)),
    instructions: d.instructions.map((ins) => instructionJson(ins, d, v, enc, handlers, lineAt)),
  };
}

/**
 * Builds the JSON model of a `.pyc` (or of a code object read as `version`). Throws a {@link BytescopeError}:
 * `unsupported` when the version has no opcode table, `usage` for a bad `depth`, `limit` beyond
 * {@link JSON_MAX_CODE_OBJECTS} code objects. The result holds only plain objects, arrays, strings,
 * finite numbers, booleans and null, so `JSON.stringify` of it is deterministic.
 */
export function toJsonModel(input: JsonModelInput, options: JsonModelOptions = {}): BytescopeJson {
  const v = getVersion(input.version);
  if (!v) throw new BytescopeError('unsupported', `no opcode table for Python ${input.version}: the JSON model needs 3.10 … 3.15`);
  if (options.depth !== undefined && !(Number.isInteger(options.depth) && options.depth >= 0)) {
    throw new BytescopeError('usage', `depth must be a whole number >= 0, not ${options.depth}`);
  }
  const pyc = 'header' in input ? input : undefined;
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
  const nodes = codeTree(input.code, options.depth);
  return {
    schema: JSON_SCHEMA_ID,
    python_version: v.version,
    header,
    trailing_bytes: pyc ? pyc.trailingBytes : null,
    code_objects: nodes.map((n, i) => codeJson(n, i, v)),
  };
}
