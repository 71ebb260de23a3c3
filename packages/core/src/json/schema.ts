/**
 * The JSON model's schema (`bytescope.dis/1`) as TypeScript types: what a document, a code object, an instruction
 * and an encoded Python value hold. Described field by field in `docs/json-schema.md`.
 */
import type { Instruction } from '../bytecode/decode.js';

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
  /** The handler begins with PUSH_EXC_INFO: it handles a `try` or `with` block, not cleanup (`analysis/exception-nesting`). */
  readonly block: boolean;
  /** Index of the entry covering the handler's first instruction (where what it raises again goes), or null. */
  readonly next: number | null;
  /** How many `try`/`with` handlers the chain from this entry passes through (the nesting level of its range). */
  readonly level: number;
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

